"""Blocks the products set in their flow: QR cards, panels in columns, bullet lists.

In: the ``Kit`` and the paragraphs or words to set. Out: ReportLab tables, tagged (a QR
card is one Link, a bullet list an L of LI), sized to the width given.
"""
from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .kit import Kit
from .tagging_draw import group, link, structured


def qr_card(kit: Kit, url: str, short: str, lines: list[tuple[str, str]], width: float,
            to_confirm: bool = False, alt: str = "") -> Table:
    """A QR code with words beside it (title, subtitle...) and the short address printed under them.

    The printed address lets a reader type it when a phone cannot scan. An address still
    to confirm (a placeholder) is set in the "to confirm" style: italic, in a dashed box.
    The whole card is one link (the code and its address), tagged as a Link holding the
    code (a Figure described by ``alt``) and the words.
    """

    from .qr import QRFlowable

    theme = kit.theme
    size = theme.mm("qr", "size")
    qr = QRFlowable(url, size, theme.data["qr"]["error_correction"], int(theme.data["qr"]["quiet_zone"]), alt=alt)
    words = [kit.para(text, style) for text, style in lines]
    face = theme.style("to_confirm" if to_confirm else "label").fontName
    pad = 3 if to_confirm else 0
    address = replace(kit, links=()).fit(short, "small", width - 2 * pad, theme.style("small").leading,
                      textColor=theme.colour("accent"), fontName=face)
    table = LinkedTable([[qr, words], [address, ""]], colWidths=[size + 6, width - size - 6])
    table.link_url, table.link_text = url, alt or short  # the card is the link, its address is not another
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("SPAN", (0, 1), (1, 1)), ("TOPPADDING", (0, 1), (-1, 1), 2 + pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        *([("LEFTPADDING", (0, 1), (-1, 1), pad), ("BOTTOMPADDING", (0, 1), (-1, 1), pad),
           ("BOX", (0, 1), (1, 1), 0.75, theme.colour("accent"), None, (3, 2))] if to_confirm else []),
    ]))
    return table


class LinkedTable(Table):
    """A table that is one link as a whole (a QR card): a Link element around its cells."""

    link_url: str = ""
    link_text: str = ""

    def draw(self) -> None:
        with group(self.canv, "Link"):
            super().draw()
            link(self.canv, self.link_url, (0, 0, self._width, self._height), self.link_text)


def panels(kit: Kit, cells: list[list[Flowable]], width: float) -> Table:
    """Equal columns on a sand ground, each under a red rule, separated by the theme's gutter."""
    theme = kit.theme
    gap, n = theme.mm("page", "gutter"), len(cells)
    col = (width - gap * (n - 1)) / n
    if col < theme.mm("page", "min_column"):  # a small page: the panels stack, full width
        return _stacked_panels(kit, cells, width, gap)
    row: list = []
    for i, cell in enumerate(cells):
        row += [cell] if i == 0 else ["", cell]
    table = Table([row], colWidths=[col if i % 2 == 0 else gap for i in range(len(row))])
    style = _PANEL_PADDING[:]
    for i in range(0, len(row), 2):
        style += [("BACKGROUND", (i, 0), (i, 0), theme.colour("panel_alt")),
                  ("LINEABOVE", (i, 0), (i, 0), 3, theme.colour("accent"))]
    table.setStyle(TableStyle(style))
    return table


_PANEL_PADDING = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 9),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 9), ("TOPPADDING", (0, 0), (-1, -1), 9),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 11)]


def _stacked_panels(kit: Kit, cells: list[list[Flowable]], width: float, gap: float) -> Table:
    """The same panels one under another, separated by the gutter, when columns would be too narrow."""
    theme = kit.theme
    rows: list = []
    for i, cell in enumerate(cells):
        rows += [[cell]] if i == 0 else [[""], [cell]]
    table = Table(rows, colWidths=[width], rowHeights=[None if i % 2 == 0 else gap for i in range(len(rows))])
    style = _PANEL_PADDING[:]
    for i in range(0, len(rows), 2):
        style += [("BACKGROUND", (0, i), (0, i), theme.colour("panel_alt")),
                  ("LINEABOVE", (0, i), (0, i), 3, theme.colour("accent"))]
    style += [("TOPPADDING", (0, i), (0, i), 0) for i in range(1, len(rows), 2)]
    style += [("BOTTOMPADDING", (0, i), (0, i), 0) for i in range(1, len(rows), 2)]
    table.setStyle(TableStyle(style))
    return table


class Square(Flowable):
    """A small filled square: our bullet (the body font has no ■, and a drawn mark prints crisply)."""

    def __init__(self, size: float, colour, rise: float):
        super().__init__()
        self.size, self.colour, self.rise = size, colour, rise

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size + self.rise

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)


def bullet_list(kit: Kit, items: list[Paragraph], indent: float = 14, gap: float = 3) -> Table:
    """Paragraphs with red square bullets aligned to their first line."""
    first = items[0].style if items else kit.theme.style("body")
    size = first.fontSize * 0.5
    rise = (first.leading - first.fontSize) / 2 + first.fontSize * 0.22
    rows = [[Square(size, kit.theme.colour("accent"), rise), p] for p in items]
    table = structured(Table(rows, colWidths=[indent, None]), "L", "LI", ("Lbl", "LBody"))  # the square: an artifact
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
    ]))
    return table
