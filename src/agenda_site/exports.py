"""The files the site publishes besides its pages, each written by a library or a template that
escapes for its format: agenda.json and the per-question JSON (pydantic, json), questions.csv
(csv, with formulas guarded), the BibTeX downloads (bibtexparser and pylatexenc, bibtex.py),
references.json (CSL-JSON, csl.py), the Atom feeds (an XML-escaping template), CITATION.cff
(values by tojson), llms.txt (Markdown, escaped as the pages are), the JSON Schemas; and the Data and downloads page, which measures them.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlsplit

from .agenda import Agenda
from .bibtex import bibtex, challenge_reading_list, progress_bibtex, question_reading_list, reading_list
from .csl import csl_json
from .pages import LLMS_SECTIONS, Page, PageKind, Templates
from .published import (AGENDA_SCHEMA_NAME, QUESTION_SCHEMA_NAME, AgendaData, AgendaQuestionData, CategoryData,
                        ChallengeData, PaperData, QuestionData, ReferenceData, RelatedReadingData, RelatedWorkData,
                        RelationInfo, StatusInfo, SubsectionData, ThemeData, TopicData, agenda_schema, entry_data,
                        fields, question_data, question_schema, review_data, status_data, to_json)
from .schema import RELATIONS, STATUS_MEANINGS, STATUSES, ProgressEntry, json_schemas
from .urls import (FEEDS_BEGAN, about_path, editions_feed_path, editions_path, agenda_json_path, bibliography_path, category_path,
                   challenge_bib_path, challenge_feed_path, citation_cff_path, further_reading_path,
                   llms_txt_path, offline_bundle_path, page_url, progress_bib_path, progress_path, question_api_path,
                   question_bib_path, question_feed_path, question_path, questions_csv_path, reference_anchor, reference_bib_path,
                   references_bib_path, references_csl_path, schema_path, site_feed_path, theme_path)
from .views import Views, file_sizes, readable_size


def render_files(views: Views, templates: Templates, pages: list[tuple[PageKind, list[Page]]]) -> dict[str, str]:
    """Every file but the pages, by path (llms.txt lists the pages)."""
    agenda = views.agenda
    files: dict[str, str] = {}
    files[site_feed_path()] = feed(views, templates, site_feed_path(),
                                   f"{agenda.paper.short_title}: progress since the paper", progress_path(),
                                   agenda.recent_progress)
    for challenge in agenda.challenges:
        numbers = {q.number for q in challenge.questions}
        files[challenge_feed_path(challenge.section)] = feed(
            views, templates, challenge_feed_path(challenge.section),
            f"{challenge.section} {challenge.title}: progress since the paper", views.challenge_source(challenge),
            [(id_, e) for id_, e in agenda.recent_progress if numbers & {q.number for q in e.questions}], numbers)
    for question in agenda.questions:
        number = question.number
        editions = views.question_context(question)["editions"]
        files[question_feed_path(number)] = feed(views, templates, question_feed_path(number),
                                                 f"Question {number}: progress since the paper", question_path(number),
                                                 agenda.progress_on(number), {number},
                                                 editions["changed_in"] if editions else [])
        files[question_api_path(number)] = to_json(
            question_data(agenda, number, views.url(question_path(number)), question_feed_path(number)))
    files[references_bib_path()] = bibtex(agenda.references)
    files[references_csl_path()] = csl_json(agenda.references)
    for reference in agenda.references:
        files[reference_bib_path(reference.id)] = bibtex([reference])
    for challenge in agenda.challenges:
        files[challenge_bib_path(challenge.section)] = bibtex(challenge_reading_list(agenda, challenge))
        for sub in challenge.subsections:
            if sub.cites:
                files[challenge_bib_path(sub.section)] = bibtex(reading_list(agenda, sub.cites))
    for question in agenda.questions:
        works = question_reading_list(agenda, question)
        if works:
            files[question_bib_path(question.number)] = bibtex(works)
    files[progress_bib_path()] = progress_bibtex([(id_, entry.work) for id_, entry in agenda.recent_progress])
    files[agenda_json_path()] = agenda_json(agenda, views.settings.use_directory_urls)
    files[questions_csv_path()] = questions_csv(agenda, views.settings.use_directory_urls, views.site_url)
    files[citation_cff_path()] = templates.text.get_template("CITATION.cff.j2").render(
        edition=views.edition_reference(views.editions[0] if views.editions else None))
    files[editions_feed_path()] = editions_feed(views, templates)
    for name, text in json_schemas().items():
        files[schema_path(name)] = text
    files[schema_path(QUESTION_SCHEMA_NAME)] = question_schema()
    files[schema_path(AGENDA_SCHEMA_NAME)] = agenda_schema()
    files[llms_txt_path()] = llms_txt(views, templates, pages)
    return files


def feed(views: Views, templates: Templates, path: str, title: str, page_path: str,
         entries: list[tuple[str, ProgressEntry]], within: set[int] | None = None,
         editions: list[dict] | None = None) -> str:
    """An Atom feed of entries, newest recorded first, with absolute links; a question's feed
    also has an entry for each edition that changed the question (views.question_editions)."""
    host = urlsplit(views.site_url).hostname
    updated = max([e.recorded.isoformat() for _, e in entries] + [e["date"] for e in editions or []], default=None)
    return templates.xml.get_template("feed.xml.j2").render(
        title=title, feed_url=views.site_url + path, feed_id=f"tag:{host},{FEEDS_BEGAN}:{path}",
        page=views.site_url + views.url(page_path), updated=updated or FEEDS_BEGAN,
        entries=[views.entry_context(id_, e, within=within) for id_, e in entries], editions=editions or [])


def editions_feed(views: Views, templates: Templates) -> str:
    """An Atom feed of the editions, the newest first, each with what changed in it."""
    host, path = urlsplit(views.site_url).hostname, editions_feed_path()
    context = views.editions_context()
    return templates.xml.get_template("editions-feed.xml.j2").render(
        title=f"{views.agenda.paper.short_title}: editions", feed_url=views.site_url + path,
        feed_id=f"tag:{host},{FEEDS_BEGAN}:{path}", page=views.site_url + views.url(editions_path()),
        updated=context["editions"][0]["date"] if context["editions"] else FEEDS_BEGAN, editions=context["editions"])


def llms_txt(views: Views, templates: Templates, pages: list[tuple[PageKind, list[Page]]]) -> str:
    """llms.txt: the site map (pages.PAGE_KINDS, in reading order) by section, with absolute
    addresses and a note each, then the main data files."""
    agenda = views.agenda
    sections: dict[str, list[dict]] = {name: [] for name in LLMS_SECTIONS}
    sections["The paper and how to read it"].append(
        {"label": "The paper on arXiv", "url": views.arxiv_abs,
         "note": "the abstract page; the PDF there holds the exact wording"})
    for kind, kind_pages in pages:
        for page in (kind_pages[:1] if kind.llms_first else kind_pages) if kind.llms else []:
            sections[kind.llms].append(
                {"label": page.llms_label or page.label, "url": views.address(page.path), "note": page.note})
    example = agenda.questions[0].number
    data_files = [("agenda.json", agenda_json_path(), "the whole agenda as one JSON object"),
                  ("JSON Schema of agenda.json", schema_path(AGENDA_SCHEMA_NAME), "the shape of agenda.json"),
                  ("questions.csv", questions_csv_path(), "one row per research question"),
                  (f"Question {example} as JSON", question_api_path(example),
                   "one question, its status, its review and its recorded works"),
                  ("references.bib", references_bib_path(), "the paper's reference list as BibTeX"),
                  ("references.json", references_csl_path(), "the paper's reference list as CSL-JSON"),
                  ("Atom feed", site_feed_path(), "new progress entries"),
                  ("CITATION.cff", citation_cff_path(), "how to cite the paper and this site")]
    sections["Data"] += [{"label": label, "url": views.site_url + path, "note": note} for label, path, note in data_files]
    return templates.markdown.get_template("llms.txt.j2").render(
        sections=sections, question_count=len(agenda.questions), challenge_count=len(agenda.challenges),
        category_count=len(agenda.categories), example_question=example, last_question=agenda.questions[-1].number)


def data_context(views: Views, files: dict[str, str]) -> dict:
    """What the Data and downloads page shows: each export's path, its size measured from the
    very text this build publishes (or, for the offline edition, from the file), and the fields
    its models declare."""
    def single(path: str) -> dict:
        return {"path": path, "size": readable_size(len(files[path].encode("utf-8")))}

    def family(paths: list[str]) -> dict:
        return file_sizes([files[path] for path in paths])

    agenda = views.agenda
    challenge_bibs = [challenge_bib_path(c.section) for c in agenda.challenges]
    subsection_bibs = [challenge_bib_path(sub.section) for c in agenda.challenges for sub in c.subsections if sub.cites]
    size = views.settings.offline_bundle_size
    bundle = offline_bundle_path() if views.settings.offline_bundle else None
    return dict(
        bundle=({"path": bundle, "size": readable_size(size) if size is not None else None} if bundle else None),
        agenda_json=single(agenda_json_path()), agenda_fields=fields(AgendaData),
        agenda_schema=single(schema_path(AGENDA_SCHEMA_NAME)),
        questions_csv=single(questions_csv_path()), csv_columns=QUESTIONS_CSV_COLUMNS,
        references_bib=single(references_bib_path()), reference_count=len(agenda.references),
        references_csl=single(references_csl_path()),
        reference_bibs=family([reference_bib_path(r.id) for r in agenda.references]),
        challenge_bibs=family(challenge_bibs), subsection_bibs=family(subsection_bibs),
        section_bibs=family(challenge_bibs + subsection_bibs),
        question_bibs=family([question_bib_path(q.number) for q in agenda.questions
                              if question_bib_path(q.number) in files]),
        progress_bib=single(progress_bib_path()),
        example_bib=challenge_bib_path(agenda.challenges[0].section),
        citation_cff=single(citation_cff_path()), site_feed=single(site_feed_path()),
        challenge_feeds=family([challenge_feed_path(c.section) for c in agenda.challenges]),
        example_feed=challenge_feed_path(agenda.challenges[0].section),
        question_feeds=family([question_feed_path(q.number) for q in agenda.questions]),
        example_question_feed=question_feed_path(agenda.questions[0].number),
        question_files=family([question_api_path(q.number) for q in agenda.questions]),
        example_question=question_api_path(agenda.questions[0].number), question_fields=fields(QuestionData),
        question_schema=single(schema_path(QUESTION_SCHEMA_NAME)),
        record_schemas=[single(schema_path(name)) for name in json_schemas()],
        llms_txt=single(llms_txt_path()), question_count=len(agenda.questions),
        challenge_count=len(agenda.challenges), bibliography_path=bibliography_path(),
        progress_path=progress_path(), about_path=about_path())


def agenda_data(agenda: Agenda, use_directory_urls: bool = True) -> dict:
    """The agenda as data (site/agenda.json): URLs relative to the site root. Built through
    published.AgendaData, so it has the shape schema/agenda.schema.json publishes."""
    url = lambda path: page_url(path, use_directory_urls)  # noqa: E731
    source = lambda challenge: f"{agenda.category_of(challenge).slug}/{challenge.slug}.md"  # noqa: E731
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
                section=c.section, title=c.title, url=url(source(c)),
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
            ReferenceData(id=r.id, authors=list(r.authors), et_al=r.et_al, elided=r.elided, editors=r.editors,
                          organisations=list(r.organisations), title=r.title, venue=r.venue,
                          year=r.year, suffix=r.suffix, arxiv=r.arxiv, arxiv_looked_up=r.arxiv_looked_up, doi=r.doi, url=r.url,
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


def agenda_json(agenda: Agenda, use_directory_urls: bool = True) -> str:
    return json.dumps(agenda_data(agenda, use_directory_urls), ensure_ascii=False, indent=2) + "\n"


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
