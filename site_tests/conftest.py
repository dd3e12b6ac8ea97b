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


def agenda_site(*args, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """Run `python -m agenda_site ARGS` as a person does, with env added to the environment."""
    return subprocess.run([sys.executable, "-m", "agenda_site", *map(str, args)], cwd=cwd,
                          env=dict(os.environ, **env), capture_output=True, text=True)


def build_project(project: Path, out: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Build the project folder project (records, templates, theme) into out/site, strict."""
    return agenda_site("--root", project, "build", "--out", out, *args, **env)


# A small agenda (four challenges, a few questions and works), for the tests of how a build
# behaves rather than what it holds: it builds in seconds where the whole agenda takes a minute.
SMALL_CONTENT = ROOT / "site_tests" / "golden" / "minimal" / "content"


def copy_project(target: Path, content: Path = CONTENT) -> Path:
    """A scratch copy of everything a build reads, for tests that break the records or templates,
    with content (the project's records unless told) as its content/."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "templates", "theme", "pyproject.toml", "LICENSE", "LICENSES"):
        source = content if name == "content" else ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
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

    from agenda_site.checks import RecordError
    from agenda_site.load import load_agenda

    with pytest.raises(RecordError) as caught:
        load_agenda(content)
    return str(caught.value) if lines else re.sub(r"(\.yml), line [0-9]+: ", r"\1: ", str(caught.value))


def whole_build(folder: Path, variant_name: str, engine_name: str = "mkdocs", editions: Path | None = None) -> Path:
    """A strict build of the project as it is (generate, engine, finish); its site folder. With
    editions, the site carries the released editions in that folder (none unless told)."""
    from agenda_site.engines import ENGINES, build
    from agenda_site.generate import VARIANTS, Sources

    sources = Sources(editions_dir=editions or folder / "no-editions")
    return build(folder, VARIANTS[variant_name], ENGINES[engine_name], sources).site_dir


def built_once(tmp_path_factory, name: str, make) -> Path:
    """What make(folder) returns, made once for the whole run, on whichever worker asks first:
    the other waits for it and reads the same files (the pattern pytest-xdist documents for
    session fixtures). make writes only inside folder; tests read what it made, never change it."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders are in
    folder, result = shared / f"shared-{name}", shared / f"shared-{name}.path"
    with FileLock(str(shared / f"shared-{name}.lock")):
        if not result.exists():
            folder.mkdir()
            result.write_text(str(make(folder)), encoding="utf-8")
    return Path(result.read_text(encoding="utf-8"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout.strip()


# The two editions the tests release, and what the second changes: a question reworded, a
# reference retitled, a progress entry withdrawn (which moves its questions' status).
FIRST_EDITION, SECOND_EDITION = "v2026.01", "v2026.02"
REWORDED_QUESTION, RETITLED_REFERENCE = 3, "akyurek2022a"


def make_two_editions(folder: Path) -> Path:
    """A copy of the project as a git repository with two tagged commits of its records, each
    made an edition as the release workflow makes one (`python -m agenda_site edition NAME`).
    Returns the repository; its editions are in editions/."""
    repo = copy_project(folder / "project")
    (repo / "node_modules").unlink()
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first edition")
    git(repo, "tag", FIRST_EDITION)

    def reword(data):
        question = next(q for q in data["questions"] if q["number"] == REWORDED_QUESTION)
        question["text"] = question["text"].rstrip() + " (reworded)"
    rewrite_record(repo / "content" / "challenges" / "2.1.yml", reword)
    reference_file = next(path for path in sorted((repo / "content" / "references").glob("*.yml"))
                          if f"id: {RETITLED_REFERENCE}" in path.read_text(encoding="utf-8"))

    def retitle(data):
        next(e for e in data["references"] if e["id"] == RETITLED_REFERENCE)["title"] += " (corrected)"
    rewrite_record(reference_file, retitle)
    sorted((repo / "content" / "progress").glob("*.yml"))[0].unlink()
    git(repo, "commit", "-qam", "second edition")
    git(repo, "tag", SECOND_EDITION)
    for name in (FIRST_EDITION, SECOND_EDITION):
        result = agenda_site("--root", repo, "edition", name)
        assert result.returncode == 0, result.stderr
    return repo


@pytest.fixture(scope="session")
def two_editions(tmp_path_factory) -> Path:
    """The repository of make_two_editions, made once for the whole run."""
    return built_once(tmp_path_factory, "editions", make_two_editions)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, two_editions) -> Path:
    """The online site, built once for the whole run, carrying the two editions of two_editions
    (as a deployment carries the released ones)."""
    return built_once(tmp_path_factory, "online",
                      lambda folder: whole_build(folder, "online", editions=two_editions / "editions"))


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory) -> Path:
    """The offline edition, built and zipped once for the whole run, as `make site` builds it
    (its built folder is beside it: offline_site)."""
    from agenda_site.bundle import build_bundle

    def make(folder: Path) -> Path:
        build_bundle(folder / "agenda-offline.zip", folder / "project")
        return folder / "agenda-offline.zip"

    return built_once(tmp_path_factory, "offline", make)


@pytest.fixture(scope="session")
def offline_site(offline_bundle) -> Path:
    """The file:// build, as the offline bundle holds it."""
    return offline_bundle.parent / "project" / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closes a connection it no longer needs is not a failure of the site.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(site_dir: Path):
    """site_dir over HTTP on 127.0.0.1, at a free port, while in the block; gives its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
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
# (theme/assets/javascripts/after_first_paint.js), which may come after the load event that
# goto() waits for. A test reads a page once they have started, as a reader a moment later.
SCRIPTS_STARTED = "() => document.documentElement.dataset.agendaScripts === 'started'"


# Resolves once the browser has painted two more frames: whatever the page's scripts set off as
# they started (a restyle, a handler) has happened by then.
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def visit(page, url: str):
    """Open url in page and wait until the page's scripts have started."""
    page.goto(url)
    page.wait_for_function(SCRIPTS_STARTED)


def search(page, query: str):
    """Type query into the site's search as a reader does; returns the first result's link.
    Online, the site's own dialog (Pagefind's index); offline, the theme's search box. Results
    refresh as one types: assert on it with expect(), which waits for the final ones."""
    from playwright.sync_api import expect

    if page.locator("dialog[data-agenda-search]").count():
        page.locator("[data-agenda-search-open]").click()
        page.locator(".agenda-search__input").press_sequentially(query, delay=20)
        # The list is this query's, not one typed on the way to it (a result clicked while the
        # list is replaced would lead nowhere).
        results = page.locator(".agenda-search__results")
        expect(results).to_have_attribute("data-query", query, timeout=15000)
        expect(results).to_have_attribute("aria-busy", "false")
        first = page.locator(".agenda-search__result").first
        expect(first).to_be_visible(timeout=15000)
        return first.locator("a").first
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    # Typing before the index has loaded is lost on a slow start (from file:// above all).
    expect(meta).not_to_contain_text("Initializing", timeout=20000)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_visible(timeout=15000)
    return first.locator("a").first


# The stages whose tests build whole sites or drive a browser: marked slow, so that
# `pytest -m "not slow"` is a quick run of the records, rendering and input checks.
SLOW_STAGES = ("build", "browser")


# `make test` runs on two workers (pytest-xdist, --dist loadgroup): each test goes to whichever
# worker is free, except that a module whose tests share a module-scoped fixture (a build, a
# parsed file) runs whole on one worker, so that the fixture is made once.
def _shares_module_fixture(module) -> bool:
    return any(getattr(getattr(value, "_fixture_function_marker", None), "scope", None) == "module"
               for value in vars(module).values())


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent.name in SLOW_STAGES:
            item.add_marker(pytest.mark.slow)
        if _shares_module_fixture(item.module):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    # On two workers, the long tests (whole builds, the browser) start first and the many short
    # ones fill in after them, so that neither worker is left with a long one at the end. Run
    # alone, the suite keeps the pipeline's order (pyproject.toml), and fails first where the
    # pipeline would.
    if getattr(config.option, "numprocesses", None):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)
