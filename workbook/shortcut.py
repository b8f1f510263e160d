"""A build whose every input is unchanged is answered before anything heavy is imported.

``cache`` decides job by job, but only after the project is loaded and checked, which
costs more than a second. This module answers the commonest rebuild, the one where
nothing changed, from the manifest alone: the key of a whole command is the hash of the
project's content/, templates/ and assets/ (every file, path and bytes), the tool's
version, the options given and SOURCE_DATE_EPOCH. When the last good build with that key
left every PDF it wrote on disk with the recorded SHA-256, its report is replayed and no
file is written. Anything else (an edit, a damaged or missing PDF, ``--force``) goes the
long way, through ``pipeline``, which records the key for next time.

Only the standard library and ``cache``, ``report``: this runs before ReportLab is loaded.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import cache
from .report import Report

KEPT = 8  # builds remembered per output folder: a designer alternates between a few commands
FOLDERS = ("content", "templates", "assets")


def key(root: Path, editions: list[str] | None, products: list[str] | None, variants: list[str] | None,
        final: bool) -> str:
    """The key of one command on one project: what it reads and how it was asked."""
    files = sorted((p for folder in FOLDERS for p in (root / folder).rglob("*") if p.is_file()),
                   key=lambda p: p.relative_to(root).as_posix())
    text = json.dumps({"tree": cache.files_hash(root, files), "tool": cache.tool_version(),
                       "editions": editions, "products": products, "variants": variants, "final": final,
                       "epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def replay(out: Path, command: str) -> Report | None:
    """The report of the last good build with this key, if every PDF it wrote is still intact."""
    for build in cache.read_manifest(out).get("builds", []):
        if isinstance(build, dict) and build.get("key") == command:
            try:
                if all(hashlib.sha256((out / rel).read_bytes()).hexdigest() == sha
                       for rel, sha in build["outputs"].items()):
                    return Report.from_json(build["report"], out)
            except (OSError, KeyError, TypeError, ValueError, AttributeError):
                return None
    return None


def remember(builds: Any, command: str, report: Report, out: Path, jobs: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's list of builds with this one first (``jobs``: the manifest's job entries,
    which hold the SHA-256 of every PDF); the oldest beyond ``KEPT`` are forgotten."""
    sha = {rel: digest for entry in jobs.values() for rel, digest in entry["outputs"].items()}
    outputs = {p.relative_to(out).as_posix(): sha.get(p.relative_to(out).as_posix(), "") for p in report.written}
    this = {"key": command, "outputs": outputs, "report": report.to_json(out)}
    others = [b for b in builds if isinstance(b, dict) and b.get("key") != command] if isinstance(builds, list) else []
    return [this, *others][:KEPT]
