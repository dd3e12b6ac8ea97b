"""The theme adapter's contract (src/agenda_site/theme.py): everything the site relies on in the
theme's internals is still there in the installed theme, and a theme that changes fails here,
naming what changed, instead of quietly breaking the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agenda_site.theme import COPIED_PARTIALS, MATERIAL, THEMES, ZENSICAL, contract_problems, fix_markup
from conftest import ROOT

OVERRIDES = ROOT / "theme" / "overrides"
# The site's own partials: written here, copied from no theme.
OWN_PARTIALS = {"partials/before-first-paint.html", "partials/breadcrumb.html", "partials/filter.html",
                "partials/site-search.html"}


@pytest.mark.parametrize("theme", THEMES.values(), ids=THEMES)
def test_the_installed_theme_holds_everything_the_site_relies_on(theme):
    if theme is ZENSICAL:
        pytest.importorskip("zensical")
    assert contract_problems(theme) == []


def test_every_partial_copied_from_the_theme_is_listed_with_its_original():
    partials = {path.relative_to(OVERRIDES).as_posix() for path in (OVERRIDES / "partials").glob("*.html")}
    assert partials - OWN_PARTIALS == set(COPIED_PARTIALS)


@pytest.fixture
def changed_theme(tmp_path) -> Path:
    """A copy of the installed theme's templates, for changing as a new release might."""
    return Path(shutil.copytree(MATERIAL.templates, tmp_path / "templates"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_theme_that_changes_fails_the_contract_naming_each_change(changed_theme):
    edit(changed_theme / "partials" / "palette.html", 'name="__palette"', 'name="__scheme"')
    palette_script = changed_theme / "partials" / "javascripts" / "palette.html"
    edit(palette_script, '__md_get("__palette")', '__md_get("__scheme")')
    edit(palette_script, "for(var[key,value]", "for(const[key,value]")
    edit(changed_theme / "base.html", 'id="__drawer" autocomplete="off"', 'id="__drawer"')
    bundle = next((changed_theme / "assets" / "javascripts").glob("bundle.*.min.js"))
    edit(bundle, "DOMContentLoaded", "readystatechange")
    main = next((changed_theme / "assets" / "stylesheets").glob("main.*.min.css"))
    main.rename(main.with_name("main.min.css"))
    problems = "\n".join(contract_problems(MATERIAL, changed_theme))
    assert "partials/palette.html changed since theme/overrides/partials/palette.html was copied" in problems
    assert "the inline script 'restore the reader's colour palette'" in problems
    assert "__md_get(\"__palette\")" in problems and "DOMContentLoaded" in problems
    assert "drops autocomplete from the drawer toggle" in problems
    assert "assets/stylesheets/main.*.min.css matches 0 files" in problems
    assert len(contract_problems(MATERIAL, changed_theme)) == 7


def test_the_markup_fix_removes_what_the_validator_reports_and_nothing_else():
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<input class="md-search__input" autocomplete="off">')
    assert fix_markup(page) == ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
                                '<input class="md-search__input" autocomplete="off">')
