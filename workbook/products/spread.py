"""The annotated conversation spread: two facing pages, and the same on one landscape sheet.

In: ``spread.yaml``, the conversation, the common words. Out: ``spread`` (left page: the
plain chat under "is anything odd?"; right page: the chat with numbered callouts, the
indicator panels they point to, the reveal and the video) and ``spread-landscape`` (both
pages composed side by side on one landscape sheet twice the handout paper, at full size). Each page must
hold its content: a page that overflows is a content error, never a third page.
"""
from __future__ import annotations

from io import BytesIO
from typing import Callable

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, KeepTogether, PageBreak, PageTemplate, Spacer, Table, TableStyle

from ..content import Model, Text, where_of
from ..project import VideoId
from ..conversation import Chat, Conversation
from ..editorial import Editorial
from ..document import Composed, OutlinedDoc, Sheet, culprit, footer_hook
from ..errors import ContentError
from ..blocks import panels, qr_card
from ..kit import plain
from ..theme import double_of, page_size


class LeftPage(Editorial):
    kicker: Text
    title: Text
    intro: Text
    prompt: Text


class RightPage(Editorial):
    kicker: Text
    title: Text
    intro: Text
    indicators_title: Text
    reveal_title: Text


class SpreadVideo(Model):
    link: VideoId


class Spread(Model):
    left: LeftPage
    right: RightPage
    video: SpreadVideo


VARIANTS = ("print", "gray")
WORDS = {"spread": Spread, "conversation": Conversation}


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    doc = layout(sheet, words["spread"], words["conversation"])
    return {"spread": doc, "spread-landscape": layout_landscape(sheet, words["spread"], words["conversation"])}


class _Doc(OutlinedDoc):
    outline_key = "spread"


def layout(sheet: Sheet, spread: Spread, talk: Conversation, flow: bool = False) -> Composed:
    """Lay out both pages, each at the largest text scale at which it fits its page.

    With ``flow`` (a booklet's small pages) each side keeps its type at full size, starts a
    new page and runs on over as many pages as it needs instead.
    """
    size = page_size(sheet.edition.paper.handout)
    x, y, w, h = _text_area(sheet, size)
    if flow:
        left = _left(sheet, spread.left, talk, w, 1.0, chat=1.0, chat_width=0.7, splits="tall")
        right = _right(sheet, spread, talk, w, 1.0, small=True, notes_first=True)
    else:
        left, right = _sides(sheet, spread, talk, w, h)
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return _build(sheet, size, [frame], left + [PageBreak() if flow else FrameBreak()] + right)


# (the plain phone's share of its column, the annotated phone's share or None for the theme's
# with its notes beside it, the chats' scale), tried in turn on the landscape sheet. Long words
# first widen the phones (their bubbles take longer lines, so they grow less tall; the wide
# annotated one keeps only its badges, whose numbered explanations sit just above it), and
# only then do the chats shrink; the rest of the type never does.
LANDSCAPE_PHONES = ((0.5, None, 1.0), (0.8, None, 1.0), (0.8, 0.8, 1.0), (0.8, None, 0.92), (0.8, None, 0.85),
                    (0.8, None, 0.78))


def layout_landscape(sheet: Sheet, spread: Spread, talk: Conversation) -> Composed:
    """Both pages on one landscape sheet twice the handout's size (A3, Tabloid), in three columns.

    The left page fills the first column; the right page runs on over the other two, laid
    out as on a booklet's small pages, so every text keeps its full size. A4 landscape
    cannot hold the two pages without shrinking their type below what a reader needs.
    """
    size = page_size(double_of(sheet.edition.paper.handout), landscape=True)
    x, y, w, h = _text_area(sheet, size)
    gap = 2 * sheet.kit.theme.mm("page", "gutter")
    w = (w - 2 * gap) / 3
    frames = [Frame(x + i * (w + gap), y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for i in range(3)]
    for share, annotated, scale in LANDSCAPE_PHONES:
        story = _left(sheet, spread.left, talk, w, 1.0, chat=scale, chat_width=share) + [FrameBreak()] + _right(
            sheet, spread, talk, w, 1.0, small=True, chat_scale=scale, annotated_share=annotated)
        doc = _build(sheet, size, frames, story)
        if doc.pages == 1:
            return doc
    raise ContentError(where_of(spread.right.intro), "the spread needs more than the three columns of one "
                       "landscape sheet; shorten the conversation, the callouts or this text")


def _text_area(sheet: Sheet, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """(x, y, width, height) of a page's text inside the theme's margins."""
    theme = sheet.kit.theme
    margin = {k: theme.mm("page", "margin", k) for k in ("top", "bottom", "left", "right")}
    return (margin["left"], margin["bottom"], size[0] - margin["left"] - margin["right"],
            size[1] - margin["top"] - margin["bottom"])


def _sides(sheet: Sheet, spread: Spread, talk: Conversation, w: float, h: float) -> tuple[list, list]:
    """Both pages' flowables, each fitted to one page of w x h."""
    left = _fit_page(sheet, lambda s: _left(sheet, spread.left, talk, w, s), w, h, spread.left.intro)
    right = _fit_page(sheet, lambda s: _right(sheet, spread, talk, w, s), w, h, spread.right.intro)
    return left, right


def _build(sheet: Sheet, size: tuple[float, float], frames: list[Frame], story: list[Flowable]) -> Composed:
    """The spread's PDF: pages of ``size`` with these frames and the footer on every page."""
    out = BytesIO()
    doc = _Doc(out, pagesize=size, **sheet.doc_settings("spread"))
    doc.addPageTemplates([PageTemplate("page", frames, onPageEnd=footer_hook(sheet))])
    doc.build(story, canvasmaker=sheet.canvasmaker())
    return Composed(out.getvalue(), doc.page, doc.outline, tags=doc.canv.tagger.root)


def _fit_page(sheet: Sheet, page: Callable[[float], list[Flowable]], w: float, h: float, words: str) -> list[Flowable]:
    """The page's flowables at the largest scale (1 down to the theme's minimum size) that fits one page."""
    smallest = sheet.kit.theme.style("small").fontSize
    scale = 1.0
    while True:
        flow = page(scale)
        need = sum(f.wrap(w, h)[1] + f.getSpaceAfter() for f in flow)
        if need <= h:
            return flow
        if smallest * scale * 0.96 < sheet.kit.theme.min_size:
            tallest = max(flow, key=lambda f: f.wrap(w, h)[1])  # blame the block that takes most of the page
            where, count = culprit(tallest) or (where_of(words), 0)
            what = f"the conversation ({count} messages)" if count else "this text"
            raise ContentError(where, f"this page of the spread needs {need / 72 * 25.4:.0f} mm of "
                               f"height even at the smallest type, the page has {h / 72 * 25.4:.0f} mm; "
                               f"shorten {what}")
        scale *= 0.96


def _titles(sheet: Sheet, kicker: str, title: str, intro: str, w: float, s: float) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    head = kit.para(title, "title")
    head.outline_title = plain(title)
    lead = theme.style("lead")
    return [kit.para(kicker.upper(), "label", textColor=theme.colour("accent")), Spacer(1, 4), head,
            Spacer(1, 6), kit.para(intro, "lead", fontSize=lead.fontSize * s, leading=lead.leading * s), Spacer(1, 10 * s)]


def _left(sheet: Sheet, page: LeftPage, talk: Conversation, w: float, s: float, chat: float = 1.2,
          chat_width: float = 0.5, splits: str = "never") -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    lead = theme.style("lead")
    prompt = Table([[kit.para(page.prompt, "lead", fontSize=lead.fontSize * s, leading=lead.leading * s)]], colWidths=[w])
    prompt.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), theme.colour("panel")),
                                ("LINEBEFORE", (0, 0), (0, -1), 4, theme.colour("accent")),
                                ("LEFTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 9),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return _titles(sheet, page.kicker, page.title, page.intro, w, s) + [
        Chat(kit, talk, max_width=w * chat_width, scale=chat * s, splits=splits, words=sheet.common.accessible), Spacer(1, 18 * s), prompt]


def _right(sheet: Sheet, spread: Spread, talk: Conversation, w: float, s: float,
           small: bool = False, notes_first: bool = False, chat_scale: float = 1.0,
           annotated_share: float | None = None) -> list[Flowable]:
    """The annotated chat, the indicators, the reveal and the video; on a ``small`` page the
    callouts' explanations are a numbered list (beside the chat they do not fit), under the
    chat or, ``notes_first``, before it: a booklet page then faces the chat its numbers name. An
    ``annotated_share`` sets a wider phone with its badges only (no notes beside it)."""
    kit, theme = sheet.kit, sheet.kit.theme
    page = spread.right
    if small:
        share = annotated_share or min(theme.data["page"]["chat"]["annotated"], (w - 170) / w)  # notes: room for a long word
        chat = [Chat(kit, talk, annotated=True, chat_share=share, brief=True, scale=chat_scale, splits="tall",
                     words=sheet.common.accessible,
                     notes=annotated_share is None),
                Spacer(1, 8), _callout_list(sheet, talk)]
        chat = chat[::-1] if notes_first else chat
    else:
        chat = [Chat(kit, talk, annotated=True, chat_share=0.62 * s, scale=s, aspect=1.2,
                     words=sheet.common.accessible)]
    indicators = [kit.para(page.indicators_title, "h2"), Spacer(1, 5 * s), _panels(sheet, talk, w, s)]
    if small:  # the heading never ends a page without its panels
        indicators = [KeepTogether(indicators)]
    return _titles(sheet, page.kicker, page.title, page.intro, w, s) + chat + [
        Spacer(1, 10 * s), *indicators, Spacer(1, 10 * s), _foot(sheet, spread, talk, w, s)]


def _callout_list(sheet: Sheet, talk: Conversation) -> Table:
    """Each callout's explanation after its number, the number the chat's badge shows."""
    kit, theme = sheet.kit, sheet.kit.theme
    rows = [[kit.para(f"**{c.number}**", "h2", textColor=theme.colour("accent")), kit.para(c.text, "small")]
            for c in sorted(talk.callouts, key=lambda c: c.number)]
    table = Table(rows, colWidths=[18, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _foot(sheet: Sheet, spread: Spread, talk: Conversation, w: float, s: float) -> Table:
    """The reveal and the video's QR card: side by side, or the card under the reveal on a small page."""
    kit, theme = sheet.kit, sheet.kit.theme
    lead = theme.style("lead")
    link, video = sheet.links.videos[spread.video.link], sheet.common.videos[spread.video.link]
    stacked = w * 0.4 < theme.mm("page", "min_card")
    reveal = Table([[[kit.para(spread.right.reveal_title.upper(), "label", textColor=theme.colour("on_dark_accent")),
                      Spacer(1, 3), kit.para(talk.reveal, "lead", textColor=theme.colour("on_dark"),
                                             fontSize=lead.fontSize * s, leading=lead.leading * s)]]],
                   colWidths=[w if stacked else w * 0.58])
    reveal.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), theme.colour("dark")),
                                ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                                ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)]))
    card = qr_card(kit, link.url, link.short, [(video.title, "h2"), (video.subtitle, "small"), (sheet.common.scan, "small")],
                   w if stacked else w * 0.4 - 12, to_confirm=bool(link.placeholder),
                   alt=sheet.qr_alt(link.short))
    if stacked:
        foot = Table([[reveal], [card]], colWidths=[w])
        foot.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 1), (0, 1), 10)]))
        return foot
    foot = Table([[reveal, card]], colWidths=[w * 0.6, w * 0.4])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("LEFTPADDING", (1, 0), (1, 0), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return foot


def _panels(sheet: Sheet, talk: Conversation, w: float, s: float) -> Table:
    """The three indicator panels, each headed by the numbers of the callouts that point to it."""
    kit, theme = sheet.kit, sheet.kit.theme
    cells = []
    for key, ind in talk.indicators.items():
        numbers = " ".join(f"({c.number})" for c in talk.callouts if c.indicator == key)
        cells.append([kit.para(numbers, "label", textColor=theme.colour("accent")), Spacer(1, 2),
                      kit.para(ind.title, "h2", textColor=theme.colour("accent")), Spacer(1, 3),
                      kit.para(ind.text, "small", fontSize=theme.style("small").fontSize * s,
                               leading=theme.style("small").leading * s)])
    return panels(kit, cells, w)
