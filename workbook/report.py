"""What a build says when it ends: the files it wrote and what is still to confirm or review.

Only the standard library, so ``cli`` can replay the summary of an unchanged build
(``shortcut``) without loading the layout code. A report round-trips through JSON: the
paths are stored relative to the output folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)  # every PDF of the build, those served from the cache too
    unchanged: list[Path] = field(default_factory=list)  # PDFs whose inputs had not changed: not composed again
    to_confirm: dict[str, list[str]] = field(default_factory=dict)  # value, place and reason → editions
    to_verify: dict[str, list[str]] = field(default_factory=dict)  # `verify:` notes → editions
    sources: dict[str, list[str]] = field(default_factory=dict)  # confirmed values and their sources → editions
    proofs: dict[str, int] = field(default_factory=dict)  # edition → values to confirm (proofs only)
    failed: dict[str, str] = field(default_factory=dict)
    translation: dict[str, tuple[int, int]] = field(default_factory=dict)  # language → (missing, unreviewed)
    warnings: list[str] = field(default_factory=list)  # content problems that did not stop the build
    editorial: dict[str, list[str]] = field(default_factory=dict)  # language → path:line of words not in the source
    seconds: float = 0.0

    def to_json(self, out: Path) -> dict[str, Any]:
        """The summary's content, paths relative to ``out``, tables as pairs (the manifest sorts
        keys, the summary keeps the build's order); not the time, which is the replay's own."""
        tables = {name: [[k, v] for k, v in getattr(self, name).items()] for name in TABLES}
        return {"written": [p.relative_to(out).as_posix() for p in self.written], "warnings": self.warnings, **tables}

    @classmethod
    def from_json(cls, data: dict[str, Any], out: Path) -> Report:
        """The report of a build whose every PDF is served unchanged (``shortcut.replay``)."""
        written = [out / rel for rel in data["written"]]
        tables = {name: {k: v for k, v in data[name]} for name in TABLES}
        tables["translation"] = {lang: (int(m), int(u)) for lang, (m, u) in tables["translation"].items()}
        return cls(written=written, unchanged=list(written), warnings=list(data["warnings"]), **tables)


TABLES = ("to_confirm", "to_verify", "sources", "proofs", "translation", "editorial")  # what to_json keeps in order
