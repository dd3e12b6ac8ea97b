"""Citations: the `cites` lists in the challenge records hold what the paper's text cites.

The spot checks below were read off the paper (PDF text, arXiv 2404.09932v2) by hand.
"""

from __future__ import annotations

import re
import sys

import pytest

from agenda_site.load import load_agenda
from conftest import CONTENT, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import find_citations  # noqa: E402

REF_ID = re.compile(r"^[a-z]+[0-9]{4}[a-z]?(-[a-z0-9]+)?$")


@pytest.fixture(scope="module")
def agenda():
    return load_agenda(CONTENT)


@pytest.fixture(scope="module")
def by_location(agenda):
    found = {}
    for challenge in agenda.challenges:
        found[challenge.section] = challenge.cites
        for sub in challenge.subsections:
            found[sub.section] = sub.cites
        for question in challenge.questions:
            found[f"Q{question.number}"] = question.cites
    return found


@pytest.mark.parametrize("location, cited", [
    # "(e.g. Akyürek et al., 2022a) ... more recent work (Fu et al., 2023a)", p. 16.
    ("Q3", ["akyurek2022a", "fu2023a"]),
    # "existing environments, such as those of Park et al. (2023a); Yocum et al. (2023); Mukobi et al. (2023)".
    ("Q55", ["park2023a", "yocum2023", "mukobi2023"]),
    ("Q97", ["wu2021", "zhong2023b"]),
    ("Q209", ["chan2022"]),
    # 2.1's introduction, p. 12, in order of first citation.
    ("2.1", ["brown2020", "kaplan2020", "lin2023a", "wei2023a", "xhonneux2024", "wang2023a", "wolf2023",
             "milliere2023", "anil2024"]),
    ("2.1.5", ["raventos2023", "kirsch2022", "chan2022", "hahn2023", "gao2020", "togethercomputer2023"]),
])
def test_locations_cite_what_the_paper_prints(by_location, location, cited):
    assert by_location[location] == cited


def test_sub_section_2_1_2_cites_the_mesa_optimization_works(by_location):
    # "(Hub-/inger et al., 2019; von Oswald et al., 2023)", hyphenated across a line; "Bai et al. (2023a)".
    for work in ("hubinger2019", "vonoswald2023", "vonoswald2022", "kirsch2022", "akyurek2022a",
                 "garg2022", "bai2023a", "panigrahi2023", "fu2023a", "zhong2023a"):
        assert work in by_location["2.1.2"]
    assert len(by_location["2.1.2"]) >= 10


def test_two_author_and_organisation_citations(by_location):
    assert "wang2023" in by_location["2.1.3"]  # "(... Wang and Xue, 2023; ...)"
    assert "oheigeartaigh2023" in by_location["4.5.9"]  # "Ó hÉigeartaigh et al., 2023"
    assert "geminiteam2024" in by_location["2.2.1"]  # "(Gemini Team, 2024)"
    assert "schroederdewitt2023" in by_location["2.5.4"]


def test_figure_captions_are_not_sub_section_text(by_location):
    # Figure 1's caption (p. 13) cites Agarwal et al. (2024); the text of 2.1.1 around it does not.
    assert "agarwal2024" not in by_location["2.1.1"]
    assert "swaminathan2023" in by_location["2.1.1"]


def test_questions_without_citations_cite_nothing(by_location):
    assert by_location["Q1"] == [] and by_location["Q215"] == []


def test_every_list_is_unique_and_every_id_well_formed(by_location):
    for location, cited in by_location.items():
        assert len(cited) == len(set(cited)), location
        for work in cited:
            assert REF_ID.match(work), (location, work)


@pytest.mark.parametrize("text, ids", [
    ("(Wei et al., 2022a;b)", ["wei2022a", "wei2022b"]),
    ("Wei et al. (2022a,b) show", ["wei2022a", "wei2022b"]),
    ("(e.g. Akyürek et al., 2022a; see Hendrycks, 2023, Chapter 5)", ["akyurek2022a", "hendrycks2023"]),
    ("(Dziugaite and Roy, 2017; Kaplan et al., 2020)", ["dziugaite2017", "kaplan2020"]),
    ("(Hendrycksetal.,2021a;CritchandKrueger,2020)", ["hendrycks2021a", "critch2020"]),
    ("as shown by OpenAI (2023a) and Gemini Team (2023)", ["openai2023a", "geminiteam2023"]),
    ("(van der Goot et al., 2021; Dębowski, 2020)", ["vandergoot2021", "debowski2020"]),
    ("(e.g. generativeagent (Park et al., 2023a), Voyager (Wang et al., 2023a))", ["park2023a", "wang2023a"]),
    ("(Onoe et al., 2022; 2023)", ["onoe2022", "onoe2023"]),
    ("steganography(deWittetal.,2022)", ["dewitt2022"]),
    ("Center for AI Safety et al. (2024)", ["centerforaisafety2024"]),
])
def test_extract(text, ids):
    assert [cite.id for cite in find_citations.extract(text)[0]] == ids


def test_found_data_matches_the_records(by_location):
    import yaml
    data = yaml.safe_load((ROOT / "tools" / "citations_found.yml").read_text(encoding="utf-8"))
    for location in data["locations"]:
        if location["kind"] != "elsewhere":
            assert by_location[location["location"]] == location["cites"], location["location"]
