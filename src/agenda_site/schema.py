"""The record schema: the one place that knows the shape of the records in `content/`.

Each model matches one kind of YAML file. Everything else (loader, renderer, tests,
the exported JSON Schema) imports these models instead of repeating their fields.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema,
                      ValidationInfo, field_validator, model_validator)

# The text language of records. Record text is written by strangers and pasted into Markdown
# pages, where Markdown and its extensions (attribute lists, tables, admonitions, blocks) would
# turn it into live markup or reshape the page. So text may be prose with *emphasis*, `code`
# and [links](https://example.org) only, in paragraphs and (in long text) lists; everything
# else is refused, each rule saying why.
# Templates keep every Markdown extension: only what records say is limited.
TEXT_RULES: list[tuple[str, str]] = [
    (r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "a control character ({found!r}); only line breaks are allowed"),
    (r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
     "a bidirectional control character ({found!r}), which can make text read other than it is"),
    (r"^[=+@-]", "text that starts with {found!r}, which a spreadsheet would run as a formula"),
    (r"<", "'<' (raw HTML and <autolinks> are not allowed; write 'less than' or a [link](https://...))"),
    (r"[{}]", "curly braces ({found!r}), which Markdown reads as an attribute list"),
    (r"\|", "'|', which Markdown reads as a table"),
    (r"!\[", "an image ('![')"),
    (r"`{3,}|~{3,}", "a code fence ({found!r})"),
    (r"(?m)^[ \t]*#", "a heading ('#' at the start of a line)"),
    (r"(?m)^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t]*(?:=+|-+)[ \t]*$", "a rule or heading underline ({found!r})"),
    (r"(?i)\[TOC\]", "the table-of-contents marker ('[TOC]')"),
    (r"(?m)^[ \t]*(?:!!!|\?\?\?)", "an admonition ({found!r})"),
    (r"(?m)^[ \t]*/{3}", "a block ('///' at the start of a line, which opens a folded block)"),
    (r"(?m)^[ \t]*>", "a block quote ('>' at the start of a line)"),
    (r"(?m)^(?: {4}|\t)", "a line indented by four spaces or a tab, which Markdown reads as code"),
    (r"(?m)^[ \t]*\[[^\]\n]*\]:", "a link definition ({found!r})"),
]
_TEXT_RULES = [(re.compile(pattern), message) for pattern, message in TEXT_RULES]
# Characters that are not text a reader sees: format characters (zero-width spaces and joiners,
# soft hyphens, the byte-order mark, interlinear annotations, Unicode tags, which can carry an
# invisible copy of a word), line and paragraph separators, private-use, unassigned and
# noncharacter code points (U+FFFE and U+FFFF make XML, so the feeds, ill-formed), surrogates.
# Judged by Unicode category, so that every character of a kind is refused, not a list of them.
INVISIBLE_CATEGORIES = {"Cf": "an invisible format character", "Zl": "a line separator",
                        "Zp": "a paragraph separator", "Co": "a private-use character",
                        "Cn": "an unassigned character or noncharacter", "Cs": "a lone surrogate"}
# A link's target, up to the parenthesis that closes it (one level of nesting, as Markdown has).
LINK = re.compile(r"\]\(((?:[^()]|\([^()]*\))*)(\))?")
# A page of this site by its path from the root ("/questions/17/"), which the renderer turns
# into a link that works on every host.
SITE_PATH = re.compile(r"^/(?:[a-z0-9.-]+/)*(?:#[a-z0-9-]+)?$")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


# Line breaks and tabs, which are control characters but not invisible ones (other rules judge them).
_BREAKS = str.maketrans("", "", "\n\r\t")


def invisible_problem(value: str) -> str | None:
    """The first character of value that no reader would see as text, named."""
    # Every invisible category is among those str.isprintable refuses: most text passes at once.
    if value.translate(_BREAKS).isprintable():
        return None
    for index, character in enumerate(value):
        kind = INVISIBLE_CATEGORIES.get(unicodedata.category(character))
        if kind:
            name = unicodedata.name(character, "no name")
            return f"{kind} (U+{ord(character):04X}, {name}) at character {index + 1}"
    return None


def text_problem(value: str) -> str | None:
    """What, if anything, makes value fall outside the text language of records (every rule
    it breaks, so that one run tells an editor everything)."""
    found = []
    if html.unescape(value) != value:
        entity = re.search(r"&#?[A-Za-z0-9]+;?", value)
        found.append(f"an HTML entity ({entity.group(0) if entity else '&'!r}); write the character itself")
    for pattern, message in _TEXT_RULES:
        match = pattern.search(value)
        if match:
            found.append(message.format(found=match.group(0)))
    invisible = invisible_problem(value)
    if invisible:
        found.append(invisible)
    for link in LINK.finditer(value):
        target = link.group(1)
        if link.group(2) is None:
            found.append("a link with no closing ')'")
            continue
        # Judged as a browser would read it: with white space and control characters removed.
        squeezed = re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", "", html.unescape(target)).lower()
        scheme = SCHEME.match(squeezed)
        if scheme and scheme.group(1) not in ("http", "https"):
            found.append(f"a link to a {scheme.group(1)}: address; links may go to http(s) addresses or this site's pages")
        elif scheme:
            problem = address_problem(target)
            if problem:
                found.append(f"a link to {target!r}: {problem}")
        elif not SITE_PATH.match(target):
            found.append(f"a link to {target!r}; a link goes to an http(s) address or to a page of this site"
                         " by its path, like /questions/17/")
    return "found " + "; and ".join(found) if found else None


def in_text_language(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(f"{problem}. Record text is prose with *emphasis*, `code` and [links](https://...) only")
    return value


def no_line_breaks(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be one line")
    return value


def one_paragraph(value: str) -> str:
    # A question is also shown inside lists and table rows, where a second paragraph or a
    # list would break out of its place.
    if re.search(r"\n[ \t]*\n", value):
        raise ValueError("must be one paragraph (no blank line)")
    if re.search(r"(?m)^[ \t]*(?:[-*+]|[0-9]+[.)])[ \t]", value):
        raise ValueError("must be one paragraph (no list item at the start of a line)")
    return value


class PlainText(str):
    """Record text that is shown as written, never read as Markdown: titles, names, venues.
    The page templates escape it wherever they place it (render.markdown_value), so a title
    holding "*", "[" or a final backslash shows those characters and cannot make a link."""


class Address(str):
    """A web address from a record or built from one (a DOI's, an arXiv page's). The page
    templates percent-encode what Markdown would read inside a link's parentheses."""


def plain(value: str) -> PlainText:
    return PlainText(value)


def _text(max_length: int, *checks) -> type[str]:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(in_text_language), *map(AfterValidator, checks)]


# Lengths are generous for the paper's longest passages and stop a runaway paste.
Text = _text(5000)
Paragraph = _text(1500, one_paragraph)
OneLine = _text(240, no_line_breaks)
# One line with OneLine's rules, long enough for a reference's venue with its editors and pages.
LongLine = _text(600, no_line_breaks)
# The same, shown as written (PlainText): a title, a name, a venue.
PlainLine = _text(240, no_line_breaks, plain)
LongPlainLine = _text(600, no_line_breaks, plain)

# Addresses are parsed, not matched by a loose pattern: only the characters RFC 3986 allows
# (others must be percent-encoded), the http(s) scheme, a host name, no user name (which
# would let "https://arxiv.org@evil.example/" read as arXiv).
RFC3986_CHARACTER = re.compile(r"%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]")
HOST_NAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


def address_problem(value: str, local_hosts: bool = False) -> str | None:
    """What, if anything, makes value no web address a page may link to; with local_hosts,
    this machine's own (localhost, 127.0.0.1) count as hosts too."""
    position = 0
    while position < len(value):
        match = RFC3986_CHARACTER.match(value, position)
        if not match:
            character = value[position]
            return (f"the character {character!r} (U+{ord(character):04X}) at character {position + 1}, which an"
                    " address may not hold as it is (RFC 3986); percent-encode it or leave it out")
        position = match.end()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return "an address starts with https:// (or http://)"
    if "@" in parts.netloc:
        return "an address with a user name before '@', which hides its real host"
    host = (parts.hostname or "").lower()
    if not (HOST_NAME.match(host) or (local_hosts and host in ("localhost", "127.0.0.1"))):
        return f"{host!r} is no host name (an address names its host, like arxiv.org)"
    try:
        parts.port
    except ValueError:
        return "its port is no number from 1 to 65535"
    return None


def web_address(value: str) -> Address:
    problem = address_problem(value)
    if problem:
        raise ValueError(f"not a web address: {problem}")
    return Address(value)


def doi_problem(value: str) -> str | None:
    # The characters Crossref advises DOIs to use; a final full stop or comma is the sentence's.
    if not re.fullmatch(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+", value):
        return "a DOI is 10.<registrant>/<suffix>, in letters, digits and - . _ ; ( ) / :"
    if value.endswith((".", ",", ";", ":")):
        return f"a DOI does not end with {value[-1]!r} (the sentence's punctuation, not the DOI's)"
    return None


def doi(value: str) -> str:
    problem = doi_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
ChallengeSection = Annotated[str, StringConstraints(pattern=r"^[2-4]\.[1-9][0-9]?$")]
SubsectionNumber = Annotated[str, StringConstraints(pattern=r"^[2-4]\.[1-9][0-9]?\.[1-9][0-9]?$")]
PdfPage = Annotated[int, Field(ge=1, le=200)]
QuestionNumber = Annotated[int, Field(ge=1, le=10000)]
ArxivId = Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{4,5}$")]
# An identifier as a reference prints it: new-style or old-style ("cs/0601001") arXiv id, with a
# version only if printed; a DOI; a web address.
PrintedArxivId = Annotated[str, StringConstraints(
    pattern=r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")]
Doi = Annotated[str, StringConstraints(max_length=300), AfterValidator(doi)]
WebAddress = Annotated[str, StringConstraints(max_length=600), AfterValidator(web_address)]
# A work in the paper's reference list, named as its citation prints: the first author's surname
# in ASCII lower-case letters, the year and its suffix letter ("akyurek2022a"), and, where two
# works would share that, the second author's surname ("wang2023a-zhang").
RefId = Annotated[str, StringConstraints(pattern=r"^[a-z]+[0-9]{4}[a-z]?(-[a-z0-9]+)?$")]

# Every list a record holds has a bound, so that what one record adds to the site (which copies
# some lists into several files) stays in proportion to its size. Generous for the paper's own
# longest lists (42 authors, 35 questions in one challenge).
MAX_AUTHORS = 100
MAX_CITES = 300


def work_link(arxiv: str | None, doi: str | None, url: str | None) -> Address | None:
    """Where a reader finds a work: its arXiv page, its DOI, or the address given (references
    and progress entries alike)."""
    if arxiv:
        return Address(f"https://arxiv.org/abs/{arxiv}")
    if doi:
        return Address(f"https://doi.org/{doi}")
    return Address(url) if url else None


class Record(BaseModel):
    # A misspelt field is an error, not a silently ignored key; and a value of the wrong type
    # is an error, not converted ("1", true or 16.0 are no question number).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Theme(Record):
    id: Slug
    title: PlainLine
    description: Text


# A page's address on this site, from its root: "/scientific-understanding/capabilities/".
PageAddress = Annotated[str, StringConstraints(pattern=r"^/(?:[a-z0-9.-]+/)*$", max_length=200)]


class MovedPage(Record):
    """A page that moved: its old address keeps working, and sends the reader on to the new one."""

    old: PageAddress
    new: PageAddress


class MovedPagesFile(Record):
    """content/moved.yml: every page that has moved since it was published. URLs are a promise
    (site_tests/published_urls.txt lists every one): a page whose slug changes gets a line here."""

    moved: list[MovedPage] = Field(max_length=1000)


# An edition's name: the year and month of its release, "v2026.12", with ".2", ".3" for a second
# and third edition released in one month (editions.py says why calendar names).
EDITION_NAME = r"^v[0-9]{4}\.(?:0[1-9]|1[0-2])(?:\.[2-9]|\.[1-9][0-9]+)?$"


def edition_name(value: str) -> str:
    if not re.match(EDITION_NAME, value):
        raise ValueError("an edition is named by the year and month of its release, vYYYY.MM (v2026.12),"
                         " with .2, .3 for a second, third one in a month")
    return value


EditionName = Annotated[str, StringConstraints(max_length=20), AfterValidator(edition_name)]


class EditionDoi(Record):
    """The DOI an edition was given once released (Zenodo gives each release one)."""

    edition: EditionName
    doi: Doi


class EditionsFile(Record):
    """content/editions.yml: the DOI of each released edition, added once it exists."""

    editions: list[EditionDoi] = Field(max_length=1000)


class ThemesFile(Record):
    """content/themes.yml: the controlled vocabulary of question tags."""

    themes: list[Theme] = Field(min_length=1, max_length=100)


class Subsection(Record):
    section: SubsectionNumber
    title: PlainLine
    page: PdfPage
    summary: Text
    # The works the sub-section's text cites, in order of first citation.
    cites: list[RefId] = Field(default=[], max_length=MAX_CITES)


class Question(Record):
    number: QuestionNumber
    page: PdfPage
    text: Paragraph
    subsections: list[SubsectionNumber] = Field(min_length=1, max_length=30)
    tags: list[Slug] = Field(min_length=1, max_length=3)
    # The works the printed question itself cites.
    cites: list[RefId] = Field(default=[], max_length=MAX_CITES)


class Challenge(Record):
    """content/challenges/<section>.yml: one challenge, its sub-sections and its questions."""

    section: ChallengeSection
    title: PlainLine
    slug: Slug
    page: PdfPage
    gist: OneLine
    summary: Text
    takeaway: Text
    # The works the challenge's introduction (before its first sub-section) cites.
    cites: list[RefId] = Field(default=[], max_length=MAX_CITES)
    subsections: list[Subsection] = Field(min_length=1, max_length=30)
    questions: list[Question] = Field(min_length=1, max_length=100)


class Category(Record):
    """content/categories/<number>.yml: one of the paper's three categories of challenges."""

    number: Literal[2, 3, 4]
    title: PlainLine
    slug: Slug
    page: PdfPage
    gist: OneLine
    introduction: Text


class ProseSection(Record):
    heading: PlainLine
    section: Annotated[str, StringConstraints(pattern=r"^[1-5](\.[0-9]+)*$")] | None = None
    # None on a page about this site (about.yml): it restates no part of the paper.
    page: PdfPage | None = None
    body: Text


class ProsePage(Record):
    """content/pages/<slug>.yml: a page of prose (introduction, reader's guide, discussion, and
    the page about this site)."""

    title: PlainLine
    slug: Slug
    page: PdfPage | None = None
    description: OneLine
    sections: list[ProseSection] = Field(min_length=1, max_length=30)


class Paper(Record):
    """content/agenda.yml: the paper itself, and what the home page says about it."""

    title: PlainLine
    short_title: PlainLine
    authors: list[PlainLine] = Field(min_length=1, max_length=MAX_AUTHORS)
    venue: PlainLine
    venue_short: PlainLine
    year: int
    month: Annotated[int, Field(ge=1, le=12)]
    arxiv_id: ArxivId
    arxiv_version: Annotated[str, StringConstraints(pattern=r"^v\d+$")]
    openreview_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    question_count: QuestionNumber
    about: Text
    why_it_matters: Text

    @property
    def first_posted(self) -> tuple[int, int]:
        """(year, month) the paper first appeared, read from its arXiv identifier (YYMM.NNNNN):
        the date from which every question stands "open as posed"."""
        return 2000 + int(self.arxiv_id[:2]), int(self.arxiv_id[2:4])


class Topic(Record):
    id: Slug
    title: PlainLine
    summary: Text


class Work(Record):
    """A companion survey: what it is and, in the site's own words, what it covers."""

    id: Slug
    title: PlainLine
    authors: list[PlainLine] = Field(min_length=1, max_length=MAX_AUTHORS)
    authors_complete: bool
    year: Annotated[int, Field(ge=1900, le=2100)]
    arxiv_id: ArxivId
    summary: Text
    topics: list[Topic] = Field(min_length=1, max_length=50)


class ReadingLink(Record):
    """One topic of one work that speaks to one challenge (and, optionally, some of its sub-sections)."""

    work: Slug
    topic: Slug
    challenge: ChallengeSection
    subsections: list[SubsectionNumber] = Field(default=[], max_length=30)


class FurtherReading(Record):
    """content/further-reading.yml: companion surveys, and which challenges their topics touch."""

    works: list[Work] = Field(min_length=1, max_length=50)
    links: list[ReadingLink] = Field(min_length=1, max_length=500)


class Reference(Record):
    """One entry of the paper's reference list, its bibliographic facts as printed.

    The id is the first author's surname as the paper's in-text citations print it ("Wei et al.
    (2023b)" -> wei; organisations as cited: "OpenAI (2023a)" -> openai, "Gemini Team" ->
    geminiteam; particles kept: "van der Goot" -> vandergoot), folded to ASCII lowercase letters
    (Dębowski -> debowski), then the year, then the paper's suffix letter: wei2023b. When two
    entries would get the same id, the first in the paper's order keeps it; each later one gets
    "-" and its second author's surname, folded (wei2023b-wang), or "-2", "-3" if it has no second
    author.
    """

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]+\d{4}[a-z]?(?:-[a-z0-9]+)?$", max_length=80)]
    # Empty only for the entries that print no author (the paper cites them by a short key).
    authors: list[PlainLine] = Field(max_length=MAX_AUTHORS)
    et_al: bool = False  # the paper printed "et al." after these authors
    elided: bool = False  # the paper printed "…" before the last of these authors, leaving names out
    editors: bool = False  # the names are the work's editors ("Noam Nisan, editor.")
    # Which of the authors are organisations, not people ("White House"): a citation keeps such
    # a name whole instead of reading a surname out of it.
    organisations: list[PlainLine] = Field(default=[], max_length=MAX_AUTHORS)
    title: PlainLine
    venue: LongPlainLine | None = None  # what the entry prints between the title and the date
    date: PlainLine | None = None  # month or day printed before the year ("October", "April 7")
    year: Annotated[int, Field(ge=1600, le=2100)]
    suffix: Annotated[str, StringConstraints(pattern=r"^[a-z]$")] | None = None
    arxiv: PrintedArxivId | None = None
    # The paper prints no identifier for the work: its arXiv id was read from the work's own
    # abstract page, whose title and authors match the entry (tools/reference_repairs.yml).
    arxiv_looked_up: bool = False
    doi: Doi | None = None
    url: WebAddress | None = None
    note: LongPlainLine | None = None  # what the entry prints after the date besides identifiers (ISSN, "Accessed on: ...")
    # Where the paper cites it, when that is not a challenge, sub-section or question
    # ("Section 1", "Section 5.2", "Table 1").
    cited_elsewhere: PlainLine | None = None

    @field_validator("arxiv_looked_up")
    @classmethod
    def looked_up_means_an_arxiv_id(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("arxiv"):
            raise ValueError("an entry says its arXiv id was looked up only when it has one (arxiv)")
        return value

    @model_validator(mode="after")
    def organisations_are_authors(self):
        strangers = [name for name in self.organisations if name not in self.authors]
        if strangers:
            raise ValueError(f"organisations must be among the authors: {', '.join(strangers)} is not")
        return self

    @property
    def link(self) -> str | None:
        return work_link(self.arxiv, self.doi, self.url)


class ReferencesFile(Record):
    """content/references/p<page>.yml: the reference-list entries that begin on one PDF page, in order."""

    page: PdfPage
    references: list[Reference] = Field(max_length=100)


# Progress since the paper: dated entries in content/progress/, one file per work.

# How a work bears on a question, with the words pages show for each (one vocabulary, one place).
RELATIONS: dict[str, str] = {
    "addresses": "addresses",
    "partly-addresses": "partly addresses",
    "reframes": "reframes",
    "evidence-against": "evidence against",
    "new-benchmark": "new benchmark",
    "new-method": "new method",
}
# Where a question stands, computed from the recorded works, never typed: the first status
# whose rule holds, in this order. Each status names the relations that give it.
STATUSES: dict[str, str] = {
    "reframed": "Reframed",
    "partial-answers": "Partial answers",
    "active": "Active",
    "open": "Open as posed",
}
STATUS_RELATIONS: dict[str, tuple[str, ...]] = {
    "reframed": ("reframes",),
    "partial-answers": ("addresses", "partly-addresses"),
    "active": ("new-benchmark", "new-method", "evidence-against"),
    "open": (),
}
# The rule of each status, as the Progress page and CONTRIBUTING.md state it.
STATUS_MEANINGS: dict[str, str] = {
    "reframed": "At least one recorded work argues that the question is better asked another way.",
    "partial-answers": "No recorded work reframes the question, and at least one addresses it, or part of it, "
                       "in some setting; the rest stays open.",
    "active": "Recorded works bear on the question (a new benchmark, a new method, or evidence against a premise "
              "or hoped-for approach), and none yet answers any part of it.",
    "open": "No recorded work bears on the question yet.",
}
Relation = Literal[tuple(RELATIONS)]
Status = Literal[tuple(STATUSES)]
# A work's date as its own page gives it: a full date, or a year and month when that is all the
# venue states. YAML reads an unquoted 2024-06-10 as a date and an unquoted 2025-11 as text.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


class UnreadDate(str):
    """What the loader gives for a value YAML took for a date but that is none (2025-13-01):
    the text as written, so that the field's check can say what is wrong with it."""


def _date_problem(text: str) -> str:
    """Why a date written YYYY-MM-DD or YYYY-MM is no date, in words."""
    year, month, *day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"{text} is no date: there is no month {month} (months are 01 to 12)"
    if day:
        return f"{text} is no date: {MONTHS[month - 1]} {year} has no day {day[0]}"
    return f"{text} is no date"


def _calendar_date(value: object, month_only: bool) -> datetime.date | str:
    if month_only and isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
        # A year alone, when that is all the work's own page gives (a proceedings page).
        return str(value)
    if isinstance(value, datetime.datetime):
        raise ValueError("give a day, not a time (as 2024-06-10)")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, UnreadDate):
        raise ValueError(_date_problem(value))
    if isinstance(value, str) and month_only and re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
        if not 1 <= int(value[5:]) <= 12:
            raise ValueError(_date_problem(value))
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", value.strip()):
        raise ValueError(f"a date is written without quotes, as {value.strip()}")
    shape = ("2024-06-10, or 2024-06 when only the month is known, or 2025 when only the year is"
             if month_only else "2024-06-10")
    raise ValueError(f"{value!r} is no date; write it as {shape}, without quotes")


# Each date check names what is wrong in words ("there is no month 13"), not a pattern.
WorkDate = Annotated[datetime.date | str, PlainValidator(lambda value: _calendar_date(value, month_only=True)),
                     WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                                               {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"},
                                               {"type": "integer", "minimum": 2000, "maximum": 2100}]})]
Day = Annotated[datetime.date, PlainValidator(lambda value: _calendar_date(value, month_only=False)),
                WithJsonSchema({"type": "string", "format": "date"})]
# How many questions one entry may bear on (and move): a survey's reach, not the whole agenda.
MAX_ENTRY_QUESTIONS = 30


class ProgressWork(Record):
    """The work an entry records: facts read from its own page, and exactly one address."""

    title: PlainLine
    authors: list[PlainLine] = Field(min_length=1, max_length=MAX_AUTHORS)
    # False when the list stops short of the work's full author list.
    authors_complete: bool
    date: WorkDate
    arxiv: ArxivId | None = None
    doi: Doi | None = None
    url: WebAddress | None = None

    @model_validator(mode="after")
    def one_address(self):
        given = [name for name in ("arxiv", "doi", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of arxiv, doi or url (found {len(given) or 'none'})")
        return self

    @property
    def link(self) -> str:
        return work_link(self.arxiv, self.doi, self.url)

    @property
    def sort_date(self) -> tuple[int, int, int]:
        """The date as (year, month, day); a month-only date sorts before that month's days, a
        year-only date before that year's months."""
        if isinstance(self.date, datetime.date):
            return (self.date.year, self.date.month, self.date.day)
        year, _, month = self.date.partition("-")
        return (int(year), int(month or 0), 0)

    @property
    def date_text(self) -> str:
        """The date as pages and data give it: 2024-06-10, 2024-06 or 2025."""
        return self.date.isoformat() if isinstance(self.date, datetime.date) else self.date


class ProgressQuestion(Record):
    number: QuestionNumber
    relation: Relation
    # Overrides the entry's shared note for this question.
    note: Paragraph | None = None


class ProgressEntry(Record):
    """content/progress/<work>.yml: one work since the paper and the questions it bears on."""

    work: ProgressWork
    questions: list[ProgressQuestion] = Field(min_length=1, max_length=MAX_ENTRY_QUESTIONS)
    # What the work does, in the site's own words; a question's own note takes its place.
    note: Paragraph | None = None
    # When the entry was recorded on the site, and where its facts can be checked again.
    recorded: Day
    verified_from: WebAddress
    proposed_by: PlainLine | None = None

    @model_validator(mode="after")
    def every_question_has_a_note(self):
        if self.note is None and any(q.note is None for q in self.questions):
            raise ValueError("give a shared note, or a note for every question")
        return self

    @property
    def question_numbers(self) -> list[int]:
        """The questions it bears on, each once, in the record's order."""
        return list(dict.fromkeys(q.number for q in self.questions))

    def note_for(self, number: int) -> str:
        return next(q.note for q in self.questions if q.number == number) or self.note


class Review(Record):
    """One question's latest review: when someone last searched for later work on it, what they
    searched, and (optionally) what they made of it, in the site's own words."""

    question: QuestionNumber
    reviewed: Day
    searched: Paragraph
    finding: Paragraph | None = None


class ReviewsFile(Record):
    """content/reviews/<section>.yml: the latest review of each question of one challenge."""

    section: ChallengeSection
    reviews: list[Review] = Field(min_length=1, max_length=100)


# Which model reads which file; the loader and the JSON Schema export both use this.
RECORD_FILES: dict[str, type[Record]] = {
    "agenda.yml": Paper,
    "themes.yml": ThemesFile,
    "further-reading.yml": FurtherReading,
    "categories/*.yml": Category,
    "challenges/*.yml": Challenge,
    "pages/*.yml": ProsePage,
    "references/*.yml": ReferencesFile,
    "progress/*.yml": ProgressEntry,
    "reviews/*.yml": ReviewsFile,
    "moved.yml": MovedPagesFile,
    "editions.yml": EditionsFile,
}


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each kind of record file, by file name (for editors and site/schema/)."""
    return {
        f"{model.__name__.lower()}.schema.json": json.dumps(model.model_json_schema(), indent=2) + "\n"
        for model in RECORD_FILES.values()
    }
