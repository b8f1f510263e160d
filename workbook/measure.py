"""How big a paragraph is at a width, measured once per process for the same words and style.

Fitting tries many layouts of the same words: the poster tries several scales, each band
several arrangements, ``Kit.fit`` a font size at a time, and ``build.py watch`` composes the
same product again after every save. Only the measurements are remembered (height, widest
line, widest word, and the words a shaped line had to cut), never ReportLab's line state:
a split changes it and drawing reads it. A paragraph measured from the memo is left
unwrapped and wraps at that width when it is drawn (``Measured``).

A paragraph is keyed by its ``measure_key`` (its markup and every attribute of its style,
by value; shaped text adds its font chain); one without a key is simply wrapped.
Measuring never depends on what was measured before: shaped glyphs get code points of
their own (``rl_fixes``), so skipping a wrap cannot change a PDF's bytes.
"""
from __future__ import annotations

from typing import Any, Callable

KEPT = 20_000  # entries per memo; a full build of one edition measures about 3,000 distinct texts
_SIZES: dict[tuple, tuple[float, float, tuple[str, ...]]] = {}  # → (widest line, height, words cut)
_WIDEST: dict[tuple, float] = {}
MEMO = "_memo_"  # attributes a style keeps about itself: its key, its shaped variant (kit)


class Measured:
    """A paragraph that ``height`` and ``extent`` may leave unwrapped: drawn, it wraps first at
    the width it was last measured at. Its ``wrap`` must set ``unwrapped`` to None."""

    measure_key: tuple | None = None
    unwrapped: float | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self.unwrapped is not None:
            self.wrap(self.unwrapped, 1e6)
        super().drawOn(canvas, x, y, _sW)

    def tell(self, words: tuple[str, ...]) -> None:
        """Say again what measuring this text at this width says (shaped text: words it cut)."""


def style_key(style: Any) -> tuple:
    """A paragraph style by value: every attribute but its parent (whose values are copied in),
    worked out once and kept on the style itself (styles are never changed once made)."""
    known = vars(style).get(MEMO)
    if known is None:
        known = tuple((name, repr(value)) for name, value in sorted(vars(style).items())
                      if name != "parent" and not name.startswith(MEMO))
        vars(style)[MEMO] = known
    return known


def height(para: Any, width: float) -> float:
    """``para.wrap(width, ∞)``'s height; see ``extent``."""
    return extent(para, width)[1]


def extent(para: Any, width: float) -> tuple[float, float]:
    """(widest line, height) of ``para`` set ``width`` wide, from the memo when the same words
    in the same style were measured at this width before.

    On a hit the paragraph is not wrapped: it remembers the width, and wraps at it when it
    is drawn or split; anything else read from it (``height``, its lines) needs ``wrap``.
    A wrap that raises (a word wider than its column) raises again next time, since only
    results are kept; a warning it gave is given again (``tell``).
    """
    key = getattr(para, "measure_key", None)
    if key is None:
        para.wrap(width, 1e6)
        return max(para.getActualLineWidths0() or [0]), para.height
    key = (key, getattr(para, "check_width", True), round(width, 6))
    found = _SIZES.get(key)
    if found is not None:
        para.unwrapped = width
        para.tell(found[2])
        return found[0], found[1]
    para.wrap(width, 1e6)
    found = (max(para.getActualLineWidths0() or [0]), para.height, tuple(getattr(para, "cut", ())))
    _remember(_SIZES, key, found)
    return found[0], found[1]


def min_width(para: Any, compute: Callable[[], float]) -> float:
    """The width of the paragraph's widest word (``compute``), once per words and style."""
    key = getattr(para, "measure_key", None)
    if key is None:
        return compute()
    found = _WIDEST.get(key)
    if found is None:
        found = compute()
        _remember(_WIDEST, key, found)
    return found


def _remember(memo: dict, key: Any, value: Any) -> None:
    """Bounded: a long-lived process (watch) forgets everything at once rather than grow."""
    if len(memo) >= KEPT:
        memo.clear()
    memo[key] = value
