"""Command line: `python -m agenda_site check` validates the records;
`python -m agenda_site schema` rewrites the JSON Schema files editors validate against."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .records import RecordError, load_agenda
from .schema import json_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agenda_site")
    parser.add_argument("command", choices=["check", "schema"])
    parser.add_argument("--content", default="content", help="the records folder (default: content)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if args.command == "schema":
        for name, text in json_schemas().items():
            (content / "schema").mkdir(exist_ok=True)
            (content / "schema" / name).write_text(text, encoding="utf-8")
            print(f"wrote {content / 'schema' / name}")
        return 0
    try:
        agenda = load_agenda(content)
    except RecordError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(agenda.challenges)} challenges and {len(agenda.questions)} questions: all records valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
