"""Helpline wallet cards: who to call on the front, the reassurance and a QR code on the back.

In: ``cards.yaml``, the common words and the edition's region (helplines, emergency number,
website) and links (Take It Down). Out: ``cards``, two pages on the office paper: a sheet of
card fronts and a sheet of backs. Cards (85 x 55 mm) sit edge to edge in a grid centred on
the sheet (2 x 5 on A4, 2 x 4 on Letter) with cut marks outside it on every card edge. The
back sheet mirrors the front left to right, so a duplex print flipped on the long edge puts
each back behind its front. Each card carries the notice; so does each sheet's margin.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from ..content import Model, Text, where_of
from ..document import Composed, Sheet, new_canvas
from ..editorial import Editorial
from ..errors import ContentError, Where
from ..kit import draw_footer, plain, upper
from ..project import ServiceId
from ..qr import draw_qr
from ..theme import CardSpec, page_size
from ..tagging_draw import group, link, marked


class CardPages(Model):
    """The sheets' bookmarks: a reader of the PDF finds the fronts and the backs by name."""

    fronts: Text
    backs: Text


class Cards(Editorial):
    instructions: Text
    reassurance: Text
    more: Text
    pages: CardPages
    services: list[ServiceId] = []


VARIANTS = ("print", "gray")
WORDS = {"cards": Cards}


@dataclass(frozen=True)
class Grid:
    """Where the cards lie on a sheet, in points: the lower-left card corner and the counts."""

    x0: float
    y0: float
    card_w: float
    card_h: float
    cols: int
    rows: int
    page: tuple[float, float]

    def cards(self, back: bool = False) -> list[tuple[float, float]]:
        """Lower-left corners, row by row from the top; a back is mirrored for a long-edge flip."""
        out = []
        for r in range(self.rows):
            for c in range(self.cols):
                x = self.x0 + c * self.card_w
                out.append((self.page[0] - x - self.card_w if back else x, self.y0 + (self.rows - 1 - r) * self.card_h))
        return out

    @property
    def xs(self) -> list[float]:
        return [self.x0 + i * self.card_w for i in range(self.cols + 1)]

    @property
    def ys(self) -> list[float]:
        return [self.y0 + i * self.card_h for i in range(self.rows + 1)]


def spec(sheet: Sheet) -> CardSpec:
    return CardSpec.model_validate(sheet.kit.theme.data.get("cards") or {})


def grid(sheet: Sheet) -> Grid:
    """The grid for the edition's office paper, centred so that front and back share it."""
    card, paper = spec(sheet), sheet.edition.paper.handout
    if paper not in card.grid:
        raise ContentError(Where("templates/theme.yaml"), f"cards.grid: no grid for {paper} paper; add "
                           f"{paper}: [columns, rows] under cards.grid")
    cols, rows = card.grid[paper]
    w, h = card.size[0] * mm, card.size[1] * mm
    page = page_size(paper)
    x0, y0 = (page[0] - cols * w) / 2, (page[1] - rows * h) / 2
    if x0 < 10 * mm or y0 < 8 * mm:  # room for the marks and for what an office printer cannot reach
        raise ContentError(Where("templates/theme.yaml"), f"cards.grid: {cols} x {rows} cards leave too little "
                           f"margin on {paper} paper for cut marks; use fewer columns or rows")
    return Grid(x0, y0, w, h, cols, rows, page)


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    cards: Cards = words["cards"]
    g = grid(sheet)
    canvas, out = new_canvas(sheet, "cards", g.page)
    outline = []
    for back in (False, True):
        title = plain(cards.pages.backs if back else cards.pages.fronts)
        canvas.bookmarkPage(f"p{int(back)}")
        canvas.addOutlineEntry(title, f"p{int(back)}", level=0)
        outline.append((title, 0, int(back)))
        for x, y in g.cards(back):
            (_back if back else _front)(canvas, sheet, cards, x, y, g)
        _marks(canvas, sheet, g)
        if not back:
            _instructions(canvas, sheet, cards, g)
        _margin_footer(canvas, sheet, g, int(back))
        canvas.showPage()
    canvas.save()
    return {"cards": Composed(out.getvalue(), 2, outline, tags=canvas.tagger.root)}


def _front(canvas: Canvas, sheet: Sheet, cards: Cards, x: float, y: float, g: Grid) -> None:
    """The title band, a row per helpline and the emergency number, Take It Down, the notice."""
    kit, theme, card = sheet.kit, sheet.kit.theme, spec(sheet)
    pad, band, w = card.padding * mm, card.band * mm, g.card_w - 2 * card.padding * mm
    canvas.setFillColor(theme.colour("band"))
    canvas.rect(x, y + g.card_h - band, g.card_w, band, stroke=0, fill=1)
    title = kit.fit(upper(sheet.common.helplines_title), "h2", w, band - 2 * mm, textColor=theme.colour("on_band"))
    _draw(canvas, title, x + pad, y + g.card_h - band / 2, w, middle=True)
    notice = _notice(sheet, w)
    room = g.card_h - band - 2 * pad - notice.wrap(w, g.card_h)[1] - 1.5 * mm
    body = _rows(sheet, cards, w)
    need = body.wrap(w, room)[1]
    if need > room:
        raise ContentError(where_of(sheet.region.helplines[0].name), f"the wallet card's front needs "
                           f"{need / mm:.0f} mm for the helplines, it has {room / mm:.0f} mm; shorten the names "
                           "or give the helplines a `short:` name")
    _draw(canvas, body, x + pad, y + g.card_h - band - pad * 0.75, w)
    _draw(canvas, notice, x + pad, y + pad + notice.height, w)


def _rows(sheet: Sheet, cards: Cards, w: float) -> Table:
    """Name on the left, the number to dial on the right (a placeholder in the "to confirm" style)."""
    kit, theme, card = sheet.kit, sheet.kit.theme, spec(sheet)
    num_w = 30 * mm
    size = card.number
    rows, style = [], [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6), ("ALIGN", (1, 0), (1, -1), "RIGHT")]
    region = sheet.region
    lines = [*region.helplines, *([region.emergency] if region.emergency else [])]
    for i, h in enumerate(lines):
        label = sheet.common.emergency_label if h is region.emergency else h.name
        name = kit.fit(label, "small", w - num_w - 2 * mm, theme.style("small").leading * 2.05, fontName=theme.style("h2").fontName)
        if h.placeholder:
            number = kit.fit(h.number, "to_confirm", num_w, theme.style("to_confirm").leading * 2, alignment=2)
            style.append(("BOX", (1, i), (1, i), 0.75, theme.colour("accent"), None, (3, 2)))
        else:
            number = kit.fit(h.number, "number", num_w, size * 1.25, min_size=9, fontSize=size, leading=size * 1.15,
                             alignment=2, textColor=theme.colour("accent"))
        rows.append([name, number])
        if i < len(lines) - 1:
            style.append(("LINEBELOW", (0, i), (-1, i), 0.4, theme.colour("rule")))
    table = Table(rows, colWidths=[w - num_w, num_w])
    table.setStyle(TableStyle(style))
    services = [[kit.fit(sheet.common.services[sid].name, "small", w * 0.4, theme.style("small").leading * 2.05,
                         fontName=theme.style("h2").fontName),
                 kit.fit(sheet.links.services[sid].short, "small", w * 0.6, theme.style("small").leading * 2.05,
                         alignment=2, textColor=theme.colour("accent"), fontName=theme.style("label").fontName)]
                for sid in cards.services]
    if not services:
        return table
    extra = Table(services, colWidths=[w * 0.4, w * 0.6])
    extra.setStyle(TableStyle([*style[:5], ("LINEABOVE", (0, 0), (-1, 0), 0.8, theme.colour("accent"))]))
    both = Table([[table], [extra]], colWidths=[w])
    both.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 1), (0, 1), 1.5)]))
    return both


def _back(canvas: Canvas, sheet: Sheet, cards: Cards, x: float, y: float, g: Grid) -> None:
    """The reassurance, where to find more (with the QR code to the region's website), the notice."""
    kit, theme, card = sheet.kit, sheet.kit.theme, spec(sheet)
    pad, qr = card.padding * mm, card.qr * mm
    canvas.setFillColor(theme.colour("panel_alt"))
    canvas.rect(x, y, g.card_w, g.card_h, stroke=0, fill=1)
    canvas.setFillColor(theme.colour("accent"))
    canvas.rect(x, y + g.card_h - 1.5 * mm, g.card_w, 1.5 * mm, stroke=0, fill=1)
    w = g.card_w - 2 * pad
    notice = _notice(sheet, w)
    text_w = w - qr - 2 * mm
    top = y + g.card_h - pad - 1 * mm
    bottom = y + pad + notice.wrap(w, g.card_h)[1] + 1.5 * mm
    more = kit.fit(cards.more, "small", text_w, theme.style("small").leading * 3)
    more_h = more.wrap(text_w, g.card_h)[1]
    words = kit.fit(cards.reassurance, "lead", text_w, top - bottom - more_h - 2 * mm, min_size=8)
    _draw(canvas, words, x + pad, top, text_w)
    _draw(canvas, more, x + pad, bottom + more_h, text_w)
    website = sheet.region.website
    colour = theme.colour("ink")
    qx, qy = x + g.card_w - pad - qr + 1 * mm, bottom + (top - bottom - qr) / 2
    with group(canvas, "Link"):  # screen readers hear where it goes; a click opens it
        with marked(canvas, "Figure", alt=sheet.qr_alt(str(website.short))):
            draw_qr(canvas, website.url, qx, qy, qr, theme.data["qr"]["error_correction"],
                    int(theme.data["qr"]["quiet_zone"]), colour, theme.colour("paper"))
        link(canvas, website.url, (qx, qy, qx + qr, qy + qr), str(website.short))
    _draw(canvas, notice, x + pad, y + pad + notice.height, w)


def _notice(sheet: Sheet, w: float) -> Flowable:
    theme = sheet.kit.theme
    para = sheet.kit.fit(sheet.common.notice, "footer", w, theme.style("footer").leading * 1.05,
                         textColor=theme.colour("muted"))
    para.wrap(w, 100)
    return para


def _draw(canvas: Canvas, flowable: Flowable, x: float, top: float, w: float, middle: bool = False) -> None:
    """Draw a flowable hanging from ``top`` (or centred on it, ``middle``)."""
    _, h = flowable.wrap(w, 1000)
    flowable.drawOn(canvas, x, top - (h / 2 if middle else h))


def _marks(canvas: Canvas, sheet: Sheet, g: Grid) -> None:
    """Short lines outside the grid, in line with every card edge: where to cut."""
    card, theme = spec(sheet), sheet.kit.theme
    gap, length = card.mark_gap * mm, card.mark_length * mm
    top, right = g.ys[-1], g.xs[-1]
    canvas.saveState()
    canvas.setStrokeColor(theme.colour("ink"))
    canvas.setLineWidth(0.3)
    for x in g.xs:
        canvas.line(x, top + gap, x, top + gap + length)
        canvas.line(x, g.y0 - gap, x, g.y0 - gap - length)
    for y in g.ys:
        canvas.line(g.x0 - gap, y, g.x0 - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)
    canvas.restoreState()


def _instructions(canvas: Canvas, sheet: Sheet, cards: Cards, g: Grid) -> None:
    """How to print and cut, above the first card column, clear of the marks."""
    theme = sheet.kit.theme
    w = g.card_w - 6 * mm
    room = g.page[1] - g.ys[-1] - 4 * mm
    para = sheet.kit.fit(cards.instructions, "footer", w, room, textColor=theme.colour("muted"))
    _, h = para.wrap(w, room)
    para.drawOn(canvas, g.x0 + 3 * mm, g.ys[-1] + 1 * mm + (room - 1 * mm - h) / 2)


def _margin_footer(canvas: Canvas, sheet: Sheet, g: Grid, index: int) -> None:
    """The page furniture (notice, colophon, page label) up the right margin: the grid leaves
    the bottom margin to the cut marks."""
    canvas.saveState()
    canvas.translate(g.page[0], 0)
    canvas.rotate(90)
    draw_footer(canvas, sheet.kit, g.page[1], sheet.common.notice, sheet.page_label(index), sheet.colophon)
    canvas.restoreState()
