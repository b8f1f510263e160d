"""The output folder: one build writes into it at a time, and a write that fails says why in words.

In: the ``--out`` folder and the OSError a write met. Out: a lock held while a build
writes, and ``BuildError("cannot write build/en-GB/poster.pdf: disk full; free space and
build again")`` instead of an internal error. Temporary files carry a name only this tool
makes (``.<name>.a21-<pid>-<random>.part``), so cleaning up never touches a user's files.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import BuildError

_PARTIAL = re.compile(r"^\..+\.a21-(\d+)-[0-9a-f]{8}\.part$")
_ADVICE = {
    errno.ENOSPC: ("disk full", "free space and build again"),
    errno.EDQUOT: ("disk quota exceeded", "free space and build again"),
    errno.EROFS: ("the disk is read-only", "choose another folder with --out"),
    errno.EACCES: ("permission denied", "choose a folder you may write to with --out, or change its permissions"),
    errno.EPERM: ("permission denied", "choose a folder you may write to with --out, or change its permissions"),
    errno.ENAMETOOLONG: ("the path is too long", "choose a shorter --out folder"),
    errno.EFBIG: ("the file is larger than this system allows (ulimit -f)", "raise the limit and build again"),
    errno.EIO: ("the disk reported an input/output error", "check the disk and build again"),
    errno.EISDIR: ("a folder has this name", "name a file instead, or move the folder away"),
}


def partial_name(path: Path) -> Path:
    """A temporary name beside ``path`` that only this tool makes, owned by this process."""
    return path.with_name(f".{path.name}.a21-{os.getpid()}-{secrets.token_hex(4)}.part")


def is_partial(path: Path) -> bool:
    """Whether ``path`` is a temporary file of this tool whose build is no longer running.

    A live process's files are left alone (unless they are this process's own): another
    build may be writing them, even one that reached the folder without taking the lock.
    """
    match = _PARTIAL.match(path.name)
    if not match or not path.is_file() or path.is_symlink():
        return False
    pid = int(match.group(1))
    return pid == os.getpid() or not _alive(pid)


def clean_partials(out: Path) -> None:
    """Remove the temporary files a killed build of this tool left in ``out`` and its edition folders.

    Only names this tool makes, of processes no longer running (or this one), one level
    down: a user's ``downloads/.movie.mkv.part`` or another build's file in progress is
    never touched.
    """
    _remove(path for path in _temporaries(out) if is_partial(path))


def remove_own_partials(out: Path) -> None:
    """Remove this process's temporary files from ``out`` and its edition folders (after Ctrl-C)."""
    _remove(path for path in _temporaries(out) if int(_PARTIAL.match(path.name).group(1)) == os.getpid())


def _temporaries(out: Path) -> Iterator[Path]:
    """This tool's temporary names (any process's) in ``out`` and the folders just below it."""
    for folder in [out, *(p for p in _entries(out) if p.is_dir() and not p.is_symlink())]:
        yield from (p for p in _entries(folder) if _PARTIAL.match(p.name) and not p.is_symlink())


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            path.unlink()


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        pass
    return True


def cannot_write(path: Path, exc: OSError) -> BuildError:
    """``cannot write <path>: <reason>; <what to do>`` for an OSError met while writing ``path``."""
    blocker = _file_in_the_way(path) if exc.errno in (errno.ENOTDIR, errno.EEXIST) else None
    if blocker is not None:
        return BuildError(f"cannot write {path}: {blocker} is a file, not a folder; "
                          "move it away or choose another folder with --out")
    reason, advice = _reason(exc)
    return BuildError(f"cannot write {path}: {reason}; {advice}")


def _reason(exc: OSError) -> tuple[str, str]:
    """What went wrong and what to do, in words, for an errno."""
    return _ADVICE.get(exc.errno, ((exc.strerror or str(exc)).lower(), "check the output folder and build again"))


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest folder on ``path``'s way that exists as something other than a folder."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder while a build writes into it; others wait.

    The lock is taken on the folder itself (``flock`` on a descriptor of the directory), so
    no lock file is left in the user's folder, and a killed build releases it with its
    descriptors. Where ``fcntl`` does not exist (Windows) builds are not serialised.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise _folder_error(out, exc)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _folder_error(out: Path, exc: OSError) -> BuildError:
    """The output folder itself cannot be made or opened: name the folder."""
    blocker = _file_in_the_way(out / "x") if exc.errno in (errno.ENOTDIR, errno.EEXIST) else None
    if blocker is not None:
        return BuildError(f"cannot write into {out}/: {blocker} is a file, not a folder; "
                          "move it away or choose another folder with --out")
    reason, advice = _reason(exc)
    return BuildError(f"cannot write into {out}/: {reason}; {advice}")
