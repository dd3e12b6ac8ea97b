"""Rewrite the golden files (site_tests/golden/<case>/expected/) after an intended change to
what the records render to; then review the diff with `git diff site_tests/golden` before
committing it. The test (site_tests/render/test_golden.py) only ever compares.

Usage: .venv/bin/python tools/update_golden.py
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from agenda_site.generate import render_site
from agenda_site.load import load_agenda
from agenda_site.settings import Settings

GOLDEN = Path(__file__).resolve().parent.parent / "site_tests" / "golden"
# The address the golden cases are rendered for (the test renders them for it too).
SITE_URL = "https://example.org/agenda/"


def rendered(case: Path):
    return render_site(load_agenda(case / "content"), Settings(SITE_URL))


def main() -> int:
    for case in sorted(p for p in GOLDEN.iterdir() if (p / "content").is_dir()):
        site = rendered(case)
        expected = case / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        for path, text in {**site.pages, **site.files}.items():
            (expected / path).parent.mkdir(parents=True, exist_ok=True)
            (expected / path).write_text(text, encoding="utf-8")
        (expected / "nav.json").write_text(json.dumps(site.nav, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {expected}: {len(site.pages)} pages, {len(site.files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
