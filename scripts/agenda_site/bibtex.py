"""The paper's reference list as BibTeX: the whole list (references.bib) and one reading list per
challenge (bib/<section>.bib), written with bibtexparser so that the syntax is the library's.

Each entry's key is its reference id. Record text cannot hold braces (schema.TEXT_RULES), so a
value never unbalances an entry.
"""

from __future__ import annotations

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from .records import Agenda
from .schema import Challenge, Reference

# The order fields are written in, after the key; fields a reference lacks are left out.
FIELD_ORDER = ["author", "title", "booktitle", "journal", "howpublished", "year", "eprint", "archiveprefix",
               "doi", "url", "note"]


def bibtex_entry(reference: Reference) -> dict[str, str]:
    """One reference as a bibtexparser entry. The venue as printed decides the type: "In ..." is a
    paper in proceedings or a book, any other venue a journal or preprint, no venue a web page."""
    authors = list(reference.authors) + (["others"] if reference.et_al else [])
    entry = {"ID": reference.id, "title": reference.title, "year": str(reference.year)}
    if authors:
        entry["author"] = " and ".join(authors)
    if reference.venue and reference.venue.startswith("In "):
        entry.update(ENTRYTYPE="inproceedings", booktitle=reference.venue[len("In "):])
    elif reference.venue:
        entry.update(ENTRYTYPE="article", journal=reference.venue)
    else:
        entry["ENTRYTYPE"] = "misc"
    if reference.arxiv:
        entry.update(eprint=reference.arxiv, archiveprefix="arXiv")
    if reference.doi:
        entry["doi"] = reference.doi
    if reference.url:
        entry["url"] = reference.url
    if reference.note:
        entry["note"] = reference.note
    return entry


def bibtex(references: list[Reference]) -> str:
    """A .bib file of references, in the order given."""
    database = BibDatabase()
    database.entries = [bibtex_entry(r) for r in references]
    writer = BibTexWriter()
    writer.order_entries_by = None  # the paper's order, not the keys'
    writer.display_order = FIELD_ORDER
    writer.indent = "  "
    return writer.write(database)


def challenge_reading_list(agenda: Agenda, challenge: Challenge) -> list[Reference]:
    """The works cited anywhere in a challenge (introduction, sub-sections, questions), each once,
    in the paper's order."""
    cited = set(challenge.cites)
    for part in [*challenge.subsections, *challenge.questions]:
        cited.update(part.cites)
    return [r for r in agenda.references if r.id in cited]
