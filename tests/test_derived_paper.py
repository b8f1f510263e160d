"""The booklet and the landscape spread are laid out for their paper, not shrunk (issue 8 §3).

Measured on the PDFs with the page scaling applied: pdfplumber's character size is the font
size times the text and graphics matrices (checked below on a page placed at 50 %), so a
page placed smaller shows up smaller. Goals: 90 % of the characters at least 8.5 pt,
none below 7 pt; every QR code decodes with zxing-cpp from a 150 dpi render, and its
modules (the symbol's width over its module count, from a 300 dpi render) are at least
0.5 mm. The landscape spread is one sheet twice the handout paper, landscape, with the
notice on it.
"""
from __future__ import annotations

import math
from io import BytesIO

import pdfplumber
import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from workbook.finish import place_pages

from .helpers import EDITIONS, PAPER_PT, edition_spec, links, norm, plain, words

PRODUCTS = ("workbook-booklet", "spread-landscape")
DOUBLE = {"A4": "A3", "Letter": "Tabloid"}


def char_sizes(path) -> list[float]:
    with pdfplumber.open(path if isinstance(path, BytesIO) else str(path)) as pdf:
        # upright text only: the one rotated text is a proof's margin mark (set at 7 pt by the theme)
        return [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip() and c["upright"]]


def codes(path, dpi: float) -> list[tuple[int, str, float]]:
    """(page, text, module size in mm) of every QR code zxing-cpp finds at ``dpi``."""
    doc = pdfium.PdfDocument(str(path))
    found = []
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                p = r.position
                width = math.dist((p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y))
                modules = 17 + 4 * int(r.extra["Version"])
                found.append((i, r.text, width / modules / dpi * 25.4))
    finally:
        doc.close()
    return found


def test_pdfplumber_sizes_include_the_page_scaling():
    """A 10 pt text on a page placed at 50 % measures 5 pt: the measure sees what is printed."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=(200, 200))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(20, 100, "scaled")
    canvas.save()
    writer = PdfWriter()
    place_pages(writer, (200, 200), [(PdfReader(BytesIO(out.getvalue())).pages[0], 0.5, 0, 0)])
    placed = BytesIO()
    writer.write(placed)
    placed.seek(0)
    assert char_sizes(placed) == pytest.approx([5.0] * 6)


# Editions and products short of reading size: none. The pseudo-locale's long chats run on over
# a page break on A5 instead of shrinking (booklet 96 % at 8.5 pt or more), and on the landscape
# sheet its phones widen instead of shrinking (94.5 %).
SHORT_OF_READING_SIZE: dict[tuple[str, str], str] = {}


def reading_cases() -> list:
    return [pytest.param(e, p, id=f"{e}-{p}", marks=[pytest.mark.xfail(strict=True, reason=SHORT_OF_READING_SIZE[e, p])]
                         if (e, p) in SHORT_OF_READING_SIZE else []) for e in EDITIONS for p in PRODUCTS]


@pytest.mark.parametrize("edition, product", reading_cases())
def test_type_keeps_reading_size(built, edition, product):
    sizes = char_sizes(built.pdf(edition, product))
    assert len(sizes) > 1000
    small = sorted(s for s in sizes if s < 8.5 - 0.01)
    share = 1 - len(small) / len(sizes)
    assert share >= 0.90, f"{product}: {share:.1%} of the text is at least 8.5 pt (smallest {small[:5]})"
    assert min(sizes) >= 7 - 0.01, f"{product}: text at {min(sizes):.2f} pt"


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_qr_codes_decode_at_150_dpi_with_modules_of_half_a_millimetre(built, edition, product):
    path = built.pdf(edition, product)
    read = codes(path, 150)
    urls = {v["url"] for group in links(built.root).values() for v in group.values()}
    want = 1 if product == "spread-landscape" else 3  # the spread's video; the workbook's two videos and Take It Down
    assert len(read) == want, f"{product}: {len(read)} codes read at 150 dpi: {read}"
    assert {text for _, text, _ in read} <= urls
    fine = codes(path, 300)
    assert len(fine) == want
    assert min(m for _, _, m in fine) >= 0.5, f"{product}: modules {[round(m, 3) for _, _, m in fine]} mm"


@pytest.mark.parametrize("edition", EDITIONS)
def test_landscape_spread_is_one_sheet_twice_the_handout_paper(built, edition):
    paper = edition_spec(built.root, edition)["paper"]["handout"]
    doc = pdfium.PdfDocument(str(built.pdf(edition, "spread-landscape")))
    try:
        assert len(doc) == 1
        w, h = PAPER_PT[DOUBLE[paper]]
        assert doc[0].get_size() == pytest.approx((h, w), abs=0.01)
        text = norm(doc[0].get_textpage().get_text_range())
    finally:
        doc.close()
    common = words(built.root, edition_spec(built.root, edition)["language"], "common")
    assert norm(plain(common["notice"])) in text
