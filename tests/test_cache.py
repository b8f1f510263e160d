"""The build cache (workbook/cache.py): a rebuild composes only the editions whose files changed,
writes nothing when nothing changed, never serves a damaged entry, and gives the bytes of a
cold build.

Every build here is the poster alone, plain, of every edition (five jobs), in this process.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import cache
from workbook.pipeline import build

ONLY = dict(products=["poster"], variants=["plain"])


def state(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the output folder: (inode, mtime in ns, bytes), to tell a rewrite from none."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    """Files added, removed or written again (a rename into place gives a new inode)."""
    return {name for name in before.keys() | after.keys() if before.get(name, (None,))[:2] != after.get(name, (None,))[:2]}


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


@pytest.fixture
def project(tmp_project) -> Path:
    return tmp_project()


def test_nothing_changed_writes_nothing_and_serves_every_pdf(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(project, out, **ONLY)
    assert not first.unchanged and len(first.written) == 5
    assert (out / cache.CACHE_DIR / cache.MANIFEST).is_file()
    before = state(out)
    again = build(project, out, **ONLY)
    assert sorted(again.unchanged) == sorted(first.written) == sorted(again.written)
    assert again.warnings == first.warnings
    assert not rewritten(before, state(out)), "a rebuild with nothing changed wrote a file"


def test_an_edit_rebuilds_only_the_editions_that_read_it_and_matches_a_cold_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, out, **ONLY)
    region = project / "content" / "regions" / "GB.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("The NSPCC Helpline", "The NSPCC Helpline (edited)"),
                      encoding="utf-8")
    before = state(out)
    report = build(project, out, **ONLY)
    changed = {name for name in rewritten(before, state(out)) if name.endswith(".pdf")}
    assert changed == {"en-GB/poster.pdf", "qps/poster.pdf"}, "a GB helpline rebuilds the editions of region GB only"
    assert {p.parent.name for p in report.unchanged} == {"en-KH", "en-US", "km-KH"}

    translation = project / "content" / "km" / "poster.yaml"
    translation.write_bytes(translation.read_bytes() + b"\n# edited\n")
    before = state(out)
    build(project, out, **ONLY)
    assert {n for n in rewritten(before, state(out)) if n.endswith(".pdf")} == {"km-KH/poster.pdf"}

    cold = tmp_path / "cold"
    build(project, cold, force=True, **ONLY)
    assert pdfs(out) == pdfs(cold), "PDFs served from the cache differ from a cold build's"


def test_a_damaged_entry_is_rebuilt_never_served(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, out, **ONLY)
    good = pdfs(out)
    poster = out / "en-US" / "poster.pdf"
    poster.write_bytes(poster.read_bytes()[:1000])  # truncated
    report = build(project, out, **ONLY)
    assert out / "en-US" / "poster.pdf" not in report.unchanged
    assert pdfs(out) == good

    (out / cache.CACHE_DIR / cache.MANIFEST).write_text('{"format": 1, "jobs": {"en-GB/plain": ', encoding="utf-8")
    report = build(project, out, **ONLY)
    assert not report.unchanged and pdfs(out) == good
    assert json.loads((out / cache.CACHE_DIR / cache.MANIFEST).read_text(encoding="utf-8"))["jobs"]


def test_force_composes_everything_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, out, **ONLY)
    before = state(out)
    report = build(project, out, force=True, **ONLY)
    assert not report.unchanged and len(report.written) == 5
    again = {name for name in rewritten(before, state(out)) if name.endswith(".pdf")}
    assert not again, f"PDFs that came out the same were written again: {again}"  # the manifest records new timings
