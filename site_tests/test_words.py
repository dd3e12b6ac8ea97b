"""The rule about words: no record copies a run of eight or more words of the paper's questions."""

from __future__ import annotations

import pytest

from agenda_site.copycheck import copied_runs, runs, source_runs
from conftest import AGENDA_SOURCE, CONTENT

TSV = AGENDA_SOURCE / "questions.tsv"
RECORD_FILES = sorted(CONTENT.rglob("*.yml"))


@pytest.fixture(scope="module")
def printed_runs():
    if not TSV.exists():
        pytest.skip(f"{TSV} is absent (a machine without ../shared): the copy check cannot run")
    return source_runs(TSV)


def test_the_source_is_the_full_list(printed_runs):
    assert len(TSV.read_text(encoding="utf-8").splitlines()) == 216  # header + 215 questions


@pytest.mark.parametrize("record_file", RECORD_FILES, ids=[str(p.relative_to(CONTENT)) for p in RECORD_FILES])
def test_no_record_copies_eight_words(printed_runs, record_file):
    assert copied_runs(record_file, printed_runs) == []


def test_the_check_catches_a_copied_run(printed_runs, tmp_path):
    """The check can fail: a record quoting question 1 for eight words is flagged."""
    copied = next(run for run, number in printed_runs.items() if number == "1")
    record = tmp_path / "copied.yml"
    record.write_text(f"title: exempt\nsummary: As the paper asks, {' '.join(copied)} indeed.\n", encoding="utf-8")
    problems = copied_runs(record, printed_runs)
    assert len(problems) == 1 and "summary" in problems[0]


def test_runs_ignore_case_and_punctuation():
    assert runs("One, two; THREE four five six seven eight!") == {
        ("one", "two", "three", "four", "five", "six", "seven", "eight")}
