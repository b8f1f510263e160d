"""The layout kit every product draws with: text that measures itself, page furniture, boxes.

In: a ``Theme`` and the assets folder. Out: paragraphs (content escaped, then our tiny
``**bold**`` / ``*italic*`` markup), text fitted into fixed boxes (shrunk within the theme's
minimum size, else a content error naming the string), and the footer with the notice that
every page carries. Products build on these so that no two draw the same thing twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from . import measure
from .content import LocStr, where_of
from .errors import ContentError
from .fonts import check_coverage
from .shaping import ShapedParagraph, needs_shaping
from .tagging import linked
from .tagging_draw import TaggedParagraph, marked
from .theme import Theme

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.S)
_TAGS = re.compile(r"</?[bi]>")


def markup(text: str) -> str:
    """Content text → ReportLab markup: everything literal except **bold** and *italic*.

    Markers that overlap instead of nesting (``**a *b** c*``) are a content error: ReportLab
    would otherwise fail deep inside with no place to point at.
    """
    out = _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", escape(str(text))))
    stack: list[str] = []
    for tag in _TAGS.findall(out):
        if not tag.startswith("</"):
            stack.append(tag)
        elif not stack or stack.pop() != tag.replace("/", ""):
            raise ContentError(where_of(text), "the **bold** and *italic* markers overlap; close the inner "
                               "one before the outer one, e.g. **bold *and italic***")
    return out


def upper(text: str) -> str:
    """Capitals for a label, keeping where the text was written (for error messages)."""
    where = getattr(text, "where", None)
    return LocStr(str(text).upper(), where) if where is not None else str(text).upper()


def plain(text: str) -> str:
    """The words without our markup, e.g. for bookmarks and metadata."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", str(text)))


@dataclass(frozen=True)
class Kit:
    """The theme plus the assets it draws from; one per build, shared by every edition."""

    theme: Theme
    assets: Path
    warnings: list[str] = field(default_factory=list, compare=False)  # content warnings met while composing
    links: tuple[tuple[str, str], ...] = ()  # printed address or number → its link (tagging.printed_links)

    def warn(self, where: object, message: str) -> None:
        """Record a content problem that does not stop the build (the summary lists it)."""
        line = f"{where}: {message}"
        if line not in self.warnings:
            self.warnings.append(line)

    @property
    def emoji_dir(self) -> Path:
        return self.assets / "emoji"


    def para(self, text: str, style: str | ParagraphStyle, **overrides) -> Paragraph:
        """A paragraph of content text, after checking the font can draw every character."""
        st = self.theme.style(style, **overrides) if isinstance(style, str) else style
        shaping, marked_up = self._prepared(text, st.fontName)
        if shaping:
            return ShapedParagraph(marked_up, self._shaped_style(st), self.theme.chain, source=text, warn=self.warn)
        return cached_paragraph(marked_up, st, text)

    def _shaped_style(self, st: ParagraphStyle) -> ParagraphStyle:
        """``st`` for shaped text: taller lines, for stacked marks; made once per style and kept on it."""
        extra = float(self.theme.data.get("shaped_leading", 1.0))
        known = vars(st).get(measure.MEMO + "shaped")
        if known is None or known[0] != extra:
            known = (extra, ParagraphStyle(f"{st.name}-shaped", parent=st, shaping=1, leading=st.leading * extra))
            vars(st)[measure.MEMO + "shaped"] = known
        return known[1]

    def _prepared(self, text: str, font: str) -> tuple[bool, str]:
        """Whether the text needs shaping, and its markup (links added when it is not shaped),
        after checking ``font`` covers it; worked out once per text, font and links, since
        layouts try the same words many times. A text that fails a check fails every time."""
        key = (str(text), font, self.theme.chain, self.links)
        found = _PREPARED.get(key)
        if found is None:
            if needs_shaping(text, self.theme.chain):
                found = (True, markup(text))
            else:
                check_coverage(text, font)
                found = (False, linked(markup(text), self.links))
            if len(_PREPARED) >= measure.KEPT:
                _PREPARED.clear()
            _PREPARED[key] = found
        return found

    def fit(self, text: str, style: str, width: float, height: float, min_size: float | None = None,
            **overrides) -> Paragraph:
        """The largest paragraph (down to the theme's minimum size) that fits width × height.

        Fixed boxes call this instead of ``para``: text that cannot fit is a content error,
        never clipped or left running out of its box.
        """
        base = self.theme.style(style, **overrides)
        floor = min(min_size or self.theme.min_size, base.fontSize)
        size, ratio = base.fontSize, base.leading / base.fontSize
        _refuse_far_too_long(text, width, height, floor, ratio)
        if len(text) > LONG_TEXT:  # likely too long: one try at the floor says so before 30 larger ones
            st = self.theme.style(style, **{**overrides, "fontSize": floor, "leading": floor * ratio})
            p = self.para(text, st)
            p.check_width = False
            if p.wrap(width, height)[1] > height + 0.01 or p.minWidth() > width + 0.01:
                raise _overflow(text, p, width, height, st)
        while True:
            st = self.theme.style(style, **{**overrides, "fontSize": size, "leading": size * ratio})
            p = self.para(text, st)
            p.check_width = False  # here a too-wide word means: try a smaller size
            h = measure.height(p, width)
            if h <= height + 0.01 and p.minWidth() <= width + 0.01:
                p.wrap(width, height)  # the one that is kept is wrapped for real
                return p
            if size <= floor + 1e-6:
                raise _overflow(text, p, width, height, st)
            size = max(floor, size - 0.25)  # the last try is the floor itself


NARROWEST_EM = 0.1  # no printing character is narrower than a hair space (0.1 em)
MARKS_PER_LETTER = 4  # combining marks and joiners take no width: Khmer stacks up to about three
FAR_BEYOND = 10  # times the bound: short of it, laying out once at the floor says exactly how far over
LONG_TEXT = 500  # characters; the longest text of a fixed box today is about 200


def _refuse_far_too_long(text: str, width: float, height: float, size: float, ratio: float) -> None:
    """Refuse, before any layout, a text longer than the box could hold at any font.

    Laying out a 180 KB text at 36 sizes took over a minute. A box of L lines holds at most
    L × width / (0.1 em) letters, each with a few zero-width marks: beyond that bound the
    text cannot fit whatever its letters, and counting them is instant.
    """
    lines = max(1, int((height + 0.01) // (size * ratio)))
    capacity = lines * int(width // (NARROWEST_EM * size) + 1) * MARKS_PER_LETTER
    if len(text) > capacity * FAR_BEYOND:
        raise ContentError(where_of(text), f"this text has {len(text):,} characters, far more than the box holds "
                                           f"even at {size:g} pt ({lines} lines); shorten it")


_PARSED: dict[tuple, list] = {}
_PREPARED: dict[tuple, tuple[bool, str]] = {}  # (text, font, font chain, links) → (shaped?, markup)


def cached_paragraph(text: str, style: ParagraphStyle, source: str = "") -> Paragraph:
    """A Paragraph whose markup is parsed once per text and style.

    Layout tries several sizes and every colour mode builds the same words again; parsing
    (ReportLab's HTML parser) was a quarter of a build. The fragments are only read by
    ReportLab afterwards, so a shallow copy of the list is safe to share.
    """
    key = (text, style.fontName, style.fontSize, style.leading, style.alignment, repr(style.textColor))
    frags = _PARSED.get(key)
    if frags is None:
        para = ContentParagraph(text, style)
        _PARSED[key] = list(para.frags)
    else:
        para = ContentParagraph(text, style, frags=list(frags))
    para.source = source
    para.measure_key = (text, measure.style_key(style))
    return para


class ContentParagraph(measure.Measured, TaggedParagraph, Paragraph):
    """A paragraph of content that refuses a word wider than its column.

    Our styles never split words (splitLongWords=0 keeps words whole), so such a word would
    run off the page; instead the build names it. ``Kit.fit`` turns the check off while it
    looks for a size, since there a too-wide word means "try smaller".
    """

    source: str = ""
    check_width = True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.unwrapped = None
        if self.check_width and self.minWidth() > availWidth + 0.5:
            word = max(re.split(r"\s+", plain(self.source)), key=len)
            raise ContentError(where_of(self.source), f"the word '{word}' is wider than its column even at "
                               f"{self.style.fontSize:g} pt; shorten it or add a hyphen or space")
        return super().wrap(availWidth, availHeight)

    def minWidth(self) -> float:
        return measure.min_width(self, super().minWidth)

    def split(self, availWidth: float, availHeight: float) -> list:
        """The pieces keep the content string, so an error in any of them still names it."""
        if self.unwrapped is not None:
            self.wrap(availWidth, availHeight)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.source, part.check_width = self.source, self.check_width
        return self.tagged_like(parts)


def _overflow(text: str, p: Paragraph, width: float, height: float, st: ParagraphStyle) -> ContentError:
    """Say how far over the box a text is, and what the writer can do about it."""
    p.wrap(width, 1e6)
    lines = len(p.blPara.lines)
    holds = max(0, int((height + 0.01) // p.style.leading))  # the paragraph's own leading (taller for Khmer)
    if p.minWidth() > width:
        word = max(re.split(r"\s+", plain(text)), key=len)
        return ContentError(where_of(text), f"the word '{word}' is wider than its box even at "
                            f"{st.fontSize:g} pt; shorten it or add a hyphen or space")
    return ContentError(where_of(text), f"this text needs {lines} lines at {st.fontSize:g} pt, "
                        f"the box holds {holds}; shorten it or lower min_size in templates/theme.yaml")


def draw_footer(canvas: Canvas, kit: Kit, width: float, notice: str, label: str, colophon: str = "",
                lang: str | None = None) -> None:
    """Page furniture on every page: a hairline, the notice on the left, colophon and page label on the right."""
    theme = kit.theme
    left, right = theme.mm("page", "margin", "left"), width - theme.mm("page", "margin", "right")
    y = theme.mm("page", "footer_rise")
    style = theme.style("footer", textColor=theme.colour("muted"))
    room = right - left - canvas.stringWidth(f"{label}  {colophon}", style.fontName, style.fontSize) - 24
    if canvas.stringWidth(str(notice), style.fontName, style.fontSize) > room:
        raise ContentError(where_of(notice), f"the notice needs {canvas.stringWidth(str(notice), style.fontName, style.fontSize) / mm:.0f} mm "
                           f"at {style.fontSize:g} pt, the footer has {room / mm:.0f} mm; shorten it")
    canvas.saveState()
    canvas.setStrokeColor(theme.colour("rule"))
    canvas.setLineWidth(0.5)
    canvas.line(left, y + 11, right, y + 11)
    canvas.setFillColor(theme.colour("muted"))
    canvas.setFont(style.fontName, style.fontSize)
    check_coverage(notice, style.fontName)
    with marked(canvas, "P", lang=lang):  # the notice is content (read last: the footer is drawn as the page ends)
        canvas.drawString(left, y, str(notice))
    canvas.setFont(theme.style("label").fontName, style.fontSize)
    canvas.drawRightString(right, y, str(label))
    if colophon:
        canvas.setFont(style.fontName, max(theme.min_size, style.fontSize * 0.85))  # never below the floor
        canvas.drawRightString(right - canvas.stringWidth(str(label), theme.style("label").fontName, style.fontSize) - 12,
                               y, str(colophon))
    canvas.restoreState()


PROOF_EDGE = 4.5 * mm  # the proof mark keeps this far from the left edge, and ends about 9 mm in


def draw_proof_mark(canvas: Canvas, kit: Kit, text: str, centre: tuple[float, float] | None = None) -> None:
    """"PROOF, not for distribution": on a paper-coloured label with a dashed edge.

    By default it runs up the left margin, which every page but the poster keeps clear of
    text (tests check nothing lies under it); a page with a better place
    (the poster's notice band) gives its ``centre`` and the label lies there. Its own
    background keeps it legible on a coloured band.
    """
    theme = kit.theme
    page_w, page_h = canvas._pagesize
    para = kit.para(text, "proof", textColor=theme.colour("accent"))
    _, text_h = para.wrap((page_w if centre else page_h) - 4 * PROOF_EDGE, page_h)
    width = max(para.getActualLineWidths0())
    pad = 0.8 * mm
    canvas.saveState()
    if centre:
        canvas.translate(centre[0] - width / 2, centre[1] - text_h / 2 - pad)
    else:
        canvas.translate(PROOF_EDGE + text_h + 2 * pad, (page_h - width) / 2)
        canvas.rotate(90)
    canvas.setFillColor(theme.colour("paper"))
    canvas.setStrokeColor(theme.colour("accent"))
    canvas.setLineWidth(0.75)
    canvas.setDash(3, 2)
    canvas.rect(-pad, 0, width + 2 * pad, text_h + 2 * pad, stroke=1, fill=1)
    para.drawOn(canvas, 0, pad)
    canvas.restoreState()


def fill_to_edge(kit: Kit, canvas: Canvas, role: str, x: float, y: float, w: float, h: float,
                 page: tuple[float, float]) -> None:
    """Fill a rectangle whose sides on the page edge run on by the theme's bleed.

    Every edition draws this way; screen PDFs simply do not show the bleed, and the print
    variant frames the page so that it does, leaving no white hairline after trimming.
    """
    bleed, (W, H), eps = kit.theme.mm("print", "bleed"), page, 0.01
    x0 = x - bleed if x <= eps else x
    y0 = y - bleed if y <= eps else y
    x1 = x + w + bleed if x + w >= W - eps else x + w
    y1 = y + h + bleed if y + h >= H - eps else y + h
    canvas.setFillColor(kit.theme.colour(role))
    canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
