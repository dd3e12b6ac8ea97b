"""The shape of the data the site publishes for reuse: site/api/questions/<N>.json, and the
progress and statuses in site/agenda.json.

These models are the one place that defines that shape; site/schema/question.schema.json is
generated from them. Their values come from validated records, so they check shape, not text.
"""

from __future__ import annotations

import datetime
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .records import Agenda
from .schema import RELATIONS, STATUSES, ProgressEntry, Relation, Status

QUESTION_SCHEMA_NAME = "question.schema.json"


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkData(Data):
    title: str
    authors: list[str]
    authors_complete: bool
    date: str = Field(description="YYYY-MM-DD, or YYYY-MM when the work's own page gives only a month")
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
    since: str = Field(description="YYYY-MM for the paper, or the date the move was recorded")
    reason: str | None = Field(description="Why the question moved; null while it is open as posed")
    entry: str | None = Field(description="The id of the entry that moved it, if one did")


class QuestionData(Data):
    """api/questions/<N>.json: one research question and where it stands since the paper."""

    schema_: Literal["../../schema/question.schema.json"] = Field(alias="$schema")
    number: int
    challenge: str
    text: str
    url: str = Field(description="The question's page, relative to the site root")
    page: int = Field(description="The paper's PDF page the question is on")
    tags: list[str]
    status: StatusData
    progress: list[QuestionEntryData] = Field(description="Recorded works, the newest first")


def work_data(entry: ProgressEntry) -> WorkData:
    work = entry.work
    date = work.date.isoformat() if isinstance(work.date, datetime.date) else work.date
    return WorkData(title=work.title, authors=list(work.authors), authors_complete=work.authors_complete,
                    date=date, url=work.link)


def status_data(agenda: Agenda, number: int) -> StatusData:
    status, move, entry = agenda.status_of(number)
    entry_id = next((id_ for id_, e in agenda.progress.items() if e is entry), None)
    since = entry.recorded.isoformat() if entry else "{}-{:02d}".format(*agenda.paper.first_posted)
    return StatusData(status=status, label=STATUSES[status], since=since,
                      reason=move.reason if move else None, entry=entry_id)


def question_data(agenda: Agenda, number: int, url: str) -> QuestionData:
    question = next(q for q in agenda.questions if q.number == number)
    return QuestionData.model_validate({
        "$schema": "../../schema/question.schema.json", "number": number,
        "challenge": agenda.challenge_of[number].section, "text": question.text, "url": url,
        "page": question.page, "tags": list(question.tags), "status": status_data(agenda, number),
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
