"""The rule about words: no run of eight or more words copied from the paper.

Checks every text value in the records against the paper's research questions as
printed (`questions.tsv` in shared/agenda-source). Section titles are exempt: facts
carry over, and a title is a fact.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

import yaml

RUN_LENGTH = 8
# Fields whose values are the paper's own names, allowed to match it word for word.
EXEMPT_FIELDS = {"title", "short_title", "authors", "venue", "id", "slug", "section"}
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'").replace("'", ""))


def runs(text: str, length: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


def source_runs(tsv_path: Path) -> dict[tuple[str, ...], str]:
    """Every eight-word run of the printed questions, mapped to the question number."""
    found: dict[tuple[str, ...], str] = {}
    with tsv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for run in runs(row["text"]):
                found.setdefault(run, row["number"])
    return found


# Fingerprints: the repository keeps no sentence of the paper (or of a work's abstract), only a
# short hash of each of their eight-word runs, so that the check runs anywhere, a contributor's
# pull request included. Six bytes (48 bits) keep the chance that an unrelated run collides
# with one of some hundred thousand fingerprints below one in a billion.
def fingerprint(run: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=6).hexdigest()


def write_fingerprints(named_texts: dict[str, str], path: Path, about: str) -> None:
    """One line per eight-word run of each text: its fingerprint and the text's name, sorted."""
    lines = sorted({f"{fingerprint(run)} {name}" for name, text in named_texts.items() for run in runs(text)})
    path.write_text(f"# {about}\n# Written by copycheck.write_fingerprints; each line: fingerprint, source.\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")


def read_fingerprints(path: Path) -> dict[str, str]:
    """Fingerprint -> the name of the text it came from."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, _, name = line.partition(" ")
            found.setdefault(digest, name)
    return found


def fingerprinted_copies(record_file: Path, fingerprints: dict[str, str], only: str | None = None) -> list[str]:
    """One message per field sharing an eight-word run with a fingerprinted text (with only,
    with that text alone)."""
    data = yaml.safe_load(record_file.read_text(encoding="utf-8"))
    problems = []
    for field, text in text_fields(data):
        for run in sorted(runs(text)):
            source = fingerprints.get(fingerprint(run))
            if source is not None and (only is None or source == only):
                problems.append(f"{record_file}: {field}: copies eight words of {source}: '{' '.join(run)}'")
                break
    return problems


def paper_runs(text_path: Path) -> dict[tuple[str, ...], str]:
    """Every eight-word run of a plain-text extract of the paper, mapped to the file's name."""
    return {run: text_path.name for run in runs(text_path.read_text(encoding="utf-8"))}


def text_fields(node, path: str = ""):
    """Yield (field path, text) for every string in a parsed record, exempt fields skipped."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in EXEMPT_FIELDS:
                yield from text_fields(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from text_fields(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def copied_runs(record_file: Path, source: dict[tuple[str, ...], str]) -> list[str]:
    """One message per field that shares an eight-word run with the paper."""
    data = yaml.safe_load(record_file.read_text(encoding="utf-8"))
    problems = []
    for field, text in text_fields(data):
        for run in sorted(runs(text) & source.keys()):
            problems.append(
                f"{record_file}: {field}: copies eight words of the paper "
                f"({source[run]}): '{' '.join(run)}'"
            )
            break
    return problems


def main(argv: list[str]) -> int:
    """copycheck.py QUESTIONS.tsv [--paper EXTRACT.txt ...] RECORD.yml ..."""
    source = source_runs(Path(argv[0]))
    records = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--paper":
            source.update(paper_runs(Path(next(args))))
        else:
            records.append(Path(arg))
    problems = [p for record in records for p in copied_runs(record, source)]
    print("\n".join(problems) or "no copied runs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
