"""Records are untrusted input. Each table below is one line per case: hostile text gets a
clear problem, harmless text renders as plain prose, a broken file is a problem (never a
traceback), and whatever slips past validation is caught by the post-build audit."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from pydantic import TypeAdapter, ValidationError

from agenda_site.load import load_agenda
from agenda_site.exports import questions_csv
from agenda_site.schema import Doi, OneLine, Paragraph, Text, WebAddress
from agenda_site.security import audit_page
from conftest import CONTENT, TWO_FRAMES, record_problems, visit

# (case, text, what the problem says). Text is checked as a long text field (a summary).
HOSTILE_TEXT = [
    ("image with onerror", '![f](x){: onerror="alert(document.domain)" }', "an image"),
    ("attribute list on a link", "[a](https://e.org){: autofocus onfocus=alert(1) }", "curly braces"),
    ("attribute list after a paragraph", "Text.\n{: onclick=alert(1) }", "curly braces"),
    ("attribute list without colon", "Text { #q2 }", "curly braces"),
    ("id stolen from question 2", "Text {#q2}", "curly braces"),
    ("style overlay", "Text {: style=position:fixed;inset:0 }", "curly braces"),
    ("javascript link", "[a](javascript:alert(1))", "a javascript: address"),
    ("javascript split by a newline", "[a](java\nscript:alert(1))", "a javascript: address"),
    ("javascript split by a carriage return", "[a](java\rscript:alert(1))", "control character"),
    ("javascript split by a tab", "[a](java\tscript:alert(1))", "a javascript: address"),
    ("javascript in capitals", "[a](JaVaScRiPt:alert(1))", "a javascript: address"),
    ("javascript behind spaces", "[a](  javascript:alert(1))", "a javascript: address"),
    ("entity without semicolon", "[a](&#106avascript:alert(1))", "an HTML entity"),
    ("named entity", "[a](javascript&colon;alert(1))", "an HTML entity"),
    ("hex entity", "x &#x3C;script&#x3E;", "an HTML entity"),
    ("vbscript link", "[a](vbscript:msgbox(1))", "a vbscript: address"),
    ("data link", "[a](data:text/html;base64,PHNjcmlwdD4=)", "a data: address"),
    ("protocol-relative link", "[a](//evil.example/x)", "a link to '//evil.example/x'"),
    ("link with a title", '[a](https://e.org "t")', "a link to"),
    ("unclosed link", "[a](https://e.org", "no closing"),
    ("tracking image", "![](https://tracker.example/p.gif)", "an image"),
    ("reference-style image", "![x][1]", "an image"),
    ("raw HTML", "Is <b>this</b> bold?", "'<'"),
    ("script tag", "<script>alert(1)</script>", "'<'"),
    ("HTML comment", "Hidden <!-- x --> text", "'<'"),
    ("autolink", "<https://e.org>", "'<'"),
    ("heading", "Para.\n\n# Heading", "a heading"),
    ("heading after spaces", "  ## Heading", "a heading"),
    ("setext heading", "Title\n=====", "heading underline"),
    ("rule", "Above\n\n---\n\nBelow", "a rule"),
    ("one-dash heading underline", "Title\n-", "heading underline"),
    ("table of contents", "Para.\n\n[TOC]", "table-of-contents marker"),
    ("rule of stars", "Above\n\n* * *", "a rule"),
    ("code fence", "```\ncode", "a code fence"),
    ("tilde fence", "~~~python\nx", "a code fence"),
    ("indented code", "Para.\n\n    code", "indented by four spaces"),
    ("table", "a | b\n--- | ---\n1 | 2", "'|'"),
    ("table pipe in one line", "x | y", "'|'"),
    ("admonition", "!!! danger \"Beware\"\n    text", "an admonition"),
    ("collapsible admonition", "??? note\n    text", "an admonition"),
    ("block quote", "Para.\n> quoted", "a block quote"),
    ("link definition", "[x]: https://e.org", "a link definition"),
    ("NUL", "a\x00b", "control character"),
    ("BEL", "a\x07b", "control character"),
    ("C1 control", "a\x85b", "control character"),
    ("right-to-left override", "safe\u202etxt.exe", "bidirectional"),
    ("isolate", "a\u2066b\u2069", "bidirectional"),
    ("formula =", "=HYPERLINK(\"https://e.org\")", "formula"),
    ("formula +", "+1+1", "formula"),
    ("formula -", "-2+3", "formula"),
    ("formula @", "@SUM(A1)", "formula"),
    ("too long", "word " * 1200, "at most 5000 characters"),
    # Blocks of the extensions the templates enable (pymdownx.blocks).
    ("folded block", "/// details | Open me\n    type: warning\n///", "a block ('///'"),
    ("block after spaces", "Para.\n  /// admonition", "a block ('///'"),
    # Characters no reader sees, or that break outputs: each kind by its Unicode category.
    ("noncharacter U+FFFE", "a\ufffeb", "noncharacter (U+FFFE"),
    ("noncharacter U+FFFF", "a\uffffb", "noncharacter (U+FFFF"),
    ("noncharacter U+FDD0", "a\ufdd0b", "noncharacter (U+FDD0"),
    ("zero-width space", "jail\u200bbreak", "invisible format character (U+200B"),
    ("zero-width joiner", "a\u200db", "invisible format character (U+200D"),
    ("word joiner", "a\u2060b", "invisible format character (U+2060"),
    ("byte-order mark inside", "a\ufeffb", "invisible format character (U+FEFF"),
    ("soft hyphen", "jail\u00adbreak", "invisible format character (U+00AD"),
    ("line separator", "one\u2028two", "a line separator (U+2028"),
    ("paragraph separator", "one\u2029two", "a paragraph separator (U+2029"),
    ("interlinear annotation", "a\ufff9b\ufffac\ufffb", "invisible format character (U+FFF9"),
    ("tag characters", "safe" + "".join(chr(0xE0000 + ord(c)) for c in "evil"), "(U+E0065"),
    ("private use", "a\ue000b", "a private-use character (U+E000"),
    ("unassigned", "a\U000e0fffb", "(U+E0FFF"),
    ("Mongolian vowel separator", "a\u180eb", "invisible format character (U+180E"),
    # Links in prose go to addresses judged as addresses.
    ("link with a quote", '[a](https://e.org/x"onmouseover=alert(1))', "the character '\"'"),
    ("link with a user name", "[a](https://arxiv.org@evil.example/)", "a user name"),
    ("link to no host", "[a](https:///x)", "no host name"),
    ("link with a space", "[a](https://e.org/a b)", "a link to"),
]

# (case, field type, text, what the problem says): rules only some fields have.
HOSTILE_FIELD = [
    ("two paragraphs in a question", Paragraph, "First.\n\nSecond.", "one paragraph"),
    ("list in a question", Paragraph, "Asks:\n- one\n- two", "one paragraph"),
    ("line break in a title", OneLine, "Title\nmore", "one line"),
    ("long title", OneLine, "t" * 241, "at most 240 characters"),
    # Addresses (a reference's or an entry's url) are parsed as URLs, not matched loosely.
    ("address closing its link", WebAddress, "https://e.org/x](javascript:alert(1)", "the character ']'"),
    ("address with a quote", WebAddress, 'https://e.org/" style="position:fixed', "the character '\"'"),
    ("address with a space", WebAddress, "https://e.org/a b", "the character ' '"),
    ("address with angle brackets", WebAddress, "https://e.org/<svg>", "the character '<'"),
    ("address with a backslash", WebAddress, "https://e.org/a\\b", "the character '\\\\'"),
    ("address with an accent", WebAddress, "https://e.org/caf\u00e9", "the character '\u00e9'"),
    ("address with a broken escape", WebAddress, "https://e.org/%zz", "the character '%'"),
    ("javascript address", WebAddress, "javascript:alert(1)", "starts with https://"),
    ("data address", WebAddress, "data:text/html,x", "starts with https://"),
    ("ftp address", WebAddress, "ftp://e.org/x", "starts with https://"),
    ("address of no host", WebAddress, "https:///x", "no host name"),
    ("address with a user name", WebAddress, "https://arxiv.org@evil.example/", "a user name"),
    ("address of a bad host", WebAddress, "https://-evil.example/", "no host name"),
    ("address of an IPv6 host", WebAddress, "https://[::1]/x", "the character '['"),
    ("address with a bad port", WebAddress, "https://e.org:99999/", "port"),
    ("DOI with a final full stop", Doi, "10.1093/oxfordhb/9780197579329.013.28.", "does not end with '.'"),
    ("DOI closing its link", Doi, "10.1234/x](javascript:alert(1)", "a DOI is 10."),
    ("DOI with a quote", Doi, '10.1234/x"y', "a DOI is 10."),
    ("DOI with a space", Doi, "10.1234/x y", "a DOI is 10."),
    ("DOI of no registrant", Doi, "10.1/x", "a DOI is 10."),
]

# (case, text, what the HTML must contain): the language's own constructs, rendered as the site
# renders record text (with every Markdown extension the site enables).
HARMLESS_TEXT = [
    ("emphasis", "An *important* and **strong** point", "<em>important</em> and <strong>strong</strong>"),
    ("inline code", "Call `f(x)` here", "<code>f(x)</code>"),
    ("web link", "See [the paper](https://arxiv.org/abs/2404.09932)",
     '<a href="https://arxiv.org/abs/2404.09932">the paper</a>'),
    ("ampersand", "AT&T and R&D", "AT&amp;T and R&amp;D"),
    ("scheme as words", "javascript:alert(1) is just words here", "javascript:alert(1) is just words"),
    ("brackets as words", "an aside [sic] (and more)", "an aside [sic] (and more)"),
    ("list in long text", "Points:\n\n- one\n- two", "<li>one</li>"),
]


def _markdown() -> markdown.Markdown:
    """Markdown as the engine reads the pages: with the extensions and settings of mkdocs.yml."""
    from agenda_site.generate import base_config

    listed = base_config()["markdown_extensions"]
    names = [next(iter(item)) if isinstance(item, dict) else item for item in listed]
    configs = {next(iter(item)): next(iter(item.values())) or {} for item in listed if isinstance(item, dict)}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _problem(field_type, text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(field_type).validate_python(text)
    return str(caught.value)


@pytest.mark.parametrize("case, text, expected", HOSTILE_TEXT, ids=[c[0] for c in HOSTILE_TEXT])
def test_hostile_text_is_a_problem_that_says_what_was_found(case, text, expected):
    message = _problem(Text, text)
    assert expected in message
    assert "Record text is prose with" in message or "characters" in message


@pytest.mark.parametrize("case, field_type, text, expected", HOSTILE_FIELD, ids=[c[0] for c in HOSTILE_FIELD])
def test_field_rules(case, field_type, text, expected):
    assert expected in _problem(field_type, text)


@pytest.mark.parametrize("case, text, expected", HARMLESS_TEXT, ids=[c[0] for c in HARMLESS_TEXT])
def test_the_text_language_renders_as_plain_prose(case, text, expected):
    TypeAdapter(Text).validate_python(text)
    html = _markdown().convert(text)
    assert expected in html
    assert audit_page(f"<html><body>{html}</body></html>", "page.html") == []


def test_a_site_link_is_allowed_and_made_relative():
    from agenda_site.urls import relative_site_links

    TypeAdapter(Text).validate_python("See [question 17](/questions/17/) and [2.2](/challenges/2.2/#q17)")
    markdown_text = relative_site_links("See [Q17](/questions/17/) and [home](/)", "questions/5.md",
                                        {"questions/17/": "questions/17.md", "": "index.md"})
    assert markdown_text == "See [Q17](17.md) and [home](../index.md)"


def test_the_csv_writer_guards_formulas_whatever_reaches_it():
    agenda = load_agenda(CONTENT)
    question = agenda.questions[0]
    object.__setattr__(question, "text", "=HYPERLINK(\"https://e.org\")")
    try:
        assert "'=HYPERLINK" in questions_csv(agenda)
    finally:
        object.__setattr__(question, "text", load_agenda(CONTENT).questions[0].text)


# Broken files: (case, file name under content/, its bytes (or None: a folder or a link,
# made by the test), what the problem says; None: the file is ignored without a problem).
CHALLENGE = (CONTENT / "challenges" / "2.2.yml").read_text(encoding="utf-8")
BROKEN_FILES = [
    ("invalid UTF-8", "challenges/2.2.yml", CHALLENGE.encode() + b"\nnote: \xff\xfe\n", "not UTF-8 text: byte 0xff"),
    ("Latin-1", "challenges/2.2.yml", CHALLENGE.replace("Capabilities", "Capabilités").encode("latin-1"),
     "not UTF-8 text: byte 0xe9 at line 2"),
    ("NUL byte", "challenges/2.2.yml", CHALLENGE.encode().replace(b"gist:", b"gist:\x00", 1), "control character (U+0000)"),
    ("BEL byte", "challenges/2.2.yml", CHALLENGE.encode().replace(b"gist:", b"gist:\x07", 1), "control character (U+0007)"),
    ("unhashable key", "challenges/2.2.yml", CHALLENGE.encode() + b"? [a, b]\n: value\n", "a key must be a name"),
    ("key read as a boolean", "challenges/2.2.yml", CHALLENGE.encode() + b"on: true\n",
     "YAML read the key 'on' as a boolean; put it in quotes"),
    ("deep nesting", "challenges/2.2.yml", CHALLENGE.encode() + b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n",
     "nested"),
    ("alias bomb", "challenges/2.2.yml", CHALLENGE.encode() + b"".join(
        f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]\n".encode() for i in range(1, 9)).replace(b"*b0", b"lol"),
     "once its aliases are expanded"),
    ("two documents", "challenges/2.2.yml", CHALLENGE.encode() + b"---\nsection: '9.9'\n", "malformed YAML"),
    ("python tag", "challenges/2.2.yml", CHALLENGE.encode() + b"x: !!python/object/apply:os.system ['id']\n",
     "malformed YAML"),
    ("huge file", "challenges/2.2.yml", CHALLENGE.encode() + b"#" * 2_100_000, "a record file holds at most"),
    ("yes read as a boolean", "challenges/2.2.yml", CHALLENGE.replace("gist: >-", "gist: yes\nx: >-", 1).encode(),
     "YAML read 'yes' as a boolean; put it in quotes"),
    ("date read as a date", "challenges/2.2.yml", CHALLENGE.replace("gist: >-", "gist: 2024-06-12\nx: >-", 1).encode(),
     "YAML read '2024-06-12' as a date"),
    ("editor lock file", "challenges/.#2.1.yml", None, None),
    ("emacs autosave", "challenges/#2.1.yml#", b"\xff", None),
    ("backup file", "challenges/2.1.yml~", b"\xff", None),
    ("dotfile", "challenges/.hidden.yml", b"section: [", None),
    ("folder named like a record", "challenges/2.9.yml", None, "a folder or device, not a record file"),
    ("a .yaml file", "challenges/2.9.yaml", CHALLENGE.encode(), "not read: rename it to 2.9.yml"),
    ("another kind of file", "challenges/notes.txt", b"notes", "record files end in .yml"),
    ("link out of content", "challenges/2.8.yml", None, "a link to a file outside content/, refused"),
    ("dangling link", "challenges/2.0.yml", None, "a link to a file that does not exist"),
]


def _make(content: Path, name: str, data: bytes | None, tmp_path: Path) -> None:
    path = content / name
    if data is not None:
        path.write_bytes(data)
    elif name.endswith("2.9.yml"):
        path.mkdir()
    elif name.endswith("2.8.yml"):
        outside = tmp_path / "outside.yml"
        outside.write_text(CHALLENGE, encoding="utf-8")
        path.symlink_to(outside)
    else:  # an editor's lock file and a dangling link: links to nothing
        path.symlink_to(tmp_path / "no-such-file")


@pytest.mark.parametrize("case, name, data, expected", BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_a_broken_file_is_a_problem_never_a_traceback(content_copy, tmp_path, case, name, data, expected):
    _make(content_copy, name, data, tmp_path)
    if expected is None:
        load_agenda(content_copy)  # ignored, or still valid
        return
    message = record_problems(content_copy)
    assert expected in message
    assert f"content/{name}" in message or "content/challenges/2.2.yml" in message


def test_every_broken_file_is_reported_in_one_run(content_copy, tmp_path):
    cases = [c for c in BROKEN_FILES if c[3] and c[1] != "challenges/2.2.yml"]
    for _, name, data, _ in cases:
        _make(content_copy, name, data, tmp_path)
    (content_copy / "challenges" / "2.3.yml").write_bytes(b"\xff")
    message = record_problems(content_copy)
    for _, name, _, expected in cases:
        assert f"content/{name}" in message and expected in message
    assert "content/challenges/2.3.yml" in message


@pytest.mark.parametrize("value, expected", [
    ("true", "YAML read 'true' as a boolean"),
    ('"17"', "a number is written without quotes"),
    ("16.0", "YAML read '16.0' as a decimal number"),
], ids=["boolean", "quoted number", "decimal"])
def test_numbers_are_strict_and_surprises_explained(content_copy, value, expected):
    path = content_copy / "challenges" / "2.2.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("page: ", f"page: {value}\nx_page: ", 1),
                    encoding="utf-8")
    message = record_problems(content_copy)
    assert "challenge 2.2: field 'page'" in message and expected in message


def test_a_merge_key_works(content_copy):
    """A question written as "question 10, but number 11 and its own page" (YAML's << merge)."""
    path = content_copy / "challenges" / "2.2.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - number: 11")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - "))
    lines[start:end] = ["  - <<: *q10", "    number: 11", "    page: 99"]
    lines[lines.index("  - number: 10")] = "  - &q10\n    number: 10"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    q10, q11 = (q for q in load_agenda(content_copy).questions if q.number in (10, 11))
    assert (q11.number, q11.page, q11.text, q11.tags) == (11, 99, q10.text, q10.tags)


# The audit after the build: (case, page HTML, what it reports).
AUDIT_CASES = [
    ("event handler", '<img src="x.png" onerror="alert(1)">', "event-handler attribute onerror"),
    ("javascript link", '<a href="javascript:alert(1)">a</a>', "a javascript: URL"),
    ("javascript link with a newline", '<a href="java&#10;script:alert(1)">a</a>', "a javascript: URL"),
    ("vbscript link", '<a href="vbscript:x">a</a>', "a vbscript: URL"),
    ("data link", '<a href="data:text/html,x">a</a>', "a data: URL"),
    ("iframe", '<iframe src="https://e.org"></iframe>', "an <iframe> element"),
    ("object", '<object data="x.swf"></object>', "an <object> element"),
    ("embed", '<embed src="x.swf">', "an <embed> element"),
    ("foreign script", '<script src="https://cdn.example/x.js"></script>', "a script from another host"),
    ("inline script", "<script>alert(1)</script>", "an inline script that is not the theme's"),
    ("tracking image", '<img src="https://tracker.example/p.gif">', "an image from another host"),
    ("duplicate id", '<h3 id="q2">a</h3><p id="q2">b</p>', "the id 'q2' is used 2 times"),
    ("meta refresh to javascript", '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
     "a javascript: URL"),
    ("overlay style", '<a href="x" style="position:fixed;inset:0;z-index:99">x</a>', "a style attribute"),
    ("style that hides", '<p style="display:none">x</p>', "a style attribute"),
    ("style beside a table's", '<td style="text-align: right; background: url(x)">x</td>', "a style attribute"),
]


@pytest.mark.parametrize("case, snippet, expected", AUDIT_CASES, ids=[c[0] for c in AUDIT_CASES])
def test_the_audit_finds_what_record_text_must_never_become(case, snippet, expected):
    problems = audit_page(f"<!doctype html><html><head></head><body>{snippet}</body></html>", "page.html")
    assert any(expected in problem for problem in problems), problems


def test_the_built_site_passes_the_audit_with_a_policy_on_every_page(built_site):
    from agenda_site.security import audit_site

    assert audit_site(built_site, "/foundational-challenges/") == []
    page = (built_site / "questions" / "17" / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'sha256-" in page and "unsafe-inline'; img-src" in page
    assert "script-src 'self' 'unsafe-inline'" not in page
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page


def test_markup_that_slips_past_validation_fails_the_build(tmp_path, built_site):
    """Defence in depth: a page that carries live markup (as a gap in the text rules would let a
    template write) fails the build's finish step, which every build runs after its engine,
    naming the page and what it found."""
    import shutil

    from conftest import agenda_site

    site = Path(shutil.copytree(built_site, tmp_path / "site"))
    page = site / "questions" / "1" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<img src="x.png" onerror="alert(1)"></article>', 1), encoding="utf-8")
    result = agenda_site("finish", site)
    assert result.returncode != 0
    assert "problem(s) in the built pages" in result.stderr
    assert "questions/1/index.html: an event-handler attribute onerror= on <img>" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_dialog_opens_on_pages_built_from_the_hostile_cases(tmp_path, browser):
    """Suppose every hostile case got past validation: built into a page (a Markdown page of
    its own, through the site's whole pipeline), the audit fails the build, and in the browser
    the page's policy blocks the lot: no dialog opens, whatever loads or gets focus."""
    import subprocess
    import sys

    from conftest import agenda_site

    # The site's own project, generated, with one more Markdown page among its pages; built by the
    # engine, then finished as every build is.
    project = tmp_path / "project"
    assert agenda_site("generate", "--out", project).returncode == 0
    cases = "\n\n".join(text.replace("alert(1)", "alert(document.domain)") for _, text, _ in HOSTILE_TEXT
                        if "\x00" not in text)
    (project / "docs" / "hostile.md").write_text(f"# Hostile cases\n\n{cases}\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project, check=True)
    site = project / "site"
    result = agenda_site("finish", site)
    assert result.returncode != 0 and "hostile/index.html: an event-handler attribute" in result.stderr

    context = browser.new_context()
    tab = context.new_page()
    dialogs, violations = [], []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    visit(tab, (site / "hostile" / "index.html").as_uri())
    # Images fail and elements take focus on their own: once every image has failed or loaded,
    # and two frames later, any handler would have run.
    tab.wait_for_function("() => [...document.images].every(image => image.complete)")
    tab.evaluate(TWO_FRAMES)
    # And links a reader might click: follow each script link (as the browser parsed it) in place.
    followed = tab.evaluate("""() => {
        const links = [...document.querySelectorAll("article a")].filter(a => /^(javascript|vbscript|data):$/.test(a.protocol));
        links.forEach(a => a.click());
        return links.length;
    }""")
    tab.evaluate(TWO_FRAMES)
    context.close()
    assert dialogs == []
    assert violations, "the policy should have reported what it blocked"
    assert followed > 0, "the hostile page should hold script links to follow"


# Plain text (titles, names, venues: schema.PlainText) is shown as written wherever a page
# places it: this is what a title may hold that passes the text language and would, placed in
# Markdown as it is, end its link early and open another (or emphasise, or escape what follows).
PLAIN_PAYLOAD = " ](https://evil.example/plain) [*starred*] _under_ `tick` \\"
ADDRESS_PAYLOAD = "https://example.org/a)(https://evil.example/address"


def _poison(record, seen: set) -> int:
    """Give every plain-text field of record (and of the records it holds) the payload, and
    every address the address payload; returns how many fields were changed."""
    from pydantic import BaseModel

    from agenda_site.schema import Address, PlainText

    if id(record) in seen:
        return 0
    seen.add(id(record))
    changed = 0
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, PlainText):
            object.__setattr__(record, name, PlainText(value + PLAIN_PAYLOAD))
            changed += 1
        elif isinstance(value, Address):
            object.__setattr__(record, name, Address(ADDRESS_PAYLOAD))
            changed += 1
        elif isinstance(value, list):
            if value and all(isinstance(item, PlainText) for item in value):
                object.__setattr__(record, name, [PlainText(item + PLAIN_PAYLOAD) for item in value])
                changed += len(value)
            for item in value:
                if isinstance(item, BaseModel):
                    changed += _poison(item, seen)
        elif isinstance(value, BaseModel):
            changed += _poison(value, seen)
    return changed


def test_plain_text_and_addresses_never_become_markup_on_any_page():
    from lxml import html as lxml_html

    from agenda_site.generate import render_site
    from agenda_site.settings import Settings

    agenda = load_agenda(CONTENT)
    seen: set = set()
    records = [agenda.paper, *agenda.themes, *agenda.categories, *agenda.challenges, *agenda.pages.values(),
               agenda.reading, *agenda.references, *agenda.progress.values()]
    assert sum(_poison(record, seen) for record in records) > 3000
    site = render_site(agenda, Settings("https://example.org/site/"))
    convert = _markdown()
    documents = {path: markdown for path, markdown in site.pages.items()} | {"llms.txt": site.files["llms.txt"]}
    for path, text in documents.items():
        convert.reset()
        body = text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text
        tree = lxml_html.fragment_fromstring(convert.convert(body) or "<p></p>", create_parent="div")
        hrefs = [a.get("href", "") for a in tree.iter("a")]
        assert not [h for h in hrefs if h.startswith("https://evil.example")], path
        assert not [h for h in hrefs if "(" in h or ")" in h], path
        assert tree.xpath("//em[normalize-space(.)='starred' or normalize-space(.)='under']") == [], path
        assert tree.xpath("//code[normalize-space(.)='tick']") == [], path
        # In code blocks (citations), text is shown as it is: no escapes a reader would see.
        assert not [c for c in tree.iter("code") if "\\[\\*starred" in (c.text_content() or "")], path


# A progress entry whose fields and file the cases below break (it has a status move).
ENTRY = "progress/2406-05946-safety-alignment-few-tokens-deep.yml"
ENTRY_TEXT = (CONTENT / ENTRY).read_text(encoding="utf-8")

# File names are input too (git carries any bytes): (case, name under content/progress/ as bytes).
HOSTILE_FILE_NAMES = [
    ("bytes that are not UTF-8", b"2406-05946-\xff\xfe-name.yml"),
    ("a space", b"2406-05946-two words.yml"),
    ("a tab", b"2406-05946-a\ttab.yml"),
    ("a quote", b"2406-05946-a\"quote.yml"),
    ("an apostrophe", b"2406-05946-it's.yml"),
    ("angle brackets", b"2406-05946-<script>.yml"),
    ("non-ASCII letters", "2406-05946-caf\u00e9.yml".encode()),
    ("capitals", b"2406-05946-Safety.yml"),
    ("an escape code", b"2406-05946-\x1b[31mred.yml"),
    ("a leading hyphen", b"-2406-05946.yml"),
    ("two dots", b"2406-05946..yml"),
    ("a zero-width space", "2406-05946-a\u200bb.yml".encode()),
    ("too long", b"2406-05946-" + b"a" * 120 + b".yml"),
]


# The names also tried through `make check`, whose output must survive them (the others reach it
# by the same message).
FILE_NAMES_FROM_THE_COMMAND_LINE = ("bytes that are not UTF-8", "a tab", "an escape code")


@pytest.mark.parametrize("case, name", HOSTILE_FILE_NAMES, ids=[c[0] for c in HOSTILE_FILE_NAMES])
def test_a_hostile_file_name_is_a_problem_never_a_traceback(content_copy, case, name):
    import os
    import subprocess
    import sys

    (content_copy / ENTRY).unlink()
    with open(os.path.join(os.fsencode(content_copy / "progress"), name), "wb") as handle:
        handle.write(ENTRY_TEXT.encode())
    message = record_problems(content_copy)
    assert "is not read: a record's file name becomes part of addresses and ids" in message
    assert message.isprintable() or "\n" in message and all(line.isprintable() for line in message.splitlines())
    if case not in FILE_NAMES_FROM_THE_COMMAND_LINE:
        return
    # And from the command line, as `make check` runs it: exit status 1, no traceback.
    result = subprocess.run([sys.executable, "-m", "agenda_site", "check", "--content", str(content_copy)],
                            capture_output=True, text=True, errors="replace")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "file name" in result.stderr


# Dates: (case, the entry's text changed by a function, what the problem says).
def _entry_with(old: str, new: str):
    return lambda text: text.replace(old, new, 1)


HOSTILE_DATES = [
    ("recorded in the year 9999", _entry_with("recorded: 2026-11-30", "recorded: 9999-12-31"),
     "field 'recorded': 9999-12-31 is after today"),
    ("recorded tomorrow", _entry_with("recorded: 2026-11-30", "recorded: 2026-12-03"), "is after today"),
    ("recorded before the work", _entry_with("recorded: 2026-11-30", "recorded: 2024-06-01"),
     "field 'recorded': 2024-06-01 is before the work's own date"),
    ("a work from the future", _entry_with("date: 2024-06-10", "date: 2027-01-05"),
     "field 'work.date': 2027-01-05 is after today"),
    ("a work before the paper", _entry_with("date: 2024-06-10", "date: 2023-06-10"),
     "field 'work.date': dated no later than the month the paper appeared"),
    ("month 13", _entry_with("date: 2024-06-10", "date: 2024-13-10"),
     "field 'work.date': 2024-13-10 is no date: there is no month 13"),
    ("month 13 of a month-only date", _entry_with("date: 2024-06-10", "date: 2024-13"),
     "field 'work.date': 2024-13 is no date: there is no month 13"),
    ("30 February", _entry_with("recorded: 2026-11-30", "recorded: 2025-02-30"),
     "field 'recorded': 2025-02-30 is no date: February 2025 has no day 30"),
    ("day zero", _entry_with("date: 2024-06-10", "date: 2024-06-00"), "has no day 0"),
    ("a quoted date", _entry_with("date: 2024-06-10", "date: '2024-06-10'"), "a date is written without quotes"),
    ("a date and time", _entry_with("recorded: 2026-11-30", "recorded: 2026-11-30 10:00:00"),
     "give a day, not a time"),
    ("words for a date", _entry_with("date: 2024-06-10", "date: June 2024"), "'June 2024' is no date"),
    ("a year alone in the paper's year", _entry_with("date: 2024-06-10", "date: 2024"), "a year alone cannot show that"),
    ("a number for a date", _entry_with("date: 2024-06-10", "date: 99"), "99 is no date"),
    ("a year in the future", _entry_with("date: 2024-06-10", "date: 2031"), "2031 is after today"),
]


@pytest.mark.parametrize("case, edit, expected", HOSTILE_DATES, ids=[c[0] for c in HOSTILE_DATES])
def test_an_impossible_date_names_its_field(content_copy, case, edit, expected):
    import datetime

    from agenda_site.checks import RecordError

    (content_copy / ENTRY).write_text(edit(ENTRY_TEXT), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_agenda(content_copy, today=datetime.date(2026, 12, 2))
    message = str(caught.value)
    assert f"content/{ENTRY}, line " in message and expected in message, message
    assert "pattern" not in message and "date.date" not in message


# Bounds: no list is unbounded, so that one record cannot make the site enormous.
def test_every_list_in_every_record_has_a_bound():
    from agenda_site.schema import RECORD_FILES

    unbounded = []

    def visit(model, seen):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            annotation = str(info.annotation)
            if annotation.startswith("list[") and not any(getattr(m, "max_length", None) for m in info.metadata):
                unbounded.append(f"{model.__name__}.{name}")
            for inner in getattr(info.annotation, "__args__", ()) or ():
                for candidate in (inner, *getattr(inner, "__args__", ())):
                    if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                        visit(candidate, seen)

    seen: set = set()
    for model in RECORD_FILES.values():
        visit(model, seen)
    assert len(seen) > 10 and unbounded == []


@pytest.mark.parametrize("count, expected", [(101, "at most 100 items"), (150_000, "at most 100 items")],
                         ids=["101 authors", "150,000 authors"])
def test_a_huge_author_list_is_refused(content_copy, count, expected):
    names = "  - a\n" * count  # under 1 MB for 150,000 names
    text = ENTRY_TEXT.replace("  authors:\n", "  authors:\n" + names, 1)
    (content_copy / ENTRY).write_text(text, encoding="utf-8")
    message = record_problems(content_copy)
    assert f"content/{ENTRY}: progress 2406-05946-safety-alignment-few-tokens-deep: field 'work.authors'" in message
    assert expected in message


def test_an_entry_about_every_question_is_refused(content_copy):
    questions = "".join(f"- number: {n}\n  relation: partly-addresses\n" for n in range(1, 216))
    text = ENTRY_TEXT.split("questions:\n", 1)[0] + "questions:\n" + questions + "note: " + \
        ENTRY_TEXT.split("\nnote: ", 1)[1].split("\nrecorded:", 1)[0] + "\nrecorded: 2026-11-30\n" + \
        "verified_from: https://arxiv.org/abs/2406.05946\n"
    (content_copy / ENTRY).write_text(text, encoding="utf-8")
    assert "field 'questions': List should have at most 30 items" in record_problems(content_copy)


# One work, however its address is written, is one work (for one question).
DUPLICATE_ADDRESSES = [
    ("http and https", "https://aclanthology.org/2025.x-main.1/", "http://aclanthology.org/2025.x-main.1"),
    ("www and none", "https://www.example.org/paper", "https://example.org/paper/"),
    ("with a query string", "https://example.org/paper", "https://example.org/paper?utm_source=feed"),
    ("arXiv page and arXiv id, with a version", "https://arxiv.org/abs/2406.05946v3", None),
    ("arXiv PDF", "https://arxiv.org/pdf/2406.05946v1", None),
    ("doi.org address and DOI", "https://doi.org/10.1234/ABC", "doi: 10.1234/abc"),
]


@pytest.mark.parametrize("case, first, second", DUPLICATE_ADDRESSES, ids=[c[0] for c in DUPLICATE_ADDRESSES])
def test_a_work_given_twice_in_other_words_is_a_duplicate(content_copy, case, first, second):
    import yaml

    def entry(address: str, title: str) -> str:
        data = yaml.safe_load(ENTRY_TEXT)
        data["work"].pop("arxiv")
        data["work"]["title"] = title
        if address.startswith("doi: "):
            data["work"]["doi"] = address[len("doi: "):]
        else:
            data["work"]["url"] = address
        return yaml.safe_dump(data, sort_keys=False)

    (content_copy / "progress" / "2024-06-first-copy.yml").write_text(entry(first, "A first title"), encoding="utf-8")
    if second is None:  # the original entry's arXiv id is the other way of writing it
        assert "this work is already recorded for question 121" in record_problems(content_copy)
        return
    (content_copy / "progress" / "2024-06-second-copy.yml").write_text(entry(second, "A second title"),
                                                                        encoding="utf-8")
    assert "content/progress/2024-06-second-copy.yml: progress 2024-06-second-copy, question 121:" \
           " field 'work." in record_problems(content_copy)


def test_two_works_told_apart_by_their_query_strings_are_two(content_copy):
    import yaml

    for n, name in enumerate(("2024-06-forum-one.yml", "2024-06-forum-two.yml")):
        data = yaml.safe_load(ENTRY_TEXT)
        data["work"].pop("arxiv")
        data["work"].update(title=f"Work {n}", url=f"https://openreview.net/forum?id=abc{n}")
        (content_copy / "progress" / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    load_agenda(content_copy)


# Messages a contributor can act on.
def test_a_tab_used_as_indentation_says_tab(content_copy):
    (content_copy / ENTRY).write_text(ENTRY_TEXT.replace("  title:", "\ttitle:", 1), encoding="utf-8")
    message = record_problems(content_copy)
    assert "a tab" in message and "indents with spaces" in message


def test_a_field_problem_gives_its_line(content_copy):
    text = ENTRY_TEXT.replace("relation: partly-addresses", "relation: solves", 1)
    (content_copy / ENTRY).write_text(text, encoding="utf-8")
    line = text.splitlines().index("  relation: solves") + 1
    assert f"content/{ENTRY}, line {line}: " in record_problems(content_copy, lines=True)


def test_an_unknown_question_is_reported_beside_another_files_problem(content_copy):
    (content_copy / ENTRY).write_text(ENTRY_TEXT.replace("number: 77", "number: 999"), encoding="utf-8")
    (content_copy / "challenges" / "2.3.yml").write_bytes(b"\xff")
    message = record_problems(content_copy)
    assert "content/challenges/2.3.yml" in message and "unknown question 999" in message


def test_check_counts_what_it_checked():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "agenda_site", "check", "--content", str(CONTENT)],
                            capture_output=True, text=True)
    agenda = load_agenda(CONTENT)
    assert result.returncode == 0
    assert (f"{len(agenda.challenges)} challenges, {len(agenda.questions)} questions, {len(agenda.references):,}"
            f" references and {len(agenda.progress)} progress entries: all records valid") in result.stdout


# Addresses from the environment (the deployment's, or a fork's by hand): (case, site_url,
# repo_url, what the problem says).
HOSTILE_SETTINGS = [
    ("empty site address", "", "", "The site's address (site_url) is empty"),
    ("site address with a quote", 'https://e.org/a"b/', "", "the character '\"'"),
    ("site address with a parenthesis", "https://e.org/a)b/", "", "its path may hold only"),
    ("site address with a query", "https://e.org/?x=1", "", "a query or a fragment"),
    ("site address with a fragment", "https://e.org/#top", "", "a query or a fragment"),
    ("site address of no host", "https:///", "", "no host name"),
    ("site address that runs script", "javascript:alert(1)//", "", "starts with https://"),
    ("site address with a space", "https://e.org/a b/", "", "the character ' '"),
    ("site address with an escape code", "https://e.org/\x1b[31m/", "", "the character '\\x1b'"),
    ("repository address with a quote", "https://e.org/", 'https://github.com/a/b" style="position:fixed',
     "The repository's address (repo_url)"),
    ("repository address with a parenthesis", "https://e.org/", "https://github.com/a/b)(https://evil.example",
     "its path may hold only"),
    ("repository address with a user name", "https://e.org/", "https://github.com@evil.example/a/b", "a user name"),
    ("repository address over plain http to nowhere", "https://e.org/", "http://localhost:99999/a", "port"),
]


@pytest.mark.parametrize("case, site_url, repo_url, expected", HOSTILE_SETTINGS,
                         ids=[c[0] for c in HOSTILE_SETTINGS])
def test_an_address_from_the_environment_is_judged_where_it_enters(case, site_url, repo_url, expected):
    from agenda_site.settings import Settings, SettingsError, settings_from_environment

    with pytest.raises(SettingsError) as caught:
        Settings(site_url, repo_url=repo_url)
    assert expected in str(caught.value) and str(caught.value).isprintable()
    # Every build takes them from the environment, and judges them the same way.
    with pytest.raises(SettingsError):
        settings_from_environment("Site", environ={"AGENDA_SITE_URL": site_url, "AGENDA_REPO_URL": repo_url})


def test_good_addresses_from_the_environment_are_taken():
    from agenda_site.settings import Settings

    settings = Settings("https://owner.github.io/agenda", repo_url="https://github.com/owner/agenda/")
    assert settings.site_url == "https://owner.github.io/agenda/" and settings.repo_url == "https://github.com/owner/agenda"
    assert Settings("http://127.0.0.1:8000/foundational-challenges/").repo_url == ""
