"""What a reader does, in Debian's Chromium driven by Playwright, on the site served over HTTP."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

from conftest import search  # noqa: E402


def expect_heading(page, text):
    """The page's title is text (the theme adds a permalink sign after it)."""
    expect(page.locator("h1")).to_have_text(re.compile(rf"^{re.escape(text)}\W*$"))


def test_reading_order_from_home_to_a_question(page, site_server):
    page.goto(site_server)
    expect(page.locator("h1")).to_contain_text("Foundational Challenges in Assuring Alignment")

    page.get_by_role("link", name="Reader's guide", exact=True).first.click()
    expect_heading(page, "Reader's Guide")
    # The footer's "next" follows the reading order too.
    expect(page.locator(".md-footer__link--next")).to_contain_text("Introduction")

    page.locator("article").get_by_role("link", name="Introduction", exact=True).click()
    expect_heading(page, "Introduction")

    page.locator("article").get_by_role("link", name="Scientific Understanding of LLMs").first.click()
    expect_heading(page, "2. Scientific Understanding of LLMs")

    page.locator("article table").get_by_role("link", name="Capabilities Are Difficult to Estimate and Understand").click()
    expect_heading(page, "2.2 Capabilities Are Difficult to Estimate and Understand")
    assert page.url.endswith("/scientific-understanding/capabilities/")

    page.goto(page.url + "#q17")
    heading = page.locator("#q17")
    expect(heading).to_be_in_viewport()
    page.get_by_role("link", name="Permanent page for Q17").click()
    expect_heading(page, "Question 17")
    assert page.url.endswith("/questions/17/")
    expect(page.locator("article")).to_contain_text("Research question 17 (Section 2.2)")
    assert page.console_errors == []


@pytest.mark.parametrize("query", ["Q17", "question 17"])
def test_search_finds_question_17_first(page, site_server, query):
    page.goto(site_server)
    expect(search(page, query)).to_have_attribute("href", re.compile(r"/questions/17/(\?|#|$)"))


def test_a_short_link_lands_on_its_page(page, site_server):
    page.goto(site_server + "challenges/2.2/")
    expect_heading(page, "2.2 Capabilities Are Difficult to Estimate and Understand")
    page.goto(site_server + "q/17/")
    expect_heading(page, "Question 17")
