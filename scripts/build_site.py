"""Build site/ and dist/agenda-offline.zip safely (what `make site` runs).

- One build at a time: a second build started while one runs waits for it (a lock on
  build/.lock), so two builds never write the same files.
- site/ is always whole: the new site is built in a folder of its own and swapped in with one
  atomic exchange of the two folders. A failed or interrupted build leaves the last good site/
  (and its half-built folder is removed, or cleared by the next build).
- Strict: every MkDocs warning fails the build. Never --quiet, which hides warnings from
  --strict as well as from the reader.
- The offline edition first, then the online site, which offers that edition for download
  (downloads/agenda-offline.zip): both from the same commit, and the link never dangles.
Usage: python scripts/build_site.py [--offline-only]
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import offline_bundle

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SITE = ROOT / "site"
BUNDLE = ROOT / "dist" / "agenda-offline.zip"
RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step
AT_FDCWD = -100


@contextmanager
def build_lock():
    """Hold build/.lock for the whole build; wait, saying so, while another build holds it."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another build of this project is running; waiting for it to finish.", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def exchange(new: Path, current: Path) -> None:
    """Put new where current is, in one atomic step: after it, new holds the old site.
    Linux's renameat2 swaps two folders at once; where it is missing, two renames leave, for
    an instant, no site/ at all, but never a mix of two builds."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None and renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(current),
                                           RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if renameat2 is not None and code not in (errno.ENOSYS, errno.EINVAL):
        raise OSError(code, os.strerror(code), str(current))
    old = Path(tempfile.mkdtemp(prefix="site-old-", dir=BUILD))
    os.rename(current, old / "site")
    os.rename(new, current)
    os.rename(old / "site", new)
    old.rmdir()


def clear_leftovers() -> None:
    """Folders an interrupted build left behind (safe: the lock is held)."""
    for path in BUILD.glob("site-*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def build_online(site_dir: Path, bundle: Path) -> None:
    # The agenda plugin adds the bundle to the site and links it (mkdocs.yml reads the variable).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", AGENDA_OFFLINE_BUNDLE=str(bundle))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        raise SystemExit("The site was not built (see above); site/ still holds the last good build.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline-only", action="store_true", help="build only the offline bundle")
    args = parser.parse_args(argv)
    with build_lock():
        clear_leftovers()
        # The new bundle waits beside the build until the whole build has succeeded; only then
        # does it replace dist/'s (one rename), together with site/.
        new_bundle = BUILD / "site-bundle.zip"
        BUNDLE.parent.mkdir(parents=True, exist_ok=True)
        if args.offline_only:
            status = offline_bundle.main(["--output", str(new_bundle)])
            os.replace(new_bundle, BUNDLE)
            return status
        new = Path(tempfile.mkdtemp(prefix="site-", dir=BUILD))
        try:
            offline_bundle.main(["--output", str(new_bundle)])
            build_online(new, new_bundle)
            if SITE.exists():
                exchange(new, SITE)
            else:
                os.rename(new, SITE)
                new.mkdir()
            os.replace(new_bundle, BUNDLE)
        finally:
            shutil.rmtree(new, ignore_errors=True)
            new_bundle.unlink(missing_ok=True)
    print(f"Built {SITE.relative_to(ROOT)}/ and {BUNDLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: site/ and the offline bundle still hold the last good build.")
