"""What a reader does, in Debian's Chromium driven by Playwright, on the site served over HTTP."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

from agenda_site.settings import LOCAL_SITE_URL  # noqa: E402
from conftest import CONTENT, THEME_STYLESHEETS, TWO_FRAMES, search, visit  # noqa: E402
from helpers import RECORD_PAGE_WIDE_RESTYLES  # noqa: E402

# The permanent address the build gives its pages: AGENDA_SITE_URL, or the local default.
SITE_URL = LOCAL_SITE_URL  # the address a build with no AGENDA_SITE_URL cites


def expect_heading(page, text):
    """The page's title is text (the theme adds a permalink sign after it)."""
    expect(page.locator("h1")).to_have_text(re.compile(rf"^{re.escape(text)}\W*$"))


def test_reading_order_from_home_to_a_question(page, site_server):
    visit(page, site_server)
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


@pytest.mark.parametrize("query", ["Q17", "17", "question 17"])
def test_search_finds_question_17_first(page, site_server, query):
    visit(page, site_server)
    expect(search(page, query)).to_have_attribute("href", re.compile(r"/questions/17/(\?|#|$)"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_dialog_takes_the_page_s_colours(browser, site_server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    search(page, "Q17")
    colours = page.evaluate("""() => {
        const dialog = document.querySelector("dialog[data-agenda-search]");
        const form = dialog.querySelector("form"), name = dialog.querySelector(".agenda-search__name");
        const probe = document.createElement("a");
        document.querySelector("article").append(probe);
        const style = getComputedStyle(document.body);
        return {dialog: getComputedStyle(dialog).backgroundColor, page: style.backgroundColor,
                form: getComputedStyle(form).backgroundColor,
                header: getComputedStyle(document.querySelector(".md-header")).backgroundColor,
                name: getComputedStyle(name).color, link: getComputedStyle(probe).color,
                scheme: document.body.dataset.mdColorScheme};
    }""")
    context.close()
    assert colours["scheme"] == ("slate" if scheme == "dark" else "default")
    assert colours["dialog"] == colours["page"] and colours["form"] == colours["header"]
    assert colours["name"] == colours["link"]


def test_a_question_page_previews_with_its_number(page, site_server):
    visit(page, site_server + "questions/42/")
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith("Question 42 (Q42)")
    assert page.title().startswith("Question 42 (Q42)")


# One page of each type: its Content-Security-Policy lets everything the page needs run
# (search included) and blocks nothing of the theme's or the site's.
PAGE_TYPES = ["", "readers-guide/", "scientific-understanding/", "scientific-understanding/capabilities/",
              "questions/17/", "questions/", "themes/", "themes/evaluation/", "further-reading/", "q/17/"]


@pytest.mark.parametrize("path", PAGE_TYPES, ids=[p or "home" for p in PAGE_TYPES])
def test_the_content_security_policy_blocks_nothing_the_site_needs(page, site_server, path):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    visit(page, site_server + path)
    expect(search(page, "Q17")).to_have_attribute("href", re.compile(r"questions/17/"))
    assert violations == [] and page.console_errors == []


def test_the_bibliography_filter_narrows_by_an_author(page, site_server):
    visit(page, site_server + "bibliography/")
    entries = page.locator("li[id^='ref-']")
    box = page.get_by_label("Filter the references")
    expect(box).to_be_visible()
    box.fill("Akyürek")
    expect(page.locator("li[id^='ref-']:visible").first).to_contain_text("Akyürek")
    visible = page.locator("li[id^='ref-']:visible").count()
    assert 0 < visible < 10 < entries.count()
    expect(page.locator("#ref-akyurek2022a")).to_be_visible()
    expect(page.locator("#ref-brown2020")).to_be_hidden()
    assert "filter=Aky" in page.url
    assert page.console_errors == []


def test_a_folded_works_cited_block_opens_on_click(page, site_server):
    visit(page, site_server + "scientific-understanding/in-context-learning/")
    block = page.locator("details", has=page.locator("summary", has_text="Works cited in 2.1.2"))
    link = block.get_by_role("link", name="What learning algorithm is in-context learning?")
    expect(link).to_be_hidden()
    block.locator("summary").click()
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://arxiv.org/abs/2211.15661")


def test_the_filter_selects_questions_by_status(page, site_server):
    visit(page, site_server + "questions/")
    choice = page.locator("#question-filter-status")
    expect(choice).to_be_visible()
    choice.select_option("partial-answers")
    shown = page.locator("article li:not([hidden]) [data-status]")
    expect(page.locator("form.agenda-filter output")).to_contain_text("of 215 questions")
    statuses = shown.evaluate_all("links => links.map(link => link.dataset.status)")
    assert statuses and set(statuses) == {"partial-answers"}
    assert any(text.startswith("Q121") for text in page.locator("article li:not([hidden])").all_inner_texts())
    assert "status=partial-answers" in page.url
    # Words and status narrow together; "Any status" brings the list back.
    page.locator("#question-filter").fill("course")
    expect(page.locator("form.agenda-filter output")).to_contain_text("1 of 215 questions")
    page.locator("#question-filter").fill("")
    choice.select_option("")
    expect(page.locator("article li:not([hidden]) [data-status]")).to_have_count(215)
    assert page.console_errors == []


def test_the_progress_page_filters_entries_by_challenge_relation_and_year(page, site_server):
    from agenda_site.load import load_agenda

    agenda = load_agenda(CONTENT)
    visit(page, site_server + "progress/")
    form = page.locator("form.agenda-filter")
    expect(form).to_be_visible()
    entries = page.locator("#entries ~ ul").first.locator(":scope > li")
    expect(entries).to_have_count(len(agenda.progress))
    # By challenge: the entries on some question of 3.5.
    numbers = {q.number for c in agenda.challenges if c.section == "3.5" for q in c.questions}
    on_35 = sum(1 for e in agenda.progress.values() if numbers & {q.number for q in e.questions})
    page.locator("#entry-filter-challenge").select_option("3.5")
    expect(page.locator("#entries ~ ul").first.locator(":scope > li:not([hidden])")).to_have_count(on_35)
    assert "challenge=3.5" in page.url
    # And by relation as well: both choices must hold on one of the entry's questions each.
    page.locator("#entry-filter-relation").select_option("new-benchmark")
    both = sum(1 for e in agenda.progress.values() if numbers & {q.number for q in e.questions}
               and any(q.relation == "new-benchmark" for q in e.questions))
    expect(page.locator("#entries ~ ul").first.locator(":scope > li:not([hidden])")).to_have_count(both)
    page.locator("#entry-filter-challenge").select_option("")
    page.locator("#entry-filter-relation").select_option("")
    # By the year of the work.
    years = sorted({str(e.work.sort_date[0]) for e in agenda.progress.values()})
    page.locator("#entry-filter-year").select_option(years[0])
    in_year = sum(1 for e in agenda.progress.values() if str(e.work.sort_date[0]) == years[0])
    expect(page.locator("#entries ~ ul").first.locator(":scope > li:not([hidden])")).to_have_count(in_year)
    # The rest of the page stays as it is while the entries are filtered.
    expect(page.locator("#help-wanted")).to_be_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("query", ["17", "Q17", "q 17", "question 17", "Question 17"])
def test_the_filter_finds_a_question_by_its_number_however_written(page, site_server, query):
    visit(page, site_server + "questions/")
    page.get_by_label("Filter the questions").fill(query)
    items = page.locator("article li:not([hidden])")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Q17")
    # The group that holds it counts what is shown; the others, and their entries in the
    # table of contents, are hidden.
    expect(page.locator(".agenda-group-count:visible")).to_have_text(["1 of 14 questions"])
    toc = page.locator(".md-sidebar--secondary .md-nav--secondary > ul > li:not([hidden])")
    expect(toc).to_have_count(1)
    expect(toc.first).to_contain_text("2.2 Capabilities")
    assert page.console_errors == []


def test_an_empty_filter_result_says_what_to_try(page, site_server):
    visit(page, site_server + "questions/")
    box = page.get_by_label("Filter the questions")
    box.fill("zzzz nothing like this")
    output = page.locator("form.agenda-filter output")
    expect(output).to_contain_text("No questions match")
    expect(output).to_contain_text("a question number such as 17")
    expect(page.locator(".md-sidebar--secondary .md-nav--secondary > ul > li:not([hidden])")).to_have_count(0)
    box.fill("")
    expect(page.locator(".agenda-group-count").first).to_have_text("8 questions")
    expect(page.locator(".md-sidebar--secondary .md-nav--secondary > ul > li:not([hidden])")).to_have_count(18)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_citation_wraps_and_its_copy_button_covers_no_text(browser, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    code = page.locator(".agenda-citation pre > code").first
    fits = code.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert fits, "the plain-text citation is cut off"
    code.hover()
    button = page.locator(".agenda-citation").first.get_by_role("button", name="Copy to clipboard")
    box, text = button.bounding_box(), code.evaluate(
        "c => { const r = document.createRange(); r.selectNodeContents(c); "
        "return Array.from(r.getClientRects()).map(x => [x.left, x.right, x.top, x.bottom]) }")
    overlaps = [r for r in text if r[0] < box["x"] + box["width"] and r[1] > box["x"]
                and r[2] < box["y"] + box["height"] and r[3] > box["y"]]
    assert overlaps == [], "the copy button sits over the citation's text"
    context.close()


def test_a_printed_page_is_the_text_alone_with_its_link_addresses(page, site_server):
    """Printed (or saved as PDF), a question page shows its content without the site's chrome,
    each outside link followed by its address, and its citation wrapped, not cut off."""
    visit(page, site_server + "questions/17/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", chrome
    outside = page.locator("article a[href^='https://arxiv.org/pdf/']").first
    after = outside.evaluate("a => getComputedStyle(a, '::after').content")
    assert "arxiv.org/pdf/" in after
    code = page.locator(".agenda-citation pre > code").first
    assert code.evaluate("c => getComputedStyle(c).whiteSpace") == "pre-wrap"
    assert code.evaluate("c => c.scrollWidth <= c.clientWidth")


def test_a_heading_that_fills_its_line_gets_no_blank_line_from_its_permalink(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    # Stretch a heading's text until it fills its line, then compare with and without the
    # hidden permalink sign: the sign must not add a line.
    heights = page.evaluate("""() => {
        const h = document.querySelector("h2#since-the-paper");
        const link = h.querySelector(".headerlink");
        const text = h.firstChild;
        const oneLine = h.getBoundingClientRect().height;
        while (h.getBoundingClientRect().height === oneLine) text.textContent += "x";
        text.textContent = text.textContent.slice(0, -1);
        const withLink = h.getBoundingClientRect().height;
        // Focused (as from the keyboard), the sign shows: inside the page, not past its edge.
        link.focus();
        const inside = link.getBoundingClientRect().right <= document.documentElement.clientWidth;
        link.remove();
        return [oneLine, withLink, h.getBoundingClientRect().height, inside];
    }""")
    assert heights[0] == heights[1] == heights[2]
    assert heights[3], "the permalink sign of a full heading sticks out past the page's edge"
    context.close()


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
@pytest.mark.parametrize("path", ["", "scientific-understanding/capabilities/", "questions/17/"])
def test_a_phone_never_scrolls_the_page_sideways(browser, site_server, path, scripts):
    # A phone widens the page to whatever sticks out past the screen's edge, so the reader can
    # drag it sideways; and when the theme's script then changes what sticks out, the browser
    # resizes the page under them. Before scripts run is checked as well as after.
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True, java_script_enabled=scripts)
    page = context.new_page()
    if scripts:
        visit(page, site_server + path)
    else:
        page.goto(site_server + path)
    widths = page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    assert widths == [412, 412], f"the page is {widths[1]} px wide on a 412 px screen"
    context.close()


@pytest.mark.parametrize("path", ["progress/", "data/", "scientific-understanding/"])
def test_a_phone_shows_every_column_of_a_table(browser, site_server, path):
    # A table wider than the screen would hide its last columns behind a scroll inside it.
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    visit(page, site_server + path)
    tables = page.evaluate("""() => [...document.querySelectorAll("article table")].map(table => {
        const box = table.getBoundingClientRect();
        return [table.scrollWidth - table.clientWidth, Math.round(box.right)];
    })""")
    context.close()
    assert tables, "the page should hold a table"
    assert all(hidden <= 1 and right <= 412 for hidden, right in tables), tables


# Every element's look, as the browser computes it: what trimming the theme's stylesheets
# (agenda_site/stylesheets.py) must leave exactly as the theme's full stylesheets make it.
# Margins are judged by where each box lands: Chromium reports an "auto" margin as its width on
# some loads and as 0px on others, the same box in the same place.
COMPUTED_LOOK = """() => {
    const properties = ["display", "position", "visibility", "opacity", "color", "background-color",
        "font-size", "font-weight", "font-style", "line-height", "text-decoration-line",
        "padding-top", "padding-right",
        "padding-bottom", "padding-left", "border-top-width", "border-left-width", "border-top-color",
        "outline-style", "box-shadow", "transform", "mask-image", "content"];
    const look = (element, pseudo) => {
        const style = getComputedStyle(element, pseudo);
        return properties.map(name => style.getPropertyValue(name)).join("|");
    };
    return Array.from(document.querySelectorAll("body *"), element => {
        const box = element.getBoundingClientRect();
        return [element.tagName + "." + element.getAttribute("class"), look(element, null),
                look(element, "::before"), look(element, "::after"), Math.round(box.left),
                Math.round(box.top), Math.round(box.width), Math.round(box.height)].join(" ");
    });
}"""


def theme_stylesheets() -> dict[str, str]:
    """The theme's own stylesheets, by file name, as the installed theme ships them."""
    return {path.name: str(path) for path in THEME_STYLESHEETS.glob("*.min.css")}


def looks(browser, url: str, scheme: str, width: int, full_theme: bool, open_search: bool) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    if full_theme:
        originals = theme_stylesheets()
        context.route("**/assets/stylesheets/*.min.css",
                      lambda route: route.fulfill(path=originals[route.request.url.rsplit("/", 1)[-1]],
                                                  content_type="text/css"))
    page = context.new_page()
    visit(page, url)
    page.wait_for_load_state("networkidle")
    # The search has its index (the box under it says "Initializing search" until then, and is
    # laid out differently): on a busy machine that comes late, and would differ between loads.
    page.wait_for_function("() => !/Initializing/.test("
                           "document.querySelector('.md-search-result__meta')?.textContent || '')")
    if open_search:
        search(page, "Q17")
        expect(page.locator(".agenda-search__result")).not_to_have_count(0)
    # Every transition and animation has run to its end (the search output fades in: read
    # mid-way, its opacity is 0.999 on one load and 1 on the next).
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
    result = page.evaluate(COMPUTED_LOOK)
    context.close()
    return result


@pytest.mark.parametrize("path, scheme, width, open_search", [
    ("", "light", 1280, False),
    ("", "dark", 412, False),
    ("scientific-understanding/capabilities/", "dark", 1280, False),
    ("questions/17/", "light", 412, False),
    ("questions/17/", "dark", 1280, True),
    ("questions/", "light", 1280, False),
    ("bibliography/", "dark", 412, False),
])
def test_the_trimmed_stylesheets_look_exactly_like_the_theme_s_own(browser, site_server, path, scheme,
                                                                  width, open_search):
    trimmed = looks(browser, site_server + path, scheme, width, False, open_search)
    full = looks(browser, site_server + path, scheme, width, True, open_search)
    assert len(trimmed) == len(full)
    differences = [f"{mine}\n  theme's own: {theirs}" for mine, theirs in zip(trimmed, full) if mine != theirs]
    assert differences == [], f"{len(differences)} element(s) differ; the first:\n" + "\n".join(differences[:3])


def test_the_scripts_wait_for_the_first_paint_and_then_run_once(page, site_server):
    # after_first_paint.js holds the theme's script and the site's until the page has painted,
    # so a phone shows the text before fetching 114 KB of script; then both run, in order, once.
    visit(page, site_server + "questions/17/")
    timing = page.evaluate("""() => {
        const paint = performance.getEntriesByName("first-paint")[0].startTime;
        const fetched = name => performance.getEntriesByType("resource")
            .filter(entry => entry.name.includes("/assets/javascripts/" + name)).map(entry => entry.startTime);
        return {paint, theme: fetched("bundle."), site: fetched("agenda.js"),
                tags: document.querySelectorAll("script[src*='bundle.'], script[src$='agenda.js']").length};
    }""")
    assert len(timing["theme"]) == len(timing["site"]) == 1 and timing["tags"] == 2
    assert timing["theme"][0] > timing["paint"] and timing["site"][0] > timing["paint"]
    # The scripts are at work: the site's search, and its switch between light and dark.
    expect(search(page, "Q17")).to_have_attribute("href", re.compile(r"/questions/17/"))
    page.keyboard.press("Escape")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-agenda-scheme-switch] label:not([hidden])").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    assert page.console_errors == []


def hold_back_the_theme_s_script(context):
    """The theme's script never arrives in context's pages: what they show is what a reader sees
    before it has run."""
    context.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())


@pytest.mark.parametrize("system, expected", [("dark", "slate"), ("light", "default")])
def test_a_first_page_has_the_system_s_colours_before_the_theme_s_script_runs(browser, site_server,
                                                                             system, expected):
    # The theme's script, which picks the scheme the system asks for, runs after the first
    # paint: partials/before-first-paint.html picks it before, so a dark first page never
    # flashes light. The theme's script never arrives here.
    context = browser.new_context(color_scheme=system)
    hold_back_the_theme_s_script(context)
    page = context.new_page()
    page.goto(site_server + "questions/17/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    context.close()


def test_a_scheme_the_reader_chose_wins_over_the_system_s_on_the_next_page(browser, site_server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("form[data-agenda-scheme-switch] label:not([hidden])").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    # The next page, before (here: without) the theme's script: still the reader's choice.
    hold_back_the_theme_s_script(context)
    page.goto(site_server + "questions/18/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    context.close()


def test_the_header_is_laid_out_for_scripts_before_the_theme_s_script_runs(browser, site_server):
    # The search button is hidden until the page's "no-js" class is swapped (as the theme's
    # stylesheet hides its own search box), and the scheme switch is hidden until the script shows
    # it: partials/before-first-paint.html does both before the first paint, so the header is
    # whole from the start.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hold_back_the_theme_s_script(context)
    page = context.new_page()
    page.goto(site_server + "questions/17/")
    expect(page.locator("[data-agenda-search-open]")).to_be_visible()
    # And the button that switches to the other colour scheme is there, as the script would show it.
    expect(page.locator("form[data-agenda-scheme-switch] label:not([hidden])")).to_have_attribute(
        "title", "Switch to dark mode")
    context.close()




def test_the_scripts_start_without_restyling_the_whole_page(page, site_server):
    # A phone restyles every element of the page when its root's class changes (some of the
    # theme's rules select tables by the absence of a class) or its colour-scheme tag does: the
    # theme's script did both twice as it started, the longest wait on a phone after the first
    # paint. partials/before-first-paint.html gives the class and the tags their final state
    # before that paint, and the colour scheme switch is the site's (partials/palette.html).
    page.add_init_script(RECORD_PAGE_WIDE_RESTYLES)
    visit(page, site_server)
    page.evaluate(TWO_FRAMES)
    assert page.evaluate("window.agendaPageWideRestyles") == []
    assert page.evaluate("document.documentElement.classList.contains('js-focus-visible')")
    # Yet the page tells the browser its scheme, once, as the theme's script did.
    assert page.evaluate("[...document.querySelectorAll('meta[name=color-scheme]')].map(tag => tag.content)") == [
        "light"]


@pytest.mark.parametrize("system, scheme, other", [("light", "light", "dark"), ("dark", "dark", "light")])
def test_the_scheme_switch_tells_the_browser_and_answers_the_keyboard(browser, site_server, system, scheme,
                                                                      other):
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    visit(page, site_server + "questions/17/")
    browser_is_told = """() => {
        const header = getComputedStyle(document.querySelector("header")).backgroundColor;
        return [[...document.querySelectorAll("meta[name=color-scheme]")].map(tag => tag.content),
                [...document.querySelectorAll("meta[name=theme-color]")].map(tag => tag.content),
                "#" + header.match(/\\d+/g).map(v => (+v).toString(16).padStart(2, "0")).join("")];
    }"""
    schemes, address_bar, header = page.evaluate(browser_is_told)
    assert schemes == [scheme] and address_bar == [header]
    # A tap on the switch, then Enter on it (as the theme's switch): each time the other scheme,
    # and the browser is told.
    page.locator("form[data-agenda-scheme-switch] label:not([hidden])").click()
    expect(page.locator("meta[name=color-scheme]")).to_have_attribute("content", other)
    schemes, address_bar, header = page.evaluate(browser_is_told)
    assert schemes == [other] and address_bar == [header]
    page.locator("form[data-agenda-scheme-switch] input:checked").press("Enter")
    expect(page.locator("meta[name=color-scheme]")).to_have_attribute("content", scheme)
    expect(page.locator("form[data-agenda-scheme-switch] label:not([hidden])")).to_have_count(1)
    context.close()
