"""Validation: the real records pass; each kind of bad input fails with a message that
names the file, the record and the field."""

from __future__ import annotations

import datetime
import shutil

import pytest

from pathlib import Path

from agenda_site.agenda import Standing
from agenda_site.load import load_agenda
from conftest import CONTENT, record_problems, rewrite_record

CHALLENGE = "challenges/2.2.yml"


def test_the_records_are_valid():
    agenda = load_agenda(CONTENT)
    assert len(agenda.challenges) == 18
    assert [q.number for q in agenda.questions] == list(range(1, 216))


def test_text_uses_straight_quotation_marks():
    """One quotation style across the records: straight quotes and apostrophes, as most records
    were written, so a reader's typed search matches the text. Curly ones are the slip to catch.
    The reference list is exempt: its titles are bibliographic facts, kept as the paper prints them."""
    curly = "\u2018\u2019\u201c\u201d"
    for path in sorted(CONTENT.rglob("*.yml")):
        if "schema" in path.parts or "references" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not any(mark in line for mark in curly), f"{path.relative_to(CONTENT)}:{number}: {line.strip()}"


def _edit_question(which, **changes):
    def edit(data):
        question = next(q for q in data["questions"] if q["number"] == which)
        question.update(changes)
    return edit


def _drop_question(number):
    def edit(data):
        data["questions"] = [q for q in data["questions"] if q["number"] != number]
    return edit


def _set(field, value):
    return lambda data: data.update({field: value})


def _delete(field):
    return lambda data: data.pop(field)


BAD_RECORDS = {
    "missing field": (_delete("takeaway"), "challenge 2.2: field 'takeaway': Field required"),
    "empty field": (_edit_question(17, text="  "),
                    "challenge 2.2, question 17: field 'text': String should have at least 1 character"),
    "unknown field": (_set("summry", "typo"), "challenge 2.2: field 'summry': Extra inputs are not permitted"),
    "duplicate number": (_edit_question(18, number=17),
                         "challenge 2.2, question 17: field 'number': duplicate question number"),
    "missing number": (_drop_question(17), "agenda: field 'question_count': 1 question(s) have no record: 17"),
    "dangling sub-section": (_edit_question(17, subsections=["2.2.9"]),
                             "challenge 2.2, question 17: field 'subsections': refers to sub-section 2.2.9"),
    "unknown theme": (_edit_question(17, tags=["astrology"]),
                      "challenge 2.2, question 17: field 'tags': unknown theme 'astrology'"),
    "raw HTML": (_edit_question(17, text="Is <b>this</b> bold?"),
                 "challenge 2.2, question 17: field 'text': found '<' (raw HTML"),
    "script": (_set("summary", "Fine. <script>alert(1)</script>"),
               "challenge 2.2: field 'summary': found '<' (raw HTML"),
    "wrong type": (_edit_question(17, page="twenty"), "challenge 2.2, question 17: field 'page'"),
    "too many tags": (_edit_question(17, tags=["evaluation", "trust", "agents", "data"]),
                      "challenge 2.2, question 17: field 'tags': List should have at most 3 items"),
}


@pytest.mark.parametrize("case", BAD_RECORDS, ids=list(BAD_RECORDS))
def test_bad_record_is_reported_with_file_record_and_field(content_copy, case):
    edit, expected = BAD_RECORDS[case]
    rewrite_record(content_copy / CHALLENGE, edit)
    message = record_problems(content_copy)
    expected_file = "content/agenda.yml" if "question_count" in expected else f"content/{CHALLENGE}"
    assert f"{expected_file}: {expected}" in message


def test_malformed_yaml_names_the_line(content_copy):
    path = content_copy / CHALLENGE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "gist: [an unclosed list")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = record_problems(content_copy)
    assert f"content/{CHALLENGE}: challenge 2.2: field '-': malformed YAML: line" in message


def test_a_key_given_twice_is_an_error(content_copy):
    path = content_copy / CHALLENGE
    path.write_text(path.read_text(encoding="utf-8") + "gist: a second gist\n", encoding="utf-8")
    assert "key 'gist' is given twice" in record_problems(content_copy)


def test_every_problem_is_reported_at_once(content_copy):
    rewrite_record(content_copy / CHALLENGE, _edit_question(17, tags=["astrology"]))
    rewrite_record(content_copy / "challenges/3.1.yml", _edit_question(70, subsections=["3.1.99"]))
    message = record_problems(content_copy)
    assert message.startswith("2 problems in the records:")
    assert "question 17: field 'tags'" in message and "question 70: field 'subsections'" in message


def test_a_question_under_two_challenges_is_a_duplicate(content_copy):
    def append_a_question_17(data):
        data["questions"].append(dict(data["questions"][-1], number=17))
    rewrite_record(content_copy / "challenges/2.3.yml", append_a_question_17)
    assert ("content/challenges/2.3.yml: challenge 2.3, question 17: field 'number': "
            "duplicate question number (also in content/challenges/2.2.yml)") in record_problems(content_copy)


def test_the_file_name_must_match_the_record(content_copy):
    (content_copy / CHALLENGE).rename(content_copy / "challenges/2.9.yml")
    assert "content/challenges/2.9.yml: challenge 2.2: field '-': the file must be named 2.2.yml" \
        in record_problems(content_copy)


READING = "further-reading.yml"


@pytest.mark.parametrize("field, value, expected", [
    ("challenge", "3.9", "field 'challenge': unknown challenge '3.9'"),
    ("topic", "astrology", "field 'topic': work shen-2023-alignment-survey has no topic 'astrology'"),
    ("work", "nobody-2020", "field 'work': unknown work 'nobody-2020'"),
    ("subsections", ["3.3.99"], "field 'subsections': refers to sub-section 3.3.99, which challenge 3.3 does not have"),
], ids=["unknown challenge", "unknown topic", "unknown work", "unknown sub-section"])
def test_a_reading_link_to_nothing_is_an_error(content_copy, field, value, expected):
    def edit(data):
        link = next(item for item in data["links"] if item["challenge"] == "3.3")
        link.update({field: value})
    rewrite_record(content_copy / READING, edit)
    message = record_problems(content_copy)
    assert f"content/{READING}: further reading, link #" in message and expected in message


def test_a_cited_id_with_no_reference_entry_is_reported(content_copy):
    rewrite_record(content_copy / "challenges/2.1.yml", _edit_question(3, cites=["akyurek2022a", "nobody1999"]))
    message = record_problems(content_copy)
    assert ("content/challenges/2.1.yml: challenge 2.1, question 3: field 'cites': cites 'nobody1999', "
            "which no entry of content/references/ has as its id") in message


def test_a_reference_nothing_cites_must_say_where_the_paper_cites_it(content_copy):
    # anthropic2023b is cited once, by 2.2.4; drop that citation and the entry is cited nowhere.
    def drop(data):
        for sub in data["subsections"]:
            sub["cites"] = [work for work in sub.get("cites", []) if work != "anthropic2023b"]
    rewrite_record(content_copy / CHALLENGE, drop)
    message = record_problems(content_copy)
    page = next(path.stem for path in (content_copy / "references").glob("p*.yml")
                if "id: anthropic2023b\n" in path.read_text(encoding="utf-8"))
    assert (f"content/references/{page}.yml: references {page}, reference anthropic2023b: field 'cited_elsewhere': "
            "no challenge, sub-section or question cites it") in message


# Progress entries: each bad case names the entry's file, the record and the field.
ENTRY = "progress/2406-05946-safety-alignment-few-tokens-deep.yml"
ENTRY_LABEL = "progress 2406-05946-safety-alignment-few-tokens-deep"


def _edit_entry_question(index, **changes):
    return lambda data: data["questions"][index].update(changes)


BAD_ENTRIES = {
    "unknown question": (_edit_entry_question(1, number=999),
                         "question 999: field 'number': unknown question 999"),
    "unknown relation": (_edit_entry_question(0, relation="solves"),
                         "question 121: field 'relation': Input should be 'addresses'"),
    "a status typed by hand": (lambda data: data.update(status=[{"question": 121, "becomes": "reframed"}]),
                               ": field 'status': Extra inputs are not permitted"),
    "question given twice": (_edit_entry_question(1, number=121),
                             "question 121: field 'number': the question is given twice"),
    "two addresses": (lambda data: data["work"].update(doi="10.48550/arXiv.2406.05946"),
                      ": field 'work': give exactly one of arxiv, doi or url"),
    "no note": (lambda data: data.pop("note"), ": field '-': give a shared note"),
    "before the paper": (lambda data: data["work"].update(date=datetime.date(2024, 3, 1)),
                         ": field 'work.date': dated no later than the month the paper appeared (2024-04)"),
    "markup in a note": (lambda data: data.update(note="See <a href=x>this</a>."),
                         ": field 'note': found '<'"),
}


@pytest.mark.parametrize("case", BAD_ENTRIES, ids=list(BAD_ENTRIES))
def test_bad_progress_entry_is_reported_with_file_record_and_field(content_copy, case):
    edit, expected = BAD_ENTRIES[case]
    rewrite_record(content_copy / ENTRY, edit)
    message = record_problems(content_copy)
    assert f"content/{ENTRY}: {ENTRY_LABEL}{'' if expected.startswith(':') else ', '}{expected}" in message


@pytest.mark.parametrize("change", [
    {"title": "Safety alignment should be made more than just a few tokens deep!", "arxiv": "2406.99999"},
    {},
], ids=["same title", "same arxiv id"])
def test_one_work_recorded_twice_for_a_question_is_a_duplicate(content_copy, change):
    source = content_copy / ENTRY
    copy = content_copy / "progress/2406-99999-copy.yml" if change else content_copy / "progress/2406-05946-twice.yml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    rewrite_record(copy, lambda data: data["work"].update(change))
    field = "work.title" if change else "work.arxiv"
    assert (f"content/progress/{copy.name}: progress {copy.stem}, question 121: field '{field}':"
            f" this work is already recorded for question 121 in content/{ENTRY}") in record_problems(content_copy)


def test_a_quoted_date_is_explained(content_copy):
    path = content_copy / ENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("recorded: 2026-11-30", "recorded: '2026-11-30'"),
                    encoding="utf-8")
    assert "(a date is written without quotes, as 2024-06-10)" in record_problems(content_copy)


def _entry_on(content: Path, name: str, number: int, relation: str, date: str) -> None:
    """A progress entry about one question, with one relation."""
    (content / "progress" / f"{name}.yml").write_text(
        f"work:\n  title: A work called {name}\n  authors: [A. Author]\n  authors_complete: true\n"
        f"  date: {date}\n  url: https://example.org/{name}\nquestions:\n- number: {number}\n"
        f"  relation: {relation}\nnote: What the work shows.\nrecorded: 2026-11-30\n"
        f"verified_from: https://example.org/{name}\n", encoding="utf-8")


def test_a_question_stands_where_the_rule_puts_it(content_copy):
    """The status follows from the recorded works: each rule in its order, dated by the
    earliest work that meets it, naming the entries behind it."""
    shutil.rmtree(content_copy / "progress")
    (content_copy / "progress").mkdir()
    assert load_agenda(content_copy).standing(17) == Standing("open", (), "2024-04")
    _entry_on(content_copy, "2025-03-a-benchmark", 17, "new-benchmark", "2025-03")
    assert load_agenda(content_copy).standing(17) == Standing("active", ("2025-03-a-benchmark",), "2025-03")
    _entry_on(content_copy, "2025-08-an-answer", 17, "partly-addresses", "2025-08-02")
    _entry_on(content_copy, "2025-01-an-earlier-answer", 17, "addresses", "2025-01-20")
    assert load_agenda(content_copy).standing(17) == Standing(
        "partial-answers", ("2025-01-an-earlier-answer", "2025-08-an-answer"), "2025-01-20")
    _entry_on(content_copy, "2026-reframing", 17, "reframes", "2026")
    assert load_agenda(content_copy).standing(17) == Standing("reframed", ("2026-reframing",), "2026")
    # Another question is untouched by them.
    assert load_agenda(content_copy).standing(18).status == "open"


def test_every_question_has_a_review(content_copy):
    path = content_copy / "reviews" / "2.2.yml"
    rewrite_record(path, lambda data: data.update(reviews=[r for r in data["reviews"] if r["question"] != 17]))
    assert "1 question(s) have no review: 17" in record_problems(content_copy)


@pytest.mark.parametrize("edit, expected", [
    (lambda data: data["reviews"][0].update(question=200), "question 200 is not one of challenge 2.2's"),
    (lambda data: data["reviews"].append(dict(data["reviews"][0])), "the question is reviewed twice"),
    (lambda data: data["reviews"][0].update(reviewed=datetime.date(2099, 1, 1)), "2099-01-01 is after today"),
    (lambda data: data["reviews"][0].update(reviewed=datetime.date(2023, 1, 1)), "before the paper appeared"),
    (lambda data: data["reviews"][0].update(searched="See <b>this</b>"), "found '<'"),
], ids=["another challenge's question", "twice", "in the future", "before the paper", "markup"])
def test_a_bad_review_is_reported(content_copy, edit, expected):
    rewrite_record(content_copy / "reviews" / "2.2.yml", edit)
    message = record_problems(content_copy)
    assert "content/reviews/2.2.yml: reviews 2.2" in message and expected in message


def test_progress_may_be_empty(content_copy):
    shutil.rmtree(content_copy / "progress")
    assert load_agenda(content_copy).progress == {}
