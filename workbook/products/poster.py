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

from ..content import Model, Text
from ..document import Composed, Sheet, new_canvas
from ..emoji import draw_emoji
from ..errors import ContentError
from ..kit import plain
from ..qr import draw_qr
from ..theme import page_size


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
    link: str
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


WORDS = {"poster": Poster}


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
    scale = (W / A3[0]) ** 0.55
    while True:
        bands = _bands(sheet, poster, canvas, W, H, scale)
        needed = sum(b.height for b in bands)
        if needed <= H:
            break
        scale *= 0.96
        if 10.5 * scale < sheet.kit.theme.min_size:
            raise ContentError(getattr(poster.title, "where", "poster"),
                               f"the poster's words need {needed / H:.0%} of the page even at the smallest "
                               f"type size; shorten the longest texts (tips, definition) in this file")
    spare = (H - needed) / max(1, sum(b.grow for b in bands))
    top = H
    for band in bands:
        h = band.height + (spare if band.grow else 0)
        band.draw(top, h)
        top -= h
    canvas.showPage()
    canvas.save()
    return Composed(out.getvalue(), 1, [(plain(poster.title), 0, 0)])


class _Painter:
    """Shared measures and helpers for one layout attempt at one type scale."""

    def __init__(self, sheet: Sheet, canvas, W: float, H: float, scale: float):
        self.sheet, self.kit, self.theme, self.c = sheet, sheet.kit, sheet.kit.theme, canvas
        self.W, self.H, self.s = W, H, scale
        self.m = self.theme.mm("poster", "margin") * (W / A3[0])
        self.gap = self.m * 0.9

    def p(self, text: str, size: float, colour: str = "ink", bold: bool = False, italic: bool = False,
          leading: float = 1.32, **kw) -> Paragraph:
        face = "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        style = {"regular": "body", "bold": "h2", "italic": "quote", "bolditalic": "quote"}[face]
        font = self.theme.style(style).fontName if face != "bolditalic" else self.theme.family + "-BoldItalic"
        pt = size * self.s
        return self.kit.para(text, style, fontName=font, fontSize=pt, leading=pt * leading,
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

    def fill(self, colour: str, x: float, y: float, w: float, h: float) -> None:
        self.c.setFillColor(self.theme.colour(colour))
        self.c.rect(x, y, w, h, stroke=0, fill=1)

    def heading(self, text: str, colour: str = "ink") -> Paragraph:
        return self.p(text.upper(), 19, colour, bold=True, leading=1.15)

    def draw_heading(self, para: Paragraph, x: float, top: float, width: float) -> float:
        sq = 15 * self.s
        self.fill("red", x, top - sq - 3 * self.s, sq * 1.5, sq)
        return self.stack([para], x + sq * 2.1, top, width - sq * 2.1)


def _bands(sheet: Sheet, poster: Poster, canvas, W: float, H: float, scale: float) -> list[Band]:
    pt = _Painter(sheet, canvas, W, H, scale)
    return [_flags_band(pt, poster), _exploitation_band(pt, poster), _communication_band(pt, poster),
            _tips_band(pt, poster), _report_band(pt, poster), _notice_band(pt)]


def _flags_band(pt: _Painter, poster: Poster) -> Band:
    """Red band: title and intro on the left, the four flag cards on the right."""
    m, W = pt.m, pt.W
    left_w = (W - 2 * m) * 0.44
    right_w = W - 2 * m - left_w - pt.gap
    title = pt.kit.fit(poster.title, "display", left_w, 2.3 * 86 * pt.s, fontSize=86 * pt.s,
                       leading=86 * pt.s, textColor=pt.theme.colour("white"))
    title_h = title.wrap(left_w, 1e6)[1]
    intro = [pt.p(t, 12.5, "white") for t in poster.intro]
    left_h = title_h + 34 * pt.s + pt.height(intro, left_w, 8 * pt.s)
    icon = pt.theme.mm("poster", "icon") * pt.s
    card_h = max(icon + 12 * pt.s, 19 * pt.s * 2.6)
    cards = [_flag_card(pt, f, right_w, card_h, icon) for f in poster.flags]
    right_h = len(cards) * card_h + (len(cards) - 1) * 9 * pt.s
    body = max(left_h, right_h)
    height = body + 2 * m

    def draw(top: float, h: float) -> None:
        pt.fill("red", 0, top - h, W, h + 1)
        y = top - m - (h - height) / 2
        th = title.wrap(left_w, 1e6)[1]
        title.drawOn(pt.c, m, y - th)
        bar_y = y - th - 14 * pt.s
        pt.fill("white", m, bar_y - 4 * pt.s, 80 * pt.s, 4 * pt.s)
        pt.stack(intro, m, bar_y - 20 * pt.s, left_w, 8 * pt.s)
        cy = y - (body - right_h) / 2
        for card in cards:
            card(m + left_w + pt.gap, cy)
            cy -= card_h + 9 * pt.s

    return Band(height, draw)


def _flag_card(pt: _Painter, flag: Flag, width: float, height: float, icon: float):
    """One flag: a white pennant with the emoji in a tinted disc, its label and its text."""
    notch = height * 0.35
    text_x = icon + 22 * pt.s
    text_w = width - text_x - notch - 6 * pt.s
    label = pt.p(flag.label.upper(), 8.5, "red", bold=True, leading=1.2)
    label_h = label.wrap(text_w, 1e6)[1]
    text = pt.kit.fit(flag.text, "h2", text_w, height - label_h - 10 * pt.s,
                      fontSize=15 * pt.s, leading=16.5 * pt.s)
    text_h = text.wrap(text_w, 1e6)[1]

    def draw(x: float, top: float) -> None:
        c = pt.c
        c.setFillColor(pt.theme.colour("white"))
        path = c.beginPath()
        path.moveTo(x, top)
        path.lineTo(x + width, top)
        path.lineTo(x + width - notch, top - height / 2)
        path.lineTo(x + width, top - height)
        path.lineTo(x, top - height)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        cx, cy = x + 8 * pt.s + icon / 2 + 2 * pt.s, top - height / 2
        c.setFillColor(pt.theme.colour("tint"))
        c.circle(cx, cy, icon / 2 + 3 * pt.s, stroke=0, fill=1)
        draw_emoji(c, flag.icon, pt.kit.emoji_dir, cx - icon * 0.36, cy - icon * 0.36, icon * 0.72)
        block = label_h + 2 * pt.s + text_h
        ty = cy + block / 2
        label.drawOn(c, x + text_x, ty - label_h)
        text.drawOn(c, x + text_x, ty - label_h - 2 * pt.s - text_h)

    return draw


def _exploitation_band(pt: _Painter, poster: Poster) -> Band:
    """Heading, the UNODC quote, and a tinted box: the definition beside the additional forms."""
    ex, m, W = poster.exploitation, pt.m, pt.W
    inner = W - 2 * m
    head = pt.heading(ex.title)
    quote = pt.p(f"{ex.quote}” **{ex.source}**", 11, "ink", italic=True)
    quote_x = 28 * pt.s
    col = (inner - 2 * 14 * pt.s - pt.gap) / 2
    left = [pt.p(ex.definition, 10.5)]
    right = [pt.p(f"**{ex.forms_title}**", 10.5)] + [pt.p(f"**{f.term}** – {f.text}", 10.5) for f in ex.forms]
    box_h = max(pt.height(left, col), pt.height(right, col - 12 * pt.s, 3 * pt.s)) + 2 * 14 * pt.s
    head_h, quote_h = pt.height([head], inner), pt.height([quote], inner - quote_x)
    height = m + head_h + 8 * pt.s + quote_h + 12 * pt.s + box_h + m * 0.6

    def draw(top: float, h: float) -> None:
        y = pt.draw_heading(head, m, top - m - (h - height) / 2, inner) - 8 * pt.s
        pt.c.setFillColor(pt.theme.colour("red"))
        pt.c.setFont(pt.theme.style("display").fontName, 40 * pt.s)
        pt.c.drawString(m, y - 30 * pt.s, "“")
        y = pt.stack([quote], m + quote_x, y, inner - quote_x) - 12 * pt.s
        pt.fill("tint", m, y - box_h, inner, box_h)
        pt.stack(left, m + 14 * pt.s, y - 14 * pt.s, col)
        _bullets(pt, right[0], right[1:], m + 14 * pt.s + col + pt.gap, y - 14 * pt.s, col)

    return Band(height, draw)


def _bullets(pt: _Painter, head: Paragraph | None, items: list[Paragraph], x: float, top: float, width: float) -> float:
    """A bold lead-in, then items with red square bullets; return the y below the list."""
    if head is not None:
        top = pt.stack([head], x, top, width) - 3 * pt.s
    for q in items:
        size = q.style.fontSize * 0.55
        pt.fill("red", x, top - q.style.leading * 0.5 - size * 0.55, size, size)
        top = pt.stack([q], x + 12 * pt.s, top, width - 12 * pt.s) - 3 * pt.s
    return top


def _communication_band(pt: _Painter, poster: Poster) -> Band:
    """Safe and unsafe communication on the left; the video's QR card on the right."""
    m, W = pt.m, pt.W
    inner = W - 2 * m
    card_w = inner * 0.4
    text_w = inner - card_w - pt.gap
    head = pt.heading(poster.communication.title)
    text = pt.p(poster.communication.text, 10.5)
    link = pt.sheet.links.videos[poster.video.link]
    qr = max(pt.theme.mm("qr", "size"), 30 * 2.835 * pt.s)
    cap_w = card_w - qr - 3 * 12 * pt.s
    cap = [pt.p(poster.video.label.upper(), 8.5, "tint", bold=True), pt.p(poster.video.caption, 10.5, "white"),
           pt.p(link.short, 8.5, "tint", bold=True)]
    cap_h = pt.height(cap, cap_w, 5 * pt.s)
    card_h = max(qr, cap_h) + 2 * 12 * pt.s
    left_h = pt.height([head], text_w) + 8 * pt.s + pt.height([text], text_w)
    height = max(left_h, card_h) + m * 1.2

    def draw(top: float, h: float) -> None:
        y = top - (h - height) / 2 - m * 0.4
        y2 = pt.draw_heading(head, m, y, text_w) - 8 * pt.s
        pt.stack([text], m, y2, text_w)
        x = m + text_w + pt.gap
        pt.fill("night", x, y - card_h, card_w, card_h)
        pad = 12 * pt.s
        draw_qr(pt.c, link.url, x + pad, y - pad - qr, qr)
        pt.stack(cap, x + 2 * pad + qr, y - (card_h - cap_h) / 2, cap_w, 5 * pt.s)

    return Band(height, draw)


def _tips_band(pt: _Painter, poster: Poster) -> Band:
    """Safety tips on a sand background, in two balanced columns."""
    m, W = pt.m, pt.W
    inner = W - 2 * m
    col = (inner - pt.gap) / 2
    head = pt.heading(poster.tips.title)
    items = [pt.p(t, 10.5) for t in poster.tips.items]
    heights = [pt.height([q], col - 12 * pt.s) + 3 * pt.s for q in items]
    split = min(range(len(items) + 1), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    body = max(sum(heights[:split]), sum(heights[split:]))
    head_h = pt.height([head], inner)
    height = m + head_h + 8 * pt.s + body + m * 0.8

    def draw(top: float, h: float) -> None:
        pt.fill("sand", 0, top - h, W, h)
        y = top - m - (h - height) / 2
        y = pt.draw_heading(head, m, y, inner) - 8 * pt.s
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
    words = [pt.p(r.title, 20, "white", bold=True, leading=1.1), pt.p(r.to, 11.5, "white")]
    more = [pt.p(r.danger, 11, "white"), pt.p(r.more, 11, "white")]
    helplines = sheet.region.helplines
    tiles = [(pt.p((h.short or h.name).upper(), 9, "white", bold=True), pt.p(h.number, 21, "white", bold=True, leading=1.1))
             for h in helplines]
    tile_h = max(max(a.wrap(tiles_w * 0.36, 1e6)[1], b.wrap(tiles_w * 0.6, 1e6)[1]) for a, b in tiles) + 12 * pt.s
    tiles_h = len(tiles) * tile_h + (len(tiles) - 1) * 6 * pt.s
    text_h = pt.height(words, text_w, 2 * pt.s) + 14 * pt.s + pt.height(more, text_w, 2 * pt.s)
    height = max(text_h, tiles_h) + 2 * m * 0.9

    def draw(top: float, h: float) -> None:
        pt.fill("night", 0, top - h, W, h)
        y = top - (h - max(text_h, tiles_h)) / 2
        y2 = pt.stack(words, m, y, text_w, 2 * pt.s) - 7 * pt.s
        pt.c.setStrokeColor(pt.theme.colour("muted"))
        pt.c.setLineWidth(0.6)
        pt.c.line(m, y2, m + text_w, y2)
        pt.stack(more, m, y2 - 7 * pt.s, text_w, 2 * pt.s)
        x, ty = W - m - tiles_w, y - (max(text_h, tiles_h) - tiles_h) / 2
        for label, number in tiles:
            pt.fill("red", x, ty - tile_h, tiles_w, tile_h)
            lh, nh = label.wrap(tiles_w * 0.36, 1e6)[1], number.wrap(tiles_w * 0.6, 1e6)[1]
            label.drawOn(pt.c, x + 10 * pt.s, ty - (tile_h + lh) / 2)
            nw = max(number.getActualLineWidths0() or [0])
            number.drawOn(pt.c, x + tiles_w - 10 * pt.s - nw, ty - (tile_h + nh) / 2)
            ty -= tile_h + 6 * pt.s

    return Band(height, draw)


def _notice_band(pt: _Painter) -> Band:
    """A red strip at the foot of the page carrying the copyright notice."""
    notice = pt.p(pt.sheet.common.notice, 8, "white")
    h = notice.wrap(pt.W - 2 * pt.m, 1e6)[1] + 12 * pt.s

    def draw(top: float, height: float) -> None:
        pt.fill("red", 0, 0, pt.W, height)
        notice.drawOn(pt.c, pt.m, (height - notice.height) / 2)

    return Band(h, draw, grow=False)
