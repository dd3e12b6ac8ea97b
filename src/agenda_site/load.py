"""Read the records in `content/`: each file parsed safely (a hostile file is a problem, never a
traceback), validated against its model in schema.py, then checked as a whole (checks.py).

Every problem is collected and reported at once, each naming the file, the record and the
field, so that one run of the build shows an editor everything to fix.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from .agenda import Agenda
from .checks import (OPTIONAL_RECORD_FILES, Problem, RecordError, check_citations, check_progress, check_reading,
                     check_reference_list, check_references, check_reviews, printable)
from .schema import (RECORD_FILES, Category, Challenge, FurtherReading, ProgressEntry, ProsePage, Record,
                     EditionsFile, MovedPagesFile, ReferencesFile, ReviewsFile, ThemesFile, UnreadDate)

# YAML's own names for what it read a plain value as, for messages that explain a surprise.
YAML_KINDS = {"tag:yaml.org,2002:bool": "a boolean", "tag:yaml.org,2002:int": "a whole number",
              "tag:yaml.org,2002:float": "a decimal number", "tag:yaml.org,2002:timestamp": "a date",
              "tag:yaml.org,2002:null": "nothing (null)"}
MERGE_TAG = "tag:yaml.org,2002:merge"
# Limits that keep a hostile file from exhausting the build: its size, how deep it nests, and
# how many values it holds once its aliases are expanded (a few lines of aliases can stand
# for billions of values).
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 12
MAX_VALUES = 200_000
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A record file's name is part of URLs, feed ids and data (a progress entry's id is its file's
# name): lower-case ASCII letters and digits in words joined by "-" or ".".
RECORD_FILE_NAME = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*\.yml$")
MAX_FILE_NAME = 100


class _RecordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (with libyaml's fast parser where PyYAML has it), stricter about
    keys: a key given twice (which PyYAML would silently overwrite) or a key that is not plain
    text is an error. Merge keys (<<) work."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a name, not a list or a mapping", key_node.start_mark)
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, f"YAML read the key {key_node.value!r} as {YAML_KINDS.get(key_node.tag, 'a value')};"
                    " put it in quotes", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        # 2025-13-01 looks like a date to YAML, which then fails with a bare "month must be in
        # 1..12"; the field's own check says what is wrong, and where (schema.UnreadDate).
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return UnreadDate(node.value)


_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _RecordLoader.construct_yaml_timestamp)


def _is_editor_file(name: str) -> bool:
    """Dotfiles, editor locks and backups (.#2.1.yml, #2.1.yml#, 2.1.yml~): never records."""
    return name.startswith((".", "#")) or name.endswith("~")


def _record_name(model: type[Record], data: object, path: Path) -> str:
    """How a problem names the record a file holds: 'challenge 2.2', 'page introduction'."""
    data = data if isinstance(data, dict) else {}
    if model is Challenge:
        return f"challenge {data.get('section', path.stem)}"
    if model is Category:
        return f"category {data.get('number', path.stem)}"
    if model is ProsePage:
        return f"page {data.get('slug', path.stem)}"
    if model is ThemesFile:
        return "themes"
    if model is FurtherReading:
        return "further reading"
    if model is ReferencesFile:
        page = data.get("page")
        return f"references p{page}" if isinstance(page, int) and not isinstance(page, bool) else f"references {path.stem}"
    if model is ProgressEntry:
        return f"progress {path.stem}"
    if model is ReviewsFile:
        return f"reviews {data.get('section', path.stem)}"
    if model is MovedPagesFile:
        return "moved pages"
    if model is EditionsFile:
        return "editions"
    return "agenda"


def _locate(record: str, data: object, loc: tuple) -> tuple[str, str]:
    """Turn a pydantic error location into (record, field), naming list items by their key."""
    names = {"questions": ("question", "number"), "subsections": ("sub-section", "section"),
             "themes": ("theme", "id"), "sections": ("section", "heading"),
             "works": ("work", "id"), "topics": ("topic", "id"), "links": ("link", "topic"),
             "references": ("reference", "id"), "reviews": ("review of question", "question"),
             "moved": ("moved page", "old"), "editions": ("edition", "edition")}
    node, parts = data, list(loc)
    while len(parts) >= 2 and parts[0] in names and isinstance(parts[1], int):
        kind, key = names[parts[0]]
        items = node.get(parts[0]) if isinstance(node, dict) else None
        item = items[parts[1]] if isinstance(items, list) and parts[1] < len(items) else None
        label = item.get(key) if isinstance(item, dict) and item.get(key) is not None else f"#{parts[1] + 1}"
        record, node, parts = f"{record}, {kind} {label}", item, parts[2:]
    return record, ".".join(str(p) for p in parts) or "-"


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def _parse(path: Path) -> tuple[object, object]:
    """Read one YAML file into (data, node tree); raise ValueError saying what is wrong with it."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"the file is {len(raw):,} bytes; a record file holds at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        where = _position(raw[: error.start].decode("utf-8", "replace"), error.start)
        raise ValueError(f"not UTF-8 text: byte 0x{raw[error.start]:02x} at {where}; save the file as UTF-8") from None
    control = CONTROL_CHARACTER.search(text)
    if control:
        raise ValueError(f"a control character (U+{ord(control.group(0)):04X}) at {_position(text, control.start())}")
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_size(node)
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        # YAML's own words for a tab ("found character '\t' that cannot start any token") never
        # say "tab"; indentation is where a tab usually is.
        hint = ("; the line holds a tab, and YAML indents with spaces only: replace the tab with spaces"
                if "\t" in line else "")
        raise ValueError(f"malformed YAML: {where}{error.problem or error.context}{hint}") from None
    except yaml.YAMLError as error:
        raise ValueError(f"malformed YAML: {error}") from None
    except RecursionError:
        raise ValueError(f"malformed YAML: nested too deeply (a record nests at most {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()


def _check_size(root) -> None:
    """Refuse a node tree that nests too deeply or, with its aliases expanded, holds too much."""
    stack, count = [(root, 1)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels (at line {node.start_mark.line + 1})")
        if count > MAX_VALUES:
            raise ValueError(f"holds more than {MAX_VALUES:,} values once its aliases are expanded")
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)


def _node_at(node, loc: tuple):
    """The YAML node a pydantic error location points to, if it can be followed."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if getattr(key, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _explain(message: str, node, error_type: str = "") -> str:
    """Add what YAML did to a type error: `yes` read as a boolean, "1" kept as text. (A value
    of the right type that breaks a rule, such as a true that needs another field, is no type
    error: YAML read it as meant.)"""
    if not isinstance(node, yaml.ScalarNode):
        return message
    if not node.style and node.tag in YAML_KINDS and error_type != "value_error":  # plain: None from PyYAML, "" from libyaml
        return f"{message} (YAML read {node.value!r} as {YAML_KINDS[node.tag]}; put it in quotes if you meant text)"
    if node.style in ("'", '"') and re.fullmatch(r"-?[0-9]+", node.value):
        return f"{message} (a number is written without quotes)"
    if node.style in ("'", '"') and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", node.value):
        return f"{message} (a date is written without quotes, as 2024-06-10)"
    return message


def _line(tree, *loc) -> int | None:
    """The line of a file a location in its record points to (or the nearest place above it)."""
    for depth in range(len(loc), -1, -1):
        node = _node_at(tree, loc[:depth]) if tree is not None else None
        if node is not None:
            return node.start_mark.line + 1
    return None


def _read(path: Path, model: type[Record], relative: str, problems: list[Problem], trees: dict | None = None):
    try:
        data, tree = _parse(path)
        if trees is not None:
            trees[relative] = tree
    except (ValueError, OSError) as error:
        problems.append(Problem(relative, _record_name(model, None, path), "-", str(error)))
        return None
    record = _record_name(model, data, path)
    if not isinstance(data, dict):
        problems.append(Problem(relative, record, "-", "the file must hold a mapping of fields"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            name, where = _locate(record, data, item["loc"])
            problems.append(Problem(relative, name, where, _explain(_message(item), _node_at(tree, item["loc"]), item["type"]),
                                    _line(tree, *item["loc"])))
        return None


def _message(item: dict) -> str:
    """pydantic's message, without the words it adds to a check of ours ("Value error, ")."""
    message = item["msg"]
    return message.removeprefix("Value error, ") if item["type"] == "value_error" else message


def record_files(root: Path, pattern: str, problems: list[Problem]) -> list[Path]:
    """The files a pattern of RECORD_FILES names under root, in order; whatever else lies in its
    folder that looks meant as a record, or cannot be one, is a problem."""
    folder, _, name = pattern.rpartition("/")
    directory = root / folder
    shown = lambda path: printable(f"content/{path.relative_to(root).as_posix()}")  # noqa: E731
    if "*" in name:
        candidates = sorted(directory.iterdir()) if directory.is_dir() else []
    else:
        candidates = [p for p in (directory / name, directory / (name[: -len(".yml")] + ".yaml"))
                      if p.exists() or p.is_symlink()]
    found = []
    for path in candidates:
        if _is_editor_file(path.name):
            continue
        if path.suffix != ".yml":
            hint = f"rename it to {path.stem}.yml" if path.suffix == ".yaml" else "record files end in .yml"
            problems.append(Problem(shown(path), "-", "-", f"not read: {hint}"))
        elif path.is_symlink() and not path.exists():
            problems.append(Problem(shown(path), "-", "-", "a link to a file that does not exist"))
        elif root not in path.resolve().parents:
            problems.append(Problem(shown(path), "-", "-", "a link to a file outside content/, refused"))
        elif not path.is_file():
            problems.append(Problem(shown(path), "-", "-", "a folder or device, not a record file"))
        elif not RECORD_FILE_NAME.match(path.name) or len(path.name) > MAX_FILE_NAME:
            problems.append(Problem(shown(path), "-", "-", (
                f"the file name '{path.name}' is not read: a record's file name becomes part of"
                " addresses and ids, so it holds only lower-case letters a-z and digits, in words joined by"
                f" '-' or '.', ends in .yml and is at most {MAX_FILE_NAME} characters long")))
        else:
            found.append(path)
    return found


def load_agenda(content_dir: Path | str, today: datetime.date | None = None) -> Agenda:
    """Read and check every record under content_dir; raise RecordError listing all problems.
    today is the day no date may come after (by default, today in UTC)."""
    root = Path(content_dir).resolve()
    problems: list[Problem] = []
    loaded: dict[str, list[tuple[Record, str]]] = {}
    trees: dict[str, object] = {}  # each file's YAML nodes, for the lines problems point to
    for pattern, model in RECORD_FILES.items():
        paths = record_files(root, pattern, problems)
        if not paths and pattern not in OPTIONAL_RECORD_FILES:
            problems.append(Problem(f"content/{pattern}", "-", "-", "no such record file"))
        for path in paths:
            relative = f"content/{path.relative_to(root).as_posix()}"
            record = _read(path, model, relative, problems, trees)
            if record is not None:
                loaded.setdefault(pattern, []).append((record, relative))
    if any(name not in loaded for name in ("agenda.yml", "themes.yml", "further-reading.yml")):
        raise RecordError(problems)

    # Cross-references are checked among the files that are valid, so one run reports them
    # too; whether anything is missing is only judged once every file could be read.
    complete = not problems
    files = {id(r): f for entries in loaded.values() for r, f in entries}
    paper = loaded["agenda.yml"][0][0]
    themes_file = loaded["themes.yml"][0]
    categories = sorted((r for r, _ in loaded.get("categories/*.yml", [])), key=lambda c: c.number)
    challenges = sorted((r for r, _ in loaded.get("challenges/*.yml", [])),
                        key=lambda c: tuple(int(p) for p in c.section.split(".")))
    pages = [r for r, _ in loaded.get("pages/*.yml", [])]
    check_references(paper, themes_file, categories, challenges, pages, files, problems, complete)
    check_reading(*loaded["further-reading.yml"][0], challenges, problems)
    reference_files = sorted(loaded.get("references/*.yml", []), key=lambda entry: entry[0].page)
    check_reference_list(reference_files, problems)
    if complete:
        check_citations(challenges, files, reference_files, problems)
    progress = loaded.get("progress/*.yml", [])
    check_progress(progress, paper, {q.number for c in challenges for q in c.questions}, problems, complete,
                    today or datetime.datetime.now(datetime.timezone.utc).date(),
                   lambda path, *loc: _line(trees.get(path), *loc))
    reviews = check_reviews(loaded.get("reviews/*.yml", []), challenges, paper, problems, complete,
                             today or datetime.datetime.now(datetime.timezone.utc).date())
    if problems:
        raise RecordError(problems)
    return Agenda(paper, list(themes_file[0].themes), categories, challenges,
                  {p.slug: p for p in pages}, loaded["further-reading.yml"][0][0],
                  [r for f, _ in reference_files for r in f.references],
                  {r.id: f.page for f, _ in reference_files for r in f.references},
                  {Path(path).stem: entry for entry, path in progress}, reviews,
                  [m for f, _ in loaded.get("moved.yml", []) for m in f.moved],
                  {e.edition: e.doi for f, _ in loaded.get("editions.yml", []) for e in f.editions})
