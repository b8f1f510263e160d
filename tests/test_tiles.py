"""Poster tiles (``poster-tiles.pdf``): the big poster over office sheets, put back together.

For every edition that tiles (A3 on A4; en-US Tabloid on Letter): one sheet per cell of the
grid, each the office paper size. Where each sheet shows the poster is read from the PDF
itself (the clip and placement of the poster form on each sheet) and must be what the plan
says; the part each sheet keeps once cut shows exactly the poster at its place (PDFium renders
at 50 dpi, compared after a 3×3 blur that absorbs sub-pixel antialiasing), and the kept parts
reassemble the poster. QR codes are found in the poster PDF (a white square holding many small
black ones) and decoded from 150 dpi renders of the sheets with zxing-cpp and zbar: at least
one sheet scans. Text boxes (pdfplumber) of each sheet's own marks never touch the notice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest
import zxingcpp
from jinja2 import Template
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from workbook.tiling import BOTTOM, CLEAR, MARGIN, OVERLAP, TRIM, TilePlan, plan

from .helpers import MM, PAPER_PT, edition_codes, edition_spec, norm, plain, reader, words

TILED = tuple(e for e in edition_codes() if e in ("en-GB", "en-KH", "km-KH", "qps", "en-US"))
DPI = 50
S = DPI / 72
DIFFERENT = 64          # a pixel differs when it is off by more than 25 % of the gray range
TOLERANCE = 0.03        # at most 3 % of a window's pixels may differ (antialiasing of text edges)
PLACEMENT = re.compile(rb"q ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n 1 0 0 1 ([-\d.]+) ([-\d.]+) cm /Poster Do Q")

Box = tuple[float, float, float, float]


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b]", "", str(text))


def gray(doc, index: int, scale: float = S) -> np.ndarray:
    return np.asarray(doc[index].render(scale=scale, grayscale=True).to_pil().convert("L")).astype(float)


def blur(a: np.ndarray) -> np.ndarray:
    p = np.pad(a, 1, mode="edge")
    return sum(p[i:i + a.shape[0], j:j + a.shape[1]] for i in range(3) for j in range(3)) / 9


def qr_boxes(path) -> list[Box]:
    """QR codes in a PDF page, measured: white squares (the quiet zone) holding 50+ small dark
    rectangles (the modules), as (x0, y0, x1, y1) in PDF coordinates."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        h, rects = float(page.height), page.rects
        found = []
        for s in rects:
            if abs(s["width"] - s["height"]) > 0.5 or s["width"] < 30 or s.get("non_stroking_color") not in ((1, 1, 1), (1.0, 1.0, 1.0), [1, 1, 1]):
                continue
            inside = [r for r in rects if r is not s and r["width"] < s["width"] / 8
                      and s["x0"] - 0.01 <= r["x0"] and r["x1"] <= s["x1"] + 0.01
                      and s["top"] - 0.01 <= r["top"] and r["bottom"] <= s["bottom"] + 0.01]
            if len(inside) >= 50:
                found.append((s["x0"], h - s["bottom"], s["x1"], h - s["top"]))
        return found


def overlay_only(pdf_bytes: bytes, index: int) -> bytes:
    """The sheet without the poster: only what the tiling itself draws (marks, label, help, notice)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_bytes)))
    page = writer.pages[index]
    streams = [s for s in page["/Contents"].get_object()]
    page[NameObject("/Contents")] = ArrayObject([s for s in streams if b"/Poster Do" not in s.get_object().get_data()])
    out = PdfWriter()
    out.add_page(page)
    buf = BytesIO()
    out.write(buf)
    return buf.getvalue()


def placement(page) -> tuple[Box, tuple[float, float]]:
    """The poster's clip box on the sheet and its offset (poster point (x, y) is at (x+dx, y+dy))."""
    data = b"".join(s.get_object().get_data() for s in page["/Contents"].get_object())
    m = PLACEMENT.search(data)
    assert m, "no poster placement found on the sheet"
    x, y, w, h, dx, dy = (float(v) for v in m.groups())
    return (x, y, x + w, y + h), (dx, dy)


def intersects(a: Box, b: Box, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


@dataclass
class Tiles:
    edition: str
    path: object
    plan: TilePlan
    qr: list[Box]               # in poster coordinates
    poster: np.ndarray          # blurred render
    tiles: list[np.ndarray]     # raw renders
    texts: list[tuple[str, str, str]]  # (whole page, bottom margin, top margin) text per tile
    paper: str


def to_px(box: Box, page_h: float) -> tuple[int, int, int, int]:
    """A box in points (origin lower left) as pixel (top, bottom, left, right) of a page ``page_h`` high."""
    return round((page_h - box[3]) * S), round((page_h - box[1]) * S), round(box[0] * S), round(box[2] * S)


@pytest.fixture(scope="module", params=TILED)
def tiles(built, request) -> Tiles:
    edition = request.param
    path = built.pdf(edition, "poster-tiles")
    poster_doc = pdfium.PdfDocument(str(built.pdf(edition, "poster")))
    doc = pdfium.PdfDocument(str(path))
    try:
        size = tuple(poster_doc[0].get_size())
        paper = edition_spec(built.root, edition)["paper"]["handout"]
        qr = qr_boxes(built.pdf(edition, "poster"))
        texts = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            w, h = doc[i].get_size()
            texts.append((tp.get_text_range(), tp.get_text_bounded(0, 0, w, BOTTOM),
                          tp.get_text_bounded(0, h - MARGIN, w, h)))
        return Tiles(edition, path, plan(size, paper, qr), qr, blur(gray(poster_doc, 0)),
                     [gray(doc, i) for i in range(len(doc))], texts, paper)
    finally:
        poster_doc.close()
        doc.close()


def test_the_promised_overlap_and_margins():
    assert OVERLAP == pytest.approx(10 * MM) and MARGIN == pytest.approx(12 * MM) and BOTTOM >= MARGIN


def test_one_office_sheet_per_cell_of_the_grid(built, tiles):
    cols, rows = tiles.plan.grid
    pages = reader(tiles.path).pages
    assert len(pages) == cols * rows == len(tiles.tiles)
    assert cols * rows > 1
    office = PAPER_PT[tiles.paper]
    assert tuple(round(v, 2) for v in tiles.plan.sheet) in {office, office[::-1]}
    for n, page in enumerate(pages, 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(tiles.plan.sheet, abs=0.01), f"tile {n}: {size}, the {tiles.paper} sheet is {tiles.plan.sheet}"


def test_each_sheet_places_the_poster_where_the_plan_says(tiles):
    """Read from the PDF: each sheet's clip is the plan's printed part, inside the window, and the
    poster is offset so the window shows its place; neighbours share at least OVERLAP + TRIM."""
    p = tiles.plan
    cols, rows = p.grid
    (tw, th), (ww, wh) = p.sheet, p.window_size
    for i, page in enumerate(reader(tiles.path).pages):
        r, c = divmod(i, cols)
        clip, (dx, dy) = placement(page)
        wx, wy = p.window(r, c)
        assert (dx, dy) == pytest.approx((MARGIN - wx, BOTTOM - wy), abs=0.01), f"tile {i + 1}"
        assert clip == pytest.approx(p.on_sheet(r, c, p.printed(r, c)), abs=0.01), f"tile {i + 1}"
        assert clip[0] >= MARGIN - 0.01 and clip[2] <= tw - MARGIN + 0.01, f"tile {i + 1} prints in a side margin"
        assert clip[1] >= BOTTOM - 0.01 and clip[3] <= th - MARGIN + 0.01, f"tile {i + 1} prints in the top/bottom margin"
    for c in range(cols - 1):
        assert p.ox[c] + ww - p.ox[c + 1] >= OVERLAP + TRIM - 0.01, f"columns {c + 1}, {c + 2} overlap too little"
    for r in range(rows - 1):
        assert p.oy[r] + wh - p.oy[r + 1] >= OVERLAP + TRIM - 0.01, f"rows {r + 1}, {r + 2} overlap too little"
    assert p.xs[0] == 0 and p.xs[-1] == pytest.approx(p.poster[0]) and p.ys[-1] == pytest.approx(p.poster[1])


def test_each_tile_keeps_the_poster_at_its_place(tiles):
    problems = []
    p, th = tiles.plan, tiles.plan.sheet[1]
    ph = p.poster[1]
    cols = p.grid[0]
    for i, tile in enumerate(tiles.tiles):
        r, c = divmod(i, cols)
        kept = p.kept(r, c)
        top, bottom, left, right = to_px(kept, ph)
        ref = tiles.poster[top + 2:bottom - 2, left + 2:right - 2]
        t_top, _, t_left, _ = to_px(p.on_sheet(r, c, kept), th)
        img = blur(tile)

        def off(dy: int, dx: int) -> float:
            win = img[t_top + 2 + dy:t_top + 2 + dy + ref.shape[0], t_left + 2 + dx:t_left + 2 + dx + ref.shape[1]]
            return float((np.abs(win - ref) > DIFFERENT).mean()) if win.shape == ref.shape else 1.0

        here = off(0, 0)
        shifts = {(dy, dx): off(dy, dx) for dy in range(-4, 5) for dx in range(-4, 5)}
        best = min(shifts, key=shifts.get)
        if here > TOLERANCE:
            problems.append(f"tile {i + 1}: {here:.1%} of what it keeps differs from the poster there "
                            f"(tolerance {TOLERANCE:.0%}); best match {shifts[best]:.1%} at {best} px")
        if max(abs(best[0]), abs(best[1])) > 1:
            problems.append(f"tile {i + 1}: the poster is offset by {best} px at {DPI} dpi")
    assert not problems, "\n".join(problems)


def test_the_kept_parts_reassemble_the_poster(tiles):
    """Each sheet's kept part pasted at its poster position: every poster pixel is covered once
    the sheets are cut and taped, and the result is the poster."""
    p, th = tiles.plan, tiles.plan.sheet[1]
    ph = p.poster[1]
    canvas = np.full(tiles.poster.shape, -1.0)
    for i, tile in enumerate(tiles.tiles):
        r, c = divmod(i, p.grid[0])
        top, bottom, left, right = to_px(p.kept(r, c), ph)
        t_top, _, t_left, _ = to_px(p.on_sheet(r, c, p.kept(r, c)), th)
        canvas[top:bottom, left:right] = blur(tile)[t_top:t_top + bottom - top, t_left:t_left + right - left]
    uncovered = float((canvas < 0).mean())
    assert uncovered == 0, f"{uncovered:.2%} of the poster is on no tile"
    differs = float((np.abs(canvas - tiles.poster) > DIFFERENT).mean())
    assert differs < TOLERANCE, f"the reassembled poster differs from the poster in {differs:.1%} of its pixels"
    shifted = np.roll(canvas, round(20 * MM * S), axis=0)  # the comparison can fail
    assert float((np.abs(shifted - tiles.poster) > DIFFERENT).mean()) > 3 * TOLERANCE


def test_no_seam_runs_through_a_qr_code(tiles):
    p = tiles.plan
    assert tiles.qr, f"{tiles.edition}: no QR code found in the poster"
    for box in tiles.qr:
        for s in p.xs[1:-1]:
            assert not box[0] - CLEAR < s < box[2] + CLEAR, f"the seam at x={s:.0f} cuts the QR code {box}"
        for s in p.ys[1:-1]:
            y = p.poster[1] - s
            assert not box[1] - CLEAR < y < box[3] + CLEAR, f"the seam at y={y:.0f} cuts the QR code {box}"
        assert p.holder(box) is not None


def test_at_least_one_sheet_scans_with_zxing_and_zbar_at_150_dpi(tiles, built):
    from pyzbar import pyzbar

    doc = pdfium.PdfDocument(str(tiles.path))
    try:
        reads = []
        for i in range(len(doc)):
            image = doc[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
            z = {r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid}
            b = {r.data.decode() for r in pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE])}
            reads.append((z, b))
    finally:
        doc.close()
    both = [i + 1 for i, (z, b) in enumerate(reads) if z and z & b]
    assert both, f"{tiles.edition}: no sheet decodes with both zxing-cpp and zbar at 150 dpi: {reads}"
    holder = tiles.plan.holder(tiles.qr[0])
    assert holder[0] * tiles.plan.grid[0] + holder[1] + 1 in both


def test_no_cut_line_or_glue_hatching_crosses_a_kept_qr_code(tiles):
    """On the sheet that keeps a QR code, none of the tiling's own lines touch its box."""
    p = tiles.plan
    data = tiles.path.read_bytes()
    for box in tiles.qr:
        r, c = p.holder(box)
        index = r * p.grid[0] + c
        qr = p.on_sheet(r, c, box)
        with pdfplumber.open(BytesIO(overlay_only(data, index))) as pdf:
            page = pdf.pages[0]
            h = float(page.height)
            marks = page.lines + page.curves + page.rects
            assert marks, "the overlay draws no marks: the measurement would prove nothing"
            hits = [m for m in marks if intersects((m["x0"], h - m["bottom"], m["x1"], h - m["top"]), qr)]
        assert not hits, f"tile {index + 1}: {len(hits)} marks over the QR code at {qr}"


def test_nothing_overlaps_the_notice(built, tiles):
    """pdfplumber boxes of every character and mark the tiling draws: none touches the notice's
    box, and the poster's clip stays clear of it."""
    common = words(built.root, edition_spec(built.root, tiles.edition)["language"], "common")
    notice = squash(plain(common["notice"]))
    data = tiles.path.read_bytes()
    problems = []
    for i, page_obj in enumerate(reader(tiles.path).pages):
        clip, _ = placement(page_obj)
        with pdfplumber.open(BytesIO(overlay_only(data, i))) as pdf:
            page = pdf.pages[0]
            h = float(page.height)
            chars = sorted(page.chars, key=lambda ch: (round(ch["top"], 1), ch["x0"]))
            line = [ch for ch in chars if ch["top"] > h - BOTTOM]
            start = next((k for k in range(len(line)) if squash("".join(ch["text"] for ch in line[k:])).startswith(notice)), None)
            if start is None:
                problems.append(f"tile {i + 1}: notice not found in the bottom margin")
                continue
            count, taken = 0, []
            for ch in line[start:]:
                if count >= len(notice):
                    break
                taken.append(ch)
                count += len(squash(ch["text"]))
            box = (min(c["x0"] for c in taken), h - max(c["bottom"] for c in taken),
                   max(c["x1"] for c in taken), h - min(c["top"] for c in taken))
            others = [ch for ch in page.chars if not any(ch is t for t in taken)]
            hits = [ch["text"] for ch in others if intersects((ch["x0"], h - ch["bottom"], ch["x1"], h - ch["top"]), box, 0.5)]
            marks = [m for m in page.lines + page.curves + page.rects
                     if intersects((m["x0"], h - m["bottom"], m["x1"], h - m["top"]), box, 0.5)]
            if hits or marks:
                problems.append(f"tile {i + 1}: {''.join(hits)!r} and {len(marks)} marks overlap the notice {box}")
            if intersects(clip, box, 0.5):
                problems.append(f"tile {i + 1}: the poster prints over the notice")
            assert len(others) > len(notice), "the help text and label should be there too"
    assert not problems, "\n".join(problems)


def test_the_help_text_fits_between_the_window_and_the_notice(tiles):
    data = tiles.path.read_bytes()
    for i in range(len(tiles.tiles)):
        with pdfplumber.open(BytesIO(overlay_only(data, i))) as pdf:
            page = pdf.pages[0]
            h = float(page.height)
            bottom_chars = [ch for ch in page.chars if ch["top"] > h - BOTTOM]
            assert bottom_chars, f"tile {i + 1}: no help text or notice"
            assert min(h - ch["bottom"] for ch in bottom_chars) >= 4 * MM, f"tile {i + 1}: text in the printer's edge"
            assert max(h - ch["top"] for ch in bottom_chars) <= BOTTOM - 1, f"tile {i + 1}: text reaches the window"
            assert min(ch["size"] for ch in bottom_chars) >= 5.9, f"tile {i + 1}: text below 6 pt"


def test_the_instructions_describe_what_is_drawn(built, tiles):
    """The help text names dashed cut lines and hatched strips: sheets with a left or upper
    neighbour carry a dashed line, sheets with a right or lower one carry diagonal hatching."""
    language = edition_spec(built.root, tiles.edition)["language"]
    help_en = str(words(built.root, "en", "common")["tiles"]["help"]).lower()
    assert "dashed" in help_en and "hatch" in help_en and "shaded" not in help_en
    if language == "en":
        assert "hatch" in str(words(built.root, language, "common")["tiles"]["help"]).lower()
    p, data = tiles.plan, tiles.path.read_bytes()
    cols, rows = p.grid
    for i in range(cols * rows):
        r, c = divmod(i, cols)
        with pdfplumber.open(BytesIO(overlay_only(data, i))) as pdf:
            page = pdf.pages[0]
            dashed = [ln for ln in page.lines if ln.get("dash") and ln["dash"][0]]
            diagonal = [ln for ln in page.curves + page.lines if ln["width"] > 1 and ln["height"] > 1
                        and abs(ln["width"] - ln["height"]) < 0.5]
        assert bool(dashed) == (r > 0 or c > 0), f"tile {i + 1}: {len(dashed)} dashed lines"
        assert (len(diagonal) > 10) == (r + 1 < rows or c + 1 < cols), f"tile {i + 1}: {len(diagonal)} hatch lines"


def test_each_tile_carries_the_notice_and_its_row_and_column(built, tiles):
    common = words(built.root, edition_spec(built.root, tiles.edition)["language"], "common")
    notice = norm(plain(common["notice"]))
    cols, rows = tiles.plan.grid
    problems = []
    for i, (text, bottom, top) in enumerate(tiles.texts):
        r, c = divmod(i, cols)
        label = plain(Template(str(common["tiles"]["title"])).render(number=i + 1, count=cols * rows, row=r + 1,
                                                                    col=c + 1))
        if notice not in norm(bottom):
            problems.append(f"tile {i + 1}: no notice {notice!r} in its bottom margin: {norm(bottom)[-160:]!r}")
        if squash(label) not in squash(top):
            problems.append(f"tile {i + 1}: no label {label!r} in its top margin: {norm(top)[-160:]!r}")
        if str(r + 1) not in label or str(c + 1) not in label:
            problems.append(f"tile {i + 1}: the label {label!r} does not say row {r + 1}, column {c + 1}")
    assert not problems, "\n".join(problems)


# -- the seam chooser, on its own: any poster size, any boxes ---------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from workbook.tiling import seams  # noqa: E402


def _valid(cuts: list[float], length: float, window: float, keep: list[tuple[float, float]]) -> list[str]:
    """What is wrong with a list of seams, by the rules the module states."""
    wrong = []
    step = window - OVERLAP - TRIM
    if cuts and cuts[0] > window - OVERLAP + 1e-6:
        wrong.append("sheet 1 does not reach OVERLAP past the first seam")
    wrong += [f"seams {a:.0f}, {b:.0f} too far apart" for a, b in zip(cuts, cuts[1:]) if b - a > step + 1e-6 or b <= a]
    if length - (cuts[-1] if cuts else 0) > (window - TRIM if cuts else window) + 1e-6:
        wrong.append("the last sheet does not reach the end")
    wrong += [f"seam {s:.0f} within CLEAR of {k}" for s in cuts for k in keep if k[0] - CLEAR < s - 1e-6 and s + 1e-6 < k[1] + CLEAR]
    return wrong


def _brute(length: float, window: float, n: int, keep: list[tuple[float, float]]) -> bool:
    """Whether seams exist, by trying every position on a 1 pt grid (slow, obviously right)."""
    allowed = [float(x) for x in range(1, int(length)) if not any(a - CLEAR < x < b + CLEAR for a, b in keep)]
    reach = {x for x in allowed if x <= window - OVERLAP}
    for _ in range(n - 2):
        reach = {y for y in allowed if any(0 < y - x <= window - OVERLAP - TRIM for x in reach)}
    return any(length - x <= window - TRIM for x in reach)


@settings(max_examples=150, deadline=None)
@given(length=st.floats(600, 1300), window=st.floats(450, 760), n=st.integers(2, 3),
       boxes=st.lists(st.tuples(st.floats(0, 1300), st.floats(20, 140)), max_size=3))
def test_seams_obey_the_rules_and_are_found_whenever_they_exist(length, window, n, boxes):
    keep = [(a, min(length, a + w)) for a, w in boxes if a < length]
    cuts = seams(length, window, n, keep)
    if cuts is not None:
        assert len(cuts) == n - 1 and not _valid(cuts, length, window, keep), _valid(cuts, length, window, keep)
    else:
        assert not _brute(length, window, n, keep), "seams exist but none were found"


def test_a_qr_code_anywhere_stays_whole_on_one_sheet():
    """QR boxes placed all over an A3 poster (not only where the poster puts it today): the plan
    keeps each whole on one sheet, and no seam runs within CLEAR of it."""
    a3 = (841.89, 1190.55)
    for x in range(0, 760, 60):
        for y in range(0, 1100, 70):
            box = (float(x), float(y), x + 85.0, y + 85.0)
            p = plan(a3, "A4", [box])
            assert p.holder(box) is not None, f"a QR code at {box} is cut: seams {p.xs}, {p.ys}"
            assert p.grid[0] * p.grid[1] <= 6
    assert plan(a3, "A4", []).grid == (2, 2)


def test_the_unchecked_plan_cuts_a_code_the_checked_one_keeps():
    """The check has teeth: a box on the even split is cut without it and kept whole with it."""
    a3 = (841.89, 1190.55)
    box = (a3[0] / 2 - 40, a3[1] / 2 - 40, a3[0] / 2 + 40, a3[1] / 2 + 40)
    assert plan(a3, "A4", []).holder(box) is None
    assert plan(a3, "A4", [box]).holder(box) is not None


# -- end to end: a QR code where the even split would cut it -----------------------------------

@pytest.fixture(scope="module")
def us_sheet(built):
    """The en-US edition's sheet (Tabloid poster, Letter office paper), composed in process."""
    from workbook import jobs, pipeline
    from workbook.document import Build, Sheet
    from workbook.kit import Kit
    from workbook.project import load_project
    from workbook.theme import load_theme

    project = load_project(built.root)
    theme = load_theme(project.templates, project.assets)
    kit = Kit(theme.with_mode("rgb"), project.assets)
    ed = project.editions["en-US"]
    w = jobs.edition_words(project, ed, pipeline.word_models(["poster"]))
    return Sheet(kit, ed, w["common"], project.regions[ed.region], project.links,
                 Build(pipeline.content_hash(built.root, ed), pipeline.build_date(ed)))


def _scans(pdf: bytes) -> list[int]:
    """Sheets (from 1) whose 150 dpi render decodes with zxing-cpp and with zbar."""
    from pyzbar import pyzbar

    doc = pdfium.PdfDocument(pdf)
    try:
        ok = []
        for i in range(len(doc)):
            image = doc[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
            if any(r.valid for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)) \
                    and pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE]):
                ok.append(i + 1)
        return ok
    finally:
        doc.close()


def test_a_code_on_the_even_split_is_kept_whole_and_scans(us_sheet):
    """A Tabloid poster with one QR code at its centre (drawn under a transform, as flowables
    draw): draw_qr records its page box, the tiles keep it whole and a sheet scans; tiled
    without the box, the seams cut it and no sheet scans."""
    from workbook.document import Composed, new_canvas
    from workbook.impose import tiles as make_tiles
    from workbook.qr import draw_qr, drawn_boxes
    from workbook.theme import page_size

    size = page_size("Tabloid")
    canvas, out = new_canvas(us_sheet, "poster", size)
    canvas.saveState()
    canvas.translate(size[0] / 2, size[1] / 2)
    draw_qr(canvas, "https://a21.org/education", -45, -45, 90)
    canvas.restoreState()
    boxes = drawn_boxes(canvas)
    canvas.showPage()
    canvas.save()
    assert boxes == [pytest.approx((size[0] / 2 - 45, size[1] / 2 - 45, size[0] / 2 + 45, size[1] / 2 + 45))]
    kept = make_tiles(us_sheet, Composed(out.getvalue(), 1, [], keep_whole=boxes))
    assert _scans(kept.pdf), "the QR code's sheet does not scan"
    cut = make_tiles(us_sheet, Composed(out.getvalue(), 1, []))
    assert not _scans(cut.pdf), "without the box the seams should have cut the code (the test proves nothing)"
