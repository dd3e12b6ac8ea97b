"""The online site's search, used as a reader uses it (in Chromium): nothing fetched until it is
opened; then each kind of result found and opened, a typo corrected, the words highlighted on
the page a result opens, and the open dialog accessible. The offline edition keeps the theme's
search (site_tests/build/test_offline.py)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402

from agenda_site.load import load_agenda  # noqa: E402
from conftest import CONTENT, ROOT, search, visit  # noqa: E402

AGENDA = load_agenda(CONTENT)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEARCH_FILES = re.compile(r"/(?:pagefind/|search/words/|assets/javascripts/site-search\.js)")


def citing_questions(reference_id: str) -> list[int]:
    return [q.number for q in AGENDA.questions if reference_id in sum(AGENDA.question_cites(q), [])]


def test_nothing_of_the_search_is_fetched_until_the_reader_opens_it(page, site_server):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    visit(page, site_server + "questions/17/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if SEARCH_FILES.search(url)]
    search(page, "capabilities")
    searched = [url for url in fetched if SEARCH_FILES.search(url)]
    assert any("/pagefind/pagefind.js" in url for url in searched)
    assert any("/pagefind/fragment/" in url for url in searched)
    assert page.console_errors == []


def test_a_work_s_title_finds_the_work_with_the_questions_that_cite_it(page, site_server):
    work = AGENDA.reference_of["hubinger2024"]
    visit(page, site_server)
    first = search(page, "sleeper agents")
    result = page.locator(".agenda-search__result").first
    expect(result.locator(".agenda-search__kind")).to_have_text("Work the paper cites")
    expect(result.locator(".agenda-search__name")).to_have_text(work.title)
    cited = result.locator(".agenda-search__question")
    expect(cited).to_have_text([f"Q{number}" for number in citing_questions(work.id)])
    first.click()
    # (The bibliography is the site's longest page: its address is checked as soon as it is opened.)
    page.wait_for_url(re.compile(r"/bibliography/\?highlight=sleeper.*#ref-hubinger2024$"), wait_until="commit")
    # The page marks the words searched for (Pagefind's highlighter, fetched for such a page only).
    expect(page.locator("#ref-hubinger2024 mark.pagefind-highlight").first).to_be_visible(timeout=20000)
    assert page.console_errors == []


def test_a_work_s_result_leads_to_each_question_citing_it(page, site_server):
    visit(page, site_server)
    search(page, "sleeper agents")
    number = citing_questions("hubinger2024")[0]
    page.locator(".agenda-search__result").first.get_by_role("link", name=f"Q{number}", exact=True).click()
    page.wait_for_url(f"**/questions/{number}/")
    expect(page.locator("h1")).to_contain_text(f"Question {number}")


def test_a_work_recorded_since_the_paper_is_found_and_leads_to_its_question(page, site_server):
    _, entry = AGENDA.recent_progress[0]
    number = entry.questions[0].number
    visit(page, site_server)
    search(page, entry.work.title)
    result = page.locator(".agenda-search__result", has=page.locator(".agenda-search__name", has_text=entry.work.title))
    expect(result.first.locator(".agenda-search__kind")).to_have_text("Work since the paper")
    result.first.locator("a.agenda-search__link").click()
    page.wait_for_url(re.compile(rf"/questions/{number}/\?highlight=.*#since-the-paper$"))


def test_a_section_of_a_page_is_found_and_opened_at_its_heading(page, site_server):
    challenge = next(c for c in AGENDA.challenges if c.section == "2.2")
    sub = challenge.subsections[0]
    visit(page, site_server)
    search(page, "\"different shape\" human capabilities")
    section = page.locator("a.agenda-search__section", has_text=sub.title).first
    expect(section).to_be_visible()
    section.click()
    page.wait_for_url(re.compile(r"/scientific-understanding/capabilities/\?highlight=.*#"))


def test_a_topic_puts_the_challenge_about_it_first(page, site_server):
    # Ranked by what the words mean here: the challenge named by the word, before the works.
    challenge = next(c for c in AGENDA.challenges if c.section == "3.5")
    visit(page, site_server)
    search(page, "jailbreak")
    first = page.locator(".agenda-search__result").first
    expect(first.locator(".agenda-search__kind")).to_have_text("Challenge")
    expect(first.locator(".agenda-search__name")).to_have_text(f"{challenge.section} {challenge.title}")


def test_a_misspelt_word_is_corrected_and_the_reader_is_told(page, site_server):
    visit(page, site_server)
    search(page, "jailbrek")
    expect(page.locator(".agenda-search__status")).to_contain_text("showing results for “jailbreak”")
    expect(page.locator(".agenda-search__result").first).to_contain_text(re.compile("jailbreak", re.I))


def test_a_query_that_matches_nothing_says_so(page, site_server):
    visit(page, site_server)
    page.locator("[data-agenda-search-open]").click()
    page.locator(".agenda-search__input").fill("zzxqv")
    expect(page.locator(".agenda-search__status")).to_contain_text("Nothing matches “zzxqv”")
    expect(page.locator(".agenda-search__result")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_open_search(browser, site_server, scheme):
    # bypass_csp: axe is injected as an inline script, which the pages' policy rightly blocks.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    search(page, "sleeper agents")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document.querySelector('dialog[data-agenda-search]'),"
                            " {resultTypes: ['violations']})")
    context.close()
    assert [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]] == []
