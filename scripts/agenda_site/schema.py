"""The record schema: the one place that knows the shape of the records in `content/`.

Each model matches one kind of YAML file. Everything else (loader, renderer, tests,
the exported JSON Schema) imports these models instead of repeating their fields.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

# The text language of records. Record text is written by strangers and pasted into Markdown
# pages, where Markdown and its extensions (attribute lists, tables, admonitions) would turn
# it into live markup or reshape the page. So text may be prose with *emphasis*, `code` and
# [links](https://example.org) only, in paragraphs and (in long text) lists; everything else is
# refused, each rule saying why.
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
    (r"(?m)^[ \t]*>", "a block quote ('>' at the start of a line)"),
    (r"(?m)^(?: {4}|\t)", "a line indented by four spaces or a tab, which Markdown reads as code"),
    (r"(?m)^[ \t]*\[[^\]\n]*\]:", "a link definition ({found!r})"),
]
_TEXT_RULES = [(re.compile(pattern), message) for pattern, message in TEXT_RULES]
# A link's target, up to the parenthesis that closes it (one level of nesting, as Markdown has).
LINK = re.compile(r"\]\(((?:[^()]|\([^()]*\))*)(\))?")
# Where a link may go: the web over http(s), or a page of this site by its path from the root
# ("/questions/17/"), which the renderer turns into a link that works on every host.
LINK_TARGET = re.compile(r"^(?:https?://[^\s\"'<>\\]+|/(?:[a-z0-9.-]+/)*(?:#[a-z0-9-]+)?)$")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


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
        elif not LINK_TARGET.match(target):
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


def _text(max_length: int, *checks) -> type[str]:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(in_text_language), *map(AfterValidator, checks)]


# Lengths are generous for the paper's longest passages and stop a runaway paste.
Text = _text(5000)
Paragraph = _text(1500, one_paragraph)
OneLine = _text(240, no_line_breaks)
# One line with OneLine's rules, long enough for a reference's venue with its editors and pages.
LongLine = _text(600, no_line_breaks)
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
Doi = Annotated[str, StringConstraints(pattern=r"^10\.[0-9]{4,9}/[^\s<>\"{}|\\^`]+$", max_length=300)]
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"'{}|\\^`]+$", max_length=600)]
# A work in the paper's reference list, named as its citation prints: the first author's surname
# in ASCII lower-case letters, the year and its suffix letter ("akyurek2022a"), and, where two
# works would share that, the second author's surname ("wang2023a-zhang").
RefId = Annotated[str, StringConstraints(pattern=r"^[a-z]+[0-9]{4}[a-z]?(-[a-z0-9]+)?$")]


def work_link(arxiv: str | None, doi: str | None, url: str | None) -> str | None:
    """Where a reader finds a work: its arXiv page, its DOI, or the address given (references
    and progress entries alike)."""
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    if doi:
        return f"https://doi.org/{doi}"
    return url


class Record(BaseModel):
    # A misspelt field is an error, not a silently ignored key; and a value of the wrong type
    # is an error, not converted ("1", true or 16.0 are no question number).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Theme(Record):
    id: Slug
    title: OneLine
    description: Text


class ThemesFile(Record):
    """content/themes.yml: the controlled vocabulary of question tags."""

    themes: list[Theme] = Field(min_length=1)


class Subsection(Record):
    section: SubsectionNumber
    title: OneLine
    page: PdfPage
    summary: Text
    # The works the sub-section's text cites, in order of first citation.
    cites: list[RefId] = []


class Question(Record):
    number: QuestionNumber
    page: PdfPage
    text: Paragraph
    subsections: list[SubsectionNumber] = Field(min_length=1)
    tags: list[Slug] = Field(min_length=1, max_length=3)
    # The works the printed question itself cites.
    cites: list[RefId] = []


class Challenge(Record):
    """content/challenges/<section>.yml: one challenge, its sub-sections and its questions."""

    section: ChallengeSection
    title: OneLine
    slug: Slug
    page: PdfPage
    gist: OneLine
    summary: Text
    takeaway: Text
    # The works the challenge's introduction (before its first sub-section) cites.
    cites: list[RefId] = []
    subsections: list[Subsection] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


class Category(Record):
    """content/categories/<number>.yml: one of the paper's three categories of challenges."""

    number: Literal[2, 3, 4]
    title: OneLine
    slug: Slug
    page: PdfPage
    gist: OneLine
    introduction: Text


class ProseSection(Record):
    heading: OneLine
    section: Annotated[str, StringConstraints(pattern=r"^[1-5](\.[0-9]+)*$")] | None = None
    # None on a page about this site (about.yml): it restates no part of the paper.
    page: PdfPage | None = None
    body: Text


class ProsePage(Record):
    """content/pages/<slug>.yml: a page of prose (introduction, reader's guide, discussion, and
    the page about this site)."""

    title: OneLine
    slug: Slug
    page: PdfPage | None = None
    description: OneLine
    sections: list[ProseSection] = Field(min_length=1)


class Paper(Record):
    """content/agenda.yml: the paper itself, and what the home page says about it."""

    title: OneLine
    short_title: OneLine
    authors: list[OneLine] = Field(min_length=1)
    venue: OneLine
    venue_short: OneLine
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
    title: OneLine
    summary: Text


class Work(Record):
    """A companion survey: what it is and, in the site's own words, what it covers."""

    id: Slug
    title: OneLine
    authors: list[OneLine] = Field(min_length=1)
    authors_complete: bool
    year: Annotated[int, Field(ge=1900, le=2100)]
    arxiv_id: ArxivId
    summary: Text
    topics: list[Topic] = Field(min_length=1)


class ReadingLink(Record):
    """One topic of one work that speaks to one challenge (and, optionally, some of its sub-sections)."""

    work: Slug
    topic: Slug
    challenge: ChallengeSection
    subsections: list[SubsectionNumber] = []


class FurtherReading(Record):
    """content/further-reading.yml: companion surveys, and which challenges their topics touch."""

    works: list[Work] = Field(min_length=1)
    links: list[ReadingLink] = Field(min_length=1)


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
    authors: list[OneLine]
    et_al: bool = False  # the paper printed "et al." after these authors
    title: OneLine
    venue: LongLine | None = None  # what the entry prints between the title and the date
    date: OneLine | None = None  # month or day printed before the year ("October", "April 7")
    year: Annotated[int, Field(ge=1600, le=2100)]
    suffix: Annotated[str, StringConstraints(pattern=r"^[a-z]$")] | None = None
    arxiv: PrintedArxivId | None = None
    doi: Doi | None = None
    url: WebAddress | None = None
    note: LongLine | None = None  # what the entry prints after the date besides identifiers (ISSN, "Accessed on: ...")
    # Where the paper cites it, when that is not a challenge, sub-section or question
    # ("Section 1", "Section 5.2", "Table 1").
    cited_elsewhere: OneLine | None = None

    @property
    def link(self) -> str | None:
        return work_link(self.arxiv, self.doi, self.url)


class ReferencesFile(Record):
    """content/references/p<page>.yml: the reference-list entries that begin on one PDF page, in order."""

    page: PdfPage
    references: list[Reference]


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
# Where a question stands. Every question starts "open as posed" with the paper, and moves only
# by an entry's status move, which gives its reason.
STATUSES: dict[str, str] = {
    "open": "Open as posed",
    "active": "Active",
    "partial-answers": "Partial answers",
    "reframed": "Reframed",
}
# What each status claims, as the Progress page and CONTRIBUTING.md explain it.
STATUS_MEANINGS: dict[str, str] = {
    "open": "No recorded work has changed where the question stands since the paper asked it.",
    "active": "Several recorded works attack the question; none yet answers any part of it.",
    "partial-answers": "Recorded work answers part of the question, in some settings; the rest stays open.",
    "reframed": "Recorded work argues the question is better asked another way.",
}
Relation = Literal[tuple(RELATIONS)]
Status = Literal[tuple(STATUSES)]
# A work's date as its own page gives it: a full date, or a year and month when that is all the
# venue states. YAML reads an unquoted 2024-06-10 as a date and an unquoted 2025-11 as text.
YearMonth = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]


class ProgressWork(Record):
    """The work an entry records: facts read from its own page, and exactly one address."""

    title: OneLine
    authors: list[OneLine] = Field(min_length=1)
    # False when the list stops short of the work's full author list.
    authors_complete: bool
    date: datetime.date | YearMonth
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
        """The date as (year, month, day); a month-only date sorts before that month's days."""
        if isinstance(self.date, datetime.date):
            return (self.date.year, self.date.month, self.date.day)
        year, month = self.date.split("-")
        return (int(year), int(month), 0)


class ProgressQuestion(Record):
    number: QuestionNumber
    relation: Relation
    # Overrides the entry's shared note for this question.
    note: Paragraph | None = None


class StatusMove(Record):
    question: QuestionNumber
    becomes: Status
    reason: OneLine


class ProgressEntry(Record):
    """content/progress/<work>.yml: one work since the paper and the questions it bears on."""

    work: ProgressWork
    questions: list[ProgressQuestion] = Field(min_length=1)
    # What the work does, in the site's own words; a question's own note takes its place.
    note: Paragraph | None = None
    # A status move says why a question now stands elsewhere; the latest move holds.
    status: list[StatusMove] = []
    # When the entry was recorded on the site, and where its facts can be checked again.
    recorded: datetime.date
    verified_from: WebAddress
    proposed_by: OneLine | None = None

    @model_validator(mode="after")
    def every_question_has_a_note(self):
        if self.note is None and any(q.note is None for q in self.questions):
            raise ValueError("give a shared note, or a note for every question")
        return self

    def note_for(self, number: int) -> str:
        return next(q.note for q in self.questions if q.number == number) or self.note


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
}


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each kind of record file, by file name (for editors and site/schema/)."""
    return {
        f"{model.__name__.lower()}.schema.json": json.dumps(model.model_json_schema(), indent=2) + "\n"
        for model in RECORD_FILES.values()
    }
