"""The poster's top band: the title and intro, an excerpt of the chat, and the four flags.

In: a ``Painter``, the poster's words and the conversation. Out: one red ``Band``. The intro
speaks of "red flags from this conversation", so the conversation is shown: the messages
that ``poster.yaml`` lists under ``excerpt``, drawn as a compact phone chat. Each flag's mark
sits beside the message it points at (``flags[].message``), joined to its flag by a leader
line. The band tries a few arrangements (three columns, or the chat under the intro) and
keeps the one that needs the least height.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from reportlab.platypus import Paragraph

from .. import measure
from ..emoji import draw_emoji
from ..errors import ContentError
from .poster_paint import WALL, Band, Painter

if TYPE_CHECKING:  # annotations only: poster.py imports this module
    from ..conversation import Conversation
    from .poster import Flag, Poster


FLAG_LINES = 5  # a flag card holds this many lines of its statement; longer text shrinks, then fails


@dataclass
class Block:
    """A laid-out piece of the band: its size and how to draw it with its top-left at (x, top)."""

    height: float
    paint: Callable[[float, float], None]
    anchors: dict[int, float]  # flag index → y offset from the block's top where its leader line attaches
    width: float = 0.0
    badge_x: dict[int, float] = field(default_factory=dict)  # flag index → its badge's x from the block's left
    radius: float = 0.0
    at: tuple[float, float] = (0.0, 0.0)  # where it was drawn, for the leader lines

    def draw(self, x: float, top: float) -> None:
        self.at = (x, top)
        self.paint(x, top)


def flags_band(pt: Painter, poster: Poster, talk: Conversation | None) -> Band:
    """Red band: title and intro, the chat excerpt, the flag cards; the most compact arrangement."""
    options, failure = [], None
    for kind, share in _ARRANGEMENTS:
        if talk is None and kind != "two":
            continue
        try:
            options.append(_arrange(pt, poster, talk, kind, share))
        except ContentError as exc:  # e.g. a flag too long for this arrangement's column: try the others
            failure = exc
    if not options:
        raise failure
    body, draw = min(options, key=lambda o: o[0])
    height = body + 2 * pt.m * (0.45 + 0.55 * pt.tight)

    def paint(top: float, h: float) -> None:
        pt.fill("band", 0, top - h, pt.W, h)
        draw(top - (h - body) / 2)

    return Band(height, paint)


# (arrangement, shares of the inner width): "three" = intro | chat | flags; "two" = intro over chat | flags
_ARRANGEMENTS = [("three", (0.3, 0.3)), ("three", (0.27, 0.29)), ("three", (0.25, 0.28)),
                 ("two", (0.42,)), ("two", (0.5,))]


def _arrange(pt: Painter, poster: Poster, talk: Conversation | None, kind: str, shares: tuple[float, ...]):
    """(height, draw(top)) of one arrangement of the band's content."""
    inner, gap, m = pt.inner, pt.gap, pt.m
    widths = [inner * s for s in shares]
    widths.append(inner - sum(widths) - gap * len(shares))
    intro = _intro(pt, poster, widths[0])
    chat = _chat(pt, poster, talk, widths[1] if kind == "three" else widths[0]) if talk is not None else None
    flags = _flags(pt, poster.flags, widths[-1])
    if kind == "three":
        cols = [(intro, m), (chat, m + widths[0] + gap)]
    else:
        cols = [(_under(pt, intro, chat), m)] if chat else [(intro, m)]
    flags_x = m + inner - widths[-1]
    body = max([flags.height] + [b.height for b, _ in cols])

    def draw(top: float) -> None:
        for block, x in cols:
            block.draw(x, top - (body - block.height) / 2)
        flags.draw(flags_x, top - (body - flags.height) / 2)
        if chat is not None:
            _leaders(pt, chat, flags)

    return body, draw


def widest_fit(pt: Painter, text: str, style: str, size: float, width: float) -> float:
    """The size, at most ``size`` and not under the floor, at which the text's widest word fits ``width``.

    Measured before wrapping, so no attempt ever cuts a Khmer word (which warns) only to be
    thrown away; a word too wide even at the floor is left for ``Kit.fit`` to report.
    """
    probe = pt.kit.para(text, style, fontSize=size, leading=size)
    wide = probe.minWidth()
    return size if wide <= width else max(pt.floor, size * width / wide * 0.995)


def _under(pt: Painter, upper: Block, lower: Block) -> Block:
    """Two blocks stacked, the lower one's anchors kept."""
    space = 14 * pt.u

    def draw(x: float, top: float) -> None:
        upper.draw(x, top)
        lower.draw(x, top - upper.height - space)

    return Block(upper.height + space + lower.height, draw, lower.anchors)


def _intro(pt: Painter, poster: Poster, width: float) -> Block:
    """The title, a short white rule, the intro paragraphs."""
    size = widest_fit(pt, poster.title, "display", pt.sizes["display"] * pt.t, width)
    title = pt.kit.fit(poster.title, "display", width, 2.3 * size, fontSize=size,
                       leading=size, textColor=pt.theme.colour("on_band"))
    size = title.style.fontSize
    intro = [pt.p(x, "lead", "on_band") for x in poster.intro]
    th = measure.height(title, width)
    rule = size * 0.21 + intro[0].style.fontSize * 1.2
    height = th + rule + pt.height(intro, width, 8 * pt.u)

    def draw(x: float, top: float) -> None:
        title.drawOn(pt.c, x, top - th)
        bar_y = top - th - size * 0.16
        pt.fill("on_band", x, bar_y - size * 0.05, size, size * 0.05)
        pt.stack(intro, x, top - th - rule, width, 8 * pt.u)

    return Block(height, draw, {})


def _chat(pt: Painter, poster: Poster, talk: Conversation, width: float) -> Block:
    """The excerpt as a phone chat: a dark bar with the contact, bubbles left (them) and right (me)."""
    count = len(talk.messages)
    for n in poster.excerpt:
        if n > count:
            raise ContentError(getattr(poster.flags[0].label, "where", "content/poster.yaml"),
                               f"excerpt: message {n} does not exist; conversation.yaml has {count} messages")
    r = pt.size("chat") * 0.95  # badge radius
    pad, inset = 7 * pt.paper, 10 * pt.paper
    name = pt.p(f"**{talk.people.them}**", "chat", "on_dark")
    status = pt.p(talk.people.app_status, "small", "on_dark_accent")
    bar = pt.height([name, status], width - 3.2 * r - 2 * inset) + 2 * pad
    marks = {n: [i for i, f in enumerate(poster.flags) if f.message == n] for n in poster.excerpt}
    most = max(len(v) for v in marks.values())
    room = most * 2.3 * r + 4 * pt.paper  # a column for the badges, right of every bubble
    bubble_max = width - 2 * inset - room
    rows, y = [], bar + inset
    for n in poster.excerpt:
        msg = talk.messages[n - 1]
        them = msg.sender == "them"
        q = pt.p(msg.text, "chat", "ink" if them else "on_dark")
        widest, tall = measure.extent(q, bubble_max - 2 * pad)
        w, h = widest + 2 * pad, tall + 1.4 * pad
        rows.append((q, them, y, w, h, marks[n]))
        y += h + 5 * pt.u + 3
    height = y - 5 * pt.u - 3 + inset
    anchors = {i: top + h / 2 for q, them, top, w, h, flags in rows for i in flags}

    def draw(x: float, top: float) -> None:
        c = pt.c
        c.setFillColor(pt.theme.colour("paper"))
        c.roundRect(x, top - height, width, height, 10 * pt.paper, stroke=0, fill=1)
        c.setFillColor(pt.theme.colour("dark"))
        c.roundRect(x, top - bar, width, bar, 10 * pt.paper, stroke=0, fill=1)
        c.rect(x, top - bar, width, bar / 2, stroke=0, fill=1)
        c.setFillColor(pt.theme.colour("accent"))
        c.circle(x + inset + r * 1.2, top - bar / 2, r * 1.2, stroke=0, fill=1)
        pt.stack([name, status], x + inset + 3.2 * r, top - pad, width - 3.2 * r - 2 * inset)
        for q, them, rtop, w, h, flags in rows:
            bx = x + (inset if them else width - inset - room - w)
            c.setFillColor(pt.theme.colour("bubble_them" if them else "dark"))
            c.roundRect(bx, top - rtop - h, w, h, min(h / 2, 8 * pt.paper), stroke=0, fill=1)
            q.drawOn(c, bx + pad, top - rtop - h + 0.7 * pad)
            for k, i in enumerate(flags):
                pt.badge(x + badge_x[i], top - rtop - h / 2, poster.flags[i].icon, r)

    badge_x = {i: (inset if them else width - inset - room - w) + w + (1.4 + 2.3 * k) * r
               for q, them, rtop, w, h, flags in rows for k, i in enumerate(flags)}
    return Block(height, draw, anchors, width, badge_x, r)


def _flags(pt: Painter, flags: list[Flag], width: float) -> Block:
    """The flag cards, one under another, each as tall as its own text needs."""
    cards = [_flag_card(pt, f, width) for f in flags]
    space = 14 * pt.u
    height = sum(h for h, _ in cards) + space * (len(cards) - 1)
    anchors, y = {}, 0.0
    for i, (h, _) in enumerate(cards):
        anchors[i] = y + h / 2
        y += h + space

    def draw(x: float, top: float) -> None:
        for h, card in cards:
            card(x, top)
            top -= h + space

    return Block(height, draw, anchors)


def _flag_card(pt: Painter, flag: Flag, width: float) -> tuple[float, Callable[[float, float], None]]:
    """One flag: a white pennant with the emoji in a tinted disc, its label and its text."""
    icon = pt.theme.mm("poster", "icon") * pt.paper
    size = pt.size("flag")
    notch = size * 1.4
    text_x = icon * 1.55
    text_w = width - text_x - notch - 4 * pt.u
    label = pt.p(flag.label.upper(), "flag_label", "accent", bold=True, leading=1.2)
    least = pt.wall_flag if pt.paper >= WALL else pt.floor
    size = max(least, widest_fit(pt, flag.text, "h2", size, text_w))
    line = pt.kit.para(flag.text, "h2", fontSize=size, leading=size * 1.12).style.leading  # taller for Khmer
    box = line * FLAG_LINES + 1  # a fixed box: the text fits it (shrinking down to ``least``) or fails
    text = pt.kit.fit(flag.text, "h2", text_w, box, fontSize=size, leading=size * 1.12, min_size=least)
    label_h, text_h = measure.height(label, text_w), measure.height(text, text_w)
    block = label_h + 2 * pt.u + text_h
    height = max(icon * 1.3, block + 2 * 7 * pt.u)

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
        draw_emoji(c, flag.icon, pt.kit.emoji_dir, cx - icon * 0.36, cy - icon * 0.36, icon * 0.72, alt=flag.alt)
        ty = cy + block / 2
        label.drawOn(c, x + text_x, ty - label_h)
        text.drawOn(c, x + text_x, ty - label_h - 2 * pt.u - text_h)

    return height, draw


def _leaders(pt: Painter, chat: Block, flags: Block) -> None:
    """Join each badge in the chat to its flag: a red stroke across the white chat, then a white one across the band."""
    (cx, ctop), (fx, ftop) = chat.at, flags.at
    right = cx + chat.width
    c = pt.c
    c.saveState()
    c.setLineWidth(max(0.8, 1.3 * pt.paper))
    c.setLineCap(1)
    for i, y in chat.anchors.items():
        y0, y1 = ctop - y, ftop - flags.anchors[i]
        c.setStrokeColor(pt.theme.colour("accent"))
        c.line(cx + chat.badge_x[i] + chat.radius, y0, right, y0)
        c.setStrokeColor(pt.theme.colour("on_band"))
        c.line(right, y0, fx, y1)
    c.restoreState()
