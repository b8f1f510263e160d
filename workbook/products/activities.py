"""The workbook's activity pages: content turned into things a student writes in or ticks.

In: ``activities.yaml`` (headings and instructions), the conversation, the poster's red
flags, the definitions chosen in ``course.yaml`` and the handout's safety tips. Out: the
flowables of each activity, for any text width (A4, Letter, the booklet's A5): writing lines
and boxes sized for handwriting (the theme's ``activities`` measures, at least 8 mm a line).
Which activity goes with which lesson follows the lesson's answer key (``FOR_KEY``).
"""
from __future__ import annotations

from pydantic import Field
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..content import Model, Text
from ..conversation import Chat
from ..document import Sheet
from ..editorial import Editorial
from ..kit import plain
from . import course

# Which activities a lesson carries, by the kind of its answer key (course.yaml `answers`).
FOR_KEY = {"callouts": ("odd",), "flags": ("flags",), "terms": ("terms",), "tips": ("privacy",),
           "helplines": ("adults", "plan")}


class Cover(Model):
    kicker: Text
    title: Text
    name: Text
    class_: Text = Field(alias="class")


class Activity(Model):
    title: Text
    text: Text


class Adults(Activity):
    name: Text
    reach: Text
    count: int = Field(default=3, ge=1, le=6)


class Plan(Activity):
    prompts: list[Text] = Field(min_length=1)


class Labels(Model):
    lesson: Text  # {{ number }}: the lesson's number (rendered at layout time)


class Activities(Editorial):
    cover: Cover
    contents: Text
    labels: Labels
    odd: Activity
    flags: Activity
    terms: Activity
    privacy: Activity
    adults: Adults
    plan: Plan
    help_title: Text


class Lines(Flowable):
    """Ruled lines to write on, ``pitch`` apart (a handwritten line needs 8 mm at least).

    With ``fill`` there are as many as the rest of the page holds, ``count`` at least
    (fewer room and they start the next page).
    """

    def __init__(self, count: int, pitch: float, colour, indent: float = 0, fill: bool = False):
        super().__init__()
        self.count, self.pitch, self.colour, self.indent, self.fill = count, pitch, colour, indent, fill
        self.least = count

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        if self.fill:
            self.count = max(self.least, min(30, int(availHeight // self.pitch)))
        return availWidth, self.count * self.pitch

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            y = i * self.pitch
            self.canv.line(self.indent, y, self.width, y)


class Box(Flowable):
    """An empty square to tick or to write a number in."""

    def __init__(self, size: float, colour):
        super().__init__()
        self.size, self.colour = size, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def measures(sheet: Sheet) -> tuple[float, float]:
    """(line pitch, box size) in points, from the theme (``activities``), at least 8 mm a line."""
    spec = sheet.kit.theme.data.get("activities") or {}
    return max(8.0, float(spec.get("line_pitch", 9))) * mm, float(spec.get("box", 6)) * mm


def activity(sheet: Sheet, words: dict, name: str, width: float) -> list[Flowable]:
    """One activity's heading, instructions and the things to fill in."""
    acts: Activities = words["activities"]
    make = {"odd": _odd, "flags": _flags, "terms": _terms, "privacy": _privacy, "adults": _adults, "plan": _plan}[name]
    words_of = getattr(acts, name)
    kit, theme = sheet.kit, sheet.kit.theme
    title = kit.para(words_of.title, "h1", textColor=theme.colour("accent"))
    title.outline_title, title.outline_level = plain(words_of.title), 1  # a bookmark under its lesson
    head = [title, Spacer(1, 4),
            kit.para(words_of.text, "lead"), Spacer(1, 10)]
    body = make(sheet, words, width)
    return [KeepTogether(head + body[:1]), *body[1:]]


def _odd(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    pitch, _ = measures(sheet)
    talk = words["conversation"]
    share = sheet.kit.theme.data["page"]["chat"]["plain"]
    return [Chat(sheet.kit, talk, max_width=width * share, splits="tall"), Spacer(1, 12),
            Lines(4, pitch, sheet.kit.theme.colour("rule"), fill=True)]


def _rows(sheet: Sheet, rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.5, sheet.kit.theme.colour("rule"))]))
    return table


def _flags(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    """The red flags by their labels; the messages they point to, each with a box for a flag's number."""
    kit, theme = sheet.kit, sheet.kit.theme
    _, box = measures(sheet)
    flags = words["poster"].flags
    listing = [[kit.para(f.label, "label", textColor=theme.colour("accent")), kit.para(f.text, "body")] for f in flags]
    numbers = sorted({f.message for f in flags})
    messages = [[Box(box * 2, theme.colour("ink")), kit.para(course.message(words["conversation"], n), "body")]
                for n in numbers]
    return [_rows(sheet, listing, [0.3 * width, 0.7 * width]), Spacer(1, 14),
            _rows(sheet, messages, [box * 2 + 10, width - box * 2 - 10])]


def _terms(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    """The words numbered; their meanings in another order (each moved on by one), each with a box."""
    kit, theme = sheet.kit, sheet.kit.theme
    _, box = measures(sheet)
    pairs = course.terms(words)
    listing = [[kit.para(f"**{i}**", "h2", textColor=theme.colour("accent")), kit.para(f"**{term}**", "lead")]
               for i, (term, _) in enumerate(pairs, 1)]
    meanings = [text for _, text in pairs]
    meanings = meanings[1:] + meanings[:1]
    rows = [[Box(box, theme.colour("ink")), kit.para(text, "body")] for text in meanings]
    return [_rows(sheet, listing, [24, width - 24]), Spacer(1, 14), _rows(sheet, rows, [box + 10, width - box - 10])]


def _privacy(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    _, box = measures(sheet)
    rows = [[Box(box, theme.colour("ink")), kit.para(tip, "body")] for tip in course.tips(words)]
    table = _rows(sheet, rows, [box + 10, width - box - 10])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (0, -1), "TOP")]))
    return [table]


def _adults(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    """A row per trusted adult: who, and how to reach them, on lines to write on."""
    kit, theme = sheet.kit, sheet.kit.theme
    pitch, _ = measures(sheet)
    adults = words["activities"].adults
    rows = [[kit.para(adults.name, "label", textColor=theme.colour("accent")),
             kit.para(adults.reach, "label", textColor=theme.colour("accent"))]]
    rows += [["", ""] for _ in range(adults.count)]
    table = Table(rows, colWidths=[width * 0.45, width * 0.55], rowHeights=[None] + [pitch * 1.5] * adults.count)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEBELOW", (0, 1), (0, -1), 0.6, theme.colour("rule")),
                               ("LINEBELOW", (1, 1), (1, -1), 0.6, theme.colour("rule")),
                               ("RIGHTPADDING", (0, 0), (0, -1), 14)]))
    return [table]


def _plan(sheet: Sheet, words: dict, width: float) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    pitch, _ = measures(sheet)
    out: list[Flowable] = []
    for prompt in words["activities"].plan.prompts:
        out += [KeepTogether([kit.para(prompt, "h2"), Spacer(1, 2), Lines(3, pitch, theme.colour("rule"))]),
                Spacer(1, 8)]
    return out
