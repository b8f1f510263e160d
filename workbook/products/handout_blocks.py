"""The handout's blocks: one small builder per kind of block, each content → flowables.

In: a ``Block`` of ``handout.yaml``, the conversation, the sheet and the text column's
width. Out: ReportLab flowables. Running text is set for reading: no widows or orphans,
and the last two words of a paragraph bound so that no paragraph ends on a lone word.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..content import LocStr, where_of
from ..conversation import Chat, badge
from ..document import Sheet
from ..tagging import ARTIFACT
from ..tagging_draw import structured
from ..blocks import bullet_list, panels, qr_card
from ..kit import upper
from ..shaping import needs_shaping

NBSP = "\u00a0"


def bind_last_words(text: str, chain: tuple[str, ...]) -> str:
    """The text with its last space made a no-break space: the last line has two words at least.

    Khmer (shaped text) is broken into lines by our own code in ``shaping.py``, which binds
    its last two words itself; ReportLab would turn its U+200B into visible spaces if a
    no-break space appeared in it.
    """
    body = str(text).rstrip()
    cut = body.rfind(" ")
    if cut <= 0 or needs_shaping(body, chain) or NBSP in body:
        return text
    tail = body[cut + 1:]
    if len(tail.strip("*.,;:!?)")) > 24:  # a long last word: binding it would leave a gap
        return text
    bound = body[:cut] + NBSP + tail
    return LocStr(bound, text.where) if isinstance(text, LocStr) else bound


def reading(sheet: Sheet, text: str, style: str, **overrides):
    """A paragraph of running text: last words bound, never one line alone at a page's top or foot."""
    return sheet.kit.para(bind_last_words(text, sheet.kit.theme.chain), style, allowWidows=0, allowOrphans=0, **overrides)


def _text(sheet, block, talk, width):
    return [reading(sheet, block.text, "body")]


def _link(sheet, block, talk, width):
    return [reading(sheet, block.link, "lead")]


def _points(sheet, block, talk, width):
    return [_bullets(sheet, block.points)]


def _bullets(sheet: Sheet, items: list[str]) -> Table:
    return bullet_list(sheet.kit, [reading(sheet, t, "body") for t in items])


def _terms(sheet, block, talk, width):
    return [_bullets(sheet, [LocStr(f"**{t.term}:** {t.text}", where_of(t.text)) for t in block.terms])]


def _box(sheet, block, talk, width):
    theme = sheet.kit.theme
    return [panel(sheet, [reading(sheet, block.box, "lead")], width, theme.colour("panel"))]


def panel(sheet: Sheet, content: list[Flowable], width: float, fill, bar: str | None = "accent") -> Table:
    theme = sheet.kit.theme
    t = Table([[content]], colWidths=[width])
    style = [("BACKGROUND", (0, 0), (-1, -1), fill), ("LEFTPADDING", (0, 0), (-1, -1), 12),
             ("RIGHTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 9),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]
    if bar:
        style.append(("LINEBEFORE", (0, 0), (0, -1), 4, theme.colour(bar)))
    t.setStyle(TableStyle(style))
    return t


def _reveal(sheet, block, talk, width):
    """Who Ad.17 really is: the turn of the guide, so a dark band in large type, not a prompt box."""
    kit, theme = sheet.kit, sheet.kit.theme
    h1 = theme.style("h1")
    words = kit.para(bind_last_words(talk.reveal, theme.chain), "h1", textColor=theme.colour("on_dark"),
                     fontSize=h1.fontSize * 1.1, leading=h1.leading * 1.1)
    t = Table([[words]], colWidths=[width])
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), theme.colour("dark")),
                           ("LINEBEFORE", (0, 0), (0, -1), 6, theme.colour("accent")),
                           ("LEFTPADDING", (0, 0), (-1, -1), 18), ("RIGHTPADDING", (0, 0), (-1, -1), 18),
                           ("TOPPADDING", (0, 0), (-1, -1), 16), ("BOTTOMPADDING", (0, 0), (-1, -1), 18)]))
    return [Spacer(1, 4), t]


class Badge(Flowable):
    """The numbered badge of a chat callout, beside the explanation it numbers."""

    def __init__(self, sheet: Sheet, number: int):
        super().__init__()
        self.kit, self.number = sheet.kit, number

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 16, 16

    def draw(self) -> None:
        badge(self.canv, self.kit, 8, 8, self.number)


def _callouts(sheet, block, talk, width):
    """The callouts' explanations, each beside the badge number it carries on the chat."""
    rows = [[Badge(sheet, c.number), reading(sheet, c.text, "body")]
            for c in sorted(talk.callouts, key=lambda c: c.number)]
    t = Table(rows, colWidths=[26, width - 26])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [t]


def _quote(sheet, block, talk, width):
    kit, theme = sheet.kit, sheet.kit.theme
    mark = kit.para("“", "display", textColor=theme.colour("accent"))
    mark.tag_role = ARTIFACT  # the big quotation mark is decoration; the Quote is the words
    words = [reading(sheet, block.quote, "quote"), Spacer(1, 3),
             kit.para(block.source or "", "small", textColor=theme.colour("accent"), fontName=theme.style("label").fontName)]
    t = Table([[mark, words]], colWidths=[34, width - 34])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return [t]


def chat(sheet: Sheet, block, talk, width: float, size: float = 1.0) -> list[Flowable]:
    """The phone at ``size`` × its usual scale; it may shrink (to 85 %) to finish a page instead of leaving a gap,
    and a phone taller than the room left runs on over the page break as one long screen. On a
    booklet's small pages (those with their own measures in the theme) only a phone taller than a
    page does: there a whole phone on the next page reads better than one cut at a page turn."""
    annotated = block.chat == "annotated"
    phone = min(width * 0.56, 250.0) * size  # a phone, not a tablet, even on a wide column
    if annotated:
        phone = min(phone, width - 170)  # the notes beside it keep room for a long word at h2
    booklet = sheet.edition.paper.handout in sheet.kit.theme.data["page"].get("papers", {})  # a small page's measures
    return [Chat(sheet.kit, talk, annotated=annotated, max_width=phone, brief=True, scale=size,
                 chat_share=phone / width, min_scale=0.85, splits="tall" if booklet else "always",
                 words=sheet.common.accessible)]


def _indicators(sheet, block, talk, width):
    kit, theme = sheet.kit, sheet.kit.theme
    cells = [[kit.para(i.title, "h2", textColor=theme.colour("accent")), Spacer(1, 4), reading(sheet, i.text, "body")]
             for i in talk.indicators.values()]
    return [panels(kit, cells, width)]


def _videos(sheet, block, talk, width):
    cards = []
    for vid in block.videos:
        link, words = sheet.links.videos[vid], sheet.common.videos[vid]
        cards.append(qr_card(sheet.kit, link.url, link.short,
                             [(words.title, "h2"), (words.subtitle, "body"), (sheet.common.scan, "small")], width / 2 - 10,
                             to_confirm=bool(link.placeholder), alt=sheet.qr_alt(link.short)))
    return [_row(cards, width)]


def _services(sheet, block, talk, width):
    cards = []
    for sid in block.services:
        link, words = sheet.links.services[sid], sheet.common.services[sid]
        cards.append(qr_card(sheet.kit, link.url, link.short, [(words.name, "h2"), (words.provider, "small")], width / 2 - 10,
                             to_confirm=bool(link.placeholder), alt=sheet.qr_alt(link.short)))
    return [_row(cards, width)]


def _row(cells: list[Flowable], width: float) -> Table:
    cols = max(2, len(cells))
    t = Table([cells + [""] * (cols - len(cells))], colWidths=[width / cols] * cols)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _helplines(sheet, block, talk, width):
    """Who to call: a row per helpline, then the emergency number where the region has one.

    A number still to confirm is set in the "to confirm" style (small italic, dashed box),
    never in the big type of a real number.
    """
    kit, theme = sheet.kit, sheet.kit.theme
    rows, dashed = [], []
    emergency = [sheet.region.emergency] if sheet.region.emergency else []
    for i, h in enumerate([*sheet.region.helplines, *emergency]):
        label = sheet.common.emergency_label if h is sheet.region.emergency else (h.short or h.name)
        about = LocStr(" · ".join(x for x in (h.name, h.purpose) if x and x != label), where_of(h.name))
        label_w = width * 0.22 - 18  # the column less its padding
        number = (kit.fit(h.number, "number", width * 0.36 - 18, theme.style("number").leading * 1.05)  # one line
                  if not h.placeholder else kit.fit(h.number, "to_confirm", width * 0.36 - 18, 60))
        if h.placeholder:
            dashed.append(("BOX", (1, i), (1, i), 1, theme.colour("accent"), None, (3, 2)))
        rows.append([kit.fit(upper(label), "label", label_w, theme.style("label").leading * 4,
                             textColor=theme.colour("on_tile")),
                     number, kit.fit(about, "small", width * 0.42 - 18, theme.style("small").leading * 6)])
    t = structured(Table(rows, colWidths=[width * 0.22, width * 0.36, width * 0.42]),  # the label heads its row
                   "Table", "TR", ("TH", "TD", "TD"), scope="Row")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (0, -1), theme.colour("tile")),
                           ("BACKGROUND", (1, 0), (-1, -1), theme.colour("panel_alt")),
                           ("LINEBELOW", (0, 0), (-1, -2), 2, theme.colour("paper")),
                           ("LEFTPADDING", (0, 0), (-1, -1), 9), ("TOPPADDING", (0, 0), (-1, -1), 7),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 8), *dashed]))
    return [kit.para(sheet.common.helplines_title, "h2"), Spacer(1, 5), t]


BUILDERS = {"text": _text, "points": _points, "quote": _quote, "chat": chat, "indicators": _indicators,
            "terms": _terms, "box": _box, "videos": _videos, "helplines": _helplines, "services": _services,
            "link": _link, "callouts": _callouts, "reveal": _reveal}
