"""Facts carry over from the paper: sections, titles, question numbering, sub-sections."""

from __future__ import annotations

import csv

import pytest

from agenda_site.load import load_agenda
from conftest import AGENDA_SOURCE, CONTENT

# The paper's 18 challenges: section, title, and the numbers of the questions its box holds.
CHALLENGES = [
    ("2.1", "In-Context Learning (ICL) Is Black-Box", 1, 8),
    ("2.2", "Capabilities Are Difficult to Estimate and Understand", 9, 22),
    ("2.3", "Effects of Scale on Capabilities Are Not Well-Characterized", 23, 40),
    ("2.4", "Qualitative Understanding of Reasoning Capabilities Is Lacking", 41, 47),
    ("2.5", "Agentic LLMs Pose Novel Risks", 48, 53),
    ("2.6", "Multi-Agent Safety Is Not Assured by Single-Agent Safety", 54, 62),
    ("2.7", "Safety-Performance Trade-offs Are Poorly Understood", 63, 68),
    ("3.1", "Pretraining Produces Misaligned Models", 69, 76),
    ("3.2", "Finetuning Methods Struggle to Assure Alignment and Safety", 77, 84),
    ("3.3", "LLM Evaluations Are Confounded and Biased", 85, 97),
    ("3.4", "Tools for Interpreting or Explaining LLM Behavior Are Absent or Lack Faithfulness", 98, 114),
    ("3.5", "Jailbreaks and Prompt Injections Threaten Security of LLMs", 115, 125),
    ("3.6", "Vulnerability to Poisoning and Backdoors Is Poorly Understood", 126, 131),
    ("4.1", "Values to Be Encoded within LLMs Are Not Clear", 132, 144),
    ("4.2", "Dual-Use Capabilities Enable Malicious Use and Misuse of LLMs", 145, 158),
    ("4.3", "LLM-Systems Can Be Untrustworthy", 159, 165),
    ("4.4", "Socioeconomic Impacts of LLM May Be Highly Disruptive", 166, 180),
    ("4.5", "LLM Governance Is Lacking", 181, 215),
]
CATEGORIES = {2: "Scientific Understanding of LLMs", 3: "Development and Deployment Methods",
              4: "Sociotechnical Challenges"}
# Sub-sections per challenge in the paper's table of contents.
SUBSECTION_COUNTS = {"2.1": 6, "2.2": 5, "2.3": 5, "2.4": 5, "2.5": 5, "2.6": 5, "2.7": 4,
                     "3.1": 5, "3.2": 5, "3.3": 7, "3.4": 11, "3.5": 7, "3.6": 6,
                     "4.1": 5, "4.2": 7, "4.3": 4, "4.4": 4, "4.5": 11}


@pytest.fixture(scope="module")
def agenda():
    return load_agenda(CONTENT)


def test_the_eighteen_challenges_have_the_papers_sections_and_titles(agenda):
    assert [(c.section, c.title) for c in agenda.challenges] == [(s, t) for s, t, _, _ in CHALLENGES]


@pytest.mark.parametrize("section, title, first, last", CHALLENGES, ids=[c[0] for c in CHALLENGES])
def test_each_challenge_holds_the_papers_questions(agenda, section, title, first, last):
    challenge = next(c for c in agenda.challenges if c.section == section)
    assert [q.number for q in challenge.questions] == list(range(first, last + 1))


def test_the_categories_are_the_papers(agenda):
    assert {c.number: c.title for c in agenda.categories} == CATEGORIES
    for category in agenda.categories:
        sections = [c.section for c in agenda.challenges_in(category)]
        assert sections and all(s.startswith(f"{category.number}.") for s in sections)


def test_sub_sections_follow_the_table_of_contents(agenda):
    for challenge in agenda.challenges:
        numbers = [s.section for s in challenge.subsections]
        expected = [f"{challenge.section}.{i}" for i in range(1, SUBSECTION_COUNTS[challenge.section] + 1)]
        assert numbers == expected, challenge.section
        pages = [challenge.page] + [s.page for s in challenge.subsections]
        assert pages == sorted(pages), f"{challenge.section}: pages out of order"


def test_pages_fall_within_the_papers_main_text(agenda):
    for challenge in agenda.challenges:
        for question in challenge.questions:
            assert challenge.page <= question.page <= 110, question.number


def test_numbering_matches_the_printed_questions():
    """Where shared/agenda-source is present, its list agrees with ours on every number."""
    tsv = AGENDA_SOURCE / "questions.tsv"
    if not tsv.exists():
        pytest.skip(f"{tsv} is absent (a machine without ../shared): nothing to compare against")
    with tsv.open(encoding="utf-8") as handle:
        printed = {int(row["number"]): row["challenge"] for row in csv.DictReader(handle, delimiter="\t")}
    agenda = load_agenda(CONTENT)
    assert {q.number: agenda.challenge_of[q.number].section for q in agenda.questions} == printed
