"""BibTeX: the paper's reference list (references.bib), one reading list per challenge
(bib/<section>.bib), the works recorded since the paper (progress.bib) and the citations pages
offer, written as DBLP and arXiv write theirs, with bibtexparser writing the syntax.

A reference's venue is kept as the paper prints it ("In Proceedings of ..., pages 1-8.
Springer"); venue_parts() reads it into BibTeX's fields here, so that a correction to a record
reaches every output. The entry type follows from what the venue is: an arXiv preprint is @misc
with its eprint, a paper in proceedings @inproceedings with the proceedings' name alone in
booktitle, a book @book, a report @techreport, a journal @article, and anything else (a blog, a
newspaper, a web page) @misc with howpublished and its address.

BibTeX is an output format with its own escaping, like HTML: every value from a record is
written as LaTeX by pylatexenc (latex()), so "\\input", "%", "&" or "_" in a title reach a
document as the characters, never as commands. Names are written "von Last, First" so that no
style has to guess where a surname starts ("La Malfa, Emanuele"), organisations braced whole
("{White House}"), and words a sentence-case style must not lower ("GPT-4", "LLMs") braced.
Each entry's key is its reference id.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
import unicodedata
import urllib.parse

from bibtexparser.bibdatabase import BibDatabase, BibDataString
from bibtexparser.bwriter import BibTexWriter
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from .agenda import Agenda
from .schema import MONTHS, Challenge, ProgressWork, Question, Reference

# Characters LaTeX knows no macro for (CJK, say) are kept as they are: UTF-8 engines print them.
# An accented i is written on the letter itself ("\\'i"), not on a dotless one ("\\'\\i"):
# biber turns the latter into a dotless i and a combining accent, which pdfLaTeX cannot print.
_ACCENTED_I = {ord(letter): "\\" + accent + "i" for letter, accent in zip("íìîï", "'`^\"")}
_LATEX = UnicodeToLatexEncoder(conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, _ACCENTED_I), "defaults"],
                               unknown_char_policy="keep", unknown_char_warning=False,
                               replacement_latex_protection="braces-all")
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)


@functools.lru_cache(maxsize=None)
def latex(text: str) -> str:
    """Record text as LaTeX that prints it: specials escaped, accents as macros. (Cached: a
    build writes the same names and titles into many files, and encoding is slow.)"""
    # Composed first: a letter and a combining accent ("e" + U+0301) become the one accented
    # letter LaTeX has a macro for.
    return _LATEX.unicode_to_latex(unicodedata.normalize("NFC", text))


# The order fields are written in, after the key; fields an entry lacks are left out.
FIELD_ORDER = ["author", "editor", "key", "title", "booktitle", "series", "journal", "volume", "number", "pages", "howpublished",
               "institution", "publisher", "address", "year", "month", "eprint", "archiveprefix", "primaryclass",
               "doi", "isbn", "issn", "url", "urldate", "note"]

# Words of a surname that come before its last word ("van der Goot", "La Malfa", "De Moor"); in
# lower case BibTeX finds them itself, capitalised it cannot, so the name is written "Last, First".
PARTICLES = {"van", "von", "der", "den", "dem", "de", "del", "della", "di", "du", "la", "las", "le", "dos", "ter", "ó"}
# Names the rule above reads wrongly: the surname as the paper's citations print it.
SURNAMES = {"Christian Schroeder de Witt": "Schroeder de Witt", "Oier Lopez de Lacalle": "Lopez de Lacalle",
            "Phi Le Nguyen": "Nguyen"}
NAME_SUFFIXES = {"Jr", "Jr.", "II", "III", "IV"}


def name_parts(name: str) -> tuple[str, str, str]:
    """A person's name as printed ("First von Last Jr.") split into first names, surname with
    its particles, and suffix ("" when none): "Emanuele La Malfa" -> ("Emanuele", "La Malfa", "")."""
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in NAME_SUFFIXES else ""
    if len(words) < 2:
        return "", " ".join(words), suffix
    known = SURNAMES.get(name)
    if known and name.endswith(" " + known):
        return name[: -len(known) - 1], known, suffix
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:]), suffix


def bibtex_name(name: str, organisation: bool = False) -> str:
    """One person as BibTeX reads a name ("von Last, Jr., First"), or an organisation braced."""
    if organisation:
        return "{" + latex(name) + "}"
    first, last, suffix = name_parts(name)
    if not first:
        return latex(name)
    return ", ".join(latex(part) for part in [last, suffix, first] if part)


# A word a sentence-case style would lower but must not: two capitals or more ("GPT-4", "LLMs",
# "AI"), a capital after the first letter ("ChatGPT"), or a capital with a digit ("Q4").
PROTECT = re.compile(r"^\W*(?:\w*[A-Z]\w*[A-Z]|\w+[A-Z]|[A-Z]\w*\d)")


def bibtex_title(title: str) -> str:
    """A title as LaTeX, with the words that must keep their capitals braced."""
    words = []
    for word in title.split(" "):
        # The braces go round the word, not the punctuation beside it: "({LLM}" not "{(LLM}".
        before, core, after = re.match(r"^(\W*)(.*?)(\W*)$", word).groups()
        if core and PROTECT.match(core):
            words.append(latex(before) + "{" + latex(core) + "}" + latex(after))
        else:
            words.append(latex(word))
    return " ".join(words)


def bibtex_url(url: str) -> str:
    """An address as the url field takes it. An escaped character that needs no escape
    ("%5F" for "_") is decoded, as RFC 3986 allows, because a "%" would end the line for BibTeX's
    styles; the record's validation keeps any other character out."""
    return re.sub(r"%(2[Dd]|2[Ee]|5[Ff]|7[Ee]|[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9])",
                  lambda m: urllib.parse.unquote(m.group(0)), url).replace("%", r"\%")


# What a venue as printed holds, read from its end: publisher, pages, volume and number.
PREPRINT = re.compile(r"^(?:In\s+)?(?:arXiv preprint|arXiv e-prints|arXiv|ArXiv|CoRR|Preprint)\b")
EDITORS = re.compile(r"^(?P<editors>.+?),\s+editors?,\s+(?P<rest>.+)$")
# Pages, then perhaps where the meeting was ("pages 1773–1781, Toronto, Canada").
PAGES_AT_END = re.compile(r",?\s*pages\s*(?P<pages>[0-9A-Za-z]+\s*[–-]+\s*[0-9A-Za-z]+|[0-9]+)"
                          r"(?:,\s*(?P<address>[A-Z][A-Za-z ]+(?:,\s*[A-Z][A-Za-z ]+)?))?$")
# The days of a meeting after its publisher ("Pmlr, 09–15"): the month is the entry's date.
DAYS_AT_END = re.compile(r",\s*\d{1,2}\s*[–-]+\s*\d{1,2}$")
JOURNAL_NUMBERS = re.compile(r",\s*(?P<volume>[0-9]+)\s*(?:\((?P<number>[^)]+)\))?"
                             r"(?::\s*(?P<pages>[0-9A-Za-z]+(?:\s*[–-]\s*[0-9A-Za-z]+)?))?$")
# A journal printed by its name alone ("Nature", "IEEE Transactions on ...", "Distill").
JOURNAL_NAME = re.compile(r"^(?:.*\b(?:Journal|Transactions|Letters|Review|Reports|Communications)\b.*|Nature(?: [A-Z]\w+)*|"
                          r"Science|Distill|Artificial life|Health security|Information Geometry)$")
SSRN = re.compile(r"^(?:Available at )?SSRN\s*(?P<id>\d+)?$")
VOLUME = re.compile(r",\s*volume\s+(?P<volume>\S+?)(?:\s+of\s+(?P<series>[^,]+))?$")
PUBLISHER_AT_END = re.compile(r"\.\s+(?P<publisher>[A-Z][^.]{1,60})$")
PUBLISHERS = re.compile(r"\b(?:Press|Sons|Penguin|Books|Springer|Publishing|Publishers|Liberty Fund|Artech House|"
                        r"OpenStax|Wiley|Routledge|Norton|Elsevier|Hachette|Macmillan)\b")
REPORT = re.compile(r"^(?:Technical report|Tech\. rep\.|Research briefing|Working Paper|Research Report)"
                    r"(?:\s+(?P<number>[0-9][0-9-]*))?[,.]?\s*(?P<institution>.*)$", re.I)


def page_range(pages: str) -> str:
    """Pages as BibTeX writes a range: "5295–5303" -> "5295--5303"."""
    return re.sub(r"\s*[–-]+\s*", "--", pages)


def venue_parts(venue: str) -> dict[str, str]:
    """A venue as printed, read into BibTeX's fields and an entry type ("kind")."""
    text = re.sub(r"\s+", " ", venue).strip(" .,")
    if PREPRINT.match(text):
        return {"kind": "preprint"}
    report = REPORT.match(text)
    if report:
        return {"kind": "techreport", "institution": report.group("institution") or text,
                **({"number": report.group("number")} if report.group("number") else {})}
    ssrn = SSRN.match(text)
    if ssrn:
        return {"kind": "misc", "howpublished": "SSRN", **({"ssrn": ssrn.group("id")} if ssrn.group("id") else {})}
    parts: dict[str, str] = {}
    proceedings = text.startswith("In ")
    if proceedings:
        text = text[len("In "):]
        editors = EDITORS.match(text)
        if editors:
            parts["editor"] = " and ".join(n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", editors.group("editors"))
                                           if n)
            text = editors.group("rest")
    if proceedings:
        text = DAYS_AT_END.sub("", text)
    publisher = PUBLISHER_AT_END.search(text)
    if publisher and not re.search(r"\d", publisher.group("publisher")):
        parts["publisher"] = publisher.group("publisher").strip()
        text = text[: publisher.start()]
    pages = PAGES_AT_END.search(text)
    if pages:
        parts["pages"] = page_range(pages.group("pages"))
        if pages.group("address"):
            parts["address"] = pages.group("address")
        text = text[: pages.start()]
    volume = VOLUME.search(text)
    if volume:
        parts["volume"] = volume.group("volume")
        if volume.group("series"):
            parts["series"] = volume.group("series").strip()
        text = text[: volume.start()]
    if proceedings:
        return {"kind": "inproceedings", "booktitle": text.strip(" ,"), **parts}
    numbers = JOURNAL_NUMBERS.search(text)
    if numbers:
        parts.update({k: v for k, v in numbers.groupdict().items() if v})
        if "pages" in parts:
            parts["pages"] = page_range(parts["pages"])
        return {"kind": "article", "journal": text[: numbers.start()].strip(" ,"), **parts}
    if PUBLISHERS.search(text) and "pages" not in parts and "publisher" not in parts:
        return {"kind": "book", "publisher": text}
    if JOURNAL_NAME.match(text) and "publisher" not in parts:
        return {"kind": "article", "journal": text, **parts}
    if "pages" in parts or "publisher" in parts:
        return {"kind": "article", "journal": text.strip(" ,"), **parts}
    return {"kind": "misc", "howpublished": text}


MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def month_of(date: str | None) -> int | None:
    """The month of a date as printed before the year ("October", "oct", "April 7", "10")."""
    if not date:
        return None
    word = date.split()[0].strip(".,").lower()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    for number, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    return None


ACCESSED = re.compile(r"Accessed on:\s*(?P<date>[^.]+?)\s*(?:\.|$)")
ISBN = re.compile(r"\bISBN\s*([0-9Xx-]{10,17})")
ISSN = re.compile(r"\bISSN\s*([0-9]{4}-?[0-9]{3}[0-9Xx])")
PRIMARY_CLASS = re.compile(r"arXiv:\s*[0-9.]+(?:v\d+)?\s*\[(?P<cls>[a-z-]+(?:\.[A-Z]{2})?)\]")


def accessed_on(note: str | None) -> str | None:
    """The ISO date of the note's "Accessed on: January 8, 2024" (or "3 January, 2024")."""
    found = ACCESSED.search(note or "")
    if not found:
        return None
    text = re.sub(r"\s+", " ", found.group("date").replace(",", " ")).strip()
    for pattern in ("%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def work_address(reference: Reference, ssrn: str | None = None) -> str | None:
    """Where a reader finds the work: its printed address, or the abstract page its printed
    arXiv or SSRN number names."""
    if reference.url:
        return reference.url
    if reference.arxiv:
        return f"https://arxiv.org/abs/{reference.arxiv}"
    if ssrn:
        return f"https://papers.ssrn.com/sol3/papers.cfm?abstract_id={ssrn}"
    return None


def reference_kind(reference: Reference) -> tuple[str, dict[str, str]]:
    """What a reference is ("preprint", "inproceedings", "incollection", "article", "book",
    "techreport" or "misc") and its venue's parts, for the BibTeX and the CSL-JSON alike."""
    parts = venue_parts(reference.venue) if reference.venue else {"kind": "misc"}
    kind = parts.pop("kind")
    if reference.editors and kind in ("misc", "book"):
        kind = "book"
    if kind == "preprint" and not reference.arxiv:
        kind = "misc"
        parts["howpublished"] = reference.venue
    if kind == "inproceedings" and parts.get("editor") and reference.authors and \
            PUBLISHERS.search(parts.get("publisher", "")):
        kind = "incollection"  # a chapter of an edited book
    return kind, parts


def bibtex_entry(reference: Reference, database: BibDatabase) -> dict:
    """One reference as a bibtexparser entry."""
    organisations = set(reference.organisations)
    names = list(reference.authors[:-1] if reference.elided else reference.authors)
    names_tex = [bibtex_name(n, n in organisations) for n in names]
    if reference.et_al or reference.elided:
        names_tex.append("others")
    entry: dict = {"ID": reference.id, "title": bibtex_title(reference.title), "year": str(reference.year)}
    if names_tex:
        entry["editor" if reference.editors else "author"] = " and ".join(names_tex)
    else:  # no author printed: styles sort and label such a work by its key
        entry["key"] = latex(reference.title)
    kind, parts = reference_kind(reference)
    entry["ENTRYTYPE"] = {"preprint": "misc"}.get(kind, kind)
    ssrn = parts.pop("ssrn", None)
    for field, value in parts.items():
        entry[field] = value if field == "pages" else latex(value)
    month = month_of(reference.date)
    if month:
        entry["month"] = BibDataString(database, MONTH_MACROS[month - 1])
    if reference.arxiv:
        entry.update(eprint=reference.arxiv, archiveprefix="arXiv")
        primary = PRIMARY_CLASS.search(reference.note or "")
        if primary:
            entry["primaryclass"] = primary.group("cls")
    if reference.doi:
        entry["doi"] = latex(reference.doi)
    url = work_address(reference, ssrn)
    if url:
        entry["url"] = bibtex_url(url)
    accessed = accessed_on(reference.note)
    if accessed and url:
        entry["urldate"] = accessed
    note = reference.note or ""
    for pattern, field in ((ISBN, "isbn"), (ISSN, "issn")):
        found = pattern.search(note)
        if found:
            entry[field] = found.group(1)
    rest = ACCESSED.sub("", ISSN.sub("", ISBN.sub("", note)))
    rest = re.sub(r"arXiv:\s*[0-9.]+(?:v\d+)?\s*(?:\[[^\]]*\])?|OCLC:\s*\S+|Google-Books-ID:\s*\S+|URL \^1\^|version:\s*\d+",
                  "", rest)
    rest = re.sub(r"\s*\.\s*(?=\.|$)|^\W+", "", rest).strip(" .")
    if rest:
        entry["note"] = latex(rest)
    return entry


def bibtex(references: list[Reference]) -> str:
    """A .bib file of references, in the order given."""
    database = BibDatabase()
    return write_entries([bibtex_entry(r, database) for r in references], database)


def write_entries(entries: list[dict], database: BibDatabase | None = None) -> str:
    """bibtexparser entries (values already LaTeX) as the text of a .bib file."""
    database = database or BibDatabase()
    database.entries = entries
    writer = BibTexWriter()
    writer.order_entries_by = None  # the paper's order, not the keys'
    writer.display_order = FIELD_ORDER
    writer.indent = "  "
    return writer.write(database)


def reading_list(agenda: Agenda, cited) -> list[Reference]:
    """The works of the reference list whose ids are in cited, each once, in the paper's order."""
    cited = set(cited)
    return [r for r in agenda.references if r.id in cited]


def challenge_reading_list(agenda: Agenda, challenge: Challenge) -> list[Reference]:
    """The works cited anywhere in a challenge (introduction, sub-sections, questions)."""
    return reading_list(agenda, [work for part in [challenge, *challenge.subsections, *challenge.questions]
                                 for work in part.cites])


def question_reading_list(agenda: Agenda, question: Question) -> list[Reference]:
    """The works a question cites and those its sub-sections cite."""
    own, drawn = agenda.question_cites(question)
    return reading_list(agenda, own + drawn)


def progress_entry(key: str, work: ProgressWork, database: BibDatabase) -> dict:
    """A work recorded since the paper, as arXiv or a DOI's publisher would give it."""
    year, month, _ = work.sort_date  # month 0 when the work's page gives the year alone
    names = [bibtex_name(name) for name in work.authors] + ([] if work.authors_complete else ["others"])
    entry: dict = {"ENTRYTYPE": "misc", "ID": key, "author": " and ".join(names),
                   "title": bibtex_title(work.title), "year": str(year)}
    if month:
        entry["month"] = BibDataString(database, MONTH_MACROS[month - 1])
    if work.arxiv:
        entry.update(eprint=work.arxiv, archiveprefix="arXiv")
    if work.doi:
        entry["doi"] = latex(work.doi)
    entry["url"] = bibtex_url(work.link)
    return entry


def progress_bibtex(entries: list[tuple[str, ProgressWork]]) -> str:
    """progress.bib: the works recorded since the paper, keyed by their entry's id."""
    database = BibDatabase()
    return write_entries([progress_entry(key, work, database) for key, work in entries], database)


def article_entry(key: str, title: str, authors: list[str], year: int, *, journal: str | None = None,
                  eprint: str | None = None, note: str | None = None, url: str | None = None,
                  more_authors: bool = False) -> dict[str, str]:
    """A citation pages offer (the paper, a part of it, a survey) as a bibtexparser entry."""
    entry = {"ENTRYTYPE": "article" if journal else "misc", "ID": key, "title": bibtex_title(title),
             "author": " and ".join([bibtex_name(name) for name in authors] + (["others"] if more_authors else [])),
             "year": str(year)}
    if journal:
        entry["journal"] = latex(journal)
    if eprint:
        entry.update(eprint=eprint, archiveprefix="arXiv")
    if note:
        entry["note"] = latex(note)
    if url:
        entry["url"] = bibtex_url(url)
    return entry
