"""The checkers themselves can fail: each is shown a small PDF with the defect it looks for."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .golden import differences
from .helpers import (ROOT, all_base_font_names, decode_qr, font_problems, fonts_showing_text, page_fonts,
                      snapshot)


def tiny_pdf(font: str, text: str = "hello") -> PdfReader:
    out = BytesIO()
    c = Canvas(out, pagesize=(200, 200))
    c.setFont(font, 12)
    c.drawString(10, 100, text)
    c.showPage()
    c.save()
    return PdfReader(BytesIO(out.getvalue()))


def test_font_checks_catch_an_unembedded_base14_font():
    (page,) = tiny_pdf("Helvetica").pages
    used = fonts_showing_text(page)
    assert [str(f["/BaseFont"]) for f in used.values()] == ["/Helvetica"]
    problems = [p for _, f in page_fonts(page) for p in font_problems(f)]
    assert any("base-14" in p for p in problems) and any("FontDescriptor" in p for p in problems)


def test_font_checks_pass_an_embedded_subset_truetype_font():
    pdfmetrics.registerFont(TTFont("HelperProbeSans", str(ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf")))
    pdf = tiny_pdf("HelperProbeSans")
    (page,) = pdf.pages
    fonts = [f for _, f in page_fonts(page)]
    (name,) = [str(f["/BaseFont"]) for f in fonts_showing_text(page).values()]
    assert re.fullmatch(r"/[A-Z]{6}\+NotoSans-Regular", name), name  # the tag: AAAAAA, or one from the program
    assert [p for f in fonts for p in font_problems(f) if "NotoSans" in str(f["/BaseFont"])] == []
    assert name in all_base_font_names(pdf)


def test_qr_decoder_finds_nothing_on_a_page_without_codes(tmp_path: Path):
    path = tmp_path / "plain.pdf"
    c = Canvas(str(path), pagesize=(200, 200))
    c.drawString(10, 100, "no code here")
    c.save()
    assert decode_qr(path) == [[]]


def test_golden_difference_is_a_unified_diff(tmp_path: Path):
    path = tmp_path / "one.pdf"
    c = Canvas(str(path), pagesize=(200, 300))
    c.drawString(10, 100, "new words")
    c.save()
    actual = snapshot(path)
    assert actual["pages"] == 1 and actual["page_sizes"] == [[200.0, 300.0]]
    golden = {**actual, "text": [["old words"]]}
    diff = differences(golden, actual, "x/one.pdf")
    assert "--- golden x/one.pdf page 1" in diff and "-old words" in diff and "+new words" in diff
    assert differences(actual, actual, "x/one.pdf") == ""
