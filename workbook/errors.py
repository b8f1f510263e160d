"""Errors that reach a person: every one names where it comes from and what to do.

One message format for the whole tool, as compilers use: ``path:line:col: field: message``.
Library code raises these; only the command line turns them into exit codes.
"""
from __future__ import annotations

from dataclasses import dataclass


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
    """Something in the content or the build is wrong; the message says where and what to do."""


class ContentError(BuildError):
    """One problem at one place in the content."""

    def __init__(self, where: Where | str, message: str):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


class ContentErrors(BuildError):
    """Several content problems found in one pass, reported together."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors, key=lambda e: str(e))
        super().__init__("\n".join(str(e) for e in self.errors))


class UsageError(Exception):
    """The command line asked for something that does not exist (exit code 2)."""


def raise_all(errors: list[ContentError]) -> None:
    """Raise every collected error at once, or nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ContentErrors(errors)
