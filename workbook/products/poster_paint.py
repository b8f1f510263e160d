"""The poster's drawing helpers: one ``Painter`` per layout attempt, and the ``Band`` it builds.

In: the sheet, the canvas and one attempt's type scale and spacing. Out: paragraphs at the
poster's sizes, measured and drawn. Sizes are design sizes for A3 (``templates/theme.yaml``,
``poster.sizes``); the painter scales them for the paper and never goes under the floor.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.pagesizes import A3
from reportlab.platypus import Paragraph

from ..document import Sheet
from ..emoji import draw_emoji
from ..tagging import ROLE_OF_POSTER
from .. import measure
from ..kit import fill_to_edge

MM = 72 / 25.4
WALL = 0.9  # paper at least this share of A3's width is a wall poster (A3, Tabloid, A2)
# Read from a metre or two: on a wall poster running text gives up its spacing before it goes
# under WALL_BODY, and no text but the small print (notice, colophon) goes under WALL_MIN, until
# the words fit no other way (issue 8: median 11 pt, 95 % of the text at 9.5 pt or more).
WALL_BODY, WALL_MIN = 11.0, 9.5
# Roles that give way first when the words are long: headings, flags, quote, chat, report box.
# Running text (body), the small print and the labels keep their size until everything else has given way.
SUPPORTING = frozenset({"display", "flag", "heading", "lead", "quote", "chat", "caption", "report_title",
                        "report", "number"})


@dataclass
class Band:
    """A full-width strip of the poster: its natural height and how to draw it."""

    height: float
    draw: Callable[[float, float], None]  # (top y, height given) → draws
    grow: bool = True  # whether spare page height may be added to it


class Painter:
    """Shared measures and helpers for one layout attempt at one type scale."""

    def __init__(self, sheet: Sheet, canvas, W: float, H: float, scale: float, tight: float, squeeze: float = 1.0,
                 floor: float | None = None):
        self.sheet, self.kit, self.theme, self.c = sheet, sheet.kit, sheet.kit.theme, canvas
        self.W, self.H, self.s = W, H, scale  # s scales type (never below the floor)
        self.squeeze = squeeze  # shrinks the supporting roles only, so running text keeps its size longest
        spec = self.theme.data["poster"]
        self.sizes = {k: float(v) for k, v in spec["sizes"].items()}
        self.paper = min(W, H) / A3[0]
        self.u = self.paper * tight  # the unit of spacing: tightens before type shrinks
        self.t = self.paper * max(tight, 0.75)  # display type (the title) follows the paper
        self.lead = 1.2 + 0.1 * tight
        self.tight = tight
        self.small_floor = float(spec["min_size"])  # the small print's: the notice keeps its size on any paper
        self.floor = max(self.small_floor, floor or 0.0)  # this attempt's: a wall poster's is higher at first
        self.wall_flag = float(spec["wall_flag"])
        self.m = max(self.theme.mm("poster", "margin") * self.paper ** 0.7 * max(tight, 0.75), 7 * MM)
        self.gap = self.m * 0.9
        self.inner = W - 2 * self.m

    def size(self, role: str) -> float:
        """A role's design size (at A3) on this paper and at this attempt's scale, never below the floor."""
        floor = self.small_floor if role == "small" else self.floor
        size = max(floor, self.sizes[role] * self.s * (self.squeeze if role in SUPPORTING else 1.0))
        return max(size, self.wall_flag) if role == "flag" and self.paper >= WALL else size

    def p(self, text: str, role: str, colour: str = "ink", bold: bool = False, italic: bool = False,
          leading: float | None = None, **kw) -> Paragraph:
        face = "bolditalic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        style = {"regular": "body", "bold": "h2", "italic": "quote", "bolditalic": "quote"}[face]
        font = self.theme.style(style).fontName if face != "bolditalic" else self.theme.family + "-BoldItalic"
        pt = self.size(role)
        para = self.kit.para(text, style, fontName=font, fontSize=pt, leading=pt * (leading or self.lead),
                             textColor=self.theme.colour(colour), **kw)
        para.tag_role = ROLE_OF_POSTER.get(role, "P")  # its structure follows the poster's role, not the face
        return para

    def height(self, paras: list[Paragraph], width: float, space: float = 0) -> float:
        return sum(measure.height(q, width) for q in paras) + space * max(0, len(paras) - 1)

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
        return self.p(text.upper(), "heading", colour, bold=True, leading=1.15)

    def draw_heading(self, para: Paragraph, x: float, top: float, width: float) -> float:
        """A heading led by a red block as tall as its capitals."""
        size = para.style.fontSize
        sq = size * 0.72
        self.fill("accent", x, top - size * 0.98, sq * 1.5, sq)
        return self.stack([para], x + sq * 2.1, top, width - sq * 2.1)

    def badge(self, cx: float, cy: float, icon: str, r: float) -> None:
        """A tinted disc with a flag's emoji, beside the message the flag points at.

        The flag's own emoji, not a number, ties the two: it needs no digits in the
        edition's script and reads the same in every language.
        """
        self.c.setFillColor(self.theme.colour("panel"))
        self.c.circle(cx, cy, r, stroke=0, fill=1)
        draw_emoji(self.c, icon, self.kit.emoji_dir, cx - r * 0.68, cy - r * 0.68, r * 1.36)

    def edge(self) -> float:
        """The padding above and below a band's content at this attempt's spacing."""
        return self.m * (0.4 + 0.6 * self.tight)
