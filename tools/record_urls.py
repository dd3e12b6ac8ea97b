"""Add the URLs a built site serves that site_tests/published_urls.txt does not list yet (new
pages and files), after a reviewer has checked they are meant to be published: from then on,
every build must keep serving them (site_tests/build/test_links.py). None is ever removed.

Usage: .venv/bin/python tools/record_urls.py SITE_DIR    (after `make site`: site/)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from agenda_site.urls import IN_EDITION  # noqa: E402

MANIFEST = Path(__file__).resolve().parent.parent / "site_tests" / "published_urls.txt"
DATA_SUFFIXES = {".json", ".csv", ".cff", ".xml", ".bib", ".txt"}


def served_urls(site: Path) -> set[str]:
    """Every URL a build serves: its pages (and redirect pages) and its data files. Not the
    search's files (search/, pagefind/): an index, not an address anyone links to, whose chunks
    are named by their content. Not the editions' folders (editions/v2026.12/): each is carried
    as its release made it, and holds its own addresses for good."""
    urls = {"/" if p.parent == site else f"/{p.parent.relative_to(site).as_posix()}/" for p in site.rglob("index.html")}
    urls |= {f"/{p.relative_to(site).as_posix()}" for p in site.rglob("*")
             if p.suffix in DATA_SUFFIXES and not p.is_relative_to(site / "search")
             and not p.is_relative_to(site / "pagefind")}
    return {url for url in urls if not IN_EDITION.match(url.lstrip("/"))}


def published_urls() -> list[str]:
    return [line for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__, file=sys.stderr)
        return 2
    new = sorted(served_urls(Path(argv[0])) - set(published_urls()))
    with MANIFEST.open("a", encoding="utf-8") as manifest:
        manifest.write("".join(f"{url}\n" for url in new))
    print(f"added {len(new)} URL(s) to {MANIFEST.name}" + "".join(f"\n  {url}" for url in new))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
