// Renders a CSL-JSON file as a bibliography with citeproc-js, the CSL processor Zotero uses,
// as a reader's reference manager would: node render_csl.cjs <items.json> <style.csl>
// <locales folder> <text|html>. Prints {"entries": {id: rendered}, "errors": [...]} as JSON.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [itemsPath, stylePath, localesFolder, format] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: (lang) => fs.readFileSync(path.join(localesFolder, `locales-${lang}.xml`), "utf8"),
  retrieveItem: (id) => byId.get(String(id)),
};
const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
engine.setOutputFormat(format);
const ids = items.map((item) => String(item.id));
engine.updateItems(ids);
const [meta, rendered] = engine.makeBibliography();
const entries = {};
meta.entry_ids.forEach((entryIds, index) => { entries[entryIds[0]] = rendered[index]; });
process.stdout.write(JSON.stringify({ entries, errors: meta.bibliography_errors || [] }));
