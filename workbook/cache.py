"""The build cache: a job whose inputs did not change is not composed again.

In: the jobs a build plans, each with a key (the hash of everything its PDFs are made
from), and the output folder. Out: the jobs still to run, and after a good build the
manifest that records them. The manifest is ``<out>/.cache/manifest.json``: for each job
(``en-GB/poster``) its key, the SHA-256 of every PDF it wrote, and its warnings (so the
summary of a cached build says what a cold one says).

A job is served from the cache only when its key is the recorded one *and* every PDF it
wrote is on disk with the recorded SHA-256: a PDF that was truncated, edited or deleted,
or a manifest that cannot be read, makes the job run again. Nothing is stored twice: the
PDFs in the output folder are the cache's entries. Everything here is pure reading except
``record``, which the pipeline calls with the output folder's lock held.
"""
from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
FORMAT = 2  # bump when the manifest's shape changes: an old one is then ignored
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("reportlab", "pypdf", "pypdfium2", "uharfbuzz", "svglib", "qrcode", "Jinja2", "pydantic", "ruamel.yaml")


def edition_files(root: Path, language: str, region: str, source: str) -> list[Path]:
    """Every file an edition reads, sorted by project-relative path.

    templates/ and assets/ whole; of content/, the files every edition reads
    (editions.yaml, links.yaml), its region's file, and its language's folder, plus the
    source language's folder when the edition is a translation or the pseudo-locale (a
    string a translation lacks prints in the source language). The same scopes as
    ``project._scope``, which blames an error on the editions that read its file.
    """
    content = root / "content"
    folders = [root / "templates", root / "assets"]
    languages = {language, source} if (content / language).is_dir() else {source}
    folders += [content / lang for lang in sorted(languages)]
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    files += [p for p in (content / "editions.yaml", content / "links.yaml", content / "regions" / f"{region}.yaml")
              if p.is_file()]
    return sorted(set(files), key=lambda p: p.relative_to(root).as_posix())


def files_hash(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over (project-relative POSIX path, NUL, bytes) of each file, in the given order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def tool_version() -> str:
    """The tool's own version: its source files and the libraries that draw and write PDFs."""
    digest = hashlib.sha256(files_hash(_PACKAGE, sorted(_PACKAGE.rglob("*.py"))).encode())
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def job_key(inputs_hash: str, options: dict[str, Any]) -> str:
    """A job's key: its edition's inputs, the tool's version and the options that shape its PDFs."""
    text = json.dumps({"format": FORMAT, "tool": tool_version(), "inputs": inputs_hash, **options},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest, or nothing when it is missing, unreadable or of another format."""
    try:
        data = json.loads((out / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), dict):
        return {}
    return data


def load(out: Path) -> dict[str, Any]:
    """The recorded jobs (nothing when the manifest cannot be used)."""
    return read_manifest(out).get("jobs", {})


def fresh(entry: Any, key: str, out: Path) -> bool:
    """Whether a recorded job can be served: same key, and every PDF it wrote is intact."""
    if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("outputs"), dict):
        return False
    for rel, sha in entry["outputs"].items():
        try:
            if hashlib.sha256((out / rel).read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return bool(entry["outputs"]) and isinstance(entry.get("warnings", []), list)


def entry(key: str, outputs: dict[str, bytes], warnings: list[str], seconds: float) -> dict[str, Any]:
    """What the manifest records of one job that ran (``outputs``: relative path → PDF bytes)."""
    return {"key": key, "outputs": {rel: hashlib.sha256(pdf).hexdigest() for rel, pdf in sorted(outputs.items())},
            "warnings": list(warnings), "seconds": round(seconds, 3)}


def seconds(entry: Any) -> float | None:
    """How long a recorded job took last time, if the manifest says."""
    value = entry.get("seconds") if isinstance(entry, dict) else None
    return float(value) if isinstance(value, (int, float)) and value >= 0 else None


def manifest_bytes(jobs: dict[str, Any], builds: list[dict[str, Any]] | None = None) -> bytes:
    """The manifest file's bytes (sorted keys: the same jobs give the same file); ``builds``
    are the last good commands, newest first (``shortcut``)."""
    return (json.dumps({"format": FORMAT, "jobs": jobs, "builds": builds or []}, sort_keys=True, indent=1)
            + "\n").encode()


def manifest_path(out: Path) -> Path:
    return out / CACHE_DIR / MANIFEST
