"""Views: every value a page shows that is computed rather than read from one record field, made
once here so that templates only place values and loop (bylines, surnames, citations, anchors,
addresses, structured data, a question's standing, the Progress page's figures).

Values that are record text keep their marks (schema.PlainText, schema.Address), so the page
templates escape them for Markdown wherever they land.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from .agenda import Agenda
from .bibtex import article_entry, name_parts, write_entries
from .changes import KINDS
from .published import status_data
from .settings import Settings
from .schema import (RELATIONS, STATUSES, Address, Challenge, PlainText, ProgressEntry, ProgressWork, Question,
                     Reference)
from .urls import (FEEDS_BEGAN, bibliography_path, category_path, challenge_feed_path, challenge_path,
                   edition_folder, edition_index_path, edition_question_path, edition_url, editions_feed_path,
                   editions_path, page_url, question_path, reference_anchor, subsection_anchor)


def surname(name: str) -> PlainText:
    """A person's last name with its particles ("von Oswald", "La Malfa"), by the rule the
    BibTeX downloads write names by (bibtex.name_parts), so that both cite a person alike."""
    return PlainText(name_parts(name)[1] or name)


def ascii_key(text: str) -> str:
    """text as the lower-case ASCII letters of a citation key."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def counted(number: int, singular: str, plural: str = "") -> str:
    """"1 challenge", "3 challenges": a count with its noun in the right number."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def status_summary(statuses: list[str]) -> str:
    """How many questions stand where, in the statuses' order: "3 partial answers, 1 active"."""
    return ", ".join(f"{statuses.count(key)} {label.lower()}" for key, label in STATUSES.items() if key in statuses)


def reference_authors(reference: Reference) -> PlainText:
    """The authors as a short list shows them: one, two, or the first and "et al."."""
    names = list(reference.authors)
    if not names:
        return PlainText("")
    if len(names) > 2 or reference.et_al:
        return PlainText(f"{names[0]} et al.")
    return PlainText(" and ".join(names))


def byline(work: ProgressWork) -> PlainText:
    """Up to three authors by name; "et al." after the first when there are more, or when the
    record's list is not the whole one."""
    if work.authors_complete and len(work.authors) <= 3:
        names = list(work.authors)
        return PlainText(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    return PlainText(f"{work.authors[0]} et al.")


def readable_size(size: int) -> str:
    """A file's size as the Data and downloads page gives it: rounded in kB or MB (powers of
    1,000), then exact, so that the rounding is never mistaken for the size."""
    if size < 1000:
        return f"{size:,} bytes"
    rounded = f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.2f} MB"
    return f"{rounded} ({size:,} bytes)"


def file_sizes(texts: list[str]) -> dict:
    """A family of files (the feeds, the reading lists) as the Data and downloads page sums them
    up: how many, the smallest, the largest and all together, measured in UTF-8 bytes."""
    sizes = [len(text.encode("utf-8")) for text in texts] or [0]
    return {"count": len(texts), "smallest": readable_size(min(sizes)), "largest": readable_size(max(sizes)),
            "total": readable_size(sum(sizes))}


def question_search_boost(number: int) -> int:
    """Search matches word prefixes, so "Q17" also finds Q170-Q179: ranking shorter numbers
    higher puts the question whose number was typed in full first."""
    return 5 - len(str(number))


# The outline a contributor's new entry starts from (CONTRIBUTING.md explains each field).
NEW_ENTRY_OUTLINE = """work:
  title: The work's title, as its own page gives it
  authors: [First Author, Second Author]
  authors_complete: true
  date: 2025-01-31
  arxiv: "2501.00000"
questions:
  - number: {number}
    relation: partly-addresses
note: >-
  What the work does and shows for this question, in your own words, with its limits.
recorded: 2026-01-31
verified_from: https://arxiv.org/abs/2501.00000
"""


# An edition's stylesheet, in its folder; the files of an edition its downloads list.
STYLESHEET_NAME = "edition.css"
EDITION_DOWNLOADS = ("agenda.json", "questions.csv", "references.bib", "progress.bib", "CITATION.cff",
                     "records.tar.gz")


class Views:
    """The computed values of every page, from one validated agenda and one build."""

    # How many questions of its challenge a question page lists on either side of it: a challenge
    # may have 35, which would swamp the page (the challenge page lists them all).
    NEIGHBOURS = 2
    # How many questions the Progress page lists as reviewed longest ago.
    OLDEST_REVIEWS = 12

    def __init__(self, agenda: Agenda, settings: Settings, editions: list | None = None,
                 since_edition: list | None = None):
        self.agenda = agenda
        self.settings = settings
        # The released editions, the newest first (published.EditionData, from their manifests),
        # and what changed in the records since the newest (None: its records cannot be compared).
        self.editions = editions or []
        self.since_edition = since_edition
        self.site_url = settings.site_url
        self.repo_url = settings.repo_url
        paper = agenda.paper
        self.arxiv_abs = Address(f"https://arxiv.org/abs/{paper.arxiv_id}{paper.arxiv_version}")
        self.arxiv_pdf = Address(f"https://arxiv.org/pdf/{paper.arxiv_id}{paper.arxiv_version}")
        self.openreview = Address(f"https://openreview.net/forum?id={paper.openreview_id}")
        self._by_number = {q.number: q for q in agenda.questions}
        self._contexts: dict[int, dict] = {}

    # Addresses: the site's own (absolute, as citations and canonical links give them) and its
    # pages' URLs in this build's style.
    def url(self, path: str) -> str:
        return page_url(path, self.settings.use_directory_urls)

    def address(self, path: str) -> str:
        """A page's published address (canonical links and citations name the online page)."""
        return self.site_url + page_url(path)

    def challenge_source(self, challenge: Challenge) -> str:
        return challenge_path(self.agenda.category_of(challenge), challenge)

    # Citations, each shown as it is in a code block.
    def citation(self, key_suffix: str = "", part: str = "", url: str | None = None) -> dict:
        """How to cite the paper, or one part of it (part, with its address on this site), as a
        plain-text line and as BibTeX."""
        paper = self.agenda.paper
        url = url or self.arxiv_abs
        first = paper.authors[0]
        initial = first.split()[0][0]
        text = (f"{surname(first)}, {initial}., et al. ({paper.year}). {paper.title}. {paper.venue}."
                + (f" {part}." if part else "") + f" arXiv:{paper.arxiv_id}{paper.arxiv_version}. {url}")
        key = f"{ascii_key(surname(first))}{paper.year}foundational{key_suffix}"
        entry = article_entry(key, paper.title, list(paper.authors), paper.year, journal=paper.venue,
                              eprint=paper.arxiv_id, note=part or None, url=str(url))
        return {"text": text, "bibtex": write_entries([entry]).strip()}

    def survey(self, work) -> dict:
        """What the Further Reading page shows of one survey besides its record."""
        count = counted(len(work.authors), "author") if work.authors_complete else f"{len(work.authors)}+ authors"
        url = f"https://arxiv.org/abs/{work.arxiv_id}"
        names = ", ".join(work.authors) + ("" if work.authors_complete else ", et al")
        # A preprint, as arXiv writes it: @misc with its eprint, not an article in "arXiv preprint".
        entry = article_entry(work.id, work.title, list(work.authors), work.year, eprint=work.arxiv_id, url=url,
                              more_authors=not work.authors_complete)
        return {"surname": surname(work.authors[0]), "author_count": count, "abstract_url": Address(url),
                "pdf_url": Address(f"https://arxiv.org/pdf/{work.arxiv_id}"),
                "citation": {"text": f"{names}. ({work.year}). {work.title}. arXiv:{work.arxiv_id}. {url}",
                             "bibtex": write_entries([entry]).strip()}}

    def site_citation(self) -> str:
        """How to cite this site (for what is its own), beside the paper."""
        paper = self.agenda.paper
        return (f"{self.settings.site_name}: a reader's companion to {surname(paper.authors[0])} et al."
                f" ({paper.year}). {self.site_url}")

    # Structured data (schema.org, as JSON-LD), which theme/overrides/main.html writes into the page. The
    # addresses are the published ones (as canonical links), whichever build this is.
    def paper_reference(self) -> dict:
        return {"@type": "ScholarlyArticle", "@id": self.arxiv_abs, "name": self.agenda.paper.title,
                "url": self.arxiv_abs}

    def site_reference(self) -> dict:
        return {"@type": "WebSite", "name": self.settings.site_name, "url": self.site_url}

    def paper_jsonld(self) -> dict:
        paper = self.agenda.paper
        return {
            "@context": "https://schema.org", **self.paper_reference(),
            "author": [{"@type": "Person", "name": author} for author in paper.authors],
            "datePublished": f"{paper.year}-{paper.month:02d}",
            "isPartOf": {"@type": "Periodical", "name": paper.venue, "alternateName": paper.venue_short},
            "identifier": {"@type": "PropertyValue", "propertyID": "arXiv",
                           "value": f"{paper.arxiv_id}{paper.arxiv_version}"},
            "sameAs": [self.openreview],
        }

    def site_jsonld(self) -> dict:
        return {"@context": "https://schema.org", **self.site_reference(), "inLanguage": "en",
                "about": self.paper_reference()}

    def challenge_jsonld(self, challenge: Challenge) -> dict:
        return {"@context": "https://schema.org", "@type": "WebPage",
                "name": f"{challenge.section} {challenge.title}",
                "url": self.address(self.challenge_source(challenge)), "description": challenge.gist,
                "about": self.paper_reference(), "isPartOf": self.site_reference(),
                "citation": self.paper_reference()}

    def question_jsonld(self, question: Question) -> dict:
        challenge = self.agenda.challenge_of[question.number]
        return {"@context": "https://schema.org", "@type": "Question", "name": f"Question {question.number}",
                "text": question.text, "url": self.address(question_path(question.number)),
                "isPartOf": {"@type": "WebPage", "name": f"{challenge.section} {challenge.title}",
                             "url": self.address(self.challenge_source(challenge))},
                "citation": self.paper_reference()}

    # A question as every page that lists it shows it.
    def question_context(self, question: Question) -> dict:
        if question.number not in self._contexts:
            self._contexts[question.number] = self._question_context(question)
        return self._contexts[question.number]

    def _question_context(self, question: Question) -> dict:
        agenda = self.agenda
        challenge = agenda.challenge_of[question.number]
        return {
            "question": question,
            "challenge": challenge,
            "challenge_path": self.challenge_source(challenge),
            "category": agenda.category_of(challenge),
            "category_path": category_path(agenda.category_of(challenge)),
            "subsections": [s for s in challenge.subsections if s.section in question.subsections],
            "themes": [t for t in agenda.themes if t.id in question.tags],
            "previous": self._by_number.get(question.number - 1),
            "next": self._by_number.get(question.number + 1),
            "neighbours": self.neighbours(challenge, question),
            "status": status_data(agenda, question.number),
            # The works that give the status, by title, for the sentence that names them.
            "status_works": [agenda.progress[id_].work.title for id_ in agenda.standing(question.number).entries],
            "review": agenda.reviews.get(question.number),
            "progress": [self.entry_context(id_, entry, question.number)
                         for id_, entry in agenda.progress_on(question.number)],
            "contribute": self.contribute_links(question, challenge),
            "editions": self.question_editions(question),
        }

    def neighbours(self, challenge: Challenge, question: Question) -> list[Question]:
        """The questions of the same challenge nearest to this one, in the paper's order."""
        numbers = [q.number for q in challenge.questions]
        at = numbers.index(question.number)
        near = challenge.questions[max(0, at - self.NEIGHBOURS):at + self.NEIGHBOURS + 1]
        return [q for q in near if q.number != question.number]

    def breadcrumb(self, challenge: Challenge, here: str) -> list[dict]:
        """Where a question page sits: its category, its challenge (by URL from the site root; the
        theme's template makes them relative to the page), then the page itself (here, no URL)."""
        category = self.agenda.category_of(challenge)
        return [{"title": f"{category.number}. {category.title}", "url": self.url(category_path(category))},
                {"title": f"{challenge.section} {challenge.title}", "url": self.url(self.challenge_source(challenge))},
                {"title": here, "url": None}]

    # Editions (editions.py): their frozen pages, and what the live pages say of them.
    def edition_address(self, path: str) -> Address:
        """An edition's file at its published address (an index.html by its folder's)."""
        return Address(self.site_url + edition_url(path))

    def edition_href(self, path: str) -> str:
        """A link to an edition's file from a live page: its path in the site, when this build
        carries the editions (the page's link() makes it relative), else its published address."""
        return path if self.settings.carries_editions else self.edition_address(path)

    def edition_citation(self, question: Question, edition) -> dict:
        """How to cite a question as it stood in an edition, at its fixed address."""
        section = self.agenda.challenge_of[question.number].section
        return self.citation(
            f"-q{question.number}-{edition.edition}",
            f"Research question {question.number} (Section {section}), as restated in {self.settings.site_name},"
            f" edition {edition.edition} of {edition.date.isoformat()}",
            self.edition_address(edition_question_path(edition.edition, question.number)))

    def edition_reference(self, edition) -> dict | None:
        """An edition as CITATION.cff names it: its name, date, fixed address and DOI if any."""
        if edition is None:
            return None
        return {"name": edition.edition, "date": edition.date.isoformat(), "doi": self.agenda.dois.get(edition.edition),
                "address": self.edition_address(edition_index_path(edition.edition))}

    @staticmethod
    def grouped_changes(changes, number: int | None = None) -> list[dict]:
        """Changes by kind, in the change log's order (changes.KINDS); with number, those that
        touch that question's page."""
        listed = [c for c in changes if number is None or number in c.touches]
        return [{"heading": heading, "kind": kind,
                 # What changed names records (titles), shown as written wherever it is placed.
                 "subjects": [PlainText(("Q" + str(c.question) + ": " if c.question and number is None else "")
                                        + c.subject) for c in listed if c.kind == kind]}
                for kind, heading in KINDS.items() if any(c.kind == kind for c in listed)]

    def change_summary(self, changes) -> str:
        """A change log in one line: "2 new progress entries, 1 status move"."""
        counts = [(sum(c.kind == kind for c in changes), heading) for kind, heading in KINDS.items()]
        return "; ".join(f"{heading.lower()}: {count}" for count, heading in counts if count) or "no record changed"

    def question_editions(self, question: Question) -> dict | None:
        """What a live question page says of editions: how to cite it as the newest edition has
        it, what each edition changed on it, and what has changed since the newest."""
        if not self.editions:
            return None
        newest, number = self.editions[0], question.number
        host = urlsplit(self.site_url).hostname
        changed_in = [{"edition": e.edition, "date": e.date.isoformat(),
                       "href": self.edition_href(edition_question_path(e.edition, number)),
                       "address": self.edition_address(edition_question_path(e.edition, number)),
                       # The entry of the question's feed that announces it.
                       "tag": f"tag:{host},{FEEDS_BEGAN}:editions/{e.edition}/questions/{number}",
                       "changes": self.grouped_changes(e.changes, number)}
                      for e in self.editions if any(number in c.touches for c in e.changes)]
        return {"edition": newest.edition, "date": newest.date.isoformat(),
                "href": self.edition_href(edition_question_path(newest.edition, number)),
                "address": self.edition_address(edition_question_path(newest.edition, number)),
                "citation": self.edition_citation(question, newest), "changed_in": changed_in,
                "since": None if self.since_edition is None else self.grouped_changes(self.since_edition, number),
                "editions_path": editions_path()}

    def frozen_question_context(self, question: Question, edition) -> dict:
        """A question's page in an edition (templates/edition/question.html.j2): the question as
        the live page shows it, with links to the live site made relative to the frozen page."""
        number, name = question.number, edition.edition
        root = "../" * edition_question_path(name, number).count("/")
        live = lambda path, anchor="": root + page_url(path) + (f"#{anchor}" if anchor else "")  # noqa: E731
        own_works, drawn_works = self.question_works(question)
        context = self.question_context(question)
        return {**context, "edition": edition, "root": root, "live": live, "stylesheet": "../../" + STYLESHEET_NAME,
                "own_works": own_works, "drawn_works": drawn_works, "bibliography_path": bibliography_path(),
                "live_question": live(question_path(number)), "edition_index": "../../",
                "address": self.edition_address(edition_question_path(name, number)),
                "citation": self.edition_citation(question, edition),
                "changes": self.grouped_changes(edition.changes, number)}

    def frozen_edition_context(self, edition) -> dict:
        """An edition's own page (templates/edition/index.html.j2)."""
        name = edition.edition
        root = "../" * edition_index_path(name).count("/")
        return {"edition": edition, "root": root, "stylesheet": STYLESHEET_NAME, "home": root + page_url("index.md"),
                "editions_page": root + page_url(editions_path()),
                "previous": f"../{edition.previous}/" if edition.previous else None,
                "questions": [{"number": q.number, "text": q.text, "href": f"questions/{q.number}/"}
                              for q in self.agenda.questions],
                "changes": self.grouped_changes(edition.changes), "summary": self.change_summary(edition.changes),
                "address": self.edition_address(edition_index_path(name)), "feed": root + editions_feed_path()}

    def editions_context(self) -> dict:
        """The Editions page: every edition, the newest first, with its changes and downloads."""
        repository, host = self.repo_url, urlsplit(self.site_url).hostname
        return {"editions": [
            {"edition": e.edition, "date": e.date.isoformat(), "commit": e.commit[:10], "previous": e.previous,
             "commit_url": Address(f"{repository}/commit/{e.commit}") if repository else None,
             "doi": self.agenda.dois.get(e.edition),
             "doi_url": Address(f"https://doi.org/{self.agenda.dois[e.edition]}") if e.edition in self.agenda.dois else None,
             "href": self.edition_href(edition_index_path(e.edition)),
             "address": self.edition_address(edition_index_path(e.edition)),
             "summary": self.change_summary(e.changes), "changes": self.grouped_changes(e.changes),
             "files": [{"name": path, "href": self.edition_href(edition_folder(e.edition) + path),
                        "size": readable_size(size)} for path, size in e.files.items() if path in EDITION_DOWNLOADS],
             "release": Address(f"{repository}/releases/tag/{e.edition}") if repository else None,
             "bundle": Address(f"{repository}/releases/download/{e.edition}/agenda-offline.zip") if repository else None,
             # The entry of the editions feed that announces it.
             "tag": f"tag:{host},{FEEDS_BEGAN}:editions/{e.edition}"}
            for e in self.editions],
            "since": None if self.since_edition is None else self.grouped_changes(self.since_edition),
            "since_summary": None if self.since_edition is None else self.change_summary(self.since_edition),
            "feed_path": editions_feed_path()}

    # Works the paper cites.
    def work(self, reference_id: str) -> dict:
        """One cited work as every list shows it."""
        reference = self.agenda.reference_of[reference_id]
        title_ends = reference.title.endswith((".", "?", "!"))
        return {"reference": reference, "authors": reference_authors(reference),
                "year": f"{reference.year}{reference.suffix or ''}", "href": reference.link,
                "title_stop": "" if title_ends else ".", "anchor": reference_anchor(reference.id)}

    def works(self, reference_ids) -> list[dict]:
        return [self.work(work) for work in reference_ids]

    def question_works(self, question: Question) -> tuple[list[dict], list[dict]]:
        """The works a question's own text cites, then those its sub-sections cite (each once)."""
        own, drawn = self.agenda.question_cites(question)
        return self.works(own), self.works(drawn)

    @cached_property
    def citing_places(self) -> dict[str, list[dict]]:
        """For each reference id, where the site shows it cited: challenge introductions and
        sub-sections (their anchors on the challenge page) and questions (their pages)."""
        places: dict[str, list[dict]] = {}
        for challenge in self.agenda.challenges:
            path = self.challenge_source(challenge)
            for work in challenge.cites:
                places.setdefault(work, []).append({"label": challenge.section, "path": path, "anchor": ""})
            for sub in challenge.subsections:
                for work in sub.cites:
                    places.setdefault(work, []).append(
                        {"label": sub.section, "path": path, "anchor": subsection_anchor(sub.section)})
            for question in challenge.questions:
                for work in question.cites:
                    places.setdefault(work, []).append(
                        {"label": f"Q{question.number}", "path": question_path(question.number), "anchor": ""})
        return places

    # Works since the paper.
    def entry_context(self, id_: str, entry: ProgressEntry, number: int | None = None,
                      within: set[int] | None = None) -> dict:
        """One progress entry as pages and feeds show it; with a number, as it bears on that
        question. Its link goes to the first question it bears on (among within, for a feed)."""
        first = next(q.number for q in entry.questions if within is None or q.number in within)
        return {
            "id": id_, "entry": entry, "byline": byline(entry.work),
            # The record's own values (plain text, an address), which page templates escape.
            "work": {"title": entry.work.title, "url": entry.work.link, "date": entry.work.date_text},
            "questions": [{"number": q.number, "relation": RELATIONS[q.relation], "relation_id": q.relation,
                           "challenge": self.agenda.challenge_of[q.number].section} for q in entry.questions],
            "year": str(entry.work.sort_date[0]),
            "relation": next((RELATIONS[q.relation] for q in entry.questions if q.number == number), None),
            "note": entry.note_for(number) if number else entry.note,
            # The questions grouped by the note that speaks for them, in the record's order.
            "notes": [{"questions": [{"number": q.number, "relation": RELATIONS[q.relation]}
                                     for q in entry.questions if entry.note_for(q.number) == note],
                       "note": note}
                      for note in dict.fromkeys(entry.note_for(q.number) for q in entry.questions)],
            "tag": f"tag:{urlsplit(self.site_url).hostname},{FEEDS_BEGAN}:progress/{id_}",
            "url": self.site_url + self.url(question_path(first)) + "#since-the-paper",
        }

    def contribute_links(self, question: Question, challenge: Challenge) -> dict | None:
        """The repository's issue forms, prefilled with the question, a new entry's file, and the
        question's record to edit; none when the build names no repository."""
        if not self.repo_url:
            return None
        form = lambda template, title: Address(f"{self.repo_url}/issues/new?" + urlencode(  # noqa: E731
            {"template": template, "title": title, "question": question.number}))
        # A new file in content/progress/, opened in the repository's editor with an entry's
        # outline for this question (GitHub fills the editor from filename and value).
        new_entry = Address(f"{self.repo_url}/new/main/content/progress?" + urlencode(
            {"filename": "YYMM-NNNNN-a-few-title-words.yml", "value": NEW_ENTRY_OUTLINE.format(number=question.number)}))
        return {"report": form("progress.yml", f"Progress on Q{question.number}: "),
                "correct": form("correction.yml", f"Correction on Q{question.number}: "),
                "new_entry": new_entry,
                "edit": Address(f"{self.repo_url}/edit/main/content/challenges/{challenge.section}.yml"),
                "guide": Address(f"{self.repo_url}/blob/main/CONTRIBUTING.md")}

    @cached_property
    def reading_links(self) -> list[dict]:
        """Each survey topic that speaks to a challenge, resolved to records, in the records' order."""
        agenda = self.agenda
        works = {w.id: w for w in agenda.reading.works}
        challenges = {c.section: c for c in agenda.challenges}
        links = []
        for link in agenda.reading.links:
            work, challenge = works[link.work], challenges[link.challenge]
            topic = next(t for t in work.topics if t.id == link.topic)
            links.append({"work": work, "topic": topic, "topic_label": PlainText(topic.title.lower()),
                          "surname": surname(work.authors[0]),
                          "url": Address(f"https://arxiv.org/abs/{work.arxiv_id}"),
                          "challenge": challenge, "path": self.challenge_source(challenge),
                          "subsections": [s for s in challenge.subsections if s.section in link.subsections]})
        return links

    def challenge_progress(self, challenge: Challenge) -> dict:
        agenda = self.agenda
        statuses = [agenda.standing(q.number).status for q in challenge.questions]
        return {"challenge": challenge, "path": self.challenge_source(challenge),
                "feed_path": challenge_feed_path(challenge.section),
                "with_work": sum(1 for q in challenge.questions if agenda.progress_on(q.number)),
                "status_summary": status_summary(statuses)}

    def progress_page(self) -> dict:
        """What the Progress page shows: each challenge's figures, the entries (with what its
        filters read), and a maintainer's view: questions reviewed longest ago, and questions with
        no recorded work (help wanted)."""
        agenda = self.agenda
        standings = {q.number: agenda.standing(q.number) for q in agenda.questions}
        reviewed = sorted((agenda.reviews[q.number].reviewed, q.number) for q in agenda.questions
                          if q.number in agenda.reviews)
        recent = [self.entry_context(id_, entry) for id_, entry in agenda.recent_progress]
        years = sorted({item["year"] for item in recent}, reverse=True)
        return {
            "recent": recent,
            "challenges": [self.challenge_progress(c) for c in agenda.challenges],
            "status_summary": status_summary([s.status for s in standings.values()]),
            "with_work": sum(1 for n in standings if agenda.progress_on(n)),
            "question_count": len(agenda.questions),
            "oldest_reviews": [{"number": n, "reviewed": day, "challenge": agenda.challenge_of[n]}
                               for day, n in reviewed[:self.OLDEST_REVIEWS]],
            "unreviewed": [q.number for q in agenda.questions if q.number not in agenda.reviews],
            "help_wanted": [{"number": q.number, "challenge": agenda.challenge_of[q.number],
                             "reviewed": agenda.reviews[q.number].reviewed if q.number in agenda.reviews else None}
                            for q in agenda.questions if not agenda.progress_on(q.number)],
            # The filter menus of the entry list (theme/progress.html places them).
            "filters": [
                {"id": "challenge", "label": "Challenge",
                 "options": [{"value": c.section, "label": f"{c.section} {c.title}"} for c in agenda.challenges]},
                {"id": "relation", "label": "Relation",
                 "options": [{"value": key, "label": label} for key, label in RELATIONS.items()]},
                {"id": "year", "label": "Year of the work", "options": [{"value": y, "label": y} for y in years]},
            ],
        }
