// Trims stylesheets to the rules a built site can use, with PurgeCSS (npm registry, version
// pinned in package-lock.json). Called by stylesheets.py, which says why.
//
// Reads one JSON object on standard input:
//   vocabulary   the words found inside the tags of every page (tag and attribute names, class
//                names, ids, attribute values): what the pages as written can match;
//   scripts      the scripts that run in the pages: the theme's adds classes and attributes as
//                the reader acts (search results, dialogs, tooltips), and names them in its source;
//   stylesheets  the files to trim, in place.
import fs from "node:fs";
import { PurgeCSS } from "purgecss";

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const results = await new PurgeCSS().purge({
  content: [...request.scripts, { raw: request.vocabulary, extension: "txt" }],
  css: request.stylesheets,
  // Animations that no remaining rule runs go too. Custom properties all stay: PurgeCSS judges
  // them file by file, and the palette's dark scheme reads one (--md-hue) that the theme's main
  // stylesheet declares.
  keyframes: true,
});
for (const result of results) fs.writeFileSync(result.file, result.css);
