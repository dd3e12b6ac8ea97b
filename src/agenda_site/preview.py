"""The developer's loop (`make serve`): the site at http://127.0.0.1:PORT/foundational-challenges/,
rebuilt and reloaded in the open browser tab whenever a record, a template or a theme file changes.

The preview is a project like any other build's (generate.py), in build/preview/, served by
MkDocs' own `serve`, which rebuilds when the project's files change and reloads the page. This
loop regenerates the project when the sources change, and writes only the files that differ, so
the engine never sees a half-written folder. The preview carries no Content-Security-Policy (the
engine's reload script is inline) and is not finished: finish.py's checks run in `make site`.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .engines import engine_environment, generate_project
from .generate import PREVIEW, Sources, base_config
from .settings import GenerateError, Settings, settings_from_environment


def preview_settings(port: int, sources: Sources) -> Settings:
    return settings_from_environment(base_config(sources).get("site_name", Settings.site_name),
                                     local_site_url=f"http://127.0.0.1:{port}/foundational-challenges/")


def sources_state(folders: list[Path]) -> dict[str, float]:
    """Every source file by path, with its modification time: what the loop watches."""
    return {str(path): path.stat().st_mtime for folder in folders for path in folder.rglob("*") if path.is_file()}


def sync(new: Path, current: Path) -> int:
    """Make current hold what new holds, writing only the files that differ; returns how many changed."""
    changed = 0
    for path in new.rglob("*"):
        target = current / path.relative_to(new)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.is_file() or not filecmp.cmp(path, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            changed += 1
    for path in sorted(current.rglob("*"), reverse=True):
        if not (new / path.relative_to(current)).exists():
            path.unlink() if path.is_file() else path.rmdir()
            changed += 1
    return changed


def regenerate(port: int, sources: Sources, preview_dir: Path) -> bool:
    """Generate the preview's project afresh beside it, then bring the served one up to date.
    On bad input the problems are printed and the last good preview stays."""
    staging = preview_dir.with_name("preview-next")
    try:
        generate_project(staging, PREVIEW, preview_settings(port, sources), sources)
    except GenerateError as error:
        print(f"\n{error}\nThe preview keeps the last good pages.", file=sys.stderr, flush=True)
        return False
    preview_dir.mkdir(parents=True, exist_ok=True)
    changed = sync(staging / "docs", preview_dir / "docs") + sync(staging / "overrides", preview_dir / "overrides")
    config = staging / "mkdocs.yml"
    if not (preview_dir / "mkdocs.yml").is_file() or not filecmp.cmp(config, preview_dir / "mkdocs.yml", shallow=False):
        shutil.copyfile(config, preview_dir / "mkdocs.yml")
        changed += 1
    shutil.rmtree(staging)
    print(f"preview: {changed} file(s) changed", flush=True)
    return True


def serve(port: int = 8000, sources: Sources = Sources(), poll: float = 1.0) -> int:
    """Serve the preview until interrupted; returns the exit status."""
    preview_dir = sources.root / "build" / "preview"
    if not regenerate(port, sources, preview_dir):
        return 1
    # The engine watches the project (docs/, mkdocs.yml, the theme's overrides) and reloads the page.
    engine = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", "mkdocs.yml",
                               "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                              cwd=preview_dir, env=engine_environment(sources))
    state = sources_state(sources.watched)
    try:
        while engine.poll() is None:
            time.sleep(poll)  # the loop's pace: how often it looks at the sources
            now = sources_state(sources.watched)
            if now != state:
                state = now
                regenerate(port, sources, preview_dir)
    except KeyboardInterrupt:
        # The reader stopped the preview (Ctrl-C): a normal end.
        engine.terminate()
        engine.wait()
        return 0
    # The engine stopped on its own (a port in use, a broken config): its status is the preview's.
    return engine.returncode
