"""Quality gates: valid HTML (W3C Nu checker), accessibility (axe-core, keyboard), in the
built site's eight page types."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, visit

PAGE_TYPES = {
    "home": "",
    "category": "scientific-understanding/",
    "challenge": "scientific-understanding/capabilities/",
    "question": "questions/17/",
    "all questions": "questions/",
    "theme": "themes/privacy/",
    "bibliography": "bibliography/",
    "data and downloads": "data/",
}
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_the_nu_validator_finds_no_errors(built_site):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("the Nu checker needs Java and node_modules/vnu-jar (`make test` installs both)")
    pages = [str(built_site / path / "index.html") for path in PAGE_TYPES.values()]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error"]
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violations(browser, site_server, page_type, scheme):
    # bypass_csp: axe is injected as an inline script, which the pages' policy rightly blocks.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    visit(page, site_server + PAGE_TYPES[page_type])
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_keyboard_reading_skip_link_visible_focus_and_search(page, site_server):
    visit(page, site_server + PAGE_TYPES["challenge"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Skip to content"
    style = skip.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, "
                          "e.getBoundingClientRect().height] }")
    assert style[0] != "none" or style[1] != "0px", "focus must be visible"
    assert style[2] > 0, "the skip link appears when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#summary") or page.evaluate("location.hash") != ""

    # Each following Tab lands on a visible element with a visible focus indicator.
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        assert focused.is_visible()
        outline = focused.evaluate("e => getComputedStyle(e).outlineStyle + getComputedStyle(e).boxShadow")
        assert outline != "nonenone"

    # Search is reachable from the keyboard: "/" (or "s") opens it with the box focused, the
    # arrows move through the results, Enter opens one, Escape closes the search.
    for key in ("s", "/"):
        page.locator("body").press(key)
        assert page.evaluate("document.activeElement.classList.contains('agenda-search__input')")
        page.keyboard.press("Escape")
        assert not page.locator("dialog[data-agenda-search]").evaluate("d => d.open")
    page.locator("body").press("/")
    page.keyboard.type("Q17")
    page.locator(".agenda-search__result").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.closest('.agenda-search__result') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/17/**")
