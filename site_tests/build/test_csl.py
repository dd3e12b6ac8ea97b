"""references.json is CSL-JSON a reference manager reads: citeproc-js, the CSL processor inside
Zotero (from npm, pinned), renders every item with Debian's APA style and US English locale
(the citation-style-language-styles and -locales packages, which `make test` installs), with no
error, and each rendered entry carries its work's title, first author and year. The items say
what the BibTeX says: the same keys, in the same order, of the type matching the entry's.

No published JSON Schema of CSL-JSON is on the registries this project installs from (PyPI, npm,
Debian; citeproc-py's wheel leaves the schema's input files out), so the check is the one
that matters to a reader: the processor their tools use reads every item."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDER = Path(__file__).with_name("render_csl.cjs")
CSL = Path("/usr/share/citation-style-language")
# The BibTeX entry type of each CSL type the site writes (csl.py's CSL_TYPES, and @misc's two).
BIBTEX_TYPE = {"article": "misc", "paper-conference": "inproceedings", "chapter": "incollection",
               "article-journal": "article", "book": "book", "report": "techreport", "webpage": "misc",
               "document": "misc"}


def render(items_path: Path, output_format: str) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is missing (make test installs node_modules with it)"
    assert (ROOT / "node_modules" / "citeproc").is_dir(), "citeproc-js is missing: run npm ci"
    for needed in (CSL / "styles" / "apa.csl", CSL / "locales" / "locales-en-US.xml"):
        assert needed.exists(), (f"{needed} is missing: install Debian's citation-style-language-styles "
                                 "and citation-style-language-locales (make test does)")
    result = subprocess.run([node, str(RENDER), str(items_path), str(CSL / "styles" / "apa.csl"),
                             str(CSL / "locales"), output_format], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def words(text: str) -> str:
    """Text compared loosely: letters and digits only, lower case (a style may change case and
    quotation marks, and write "&" for "and")."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@pytest.fixture(scope="module")
def items(built_site) -> list[dict]:
    return json.loads((built_site / "references.json").read_text(encoding="utf-8"))


def test_citeproc_renders_every_item_with_its_title_first_author_and_year(built_site, items):
    rendered = render(built_site / "references.json", "text")
    assert rendered["errors"] == []
    assert sorted(rendered["entries"]) == sorted(item["id"] for item in items)  # in APA's order
    missing = []
    for item in items:
        entry = words(rendered["entries"][item["id"]])
        names = item.get("author") or item.get("editor") or []
        first = (names[0].get("family") or names[0].get("literal")) if names else None
        year = str(item["issued"]["date-parts"][0][0])
        # A style abbreviates long titles of no kind and never drops words: the whole title is there.
        if words(item["title"]) not in entry or (first and words(first) not in entry) or year not in entry:
            missing.append((item["id"], rendered["entries"][item["id"]]))
    assert missing == []


def test_items_match_the_bibtex_key_for_key_and_type_for_type(built_site, items):
    entries = bibtexparser.loads((built_site / "references.bib").read_text(encoding="utf-8")).entries
    assert [item["id"] for item in items] == [entry["ID"] for entry in entries]
    assert len({item["id"] for item in items}) == len(items)
    mismatched = [(item["id"], item["type"], entry["ENTRYTYPE"]) for item, entry in zip(items, entries)
                  if BIBTEX_TYPE[item["type"]] != entry["ENTRYTYPE"]]
    assert mismatched == []
    # What BibTeX gives as an eprint or a DOI, CSL gives too.
    for item, entry in zip(items, entries):
        if "eprint" in entry and item["type"] == "article":
            assert (item["publisher"], item["number"]) == ("arXiv", f"arXiv:{entry['eprint']}"), item["id"]
        assert ("doi" in entry) == ("DOI" in item) and ("url" in entry) == ("URL" in item), item["id"]


def test_record_text_reaches_a_reference_manager_as_text(tmp_path):
    from agenda_site.csl import csl_item, csl_json
    from agenda_site.schema import Reference

    # The record schema refuses "<" and braces in record text already; built unchecked here, to
    # hold the writer to it too (as the BibTeX's escaping is held).
    hostile = Reference.model_construct(id="mallory2024", authors=["Mallory <img src=x onerror=alert(1)>", "White House"],
                        organisations=["White House"], title="<script>alert(1)</script> & \\input{/etc/passwd}",
                        venue="In Proceedings of <b>Evil</b>, pages 1–8", year=2024)
    item = csl_item(hostile)
    assert item["author"][1] == {"literal": "White House"}
    assert item["type"] == "paper-conference" and item["page"] == "1-8"
    path = tmp_path / "items.json"
    path.write_text(csl_json([hostile]), encoding="utf-8")
    html = render(path, "html")["entries"]["mallory2024"]
    # citeproc-js writes the record's tags as text, escaped for HTML: nothing runs, nothing loads.
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert re.search(r"&(?:#60|lt);script", html), html


def test_names_split_as_the_bibtex_splits_them():
    from agenda_site.csl import csl_name

    assert csl_name("Emanuele La Malfa", False) == {"family": "La Malfa", "given": "Emanuele"}
    assert csl_name("Rob van der Goot", False) == {"family": "van der Goot", "given": "Rob"}
    assert csl_name("Center for AI Safety", True) == {"literal": "Center for AI Safety"}
