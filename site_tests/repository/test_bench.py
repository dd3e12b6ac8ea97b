"""tools/bench.py's judgement of its own measurements: which Lighthouse runs stalled, how a
median is reported, and the CPU slowdown it calibrates for a slow host."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import bench  # noqa: E402


def report(first_paint: float, load: float) -> dict:
    return {"audits": {"metrics": {"details": {"items": [
        {"observedFirstContentfulPaint": first_paint, "observedLoad": load}]}}}}


@pytest.mark.parametrize("first_paint, load, stalled", [
    (262, 414, False),   # painted while its files still loaded: the usual run
    (1242, 456, True),   # loaded, then a second with nothing on screen (Lighthouse issue 17148)
    (300, 300, False),
    (297, 259, False),   # scripts wait for the first paint, so the load may come just before it
    (1216, 465, True),
])
def test_a_run_stalled_when_the_page_loaded_long_before_its_first_paint(first_paint, load, stalled):
    assert bench.stalled(report(first_paint, load)) is stalled


def scores(stalled: int, runs: int = 3) -> dict:
    return {"performance": 91, "accessibility": 100, "best-practices": 100, "seo": 100,
            "stalled": stalled, "runs": runs}


@pytest.mark.parametrize("stalled, line", [
    (0, "91 / 100 / 100 / 100 (median of 3 runs)"),
    (1, "91 / 100 / 100 / 100 (median of 2 runs; 1 of 3 stalled, left out)"),
    (3, "91 / 100 / 100 / 100 (median of 3 runs; 3 of 3 stalled, all kept)"),
])
def test_the_figures_say_how_many_runs_they_rest_on(stalled, line):
    assert bench.score_line(scores(stalled)) == line


@pytest.mark.parametrize("index, slowdown", [(150, 1.0), (100, 1.0), (800, 2.0), (1300, 3.0), (1533, 4.0)])
def test_the_cpu_slowdown_follows_the_lighthouse_calculator(index, slowdown):
    assert bench.calibrated_cpu_slowdown(index) == pytest.approx(slowdown)
