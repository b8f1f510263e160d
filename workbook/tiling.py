"""Where a big poster is cut into office sheets: the grid, the seams and each sheet's window.

In: the poster's size, the office paper and the boxes that must stay whole (QR codes).
Out: a ``TilePlan``. Pure geometry, no drawing: ``impose.tiles`` draws what it says.

The model, per axis. Seams s_1 < … < s_(n-1) split the poster into the parts each sheet
keeps. Sheet i prints a window [o_i, o_i + w] of the poster (w: the paper less its margins)
with o_i = s_i - TRIM: it is cut along s_i (a dashed line TRIM inside its window, so a cut a
little off the line leaves no white edge) and lies over sheet i-1, whose window reaches at
least OVERLAP past s_i (the hatched glue strip). A seam never runs within CLEAR of a box that
must stay whole, so one sheet carries the whole QR code, quiet zone and all, and it scans.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm

from .theme import page_size

OVERLAP = 10 * mm       # each sheet lies over its neighbour's picture by at least this: the glue strip
TRIM = 5 * mm           # picture kept beyond each cut line
CLEAR = 3 * mm          # least distance from a seam to a box kept whole
MARGIN = 12 * mm        # left, right and top: beyond an office printer's unprintable edge
BOTTOM = 18 * mm        # bottom: room for the help text above the notice
EXTRA = 3               # at most this many sheets more per axis, to keep the boxes whole

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in poster points (origin lower left)
Span = tuple[float, float]


@dataclass(frozen=True)
class TilePlan:
    """The sheets: their size, the (columns, rows) grid, seams and window origins per axis.

    ``xs``/``ys`` are the seams with the poster's edges, ``ys`` measured down from the top, so
    row 0 is the top row; ``ox``/``oy`` the window origins (left edge; top edge, from the top).
    """

    poster: tuple[float, float]
    sheet: tuple[float, float]
    grid: tuple[int, int]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    ox: tuple[float, ...]
    oy: tuple[float, ...]

    @property
    def window_size(self) -> tuple[float, float]:
        return window_size(self.sheet)

    def window(self, r: int, c: int) -> tuple[float, float]:
        """Lower-left corner, in poster coordinates, of the poster part sheet (r, c) prints."""
        return self.ox[c], self.poster[1] - self.oy[r] - self.window_size[1]

    def kept(self, r: int, c: int) -> Box:
        """The part of the poster sheet (r, c) keeps once cut and covered (x0, y0, x1, y1)."""
        ph = self.poster[1]
        return self.xs[c], ph - self.ys[r + 1], self.xs[c + 1], ph - self.ys[r]

    def printed(self, r: int, c: int) -> Box:
        """The part of the poster sheet (r, c) prints: what it keeps, TRIM beyond each cut and
        OVERLAP (the glue strip) beyond each seam a neighbour covers; within its window and the poster."""
        (wx, wy), (ww, wh) = self.window(r, c), self.window_size
        x0, y0, x1, y1 = self.kept(r, c)
        cols, rows = self.grid
        pw, ph = self.poster
        return (max(wx, x0 - TRIM, 0.0), max(wy, y0 - OVERLAP if r + 1 < rows else 0.0, 0.0),
                min(wx + ww, x1 + OVERLAP if c + 1 < cols else pw, pw), min(wy + wh, y1 + TRIM, ph))

    def on_sheet(self, r: int, c: int, box: Box) -> Box:
        """A box in poster coordinates, where sheet (r, c) prints it (sheet coordinates)."""
        wx, wy = self.window(r, c)
        dx, dy = MARGIN - wx, BOTTOM - wy
        return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy

    def holder(self, box: Box) -> tuple[int, int] | None:
        """The sheet (r, c) that keeps all of ``box``, if one does."""
        for r in range(self.grid[1]):
            for c in range(self.grid[0]):
                k = self.kept(r, c)
                if k[0] <= box[0] and k[1] <= box[1] and box[2] <= k[2] and box[3] <= k[3]:
                    return r, c
        return None


def window_size(sheet: tuple[float, float]) -> tuple[float, float]:
    """The printed window of a sheet: the paper less its margins."""
    return sheet[0] - 2 * MARGIN, sheet[1] - MARGIN - BOTTOM


def plan(poster: tuple[float, float], paper: str, keep: list[Box] = ()) -> TilePlan:
    """The fewest sheets (portrait or landscape) whose seams miss every box in ``keep``.

    A box too big for any sheet to hold whole is ignored rather than making the poster untileable.
    """
    best = None
    for landscape in (False, True):
        sheet = page_size(paper, landscape)
        w, h = window_size(sheet)
        fits = [b for b in keep if b[2] - b[0] + 2 * CLEAR <= w - OVERLAP - TRIM
                and b[3] - b[1] + 2 * CLEAR <= h - OVERLAP - TRIM]
        across = axis(poster[0], w, [(b[0], b[2]) for b in fits])
        down = axis(poster[1], h, [(poster[1] - b[3], poster[1] - b[1]) for b in fits])
        candidate = TilePlan(poster, sheet, (len(across[0]) - 1, len(down[0]) - 1), *_pair(across, down))
        if best is None or _count(candidate) < _count(best):
            best = candidate
    return best


def _pair(across: tuple[list[float], list[float]], down: tuple[list[float], list[float]]) -> tuple:
    return tuple(across[0]), tuple(down[0]), tuple(across[1]), tuple(down[1])


def _count(p: TilePlan) -> int:
    return p.grid[0] * p.grid[1]


def axis(length: float, window: float, keep: list[Span]) -> tuple[list[float], list[float]]:
    """Seams (with 0 and ``length``) and window origins along one axis, fewest sheets first."""
    least = 1 if length <= window else math.ceil((length - window) / (window - OVERLAP - TRIM)) + 1
    for n in range(least, least + EXTRA + 1):
        cuts = seams(length, window, n, keep)
        if cuts is not None:
            return [0.0, *cuts, length], [0.0] + [s - TRIM for s in cuts]
    cuts = seams(length, window, least, [])  # no seam misses them all: keep the fewest sheets
    return [0.0, *cuts, length], [0.0] + [s - TRIM for s in cuts]


def seams(length: float, window: float, n: int, keep: list[Span]) -> list[float] | None:
    """n - 1 seams, each as near an even split as the rules allow, or None when none exist.

    The rules: sheet 0 reaches OVERLAP past seam 1; neighbouring seams at most ``window -
    OVERLAP - TRIM`` apart; the last seam within ``window - TRIM`` of the end; no seam within
    CLEAR of a kept span. Bounds come from two greedy passes (as far right as possible from
    the left, as far left as possible from the right); each seam then takes the allowed
    position nearest its ideal within them, which keeps the rest feasible.
    """
    if n == 1:
        return [] if length <= window else None
    step = window - OVERLAP - TRIM
    banned = sorted((a - CLEAR, b + CLEAR) for a, b in keep)
    hi, pos = [], 0.0
    for i in range(n - 1):
        pos = _allowed_at_most(window - OVERLAP if i == 0 else pos + step, banned, pos)
        if pos is None:
            return None
        hi.append(pos)
    lo, pos = [], length
    for i in range(n - 1):
        pos = _allowed_at_least(length - (window - TRIM) if i == 0 else pos - step, banned, pos)
        if pos is None:
            return None
        lo.append(pos)
    lo.reverse()
    cuts: list[float] = []
    for i in range(n - 1):
        low = lo[i] if not cuts else max(lo[i], cuts[-1] + 1)
        high = hi[i] if not cuts else min(hi[i], cuts[-1] + step)
        best = _nearest(length * (i + 1) / n, low, high, banned)
        if best is None:
            return None
        cuts.append(best)
    return cuts


def _inside(x: float, banned: list[Span]) -> bool:
    return any(a < x < b for a, b in banned)


def _allowed_at_most(x: float, banned: list[Span], floor: float) -> float | None:
    """The largest allowed position ≤ x and > floor."""
    for a, b in reversed(banned):
        if a < x < b:
            x = a
    return x if x > floor else None


def _allowed_at_least(x: float, banned: list[Span], ceiling: float) -> float | None:
    """The smallest allowed position ≥ x and < ceiling."""
    for a, b in banned:
        if a < x < b:
            x = b
    return x if x < ceiling else None


def _nearest(ideal: float, low: float, high: float, banned: list[Span]) -> float | None:
    """The allowed position in [low, high] nearest ``ideal``."""
    if low > high:
        return None
    points = [min(max(ideal, low), high), low, high] + [e for a, b in banned for e in (a, b) if low <= e <= high]
    allowed = [p for p in points if not _inside(p, banned)]
    return min(allowed, key=lambda p: abs(p - ideal)) if allowed else None
