"""Where everything goes: every page's source path (the Markdown the engine builds), its URL, the
data files, feeds and anchors.

Paths are URLs once published (site_tests/published_urls.txt lists every one): a change here
breaks links that readers hold. Nothing here knows a record's content beyond its keys.
"""

from __future__ import annotations

import posixpath
import re
from .schema import EDITION_NAME, Category, Challenge


# Pages, by the Markdown source the engine builds them from.
def home_path() -> str:
    return "index.md"


def prose_path(slug: str) -> str:
    return f"{slug}.md"


def category_path(category: Category) -> str:
    return f"{category.slug}/index.md"


def challenge_path(category: Category, challenge: Challenge) -> str:
    return f"{category.slug}/{challenge.slug}.md"


def question_path(number: int) -> str:
    return f"questions/{number}.md"


def all_questions_path() -> str:
    return "questions/index.md"


def themes_path() -> str:
    return "themes/index.md"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def further_reading_path() -> str:
    return "further-reading.md"


def bibliography_path() -> str:
    return "bibliography.md"


def progress_path() -> str:
    return "progress.md"


def data_path() -> str:
    return "data.md"


def about_path() -> str:
    return "about.md"


def editions_path() -> str:
    return "editions/index.md"


# An edition: a fixed copy of the agenda at a release (editions.py), which later builds carry as
# it was made and never change. Its folder is beside the Editions page; its pages are files.
def edition_folder(name: str) -> str:
    return f"editions/{name}/"


def edition_index_path(name: str) -> str:
    return f"editions/{name}/index.html"


def edition_question_path(name: str, number: int) -> str:
    return f"editions/{name}/questions/{number}/index.html"


def edition_url(path: str) -> str:
    """The URL of an edition's file from the site root: its folder's for an index.html."""
    return path.removesuffix("index.html")


# A file of an edition's folder, by its path from the site root: the build carries it as it is.
IN_EDITION = re.compile("^editions/" + EDITION_NAME.removeprefix("^").removesuffix("$") + "/")


def in_edition(path: str) -> bool:
    return IN_EDITION.match(path) is not None


def editions_feed_path() -> str:
    return "editions/feed.xml"


# Short links a reader can type by hand ("Q17", "§2.2"); each redirects to its page.
def question_shortlink_path(number: int) -> str:
    return f"q/{number}.md"


def challenge_shortlink_path(section: str) -> str:
    return f"challenges/{section}.md"


# Files of the site that are not pages. The offline edition, when the build is given it.
def offline_bundle_path() -> str:
    return "downloads/agenda-offline.zip"


def agenda_json_path() -> str:
    return "agenda.json"


def questions_csv_path() -> str:
    return "questions.csv"


def citation_cff_path() -> str:
    return "CITATION.cff"


def schema_path(name: str) -> str:
    return f"schema/{name}"


# A map of the site for language models (the llms.txt convention), at the root like robots.txt.
def llms_txt_path() -> str:
    return "llms.txt"


def references_bib_path() -> str:
    return "references.bib"


def challenge_bib_path(section: str) -> str:
    """A challenge's reading list (bib/2.2.bib), or a sub-section's (bib/2.2.1.bib)."""
    return f"bib/{section}.bib"


def question_bib_path(number: int) -> str:
    return f"bib/questions/{number}.bib"


def reference_bib_path(reference_id: str) -> str:
    """One entry of the reference list alone, for the bibliography's per-entry copy."""
    return f"bib/references/{reference_id}.bib"


def references_csl_path() -> str:
    """The reference list as CSL-JSON, beside its BibTeX."""
    return "references.json"


def progress_bib_path() -> str:
    return "progress.bib"


# Feeds: challenge feeds live under feeds/, not challenges/, whose folders are the short links.
def site_feed_path() -> str:
    return "feed.xml"


def challenge_feed_path(section: str) -> str:
    return f"feeds/{section}.xml"


def question_feed_path(number: int) -> str:
    return f"feeds/questions/{number}.xml"


def question_api_path(number: int) -> str:
    return f"api/questions/{number}.json"


# Atom entry ids are tag: URIs (RFC 4151) minted under the site's host on the day the feeds began,
# so an entry keeps its id whatever page it appears on.
FEEDS_BEGAN = "2026-11-30"


# Anchors. The scripts read the data attributes the templates write beside them, never these
# shapes: they may change only with the pages that carry them.
def subsection_anchor(section: str) -> str:
    """A sub-section's anchor on its challenge page: 2.2.3 -> s2-2-3."""
    return "s" + section.replace(".", "-")


def context_anchor(section: str) -> str:
    """A sub-section's anchor where a question page summarises it: 2.2.3 -> context-2-2-3."""
    return "context-" + section.replace(".", "-")


def question_anchor(number: int) -> str:
    """A question's anchor on its challenge page."""
    return f"q{number}"


def reference_anchor(reference_id: str) -> str:
    """A reference's anchor on the bibliography page."""
    return f"ref-{reference_id}"


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL, relative to the site root, at which the engine publishes a Markdown page: MkDocs'
    rule, which ProperDocs and Zensical share (site_tests/build/test_engines.py holds them to it)."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem if use_directory_urls else stem + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def relative_link(from_path: str, to_path: str, anchor: str = "") -> str:
    """A link from one page to another by their sources, as the engine expects (it checks it and
    writes the URL for either URL style)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".") + (f"#{anchor}" if anchor else "")


# A link that record text writes to a page of this site, by its path from the site root
# (schema.SITE_PATH): "/questions/17/", "/scientific-understanding/#anchor".
SITE_LINK = re.compile(r"\]\((/(?:[a-z0-9.-]+/)*)(#[a-z0-9-]+)?\)")


def relative_site_links(markdown: str, page_path: str, sources_by_url: dict[str, str]) -> str:
    """Turn the root-relative site links record text writes into links to the pages' sources,
    relative to page_path, so they work under any host path and from file://. A path that is no
    page is left as written, and the strict build reports it."""
    def relative(found: re.Match) -> str:
        target = sources_by_url.get(found.group(1).lstrip("/"))
        if target is None:
            return found.group(0)
        return f"]({relative_link(page_path, target)}{found.group(2) or ''})"

    return SITE_LINK.sub(relative, markdown)
