"""Progress: on a terminal, per edition the jobs done out of planned; piped, the summary only.

Both builds run ``python build.py`` in a new process: one with its output on a
pseudo-terminal, one piped.
"""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

from .helpers import ROOT

ARGS = ("--edition", "en-GB", "--edition", "en-US", "--product", "poster", "--product", "handout", "--variant", "plain",
        "--variant", "gray")  # two jobs per edition: one per product, each written in both variants
ESCAPE = re.compile(r"\x1b\[")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm", "COLUMNS": "100"}


def on_terminal(root: Path, out: Path) -> str:
    """Everything the build writes to its terminal (stdout and stderr share it)."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *ARGS],
                            stdin=child, stdout=child, stderr=child, env=env(), close_fds=True)
    os.close(child)
    chunks, deadline = [], time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal closed: the build has ended
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_terminal_shows_jobs_per_edition_then_the_summary(tmp_project, tmp_path: Path) -> None:
    text = on_terminal(tmp_project(), tmp_path / "out")
    assert ESCAPE.search(text), "no progress display on a terminal"
    for edition in ("en-GB", "en-US"):
        assert re.search(rf"{edition}\s.*2/2", text), f"{edition}: no 'jobs done/total' line"
    assert "built 8 PDFs into" in text


def test_piped_output_is_the_summary_without_animation(tmp_project, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(tmp_project()),
                           "--out", str(tmp_path / "out"), *ARGS], capture_output=True, text=True, env=env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert not ESCAPE.search(proc.stdout + proc.stderr) and "2/2" not in proc.stderr
    assert proc.stdout.startswith("built 8 PDFs into")
