"""The paper's reference list as records: its size, its identifiers, its order, and bad
references reported with file, record and field."""

from __future__ import annotations

import re

import pytest

from agenda_site.load import load_agenda
from conftest import CONTENT, record_problems, rewrite_record

PAGE = "references/p112.yml"
# Titles the paper prints with a 25-letter run and no space in it (none so far).
LONG_WORD_TITLES: set[str] = set()


@pytest.fixture(scope="module")
def references():
    return load_agenda(CONTENT).references


def test_the_list_has_every_entry_and_its_identifiers(references):
    assert len(references) == 1091
    assert sum(1 for r in references if r.arxiv) == 462
    assert sum(1 for r in references if r.doi) == 49
    assert sum(1 for r in references if r.url) == 262


def test_ids_are_unique_and_the_paper_order_is_kept(references):
    ids = [r.id for r in references]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "leike2022" and ids[-1] == "ignat2023"


def test_one_file_per_page_from_112_to_182():
    assert sorted(p.name for p in (CONTENT / "references").glob("*.yml")) == [
        f"p{n}.yml" for n in range(112, 183)]


def test_no_title_is_squashed(references):
    squashed = [(r.id, word) for r in references for word in re.findall(r"[^\W\d_]{25,}", r.title)
                if r.id not in LONG_WORD_TITLES]
    assert squashed == []




def _second(**changes):
    return lambda data: data["references"][1].update(changes)


BAD_REFERENCES = {
    "duplicate id": (_second(id="leike2022"),
                     "references p112, reference leike2022: field 'id': duplicate reference id"),
    "bad arxiv id": (_second(arxiv="2310.1"),
                     "references p112, reference anthropic2023a: field 'arxiv': String should match pattern"),
    "unknown field": (_second(jounral="typo"),
                      "references p112, reference anthropic2023a: field 'jounral': Extra inputs are not permitted"),
    "bad doi": (_second(doi="doi:10.1/x"),
                "references p112, reference anthropic2023a: field 'doi': a DOI is 10.<registrant>/<suffix>"),
    "url not http": (_second(url="javascript:alert(1)"),
                     "references p112, reference anthropic2023a: field 'url': not a web address: an address starts with https://"),
    "raw HTML in a title": (_second(title="Core <b>Views</b>"),
                            "references p112, reference anthropic2023a: field 'title': found '<'"),
}


@pytest.mark.parametrize("case", BAD_REFERENCES, ids=list(BAD_REFERENCES))
def test_bad_reference_is_reported_with_file_record_and_field(content_copy, case):
    edit, expected = BAD_REFERENCES[case]
    rewrite_record(content_copy / PAGE, edit)
    assert f"content/{PAGE}: {expected}" in record_problems(content_copy)


def test_a_duplicate_id_on_another_page_names_both_files(content_copy):
    rewrite_record(content_copy / "references/p113.yml", lambda data: data["references"][0].update(id="leike2022"))
    message = record_problems(content_copy)
    assert "content/references/p113.yml: references p113, reference leike2022: field 'id': " \
           "duplicate reference id (also in content/references/p112.yml)" in message


def test_a_file_not_named_after_its_page_is_a_problem(content_copy):
    (content_copy / PAGE).rename(content_copy / "references/page112.yml")
    assert "content/references/page112.yml: references p112: field 'page': the file must be named p112.yml" \
        in record_problems(content_copy)
