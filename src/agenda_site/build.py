"""site/ and dist/agenda-offline.zip, built safely (`make site`, `python -m agenda_site site`).

- One build at a time: a second build started while one runs waits for it (a lock on
  build/.lock), so two builds never write the same files.
- site/ is always whole: the new site is built in a folder of its own and swapped in with one
  atomic exchange of the two folders. A failed or interrupted build leaves the last good site/
  and bundle (its half-built folders are cleared by the next build).
- The offline edition first, then the online site, which offers that edition for download
  (downloads/agenda-offline.zip): both from the same commit, and the link never dangles.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .bundle import build_bundle
from .engines import ENGINES, BuildError, build
from .generate import ONLINE, Sources

RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step
AT_FDCWD = -100


@contextmanager
def build_lock(build_dir: Path):
    """Hold build/.lock for the whole build; wait, saying so, while another build holds it."""
    build_dir.mkdir(exist_ok=True)
    with open(build_dir / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another build of this project is running; waiting for it to finish.", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def exchange(new: Path, current: Path, build_dir: Path) -> None:
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
    old = Path(tempfile.mkdtemp(prefix="site-old-", dir=build_dir))
    os.rename(current, old / "site")
    os.rename(new, current)
    os.rename(old / "site", new)
    old.rmdir()


def clear_leftovers(build_dir: Path) -> None:
    """Folders an interrupted build left behind (safe: the lock is held)."""
    for path in build_dir.glob("site-*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def build_site(sources: Sources = Sources()) -> None:
    """site/ and dist/agenda-offline.zip in the project folder of sources."""
    build_dir, site, bundle = sources.root / "build", sources.root / "site", sources.root / "dist" / "agenda-offline.zip"
    with build_lock(build_dir):
        clear_leftovers(build_dir)
        work = Path(tempfile.mkdtemp(prefix="site-", dir=build_dir))
        # The new bundle waits in the build's folder until the whole build has succeeded; only
        # then does it replace dist/'s (one rename), together with site/.
        new_bundle = work / "agenda-offline.zip"
        try:
            build_bundle(new_bundle, work / "offline", sources)
            new_site = build(work / "online", ONLINE, ENGINES["mkdocs"], sources, offline_bundle=new_bundle).site_dir
            if site.exists():
                exchange(new_site, site, build_dir)
            else:
                os.rename(new_site, site)
            bundle.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new_bundle, bundle)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("Built site/ and dist/agenda-offline.zip", flush=True)


def main(sources: Sources = Sources()) -> int:
    try:
        build_site(sources)
    except BuildError as error:
        print(f"{error}\nThe site was not built; site/ and the offline bundle still hold the last good build.",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: site/ and the offline bundle still hold the last good build.", file=sys.stderr)
        return 130
    return 0
