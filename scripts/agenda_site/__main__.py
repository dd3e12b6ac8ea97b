"""Command line:
- `python -m agenda_site check` validates the records;
- `python -m agenda_site schema` rewrites the JSON Schema files editors validate against;
- `python -m agenda_site generate --out DIR` writes the pages (Markdown), files and data exports
  into a docs folder, with docs/'s own files, for an engine that runs no plugins; with
  `--engine-config FILE`, also a copy of mkdocs.yml for that engine to build DIR with;
- `python -m agenda_site finish SITE_DIR`, after that engine's build, does what the MkDocs plugin
  does after its own: fills each page's Content-Security-Policy and audits every page (exit
  status 1 if the audit finds anything).
The work is done by core.py, the same as the MkDocs plugin's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from .core import (GenerateError, TrimError, audit_report, fill_policies, finish_site, generate,
                   plugin_less_config, read_engine_config, settings_from, write_docs)
from .records import RecordError, load_agenda
from .schema import json_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agenda_site")
    parser.add_argument("command", choices=["check", "schema", "generate", "finish"])
    parser.add_argument("site_dir", nargs="?", help="finish: the built site to finish")
    parser.add_argument("--content", default="content", help="the records folder (default: content)")
    parser.add_argument("--templates", default="templates", help="the page templates (default: templates)")
    parser.add_argument("--config", default="mkdocs.yml",
                        help="generate, finish: the MkDocs config to take site_url and the rest from (default: mkdocs.yml)")
    parser.add_argument("--out", help="generate: the docs folder to write (emptied first)")
    parser.add_argument("--engine-config", help="generate: where to write the config for an engine with no plugins")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if args.command == "schema":
        for name, text in json_schemas().items():
            (content / "schema").mkdir(exist_ok=True)
            (content / "schema" / name).write_text(text, encoding="utf-8")
            print(f"wrote {content / 'schema' / name}")
        return 0
    if args.command == "generate":
        if not args.out:
            parser.error("generate needs --out DIR")
        return generate_docs(args)
    if args.command == "finish":
        if not args.site_dir:
            parser.error("finish needs the built site's folder")
        return finish(args)
    try:
        agenda = load_agenda(content)
    except RecordError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(agenda.challenges)} challenges, {len(agenda.questions)} questions, {len(agenda.references):,}"
          f" references and {len(agenda.progress)} progress entries: all records valid")
    return 0


def generate_docs(args) -> int:
    engine_config = read_engine_config(args.config)
    try:
        settings = settings_from(engine_config)
        generated = generate(args.content, args.templates, settings)
    except GenerateError as error:
        print(error, file=sys.stderr)
        return 1
    assets = Path(args.config).parent / engine_config.get("docs_dir", "docs")
    write_docs(generated, args.out, assets)
    print(f"wrote {len(generated.site.pages)} pages and {len(generated.site.files)} files (data exports"
          f" included) into {args.out}")
    if args.engine_config:
        # The engine's project folder is where its config is; its site goes beside it, in site/.
        docs_dir = os.path.relpath(Path(args.out).resolve(), Path(args.engine_config).resolve().parent)
        config = plugin_less_config(engine_config, args.config, args.engine_config, docs_dir, "site", generated)
        Path(args.engine_config).write_text(
            "# Written by `python -m agenda_site generate` from " + str(args.config) + ": do not edit.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"wrote {args.engine_config}")
    return 0


def finish(args) -> int:
    # The data exports were written by `generate` with the pages; what is left is per page.
    try:
        settings = settings_from(read_engine_config(args.config))
    except GenerateError as error:
        print(error, file=sys.stderr)
        return 1
    filled = fill_policies(args.site_dir)
    try:
        findings = finish_site(settings, args.site_dir)
    except TrimError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.site_dir}: Content-Security-Policy written into {filled} page(s)")
    if findings:
        print(audit_report(findings), file=sys.stderr)
        return 1
    print("audit: every page passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
