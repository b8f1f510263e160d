"""Nothing lost: a killed build leaves every PDF old-and-complete or new-and-complete; a build
where some editions fail still writes the others, and leaves the failed ones' PDFs alone."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from .helpers import ROOT

OLD_EPOCH, NEW_EPOCH = "1700000000", "1800000000"  # two build dates: every old PDF differs from its new one


def start_build(root: Path, out: Path, epoch: str) -> subprocess.Popen:
    """`python build.py` for every edition, in its own process group (so its workers die with it)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out)],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def complete(path: Path) -> bool:
    """A whole PDF: header, end-of-file marker, and a strict parse of every page."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
        return False
    try:
        return len(PdfReader(path, strict=True).pages) > 0
    except Exception:
        return False


def wait_for(condition, proc: subprocess.Popen, limit: float = 120) -> bool:
    """Poll every millisecond until ``condition()`` holds (True) or the build ends (False)."""
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.001)
    return False


@pytest.mark.slow
def test_killed_build_leaves_old_or_new_complete_pdfs(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    out = tmp_path / "out"
    started = time.monotonic()
    finish(start_build(root, out, OLD_EPOCH))
    duration = time.monotonic() - started
    old = {p: digest(p) for p in out.rglob("*.pdf")}
    assert len(old) >= 10

    def changed(baseline: dict[Path, int]) -> int:
        return sum(p.stat().st_mtime_ns != baseline[p] for p in old if p.exists())

    moments = {
        "while composing": lambda proc, base: time.sleep(duration * 0.4) or True,
        "as writing starts": lambda proc, base: wait_for(lambda: any(out.rglob("*.part")) or changed(base), proc),
        "with some PDFs replaced": lambda proc, base: wait_for(lambda: changed(base) >= 2, proc),
    }
    survived: dict[str, tuple[int, int]] = {}  # moment → (old PDFs kept, new PDFs written)
    for moment, until in moments.items():
        baseline = {p: p.stat().st_mtime_ns for p in old}
        proc = start_build(root, out, NEW_EPOCH)
        reached = until(proc, baseline)
        alive = proc.poll() is None
        kill(proc)
        assert reached and alive, f"killed {moment}: the build had already ended, so the kill proved nothing"
        pdfs = sorted(out.rglob("*.pdf"))
        assert set(pdfs) == set(old), f"killed {moment}: PDFs appeared or vanished"
        replaced = 0
        for pdf in pdfs:
            now = digest(pdf)
            assert now == old[pdf] or complete(pdf), f"killed {moment}: {pdf.name} is neither old nor complete"
            replaced += now != old[pdf]
        survived[moment] = (len(old) - replaced, replaced)
    assert survived["while composing"] == (len(old), 0), "a kill while composing replaced PDFs"
    assert survived["as writing starts"][0] > 0, "the kill 'as writing starts' landed after every PDF was written"
    assert survived["with some PDFs replaced"][1] >= 2, "the kill mid-write found fewer than 2 new PDFs"
    finish(start_build(root, out, NEW_EPOCH))
    assert not list(out.rglob("*.part")), "the next build left temporary files behind"
    assert all(complete(p) for p in old), "the next build left a damaged PDF"
    print(f"\n{len(old)} PDFs; (old, new) after each kill: {survived}; none damaged")


def test_failed_editions_leave_their_pdfs_and_others_are_written(tmp_project, tmp_path: Path) -> None:
    """A character no font has, in Cambodia's services only: the KH editions fail, en-GB is built."""
    root = tmp_project()
    for region in (root / "content" / "regions" / "KH.yaml", root / "content" / "km" / "regions" / "KH.yaml"):
        if region.exists():  # the region's words, in English and in Khmer
            region.write_text(region.read_text(encoding="utf-8").replace("name: A21 Cambodia", "name: A21 Cambodia 漢", 1),
                              encoding="utf-8")
    out = tmp_path / "out"
    previous = {}
    for code in ("en-GB", "en-KH", "km-KH"):
        path = out / code / "handout.pdf"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"%PDF-1.7\n% previous\n")
        previous[code] = path
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out),
                        "--product", "handout", "--variant", "plain"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "U+6F22" in r.stderr, r.stderr
    assert complete(previous["en-GB"]), "the edition without errors was not written"
    for code in ("en-KH", "km-KH"):
        assert previous[code].read_bytes() == b"%PDF-1.7\n% previous\n", f"{code} failed but its PDF changed"
    assert sorted(p.name for p in (out / "en-KH").iterdir()) == ["handout.pdf"]


def test_failed_editions_are_named_at_the_end(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    for region in (root / "content" / "regions" / "KH.yaml", root / "content" / "km" / "regions" / "KH.yaml"):
        if region.exists():  # the region's words, in English and in Khmer
            region.write_text(region.read_text(encoding="utf-8").replace("name: A21 Cambodia", "name: A21 Cambodia 漢", 1),
                              encoding="utf-8")
    from workbook.cli import main

    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(root), "--out", str(tmp_path / "out"), "--product", "handout",
                     "--variant", "plain"])
    assert code == 1
    lines = err.getvalue().splitlines()
    failed = [x for x in lines if x.startswith("failed: ")]
    assert failed and set(failed[-1].removeprefix("failed: ").split(", ")) == {"en-KH", "km-KH"}, lines
    assert any(x.startswith("built ") and "for the other editions" in x for x in lines), lines
