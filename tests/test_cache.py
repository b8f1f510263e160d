"""The build cache (workbook/cache.py): a rebuild composes only the editions whose files changed,
writes nothing when nothing changed, never serves a damaged entry, and gives the bytes of a
cold build.

Every build here is the poster alone, plain, of every edition (five jobs), in this process.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
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


def command(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``build.py`` for the posters, plain, in a fresh process that says at the end whether the
    layout code (ReportLab) was ever imported: an unchanged build must be answered without it."""
    code = ("import sys; from workbook.cli import main; rc = main(sys.argv[1:]); "
            "print('layout loaded' if 'reportlab' in sys.modules else 'layout not loaded'); sys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, "--project", str(project), "--out", str(out),
                           "--product", "poster", "--variant", "plain", *extra],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "1"})


def test_an_unchanged_command_is_answered_without_loading_the_layout(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cold = command(project, out)
    assert cold.returncode == 0 and "layout loaded" in cold.stdout, cold.stderr
    before = state(out)
    again = command(project, out)
    assert again.returncode == 0 and "layout not loaded" in again.stdout, again.stderr
    assert "built 5 PDFs" in again.stdout and "(5 unchanged, from the cache)" in again.stdout
    summary = lambda text: text.splitlines()[1:-1]  # but the time (first line) and what was loaded (last)
    assert summary(again.stdout) == summary(cold.stdout), "the replayed summary differs from the build's"
    assert not rewritten(before, state(out)), "an unchanged build wrote a file"

    other = command(project, out, "--edition", "en-GB")  # another command: its own build, then its own record
    assert "layout loaded" in other.stdout and "layout not loaded" in command(project, out, "--edition", "en-GB").stdout
    assert "layout not loaded" in command(project, out).stdout, "the first command's record was forgotten"


@pytest.mark.parametrize("change", ["damaged PDF", "deleted PDF", "edited content", "epoch", "force"])
def test_an_unchanged_command_is_not_replayed_when_anything_differs(project: Path, tmp_path: Path, change: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert command(project, out).returncode == 0
    good = pdfs(out)
    extra = []
    if change == "damaged PDF":
        poster = out / "km-KH" / "poster.pdf"
        poster.write_bytes(poster.read_bytes()[:-10] + b"x" * 10)  # same size, other bytes
    elif change == "deleted PDF":
        (out / "en-US" / "poster.pdf").unlink()
    elif change == "edited content":
        region = project / "content" / "regions" / "GB.yaml"
        region.write_bytes(region.read_bytes() + b"\n# edited\n")  # a comment: the PDFs come out the same
    elif change == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # another date prints in the colophon
    else:
        extra = ["--force"]
    again = command(project, out, *extra)
    assert again.returncode == 0 and "layout loaded" in again.stdout, again.stderr
    now = pdfs(out)
    if change in ("epoch", "edited content"):  # the colophon prints the date and the inputs' hash
        assert now["en-GB/poster.pdf"] != good["en-GB/poster.pdf"]
    else:
        assert now == good, "the build that was not replayed did not restore the same PDFs"
