"""The handout: the Student Digital Safety Guide, every section of seed 000 in order.

In: ``handout.yaml`` (sections of typed blocks), the conversation, the common words and
the edition's services. Out: a multi-page PDF with a title band, headings that become
bookmarks, and the notice and page number in the footer of every page.

Set for reading, on any paper: the text column is as wide as the theme's measure (about 72
characters of body text) and centred, so lines stay readable on A4 and Letter and fill the
column on small pages; a heading keeps with what follows; and the pages are filled, not
left with empty bands: the flow is tried with a few spacings and the first whose pages all
end near their footer (and whose last page is at least half full) wins.
"""
from __future__ import annotations

from io import BytesIO
from typing import Literal

from pydantic import model_validator
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from ..content import Model, Text
from ..editorial import Editorial
from ..project import ServiceId, VideoId
from ..conversation import Conversation
from ..document import Composed, LocatedDoc, Sheet, footer_hook
from ..kit import fill_to_edge, plain
from ..theme import page_size
from . import paging
from .handout_blocks import BUILDERS, chat

KINDS = ("text", "points", "quote", "chat", "indicators", "terms", "box", "videos", "helplines", "services", "link",
         "callouts", "reveal")
MEASURE_SAMPLE = "Online grooming of children for sexual exploitation is a growing problem worldwide, "


class Term(Model):
    term: Text
    text: Text


class Block(Editorial):
    """One block of a section: exactly one kind key (``source`` only goes with ``quote``)."""

    text: Text | None = None
    points: list[Text] | None = None
    quote: Text | None = None
    source: Text | None = None
    chat: Literal["plain", "annotated"] | None = None
    indicators: Literal[True] | None = None
    terms: list[Term] | None = None
    box: Text | None = None
    videos: list[VideoId] | None = None
    helplines: Literal[True] | None = None
    services: list[ServiceId] | None = None
    link: Text | None = None
    callouts: Literal[True] | None = None
    reveal: Literal[True] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Block":
        kinds = [k for k in KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"a block needs exactly one of {', '.join(KINDS)} (found {', '.join(kinds) or 'none'})")
        if self.source is not None and self.quote is None:
            raise ValueError("source: goes only with quote:")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)


class Section(Editorial):
    id: str
    title: Text
    blocks: list[Block]


class Handout(Model):
    title: Text
    kicker: Text
    sections: list[Section]


class Heading(Flowable):
    """A section heading: a red square and the title; it becomes a bookmark."""

    def __init__(self, sheet: Sheet, title: str, level: int = 0):
        super().__init__()
        self.title, self.level = title, level
        self.para = sheet.kit.para(title, "h1")
        self.colour = sheet.kit.theme.colour("accent")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, h = self.para.wrap(availWidth - 18, availHeight)
        self.height = h + 4
        return availWidth, self.height

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        top = self.height - 4
        self.canv.rect(0, top - 13, 11, 11, stroke=0, fill=1)
        self.para.drawOn(self.canv, 18, 4)


class _Doc(LocatedDoc):
    """Records each heading's page (for the workbook's bookmarks) and how far down each page is filled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outline: list[tuple[str, int, int]] = []
        self.placed = paging.Placement()

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.frame is not None:
            self.placed.record(self.page - 1, self.frame._y, flowable)
        if isinstance(flowable, Heading):
            key = f"s{len(self.outline)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(plain(flowable.title), key, level=flowable.level)
            self.outline.append((plain(flowable.title), flowable.level, self.page - 1))


VARIANTS = ("print", "gray")
WORDS = {"handout": Handout, "conversation": Conversation}
# (spacing between blocks, phone size) tried in turn until the last page is at least half full
TUNINGS = ((1.0, 1.0), (1.0, 1.1), (1.2, 1.0), (0.8, 0.95))  # few: each is a whole build


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    """The guide on the edition's handout paper."""
    return {"handout": layout(sheet, words["handout"], words["conversation"])}


def layout(sheet: Sheet, handout: Handout, talk: Conversation) -> Composed:
    """Lay out the guide with its pages filled: no empty bands, a last page at least half full.

    The first tuning (spacing, phone size) whose last page is full enough wins (else the
    best); a second build then grows the spaces of every other page to close its foot.
    The workbook calls this too, with its own page numbering; any paper works: the column
    and the title band are derived from the page size, the theme's margins and its measure.
    """
    best: tuple[float, Composed] | None = None
    for spacing, phone in TUNINGS:
        composed, placed, frame = _build(sheet, handout, talk, spacing, phone, {})
        short = paging.last_page_short(placed, *frame)
        if short <= 0:
            composed, placed = _filled(sheet, handout, talk, spacing, phone, composed, placed, frame)
            short = paging.shortfall(placed, *frame)
            if short <= 0:
                return composed
        if best is None or short < best[0]:
            best = (short, composed)
    return best[1]


def _filled(sheet: Sheet, handout: Handout, talk: Conversation, spacing: float, phone: float, composed: Composed,
            placed: paging.Placement, frame: tuple) -> tuple[Composed, paging.Placement]:
    """The same layout with each page's spaces grown to close its foot (unchanged if a break would move)."""
    extra = paging.stretch(placed, *frame)
    if not extra:
        return composed, placed
    filled, again, _ = _build(sheet, handout, talk, spacing, phone, extra, paging.slack(placed, extra))
    same = again.pages == placed.pages and again.content == placed.content  # no block moved to another page
    return (filled, again) if same else (composed, placed)


def column(sheet: Sheet, size: tuple[float, float]) -> tuple[float, float]:
    """Left edge and width of the text column: the theme's measure of body text, centred, at most the frame."""
    theme = sheet.kit.theme
    left, right = theme.mm("page", "margin", "left"), theme.mm("page", "margin", "right")
    frame = size[0] - left - right
    body = theme.style("body")
    per_char = stringWidth(MEASURE_SAMPLE, body.fontName, body.fontSize) / len(MEASURE_SAMPLE)
    width = min(frame, theme.data.get("handout", {}).get("measure", 72) * per_char)
    return left + (frame - width) / 2, width


def _build(sheet: Sheet, handout: Handout, talk: Conversation, spacing: float, phone: float,
           extra: dict[int, float], slack: dict[int, float] | None = None) -> tuple[Composed, paging.Placement, tuple[float, list[float]]]:
    """One layout: the document, where its flow went, and its frames' foot and heights."""
    theme = sheet.kit.theme
    size = page_size(sheet.edition.paper.handout)
    top, bottom = theme.mm("page", "margin", "top"), theme.mm("page", "margin", "bottom")
    x, w = column(sheet, size)
    out = BytesIO()
    doc = _Doc(out, pagesize=size, leftMargin=x, rightMargin=size[0] - x - w, topMargin=top, bottomMargin=bottom,
               **sheet.doc_settings("handout"))
    band = _band_height(size)
    h = size[1] - top - bottom
    first_h = h - band + top - 6 * mm
    frames = [Frame(x, bottom, w, fh, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for name, fh in (("first", first_h), ("later", h))]
    hook = footer_hook(sheet)

    def first_page(canvas, d):
        _draw_band(canvas, sheet, handout, size, band, x)

    # the footer is drawn as each page ends, so that it is read after the page's content
    doc.addPageTemplates([PageTemplate("first", [frames[0]], onPage=first_page, onPageEnd=hook,
                                       autoNextPageTemplate="later"),
                          PageTemplate("later", [frames[1]], onPageEnd=hook)])
    gaps = _Gaps(spacing, extra, slack or {})
    story = []
    for section in handout.sections:
        story += _section(sheet, section, talk, w, gaps, phone)
    legal = sheet.kit.para(sheet.common.copyright, "footer", textColor=theme.colour("muted"))
    legal.tag_lang = sheet.legal_lang
    story += [gaps(10), legal]
    doc.build(story, canvasmaker=sheet.canvasmaker())
    heights = [first_h] + [h] * (doc.page - 1)
    return Composed(out.getvalue(), doc.page, doc.outline, tags=doc.canv.tagger.root), doc.placed, (bottom, heights)


class _Gaps:
    """Numbered spaces at one spacing, each grown by the extra a filling pass asks for."""

    def __init__(self, spacing: float, extra: dict[int, float], slack: dict[int, float]):
        self.spacing, self.extra, self.slack, self.count = spacing, extra, slack, 0

    def keep(self, height: float) -> paging.Keep:
        self.count += 1
        return paging.Keep(height, self.count, self.slack.get(self.count, 0.0))

    def __call__(self, height: float) -> paging.Gap:
        self.count += 1
        return paging.Gap(height * self.spacing, self.count, self.extra.get(self.count, 0.0))


def _section(sheet: Sheet, section: Section, talk: Conversation, width: float, gaps: "_Gaps",
             phone: float) -> list[Flowable]:
    heading = Heading(sheet, section.title)
    body: list[Flowable] = []
    for block in section.blocks:
        made = chat(sheet, block, talk, width, phone) if block.kind == "chat" else BUILDERS[block.kind](sheet, block, talk, width)
        body += made + [gaps(7)]
    keep = heading.wrap(width, 1000)[1] + 6 * gaps.spacing + _keep_height(body[0], width)
    return [gaps.keep(keep), heading, Spacer(1, 6 * gaps.spacing), *body, gaps(10)]


def _keep_height(flowable: Flowable, width: float) -> float:
    """How much of a heading's first block must share its page: three lines of text, or all of a figure."""
    _, h = flowable.wrap(width, 10_000)
    if isinstance(flowable, Paragraph):
        return min(h, 3 * flowable.style.leading + 1)
    rows = getattr(flowable, "_rowHeights", None)
    if rows and len(rows) > 1:
        return min(h, rows[0] + 1)
    return h * getattr(flowable, "min_scale", 1.0)


def _band_height(size: tuple[float, float]) -> float:
    return size[1] * 0.16


def _draw_band(canvas, sheet: Sheet, handout: Handout, size: tuple[float, float], band: float, left: float) -> None:
    """The title band across the top of page 1 (bleeds off the top and sides); its words align with the column."""
    kit, theme = sheet.kit, sheet.kit.theme
    canvas.saveState()
    fill_to_edge(kit, canvas, "band", 0, size[1] - band, size[0], band, size)
    kicker = kit.para(handout.kicker.upper(), "label", textColor=theme.colour("on_band"))
    title = kit.fit(handout.title, "title", size[0] - 2 * left, band * 0.55,
                    textColor=theme.colour("on_band"), fontSize=30, leading=33)
    kicker.wrap(size[0] - 2 * left, 20)
    _, th = title.wrap(size[0] - 2 * left, band)
    y = size[1] - band + (band - th - kicker.height - 8) / 2
    title.drawOn(canvas, left, y)
    kicker.drawOn(canvas, left, y + th + 8)
    canvas.setFillColor(theme.colour("on_band"))
    canvas.rect(left, y - title.style.fontSize * 0.4, 60, 3, stroke=0, fill=1)
    canvas.restoreState()


