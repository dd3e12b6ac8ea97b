"""Which commit a build comes from, and the time it carries: the commit's, not the clock's,
so that two builds of one commit are identical (sitemap dates, archive timestamps)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Zip files cannot hold times before 1980; a build outside git uses this.
EARLIEST = 315532800


def git(project_dir: Path | str, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=project_dir, capture_output=True, text=True,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def commit_id(project_dir: Path | str) -> str | None:
    return git(project_dir, "rev-parse", "--short=10", "HEAD")


def build_timestamp(project_dir: Path | str) -> int:
    """SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the last commit's time."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH") or git(project_dir, "log", "-1", "--format=%ct")
    return max(int(stamp), EARLIEST) if stamp and stamp.isdigit() else EARLIEST
