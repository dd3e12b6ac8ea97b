"""Records are untrusted input. Each table below is one line per case: hostile text gets a
clear problem, harmless text renders as plain prose, a broken file is a problem (never a
traceback), and whatever slips past validation is caught by the post-build audit."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from pydantic import TypeAdapter, ValidationError

from agenda_site.records import load_agenda
from agenda_site.render import questions_csv
from agenda_site.schema import OneLine, Paragraph, Text
from agenda_site.security import audit_page
from conftest import CONTENT, ROOT, record_problems, visit

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
]

# (case, field type, text, what the problem says): rules only some fields have.
HOSTILE_FIELD = [
    ("two paragraphs in a question", Paragraph, "First.\n\nSecond.", "one paragraph"),
    ("list in a question", Paragraph, "Asks:\n- one\n- two", "one paragraph"),
    ("line break in a title", OneLine, "Title\nmore", "one line"),
    ("long title", OneLine, "t" * 241, "at most 240 characters"),
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
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


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
    from agenda_site.render import relative_site_links

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


def test_markup_that_slips_past_validation_fails_the_build(tmp_path):
    """Defence in depth: a template that lets live markup through (as a gap in the text rules
    would) makes the build fail, naming the page and what it found."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    template = project / "templates" / "question.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + '\n<img src="x.png" onerror="alert(1)">\n',
                        encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "problem(s) in the built pages" in result.stderr
    assert "questions/1/index.html: an event-handler attribute onerror= on <img>" in result.stderr


def test_no_dialog_opens_on_pages_built_from_the_hostile_cases(tmp_path, browser):
    """Suppose every hostile case got past validation: built into a page (a Markdown page of
    its own, through the site's whole pipeline), the audit fails the build, and in the browser
    the page's policy blocks the lot: no dialog opens, whatever loads or gets focus."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    cases = "\n\n".join(text.replace("alert(1)", "alert(document.domain)") for _, text, _ in HOSTILE_TEXT
                        if "\x00" not in text)
    (project / "docs" / "hostile.md").write_text(f"# Hostile cases\n\n{cases}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0 and "hostile/index.html: an event-handler attribute" in result.stderr

    context = browser.new_context()
    tab = context.new_page()
    dialogs, violations = [], []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    visit(tab, (site / "hostile" / "index.html").as_uri())
    tab.wait_for_timeout(1500)  # images fail and elements take focus on their own: handlers would run now
    # And links a reader might click: follow each script link (as the browser parsed it) in place.
    followed = tab.evaluate("""() => {
        const links = [...document.querySelectorAll("article a")].filter(a => /^(javascript|vbscript|data):$/.test(a.protocol));
        links.forEach(a => a.click());
        return links.length;
    }""")
    tab.wait_for_timeout(500)
    context.close()
    assert dialogs == []
    assert violations, "the policy should have reported what it blocked"
    assert followed > 0, "the hostile page should hold script links to follow"
