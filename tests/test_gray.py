"""The photocopier variant (``*-gray.pdf``): black toner only, text readable, light fills, QR codes.

(a) templates/theme.yaml: every text colour of ``pairs`` against each of its backgrounds has
    a WCAG 2 contrast ratio of at least 4.5:1, in the gray rendering (gray level → sRGB
    luminance) and in the RGB one;
(b) rendered pages (PDFium, 100 dpi): every word of the gray poster and of the gray
    handout's first page contrasts at least 4.5:1 with what is around it, and no large
    area is dark (big fills are light to save toner; QR codes are not fills);
(c) every QR code of every gray PDF decodes (zxing-cpp, 150 dpi) to its URL in content;
(d) every colour operator of every gray PDF is ``k``/``K`` with C = M = Y = 0.

PDFium (like Acrobat and every Chromium browser) shows DeviceCMYK through an Adobe-like CMYK
profile, in which a K-only tint looks lighter than 1 − K (100 % K shows as RGB 35/31/32). The
page checks in (b) measure the gray the PDF asks for: rendered values are mapped back
through PDFium's own K → gray curve, measured on swatches. How the palette looks through
that profile is checked by a separate test.
"""
from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from .helpers import EDITIONS, MM, decode_qr, edition_spec, expected_urls, kind, links, load_yaml, reader, region
from .test_print import colour_operations, colour_space_problems

AA = 4.5
DPI = 100


def theme(root: Path) -> dict:
    return load_yaml(root / "templates" / "theme.yaml")


def linear(c: np.ndarray | float) -> np.ndarray:
    """sRGB component (0..1) → linear light."""
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance_rgb(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return float(0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b))


def ratio(l1, l2):
    l1, l2 = np.asarray(l1, dtype=float), np.asarray(l2, dtype=float)
    return (np.maximum(l1, l2) + 0.05) / (np.minimum(l1, l2) + 0.05)


def pairs(data: dict) -> list[tuple[str, str]]:
    return [(fg, bg) for fg, bgs in data["pairs"].items() for bg in bgs]


# --------------------------------------------------------------------------- (a) the palette


def test_every_pair_has_4_5_to_1_in_gray_and_in_rgb(built):
    data = theme(built.root)
    colours = data["colours"]
    assert pairs(data), "no pairs in templates/theme.yaml"
    problems = []
    for fg, bg in pairs(data):
        gray = float(ratio(linear(float(colours[fg]["gray"])), linear(float(colours[bg]["gray"]))))
        rgb = float(ratio(luminance_rgb(colours[fg]["rgb"]), luminance_rgb(colours[bg]["rgb"])))
        if gray < AA:
            problems.append(f"{fg} on {bg}: gray {colours[fg]['gray']} on {colours[bg]['gray']} is {gray:.2f}:1")
        if rgb < AA:
            problems.append(f"{fg} on {bg}: rgb {colours[fg]['rgb']} on {colours[bg]['rgb']} is {rgb:.2f}:1")
    assert not problems, "\n".join(problems)


def test_contrast_formula_is_wcag():
    assert float(ratio(luminance_rgb("#000000"), luminance_rgb("#FFFFFF"))) == pytest.approx(21.0)
    assert float(ratio(luminance_rgb("#767676"), luminance_rgb("#FFFFFF"))) == pytest.approx(4.54, abs=0.01)
    assert float(ratio(linear(0.5), linear(1.0))) == pytest.approx(3.98, abs=0.01)


def swatch_pdf(ks: list[float]) -> bytes:
    """One 10 pt square per K value, filled K-only the way the gray variant fills (CMYK 0 0 0 k)."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out, pagesize=(10 * len(ks), 10))
    for i, k in enumerate(ks):
        canvas.setFillColor(CMYKColor(0, 0, 0, k))
        canvas.rect(10 * i, 0, 10, 10, stroke=0, fill=1)
    canvas.save()
    return out.getvalue()


def render_swatches(ks: list[float]) -> np.ndarray:
    doc = pdfium.PdfDocument(swatch_pdf(ks))
    try:
        img = np.asarray(doc[0].render(scale=1, grayscale=True).to_pil().convert("L")).astype(float)
    finally:
        doc.close()
    return img[5, [10 * i + 5 for i in range(len(ks))]]


@lru_cache(maxsize=1)
def k_curve() -> tuple[np.ndarray, np.ndarray]:
    """PDFium's rendering of K-only fills: (K values, gray pixel values 0..255), K ascending."""
    ks = [round(k, 3) for k in np.linspace(0, 1, 51)]
    values = render_swatches(ks)
    assert np.all(np.diff(values) <= 0) and values[0] > 250, values  # monotonic: more toner, darker
    return np.array(ks), values


def nominal_gray(pixels: np.ndarray) -> np.ndarray:
    """Rendered gray pixels → the gray level (1 − K) the PDF asked for (clamped to the curve)."""
    ks, values = k_curve()
    return 1 - np.interp(np.asarray(pixels, dtype=float), values[::-1], ks[::-1])


def test_every_pair_has_4_5_to_1_as_pdfium_renders_k_only_gray(built):
    data = theme(built.root)
    colours = data["colours"]
    names = list(colours)
    values = dict(zip(names, render_swatches([1 - float(colours[n]["gray"]) for n in names])))
    problems = [f"{fg} on {bg}: {values[fg]:.0f} on {values[bg]:.0f} → {float(ratio(linear(values[fg] / 255), linear(values[bg] / 255))):.2f}:1"
                for fg, bg in pairs(data) if ratio(linear(values[fg] / 255), linear(values[bg] / 255)) < AA]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (b) rendered pages


def render(doc, index: int, dpi: float) -> np.ndarray:
    return np.asarray(doc[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")).astype(int)


def text_words(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(word, box in points) for every run of non-space characters on one line (PDFium char boxes)."""
    tp = page.get_textpage()
    n = tp.count_chars()
    text = tp.get_text_range()
    chars = text if len(text) == n else [tp.get_text_range(i, 1) for i in range(n)]
    out, cur = [], []
    for i in range(n):
        ch, box = chars[i], tp.get_charbox(i)
        if not ch.strip() or ch == "\u200b" or box[2] <= box[0] or box[3] <= box[1] or (
                cur and (box[0] < cur[-1][1][0] - 0.5 or box[1] >= max(c[1][3] for c in cur)
                         or box[3] <= min(c[1][1] for c in cur))):  # back to the left, or not on the same line
            if cur:
                out.append(cur)
            cur = []
            if not ch.strip() or ch == "\u200b" or box[2] <= box[0] or box[3] <= box[1]:
                continue
        cur.append((ch, box))
    if cur:
        out.append(cur)
    return [("".join(c for c, _ in w), (min(b[0] for _, b in w), min(b[1] for _, b in w),
                                        max(b[2] for _, b in w), max(b[3] for _, b in w))) for w in out]


def word_contrasts(img: np.ndarray, page_height: float, dpi: float, found: list) -> list[tuple[str, float, float, float]]:
    """(word, text gray, background gray, contrast) per word: the background is the most common
    pixel in a ring around the word's box, the text the pixel inside the box farthest from it
    (antialiasing never makes a glyph darker than its ink), both as nominal gray levels."""
    s = dpi / 72
    out = []
    H, W = img.shape
    for word, (l, b, r, t) in found:
        if not any(ch.isalnum() for ch in word):
            continue  # punctuation alone is too small to measure at this resolution
        x0, x1 = max(0, int(np.floor(l * s))), min(W, int(np.ceil(r * s)))
        y0, y1 = max(0, int(np.floor((page_height - t) * s))), min(H, int(np.ceil((page_height - b) * s)))
        if x1 - x0 < 3 or y1 - y0 < 4:
            continue  # too small to measure (PDFium gives shaped Khmer runs a sliver of a box)
        pad = 3
        X0, X1, Y0, Y1 = max(0, x0 - pad), min(W, x1 + pad), max(0, y0 - pad), min(H, y1 + pad)
        around = img[Y0:Y1, X0:X1]
        mask = np.ones(around.shape, bool)
        mask[y0 - Y0:y1 - Y0, x0 - X0:x1 - X0] = False
        ring, inside = around[mask], img[y0:y1, x0:x1]
        if not ring.size:
            continue
        bg = int(np.bincount(ring, minlength=256).argmax())
        fg = int(inside.min() if abs(int(inside.min()) - bg) >= abs(int(inside.max()) - bg) else inside.max())
        g_fg, g_bg = nominal_gray(np.array([fg, bg]))
        out.append((word, float(g_fg), float(g_bg), float(ratio(linear(g_fg), linear(g_bg)))))
    return out


def low_contrast(contrasts: list) -> list:
    return [c for c in contrasts if c[3] < AA]


GRAY_PAGES = [pytest.param(e, o, 0, id=f"{e}/{o}") for e in ("en-GB", "km-KH", "en-US")
              for o in ("poster-gray", "handout-gray")]


@pytest.mark.parametrize("edition, output, index", GRAY_PAGES)
def test_every_word_on_gray_pages_contrasts_4_5_to_1(built, edition, output, index):
    doc = pdfium.PdfDocument(str(built.pdf(edition, output)))
    try:
        page = doc[index]
        img = render(doc, index, DPI)
        contrasts = word_contrasts(img, page.get_height(), DPI, text_words(page))
    finally:
        doc.close()
    assert len(contrasts) > 30, f"only {len(contrasts)} words measured"
    bad = low_contrast(contrasts)
    # small type (the 6-7 pt footer) never reaches its full ink at 100 dpi: allow 1 % of the words
    assert len(bad) <= 0.01 * len(contrasts), (
        f"{len(bad)} of {len(contrasts)} words below {AA}:1 (text gray, background gray, ratio): "
        + "; ".join(f"{w!r} {f:.2f} on {b:.2f} = {c:.2f}" for w, f, b, c in sorted(bad, key=lambda x: x[3])[:15]))
    worst = min(c[3] for c in contrasts)
    assert worst >= 3.0, f"a word at {worst:.2f}:1"
    # light text on a dark ground only in the small numbered badges; everything else sits on paper or a light fill
    on_dark = [(w, round(b, 2)) for w, f, b, c in contrasts if b < 0.5 and not w.isdigit()]
    assert not on_dark, f"words on a dark background: {on_dark[:10]}"


def test_word_contrast_measure_catches_gray_on_gray(tmp_path: Path):
    """The measure above fails a page of 50 % text on a 70 % gray fill (about 2:1)."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "bad.pdf"
    canvas = Canvas(str(path), pagesize=(400, 200))
    canvas.setFillColor(CMYKColor(0, 0, 0, 0.3))
    canvas.rect(0, 0, 400, 200, stroke=0, fill=1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 0.5))
    canvas.setFont("Helvetica-Bold", 14)
    for i in range(8):
        canvas.drawString(20, 20 + 20 * i, "Some gray words on a gray ground")
    canvas.save()
    doc = pdfium.PdfDocument(str(path))
    try:
        contrasts = word_contrasts(render(doc, 0, DPI), doc[0].get_height(), DPI, text_words(doc[0]))
    finally:
        doc.close()
    assert len(contrasts) == 56
    assert all(1.5 < c[3] < 2.6 for c in contrasts), contrasts[:5]


def dark_blocks(img: np.ndarray, dpi: float, size_mm: float = 10, lighter_than: float = 0.7) -> list[tuple[int, int]]:
    """Top-left pixel of every size_mm square block of which 95 % is darker than the gray level
    ``lighter_than`` (nominal): a large dark fill. QR codes, text and icons mix dark and light
    within any such block and never count."""
    step = max(4, round(size_mm * MM * dpi / 72))
    dark = nominal_gray(img) < lighter_than
    H, W = dark.shape
    return [(y, x) for y in range(0, H - step + 1, step // 2) for x in range(0, W - step + 1, step // 2)
            if dark[y:y + step, x:x + step].mean() >= 0.95]


@pytest.mark.parametrize("edition", ["en-GB", "km-KH", "en-US"])
def test_no_large_dark_area_on_any_gray_page(built, edition):
    problems = []
    for output in [o for o in built.outputs(edition) if o.endswith("-gray")]:
        doc = pdfium.PdfDocument(str(built.pdf(edition, output)))
        try:
            for i in range(len(doc)):
                blocks = dark_blocks(render(doc, i, 50), 50)
                if blocks:
                    problems.append(f"{output} page {i + 1}: {len(blocks)} dark 10 mm blocks, e.g. at px {blocks[:3]}")
        finally:
            doc.close()
    assert not problems, "\n".join(problems)


def test_dark_area_check_finds_the_colour_posters_dark_bands(built):
    doc = pdfium.PdfDocument(str(built.pdf("en-GB", "poster")))
    try:
        assert len(dark_blocks(render(doc, 0, 50), 50)) > 20
    finally:
        doc.close()


# --------------------------------------------------------------------------- (c) QR codes



@pytest.mark.parametrize("edition", EDITIONS)
def test_qr_codes_of_gray_pdfs_decode_to_their_content_urls(built, edition):
    data = links(built.root)
    known = {str(v["url"]) for group in ("videos", "services") for v in data[group].values()}
    known.add(str(region(built.root, edition_spec(built.root, edition)["region"])["website"]["url"]))  # the cards' QR
    problems = []
    outputs = [o for o in built.outputs(edition) if o.endswith("-gray")]
    assert {kind(o) for o in outputs} == {"handout", "poster", "spread", "workbook", "cards", "teacher"}, outputs
    for output in outputs:
        pages = decode_qr(built.pdf(edition, output), dpi=150)
        found = [u for page in pages for u in page]
        unknown = set(found) - known
        if unknown:
            problems.append(f"{output}: decodes {sorted(unknown)}, not in content/links.yaml")
        want = expected_urls(built.root, edition, output)
        if set(found) != want:
            problems.append(f"{output}: decodes {sorted(set(found))}, content asks for {sorted(want)}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (d) black toner only


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_colour_of_every_gray_pdf_is_black_toner_only(built, edition):
    problems = []
    for output in [o for o in built.outputs(edition) if o.endswith("-gray")]:
        pdf = reader(built.pdf(edition, output))
        for n, page in enumerate(pdf.pages, 1):
            count = 0
            for place, op, operands in colour_operations(pdf, page):
                count += 1
                if op not in (b"k", b"K") or len(operands) != 4:
                    problems.append(f"{output} page {n} {place}: {op.decode()} {operands}")
                elif any(v != 0 for v in operands[:3]) or not 0 <= operands[3] <= 1:
                    problems.append(f"{output} page {n} {place}: {op.decode()} {operands} uses colour toner")
            if not count:
                problems.append(f"{output} page {n}: no colour operator at all?")
            problems += [f"{output} page {n} {p}" for p in colour_space_problems(pdf, page)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])
