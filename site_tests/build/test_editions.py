"""Editions: two editions made from two commits of the records (conftest.make_two_editions),
their fixed pages differing only where the records did, their change log exactly those
differences, each question's citation naming its edition, and the site carrying them unchanged."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from agenda_site.changes import compare, records_at
from agenda_site.editions import EditionError, load_editions
from agenda_site.pages import prose_html
from conftest import (FIRST_EDITION, RETITLED_REFERENCE, REWORDED_QUESTION, ROOT, SECOND_EDITION, agenda_site,
                      git)

BIN = Path(sys.executable).parent


def frozen_page(editions: Path, name: str, number: int) -> str:
    return (editions / name / "questions" / str(number) / "index.html").read_text(encoding="utf-8")


def without_edition(page: str, edition: dict) -> str:
    """A frozen page with its edition's own facts (name, date) taken out."""
    return page.replace(edition["edition"], "EDITION").replace(edition["date"], "DATE")


def manifest(editions: Path, name: str) -> dict:
    return json.loads((editions / name / "edition.json").read_text(encoding="utf-8"))


def test_two_editions_differ_only_where_the_records_did(two_editions):
    editions = two_editions / "editions"
    first, second = manifest(editions, FIRST_EDITION), manifest(editions, SECOND_EDITION)
    touched = {number for change in second["changes"] for number in change["touches"]}
    # What the second commit changed touches the reworded question, the questions citing the
    # retitled reference and those of the withdrawn entry, and nothing else.
    before, after = records_at(FIRST_EDITION, two_editions), records_at(SECOND_EDITION, two_editions)
    citing = {q.number for q in after.questions if RETITLED_REFERENCE in sum(after.question_cites(q), [])}
    withdrawn = {n for id_ in before.progress.keys() - after.progress.keys() for n in before.progress[id_].question_numbers}
    assert touched == {REWORDED_QUESTION} | citing | withdrawn
    numbers = [q.number for q in after.questions]
    differing = {n for n in numbers
                 if without_edition(frozen_page(editions, FIRST_EDITION, n), first)
                 != without_edition(frozen_page(editions, SECOND_EDITION, n), second)}
    assert differing == touched
    assert "(reworded)" in frozen_page(editions, SECOND_EDITION, REWORDED_QUESTION)
    assert "(reworded)" not in frozen_page(editions, FIRST_EDITION, REWORDED_QUESTION)


def test_the_change_log_lists_exactly_those_differences(two_editions):
    editions = two_editions / "editions"
    before, after = records_at(FIRST_EDITION, two_editions), records_at(SECOND_EDITION, two_editions)
    logged = [(c["question"], c["kind"], c["subject"], c["record"]) for c in manifest(editions, SECOND_EDITION)["changes"]]
    assert logged == [(c.question, c.kind, c.subject, c.record) for c in compare(before, after)]
    kinds = {c["kind"] for c in manifest(editions, SECOND_EDITION)["changes"]}
    assert {"question", "reference", "progress-withdrawn"} <= kinds
    assert manifest(editions, FIRST_EDITION)["changes"] == [] and manifest(editions, FIRST_EDITION)["previous"] is None
    assert manifest(editions, SECOND_EDITION)["previous"] == FIRST_EDITION
    # The edition's own page lists them, and each touched question's frozen page lists its own.
    index = (editions / SECOND_EDITION / "index.html").read_text(encoding="utf-8")
    assert "Questions corrected (1)" in index and f"Q{REWORDED_QUESTION}: text" in index
    assert 'id="changed"' in frozen_page(editions, SECOND_EDITION, REWORDED_QUESTION)
    touched = {n for change in manifest(editions, SECOND_EDITION)["changes"] for n in change["touches"]}
    untouched = next(q.number for q in after.questions if q.number not in touched)
    assert 'id="changed"' not in frozen_page(editions, SECOND_EDITION, untouched)
    # The command between the two editions gives the same log.
    result = agenda_site("--root", two_editions, "changes", f"{FIRST_EDITION}..{SECOND_EDITION}")
    assert result.returncode == 0, result.stderr
    assert f"- Q{REWORDED_QUESTION}: text" in result.stdout


def test_each_question_cites_its_edition_at_its_fixed_address(two_editions, built_site):
    editions = two_editions / "editions"
    second = manifest(editions, SECOND_EDITION)
    page = frozen_page(editions, SECOND_EDITION, 17)
    address = f"editions/{SECOND_EDITION}/questions/17/"
    assert f"edition {SECOND_EDITION} of {second['date']}" in page
    assert re.search(r"@article\{anwar2024foundational-q17-" + re.escape(SECOND_EDITION), page)
    assert page.count(address) >= 3  # the fixed address, the plain citation and the BibTeX url
    # The live page offers that citation beside the latest.
    live = (built_site / "questions" / "17" / "index.html").read_text(encoding="utf-8")
    assert 'id="cite-this-edition"' in live and 'id="cite-the-latest"' in live
    assert f"edition {SECOND_EDITION} of {second['date']}" in live and address in live
    # A question the second edition changed says so, linking to its frozen page.
    changed = (built_site / "questions" / str(REWORDED_QUESTION) / "index.html").read_text(encoding="utf-8")
    assert f"Changed in edition {SECOND_EDITION}" in changed
    assert f"../../editions/{SECOND_EDITION}/questions/{REWORDED_QUESTION}/#changed" in changed


def test_the_site_carries_each_edition_byte_for_byte_and_lists_it(two_editions, built_site):
    editions = two_editions / "editions"
    for name in (FIRST_EDITION, SECOND_EDITION):
        made = {p.relative_to(editions / name): p.read_bytes() for p in (editions / name).rglob("*") if p.is_file()}
        carried = {p.relative_to(built_site / "editions" / name): p.read_bytes()
                   for p in (built_site / "editions" / name).rglob("*") if p.is_file()}
        assert made == carried, name
        assert set(map(str, made)) == set(manifest(editions, name)["files"]) | {"edition.json"}
    listing = (built_site / "editions" / "index.html").read_text(encoding="utf-8")
    assert listing.index(f"Edition {SECOND_EDITION}") < listing.index(f"Edition {FIRST_EDITION}")
    assert "questions corrected: 1" in listing and "The first edition." in listing
    assert f'href="{SECOND_EDITION}/"' in listing
    for page in ("about", "data"):
        assert 'href="../editions/"' in (built_site / page / "index.html").read_text(encoding="utf-8"), page
    # The editions are not searched: each question's live page is.
    assert not list((built_site.parent / "search-stage").glob("editions/v*"))


def test_citation_cff_names_the_current_edition_and_follows_the_cff_schema(two_editions, built_site):
    site_cff = yaml.safe_load((built_site / "CITATION.cff").read_text(encoding="utf-8"))
    second = manifest(two_editions / "editions", SECOND_EDITION)
    assert site_cff["version"] == SECOND_EDITION and site_cff["date-released"] == second["date"]
    first_cff = yaml.safe_load((two_editions / "editions" / FIRST_EDITION / "CITATION.cff").read_text(encoding="utf-8"))
    assert first_cff["version"] == FIRST_EDITION
    for path in (built_site / "CITATION.cff", two_editions / "editions" / FIRST_EDITION / "CITATION.cff"):
        result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.citation-file-format",
                                 str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_editions_feed_has_an_entry_per_edition(two_editions, built_site):
    feed = ET.parse(built_site / "editions" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.find(f"{atom}title").text for entry in feed.findall(f"{atom}entry")]
    assert titles == [f"Edition {SECOND_EDITION}", f"Edition {FIRST_EDITION}"]
    summary = feed.find(f"{atom}entry").find(f"{atom}summary").text
    assert summary.startswith(f"Since edition {FIRST_EDITION}: ") and f"Q{REWORDED_QUESTION}: text" in summary
    # A question's own feed announces the editions that changed it, from the same change log.
    touched = {n for c in manifest(two_editions / "editions", SECOND_EDITION)["changes"] for n in c["touches"]}
    for number, expected in ((REWORDED_QUESTION, [f"Changed in edition {SECOND_EDITION}"]),
                             (next(n for n in range(1, 216) if n not in touched), [])):
        question_feed = ET.parse(built_site / "feeds" / "questions" / f"{number}.xml").getroot()
        titles = [e.find(f"{atom}title").text for e in question_feed.findall(f"{atom}entry")]
        assert [t for t in titles if t.startswith("Changed in edition")] == expected, number


def test_a_broken_edition_is_a_clear_problem(tmp_path, two_editions):
    import shutil

    editions = tmp_path / "editions"
    shutil.copytree(two_editions / "editions" / FIRST_EDITION, editions / FIRST_EDITION)
    data = json.loads((editions / FIRST_EDITION / "edition.json").read_text(encoding="utf-8"))
    data["date"] = "not a date"
    (editions / FIRST_EDITION / "edition.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EditionError, match=rf"editions/{FIRST_EDITION}/edition.json, field date: "):
        load_editions(editions)
    data["date"], data["edition"] = "2026-01-01", SECOND_EDITION
    (editions / FIRST_EDITION / "edition.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EditionError, match="field edition: .* is not the folder's name"):
        load_editions(editions)
    (editions / "notes").mkdir()
    with pytest.raises(EditionError, match="editions/notes: not an edition's folder"):
        load_editions(editions)
    # An edition named otherwise, or from a tag git does not know: a message, no traceback.
    for name, message in (("2026-12", "is no edition name"), ("v2031.01", "git knows no revision")):
        result = agenda_site("--root", two_editions, "edition", name)
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_record_text_on_a_frozen_page_is_text_not_markup():
    assert prose_html("a <script>alert(1)</script> and <b>bold</b>") == (
        "<p>a &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;</p>")
    assert prose_html("[Q17](/questions/17/)", "../../") == '<p><a href="../../questions/17/">Q17</a></p>'


def test_a_second_edition_of_a_month_comes_after_the_first(tmp_path, two_editions):
    from agenda_site.editions import edition_order

    names = ["v2027.01", "v2026.12.2", "v2026.12", "v2026.12.10"]
    assert sorted(names, key=edition_order) == ["v2026.12", "v2026.12.2", "v2026.12.10", "v2027.01"]
    assert git(two_editions, "tag", "--list", "v*").split() == [FIRST_EDITION, SECOND_EDITION]


def test_zenodo_metadata_follows_zenodo_deposit_rules_and_agrees_with_citation_cff():
    """.zenodo.json against the rules of Zenodo's legacy deposit schema for the fields it uses
    (zenodo-deposit.schema.json, written from zenodo/zenodo's legacyrecord.json, which no
    registry here carries), and naming what CITATION.cff names."""
    import jsonschema

    metadata = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent / "zenodo-deposit.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(metadata, schema)
    wrong = dict(metadata, related_identifiers=[dict(metadata["related_identifiers"][0], relation="isVersionOf")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)
    from agenda_site.load import load_agenda
    from agenda_site.generate import base_config

    paper = load_agenda(ROOT / "content").paper
    assert metadata["title"] == base_config()["site_name"]
    assert any(r["identifier"] == f"https://arxiv.org/abs/{paper.arxiv_id}{paper.arxiv_version}"
               for r in metadata["related_identifiers"])
    assert "version" not in metadata  # Zenodo takes each release's tag, the edition's name


def test_a_recorded_doi_is_shown_and_cited(tmp_path, two_editions, content_copy):
    from agenda_site.generate import Sources, generate
    from agenda_site.settings import Settings

    (content_copy / "editions.yml").write_text(
        f"editions:\n  - edition: {SECOND_EDITION}\n    doi: 10.5281/zenodo.1234567\n", encoding="utf-8")
    generated = generate(Settings(), Sources(ROOT, content_copy, two_editions / "editions"))
    assert "DOI: [10.5281/zenodo.1234567](https://doi.org/10.5281/zenodo.1234567)" in generated.pages["editions/index.md"]
    assert yaml.safe_load(generated.files["CITATION.cff"])["doi"] == "10.5281/zenodo.1234567"
    # A DOI that is none, or an edition named otherwise, is a record problem naming the field.
    from conftest import record_problems

    (content_copy / "editions.yml").write_text("editions:\n  - edition: 2026-12\n    doi: zenodo 1234\n",
                                               encoding="utf-8")
    problems = record_problems(content_copy)
    assert "content/editions.yml: editions, edition 2026-12: field 'edition': an edition is named" in problems
    assert "content/editions.yml: editions, edition 2026-12: field 'doi': a DOI is 10." in problems


def test_changes_since_an_edition_whose_records_no_longer_pass_are_left_out(tmp_path, two_editions):
    import shutil

    from agenda_site.editions import since_edition
    from agenda_site.load import load_agenda

    editions = tmp_path / "editions"
    shutil.copytree(two_editions / "editions" / SECOND_EDITION, editions / SECOND_EDITION)
    (editions / SECOND_EDITION / "records.tar.gz").write_bytes(b"not an archive")
    edition = load_editions(editions)[0]
    assert since_edition(editions, edition, load_agenda(ROOT / "content")) is None
