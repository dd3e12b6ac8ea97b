"""Shared fixtures: the project's paths, one strict build of the site, a local HTTP server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
# shared/ sits beside the clone, on developers' machines and in CI alike.
AGENDA_SOURCE = ROOT.parent / "shared" / "agenda-source"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The theme's own stylesheets, as the installed theme ships them (the build trims its copies).
THEME_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
# Flags that keep Chromium quiet on a machine with no network but the package registries.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a strict `mkdocs build` of project into site_dir, as `make site` does."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=project, env=env, capture_output=True, text=True,
    )


def copy_project(target: Path) -> Path:
    """A scratch copy of everything a build reads, for tests that break the records."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "templates", "overrides", "hooks", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A scratch copy of content/, for tests that break a record."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def rewrite_record(path: Path, *edits) -> None:
    """Load a record file, apply each edit (a function of the data) and write it back."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for edit in edits:
        edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def record_problems(content: Path, lines: bool = False) -> str:
    """The message of the RecordError that loading content raises (the test fails if none);
    without the line numbers that problems give after their file, unless lines is set."""
    import re

    from agenda_site.records import RecordError, load_agenda

    with pytest.raises(RecordError) as caught:
        load_agenda(content)
    return str(caught.value) if lines else re.sub(r"(\.yml), line [0-9]+: ", r"\1: ", str(caught.value))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The file:// build (mkdocs.offline.yml), as the offline bundle holds it."""
    site_dir = tmp_path_factory.mktemp("offline") / "site"
    result = mkdocs_build(ROOT, site_dir, "--config-file", "mkdocs.offline.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(site_dir: Path):
    """site_dir over HTTP on 127.0.0.1, at a free port, while in the block; gives its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site over HTTP on 127.0.0.1, at a free port; yields its base URL."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()


# Pages run their scripts, the theme's and the site's, after their first paint
# (docs/assets/javascripts/after_first_paint.js), which may come after the load event that
# goto() waits for. A test reads a page once they have started, as a reader a moment later.
SCRIPTS_STARTED = "() => document.documentElement.dataset.agendaScripts === 'started'"


def visit(page, url: str):
    """Open url in page and wait until the page's scripts have started."""
    page.goto(url)
    page.wait_for_function(SCRIPTS_STARTED)


def search(page, query: str):
    """Type query into the site's search as a reader does; returns the first result's link.
    Results refresh as one types: assert on it with expect(), which waits for the final ones."""
    from playwright.sync_api import expect

    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    # Typing before the index has loaded is lost on a slow start (from file:// above all).
    expect(meta).not_to_contain_text("Initializing", timeout=20000)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_visible(timeout=15000)
    return first.locator("a").first
