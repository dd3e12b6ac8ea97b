"""Rendering: golden files. Each folder in golden/ holds records (content/) and the exact
Markdown they render to (expected/). Adding a case is adding a folder.
Run with UPDATE_GOLDEN=1 to rewrite expected/ after an intended change, then review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agenda_site.records import load_agenda
from agenda_site.render import Renderer, agenda_data, page_url
from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "content").is_dir())
SITE_URL = "https://example.org/agenda/"


def render(case: str):
    agenda = load_agenda(GOLDEN / case / "content")
    return agenda, Renderer(agenda, ROOT / "templates", SITE_URL).build()


@pytest.mark.parametrize("case", CASES)
def test_records_render_to_the_expected_markdown(case):
    _, site = render(case)
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        for path, markdown in site.pages.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(markdown, encoding="utf-8")
        (expected_dir / "nav.json").write_text(json.dumps(site.nav, indent=2) + "\n", encoding="utf-8")
    expected = {str(p.relative_to(expected_dir)): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*.md")}
    assert sorted(site.pages) == sorted(expected)
    for path, markdown in site.pages.items():
        assert markdown == expected[path], f"{case}: {path} differs from its golden file"
    assert site.nav == json.loads((expected_dir / "nav.json").read_text(encoding="utf-8"))


def test_every_page_type_carries_the_source_note():
    _, site = render(CASES[0])
    for path, markdown in site.pages.items():
        # Short links and the themes index restate nothing; the about page restates no part of
        # the paper (it speaks about the site).
        if not path.startswith(("q/", "challenges/")) and path not in ("themes/index.md", "about.md"):
            assert "in this site's own words" in markdown, path
            assert "https://arxiv.org/pdf/2404.09932v2#page=" in markdown, path


def test_question_page_has_its_anchor_link_citation_and_neighbours():
    _, site = render(CASES[0])
    page = site.pages["questions/2.md"]
    assert "[2.1 The First Challenge](../category-2/first.md#q2)" in page
    assert "Research question 2 (Section 2.1)" in page
    assert f"{SITE_URL}questions/2/" in page
    assert "[Question 1](1.md)" in page and "[Question 3](3.md)" in page


def test_challenge_page_anchors_every_question_and_sub_section():
    _, site = render(CASES[0])
    page = site.pages["category-2/first.md"]
    for anchor in ("{ #q1 }", "{ #q2 }", "{ #s2-1-1 }", "{ #s2-1-2 }"):
        assert anchor in page


def test_urls_are_relative_to_the_site_root():
    agenda, _ = render(CASES[0])
    data = agenda_data(agenda)
    assert [c["url"] for c in data["challenges"]] == ["category-2/first/", "category-3/second/", "category-4/third/",
                                                       "category-4/fourth/"]
    assert data["questions"][1] == {"number": 2, "challenge": "2.1", "subsections": ["2.1.1", "2.1.2"],
                                    "text": "Does the second draw on both?", "url": "questions/2/",
                                    "page": 23, "tags": ["evaluation", "values"]}
    assert page_url("questions/2.md", use_directory_urls=False) == "questions/2.html"
    assert page_url("index.md", use_directory_urls=False) == "index.html"


def test_category_pages_count_position_and_challenges_rightly():
    """Position is the place among the categories, not the section number; one challenge is singular."""
    _, site = render(CASES[0])
    assert "*Category 1 of 3 · 1 challenge ·" in site.pages["category-2/index.md"]
    assert "*Category 3 of 3 · 2 challenges ·" in site.pages["category-4/index.md"]


def test_the_about_page_links_the_repository_only_when_the_build_names_one():
    agenda = load_agenda(GOLDEN / CASES[0] / "content")
    local = Renderer(agenda, ROOT / "templates", SITE_URL).build().pages
    assert "built from a local checkout" in local["about.md"] and "](http" not in local["about.md"].split("## Citing")[0]
    assert "downloads/agenda-offline.zip" not in local["about.md"] + local["index.md"]
    published = Renderer(agenda, ROOT / "templates", SITE_URL, repo_url="https://example.org/me/agenda/",
                         offline_bundle=True).build().pages
    about = published["about.md"]
    assert "[source repository](https://example.org/me/agenda)" in about
    assert "[issue tracker](https://example.org/me/agenda/issues)" in about
    assert "local checkout" not in about
    # The download is a file of the site, linked relatively like a page.
    assert "[Download the offline edition](downloads/agenda-offline.zip)" in about
    assert "[download the offline edition](downloads/agenda-offline.zip)" in published["index.md"]
