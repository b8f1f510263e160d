"""Issue 9: SOURCE_DATE_EPOCH out of range is a usage error (exit 2, one line, nothing written),
in a real process; the theme's own cases are in tests/bad_content/theme_*.yaml."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT
from .test_bad_content import previous_build

POSTER = ["--edition", "en-GB", "--product", "poster", "--variant", "plain"]


@pytest.mark.parametrize("epoch", ["-5", "1.5", "253402300800", "soon", "١٧٠٠٠٠٠٠٠٠"])
def test_source_date_epoch_out_of_range_is_a_usage_error(epoch: str, tmp_project, tmp_path: Path) -> None:
    root, out = tmp_project(), tmp_path / "out"
    before = previous_build(out, ["en-GB"])
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *POSTER],
                       cwd=root, env={**os.environ, "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines() == [
        f"build.py: error: SOURCE_DATE_EPOCH={epoch} is not a build date; give whole seconds since 1970-01-01 UTC, "
        "from 0 to 253402300799 (the end of the year 9999), or unset it"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_last_second_of_9999_is_a_build_date(tmp_project, tmp_path: Path, monkeypatch) -> None:
    from workbook.pipeline import build_date
    from workbook.project import load_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    edition = load_project(tmp_project()).editions["en-GB"]
    assert build_date(edition).year == 9999
