"""Helpers more than one stage's tests use: reading a built site's pages and links, and
recording what restyles a page in the browser."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    """Collects a page's ids and the links it makes (href and src)."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append(attrs[key])


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
        return None
    target = page if not parts.path else Path(os.path.normpath(page.parent / unquote(parts.path)))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(built_site: Path) -> list[str]:
    """Every internal link or anchor of a built site that leads nowhere."""
    built_site = Path(os.path.normpath(built_site.resolve()))
    files = {path for path in built_site.rglob("*") if path.is_file()}
    parsed = {page: parse(page) for page in html_pages(built_site)}
    broken = []
    # 404.html is served at any missing path, so its links are absolute to site_url by design.
    for page, found in parsed.items():
        if page.name == "404.html":
            continue
        for link in found.links:
            resolved = resolve(built_site, page, link)
            if resolved is None:
                continue
            target, fragment = resolved
            if target not in files:
                broken.append(f"{page.relative_to(built_site)}: {link} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(built_site)}: {link} (no such anchor)")
    return broken


# Records, from before the page's own scripts, every change after the first paint that makes the
# browser restyle every element: a new class on the page's root element, and a colour-scheme tag
# added or changed.
RECORD_PAGE_WIDE_RESTYLES = """
window.agendaPageWideRestyles = [];
new MutationObserver(function (changes) {
  const painted = performance.getEntriesByName("first-paint").length > 0;
  const classes = value => [...new Set((value || "").split(/\\s+/).filter(Boolean))].sort().join(" ");
  changes.forEach(function (change, at) {
    const later = changes.slice(at + 1).find(other => other.target === change.target
                                                     && other.attributeName === change.attributeName);
    const now = change.type !== "attributes" ? null
      : later ? later.oldValue : change.target.getAttribute(change.attributeName);
    const tags = [change.target, ...change.addedNodes].filter(node => node.nodeName === "META");
    if (painted && (change.target === document.documentElement && change.attributeName === "class"
                    && classes(change.oldValue) !== classes(now)
                    || tags.some(tag => tag.getAttribute("name") === "color-scheme"))) {
      window.agendaPageWideRestyles.push(change.type === "childList" ? "a colour-scheme tag was added"
        : change.target === document.documentElement ? `the page's class "${change.oldValue}" became "${now}"`
        : `a colour-scheme tag's ${change.attributeName} "${change.oldValue}" became "${now}"`);
    }
  });
}).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true});
"""
