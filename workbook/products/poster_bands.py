"""The poster's lower bands: exploitation, communication with the video's QR card, safety tips,
the report box and the notice strip.

In: a ``Painter`` (one layout attempt) and the poster's words. Out: a ``Band`` each, that
knows its natural height and draws itself into the height it is given (content centred, so
spare height becomes even breathing room rather than an empty strip).
"""
from __future__ import annotations

from dataclasses import replace

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph

from ..content import LocStr, where_of
from ..errors import ContentError
from .. import measure
from ..kit import plain
from ..qr import draw_qr
from ..tagging_draw import group, link as make_link
from .poster_paint import Band, Painter

if TYPE_CHECKING:  # annotations only: poster.py imports this module
    from .poster import Poster

SAFE_EDGE = 5 * 72 / 25.4  # text keeps this far from the paper's edge (office printers leave ~4-5 mm blank)


def columns_for(pt: Painter, role: str, most: int = 3) -> int:
    """How many columns of running text the page's width holds at a comfortable measure."""
    ems = float(pt.theme.data["poster"]["column"])
    return max(1, min(most, int(pt.inner // (ems * pt.size(role)))))


def shortest(make, shares: tuple[float, ...]) -> Band:
    """The band at the split of its width (one of ``shares``) that needs the least height.

    Side-by-side blocks rarely need the same height at an even split; a designer moves the
    column line until they end together, which gives long words their height back.
    """
    bands, failure = [], None
    for share in shares:
        try:
            bands.append(make(share))
        except ContentError as exc:  # e.g. the address too long for a narrower card: not this split
            failure = exc
    if not bands:
        raise failure
    return min(bands, key=lambda band: band.height)


def exploitation_band(pt: Painter, poster: Poster) -> Band:
    """Heading, the UNODC quote, and a tinted box: the definition beside the additional forms."""
    return shortest(lambda share: _exploitation(pt, poster, share), (0.5, 0.44, 0.38))


def _exploitation(pt: Painter, poster: Poster, share: float) -> Band:
    ex, m, inner = poster.exploitation, pt.m, pt.inner
    head = pt.heading(ex.title)
    quote = pt.p(LocStr(f"{ex.quote}” **{ex.source}**", where_of(ex.source)), "quote", "ink", italic=True)
    quote_x = quote.style.fontSize * 2.6
    pad = 12 * pt.u
    col = (inner - 2 * pad - pt.gap) * share
    col2 = inner - 2 * pad - pt.gap - col
    left = [pt.p(ex.definition, "body")]
    right = [pt.p(f"**{ex.forms_title}**", "body")] + [pt.p(f"**{f.term}** – {f.text}", "body") for f in ex.forms]
    box_h = max(pt.height(left, col), _bullets_height(pt, right, col2)) + 2 * pad
    head_h, quote_h = pt.height([head], inner), pt.height([quote], inner - quote_x)
    edge = pt.edge()
    height = edge + head_h + 6 * pt.u + quote_h + 10 * pt.u + box_h + edge * 0.6

    def draw(top: float, h: float) -> None:
        y = pt.draw_heading(head, m, top - edge - (h - height) / 2, inner) - 6 * pt.u
        pt.c.setFillColor(pt.theme.colour("accent"))
        pt.c.setFont(pt.theme.style("display").fontName, quote.style.fontSize * 3.6)
        pt.c.drawString(m, y - quote.style.fontSize * 2.7, "“")
        y = pt.stack([quote], m + quote_x, y, inner - quote_x) - 10 * pt.u
        pt.fill("panel", m, y - box_h, inner, box_h)
        pt.stack(left, m + pad, y - pad, col)
        _bullets(pt, right[0], right[1:], m + pad + col + pt.gap, y - pad, col2)

    return Band(height, draw)


def _bullets_height(pt: Painter, paras: list[Paragraph], width: float) -> float:
    """The height ``_bullets`` draws: a lead-in, then indented items."""
    head, items = paras[0], paras[1:]
    return (pt.height([head], width) + 3 * pt.u
            + sum(pt.height([q], width - q.style.fontSize * 1.3) + 3 * pt.u for q in items))


def _bullets(pt: Painter, head: Paragraph | None, items: list[Paragraph], x: float, top: float, width: float) -> float:
    """A bold lead-in, then items with red square bullets; return the y below the list."""
    if head is not None:
        top = pt.stack([head], x, top, width) - 3 * pt.u
    with group(pt.c, "L"):  # a list: each item's body is its paragraph, the square an artifact
        for q in items:
            size, indent = q.style.fontSize * 0.55, q.style.fontSize * 1.3
            pt.fill("accent", x, top - q.style.leading * 0.5 - size * 0.55, size, size)
            with group(pt.c, "LI"), group(pt.c, "LBody"):
                top = pt.stack([q], x + indent, top, width - indent) - 3 * pt.u
    return top


def communication_band(pt: Painter, poster: Poster) -> Band:
    """Safe and unsafe communication on the left; the video's QR card on the right."""
    return shortest(lambda share: _communication(pt, poster, share), (0.36 + 0.04 * pt.tight, 0.33, 0.3))


def _communication(pt: Painter, poster: Poster, share: float) -> Band:
    m, inner = pt.m, pt.inner
    card_w = inner * share
    text_w = inner - card_w - pt.gap
    head = pt.heading(poster.communication.title)
    text = pt.p(poster.communication.text, "body")
    link = pt.sheet.links.videos[poster.video.link]
    qr = max(pt.theme.mm("qr", "size"), 30 * 2.835 * pt.paper)
    pad = max(8.0, 12 * pt.u)
    cap_w = card_w - qr - 3 * pad
    cap = [pt.p(poster.video.label.upper(), "label", "on_dark_accent", bold=True),
           pt.p(poster.video.caption, "caption", "on_dark")]
    face = {"fontName": pt.theme.style("to_confirm").fontName} if link.placeholder else {}  # italic, boxed below
    url = replace(pt.kit, links=()).fit(link.short,  # the whole card is the link
                                         "h2", card_w - 2 * pad, pt.size("label") * 1.3, fontSize=pt.size("label"),
                     leading=pt.size("label") * 1.2, min_size=pt.floor, textColor=pt.theme.colour("on_dark_accent"),
                     **face)
    cap_h, url_h = pt.height(cap, cap_w, 5 * pt.u), pt.height([url], card_w - 2 * pad)
    card_h = max(qr, cap_h) + url_h + 2.6 * pad
    left_h = pt.height([head], text_w) + 6 * pt.u + pt.height([text], text_w)
    edge = pt.edge()
    height = max(left_h, card_h) + edge * 1.2

    def draw(top: float, h: float) -> None:
        y = top - (h - height) / 2 - edge * 0.4
        y2 = pt.draw_heading(head, m, y, text_w) - 6 * pt.u
        pt.stack([text], m, y2, text_w)
        x = m + text_w + pt.gap
        pt.fill("dark", x, y - card_h, card_w, card_h)
        row, alt = max(qr, cap_h), pt.sheet.qr_alt(link.short)
        with group(pt.c, "Link"):  # the card is one link: the code, its words and its address
            draw_qr(pt.c, link.url, x + pad, y - pad - (row + qr) / 2, qr, alt=alt)
            pt.stack(cap, x + 2 * pad + qr, y - pad - (row - cap_h) / 2, cap_w, 5 * pt.u)
            pt.stack([url], x + pad, y - pad - row - 0.6 * pad, card_w - 2 * pad)
            make_link(pt.c, link.url, (x, y - card_h, x + card_w, y), alt)
        if link.placeholder:
            _dashed(pt, x + pad * 0.6, y - pad - row - 0.6 * pad - url_h - pad * 0.3, card_w - 1.2 * pad,
                    url_h + pad * 0.5, "on_dark_accent")

    return Band(height, draw)


def tips_band(pt: Painter, poster: Poster) -> Band:
    """Safety tips on a sand background, in as many balanced columns as the width holds."""
    m, W, inner = pt.m, pt.W, pt.inner
    n = columns_for(pt, "body")
    col = (inner - (n - 1) * pt.gap) / n
    head = pt.heading(poster.tips.title)
    items = [pt.p(t, "body") for t in poster.tips.items]
    heights = [pt.height([q], col - q.style.fontSize * 1.3) + 3 * pt.u for q in items]
    cuts = _balanced(heights, n)
    body = max(sum(heights[a:b]) for a, b in cuts)
    head_h = pt.height([head], inner)
    edge = pt.edge()
    height = edge + head_h + 6 * pt.u + body + edge * 0.8

    def draw(top: float, h: float) -> None:
        pt.fill("panel_alt", 0, top - h, W, h)
        y = top - edge - (h - height) / 2
        y = pt.draw_heading(head, m, y, inner) - 6 * pt.u
        for k, (a, b) in enumerate(cuts):
            _bullets(pt, None, items[a:b], m + k * (col + pt.gap), y, col)

    return Band(height, draw)


def _balanced(heights: list[float], n: int) -> list[tuple[int, int]]:
    """Cut the items, in order, into ``n`` runs whose tallest is as short as possible."""
    best: tuple[float, list[tuple[int, int]]] = (float("inf"), [(0, len(heights))])

    def walk(start: int, left: int, runs: list[tuple[int, int]], tallest: float) -> None:
        nonlocal best
        if tallest >= best[0]:
            return
        if left == 1:
            last = sum(heights[start:])
            if max(tallest, last) < best[0]:
                best = (max(tallest, last), runs + [(start, len(heights))])
            return
        for end in range(start, len(heights) + 1):
            walk(end, left - 1, runs + [(start, end)], max(tallest, sum(heights[start:end])))

    walk(0, n, [], 0.0)
    return best[1]


def report_band(pt: Painter, poster: Poster) -> Band:
    """The report box: where to report, immediate danger, the website; the helplines as red tiles."""
    return shortest(lambda share: _report(pt, poster, share), (0.44, 0.4, 0.36))


def _report(pt: Painter, poster: Poster, share: float) -> Band:
    sheet, m, W, inner = pt.sheet, pt.m, pt.W, pt.inner
    tiles_w = inner * share
    text_w = inner - tiles_w - pt.gap
    r = poster.report
    words = [pt.p(r.title, "report_title", "on_dark", bold=True, leading=1.1), pt.p(r.to, "report", "on_dark")]
    more = [pt.p(t, "report", "on_dark") for t in (r.danger, r.more) if plain(t).strip()]  # no danger line: no number
    tiles = [(pt.p((h.short or h.name).upper(), "label", "on_tile", bold=True), _number(pt, h))
             for h in sheet.region.helplines]
    tile_h = max(max(measure.height(a, tiles_w * 0.34), measure.height(b, tiles_w * 0.62)) for a, b in tiles) + 12 * pt.u
    tiles_h = len(tiles) * tile_h + (len(tiles) - 1) * 6 * pt.u
    text_h = pt.height(words, text_w, 2 * pt.u) + 14 * pt.u + pt.height(more, text_w, 2 * pt.u)
    body = max(text_h, tiles_h)
    height = body + 2 * m * (0.4 + 0.5 * pt.tight)

    def draw(top: float, h: float) -> None:
        pt.fill("dark", 0, top - h, W, h)
        y = top - (h - body) / 2
        y2 = pt.stack(words, m, y, text_w, 2 * pt.u) - 7 * pt.u
        pt.c.setStrokeColor(pt.theme.colour("muted"))
        pt.c.setLineWidth(0.6)
        pt.c.line(m, y2, m + text_w, y2)
        pt.stack(more, m, y2 - 7 * pt.u, text_w, 2 * pt.u)
        x, ty = W - m - tiles_w, y - (body - tiles_h) / 2
        for label, number in tiles:
            pt.fill("tile", x, ty - tile_h, tiles_w, tile_h)
            lh, nh = label.wrap(tiles_w * 0.34, 1e6)[1], number.wrap(tiles_w * 0.62, 1e6)[1]
            label.drawOn(pt.c, x + 10 * pt.u, ty - (tile_h + lh) / 2)
            nw = max(number.getActualLineWidths0() or [0])
            nx, ny = x + tiles_w - 10 * pt.u - nw, ty - (tile_h + nh) / 2
            number.drawOn(pt.c, nx, ny)
            if getattr(number, "to_confirm", False):
                _dashed(pt, nx - 4 * pt.u, ny - 3 * pt.u, nw + 8 * pt.u, nh + 6 * pt.u, "on_tile")
            ty -= tile_h + 6 * pt.u

    return Band(height, draw)


def _number(pt: Painter, helpline) -> Paragraph:
    """A helpline's number in the big type; a number still to confirm small and italic (boxed when drawn)."""
    if not helpline.placeholder:
        return pt.p(helpline.number, "number", "on_tile", bold=True, leading=1.1)
    para = pt.p(helpline.number, "report", "on_tile", italic=True)
    para.to_confirm = True
    return para


def _dashed(pt: Painter, x: float, y: float, w: float, h: float, colour: str) -> None:
    """The "to confirm" outline around a value nobody has confirmed yet."""
    pt.c.saveState()
    pt.c.setStrokeColor(pt.theme.colour(colour))
    pt.c.setLineWidth(0.9)
    pt.c.setDash(3, 2)
    pt.c.rect(x, y, w, h, stroke=1, fill=0)
    pt.c.restoreState()


def notice_band(pt: Painter) -> Band:
    """A red strip at the foot of the page carrying the copyright notice."""
    notice = pt.p(pt.sheet.common.notice, "small", "on_band")
    notice.tag_lang = pt.sheet.legal_lang
    colophon = pt.p(pt.sheet.colophon, "small", "on_band", alignment=2)
    h = notice.wrap(pt.W * 0.6, 1e6)[1] + SAFE_EDGE * 1.3  # text clear of an office printer's unprintable edge

    def draw(top: float, height: float) -> None:
        pt.fill("band", 0, 0, pt.W, height)
        notice.drawOn(pt.c, pt.m, SAFE_EDGE)
        colophon.wrap(pt.W * 0.3, 1e6)
        colophon.drawOn(pt.c, pt.W - pt.m - pt.W * 0.3, SAFE_EDGE)
        ends = pt.m + max(notice.getActualLineWidths0()), pt.W - pt.m - max(colophon.getActualLineWidths0())
        pt.c.proof_centre = ((ends[0] + ends[1]) / 2, height / 2)  # a proof's mark: between notice and colophon

    return Band(h, draw, grow=False)
