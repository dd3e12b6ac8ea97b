"""The MkDocs plugin: records in, Markdown pages out, during the build itself.

Registered as the `agenda` plugin (see pyproject.toml), so plain `mkdocs build` and
`mkdocs serve` run the generator; `serve` also reloads when a record or template changes.
The work is done by core.py; this adapter hands its pages to MkDocs in memory.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from .core import GenerateError, Settings, TrimError, audit_report, finish_site, generate
from .provenance import build_timestamp
from .render import offline_bundle_path, page_url
from .security import with_policy

log = logging.getLogger("mkdocs.plugins.agenda")


class AgendaConfig(base.Config):
    content_dir = c.Dir(exists=True, default="content")
    templates_dir = c.Dir(exists=True, default="templates")
    # The offline edition to offer for download (mkdocs.yml reads AGENDA_OFFLINE_BUNDLE, which
    # scripts/build_site.py sets after building it); unset, the site offers none.
    offline_bundle = c.Optional(c.File(exists=True))


class AgendaPlugin(BasePlugin[AgendaConfig]):
    # Last among on_config handlers: the page URLs depend on settings that other plugins
    # change here (Material's offline plugin turns off directory URLs).
    @event_priority(-50)
    def on_config(self, config):
        # Dates in the build (the sitemap's) come from the commit, not the clock, so two
        # builds of one commit are identical. MkDocs reads this variable when it needs a date.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(build_timestamp(Path(config.config_file_path).parent)))
        # A build for no published address still works, but its citations name this machine.
        if not os.environ.get("AGENDA_SITE_URL"):
            log.info("AGENDA_SITE_URL is not set: a local build, whose permanent links and citations "
                     "use %s", config.site_url)
        # The file:// build is what the bundle holds; it never offers itself for download.
        self.bundle = self.config.offline_bundle if config.use_directory_urls else None
        # The Data and downloads page states the offline edition's size, read from the file.
        # Validate the addresses and render before MkDocs cleans site_dir, so bad input leaves
        # the last good site untouched.
        try:
            self.settings = Settings(config.site_url, config.use_directory_urls, config.repo_url or "",
                                     offline_bundle=self.bundle is not None, site_name=config.site_name,
                                     offline_bundle_size=Path(self.bundle).stat().st_size if self.bundle else None)
            self.generated = generate(self.config.content_dir, self.config.templates_dir, self.settings)
        except GenerateError as error:
            raise PluginError(str(error)) from None
        if not config.nav:
            config.nav = self.generated.site.nav
        # The theme's footer partial attributes the paper on every page.
        config.extra["paper"] = self.generated.agenda.paper.model_dump()
        return config

    def on_files(self, files, config):
        # The generated pages exist only in memory; MkDocs treats them like files in docs/.
        for path, markdown in self.generated.site.pages.items():
            files.append(File.generated(config, path, content=markdown))
        # The other files (data files, JSON Schemas, BibTeX downloads, feeds, per-question data,
        # llms.txt) are in the build too, so that MkDocs checks the links to them and copies them
        # into both builds.
        for path, text in self.generated.site.files.items():
            files.append(File.generated(config, path, content=text))
        # A file of the site like any other, so MkDocs copies it and checks the links to it.
        if self.bundle:
            files.append(File.generated(config, offline_bundle_path(), abs_src_path=self.bundle))
        return files

    def on_page_context(self, context, page, config, nav):
        # A page of the offline build names its online address as canonical (the file://
        # build's own URLs, questions/17.html, exist nowhere on the web).
        if not config.use_directory_urls and config.site_url:
            page.canonical_url = config.site_url + page_url(page.file.src_uri)
        return context

    def on_post_page(self, output, page, config):
        # Each page's Content-Security-Policy names, by hash, the inline scripts it may run.
        return with_policy(output, self._worker_shim(config))

    def on_post_template(self, output_content, template_name, config):
        # The same for pages made from a theme template alone (404.html).
        return with_policy(output_content, self._worker_shim(config))

    def _worker_shim(self, config) -> str | None:
        # The offline build's search runs through a shim (a polyfill, see mkdocs.offline.yml)
        # that writes an inline script; the policy must allow that script too.
        if not hasattr(self, "worker_shim"):
            sources = [Path(config.site_dir, path) for path in config.extra.get("polyfills", [])]
            self.worker_shim = "".join(p.read_text(encoding="utf-8") for p in sources if p.is_file()) or None
        return self.worker_shim

    def on_serve(self, server, config, builder):
        # Records and templates live outside docs_dir, so serve must be told to watch them.
        server.watch(self.config.content_dir)
        server.watch(self.config.templates_dir)
        return server

    def on_post_build(self, config):
        # The theme's stylesheets trimmed; then, defence in depth, the audit: no page may hold
        # what record text must never become.
        try:
            findings = finish_site(self.settings, config.site_dir)
        except TrimError as error:
            raise PluginError(str(error)) from None
        if findings:
            raise PluginError(audit_report(findings))
