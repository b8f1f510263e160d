"""Issue 9, signals: Ctrl-C or SIGTERM at any moment of a real ``python build.py`` gives exit 130
or 143 and one line on stderr, no traceback from the parent or a worker, never a hang, no
worker left running, no temporary file left, and the previous PDFs byte-identical.

Moments are found by watching the process, not by sleeping: "before fork" once the build has
started loading (pydantic's core library is mapped into it) and before it has children;
"as the workers start" the instant it has children (0 to a few ms later: a Ctrl-C a few ms
after the fork hung the build forever with multiprocessing.Pool); "while composing" half a
second later; "while writing" when its first temporary file appears in the output folder.
Ctrl-C is sent to the whole process group, as a terminal does; SIGTERM to the build alone (as
``kill`` does) or to the group (as a service manager does).
"""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from pypdf import PdfReader

from .helpers import ROOT, output_pdfs
from .test_bad_content import previous_build

EN_GB = ["--edition", "en-GB"]  # three jobs (plain, print, gray): the build forks two workers
LINES = {signal.SIGINT: "build.py: interrupted; every PDF in the output folder is a complete one",
         signal.SIGTERM: "build.py: terminated; every PDF in the output folder is a complete one"}


def start(root: Path, out: Path, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *args],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def children(proc: subprocess.Popen) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    except OSError:
        return []


def loading(proc: subprocess.Popen) -> bool:
    """The build is in its own code, reading content (not still starting the interpreter)."""
    try:
        return "pydantic_core" in Path(f"/proc/{proc.pid}/maps").read_text()
    except OSError:
        return False


def waiting_for_lock(proc: subprocess.Popen) -> bool:
    """The build is blocked on a lock (``/proc/locks`` lists waiters with ``->``)."""
    return any(line.split()[1] == "->" and line.split()[5] == str(proc.pid)
               for line in Path("/proc/locks").read_text().splitlines() if len(line.split()) > 5)


def poll(proc: subprocess.Popen, condition: Callable[[], bool], limit: float = 120) -> bool:
    """Check every half millisecond until ``condition()`` holds (True) or the build ends (False)."""
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.0005)
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"  # a zombie has ended


def interrupt(proc: subprocess.Popen, signum: int, group: bool) -> tuple[int, str]:
    """Send the signal; the build must end within a minute (else it hangs: killed, and the test fails)."""
    (os.killpg if group else os.kill)(proc.pid, signum)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the build hung after {signal.Signals(signum).name}")
    return proc.returncode, err


def check(signum: int, code: int, err: str, out: Path, before: dict[Path, bytes], workers: list[int]) -> None:
    assert "Traceback" not in err and "Process " not in err, err  # "Process ForkPoolWorker-1:" opened a worker's traceback
    assert code == 128 + signum, f"exit {code}\n{err}"
    assert err.splitlines() == [LINES[signum]], err
    assert not [p for p in out.rglob("*") if ".part" in p.name], "a temporary file was left behind"
    assert not [pid for pid in workers if alive(pid)], "a worker process outlived the build"
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    if after != before:  # the signal came while renaming (held for those milliseconds): every PDF is new
        assert all(after.get(p) != data for p, data in before.items()), "some PDFs were replaced, others not"
        assert all(len(PdfReader(p, strict=True).pages) for p in output_pdfs(out)), "a PDF is not complete"


MOMENTS = {  # name → (how to reach it, seconds to wait once reached)
    "before fork": (lambda proc, out: poll(proc, lambda: loading(proc)) and not children(proc), 0),
    "as the workers start": (lambda proc, out: poll(proc, lambda: bool(children(proc))), 0),
    "3 ms after the workers start": (lambda proc, out: poll(proc, lambda: bool(children(proc))), 0.003),
    "while composing": (lambda proc, out: poll(proc, lambda: bool(children(proc))), 0.5),
    "while writing": (lambda proc, out: poll(proc, lambda: any(out.rglob("*.part")), limit=300), 0),
}
CASES = [  # (moment, signal, to the whole group); the first two run in a developer's run, all under CI
    ("as the workers start", signal.SIGINT, True),
    ("before fork", signal.SIGTERM, False),
    pytest.param("before fork", signal.SIGINT, True, marks=pytest.mark.slow),
    pytest.param("3 ms after the workers start", signal.SIGINT, True, marks=pytest.mark.slow),
    pytest.param("as the workers start", signal.SIGTERM, True, marks=pytest.mark.slow),
    pytest.param("3 ms after the workers start", signal.SIGTERM, False, marks=pytest.mark.slow),
    pytest.param("while composing", signal.SIGINT, True, marks=pytest.mark.slow),
    pytest.param("while composing", signal.SIGTERM, True, marks=pytest.mark.slow),
    pytest.param("while writing", signal.SIGINT, True, marks=pytest.mark.slow),
    pytest.param("while writing", signal.SIGTERM, False, marks=pytest.mark.slow),
]


@pytest.mark.parametrize("moment, signum, group", CASES)
def test_a_signal_at_any_moment(moment: str, signum: int, group: bool, tmp_project, tmp_path: Path) -> None:
    root, out = tmp_project(), tmp_path / "out"
    before = previous_build(out, ["en-GB"])
    reach, pause = MOMENTS[moment]
    proc = start(root, out, EN_GB)
    reached = reach(proc, out)
    time.sleep(pause)
    workers = children(proc)
    assert reached and proc.poll() is None, f"the build ended before '{moment}': the test proved nothing"
    if moment not in ("before fork", "while writing"):  # (the workers have ended before the writing)
        assert workers, f"no worker processes at '{moment}'"
    code, err = interrupt(proc, signum, group)
    check(signum, code, err, out, before, workers)


@pytest.mark.slow
def test_a_signal_while_waiting_for_another_build(tmp_project, tmp_path: Path) -> None:
    """A build waiting for the output folder's lock (another build writing) stops at once, and cleanly."""
    root, out = tmp_project(), tmp_path / "out"
    before = previous_build(out, ["en-GB"])
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as the other build does while it writes
    try:
        proc = start(root, out, EN_GB)
        reached = poll(proc, lambda: waiting_for_lock(proc), limit=300)
        workers = children(proc)
        assert reached, "the build never waited for the lock"
        code, err = interrupt(proc, signal.SIGINT, True)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    check(signal.SIGINT, code, err, out, before, workers)
