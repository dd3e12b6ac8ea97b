"""Every rule a set of records must meet beyond its schema (numbering, cross-references, dates,
duplicates, reviews), and the Problem each breach is reported as: naming the file, the record
and the field, so that one run shows an editor everything to fix."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .schema import (Category, Challenge, FurtherReading, Paper, ProgressEntry, ProgressWork, ReferencesFile, Review,
                     ReviewsFile)

# The prose pages the site is built on; each must have a record. All but the page about the
# site restate part of the paper, so they and their sections name the PDF page they restate.
ABOUT_PAGE = "about"
REQUIRED_PAGES = ("readers-guide", "introduction", "discussion", ABOUT_PAGE)
# Record folders that may be empty: an agenda with no progress recorded yet is complete.
OPTIONAL_RECORD_FILES = ("progress/*.yml", "moved.yml", "editions.yml")


def printable(text: str) -> str:
    """text as a terminal can show it: a character that is not printable (a tab, an escape
    code, a byte of a file name that is not UTF-8) is written as its escape instead."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str
    line: int | None = None  # where in the file, when the loader knows it

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return printable(f"{where}: {self.record}: field '{self.field}': {self.message}")


class RecordError(Exception):
    """Raised with every problem found in the records."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the records:\n" + "\n".join(f"  - {p}" for p in problems))


def check_references(paper, themes_file, categories, challenges, pages, files, problems, complete):
    """The checks no single record can make: duplicates, numbering and cross-references.

    `complete` says every record file was valid, so that something absent is really missing."""
    themes, themes_path = themes_file
    problem = problems.append

    for value in _repeated(t.id for t in themes.themes):
        problem(Problem(themes_path, f"themes, theme {value}", "id", "duplicate theme id"))
    theme_ids = {t.id for t in themes.themes}

    for record in categories + challenges + pages:
        name = Path(files[id(record)]).stem
        key = getattr(record, "section", None) or getattr(record, "slug", None)
        if isinstance(record, Category):
            key = str(record.number)
        if name != key:
            problem(Problem(files[id(record)], _label(record), "-", f"the file must be named {key}.yml"))

    slugs = Counter(r.slug for r in categories + challenges + pages)
    for record in categories + challenges + pages:
        if slugs[record.slug] > 1:
            problem(Problem(files[id(record)], _label(record), "slug",
                            f"duplicate slug {record.slug!r}: URLs must be unique"))

    category_numbers = {c.number for c in categories}
    for category in categories if complete else []:
        if not any(c.section.startswith(f"{category.number}.") for c in challenges):
            problem(Problem(files[id(category)], _label(category), "number", "no challenge belongs to it"))

    first_file: dict[int, str] = {}
    for challenge in challenges:
        path, label = files[id(challenge)], _label(challenge)
        if int(challenge.section.split(".")[0]) not in category_numbers:
            problem(Problem(path, label, "section", "no category record for this section"))
        subsections = [s.section for s in challenge.subsections]
        for s in challenge.subsections:
            if not s.section.startswith(challenge.section + "."):
                problem(Problem(path, f"{label}, sub-section {s.section}", "section",
                                f"does not belong to challenge {challenge.section}"))
            if subsections.count(s.section) > 1:
                problem(Problem(path, f"{label}, sub-section {s.section}", "section", "duplicate sub-section"))
        numbers = [q.number for q in challenge.questions]
        if numbers != sorted(numbers):
            problem(Problem(path, label, "questions", "questions must be in the paper's order"))
        for q in challenge.questions:
            where = f"{label}, question {q.number}"
            if q.number in first_file:
                problem(Problem(path, where, "number", f"duplicate question number (also in {first_file[q.number]})"))
            first_file.setdefault(q.number, path)
            if q.number > paper.question_count:
                problem(Problem(path, where, "number", f"the paper has only {paper.question_count} questions"))
            for ref in q.subsections:
                if ref not in subsections:
                    problem(Problem(path, where, "subsections",
                                    f"refers to sub-section {ref}, which challenge {challenge.section} does not have"))
            for tag in q.tags:
                if tag not in theme_ids:
                    problem(Problem(path, where, "tags", f"unknown theme {tag!r} (not in {themes_path})"))
            if len(set(q.tags)) != len(q.tags):
                problem(Problem(path, where, "tags", "a theme is given twice"))

    if not complete:
        return
    missing = sorted(set(range(1, paper.question_count + 1)) - set(first_file))
    if missing:
        problem(Problem("content/agenda.yml", "agenda", "question_count",
                        f"{len(missing)} question(s) have no record: {_ranges(missing)}"))
    for slug in REQUIRED_PAGES:
        if slug not in {p.slug for p in pages}:
            problem(Problem(f"content/pages/{slug}.yml", f"page {slug}", "-", "required page is missing"))
    for page in pages:
        if page.slug == ABOUT_PAGE:
            continue
        for where, part in [("page", page), *((f"sections[{n}].page", s) for n, s in enumerate(page.sections))]:
            if part.page is None:
                problem(Problem(f"content/pages/{page.slug}.yml", f"page {page.slug}", where,
                                "a page that restates the paper names the PDF page it restates"))


def check_reading(reading: FurtherReading, path: str, challenges: list[Challenge], problems: list[Problem]):
    """Every link names a known work, one of its topics, a challenge and that challenge's sub-sections."""
    works = {w.id: w for w in reading.works}
    for value in _repeated(w.id for w in reading.works):
        problems.append(Problem(path, f"further reading, work {value}", "id", "duplicate work id"))
    for work in reading.works:
        for value in _repeated(t.id for t in work.topics):
            problems.append(Problem(path, f"further reading, work {work.id}, topic {value}", "id",
                                    "duplicate topic id"))
    by_section = {c.section: c for c in challenges}
    for number, link in enumerate(reading.links, start=1):
        where = f"further reading, link #{number} ({link.work} / {link.topic})"
        work = works.get(link.work)
        if work is None:
            problems.append(Problem(path, where, "work", f"unknown work {link.work!r}"))
        elif link.topic not in {t.id for t in work.topics}:
            problems.append(Problem(path, where, "topic", f"work {link.work} has no topic {link.topic!r}"))
        challenge = by_section.get(link.challenge)
        if challenge is None:
            problems.append(Problem(path, where, "challenge", f"unknown challenge {link.challenge!r}"))
            continue
        for ref in link.subsections:
            if ref not in {s.section for s in challenge.subsections}:
                problems.append(Problem(path, where, "subsections",
                                        f"refers to sub-section {ref}, which challenge {link.challenge} does not have"))


def check_reference_list(files: list[tuple[ReferencesFile, str]], problems: list[Problem]):
    """Each file is named after its page, one page has one file, and every reference id is unique."""
    first_file: dict[str, str] = {}
    pages: dict[int, str] = {}
    for record, path in files:
        label = f"references p{record.page}"
        if Path(path).name != f"p{record.page}.yml":
            problems.append(Problem(path, label, "page", f"the file must be named p{record.page}.yml"))
        if record.page in pages:
            problems.append(Problem(path, label, "page", f"page {record.page} is also in {pages[record.page]}"))
        pages.setdefault(record.page, path)
        for reference in record.references:
            if reference.id in first_file:
                problems.append(Problem(path, f"{label}, reference {reference.id}", "id",
                                        f"duplicate reference id (also in {first_file[reference.id]})"))
            first_file.setdefault(reference.id, path)


def check_citations(challenges: list[Challenge], files: dict, reference_files: list[tuple[ReferencesFile, str]],
                     problems: list[Problem]):
    """Every cited id names an entry of the reference list, and every entry is cited somewhere:
    by a challenge, a sub-section or a question, or where its `cited_elsewhere` says."""
    known = {r.id for record, _ in reference_files for r in record.references}
    cited: set[str] = set()
    for challenge in challenges:
        label = _label(challenge)
        places = [(label, challenge.cites)]
        places += [(f"{label}, sub-section {s.section}", s.cites) for s in challenge.subsections]
        places += [(f"{label}, question {q.number}", q.cites) for q in challenge.questions]
        for where, cites in places:
            cited.update(cites)
            for work in cites:
                if work not in known:
                    problems.append(Problem(files[id(challenge)], where, "cites",
                                            f"cites {work!r}, which no entry of content/references/ has as its id"))
            for work in _repeated(cites):
                problems.append(Problem(files[id(challenge)], where, "cites", f"cites {work!r} twice"))
    for record, path in reference_files:
        for reference in record.references:
            if reference.id not in cited and reference.cited_elsewhere is None:
                problems.append(Problem(path, f"references p{record.page}, reference {reference.id}", "cited_elsewhere",
                                        "no challenge, sub-section or question cites it; say where the paper does"))


def work_identity(work: ProgressWork) -> tuple[str, str]:
    """Which work an entry's address names, however it is written: (identity, query). An arXiv
    page and its id, any version (2406.05946v2), a DOI and its doi.org address, http and https,
    with or without "www." or a final "/" are each one identity; a query string is returned
    apart, since some sites name a work by it (openreview.net/forum?id=...)."""
    if work.arxiv:
        return f"arxiv:{work.arxiv}", ""
    if work.doi:
        return f"doi:{work.doi.lower()}", ""
    parts = urlsplit(work.url)
    host = (parts.hostname or "").removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    arxiv = re.fullmatch(r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?", path)
    if host == "arxiv.org" and arxiv:
        return f"arxiv:{arxiv.group(1)}", ""
    if host in ("doi.org", "dx.doi.org"):
        return f"doi:{path.lstrip('/').lower()}", ""
    return f"url:{host}{path}", parts.query


def check_progress(progress: list[tuple[ProgressEntry, str]], paper: Paper, numbers: set[int],
                    problems: list[Problem], complete: bool, today: datetime.date, line_of=lambda path, *loc: None):
    """Each entry names real questions once, records a work from after the paper under a file
    name that says which work, with dates that can be, and no work is recorded twice for one
    question."""
    first: dict[tuple[int, str, str], tuple[str, str]] = {}
    began = "{}-{:02d}".format(*paper.first_posted)
    for entry, path in progress:
        label, work = f"progress {Path(path).stem}", entry.work
        line = lambda *loc: line_of(path, *loc)  # noqa: E731
        prefix = work.arxiv.replace(".", "-") if work.arxiv else "-".join(f"{n:02d}" for n in work.sort_date[:2] if n)
        if not Path(path).stem.startswith(prefix + "-"):
            problems.append(Problem(path, label, "-", f"the file must be named {prefix}-<a few words of the title>.yml"))
        # Dates that can be: a later work after the paper and not in the future, recorded on or
        # after the work's date and not after the day of this build (a date in the year 9999 would
        # hold a status for ever).
        if work.sort_date[:2] <= paper.first_posted:
            alone = " (a year alone cannot show that; give the month)" if work.sort_date[1] == 0 else ""
            problems.append(Problem(path, label, "work.date", f"dated no later than the month the paper appeared"
                                    f" ({began}){alone}; progress is what came after it", line("work", "date")))
        if work.sort_date[:2] > (today.year, today.month) or work.sort_date > (today.year, today.month, today.day):
            problems.append(Problem(path, label, "work.date", f"{work.date} is after today ({today}): a work is"
                                    " recorded once it has appeared", line("work", "date")))
        if entry.recorded > today:
            problems.append(Problem(path, label, "recorded", f"{entry.recorded} is after today ({today}): recorded"
                                    " is the day the entry is added", line("recorded")))
        if (entry.recorded.year, entry.recorded.month, entry.recorded.day) < work.sort_date:
            problems.append(Problem(path, label, "recorded", f"{entry.recorded} is before the work's own date"
                                    f" ({work.date}): a work is recorded after it appeared", line("recorded")))
        for value in _repeated(q.number for q in entry.questions):
            problems.append(Problem(path, f"{label}, question {value}", "number", "the question is given twice",
                                    line("questions")))
        identity, query = work_identity(work)
        address = next(key for key in ("arxiv", "doi", "url") if getattr(work, key) is not None)
        title = re.sub(r"[^a-z0-9]+", " ", work.title.lower()).strip()
        for index, q in enumerate(entry.questions):
            # Numbers beyond the paper's are always unknown; within them, only once every file was read.
            if q.number > paper.question_count or (complete and q.number not in numbers):
                problems.append(Problem(path, f"{label}, question {q.number}", "number",
                                        f"unknown question {q.number}; the agenda's questions are numbered 1-{paper.question_count}",
                                        line("questions", index, "number")))
            # One work, one entry per question: the same address however written (an address
            # with a query string and the same without it are one work), or the same title.
            for kind, field_name, key, asked in (("address", f"work.{address}", identity, query),
                                                 ("title", "work.title", title, "")):
                earlier = first.get((q.number, kind, key))
                if earlier is None:
                    first[(q.number, kind, key)] = (path, asked)
                elif earlier[0] != path and (not asked or not earlier[1] or asked == earlier[1]):
                    problems.append(Problem(path, f"{label}, question {q.number}", field_name,
                                            f"this work is already recorded for question {q.number} in {earlier[0]}",
                                            line("work")))


def check_reviews(files: list[tuple[ReviewsFile, str]], challenges: list[Challenge], paper: Paper,
                   problems: list[Problem], complete: bool, today: datetime.date) -> dict[int, Review]:
    """Each challenge's reviews are in the file named after it, name only its questions, each
    once, with a date between the paper and today; and, once every file was read, every
    question of the agenda has its review."""
    by_section = {c.section: c for c in challenges}
    reviews: dict[int, Review] = {}
    began = datetime.date(*paper.first_posted, 1)
    for record, path in files:
        label = f"reviews {record.section}"
        if Path(path).name != f"{record.section}.yml":
            problems.append(Problem(path, label, "section", f"the file must be named {record.section}.yml"))
        challenge = by_section.get(record.section)
        numbers = {q.number for q in challenge.questions} if challenge else set()
        if complete and challenge is None:
            problems.append(Problem(path, label, "section", f"no challenge {record.section}"))
        for review in record.reviews:
            where = f"{label}, review of question {review.question}"
            if challenge is not None and review.question not in numbers:
                problems.append(Problem(path, where, "question",
                                        f"question {review.question} is not one of challenge {record.section}'s"))
            if review.question in reviews:
                problems.append(Problem(path, where, "question", "the question is reviewed twice"))
            if review.reviewed > today:
                problems.append(Problem(path, where, "reviewed", f"{review.reviewed} is after today ({today})"))
            if review.reviewed < began:
                problems.append(Problem(path, where, "reviewed", f"{review.reviewed} is before the paper appeared"))
            reviews.setdefault(review.question, review)
    if complete and files:
        missing = sorted({q.number for c in challenges for q in c.questions} - set(reviews))
        if missing:
            problems.append(Problem("content/reviews/", "reviews", "-",
                                    f"{len(missing)} question(s) have no review: {_ranges(missing)}; every question"
                                    " carries the date it was last reviewed"))
    return reviews


def _repeated(values) -> list:
    """The values that occur more than once, each named once."""
    return [value for value, count in Counter(values).items() if count > 1]


def _label(record) -> str:
    if isinstance(record, Challenge):
        return f"challenge {record.section}"
    if isinstance(record, Category):
        return f"category {record.number}"
    return f"page {record.slug}"


def _ranges(numbers: list[int]) -> str:
    spans, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None]):
        if cur != prev + 1:
            spans.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(spans)
