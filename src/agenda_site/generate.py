"""Generation, the step of our own before any engine runs: records in; the engine's project out.

    content/ --load--> Agenda --views--> values --pages, exports--> Markdown and files
                                                       |
    build/<variant>/docs/  (pages, data files, the site's assets)  +  build/<variant>/mkdocs.yml

The engine (MkDocs, ProperDocs or Zensical: engines.py) then only turns that project into HTML,
and finish.py does the same for every engine after it. The engine's config is the project's
mkdocs.yml (theme and Markdown settings, which every engine reads) with what the records and the
build decide written in: the navigation, the site's address, the paper for the footer.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import TemplateError, TemplateSyntaxError

from .agenda import Agenda
from .checks import RecordError
from .editions import EditionError, carry_editions, load_editions, since_edition
from .exports import data_context, render_files
from .load import load_agenda
from .pages import Templates, navigation, render_pages, site_map, with_relative_site_links
from .published import EditionData
from .search import SearchRecord, search_records
from .settings import GenerateError, Settings
from .theme import MATERIAL, PROJECT, WORKER_SHIM, WORKER_SHIM_PATH, Theme, overrides_for
from .urls import offline_bundle_path, page_url
from .views import Views



@dataclass(frozen=True)
class Sources:
    """What a build reads, from one project folder (this one unless told otherwise): the
    records, the page templates, the theme's overrides and assets, and the engine settings."""

    root: Path = PROJECT
    content_dir: Path | None = None  # the records, when not the project's content/
    editions_dir: Path | None = None  # the released editions, when not the project's editions/

    @property
    def content(self) -> Path:
        return self.content_dir or self.root / "content"

    @property
    def editions(self) -> Path:
        """The released editions' folders (editions.py), which the site carries as they are: the
        deployment brings them from the releases; `python -m agenda_site edition` makes one."""
        return self.editions_dir or self.root / "editions"

    @property
    def edition_stylesheet(self) -> Path:
        return self.root / "theme" / "edition" / "edition.css"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def overrides(self) -> Path:
        return self.root / "theme" / "overrides"

    @property
    def assets(self) -> Path:
        return self.root / "theme" / "assets"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def watched(self) -> list[Path]:
        """What the preview watches for changes."""
        return [self.content, self.templates, self.overrides, self.assets, self.config]


@dataclass(frozen=True)
class Variant:
    """A build of the site: the online site (searched through Pagefind: search.py), the offline
    edition (opened from file://, so pages are files, not folders, and search is the theme's,
    run through Material's offline plugin and the worker shim), or the developer's preview
    (`make serve`: no Content-Security-Policy, so that the engine's reload script runs; the
    theme's search, which the engine rebuilds on every change)."""

    name: str
    use_directory_urls: bool = True
    offline: bool = False
    policy: bool = True
    pagefind: bool = False  # the site's search is Pagefind's, not the theme's


ONLINE = Variant("online", pagefind=True)
OFFLINE = Variant("offline", use_directory_urls=False, offline=True)
PREVIEW = Variant("preview", policy=False)
VARIANTS = {variant.name: variant for variant in (ONLINE, OFFLINE, PREVIEW)}


@dataclass(frozen=True)
class Generated:
    """Everything the records make before any engine runs."""

    agenda: Agenda
    pages: dict[str, str]  # Markdown, by source path
    files: dict[str, str]  # the other files the site publishes (data, feeds, BibTeX), by path
    nav: list  # the navigation, in reading order, as the engine's config writes it
    search_records: list[SearchRecord]  # what the online search finds besides pages (search.py)
    unindexed: frozenset[str]  # the pages search leaves out, by URL from the root (/bibliography/)
    editions: list[EditionData] = field(default_factory=list)  # the released editions, the newest first


def generate(settings: Settings, sources: Sources = Sources()) -> Generated:
    """Load and validate the records, then render every page and file. Raises GenerateError,
    whose message names the file, the record and the field, for bad input."""
    try:
        agenda = load_agenda(sources.content)
        editions = load_editions(sources.editions)
    except (RecordError, EditionError) as error:
        raise GenerateError(str(error)) from None
    since = since_edition(sources.editions, editions[0], agenda) if editions else None
    return render_site(agenda, settings, sources.templates, editions, since)


def render_site(agenda: Agenda, settings: Settings, templates_dir: Path = Sources().templates,
                editions: list[EditionData] | None = None, since: list | None = None) -> Generated:
    """Every page and file of the site, from a validated agenda (and the released editions, the
    newest first, with what changed since the newest)."""
    try:
        views = Views(agenda, settings, editions, since)
        templates = Templates(templates_dir, views)
        pages = site_map(views)
    except RecordError as error:
        raise GenerateError(str(error)) from None
    try:
        files = render_files(views, templates, pages)
        # The Data and downloads page measures the files, so it is rendered after them.
        markdown = render_pages(templates, pages, {"data": data_context(views, files)})
        # Pages whose front matter keeps them out of search (the bibliography, whose works are
        # search records of their own; the list of all questions, each of which has its page).
        unindexed = frozenset("/" + page_url(page.path) for _, kind_pages in pages for page in kind_pages
                              if (page.meta.get("search") or {}).get("exclude"))
        return Generated(agenda, with_relative_site_links(markdown), files, navigation(pages),
                         search_records(views), unindexed, list(editions or []))
    except TemplateError as error:
        where = f"{error.filename}, line {error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
        raise GenerateError(f"template error: {where}{error}") from None


def base_config(sources: Sources = Sources()) -> dict:
    """The project's mkdocs.yml: the settings every engine reads (theme, Markdown, validation)."""
    return yaml.safe_load(sources.config.read_text(encoding="utf-8")) or {}


def engine_config(base: dict, generated: Generated, settings: Settings, variant: Variant) -> dict:
    """The engine's config for one build: base with the navigation, the addresses, the paper
    (for the footer), the theme's overrides (by a path relative to the project) and the variant's
    options written in."""
    config = dict(base)
    config.update(docs_dir="docs", site_dir="site", site_url=settings.site_url,
                  use_directory_urls=settings.use_directory_urls, nav=generated.nav)
    if settings.repo_url:
        config["repo_url"] = settings.repo_url
    # The theme's overrides, as write_project copies them for this theme.
    config["theme"] = dict(base["theme"], custom_dir="overrides")
    extra = dict(base.get("extra") or {}, paper=generated.agenda.paper.model_dump(mode="json"),
                 content_security_policy=variant.policy)
    if variant.pagefind:
        # The theme's search plugin off (its index would load on every page); the header's
        # button and the dialog open Pagefind's instead (theme/overrides/partials/header.html).
        config["plugins"] = [plugin for plugin in base.get("plugins") or [] if plugin != "search"]
        extra["site_search"] = True
    if variant.offline:
        # Material's offline plugin loads the worker shim from a CDN unless a copy is listed here;
        # this one comes from the npm registry at a pinned version (write_project copies it).
        extra["polyfills"] = [WORKER_SHIM_PATH]
        config["plugins"] = list(base.get("plugins") or []) + ["offline"]
    config["extra"] = extra
    return config


def write_project(generated: Generated, project_dir: Path | str, config: dict, variant: Variant,
                  sources: Sources = Sources(), offline_bundle: Path | None = None, theme: Theme = MATERIAL) -> Path:
    """The engine's project in project_dir: docs/ with the site's assets, pages and files,
    overrides/ with the theme overrides this theme takes (theme.overrides_for), and mkdocs.yml.
    Both folders are emptied first, so that what is gone from the sources is gone from the site.
    Returns the docs folder."""
    project_dir = Path(project_dir)
    docs, overrides = project_dir / "docs", project_dir / "overrides"
    for folder in (docs, overrides):
        if folder.exists():
            shutil.rmtree(folder)
    for path in overrides_for(theme, sources.overrides):
        (overrides / path.relative_to(sources.overrides)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, overrides / path.relative_to(sources.overrides))
    shutil.copytree(sources.assets, docs / "assets")
    for path, text in {**generated.pages, **generated.files}.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if variant.offline:
        if not WORKER_SHIM.is_file():
            raise GenerateError(f"{WORKER_SHIM} is missing: run `npm ci` (make site does)")
        shutil.copyfile(WORKER_SHIM, docs / WORKER_SHIM_PATH)
    if not variant.offline:
        # As they are (the offline edition does not carry them: engines.variant_settings).
        carry_editions(sources.editions, docs, generated.editions)
    if offline_bundle is not None:
        (docs / offline_bundle_path()).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(offline_bundle, docs / offline_bundle_path())
    (project_dir / "mkdocs.yml").write_text(
        "# Written by `python -m agenda_site generate` from the project's mkdocs.yml: do not edit.\n"
        # Through JSON first: record text as plain str (PyYAML writes no str subclass), nothing else.
        + yaml.safe_dump(json.loads(json.dumps(config)), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return docs
