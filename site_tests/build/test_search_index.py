"""The online site's search index (Pagefind's, src/agenda_site/search.py): what it holds, what
it leaves out, and that no page loads any of it. The browser tests of using it are in
site_tests/browser/test_site_search.py."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from agenda_site.load import load_agenda
from agenda_site.search import RECORD_PAGE, SearchRecord, searchable_page, vocabulary, write_search_index
from agenda_site.urls import in_edition
from conftest import CONTENT
from helpers import html_pages

AGENDA = load_agenda(CONTENT)


def test_no_page_loads_any_of_the_search_before_it_is_opened(built_site):
    # The theme's index, which every page used to fetch, is gone; Pagefind's is fetched only by
    # the dialog's script (agenda.js imports it when the search is opened).
    assert not (built_site / "search" / "search_index.json").exists()
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    for path in html_pages(built_site):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link)[^>]+(?:pagefind|site-search|search/words)", page), path
        assert 'data-md-component="search"' not in page, path


def test_the_index_holds_every_page_and_every_work(built_site):
    searchable = [path for path in html_pages(built_site) if searchable_page(path.read_text(encoding="utf-8"))
                  and path.relative_to(built_site).as_posix() not in ("404.html", "bibliography/index.html",
                                                                      "questions/index.html")]
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    works = len(AGENDA.references) + len(AGENDA.progress)
    assert entry["languages"]["en"]["page_count"] == len(searchable) + works
    # Only what the site's search uses is published: not Pagefind's ready-made interfaces.
    assert not list((built_site / "pagefind").glob("*ui*")) and not (built_site / "pagefind" / "pagefind-worker.js").exists()


def test_a_question_is_indexed_by_its_own_text_not_what_every_page_repeats(built_site):
    question = next(q for q in AGENDA.questions if q.number == 17)
    page, text = searchable_page((built_site / "questions" / "17" / "index.html").read_text(encoding="utf-8"))
    squeezed = " ".join(text.split())
    assert " ".join(question.text.split()) in squeezed
    # Marked sections go whole (their headings carry data-search-exclude), as in the theme's search.
    for repeated in ("@article", "Works the paper cites here", "Cite this question", "Where it comes from",
                     "Anwar", "¶"):
        assert repeated not in squeezed, repeated
    assert 'data-pagefind-meta="question:17"' in page


def test_a_marked_heading_leaves_out_its_section_and_no_more():
    page = ('<html><body><nav>menu</nav><article class="md-content__inner md-typeset"><h1>Title</h1>'
            '<h2 data-search-exclude>Cite</h2><p>citation</p><h3>Sub</h3><p>deeper</p>'
            '<h2>Kept</h2><p>kept text</p><p data-search-exclude>a note</p></article></body></html>')
    _, text = searchable_page(page)
    assert text.split() == ["Title", "Kept", "kept", "text"]
    assert searchable_page('<html><head><meta http-equiv="refresh" content="0; url=x"></head></html>') is None


def test_a_hostile_record_reaches_the_index_as_text():
    hostile = SearchRecord('/bibliography/#ref-x"><script>alert(1)</script>', "<img src=x onerror=alert(1)>",
                           "Work the paper cites", "<script>alert(2)</script>", (17,))
    page = RECORD_PAGE.render(record=hostile)
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&#34;&gt;&lt;script&gt;" in page


def test_the_vocabulary_holds_the_site_s_words_by_initial(built_site):
    words = built_site / "search" / "words"
    for path in words.glob("*.json"):
        counts = json.loads(path.read_text(encoding="utf-8"))
        assert counts and all(word.startswith(path.stem) and len(word) >= 4 for word in counts), path
    # The words of the works are in it too (a typo in a work's title can be corrected).
    assert "jailbreak" in json.loads((words / "j.json").read_text(encoding="utf-8"))
    assert vocabulary(["Jailbreak jailbreak it's x1 Ł-theory"]) == {"i": {"it's": 1}, "j": {"jailbreak": 2},
                                                                     "ł": {"ł-theory": 1}}


def test_only_pages_with_the_search_may_run_webassembly(built_site):
    for path in html_pages(built_site):
        page = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        if not policy:
            continue
        if in_edition(path.relative_to(built_site).as_posix()):
            # An edition's fixed pages run no script at all, and load only their stylesheet.
            assert "script-src" not in policy.group(1) and "default-src 'none'" in policy.group(1), path
            continue
        assert "'unsafe-eval'" not in policy.group(1) and "'unsafe-inline'; img-src" in policy.group(1)
        assert ("'wasm-unsafe-eval'" in policy.group(1)) == ("data-agenda-search" in page), path


def test_the_bibliography_says_what_each_search_finds(built_site):
    page = (built_site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert "The site's search finds each work as well, with the questions that cite it" in page


def test_two_indexings_of_one_site_are_identical(built_site, tmp_path):
    def index(folder: Path) -> str:
        shutil.copytree(built_site, folder, ignore=shutil.ignore_patterns("pagefind", "downloads", "bib", "api"))
        records = [SearchRecord(f"/bibliography/#ref-{r.id}", r.title, "Work the paper cites", str(r.year), ())
                   for r in AGENDA.references[:50]]
        write_search_index(folder, records, frozenset({"/bibliography/"}))
        return hashlib.sha256(b"".join(path.relative_to(folder).as_posix().encode() + path.read_bytes()
                                       for path in sorted((folder / "pagefind").rglob("*")) if path.is_file())).hexdigest()

    assert index(tmp_path / "one") == index(tmp_path / "two")
