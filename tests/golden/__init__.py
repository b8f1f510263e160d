"""Golden text: what each PDF of each edition says, page by page, kept in the repository.

``tests/golden/<edition>/<output>.json`` records a PDF's page count, page sizes (pt, to
0.01) and the text pypdf extracts from every page (as whitespace-normalised lines).
tests/test_golden.py compares a fresh build with these files and shows a unified diff.
``tests/golden/struct-text/<edition>/<output>.txt`` records the logical structure (reading
order) of each tagged product, as ``pdfinfo -struct-text`` prints it (tests/test_accessible.py).

After an intended change of words or layout, regenerate them from the repository root:

    python -m tests.golden          (or: pytest --update-golden)

and review ``git diff tests/golden/`` before committing.
"""
from __future__ import annotations

import difflib
import json
import tempfile
from pathlib import Path
from typing import Any

from ..helpers import GOLDEN, OUTPUTS, ROOT, build_all, golden_path, snapshot, struct_golden_path, struct_text


def dump(data: dict[str, Any]) -> str:
    """JSON with one text line per line of the file, so that git diffs read like the PDF."""
    text = json.dumps(data["text"], indent=1, ensure_ascii=False).replace("\n", "\n ")
    return (f'{{\n "pages": {data["pages"]},\n "page_sizes": {json.dumps(data["page_sizes"])},\n'
            f' "text": {text}\n}}\n')


def write(edition: str, output: str, pdf: Path) -> Path:
    path = golden_path(edition, output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(snapshot(pdf)), encoding="utf-8")
    return path


def write_struct(edition: str, output: str, pdf: Path) -> Path:
    """The logical structure of a tagged PDF, as ``pdfinfo -struct-text`` prints it."""
    path = struct_golden_path(edition, output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(struct_text(pdf), encoding="utf-8")
    return path


def stale(keep: set[Path]) -> list[Path]:
    """Golden files that no longer match any PDF of the build."""
    return sorted(p for p in [*GOLDEN.glob("*/*.json"), *GOLDEN.glob("struct-text/*/*.txt")] if p not in keep)


def regenerate(root: Path = ROOT) -> tuple[list[Path], list[Path]]:
    """Build every edition of ``root`` into a temporary folder and rewrite the golden files.
    Returns (files written, stale files removed)."""
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        out = Path(tmp)
        report = build_all(root, out)
        written = [write(pdf.parent.name, pdf.stem, pdf) for pdf in sorted(report.written)]
        written += [write_struct(pdf.parent.name, pdf.stem, pdf) for pdf in sorted(report.written)
                    if pdf.stem in OUTPUTS]  # the tagged products (plain); gray ones share their structure
    removed = stale(set(written))
    for path in removed:
        path.unlink()
    for folder in [*GOLDEN.iterdir(), *GOLDEN.glob("struct-text/*")]:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return written, removed


def differences(expected: dict[str, Any], actual: dict[str, Any], name: str) -> str:
    """A readable account of how a PDF differs from its golden record ('' if it does not)."""
    out = []
    if expected["pages"] != actual["pages"]:
        out.append(f"{name}: {actual['pages']} pages, golden has {expected['pages']}")
    if expected["page_sizes"] != actual["page_sizes"]:
        out.append(f"{name}: page sizes {actual['page_sizes']}, golden has {expected['page_sizes']}")
    pages = max(len(expected["text"]), len(actual["text"]))
    for n in range(pages):
        old = expected["text"][n] if n < len(expected["text"]) else []
        new = actual["text"][n] if n < len(actual["text"]) else []
        if old != new:
            out.append("\n".join(difflib.unified_diff(
                old, new, fromfile=f"golden {name} page {n + 1}", tofile=f"built {name} page {n + 1}", lineterm="")))
    return "\n".join(out)
