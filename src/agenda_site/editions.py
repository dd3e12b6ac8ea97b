"""Editions: fixed copies of the agenda that a citation can name, as the Stanford Encyclopedia of
Philosophy freezes one each quarter (`python -m agenda_site edition NAME`).

An edition is a tagged release. Its name is the year and month it was released, "v2026.12"
(".2" for a second one in a month): calendar names, not semantic versions, because what a
reader of a citation needs to know is when the agenda stood so, and because the site makes no
promise of compatibility a version number could count (its URLs never break at all).

An edition is made once, when its tag is pushed (.github/workflows/publish.yml), from the records
as the tag holds them, into editions/<name>/:

    index.html                 the edition: its date, its commit, what changed since the edition
                               before, its questions
    questions/<N>/index.html   each question as it stood (templates/edition/question.html.j2)
    edition.css                their stylesheet
    agenda.json, questions.csv, references.bib, progress.bib, CITATION.cff
                               its data
    records.tar.gz             its records (content/), which later change logs start from
    edition.json               its manifest (published.EditionData)

The release carries that folder (edition-<name>.zip) beside the offline bundle and data files of
the tag's own build. Each deployment of the site brings every release's folder back into
editions/, and a build carries those folders into the site as they are (write_project copies
them; finish leaves them alone): later builds never change an edition.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from pydantic import ValidationError

from .agenda import Agenda
from .bibtex import bibtex, progress_bibtex
from .changes import Change, RevisionError, compare, records_at
from .checks import RecordError, printable
from .exports import agenda_json, questions_csv
from .load import load_agenda
from .pages import Templates
from .published import EditionChangeData, EditionData
from .schema import EDITION_NAME, edition_name
from .security import audit_page, lacks_policy
from .settings import Settings
from .urls import edition_folder, edition_question_path
from .views import STYLESHEET_NAME, Views

NAME = re.compile(EDITION_NAME)
MANIFEST = "edition.json"
RECORDS = "records.tar.gz"


class EditionError(Exception):
    """An edition cannot be made or read; the message says which and why."""


def edition_order(name: str) -> tuple[int, int, int]:
    """Editions in the order they were released: v2026.12 < v2026.12.2 < v2027.01."""
    year, month, *again = name[1:].split(".")
    return int(year), int(month), int(again[0]) if again else 1


def edition_tags(root: Path) -> list[str]:
    """The editions git knows, as tags, in the order they were released."""
    return sorted((tag for tag in _git(root, "tag", "--list", "v*").split() if NAME.match(tag)), key=edition_order)


def questions_touched(change: Change, agenda: Agenda) -> list[int]:
    """The questions whose pages a change alters: its own; the questions citing a reference
    (themselves or through the sub-sections they draw on); the questions of a challenge."""
    if change.question is not None:
        return [change.question]
    if change.kind.startswith("reference"):
        return [q.number for q in agenda.questions if change.record in sum(agenda.question_cites(q), [])]
    if change.kind == "challenge":
        return [q.number for c in agenda.challenges if c.section == change.record for q in c.questions]
    return []


def change_data(changes: list[Change], old: Agenda, new: Agenda) -> list[EditionChangeData]:
    """The changes as a manifest lists them, each with the questions it touches (in the older
    records for what is gone, the newer for the rest)."""
    return [EditionChangeData(question=c.question, kind=c.kind, subject=c.subject, record=c.record,
                              touches=sorted(set(questions_touched(c, old if c.kind == "reference-removed" else new))))
            for c in changes]


def _git(root: Path, *args: str) -> str:
    found = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if found.returncode != 0:
        raise RevisionError(f"git {' '.join(args)}: {found.stderr.strip()}")
    return found.stdout.strip()


def make_edition(name: str, root: Path, templates_dir: Path, stylesheet: Path, editions_dir: Path,
                 settings: Settings, revision: str | None = None) -> EditionData:
    """editions_dir/<name>/ from the records of revision (the tag name, unless told), its
    changes counted from the edition tagged before it. Raises EditionError, RevisionError or
    RecordError; a folder of that name already there is replaced only once the new one is whole."""
    try:
        edition_name(name)
    except ValueError as error:
        raise EditionError(f"{printable(name)!r} is no edition name: {error}") from None
    revision = revision or name
    agenda = records_at(revision, root)
    earlier = [tag for tag in edition_tags(root) if edition_order(tag) < edition_order(name)]
    previous = earlier[-1] if earlier else None
    before = records_at(previous, root) if previous else None
    changes = change_data(compare(before, agenda), before, agenda) if before else []
    commit = _git(root, "rev-parse", f"{revision}^{{commit}}")
    date = datetime.date.fromisoformat(_git(root, "log", "-1", "--format=%cs", commit))
    edition = EditionData(edition=name, date=date, commit=commit, previous=previous, changes=changes, files={})

    views = Views(agenda, settings)
    templates = Templates(templates_dir, views)
    files: dict[str, bytes] = {}
    for question in agenda.questions:
        path = edition_question_path(name, question.number).removeprefix(edition_folder(name))
        files[path] = templates.html.get_template("edition/question.html.j2").render(
            **views.frozen_question_context(question, edition)).encode("utf-8")
    files["index.html"] = templates.html.get_template("edition/index.html.j2").render(
        **views.frozen_edition_context(edition)).encode("utf-8")
    files[STYLESHEET_NAME] = stylesheet.read_bytes()
    files["agenda.json"] = agenda_json(agenda).encode("utf-8")
    files["questions.csv"] = questions_csv(agenda, True, settings.site_url).encode("utf-8")
    files["references.bib"] = bibtex(agenda.references).encode("utf-8")
    files["progress.bib"] = progress_bibtex([(id_, e.work) for id_, e in agenda.recent_progress]).encode("utf-8")
    files["CITATION.cff"] = templates.text.get_template("CITATION.cff.j2").render(
        edition=views.edition_reference(edition)).encode("utf-8")
    files[RECORDS] = subprocess.run(["git", "archive", "--format=tar.gz", commit, "content"], cwd=root,
                                    capture_output=True, check=True).stdout
    findings = [f"{path}: {problem}" for path, data in files.items() if path.endswith(".html")
                for problem in frozen_page_problems(data.decode("utf-8"), edition_folder(name) + path, settings)]
    if findings:
        raise EditionError(f"edition {name}: its pages did not pass the audit:\n  - " + "\n  - ".join(findings))
    edition = edition.model_copy(update={"files": {path: len(data) for path, data in sorted(files.items())}})
    files[MANIFEST] = (json.dumps(edition.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    editions_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=editions_dir))
    for path, data in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_bytes(data)
    target = editions_dir / name
    if target.exists():
        shutil.rmtree(target)
    work.rename(target)
    return edition


def frozen_page_problems(page_html: str, page: str, settings: Settings) -> list[str]:
    """What the site's audit finds on a frozen page, which carries its own policy."""
    return audit_page(page_html, page, None, settings.root_path) + (
        ["no Content-Security-Policy"] if lacks_policy(page_html) else [])


def load_editions(editions_dir: Path) -> list[EditionData]:
    """The editions in editions_dir (each folder's manifest), the newest first. A folder whose
    manifest is missing or wrong is a problem naming it and the field; so is one whose name is
    not its manifest's, or which lacks a file its manifest lists."""
    editions = []
    for folder in sorted(editions_dir.iterdir()) if editions_dir.is_dir() else []:
        if folder.name.startswith(".") or not folder.is_dir():
            continue  # a folder being written (make_edition), or anything else beside the editions
        shown = f"{editions_dir.name}/{folder.name}/{MANIFEST}"
        if not NAME.match(folder.name):
            raise EditionError(f"{editions_dir.name}/{folder.name}: not an edition's folder (an edition is named"
                               " vYYYY.MM); only editions belong in that folder")
        try:
            edition = EditionData.model_validate_json((folder / MANIFEST).read_bytes())
        except OSError as error:
            raise EditionError(f"{shown}: cannot be read ({error.strerror})") from None
        except ValidationError as error:
            first = error.errors()[0]
            raise EditionError(f"{shown}, field {'.'.join(map(str, first['loc'])) or '-'}: {first['msg']}") from None
        if edition.edition != folder.name:
            raise EditionError(f"{shown}, field edition: {edition.edition!r} is not the folder's name")
        missing = [path for path in edition.files if not (folder / path).is_file()]
        if missing:
            raise EditionError(f"{shown}, field files: {missing[0]} is listed but missing"
                               f"{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}")
        editions.append(edition)
    return sorted(editions, key=lambda e: edition_order(e.edition), reverse=True)


def edition_records(editions_dir: Path, name: str) -> Agenda:
    """An edition's records, as its records.tar.gz holds them, loaded with today's checks.
    Raises RecordError if they no longer pass them."""
    with tempfile.TemporaryDirectory(prefix="edition-records-") as folder:
        with tarfile.open(editions_dir / name / RECORDS) as tar:
            tar.extractall(folder, filter="data")
        return load_agenda(Path(folder) / "content")


def since_edition(editions_dir: Path, edition: EditionData, agenda: Agenda) -> list[EditionChangeData] | None:
    """What changed in the records since an edition (None if its records no longer pass
    today's checks, so that they cannot be compared)."""
    try:
        before = edition_records(editions_dir, edition.edition)
    except (RecordError, OSError, tarfile.TarError):
        return None
    return change_data(compare(before, agenda), before, agenda)


def carry_editions(editions_dir: Path, docs_dir: Path, editions: list[EditionData]) -> None:
    """Each edition's folder into the engine's docs/, byte for byte, where the engine copies it
    as it is (it builds only Markdown) and the site's links to it are checked."""
    for edition in editions:
        shutil.copytree(editions_dir / edition.edition, docs_dir / edition_folder(edition.edition))
