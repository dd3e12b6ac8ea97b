"""The MkDocs plugin: records in, Markdown pages out, during the build itself.

Registered as the `agenda` plugin (see pyproject.toml), so plain `mkdocs build` and
`mkdocs serve` run the generator; `serve` also reloads when a record or template changes.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .records import RecordError, load_agenda
from .published import QUESTION_SCHEMA_NAME, question_schema
from .render import Renderer, agenda_json, questions_csv
from .schema import json_schemas


class AgendaConfig(base.Config):
    content_dir = c.Dir(exists=True, default="content")
    templates_dir = c.Dir(exists=True, default="templates")


class AgendaPlugin(BasePlugin[AgendaConfig]):
    # Last among on_config handlers: the page URLs depend on settings that other plugins
    # change here (Material's offline plugin turns off directory URLs).
    @event_priority(-50)
    def on_config(self, config):
        # Validate and render before MkDocs cleans site_dir, so bad records leave the last
        # good site untouched.
        try:
            self.agenda = load_agenda(self.config.content_dir)
        except RecordError as error:
            raise PluginError(str(error)) from None
        try:
            renderer = Renderer(self.agenda, self.config.templates_dir, config.site_url or "/",
                                config.use_directory_urls, config.repo_url or "")
            site = renderer.build()
            self.citation_cff = renderer.citation_cff()
        except TemplateError as error:
            where = f"{error.filename}, line {error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
            raise PluginError(f"template error: {where}{error}") from None
        self.pages = site.pages
        self.files = site.files
        if not config.nav:
            config.nav = site.nav
        # The theme's footer partial attributes the paper on every page.
        config.extra["paper"] = self.agenda.paper.model_dump()
        return config

    def on_files(self, files, config):
        # The generated pages exist only in memory; MkDocs treats them like files in docs/.
        for path, markdown in self.pages.items():
            files.append(File.generated(config, path, content=markdown))
        # Feeds and per-question data: files, not pages, but in the build so that pages may link them.
        for path, text in self.files.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_serve(self, server, config, builder):
        # Records and templates live outside docs_dir, so serve must be told to watch them.
        server.watch(self.config.content_dir)
        server.watch(self.config.templates_dir)
        return server

    def on_post_build(self, config):
        # The agenda as data, for anyone to reuse, with the schema its records follow.
        site_dir = Path(config.site_dir)
        directory_urls = config.use_directory_urls
        (site_dir / "agenda.json").write_text(agenda_json(self.agenda, directory_urls), encoding="utf-8")
        (site_dir / "questions.csv").write_text(questions_csv(self.agenda, directory_urls), encoding="utf-8")
        (site_dir / "CITATION.cff").write_text(self.citation_cff, encoding="utf-8")
        schema_dir = site_dir / "schema"
        schema_dir.mkdir(exist_ok=True)
        for name, text in json_schemas().items():
            (schema_dir / name).write_text(text, encoding="utf-8")
        # The shape of api/questions/<N>.json, for anyone who reuses it.
        (schema_dir / QUESTION_SCHEMA_NAME).write_text(question_schema(), encoding="utf-8")

