"""Imposition for office printers: a saddle-stitched booklet, and a big poster as tiles.

In: a composed PDF (the workbook, the poster) and the edition's sheet. Out: a new PDF.
ReportLab draws what is new (the instructions page, notes pages, tile margins with cut
marks and an assembly map, the notice on every sheet); pypdf places the original pages
on the sheets as form XObjects, untouched, so text stays text and vectors stay vectors.
"""
from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .document import Composed, Sheet, new_canvas
from .errors import BuildError
from .finish import _stream, finish_document, form_xobject, metadata_of, place_pages, wrap_contents
from .kit import draw_footer, plain
from .theme import page_size
from .tiling import BOTTOM, MARGIN, TilePlan
from .tiling import plan as tile_plan
from .words import render_text

NOTICE_RISE = 5 * mm   # baseline of a tile's notice: above an office printer's unprintable edge
HATCH = 3.0            # spacing of the glue strips' hatching, points


# -- booklet --------------------------------------------------------------------------------

def booklet(sheet: Sheet, small: Sheet, doc: Composed) -> Composed:
    """The document as a booklet: its pages two-up at 100 %, in signature order, for duplex printing.

    ``doc`` was composed on ``small``'s paper, half of ``sheet``'s handout paper, so the
    pages are placed as they are: imposition never scales type. Pages are padded to a
    multiple of four with notes pages (not blank sheets); page 1 of the file explains how
    to print and fold. Print duplex, flipping on the short edge.
    """
    pages = _with_notes(small, doc)
    n = len(pages)
    sheet_size = page_size(sheet.edition.paper.handout, landscape=True)
    half = sheet_size[0] / 2
    pw, ph = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    if pw > half + 0.5 or ph > sheet_size[1] + 0.5:
        raise BuildError(f"{sheet.edition.code}: booklet pages of {pw:.0f} x {ph:.0f} pt do not fit half a "
                         f"{sheet.edition.paper.handout} sheet; compose them on {small.edition.paper.handout}")
    intro = _instructions(sheet, sheet_size, n)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(intro)))
    dx, dy = (half - pw) / 2, (sheet_size[1] - ph) / 2  # A5 is 0.5 mm narrower than half of A4
    sides = signature_order(n)
    for left, right in sides:
        place_pages(writer, sheet_size, [(pages[left], 1.0, dx, dy), (pages[right], 1.0, half + dx, dy)])
    side_of = {page: 1 + i for i, pair in enumerate(sides) for page in pair}
    outline = [(plain(sheet.common.booklet.title), 0, 0)] + [(t, lvl, side_of[p]) for t, lvl, p in doc.outline]
    writer.create_viewer_preferences().duplex = NameObject("/DuplexFlipShortEdge")
    return Composed(finish_document(writer, metadata_of(doc.pdf), sheet.edition.language, outline, final=False), 1 + n // 2, outline)


def signature_order(n: int) -> list[tuple[int, int]]:
    """(left, right) page indices for each side of a saddle-stitched booklet of ``n`` pages (n % 4 == 0)."""
    sides = []
    for i in range(n // 4):
        sides.append((n - 1 - 2 * i, 2 * i))       # front of sheet i
        sides.append((2 * i + 1, n - 2 - 2 * i))   # back of sheet i
    return sides


def _with_notes(sheet: Sheet, doc: Composed) -> list:
    """The document's pages plus enough numbered notes pages to make a multiple of four."""
    pages = list(PdfReader(BytesIO(doc.pdf)).pages)
    missing = (-len(pages)) % 4
    if missing:
        size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
        notes = _notes_pages(sheet, size, missing, first=len(pages))
        pages += list(PdfReader(BytesIO(notes)).pages)
    return pages


def _notes_pages(sheet: Sheet, size: tuple[float, float], count: int, first: int) -> bytes:
    """Ruled pages titled "Notes", with the footer every page carries."""
    canvas, out = new_canvas(sheet, "workbook", size)
    theme = sheet.kit.theme
    left, right = theme.mm("page", "margin", "left"), size[0] - theme.mm("page", "margin", "right")
    top, bottom = size[1] - theme.mm("page", "margin", "top"), theme.mm("page", "margin", "bottom") + 10
    for i in range(count):
        title = sheet.kit.para(sheet.common.notes_title, "h1")
        title.wrap(right - left, 100)
        title.drawOn(canvas, left, top - title.height)
        canvas.setStrokeColor(theme.colour("rule"))
        canvas.setLineWidth(0.5)
        y = top - title.height - 28
        while y > bottom:
            canvas.line(left, y, right, y)
            y -= 24
        draw_footer(canvas, sheet.kit, size[0], sheet.common.notice, sheet.page_label(first + i), sheet.colophon)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _instructions(sheet: Sheet, size: tuple[float, float], pages: int) -> bytes:
    """Page 1 of the booklet file: how to print and fold it, in the edition's language."""
    words = sheet.common.booklet
    paper = sheet.edition.paper.handout  # sheets of this paper, named in the edition's language
    data = {"last": 1 + pages // 2, "paper": sheet.common.paper_names.get(paper, paper), "pages": pages}
    canvas, out = new_canvas(sheet, "workbook", size)
    theme, kit = sheet.kit.theme, sheet.kit
    left, width = theme.mm("page", "margin", "left") * 1.5, size[0] * 0.6
    y = size[1] - theme.mm("page", "margin", "top") * 1.5
    title = kit.para(words.title, "title")
    title.wrap(width, 200)
    title.drawOn(canvas, left, y - title.height)
    y -= title.height + 18
    for n, step in enumerate(words.steps, 1):
        para = kit.para(f"**{n}.** {render_text(step, data)}", "lead")
        para.wrap(width, 200)
        para.drawOn(canvas, left, y - para.height)
        y -= para.height + 10
    _fold_diagram(canvas, sheet, left + width + 30, size[1] / 2 - 60, size[0] - left - width - 60)
    draw_footer(canvas, kit, size[0], sheet.common.notice, "", sheet.colophon)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _fold_diagram(canvas: Canvas, sheet: Sheet, x: float, y: float, w: float) -> None:
    """A sheet with its fold line and a staple on the fold: the shape of the finished booklet."""
    theme = sheet.kit.theme
    h = w * 0.7
    canvas.setStrokeColor(theme.colour("muted"))
    canvas.setFillColor(theme.colour("panel_alt"))
    canvas.rect(x, y, w, h, stroke=1, fill=1)
    canvas.setDash(4, 3)
    canvas.setStrokeColor(theme.colour("accent"))
    canvas.line(x + w / 2, y - 8, x + w / 2, y + h + 8)
    canvas.setDash()
    canvas.setLineWidth(2)
    for sy in (y + h * 0.25, y + h * 0.75):
        canvas.line(x + w / 2, sy - 8, x + w / 2, sy + 8)
    canvas.setLineWidth(1)


# -- tiles ----------------------------------------------------------------------------------

def tiles(sheet: Sheet, poster: Composed) -> Composed:
    """The poster at full size over several office sheets, with cut lines, hatched glue strips,
    an assembly map and the notice on each sheet; no seam runs through a QR code
    (``poster.keep_whole``), so one sheet carries each code whole and it scans."""
    page = PdfReader(BytesIO(poster.pdf)).pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    layout = tile_plan(size, sheet.edition.paper.handout, poster.keep_whole)
    cols, rows = layout.grid
    writer = PdfWriter(clone_from=PdfReader(BytesIO(_tile_overlays(sheet, layout))))
    form = form_xobject(writer, page)
    for index, sheet_page in enumerate(writer.pages):
        r, c = divmod(index, cols)
        x0, y0, x1, y1 = layout.on_sheet(r, c, layout.printed(r, c))
        wx, wy = layout.window(r, c)
        ops = (f"q {x0:.3f} {y0:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re W n "
               f"1 0 0 1 {MARGIN - wx:.3f} {BOTTOM - wy:.3f} cm /Poster Do Q")
        resources = sheet_page["/Resources"].get_object()
        xobjects = resources.get("/XObject", DictionaryObject()).get_object() if "/XObject" in resources else DictionaryObject()
        xobjects[NameObject("/Poster")] = form
        resources[NameObject("/XObject")] = xobjects
        wrap_contents(sheet_page, writer._add_object(_stream(ops)))
    outline = [(plain(render_text(sheet.common.tiles.title, _tile_data(i, layout.grid))), 0, i) for i in range(cols * rows)]
    return Composed(finish_document(writer, metadata_of(poster.pdf), sheet.edition.language, outline, final=False), cols * rows,
                    outline)


def _tile_overlays(sheet: Sheet, layout: TilePlan) -> bytes:
    """One page per tile: glue strips, cut lines, corner ticks, the assembly map, the tile's
    label, the help text (fitted between the window and the notice) and the notice."""
    cols, rows = layout.grid
    tile = layout.sheet
    canvas, out = new_canvas(sheet, "poster", tile)
    theme, kit = sheet.kit.theme, sheet.kit
    notice_size = 6.5
    for r in range(rows):
        for c in range(cols):
            _glue_strips(canvas, sheet, layout, r, c)
            _cut_lines(canvas, sheet, layout, r, c)
            _assembly_map(canvas, sheet, tile, layout.grid, r, c)
            data = _tile_data(r * cols + c, layout.grid)
            label = kit.para(render_text(sheet.common.tiles.title, data), "label", textColor=theme.colour("ink"))
            label.wrap(tile[0] - 2 * MARGIN - 60, 30)
            label.drawOn(canvas, MARGIN, tile[1] - MARGIN + 3)
            band_bottom = NOTICE_RISE + notice_size + 2
            help_ = kit.fit(sheet.common.tiles.help, "footer", tile[0] - 2 * MARGIN - 12, BOTTOM - 3 - band_bottom,
                            min_size=6, textColor=theme.colour("muted"), fontSize=6.5, leading=7.5)
            help_.drawOn(canvas, MARGIN + 6, BOTTOM - 3 - help_.height)
            canvas.setFont(theme.style("footer").fontName, notice_size)
            canvas.setFillColor(theme.colour("ink"))
            canvas.drawString(MARGIN, NOTICE_RISE, str(sheet.common.notice))
            canvas.drawRightString(tile[0] - MARGIN, NOTICE_RISE, sheet.colophon)
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def _tile_data(index: int, grid: tuple[int, int]) -> dict[str, int]:
    """What a tile's label template may say: its number, the count, its row and column (from 1)."""
    cols, rows = grid
    return {"number": index + 1, "count": cols * rows, "row": index // cols + 1, "col": index % cols + 1}


def glue_boxes(layout: TilePlan, r: int, c: int) -> list[tuple[float, float, float, float]]:
    """The hatched strips of sheet (r, c), in sheet coordinates: the OVERLAP its right and
    lower neighbours lie over (printed beyond their seams)."""
    px0, py0, px1, py1 = layout.printed(r, c)
    kx0, ky0, kx1, ky1 = layout.kept(r, c)
    boxes = []
    if c + 1 < layout.grid[0]:
        boxes.append(layout.on_sheet(r, c, (kx1, py0, px1, py1)))
    if r + 1 < layout.grid[1]:
        boxes.append(layout.on_sheet(r, c, (px0, py0, px1, ky0)))
    return boxes


def cut_positions(layout: TilePlan, r: int, c: int) -> tuple[float | None, float | None]:
    """Sheet coordinates of (r, c)'s cut lines: x of the left one, y of the top one (None: no cut)."""
    x0, y0, x1, y1 = layout.on_sheet(r, c, layout.kept(r, c))
    return (x0 if c > 0 else None), (y1 if r > 0 else None)


def _glue_strips(canvas: Canvas, sheet: Sheet, layout: TilePlan, r: int, c: int) -> None:
    """Diagonal hatching over the strips the neighbours will cover: glue goes here."""
    canvas.saveState()
    canvas.setStrokeColor(sheet.kit.theme.colour("muted"))
    canvas.setLineWidth(0.35)
    for bx0, by0, bx1, by1 in glue_boxes(layout, r, c):
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(bx0, by0, bx1 - bx0, by1 - by0)
        canvas.clipPath(path, stroke=0, fill=0)
        span = (bx1 - bx0) + (by1 - by0)
        d = 0.0
        while d < span:
            canvas.line(bx0 + d, by0, bx0 + d - (by1 - by0), by1)
            d += HATCH
        canvas.restoreState()
    canvas.restoreState()


def _cut_lines(canvas: Canvas, sheet: Sheet, layout: TilePlan, r: int, c: int) -> None:
    """Dashed cut lines where this sheet is trimmed to lie over its left and upper neighbours,
    and corner ticks at the printed window."""
    x0, y0 = MARGIN, BOTTOM
    x1, y1 = layout.sheet[0] - MARGIN, layout.sheet[1] - MARGIN
    left, top = cut_positions(layout, r, c)
    canvas.saveState()
    for colour, width, dash in (("paper", 1.8, []), ("ink", 0.8, [4, 2.5])):  # white under: seen on dark areas
        canvas.setStrokeColor(sheet.kit.theme.colour(colour))
        canvas.setLineWidth(width)
        canvas.setDash(dash)
        if left is not None:  # within the window's height: the label and help text stay clear
            canvas.line(left, y0 - 1.5, left, y1 + 1.5)
        if top is not None:
            canvas.line(x0 - 6, top, x1 + 6, top)
    canvas.setDash()
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(sheet.kit.theme.colour("ink"))
    for x in (x0, x1):  # corner ticks at the printed window, outside it
        for y in (y0, y1):
            canvas.line(x, y + (-8 if y == y0 else 2), x, y + (-2 if y == y0 else 8))
            canvas.line(x + (-8 if x == x0 else 2), y, x + (-2 if x == x0 else 8), y)
    canvas.restoreState()


def _assembly_map(canvas: Canvas, sheet: Sheet, tile: tuple[float, float], grid: tuple[int, int], r: int, c: int) -> None:
    """A small grid in the top margin with this tile's cell filled, so the sheets go together in order."""
    cols, rows = grid
    theme = sheet.kit.theme
    cell = min(8.0, (MARGIN - 6) / rows)
    x, y = tile[0] - MARGIN - cols * cell, tile[1] - MARGIN + 3
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(theme.colour("ink"))
    for rr in range(rows):
        for cc in range(cols):
            canvas.setFillColor(theme.colour("accent") if (rr, cc) == (r, c) else theme.colour("paper"))
            canvas.rect(x + cc * cell, y + (rows - 1 - rr) * cell, cell, cell, stroke=1, fill=1)
    canvas.restoreState()
