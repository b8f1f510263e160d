"""The workbook: the handout and the conversation spread bound into one printable document.

In: the handout (reused when this build already composed it) and the spread, re-laid out
so its page numbers continue the handout's. Out: one PDF with continuous page numbers, a
bookmark per section under a bookmark per part, and the workbook's own metadata; and the
booklet, the same workbook composed afresh on half-size pages and imposed on the sheet.
Activity pages will join as further parts.
"""
from __future__ import annotations

from dataclasses import replace

from .. import impose
from ..document import Composed, Sheet
from ..finish import merge
from ..fonts import fresh_private_codes
from ..kit import plain
from ..theme import half_of
from . import handout, spread

VARIANTS = ("print", "gray", "booklet")
WORDS = {**handout.WORDS, **spread.WORDS}


def compose(sheet: Sheet, words: dict, built: dict[str, Composed], flow: bool = False) -> dict[str, Composed]:
    """The workbook; with ``flow`` (small pages) the spread's sides run on over several pages."""
    guide = built.get("handout") or _fresh(handout.layout)(sheet, words["handout"], words["conversation"])
    talk = _fresh(spread.layout)(replace(sheet, first_page=sheet.first_page + guide.pages), words["spread"],
                         words["conversation"], flow=flow)
    parts = [_part(guide, sheet.common.documents["handout"].title), _part(talk, sheet.common.documents["spread"].title)]
    settings = sheet.doc_settings("workbook")
    metadata = {"/Title": settings["title"], "/Author": settings["author"], "/Subject": settings["subject"],
                "/Keywords": ", ".join(settings["keywords"]), "/Creator": settings["creator"],
                "/Producer": settings["producer"], "/CreationDate": sheet.build.pdf_date, "/ModDate": sheet.build.pdf_date}
    return {"workbook": merge(parts, metadata, sheet.edition.language)}


def booklet(sheet: Sheet, words: dict, built: dict[str, Composed]) -> Composed:
    """The workbook composed on pages half the handout paper (A5, half-Letter), then imposed.

    Composing afresh, not shrinking the A4 pages, is what keeps the type at its sizes: every
    product lays itself out for the page the sheet names, with the theme's compact measures.
    """
    small = half_sheet(sheet)
    return impose.booklet(sheet, small, compose(small, words, {}, flow=True)["workbook"])


def half_sheet(sheet: Sheet) -> Sheet:
    """The same edition on the paper its handout sheet makes when folded once."""
    paper = half_of(sheet.edition.paper.handout)
    edition = replace(sheet.edition, paper=sheet.edition.paper.model_copy(update={"handout": paper}))
    kit = replace(sheet.kit, theme=sheet.kit.theme.for_paper(paper))
    return replace(sheet, kit=kit, edition=edition)


def _fresh(layout):
    """``layout`` run from a fresh private-use numbering, as if alone in its process (fonts.fresh_private_codes)."""
    def run(*args, **kwargs):
        fresh_private_codes()
        return layout(*args, **kwargs)
    return run


def _part(doc: Composed, title: str) -> Composed:
    """The part's own sections nested under one bookmark naming the part."""
    outline = [(plain(title), 0, 0)] + [(t, level + 1, page) for t, level, page in doc.outline]
    return Composed(doc.pdf, doc.pages, outline, tags=doc.tags)
