"""Render a validated Agenda into Markdown pages, the navigation and the data exports.

The renderer decides which page goes at which path and what each template is given;
the templates in `templates/` decide what the Markdown says. Nothing here knows HTML.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .bibtex import article_entry, bibtex, challenge_reading_list, write_entries
from .published import (AGENDA_SCHEMA_NAME, QUESTION_SCHEMA_NAME, AgendaData, AgendaQuestionData, CategoryData,
                        ChallengeData, PaperData, QuestionData, ReferenceData, RelatedReadingData, RelatedWorkData,
                        RelationInfo, StatusInfo, SubsectionData, ThemeData, TopicData, agenda_schema, entry_data,
                        fields, question_data, question_schema, review_data, status_data, to_json, work_data)
from .records import Agenda
from .schema import (RELATIONS, STATUS_MEANINGS, STATUSES, Address, Category, Challenge, PlainText, ProgressEntry,
                     ProgressWork, Question, Reference, json_schemas)


# Markdown escaping, as an HTML template engine escapes HTML: every value a page template places
# passes through markdown_value (the environment's finalize), which escapes what the records mark
# as plain text (schema.PlainText: titles, names, venues, shown as written) and percent-encodes
# what Markdown would read inside a link's parentheses in addresses (schema.Address). Prose
# fields (summaries, notes) are Markdown by design, in the text language the schema checks.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
LIST_NUMBER = re.compile(r"^([0-9]+)([.)])(?=\s|$)")
ADDRESS_SPECIAL = {"(": "%28", ")": "%29", "'": "%27", "[": "%5B", "]": "%5D", " ": "%20", "<": "%3C",
                   ">": "%3E", "\\": "%5C", '"': "%22", "`": "%60"}


def markdown_value(value):
    if isinstance(value, PlainText):
        # "1984. A title" at the start of a line would begin a numbered list.
        return LIST_NUMBER.sub(r"\1\\\2", MARKDOWN_SPECIAL.sub(r"\\\1", value))
    if isinstance(value, Address):
        return "".join(ADDRESS_SPECIAL.get(character, character) for character in value)
    return value


def surname(name: str) -> PlainText:
    """A person's last name with the lower-case particles before it ("von Oswald"), as BibTeX
    reads a name written "First von Last"."""
    words = name.split() or [name]
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return PlainText(" ".join(words[start:]))


def ascii_key(text: str) -> str:
    """text as the lower-case ASCII letters of a citation key."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def status_summary(statuses: list[str]) -> str:
    """How many questions stand where, in the statuses' order: "3 partial answers, 1 active"."""
    return ", ".join(f"{statuses.count(key)} {label.lower()}" for key, label in STATUSES.items() if key in statuses)


def plain_join(values, separator: str = "") -> str:
    """Jinja's join for page templates: a list of plain texts joins into plain text, still
    escaped where it is placed."""
    values = list(values)
    joined = separator.join(values)
    return PlainText(joined) if values and all(isinstance(v, PlainText) for v in values) else joined


# Page paths are URLs once published: a change here breaks links that readers hold.
def home_path() -> str:
    return "index.md"


def prose_path(slug: str) -> str:
    return f"{slug}.md"


def category_path(category: Category) -> str:
    return f"{category.slug}/index.md"


def challenge_path(agenda: Agenda, challenge: Challenge) -> str:
    return f"{agenda.category_of(challenge).slug}/{challenge.slug}.md"


def question_path(number: int) -> str:
    return f"questions/{number}.md"


def all_questions_path() -> str:
    return "questions/index.md"


def about_path() -> str:
    return "about.md"


# The offline edition, when the build is given it (scripts/build_site.py builds it first): a
# file of the site, not a page.
def offline_bundle_path() -> str:
    return "downloads/agenda-offline.zip"


def data_path() -> str:
    return "data.md"


# The data files at the site root, and the JSON Schemas under schema/.
def agenda_json_path() -> str:
    return "agenda.json"


def questions_csv_path() -> str:
    return "questions.csv"


def citation_cff_path() -> str:
    return "CITATION.cff"


def schema_path(name: str) -> str:
    return f"schema/{name}"


# A map of the site for language models (the llms.txt convention), at the root like robots.txt.
def llms_txt_path() -> str:
    return "llms.txt"


def further_reading_path() -> str:
    return "further-reading.md"


def bibliography_path() -> str:
    return "bibliography.md"


# The BibTeX downloads: the whole reference list, and each challenge's reading list.
def references_bib_path() -> str:
    return "references.bib"


def challenge_bib_path(section: str) -> str:
    return f"bib/{section}.bib"


def subsection_anchor(section: str) -> str:
    """A sub-section's anchor on its challenge page: 2.2.3 -> s2-2-3."""
    return "s" + section.replace(".", "-")


def context_anchor(section: str) -> str:
    """A sub-section's anchor where a question page summarises it: 2.2.3 -> context-2-2-3."""
    return "context-" + section.replace(".", "-")


def reference_anchor(reference_id: str) -> str:
    """A reference's anchor on the bibliography page."""
    return f"ref-{reference_id}"


def reference_authors(reference: Reference) -> PlainText:
    """The authors as a short list shows them: one, two, or the first and "et al."."""
    names = list(reference.authors)
    if not names:
        return PlainText("")
    if len(names) > 2 or reference.et_al:
        return PlainText(f"{names[0]} et al.")
    return PlainText(" and ".join(names))


def progress_path() -> str:
    return "progress.md"


# Feeds and data files: published URLs too. Challenge feeds live under feeds/, not challenges/,
# whose folders are the short links.
def site_feed_path() -> str:
    return "feed.xml"


def challenge_feed_path(section: str) -> str:
    return f"feeds/{section}.xml"


def question_feed_path(number: int) -> str:
    return f"feeds/questions/{number}.xml"


def question_api_path(number: int) -> str:
    return f"api/questions/{number}.json"


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


# Atom entry ids are tag: URIs (RFC 4151) minted under the site's host on the day the feeds began,
# so an entry keeps its id whatever page it appears on.
FEEDS_BEGAN = "2026-11-30"


def themes_path() -> str:
    return "themes/index.md"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


# Short links a reader can type by hand ("Q17", "§2.2"); each redirects to its page.
def question_shortlink_path(number: int) -> str:
    return f"q/{number}.md"


def challenge_shortlink_path(section: str) -> str:
    return f"challenges/{section}.md"


def question_search_boost(number: int) -> int:
    """Search matches word prefixes, so "Q17" also finds Q170-Q179: ranking shorter numbers
    higher puts the question whose number was typed in full first."""
    return 5 - len(str(number))


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
    sizes = [len(text.encode("utf-8")) for text in texts]
    return {"count": len(sizes), "smallest": readable_size(min(sizes)), "largest": readable_size(max(sizes)),
            "total": readable_size(sum(sizes))}


def counted(number: int, singular: str, plural: str = "") -> str:
    """"1 challenge", "3 challenges": a count with its noun in the right number."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def prose_nav_label(page) -> str:
    """A prose page's label in the navigation: numbered like the categories ("5. Discussion")
    when its first section is, or begins, a numbered section of the paper."""
    first = page.sections[0].section if page.sections else None
    return f"{first.split('.')[0]}. {page.title}" if first else str(page.title)


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL, relative to the site root, at which MkDocs publishes a Markdown page."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem if use_directory_urls else stem + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


# A link that record text writes to a page of this site, by its path from the site root
# (schema.LINK_TARGET): "/questions/17/", "/scientific-understanding/#anchor".
SITE_LINK = re.compile(r"\]\((/(?:[a-z0-9.-]+/)*)(#[a-z0-9-]+)?\)")


def relative_site_links(markdown: str, page_path: str, paths_by_url: dict[str, str]) -> str:
    """Turn root-relative site links into links relative to page_path, to the page's Markdown
    source, so they work under any host path and from file://, and MkDocs checks them. A path
    that is no page is left as written, and the strict build reports it."""
    def relative(found: re.Match) -> str:
        target = paths_by_url.get(found.group(1).lstrip("/"))
        if target is None:
            return found.group(0)
        rel = posixpath.relpath(target, posixpath.dirname(page_path) or ".")
        return f"]({rel}{found.group(2) or ''})"

    return SITE_LINK.sub(relative, markdown)


def byline(work: ProgressWork) -> PlainText:
    """Up to three authors by name; "et al." after the first when there are more, or when the
    record's list is not the whole one."""
    if work.authors_complete and len(work.authors) <= 3:
        names = list(work.authors)
        return PlainText(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    return PlainText(f"{work.authors[0]} et al.")


@dataclass(frozen=True)
class Site:
    """What the build adds to MkDocs: pages by path, the navigation in reading order, and the
    other files it publishes (BibTeX downloads, feeds, data) by path."""

    pages: dict[str, str]
    nav: list
    files: dict[str, str]


class Renderer:
    def __init__(self, agenda: Agenda, templates_dir: Path | str, site_url: str,
                 use_directory_urls: bool = True, repo_url: str | None = None,
                 offline_bundle: bool = False, site_name: str = "The agenda site",
                 offline_bundle_size: int | None = None):
        self.agenda = agenda
        # The offline edition's size in bytes, measured from the file by the plugin; None when
        # the build was not given the file (the page then states no size rather than a guess).
        self.offline_bundle_size = offline_bundle_size if offline_bundle else None
        # Where readers report progress and corrections; without it, pages offer no such links.
        self.repo_url = (repo_url or "").rstrip("/")
        self.use_directory_urls = use_directory_urls
        self._by_number = {q.number: q for q in agenda.questions}
        self._contexts: dict[int, dict] = {}
        self.site_url = site_url.rstrip("/") + "/"
        self.offline_bundle = offline_bundle
        options = dict(
            loader=FileSystemLoader(str(templates_dir)),
            undefined=StrictUndefined,  # a misspelt field fails the build instead of vanishing
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Pages (Markdown, and llms.txt, which is Markdown too) escape for Markdown; the feeds
        # escape for XML; the other files (CITATION.cff, the bundle's notes) write values with
        # tojson or as plain text.
        self.env = Environment(**options, finalize=markdown_value, autoescape=False)
        self.env.filters["join"] = plain_join
        # A label a template composes of plain texts ("Section 2 (" ~ title ~ ")") is plain text too.
        self.env.globals["plain"] = PlainText
        self.xml_env = Environment(**options, autoescape=True)
        self.text_env = Environment(**options, autoescape=False)
        # tojson writes front matter (YAML) and CITATION.cff: characters as themselves, since YAML
        # reads a "\ud83d\ude00" pair of escapes as two broken halves, not one character. It still
        # escapes <, >, & and ' as \u003c and so on.
        paper = agenda.paper
        globals_ = dict(
            paper=paper,
            site_url=self.site_url,
            site_name=site_name,
            # The repository the site is built from, when the build names one (AGENDA_REPO_URL).
            repo_url=self.repo_url or None,
            arxiv_abs=f"https://arxiv.org/abs/{paper.arxiv_id}{paper.arxiv_version}",
            arxiv_pdf=f"https://arxiv.org/pdf/{paper.arxiv_id}{paper.arxiv_version}",
            openreview=f"https://openreview.net/forum?id={paper.openreview_id}",
            first_author_surname=surname(paper.authors[0]),
            counted=counted,
            statuses=STATUSES,
            subsection_anchor=subsection_anchor,
            context_anchor=context_anchor,
            status_meanings=STATUS_MEANINGS,
            first_posted="{}-{:02d}".format(*paper.first_posted),
            progress_path=progress_path(),
            site_feed_path=site_feed_path(),
        )
        for env in (self.env, self.xml_env, self.text_env):
            env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
            env.globals.update(globals_)

    def _render(self, template_name: str, page_path: str, **context) -> str:
        def link(target: str, anchor: str = "") -> str:
            # Relative .md links: MkDocs checks them and rewrites them for either URL style.
            rel = posixpath.relpath(target, posixpath.dirname(page_path) or ".")
            return rel + (f"#{anchor}" if anchor else "")

        return self.env.get_template(template_name).render(
            link=link, page_url=page_url(page_path),
            question_url=lambda number: page_url(question_path(number)), **context
        )

    def citation(self, key_suffix: str = "", part: str = "", url: str | None = None) -> dict:
        """How to cite the paper, or one part of it (part, with its address on this site), as a
        plain-text line and as BibTeX; each is shown as it is, in a code block."""
        paper = self.agenda.paper
        url = url or self.env.globals["arxiv_abs"]
        first = paper.authors[0]
        initial = first.split()[0][0]
        text = (f"{surname(first)}, {initial}., et al. ({paper.year}). {paper.title}. {paper.venue}."
                + (f" {part}." if part else "") + f" arXiv:{paper.arxiv_id}{paper.arxiv_version}. {url}")
        key = f"{ascii_key(surname(first))}{paper.year}foundational{key_suffix}"
        entry = article_entry(key, paper.title, list(paper.authors), paper.year, journal=paper.venue,
                              eprint=paper.arxiv_id, note=part or None, url=url)
        return {"text": text, "bibtex": write_entries([entry]).strip()}

    def survey(self, work) -> dict:
        """What the Further Reading page shows of one survey besides its record."""
        count = counted(len(work.authors), "author") if work.authors_complete else f"{len(work.authors)}+ authors"
        return {"surname": surname(work.authors[0]), "author_count": count,
                "abstract_url": Address(f"https://arxiv.org/abs/{work.arxiv_id}"),
                "pdf_url": Address(f"https://arxiv.org/pdf/{work.arxiv_id}"), "citation": self.survey_citation(work)}

    def survey_citation(self, work) -> dict:
        """How to cite one of the surveys on the Further Reading page."""
        url = f"https://arxiv.org/abs/{work.arxiv_id}"
        names = ", ".join(work.authors) + ("" if work.authors_complete else ", et al")
        entry = article_entry(work.id, work.title, list(work.authors), work.year,
                              journal=f"arXiv preprint arXiv:{work.arxiv_id}", url=url,
                              more_authors=not work.authors_complete)
        return {"text": f"{names}. ({work.year}). {work.title}. arXiv:{work.arxiv_id}. {url}",
                "bibtex": write_entries([entry]).strip()}

    def site_citation(self) -> str:
        """How to cite this site (for what is its own), beside the paper."""
        paper = self.agenda.paper
        return (f"{self.env.globals['site_name']}: a reader's companion to {surname(paper.authors[0])} et al."
                f" ({paper.year}). {self.site_url}")

    def citation_cff(self) -> str:
        """CITATION.cff at the site root: how to cite the agenda itself."""
        return self.text_env.get_template("CITATION.cff.j2").render()

    # Structured data (schema.org, as JSON-LD) for pages: dicts that the renderer puts in a
    # page's front matter under `jsonld` and overrides/main.html writes into the page. The
    # addresses are the published ones (as canonical links), whichever build this is.
    def address(self, path: str) -> str:
        return self.site_url + page_url(path)

    def paper_reference(self) -> dict:
        paper = self.agenda.paper
        return {"@type": "ScholarlyArticle", "@id": self.env.globals["arxiv_abs"], "name": paper.title,
                "url": self.env.globals["arxiv_abs"]}

    def site_reference(self) -> dict:
        return {"@type": "WebSite", "name": self.env.globals["site_name"], "url": self.site_url}

    def paper_jsonld(self) -> dict:
        paper = self.agenda.paper
        return {
            "@context": "https://schema.org", **self.paper_reference(),
            "author": [{"@type": "Person", "name": author} for author in paper.authors],
            "datePublished": f"{paper.year}-{paper.month:02d}",
            "isPartOf": {"@type": "Periodical", "name": paper.venue, "alternateName": paper.venue_short},
            "identifier": {"@type": "PropertyValue", "propertyID": "arXiv",
                           "value": f"{paper.arxiv_id}{paper.arxiv_version}"},
            "sameAs": [self.env.globals["openreview"]],
        }

    def site_jsonld(self) -> dict:
        return {"@context": "https://schema.org", **self.site_reference(), "inLanguage": "en",
                "about": self.paper_reference()}

    def challenge_jsonld(self, challenge: Challenge) -> dict:
        return {"@context": "https://schema.org", "@type": "WebPage",
                "name": f"{challenge.section} {challenge.title}",
                "url": self.address(challenge_path(self.agenda, challenge)), "description": challenge.gist,
                "about": self.paper_reference(), "isPartOf": self.site_reference(),
                "citation": self.paper_reference()}

    def question_jsonld(self, question: Question) -> dict:
        challenge = self.agenda.challenge_of[question.number]
        return {"@context": "https://schema.org", "@type": "Question", "name": f"Question {question.number}",
                "text": question.text, "url": self.address(question_path(question.number)),
                "isPartOf": {"@type": "WebPage", "name": f"{challenge.section} {challenge.title}",
                             "url": self.address(challenge_path(self.agenda, challenge))},
                "citation": self.paper_reference()}

    def question_context(self, question: Question) -> dict:
        """What a template needs to show one question; the same on every page that lists it."""
        if question.number not in self._contexts:
            self._contexts[question.number] = self._question_context(question)
        return self._contexts[question.number]

    def _question_context(self, question: Question) -> dict:
        agenda = self.agenda
        challenge = agenda.challenge_of[question.number]
        return {
            "question": question,
            "challenge": challenge,
            "challenge_path": challenge_path(agenda, challenge),
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
        }

    # How many questions of its challenge a question page lists on either side of it: a challenge
    # may have 35, which would swamp the page (the challenge page lists them all).
    NEIGHBOURS = 2

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
        return [{"title": f"{category.number}. {category.title}",
                 "url": page_url(category_path(category), self.use_directory_urls)},
                {"title": f"{challenge.section} {challenge.title}",
                 "url": page_url(challenge_path(self.agenda, challenge), self.use_directory_urls)},
                {"title": here, "url": None}]

    def work(self, reference_id: str) -> dict:
        """What a template needs to show one cited work; the same wherever it is listed."""
        reference = self.agenda.reference_of[reference_id]
        title_ends = reference.title.endswith((".", "?", "!"))
        return {"reference": reference, "authors": reference_authors(reference),
                "year": f"{reference.year}{reference.suffix or ''}", "href": reference.link,
                "title_stop": "" if title_ends else ".", "anchor": reference_anchor(reference.id)}

    def works(self, reference_ids) -> list[dict]:
        return [self.work(work) for work in reference_ids]

    def question_works(self, question: Question) -> tuple[list[dict], list[dict]]:
        """The works a question's own text cites, then those its sub-sections cite (each once)."""
        own = list(dict.fromkeys(question.cites))
        challenge = self.agenda.challenge_of[question.number]
        drawn = [work for s in challenge.subsections if s.section in question.subsections for work in s.cites]
        return self.works(own), self.works(w for w in dict.fromkeys(drawn) if w not in own)

    def citing_places(self) -> dict[str, list[dict]]:
        """For each reference id, where the site shows it cited: challenge introductions and
        sub-sections (their anchors on the challenge page) and questions (their pages)."""
        places: dict[str, list[dict]] = {}
        for challenge in self.agenda.challenges:
            path = challenge_path(self.agenda, challenge)
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

    def entry_context(self, id_: str, entry: ProgressEntry, number: int | None = None,
                      within: set[int] | None = None) -> dict:
        """One progress entry as pages show it; with a number, as it bears on that question.
        Its link goes to the first question it bears on (among `within`, for a challenge's feed)."""
        first = next(q.number for q in entry.questions if within is None or q.number in within)
        return {
            "id": id_, "entry": entry, "byline": byline(entry.work),
            # The record's own values (plain text, an address), which page templates escape.
            "work": {"title": entry.work.title, "url": entry.work.link, "date": work_data(entry).date},
            "questions": [{"number": q.number, "relation": RELATIONS[q.relation]} for q in entry.questions],
            "relation": next((RELATIONS[q.relation] for q in entry.questions if q.number == number), None),
            "note": entry.note_for(number) if number else entry.note,
            # The questions grouped by the note that speaks for them, in the record's order.
            "notes": [{"questions": [{"number": q.number, "relation": RELATIONS[q.relation]}
                                     for q in entry.questions if entry.note_for(q.number) == note],
                       "note": note}
                      for note in dict.fromkeys(entry.note_for(q.number) for q in entry.questions)],
            "tag": f"tag:{urlsplit(self.site_url).hostname},{FEEDS_BEGAN}:progress/{id_}",
            "url": self.site_url + page_url(question_path(first), self.use_directory_urls)
            + "#since-the-paper",
        }

    def contribute_links(self, question: Question, challenge: Challenge) -> dict | None:
        """The repository's issue forms, prefilled with the question, and its record file to edit."""
        if not self.repo_url:
            return None
        form = lambda template, title: Address(f"{self.repo_url}/issues/new?" + urlencode(  # noqa: E731
            {"template": template, "title": title, "question": question.number}))
        # A new file in content/progress/, opened in the repository's editor with an entry's
        # outline for this question (GitHub fills the editor from filename and value).
        outline = NEW_ENTRY_OUTLINE.format(number=question.number)
        new_entry = Address(f"{self.repo_url}/new/main/content/progress?" + urlencode(
            {"filename": "YYMM-NNNNN-a-few-title-words.yml", "value": outline}))
        return {"report": form("progress.yml", f"Progress on Q{question.number}: "),
                "correct": form("correction.yml", f"Correction on Q{question.number}: "),
                "new_entry": new_entry,
                "edit": Address(f"{self.repo_url}/edit/main/content/challenges/{challenge.section}.yml"),
                "guide": Address(f"{self.repo_url}/blob/main/CONTRIBUTING.md")}

    def reading_links(self) -> list[dict]:
        """Each survey topic that speaks to a challenge, resolved to records, in the records' order."""
        agenda = self.agenda
        works = {w.id: w for w in agenda.reading.works}
        challenges = {c.section: c for c in agenda.challenges}
        return [
            {"work": works[link.work],
             "topic": next(t for t in works[link.work].topics if t.id == link.topic),
             "topic_label": PlainText(next(t for t in works[link.work].topics if t.id == link.topic).title.lower()),
             "surname": surname(works[link.work].authors[0]),
             "url": Address(f"https://arxiv.org/abs/{works[link.work].arxiv_id}"),
             "challenge": challenges[link.challenge],
             "path": challenge_path(agenda, challenges[link.challenge]),
             "subsections": [s for s in challenges[link.challenge].subsections if s.section in link.subsections]}
            for link in agenda.reading.links
        ]

    def build(self) -> Site:
        agenda = self.agenda
        pages: dict[str, str] = {}
        categories = [
            {"category": c, "path": category_path(c), "position": position,
             "challenges": [{"challenge": ch, "path": challenge_path(agenda, ch)}
                            for ch in agenda.challenges_in(c)],
             "question_count": sum(len(ch.questions) for ch in agenda.challenges_in(c))}
            for position, c in enumerate(agenda.categories, start=1)
        ]
        guide, intro, discussion, about = (agenda.pages[s] for s in ("readers-guide", "introduction", "discussion",
                                                                     "about"))
        bundle = offline_bundle_path() if self.offline_bundle else None
        reading = self.reading_links()

        pages[home_path()] = self._render(
            "home.md.j2", home_path(), categories=categories,
            guide_path=prose_path(guide.slug), intro_path=prose_path(intro.slug),
            question_count=len(agenda.questions), challenge_count=len(agenda.challenges),
            all_questions_path=all_questions_path(), themes_path=themes_path(),
            about_path=about_path(), offline_bundle_path=bundle, data_path=data_path(),
            jsonld=[self.site_jsonld(), self.paper_jsonld()], citation=self.citation())
        next_steps = {
            guide.slug: [{"title": intro.title, "path": prose_path(intro.slug)}]
            + [{"title": c["category"].title, "path": c["path"]} for c in categories],
            intro.slug: [{"title": c["category"].title, "path": c["path"]} for c in categories]
            + [{"title": discussion.title, "path": prose_path(discussion.slug)}],
        }
        for page in agenda.pages.values():
            if page is about:
                continue
            path = prose_path(page.slug)
            pages[path] = self._render("prose.md.j2", path, page=page, next_steps=next_steps.get(page.slug, []))
        pages[about_path()] = self._render("about.md.j2", about_path(), page=about, offline_bundle_path=bundle,
                                           question_count=len(agenda.questions), citation=self.citation(),
                                           site_citation=self.site_citation())

        for entry in categories:
            pages[entry["path"]] = self._render("category.md.j2", entry["path"], category=entry["category"],
                                                challenges=entry["challenges"], position=entry["position"],
                                                category_count=len(categories))
        for challenge in agenda.challenges:
            path = challenge_path(agenda, challenge)
            questions = [self.question_context(q) for q in challenge.questions]
            pages[path] = self._render(
                "challenge.md.j2", path, challenge=challenge, category=agenda.category_of(challenge),
                category_path=category_path(agenda.category_of(challenge)), questions=questions,
                question_path=question_path, theme_path=theme_path,
                related=[r for r in reading if r["challenge"].section == challenge.section],
                further_reading_path=further_reading_path(),
                introduction_works=self.works(challenge.cites),
                subsection_works={sub.section: self.works(sub.cites) for sub in challenge.subsections},
                bib_path=challenge_bib_path(challenge.section), bibliography_path=bibliography_path(),
                reading_list_count=len(challenge_reading_list(agenda, challenge)),
                feed_path=challenge_feed_path(challenge.section), jsonld=[self.challenge_jsonld(challenge)],
                citation=self.citation("-" + challenge.section.replace(".", "-"),
                                       f"Section {challenge.section}: {challenge.title}", self.address(path)))
            shortlink = challenge_shortlink_path(challenge.section)
            pages[shortlink] = self._render("redirect.md.j2", shortlink, target=path,
                                            target_url=page_url(path, self.use_directory_urls),
                                            title=PlainText(f"{challenge.section} {challenge.title}"))
        for question in agenda.questions:
            path = question_path(question.number)
            context = self.question_context(question)
            own_works, drawn_works = self.question_works(question)
            pages[path] = self._render("question.md.j2", path, question_path=question_path,
                                       breadcrumb=self.breadcrumb(context["challenge"], f"Question {question.number}"),
                                       theme_path=theme_path, own_works=own_works, drawn_works=drawn_works,
                                       bibliography_path=bibliography_path(),
                                       feed_path=question_feed_path(question.number),
                                       challenge_feed_path=challenge_feed_path(context["challenge"].section),
                                       search_boost=question_search_boost(question.number),
                                       jsonld=[self.question_jsonld(question)],
                                       citation=self.citation(f"-q{question.number}",
                                                              f"Research question {question.number} (Section"
                                                              f" {context['challenge'].section})", self.address(path)),
                                       **context)
            shortlink = question_shortlink_path(question.number)
            pages[shortlink] = self._render("redirect.md.j2", shortlink, target=path,
                                            target_url=page_url(path, self.use_directory_urls),
                                            title=f"Question {question.number}")

        places = self.citing_places()
        pages[bibliography_path()] = self._render(
            "bibliography.md.j2", bibliography_path(), references_bib_path=references_bib_path(),
            entry_count=len(agenda.references),
            groups=[{"page": page, "entries": [{**self.work(r.id), "cited_in": places.get(r.id, [])}
                                               for r in agenda.references if agenda.reference_page[r.id] == page]}
                    for page in dict.fromkeys(agenda.reference_page.values())])

        pages[further_reading_path()] = self._render(
            "further-reading.md.j2", further_reading_path(), works=agenda.reading.works, links=reading,
            surveys={work.id: self.survey(work) for work in agenda.reading.works})

        grouped = [{"challenge": c, "path": challenge_path(agenda, c),
                    "questions": [self.question_context(q) for q in c.questions]}
                   for c in agenda.challenges]
        pages[all_questions_path()] = self._render(
            "questions.md.j2", all_questions_path(), groups=grouped, question_path=question_path,
            themes=agenda.themes, theme_path=theme_path,
            status_filter=[{"id": "status", "label": "Status",
                            "options": [{"value": key, "label": label} for key, label in STATUSES.items()]}])
        theme_list = [{"theme": t, "path": theme_path(t.id),
                       "questions": [self.question_context(q) for q in agenda.questions if t.id in q.tags]}
                      for t in agenda.themes]
        pages[themes_path()] = self._render("themes.md.j2", themes_path(), themes=theme_list)
        for entry in theme_list:
            pages[entry["path"]] = self._render("theme.md.j2", entry["path"], question_path=question_path,
                                                theme=entry["theme"], questions=entry["questions"])

        files: dict[str, str] = {}
        pages[progress_path()] = self._render("progress.md.j2", progress_path(), **self.progress_page())
        files[site_feed_path()] = self._feed(site_feed_path(), f"{agenda.paper.short_title}: progress since the paper",
                                             progress_path(), agenda.recent_progress)
        for challenge in agenda.challenges:
            numbers = {q.number for q in challenge.questions}
            files[challenge_feed_path(challenge.section)] = self._feed(
                challenge_feed_path(challenge.section),
                f"{challenge.section} {challenge.title}: progress since the paper", challenge_path(agenda, challenge),
                [(id_, e) for id_, e in agenda.recent_progress if numbers & {q.number for q in e.questions}], numbers)
        for question in agenda.questions:
            number = question.number
            files[question_feed_path(number)] = self._feed(
                question_feed_path(number), f"Question {number}: progress since the paper", question_path(number),
                agenda.progress_on(number), {number})
            files[question_api_path(number)] = to_json(
                question_data(agenda, number, page_url(question_path(number), self.use_directory_urls),
                              question_feed_path(number)))

        nav = [
            {"Home": home_path()},
            {prose_nav_label(guide): prose_path(guide.slug)},
            {prose_nav_label(intro): prose_path(intro.slug)},
            *({f"{c['category'].number}. {c['category'].title}":
               [c["path"]] + [{f"{ch['challenge'].section} {ch['challenge'].title}": ch["path"]}
                              for ch in c["challenges"]]} for c in categories),
            {prose_nav_label(discussion): prose_path(discussion.slug)},
            {"Further Reading": further_reading_path()},
            {"All Questions": all_questions_path()},
            {"Themes": themes_path()},
            {"Bibliography": bibliography_path()},
            {"Progress": progress_path()},
            {"Data and Downloads": data_path()},
            {str(about.title): about_path()},
        ]
        files.update(bibtex_downloads(agenda))
        files.update(self.data_files())
        files[llms_txt_path()] = self.env.get_template("llms.txt.j2").render(
            categories=[{**c, "url": self.address(c["path"]),
                         "challenges": [{**ch, "url": self.address(ch["path"])} for ch in c["challenges"]]}
                        for c in categories],
            pages={name: self.address(path) for name, path in [
                ("home", home_path()), ("guide", prose_path(guide.slug)), ("introduction", prose_path(intro.slug)),
                ("discussion", prose_path(discussion.slug)), ("questions", all_questions_path()),
                ("themes", themes_path()), ("bibliography", bibliography_path()), ("progress", progress_path()),
                ("further_reading", further_reading_path()), ("data", data_path()), ("about", about_path())]},
            guide=guide, intro=intro, discussion=discussion, about=about,
            question_count=len(agenda.questions), challenge_count=len(agenda.challenges),
            example_question=agenda.questions[0].number, last_question=agenda.questions[-1].number,
            files={name: self.site_url + path for name, path in [
                ("agenda_json", agenda_json_path()), ("questions_csv", questions_csv_path()),
                ("references_bib", references_bib_path()), ("feed", site_feed_path()),
                ("citation", citation_cff_path()), ("agenda_schema", schema_path(AGENDA_SCHEMA_NAME)),
                ("question_api", question_api_path(agenda.questions[0].number))]})
        pages[data_path()] = self._render("data.md.j2", data_path(), **self.data_page_context(files, bundle))
        paths_by_url = {page_url(path): path for path in pages}
        pages = {path: relative_site_links(markdown, path, paths_by_url) for path, markdown in pages.items()}
        return Site(pages, nav, files)
    def data_files(self) -> dict[str, str]:
        """The data files at the site root and the JSON Schemas, by path."""
        agenda, directory_urls = self.agenda, self.use_directory_urls
        files = {agenda_json_path(): agenda_json(agenda, directory_urls),
                 questions_csv_path(): questions_csv(agenda, directory_urls, self.site_url),
                 citation_cff_path(): self.citation_cff()}
        for name, text in json_schemas().items():
            files[schema_path(name)] = text
        files[schema_path(QUESTION_SCHEMA_NAME)] = question_schema()
        files[schema_path(AGENDA_SCHEMA_NAME)] = agenda_schema()
        return files

    def data_page_context(self, files: dict[str, str], bundle: str | None) -> dict:
        """What the Data and downloads page lists: each export's path, its size measured from the
        very text this build publishes (or, for the offline edition, from the file), and the
        fields the models that define it declare."""
        def single(path: str) -> dict:
            return {"path": path, "size": readable_size(len(files[path].encode("utf-8")))}

        def family(paths: list[str]) -> dict:
            return file_sizes([files[path] for path in paths])

        agenda = self.agenda
        record_schemas = [schema_path(name) for name in json_schemas()]
        return {
            "bundle": ({"path": bundle, "size": readable_size(self.offline_bundle_size)
                        if self.offline_bundle_size is not None else None} if bundle else None),
            "agenda_json": single(agenda_json_path()), "agenda_fields": fields(AgendaData),
            "agenda_schema": single(schema_path(AGENDA_SCHEMA_NAME)),
            "questions_csv": single(questions_csv_path()), "csv_columns": QUESTIONS_CSV_COLUMNS,
            "references_bib": single(references_bib_path()), "reference_count": len(agenda.references),
            "challenge_bibs": family([challenge_bib_path(c.section) for c in agenda.challenges]),
            "example_bib": challenge_bib_path(agenda.challenges[0].section),
            "citation_cff": single(citation_cff_path()),
            "site_feed": single(site_feed_path()),
            "challenge_feeds": family([challenge_feed_path(c.section) for c in agenda.challenges]),
            "example_feed": challenge_feed_path(agenda.challenges[0].section),
            "question_feeds": family([question_feed_path(q.number) for q in agenda.questions]),
            "example_question_feed": question_feed_path(agenda.questions[0].number),
            "question_files": family([question_api_path(q.number) for q in agenda.questions]),
            "example_question": question_api_path(agenda.questions[0].number),
            "question_fields": fields(QuestionData),
            "question_schema": single(schema_path(QUESTION_SCHEMA_NAME)),
            "record_schemas": [single(path) for path in record_schemas],
            "llms_txt": single(llms_txt_path()),
            "question_count": len(agenda.questions), "challenge_count": len(agenda.challenges),
            "bibliography_path": bibliography_path(), "progress_path": progress_path(), "about_path": about_path(),
        }

    def _challenge_progress(self, challenge: Challenge) -> dict:
        agenda = self.agenda
        statuses = [agenda.standing(q.number).status for q in challenge.questions]
        return {"challenge": challenge, "path": challenge_path(agenda, challenge),
                "feed_path": challenge_feed_path(challenge.section),
                "with_work": sum(1 for q in challenge.questions if agenda.progress_on(q.number)),
                "status_summary": status_summary(statuses)}

    # How many questions the Progress page lists as reviewed longest ago.
    OLDEST_REVIEWS = 12

    def progress_page(self) -> dict:
        """What the Progress page shows: the status rules, each challenge's figures, the entries
        (with what its filters read), and a maintainer's view: questions reviewed longest ago,
        and questions with no recorded work (help wanted)."""
        agenda = self.agenda
        standings = {q.number: agenda.standing(q.number) for q in agenda.questions}
        reviewed = sorted((agenda.reviews[q.number].reviewed, q.number) for q in agenda.questions
                          if q.number in agenda.reviews)
        unreviewed = [q.number for q in agenda.questions if q.number not in agenda.reviews]
        recent = []
        for id_, entry in agenda.recent_progress:
            item = self.entry_context(id_, entry)
            item["questions"] = [{**q, "relation_id": next(x.relation for x in entry.questions if x.number == q["number"]),
                                  "challenge": agenda.challenge_of[q["number"]].section} for q in item["questions"]]
            item["year"] = str(entry.work.sort_date[0])
            recent.append(item)
        years = sorted({item["year"] for item in recent}, reverse=True)
        return {
            "question_path": question_path, "recent": recent,
            "challenges": [self._challenge_progress(c) for c in agenda.challenges],
            "status_summary": status_summary([s.status for s in standings.values()]),
            "with_work": sum(1 for n in standings if agenda.progress_on(n)),
            "question_count": len(agenda.questions),
            "oldest_reviews": [{"number": n, "reviewed": day, "challenge": agenda.challenge_of[n]}
                               for day, n in reviewed[:self.OLDEST_REVIEWS]],
            "unreviewed": unreviewed,
            "help_wanted": [{"number": q.number, "challenge": agenda.challenge_of[q.number],
                             "reviewed": agenda.reviews[q.number].reviewed if q.number in agenda.reviews else None}
                            for q in agenda.questions if not agenda.progress_on(q.number)],
            # The filter menus of the entry list (overrides/progress.html places them).
            "filters": [
                {"id": "challenge", "label": "Challenge",
                 "options": [{"value": c.section, "label": PlainText(f"{c.section} {c.title}")} for c in agenda.challenges]},
                {"id": "relation", "label": "Relation",
                 "options": [{"value": key, "label": label} for key, label in RELATIONS.items()]},
                {"id": "year", "label": "Year of the work", "options": [{"value": y, "label": y} for y in years]},
            ],
        }

    def _feed(self, path: str, title: str, page_path: str, entries: list[tuple[str, ProgressEntry]],
              within: set[int] | None = None) -> str:
        """An Atom feed of entries, newest recorded first, with absolute links."""
        host = urlsplit(self.site_url).hostname
        updated = max((e.recorded for _, e in entries), default=None)
        return self.xml_env.get_template("feed.xml.j2").render(
            title=title, feed_url=self.site_url + path,
            feed_id=f"tag:{host},{FEEDS_BEGAN}:{path}",
            page=self.site_url + page_url(page_path, self.use_directory_urls),
            updated=(updated.isoformat() if updated else FEEDS_BEGAN),
            entries=[self.entry_context(id_, e, within=within) for id_, e in entries])


def bibtex_downloads(agenda: Agenda) -> dict[str, str]:
    """The reference list as BibTeX, whole and per challenge."""
    files = {references_bib_path(): bibtex(agenda.references)}
    for challenge in agenda.challenges:
        files[challenge_bib_path(challenge.section)] = bibtex(challenge_reading_list(agenda, challenge))
    return files


def agenda_data(agenda: Agenda, use_directory_urls: bool = True) -> dict:
    """The agenda as data (site/agenda.json): URLs relative to the site root. Built through
    published.AgendaData, so it has the shape schema/agenda.schema.json publishes."""
    url = lambda path: page_url(path, use_directory_urls)  # noqa: E731
    paper = agenda.paper
    data = AgendaData.model_validate({
        "$schema": "schema/agenda.schema.json",
        "paper": PaperData(title=paper.title, authors=list(paper.authors), venue=paper.venue, year=paper.year,
                           arxiv=f"{paper.arxiv_id}{paper.arxiv_version}",
                           url=f"https://arxiv.org/abs/{paper.arxiv_id}{paper.arxiv_version}"),
        "categories": [
            CategoryData(number=c.number, title=c.title, url=url(category_path(c)), gist=c.gist,
                         challenges=[ch.section for ch in agenda.challenges_in(c)])
            for c in agenda.categories
        ],
        "challenges": [
            ChallengeData(
                section=c.section, title=c.title, url=url(challenge_path(agenda, c)),
                category=agenda.category_of(c).number, page=c.page, gist=c.gist, summary=c.summary,
                takeaway=c.takeaway, cites=list(c.cites),
                subsections=[SubsectionData(section=s.section, title=s.title, page=s.page, cites=list(s.cites))
                             for s in c.subsections],
                questions=[q.number for q in c.questions],
                related_reading=[RelatedReadingData(work=link.work, topic=link.topic,
                                                    subsections=list(link.subsections),
                                                    url=url(further_reading_path()) + f"#{link.work}")
                                 for link in agenda.reading.links if link.challenge == c.section])
            for c in agenda.challenges
        ],
        "related_works": [
            RelatedWorkData(id=w.id, title=w.title, authors=list(w.authors), authors_complete=w.authors_complete,
                            year=w.year, arxiv=w.arxiv_id, url=f"https://arxiv.org/abs/{w.arxiv_id}",
                            summary=w.summary,
                            topics=[TopicData(id=t.id, title=t.title, summary=t.summary) for t in w.topics])
            for w in agenda.reading.works
        ],
        "questions": [
            AgendaQuestionData(number=q.number, challenge=agenda.challenge_of[q.number].section,
                               subsections=list(q.subsections), text=q.text, url=url(question_path(q.number)),
                               page=q.page, tags=list(q.tags), cites=list(q.cites),
                               status=status_data(agenda, q.number), review=review_data(agenda, q.number),
                               api=question_api_path(q.number))
            for q in agenda.questions
        ],
        "references": [
            ReferenceData(id=r.id, authors=list(r.authors), et_al=r.et_al, title=r.title, venue=r.venue,
                          year=r.year, suffix=r.suffix, arxiv=r.arxiv, doi=r.doi, url=r.url,
                          page=agenda.reference_page[r.id],
                          bibliography_url=url(bibliography_path()) + "#" + reference_anchor(r.id))
            for r in agenda.references
        ],
        "statuses": [StatusInfo(id=key, label=label, meaning=STATUS_MEANINGS[key]) for key, label in STATUSES.items()],
        "relations": [RelationInfo(id=key, label=label) for key, label in RELATIONS.items()],
        "progress": [entry_data(id_, entry) for id_, entry in agenda.recent_progress],
        "themes": [ThemeData(id=t.id, title=t.title, description=t.description, url=url(theme_path(t.id)))
                   for t in agenda.themes],
    })
    return data.model_dump(mode="json", by_alias=True)


def spreadsheet_safe(cell: object) -> object:
    """A cell a spreadsheet will not run: text starting with =, +, -, @, a tab or a carriage
    return is a formula to Excel and its kin, so it gets a leading apostrophe (OWASP's advice).
    Validation already refuses such record text; this guards the file whatever reaches it."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


# The columns of questions.csv, in order (the Data and downloads page describes each).
QUESTIONS_CSV_COLUMNS = ["number", "challenge", "challenge_title", "subsections", "tags", "page", "url", "status",
                         "status_since", "works", "last_reviewed", "text"]


def questions_csv(agenda: Agenda, use_directory_urls: bool = True, site_url: str = "") -> str:
    """One row per question (site/questions.csv), its address absolute when site_url is given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUESTIONS_CSV_COLUMNS)
    for q in agenda.questions:
        challenge = agenda.challenge_of[q.number]
        standing = agenda.standing(q.number)
        review = agenda.reviews.get(q.number)
        row = [q.number, challenge.section, challenge.title, " ".join(q.subsections),
               " ".join(q.tags), q.page, site_url + page_url(question_path(q.number), use_directory_urls),
               standing.status, standing.since, len(agenda.progress_on(q.number)),
               review.reviewed.isoformat() if review else "", q.text]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


def agenda_json(agenda: Agenda, use_directory_urls: bool = True) -> str:
    return json.dumps(agenda_data(agenda, use_directory_urls), ensure_ascii=False, indent=2) + "\n"
