"""What a build shows while it runs: per edition, its jobs done out of its jobs planned.

In: the plan's jobs per edition, then one call per finished job (from the parent process,
as each worker's result arrives). Out: on a terminal, one bar per edition (rich), cleared
when the build ends so the summary follows as it always has; anywhere else (piped, a file,
CI) nothing at all, so logs hold the same summary as before and no animation.
"""
from __future__ import annotations

import os
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def planned(self, jobs: dict[str, int]) -> None: ...
    def done(self, edition: str) -> None: ...
    def close(self) -> None: ...


class Quiet:
    """No display: for pipes, files, CI and the tests."""

    def planned(self, jobs: dict[str, int]) -> None:
        pass

    def done(self, edition: str) -> None:
        pass

    def close(self) -> None:
        pass


class Bars:
    """One rich progress bar per edition on ``stream``; rich is imported only here, on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Rich, TextColumn, TimeElapsedColumn

        self._bars = Rich(TextColumn("{task.description:8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=Console(file=stream), transient=True)
        self._tasks: dict[str, Any] = {}

    def planned(self, jobs: dict[str, int]) -> None:
        self._bars.start()
        self._tasks = {edition: self._bars.add_task(edition, total=n) for edition, n in jobs.items()}

    def done(self, edition: str) -> None:
        if edition in self._tasks:
            self._bars.advance(self._tasks[edition])

    def close(self) -> None:
        self._bars.stop()


def for_stream(stream: TextIO) -> Progress:
    """Bars on an interactive terminal (not under CI, not with TERM=dumb), else nothing."""
    interactive = stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
    return Bars(stream) if interactive else Quiet()
