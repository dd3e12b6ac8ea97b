"""The built site: every page and link is there, the data exports are whole, and bad
records never replace a good site."""

from __future__ import annotations

import csv
import html
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agenda_site.load import load_agenda
from agenda_site.schema import json_schemas
from agenda_site.settings import LOCAL_SITE_URL
from conftest import CONTENT, THEME_STYLESHEETS, build_project, copy_project
from helpers import broken_links, html_pages, parse

AGENDA = load_agenda(CONTENT)


def test_every_question_has_a_page_that_links_back(built_site):
    for question in AGENDA.questions:
        page = built_site / "questions" / str(question.number) / "index.html"
        assert page.exists(), question.number
        challenge = AGENDA.challenge_of[question.number]
        links = parse(page).links
        assert any(link.endswith(f"/{challenge.slug}/#q{question.number}") for link in links), question.number


def test_every_challenge_page_anchors_its_questions_and_sub_sections(built_site):
    for challenge in AGENDA.challenges:
        path = built_site / AGENDA.category_of(challenge).slug / challenge.slug / "index.html"
        page = parse(path)
        for question in challenge.questions:
            assert f"q{question.number}" in page.ids
            assert f"#q{question.number}" in page.links, "the visible permalink"
            assert f"../../questions/{question.number}/" in page.links
        for sub in challenge.subsections:
            assert "s" + sub.section.replace(".", "-") in page.ids


@pytest.mark.parametrize("build", ["built_site", "offline_site"])
def test_every_internal_link_and_anchor_resolves(request, build):
    assert broken_links(request.getfixturevalue(build)) == []


def test_the_link_checker_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here"><a href="../b/">b</a> <a href="#here">here</a>'
                                              ' <a href="#gone">gone</a> <a href="../c/">c</a>', encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/#here">a</a> <a href="../a/#nowhere">a</a>',
                                              encoding="utf-8")
    assert broken_links(tmp_path) == ["a/index.html: #gone (no such anchor)", "a/index.html: ../c/ (no such file)",
                                      "b/index.html: ../a/#nowhere (no such anchor)"]


def test_every_page_attributes_the_paper(built_site):
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a short link, not a page
        assert "https://arxiv.org/abs/2404.09932v2" in text, page
        assert "Anwar" in text and "Transactions on Machine Learning Research" in text, page


def test_short_links_lead_to_their_pages(built_site):
    for question in AGENDA.questions[:3] + AGENDA.questions[-3:]:
        text = (built_site / "q" / str(question.number) / "index.html").read_text(encoding="utf-8")
        assert f'url=../../questions/{question.number}/"' in text
    for challenge in AGENDA.challenges:
        text = (built_site / "challenges" / challenge.section / "index.html").read_text(encoding="utf-8")
        assert f'url=../../{AGENDA.category_of(challenge).slug}/{challenge.slug}/"' in text


def test_agenda_json_holds_the_whole_agenda(built_site):
    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    assert [c["number"] for c in data["categories"]] == [2, 3, 4]
    assert len(data["challenges"]) == 18 and len(data["questions"]) == 215
    challenge = next(c for c in data["challenges"] if c["section"] == "2.2")
    assert challenge["url"] == "scientific-understanding/capabilities/"
    assert challenge["questions"] == list(range(9, 23))
    assert {"section", "title", "page", "cites"} == set(challenge["subsections"][0])
    assert challenge["summary"]
    question = data["questions"][16]
    assert question["number"] == 17 and question["challenge"] == "2.2" and question["url"] == "questions/17/"
    assert question["subsections"] and question["tags"] and question["text"]
    for item in data["challenges"] + data["questions"]:
        assert (built_site / item["url"] / "index.html").exists()


def test_questions_csv_has_one_row_per_question(built_site):
    rows = list(csv.DictReader(io.StringIO((built_site / "questions.csv").read_text(encoding="utf-8"))))
    assert [int(r["number"]) for r in rows] == list(range(1, 216))
    assert rows[16]["challenge"] == "2.2" and rows[16]["url"].endswith("/foundational-challenges/questions/17/")
    for row in rows:   # status, works and review follow the records
        number = int(row["number"])
        standing = AGENDA.standing(number)
        assert (row["status"], row["status_since"]) == (standing.status, standing.since)
        assert int(row["works"]) == len(AGENDA.progress_on(number))
        assert row["last_reviewed"] == AGENDA.reviews[number].reviewed.isoformat()


def test_the_json_schema_is_published_and_committed(built_site):
    for name, text in json_schemas().items():
        assert (built_site / "schema" / name).read_text(encoding="utf-8") == text
        assert (CONTENT / "schema" / name).read_text(encoding="utf-8") == text, \
            f"content/schema/{name} is stale: run `python -m agenda_site schema`"


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("breakage, message", [
    (lambda c: (c / "challenges/2.2.yml").write_text(
        (c / "challenges/2.2.yml").read_text(encoding="utf-8").replace("tags: [", "tags: [astrology, ", 1),
        encoding="utf-8"),
     "content/challenges/2.2.yml: challenge 2.2, question 9: field 'tags': unknown theme 'astrology'"),
    (lambda c: (c / "categories/3.yml").write_text("number: 3\ntitle: [broken\n", encoding="utf-8"),
     "content/categories/3.yml: category 3: field '-': malformed YAML: line 3"),
], ids=["dangling theme", "malformed YAML"])
def test_bad_records_leave_the_last_good_site_untouched(tmp_path, breakage, message):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    # What an earlier build left: the folder the engine would write into, and its project.
    site = out / "site"
    (site / "questions" / "17").mkdir(parents=True)
    (site / "questions" / "17" / "index.html").write_text("the last good build", encoding="utf-8")
    (out / "docs").mkdir()
    (out / "docs" / "index.md").write_text("the last good page", encoding="utf-8")
    before = _tree_digest(out)
    breakage(project / "content")
    result = build_project(project, out)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert _tree_digest(out) == before


def test_a_template_error_names_the_template(tmp_path):
    project = copy_project(tmp_path / "project")
    template = project / "templates" / "challenge.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{% for %}\n", encoding="utf-8")
    result = build_project(project, tmp_path / "out")
    assert result.returncode != 0
    assert "template error" in result.stderr and "challenge.md.j2" in result.stderr


def test_further_reading_describes_both_surveys(built_site):
    page = (built_site / "further-reading" / "index.html").read_text(encoding="utf-8")
    for work in AGENDA.reading.works:
        assert work.title in page
        assert f'href="https://arxiv.org/abs/{work.arxiv_id}"' in page
        assert f'href="https://arxiv.org/pdf/{work.arxiv_id}"' in page
        assert f'id="{work.id}"' in page


def test_related_reading_shows_on_exactly_the_mapped_challenges(built_site):
    mapped = {link.challenge for link in AGENDA.reading.links}
    assert {"3.2", "3.3", "3.4", "3.5", "3.6", "4.1"} <= mapped
    for challenge in AGENDA.challenges:
        path = built_site / AGENDA.category_of(challenge).slug / challenge.slug / "index.html"
        parsed = parse(path)
        if challenge.section in mapped:
            assert "related-reading" in parsed.ids, challenge.section
            assert any(link.startswith("../../further-reading/#") for link in parsed.links)
            for link in AGENDA.reading.links:
                if link.challenge == challenge.section:
                    assert f"https://arxiv.org/abs/{link_work_id(link)}" in parsed.links
        else:
            assert "related-reading" not in parsed.ids, challenge.section


def link_work_id(link) -> str:
    return next(w.arxiv_id for w in AGENDA.reading.works if w.id == link.work)


def test_agenda_json_carries_the_related_reading(built_site):
    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    assert [w["id"] for w in data["related_works"]] == [w.id for w in AGENDA.reading.works]
    oversight = next(c for c in data["challenges"] if c["section"] == "3.3")["related_reading"]
    assert {"work": "shen-2023-alignment-survey", "topic": "scalable-oversight", "subsections": ["3.3.7"],
            "url": "further-reading/#shen-2023-alignment-survey"} in oversight


def test_the_build_dates_come_from_the_commit_not_the_clock(built_site):
    """Two builds of one commit are identical: the sitemap's dates are the commit's."""
    from conftest import ROOT

    commit_date = subprocess.run(["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d"],
                                 cwd=ROOT, capture_output=True, text=True, env={"TZ": "UTC"}).stdout.strip()
    if not commit_date:
        pytest.skip("not a git checkout: the build falls back to a fixed date")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {commit_date}


def test_question_3_links_the_works_it_cites(built_site):
    page = (built_site / "questions" / "3" / "index.html").read_text(encoding="utf-8")
    links = parse(built_site / "questions" / "3" / "index.html").links
    assert "Ekin Akyürek et al. (2022a)" in page and "Deqing Fu et al. (2023a)" in page
    assert "https://arxiv.org/abs/2211.15661" in links  # Akyürek et al. 2022a, "What learning algorithm..."
    assert "https://arxiv.org/abs/2310.17086" in links  # Fu et al. 2023a
    assert "../../bibliography/#ref-akyurek2022a" in links and "../../bibliography/#ref-fu2023a" in links


def test_a_sub_section_has_its_folded_works_cited(built_site):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "scientific-understanding" / "in-context-learning" / "index.html"))
    summaries = [d for d in page.iter("details") if "Works cited in 2.1.2" in d.findtext("summary")]
    assert len(summaries) == 1
    block = summaries[0]
    assert block.get("open") is None, "folded by default"
    assert block.get("data-search-exclude") is not None
    challenge = next(c for c in AGENDA.challenges if c.section == "2.1")
    cites = next(s.cites for s in challenge.subsections if s.section == "2.1.2")
    assert len(block.findall(".//li")) == len(cites)
    assert any(a.get("href") == "../../bib/2.1.bib" for a in page.iter("a"))


def test_the_bibliography_lists_every_entry_once_with_its_anchor(built_site):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "bibliography" / "index.html"))
    anchors = [li.get("id") for li in page.iter("li") if (li.get("id") or "").startswith("ref-")]
    assert len(anchors) == len(AGENDA.references) == 1091
    assert anchors == [f"ref-{r.id}" for r in AGENDA.references], "the paper's order"
    assert len(set(anchors)) == len(anchors)


def test_the_bibtex_downloads_parse_back(built_site):
    import bibtexparser

    whole = bibtexparser.loads((built_site / "references.bib").read_text(encoding="utf-8"))
    assert [entry["ID"] for entry in whole.entries] == [r.id for r in AGENDA.references]
    from agenda_site.bibtex import challenge_reading_list

    for challenge in AGENDA.challenges:
        listed = bibtexparser.loads((built_site / "bib" / f"{challenge.section}.bib").read_text(encoding="utf-8"))
        assert [e["ID"] for e in listed.entries] == [r.id for r in challenge_reading_list(AGENDA, challenge)]
    reading_list = bibtexparser.loads((built_site / "bib" / "2.1.bib").read_text(encoding="utf-8"))
    assert {"akyurek2022a", "fu2023a", "brown2020"} <= {e["ID"] for e in reading_list.entries}
    akyurek = next(e for e in whole.entries if e["ID"] == "akyurek2022a")
    assert akyurek["eprint"] == "2211.15661" and akyurek["year"] == "2022"


def test_agenda_json_has_the_references_and_what_cites_them(built_site):
    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    assert len(data["references"]) == 1091
    entry = next(r for r in data["references"] if r["id"] == "akyurek2022a")
    assert {"authors", "et_al", "title", "venue", "year", "suffix", "arxiv", "doi", "url", "page"} <= set(entry)
    assert entry["suffix"] == "a" and entry["arxiv"] == "2211.15661"
    question_3 = next(q for q in data["questions"] if q["number"] == 3)
    assert question_3["cites"] == ["akyurek2022a", "fu2023a"]
    icl = next(c for c in data["challenges"] if c["section"] == "2.1")
    assert icl["cites"][0] == "brown2020" and "akyurek2022a" in icl["subsections"][1]["cites"]


def _href(address: str) -> str:
    """An address as the built page writes it in href= (percent-encoded parentheses, HTML-escaped)."""
    from agenda_site.pages import markdown_value
    from agenda_site.schema import Address

    return markdown_value(Address(address)).replace("&", "&amp;")


def theme_stylesheet(name: str) -> Path:
    """The theme's own stylesheet, as the installed theme ships it."""
    return next(THEME_STYLESHEETS.glob(f"{name}.*.min.css"))


def test_the_theme_stylesheets_are_trimmed_to_what_the_site_uses(built_site):
    stylesheets = built_site / "assets" / "stylesheets"
    main, palette = next(stylesheets.glob("main.*.min.css")), next(stylesheets.glob("palette.*.min.css"))
    assert main.name == theme_stylesheet("main").name, "the theme's links keep working"
    assert main.stat().st_size < 0.65 * theme_stylesheet("main").stat().st_size
    assert palette.stat().st_size < 0.3 * theme_stylesheet("palette").stat().st_size
    css = main.read_text(encoding="utf-8")
    # What the theme's script adds as the reader acts stays: the table of contents following the
    # reading, the header's page title, the copy button. (The online site's search is the site's
    # own: site_tests/build/test_search.py; the offline edition's, the theme's: test_offline.py.)
    for selector in (".md-nav__link--active", ".md-header__title--active", ".md-code__button"):
        assert selector in css, selector
    # The dark scheme the reader can switch to stays; colours no page uses go.
    palette_css = palette.read_text(encoding="utf-8")
    assert "[data-md-color-scheme=slate]" in css + palette_css
    assert "data-md-color-primary=indigo" in palette_css and "data-md-color-primary=red" not in palette_css
    assert not list(stylesheets.glob("*.map")), "a source map would describe the untrimmed file"


def test_without_purgecss_the_finish_step_says_what_to_install(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    for name in ("main", "palette"):
        shutil.copy2(theme_stylesheet(name), site / "assets" / "stylesheets" / theme_stylesheet(name).name)
    (site / "index.html").write_text("<!doctype html><title>t</title><p class=md-typeset>t", encoding="utf-8")
    # No Node.js on the PATH: a clear problem and a failed step, never a traceback.
    result = subprocess.run([sys.executable, "-m", "agenda_site", "finish", str(site)], cwd=CONTENT.parent,
                            capture_output=True, text=True, env={"PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "needs Node.js and node_modules/purgecss: run `npm ci`" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_entry_shows_on_its_question_pages_with_the_status_it_gives(built_site):
    from agenda_site.schema import STATUSES

    for id_, entry in AGENDA.progress.items():
        for q in entry.questions:
            text = (built_site / "questions" / str(q.number) / "index.html").read_text(encoding="utf-8")
            assert f'href="{_href(entry.work.link)}"' in text, (id_, q.number)
    for question in AGENDA.questions:
        standing = AGENDA.standing(question.number)
        text = (built_site / "questions" / str(question.number) / "index.html").read_text(encoding="utf-8")
        section = html.unescape(text[text.index('id="since-the-paper"'):text.index('id="works-cited"')])
        assert f">{STATUSES[standing.status]}</a>" in section and standing.since in section, question.number
        for id_ in standing.entries:   # the works behind the status are named
            assert AGENDA.progress[id_].work.title[:30] in section, (question.number, id_)


def test_every_question_page_shows_its_last_review(built_site):
    for question in AGENDA.questions:
        review = AGENDA.reviews[question.number]
        text = (built_site / "questions" / str(question.number) / "index.html").read_text(encoding="utf-8")
        assert f"Last reviewed {review.reviewed.isoformat()}." in text, question.number
        if not AGENDA.progress_on(question.number):
            assert "Nothing was found to record" in text and "Open as posed" in text, question.number


def test_a_challenge_page_shows_each_question_status(built_site):
    from agenda_site.schema import STATUSES

    page = (built_site / "development-and-deployment" / "jailbreaks-and-prompt-injections" / "index.html")
    text = page.read_text(encoding="utf-8")
    challenge = next(c for c in AGENDA.challenges if c.section == "3.5")
    assert text.count('href="../../progress/#statuses"') == len(challenge.questions)
    for question in challenge.questions:
        assert STATUSES[AGENDA.standing(question.number).status] in text


def test_the_progress_page_lists_entries_rules_counts_and_where_help_is_wanted(built_site):
    from agenda_site.schema import STATUS_MEANINGS

    text = (built_site / "progress" / "index.html").read_text(encoding="utf-8")
    for entry in AGENDA.progress.values():
        assert f'href="{_href(entry.work.link)}"' in text
    for challenge in AGENDA.challenges:
        assert f'href="../feeds/{challenge.section}.xml"' in text
        with_work = sum(1 for q in challenge.questions if AGENDA.progress_on(q.number))
        row = re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(challenge.section)} .*?</tr>", text, re.S).group(0)
        assert f">{with_work} of {len(challenge.questions)}</td>" in row, challenge.section
    for rule in STATUS_MEANINGS.values():
        assert rule.replace("'", "&#x27;")[:40] in text
    help_wanted = text[text.index('id="help-wanted"'):text.index('id="add-or-correct-an-entry"')]
    empty = [q.number for q in AGENDA.questions if not AGENDA.progress_on(q.number)]
    assert re.findall(r">Q(\d+)</a>", help_wanted) == [str(n) for n in empty]
    maintainers = text[text.index('id="maintainers"'):text.index('id="help-wanted"')]
    oldest = sorted((r.reviewed, n) for n, r in AGENDA.reviews.items())[:3]
    assert [int(n) for n in re.findall(r">Q(\d+)</a>", maintainers)[:3]] == [n for _, n in oldest]


def test_the_feeds_parse_and_carry_every_entry_once_with_absolute_links(built_site):
    feedparser = pytest.importorskip("feedparser")
    from urllib.parse import urlsplit

    site_url = LOCAL_SITE_URL
    feeds = {built_site / "feed.xml": set(AGENDA.progress)}
    for challenge in AGENDA.challenges:
        numbers = {q.number for q in challenge.questions}
        feeds[built_site / "feeds" / f"{challenge.section}.xml"] = {
            id_ for id_, e in AGENDA.progress.items() if numbers & {q.number for q in e.questions}}
    for question in AGENDA.questions:
        feeds[built_site / "feeds" / "questions" / f"{question.number}.xml"] = {
            id_ for id_, _ in AGENDA.progress_on(question.number)}
    ids: dict[str, str] = {}
    for path, expected in feeds.items():
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10"
        # A question's feed also announces the editions that changed it (test_editions.py).
        progress = [e for e in feed.entries if ":editions/" not in e.id]
        assert {e.id.rsplit("/", 1)[1] for e in progress} == expected, path
        assert all(e.link.startswith(site_url + "editions/v") for e in feed.entries if e not in progress), path
        for item in feed.entries:
            assert item.link.startswith(site_url) and item.id.startswith(f"tag:{urlsplit(site_url).hostname},")
            assert ids.setdefault(item.id, item.title) == item.title  # one entry, one id, in every feed
    page = (built_site / "questions" / "121" / "index.html").read_text(encoding="utf-8")
    # Feed autodiscovery: rel holds the token "alternate" (see theme/overrides/main.html for the space).
    feeds_linked = re.findall(r'<link rel="([^"]*)" type="application/atom\+xml" href="([^"]*)"', page)
    assert [(rel.split(), href) for rel, href in feeds_linked] == [(["alternate"], "../../feed.xml"),
                                                                   (["alternate"], "../../feeds/questions/121.xml")]


def test_every_question_json_follows_the_published_schema_and_the_records(built_site):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((built_site / "schema" / "question.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for question in AGENDA.questions:
        data = json.loads((built_site / "api" / "questions" / f"{question.number}.json").read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (question.number, errors)
        standing = AGENDA.standing(question.number)
        assert data["number"] == question.number
        assert (data["status"]["status"], data["status"]["since"], data["status"]["entries"]) == (
            standing.status, standing.since, list(standing.entries))
        assert [p["id"] for p in data["progress"]] == [id_ for id_, _ in AGENDA.progress_on(question.number)]
        assert data["review"]["reviewed"] == AGENDA.reviews[question.number].reviewed.isoformat()
        assert data["feed"] == f"feeds/questions/{question.number}.xml"


def test_agenda_json_carries_statuses_and_progress(built_site):
    from agenda_site.schema import STATUSES

    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["statuses"]] == list(STATUSES)
    assert {e["id"] for e in data["progress"]} == set(AGENDA.progress)
    for item in data["questions"]:
        assert item["status"]["status"] == AGENDA.standing(item["number"]).status
        assert item["review"]["reviewed"] == AGENDA.reviews[item["number"]].reviewed.isoformat()


def test_without_a_repository_no_contributing_links_show(built_site):
    page = (built_site / "questions" / "17" / "index.html").read_text(encoding="utf-8")
    assert "Report progress" not in page and "issues/new" not in page and "/edit/main/" not in page


def test_with_a_repository_each_question_links_its_forms_and_record():
    from agenda_site.generate import render_site
    from agenda_site.settings import Settings

    repo = "https://github.com/example/agenda"
    page = render_site(AGENDA, Settings(LOCAL_SITE_URL, repo_url=repo)).pages["questions/17.md"]
    assert f"({repo}/issues/new?template=progress.yml&title=Progress+on+Q17%3A+&question=17)" in page
    assert f"({repo}/issues/new?template=correction.yml&title=Correction+on+Q17%3A+&question=17)" in page
    assert f"({repo}/edit/main/content/challenges/2.2.yml)" in page
    # A new entry opens in the repository's editor, already naming the question.
    new_entry = re.search(rf"\(({re.escape(repo)}/new/main/content/progress\?filename=[^)]*)\)", page).group(1)
    assert "number%3A+17%0A" in new_entry
    assert "Report progress on Q17" in page and "Add an entry for Q17" in page


def test_every_page_carries_a_policy_that_runs_only_what_it_must(built_site):
    page = (built_site / "questions" / "17" / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self' 'sha256-" in page and "unsafe-inline'; img-src" in page
    assert "script-src 'self' 'unsafe-inline'" not in page
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page


def test_a_question_page_says_where_it_is_and_leads_with_the_question(built_site):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "questions" / "17" / "index.html"))
    crumbs = page.xpath("//nav[@class='agenda-breadcrumb']//li")
    assert [li.text_content().strip() for li in crumbs] == [
        "2. Scientific Understanding of LLMs", "2.2 Capabilities Are Difficult to Estimate and Understand", "Question 17"]
    assert [a.get("href") for a in page.xpath("//nav[@class='agenda-breadcrumb']//a")] == [
        "../../scientific-understanding/", "../../scientific-understanding/capabilities/"]
    assert crumbs[-1].get("aria-current") == "page"
    article = page.xpath("//article")[0]
    question = next(q for q in AGENDA.questions if q.number == 17)
    lead = article.xpath(".//h1/following-sibling::*[1]")[0]
    assert "agenda-lead" in lead.get("class") and lead.text_content().strip() == question.text.strip()
    # The context: the summaries of the sub-sections it draws on, on the page itself.
    challenge = AGENDA.challenge_of[17]
    for sub in challenge.subsections:
        heading = page.xpath(f"//*[@id='context-{sub.section.replace('.', '-')}']")
        assert bool(heading) == (sub.section in question.subsections), sub.section
    assert len(article.xpath(".//p[contains(@class, 'agenda-meta')]")) >= 1
    ids = {e.get("id") for e in article.iter() if e.get("id")}
    assert {"since-the-paper", "works-cited", "where-it-comes-from", "cite-this-question"} <= ids
    # Of the other questions of a long challenge (4.5 has 35), only the nearest are listed,
    # with a link to them all.
    big = lxml_html.parse(str(built_site / "questions" / "190" / "index.html"))
    section = big.xpath("//h2[starts-with(@id, 'other-questions-in')]")[0]
    listed = section.xpath("following-sibling::ul[1]/li/a")
    assert [a.text for a in listed] == ["Q188", "Q189", "Q191", "Q192"]
    assert section.xpath("following-sibling::p[1]/a")[0].get("href").endswith("#research-questions")


def test_the_home_page_leads_with_two_actions_and_three_category_cards(built_site):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "index.html"))
    primary = page.xpath("//a[contains(@class, 'md-button--primary')]")
    assert [(a.text_content(), a.get("href")) for a in primary] == [("Start reading", "readers-guide/")]
    browse = page.xpath("//a[contains(@class, 'md-button') and not(contains(@class, 'md-button--primary'))]")
    assert [(a.text_content(), a.get("href")) for a in browse] == [("Browse all 215 questions", "questions/")]
    cards = page.xpath("//li[contains(@class, 'agenda-card')]")
    counts = [card.findtext("em") for card in cards]
    assert counts == ["7 challenges · 68 questions", "6 challenges · 63 questions", "5 challenges · 84 questions"]
    first_prose = page.xpath("//h2[@id='what-the-agenda-is']")[0]
    assert all(card.getparent().getparent().index(card.getparent()) < first_prose.getparent().index(first_prose)
               for card in cards)


def test_list_pages_that_span_the_paper_carry_no_source_note(built_site):
    for path in ("questions", "themes", "themes/privacy", "bibliography", "progress"):
        text = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert "agenda-source" not in text and "About this page" not in text, path
    text = (built_site / "scientific-understanding" / "capabilities" / "index.html").read_text(encoding="utf-8")
    assert 'class="agenda-source"' in text and "About this page" not in text


def test_challenge_pages_link_their_question_count_and_mute_each_question_row(built_site):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "scientific-understanding" / "capabilities" / "index.html"))
    assert page.xpath("//a[@href='#research-questions' and text()='14 research questions']")
    rows = page.xpath("//h3[@id='q17']/following-sibling::p[2]")
    assert "agenda-meta" in rows[0].get("class") and "Permanent page for Q17" in rows[0].text_content()
