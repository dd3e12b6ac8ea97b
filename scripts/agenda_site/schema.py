"""The record schema: the one place that knows the shape of the records in `content/`.

Each model matches one kind of YAML file. Everything else (loader, renderer, tests,
the exported JSON Schema) imports these models instead of repeating their fields.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# Raw HTML (a tag, a comment, an entity) or a script URL in a text field would reach
# readers unescaped, since Markdown passes HTML through; records are text, never markup.
MARKUP = re.compile(r"<\s*[A-Za-z!/?]|&#?[A-Za-z0-9]+;|javascript:", re.IGNORECASE)


def no_markup(value: str) -> str:
    found = MARKUP.search(value)
    if found:
        raise ValueError(f"raw HTML or script is not allowed in text (found {found.group(0)!r})")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(no_markup)]
OneLine = Annotated[Text, StringConstraints(max_length=240, pattern=r"^[^\n]*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
ChallengeSection = Annotated[str, StringConstraints(pattern=r"^[2-4]\.[1-9][0-9]?$")]
SubsectionNumber = Annotated[str, StringConstraints(pattern=r"^[2-4]\.[1-9][0-9]?\.[1-9][0-9]?$")]
PdfPage = Annotated[int, Field(ge=1, le=200)]
QuestionNumber = Annotated[int, Field(ge=1)]
ArxivId = Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{4,5}$")]


class Record(BaseModel):
    # A misspelt field is an error, not a silently ignored key.
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Question(Record):
    number: QuestionNumber
    page: PdfPage
    text: Text
    subsections: list[SubsectionNumber] = Field(min_length=1)
    tags: list[Slug] = Field(min_length=1, max_length=3)


class Challenge(Record):
    """content/challenges/<section>.yml: one challenge, its sub-sections and its questions."""

    section: ChallengeSection
    title: OneLine
    slug: Slug
    page: PdfPage
    gist: OneLine
    summary: Text
    takeaway: Text
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
    page: PdfPage
    body: Text


class ProsePage(Record):
    """content/pages/<slug>.yml: a page of prose (introduction, reader's guide, discussion)."""

    title: OneLine
    slug: Slug
    page: PdfPage
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
    openreview_id: OneLine
    question_count: QuestionNumber
    about: Text
    why_it_matters: Text


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


# Which model reads which file; the loader and the JSON Schema export both use this.
RECORD_FILES: dict[str, type[Record]] = {
    "agenda.yml": Paper,
    "themes.yml": ThemesFile,
    "further-reading.yml": FurtherReading,
    "categories/*.yml": Category,
    "challenges/*.yml": Challenge,
    "pages/*.yml": ProsePage,
}


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each kind of record file, by file name (for editors and site/schema/)."""
    return {
        f"{model.__name__.lower()}.schema.json": json.dumps(model.model_json_schema(), indent=2) + "\n"
        for model in RECORD_FILES.values()
    }
