"""Golden text: every PDF's page count, page sizes and text per page against tests/golden/.

On a mismatch the failure shows a unified diff per page. After an intended change:
``python -m tests.golden`` (or ``pytest --update-golden``), then review git diff tests/golden/.
"""
from __future__ import annotations

import json

import pytest

from .golden import differences, dump, stale
from .helpers import EDITIONS, OUTPUTS, golden_path, snapshot, every_pdf

HOW = "if the change is intended, run `python -m tests.golden` and review `git diff tests/golden/`"


@pytest.mark.parametrize("edition, output", every_pdf())
def test_pdf_matches_golden_text(built, request, edition, output):
    path = golden_path(edition, output)
    actual = snapshot(built.pdf(edition, output))
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(actual), encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}; {HOW}"
    expected = json.loads(path.read_text(encoding="utf-8"))
    diff = differences(expected, actual, f"{edition}/{output}.pdf")
    if diff:
        pytest.fail(f"{edition}/{output}.pdf differs from {path.name}:\n{diff}\n\n{HOW}", pytrace=False)


def test_no_stale_golden_files(request):
    keep = {golden_path(e, o) for e in EDITIONS for o in OUTPUTS}
    extra = stale(keep)
    if request.config.getoption("--update-golden"):
        for path in extra:
            path.unlink()
        return
    assert not extra, f"golden files for PDFs the build does not make: {extra}; {HOW}"
