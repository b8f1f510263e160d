"""The workbook: the course as students work in it, lesson by lesson, with activity pages.

In: ``course.yaml`` (the lessons in teaching order), ``activities.yaml`` (cover, contents,
activities), the handout's sections, the poster's red flags and definitions, the conversation.
Out: one PDF: a cover, a contents page, the eight lessons (each bookmarked, its activities on
pages of their own) and, at the end, where to get help and the full copyright notice. The
plain chat appears once (in "What seems odd?") and the annotated chat once (the indicators):
a plain chat block of a handout section, and the box that introduces it, go to the activity.
The contents page is filled from a first layout's bookmarks, so its page numbers are the
pages' own. The booklet composes the same on half-size pages, then imposes it.
"""
from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from reportlab.platypus import Flowable, Frame, PageBreak, PageTemplate, Spacer, Table, TableStyle

from .. import impose
from ..document import Composed, OutlinedDoc, Sheet, footer_hook
from ..fonts import fresh_private_codes
from ..blocks import bullet_list
from ..kit import fill_to_edge, plain, upper
from ..theme import half_of, page_size
from ..words import render_text
from . import handout, poster
from .activities import FOR_KEY, Activities, activity
from .course import Course, Lesson, terms
from .handout_blocks import BUILDERS, chat

VARIANTS = ("print", "gray", "booklet")
WORDS = {**handout.WORDS, "poster": poster.Poster, "course": Course, "activities": Activities}


class _Doc(OutlinedDoc):
    outline_key = "w"


def compose(sheet: Sheet, words: dict, built: dict[str, Composed], flow: bool = False) -> dict[str, Composed]:
    """The workbook, laid out twice: the second time its contents page has the first's page numbers."""
    first = _build(sheet, words, {})
    pages = {title: page for title, level, page in first.outline if level == 0}
    return {"workbook": _build(sheet, words, pages)}


def booklet(sheet: Sheet, words: dict, built: dict[str, Composed]) -> Composed:
    """The workbook composed on pages half the handout paper (A5, half-Letter), then imposed.

    Composing afresh, not shrinking the A4 pages, is what keeps the type at its sizes.
    """
    small = half_sheet(sheet)
    return impose.booklet(sheet, small, compose(small, words, {}, flow=True)["workbook"])


def half_sheet(sheet: Sheet) -> Sheet:
    """The same edition on the paper its handout sheet makes when folded once."""
    paper = half_of(sheet.edition.paper.handout)
    edition = replace(sheet.edition, paper=sheet.edition.paper.model_copy(update={"handout": paper}))
    kit = replace(sheet.kit, theme=sheet.kit.theme.for_paper(paper))
    return replace(sheet, kit=kit, edition=edition)


def _build(sheet: Sheet, words: dict, pages: dict[str, int]) -> Composed:
    """One pass of the workbook. Shaped glyphs are numbered afresh before anything is measured,
    so both passes, and the workbook built alone, print the same bytes."""
    fresh_private_codes()
    theme = sheet.kit.theme
    size = page_size(sheet.edition.paper.handout)
    top, bottom = theme.mm("page", "margin", "top"), theme.mm("page", "margin", "bottom")
    x, w = handout.column(sheet, size)
    out = BytesIO()
    doc = _Doc(out, pagesize=size, **sheet.doc_settings("workbook"))
    frame = Frame(x, bottom, w, size[1] - top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    hook = footer_hook(sheet)
    band = size[1] * 0.42

    def cover(canvas, d):
        fill_to_edge(sheet.kit, canvas, "band", 0, size[1] - band, size[0], band, size)

    cover_frame = Frame(x, bottom, w, size[1] - band - bottom - top, leftPadding=0, rightPadding=0, topPadding=0,
                        bottomPadding=0)
    title_frame = Frame(x, size[1] - band + top, w, band - 2 * top, leftPadding=0, rightPadding=0, topPadding=0,
                        bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [title_frame, cover_frame], onPage=cover, onPageEnd=hook,
                                       autoNextPageTemplate="page"),
                          PageTemplate("page", [frame], onPageEnd=hook)])
    story = _cover(sheet, words, w) + [PageBreak()] + _contents(sheet, words, pages, w)
    shown: set[str] = set()  # a section used by two lessons is printed in the first
    for n, lesson in enumerate(words["course"].lessons, 1):
        story += [PageBreak(), *_lesson(sheet, words, lesson, n, w, shown)]
    story += [PageBreak(), *_end(sheet, words, w)]
    doc.build(story, canvasmaker=sheet.canvasmaker())
    return Composed(out.getvalue(), doc.page, doc.outline, tags=doc.canv.tagger.root)


def _cover(sheet: Sheet, words: dict, w: float) -> list[Flowable]:
    """The title in the band; the student's name and class on lines below it."""
    kit, theme = sheet.kit, sheet.kit.theme
    cover = words["activities"].cover
    from reportlab.platypus import FrameBreak
    from .activities import measures

    pitch, _ = measures(sheet)
    rows = [[kit.para(label, "h2"), ""] for label in (cover.name, cover.class_)]
    lines = Table(rows, colWidths=[w * 0.2, w * 0.8], rowHeights=[pitch * 1.6] * len(rows))
    lines.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, theme.colour("rule"))]))
    return [Spacer(1, 20), kit.para(upper(cover.kicker), "label", textColor=theme.colour("on_band")), Spacer(1, 8),
            kit.fit(cover.title, "display", w, theme.style("display").leading * 3.2, textColor=theme.colour("on_band")),
            Spacer(1, 10), kit.para(sheet.common.series, "lead", textColor=theme.colour("on_band")),
            FrameBreak(), Spacer(1, 30), lines]


def entries(words: dict) -> list[str]:
    """The contents page's entries, which are also the workbook's top-level bookmarks."""
    return [plain(lesson.title) for lesson in words["course"].lessons] + [plain(words["activities"].help_title)]


def _contents(sheet: Sheet, words: dict, pages: dict[str, int], w: float) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    acts: Activities = words["activities"]
    labels = [render_text(acts.labels.lesson, {"number": n}) for n in range(1, len(words["course"].lessons) + 1)] + [""]
    rows = []
    for label, title in zip(labels, entries(words)):
        page = sheet.page_label(pages[title]) if title in pages else ""
        rows.append([kit.para(upper(label), "label", textColor=theme.colour("accent")), kit.para(title, "lead"),
                     kit.para(f"**{page}**", "lead", alignment=2)])
    table = Table(rows, colWidths=[w * 0.22, w * 0.66, w * 0.12])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 7),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.5, theme.colour("rule"))]))
    return [kit.para(acts.contents, "title"), Spacer(1, 14), table]


def _heading(sheet: Sheet, kicker: str, title: str, level: int = 0) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    head = kit.para(title, "title")
    head.outline_title, head.outline_level = plain(title), level
    return [kit.para(upper(kicker), "label", textColor=theme.colour("accent")), Spacer(1, 4), head, Spacer(1, 12)]


def _lesson(sheet: Sheet, words: dict, lesson: Lesson, n: int, w: float, shown: set[str]) -> list[Flowable]:
    """The lesson's reading (its handout sections, the poster's flags or definitions), then its activities."""
    story = _heading(sheet, render_text(words["activities"].labels.lesson, {"number": n}), lesson.title)
    sections = {s.id: s for s in words["handout"].sections}
    for use in lesson.uses:
        sid = use.split(":", 1)[1] if use.startswith("handout:") else ""
        if sid in sections and sid not in shown:
            shown.add(sid)
            story += _section(sheet, words, sections[sid], lesson, w)
        elif use == "poster":
            story += _poster(sheet, words, lesson)
    reading = len(story) > 4  # more than the heading: activities then start pages of their own
    for name in FOR_KEY.get(lesson.answers, ()):
        made = activity(sheet, words, name, w)
        story += [PageBreak(), *made] if reading else made
        reading = True
    return story


def _section(sheet: Sheet, words: dict, section, lesson: Lesson, w: float) -> list[Flowable]:
    """A handout section's blocks, less its plain chat (and the box that introduces it)."""
    kit, talk = sheet.kit, words["conversation"]
    blocks = section.blocks
    keep = [b for i, b in enumerate(blocks)
            if not (b.kind == "chat" and b.chat == "plain")
            and not (b.kind == "box" and i + 1 < len(blocks) and blocks[i + 1].kind == "chat" and blocks[i + 1].chat == "plain")]
    story: list[Flowable] = []
    if plain(section.title) != plain(lesson.title):
        story += [kit.para(section.title, "h1"), Spacer(1, 6)]
    for block in keep:
        made = chat(sheet, block, talk, w, 1.0) if block.kind == "chat" else BUILDERS[block.kind](sheet, block, talk, w)
        story += made + [Spacer(1, 8)]
    return story + [Spacer(1, 6)]


def _poster(sheet: Sheet, words: dict, lesson: Lesson) -> list[Flowable]:
    """From the poster: its intro and red flags for the flags lesson, its definitions for the terms lesson."""
    kit, paper = sheet.kit, words["poster"]
    if lesson.answers == "flags":
        items = [kit.para(f"**{f.label}:** {f.text}", "body") for f in paper.flags]
        return [*(kit.para(t, "body") for t in paper.intro), Spacer(1, 8), bullet_list(kit, items), Spacer(1, 10)]
    if lesson.answers == "terms":
        known = {plain(t) for s in words["handout"].sections for b in s.blocks for t in [x.term for x in b.terms or []]}
        extra = [(t, d) for t, d in terms(words) if plain(t) not in known]
        if extra:
            return [bullet_list(kit, [kit.para(f"**{t}:** {d}", "body") for t, d in extra]), Spacer(1, 10)]
    return []


def _end(sheet: Sheet, words: dict, w: float) -> list[Flowable]:
    """Where to get help (the region's services: the handout's `help` section) and the full notice."""
    kit, theme, talk = sheet.kit, sheet.kit.theme, words["conversation"]
    acts: Activities = words["activities"]
    head = kit.para(acts.help_title, "title")
    head.outline_title, head.outline_level = plain(acts.help_title), 0
    story: list[Flowable] = [head, Spacer(1, 12)]
    for section in words["handout"].sections:
        if section.id == "help":
            for block in section.blocks:
                story += BUILDERS[block.kind](sheet, block, talk, w) + [Spacer(1, 10)]
    return story + [Spacer(1, 16), kit.para(sheet.common.copyright, "small", textColor=theme.colour("muted"))]
