"""The theme's stylesheets, trimmed to the rules the built site can use.

Every page must load the theme's two stylesheets before it can show anything, and they hold the
rules of every feature the theme has (admonitions, tabs, versions, tags, a score of colour
palettes): 138 KB and 12 KB uncompressed, about 84 KB and 3 KB of which can apply to this site.
After the engine's build, PurgeCSS (trim_stylesheets.mjs, beside this file) keeps the rules whose
selectors can match: what the pages' tags hold, or what the page scripts name, since the theme's
script adds classes and attributes as the reader acts (search results, dialogs, tooltips). The
search worker's script is not read: it never touches a page, and its word lists would keep rules
for colours no page uses. The files keep their names (the theme's links stay), and every build
writes them anew from the theme's own.

Nothing here writes HTML; it reads the words inside the pages' tags.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .theme import PROJECT, Theme

TRIMMER = Path(__file__).resolve().parent / "trim_stylesheets.mjs"
PURGECSS = PROJECT / "node_modules" / "purgecss"
# The words inside a page's tags (finish.py collects them as it reads each page).
TAG = re.compile(r"<[A-Za-z][^>]*>")
WORD = re.compile(r"[A-Za-z0-9_-]+")


class TrimError(Exception):
    """The stylesheets could not be trimmed; the message says what to do."""


def trim_theme_stylesheets(site_dir: Path | str, theme: Theme, vocabulary: set[str]) -> None:
    """Trim the theme's stylesheets in site_dir in place (theme.stylesheets names them) to what
    can match vocabulary, every word inside the tags of the site's pages (not their text, so that a
    page that mentions a "note" keeps no rules for note boxes). Raises
    TrimError if one is missing, or if PurgeCSS cannot run."""
    site_dir = Path(site_dir)
    stylesheets = []
    for pattern in theme.stylesheets:
        found = sorted(site_dir.glob(pattern))
        if len(found) != 1:
            raise TrimError(f"the built site has {len(found)} files named {pattern}, where the {theme.name} theme"
                            " writes one: its stylesheets were renamed (see theme.py)")
        stylesheets += found
    node = shutil.which("node")
    if node is None or not PURGECSS.is_dir():
        raise TrimError("trimming the theme's stylesheets needs Node.js and node_modules/purgecss: "
                        "run `npm ci` (make site does)")
    request = {
        "vocabulary": " ".join(sorted(vocabulary)),
        "scripts": [str(path) for path in sorted(site_dir.glob("assets/javascripts/*.js"))],
        "stylesheets": [str(path) for path in stylesheets],
    }
    result = subprocess.run([node, str(TRIMMER)], input=json.dumps(request), capture_output=True,
                            text=True, cwd=PROJECT)
    if result.returncode != 0:
        raise TrimError(f"trimming the theme's stylesheets failed: {result.stderr.strip()[-2000:]}")
    for path in stylesheets:
        # Its source map describes the file as the theme wrote it.
        path.with_name(path.name + ".map").unlink(missing_ok=True)
