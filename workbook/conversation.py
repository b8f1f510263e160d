"""The conversation between Ad.17 and a minor: its content model and its drawing as a chat.

In: ``content/<language>/conversation.yaml`` (validated into ``Conversation``). Out: a
``Chat`` flowable that draws the messages as a messaging app would (contact bar, bubbles
left and right, sender names), optionally with numbered callout markers and a column of
callout notes tying each marked message to an indicator. Handout and spread share it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

from .content import Model, Text
from .kit import Kit


class People(Model):
    them: Text
    me: Text
    app_status: Text


class Message(Model):
    sender: Literal["them", "me"] = Field(alias="from")
    text: Text
    callout: int | None = None


class Callout(Model):
    number: int
    indicator: Literal["trust", "personal", "pressure"]
    text: Text


class Indicator(Model):
    title: Text
    text: Text


class Conversation(Model):
    people: People
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
    x: float
    top: float  # distance from the top of the flowable
    w: float
    h: float
    callout: int | None
    label: Paragraph | None


class Chat(Flowable):
    """A phone-style chat panel; with ``annotated`` it adds markers and a callout column."""

    PAD, GAP, TURN, BAR, RADIUS = 6.0, 4.0, 6.0, 28.0, 9.0

    def __init__(self, kit: Kit, talk: Conversation, annotated: bool = False, chat_share: float = 0.56,
                 max_width: float | None = None, scale: float = 1.0, brief: bool = False):
        super().__init__()
        self.kit, self.talk, self.annotated, self.max_width = kit, talk, annotated, max_width
        self.brief = brief  # notes name only the indicator (the text around the chat explains)
        self.scale = scale
        self.PAD, self.GAP, self.TURN = (v * scale for v in (self.PAD, self.GAP, self.TURN))
        self.chat_share = chat_share if annotated else 1.0

    # -- layout ---------------------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_for", None) == availWidth:  # frames ask several times; the answer is the same
            return availWidth, self.height
        self._wrapped_for = availWidth
        self.width = availWidth
        self.chat_w = min(availWidth * self.chat_share, self.max_width or availWidth)
        self.offset = 0.0 if self.annotated else (availWidth - self.chat_w) / 2
        self.bubbles = self._layout_bubbles(self.chat_w)
        chat_h = self.bubbles[-1].top + self.bubbles[-1].h + 10 if self.bubbles else self.BAR
        self.chat_h = chat_h
        self.notes = self._layout_notes(availWidth - self.chat_w - 14) if self.annotated else []
        notes_h = max((top + h for top, h, _ in self.notes), default=0)
        self.height = max(chat_h, notes_h)
        return availWidth, self.height

    def _layout_bubbles(self, width: float) -> list[_Bubble]:
        kit, theme = self.kit, self.kit.theme
        inner = width - 24
        max_w = inner * (0.74 if self.annotated else 0.7)
        marker = 22 if self.annotated else 0
        top, prev, out = self.BAR + 8, None, []
        for m in self.talk.messages:
            label = None
            if m.sender != prev:
                name = self.talk.people.them if m.sender == "them" else self.talk.people.me
                colour = theme.colour("accent") if m.sender == "them" else theme.colour("muted")
                align = 0 if m.sender == "them" else 2
                sender = theme.style("sender")
                label = kit.para(name, "sender", textColor=colour, alignment=align,
                                 fontSize=sender.fontSize * self.scale, leading=sender.leading * self.scale)
                label.wrap(inner, 20)
                top += (self.TURN if prev else 0) + label.height + 2
            bubble = theme.style("bubble")
            para = kit.para(m.text, "bubble", fontSize=bubble.fontSize * self.scale, leading=bubble.leading * self.scale)
            para.wrap(max_w - marker - 2 * self.PAD, 1000)
            text_w = max(para.getActualLineWidths0() or [0])
            w, h = text_w + 2 * self.PAD, para.height + 2 * self.PAD - 2
            x = 12 if m.sender == "them" else width - 12 - w
            out.append(_Bubble(para, m.sender, x, top, w, h, m.callout if self.annotated else None, label))
            top += h + self.GAP
            prev = m.sender
        return out

    def _layout_notes(self, width: float) -> list[tuple[float, float, list[Paragraph]]]:
        """Callout notes beside the chat, each level with its message, pushed down if crowded."""
        kit, theme = self.kit, self.kit.theme
        at = {b.callout: b.top for b in self.bubbles if b.callout is not None}
        notes, floor = [], 0.0
        for c in sorted(self.talk.callouts, key=lambda c: c.number):
            title = self.talk.indicators[c.indicator].title
            small = theme.style("small")
            paras = [kit.para(title, "h2" if self.brief else "label", textColor=theme.colour("accent"))]
            if not self.brief:
                paras.append(kit.para(c.text, "small", fontSize=small.fontSize * min(1.0, self.scale),
                                      leading=small.leading * min(1.0, self.scale)))
            h = sum(p.wrap(width - 26, 1000)[1] for p in paras) + 3
            top = max(at.get(c.number, floor), floor)
            notes.append((top, h, paras))
            floor = top + h + 8
        self.notes_x, self.notes_w = self.chat_w + 14, width
        return notes

    # -- drawing --------------------------------------------------------------------------
    def draw(self) -> None:
        c, theme = self.canv, self.kit.theme
        H = self.height
        c.saveState()
        c.translate(self.offset, 0)
        c.setFillColor(theme.colour("paper"))
        c.setStrokeColor(theme.colour("rule"))
        c.setLineWidth(0.8)
        c.roundRect(0, H - self.chat_h, self.chat_w, self.chat_h, self.RADIUS, stroke=1, fill=1)
        self._draw_bar(H)
        for b in self.bubbles:
            self._draw_bubble(b, H)
        for number, (top, h, paras) in zip(sorted(x.number for x in self.talk.callouts), self.notes):
            self._draw_note(number, top, paras, H)
        c.restoreState()

    def _draw_bar(self, H: float) -> None:
        c, kit, theme = self.canv, self.kit, self.kit.theme
        c.setFillColor(theme.colour("dark"))
        path = c.beginPath()
        r, w, y = self.RADIUS, self.chat_w, H - self.BAR
        path.moveTo(0, y)
        path.lineTo(0, H - r)
        path.arcTo(0, H - 2 * r, 2 * r, H, startAng=180, extent=-90)
        path.lineTo(w - r, H)
        path.arcTo(w - 2 * r, H - 2 * r, w, H, startAng=90, extent=-90)
        path.lineTo(w, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setFillColor(theme.colour("accent"))
        c.circle(20, H - self.BAR / 2, 9, stroke=0, fill=1)
        name = kit.para(self.talk.people.them, "sender", textColor=theme.colour("on_dark"), fontSize=9, leading=10)
        status = kit.para(self.talk.people.app_status, "footer", textColor=theme.colour("on_dark_accent"))
        name.wrap(w - 50, 20)
        status.wrap(w - 50, 20)
        name.drawOn(c, 36, H - self.BAR / 2 + 1)
        status.drawOn(c, 36, H - self.BAR / 2 - status.height)

    def _draw_bubble(self, b: _Bubble, H: float) -> None:
        c, theme = self.canv, self.kit.theme
        y = H - b.top - b.h
        if b.label is not None:
            lx = 14 if b.sender == "them" else 10
            b.label.drawOn(c, lx, y + b.h + 2)
        fill: Color = theme.colour("bubble_them" if b.sender == "them" else "bubble_me")
        c.setFillColor(fill)
        c.setStrokeColor(theme.colour("rule") if b.sender == "them" else theme.colour("muted"))
        c.setLineWidth(0.4)
        c.roundRect(b.x, y, b.w, b.h, 7, stroke=1, fill=1)
        b.para.drawOn(c, b.x + self.PAD, y + self.PAD - 1)
        if b.callout is not None:
            cx = b.x + b.w + 11 if b.sender == "them" else b.x - 11
            self._badge(cx, y + b.h / 2, b.callout)

    def _badge(self, cx: float, cy: float, number: int) -> None:
        c, theme = self.canv, self.kit.theme
        c.setFillColor(theme.colour("accent"))
        c.circle(cx, cy, 8, stroke=0, fill=1)
        c.setFillColor(theme.colour("on_accent"))
        c.setFont(theme.style("label").fontName, 9)
        c.drawCentredString(cx, cy - 3.2, str(number))

    def _draw_note(self, number: int, top: float, paras: list[Paragraph], H: float) -> None:
        c, theme = self.canv, self.kit.theme
        x, y = self.notes_x, H - top
        self._badge(x + 8, y - 8, number)
        for p in paras:
            y -= p.height
            p.drawOn(c, x + 24, y)
            y -= 3
        c.setStrokeColor(theme.colour("rule"))
