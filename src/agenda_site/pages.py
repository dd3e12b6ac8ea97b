"""The pages: each kind rendered from its template in templates/ with the values views.py
computes, as Markdown for the engine, its front matter written here (YAML, by PyYAML), and the
navigation. PAGE_KINDS is the table of the site's page kinds, in reading order: each kind's
template, the view builder that makes its pages, its place in the navigation and in llms.txt.
Nothing here knows HTML.

Markdown escaping works as an HTML template engine's escaping does: every value a page template
places passes through markdown_value (the environment's finalize), which escapes what records
mark as plain text (schema.PlainText: titles, names, venues, shown as written) and percent-encodes
what Markdown would read inside a link's parentheses in addresses (schema.Address). Prose fields
(summaries, notes) are Markdown by design, in the text language the schema checks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import markdown as markdown_library
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.extensions import Extension
from markupsafe import Markup

from .bibtex import challenge_reading_list
from .checks import Problem, RecordError
from .schema import STATUS_MEANINGS, STATUSES, Address, PlainText
from .urls import (about_path, all_questions_path, bibliography_path, category_path, challenge_bib_path,
                   challenge_feed_path, challenge_shortlink_path, context_anchor, data_path, editions_feed_path,
                   editions_path, further_reading_path,
                   home_path, offline_bundle_path, page_url, progress_bib_path, progress_path, prose_path,
                   question_bib_path, question_feed_path, question_path, question_shortlink_path,
                   reference_bib_path, references_bib_path, references_csl_path, relative_link, relative_site_links,
                   SITE_LINK, site_feed_path, subsection_anchor, theme_path, themes_path)
from .views import Views, counted, question_search_boost, surname

# PyYAML's safe writer, in C where it is built with LibYAML (the same output, faster).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
# "1984. A title" at the start of a line would begin a numbered list.
LIST_NUMBER = re.compile(r"^([0-9]+)([.)])(?=\s|$)")
ADDRESS_SPECIAL = {"(": "%28", ")": "%29", "'": "%27", "[": "%5B", "]": "%5D", " ": "%20", "<": "%3C",
                   ">": "%3E", "\\": "%5C", '"': "%22", "`": "%60"}


def markdown_value(value):
    if isinstance(value, PlainText):
        return LIST_NUMBER.sub(r"\1\\\2", MARKDOWN_SPECIAL.sub(r"\\\1", value))
    if isinstance(value, Address):
        return "".join(ADDRESS_SPECIAL.get(character, character) for character in value)
    return value


def plain_join(values, separator: str = "") -> str:
    """Jinja's join for page templates: a list of plain texts joins into plain text, still
    escaped where it is placed."""
    values = list(values)
    joined = separator.join(values)
    return PlainText(joined) if values and all(isinstance(v, PlainText) for v in values) else joined


class _RawHtmlAsText(Extension):
    """Python-Markdown passes raw HTML through; without these two steps it shows it as text."""

    def extendMarkdown(self, md):  # noqa: N802 (the library's name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def prose_html(text: str, root: str = "") -> Markup:
    """Record prose (Markdown, in the text language schema.TEXT_RULES checks) for the editions'
    pages, the one place record text becomes HTML outside the engine: raw HTML stays text (the
    checks refuse '<' already), and a link record text writes from the site root (/questions/17/)
    leads to the live page, relative to root (the frozen page's way back to the site root)."""
    linked = SITE_LINK.sub(lambda found: f"]({root}{found.group(1)[1:]}{found.group(2) or ''})", str(text))
    return Markup(markdown_library.markdown(linked, extensions=[_RawHtmlAsText()]))


def linked(from_path: str, target: str, anchor: str = "") -> str:
    """A page's link() in its template: to another source of the site, relative to from_path;
    a published address (the offline edition's links to the editions) as it is."""
    if isinstance(target, Address):
        return target + (f"#{anchor}" if anchor else "")
    return relative_link(from_path, target, anchor)


def front_matter(meta: dict) -> str:
    """A page's front matter, which the engine passes to the theme's templates as page.meta."""
    # Through JSON first: record text as plain str (PyYAML writes no str subclass), nothing else.
    data = json.loads(json.dumps(meta, ensure_ascii=False))
    return "---\n" + yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


class Templates:
    """The three Jinja environments, one per output format: page Markdown (and llms.txt, which is
    Markdown too) escaped for Markdown; the feeds escaped for XML; plain text (CITATION.cff, which
    writes every value with tojson, and the offline bundle's notes)."""

    def __init__(self, templates_dir: Path | str, views: Views):
        options = dict(loader=FileSystemLoader(str(templates_dir)),
                       undefined=StrictUndefined,  # a misspelt field fails the build instead of vanishing
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        self.markdown = Environment(**options, finalize=markdown_value, autoescape=False)
        self.markdown.filters["join"] = plain_join
        # A label a template composes of plain texts ("Section 2 (" ~ title ~ ")") is plain text too.
        self.markdown.globals["plain"] = PlainText
        self.xml = Environment(**options, autoescape=True)
        self.text = Environment(**options, autoescape=False)
        # The editions' frozen pages (editions.py), HTML escaped as any HTML template engine's.
        self.html = Environment(**options, autoescape=True)
        self.html.filters["prose"] = prose_html
        self.views = views
        paper = views.agenda.paper
        shared = dict(
            paper=paper, site_url=views.site_url, site_name=views.settings.site_name,
            # The repository the site is built from, when the build names one (AGENDA_REPO_URL).
            repo_url=views.repo_url or None,
            arxiv_abs=views.arxiv_abs, arxiv_pdf=views.arxiv_pdf, openreview=views.openreview,
            first_author_surname=surname(paper.authors[0]), counted=counted,
            statuses=STATUSES, status_meanings=STATUS_MEANINGS,
            subsection_anchor=subsection_anchor, context_anchor=context_anchor,
            first_posted="{}-{:02d}".format(*paper.first_posted),
            progress_path=progress_path(), site_feed_path=site_feed_path(), editions_path=editions_path())
        # Addresses a page names, made here, not in a template: a PDF page of the paper, a page
        # of this site as published, a place in the repository (none without a repository).
        shared.update(
            pdf_page=lambda number: Address(f"{views.arxiv_pdf}#page={int(number)}"),
            question_address=lambda number: views.address(question_path(number)),
            repository=lambda place: Address(f"{views.repo_url}/{place}") if views.repo_url else None)
        for env in (self.markdown, self.xml, self.text, self.html):
            # tojson writes CITATION.cff: characters as themselves, since YAML reads a pair of
            # \\ud83d\\ude00 escapes as two broken halves, not one character.
            env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
            env.globals.update(shared)

    def page(self, template: str, path: str, meta: dict, **context) -> str:
        """One page: its front matter, then its template rendered, links relative to path. The
        front matter names the page's published address (canonical), which the offline
        edition's pages name too."""
        meta = {**meta, "canonical": self.views.address(path)}
        body = self.markdown.get_template(template).render(
            link=lambda target, anchor="": linked(path, target, anchor), page_address=self.views.address(path),
            **context)
        return front_matter(meta) + body


@dataclass
class Page:
    """One page to render: its source path, front matter and template values, and how the site
    map names it (label, with a note for llms.txt; children: the pages the navigation nests under
    it). A label made of record text is schema.PlainText, so that llms.txt escapes it."""

    path: str
    meta: dict
    context: dict
    label: str = ""
    note: str | None = None
    nav_label: str | None = None  # in the navigation, when not the label
    llms_label: str | None = None  # in llms.txt, when not the label
    children: list["Page"] = field(default_factory=list)


@dataclass(frozen=True)
class PageKind:
    """A kind of page: the template it is rendered from, the view builder that makes each page of
    it from the agenda (urls.py holds the path rules the builders use), where it sits in the
    navigation, and its section of llms.txt.

    nav: "page" lists each page, "nested" each page with its children, None none of them.
    llms: the section of llms.txt its pages are listed in; llms_first lists only its first page
    (one question stands for all)."""

    name: str
    template: str
    build: Callable[[Views], list[Page]]
    nav: str | None = "page"
    llms: str | None = None
    llms_first: bool = False


def home_pages(views: Views) -> list[Page]:
    agenda, paper = views.agenda, views.agenda.paper
    return [Page(home_path(), {
        "title": paper.short_title,
        "description": f"A reader's companion to the research agenda of {surname(paper.authors[0])} et al."
                       f" ({paper.venue_short} {paper.year}): {len(agenda.challenges)} challenges and"
                       f" {len(agenda.questions)} research questions, each with its own page.",
        "jsonld": [views.site_jsonld(), views.paper_jsonld()]},
        dict(categories=category_list(views), guide_path=prose_path("readers-guide"),
             intro_path=prose_path("introduction"), question_count=len(agenda.questions),
             challenge_count=len(agenda.challenges), all_questions_path=all_questions_path(),
             themes_path=themes_path(), about_path=about_path(), offline_bundle_path=bundle_path(views),
             data_path=data_path(), citation=views.citation()),
        label="Home", note="what the agenda is, where to begin, the categories and their challenges")]


def prose_pages(slug: str) -> Callable[[Views], list[Page]]:
    """The builder of one prose page (the paper's own sections that are not challenges)."""
    def build(views: Views) -> list[Page]:
        prose = views.agenda.pages[slug]
        categories = [{"title": c["category"].title, "path": c["path"]} for c in category_list(views)]
        pages = views.agenda.pages
        next_steps = {"readers-guide": [{"title": pages["introduction"].title, "path": prose_path("introduction")}]
                      + categories,
                      "introduction": categories + [{"title": pages["discussion"].title,
                                                     "path": prose_path("discussion")}]}
        return [Page(prose_path(slug), {"title": prose.title, "description": prose.description},
                     dict(prose=prose, next_steps=next_steps.get(slug, [])),
                     label=prose.title, note=prose.description, nav_label=prose_nav_label(prose))]
    return build


def about_pages(views: Views) -> list[Page]:
    about = views.agenda.pages["about"]
    return [Page(about_path(), {"title": about.title, "description": about.description},
                 dict(prose=about, offline_bundle_path=bundle_path(views), question_count=len(views.agenda.questions),
                      citation=views.citation(), site_citation=views.site_citation()),
                 label=about.title, note=about.description)]


def category_list(views: Views) -> list[dict]:
    """The categories, each with its challenges, as the home page, the prose pages and the
    category pages show them."""
    agenda = views.agenda
    return [{"category": c, "path": category_path(c), "position": position,
             "challenges": [{"challenge": ch, "path": views.challenge_source(ch)} for ch in agenda.challenges_in(c)],
             "question_count": sum(len(ch.questions) for ch in agenda.challenges_in(c))}
            for position, c in enumerate(agenda.categories, start=1)]


def category_pages(views: Views) -> list[Page]:
    categories = category_list(views)
    return [Page(entry["path"], {"title": f"{entry['category'].number}. {entry['category'].title}",
                                 "description": entry["category"].gist},
                 dict(category=entry["category"], challenges=entry["challenges"], position=entry["position"],
                      category_count=len(categories)),
                 label=PlainText(f"{entry['category'].number}. {entry['category'].title}"), note=entry["category"].gist,
                 children=[Page(ch["path"], {}, {}, label=f"{ch['challenge'].section} {ch['challenge'].title}")
                           for ch in entry["challenges"]])
            for entry in categories]


def challenge_pages(views: Views) -> list[Page]:
    agenda = views.agenda
    pages = []
    for challenge in agenda.challenges:
        path, category = views.challenge_source(challenge), agenda.category_of(challenge)
        pages.append(Page(path, {
            "title": f"{challenge.section} {challenge.title}", "description": challenge.gist,
            "feed": challenge_feed_path(challenge.section),
            "feed_title": f"Progress on {challenge.section} {challenge.title}",
            "jsonld": [views.challenge_jsonld(challenge)]},
            dict(challenge=challenge, category=category, category_path=category_path(category),
                 questions=[views.question_context(q) for q in challenge.questions],
                 question_path=question_path, theme_path=theme_path,
                 further_reading=[r for r in views.reading_links if r["challenge"].section == challenge.section],
                 further_reading_path=further_reading_path(), introduction_works=views.works(challenge.cites),
                 subsection_works={sub.section: views.works(sub.cites) for sub in challenge.subsections},
                 subsection_bib={sub.section: challenge_bib_path(sub.section) for sub in challenge.subsections},
                 bib_path=challenge_bib_path(challenge.section), bibliography_path=bibliography_path(),
                 reading_list_count=len(challenge_reading_list(agenda, challenge)),
                 feed_path=challenge_feed_path(challenge.section),
                 citation=views.citation("-" + challenge.section.replace(".", "-"),
                                         f"Section {challenge.section}: {challenge.title}", views.address(path))),
            label=PlainText(f"{challenge.section} {challenge.title}"), note=challenge.gist))
    return pages


def question_pages(views: Views) -> list[Page]:
    pages = []
    for question in views.agenda.questions:
        number, path = question.number, question_path(question.number)
        context = views.question_context(question)
        own_works, drawn_works = views.question_works(question)
        challenge = context["challenge"]
        pages.append(Page(path, {
            "title": f"Question {number} (Q{number}) · {challenge.title}",
            "description": f"Q{number}: {truncated(question.text, 180)}",
            "feed": question_feed_path(number), "feed_title": f"Progress on Q{number}",
            "breadcrumb": views.breadcrumb(challenge, f"Question {number}"),
            # Search finds "Q17" and "Question 17" first on the question's own page.
            "tags": [f"Q{number}", f"Question {number}"],
            "search": {"boost": question_search_boost(number)},
            "jsonld": [views.question_jsonld(question)]},
            dict(question_path=question_path, theme_path=theme_path, own_works=own_works, drawn_works=drawn_works,
                 bib_path=question_bib_path(question.number) if own_works or drawn_works else None,
                 bibliography_path=bibliography_path(), feed_path=question_feed_path(number),
                 challenge_feed_path=challenge_feed_path(challenge.section),
                 citation=views.citation(f"-q{number}", f"Research question {number} (Section {challenge.section})",
                                         views.address(path)), **context),
            label=f"Question {number}",
            note="one question's page, as every question has: its text, its challenge, its status since the paper,"
                 " its last review, the works it cites and how to cite it"))
    return pages


def all_questions_pages(views: Views) -> list[Page]:
    agenda = views.agenda
    return [Page(all_questions_path(), {
        "title": "All Research Questions",
        "description": "Every research question of the agenda in the paper's order, grouped by challenge, with its "
                       "themes.",
        "template": "all-questions.html", "search": {"exclude": True},
        "filters": [{"id": "status", "label": "Status",
                     "options": [{"value": key, "label": label} for key, label in STATUSES.items()]}]},
        dict(groups=[{"challenge": c, "path": views.challenge_source(c),
                      "questions": [views.question_context(q) for q in c.questions]} for c in agenda.challenges],
             question_path=question_path, themes=agenda.themes, theme_path=theme_path),
        label="All Questions", llms_label="All research questions",
        note=f"the {len(agenda.questions)} questions in the paper's order, grouped by challenge, with their themes and"
             " statuses")]


def theme_list(views: Views) -> list[dict]:
    agenda = views.agenda
    return [{"theme": t, "path": theme_path(t.id),
             "questions": [views.question_context(q) for q in agenda.questions if t.id in q.tags]}
            for t in agenda.themes]


def themes_pages(views: Views) -> list[Page]:
    return [Page(themes_path(), {
        "title": "Themes",
        "description": "The themes that cut across the agenda's challenges, each with its research questions."},
        dict(themes=theme_list(views)),
        label="Themes", note="the concerns that run across challenges, each with its questions")]


def theme_pages(views: Views) -> list[Page]:
    return [Page(entry["path"], {"title": f"Theme: {entry['theme'].title}",
                                 "description": entry["theme"].description},
                 dict(question_path=question_path, theme=entry["theme"], questions=entry["questions"]))
            for entry in theme_list(views)]


def further_reading_pages(views: Views) -> list[Page]:
    agenda = views.agenda
    return [Page(further_reading_path(), {
        "title": "Further Reading",
        "description": "Two surveys of LLM alignment and safety methods that readers of the agenda often turn to "
                       "next, and which of its challenges each topic speaks to."},
        dict(works=agenda.reading.works, links=views.reading_links,
             surveys={work.id: views.survey(work) for work in agenda.reading.works}),
        label="Further Reading", llms_label="Further reading", note="two companion surveys and the challenges their topics touch")]


def bibliography_pages(views: Views) -> list[Page]:
    agenda = views.agenda
    places = views.citing_places
    return [Page(bibliography_path(), {
        "title": "Bibliography",
        "description": "The paper's reference list, in its order, with where each work is cited on this site.",
        "template": "bibliography.html", "search": {"exclude": True}},
        dict(references_bib_path=references_bib_path(), references_csl_path=references_csl_path(),
             entry_count=len(agenda.references),
             groups=[{"page": number,
                      "entries": [{**views.work(r.id), "cited_in": places.get(r.id, []),
                                   "bib_path": reference_bib_path(r.id)}
                                  for r in agenda.references if agenda.reference_page[r.id] == number]}
                     for number in dict.fromkeys(agenda.reference_page.values())]),
        label="Bibliography", note="the paper's reference list, every entry with where the site shows it cited")]


def progress_pages(views: Views) -> list[Page]:
    progress = views.progress_page()
    return [Page(progress_path(), {
        "title": "Progress since the paper",
        "description": "Works since the paper recorded against its research questions, the rules that set where "
                       "each question stands, and where help is wanted.",
        "feed": site_feed_path(), "feed_title": "All progress entries", "template": "progress.html",
        "filters": progress["filters"]},
        dict(question_path=question_path, progress_bib_path=progress_bib_path(), **progress),
        label="Progress", llms_label="Progress since the paper",
        note="works recorded against the questions since the paper, where each question stands, and where help is"
             " wanted")]


def data_pages(views: Views) -> list[Page]:
    # Its values measure the other files: exports.data_context fills them in once those exist.
    return [Page(data_path(), {
        "title": "Data and Downloads",
        "description": "Every file this site publishes for reuse, with its format, its fields, its schema and its "
                       "size in this build."},
        {}, label="Data and Downloads", llms_label="Data and downloads",
        note="every file below, with its format, fields, schema and size")]


def editions_pages(views: Views) -> list[Page]:
    return [Page(editions_path(), {
        "title": "Editions",
        "description": "Fixed editions of the agenda site to cite, each with its date, what changed in it and its "
                       "downloads.",
        "feed": editions_feed_path(), "feed_title": "New editions"},
        views.editions_context(), label="Editions",
        note="every fixed edition of the site, with its date, what changed in it, its files and its DOI")]


def shortlink_pages(views: Views) -> list[Page]:
    """Short links a reader can type by hand ("Q17", "§2.2"): each sends the reader on to its page
    (theme/overrides/redirect.html)."""
    links = [(challenge_shortlink_path(c.section), views.challenge_source(c), PlainText(f"{c.section} {c.title}"))
             for c in views.agenda.challenges]
    links += [(question_shortlink_path(q.number), question_path(q.number), f"Question {q.number}")
              for q in views.agenda.questions]
    return [redirect_page(views, path, target, title) for path, target, title in links]


def redirect_page(views: Views, path: str, target: str, title) -> Page:
    return Page(path, {"title": title, "template": "redirect.html", "redirect": views.url(target),
                       "search": {"exclude": True}},
                dict(target=target, title=title))


def moved_source(address: str) -> str:
    """The source a moved page was built from, by its old address: /a/b/ was a/b.md."""
    return address.strip("/") + ".md"


def moved_pages(views: Views) -> list[Page]:
    """Pages that moved (content/moved.yml): each old address sends the reader on to the new one.
    moved_page_problems checks that every new address is a page and no old one is."""
    if not views.agenda.moved:
        return []
    sources = {"/" + page_url(page.path): page for kind in PAGE_KINDS if kind.name != "moved"
               for page in kind.build(views)}
    return [redirect_page(views, moved_source(move.old), sources[move.new].path, sources[move.new].meta["title"])
            for move in views.agenda.moved if move.new in sources]


# The sections of llms.txt, in its order (the llms.txt convention puts the optional last).
LLMS_SECTIONS = ["The paper and how to read it", "Categories", "Challenges", "Research questions",
                 "References and progress", "Data", "Optional"]

# The site's pages, in reading order: the navigation, and each section of llms.txt, list them
# in this order.
PAGE_KINDS = [
    PageKind("home", "home.md.j2", home_pages, llms="The paper and how to read it"),
    PageKind("readers-guide", "prose.md.j2", prose_pages("readers-guide"), llms="The paper and how to read it"),
    PageKind("introduction", "prose.md.j2", prose_pages("introduction"), llms="The paper and how to read it"),
    PageKind("category", "category.md.j2", category_pages, nav="nested", llms="Categories"),
    PageKind("challenge", "challenge.md.j2", challenge_pages, nav=None, llms="Challenges"),
    PageKind("discussion", "prose.md.j2", prose_pages("discussion"), llms="The paper and how to read it"),
    PageKind("further-reading", "further-reading.md.j2", further_reading_pages, llms="References and progress"),
    PageKind("all-questions", "questions.md.j2", all_questions_pages, llms="Research questions"),
    PageKind("question", "question.md.j2", question_pages, nav=None, llms="Research questions", llms_first=True),
    PageKind("themes", "themes.md.j2", themes_pages, llms="Research questions"),
    PageKind("theme", "theme.md.j2", theme_pages, nav=None),
    PageKind("bibliography", "bibliography.md.j2", bibliography_pages, llms="References and progress"),
    PageKind("progress", "progress.md.j2", progress_pages, llms="References and progress"),
    PageKind("data", "data.md.j2", data_pages, llms="Data"),
    PageKind("editions", "editions.md.j2", editions_pages, llms="Data"),
    PageKind("about", "about.md.j2", about_pages, llms="Optional"),
    PageKind("shortlink", "redirect.md.j2", shortlink_pages, nav=None),
    PageKind("moved", "redirect.md.j2", moved_pages, nav=None),
]


def site_map(views: Views) -> list[tuple[PageKind, list[Page]]]:
    """Every page of the site by kind, in reading order, made by the kinds' view builders."""
    pages = [(kind, kind.build(views)) for kind in PAGE_KINDS]
    problems = moved_page_problems(views.agenda.moved, pages)
    if problems:
        raise RecordError(problems)
    return pages


def moved_page_problems(moved, pages: list[tuple[PageKind, list[Page]]]) -> list[Problem]:
    """A moved page's new address must be a page of the site, and its old one must not."""
    addresses = {"/" + page_url(page.path) for kind, kind_pages in pages if kind.name != "moved" for page in kind_pages}
    problems = []
    for move in moved:
        if move.new not in addresses:
            problems.append(Problem("content/moved.yml", f"moved page {move.old}", "new",
                                    f"{move.new} is no page of the site (a page's address, like /questions/17/)"))
        if move.old in addresses:
            problems.append(Problem("content/moved.yml", f"moved page {move.old}", "old",
                                    f"{move.old} is a page of the site still: only a page that is gone can move"))
    return problems


def render_pages(templates: Templates, pages: list[tuple[PageKind, list[Page]]],
                 more_context: dict[str, dict] | None = None) -> dict[str, str]:
    """Each page rendered from its kind's template (more_context adds values by kind), by source path."""
    rendered = {}
    for kind, kind_pages in pages:
        for page in kind_pages:
            context = {**page.context, **(more_context or {}).get(kind.name, {})}
            rendered[page.path] = templates.page(kind.template, page.path, page.meta, **context)
    return rendered


def navigation(pages: list[tuple[PageKind, list[Page]]]) -> list:
    """The navigation, in reading order, as the engine's config writes it."""
    nav = []
    for kind, kind_pages in pages:
        for page in kind_pages if kind.nav else []:
            label = page.nav_label or page.label
            if kind.nav == "nested":
                nav.append({label: [page.path] + [{child.label: child.path} for child in page.children]})
            else:
                nav.append({label: page.path})
    return nav


def bundle_path(views: Views) -> str | None:
    """Where the offline edition is, when this build offers it."""
    return offline_bundle_path() if views.settings.offline_bundle else None


def truncated(text: str, length: int, leeway: int = 5) -> str:
    """text cut at a word boundary to about length characters, with an ellipsis if cut (as
    Jinja's truncate: a text at most leeway characters too long is left whole)."""
    if len(text) <= length + leeway:
        return text
    return text[: length - 3].rsplit(" ", 1)[0] + "..."


def prose_nav_label(page) -> str:
    """A prose page's label in the navigation: numbered like the categories ("5. Discussion")
    when its first section is, or begins, a numbered section of the paper."""
    first = page.sections[0].section if page.sections else None
    return f"{first.split('.')[0]}. {page.title}" if first else str(page.title)


def with_relative_site_links(pages: dict[str, str]) -> dict[str, str]:
    """Every page with the site links its record text writes made relative to it."""
    sources_by_url = {page_url(path): path for path in pages}
    return {path: relative_site_links(markdown, path, sources_by_url) for path, markdown in pages.items()}
