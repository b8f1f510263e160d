"""The Red Flags poster (seed 001) on one page, on any paper size.

In: ``poster.yaml``, the conversation, the common words and the edition's services. Out: a
one-page PDF. The page is a stack of full-width bands (flags with an excerpt of the chat,
exploitation, communication + QR, tips, report, notice). Each band measures its words at a
type scale; the scale starts from the paper's width (the design sizes in the theme are for
A3, a wall poster), spacing tightens first and type steps down only when it must, until the
stack fits the page; spare height is then shared out as breathing room. Fixed boxes (the
flag cards) fit their text or fail with a content error; nothing is clipped.
"""
from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, model_validator
from reportlab.lib.pagesizes import A3

from ..content import Model, Text, where_of
from ..conversation import Conversation
from ..document import Composed, Sheet, new_canvas
from ..errors import ContentError
from ..kit import plain
from ..project import VideoId
from ..qr import drawn_boxes
from ..theme import PAPERS, page_size
from .poster_bands import communication_band, exploitation_band, notice_band, report_band, tips_band
from .poster_paint import WALL, WALL_BODY, WALL_MIN, Band, Painter
from .poster_top import flags_band


class Flag(Model):
    icon: Text
    alt: Text  # what the emoji shows, for screen readers
    label: Text
    message: int = Field(ge=1)  # the message it points at: its number in conversation.yaml, counting from 1
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
    excerpt: list[int] = Field(min_length=1)  # the messages of conversation.yaml shown, by number from 1
    flags: list[Flag]
    exploitation: Exploitation
    video: Video
    communication: Titled
    tips: Tips
    report: Report

    @model_validator(mode="after")
    def _flags_point_into_the_excerpt(self) -> "Poster":
        if sorted(set(self.excerpt)) != list(self.excerpt):
            raise ValueError(f"excerpt {list(self.excerpt)}: list each message once, in the conversation's order")
        outside = [f.message for f in self.flags if f.message not in self.excerpt]
        if outside:
            raise ValueError(f"flags point at messages {outside}, which the excerpt {list(self.excerpt)} does not show")
        return self


VARIANTS = ("print", "gray", "tiles")
WORDS = {"poster": Poster, "conversation": Conversation}
TIGHTEST = 0.3  # spacing compresses down to this share of its A3 design
LOOSEST_TYPE = 0.6  # spacing tightens to this share before the type itself steps down
DESK_SQUEEZE = 0.55  # on desk paper (A4, Letter) the hierarchy may compress further, down to the 9 pt floor
SQUEEZE = 0.87  # headings, flags, quote and chat shrink to this share before running text does (A3 flags: 21 → 18.3 pt)


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    size = page_size(sheet.edition.paper.poster)
    return {"poster": layout(sheet, words["poster"], size, words.get("conversation"))}


def layout(sheet: Sheet, poster: Poster, size: tuple[float, float], talk: Conversation | None = None) -> Composed:
    """Find the largest type scale at which every band fits the page, then draw."""
    canvas, out = new_canvas(sheet, "poster", size)
    W, H = size
    try:
        bands, needed = _fit(sheet, poster, talk, canvas, size)
    except ContentError:
        if talk is None:
            raise
        bands, needed = _fit(sheet, poster, None, canvas, size)  # small paper: the flags without the chat
        sheet.kit.warn(where_of(poster.title), f"the chat excerpt was left out of the {_paper_name(size)} poster: "
                       f"with it the words do not fit at {sheet.kit.theme.data['poster']['min_size']} pt")
    spare = (H - needed) / max(1, sum(b.grow for b in bands))
    top = H
    for band in bands:
        h = band.height + (spare if band.grow else 0)
        band.draw(top, h)
        top -= h
    canvas.showPage()
    canvas.save()
    return Composed(out.getvalue(), 1, [(plain(poster.title), 0, 0)], keep_whole=drawn_boxes(canvas),
                    tags=canvas.tagger.root)


def _fit(sheet: Sheet, poster: Poster, talk: Conversation | None, canvas,
         size: tuple[float, float]) -> tuple[list[Band], float]:
    """The bands at the first attempt (in the order the poster gives way) whose stack fits the page."""
    W, H = size
    floor = float(sheet.kit.theme.data["poster"]["min_size"])
    body = float(sheet.kit.theme.data["poster"]["sizes"]["body"])
    least, box_error = float("inf"), None  # the smallest height any attempt needed, for the message if none fits
    for scale, tight, squeeze, least_type in _attempts(size, body, floor):
        try:
            bands = _bands(Painter(sheet, canvas, W, H, scale, tight, squeeze, least_type), poster, talk)
            needed = sum(b.height for b in bands)
            least = min(least, needed)
        except ContentError as exc:  # a fixed box (a flag) too small at this scale: try a tighter one
            needed, box_error = float("inf"), exc
        if needed <= H:
            return bands, needed
    if least == float("inf"):
        raise box_error
    raise ContentError(getattr(poster.tips.title, "where", "poster"),
                       f"the poster's words need {least / H:.0%} of the {_paper_name(size)} page at "
                       f"{floor:g} pt, the smallest size allowed; shorten the longest texts (tips, "
                       f"definition) or choose a larger poster paper in content/editions.yaml")


def _attempts(size: tuple[float, float], body: float, floor: float) -> Iterator[tuple[float, float, float, float]]:
    """(type scale, spacing, squeeze of the supporting roles, smallest type) in the order the poster gives way.

    Spacing first (to 60 %). On a wall poster then the supporting roles (headings, flags,
    quote, chat), the type down to wall size, the rest of the spacing, and only last the type
    down to the floor; on desk paper the type goes to the floor first, then the spacing, then
    the supporting roles (down further, to ``DESK_SQUEEZE``).
    """
    W, H = size
    s, t, q = (min(W, H) / A3[0]) ** 0.5, 1.0, 1.0
    wall = min(W, H) >= WALL * A3[0]
    least = WALL_MIN if wall else floor
    yield s, t, q, least
    while t > LOOSEST_TYPE:
        t = max(LOOSEST_TYPE, t * 0.9)
        yield s, t, q, least
    steps = (("q", SQUEEZE), ("s", WALL_BODY), ("t", TIGHTEST), ("floor", 0), ("s", floor)) if wall else (
        ("s", floor), ("t", TIGHTEST), ("q", DESK_SQUEEZE))
    for what, to in steps:
        if what == "floor":
            least = floor
        while what == "q" and q > to:
            q = max(to, q * 0.95)
            yield s, t, q, least
        while what == "s" and body * s > to + 1e-6:
            s = max(to / body, s * 0.975)
            yield s, t, q, least
        while what == "t" and t > to:
            t = max(to, t * 0.9)
            yield s, t, q, least


def _paper_name(size: tuple[float, float]) -> str:
    return next((name for name in PAPERS if page_size(name) == size), f"{size[0]:.0f}×{size[1]:.0f} pt")


def _bands(pt: Painter, poster: Poster, talk: Conversation | None) -> list[Band]:
    return [flags_band(pt, poster, talk), exploitation_band(pt, poster), communication_band(pt, poster),
            tips_band(pt, poster), report_band(pt, poster), notice_band(pt)]
