"""The handout: the Student Digital Safety Guide, every section of seed 000 in order.

In: ``handout.yaml`` (sections of typed blocks), the conversation, the common words and
the edition's services. Out: a multi-page PDF with a title band, headings that become
bookmarks, and the notice and page number in the footer of every page.
"""
from __future__ import annotations

from io import BytesIO
from typing import Literal

from pydantic import model_validator
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle)

from ..content import LocStr, Model, Text, where_of
from ..project import ServiceId, VideoId
from ..conversation import Chat, Conversation
from ..document import Composed, Sheet, footer_hook
from ..kit import bullet_list, fill_to_edge, panels, plain, qr_card, upper
from ..theme import page_size

KINDS = ("text", "points", "quote", "chat", "indicators", "terms", "box", "videos", "helplines", "services", "link")


class Term(Model):
    term: Text
    text: Text


class Block(Model):
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


class Section(Model):
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


class _Doc(BaseDocTemplate):
    """Records each heading's page so the workbook can bookmark it after merging."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outline: list[tuple[str, int, int]] = []

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = f"s{len(self.outline)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(plain(flowable.title), key, level=flowable.level)
            self.outline.append((plain(flowable.title), flowable.level, self.page - 1))


VARIANTS = ("print", "gray")
WORDS = {"handout": Handout, "conversation": Conversation}


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    """The guide on the edition's handout paper."""
    return {"handout": layout(sheet, words["handout"], words["conversation"])}


def layout(sheet: Sheet, handout: Handout, talk: Conversation) -> Composed:
    """Lay out the guide; the workbook calls this too, with its own page numbering."""
    theme = sheet.kit.theme
    size = page_size(sheet.edition.paper.handout)
    margin = {k: theme.mm("page", "margin", k) for k in ("top", "bottom", "left", "right")}
    out = BytesIO()
    doc = _Doc(out, pagesize=size, leftMargin=margin["left"], rightMargin=margin["right"],
               topMargin=margin["top"], bottomMargin=margin["bottom"], **sheet.doc_settings("handout"))
    band = _band_height(size)
    w, h = size[0] - margin["left"] - margin["right"], size[1] - margin["top"] - margin["bottom"]
    first = Frame(margin["left"], margin["bottom"], w, h - band + margin["top"] - 6 * 2.835, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(margin["left"], margin["bottom"], w, h, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    hook = footer_hook(sheet)

    def first_page(canvas, d):
        _draw_band(canvas, sheet, handout, size, band)
        hook(canvas, d)

    doc.addPageTemplates([PageTemplate("first", [first], onPage=first_page, autoNextPageTemplate="later"),
                          PageTemplate("later", [later], onPage=hook)])
    story = []
    for section in handout.sections:
        story += _section(sheet, section, talk, w)
    story += [Spacer(1, 10), sheet.kit.para(sheet.common.copyright, "footer", textColor=theme.colour("muted"))]
    doc.build(story, canvasmaker=sheet.canvasmaker())
    return Composed(out.getvalue(), doc.page, doc.outline)


def _band_height(size: tuple[float, float]) -> float:
    return size[1] * 0.16


def _draw_band(canvas, sheet: Sheet, handout: Handout, size: tuple[float, float], band: float) -> None:
    """The title band across the top of page 1 (bleeds off the top and sides)."""
    kit, theme = sheet.kit, sheet.kit.theme
    left = theme.mm("page", "margin", "left")
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


def _section(sheet: Sheet, section: Section, talk: Conversation, width: float) -> list[Flowable]:
    heading = Heading(sheet, section.title)
    flow: list[Flowable] = [CondPageBreak(90), heading, Spacer(1, 6)]
    for block in section.blocks:
        flow += _block(sheet, block, talk, width)
    flow.append(Spacer(1, 10))
    return flow


def _block(sheet: Sheet, block: Block, talk: Conversation, width: float) -> list[Flowable]:
    """One content block → flowables; each kind has its own small builder below."""
    return _BUILDERS[block.kind](sheet, block, talk, width) + [Spacer(1, 7)]


def _text(sheet, block, talk, width):
    return [sheet.kit.para(block.text, "body")]


def _link(sheet, block, talk, width):
    return [sheet.kit.para(block.link, "lead")]


def _points(sheet, block, talk, width):
    return [_bullets(sheet, block.points)]


def _bullets(sheet: Sheet, items: list[str]) -> Table:
    return bullet_list(sheet.kit, [sheet.kit.para(t, "body") for t in items])


def _terms(sheet, block, talk, width):
    return [_bullets(sheet, [f"**{t.term}:** {t.text}" for t in block.terms])]


def _box(sheet, block, talk, width):
    theme = sheet.kit.theme
    return [_panel(sheet, [sheet.kit.para(block.box, "lead")], width, theme.colour("panel"))]


def _panel(sheet: Sheet, content: list[Flowable], width: float, fill, bar=True) -> Table:
    theme = sheet.kit.theme
    t = Table([[content]], colWidths=[width])
    style = [("BACKGROUND", (0, 0), (-1, -1), fill), ("LEFTPADDING", (0, 0), (-1, -1), 12),
             ("RIGHTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 9),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]
    if bar:
        style.append(("LINEBEFORE", (0, 0), (0, -1), 4, theme.colour("accent")))
    t.setStyle(TableStyle(style))
    return t


def _quote(sheet, block, talk, width):
    kit, theme = sheet.kit, sheet.kit.theme
    mark = kit.para("“", "display", textColor=theme.colour("accent"))
    words = [kit.para(block.quote, "quote"), Spacer(1, 3),
             kit.para(block.source or "", "small", textColor=theme.colour("accent"), fontName=theme.style("label").fontName)]
    t = Table([[mark, words]], colWidths=[34, width - 34])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return [t]


def _chat(sheet, block, talk, width):
    annotated = block.chat == "annotated"
    share = sheet.kit.theme.data["page"]["chat"]  # of the text width; more on small pages
    chat = Chat(sheet.kit, talk, annotated=annotated, max_width=None if annotated else width * share["plain"],
                brief=True, chat_share=share["annotated"])
    return [KeepTogether([chat])]


def _indicators(sheet, block, talk, width):
    kit, theme = sheet.kit, sheet.kit.theme
    cells = [[kit.para(i.title, "h2", textColor=theme.colour("accent")), Spacer(1, 4), kit.para(i.text, "body")]
             for i in talk.indicators.values()]
    return [panels(kit, cells, width)]


def _videos(sheet, block, talk, width):
    cards = []
    for vid in block.videos:
        link, words = sheet.links.videos[vid], sheet.common.videos[vid]
        cards.append(qr_card(sheet.kit, link.url, link.short,
                             [(words.title, "h2"), (words.subtitle, "body"), (sheet.common.scan, "small")], width / 2 - 10))
    return [_row(cards, width)]


def _services(sheet, block, talk, width):
    cards = []
    for sid in block.services:
        link, words = sheet.links.services[sid], sheet.common.services[sid]
        cards.append(qr_card(sheet.kit, link.url, link.short, [(words.name, "h2"), (words.provider, "small")], width / 2 - 10))
    return [_row(cards, width)]


def _row(cells: list[Flowable], width: float) -> Table:
    cols = max(2, len(cells))
    t = Table([cells + [""] * (cols - len(cells))], colWidths=[width / cols] * cols)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _helplines(sheet, block, talk, width):
    kit, theme = sheet.kit, sheet.kit.theme
    rows = []
    for h in [*sheet.region.helplines, sheet.region.emergency]:
        label = h.short or h.name
        if h is sheet.region.emergency:
            label = sheet.common.emergency_label
        about = LocStr(" · ".join(x for x in (h.name, h.purpose) if x and x != label), where_of(h.name))
        label_w = width * 0.22 - 18  # the column less its padding
        rows.append([kit.fit(upper(label), "label", label_w, theme.style("label").leading * 4,
                             textColor=theme.colour("on_tile")),
                     kit.fit(h.number, "number", width * 0.3 - 18, theme.style("number").leading * 2),
                     kit.fit(about, "small", width * 0.48 - 18, theme.style("small").leading * 6)])
    t = Table(rows, colWidths=[width * 0.22, width * 0.3, width * 0.48])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (0, -1), theme.colour("tile")),
                           ("BACKGROUND", (1, 0), (-1, -1), theme.colour("panel_alt")),
                           ("LINEBELOW", (0, 0), (-1, -2), 2, theme.colour("paper")),
                           ("LEFTPADDING", (0, 0), (-1, -1), 9), ("TOPPADDING", (0, 0), (-1, -1), 7),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [kit.para(sheet.common.helplines_title, "h2"), Spacer(1, 5), t]


_BUILDERS = {"text": _text, "points": _points, "quote": _quote, "chat": _chat, "indicators": _indicators,
             "terms": _terms, "box": _box, "videos": _videos, "helplines": _helplines, "services": _services,
             "link": _link}
