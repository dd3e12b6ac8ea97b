"""The engines that turn the generated project into HTML, and one build from records to a
finished site: generate (generate.py), the engine, finish (finish.py).

MkDocs 1.6 builds the published site today; ProperDocs 1.6.7, which continues it, builds the same
pages (site_tests/build/test_engines.py compares them); Zensical, the theme's successor, builds the site
from the same project (it runs no MkDocs plugin or hook, and needs none: the project is complete).
Each is run as its own command, strict, so that any warning (a broken link, a missing page)
fails the build. Never --quiet, which hides warnings from --strict as well as from the reader.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, replace
from importlib.util import find_spec
from pathlib import Path

from .finish import FinishError, finish
from .generate import Generated, Sources, Variant, base_config, engine_config, generate, write_project
from .provenance import build_timestamp
from .settings import GenerateError, Settings, settings_from_environment
from .theme import MATERIAL, ZENSICAL, Theme


@dataclass(frozen=True)
class Engine:
    name: str
    command: tuple[str, ...]  # run in the project folder, which holds mkdocs.yml
    theme: Theme

    def available(self) -> bool:
        """Whether the engine is installed (each is run as `python -m <module>`)."""
        return find_spec(self.command[2]) is not None


ENGINES = {engine.name: engine for engine in (
    Engine("mkdocs", (sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "mkdocs.yml"), MATERIAL),
    Engine("properdocs", (sys.executable, "-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"),
           MATERIAL),
    Engine("zensical", (sys.executable, "-m", "zensical", "build", "--clean", "--strict"), ZENSICAL),
)}


class BuildError(Exception):
    """A build failed; the message says where (the engine's own output has been printed)."""


def engine_environment(sources: Sources = Sources()) -> dict[str, str]:
    # Dates in the build (the sitemap's) come from the commit, not the clock, so that two builds
    # of one commit are identical; the engines read this variable when they need a date. The
    # theme's end-of-life banner is silenced through the variable it documents for that.
    return dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", str(build_timestamp(sources.root))),
                NO_MKDOCS_2_WARNING="1")


def variant_settings(variant: Variant, sources: Sources = Sources(), offline_bundle: Path | None = None) -> Settings:
    """The settings of one build of a variant, from the environment (raises SettingsError)."""
    return settings_from_environment(base_config(sources).get("site_name", Settings.site_name),
                                     use_directory_urls=variant.use_directory_urls,
                                     offline_bundle_size=offline_bundle.stat().st_size if offline_bundle else None,
                                     carries_editions=not variant.offline)


def for_theme(variant: Variant, theme: Theme) -> Variant:
    """The variant as a theme builds it. Pagefind's search is for Material's builds alone:
    Zensical keeps its own search, whose header button is its own (the site's header with the
    button that opens Pagefind's search is a copy of Material's: theme.COPIED_PARTIALS)."""
    return variant if theme is MATERIAL else replace(variant, pagefind=False)


def generate_project(project_dir: Path, variant: Variant, settings: Settings, sources: Sources = Sources(),
                     offline_bundle: Path | None = None, theme: Theme = MATERIAL) -> Generated:
    """Generate the engine's project for one build, for theme."""
    variant = for_theme(variant, theme)
    generated = generate(settings, sources)
    project_dir.mkdir(parents=True, exist_ok=True)
    config = engine_config(base_config(sources), generated, settings, variant)
    write_project(generated, project_dir, config, variant, sources, offline_bundle, theme)
    return generated


@dataclass(frozen=True)
class Built:
    site_dir: Path
    generated: Generated
    settings: Settings


def build(project_dir: Path | str, variant: Variant, engine: Engine = ENGINES["mkdocs"],
          sources: Sources = Sources(), offline_bundle: Path | None = None) -> Built:
    """Records to a finished site: generate the project in project_dir, build it with engine
    (into project_dir/site), finish it. Raises BuildError."""
    project_dir = Path(project_dir).resolve()
    variant = for_theme(variant, engine.theme)
    try:
        settings = variant_settings(variant, sources, offline_bundle)
        generated = generate_project(project_dir, variant, settings, sources, offline_bundle, engine.theme)
    except GenerateError as error:
        raise BuildError(str(error)) from None
    if not engine.available():
        raise BuildError(f"{engine.name} is not installed here (pip install -e '.[test]' installs every engine)")
    if subprocess.run(engine.command, cwd=project_dir, env=engine_environment(sources)).returncode != 0:
        raise BuildError(f"{engine.name} could not build {project_dir} (see above)")
    site_dir = project_dir / "site"
    try:
        finish(site_dir, settings, engine.theme, policy=variant.policy,
               search_records=generated.search_records if variant.pagefind else None, unindexed=generated.unindexed)
    except FinishError as error:
        raise BuildError(str(error)) from None
    return Built(site_dir, generated, settings)
