"""CSL-JSON: the paper's reference list (references.json) as Zotero, pandoc and every CSL
processor read a bibliography, one item per reference, keyed by its reference id.

The item's type and fields come from the same reading of the printed venue as the BibTeX's
(bibtex.reference_kind), so the two never disagree about what a work is: a preprint is "article"
(CSL's type for preprints and working papers) with arXiv as its publisher, a paper in proceedings
"paper-conference", a journal article "article-journal", a book "book", a report "report", and
anything else (a blog, a newspaper, a web page) "webpage" when it has an address, "document"
when not. Names are split as the BibTeX splits them (bibtex.name_parts); an organisation is one
literal name. Values are the record's plain text, as printed. A CSL processor escapes what it
writes for its output format (citeproc-js for HTML, pandoc for LaTeX), reading only a few tags
in a title as formatting (<i>, <b>, <sup>, <sub>, <span class="nocase">); the test that renders
references.json with citeproc-js holds that a record's "<script>" stays text.
"""

from __future__ import annotations

import json
import re

from .bibtex import ACCESSED, ISBN, ISSN, accessed_on, month_of, name_parts, reference_kind, work_address
from .schema import Reference

# The BibTeX entry type each reading of a venue gives, as CSL names it.
CSL_TYPES = {"preprint": "article", "inproceedings": "paper-conference", "incollection": "chapter",
             "article": "article-journal", "book": "book", "techreport": "report"}
# BibTeX's fields as CSL names them.
CSL_FIELDS = {"booktitle": "container-title", "journal": "container-title", "volume": "volume", "number": "issue",
              "pages": "page", "publisher": "publisher", "institution": "publisher", "howpublished": "container-title",
              "address": "publisher-place", "series": "collection-title"}


def plain(text: str) -> str:
    """Record text on one line, its spaces as a reader sees them."""
    return re.sub(r"\s+", " ", text).strip()


def csl_name(name: str, organisation: bool) -> dict[str, str]:
    """A person as CSL's given and family names (particles stay with the family name, as the
    BibTeX writes them), or an organisation as one literal name."""
    if organisation:
        return {"literal": plain(name)}
    first, last, suffix = name_parts(name)
    if not first:
        return {"literal": plain(name)}
    return {"family": plain(last), "given": plain(first), **({"suffix": suffix} if suffix else {})}


def csl_date(year: int, month: int | None) -> dict:
    return {"date-parts": [[year, month] if month else [year]]}


def csl_item(reference: Reference) -> dict:
    """One reference as a CSL-JSON item."""
    organisations = set(reference.organisations)
    names = [csl_name(n, n in organisations) for n in reference.authors]
    item: dict = {"id": reference.id, "citation-key": reference.id}
    kind, parts = reference_kind(reference)
    url = work_address(reference, parts.pop("ssrn", None))
    item["type"] = CSL_TYPES.get(kind) or ("webpage" if url else "document")
    item["title"] = plain(reference.title)
    if names:
        item["editor" if reference.editors else "author"] = names
    if parts.get("editor"):
        item["editor"] = [csl_name(n, False) for n in parts.pop("editor").split(" and ")]
    if kind == "techreport" and "number" in parts:
        item["number"] = parts.pop("number")
    for field, value in parts.items():
        # A range as CSL writes it ("26989-27002"), not as BibTeX does ("26989--27002").
        item[CSL_FIELDS[field]] = plain(value.replace("--", "-") if field == "pages" else value)
    if kind == "preprint":
        item.update(publisher="arXiv", number=f"arXiv:{reference.arxiv}")
    item["issued"] = csl_date(reference.year, month_of(reference.date))
    if reference.doi:
        item["DOI"] = reference.doi
    if url:
        item["URL"] = url
    accessed = accessed_on(reference.note)
    if accessed and url:
        year, month, day = (int(part) for part in accessed.split("-"))
        item["accessed"] = {"date-parts": [[year, month, day]]}
    note = reference.note or ""
    for pattern, field in ((ISBN, "ISBN"), (ISSN, "ISSN")):
        found = pattern.search(note)
        if found:
            item[field] = found.group(1)
    rest = ACCESSED.sub("", note).strip(" .")
    if rest:
        item["note"] = plain(rest)
    if reference.et_al or reference.elided:
        # CSL has no "and others": the item says the list is incomplete where readers see it.
        item["note"] = "; ".join(filter(None, [item.get("note"), "author list abridged in the paper"]))
    return item


def csl_json(references: list[Reference]) -> str:
    """references.json: the references as a CSL-JSON array, in the order given."""
    return json.dumps([csl_item(r) for r in references], ensure_ascii=False, indent=1) + "\n"
