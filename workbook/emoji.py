"""Emoji as vector drawings from Twemoji SVGs (svglib), never font glyphs or bitmaps.

In: an emoji character and ``assets/emoji``. Out: a function that draws it at a given size
on a canvas. Parsed SVGs are cached per process, so every edition shares one parse. Each
file is checked by ``svgsafe`` (shapes only) and svglib reads the checked tree, never the file.
"""
from __future__ import annotations

import logging
import math
from contextlib import nullcontext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from .files import read_capped
from .errors import ContentError, Where
from .project import asset_path
from .svgsafe import MAX_SVG_BYTES, checked_svg
from .tagging_draw import marked

logging.getLogger("svglib").setLevel(logging.ERROR)

MAX_CODE_POINTS = 10  # the longest emoji sequences (families, flags with tags) have 7-10


def emoji_file(char: str) -> str:
    """Twemoji's file name for an emoji: code points in hex, joined by '-', without FE0F."""
    return "-".join(f"{ord(c):x}" for c in char if c != "\ufe0f") + ".svg"


@lru_cache(maxsize=None)
def load_emoji(char: str, folder: Path) -> Drawing:
    """Parse one emoji's SVG once; a missing or unsafe file is a content error naming what to do."""
    where = getattr(char, "where", "content")
    if not 0 < len(char) <= MAX_CODE_POINTS or any(ord(c) < 0x80 and c not in "#*0123456789" for c in char):
        raise ContentError(where, f"an icon is one emoji, e.g. 👀 (found {len(char)} characters); "
                           "write only the emoji")
    name = emoji_file(char)
    rel = f"assets/emoji/{name}"
    path = asset_path(folder.parent, folder.name, name)
    if not path.exists():
        raise ContentError(where, f"no SVG for emoji {char!r}: add Twemoji's {name} to assets/emoji/")
    svg = checked_svg(read_capped(path, rel, MAX_SVG_BYTES), rel)
    drawing = svg2rlg(BytesIO(svg))
    if drawing is None or not all(math.isfinite(v) and v > 0 for v in (drawing.width, drawing.height)):
        raise ContentError(Where(rel), "this SVG could not be drawn; replace it with Twemoji's original")
    return drawing


def draw_emoji(canvas: Canvas, char: str, folder: Path, x: float, y: float, size: float,
               alt: str | None = None) -> None:
    """Draw an emoji with its lower-left corner at (x, y), ``size`` points wide and high; with
    ``alt`` as a tagged Figure, without as decoration (a repeat beside the message it marks)."""
    drawing = load_emoji(char, folder)
    scale = size / max(drawing.width, drawing.height)
    with marked(canvas, "Figure", alt=alt) if alt is not None else nullcontext():
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
