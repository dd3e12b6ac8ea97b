"""The offline bundle: unzipped into a folder, it works from file:// with no network at all."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from agenda_site.settings import LOCAL_SITE_URL
from conftest import search, visit

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

@pytest.fixture(scope="module")
def bundle(offline_bundle) -> Path:
    return offline_bundle


@pytest.fixture(scope="module")
def unzipped(bundle, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    (folder,) = target.iterdir()
    return folder


@pytest.fixture
def offline_page(page):
    """A tab that records every request that is not for a file:// URL."""
    page.outside_requests = []
    page.on("request", lambda request: request.url.startswith("file://")
            or page.outside_requests.append(request.url))
    # Anything that tries the network fails at once instead of waiting.
    page.context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    return page


def test_the_zip_has_one_top_level_folder_with_readme_and_attribution(bundle, unzipped):
    with zipfile.ZipFile(bundle) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert tops == {unzipped.name}
    assert re.fullmatch(r"foundational-challenges-agenda-\d+\.\d+\.\d+(\+[0-9a-f]+)?", unzipped.name)
    readme = (unzipped / "README.txt").read_text(encoding="utf-8")
    # A build for a published address names it; a local build says it has none.
    assert "index.html" in readme and ("https://" in readme or "built from a local checkout" in readme)
    attribution = (unzipped / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "arXiv:2404.09932v2" in attribution and "iframe-worker" in attribution
    assert (unzipped / "licenses" / "iframe-worker.txt").exists()
    # The site's own licenses: MIT for the code, CC BY 4.0 for the text and data.
    assert (unzipped / "licenses" / "agenda-site.txt").read_text(encoding="utf-8").startswith("MIT License")
    assert "Section 8 – Interpretation" in (unzipped / "licenses" / "CC-BY-4.0.txt").read_text(encoding="utf-8")


def test_links_point_at_html_files_and_nothing_at_a_cdn(unzipped):
    for page in unzipped.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page
        assert not re.search(r'<script[^>]+src="https?://', text), page
        assert not re.search(r'<link[^>]+rel="(stylesheet|preload|icon|modulepreload)"[^>]+href="https?://', text), page


def test_reading_from_file_urls_with_search(offline_page, unzipped):
    page = offline_page
    visit(page, (unzipped / "index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Foundational Challenges")

    page.locator("article table").get_by_role("link", name="Capabilities Are Difficult to Estimate and Understand").click()
    expect(page.locator("h1")).to_contain_text("2.2 Capabilities Are Difficult")
    assert page.url.endswith("/scientific-understanding/capabilities.html")
    page.get_by_role("link", name="Permanent page for Q17").click()
    expect(page.locator("h1")).to_contain_text("Question 17")
    assert page.url.endswith("/questions/17.html")

    # Short links work from the file system too.
    visit(page, (unzipped / "challenges" / "2.2.html").as_uri())
    expect(page.locator("h1")).to_contain_text("2.2 Capabilities Are Difficult")

    # By its number: the question's page comes first.
    visit(page, (unzipped / "index.html").as_uri())
    expect(search(page, "Q17")).to_have_attribute("href", re.compile(r"questions/17\.html"))
    # By a word of its text (question 43 asks about reasoning abductively).
    visit(page, (unzipped / "index.html").as_uri())
    search(page, "abductively")
    expect(page.locator(".md-search-result__item a[href*='questions/43.html']").first).to_be_visible()
    # The theme's search, not the online site's (Pagefind cannot fetch its index from file://),
    # and the edition says what that search covers.
    assert not (unzipped / "pagefind").exists() and page.locator("dialog[data-agenda-search]").count() == 0
    bibliography = (unzipped / "bibliography.html").read_text(encoding="utf-8")
    assert "the offline edition's search covers the pages but not single works" in bibliography
    # No page can read another file from file://, so BibTeX links stay links with no Copy button.
    visit(page, (unzipped / "questions" / "17.html").as_uri())
    expect(page.locator("a.agenda-bibtex")).to_have_attribute("href", re.compile(r"bib/questions/17\.bib$"))
    expect(page.locator("button.agenda-copy-button")).to_have_count(0)
    assert page.outside_requests == []
    assert page.console_errors == []


def test_two_builds_give_byte_identical_archives(bundle, tmp_path):
    from agenda_site.bundle import build_bundle

    again = tmp_path / "again.zip"
    build_bundle(again, tmp_path / "project")
    digest = lambda path: hashlib.sha256(path.read_bytes()).hexdigest()  # noqa: E731
    assert digest(again) == digest(bundle)


def test_offline_pages_name_their_online_address_and_the_bundle_has_no_sitemap(unzipped):
    site_url = LOCAL_SITE_URL
    page = (unzipped / "questions" / "17.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{site_url}questions/17/">' in page
    assert f'<meta property="og:url" content="{site_url}questions/17/">' in page
    assert ".html" not in re.search(r'rel="canonical" href="([^"]+)"', page).group(1)
    assert not (unzipped / "sitemap.xml").exists() and not (unzipped / "sitemap.xml.gz").exists()
    assert "script-src 'self' 'sha256-" in page


def test_the_short_links_the_readme_names_open_from_file_urls(offline_page, unzipped):
    readme = (unzipped / "README.txt").read_text(encoding="utf-8")
    assert "q/17.html" in readme and "questions/17.html" in readme and "challenges/2.2.html" in readme
    page = offline_page
    visit(page, (unzipped / "q" / "17.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Question 17")
    assert page.url.endswith("/questions/17.html")
    visit(page, (unzipped / "challenges" / "2.2.html").as_uri())
    expect(page.locator("h1")).to_contain_text("2.2 Capabilities Are Difficult")
    assert page.outside_requests == [] and page.console_errors == []


def test_the_bundle_has_no_404_page(unzipped):
    # From file:// nothing serves a 404 page, and its links are written from the web root.
    assert not (unzipped / "404.html").exists()
