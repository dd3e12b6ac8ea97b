"""The agenda as the site works from it: the validated records, and what follows from them
(which question belongs where, where each question stands since the paper)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .schema import (STATUS_RELATIONS, STATUSES, Category, Challenge, FurtherReading, MovedPage, Paper, ProgressEntry,
                     ProsePage, Question, Reference, Review, Theme)


@dataclass(frozen=True)
class Standing:
    """Where a question stands since the paper, computed from the recorded works by the first
    rule of schema.STATUSES that holds: its status, the entries that give it (their ids), and
    since when: the date of the earliest of those works, by the work's own date (the paper's
    month while the question is open as posed)."""

    status: str
    entries: tuple[str, ...]
    since: str


@dataclass
class Agenda:
    """The whole agenda, validated: what the renderer and the data exports work from."""

    paper: Paper
    themes: list[Theme]
    categories: list[Category]
    challenges: list[Challenge]
    pages: dict[str, ProsePage]
    reading: FurtherReading
    references: list[Reference] = field(default_factory=list)  # the paper's reference list, in its order
    reference_page: dict[str, int] = field(default_factory=dict)  # reference id -> PDF page it begins on
    # Progress entries by id (the file name without .yml), which feeds and anchors keep for good.
    progress: dict[str, ProgressEntry] = field(default_factory=dict)
    # Each question's latest review, by question number.
    reviews: dict[int, Review] = field(default_factory=dict)
    # Pages that moved since they were published (content/moved.yml), each old address redirected.
    moved: list[MovedPage] = field(default_factory=list)
    # The DOI of each released edition that has one (content/editions.yml), by edition name.
    dois: dict[str, str] = field(default_factory=dict)

    @cached_property
    def questions(self) -> list[Question]:
        return sorted((q for c in self.challenges for q in c.questions), key=lambda q: q.number)

    @cached_property
    def reference_of(self) -> dict[str, Reference]:
        return {r.id: r for r in self.references}

    @cached_property
    def challenge_of(self) -> dict[int, Challenge]:
        return {q.number: c for c in self.challenges for q in c.questions}

    def question_cites(self, question: Question) -> tuple[list[str], list[str]]:
        """The works a question's own text cites, then those its sub-sections cite and it does
        not, each once, in the order they are cited."""
        own = list(dict.fromkeys(question.cites))
        challenge = self.challenge_of[question.number]
        drawn = [work for s in challenge.subsections if s.section in question.subsections for work in s.cites]
        return own, [work for work in dict.fromkeys(drawn) if work not in own]

    def category_of(self, challenge: Challenge) -> Category:
        return next(c for c in self.categories if c.number == int(challenge.section.split(".")[0]))

    def challenges_in(self, category: Category) -> list[Challenge]:
        return [c for c in self.challenges if self.category_of(c) == category]

    @cached_property
    def recent_progress(self) -> list[tuple[str, ProgressEntry]]:
        """Every entry, the latest recorded first; among one day's records, the newest work first."""
        return sorted(self.progress.items(), reverse=True,
                      key=lambda item: (item[1].recorded, item[1].work.sort_date, item[0]))

    def progress_on(self, number: int) -> list[tuple[str, ProgressEntry]]:
        """The entries about one question, the newest work first."""
        return self._progress_by_question.get(number, [])

    @cached_property
    def _progress_by_question(self) -> dict[int, list[tuple[str, ProgressEntry]]]:
        by_question: dict[int, list[tuple[str, ProgressEntry]]] = {}
        for id_, entry in self.progress.items():
            for number in entry.question_numbers:
                by_question.setdefault(number, []).append((id_, entry))
        return {number: sorted(entries, key=lambda item: (item[1].work.sort_date, item[0]), reverse=True)
                for number, entries in by_question.items()}

    def standing(self, number: int) -> Standing:
        """Where a question stands: the first status whose rule the recorded works meet."""
        relations = [(entry.work.sort_date, entry.work.date_text, id_, q.relation)
                     for id_, entry in self.progress.items() for q in entry.questions if q.number == number]
        for status in STATUSES:
            behind = sorted(item for item in relations if item[3] in STATUS_RELATIONS[status])
            if behind:
                return Standing(status, tuple(id_ for *_, id_, _ in behind), behind[0][1])
        return Standing("open", (), "{}-{:02d}".format(*self.paper.first_posted))
