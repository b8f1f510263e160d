"""Watch the project and say when to build again: the designer's loop.

In: the project root. Out: an endless series of "something changed" events (the files
that changed), for ``cli`` to answer each with the same build a plain ``build.py`` runs.
The process stays alive between builds, so the imports, the fonts and the build cache's
hashes are paid once; a build that fails writes nothing (``pipeline``), so the last good
PDFs stay in the output folder until the content is fixed.

Only content/, templates/ and assets/ are watched (what a build reads); editor backup
and swap files are ignored.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

WATCHED = ("content", "templates", "assets")


def fingerprint(root: Path) -> tuple:
    """Every watched file's path, size and modification time: a save during a build shows here."""
    found = []
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                found.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _wanted(change, path: str) -> bool:
    name = Path(path).name
    return not (name.startswith((".#", ".")) and name.endswith((".swp", ".swx", ".tmp")) or name.endswith("~"))


def changes(root: Path, since: tuple) -> Iterator[list[str]]:
    """Yield the project-relative paths of each batch of changes, from the ``since`` fingerprint on.

    The watcher is opened afresh for every wait and closed before the caller builds (the
    build forks workers, which should not inherit a watching thread); a save that came
    while the build ran is caught by comparing fingerprints, and answered at once.
    """
    from watchfiles import watch  # only the watch command needs it

    folders = [str(root / f) for f in WATCHED if (root / f).is_dir()]
    while True:
        now = fingerprint(root)
        if now != since:
            before = {p: (s, t) for p, s, t in since}
            changed = sorted(p for p, s, t in now if before.get(p) != (s, t)) or ["(a file was removed)"]
            since = now  # what the build about to run reads: a save during it differs from this
            yield changed
            continue
        # At most a second per wait: a save that landed after the fingerprint above but before
        # the watcher started is then caught by the next comparison, never missed.
        for _batch in watch(*folders, watch_filter=_wanted, debounce=400, step=10, rust_timeout=1000,
                            yield_on_timeout=True):
            break
