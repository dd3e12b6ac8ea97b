"""Offline build only (mkdocs.offline.yml): puts the iframe-worker shim, which lets search
run from file://, into the site. It comes from node_modules (npm registry, version pinned in
package-lock.json), never from a CDN; `make offline` runs `npm ci` first."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

SHIM = Path(__file__).resolve().parents[1] / "node_modules" / "iframe-worker" / "shim" / "index.js"
# Where mkdocs.offline.yml's extra.polyfills loads it from.
SITE_PATH = "assets/javascripts/iframe-worker-shim.js"


def on_files(files, config):
    if not SHIM.exists():
        raise PluginError(f"{SHIM} is missing: run `npm ci` (make offline does)")
    files.append(File.generated(config, SITE_PATH, abs_src_path=str(SHIM)))
    return files
