"""Tags while drawing: marked content (BDC/EMC with MCIDs) on the ReportLab canvas, and the
structure tree it belongs to, recorded as ``tagging.Node`` data.

Open-source ReportLab has no tagging API, but its canvas takes raw operators (as the Khmer
ActualText spans already do). Each canvas made for a product carries a ``Tagger``; the kit's
paragraphs, figures, tables, lists and links open their element here. Whatever is drawn
outside any element (rules, bands, shapes, the page number) is page furniture and is made an
/Artifact after ReportLab has written the file (``tagging_pdf``). Elements never nest inside
marked content: a paragraph drawn inside a figure (a chat bubble's words) is the figure's,
described by its alt text.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from reportlab.pdfbase.pdfdoc import PDFString

from .tagging import ARTIFACT, ROLE_MAP, Annot, Marked, Node, role_of_style


class Tagger:
    """The structure drawn so far on one canvas: an open-element stack and the MCIDs per page."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.stack: list[Node] = [self.root]
        self.next_mcid: dict[int, int] = {}
        self.inside = 0  # open marked-content sequences: while > 0 nothing else is tagged

    def push(self, node: Node) -> Node:
        self.stack[-1].kids.append(node)
        self.stack.append(node)
        return node

    def pop(self) -> None:
        node = self.stack.pop()
        if node.empty():
            self.stack[-1].kids.remove(node)

    def mcid(self, page: int) -> int:
        n = self.next_mcid.get(page, 0)
        self.next_mcid[page] = n + 1
        return n


def tagger_of(canvas: Any) -> Tagger | None:
    """The canvas's tagger, unless tagging is off or marked content is already open."""
    tagger = getattr(canvas, "tagger", None)
    return tagger if tagger is not None and not tagger.inside else None


def _text(value: str | None) -> str | None:
    """Plain ``str`` (content strings carry their place; the tree travels between processes)."""
    return None if value is None else str(value)


def _page(canvas: Any) -> int:
    return canvas.getPageNumber() - 1


@contextmanager
def marked(canvas: Any, role: str, alt: str | None = None, lang: str | None = None) -> Iterator[Node | None]:
    """Draw the body as one element's marked content; links made inside become its Link kids."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield None
        return
    if role == ARTIFACT:
        canvas._code.append("/Artifact BMC")
        tagger.inside += 1
        try:
            yield None
        finally:
            tagger.inside -= 1
            canvas._code.append("EMC")
        return
    page, node = _page(canvas), Node(role, alt=_text(alt), lang=_text(lang))
    tagger.stack[-1].kids.append(node)
    mcid, annots = tagger.mcid(page), len(canvas._annotationrefs)
    canvas._code.append(f"/{ROLE_MAP.get(role, role)} <</MCID {mcid}>> BDC")
    tagger.inside += 1
    try:
        yield node
    finally:
        tagger.inside -= 1
        canvas._code.append("EMC")
    node.kids.insert(0, Marked(page, mcid))
    node.kids += [Node("Link", [Annot(page, i, "")]) for i in range(annots, len(canvas._annotationrefs))]


@contextmanager
def group(canvas: Any, role: str, alt: str | None = None, scope: str | None = None) -> Iterator[Node | None]:
    """An element made of other elements (a list, a table row, a chat): no operators of its own."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield None
        return
    node = tagger.push(Node(role, alt=_text(alt), scope=scope))
    try:
        yield node
    finally:
        tagger.pop()


def link(canvas: Any, url: str, rect: tuple[float, float, float, float], contents: str) -> None:
    """A link annotation over ``rect`` (x0, y0, x1, y1 in current coordinates), tagged as a Link
    of the open element."""
    canvas.linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(contents))
    tagger = tagger_of(canvas)
    if tagger is not None:
        annot = Annot(_page(canvas), len(canvas._annotationrefs) - 1, str(contents))
        if tagger.stack[-1].role == "Link":  # the open Link element (a QR card) holds its annotation
            tagger.stack[-1].kids.append(annot)
        else:
            tagger.stack[-1].kids.append(Node("Link", [annot]))


class TaggedParagraph:
    """Mixed into the kit's paragraphs: each is drawn as its element (P, or H1-H3 by its style)."""

    tag_role: str | None = None
    tag_lang: str | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        role = self.tag_role or role_of_style(self.style.name)
        with marked(canvas, role, lang=self.tag_lang):
            super().drawOn(canvas, x, y, _sW)

    def tagged_like(self, parts: list) -> list:
        """Pieces of a split paragraph keep its role and language."""
        for part in parts:
            part.tag_role, part.tag_lang = self.tag_role, self.tag_lang
        return parts


def structured(table: Any, role: str, row: str | None = None, cells: tuple[str, ...] = (),
               scope: str | None = None) -> Any:
    """A ReportLab table drawn as a structure: ``role`` around it, ``row`` per row, ``cells`` per column.

    Uses the table's render callback (startRow, startCell, ...), which ReportLab calls in
    reading order; backgrounds and rules stay outside the elements, so they become artifacts.
    A cell role "Lbl" holding only a drawn bullet leaves no element (nothing tagged in it).
    """
    def callback(t: Any, event: str, *args: Any) -> None:
        tagger = tagger_of(t.canv)
        if tagger is None:
            return
        if event == "startTable":
            tagger.push(Node(role))
        elif event == "startRow" and row:
            tagger.push(Node(row))
        elif event == "startCell" and cells:
            col = args[1]
            name = cells[min(col, len(cells) - 1)]
            tagger.push(Node(name, scope=scope if name == "TH" else None))
        elif event == "endCell" and cells:
            tagger.pop()
        elif event == "endRow" and row:
            tagger.pop()
        elif event == "endTable":
            tagger.pop()

    table._renderCB = callback
    return table
