"""Measurement memo: parse and line-break each (text, style, width) once per process.

Composition tries many layouts of the same words: the conversation tries screen layouts,
the poster tries sizes, the workbook is composed for A4 and again for the A5 booklet, and
products share texts. ReportLab parses markup with ``html.parser`` and shapes every word
with HarfBuzz again each time; only about one wrap in six was new. ``MemoParagraph`` keeps
the result of ``_setup`` (parsing) and ``breakLines`` (breaking, with shaping) keyed by what
determines them: the markup, every attribute of the style (by value, never ``id()``) and
the widths. A paragraph made from fragments (a split's pieces) is not keyed and works as
before.

ReportLab's paragraphs are stateful: ``wrap`` stores ``blPara``, ``split`` may append a
space to a line's fragments, drawing reads them. So the memo keeps a private copy and hands
every paragraph its own copy of the mutable parts (fragments, lines, the word list).
Both memos are bounded (least recently used entries go first), so a long-lived process
(``watch``, a worker running several jobs) keeps its memory flat.
"""
from __future__ import annotations

from collections import OrderedDict
from copy import deepcopy
from typing import Any, Callable, Hashable

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, paragraph
from reportlab.platypus.paragraph import _handleBulletWidth, _SplitFragHY, _SplitWordHY

ENTRIES = 6000  # per memo; a km-KH job has about 2,100 distinct wraps and 3,000 distinct texts


class Memo:
    """A bounded least-recently-used map, with hit and miss counts for tests and benchmarks."""

    def __init__(self, size: int = ENTRIES) -> None:
        self.size, self.hits, self.misses = size, 0, 0
        self._data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        value = self._data.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
            self._data.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._data[key] = value
        if len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        self._data.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


def remember(memo: Memo, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``memo[key]``, computed once; ``compute`` must return something immutable (tuples of frozen values)."""
    value = memo.get(key)
    if value is None:
        value = compute()
        memo.put(key, value)
    return value


RUNS = Memo()  # (markup, font chain, bold, italic) → the paragraph's runs (shaping.pieces)
LINES = Memo()  # (runs, width, size, bind) → our line breaks and their warnings (shaping.break_lines)
PARSED = Memo()  # (markup, style key, bullet) → cleaned text, fragments, bullet fragments
BROKEN = Memo()  # (parse key, widths, autoLeading) → line structure and what breakLines sets on the paragraph


def clear() -> None:
    """Forget everything (tests; a process that switches fonts or themes)."""
    for memo in (RUNS, LINES, PARSED, BROKEN):
        memo.clear()


def style_key(style: Any) -> tuple | None:
    """The style by value: every attribute but the parent (already copied in). ``None`` when
    some value prints as an object address, which would make the key depend on identity."""
    items = tuple((k, repr(v)) for k, v in sorted(style.__dict__.items()) if k != "parent")
    return None if any(" at 0x" in v for _, v in items) else items


def _copy_lines(bl: Any) -> Any:
    """A copy of a ``blPara`` whose lines and line fragments a later split or draw may change."""
    if bl.kind == 0:
        lines = [type(line)([line[0], list(line[1])]) for line in bl.lines]
    else:
        lines = [line.clone(words=deepcopy(line.words)) for line in bl.lines]
    return bl.clone(lines=lines)


def _cloned(bullet: Any) -> Any:
    """Bullet text as given (a string) or its own copy of the fragments."""
    return bullet if bullet is None or isinstance(bullet, str) else [f.clone() for f in bullet]


PRIVATE = range(0xE000, 0xF900)


def _private_codes(bl: Any) -> tuple[tuple[str, int, int], ...] | None:
    """The private-use code points a shaped result uses, each with its font and glyph.

    ReportLab gives a shaped glyph without a character of its own the next free code from
    U+E000, and ``fonts.fresh_private_codes`` forgets them before each product: a result is
    only valid while its fonts still map those codes to the same glyphs. ``None``: not shaped."""
    if bl.kind != 1:
        return ()
    found = set()
    for line in bl.lines:
        for frag in line.words:
            for ch in getattr(frag, "text", "") or "":
                if ord(ch) in PRIVATE:
                    gid = pdfmetrics.getFont(frag.fontName).face.charToGlyph.get(ord(ch))
                    if gid is None:
                        return None
                    found.add((frag.fontName, ord(ch), gid))
    return tuple(sorted(found))


def _still_valid(codes: tuple[tuple[str, int, int], ...]) -> bool:
    return all(pdfmetrics.getFont(name).face.charToGlyph.get(code) == gid for name, code, gid in codes)


class MemoParagraph(Paragraph):
    """A ReportLab paragraph whose parse and line breaks are looked up before they are computed."""

    _memo_key: tuple | None = None

    def _setup(self, text, style, bulletText, frags, cleaner) -> None:
        skey = style_key(style) if frags is None else None
        if skey is None or not isinstance(text, str) or not (bulletText is None or isinstance(bulletText, str)):
            self._memo_key = None
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (text, skey, bulletText, self.caseSensitive)
        found = PARSED.get(key)
        if found is None:
            super()._setup(text, style, bulletText, None, cleaner)
            if self.style is not style:  # a <para> tag made its own style: not ours to share
                self._memo_key = None
                return
            found = (self.text, [f.clone() for f in self.frags], _cloned(self.bulletText))
            PARSED.put(key, found)
        else:
            cleaned, parsed, bullet = found
            self.text, self.frags, self.style, self.bulletText = cleaned, [f.clone() for f in parsed], style, _cloned(bullet)
            self.debug = 0
        self._memo_key = key

    def breakLines(self, width):
        key = self._memo_key
        if key is None:
            return super().breakLines(width)
        widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
        shaper = paragraph.shapeFragWord  # rl_fixes installs its own; tests put ReportLab's back
        bkey = (key, widths, getattr(self, "autoLeading", None), shaper.__module__, shaper.__qualname__)
        found = BROKEN.get(bkey)
        if found is not None and not _still_valid(found[-1]):
            found = None  # its private codes were forgotten since: compute again, in this product's order
        if found is None:
            bl = super().breakLines(width)
            words = self.frags if bl.kind == 1 else None
            if words is not None and any(isinstance(w, _SplitFragHY) for w in words):
                return bl  # hyphenated pieces are changed in place by split: never shared
            if bl.kind == 0 and any(isinstance(w, _SplitWordHY) for line in bl.lines for w in line[1]):
                return bl
            codes = _private_codes(bl)
            if codes is None:
                return bl
            found = (_copy_lines(bl), None if words is None else deepcopy(words),
                     self._width_max, self._splitLongWordCount, self._hyphenations, codes)
            BROKEN.put(bkey, found)
            return bl
        bl, words, self._width_max, self._splitLongWordCount, self._hyphenations, _ = found
        self.height = 0
        if self.bulletText is not None and isinstance(width, list):  # ReportLab narrows the first width in place
            _handleBulletWidth(self.bulletText, self.style, width)
        if words is not None:
            self.frags = deepcopy(words)  # a later wrap of this paragraph changes its word list in place
        return _copy_lines(bl)
