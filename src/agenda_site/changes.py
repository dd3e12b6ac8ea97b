"""What changed in the records between two revisions (`python -m agenda_site changes A..B`): the
progress entries added, corrected or withdrawn, the questions whose status moved, corrections to
questions and references, and new review dates, each as it concerns a question where it does.

Derived from the records alone, never written by hand: each side is the records of content/ as
a git revision holds them (a tag, a commit) or as the working tree has them, loaded and validated
as a build loads them (load.py), then compared record by record.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .agenda import Agenda
from .load import load_agenda
from .schema import STATUSES

WORKING_TREE = ""  # a side of a range given as nothing: the records as they are on disk


class RevisionError(Exception):
    """A revision git does not know, or a range that is not A..B."""


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two revisions' records. question: the question it concerns, if
    one; kind: what sort of change (the keys of KINDS); subject: what changed, in a few words;
    record: for a change to a reference or a challenge, its id or section (the questions that
    cite the reference, or belong to the challenge, show it: editions.questions_touched)."""

    question: int | None
    kind: str
    subject: str
    record: str | None = None


# The kinds of change, in the order a change log lists them, with their headings.
KINDS = {
    "progress-added": "New progress entries",
    "progress-corrected": "Progress entries corrected",
    "progress-withdrawn": "Progress entries withdrawn",
    "status": "Status moves",
    "question": "Questions corrected",
    "challenge": "Challenges corrected",
    "reference": "References corrected",
    "reference-added": "References added",
    "reference-removed": "References removed",
    "review": "New review dates",
}


def records_at(revision: str, root: Path) -> Agenda:
    """The agenda as the revision's content/ holds it (WORKING_TREE: as it is on disk).
    Raises RevisionError for a revision git does not know, RecordError for invalid records."""
    if revision == WORKING_TREE:
        return load_agenda(root / "content")
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "content"], cwd=root, capture_output=True)
    if archive.returncode != 0:
        raise RevisionError(f"git knows no revision {revision!r} with a content/ folder: "
                            + archive.stderr.decode("utf-8", "replace").strip())
    with tempfile.TemporaryDirectory(prefix="records-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        return load_agenda(Path(folder) / "content")


def parse_range(text: str) -> tuple[str, str]:
    """'v1..v2' -> ('v1', 'v2'); 'v1..' or 'v1' -> ('v1', WORKING_TREE)."""
    old, separator, new = text.partition("..")
    if not old or (separator and ".." in new):
        raise RevisionError(f"{text!r} is no range: give A..B (two revisions) or A.. or A (A against the working tree)")
    return old, new


def compare(old: Agenda, new: Agenda) -> list[Change]:
    """Every change from old's records to new's, sorted by question (changes of no one question
    last), then kind."""
    changes: list[Change] = []
    for id_ in sorted(new.progress.keys() - old.progress.keys()):
        for number in _numbers(new, id_):
            changes.append(Change(number, "progress-added", new.progress[id_].work.title))
    for id_ in sorted(old.progress.keys() - new.progress.keys()):
        for number in _numbers(old, id_):
            changes.append(Change(number, "progress-withdrawn", old.progress[id_].work.title))
    for id_ in sorted(old.progress.keys() & new.progress.keys()):
        if old.progress[id_] != new.progress[id_]:
            fields = _changed_fields(old.progress[id_], new.progress[id_])
            for number in sorted(set(_numbers(old, id_)) | set(_numbers(new, id_))):
                changes.append(Change(number, "progress-corrected", f"{new.progress[id_].work.title} ({fields})"))
    old_questions = {q.number: q for q in old.questions}
    for question in new.questions:
        before = old_questions.get(question.number)
        if before is not None and before != question:
            changes.append(Change(question.number, "question", _changed_fields(before, question)))
        was, now = old.standing(question.number).status, new.standing(question.number).status
        if before is not None and was != now:
            changes.append(Change(question.number, "status", f"{STATUSES[was]} → {STATUSES[now]}"))
        review_before, review = old.reviews.get(question.number), new.reviews.get(question.number)
        if review and (review_before is None or review_before.reviewed != review.reviewed):
            changes.append(Change(question.number, "review", review.reviewed.isoformat()))
    old_challenges = {c.section: c for c in old.challenges}
    for challenge in new.challenges:
        before = old_challenges.get(challenge.section)
        if before is not None:
            # Its questions are compared one by one above; here, the challenge's own fields.
            fields = _changed_fields(before, challenge, ignore={"questions"})
            if fields:
                changes.append(Change(None, "challenge", f"{challenge.section} ({fields}): {challenge.title}",
                                      challenge.section))
    old_references, new_references = old.reference_of, new.reference_of
    for id_ in new_references.keys() & old_references.keys():
        if new_references[id_] != old_references[id_]:
            fields = _changed_fields(old_references[id_], new_references[id_])
            changes.append(Change(None, "reference", f"{id_} ({fields}): {new_references[id_].title}", id_))
    changes += [Change(None, "reference-added", f"{id_}: {new_references[id_].title}", id_)
                for id_ in new_references.keys() - old_references.keys()]
    changes += [Change(None, "reference-removed", f"{id_}: {old_references[id_].title}", id_)
                for id_ in old_references.keys() - new_references.keys()]
    order = list(KINDS)
    return sorted(changes, key=lambda c: (c.question is None, c.question or 0, order.index(c.kind), c.subject))


def _changed_fields(before, after, ignore: frozenset[str] | set[str] = frozenset()) -> str:
    """The names of the fields in which two versions of a record differ (but those ignored)."""
    return ", ".join(name for name in type(after).model_fields
                     if name not in ignore and getattr(before, name) != getattr(after, name))


def _numbers(agenda: Agenda, entry_id: str) -> list[int]:
    return agenda.progress[entry_id].question_numbers


def change_log(changes: list[Change], old: str, new: str) -> str:
    """The changes as a Markdown change log, by kind, each line naming its question."""
    title = f"Changes from {old} to {new or 'the working tree'}"
    if not changes:
        return f"# {title}\n\nNo record changed.\n"
    lines = [f"# {title}", ""]
    for kind, heading in KINDS.items():
        listed = [c for c in changes if c.kind == kind]
        if listed:
            lines += [f"## {heading} ({len(listed)})", ""]
            lines += [f"- {'Q' + str(c.question) + ': ' if c.question else ''}{c.subject}" for c in listed]
            lines.append("")
    return "\n".join(lines)
