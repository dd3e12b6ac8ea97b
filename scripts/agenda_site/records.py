"""Load the records in `content/`, validate them and check their cross-references.

Every problem is collected and reported at once, each naming the file, the record and
the field, so that one run of the build shows an editor everything to fix.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import ValidationError

from .schema import (
    RECORD_FILES,
    Category,
    Challenge,
    FurtherReading,
    Paper,
    ProgressEntry,
    ProgressWork,
    ProsePage,
    Question,
    Record,
    Reference,
    ReferencesFile,
    STATUS_RELATIONS,
    STATUSES,
    Review,
    ReviewsFile,
    Theme,
    ThemesFile,
    UnreadDate,
)

# The prose pages the site is built on; each must have a record. All but the page about the
# site restate part of the paper, so they and their sections name the PDF page they restate.
ABOUT_PAGE = "about"
REQUIRED_PAGES = ("readers-guide", "introduction", "discussion", ABOUT_PAGE)
# Record folders that may be empty: an agenda with no progress recorded yet is complete.
OPTIONAL_RECORD_FILES = ("progress/*.yml",)


@dataclass(frozen=True)
class Standing:
    """Where a question stands since the paper, computed from the recorded works by the first
    rule of schema.STATUSES that holds: its status, the entries that give it (their ids), and
    since when: the date of the earliest of those works, by the work's own date (the paper's
    month while the question is open as posed)."""

    status: str
    entries: tuple[str, ...]
    since: str


def printable(text: str) -> str:
    """text as a terminal can show it: a character that is not printable (a tab, an escape
    code, a byte of a file name that is not UTF-8) is written as its escape instead."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str
    line: int | None = None  # where in the file, when the loader knows it

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return printable(f"{where}: {self.record}: field '{self.field}': {self.message}")


class RecordError(Exception):
    """Raised with every problem found in the records."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the records:\n" + "\n".join(f"  - {p}" for p in problems))


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


@dataclass
class Agenda:
    """The whole agenda, validated: what the renderer and the data exports work from."""

    paper: Paper
    themes: list[Theme]
    categories: list[Category]
    challenges: list[Challenge]
    pages: dict[str, ProsePage]
    reading: FurtherReading
    references: list[Reference] = field(default_factory=list)  # the paper's reference list, in its order
    reference_page: dict[str, int] = field(default_factory=dict)  # reference id -> PDF page it begins on
    # Progress entries by id (the file name without .yml), which feeds and anchors keep for good.
    progress: dict[str, ProgressEntry] = field(default_factory=dict)
    # Each question's latest review, by question number.
    reviews: dict[int, Review] = field(default_factory=dict)

    @cached_property
    def questions(self) -> list[Question]:
        return sorted((q for c in self.challenges for q in c.questions), key=lambda q: q.number)

    @cached_property
    def reference_of(self) -> dict[str, Reference]:
        return {r.id: r for r in self.references}

    @cached_property
    def challenge_of(self) -> dict[int, Challenge]:
        return {q.number: c for c in self.challenges for q in c.questions}

    def category_of(self, challenge: Challenge) -> Category:
        return next(c for c in self.categories if c.number == int(challenge.section.split(".")[0]))

    def challenges_in(self, category: Category) -> list[Challenge]:
        return [c for c in self.challenges if self.category_of(c) == category]

    @cached_property
    def recent_progress(self) -> list[tuple[str, ProgressEntry]]:
        """Every entry, the latest recorded first; among one day's records, the newest work first."""
        return sorted(self.progress.items(), reverse=True,
                      key=lambda item: (item[1].recorded, item[1].work.sort_date, item[0]))

    def progress_on(self, number: int) -> list[tuple[str, ProgressEntry]]:
        """The entries about one question, the newest work first."""
        entries = [(id_, e) for id_, e in self.progress.items() if any(q.number == number for q in e.questions)]
        return sorted(entries, key=lambda item: (item[1].work.sort_date, item[0]), reverse=True)

    def standing(self, number: int) -> Standing:
        """Where a question stands: the first status whose rule the recorded works meet."""
        relations = [(entry.work.sort_date, entry.work.date_text, id_, q.relation)
                     for id_, entry in self.progress.items() for q in entry.questions if q.number == number]
        for status in STATUSES:
            behind = sorted(item for item in relations if item[3] in STATUS_RELATIONS[status])
            if behind:
                return Standing(status, tuple(id_ for *_, id_, _ in behind), behind[0][1])
        return Standing("open", (), "{}-{:02d}".format(*self.paper.first_posted))


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
    return "agenda"


def _locate(record: str, data: object, loc: tuple) -> tuple[str, str]:
    """Turn a pydantic error location into (record, field), naming list items by their key."""
    names = {"questions": ("question", "number"), "subsections": ("sub-section", "section"),
             "themes": ("theme", "id"), "sections": ("section", "heading"),
             "works": ("work", "id"), "topics": ("topic", "id"), "links": ("link", "topic"),
             "references": ("reference", "id"), "reviews": ("review of question", "question")}
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


def _explain(message: str, node) -> str:
    """Add what YAML did to a type error: `yes` read as a boolean, "1" kept as text."""
    if not isinstance(node, yaml.ScalarNode):
        return message
    if not node.style and node.tag in YAML_KINDS:  # plain: None from PyYAML, "" from libyaml
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
            problems.append(Problem(relative, name, where, _explain(_message(item), _node_at(tree, item["loc"])),
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
    _check_references(paper, themes_file, categories, challenges, pages, files, problems, complete)
    _check_reading(*loaded["further-reading.yml"][0], challenges, problems)
    reference_files = sorted(loaded.get("references/*.yml", []), key=lambda entry: entry[0].page)
    _check_reference_list(reference_files, problems)
    if complete:
        _check_citations(challenges, files, reference_files, problems)
    progress = loaded.get("progress/*.yml", [])
    _check_progress(progress, paper, {q.number for c in challenges for q in c.questions}, problems, complete,
                    today or datetime.datetime.now(datetime.timezone.utc).date(), trees)
    reviews = _check_reviews(loaded.get("reviews/*.yml", []), challenges, paper, problems, complete,
                             today or datetime.datetime.now(datetime.timezone.utc).date())
    if problems:
        raise RecordError(problems)
    return Agenda(paper, list(themes_file[0].themes), categories, challenges,
                  {p.slug: p for p in pages}, loaded["further-reading.yml"][0][0],
                  [r for f, _ in reference_files for r in f.references],
                  {r.id: f.page for f, _ in reference_files for r in f.references},
                  {Path(path).stem: entry for entry, path in progress}, reviews)


def _check_references(paper, themes_file, categories, challenges, pages, files, problems, complete):
    """The checks no single record can make: duplicates, numbering and cross-references.

    `complete` says every record file was valid, so that something absent is really missing."""
    themes, themes_path = themes_file
    problem = problems.append

    for value in _repeated(t.id for t in themes.themes):
        problem(Problem(themes_path, f"themes, theme {value}", "id", "duplicate theme id"))
    theme_ids = {t.id for t in themes.themes}

    for record in categories + challenges + pages:
        name = Path(files[id(record)]).stem
        key = getattr(record, "section", None) or getattr(record, "slug", None)
        if isinstance(record, Category):
            key = str(record.number)
        if name != key:
            problem(Problem(files[id(record)], _label(record), "-", f"the file must be named {key}.yml"))

    slugs = Counter(r.slug for r in categories + challenges + pages)
    for record in categories + challenges + pages:
        if slugs[record.slug] > 1:
            problem(Problem(files[id(record)], _label(record), "slug",
                            f"duplicate slug {record.slug!r}: URLs must be unique"))

    category_numbers = {c.number for c in categories}
    for category in categories if complete else []:
        if not any(c.section.startswith(f"{category.number}.") for c in challenges):
            problem(Problem(files[id(category)], _label(category), "number", "no challenge belongs to it"))

    first_file: dict[int, str] = {}
    for challenge in challenges:
        path, label = files[id(challenge)], _label(challenge)
        if int(challenge.section.split(".")[0]) not in category_numbers:
            problem(Problem(path, label, "section", "no category record for this section"))
        subsections = [s.section for s in challenge.subsections]
        for s in challenge.subsections:
            if not s.section.startswith(challenge.section + "."):
                problem(Problem(path, f"{label}, sub-section {s.section}", "section",
                                f"does not belong to challenge {challenge.section}"))
            if subsections.count(s.section) > 1:
                problem(Problem(path, f"{label}, sub-section {s.section}", "section", "duplicate sub-section"))
        numbers = [q.number for q in challenge.questions]
        if numbers != sorted(numbers):
            problem(Problem(path, label, "questions", "questions must be in the paper's order"))
        for q in challenge.questions:
            where = f"{label}, question {q.number}"
            if q.number in first_file:
                problem(Problem(path, where, "number", f"duplicate question number (also in {first_file[q.number]})"))
            first_file.setdefault(q.number, path)
            if q.number > paper.question_count:
                problem(Problem(path, where, "number", f"the paper has only {paper.question_count} questions"))
            for ref in q.subsections:
                if ref not in subsections:
                    problem(Problem(path, where, "subsections",
                                    f"refers to sub-section {ref}, which challenge {challenge.section} does not have"))
            for tag in q.tags:
                if tag not in theme_ids:
                    problem(Problem(path, where, "tags", f"unknown theme {tag!r} (not in {themes_path})"))
            if len(set(q.tags)) != len(q.tags):
                problem(Problem(path, where, "tags", "a theme is given twice"))

    if not complete:
        return
    missing = sorted(set(range(1, paper.question_count + 1)) - set(first_file))
    if missing:
        problem(Problem("content/agenda.yml", "agenda", "question_count",
                        f"{len(missing)} question(s) have no record: {_ranges(missing)}"))
    for slug in REQUIRED_PAGES:
        if slug not in {p.slug for p in pages}:
            problem(Problem(f"content/pages/{slug}.yml", f"page {slug}", "-", "required page is missing"))
    for page in pages:
        if page.slug == ABOUT_PAGE:
            continue
        for where, part in [("page", page), *((f"sections[{n}].page", s) for n, s in enumerate(page.sections))]:
            if part.page is None:
                problem(Problem(f"content/pages/{page.slug}.yml", f"page {page.slug}", where,
                                "a page that restates the paper names the PDF page it restates"))


def _check_reading(reading: FurtherReading, path: str, challenges: list[Challenge], problems: list[Problem]):
    """Every link names a known work, one of its topics, a challenge and that challenge's sub-sections."""
    works = {w.id: w for w in reading.works}
    for value in _repeated(w.id for w in reading.works):
        problems.append(Problem(path, f"further reading, work {value}", "id", "duplicate work id"))
    for work in reading.works:
        for value in _repeated(t.id for t in work.topics):
            problems.append(Problem(path, f"further reading, work {work.id}, topic {value}", "id",
                                    "duplicate topic id"))
    by_section = {c.section: c for c in challenges}
    for number, link in enumerate(reading.links, start=1):
        where = f"further reading, link #{number} ({link.work} / {link.topic})"
        work = works.get(link.work)
        if work is None:
            problems.append(Problem(path, where, "work", f"unknown work {link.work!r}"))
        elif link.topic not in {t.id for t in work.topics}:
            problems.append(Problem(path, where, "topic", f"work {link.work} has no topic {link.topic!r}"))
        challenge = by_section.get(link.challenge)
        if challenge is None:
            problems.append(Problem(path, where, "challenge", f"unknown challenge {link.challenge!r}"))
            continue
        for ref in link.subsections:
            if ref not in {s.section for s in challenge.subsections}:
                problems.append(Problem(path, where, "subsections",
                                        f"refers to sub-section {ref}, which challenge {link.challenge} does not have"))


def _check_reference_list(files: list[tuple[ReferencesFile, str]], problems: list[Problem]):
    """Each file is named after its page, one page has one file, and every reference id is unique."""
    first_file: dict[str, str] = {}
    pages: dict[int, str] = {}
    for record, path in files:
        label = f"references p{record.page}"
        if Path(path).name != f"p{record.page}.yml":
            problems.append(Problem(path, label, "page", f"the file must be named p{record.page}.yml"))
        if record.page in pages:
            problems.append(Problem(path, label, "page", f"page {record.page} is also in {pages[record.page]}"))
        pages.setdefault(record.page, path)
        for reference in record.references:
            if reference.id in first_file:
                problems.append(Problem(path, f"{label}, reference {reference.id}", "id",
                                        f"duplicate reference id (also in {first_file[reference.id]})"))
            first_file.setdefault(reference.id, path)


def _check_citations(challenges: list[Challenge], files: dict, reference_files: list[tuple[ReferencesFile, str]],
                     problems: list[Problem]):
    """Every cited id names an entry of the reference list, and every entry is cited somewhere:
    by a challenge, a sub-section or a question, or where its `cited_elsewhere` says."""
    known = {r.id for record, _ in reference_files for r in record.references}
    cited: set[str] = set()
    for challenge in challenges:
        label = _label(challenge)
        places = [(label, challenge.cites)]
        places += [(f"{label}, sub-section {s.section}", s.cites) for s in challenge.subsections]
        places += [(f"{label}, question {q.number}", q.cites) for q in challenge.questions]
        for where, cites in places:
            cited.update(cites)
            for work in cites:
                if work not in known:
                    problems.append(Problem(files[id(challenge)], where, "cites",
                                            f"cites {work!r}, which no entry of content/references/ has as its id"))
            for work in _repeated(cites):
                problems.append(Problem(files[id(challenge)], where, "cites", f"cites {work!r} twice"))
    for record, path in reference_files:
        for reference in record.references:
            if reference.id not in cited and reference.cited_elsewhere is None:
                problems.append(Problem(path, f"references p{record.page}, reference {reference.id}", "cited_elsewhere",
                                        "no challenge, sub-section or question cites it; say where the paper does"))


def work_identity(work: ProgressWork) -> tuple[str, str]:
    """Which work an entry's address names, however it is written: (identity, query). An arXiv
    page and its id, any version (2406.05946v2), a DOI and its doi.org address, http and https,
    with or without "www." or a final "/" are each one identity; a query string is returned
    apart, since some sites name a work by it (openreview.net/forum?id=...)."""
    if work.arxiv:
        return f"arxiv:{work.arxiv}", ""
    if work.doi:
        return f"doi:{work.doi.lower()}", ""
    parts = urlsplit(work.url)
    host = (parts.hostname or "").removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    arxiv = re.fullmatch(r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?", path)
    if host == "arxiv.org" and arxiv:
        return f"arxiv:{arxiv.group(1)}", ""
    if host in ("doi.org", "dx.doi.org"):
        return f"doi:{path.lstrip('/').lower()}", ""
    return f"url:{host}{path}", parts.query


def _check_progress(progress: list[tuple[ProgressEntry, str]], paper: Paper, numbers: set[int],
                    problems: list[Problem], complete: bool, today: datetime.date, trees: dict):
    """Each entry names real questions once, records a work from after the paper under a file
    name that says which work, with dates that can be, and no work is recorded twice for one
    question."""
    first: dict[tuple[int, str, str], tuple[str, str]] = {}
    began = "{}-{:02d}".format(*paper.first_posted)
    for entry, path in progress:
        label, work = f"progress {Path(path).stem}", entry.work
        line = lambda *loc: _line(trees.get(path), *loc)  # noqa: E731
        prefix = work.arxiv.replace(".", "-") if work.arxiv else "-".join(f"{n:02d}" for n in work.sort_date[:2] if n)
        if not Path(path).stem.startswith(prefix + "-"):
            problems.append(Problem(path, label, "-", f"the file must be named {prefix}-<a few words of the title>.yml"))
        # Dates that can be: a later work after the paper and not in the future, recorded on or
        # after the work's date and not after the day of this build (a date in the year 9999 would
        # hold a status for ever).
        if work.sort_date[:2] <= paper.first_posted:
            alone = " (a year alone cannot show that; give the month)" if work.sort_date[1] == 0 else ""
            problems.append(Problem(path, label, "work.date", f"dated no later than the month the paper appeared"
                                    f" ({began}){alone}; progress is what came after it", line("work", "date")))
        if work.sort_date[:2] > (today.year, today.month) or work.sort_date > (today.year, today.month, today.day):
            problems.append(Problem(path, label, "work.date", f"{work.date} is after today ({today}): a work is"
                                    " recorded once it has appeared", line("work", "date")))
        if entry.recorded > today:
            problems.append(Problem(path, label, "recorded", f"{entry.recorded} is after today ({today}): recorded"
                                    " is the day the entry is added", line("recorded")))
        if (entry.recorded.year, entry.recorded.month, entry.recorded.day) < work.sort_date:
            problems.append(Problem(path, label, "recorded", f"{entry.recorded} is before the work's own date"
                                    f" ({work.date}): a work is recorded after it appeared", line("recorded")))
        for value in _repeated(q.number for q in entry.questions):
            problems.append(Problem(path, f"{label}, question {value}", "number", "the question is given twice",
                                    line("questions")))
        identity, query = work_identity(work)
        address = next(key for key in ("arxiv", "doi", "url") if getattr(work, key) is not None)
        title = re.sub(r"[^a-z0-9]+", " ", work.title.lower()).strip()
        for index, q in enumerate(entry.questions):
            # Numbers beyond the paper's are always unknown; within them, only once every file was read.
            if q.number > paper.question_count or (complete and q.number not in numbers):
                problems.append(Problem(path, f"{label}, question {q.number}", "number",
                                        f"unknown question {q.number}; the agenda's questions are numbered 1-{paper.question_count}",
                                        line("questions", index, "number")))
            # One work, one entry per question: the same address however written (an address
            # with a query string and the same without it are one work), or the same title.
            for kind, field_name, key, asked in (("address", f"work.{address}", identity, query),
                                                 ("title", "work.title", title, "")):
                earlier = first.get((q.number, kind, key))
                if earlier is None:
                    first[(q.number, kind, key)] = (path, asked)
                elif earlier[0] != path and (not asked or not earlier[1] or asked == earlier[1]):
                    problems.append(Problem(path, f"{label}, question {q.number}", field_name,
                                            f"this work is already recorded for question {q.number} in {earlier[0]}",
                                            line("work")))


def _check_reviews(files: list[tuple[ReviewsFile, str]], challenges: list[Challenge], paper: Paper,
                   problems: list[Problem], complete: bool, today: datetime.date) -> dict[int, Review]:
    """Each challenge's reviews are in the file named after it, name only its questions, each
    once, with a date between the paper and today; and, once every file was read, every
    question of the agenda has its review."""
    by_section = {c.section: c for c in challenges}
    reviews: dict[int, Review] = {}
    began = datetime.date(*paper.first_posted, 1)
    for record, path in files:
        label = f"reviews {record.section}"
        if Path(path).name != f"{record.section}.yml":
            problems.append(Problem(path, label, "section", f"the file must be named {record.section}.yml"))
        challenge = by_section.get(record.section)
        numbers = {q.number for q in challenge.questions} if challenge else set()
        if complete and challenge is None:
            problems.append(Problem(path, label, "section", f"no challenge {record.section}"))
        for review in record.reviews:
            where = f"{label}, review of question {review.question}"
            if challenge is not None and review.question not in numbers:
                problems.append(Problem(path, where, "question",
                                        f"question {review.question} is not one of challenge {record.section}'s"))
            if review.question in reviews:
                problems.append(Problem(path, where, "question", "the question is reviewed twice"))
            if review.reviewed > today:
                problems.append(Problem(path, where, "reviewed", f"{review.reviewed} is after today ({today})"))
            if review.reviewed < began:
                problems.append(Problem(path, where, "reviewed", f"{review.reviewed} is before the paper appeared"))
            reviews.setdefault(review.question, review)
    if complete and files:
        missing = sorted({q.number for c in challenges for q in c.questions} - set(reviews))
        if missing:
            problems.append(Problem("content/reviews/", "reviews", "-",
                                    f"{len(missing)} question(s) have no review: {_ranges(missing)}; every question"
                                    " carries the date it was last reviewed"))
    return reviews


def _repeated(values) -> list:
    """The values that occur more than once, each named once."""
    return [value for value, count in Counter(values).items() if count > 1]


def _label(record) -> str:
    if isinstance(record, Challenge):
        return f"challenge {record.section}"
    if isinstance(record, Category):
        return f"category {record.number}"
    return f"page {record.slug}"


def _ranges(numbers: list[int]) -> str:
    spans, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None]):
        if cur != prev + 1:
            spans.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(spans)
