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


def test_the_list_has_every_entry_and_each_a_way_to_the_work(references):
    assert len(references) == 1091  # the paper's list, which corrections never lengthen
    assert all(r.title and r.year for r in references)


# How the venue of a preprint prints its arXiv id: "CoRR, abs/2310.16028", "ArXiv, abs/...",
# "arXiv preprint arXiv:2305.16291".
PRINTED_ARXIV = re.compile(r"(?:\babs/|arXiv:\s*(?:Arxiv-)?)(\d{4}\.\d{4,5})")


def test_every_printed_arxiv_id_is_the_entrys_arxiv_field(references):
    missing = [(r.id, m.group(1), r.arxiv) for r in references for m in PRINTED_ARXIV.finditer(r.venue or "")
               if r.arxiv is None or r.arxiv.split("v")[0] != m.group(1)]
    assert missing == []


def test_titles_keep_their_subtitles_and_venues_stay_out_of_them(references):
    # A title cut at its "?" or "!" leaves its subtitle at the start of the venue.
    cut = [(r.id, r.venue) for r in references if r.title[-1] in "?!" and r.venue
           and (r.venue[0].islower() and not r.venue.startswith("arXiv")
                or re.match(r"[^.]{12,}[a-zA-Z]\.\s+(?:In\s|arXiv|ArXiv|CoRR|Advances|Proceedings|Journal)", r.venue))]
    glued = [(r.id, field) for r in references for field in (r.title, r.venue or "")
             if re.search(r"[a-z]{3}\.(?:Advances|CoRR|ArXiv|arXiv|Proceedings|In[A-Z]|Equity)", field)]
    # Any word glued to a capitalised one by a full stop ("Survey.IEEE", "Says.Vice"), or a
    # journal's volume, issue and pages ("45(4):4396–4415"), in a title.
    glued += [(r.id, r.title) for r in references
              if re.search(r"[a-z]{2}\.[A-Z][A-Za-z]|\d+\(\d+\):\d+", r.title)]
    in_without_space = [r.id for r in references if re.search(r"^In[A-Z]|\bof[A-Z]", r.venue or "")]
    # Words run together ("TheEvolutionof", "LanguageModels"): lower case, then a capitalised
    # word, inside one word of the title, except names spelt so ("RealToxicityPrompts").
    run_together = [(r.id, word) for r in references for word in re.findall(r"\b[A-Z][a-z]+[A-Z][a-z]+\w*", r.title)
                    if re.search(r"(?:The|Language|Models|Learning|of|and|in)[A-Z]|[a-z](?:of|the|and)$", word)]
    assert (cut, glued, in_without_space, run_together) == ([], [], [], [])


def test_identifiers_carry_no_trailing_text(references):
    assert [r.doi for r in references if r.doi and re.search(r"(?:\.|URL|\.URL)$", r.doi)] == []


# Surnames with a capital inside, as their owners write them; any other is a name run together
# by the extraction ("Mc Allester" split, "AnthonyG" glued).
INNER_CAPITAL = re.compile(r"^(?:Mc|Mac|Das|Di|El|De|La|Le|O’|D’)[A-Z]|^[A-Z]{2,}|^[A-Z][a-z]+-[A-Z]")


def test_names_are_whole_and_each_is_a_person_or_an_organisation(references):
    run_together = [(r.id, word) for r in references for name in r.authors if name not in r.organisations
                    for word in name.split() if re.search(r"[a-z][A-Z]", word) and not INNER_CAPITAL.match(word)]
    split_prefix = [(r.id, name) for r in references for name in r.authors if re.search(r"\bMa?c [A-Z]", name)]
    roles = [(r.id, name) for r in references for name in r.authors if name.lower() in ("editor", "editors", "et al")]
    organisations = re.compile(r"\b(?:Institute|Team|Council|Board|Forum|House|Center|Centre|Foundation|Office|"
                               r"Parliament|Congress|Government|Ministry|Organization|Group)\b")
    unmarked = [(r.id, name) for r in references for name in r.authors
                if organisations.search(name) and name not in r.organisations]
    assert (run_together, split_prefix, roles, unmarked) == ([], [], [], [])


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
    "looked up without an id": (_second(arxiv_looked_up=True),
                                "references p112, reference anthropic2023a: field 'arxiv_looked_up': an entry says its arXiv id was looked up only when it has one (arxiv)"),
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
