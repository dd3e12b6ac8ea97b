"""Rendering: golden files. Each folder in golden/ holds records (content/) and the exact
Markdown they render to (expected/). Adding a case is adding a folder. After an intended
change, tools/update_golden.py rewrites expected/; review the diff before committing it."""

from __future__ import annotations

import json

import pytest
import yaml

from agenda_site.load import load_agenda
from agenda_site.exports import agenda_data
from agenda_site.generate import render_site
from agenda_site.settings import Settings
from agenda_site.urls import page_url
from conftest import ROOT
from agenda_site.schema import STATUS_MEANINGS

GOLDEN = ROOT / "site_tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "content").is_dir())
SITE_URL = "https://example.org/agenda/"


def render(case: str):
    agenda = load_agenda(GOLDEN / case / "content")
    return agenda, render_site(agenda, Settings(SITE_URL))


@pytest.mark.parametrize("case", CASES)
def test_records_render_to_the_expected_markdown(case):
    _, site = render(case)
    expected_dir = GOLDEN / case / "expected"
    expected = {str(p.relative_to(expected_dir)): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*") if p.is_file() and p.name != "nav.json"}
    assert sorted(site.pages) + sorted(site.files) == sorted(expected, key=lambda p: (not p.endswith(".md"), p))
    for path, text in {**site.pages, **site.files}.items():
        assert text == expected[path], f"{case}: {path} differs from its golden file"
    assert site.nav == json.loads((expected_dir / "nav.json").read_text(encoding="utf-8"))


# Pages that span the whole paper: no page of it is theirs to name (the footer says the site is
# in its own words on every page).
LIST_PAGES = ("questions/index.md", "bibliography.md", "progress.md")


def test_every_page_type_carries_the_source_note():
    _, site = render(CASES[0])
    for path, markdown in site.pages.items():
        # Short links and the themes restate nothing; the about, data and editions pages restate no
        # part of the paper (they speak about the site and its files); list pages span the paper.
        if not path.startswith(("q/", "challenges/", "themes/")) and path not in LIST_PAGES + (
                "about.md", "data.md", "editions/index.md"):
            assert "in this site's own words" in markdown, path
            assert "https://arxiv.org/pdf/2404.09932v2#page=" in markdown, path
            assert "!!! info" not in markdown, f"{path}: the note is one muted line, not a box"


def test_list_pages_spanning_the_paper_carry_no_source_note():
    _, site = render(CASES[0])
    for path in LIST_PAGES + ("themes/index.md", "themes/evaluation.md"):
        assert "agenda-source" not in site.pages[path] and "!!! info" not in site.pages[path], path


def test_question_page_has_its_anchor_link_citation_and_neighbours():
    _, site = render(CASES[0])
    page = site.pages["questions/2.md"]
    assert "[Q2 on its challenge page](../category-2/first.md#q2)" in page
    assert "Research question 2 (Section 2.1)" in page
    assert f"{SITE_URL}questions/2/" in page
    assert "[Question 1](1.md)" in page and "[Question 3](3.md)" in page


def test_challenge_page_anchors_every_question_and_sub_section():
    _, site = render(CASES[0])
    page = site.pages["category-2/first.md"]
    for anchor in ("{ #q1 data-search-exclude }", "{ #q2 data-search-exclude }", "{ #s2-1-1 }", "{ #s2-1-2 }"):
        assert anchor in page


def test_works_cited_link_to_the_work_and_to_the_bibliography():
    _, site = render(CASES[0])
    challenge, question = site.pages["category-2/first.md"], site.pages["questions/2.md"]
    assert "/// details | Works cited in 2.1.2 (2)" in challenge
    assert "[What learning algorithm is in-context learning?](https://arxiv.org/abs/2211.15661)" in challenge
    assert "[A study with a DOI](https://doi.org/10.1000/example.1)" in challenge
    assert '[The reading list for 2.1 as BibTeX](../bib/2.1.bib){ .agenda-bibtex' in challenge
    assert "[Ekin Akyürek et al. (2022a)](../bibliography.md#ref-akyurek2022a)" in question
    bibliography = site.pages["bibliography.md"]
    assert "{ #ref-leike2022 data-item=\"reference\" }" in bibliography and "*Cited in* Section 1." in bibliography
    assert "[2.1.2](category-2/first.md#s2-1-2), [Q2](questions/2.md)" in bibliography
    assert "[BibTeX](bib/references/akyurek2022a.bib){ .agenda-bibtex }" in bibliography


def test_urls_are_relative_to_the_site_root():
    agenda, _ = render(CASES[0])
    data = agenda_data(agenda)
    assert [c["url"] for c in data["challenges"]] == ["category-2/first/", "category-3/second/", "category-4/third/",
                                                       "category-4/fourth/"]
    assert data["questions"][1] == {"number": 2, "challenge": "2.1", "subsections": ["2.1.1", "2.1.2"],
                                    "text": "Does the second draw on both?", "url": "questions/2/",
                                    "page": 23, "tags": ["evaluation", "values"], "cites": ["akyurek2022a"], "api": "api/questions/2.json",
                                    "status": {"status": "partial-answers", "label": "Partial answers",
                                               "since": "2024-06-10", "entries": ["2406-00001-rules-results-first-two"],
                                               "rule": STATUS_MEANINGS["partial-answers"]},
                                    "review": {"reviewed": "2026-11-30", "finding": None,
                                               "searched": "arXiv pages for either part of the second question."}}
    assert [r["id"] for r in data["references"]] == ["akyurek2022a", "fu2023a", "whitehouse2023", "leike2022"]
    assert data["challenges"][0]["cites"] == ["whitehouse2023"]
    assert data["challenges"][0]["subsections"][1]["cites"] == ["akyurek2022a", "fu2023a"]
    assert page_url("questions/2.md", use_directory_urls=False) == "questions/2.html"
    assert page_url("index.md", use_directory_urls=False) == "index.html"


def test_category_pages_count_position_and_challenges_rightly():
    """Position is the place among the categories, not the section number; one challenge is singular."""
    _, site = render(CASES[0])
    assert "\nCategory 1 of 3 · 1 challenge ·" in site.pages["category-2/index.md"]
    assert "\nCategory 3 of 3 · 2 challenges ·" in site.pages["category-4/index.md"]


def test_contributing_links_appear_only_with_a_repository():
    agenda = load_agenda(GOLDEN / CASES[0] / "content")
    without = render_site(agenda, Settings(SITE_URL))
    assert not any("issues/new" in page or "/edit/main/" in page for page in without.pages.values())
    repo = "https://github.com/example/agenda"
    page = render_site(agenda, Settings(SITE_URL, repo_url=repo + "/")).pages["questions/2.md"]
    assert f"[Report progress on Q2]({repo}/issues/new?template=progress.yml&title=Progress+on+Q2%3A+&question=2)" in page
    assert f"[Suggest a correction]({repo}/issues/new?template=correction.yml&title=Correction+on+Q2%3A+&question=2)" in page
    assert f"[Add an entry for Q2]({repo}/new/main/content/progress?filename=" in page
    assert f"({repo}/edit/main/content/challenges/2.1.yml)" in page


def test_question_page_says_where_it_stands_since_the_paper():
    _, site = render(CASES[0])
    moved, untouched = site.pages["questions/2.md"], site.pages["questions/4.md"]
    # Dated by the work, and naming the work behind it.
    assert ("**Status: [Partial answers](../progress.md#statuses)** since 2024-06-10, given by"
            " *Rules & Results: A First Look at Two Questions*.") in moved
    assert "(Ada Example and Ben Example, 2024-06-10) · **partly addresses**" in moved
    assert "**Status: [Open as posed](../progress.md#statuses)** since 2024-04, when the paper appeared" in untouched
    assert "**Last reviewed 2026-12-01.**" in untouched and "Nothing was found to record" in untouched
    # Four authors, or an incomplete list, are shortened.
    assert "(Cy Example et al., 2025-11) · **reframes**" in site.pages["questions/3.md"]


def test_feed_text_is_xml_escaped():
    _, site = render(CASES[0])
    assert "<title>Rules &amp; Results: A First Look at Two Questions</title>" in site.files["feed.xml"]


def test_a_site_link_in_record_text_becomes_a_relative_link():
    _, site = render(CASES[0])
    assert "[site link](2.md#since-the-paper)" in site.pages["questions/1.md"]
    assert "](/questions/" not in "".join(site.pages.values())


def test_the_about_page_links_the_repository_only_when_the_build_names_one():
    agenda = load_agenda(GOLDEN / CASES[0] / "content")
    local = render_site(agenda, Settings(SITE_URL)).pages
    assert "built from a local checkout" in local["about.md"] and "](http" not in local["about.md"].split("## Citing")[0]
    assert "downloads/agenda-offline.zip" not in local["about.md"] + local["index.md"]
    published = render_site(agenda, Settings(SITE_URL, repo_url="https://example.org/me/agenda/",
                                             offline_bundle=True)).pages
    about = published["about.md"]
    assert "[source repository](https://example.org/me/agenda)" in about
    assert "[issue tracker](https://example.org/me/agenda/issues)" in about
    assert "local checkout" not in about
    # The download is a file of the site, linked relatively like a page.
    assert "[Download the offline edition](downloads/agenda-offline.zip)" in about
    assert "[download the offline edition](downloads/agenda-offline.zip)" in published["index.md"]


def test_a_question_page_leads_with_the_question_and_the_context_it_draws_on():
    _, site = render(CASES[0])
    page = site.pages["questions/2.md"]
    # (The heading and the lead carry what the online search shows of the page: search.py.)
    heading, rest = page.split('# Question 2 { data-pagefind-meta="question:2" }\n\n', 1)
    assert rest.startswith('Does the second draw on both?\n{ .agenda-lead data-pagefind-meta="kind:Research question" }\n')
    meta = yaml.safe_load(heading.split("---\n")[1])
    assert meta["breadcrumb"][1] == {"title": "2.1 The First Challenge", "url": "category-2/first/"}
    # The summaries of both sub-sections it draws on, each with its way back to the challenge.
    assert "What 2.1.1 says." in page and "What 2.1.2 says." in page
    assert "[2.1.2 on the challenge page](../category-2/first.md#s2-1-2)" in page
    # The metadata is one line, not a list as well.
    assert "- **Themes:**" not in page


def test_the_home_page_offers_two_actions_and_the_categories_as_cards():
    _, site = render(CASES[0])
    page = site.pages["index.md"]
    assert "[Start reading](readers-guide.md){ .md-button .md-button--primary }" in page
    assert "[Browse all 6 questions](questions/index.md){ .md-button }" in page
    assert page.count("{ .agenda-card }") == 3
    assert page.index("{ .agenda-card }") < page.index("## What the agenda is")
