"""`build.py i18n status` lays out each language's editions and counts what does not fit."""
from __future__ import annotations

import contextlib
import io
import re

from workbook.cli import main


def test_status_reports_a_translation_too_long_for_its_box(tmp_project) -> None:
    long = "ពួកគេ" + "\u200bទាក់\u200bយក\u200bទំនុកចិត្ត" * 40
    root = tmp_project({"content/km/poster.yaml": lambda t: re.sub(
        r"(text: )ពួកគេ​ទាក់​យក​ទំនុកចិត្ត​ពី​អ្នក។", lambda m: m.group(1) + long, t, count=1)})
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["i18n", "status", "--language", "km", "--details", "--project", str(root)])
    assert code == 0
    row = next(line for line in out.getvalue().splitlines() if line.startswith("km "))
    assert "no (" in row and "yes" not in row, out.getvalue()
    assert "content/km/poster.yaml:" in out.getvalue() and "flags[0].text" in out.getvalue()
