"""The online site's search: Pagefind's index of the built pages and of every work, and the
words its did-you-mean corrects a typo to. Written after the engine, by the finishing step.

Why Pagefind (a well-kept static search, pinned in pyproject.toml) and not the theme's search:
the theme's loads its whole index into every page before anyone searches, and the index grows
with the records. Pagefind splits its index into chunks by word, and a query fetches only the
chunks of its words and the excerpts of the results it shows; nothing is fetched before the
reader opens search. tools/bench.py measures both at today's size and at ten times it.

Pagefind cannot run from file:// (its index is fetched), so the offline edition keeps the
theme's search, over its pages. What Pagefind lacks, this adds: the works of the bibliography
and those recorded since the paper as records of their own, each naming the questions that cite
it, and a vocabulary, in one small file per initial letter, for correcting a misspelt word
(Pagefind matches word prefixes and stems, not typos: its issue #2).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from lxml import html as lxml_html

from .theme import SEARCH_ROOT
from .urls import bibliography_path, in_edition, page_url, question_path, reference_anchor
from .views import Views, byline, reference_authors

# Where the index and the vocabulary go in the built site (the search dialog's data attributes,
# theme/overrides/partials/site-search.html, name the same folders).
INDEX_DIR = "pagefind"
WORDS_DIR = "search/words"
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]", re.UNICODE)
# A typo is corrected only in a word this long; shorter words have too many near neighbours.
SHORTEST_CORRECTED = 4


class SearchError(Exception):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class SearchRecord:
    """One thing the search finds that is not a page of its own: a work the paper cites (on the
    bibliography page) or one recorded since (on the question it bears on first)."""

    url: str  # from the site's root, with its anchor: /bibliography/#ref-wei2022a
    title: str
    kind: str  # as results name it
    text: str  # what else a query matches: authors, year, venue, the note
    questions: tuple[int, ...]  # the questions that cite it, or that it bears on

    @property
    def question_list(self) -> str:
        """The question numbers as the record's metadata holds them (Pagefind keeps metadata as
        strings; the search links each number to the page the dialog's data-questions names)."""
        return " ".join(map(str, self.questions))


def search_records(views: Views) -> list[SearchRecord]:
    """Every work of the reference list and every work recorded since the paper, as records."""
    agenda = views.agenda
    citing: dict[str, list[int]] = {}
    for question in agenda.questions:
        own, drawn = agenda.question_cites(question)
        for work in own + drawn:
            citing.setdefault(work, []).append(question.number)
    bibliography = "/" + page_url(bibliography_path())
    records = [SearchRecord(f"{bibliography}#{reference_anchor(r.id)}", r.title, "Work the paper cites",
                            " ".join(filter(None, (reference_authors(r), f"{r.year}", r.venue))),
                            tuple(citing.get(r.id, ())))
               for r in agenda.references]
    for _, entry in agenda.recent_progress:
        numbers = tuple(entry.question_numbers)
        records.append(SearchRecord(f"/{page_url(question_path(numbers[0]))}#since-the-paper", entry.work.title,
                                    "Work since the paper",
                                    " ".join(filter(None, (byline(entry.work), entry.work.date_text, entry.note))),
                                    numbers))
    return records


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def searchable_page(page_html: str) -> tuple[str, str] | None:
    """A built page as search reads it: its article alone, less what the page marks excluded
    (an element, or a heading with its whole section, as the theme's search reads the mark), and
    less the pilcrow every heading carries. Gives the page to index and its text, or None for a
    page with no article (short links and redirects)."""
    tree = lxml_html.document_fromstring(page_html)
    roots = tree.xpath(SEARCH_ROOT.xpath)
    if not roots:
        return None
    root = roots[0]
    dropped = []
    for marked in root.xpath(".//*[@data-search-exclude]"):
        dropped.append(marked)
        if marked.tag in HEADINGS:
            for sibling in marked.itersiblings():
                if sibling.tag in HEADINGS and sibling.tag <= marked.tag:
                    break
                dropped.append(sibling)
    dropped += root.xpath(".//*[contains(concat(' ', @class, ' '), ' headerlink ')]")
    for element in dropped:
        if element.getparent() is not None:
            element.drop_tree()
    # Text pieces joined by spaces: text_content() would run a heading into the next paragraph.
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!doctype html>"), " ".join(root.itertext())


def vocabulary(texts) -> dict[str, dict[str, int]]:
    """The words of texts that a typo may be corrected to, with how often each occurs, by their
    first letter (the did-you-mean fetches only the letter of the word it corrects)."""
    counts = Counter(word.lower() for text in texts for word in WORD.findall(text)
                     if len(word) >= SHORTEST_CORRECTED)
    by_letter: dict[str, dict[str, int]] = {}
    for word, count in sorted(counts.items()):
        by_letter.setdefault(word[0], {})[word] = count
    return by_letter


# One record, as a page for Pagefind to index (written into the staging folder, never published):
# its title as the heading (Pagefind weights headings), its text, and what a result shows as
# metadata, including the address it leads to (Pagefind's documented override of a result's URL).
# The article is the element SEARCH_ROOT names, as on every page of the site.
RECORD_PAGE = Environment(autoescape=True).from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><article class="md-content__inner">'
    '<h1>{{ record.title }}</h1><p>{{ record.text }}</p>'
    '<meta data-pagefind-meta="url[content]" content="{{ record.url }}">'
    '<meta data-pagefind-meta="kind[content]" content="{{ record.kind }}">'
    '<meta data-pagefind-meta="questions[content]" content="{{ record.question_list }}">'
    '</article></body></html>')
RECORDS_DIR = "search-records"  # in the staging folder
# What of Pagefind's output the site uses: its search script, the highlighter for the page a
# result opens, the English index (search is English only) and its chunks. Pagefind also writes
# three ready-made interfaces, a worker and an index for pages of unknown language, which the
# site would publish unused.
USED = ("pagefind.js", "pagefind-highlight.js", "pagefind-entry.json", "*.pf_meta", "wasm.en.pagefind",
        "index", "fragment", "filter")


# Pagefind's report of how many pages it indexed ("Indexed 1,507 pages").
INDEXED_PAGES = re.compile(r"Indexed ([0-9,]+) pages?")


def _index(stage: Path, output: Path) -> int:
    """Index stage into output with Pagefind's own command, which exits once every file is
    written. (Its Python API ends the indexing process as soon as it has answered that the files
    are written, which can cut a file short: a truncated pagefind.js failed CI once.)"""
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(stage), "--output-path", str(output),
                          "--root-selector", SEARCH_ROOT.selector, "--force-language", "en"],
                         capture_output=True, text=True)
    counted = INDEXED_PAGES.search(run.stdout)
    if run.returncode != 0 or counted is None:
        raise SearchError(f"Pagefind could not index the site: {(run.stderr or run.stdout).strip()[-2000:]}")
    return int(counted.group(1).replace(",", ""))


def write_search_index(site_dir: Path | str, records: list[SearchRecord], unindexed: frozenset[str] = frozenset()) -> int:
    """Index every page of the built site but unindexed (URLs from the root, as /bibliography/)
    and the records, into site_dir/pagefind/, and write the vocabulary into site_dir/search/words/.
    Returns the number of pages and records indexed. Raises SearchError."""
    site_dir = Path(site_dir)
    texts = []
    # The staging folder beside the site, by a fixed name: Pagefind's output depends on the
    # paths it reads, and two builds of one commit must give the same index.
    stage = site_dir.parent / "search-stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        for path in sorted(site_dir.rglob("*.html")):
            relative = path.relative_to(site_dir).as_posix()
            url = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
            # An edition's fixed pages are not searched: the live page of each question is.
            if url in unindexed or relative == "404.html" or in_edition(relative):
                continue
            searchable = searchable_page(path.read_text(encoding="utf-8"))
            if searchable:
                (stage / relative).parent.mkdir(parents=True, exist_ok=True)
                (stage / relative).write_text(searchable[0], encoding="utf-8")
                texts.append(searchable[1])
        (stage / RECORDS_DIR).mkdir()
        for number, record in enumerate(records):
            (stage / RECORDS_DIR / f"{number}.html").write_text(RECORD_PAGE.render(record=record),
                                                               encoding="utf-8")
        added = _index(stage, site_dir / INDEX_DIR)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for path in (site_dir / INDEX_DIR).iterdir():
        if not any(path.match(pattern) for pattern in USED):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    words = site_dir / WORDS_DIR
    words.mkdir(parents=True, exist_ok=True)
    for letter, counts in vocabulary(texts + [f"{r.title} {r.text}" for r in records]).items():
        (words / f"{letter}.json").write_text(json.dumps(counts, ensure_ascii=False, separators=(",", ":")),
                                              encoding="utf-8")
    return added
