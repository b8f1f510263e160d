"""Errors that reach a person: every one names where it comes from and what to do.

One message format for the whole tool, as compilers use: ``path:line:col: field: message``.
Library code raises these; only the command line turns them into exit codes.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Where:
    """A place in a content file: relative path, 1-based line and column, field path."""

    path: str
    line: int = 0
    col: int = 0
    field: str = ""

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{place}: {self.field}" if self.field else place

    def child(self, field: str) -> "Where":
        """The same place, for a field inside this one (``flags`` → ``flags[2].text``)."""
        joined = f"{self.field}{field}" if field.startswith("[") or not self.field else f"{self.field}.{field}"
        return Where(self.path, self.line, self.col, joined)


class BuildError(Exception):
    """Something in the content or the build is wrong; the message says where and what to do.

    ReportLab re-raises some exceptions raised inside its layout (a page hook, a table
    cell) as ``type(exc)(annotated_text)``, which would lose the place and the words of
    ours. ``__new__`` hands back the original error instead, so what reaches the person is
    exactly what the content check said.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "BuildError":
        handling = sys.exc_info()[1]
        if (type(handling) is cls and len(args) == 1 and not kwargs and isinstance(args[0], str)
                and str(handling) and str(handling) in args[0]):
            return handling
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args: Any) -> None:
        if getattr(self, "_ready", False):  # the original, handed back by __new__: keep it as it was
            return
        super().__init__(*args)
        self._ready = True


class ContentError(BuildError):
    """One problem at one place in the content."""

    def __init__(self, where: Where | str, message: str = "") -> None:
        if getattr(self, "_ready", False):
            return
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if message else str(where))


class ContentErrors(BuildError):
    """Several content problems found in one pass, reported together (sorted by file and line)."""

    def __init__(self, errors: list[ContentError] | str) -> None:
        if getattr(self, "_ready", False):
            return
        self.errors = sorted(flatten(errors), key=_order) if not isinstance(errors, str) else []
        super().__init__("\n".join(str(e) for e in self.errors) if self.errors else str(errors))


class EditionsFailed(BuildError):
    """Some editions failed; the others were written. ``report`` is the build's report."""

    def __init__(self, failed: dict[str, str] | str, report: Any = None) -> None:
        if getattr(self, "_ready", False):
            return
        self.failed = failed if isinstance(failed, dict) else {}
        self.report = report
        text = "\n".join(dict.fromkeys(self.failed.values())) if self.failed else str(failed)
        super().__init__(text)


class ProofRefused(BuildError):
    """``--final`` was asked for editions that are still proofs: every value to confirm, listed."""

    def __init__(self, proofs: dict[str, list[Any]] | str) -> None:
        if getattr(self, "_ready", False):
            return
        self.proofs = proofs if isinstance(proofs, dict) else {}
        lines = []
        for code, items in self.proofs.items():
            lines.append(f"{code} is a proof, not a final edition: {len(items)} to confirm")
            lines += [f"  {item}" for item in items]
        lines.append("nothing was written; confirm each value (see README, \"Proof and final\") or build without --final")
        super().__init__("\n".join(lines) if self.proofs else str(proofs))


class UsageError(Exception):
    """The command line asked for something that does not exist (exit code 2)."""


class Interrupted(KeyboardInterrupt):
    """A signal asked the build to stop (SIGTERM; Ctrl-C is Python's own KeyboardInterrupt).

    A KeyboardInterrupt, so that whatever cleans up after Ctrl-C cleans up after SIGTERM
    too; the command line exits with 128 + ``signum`` (143 for SIGTERM).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def flatten(errors: list[BuildError]) -> list[BuildError]:
    """ContentErrors inside a list become their single errors, so every line is sorted once."""
    out: list[BuildError] = []
    for e in errors:
        out += e.errors if isinstance(e, ContentErrors) else [e]
    return out


def _order(error: BuildError) -> tuple[str, int, int, str]:
    """Sort by file, then line and column as numbers (line 10 after line 9), then text."""
    where = getattr(error, "where", None)
    if isinstance(where, Where):
        return where.path, where.line, where.col, str(error)
    return str(where or error), 0, 0, str(error)


def raise_all(errors: list[ContentError]) -> None:
    """Raise every collected error at once, or nothing when the list is empty."""
    errors = flatten(errors)
    unique = list({str(e): e for e in errors}.values())  # one message once, even if found twice
    if len(unique) == 1:
        raise unique[0]
    if unique:
        raise ContentErrors(unique)

