"""Khmer must be right, not merely present: line breaks, shaping, baseline, copy and search.

The reference for shaping is independent of ReportLab's text machinery: HarfBuzz shapes
the line and fontTools draws the font's own outlines at HarfBuzz's positions. Our page and
the reference are rendered by PDFium and compared pixel by pixel.
"""
from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from fontTools.pens.reportLabPen import ReportLabPen
from fontTools.ttLib import TTFont
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from workbook import rl_fixes
from workbook.kit import Kit, markup
from workbook.shaping import ZWSP, ShapedParagraph, break_lines, pieces, width
from workbook.theme import load_theme

from .helpers import need_tool

ROOT = Path(__file__).resolve().parent.parent
KHMER = ROOT / "assets" / "fonts" / "NotoSansKhmer-Regular.ttf"
# "Online child sexual exploitation has many forms. John is a 54 year old man." (words joined by U+200B)
# The first khan follows a U+200B and the second a space, as writers often type them: both
# are break opportunities the line breaker must refuse (a line never starts with a khan).
SENTENCE = ZWSP.join("ការ កេង ប្រវ័ញ្ច ផ្លូវ ភេទ លើ កុមារ តាម អនឡាញ មាន ច្រើន ទម្រង់ ។".split()) + " " + \
    ZWSP.join("ចន គឺ ជា បុរស អាយុ ៥៤ ឆ្នាំ".split()) + " ។"
# words with stacked subscripts and vowels that carry vertical offsets
MARKS = ZWSP.join("ខ្លួន ស្ត្រី ក្រុម ព្រឹត្តិការណ៍ ស្រ្តី".split())


@pytest.fixture(scope="module")
def kit() -> Kit:
    return Kit(load_theme(ROOT / "templates", ROOT / "assets"), ROOT / "assets")


def test_lines_break_only_between_words(kit: Kit) -> None:
    runs = pieces(markup(SENTENCE), kit.theme.chain)
    words = SENTENCE.replace(" ", ZWSP).split(ZWSP)
    boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    starts_checked = 0
    for avail in [60.0, 90.0, 140.0] + [float(a) for a in range(50, 260, 3)]:  # all wider than any one word
        lines = break_lines(runs, avail, 14)
        texts = ["".join(p.text for p in line).replace(" ", "") for line in lines]
        assert "".join(texts) == "".join(words), "text was lost or reordered"
        ends = [sum(len(t) for t in texts[:i + 1]) for i in range(len(texts))]
        assert set(ends) <= boundaries, "a line was cut inside a word"
        assert len(lines) > 1
        for line, text in zip(lines, texts):
            assert sum(width(p, 14) for p in line) <= avail + 0.01
            assert not text.startswith("។"), f"a line starts with a khan at {avail} pt"
        starts_checked += len(lines) - 1
    assert starts_checked > 100


def test_overlong_word_is_cut_between_clusters_and_reported(kit: Kit) -> None:
    word = "ព្រឹត្តិការណ៍" * 4  # no break opportunity at all
    runs = pieces(markup(word), kit.theme.chain)
    warnings: list[str] = []
    lines = break_lines(runs, 80, 14, warnings)
    assert warnings == [word]
    assert len(lines) > 1
    font, _ = hb.Font(hb.Face(hb.Blob(KHMER.read_bytes()))), None
    starts = set(_clusters(word, font))
    offset = 0
    for line in lines[:-1]:
        offset += len("".join(p.text for p in line))
        assert offset in starts, f"cut at {offset}, inside a cluster"


def _clusters(text: str, font: hb.Font) -> list[int]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return [i.cluster for i in buf.glyph_infos]


def _ours(kit: Kit, text: str, size: float) -> bytes:
    """One line set by our pipeline (kit.para → ShapedParagraph → ReportLab)."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=(400, 120), initialFontName="Sans", invariant=1)
    para = kit.para(text, "body", fontSize=size, leading=size * 1.5)
    assert isinstance(para, ShapedParagraph)
    _, h = para.wrap(380, 100)
    assert len(para.blPara.lines) == 1
    para.drawOn(canvas, 10, 20)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _reference(text: str, size: float, x: float, y: float) -> bytes:
    """The same line shaped by HarfBuzz and drawn from the font's own outlines (no ReportLab text)."""
    blob = KHMER.read_bytes()
    face = hb.Face(hb.Blob(blob))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text.replace(ZWSP, ""))
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    tt = TTFont(BytesIO(blob))
    glyphs, order = tt.getGlyphSet(), tt.getGlyphOrder()
    scale = size / face.upem
    group = Group()
    pen_x = 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        pen = ReportLabPen(glyphs, path=None)
        glyphs[order[info.codepoint]].draw(pen)
        pen.path.fillColor, pen.path.strokeColor = black, None
        g = Group(pen.path)
        g.transform = (scale, 0, 0, scale, x + (pen_x + pos.x_offset) * scale, y + pos.y_offset * scale)
        group.add(g)
        pen_x += pos.x_advance
    drawing = Drawing(400, 120)
    drawing.add(group)
    out = BytesIO()
    canvas = Canvas(out, pagesize=(400, 120), invariant=1)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _pixels(pdf: bytes) -> np.ndarray:
    page = pdfium.PdfDocument(pdf)[0]
    return np.asarray(page.render(scale=300 / 72).to_pil().convert("L"), dtype=np.float32) / 255


def _ink_box(img: np.ndarray) -> tuple[int, int]:
    rows, cols = np.where(img < 0.5)
    return int(rows.min()), int(cols.min())


def _difference(kit: Kit, text: str) -> float:
    """Share of inked pixels that differ between our line and the reference, once their ink is aligned."""
    ours, ref = _pixels(_ours(kit, text, 18)), _pixels(_reference(text, 18, 10, 50))
    (r0, c0), (r1, c1) = _ink_box(ours), _ink_box(ref)
    h, w = 200, 1500
    a = np.ones((h, w), np.float32)
    crop = ours[max(0, r0 - 60):r0 - 60 + h, c0:c0 + w]
    a[:crop.shape[0], :crop.shape[1]] = crop
    best = 1.0
    for dy in range(-3, 4):
        for dx in range(-3, 4):
            b = np.ones((h, w), np.float32)
            top, left = max(0, r1 - 60 + dy), max(0, c1 + dx)
            crop = ref[top:top + h, left:left + w]
            b[:crop.shape[0], :crop.shape[1]] = crop
            ink = (a < 0.5) | (b < 0.5)
            best = min(best, float(np.mean(np.abs(a - b)[ink] > 0.5)))
    return best


@pytest.mark.parametrize("text", [SENTENCE.split(" ")[0][:40], MARKS, "ទូរស័ព្ទ" + ZWSP + "ទៅ" + ZWSP + "លេខ ១២៨៨។"])
def test_shaping_matches_harfbuzz_reference(kit: Kit, text: str) -> None:
    assert _difference(kit, text) < 0.04


def test_baseline_fix_is_needed() -> None:
    """Without rl_fixes' setRise, the text after a raised mark drops and the render no longer matches."""
    kit = Kit(load_theme(ROOT / "templates", ROOT / "assets"), ROOT / "assets")
    try:
        rl_fixes.revert(shaping=False)
        broken = _difference(kit, MARKS)
    finally:
        rl_fixes.apply()
    assert broken > 0.04
    assert _difference(kit, MARKS) < 0.04


def test_mixed_font_word_has_no_empty_boxes(kit: Kit) -> None:
    """A khan right after a Latin bracket is shaped in the Khmer font (ReportLab alone draws boxes)."""
    text = "សូម" + ZWSP + "ទូរស័ព្ទ **[999]**។ (CSAM)។"

    def render() -> np.ndarray:
        out = BytesIO()
        canvas = Canvas(out, pagesize=(400, 120), initialFontName="Sans", invariant=1)
        para = kit.para(text, "body", fontSize=18, leading=27)
        para.wrap(380, 100)
        para.drawOn(canvas, 10, 20)
        canvas.showPage()
        canvas.save()
        return _pixels(out.getvalue())

    fixed = render()
    rl_fixes.revert(rise=False)
    try:
        broken = render()
    finally:
        rl_fixes.apply()
    assert np.mean(np.abs(fixed - broken) > 0.5) > 0.001, "the font-run fix made no difference"
    # the khan after ']' must look like the khan after 'ទ' in the same line: both come from the Khmer font
    assert _difference(kit, "ទូរស័ព្ទ។") < 0.04


def test_copied_text_is_logical_khmer(kit: Kit, tmp_path: Path) -> None:
    need_tool("pdftotext")
    out = tmp_path / "km.pdf"
    canvas = Canvas(str(out), initialFontName="Sans", invariant=1)
    para = kit.para(SENTENCE, "body", fontSize=14, leading=20)
    para.wrap(200, 400)
    para.drawOn(canvas, 50, 500)
    canvas.showPage()
    canvas.save()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for word in SENTENCE.replace(" ", ZWSP).split(ZWSP):
        assert word in text, f"{word!r} not found in the copied text"


def test_run_without_break_opportunity_is_a_content_warning(kit: Kit) -> None:
    from workbook.content import LocStr
    from workbook.errors import Where

    kit.warnings.clear()
    text = LocStr("ព្រឹត្តិការណ៍" * 6, Where("content/km/poster.yaml", 7, 3, "intro[0]"))
    para = kit.para(text, "body")
    para.wrap(120, 500)
    assert len(para.blPara.lines) > 1
    assert len(kit.warnings) == 1
    assert kit.warnings[0].startswith("content/km/poster.yaml:7:3: intro[0]: ")
    assert "no break opportunity" in kit.warnings[0]
