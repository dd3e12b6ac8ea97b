"""The one step after the engine, the same for every engine: each built page read once, its
theme markup corrected (theme.fix_markup), its Content-Security-Policy written, and audited;
then the theme's stylesheets trimmed to the rules the pages can use, and, for the online site,
the search index written from the finished pages (search.py). Nothing here writes HTML of its
own; it corrects and checks what the engine wrote.
"""

from __future__ import annotations

from pathlib import Path

from .editions import frozen_page_problems
from .search import SearchError, SearchRecord, write_search_index
from .security import Finding, audit_page, lacks_policy, with_policy
from .settings import Settings
from .stylesheets import TAG, WORD, TrimError, trim_theme_stylesheets
from .theme import WORKER_SHIM_PATH, Theme, fix_markup
from .urls import in_edition


class FinishError(Exception):
    """The built site did not pass: the message lists what was found, page by page."""


def finish(site_dir: Path | str, settings: Settings, theme: Theme, policy: bool = True,
           search_records: list[SearchRecord] | None = None, unindexed: frozenset[str] = frozenset()) -> int:
    """Finish the built site in site_dir; returns the number of pages. Raises FinishError if a
    page fails the audit, the stylesheets cannot be trimmed, or the search cannot be indexed.
    Without policy (the preview), pages carry none and the audit does not ask for one. With
    search_records (the online site), Pagefind indexes the pages but unindexed, and the records."""
    site_dir = Path(site_dir)
    # The offline build's search runs through a shim that writes an inline script: each page's
    # policy allows that script too.
    shim = site_dir / WORKER_SHIM_PATH
    worker_shim = shim.read_text(encoding="utf-8") if shim.is_file() else None
    findings: list[Finding] = []
    vocabulary: set[str] = set()
    pages = sorted(site_dir.rglob("*.html"))
    for path in pages:
        page = path.relative_to(site_dir).as_posix()
        built = path.read_text(encoding="utf-8")
        if in_edition(page):
            # An edition's page is carried as it was made, never changed (editions.py); it was
            # audited then, and is audited again here, as it is.
            findings += [Finding(page, problem) for problem in frozen_page_problems(built, page, settings)]
            continue
        text = fix_markup(built)
        if policy:
            text = with_policy(text, worker_shim)
            if lacks_policy(text):
                findings.append(Finding(page, "no Content-Security-Policy"))
        # Defence in depth: no page may hold what record text must never become.
        findings += [Finding(page, problem) for problem in audit_page(text, page, site_dir, settings.root_path)]
        for tag in TAG.findall(text):
            vocabulary.update(WORD.findall(tag))
        if text != built:
            path.write_text(text, encoding="utf-8")
    if findings:
        raise FinishError(audit_report(findings))
    try:
        trim_theme_stylesheets(site_dir, theme, vocabulary)
    except TrimError as error:
        raise FinishError(str(error)) from None
    if search_records is not None:
        try:
            write_search_index(site_dir, search_records, unindexed)
        except SearchError as error:
            raise FinishError(str(error)) from None
    return len(pages)


def audit_report(findings: list[Finding], limit: int = 50) -> str:
    """The audit's findings as one message, the first `limit` of them listed."""
    listed = "\n".join(f"  - {finding}" for finding in findings[:limit])
    more = f"\n  ... and {len(findings) - limit} more" if len(findings) > limit else ""
    return f"{len(findings)} problem(s) in the built pages:\n{listed}{more}"
