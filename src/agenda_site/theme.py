"""The theme adapter: everything the site knows of the theme's internals, in one place.

The site is built by MkDocs (or ProperDocs) with Material, or by Zensical, whose templates are
Material's successor's. Where the site reaches past the theme's documented options, the reach is
listed here as a reliance: a copied partial (by the hash of the original it was copied from), a
name the site's templates, scripts or checks use (a storage key, a selector, an event, an inline
script by fingerprint, a stylesheet's file name, a markup fix). contract_problems() checks every
reliance against the installed theme, and site_tests/build/test_theme.py fails, naming each one that
no longer holds, when the theme changes: then read the new original, carry the change over, and
update the reliance.

The rest of the package asks this module, and nothing else, about the theme.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

# The project this package is part of (src/agenda_site/ in it): where node_modules/ is.
PROJECT = Path(__file__).resolve().parents[2]
# The iframe-worker shim (npm registry, pinned in package-lock.json), which lets the offline
# build's search worker run from file://; Material's offline plugin loads it as a polyfill.
WORKER_SHIM = PROJECT / "node_modules" / "iframe-worker" / "shim" / "index.js"
WORKER_SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"  # where the offline build puts it


@dataclass(frozen=True)
class Theme:
    """One theme the site builds with: the package its templates come from, and the theme's
    stylesheets by their names in the built site."""

    name: str
    package: str
    stylesheets: tuple[str, ...]

    @property
    def templates(self) -> Path | None:
        """The installed theme's templates folder, or None if the package is not installed."""
        spec = find_spec(self.package)
        return Path(spec.origin).parent / "templates" if spec and spec.origin else None


MATERIAL = Theme("material", "material",
                 ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"))
# Zensical ships the classic look (the one the site's stylesheet is written for) and its modern one.
ZENSICAL = Theme("zensical", "zensical",
                 ("assets/stylesheets/classic/main.*.min.css", "assets/stylesheets/classic/palette.*.min.css"))
THEMES = {theme.name: theme for theme in (MATERIAL, ZENSICAL)}


# Partials copied from the theme into theme/overrides/partials/ for a change no option or block
# reaches, each by the sha256 of the original it was copied from (per theme: Zensical's differ).
COPIED_PARTIALS = {
    # Attribution of the paper on every page (the documented place for a site's footer text).
    "partials/copyright.html": {
        "material": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
        "zensical": "bbc79815fda41364b775b9cf0eaafe31e72104af109a6193773dbcbb796bf672"},
    # The light/dark switch without the mark the theme's script starts its own switch on (it
    # would restyle the whole page after the first paint; agenda.js switches instead).
    "partials/palette.html": {
        "material": "fb935107ae7d3d7475965019eec36c1ad72bf1d154254dab2474921fcd2710e3",
        "zensical": "fb935107ae7d3d7475965019eec36c1ad72bf1d154254dab2474921fcd2710e3"},
    # The search dialog with an accessible name (axe: aria-dialog-name). Material only: Zensical's
    # own names its dialog, and its search is another component with other markup.
    "partials/search.html": {
        "material": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30"},
    # The header with a button for the site's own search where the theme's is off (the online
    # site's is Pagefind's). Material only: Zensical's header is another, and it opens by keyboard.
    "partials/header.html": {
        "material": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"},
    # The repository link without the request for stars and forks the policy would refuse.
    "partials/source.html": {
        "material": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
        "zensical": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752"},
    # The table of contents' title a label only where the toggle it names exists.
    "partials/toc.html": {
        "material": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
        "zensical": "1077c4f59ea36a3444e84fa04e641016af4f15d2385c8cbc5a42394b881836ce"},
}

@dataclass(frozen=True)
class Element:
    """An element of the theme's pages the site finds, by a CSS selector and the same as XPath."""

    selector: str
    xpath: str


# Each page's own content, without the navigation, header and footer around it: what the online
# site's search indexes (search.py).
SEARCH_ROOT = Element("article.md-content__inner",
                      "//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]")


# The theme's inline scripts the pages may run, by fingerprint (security.script_fingerprint)
# and the partial that holds each; the Content-Security-Policy allows them by hash.
THEME_SCRIPTS = {
    "0c552f8d4f7312d1": (("material", "zensical"), "partials/javascripts/palette.html",
                         "restore the reader's colour palette"),
    "43cd3dddd71294e5": (("material", "zensical"), "partials/javascripts/content.html",
                         "open the toggle an anchor points to"),
    "6f10522e2eb0445b": (("material",), "partials/javascripts/base.html", "scope local storage to the site"),
    # Zensical's: Material's, plus a trailing slash on the scope and the reader's platform.
    "9006ce4f24177938": (("zensical",), "partials/javascripts/base.html", "scope local storage to the site"),
}


@dataclass(frozen=True)
class Reliance:
    """A text the site relies on finding in one of the theme's files (a glob, for the bundle
    whose name carries a hash), and why."""

    file: str
    text: str
    why: str


RELIANCES = [
    Reliance("base.html", 'class="no-js"',
             "partials/before-first-paint.html swaps the page's no-js class as the theme's script would"),
    Reliance("base.html", "{% block scripts %}",
             "theme/overrides/main.html holds the theme's scripts back until after the first paint"),
    Reliance("base.html", "{% block site_meta %}",
             "theme/overrides/main.html writes the page's head (policy, escaped description, canonical address)"),
    Reliance("partials/javascripts/base.html", "__md_get=",
             "before-first-paint.html and agenda.js read and write the theme's storage through __md_get/__md_set"),
    Reliance("partials/javascripts/palette.html", '__md_get("__palette")',
             "agenda.js stores the reader's scheme under the theme's key __palette"),
    Reliance("partials/javascripts/palette.html", "palette.color",
             "agenda.js stores the scheme as the theme reads it: {index, color: {media, scheme, primary, accent}}"),
    Reliance("partials/palette.html", "name=\"__palette\"",
             "before-first-paint.html and agenda.js find the scheme options as input[name='__palette']"),
    Reliance("assets/javascripts/bundle.*.min.js", "DOMContentLoaded",
             "after_first_paint.js starts the theme's script by sending DOMContentLoaded once it has loaded"),
    Reliance("assets/javascripts/bundle.*.min.js", "js-focus-visible",
             "before-first-paint.html gives the page this class first, so the theme's adding it restyles nothing"),
    Reliance("assets/javascripts/bundle.*.min.js", "link[rel=alternate]",
             "main.html writes its feed links as rel=\"alternate \" so that this selector (the theme's language"
             " switch, which fetches a sitemap beside each match) leaves them alone"),
    Reliance("base.html", '<article class="md-content__inner md-typeset">',
             "the online site's search (search.py) indexes each page's article.md-content__inner, not its"
             " navigation, header or footer"),
]

# Markup the theme writes that the site corrects in the built pages (finish.py), as no template
# block reaches it: the theme puts autocomplete="off" on its two hidden checkbox toggles, which
# HTML allows only on text-like inputs (the W3C Nu validator reports it on every page).
TOGGLE_WITH_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">')
MARKUP_FIXES = [
    Reliance("base.html", '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
                          ' autocomplete="off">', "finish.py drops autocomplete from the drawer toggle"),
    Reliance("base.html", '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
                          ' autocomplete="off">', "finish.py drops autocomplete from the search toggle"),
]


def overrides_for(theme: Theme, overrides: Path) -> list[Path]:
    """The override templates of theme/overrides/ that a build with theme uses: all but the
    copied partials that are not copies of this theme's."""
    left_out = {overrides / partial for partial, hashes in COPIED_PARTIALS.items() if theme.name not in hashes}
    return sorted(path for path in overrides.rglob("*") if path.is_file() and path not in left_out)


def fix_markup(page_html: str) -> str:
    """A built page with the theme's markup corrected (MARKUP_FIXES)."""
    return TOGGLE_WITH_AUTOCOMPLETE.sub(r"\1>", page_html)


def worker_frame_script(shim_source: str, worker_url: str) -> str | None:
    """The inline script that the iframe-worker shim (offline build only: it runs the search
    worker from file://) writes into its frame for worker_url, rebuilt from the shim's own
    source so that its hash can be allowed. None if the source is not that shim's (a new
    version: contract_problems says so)."""
    post = re.search(r"function c\(s,n\)\{[^}]*\}", shim_source)
    imports = re.search(r"function d\(\.\.\.s\)\{return .*?,Promise\.resolve\(\)\)\}", shim_source)
    if not (post and imports):
        return None
    return (f"postMessage={post.group(0)};importScripts={imports.group(0)};addEventListener(\"error\","
            f"({{error}})=>{{parent.dispatchEvent(new ErrorEvent(\"error\",{{filename:\"{worker_url}\",error}}))}})")


def _files(templates: Path, pattern: str) -> list[Path]:
    return sorted(templates.glob(pattern))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def contract_problems(theme: Theme, templates: Path | None = None, worker_shim: Path | None = WORKER_SHIM) -> list[str]:
    """Every reliance of this module that the installed theme (or templates, a theme's templates
    folder) no longer holds, each naming what to re-check. Empty: the adapter fits the theme."""
    # Imported here: security.py asks this module for the theme's scripts.
    from .security import script_fingerprint

    templates = templates or theme.templates
    if templates is None or not templates.is_dir():
        return [f"{theme.name}: the theme is not installed (no {theme.package} package)"]
    problems = []
    for partial, hashes in COPIED_PARTIALS.items():
        original = templates / partial
        if theme.name not in hashes:
            continue
        if not original.is_file():
            problems.append(f"{theme.name}: {partial} is gone; theme/overrides/{partial} copies it")
        elif _sha256(original) != hashes[theme.name]:
            problems.append(f"{theme.name}: {partial} changed since theme/overrides/{partial} was copied from it"
                            f" (sha256 {_sha256(original)}): carry the change over, then update COPIED_PARTIALS")
    for fingerprint, (themes, partial, what) in THEME_SCRIPTS.items():
        if theme.name not in themes:
            continue
        source = (templates / partial).read_text(encoding="utf-8") if (templates / partial).is_file() else ""
        found = {script_fingerprint(re.sub(r"\{\{.*?\}\}", "", body))
                 for body in re.findall(r"<script>(.*?)</script>", source, re.S)}
        if fingerprint not in found:
            problems.append(f"{theme.name}: the inline script '{what}' ({fingerprint}) is no longer in {partial}:"
                            " read the new one, then update THEME_SCRIPTS (the policy allows scripts by hash)")
    for reliance in RELIANCES + MARKUP_FIXES:
        files = _files(templates, reliance.file)
        if not any(reliance.text in path.read_text(encoding="utf-8") for path in files):
            problems.append(f"{theme.name}: {reliance.file} no longer holds {reliance.text!r}: {reliance.why}")
    for pattern in theme.stylesheets:
        if len(_files(templates, pattern)) != 1:
            problems.append(f"{theme.name}: the stylesheet {pattern} matches {len(_files(templates, pattern))} files,"
                            " not one: finish.py trims the theme's stylesheets by these names")
    if worker_shim is not None:
        if not worker_shim.is_file():
            problems.append(f"{worker_shim} is missing: run `npm ci`")
        elif worker_frame_script(worker_shim.read_text(encoding="utf-8"), "URL") is None:
            problems.append("the iframe-worker shim no longer writes its frame script as worker_frame_script"
                            " rebuilds it: the offline build's search would be refused by the policy")
    return problems
