"""Read a project file safely: a regular file, inside its top folder, no larger than it should be.

In: a path and the name the project knows it by (``content/en/poster.yaml``). Out: its
bytes, or a ContentError naming the file and what to do. Content, theme and emoji SVGs
are read through here, so a FIFO, a device, a link out of the project or a multi-gigabyte
file is refused before a byte is parsed.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from .errors import ContentError, Where


def read_capped(path: Path, rel: str, limit: int) -> bytes:
    """A project file's bytes: a regular file inside its top folder, at most ``limit`` bytes.

    A FIFO would hang the build and a link to ``/dev/zero`` would fill the memory, so the
    file is opened without blocking and checked with ``fstat`` before anything is read;
    a link that leads out of ``content/`` (or ``templates/``, ``assets/``) is refused.
    """
    _confined(path, rel)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ContentError(Where(rel), "this file is missing; restore it (see content/README.md)")
    except OSError as exc:
        raise ContentError(Where(rel), f"this file cannot be read ({exc.strerror}); check it is a readable file")
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(Where(rel), "this is not a regular file (a folder, pipe or device); "
                                           "replace it with a plain text file")
        data = f.read(limit + 1)
    if len(data) > limit:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
        raise ContentError(Where(rel), f"this file is larger than {size}, far more than it should hold; check it "
                                       "is the right file (content files are a few KB: split a longer one)")
    return data


def _confined(path: Path, rel: str) -> None:
    """Refuse a file whose real place is outside the top folder its name says (``content/`` ...).

    The top folder is found from ``rel`` (the path as the project names it), so a top folder
    that is itself a link to elsewhere is refused too.
    """
    parts = PurePosixPath(rel).parts
    text = path.as_posix()
    if len(parts) < 2 or not text.endswith(rel):
        return
    root = Path(text[: len(text) - len(rel)] or ".")
    top = root.resolve() / parts[0]
    if not path.resolve().is_relative_to(top):
        raise ContentError(Where(rel), f"this file links to a place outside {parts[0]}/; copy the file into "
                                       f"{parts[0]}/ instead of linking to it")
