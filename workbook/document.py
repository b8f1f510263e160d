"""What every product shares: the common words, the sheet it composes against, the PDF it returns.

In: an edition's rendered ``common.yaml`` and the project's regions and links. Out: a
``Sheet`` (kit + edition + words + services) that product modules compose against, the
document settings every PDF gets (embedded fonts only, metadata, language, reproducible
bytes) and the footer hook that puts the notice on every page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import Annotated, Any, Callable

from pydantic import AfterValidator, WithJsonSchema
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from .content import Model, Text, where_of
from .editorial import Editorial
from .errors import BuildError, ContentError, Where
from .i18n import SOURCE
from .kit import Kit, draw_footer, draw_proof_mark, plain
from .project import Edition, Links, PaperName, Region
from .tagging import Node
from .tagging_draw import Tagger
from .words import render_text

# Streams are Flate-compressed only: ReportLab's default ASCII85 wrapping keeps a PDF
# 7-bit clean (for e-mail of the 1990s) at the cost of a quarter more bytes per stream.
rl_config.useA85 = 0


def _not_blank(value: str) -> str:
    """The notice is what every page must carry; an empty one would print pages without it."""
    if not str(value).strip():
        raise ValueError("the copyright notice is empty; every page carries it, so write it out "
                         "(the English is in content/en/common.yaml)")
    return value


LegalText = Annotated[Text, AfterValidator(_not_blank),
                      WithJsonSchema({"type": ["string", "number"], "pattern": "\\S",
                                      "description": "Printed on every page; never empty."})]


class DocWords(Model):
    title: Text
    subject: Text


class VideoWords(Model):
    title: Text
    subtitle: Text


class ServiceWords(Model):
    name: Text
    provider: Text


class BookletWords(Model):
    title: Text
    steps: list[Text]


class TileWords(Model):
    title: Text
    help: Text


class JoinWords(Model):
    """Words that join the items of a list inside a sentence, so templates hold no prose:
    ``join(' ' ~ words.list_and ~ ' ')`` prints "Police and A21 Cambodia" in English."""

    list_and: Text


class AccessibleWords(Editorial):
    """What screen readers say for pictures (alt text); rendered when the picture is drawn."""

    qr: Text
    conversation: Text  # the chat drawing
    message: Text
    marked: Text


class Common(Model):
    """Words shared by every product of a language (``content/<language>/common.yaml``)."""

    notice: LegalText
    copyright: LegalText
    page_label: Text
    series: Text
    author: Text
    keywords: list[Text]
    documents: dict[str, DocWords]
    videos: dict[str, VideoWords]
    services: dict[str, ServiceWords]
    scan: Text
    helplines_title: Text
    emergency_label: Text
    colophon: Text
    proof: Text
    notes_title: Text
    booklet: BookletWords
    tiles: TileWords
    words: JoinWords
    paper_names: dict[PaperName, Text]  # how a paper size is named in a sentence ("Letter", "carta")


    accessible: AccessibleWords


@dataclass(frozen=True)
class Sheet:
    """Everything a product composes against for one edition."""

    kit: Kit
    edition: Edition
    common: Common
    region: Region
    links: Links
    build: "Build"
    first_page: int = 1  # the number printed on the first page (workbooks continue the count)
    proof: str = ""  # the proof mark every page carries, rendered; empty for a final edition

    def page_label(self, index: int) -> str:
        """The footer's page label for the page at 0-based ``index``."""
        return render_text(self.common.page_label, {"page": self.first_page + index})

    @property
    def legal_lang(self) -> str | None:
        """The language of the notice and copyright where it is not the edition's: legal text is
        never translated (it stays in the source language, content/en), so a screen reader
        must read it as that language."""
        return None if self.edition.language == SOURCE else SOURCE

    def qr_alt(self, address: str) -> str:
        """A QR code's alt text: where its link goes (content's ``accessible.qr``)."""
        return render_text(self.common.accessible.qr, {"address": address})

    @property
    def colophon(self) -> str:
        """Edition code and content hash, printed small so a photocopy can be traced."""
        return render_text(self.common.colophon, {"edition": self.edition.code, "hash": self.build.content_hash})

    def doc_settings(self, product: str) -> dict[str, Any]:
        """Keyword arguments for ReportLab's document/canvas: metadata, language, determinism."""
        words = self.common.documents[product]
        return dict(
            title=plain(words.title), author=plain(self.common.author), subject=plain(words.subject),
            keywords=[plain(k) for k in self.common.keywords], creator="a21-workbook",
            producer="a21-workbook (ReportLab)", lang=self.edition.language, invariant=1,
            initialFontName=self.kit.theme.family, displayDocTitle=1,
            enforceColorSpace=None if self.kit.theme.mode == "rgb" else self.kit.theme.convert,
        )

    def canvasmaker(self) -> Callable[..., Canvas]:
        """Canvases stamped with the build's date and, on a proof, the proof mark on every page.

        Every page of every product, derived ones included, is drawn on one of these, so
        no product can forget the mark.
        """
        stamp, kit, mark = self.build.pdf_date, self.kit, self.proof

        def make(*args: Any, **kwargs: Any) -> Canvas:
            canvas = _SheetCanvas(*args, **kwargs)
            canvas.setDateFormatter(lambda *_: stamp)
            canvas.proof_mark = (lambda c: draw_proof_mark(c, kit, mark, c.proof_centre)) if mark else None
            canvas.tagger = Tagger()  # the structure drawn on it (tagging_draw), written after (tagging_pdf)
            return canvas

        return make


class _SheetCanvas(Canvas):
    """A canvas that draws the proof mark (when there is one) as each page ends."""

    proof_mark: Callable[[Canvas], None] | None = None
    proof_centre: tuple[float, float] | None = None  # set by a page that has a better place than the left margin

    def showPage(self) -> None:
        if self.proof_mark is not None:
            self.proof_mark(self)
        self.proof_centre = None
        super().showPage()


@dataclass(frozen=True)
class Build:
    """What identifies a build's inputs: a hash of the content and the date it carries."""

    content_hash: str
    date: datetime

    @property
    def pdf_date(self) -> str:
        return self.date.strftime("D:%Y%m%d%H%M%S+00'00'")


@dataclass
class Composed:
    """A product's PDF for one edition, and its sections (title, level, 0-based page) for bookmarks.

    ``tags``: the structure tree recorded while drawing, None for an untagged PDF.
    ``keep_whole``: boxes (x0, y0, x1, y1; points, first page) that imposition must not cut,
    such as QR codes: a tile seam through one would stop it scanning.
    """

    pdf: bytes
    pages: int
    outline: list[tuple[str, int, int]] = field(default_factory=list)
    keep_whole: list[tuple[float, float, float, float]] = field(default_factory=list)
    tags: Node | None = None  # the structure drawn (tagging_draw); written into plain and gray PDFs


def footer_hook(sheet: Sheet) -> Callable[[Canvas, Any], None]:
    """A page-end hook for document templates: notice and page label on every page."""

    def on_page(canvas: Canvas, doc: Any) -> None:
        width = canvas._pagesize[0]
        draw_footer(canvas, sheet.kit, width, sheet.common.notice, sheet.page_label(canvas.getPageNumber() - 1),
                    sheet.colophon, lang=sheet.legal_lang)

    return on_page


def new_canvas(sheet: Sheet, product: str, pagesize: tuple[float, float]) -> tuple[Canvas, BytesIO]:
    """A canvas for products drawn page by page, with the same settings as documents."""
    out = BytesIO()
    s = sheet.doc_settings(product)
    canvas = sheet.canvasmaker()(out, pagesize=pagesize, invariant=1, initialFontName=s["initialFontName"],
                                 lang=s["lang"], enforceColorSpace=s["enforceColorSpace"])
    canvas.setTitle(s["title"])
    canvas.setAuthor(s["author"])
    canvas.setSubject(s["subject"])
    canvas.setKeywords(s["keywords"])
    canvas.setCreator(s["creator"])
    canvas.setProducer(s["producer"])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    return canvas, out


class LocatedDoc(BaseDocTemplate):
    """A document template whose "too large for a page" names the content that made the block.

    ReportLab's LayoutError names a Python object (``<Table@0x...>``); a writer needs the
    file, line and field of the text to shorten. Products' templates derive from this one.
    """

    def handle_flowable(self, flowables: list) -> None:
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            frame = self.frame
            raise too_tall(first, frame._aW if frame else 0, frame._aH if frame else 0) from None


class OutlinedDoc(LocatedDoc):
    """A document whose flowables with an ``outline_title`` (and ``outline_level``, 0 by
    default) become bookmarks; ``outline`` keeps (title, level, 0-based page) for merges.
    ``outline_key`` prefixes the bookmarks' names, one prefix per product."""

    outline_key = "o"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outline: list[tuple[str, int, int]] = []

    def afterFlowable(self, flowable: Any) -> None:
        title = getattr(flowable, "outline_title", None)
        if title:
            level = getattr(flowable, "outline_level", 0)
            key = f"{self.outline_key}{len(self.outline)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level)
            self.outline.append((title, level, self.page - 1))


def too_tall(flowable: Any, width: float, height: float) -> BuildError:
    """The content error for a block taller than a page: the conversation, or its tallest text."""
    found = culprit(flowable)
    if found is None:
        return BuildError(f"a block is taller than a page ({type(flowable).__name__}); shorten the text in it")
    where, count = found
    if count:
        return ContentError(where, f"the conversation is taller than a page ({count} messages); shorten it")
    return ContentError(where, f"this text makes a block taller than a page (the page has {height / mm:.0f} mm); "
                               "shorten it")


def culprit(flowable: Any) -> tuple[Where, int] | None:
    """Where the content of a flowable was written, and its number of messages if it is the conversation.

    The chat names its ``messages`` key, or the one message longer than all the others
    together (it, not the chat, is what to shorten); any other block names its longest
    content string.
    """
    talk = getattr(flowable, "talk", None)
    if talk is not None and getattr(talk, "messages", None):
        texts = sorted((m.text for m in talk.messages), key=len)
        if len(texts) > 1 and len(texts[-1]) > sum(map(len, texts[:-1])) and isinstance(where_of(texts[-1], None), Where):
            return texts[-1].where, 0
        where = talk.key_place("messages")
        if where is not None:
            return where, len(talk.messages)
    texts = [t for t in _sources(flowable) if isinstance(getattr(t, "where", None), Where)]
    return (max(texts, key=len).where, 0) if texts else None


def _sources(flowable: Any) -> list[str]:
    """The content strings inside a flowable: its own, its table cells', its kept-together parts'."""
    if isinstance(flowable, (list, tuple)):
        return [s for f in flowable for s in _sources(f)]
    found = [flowable.source] if getattr(flowable, "source", "") else []
    for inner in (getattr(flowable, "_cellvalues", None), getattr(flowable, "_content", None)):
        if inner:
            found += _sources(list(inner))
    return found
