"""The conversation between Ad.17 and a minor: its content model and its drawing as a phone chat.

In: ``content/<language>/conversation.yaml`` (validated into ``Conversation``). Out: a
``Chat`` flowable that draws the messages as the minor's phone shows them: a phone-shaped
frame (about 1:2), the contact's name and status in the header only, Ad.17's bubbles on the
left, the minor's (sent) bubbles solid on the right with a "seen" status line, and a small
caption saying the conversation is illustrative. With ``annotated`` it adds numbered badges
and a column of notes, each at the level of its message and joined to it by a leader line.
Handout and spread share it. A chat that ``splits`` may run on over a page (or column) break
at full size, as one long screen: the first part keeps the header, the last the input field,
the "seen" line and the caption, rather than shrinking to fit a page ("always"); or only when
it is taller than a whole page, kept whole on the next page otherwise ("tall").
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator
from reportlab.platypus import Flowable, Paragraph

from .content import Text
from .editorial import Editorial
from .kit import Kit, plain
from .tagging_draw import marked
from .words import render_text


class People(Editorial):
    them: Text
    me: Text
    app_status: Text  # the status line under the contact's name in the header
    seen: Text  # the status line under the minor's last sent message


class Message(Editorial):
    sender: Literal["them", "me"] = Field(alias="from")
    text: Text
    callout: int | None = None


class Callout(Editorial):
    number: int
    indicator: Literal["trust", "personal", "pressure"]
    text: Text


class Indicator(Editorial):
    title: Text
    text: Text


class Conversation(Editorial):
    people: People
    caption: Text  # printed under the phone: the conversation is an illustration
    messages: list[Message] = Field(min_length=2)
    callouts: list[Callout]
    indicators: dict[Literal["trust", "personal", "pressure"], Indicator]
    reveal: Text

    @model_validator(mode="after")
    def _callouts_match(self) -> "Conversation":
        marked = sorted(m.callout for m in self.messages if m.callout is not None)
        listed = sorted(c.number for c in self.callouts)
        if marked != listed:
            raise ValueError(f"callout numbers on messages {marked} must match the callouts listed {listed}")
        missing = {c.indicator for c in self.callouts} - set(self.indicators)
        if missing:
            raise ValueError(f"callouts name indicators without text: {', '.join(sorted(missing))}")
        return self


@dataclass
class _Bubble:
    para: Paragraph
    sender: Literal["them", "me"]
    x: float  # from the screen's left edge
    top: float  # from the screen's top edge
    w: float
    h: float
    callout: int | None


@dataclass
class _Screen:
    """One layout of the phone at one width: its bubbles and heights (points)."""

    width: float
    bubbles: list[_Bubble]
    seen: Paragraph | None
    seen_top: float
    content: float  # height the messages need, header included

    def height(self, aspect: float, bottom: float) -> float:
        return max(self.content + bottom, self.width * aspect)


class Chat(Flowable):
    """The phone; ``annotated`` adds badges and notes, ``min_scale`` lets it shrink to fill a page."""

    PAD, GAP, TURN, BAR, BEZEL, RADIUS, INPUT = 6.0, 3.0, 7.0, 34.0, 5.0, 18.0, 30.0
    ASPECT = 2.0  # screen height / width: a phone is about 9:19; shorter chats get the empty screen

    SPLIT_LEAST = 2  # messages on each side of a break: never one bubble alone on a page

    def __init__(self, kit: Kit, talk: Conversation, annotated: bool = False, chat_share: float = 0.56,
                 max_width: float | None = None, scale: float = 1.0, brief: bool = False, min_scale: float = 1.0,
                 aspect: float | None = None, splits: Literal["never", "tall", "always"] = "never",
                 part: tuple[int, int] | None = None, screen_width: float | None = None, notes: bool = True,
                 words: Any = None):
        super().__init__()
        self.words = words  # common.yaml's ``accessible`` words: the drawing's alt text is made from them
        self.kit, self.talk, self.annotated, self.max_width = kit, talk, annotated, max_width
        self.brief = brief  # notes name only the indicator (the text around the chat explains)
        self.base_scale, self.min_scale = scale, min(min_scale, 1.0)
        self.chat_share = chat_share if annotated else 1.0
        self.ASPECT = aspect or self.ASPECT  # a page with much else on it may ask for a shorter phone
        self.splits, self.screen_width = splits, screen_width  # a part keeps the width of the whole
        self.show_notes = notes  # False: badges only, for a page that lists the numbered explanations nearby
        self.part = part or (0, len(talk.messages))
        self.head, self.foot = self.part[0] == 0, self.part[1] == len(talk.messages)
        shown = {m.callout for m in talk.messages[self.part[0]:self.part[1]] if m.callout is not None}
        self.callouts = sorted((c for c in talk.callouts if c.number in shown), key=lambda c: c.number)
        self._cache: dict[tuple, tuple[float, float]] = {}

    # -- layout ---------------------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The largest scale (down to ``min_scale``) whose height fits; else full size (next page)."""
        key = (round(availWidth, 2), round(availHeight, 2), bool(getattr(getattr(self, "_frame", None), "_atTop", 0)))
        if key in self._cache:
            self._apply(availWidth, self._cache[key][0])
            return availWidth, self.height
        factor = 1.0
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        # at a page's top there is no later page: shrink to fit it, unless it can run on over the break
        floor = 0.5 if at_top and not self._can_split() else self.min_scale
        while True:
            self._apply(availWidth, factor)
            if self.height <= availHeight or factor <= floor + 1e-6:
                break
            factor = max(floor, factor - 0.05)
        if self.height > availHeight and factor < 1.0 and (not at_top or self._can_split()):
            factor = 1.0
            self._apply(availWidth, factor)
        self._cache[key] = (factor, self.height)
        return availWidth, self.height

    def _can_split(self) -> bool:
        return self.splits != "never" and self.part[1] - self.part[0] >= 2 * self.SPLIT_LEAST

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Two parts of one long screen at this scale, the first as long as ``availHeight`` holds; else none."""
        if not self._can_split():
            return []
        self.wrap(availWidth, availHeight)
        page = getattr(getattr(self, "_frame", None), "_aH", availHeight)  # a whole frame's room
        if self.splits == "tall" and self.height <= page:
            return []  # it fits a page whole: the next one
        start, end = self.part
        for cut in range(end - self.SPLIT_LEAST, start + self.SPLIT_LEAST - 1, -1):
            first = self._part(start, cut)
            if first.wrap(availWidth, availHeight)[1] <= availHeight:
                return [first, self._part(cut, end)]
        return []

    def _part(self, start: int, end: int) -> "Chat":
        return Chat(self.kit, self.talk, self.annotated, self.chat_share, self.max_width, self.scale, self.brief,
                    aspect=self.ASPECT, splits="always", part=(start, end), screen_width=self.screen.width,
                    notes=self.show_notes, words=self.words)

    def _apply(self, availWidth: float, factor: float) -> None:
        s = self.scale = self.base_scale * factor
        self.pad, self.gap, self.turn, self.bar = (v * s for v in (self.PAD, self.GAP, self.TURN, self.BAR))
        self.width = availWidth
        widest = min(availWidth * self.chat_share, (self.max_width or availWidth) * factor)
        if self.screen_width is not None:
            self.screen = self._layout_screen(self.screen_width)
        else:
            self.screen = self._best_screen(widest - 2 * self.BEZEL)
        self.phone_w = self.screen.width + 2 * self.BEZEL
        bottom = self.INPUT * s if self.foot else 0.0
        aspect = self.ASPECT if self.head and self.foot else 0.0  # a part of a long screen is as tall as its messages
        self.inset = self.BEZEL if self.head else 0.0  # an open edge (a part's break) has no bezel
        self.phone_h = self.screen.height(aspect, bottom) + self.inset + (self.BEZEL if self.foot else 0.0)
        self.offset = 0.0 if self.annotated else (availWidth - self.phone_w) / 2
        self.caption = self._para(self.talk.caption, "small", textColor=self.kit.theme.colour("muted"), alignment=1)
        _, cap_h = self.caption.wrap(max(self.phone_w, availWidth * 0.6 if not self.annotated else self.phone_w), 1000)
        self.cap_h = cap_h + 4 * s if self.foot else 0.0
        self.notes = self._layout_notes(availWidth - self.phone_w - 22) if self.annotated and self.show_notes else []
        notes_h = max((top + h for top, h, _ in self.notes), default=0)
        self.height = max(self.phone_h, notes_h) + self.cap_h

    def _best_screen(self, widest: float) -> _Screen:
        """The width at which the messages fill a phone-shaped screen best (narrower, within reason)."""
        best = self._layout_screen(widest)
        width = widest
        while width > widest * 0.72:
            if best.content + self.INPUT * self.scale >= best.width * self.ASPECT:
                break
            width -= 4
            best = self._layout_screen(width)
        return best

    def _para(self, text: str, style: str, **overrides) -> Paragraph:
        base = self.kit.theme.style(style)
        sized = {"fontSize": base.fontSize * self.scale, "leading": base.leading * self.scale, **overrides}
        return self.kit.para(text, style, **sized)

    def _layout_screen(self, width: float) -> _Screen:
        theme = self.kit.theme
        max_w = width * (0.72 if self.annotated else 0.78)
        marker = 20 * self.scale if self.annotated else 0
        top = self.bar + 10 * self.scale if self.head else 6 * self.scale
        prev = self.talk.messages[self.part[0] - 1].sender if self.part[0] else None
        out = []
        for m in self.talk.messages[self.part[0]:self.part[1]]:
            top += self.turn if prev is not None and m.sender != prev else 0
            colour = theme.colour("ink" if m.sender == "them" else "on_bubble_sent")
            para = self._para(m.text, "bubble", textColor=colour)
            para.wrap(max_w - marker - 2 * self.pad, 1000)
            text_w = max(para.getActualLineWidths0() or [0])
            w, h = text_w + 2 * self.pad, para.height + 2 * self.pad - 2
            x = 8 * self.scale if m.sender == "them" else width - 8 * self.scale - w
            out.append(_Bubble(para, m.sender, x, top, w, h, m.callout if self.annotated else None))
            top += h + self.gap
            prev = m.sender
        seen, seen_top = None, 0.0
        last_me = max((i for i, b in enumerate(out) if b.sender == "me"), default=None)
        later = any(m.sender == "me" for m in self.talk.messages[self.part[1]:])
        if last_me is not None and not later:  # "seen" under the minor's last message, in whichever part holds it
            seen = self._para(self.talk.people.seen, "footer", textColor=theme.colour("muted"), alignment=2)
            seen.wrap(width - 16 * self.scale, 100)
            seen_top = out[last_me].top + out[last_me].h + 1
            for b in out[last_me + 1:]:
                b.top += seen.height
            top += seen.height
        return _Screen(width, out, seen, seen_top, top + (4 if self.foot else 8) * self.scale)

    def _layout_notes(self, width: float) -> list[tuple[float, float, list[Paragraph]]]:
        """Callout notes beside the phone, each level with its message, pushed down if crowded."""
        theme = self.kit.theme
        at = {b.callout: b.top + self.inset for b in self.screen.bubbles if b.callout is not None}
        notes, floor = [], 0.0
        s = min(1.0, self.scale)
        for c in self.callouts:
            title = self.talk.indicators[c.indicator].title
            head = theme.style("h2" if self.brief else "label")
            paras = [self.kit.para(title, head, textColor=theme.colour("accent"),
                                   fontSize=head.fontSize * s, leading=head.leading * s)]
            if not self.brief:
                small = theme.style("small")
                paras.append(self.kit.para(c.text, "small", fontSize=small.fontSize * s, leading=small.leading * s))
            h = sum(p.wrap(width - 26, 1000)[1] for p in paras) + 3
            top = max(at.get(c.number, floor), floor)
            notes.append((top, h, paras))
            floor = top + h + 8
        self.notes_x, self.notes_w = self.phone_w + 22, width
        return notes

    # -- drawing --------------------------------------------------------------------------
    def alt(self) -> str | None:
        """The drawing's alt text: the conversation itself in order, each message's callout named
        when the badges are drawn (content's ``accessible`` words; none, no figure is tagged)."""
        if self.words is None:
            return None
        people = self.talk.people
        names = {"them": plain(people.them), "me": plain(people.me)}
        said = [render_text(self.words.marked if self.annotated and m.callout is not None else self.words.message,
                            {"sender": names[m.sender], "text": plain(m.text), "number": m.callout})
                for m in self.talk.messages[self.part[0]:self.part[1]]]
        return render_text(self.words.conversation, {"them": names["them"], "status": plain(people.app_status),
                                             "messages": " ".join(said)})

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.translate(self.offset, self.cap_h)
        alt = self.alt()
        with marked(c, "Figure", alt=alt) if alt is not None else nullcontext():  # the phone and its bubbles
            self._draw_phone()
            top = self.height - self.cap_h  # the phone's top edge, in the translated space
            for b in self.screen.bubbles:
                self._draw_bubble(b, top - self.inset)
            if self.screen.seen is not None:
                self.screen.seen.drawOn(c, self.BEZEL + 8 * self.scale,
                                        top - self.inset - self.screen.seen_top - self.screen.seen.height)
        for number, (ntop, h, paras) in zip((x.number for x in self.callouts), self.notes):
            self._draw_note(number, ntop, paras, top)
        c.restoreState()
        if self.foot:  # the caption goes under the whole phone, after its last part
            self.caption.drawOn(c, self.offset + (self.phone_w - self.caption.width) / 2 if not self.annotated
                                else 0, 0)

    def _draw_phone(self) -> None:
        """Body, screen, header (avatar, name, status) and an empty input field."""
        c, theme, s = self.canv, self.kit.theme, self.scale
        top, w, h, b = self.height - self.cap_h, self.phone_w, self.phone_h, self.BEZEL
        y0 = top - h
        c.saveState()  # a part's open edge: the phone runs on past it, cut straight
        clip = c.beginPath()
        clip.rect(0, y0, w, h)
        c.clipPath(clip, stroke=0, fill=0)
        over_top, over_foot = (0 if self.head else 2 * self.RADIUS), (0 if self.foot else 2 * self.RADIUS)
        c.setFillColor(theme.colour("phone"))
        c.roundRect(0, y0 - over_foot, w, h + over_top + over_foot, self.RADIUS, stroke=0, fill=1)
        c.setFillColor(theme.colour("paper"))
        c.roundRect(b, y0 + b - over_foot, w - 2 * b, h - 2 * b + over_top + over_foot, self.RADIUS - b, stroke=0, fill=1)
        c.restoreState()
        if not self.head:
            if self.foot:
                self._draw_input(y0)
            return
        c.setFillColor(theme.colour("panel_alt"))
        path = c.beginPath()
        r, x1, yt = self.RADIUS - b, w - b, top - b
        path.moveTo(b, yt - self.bar)
        path.lineTo(b, yt - r)
        path.arcTo(b, yt - 2 * r, b + 2 * r, yt, startAng=180, extent=-90)
        path.lineTo(x1 - r, yt)
        path.arcTo(x1 - 2 * r, yt - 2 * r, x1, yt, startAng=90, extent=-90)
        path.lineTo(x1, yt - self.bar)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(theme.colour("accent"))
        c.circle(b + 20 * s, yt - self.bar / 2, 10 * s, stroke=0, fill=1)
        name = self._para(self.talk.people.them, "sender", fontSize=9 * s, leading=10 * s)
        status = self._para(self.talk.people.app_status, "footer", textColor=theme.colour("muted"))
        for p in (name, status):
            p.wrap(w - 2 * b - 40 * s, 30)
        name.drawOn(c, b + 36 * s, yt - self.bar / 2 + 1)
        status.drawOn(c, b + 36 * s, yt - self.bar / 2 - status.height)
        if self.foot:
            self._draw_input(y0)

    def _draw_input(self, y0: float) -> None:
        """The empty input field at the foot of the screen."""
        c, s, b = self.canv, self.scale, self.BEZEL
        c.setStrokeColor(self.kit.theme.colour("rule"))
        c.setLineWidth(0.6)
        field_h = 16 * s
        c.roundRect(b + 8 * s, y0 + b + 7 * s, self.phone_w - 2 * b - 16 * s, field_h, field_h / 2, stroke=1, fill=0)

    def _draw_bubble(self, b: _Bubble, top: float) -> None:
        c, theme = self.canv, self.kit.theme
        x, y = self.BEZEL + b.x, top - b.top - b.h
        them = b.sender == "them"
        c.setFillColor(theme.colour("bubble_them" if them else "bubble_sent"))
        c.roundRect(x, y, b.w, b.h, 7 * self.scale, stroke=0, fill=1)
        b.para.drawOn(c, x + self.pad, y + self.pad - 1)
        if b.callout is not None:
            cx = x + b.w + 10 * self.scale if them else x - 10 * self.scale
            self._badge(cx, y + b.h / 2, b.callout)
            if self.notes:
                self._leader(cx, y + b.h / 2, b.callout, top + self.BEZEL)

    def _leader(self, cx: float, cy: float, number: int, top: float) -> None:
        """A thin line from a message's badge to its note beside the phone."""
        c = self.canv
        index = [x.number for x in self.callouts].index(number)
        note_y = top - self.notes[index][0] - 8
        c.setStrokeColor(self.kit.theme.colour("accent"))
        c.setLineWidth(0.6)
        c.line(cx + 8 * self.scale, cy, self.phone_w + 4, cy)
        c.line(self.phone_w + 4, cy, self.notes_x, note_y)

    def _badge(self, cx: float, cy: float, number: int) -> None:
        badge(self.canv, self.kit, cx, cy, number, self.scale)

    def _draw_note(self, number: int, top: float, paras: list[Paragraph], H: float) -> None:
        x, y = self.notes_x, H - top
        self._badge(x + 8, y - 8, number)
        for p in paras:
            y -= p.height
            p.drawOn(self.canv, x + 24, y)
            y -= 3


def badge(canvas, kit: Kit, cx: float, cy: float, number: int, scale: float = 1.0) -> None:
    """A numbered badge; the handout's numbered explanations draw the same one."""
    theme = kit.theme
    canvas.setFillColor(theme.colour("accent"))
    canvas.circle(cx, cy, 8 * scale, stroke=0, fill=1)
    canvas.setFillColor(theme.colour("on_accent"))
    canvas.setFont(theme.style("label").fontName, 9 * scale)
    canvas.drawCentredString(cx, cy - 3.2 * scale, str(number))
