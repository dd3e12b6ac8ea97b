"""The offline edition: the site built for file://, with a README, the attribution and the
licenses of what it carries, zipped as dist/agenda-offline.zip (build.py calls it first).

The same commit gives a byte-identical archive: pages are built with SOURCE_DATE_EPOCH set to
the commit's time (engines.engine_environment), and the zip has fixed timestamps, permissions
and file order.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

import material as material_package
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .engines import ENGINES, Built, build
from .generate import OFFLINE, Sources
from .provenance import build_timestamp, commit_id
from .theme import WORKER_SHIM

# Source maps serve developers of the theme, not readers: they would double the bundle. A
# sitemap lists web addresses for search engines; offline it would list file names. The 404
# page is what a web server sends for a missing address; from file:// nothing sends it, and
# its links, written from the site's root, would lead nowhere.
LEFT_OUT = (".map", "sitemap.xml", "sitemap.xml.gz", "404.html")


def bundle_version(sources: Sources) -> tuple[str, int]:
    """The bundle's version (project version and commit) and the time its files carry."""
    version = tomllib.loads((sources.root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    commit = commit_id(sources.root)
    return (f"{version}+{commit}" if commit else version), build_timestamp(sources.root)


def add_bundle_files(built: Built, version: str, sources: Sources) -> None:
    """The README, the attribution and the licenses of what the bundle carries."""
    site_dir = built.site_dir
    licenses = site_dir / "licenses"
    licenses.mkdir()
    shim = WORKER_SHIM.parent.parent
    shutil.copyfile(shim / "LICENSE", licenses / "iframe-worker.txt")
    site_packages = Path(material_package.__file__).parent.parent
    material_license = next(site_packages.glob("mkdocs_material-*.dist-info/licenses/LICENSE"))
    shutil.copyfile(material_license, licenses / "mkdocs-material.txt")
    # The site's own: its code (MIT) and its text and data (CC BY 4.0).
    shutil.copyfile(sources.root / "LICENSE", licenses / "agenda-site.txt")
    shutil.copyfile(sources.root / "LICENSES" / "CC-BY-4.0.txt", licenses / "CC-BY-4.0.txt")

    agenda = built.generated.agenda
    components = [
        {"name": "Material for MkDocs", "version": material_package.__version__, "license": "MIT",
         "url": "https://github.com/squidfunk/mkdocs-material"},
        {"name": "lunr.js (built into Material's search worker)", "version": "2.3.9",
         "license": "MIT, copyright Oliver Nightingale", "url": "https://github.com/olivernightingale/lunr.js"},
        {"name": "iframe-worker", "license": "MIT", "url": "https://github.com/squidfunk/iframe-worker",
         "version": json.loads((shim / "package.json").read_text(encoding="utf-8"))["version"]},
    ]
    env = Environment(loader=FileSystemLoader(sources.templates / "bundle"), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    context = dict(paper=agenda.paper, version=version, components=components,
                   # Only a build for a published address (AGENDA_SITE_URL) names one.
                   site_url=built.settings.site_url if os.environ.get("AGENDA_SITE_URL") else None,
                   challenge_count=len(agenda.challenges), question_count=len(agenda.questions))
    for name in ("README.txt", "ATTRIBUTION.txt"):
        (site_dir / name).write_text(env.get_template(f"{name}.j2").render(**context), encoding="utf-8")


def write_zip(site_dir: Path, output: Path, folder: str, timestamp: int) -> tuple[int, int, int]:
    """Zip site_dir under one top-level folder, reproducibly; returns (files, unzipped, zipped) sizes."""
    date_time = time.gmtime(timestamp)[:6]
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.name.endswith(LEFT_OUT))
    output.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own beside the output, so that two builds never write one file, and the
    # output is replaced in one step only once it is whole.
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    os.close(handle)
    partial = Path(name)
    unzipped = 0
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for path in files:
                info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix, whatever machine builds it
                data = path.read_bytes()
                unzipped += len(data)
                archive.writestr(info, data, compresslevel=9)
        os.chmod(partial, 0o644)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return len(files), unzipped, output.stat().st_size


def build_bundle(output: Path, project_dir: Path, sources: Sources = Sources()) -> None:
    """Build the offline edition in project_dir and zip it as output. Raises BuildError."""
    version, timestamp = bundle_version(sources)
    built = build(project_dir, OFFLINE, ENGINES["mkdocs"], sources)
    add_bundle_files(built, version, sources)
    count, unzipped, zipped = write_zip(built.site_dir, output, f"foundational-challenges-agenda-{version}", timestamp)
    print(f"{output.name}: {count} files, {unzipped / 1e6:.1f} MB unzipped, {zipped / 1e6:.1f} MB zipped", flush=True)
