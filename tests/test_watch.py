"""``build.py watch``: a real process that builds, rebuilds on save, reports bad content as
``path:line:col`` while keeping the last good PDF, recovers when it is fixed, and ends on Ctrl-C."""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .helpers import ROOT

pytest.importorskip("watchfiles")


class Watcher:
    """The watch process and the lines it has printed (stdout and stderr together)."""

    def __init__(self, root: Path, out: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "watch", "--project", str(root), "--out", str(out),
             "--edition", "en-GB", "--product", "poster", "--variant", "plain"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "CI": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 300) -> str:
        """The first new line matching ``pattern``; fails after ``timeout`` seconds (a hang guard)."""
        deadline, seen = time.monotonic() + timeout, []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s; saw {seen}")


@pytest.mark.slow  # a long-running process through four builds
def test_watch_rebuilds_on_save_keeps_the_last_good_pdf_and_recovers(tmp_project, tmp_path: Path) -> None:
    root, out = tmp_project(), tmp_path / "out"
    pdf = out / "en-GB" / "poster.pdf"
    region, words = root / "content" / "regions" / "GB.yaml", root / "content" / "en" / "poster.yaml"
    original = region.read_text(encoding="utf-8")
    watcher = Watcher(root, out)
    try:
        watcher.wait_for(r"^built 1 PDF into")
        watcher.wait_for(r"^watching ")
        first = pdf.read_bytes()

        region.write_text(original.replace("The NSPCC Helpline", "The NSPCC Helpline (edited)"), encoding="utf-8")
        watcher.wait_for(r"^changed: content/regions/GB\.yaml")
        watcher.wait_for(r"^built 1 PDF into")
        edited = pdf.read_bytes()
        assert edited != first

        words.write_text(words.read_text(encoding="utf-8") + "not_a_field: 1\n", encoding="utf-8")
        error = watcher.wait_for(r"content/en/poster\.yaml:\d+:\d+: ")
        assert "Traceback" not in error
        assert pdf.read_bytes() == edited, "a broken save replaced the last good PDF"

        words.write_text(words.read_text(encoding="utf-8").replace("not_a_field: 1\n", ""), encoding="utf-8")
        region.write_text(original, encoding="utf-8")
        watcher.wait_for(r"^built 1 PDF into")
        deadline = time.monotonic() + 120
        while pdf.read_bytes() != first and time.monotonic() < deadline:  # the region's save may come second
            watcher.wait_for(r"^built 1 PDF into")
        assert pdf.read_bytes() == first, "the fixed content did not give the first build's PDF again"
    finally:
        watcher.proc.send_signal(signal.SIGINT)
        code = watcher.proc.wait(timeout=60)
    assert code == 130
