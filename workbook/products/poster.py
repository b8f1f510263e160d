"""The Red Flags poster (seed 001) on one page, on any paper size.

In: ``poster.yaml``, the common words and the edition's services. Out: a one-page PDF.
The page is a stack of full-width bands (flags, exploitation, communication + QR, tips,
report, notice). Each band measures its words at a type scale; the scale starts from the
paper's width and steps down until the stack fits the page, then spare height is shared
out as breathing room. Fixed boxes (the flag cards) fit their text or fail with a content
error; nothing is clipped, whatever the paper or the language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.pagesizes import A3
from reportlab.platypus import Paragraph

from ..content import LocStr, Model, Text, where_of
from ..project import VideoId
from ..document import Composed, Sheet, new_canvas
from ..emoji import draw_emoji
from ..errors import ContentError
from ..kit import fill_to_edge, plain
from ..qr import draw_qr, drawn_boxes
from ..theme import PAPERS, page_size


class Flag(Model):
    icon: Text
    label: Text
    text: Text


class Form(Model):
    term: Text
    text: Text


class Exploitation(Model):
    title: Text
    quote: Text
    source: Text
    definition: Text
    forms_title: Text
    forms: list[Form]


class Video(Model):
    link: VideoId
    label: Text
    caption: Text


class Titled(Model):
    title: Text
    text: Text


class Tips(Model):
    title: Text
    items: list[Text]


class Report(Model):
    title: Text
    to: Text
    danger: Text
    more: Text


class Poster(Model):
    title: Text
    intro: list[Text]
    flags: list[Flag]
    exploitation: Exploitation
    video: Video
    communication: Titled
    tips: Tips
    report: Report


VARIANTS = ("print", "gray", "tiles")
WORDS = {"poster": Poster}
TIGHTEST = 0.3  # spacing and type hierarchy compress down to this share of their A3 design
SAFE_EDGE = 5 * 72 / 25.4  # text keeps this far from the paper's edge (office printers leave ~4-5 mm blank)
BODY = 10.5  # the design size of running text at A3; the layout gives up when it would fall below the floor


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    return {"poster": layout(sheet, words["poster"], page_size(sheet.edition.paper.poster))}


@dataclass
class Band:
    """A full-width strip of the poster: its natural height and how to draw it."""

    height: float
    draw: Callable[[float, float], None]  # (top y, height given) → draws
    grow: bool = True  # whether spare page height may be added to it


def layout(sheet: Sheet, poster: Poster, size: tuple[float, float]) -> Composed:
    """Find the largest type scale at which every band fits the page, then draw."""
    canvas, out = new_canvas(sheet, "poster", size)
    W, H = size
    floor = float(sheet.kit.theme.data["poster"]["min_size"])
    scale, tight = (min(W, H) / A3[0]) ** 0.5, 1.0
    least = float("inf")  # the smallest height any attempt needed, for the message if none fits
    while True:
        try:
            bands = _bands(sheet, poster, canvas, W, H, scale, tight)
            needed, box_error = sum(b.height for b in bands), None
            least = min(least, needed)
        except ContentError as exc:  # a fixed box (a flag) too small at this scale: try a tighter one
            needed, box_error = float("inf"), exc
        if needed <= H:
            break
        if tight <= TIGHTEST and BODY * scale <= floor + 1e-6:
            if least == float("inf"):
                raise box_error
            raise ContentError(getattr(poster.tips.title, "where", "poster"),
                               f"the poster's words need {least / H:.0%} of the {_paper_name(size)} page at "
                               f"{floor:g} pt, the smallest size allowed; shorten the longest texts (tips, "
                               f"definition) or choose a larger poster paper in content/editions.yaml")
        scale, tight = max(floor / BODY, scale * 0.98), max(TIGHTEST, tight * 0.93)
    spare = (H - needed) / max(1, sum(b.grow for b in bands))
    top = H
    for band in bands:
        h = band.height + (spare if band.grow else 0)
        band.draw(top, h)
        top -= h
    canvas.showPage()
    canvas.save()
    return Composed(out.getvalue(), 1, [(plain(poster.title), 0, 0)], keep_whole=drawn_boxes(canvas))


class _Painter:
    """Shared measures and helpers for one layout attempt at one type scale."""

    def __init__(self, sheet: Sheet, canvas, W: float, H: float, scale: float, tight: float):
        self.sheet, self.kit, self.theme, self.c = sheet, sheet.kit, sheet.kit.theme, canvas
        self.W, self.H, self.s = W, H, scale  # s scales type (never below the floor)
        paper = min(W, H) / A3[0]
        self.u = paper * tight  # the unit of spacing: tightens before type shrinks much
        self.t = paper * max(tight, 0.75)  # display type (the title) follows the paper
        self.lead = 1.17 + 0.15 * tight
        self.tight = tight
        self.floor = float(self.theme.data["poster"]["min_size"])
        self.m = max(self.theme.mm("poster", "margin") * paper ** 0.7 * max(tight, 0.75), 8 * 72 / 25.4)
        self.gap = self.m * 0.9

    def size(self, design: float) -> float:
        """A design size (at A3) on this paper: scaled, the hierarchy compressed when tight, never below the floor."""
        scaled = design * self.s
        return max(self.floor, self.floor + (scaled - self.floor) * self.tight) if scaled > self.floor else self.floor

    def p(self, text: str, size: float, colour: str = "ink", bold: bool = False, italic: bool = False,
          leading: float | None = None, **kw) -> Paragraph:
        face = "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        style = {"regular": "body", "bold": "h2", "italic": "quote", "bolditalic": "quote"}[face]
        font = self.theme.style(style).fontName if face != "bolditalic" else self.theme.family + "-BoldItalic"
        pt = self.size(size)
        return self.kit.para(text, style, fontName=font, fontSize=pt, leading=pt * (leading or self.lead),
                             textColor=self.theme.colour(colour), **kw)

    def height(self, paras: list[Paragraph], width: float, space: float = 0) -> float:
        return sum(q.wrap(width, 1e6)[1] for q in paras) + space * max(0, len(paras) - 1)

    def stack(self, paras: list[Paragraph], x: float, top: float, width: float, space: float = 0) -> float:
        """Draw paragraphs downwards from ``top``; return the y below the last."""
        for q in paras:
            _, h = q.wrap(width, 1e6)
            q.drawOn(self.c, x, top - h)
            top -= h + space
        return top + space

    def fill(self, role: str, x: float, y: float, w: float, h: float) -> None:
        fill_to_edge(self.kit, self.c, role, x, y, w, h, (self.W, self.H))

    def heading(self, text: str, colour: str = "ink") -> Paragraph:
        return self.p(text.upper(), 19, colour, bold=True, leading=1.15)

    def draw_heading(self, para: Paragraph, x: float, top: float, width: float) -> float:
        """A heading led by a red block as tall as its capitals."""
        size = para.style.fontSize
        sq = size * 0.72
        self.fill("accent", x, top - size * 0.98, sq * 1.5, sq)
        return self.stack([para], x + sq * 2.1, top, width - sq * 2.1)


def _paper_name(size: tuple[float, float]) -> str:
    return next((name for name in PAPERS if page_size(name) == size), f"{size[0]:.0f}×{size[1]:.0f} pt")


def _bands(sheet: Sheet, poster: Poster, canvas, W: float, H: float, scale: float, tight: float) -> list[Band]:
    pt = _Painter(sheet, canvas, W, H, scale, tight)
    return [_flags_band(pt, poster), _exploitation_band(pt, poster), _communication_band(pt, poster),
            _tips_band(pt, poster), _report_band(pt, poster), _notice_band(pt)]


def _flags_band(pt: _Painter, poster: Poster) -> Band:
    """Red band: title and intro on the left, the four flag cards on the right."""
    m, W = pt.m, pt.W
    icon = pt.theme.mm("poster", "icon") * min(W, pt.H) / A3[0]

    def columns(share: float):
        """Both columns' heights when the left one takes ``share`` of the width."""
        left_w = (W - 2 * m) * share
        right_w = W - 2 * m - left_w - pt.gap
        title = pt.kit.fit(poster.title, "display", left_w, 2.3 * 86 * pt.t, fontSize=86 * pt.t,
                           leading=86 * pt.t, textColor=pt.theme.colour("on_band"))
        intro = [pt.p(t, 12.5, "on_band") for t in poster.intro]
        left_h = (title.wrap(left_w, 1e6)[1] + title.style.fontSize * 0.21 + intro[0].style.fontSize * 1.2
                  + pt.height(intro, left_w, 8 * pt.u))
        card_h = _card_height(pt, poster.flags, right_w, icon)
        right_h = len(poster.flags) * card_h + (len(poster.flags) - 1) * 9 * pt.u
        return max(left_h, right_h), left_w, right_w, title, intro, card_h, right_h

    # the split that balances the columns best, the taller one deciding the band's height
    body, left_w, right_w, title, intro, card_h, right_h = min(
        (columns(share) for share in (0.42, 0.46, 0.5, 0.54)), key=lambda c: c[0])
    cards = [_flag_card(pt, f, right_w, card_h, icon) for f in poster.flags]
    height = body + 2 * m * (0.45 + 0.55 * pt.tight)

    def draw(top: float, h: float) -> None:
        pt.fill("band", 0, top - h, W, h)
        y = top - (h - body) / 2
        th = title.wrap(left_w, 1e6)[1]
        title.drawOn(pt.c, m, y - th)
        size = title.style.fontSize
        bar_y = y - th - size * 0.16
        pt.fill("on_band", m, bar_y - size * 0.05, size, size * 0.05)
        pt.stack(intro, m, bar_y - size * 0.05 - intro[0].style.fontSize * 1.2, left_w, 8 * pt.u)
        cy = y - (body - right_h) / 2
        for card in cards:
            card(m + left_w + pt.gap, cy)
            cy -= card_h + 9 * pt.u

    return Band(height, draw)


def _card_height(pt: _Painter, flags: list[Flag], width: float, icon: float) -> float:
    """One height for all four cards: room for the longest flag, up to three lines of flag text.

    Longer text is then fitted (shrunk) into that box by ``_flag_card``; scripts with taller
    lines (Khmer) get taller cards because each text is measured, not assumed.
    """
    base = max(icon * (1.05 + 0.3 * pt.tight), pt.size(15) * 2.3 + pt.size(8.5) * 1.3 + 8 * pt.u)
    text_w = width - icon * 1.55 - base * 0.35 - 6 * pt.u
    need = 0.0
    for flag in flags:
        label = pt.p(flag.label.upper(), 8.5, "accent", bold=True, leading=1.2)
        text = pt.kit.para(flag.text, "h2", fontSize=pt.size(15), leading=pt.size(15) * 1.1)
        text.check_width = False  # a measure only: _flag_card fits the text and names a word too wide
        need = max(need, label.wrap(text_w, 1e6)[1] + text.wrap(text_w, 1e6)[1] + 6 * pt.u + 4)
    cap = base + pt.size(15) * 1.1 * 1.25  # three lines of flag text at most; beyond that, the text shrinks
    return min(max(base, need), cap)


def _flag_card(pt: _Painter, flag: Flag, width: float, height: float, icon: float):
    """One flag: a white pennant with the emoji in a tinted disc, its label and its text."""
    notch = height * 0.35
    text_x = icon * 1.55
    text_w = width - text_x - notch - 6 * pt.u
    label = pt.p(flag.label.upper(), 8.5, "accent", bold=True, leading=1.2)
    label_h = label.wrap(text_w, 1e6)[1]
    text = pt.kit.fit(flag.text, "h2", text_w, height - label_h - 6 * pt.u,
                      fontSize=pt.size(15), leading=pt.size(15) * 1.1, min_size=pt.floor)
    text_h = text.wrap(text_w, 1e6)[1]

    def draw(x: float, top: float) -> None:
        c = pt.c
        c.setFillColor(pt.theme.colour("paper"))
        path = c.beginPath()
        path.moveTo(x, top)
        path.lineTo(x + width, top)
        path.lineTo(x + width - notch, top - height / 2)
        path.lineTo(x + width, top - height)
        path.lineTo(x, top - height)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        cx, cy = x + icon * 0.75, top - height / 2
        c.setFillColor(pt.theme.colour("panel"))
        c.circle(cx, cy, icon * 0.6, stroke=0, fill=1)
        draw_emoji(c, flag.icon, pt.kit.emoji_dir, cx - icon * 0.36, cy - icon * 0.36, icon * 0.72)
        block = label_h + 2 * pt.u + text_h
        ty = cy + block / 2
        label.drawOn(c, x + text_x, ty - label_h)
        text.drawOn(c, x + text_x, ty - label_h - 2 * pt.u - text_h)

    return draw


def _exploitation_band(pt: _Painter, poster: Poster) -> Band:
    """Heading, the UNODC quote, and a tinted box: the definition beside the additional forms."""
    ex, m, W = poster.exploitation, pt.m, pt.W
    inner = W - 2 * m
    head = pt.heading(ex.title)
    quote = pt.p(LocStr(f"{ex.quote}” **{ex.source}**", where_of(ex.source)), 11, "ink", italic=True)
    quote_x = quote.style.fontSize * 2.6
    col = (inner - 2 * 14 * pt.u - pt.gap) / 2
    left = [pt.p(ex.definition, 10.5)]
    right = [pt.p(f"**{ex.forms_title}**", 10.5)] + [pt.p(f"**{f.term}** – {f.text}", 10.5) for f in ex.forms]
    box_h = max(pt.height(left, col), pt.height(right, col - pt.size(10.5) * 1.3, 3 * pt.u)) + 2 * 14 * pt.u
    head_h, quote_h = pt.height([head], inner), pt.height([quote], inner - quote_x)
    edge = m * (0.4 + 0.6 * pt.tight)
    height = edge + head_h + 8 * pt.u + quote_h + 12 * pt.u + box_h + edge * 0.6

    def draw(top: float, h: float) -> None:
        y = pt.draw_heading(head, m, top - edge - (h - height) / 2, inner) - 8 * pt.u
        pt.c.setFillColor(pt.theme.colour("accent"))
        pt.c.setFont(pt.theme.style("display").fontName, quote.style.fontSize * 3.6)
        pt.c.drawString(m, y - quote.style.fontSize * 2.7, "“")
        y = pt.stack([quote], m + quote_x, y, inner - quote_x) - 12 * pt.u
        pt.fill("panel", m, y - box_h, inner, box_h)
        pt.stack(left, m + 14 * pt.u, y - 14 * pt.u, col)
        _bullets(pt, right[0], right[1:], m + 14 * pt.u + col + pt.gap, y - 14 * pt.u, col)

    return Band(height, draw)


def _bullets(pt: _Painter, head: Paragraph | None, items: list[Paragraph], x: float, top: float, width: float) -> float:
    """A bold lead-in, then items with red square bullets; return the y below the list."""
    if head is not None:
        top = pt.stack([head], x, top, width) - 3 * pt.u
    for q in items:
        size, indent = q.style.fontSize * 0.55, q.style.fontSize * 1.3
        pt.fill("accent", x, top - q.style.leading * 0.5 - size * 0.55, size, size)
        top = pt.stack([q], x + indent, top, width - indent) - 3 * pt.u
    return top


def _communication_band(pt: _Painter, poster: Poster) -> Band:
    """Safe and unsafe communication on the left; the video's QR card on the right."""
    m, W = pt.m, pt.W
    inner = W - 2 * m
    card_w = inner * (0.34 + 0.06 * pt.tight)
    text_w = inner - card_w - pt.gap
    head = pt.heading(poster.communication.title)
    text = pt.p(poster.communication.text, 10.5)
    link = pt.sheet.links.videos[poster.video.link]
    qr = max(pt.theme.mm("qr", "size"), 30 * 2.835 * pt.u)
    pad = max(8.0, 12 * pt.u)
    cap_w = card_w - qr - 3 * pad
    cap = [pt.p(poster.video.label.upper(), 8.5, "on_dark_accent", bold=True), pt.p(poster.video.caption, 10.5, "on_dark")]
    url = pt.kit.fit(link.short, "h2", card_w - 2 * pad, pt.size(8.5) * 1.3, fontSize=pt.size(8.5),
                     leading=pt.size(8.5) * 1.2, min_size=pt.floor, textColor=pt.theme.colour("on_dark_accent"))
    cap_h, url_h = pt.height(cap, cap_w, 5 * pt.u), pt.height([url], card_w - 2 * pad)
    card_h = max(qr, cap_h) + url_h + 2.6 * pad
    left_h = pt.height([head], text_w) + 8 * pt.u + pt.height([text], text_w)
    edge = m * (0.4 + 0.6 * pt.tight)
    height = max(left_h, card_h) + edge * 1.2

    def draw(top: float, h: float) -> None:
        y = top - (h - height) / 2 - edge * 0.4
        y2 = pt.draw_heading(head, m, y, text_w) - 8 * pt.u
        pt.stack([text], m, y2, text_w)
        x = m + text_w + pt.gap
        pt.fill("dark", x, y - card_h, card_w, card_h)
        row = max(qr, cap_h)
        draw_qr(pt.c, link.url, x + pad, y - pad - (row + qr) / 2, qr)
        pt.stack(cap, x + 2 * pad + qr, y - pad - (row - cap_h) / 2, cap_w, 5 * pt.u)
        pt.stack([url], x + pad, y - pad - row - 0.6 * pad, card_w - 2 * pad)

    return Band(height, draw)


def _tips_band(pt: _Painter, poster: Poster) -> Band:
    """Safety tips on a sand background, in two balanced columns."""
    m, W = pt.m, pt.W
    inner = W - 2 * m
    col = (inner - pt.gap) / 2
    head = pt.heading(poster.tips.title)
    items = [pt.p(t, 10.5) for t in poster.tips.items]
    heights = [pt.height([q], col - q.style.fontSize * 1.3) + 3 * pt.u for q in items]
    split = min(range(len(items) + 1), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    body = max(sum(heights[:split]), sum(heights[split:]))
    head_h = pt.height([head], inner)
    edge = m * (0.4 + 0.6 * pt.tight)
    height = edge + head_h + 8 * pt.u + body + edge * 0.8

    def draw(top: float, h: float) -> None:
        pt.fill("panel_alt", 0, top - h, W, h)
        y = top - edge - (h - height) / 2
        y = pt.draw_heading(head, m, y, inner) - 8 * pt.u
        _bullets(pt, None, items[:split], m, y, col)
        _bullets(pt, None, items[split:], m + col + pt.gap, y, col)

    return Band(height, draw)


def _report_band(pt: _Painter, poster: Poster) -> Band:
    """The report box: where to report, immediate danger, the website; the helplines as red tiles."""
    sheet, m, W = pt.sheet, pt.m, pt.W
    inner = W - 2 * m
    tiles_w = inner * 0.42
    text_w = inner - tiles_w - pt.gap
    r = poster.report
    words = [pt.p(r.title, 20, "on_dark", bold=True, leading=1.1), pt.p(r.to, 11.5, "on_dark")]
    more = [pt.p(r.danger, 11, "on_dark"), pt.p(r.more, 11, "on_dark")]
    helplines = sheet.region.helplines
    tiles = [(pt.p((h.short or h.name).upper(), 9, "on_tile", bold=True), pt.p(h.number, 21, "on_tile", bold=True, leading=1.1))
             for h in helplines]
    tile_h = max(max(a.wrap(tiles_w * 0.36, 1e6)[1], b.wrap(tiles_w * 0.6, 1e6)[1]) for a, b in tiles) + 12 * pt.u
    tiles_h = len(tiles) * tile_h + (len(tiles) - 1) * 6 * pt.u
    text_h = pt.height(words, text_w, 2 * pt.u) + 14 * pt.u + pt.height(more, text_w, 2 * pt.u)
    height = max(text_h, tiles_h) + 2 * m * (0.4 + 0.5 * pt.tight)

    def draw(top: float, h: float) -> None:
        pt.fill("dark", 0, top - h, W, h)
        y = top - (h - max(text_h, tiles_h)) / 2
        y2 = pt.stack(words, m, y, text_w, 2 * pt.u) - 7 * pt.u
        pt.c.setStrokeColor(pt.theme.colour("muted"))
        pt.c.setLineWidth(0.6)
        pt.c.line(m, y2, m + text_w, y2)
        pt.stack(more, m, y2 - 7 * pt.u, text_w, 2 * pt.u)
        x, ty = W - m - tiles_w, y - (max(text_h, tiles_h) - tiles_h) / 2
        for label, number in tiles:
            pt.fill("tile", x, ty - tile_h, tiles_w, tile_h)
            lh, nh = label.wrap(tiles_w * 0.36, 1e6)[1], number.wrap(tiles_w * 0.6, 1e6)[1]
            label.drawOn(pt.c, x + 10 * pt.u, ty - (tile_h + lh) / 2)
            nw = max(number.getActualLineWidths0() or [0])
            number.drawOn(pt.c, x + tiles_w - 10 * pt.u - nw, ty - (tile_h + nh) / 2)
            ty -= tile_h + 6 * pt.u

    return Band(height, draw)


def _notice_band(pt: _Painter) -> Band:
    """A red strip at the foot of the page carrying the copyright notice."""
    notice = pt.p(pt.sheet.common.notice, 8.5, "on_band")
    colophon = pt.p(pt.sheet.colophon, 8.5, "on_band", alignment=2)
    h = notice.wrap(pt.W * 0.6, 1e6)[1] + SAFE_EDGE * 1.3  # text clear of an office printer's unprintable edge

    def draw(top: float, height: float) -> None:
        pt.fill("band", 0, 0, pt.W, height)
        notice.drawOn(pt.c, pt.m, SAFE_EDGE)
        colophon.wrap(pt.W * 0.3, 1e6)
        colophon.drawOn(pt.c, pt.W - pt.m - pt.W * 0.3, SAFE_EDGE)

    return Band(h, draw, grow=False)
