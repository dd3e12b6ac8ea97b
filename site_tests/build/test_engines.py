"""The same project built by each engine: MkDocs (the published site), ProperDocs 1.6.7 (which
continues MkDocs 1.6) and Zensical (the successor of the theme and of MkDocs, which runs no MkDocs
plugin or hook). Each builds the project `python -m agenda_site generate` writes, and the same
finish step runs after each: every page and link must be there, as in the MkDocs build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from agenda_site.load import load_agenda
from conftest import CONTENT, TWO_FRAMES, built_once, serving, visit, whole_build
from helpers import RECORD_PAGE_WIDE_RESTYLES, broken_links, html_pages

AGENDA = load_agenda(CONTENT)

@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory, two_editions) -> Path:
    pytest.importorskip("zensical", reason="Zensical is not installed: `make test` installs it (pip install -e '.[zensical]')")
    return built_once(tmp_path_factory, "zensical",
                      lambda folder: whole_build(folder, "online", "zensical", editions=two_editions / "editions"))


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory, two_editions) -> Path:
    # With the same editions as built_site (conftest), which each engine carries as they are.
    return built_once(tmp_path_factory, "properdocs",
                      lambda folder: whole_build(folder, "online", "properdocs", editions=two_editions / "editions"))


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_pages_as_mkdocs(properdocs_site, built_site):
    """Byte for byte, but for the generator's name in each page's head."""
    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes()) for p in site.rglob("*") if p.is_file()}

    ours, theirs = files(built_site), files(properdocs_site)
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_the_engines_are_given_a_whole_project_and_no_plugin_of_ours(properdocs_site, zensical_site):
    # Only the theme's search plugin, and only for Zensical: Material's builds search with
    # Pagefind, after the engine (engines.for_theme).
    for site, plugins in ((properdocs_site, []), (zensical_site, ["search"])):
        config = yaml.safe_load((site.parent / "mkdocs.yml").read_text(encoding="utf-8"))
        assert config["plugins"] == plugins and "hooks" not in config
        assert config["nav"][0] == {"Home": "index.md"} and config["extra"]["paper"]["arxiv_id"] == "2404.09932"


def test_every_challenge_and_question_has_its_page(zensical_site):
    for challenge in AGENDA.challenges:
        assert (zensical_site / AGENDA.category_of(challenge).slug / challenge.slug / "index.html").is_file()
    for question in AGENDA.questions:
        assert (zensical_site / "questions" / str(question.number) / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(zensical_site):
    assert broken_links(zensical_site) == []


def test_the_same_pages_as_the_mkdocs_build(zensical_site, built_site):
    def pages(site: Path) -> set[str]:
        return {path.relative_to(site).as_posix() for path in html_pages(site)}

    assert pages(zensical_site) == pages(built_site)


def test_every_page_has_its_policy_and_the_data_exports_are_there(zensical_site):
    for page in html_pages(zensical_site):
        text = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy" content="default-src' in text, page
    for name in ("agenda.json", "questions.csv", "CITATION.cff", "references.bib", "feed.xml"):
        assert (zensical_site / name).is_file(), name


def test_no_source_file_is_published(zensical_site):
    # Zensical copies every non-template file of the theme overrides into the site.
    assert not list(zensical_site.rglob("*.py")) and not list(zensical_site.rglob("*.j2"))


def test_the_scripts_start_after_the_first_paint_and_work(zensical_site, page):
    # The page template holds Zensical's script as it holds Material's, and after_first_paint.js
    # sends DOMContentLoaded again once it has loaded: Zensical's script starts on that event
    # too. The light/dark switch is the site's in both builds (partials/palette.html).
    from playwright.sync_api import expect

    page.add_init_script(RECORD_PAGE_WIDE_RESTYLES)
    with serving(zensical_site) as url:
        visit(page, url + "questions/17/")
        page.evaluate(TWO_FRAMES)
        # Nor does it restyle the whole page as it starts (test_browser.py says why that matters).
        assert page.evaluate("window.agendaPageWideRestyles") == []
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        page.locator("form[data-agenda-scheme-switch] label:not([hidden])").click()
        expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        # Zensical's own search dialog (in a shadow root, which Playwright's locators enter).
        page.locator(".md-search__button").click()
        page.keyboard.type("Q17", delay=20)
        expect(page.locator("a[href$='/questions/17/?h=Q17']").first).to_be_visible(timeout=20000)
        assert page.console_errors == []


def test_the_zensical_header_looks_like_the_mkdocs_one(browser, built_site, zensical_site, tmp_path):
    """One row, as tall as MkDocs', with its search a box in the row (not a raw form below the
    title, as when the site's copy of Material's search partial was given to Zensical); screenshots of both are kept beside the test's files for a reader to compare."""
    boxes = {}
    for name, site in (("mkdocs", built_site), ("zensical", zensical_site)):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tab = context.new_page()
        with serving(site) as url:
            visit(tab, url + "questions/17/")
            header = tab.locator("header.md-header")
            header.screenshot(path=str(tmp_path / f"header-{name}.png"))
            boxes[name] = header.bounding_box()
            # Its title, its scheme switch and its search box sit inside it, in one row.
            for part in (".md-header__title", "form[data-agenda-scheme-switch]",
                         ".md-search__form:visible, .md-search__button:visible, [data-agenda-search-open]:visible"):
                box = header.locator(part).first.bounding_box()
                assert box and 0 <= box["y"] and box["y"] + box["height"] <= boxes[name]["height"] + 1, (name, part)
        context.close()
    assert abs(boxes["zensical"]["height"] - boxes["mkdocs"]["height"]) <= 2, boxes
