"""The command line, `python -m agenda_site COMMAND`:

  check               validate the records (every problem, by file, record and field)
  schema              rewrite the JSON Schemas editors validate records against (content/schema/)
  generate            write an engine's project: Markdown pages, data files, assets and config
  build               generate, build with an engine, finish: a whole site in build/<variant>/site
  finish SITE_DIR     finish a site an engine built from a generated project (as build does)
  site                site/ and dist/agenda-offline.zip, safely (what `make site` runs: build.py)
  serve               preview at http://127.0.0.1:PORT/..., rebuilt and reloaded on every change
  changes A..B        what changed in the records from git revision A to B (A.. or A: to the
                      working tree), as a Markdown change log
  edition NAME        make edition NAME (vYYYY.MM) in editions/NAME/ from the records of the tag
                      NAME (or of --revision), its changes counted from the edition before it

Addresses come from the environment (AGENDA_SITE_URL, AGENDA_REPO_URL; see settings.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as safe_build
from .changes import RevisionError, change_log, compare, parse_range, records_at
from .checks import RecordError
from .editions import EditionError, make_edition
from .engines import ENGINES, BuildError, build, for_theme, generate_project, variant_settings
from .finish import FinishError, finish
from .generate import VARIANTS, Sources, generate
from .load import load_agenda
from .preview import serve
from .schema import json_schemas
from .settings import GenerateError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agenda_site", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "schema", "generate", "build", "finish", "site", "serve",
                                            "changes", "edition"])
    parser.add_argument("site_dir", nargs="?",
                        help="finish: the built site's folder; changes: the range A..B; edition: its name")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the project folder to build from (default: the current folder)")
    parser.add_argument("--content", type=Path, help="the records folder (default: content/ in the project)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="online",
                        help="generate, build, finish: the online site, the offline edition or the preview")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs", help="build, finish: the engine")
    parser.add_argument("--out", type=Path, help="generate, build: the project folder (default: build/<variant>-<engine>)")
    parser.add_argument("--port", type=int, default=8000, help="serve: the port (default: 8000)")
    parser.add_argument("--revision", help="edition: the commit its records are taken from (default: the tag NAME)")
    parser.add_argument("--editions", type=Path, help="the released editions' folder (default: editions/ in the project)")
    args = parser.parse_args(argv)
    variant, engine = VARIANTS[args.variant], ENGINES[args.engine]
    sources = Sources(args.root.resolve(), args.content.resolve() if args.content else None,
                      args.editions.resolve() if args.editions else None)
    out = args.out or sources.root / "build" / f"{variant.name}-{engine.name}"
    try:
        if args.command == "check":
            agenda = load_agenda(sources.content)
            print(f"{len(agenda.challenges)} challenges, {len(agenda.questions)} questions, {len(agenda.references):,}"
                  f" references and {len(agenda.progress)} progress entries: all records valid")
        elif args.command == "schema":
            for name, text in json_schemas().items():
                (sources.content / "schema").mkdir(exist_ok=True)
                (sources.content / "schema" / name).write_text(text, encoding="utf-8")
                print(f"wrote {sources.content / 'schema' / name}")
        elif args.command == "generate":
            generated = generate_project(out, variant, variant_settings(variant, sources), sources, theme=engine.theme)
            print(f"wrote {len(generated.pages)} pages, their files and {out / 'mkdocs.yml'}: build it with the engine in {out}")
        elif args.command == "build":
            print(f"built {build(out, variant, engine, sources).site_dir}")
        elif args.command == "finish":
            if not args.site_dir:
                parser.error("finish needs the built site's folder")
            settings = variant_settings(variant, sources)
            # The online site's search indexes, besides the pages, records the generator makes.
            generated = generate(settings, sources) if for_theme(variant, engine.theme).pagefind else None
            count = finish(args.site_dir, settings, engine.theme, policy=variant.policy,
                           search_records=generated.search_records if generated else None,
                           unindexed=generated.unindexed if generated else frozenset())
            print(f"{args.site_dir}: {count} pages finished, every page passed the audit")
        elif args.command == "site":
            return safe_build.main(sources)
        elif args.command == "serve":
            return serve(args.port, sources)
        elif args.command == "changes":
            if not args.site_dir:
                parser.error("changes needs a range of revisions, A..B (or A.. for A against the working tree)")
            old, new = parse_range(args.site_dir)
            print(change_log(compare(records_at(old, sources.root), records_at(new, sources.root)), old, new), end="")
        elif args.command == "edition":
            if not args.site_dir:
                parser.error("edition needs its name, vYYYY.MM (the tag it is made from, unless --revision)")
            edition = make_edition(args.site_dir, sources.root, sources.templates, sources.edition_stylesheet,
                                   sources.editions, variant_settings(VARIANTS["online"], sources), args.revision)
            size = sum(edition.files.values())
            print(f"made edition {edition.edition} ({edition.date}, {len(edition.changes)} changes since"
                  f" {edition.previous or 'nothing: the first edition'}) in {sources.editions / edition.edition},"
                  f" {size / 1e6:.1f} MB")
    except (RecordError, GenerateError, BuildError, FinishError, RevisionError, EditionError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
