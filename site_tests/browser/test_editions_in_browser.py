"""An edition as a reader meets it in Chromium: from a question's live page to the question as
it stood in the newest edition and back, the fixed page styled, accessible and valid, in light
and dark, with nothing its policy blocks."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, SECOND_EDITION

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_a_reader_goes_from_the_live_page_to_the_edition_and_back(page, site_server):
    page.goto(site_server + "questions/17/")
    link = page.locator("#cite-this-edition + p").get_by_role("link", name=SECOND_EDITION, exact=True)
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{site_server}editions/{SECOND_EDITION}/questions/17/"
    assert page.locator("h1").inner_text() == "Question 17"
    # Its stylesheet applies (the banner's rule), and the page's policy blocked nothing.
    assert page.locator(".edition-banner").evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    assert page.console_errors == []
    citation = page.locator("pre.edition-citation").first.inner_text()
    assert f"edition {SECOND_EDITION} of " in citation and f"editions/{SECOND_EDITION}/questions/17/" in citation
    page.get_by_role("link", name="The question as it is today").click()
    page.wait_for_load_state()
    assert page.url == f"{site_server}questions/17/"


def test_the_editions_page_leads_to_each_edition(page, site_server):
    page.goto(site_server + "editions/")
    page.get_by_role("link", name="Read this edition").first.click()
    page.wait_for_load_state()
    assert page.url == f"{site_server}editions/{SECOND_EDITION}/"
    assert page.locator("h1").inner_text() == f"Edition {SECOND_EDITION}"
    page.get_by_role("link", name="Question 3", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{site_server}editions/{SECOND_EDITION}/questions/3/"
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_a_frozen_page(browser, site_server, scheme):
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    for path in (f"editions/{SECOND_EDITION}/questions/3/", f"editions/{SECOND_EDITION}/"):
        page.goto(site_server + path)
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                   for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], path
    context.close()


def test_the_frozen_pages_are_valid_html(built_site):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("the Nu checker needs Java and node_modules/vnu-jar (`make test` installs both)")
    pages = [str(built_site / "editions" / SECOND_EDITION / path) for path in ("index.html", "questions/3/index.html")]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"] == []
