"""Measured once (workbook/measure.py, rl_fixes): what is remembered never changes what is drawn.

Layouts measure the same words many times, and ``build.py watch`` composes again after
every save, so heights, widest lines, runs, parsed markup and ReportLab's shaping of a word
are kept per process. These tests hold the memo to the one promise that matters: a PDF
composed from it is byte for byte the one a fresh process composes, with the same warnings.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from workbook import measure, rl_fixes
from workbook.content import LocStr
from workbook.errors import Where
from workbook.fonts import fresh_private_codes
from workbook.kit import Kit
from workbook.pipeline import build
from workbook.shaping import ZWSP
from workbook.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Someone you met online asks you to keep your chats a secret and to move to a private app."
KHMER = ZWSP.join("ខ្លួន ស្ត្រី ក្រុម ព្រឹត្តិការណ៍ ស្រ្តី".split())


@pytest.fixture
def kit() -> Kit:
    return Kit(load_theme(ROOT / "templates", ROOT / "assets"), ROOT / "assets")


def drawn(para, width: float | None = None) -> bytes:
    """The page a paragraph draws (wrapped at ``width`` first when given)."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=(400, 400), invariant=1, pageCompression=0)
    if width is not None:
        para.wrap(width, 1e6)
    para.drawOn(canvas, 20, 200)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("text", [TEXT, KHMER], ids=["latin", "khmer"])
def test_a_paragraph_measured_from_the_memo_draws_as_one_wrapped_for_real(kit: Kit, text: str) -> None:
    first, second, third = (kit.para(text, "body") for _ in range(3))
    h = measure.height(first, 151.0)
    assert measure.height(second, 151.0) == h and second.unwrapped == 151.0, "the second measure is a hit"
    assert drawn(second) == drawn(first, 151.0), "drawn after a hit, it is not the page a real wrap gives"
    measure.height(third, 151.0)
    assert third.wrap(90.0, 1e6)[1] > h and third.unwrapped is None
    assert drawn(third) == drawn(kit.para(text, "body"), 90.0), "a later wrap's width is the one drawn"


def test_a_shaped_word_cut_to_fit_is_reported_by_every_build_that_measures_it() -> None:
    text = LocStr("ព្រឹត្តិការណ៍" * 6, Where("content/km/poster.yaml", 7, 3, "intro[0]"))
    for _ in range(2):  # the second kit measures from the memo: the warning must come all the same
        kit = Kit(load_theme(ROOT / "templates", ROOT / "assets"), ROOT / "assets")
        measure.height(kit.para(text, "body"), 120)
        assert len(kit.warnings) == 1 and "no break opportunity" in kit.warnings[0]


def test_a_glyph_without_a_character_gets_a_code_of_its_own_whatever_was_shaped_before(kit: Kit) -> None:
    def given() -> dict[int, int]:
        """Private-use code → glyph id of every glyph given one so far (since the last reset)."""
        out = {}
        for font in list(pdfmetrics._fonts.values()):
            for code in getattr(font, "_TTFont__hbUnis", {}).values():
                out[code] = font.face.charToGlyph[code]
        return out

    def shape(text: str) -> None:
        kit.para(text, "body").wrap(300 + len(given()), 1e6)  # a width not measured before: shaped for real

    fresh_private_codes()
    shape(KHMER)
    alone = given()
    assert alone, "the sample has subscript forms, which have no character of their own"
    assert all(code == rl_fixes.PRIVATE + gid for code, gid in alone.items())
    fresh_private_codes()
    shape(ZWSP.join("ការ កេង ប្រវ័ញ្ច ផ្លូវ ភេទ លើ កុមារ តាម អនឡាញ".split()))  # other glyphs met first
    shape(KHMER)
    assert alone.items() <= given().items(), "a glyph's code depends on what was shaped before"


def test_a_build_from_a_warm_memo_is_the_build_of_a_fresh_process(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    only = dict(editions=["en-GB", "km-KH"], products=["poster", "handout"], variants=["plain", "print"])
    build(root, tmp_path / "warm-up", force=True, **only)
    warm = build(root, tmp_path / "warm", force=True, **only)  # every measurement is a hit now
    fresh = tmp_path / "fresh"
    args = [a for e in only["editions"] for a in ("--edition", e)] + ["--product", "poster", "--product", "handout",
                                                                    "--variant", "plain", "--variant", "print"]
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(fresh), *args],
                   check=True, capture_output=True, timeout=600, env={**os.environ, "CI": "1"})
    mine = {p.relative_to(tmp_path / "warm").as_posix(): p.read_bytes() for p in warm.written}
    theirs = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*.pdf")}
    assert sorted(mine) == sorted(theirs) and len(mine) == 8
    assert [n for n in mine if mine[n] != theirs[n]] == [], "PDFs composed from the memo differ"
    recorded = json.loads((fresh / ".cache" / "manifest.json").read_text(encoding="utf-8"))["jobs"]
    assert sorted(w for j in recorded.values() for w in j["warnings"]) == sorted(warm.warnings)
