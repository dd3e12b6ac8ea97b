"""BibTeX: the paper's reference list (references.bib), one reading list per challenge
(bib/<section>.bib) and the citations pages offer, written with bibtexparser so that the syntax
is the library's.

BibTeX is an output format with its own escaping, like HTML: every value from a record is
written as LaTeX by pylatexenc (latex()), so "\\input", "%", "&" or "_" in a title reach a
document as the characters, never as commands. Each entry's key is its reference id.
"""

from __future__ import annotations

import functools
import logging

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter
from pylatexenc.latexencode import UnicodeToLatexEncoder

# Characters LaTeX knows no macro for (CJK, say) are kept as they are: UTF-8 engines print them.
_LATEX = UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False,
                               replacement_latex_protection="braces-all")
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)


@functools.lru_cache(maxsize=None)
def latex(text: str) -> str:
    """Record text as LaTeX that prints it: specials escaped, accents as macros. (Cached: a
    build writes the same names and titles into many files, and encoding is slow.)"""
    return _LATEX.unicode_to_latex(text)

from .agenda import Agenda
from .schema import Challenge, Reference

# The order fields are written in, after the key; fields a reference lacks are left out.
FIELD_ORDER = ["author", "title", "booktitle", "journal", "howpublished", "year", "month", "eprint",
               "archiveprefix", "primaryclass", "doi", "url", "urldate", "note"]


def bibtex_entry(reference: Reference) -> dict[str, str]:
    """One reference as a bibtexparser entry. The venue as printed decides the type: "In ..." is a
    paper in proceedings or a book, any other venue a journal or preprint, no venue a web page."""
    authors = [latex(name) for name in reference.authors] + (["others"] if reference.et_al else [])
    entry = {"ID": reference.id, "title": latex(reference.title), "year": str(reference.year)}
    if authors:
        entry["author"] = " and ".join(authors)
    if reference.venue and reference.venue.startswith("In "):
        entry.update(ENTRYTYPE="inproceedings", booktitle=latex(reference.venue[len("In "):]))
    elif reference.venue:
        entry.update(ENTRYTYPE="article", journal=latex(reference.venue))
    else:
        entry["ENTRYTYPE"] = "misc"
    if reference.arxiv:
        entry.update(eprint=reference.arxiv, archiveprefix="arXiv")
    if reference.doi:
        entry["doi"] = reference.doi
    if reference.url:
        entry["url"] = reference.url
    if reference.note:
        entry["note"] = latex(reference.note)
    return entry


def bibtex(references: list[Reference]) -> str:
    """A .bib file of references, in the order given."""
    return write_entries([bibtex_entry(r) for r in references])


def write_entries(entries: list[dict[str, str]]) -> str:
    """bibtexparser entries (values already LaTeX) as the text of a .bib file."""
    database = BibDatabase()
    database.entries = entries
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


def article_entry(key: str, title: str, authors: list[str], year: int, *, journal: str | None = None,
                  eprint: str | None = None, note: str | None = None, url: str | None = None,
                  more_authors: bool = False) -> dict[str, str]:
    """A citation pages offer (the paper, a part of it, a survey) as a bibtexparser entry."""
    entry = {"ENTRYTYPE": "article" if journal else "misc", "ID": key, "title": latex(title),
             "author": " and ".join([latex(name) for name in authors] + (["others"] if more_authors else [])),
             "year": str(year)}
    if journal:
        entry["journal"] = latex(journal)
    if eprint:
        entry.update(eprint=eprint, archiveprefix="arXiv")
    if note:
        entry["note"] = latex(note)
    if url:
        entry["url"] = url
    return entry
