"""The teacher's guide: an opening page with the safeguarding note, then one page per lesson.

In: ``teacher.yaml`` (labels, intro, safeguarding note), ``course.yaml`` (the lessons) and
the words the answer keys are made from (``course.answer_key``). Out: ``teacher``, on the
edition's office paper: page 1 introduces the course and carries the safeguarding note;
each lesson then has exactly one page (aim, pages used, discussion prompts, answers). A
lesson that needs a second page is a content error naming its aim, never a spill-over.
The pages a lesson uses are found in the handout as this build composed it.
"""
from __future__ import annotations

from io import BytesIO

from reportlab.platypus import Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Spacer, Table, TableStyle

from ..content import Model, Text, where_of
from ..document import Composed, OutlinedDoc, Sheet, footer_hook
from ..editorial import Editorial
from ..errors import ContentError
from ..fonts import fresh_private_codes
from ..blocks import bullet_list
from ..kit import plain, upper
from ..theme import page_size
from ..words import render_text
from . import course, handout, workbook
from .course import Lesson, answer_key
from .handout_blocks import BUILDERS


class Labels(Model):
    lesson: Text
    aim: Text
    pages: Text
    prompts: Text
    answer_key: Text  # the heading (not `answers`: that key names a lesson's key kind)
    page_ref: Text
    workbook_ref: Text  # {{ document }}, {{ page }} and {{ last }}: the lesson's pages in the workbook
    message_ref: Text
    no_key: Text


class Teacher(Editorial):
    title: Text
    intro: Text
    safeguarding_title: Text
    safeguarding: Text
    labels: Labels


VARIANTS = ("gray",)
WORDS = {"teacher": Teacher, **workbook.WORDS}
COMPOSED_WITH = "workbook"  # it cites the workbook's pages: composed in the workbook's job, from that layout


class _Doc(OutlinedDoc):
    outline_key = "t"


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    guide = built.get("handout") or handout.layout(sheet, words["handout"], words["conversation"])
    book = built.get("workbook") or workbook.compose(sheet, words, {})["workbook"]
    fresh_private_codes()  # the guide's bytes depend on what it shows, not on the layouts it cites
    return {"teacher": layout(sheet, words, guide, book)}


def lesson_pages(book: Composed) -> list[tuple[int, int]]:
    """(first, last) 0-based page of each top-level part of the workbook, in order."""
    starts = [page for _, level, page in book.outline if level == 0]
    return [(a, b - 1) for a, b in zip(starts, starts[1:] + [book.pages])]


def layout(sheet: Sheet, words: dict, guide: Composed, book: Composed) -> Composed:
    """The opening page and one page per lesson; every lesson must fit its page."""
    theme, teacher, lessons = sheet.kit.theme, words["teacher"], words["course"].lessons
    size = page_size(sheet.edition.paper.handout)
    m = {k: theme.mm("page", "margin", k) for k in ("top", "bottom", "left", "right")}
    w, h = size[0] - m["left"] - m["right"], size[1] - m["top"] - m["bottom"]
    story = _opening(sheet, teacher, lessons, w)
    parts = lesson_pages(book)
    for n, lesson in enumerate(lessons, 1):
        first, last = parts[n - 1]
        pages = render_text(teacher.labels.workbook_ref, {"document": sheet.common.documents["workbook"].title,
                                                          "page": sheet.page_label(first), "last": sheet.page_label(last)})
        story += [PageBreak(), *_lesson(sheet, words, guide, lesson, n, w, pages)]
    out = BytesIO()
    doc = _Doc(out, pagesize=size, **sheet.doc_settings("teacher"))
    frame = Frame(m["left"], m["bottom"], w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=footer_hook(sheet))])
    doc.build(story, canvasmaker=sheet.canvasmaker())
    starts = [page for _, _, page in doc.outline[1:]]
    for n, lesson in enumerate(lessons):
        if starts[n] != n + 1 or (n + 1 < len(starts) and starts[n + 1] != n + 2) or doc.page > len(lessons) + 1:
            raise ContentError(where_of(lesson.aim), f"lesson {n + 1} ({plain(lesson.title)}) needs more than one "
                               "page of the teacher's guide; shorten its aim, prompts or the texts of its answers")
    return Composed(out.getvalue(), doc.page, doc.outline, tags=doc.canv.tagger.root)


def _heading(sheet: Sheet, kicker: str, title: str) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    head = kit.para(title, "title")
    head.outline_title = plain(title)
    return [kit.para(upper(kicker), "label", textColor=theme.colour("accent")), Spacer(1, 4), head, Spacer(1, 10)]


def _opening(sheet: Sheet, teacher: Teacher, lessons: list[Lesson], w: float) -> list[Flowable]:
    """The title, what the guide holds, the lessons in order, and the safeguarding note."""
    kit, theme = sheet.kit, sheet.kit.theme
    rows = [[kit.para(f"**{n}**", "h2", textColor=theme.colour("accent")), kit.para(lesson.title, "lead")]
            for n, lesson in enumerate(lessons, 1)]
    table = Table(rows, colWidths=[24, w - 24])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.5, theme.colour("rule")),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    note = Table([[[kit.para(upper(teacher.safeguarding_title), "label", textColor=theme.colour("accent")),
                    Spacer(1, 4), kit.para(teacher.safeguarding, "body")]]], colWidths=[w])
    note.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), theme.colour("panel")),
                              ("LINEBEFORE", (0, 0), (0, -1), 4, theme.colour("accent")),
                              ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                              ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)]))
    return [*_heading(sheet, sheet.common.series, teacher.title), kit.para(teacher.intro, "lead"), Spacer(1, 14),
            table, Spacer(1, 18), KeepTogether([note])]


def _lesson(sheet: Sheet, words: dict, guide: Composed, lesson: Lesson, n: int, w: float,
            in_workbook: str) -> list[Flowable]:
    kit, theme = sheet.kit, sheet.kit.theme
    labels = words["teacher"].labels
    body = lambda texts: bullet_list(kit, [kit.para(t, "body") for t in texts])  # noqa: E731
    story = _heading(sheet, render_text(labels.lesson, {"number": n}), lesson.title)
    story += [kit.para(labels.aim, "h2"), Spacer(1, 3), kit.para(lesson.aim, "lead"), Spacer(1, 10),
              kit.para(labels.pages, "h2"), Spacer(1, 4), body([in_workbook, *pages_used(sheet, words, guide, lesson)]), Spacer(1, 8),
              *_videos(sheet, words, lesson, w),
              kit.para(labels.prompts, "h2"), Spacer(1, 4), body(lesson.prompts), Spacer(1, 8),
              kit.para(labels.answer_key, "h2"), Spacer(1, 4)]
    key = answer_key(sheet, words, lesson, labels.message_ref)
    if not key:
        return story + [kit.para(labels.no_key, "body", textColor=theme.colour("muted"))]
    if all(not ask for ask, _ in key):
        return story + [body([answer for _, answer in key])]
    return story + [_key_table(sheet, key, w)]


def _videos(sheet: Sheet, words: dict, lesson: Lesson, w: float) -> list[Flowable]:
    """The QR cards of the videos a lesson shows (a handout section it uses has them), so the
    teacher can open them from the guide as the students do from their pages."""
    story: list[Flowable] = []
    for use in lesson.uses:
        section = course.sections(words).get(use.split(":", 1)[1]) if use.startswith("handout:") else None
        for block in (section.blocks if section else []):
            if block.kind == "videos":
                story += [*BUILDERS["videos"](sheet, block, words["conversation"], w), Spacer(1, 8)]
    return story


def _key_table(sheet: Sheet, key: list[tuple[str, str]], w: float) -> Table:
    """What is asked on the left (bold), its answer on the right, on sand rows."""
    kit, theme = sheet.kit, sheet.kit.theme
    left = 0.36 * w
    rows = [[kit.para(f"**{ask}**", "body"), kit.para(answer, "body")] for ask, answer in key]
    table = Table(rows, colWidths=[left, w - left])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1), theme.colour("panel_alt")),
                               ("LINEBELOW", (0, 0), (-1, -2), 2, theme.colour("paper")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    return table


def pages_used(sheet: Sheet, words: dict, guide: Composed, lesson: Lesson) -> list[str]:
    """Each thing the lesson uses, named as the reader finds it: the guide's section and page, or a product."""
    docs, labels = sheet.common.documents, words["teacher"].labels
    found = {title: page for title, level, page in guide.outline if level == 0}
    out = []
    for use in lesson.uses:
        if use.startswith("handout:"):
            section = course.sections(words).get(use.split(":", 1)[1])
            if section is None:
                raise ContentError(where_of(lesson.title), f"lesson {lesson.id} uses {use}, but handout.yaml has no "
                                   "section with that id; use the id of one of its sections")
            page = found.get(plain(section.title), 0) + sheet.first_page
            out.append(render_text(labels.page_ref, {"document": docs["handout"].title, "section": section.title,
                                                     "page": page}))
        else:
            out.append(docs[use].title)
    return out
