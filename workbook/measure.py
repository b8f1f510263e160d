"""How tall a paragraph is at a width, measured once per process for the same words and style.

Fitting tries many layouts of the same words: the poster tries six scales, each band
several arrangements, ``Kit.fit`` a font size at a time, and ``build.py watch`` composes the
same product again after every save. Only the height is remembered, never ReportLab's
line state (a split changes it, drawing reads it): a paragraph that is then drawn is
wrapped for real. A paragraph is keyed by its markup and every attribute of its style,
by value; one without a ``measure_key`` (shaped text, whose wrap can warn) is simply wrapped.
"""
from __future__ import annotations

from typing import Any

KEPT = 20_000  # heights; a full build of one edition measures about 3,000 distinct ones
_HEIGHTS: dict[tuple, float] = {}
_STYLES: dict[int, tuple[Any, tuple]] = {}  # id → (the style, kept alive so its id is not reused; its key)


def style_key(style: Any) -> tuple:
    """A paragraph style by value: every attribute but its parent, whose values are copied in."""
    known = _STYLES.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    key = tuple((name, repr(value)) for name, value in sorted(vars(style).items()) if name != "parent")
    if len(_STYLES) >= KEPT:
        _STYLES.clear()
    _STYLES[id(style)] = (style, key)
    return key


def height(para: Any, width: float) -> float:
    """``para.wrap(width, ∞)``'s height, from the memo when the same paragraph was measured before.

    On a hit the paragraph is not wrapped: it remembers the width, and wraps at it when it is
    drawn or split; anything else read from it (``height``, its lines) needs ``wrap``. A wrap that raises (a word wider than its column) raises again next time,
    since only heights are kept.
    """
    key = getattr(para, "measure_key", None)
    if key is None:
        return para.wrap(width, 1e6)[1]
    key = (key, getattr(para, "check_width", True), round(width, 6))
    found = _HEIGHTS.get(key)
    if found is not None:
        para.unwrapped = width  # drawn, it is wrapped at this width first (kit.ContentParagraph)
    else:
        found = para.wrap(width, 1e6)[1]
        if len(_HEIGHTS) >= KEPT:
            _HEIGHTS.clear()
        _HEIGHTS[key] = found
    return found
