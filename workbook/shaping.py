"""Text in several scripts: fonts chosen per character, lines broken where the script allows.

In: content text (our markup already turned into ReportLab's by ``kit.markup``) and the
theme's font chain. Out: ``ShapedParagraph``, a ReportLab ``Paragraph`` whose lines we
break ourselves, because ReportLab 5.1 cannot for Khmer (see ../shared/notes): it ignores
U+200B, the zero-width space between Khmer words, and then cuts words letter by letter with
unshaped widths. Here every run is measured with HarfBuzz (the shaper ReportLab draws
with), lines break only at spaces and U+200B, never inside a cluster, and each finished
line is handed to ReportLab whole, so its shaping survives. Each paragraph is wrapped in
an ``/ActualText`` span so that copying or searching the PDF gives the logical text, not
the shaped glyphs in visual order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from xml.sax.saxutils import escape, unescape

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from . import measure, rl_fixes  # noqa: F401  (the baseline fix must be in place before anything is drawn)
from .content import where_of
from .errors import ContentError
from .fonts import cmap, face_name, no_font
from .tagging_draw import TaggedParagraph

ZWSP = "\u200b"
BREAKS = {" ", ZWSP}
NO_BREAK_BEFORE = set("\u17d4\u17d5\u17d6\u17da.,;:!?)]}%\u201d\u2019»")  # khan, bariyoosan, closing marks
_TAG = re.compile(r"(</?[bi]>)")


@dataclass(frozen=True)
class Piece:
    """A run of text in one font face: what we measure and emit."""

    text: str
    family: str
    bold: bool
    italic: bool

    @property
    def face(self) -> str:
        return face_name(self.family, "bolditalic" if self.bold and self.italic else
                         "bold" if self.bold else "italic" if self.italic else "regular")


def needs_shaping(text: str, chain: tuple[str, ...]) -> bool:
    """True when some character is not in the first (Latin) family: it needs our line breaker."""
    first = cmap(chain[0])
    return any(ord(ch) not in first and ch not in BREAKS and not unicodedata.category(ch).startswith("C")
               for ch in text)


def pieces(markup: str, chain: tuple[str, ...], source: str = "", bold: bool = False,
           italic: bool = False) -> list[Piece]:
    """Split ReportLab markup (``<b>``/``<i>`` only) into runs, each in the first family that has its
    characters; ``bold``/``italic`` say what the paragraph style itself is."""
    out: list[Piece] = []
    depth = {"b": 0, "i": 0}
    base_bold, base_italic = bold, italic
    for token in _TAG.split(markup):
        if token in ("<b>", "</b>", "<i>", "</i>"):
            depth[token.strip("</>")] += -1 if token.startswith("</") else 1
            bold, italic = base_bold or depth["b"] > 0, base_italic or depth["i"] > 0
            continue
        family = None
        for ch in unescape(token):
            fam = _family_for(ch, chain, family, source)
            if out and out[-1].family == fam and out[-1].bold == bold and out[-1].italic == italic and family is not None:
                out[-1] = Piece(out[-1].text + ch, fam, bold, italic)
            else:
                out.append(Piece(ch, fam, bold, italic))
            family = fam
    return out


_RUNS: dict[tuple, tuple[Piece, ...]] = {}
_PARSED: dict[tuple, list] = {}  # (markup, style by value) → ReportLab's fragments, only ever read


def _pieces(markup: str, chain: tuple[str, ...], source: str, bold: bool, italic: bool) -> list[Piece]:
    """``pieces``, once per markup, chain and face: layouts try the same words many times.
    A text with a character no font has raises every time (with its own ``source``)."""
    key = (markup, chain, bold, italic)
    found = _RUNS.get(key)
    if found is None:
        found = tuple(pieces(markup, chain, source, bold, italic))
        if len(_RUNS) >= measure.KEPT:
            _RUNS.clear()
            _PARSED.clear()
        _RUNS[key] = found
    return list(found)


def _family_for(ch: str, chain: tuple[str, ...], previous: str | None, source: str) -> str:
    """The first family covering ``ch``; marks and format characters stay with the run they join."""
    if ch in BREAKS or unicodedata.category(ch) in ("Mn", "Mc", "Cf"):
        if previous is not None and (ch in BREAKS or ord(ch) in cmap(previous)):
            return previous
    for family in chain:
        if ord(ch) in cmap(family):
            return family
    if ch in BREAKS or unicodedata.category(ch) == "Cf":
        return previous or chain[0]
    raise ContentError(where_of(source), no_font(ch, chain))


@lru_cache(maxsize=None)
def _hb_font(face: str) -> tuple[hb.Font, int]:
    blob = hb.Blob(pdfmetrics.getFont(face).face._ttf_data)
    hb_face = hb.Face(blob)
    return hb.Font(hb_face), hb_face.upem


@lru_cache(maxsize=65536)
def _shape(text: str, face: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """HarfBuzz advances and cluster starts of ``text`` in ``face`` (font units)."""
    font, _ = _hb_font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    return tuple(p.x_advance for p in buf.glyph_positions), tuple(i.cluster for i in buf.glyph_infos)


def width(piece: Piece, size: float) -> float:
    """The shaped width of a run at ``size`` points (what ReportLab will draw)."""
    text = piece.text.replace(ZWSP, "")
    if not text:
        return 0.0
    advances, _ = _shape(text, piece.face)
    return sum(advances) * size / _hb_font(piece.face)[1]


def _words(runs: list[Piece]) -> list[tuple[list[Piece], str]]:
    """Unbreakable words (as runs) each with the break that follows it ('' at the end)."""
    words: list[tuple[list[Piece], str]] = []
    current: list[Piece] = []
    for run in runs:
        for part in re.split(f"([ {ZWSP}])", run.text):
            if part in BREAKS:
                words.append((current, part))
                current = []
            elif part:
                current.append(Piece(part, run.family, run.bold, run.italic))
    words.append((current, ""))
    words = [(w, b) for w, b in words if w or b == " "]
    glued: list[tuple[list[Piece], str]] = []
    for w, b in words:  # a khan or a closing mark never starts a line: glue it to the word before
        if glued and w and w[0].text[0] in NO_BREAK_BEFORE:
            prev, sep = glued[-1]
            joint = [Piece(sep, prev[-1].family, prev[-1].bold, prev[-1].italic)] if sep == " " else []
            glued[-1] = (prev + joint + w, b)
        else:
            glued.append((w, b))
    return glued


def break_lines(runs: list[Piece], avail: float, size: float, warn: list[str] | None = None,
                bind: bool = False) -> list[list[Piece]]:
    """Greedy lines no wider than ``avail``, broken at spaces and U+200B; an overlong word
    is cut between clusters (never inside one) and reported in ``warn``. With ``bind`` (running
    text) the last two words stay together, so a paragraph never ends on a lone word."""
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    used = 0.0
    space = {}
    words = _words(runs)
    for word, brk in _bind_last(words, avail, size) if bind else words:
        w = sum(width(p, size) for p in word)
        if line and used + w > avail:
            lines.append(line)
            line, used = [], 0.0
        if w > avail:
            if warn is not None:
                warn.append("".join(p.text for p in word))
            for chunk in _cut(word, avail - used, avail, size):
                if line and used + chunk[1] > avail:
                    lines.append(line)
                    line, used = [], 0.0
                line += chunk[0]
                used += chunk[1]
        else:
            line += word
            used += w
        if brk == " " and word:
            fam = word[-1]
            sp = space.setdefault(fam.face, pdfmetrics.stringWidth(" ", fam.face, size))
            line.append(Piece(" ", fam.family, fam.bold, fam.italic))
            used += sp
    if line:
        lines.append(line)
    return [_trim(l) for l in lines] or [[]]


def _bind_last(words: list[tuple[list[Piece], str]], avail: float, size: float) -> list[tuple[list[Piece], str]]:
    """The last two words glued (a paragraph never ends on a lone word) when they fit half a line."""
    real = [i for i, (w, _) in enumerate(words) if w]
    if len(real) < 2:
        return words
    a, b = real[-2], real[-1]
    (first, sep), (last, brk) = words[a], words[b]
    joint = [Piece(sep, first[-1].family, first[-1].bold, first[-1].italic)] if sep == " " else []
    glued = first + joint + last
    if sum(width(p, size) for p in glued) > avail / 2:
        return words
    return words[:a] + [(glued, brk)] + words[b + 1:]


def _cut(word: list[Piece], first: float, avail: float, size: float) -> list[tuple[list[Piece], float]]:
    """Pieces of an overlong word, each ending on a cluster boundary that HarfBuzz reports."""
    out: list[tuple[list[Piece], float]] = []
    for piece in word:
        _, clusters = _shape(piece.text, piece.face)
        starts = sorted(set(clusters)) + [len(piece.text)]
        begin = 0
        for a, b in zip(starts, starts[1:]):
            chunk = Piece(piece.text[begin:b], piece.family, piece.bold, piece.italic)
            if width(chunk, size) > (first if not out else avail) and b - 1 > begin and a > begin:
                head = Piece(piece.text[begin:a], piece.family, piece.bold, piece.italic)
                out.append(([head], width(head, size)))
                begin = a
        tail = Piece(piece.text[begin:], piece.family, piece.bold, piece.italic)
        out.append(([tail], width(tail, size)))
    return out


def _trim(line: list[Piece]) -> list[Piece]:
    while line and line[-1].text == " ":
        line = line[:-1]
    return line


def _merged(line: list[Piece]) -> list[Piece]:
    """Neighbouring runs in the same face joined, so a line carries one tag per change of font."""
    out: list[Piece] = []
    for p in line:
        if out and (out[-1].family, out[-1].bold, out[-1].italic) == (p.family, p.bold, p.italic):
            out[-1] = Piece(out[-1].text + p.text, p.family, p.bold, p.italic)
        else:
            out.append(p)
    return out


def emit(line: list[Piece], base_family: str) -> str:
    """One line back to ReportLab markup: fonts by family, bold and italic as tags, no U+200B."""
    out = []
    for p in _merged(line):
        text = escape(p.text.replace(ZWSP, ""))
        if p.italic:
            text = f"<i>{text}</i>"
        if p.bold:
            text = f"<b>{text}</b>"
        if p.family != base_family:  # outside <b>: ReportLab picks the family's bold face only this way round
            text = f'<font name="{p.family}">{text}</font>'
        out.append(text)
    return "".join(out)


class ShapedParagraph(measure.Measured, TaggedParagraph, Paragraph):
    """A paragraph whose lines we break (shaped widths, script-aware breaks), then ReportLab draws.

    ``text`` is ReportLab markup as made by ``kit.markup``; ``source`` the content string,
    for error messages and for the copy-and-search text (``/ActualText``).
    """

    def __init__(self, text: str | None, style, chain: tuple[str, ...] = ("Sans",), source: str = "",
                 lines: list[list[Piece]] | None = None, warn: Callable[[object, str], None] | None = None, **kwargs):
        self.chain, self.source, self.markup, self.warn = chain, source, text or "", warn
        face = style.fontName
        self.runs = (_pieces(self.markup, chain, source, "Bold" in face, "Italic" in face)
                     if lines is None else [p for line in lines for p in line])
        self.fixed = lines
        self.cut: list[str] = []  # the words the last line breaking had to cut
        self._built_for: float | None = None
        if lines is None and not kwargs:
            self.measure_key = ("shaped", self.markup, chain, measure.style_key(style))
        self._parse(self._joined(lines or [self.runs]), style, **kwargs)

    def _joined(self, lines: list[list[Piece]]) -> str:
        return "<br/>".join(emit(line, self.chain[0]) for line in lines)

    def _parse(self, text: str, style, **kwargs) -> None:
        """ReportLab's own set-up, its markup parsed once per text and style (``_PARSED``)."""
        if kwargs:
            Paragraph.__init__(self, text, style, **kwargs)
            return
        frags = _PARSED.get((text, measure.style_key(style)))
        Paragraph.__init__(self, text, style, frags=None if frags is None else list(frags))
        if frags is None:
            if len(_PARSED) >= measure.KEPT:
                _PARSED.clear()
            _PARSED[(text, measure.style_key(style))] = list(self.frags)

    def _rebuild(self, avail: float) -> None:
        if self.fixed is not None or self._built_for == avail:
            return
        running = getattr(self.style, "allowWidows", 1) == 0  # running text (see handout_blocks.reading)
        self.cut = []
        self.lines = break_lines(self.runs, avail, self.style.fontSize, self.cut, bind=running)
        self.tell(tuple(self.cut))
        self._parse(self._joined(self.lines), self.style)
        self._built_for = avail

    def tell(self, words: tuple[str, ...]) -> None:
        for word in words if self.warn else ():
            self.warn(where_of(self.source), f"'{word[:24]}…' has no break opportunity (U+200B or space) and was cut "
                      f"between letter clusters to fit; separate its words with U+200B")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.unwrapped = None
        self._rebuild(availWidth - self.style.leftIndent - self.style.rightIndent - 0.5)
        return super().wrap(availWidth, availHeight)

    def minWidth(self) -> float:
        return max((sum(width(p, self.style.fontSize) for p in w) for w, _ in _words(self.runs)), default=0.0)

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        """Split between our lines: the tail starts with its own first line, not an empty one."""
        self.wrap(availWidth, availHeight)
        lines = self.fixed or self.lines
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        head = ShapedParagraph(None, self.style, self.chain, self.source, lines[:fit])
        tail = ShapedParagraph(None, self.style, self.chain, self.source, lines[fit:])
        return self.tagged_like([head, tail])

    def draw(self) -> None:
        """Draw inside a marked-content span whose ActualText is the logical text."""
        text = "".join(p.text for line in (self.fixed or [self.runs]) for p in line).replace(ZWSP, "")
        hexed = ("\ufeff" + text).encode("utf-16-be").hex().upper()
        self.canv._code.append(f"/Span <</ActualText <{hexed}>>> BDC")
        super().draw()
        self.canv._code.append("EMC")
