"""What the site is, whatever engine builds it: records in; pages, navigation, files and data out;
and, once an engine has built the HTML, the checks and fills the built folder needs.

Two adapters call this and nothing else does the work:
- plugin.py, the MkDocs plugin, in memory during `mkdocs build` and `mkdocs serve`;
- __main__.py, `python -m agenda_site generate` and `finish`, through files, for an engine that
  runs no plugins (Zensical: see `make zensical`).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jinja2 import TemplateError, TemplateSyntaxError

from .records import Agenda, RecordError, load_agenda, printable
from .schema import address_problem
from .render import Renderer, Site
from .security import Finding, audit_site, with_policy
from .stylesheets import TrimError, trim_theme_stylesheets


class GenerateError(Exception):
    """The records or the templates cannot make a site; the message says where and why."""


class SettingsError(GenerateError):
    """An address given to the build (from the deployment, or by hand) is not one the pages can use."""


# The two addresses the build is given (mkdocs.yml reads them from the environment): where the
# site is published, and the repository it is built from. They go into every page (canonical
# links, citations, edit and issue links, the header's repository link), so they are judged
# here, once, before anything is rendered: an http(s) address of a host, with a path of plain
# characters only, no query or fragment. A quote or a ")" in one would otherwise end an
# attribute or a Markdown link on every page.
ADDRESS_PATH = re.compile(r"^(?:/[A-Za-z0-9._~-]+)*/?$")
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def checked_address(value: str | None, what: str, variable: str, optional: bool = False) -> str:
    """value, if it is an address the pages can use (what names it, variable where it comes
    from, for the message); "" for no address, where optional allows none."""
    if value is None or value == "":
        if optional:
            return ""
        raise SettingsError(f"{what} is empty ({variable} is set to nothing): give the address, like"
                            " https://example.github.io/agenda/, or leave the variable unset")
    problem = address_problem(value, local_hosts=True)
    parts = urlsplit(value) if problem is None else None
    if parts is not None and (parts.query or parts.fragment or value.endswith(("?", "#"))):
        problem = "it has a query or a fragment ('?', '#'), which an address of a whole site has not"
    elif parts is not None and not ADDRESS_PATH.match(parts.path):
        problem = ("its path may hold only letters, digits and - . _ ~ between slashes"
                   f" (found {parts.path!r})")
    if problem:
        raise SettingsError(f"{what}, {printable(value)!r} (from {variable}), is not an address the pages can use:"
                            f" {problem}")
    return value


@dataclass(frozen=True)
class Settings:
    """The engine settings the pages depend on (from mkdocs.yml, or the engine's config),
    checked where they enter: an address that fails raises SettingsError."""

    site_url: str = "http://127.0.0.1:8000/"
    use_directory_urls: bool = True
    repo_url: str = ""
    offline_bundle: bool = False  # whether the site offers the offline edition for download
    offline_bundle_size: int | None = None  # its size in bytes, for the Data and downloads page
    site_name: str = "The agenda site"

    def __post_init__(self):
        site_url = checked_address(self.site_url, "The site's address (site_url)", "AGENDA_SITE_URL or mkdocs.yml")
        # As MkDocs does: the site's address ends with "/", so that page paths can follow it.
        object.__setattr__(self, "site_url", site_url if site_url.endswith("/") else site_url + "/")
        repo_url = checked_address(self.repo_url, "The repository's address (repo_url)", "AGENDA_REPO_URL or mkdocs.yml",
                                   optional=True)
        object.__setattr__(self, "repo_url", repo_url.rstrip("/"))
        if len(self.site_name) > 200 or not self.site_name.isprintable():
            raise SettingsError(f"The site's name (site_name) is no one-line name: {printable(self.site_name)!r}")

    @property
    def root_path(self) -> str:
        """The site's path on its host ("/foundational-challenges/"), for links written from the root."""
        return urlsplit(self.site_url).path or "/"


@dataclass(frozen=True)
class Generated:
    """Everything the records make before any engine runs."""

    agenda: Agenda
    site: Site  # pages (Markdown) and other files (data exports included) by path, and the navigation


def generate(content_dir: Path | str, templates_dir: Path | str, settings: Settings) -> Generated:
    """Load and validate the records, then render every page and file."""
    try:
        agenda = load_agenda(content_dir)
    except RecordError as error:
        raise GenerateError(str(error)) from None
    try:
        renderer = Renderer(agenda, templates_dir, settings.site_url, settings.use_directory_urls,
                            repo_url=settings.repo_url or None, offline_bundle=settings.offline_bundle,
                            site_name=settings.site_name, offline_bundle_size=settings.offline_bundle_size)
        return Generated(agenda, renderer.build())
    except TemplateError as error:
        where = f"{error.filename}, line {error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
        raise GenerateError(f"template error: {where}{error}") from None


def write_files(folder: Path | str, files: dict[str, str]) -> None:
    """Write each text file at its path under folder."""
    for path, text in files.items():
        target = Path(folder, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write_docs(generated: Generated, out: Path | str, assets_dir: Path | str | None) -> None:
    """A docs folder for an engine that runs no plugins: the hand-written files of assets_dir
    (docs/: stylesheets, scripts), then the generated pages and files (data exports included).
    out is emptied first, so a page that is gone from the records is gone from the folder too."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    if assets_dir is not None and Path(assets_dir).is_dir():
        shutil.copytree(assets_dir, out)
    out.mkdir(parents=True, exist_ok=True)
    write_files(out, generated.site.pages)
    write_files(out, generated.site.files)


def fill_policies(site_dir: Path | str, worker_shim: str | None = None) -> int:
    """Write each built page's Content-Security-Policy where its template left the placeholder
    (security.with_policy, as the MkDocs plugin does page by page); returns how many pages got one."""
    filled = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        with_it = with_policy(text, worker_shim)
        if with_it != text:
            path.write_text(with_it, encoding="utf-8")
            filled += 1
    return filled


def finish_site(settings: Settings, site_dir: Path | str) -> list[Finding]:
    """After the engine's build: trim the theme's stylesheets to what the pages use, and audit
    every page. Returns the audit's findings; an empty list means every page passed. Raises
    TrimError if the stylesheets cannot be trimmed."""
    trim_theme_stylesheets(site_dir)
    # Defence in depth: no page may hold what record text must never become.
    return audit_site(site_dir, settings.root_path)


def audit_report(findings: list[Finding], limit: int = 50) -> str:
    """The audit's findings as one message, the first `limit` of them listed."""
    listed = "\n".join(f"  - {finding}" for finding in findings[:limit])
    more = f"\n  ... and {len(findings) - limit} more" if len(findings) > limit else ""
    return f"{len(findings)} problem(s) in the built pages:\n{listed}{more}"


# Reading mkdocs.yml without MkDocs: what the adapters for other engines need from it.
class _ConfigLoader(yaml.SafeLoader):
    pass


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node):
    """MkDocs' `!ENV NAME` and `!ENV [NAME, ..., default]`: the first variable that is set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment_value)


def read_engine_config(path: Path | str) -> dict:
    """mkdocs.yml as data, with its `!ENV` values resolved as MkDocs resolves them.
    (INHERIT is not followed: only mkdocs.offline.yml uses it, and only MkDocs builds that.)"""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def settings_from(engine_config: dict) -> Settings:
    return Settings(site_url=engine_config.get("site_url"),
                    use_directory_urls=engine_config.get("use_directory_urls", True),
                    repo_url=engine_config.get("repo_url") or "",
                    site_name=engine_config.get("site_name") or Settings.site_name)


def plugin_less_config(engine_config: dict, config_path: Path | str, out_path: Path | str,
                       docs_dir: str, site_dir: str, generated: Generated) -> dict:
    """mkdocs.yml rewritten for an engine that runs no plugins or hooks, to be written at out_path:
    docs_dir is the generated folder, the navigation and the theme's `extra.paper` are written
    out (the plugin sets them in memory), and the paths it names are made relative to out_path."""
    config = dict(engine_config)
    here, there = Path(config_path).resolve().parent, Path(out_path).resolve().parent
    config["docs_dir"], config["site_dir"] = docs_dir, site_dir
    config.pop("hooks", None)
    config["plugins"] = [plugin for plugin in config.get("plugins", []) if plugin != "agenda"]
    if config.get("theme", {}).get("custom_dir"):
        config["theme"] = dict(config["theme"],
                               custom_dir=os.path.relpath(here / config["theme"]["custom_dir"], there))
    config.setdefault("nav", generated.site.nav)
    config["extra"] = dict(config.get("extra") or {}, paper=generated.agenda.paper.model_dump(mode="json"))
    return config
