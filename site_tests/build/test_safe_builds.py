"""`make site` (`python -m agenda_site site`, src/agenda_site/build.py) on a copy of the project: strict, one build at a time,
and site/ always whole: the last good build or the new one, never a mix, also when a build is
interrupted. The builds are of a small agenda (conftest.SMALL_CONTENT): what is tested is how a
build swaps its results in, which the size of the agenda does not change."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_CONTENT, copy_project

pytestmark = pytest.mark.skipif(not (ROOT / "node_modules" / "iframe-worker").is_dir(),
                                reason="needs node_modules (npm ci) for the offline bundle")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project, which `python -m agenda_site site` run in it builds as its own."""
    return copy_project(tmp_path / "project", SMALL_CONTENT)


def add_sentence(project: Path, sentence: str) -> None:
    """Put sentence at the start of challenge 2.1's summary."""
    record = project / "content" / "challenges" / "2.1.yml"
    text = record.read_text(encoding="utf-8")
    assert "summary: A summary" in text
    record.write_text(text.replace("summary: A summary", f"summary: {sentence} A summary", 1), encoding="utf-8")


def start_build(project: Path) -> subprocess.Popen:
    # Unbuffered, so that a test can read each line as the build prints it.
    return subprocess.Popen([sys.executable, "-m", "agenda_site", "site"], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))


def read_until(build: subprocess.Popen, marker: str) -> str:
    """The build's output up to and including the first line holding marker."""
    seen = []
    for line in build.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError("the build ended before printing " + repr(marker) + ":\n" + "".join(seen))


def digest(folder: Path) -> str:
    """One digest of every file's path and bytes."""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, list[str], list[int]]:
    """A copy of the project built twice at once, the second started while the first runs: the
    project (with its site/ and bundle), each build's output and exit status."""
    project = copy_project(tmp_path_factory.mktemp("safe") / "project", SMALL_CONTENT)
    first = start_build(project)
    started = read_until(first, "MB zipped")  # the first build holds the lock until it ends
    second = start_build(project)
    outputs = [started + first.communicate(timeout=600)[0], second.communicate(timeout=600)[0]]
    return project, outputs, [first.returncode, second.returncode]


def test_two_builds_at_once_leave_a_whole_site(two_builds):
    project, outputs, statuses = two_builds
    assert statuses == [0, 0], outputs
    assert "waiting for it to finish" in outputs[1]
    site = project / "site"
    questions = [q for path in (project / "content" / "challenges").glob("*.yml")
                 for q in re.findall(r"\{number: ([0-9]+),", path.read_text(encoding="utf-8"))]
    assert questions and all((site / "questions" / q / "index.html").is_file() for q in questions)
    assert (site / "index.html").is_file()
    assert (project / "dist" / "agenda-offline.zip").is_file()
    assert sorted(p.name for p in (project / "build").iterdir()) == [".lock"]
    assert [p.name for p in (project / "dist").iterdir()] == ["agenda-offline.zip"]
    # The site offers the offline edition built beside it, and the link to it resolves.
    offered = site / "downloads" / "agenda-offline.zip"
    assert offered.read_bytes() == (project / "dist" / "agenda-offline.zip").read_bytes()
    for page in (site / "index.html", site / "about" / "index.html"):
        link = re.search(r'href="([^"]*agenda-offline\.zip)"', page.read_text(encoding="utf-8")).group(1)
        assert (page.parent / link).resolve() == offered.resolve()


def test_an_interrupted_build_leaves_the_last_good_site(two_builds):
    project = two_builds[0]  # with the good site the two builds left
    good_site, good_bundle = digest(project / "site"), digest(project / "dist")
    add_sentence(project, "Changed.")
    build = start_build(project)
    # Once the new offline bundle is written, in the online phase: the bundle waits beside the
    # build and must not replace dist/'s.
    output = read_until(build, "MB zipped")
    build.send_signal(signal.SIGINT)
    output += build.communicate(timeout=120)[0]
    assert build.returncode != 0
    assert "Interrupted: site/ and the offline bundle still hold the last good build." in output
    assert "Traceback" not in output
    assert digest(project / "site") == good_site and digest(project / "dist") == good_bundle
    assert sorted(p.name for p in (project / "build").iterdir()) == [".lock"]


def test_a_warning_fails_the_build_and_keeps_the_last_good_site(project):
    """A link to an anchor that does not exist is only a warning to MkDocs; strict makes it fatal."""
    os.makedirs(project / "site")
    (project / "site" / "index.html").write_text("the last good build", encoding="utf-8")
    add_sentence(project, "See [this](/questions/1/#no-such-anchor).")
    build = start_build(project)
    output = build.communicate(timeout=600)[0]
    assert build.returncode != 0
    assert "no-such-anchor" in output and "Aborted with 1 warnings in strict mode" in output
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last good build"


def test_the_swap_exchanges_two_folders_in_one_step(tmp_path):
    from agenda_site.build import exchange

    new, current = tmp_path / "new", tmp_path / "site"
    for folder, text in ((new, "new"), (current, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    exchange(new, current, tmp_path)
    assert (current / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"
