"""Linking to questions: permanent URLs, short links, share previews, citation data."""

from __future__ import annotations

import re
import subprocess
import sys
import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml

from agenda_site.load import load_agenda
from agenda_site.settings import LOCAL_SITE_URL
from conftest import CONTENT, ROOT, build_project, copy_project, record_problems

sys.path.insert(0, str(ROOT / "tools"))
from record_urls import MANIFEST, published_urls, served_urls  # noqa: E402

AGENDA = load_agenda(CONTENT)
# The permanent address the build gives its pages: AGENDA_SITE_URL, or the local default.
SITE_URL = LOCAL_SITE_URL  # the address a build with no AGENDA_SITE_URL cites
REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


def test_every_published_url_is_still_served(built_site):
    served, published = served_urls(built_site), published_urls()
    missing = sorted(set(published) - served)
    assert not missing, f"published URLs no longer served (map the old address to the new in content/moved.yml): {missing}"
    new = sorted(served - set(published))
    assert not new, f"new URLs, to record in {MANIFEST.name} (tools/record_urls.py SITE_DIR adds them): {new}"


def test_the_manifest_holds_every_question_and_challenge():
    published = set(published_urls())
    assert {f"/questions/{n}/" for n in range(1, 216)} <= published
    assert {f"/q/{n}/" for n in range(1, 216)} <= published
    assert {f"/challenges/{c.section}/" for c in AGENDA.challenges} <= published


def test_a_moved_page_keeps_its_url_through_a_redirect(tmp_path):
    """The way to move a page: change its slug, and map the old address to the new in
    content/moved.yml, which every engine's build honours (no engine plugin is involved)."""
    project = copy_project(tmp_path / "project")
    record = project / "content" / "challenges" / "2.2.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("slug: capabilities", "slug: capability-estimates"),
                      encoding="utf-8")
    (project / "content" / "moved.yml").write_text(
        "moved:\n  - old: /scientific-understanding/capabilities/\n"
        "    new: /scientific-understanding/capability-estimates/\n", encoding="utf-8")
    result = build_project(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out" / "site"
    assert set(published_urls()) <= served_urls(site)
    old = (site / "scientific-understanding" / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert "../capability-estimates/" in old


@pytest.mark.parametrize("moved, message", [
    ("moved:\n  - old: /gone/\n    new: /nowhere/\n",
     "content/moved.yml: moved page /gone/: field 'new': /nowhere/ is no page of the site"),
    ("moved:\n  - old: /questions/17/\n    new: /questions/18/\n",
     "content/moved.yml: moved page /questions/17/: field 'old': /questions/17/ is a page of the site still"),
    ("moved:\n  - old: questions/17\n    new: /questions/18/\n",
     "content/moved.yml: moved pages, moved page questions/17: field 'old'"),
], ids=["to no page", "from a page that exists", "not an address"])
def test_a_moved_page_that_cannot_be_honoured_is_a_clear_problem(tmp_path, moved, message):
    from agenda_site.generate import render_site
    from agenda_site.load import load_agenda
    from agenda_site.settings import GenerateError, Settings

    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    (content / "moved.yml").write_text(moved, encoding="utf-8")
    if "moved pages," in message:
        assert message in record_problems(content)
        return
    with pytest.raises(GenerateError) as caught:
        render_site(load_agenda(content), Settings())
    assert message in str(caught.value)


def _follow(url: str) -> tuple[str, str]:
    """GET url and follow a short link's refresh; returns the final URL and its page."""
    with urllib.request.urlopen(url) as response:
        page = response.read().decode("utf-8")
    found = REFRESH.search(page)
    if not found:
        return url, page
    target = urllib.parse.urljoin(url, found.group(1))
    with urllib.request.urlopen(target) as response:
        return target, response.read().decode("utf-8")


def test_every_short_link_resolves_over_http(site_server):
    for question in AGENDA.questions:
        final, page = _follow(f"{site_server}q/{question.number}/")
        assert final == f"{site_server}questions/{question.number}/"
        assert re.search(rf"<h1[^>]*>Question {question.number}\b", page)
    for challenge in AGENDA.challenges:
        final, page = _follow(f"{site_server}challenges/{challenge.section}/")
        assert final.endswith(f"/{challenge.slug}/")
        assert f"{challenge.section} {challenge.title}" in page


def test_every_short_link_resolves_from_the_file_system(offline_site):
    """The offline build's short links point at .html files that exist."""
    site = offline_site
    for question in AGENDA.questions:
        link = site / "q" / f"{question.number}.html"
        target = (link.parent / REFRESH.search(link.read_text(encoding="utf-8")).group(1)).resolve()
        assert target == (site / "questions" / f"{question.number}.html").resolve()
        assert target.exists()
    for challenge in AGENDA.challenges:
        link = site / "challenges" / f"{challenge.section}.html"
        target = (link.parent / REFRESH.search(link.read_text(encoding="utf-8")).group(1)).resolve()
        assert target.name == f"{challenge.slug}.html" and target.exists()


def test_each_question_page_previews_with_its_number(built_site):
    for question in AGENDA.questions:
        page = (built_site / "questions" / str(question.number) / "index.html").read_text(encoding="utf-8")
        og_title = re.search(r'<meta property="og:title" content="([^"]*)"', page).group(1)
        assert og_title.startswith(f"Question {question.number} (Q{question.number})")
        assert re.search(r'<meta property="og:description" content="Q\d+: [^"]+"', page)
        assert f'<meta property="og:url" content="{SITE_URL}questions/{question.number}/"' in page
        assert re.search(rf"<title>Question {question.number} \(Q{question.number}\)", page)


def test_the_site_root_has_citation_data(built_site):
    citation = yaml.safe_load((built_site / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    # The file describes the site, under its two licenses, and asks for the paper to be cited.
    assert citation["license"] == ["CC-BY-4.0", "MIT"]
    assert citation["authors"] == [{"name": "The agenda site contributors"}]
    paper = citation["preferred-citation"]
    assert paper["title"] == AGENDA.paper.title
    assert [a["name"] for a in paper["authors"]] == list(AGENDA.paper.authors)
    assert paper["journal"] == "Transactions on Machine Learning Research"
    assert "license" not in paper
    # Valid against the Citation File Format's own schema (shipped with check-jsonschema).
    result = subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
                             "vendor.citation-file-format", str(built_site / "CITATION.cff")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ["questions/17/", "scientific-understanding/capabilities/"])
def test_question_and_challenge_pages_carry_a_citation_block(built_site, path):
    page = (built_site / path / "index.html").read_text(encoding="utf-8")
    # Two code blocks (plain text, which wraps, and BibTeX), each with the theme's copy button;
    # a question page has two pairs when the site has an edition (this edition, the latest).
    assert page.count('<div class="agenda-citation highlight"><pre>') == (2 if path.startswith("questions/") else 1)
    assert page.count('<div class="highlight"><pre>') >= 1
    assert 'class="nl">anwar2024foundational' in page
    assert "Anwar, U., et al. (2024)." in page
