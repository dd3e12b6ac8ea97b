"""The shape of the data the site publishes for reuse: site/agenda.json and
site/api/questions/<N>.json.

These models are the one place that defines that shape; site/schema/agenda.schema.json and
site/schema/question.schema.json are generated from them, and the Data and downloads page lists
their fields from them. Their values come from validated records, so they check shape, not text.
"""

from __future__ import annotations

import datetime
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .agenda import Agenda
from .schema import RELATIONS, STATUS_MEANINGS, STATUSES, ProgressEntry, Relation, Status

QUESTION_SCHEMA_NAME = "question.schema.json"
AGENDA_SCHEMA_NAME = "agenda.schema.json"


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkData(Data):
    title: str
    authors: list[str]
    authors_complete: bool
    date: str = Field(description="YYYY-MM-DD, or YYYY-MM (YYYY) when the work's own page gives only a month (a year)")
    url: str = Field(description="The work's arXiv, DOI or web address")


class EntryQuestionData(Data):
    number: int
    relation: Relation
    note: str


class EntryData(Data):
    """One progress entry, as agenda.json lists them."""

    id: str = Field(description="The entry's permanent id: its record's file name without .yml")
    work: WorkData
    recorded: datetime.date
    questions: list[EntryQuestionData]


class QuestionEntryData(Data):
    id: str
    work: WorkData
    recorded: datetime.date
    relation: Relation
    relation_label: str
    note: str


class StatusData(Data):
    status: Status
    label: str
    since: str = Field(description="The date of the earliest recorded work that gives the status (its own date:"
                                   " YYYY-MM-DD, YYYY-MM or YYYY), or YYYY-MM, the paper's month, while it is open")
    rule: str = Field(description="The rule that gives the status, the same for every question")
    entries: list[str] = Field(description="The ids of the entries that give the status, the earliest work first")


class ReviewData(Data):
    reviewed: datetime.date = Field(description="When the question was last reviewed for later work")
    searched: str = Field(description="What that review searched")
    finding: str | None = Field(description="What it made of what it found, if the review says")


class QuestionData(Data):
    """api/questions/<N>.json: one research question and where it stands since the paper."""

    schema_: Literal["../../schema/question.schema.json"] = Field(
        alias="$schema", description="The JSON Schema the file follows, relative to the file")
    number: int = Field(description="The paper's number for the question")
    challenge: str = Field(description="The section of its challenge")
    text: str = Field(description="The question, in this site's own words")
    url: str = Field(description="The question's page, relative to the site root")
    page: int = Field(description="The paper's PDF page the question is on")
    tags: list[str] = Field(description="Its theme ids")
    status: StatusData = Field(description="Where it stands since the paper, since when, and which entries give it")
    review: ReviewData | None = Field(description="Its latest review for later work")
    feed: str = Field(description="Its Atom feed, relative to the site root")
    progress: list[QuestionEntryData] = Field(description="Recorded works, the newest first")


# agenda.json: the whole agenda. URLs in it are relative to the site root.

class PaperData(Data):
    title: str
    authors: list[str]
    venue: str
    year: int
    arxiv: str = Field(description="The arXiv identifier with its version")
    url: str = Field(description="The paper's arXiv abstract page")


class CategoryData(Data):
    number: int = Field(description="The paper's section number (2, 3 or 4)")
    title: str
    url: str
    gist: str
    challenges: list[str] = Field(description="The sections of its challenges")


class SubsectionData(Data):
    section: str
    title: str
    page: int = Field(description="The paper's PDF page it begins on")
    cites: list[str] = Field(description="Reference ids, in order of first citation")


class RelatedReadingData(Data):
    work: str = Field(description="The id of a work in related_works")
    topic: str
    subsections: list[str]
    url: str


class ChallengeData(Data):
    section: str
    title: str
    url: str
    category: int
    page: int = Field(description="The paper's PDF page it begins on")
    gist: str
    summary: str
    takeaway: str
    cites: list[str] = Field(description="Reference ids its introduction cites")
    subsections: list[SubsectionData]
    questions: list[int] = Field(description="The numbers of its research questions")
    related_reading: list[RelatedReadingData]


class TopicData(Data):
    id: str
    title: str
    summary: str


class RelatedWorkData(Data):
    id: str
    title: str
    authors: list[str]
    authors_complete: bool
    year: int
    arxiv: str
    url: str
    summary: str
    topics: list[TopicData]


class AgendaQuestionData(Data):
    number: int
    challenge: str
    subsections: list[str]
    text: str
    url: str
    page: int
    tags: list[str] = Field(description="Theme ids")
    cites: list[str]
    status: StatusData
    review: ReviewData | None
    api: str = Field(description="Its own data file, api/questions/<N>.json")


class ReferenceData(Data):
    id: str
    authors: list[str]
    et_al: bool
    elided: bool = Field(description="The paper printed '…' before the last author, leaving names out")
    editors: bool = Field(description="The names are the work's editors, not its authors")
    organisations: list[str] = Field(description="Those of the authors that are organisations, not people")
    title: str
    venue: str | None
    year: int
    suffix: str | None
    arxiv: str | None
    arxiv_looked_up: bool = Field(description="The paper prints no identifier: the arXiv id is from the "
                                              "work's own abstract page")
    doi: str | None
    url: str | None
    page: int = Field(description="The PDF page of the reference list it is on")
    bibliography_url: str


class StatusInfo(Data):
    id: Status
    label: str
    meaning: str


class RelationInfo(Data):
    id: Relation
    label: str


class ThemeData(Data):
    id: str
    title: str
    description: str
    url: str


class AgendaData(Data):
    """agenda.json: the whole agenda as data, with statuses and progress since the paper."""

    schema_: Literal["schema/agenda.schema.json"] = Field(
        alias="$schema", description="The JSON Schema the file follows, relative to the file")
    paper: PaperData = Field(description="The paper's title, authors, venue, year and arXiv identifier")
    categories: list[CategoryData] = Field(description="The categories, each with the sections of its challenges")
    challenges: list[ChallengeData] = Field(description=(
        "The challenges, each with its summary, takeaway, sub-sections, question numbers, works cited and related "
        "reading"))
    related_works: list[RelatedWorkData] = Field(description="The companion surveys and their topics")
    questions: list[AgendaQuestionData] = Field(
        description="The research questions, each with its text, sub-sections, themes, works cited and status")
    references: list[ReferenceData] = Field(description="The paper's reference list, in its order")
    statuses: list[StatusInfo] = Field(description="What each status means")
    relations: list[RelationInfo] = Field(description="How a recorded work can bear on a question")
    progress: list[EntryData] = Field(description="Works recorded since the paper, the newest first")
    themes: list[ThemeData] = Field(description="The themes that tag the questions")


class EditionChangeData(Data):
    question: int | None = Field(description="The question the change concerns, if one")
    kind: str = Field(description="What sort of change: a key of the change log's kinds (changes.KINDS)")
    subject: str = Field(description="What changed, in a few words")
    record: str | None = Field(description="For a reference or a challenge: its id or section")
    touches: list[int] = Field(description="The questions whose pages it changes: its own; for a reference,"
                                           " the questions citing it; for a challenge, its questions")


class EditionData(Data):
    """An edition's manifest (editions/<edition>/edition.json): what it is, and what changed in
    it since the edition before."""

    edition: str = Field(description="Its name: vYYYY.MM, the year and month of its release")
    date: datetime.date = Field(description="The date of the commit its records are taken from")
    commit: str = Field(description="That commit, in full")
    previous: str | None = Field(description="The edition before it, which its changes are counted from")
    changes: list[EditionChangeData]
    files: dict[str, int] = Field(description="Its files, by path in its folder, with their sizes in bytes")


def work_data(entry: ProgressEntry) -> WorkData:
    work = entry.work
    return WorkData(title=work.title, authors=list(work.authors), authors_complete=work.authors_complete,
                    date=work.date_text, url=work.link)


def status_data(agenda: Agenda, number: int) -> StatusData:
    standing = agenda.standing(number)
    return StatusData(status=standing.status, label=STATUSES[standing.status], since=standing.since,
                      rule=STATUS_MEANINGS[standing.status], entries=list(standing.entries))


def review_data(agenda: Agenda, number: int) -> ReviewData | None:
    review = agenda.reviews.get(number)
    return ReviewData(reviewed=review.reviewed, searched=review.searched, finding=review.finding) if review else None


def question_data(agenda: Agenda, number: int, url: str, feed: str) -> QuestionData:
    question = next(q for q in agenda.questions if q.number == number)
    return QuestionData.model_validate({
        "$schema": "../../schema/question.schema.json", "number": number,
        "challenge": agenda.challenge_of[number].section, "text": question.text, "url": url,
        "page": question.page, "tags": list(question.tags), "status": status_data(agenda, number),
        "review": review_data(agenda, number), "feed": feed,
        "progress": [QuestionEntryData(id=id_, work=work_data(entry), recorded=entry.recorded,
                                       relation=q.relation, relation_label=RELATIONS[q.relation],
                                       note=entry.note_for(number))
                     for id_, entry in agenda.progress_on(number)
                     for q in entry.questions if q.number == number],
    })


def entry_data(id_: str, entry: ProgressEntry) -> EntryData:
    return EntryData(id=id_, work=work_data(entry), recorded=entry.recorded,
                     questions=[EntryQuestionData(number=q.number, relation=q.relation, note=entry.note_for(q.number))
                                for q in entry.questions])


def to_json(model: Data) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"


def question_schema() -> str:
    schema = QuestionData.model_json_schema(by_alias=True)
    return json.dumps(schema, indent=2) + "\n"


def agenda_schema() -> str:
    schema = AgendaData.model_json_schema(by_alias=True)
    return json.dumps(schema, indent=2) + "\n"


def fields(model: type[Data]) -> list[dict]:
    """A model's fields as the Data and downloads page lists them: name and description (every
    field of a published file's top level has one)."""
    return [{"name": info.alias or name, "description": info.description} for name, info in model.model_fields.items()]
