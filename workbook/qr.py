"""Vector QR codes: the ``qrcode`` library computes the modules, ReportLab draws them as one path.

In: an https URL. Out: a drawing function and a flowable. Matrices are cached per URL so
every edition that links the same video pays for it once. Error correction M and a quiet
zone of four modules keep codes readable on a worn photocopy. Every code drawn is recorded
on its canvas (``drawn_boxes``), so that imposition can keep it whole (no tile seam through it).
"""
from __future__ import annotations

from contextlib import nullcontext
from functools import lru_cache

import qrcode
from qrcode.exceptions import DataOverflowError
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .errors import ContentError
from .tagging_draw import marked

LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
MAX_VERSION = 10  # beyond this, modules get too small to scan at ~25 mm
BOXES = "_a21_qr_boxes"  # canvas attribute: [(0-based page, (x0, y0, x1, y1) in page coordinates)]
Box = tuple[float, float, float, float]


@lru_cache(maxsize=256)
def qr_version(url: str, level: str = "M") -> int:
    """The smallest QR version that holds ``url`` at ``level`` (41 when none of the 40 does)."""
    code = qrcode.QRCode(error_correction=LEVELS[level])
    code.add_data(str(url))
    try:
        return code.best_fit()
    except (DataOverflowError, ValueError):  # more than version 40 holds
        return 41


@lru_cache(maxsize=256)
def qr_matrix(url: str, level: str = "M", quiet: int = 4) -> tuple[tuple[bool, ...], ...]:
    """The module matrix (quiet zone included) for ``url``."""
    version = qr_version(url, level)
    if version > MAX_VERSION:
        raise ContentError(getattr(url, "where", "content"),
                           f"this URL is too long for a QR code that scans at print size "
                           f"(version {version} > {MAX_VERSION}); use a shorter address")
    code = qrcode.QRCode(version=version, error_correction=LEVELS[level], border=quiet)
    code.add_data(str(url))
    code.make(fit=False)
    return tuple(tuple(row) for row in code.get_matrix())


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float, level: str = "M",
            quiet: int = 4, colour: colors.Color = colors.black, background: colors.Color = colors.white,
            alt: str | None = None) -> None:
    """Draw the code with its lower-left corner (quiet zone included) at (x, y); with ``alt``, as a
    tagged Figure (without, it is page furniture: an imposed or decorative copy)."""
    with marked(canvas, "Figure", alt=alt) if alt is not None else nullcontext():
        _draw_modules(canvas, url, x, y, size, level, quiet, colour, background)
    _record(canvas, x, y, size)


def _draw_modules(canvas: Canvas, url: str, x: float, y: float, size: float, level: str, quiet: int,
                  colour: colors.Color, background: colors.Color) -> None:
    matrix = qr_matrix(url, level, quiet)
    n = len(matrix)
    cell = size / n
    canvas.saveState()
    canvas.setFillColor(background)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colour)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + start * cell, y + size - (r + 1) * cell, (c - start) * cell, cell)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _record(canvas: Canvas, x: float, y: float, size: float) -> None:
    """Note the code's box (quiet zone included) in page coordinates, whatever transform is active."""
    a, b, c, d, e, f = canvas._currentMatrix
    corners = [(a * px + c * py + e, b * px + d * py + f) for px in (x, x + size) for py in (y, y + size)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    boxes = getattr(canvas, BOXES, None)
    if boxes is None:
        boxes = []
        setattr(canvas, BOXES, boxes)
    boxes.append((canvas.getPageNumber() - 1, (min(xs), min(ys), max(xs), max(ys))))


def drawn_boxes(canvas: Canvas, page: int = 0) -> list[Box]:
    """The boxes of the QR codes drawn so far on ``page`` (0-based) of ``canvas``, without repeats."""
    seen: list[Box] = []
    for p, box in getattr(canvas, BOXES, []):
        if p == page and box not in seen:
            seen.append(box)
    return seen


class QRFlowable(Flowable):
    """A QR code as a flowable of fixed size, for documents laid out with Platypus."""

    def __init__(self, url: str, size: float, level: str = "M", quiet: int = 4, alt: str | None = None):
        super().__init__()
        self.url, self.size, self.level, self.quiet, self.alt = url, size, level, quiet, alt
        qr_matrix(url, level, quiet)  # fail early, at layout time, on a URL that cannot be coded

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.url, 0, 0, self.size, self.level, self.quiet, alt=self.alt)
