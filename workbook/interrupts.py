"""Ctrl-C and SIGTERM, as the build sees them: an exception in the parent, held at the few moments
when one would leave a mess.

In: the signals a person or a service manager sends. Out: ``KeyboardInterrupt`` for SIGINT
(Python's own) and ``Interrupted(SIGTERM)`` for SIGTERM, raised in the parent so that every
``finally`` runs (worker processes ended, temporary files removed, the output lock released)
and the command line answers with one line and exit code 128 + the signal's number.
``held()`` postpones both while the build forks its workers or renames finished PDFs into
place: a signal then takes effect a few milliseconds later, at a moment that leaves nothing
half done.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import Interrupted

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def as_exceptions() -> Iterator[None]:
    """SIGTERM raises ``Interrupted`` (SIGINT raises KeyboardInterrupt) while the command runs.

    Python's default for SIGTERM is to die at once, skipping every ``finally``: worker
    processes would be left running and temporary files on disk. Outside the main thread
    (an embedding program) signals cannot be handled, and nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.getsignal(s) for s in SIGNALS}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def ignore() -> None:
    """After an interrupt: a second Ctrl-C while cleaning up and exiting must not print a traceback."""
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


def hold() -> set[int]:
    """Postpone Ctrl-C and SIGTERM in this thread (and in processes forked from it); return the old mask."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def release(mask: set[int]) -> None:
    """Restore the mask ``hold`` returned: a signal that came meanwhile is raised here, now."""
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextmanager
def held() -> Iterator[None]:
    """Signals wait until the block is done (renaming finished PDFs into place: milliseconds)."""
    mask = hold()
    try:
        yield
    finally:
        release(mask)
