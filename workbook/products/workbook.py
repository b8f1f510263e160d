"""The workbook: the handout and the conversation spread bound into one printable document.

In: the handout (reused when this build already composed it) and the spread, re-laid out
so its page numbers continue the handout's. Out: one PDF with continuous page numbers, a
bookmark per section under a bookmark per part, and the workbook's own metadata.
Activity pages will join as further parts.
"""
from __future__ import annotations

from dataclasses import replace

from ..document import Composed, Sheet
from ..finish import merge
from ..kit import plain
from . import handout, spread

VARIANTS = ("print", "gray", "booklet")
WORDS = {**handout.WORDS, **spread.WORDS}


def compose(sheet: Sheet, words: dict, built: dict[str, Composed]) -> dict[str, Composed]:
    guide = built.get("handout") or handout.layout(sheet, words["handout"], words["conversation"])
    talk = spread.layout(replace(sheet, first_page=sheet.first_page + guide.pages), words["spread"],
                         words["conversation"])
    parts = [_part(guide, sheet.common.documents["handout"].title), _part(talk, sheet.common.documents["spread"].title)]
    settings = sheet.doc_settings("workbook")
    metadata = {"/Title": settings["title"], "/Author": settings["author"], "/Subject": settings["subject"],
                "/Keywords": ", ".join(settings["keywords"]), "/Creator": settings["creator"],
                "/Producer": settings["producer"], "/CreationDate": sheet.build.pdf_date, "/ModDate": sheet.build.pdf_date}
    return {"workbook": merge(parts, metadata, sheet.edition.language)}


def _part(doc: Composed, title: str) -> Composed:
    """The part's own sections nested under one bookmark naming the part."""
    outline = [(plain(title), 0, 0)] + [(t, level + 1, page) for t, level, page in doc.outline]
    return Composed(doc.pdf, doc.pages, outline)
