"""The rule about words: no record copies a run of eight or more words of the paper's questions.

The repository keeps no sentence of the paper, only a fingerprint of each of its questions'
eight-word runs (fingerprints/paper-questions.txt), so the check runs everywhere, a
contributor's pull request included. Where ../shared holds the questions as printed, a test also
checks that the fingerprints are those of the printed text, so they cannot drift."""

from __future__ import annotations

import csv

import pytest

from agenda_site.copycheck import copied_runs, fingerprinted_copies, read_fingerprints, runs, source_runs, write_fingerprints
from conftest import AGENDA_SOURCE, CONTENT, ROOT

TSV = AGENDA_SOURCE / "questions.tsv"
FINGERPRINTS = ROOT / "site_tests" / "fingerprints" / "paper-questions.txt"
ABOUT = "Eight-word runs of the paper's research questions as printed (../shared/agenda-source/questions.tsv)."
RECORD_FILES = sorted(CONTENT.rglob("*.yml"))


@pytest.fixture(scope="module")
def fingerprints() -> dict[str, str]:
    return read_fingerprints(FINGERPRINTS)


def printed_questions() -> dict[str, str]:
    with TSV.open(encoding="utf-8") as handle:
        return {f"question {row['number']}": row["text"] for row in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.parametrize("record_file", RECORD_FILES, ids=[str(p.relative_to(CONTENT)) for p in RECORD_FILES])
def test_no_record_copies_eight_words(fingerprints, record_file):
    assert fingerprinted_copies(record_file, fingerprints) == []


def test_the_fingerprints_are_of_every_question(fingerprints):
    assert len({name for name in fingerprints.values()}) == 215


def test_the_fingerprints_are_those_of_the_printed_questions(tmp_path):
    if not TSV.exists():
        pytest.skip(f"{TSV} is absent (a machine without ../shared): the fingerprints cannot be re-derived here")
    fresh = tmp_path / "paper-questions.txt"
    write_fingerprints(printed_questions(), fresh, ABOUT)
    assert fresh.read_text(encoding="utf-8") == FINGERPRINTS.read_text(encoding="utf-8")
    # And they find what the printed text itself would.
    assert set(read_fingerprints(fresh).values()) == {f"question {n}" for n in source_runs(TSV).values()}


def test_the_check_catches_a_copied_run(fingerprints, tmp_path):
    """The check can fail: a record quoting a fingerprinted text for eight words is flagged (a
    made-up source here; the paper's first question too where ../shared has it)."""
    source = "A made-up question that asks whether a check can ever fail at all"
    made_up = tmp_path / "made-up.txt"
    write_fingerprints({"question 999": source}, made_up, "a made-up source")
    record = tmp_path / "copied.yml"
    record.write_text(f"title: exempt\nsummary: As it asks, {source.lower()[2:50]} indeed.\n", encoding="utf-8")
    problems = fingerprinted_copies(record, read_fingerprints(made_up))
    assert len(problems) == 1 and "summary" in problems[0] and "question 999" in problems[0]
    if TSV.exists():
        copied = next(run for run, number in source_runs(TSV).items() if number == "1")
        record.write_text(f"title: exempt\nsummary: As the paper asks, {' '.join(copied)} indeed.\n", encoding="utf-8")
        assert "question 1:" in fingerprinted_copies(record, fingerprints)[0]
        assert len(copied_runs(record, source_runs(TSV))) == 1


def test_runs_ignore_case_and_punctuation():
    assert runs("One, two; THREE four five six seven eight!") == {
        ("one", "two", "three", "four", "five", "six", "seven", "eight")}
