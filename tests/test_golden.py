"""Golden text: every PDF's page count, page sizes and text per page against tests/golden/.

On a mismatch the failure shows a unified diff per page. After an intended change:
``python -m tests.golden`` (or ``pytest --update-golden``), then review git diff tests/golden/.
"""
from __future__ import annotations

import json

import pytest

from .golden import differences, dump
from .helpers import EDITIONS, GOLDEN, OUTPUTS, golden_path, snapshot

HOW = "if the change is intended, run `python -m tests.golden` and review `git diff tests/golden/`"


def shipped(edition: str) -> bool:
    """Whether the edition has golden text (a folder in tests/golden/): the editions this
    project ships. An edition a user adds has none until `python -m tests.golden` writes it,
    and its PDFs are still checked by every other test."""
    return (GOLDEN / edition).is_dir()


def golden_params() -> list:
    """The required PDFs of every shipped edition, and every PDF that has a golden file."""
    names = {(e, o) for e in EDITIONS if shipped(e) for o in OUTPUTS}
    names |= {(p.parent.name, p.stem) for p in GOLDEN.glob("*/*.json")}
    return [pytest.param(e, o, id=f"{e}/{o}") for e, o in sorted(names)]


@pytest.mark.parametrize("edition, output", golden_params())
def test_pdf_matches_golden_text(built, request, edition, output):
    path, pdf = golden_path(edition, output), built.pdf(edition, output)
    made = pdf in built.report.written
    if request.config.getoption("--update-golden"):
        if made:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(snapshot(pdf)), encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
        return
    assert made, f"{path} is the golden text of {edition}/{output}.pdf, which the build no longer makes; {HOW}"
    assert path.is_file(), f"no golden file {path}; {HOW}"
    expected = json.loads(path.read_text(encoding="utf-8"))
    diff = differences(expected, snapshot(pdf), f"{edition}/{output}.pdf")
    if diff:
        pytest.fail(f"{edition}/{output}.pdf differs from {path.name}:\n{diff}\n\n{HOW}", pytrace=False)


def test_every_pdf_written_has_a_golden_file(built, request):
    everything = built.everything()
    if request.config.getoption("--update-golden"):
        missing = [(e, o) for e, o in everything if not golden_path(e, o).is_file()]
        for e, o in missing:
            golden_path(e, o).parent.mkdir(parents=True, exist_ok=True)
            golden_path(e, o).write_text(dump(snapshot(built.pdf(e, o))), encoding="utf-8")
        return
    missing = [(e, o) for e, o in everything if shipped(e) and not golden_path(e, o).is_file()]
    assert not missing, f"no golden text for {[f'{e}/{o}.pdf' for e, o in missing]}; {HOW}"
