"""Poster tiles (``poster-tiles.pdf``): the big poster over office sheets, put back together.

For en-GB (A3 poster on A4) and en-US (Tabloid on Letter): one sheet per cell of the grid,
each the office paper size; each sheet's printed window (inside 12 mm margins) shows exactly
the poster at its place (PDFium renders of the tile and of the poster at 50 dpi, compared
after a 3×3 blur that absorbs sub-pixel antialiasing); the windows, pasted at their poster
positions, cover the whole poster and reassemble it; neighbours overlap by 10 mm; nothing
of the poster prints in the margins; every sheet carries the notice and its row and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pytest
from jinja2 import Template

from workbook.kit import PROOF_EDGE
from workbook.impose import OVERLAP, TILE_MARGIN, _window_origin, tile_grid

from .helpers import MM, PAPER_PT, edition_spec, norm, plain, reader, words

TILED = ("en-GB", "en-US")
DPI = 50
S = DPI / 72
DIFFERENT = 64          # a pixel differs when it is off by more than 25 % of the gray range
TOLERANCE = 0.03        # at most 3 % of a window's pixels may differ (antialiasing of text edges)


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b]", "", str(text))


def gray(doc, index: int) -> np.ndarray:
    return np.asarray(doc[index].render(scale=S, grayscale=True).to_pil().convert("L")).astype(float)


def blur(a: np.ndarray) -> np.ndarray:
    p = np.pad(a, 1, mode="edge")
    return sum(p[i:i + a.shape[0], j:j + a.shape[1]] for i in range(3) for j in range(3)) / 9


@dataclass
class Window:
    """Where tile (r, c) shows the poster: poster pixels [top:bottom, left:right] and the
    same rectangle's top-left corner on the tile render."""

    r: int
    c: int
    top: int
    bottom: int
    left: int
    right: int
    tile_top: int
    tile_left: int


@dataclass
class Tiles:
    edition: str
    poster_size: tuple[float, float]
    tile: tuple[float, float]
    grid: tuple[int, int]
    poster: np.ndarray          # blurred render
    tiles: list[np.ndarray]     # raw renders
    texts: list[tuple[str, str, str]]  # (whole page, bottom margin, top margin) text per tile
    paper: str

    def window(self, index: int) -> Window:
        cols, _ = self.grid
        r, c = divmod(index, cols)
        (pw, ph), (tw, th) = self.poster_size, self.tile
        x0, y0 = _window_origin(self.poster_size, self.tile, r, c)
        ww, wh = tw - 2 * TILE_MARGIN, th - 2 * TILE_MARGIN
        px0, px1 = max(0.0, x0), min(pw, x0 + ww)  # the part of the window the poster fills
        py0, py1 = max(0.0, y0), min(ph, y0 + wh)
        return Window(r, c, round((ph - py1) * S), round((ph - py0) * S), round(px0 * S), round(px1 * S),
                      round((th - TILE_MARGIN - (py1 - y0)) * S), round((TILE_MARGIN + px0 - x0) * S))


@pytest.fixture(scope="module", params=TILED)
def tiles(built, request) -> Tiles:
    edition = request.param
    poster_doc = pdfium.PdfDocument(str(built.pdf(edition, "poster")))
    doc = pdfium.PdfDocument(str(built.pdf(edition, "poster-tiles")))
    try:
        size = tuple(poster_doc[0].get_size())
        paper = edition_spec(built.root, edition)["paper"]["handout"]
        tile, grid = tile_grid(size, paper)
        texts = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            w, h = doc[i].get_size()
            texts.append((tp.get_text_range(), tp.get_text_bounded(0, 0, w, TILE_MARGIN),
                          tp.get_text_bounded(0, h - TILE_MARGIN, w, h)))
        return Tiles(edition, size, tile, grid, blur(gray(poster_doc, 0)), [gray(doc, i) for i in range(len(doc))],
                     texts, paper)
    finally:
        poster_doc.close()
        doc.close()


def test_the_promised_overlap_and_margins():
    assert OVERLAP == pytest.approx(10 * MM) and TILE_MARGIN == pytest.approx(12 * MM)


def test_one_office_sheet_per_cell_of_the_grid(built, tiles):
    cols, rows = tiles.grid
    pages = reader(built.pdf(tiles.edition, "poster-tiles")).pages
    assert len(pages) == cols * rows == len(tiles.tiles)
    assert cols * rows > 1
    office = PAPER_PT[tiles.paper]
    assert tuple(round(v, 2) for v in tiles.tile) in {office, office[::-1]}
    for n, page in enumerate(pages, 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(tiles.tile, abs=0.01), f"tile {n}: {size}, the {tiles.paper} sheet is {tiles.tile}"


def test_neighbouring_windows_overlap_by_10_mm_and_cover_the_poster(tiles):
    cols, rows = tiles.grid
    (pw, ph), (tw, th) = tiles.poster_size, tiles.tile
    ww, wh = tw - 2 * TILE_MARGIN, th - 2 * TILE_MARGIN
    origins = {(r, c): _window_origin(tiles.poster_size, tiles.tile, r, c) for r in range(rows) for c in range(cols)}
    for (r, c), (x, y) in origins.items():
        if c + 1 < cols:
            assert x + ww - origins[r, c + 1][0] == pytest.approx(OVERLAP), (r, c)
        if r + 1 < rows:
            assert y + OVERLAP - (origins[r + 1, c][1] + wh) == pytest.approx(0, abs=1e-6), (r, c)
    assert origins[0, 0][0] == 0 and origins[0, 0][1] + wh == pytest.approx(ph)  # row 0 is the top
    assert origins[0, cols - 1][0] + ww >= pw and origins[rows - 1, 0][1] <= 0


def test_each_tile_shows_the_poster_at_its_place(tiles):
    problems = []
    for i, tile in enumerate(tiles.tiles):
        w = tiles.window(i)
        img = blur(tile)
        ref = tiles.poster[w.top + 2:w.bottom - 2, w.left + 2:w.right - 2]  # edges: the blur reaches outside

        def off(dy: int, dx: int) -> float:
            win = img[w.tile_top + 2 + dy:w.tile_top + 2 + dy + ref.shape[0],
                      w.tile_left + 2 + dx:w.tile_left + 2 + dx + ref.shape[1]]
            return float((np.abs(win - ref) > DIFFERENT).mean()) if win.shape == ref.shape else 1.0

        here = off(0, 0)
        shifts = {(dy, dx): off(dy, dx) for dy in range(-4, 5) for dx in range(-4, 5)}
        best = min(shifts, key=shifts.get)
        if here > TOLERANCE:
            problems.append(f"tile {i + 1} (row {w.r + 1}, column {w.c + 1}): {here:.1%} of its window differs from "
                            f"the poster there (tolerance {TOLERANCE:.0%}); best match {shifts[best]:.1%} at {best} px")
        if max(abs(best[0]), abs(best[1])) > 1:
            problems.append(f"tile {i + 1}: the poster is offset by {best} px at {DPI} dpi")
    assert not problems, "\n".join(problems)


def test_the_windows_reassemble_the_poster(tiles):
    """Each window pasted (in order, later tiles over earlier ones, as they are taped) at its
    poster position: every poster pixel is covered, and the result is the poster."""
    canvas = np.full(tiles.poster.shape, -1.0)
    for i, tile in enumerate(tiles.tiles):
        w = tiles.window(i)
        h, wd = w.bottom - w.top, w.right - w.left
        canvas[w.top:w.bottom, w.left:w.right] = blur(tile)[w.tile_top:w.tile_top + h, w.tile_left:w.tile_left + wd]
    uncovered = float((canvas < 0).mean())
    assert uncovered == 0, f"{uncovered:.2%} of the poster is on no tile"
    differs = float((np.abs(canvas - tiles.poster) > DIFFERENT).mean())
    assert differs < TOLERANCE, f"the reassembled poster differs from the poster in {differs:.1%} of its pixels"
    # and the comparison can fail: the tiles pasted one row of tiles too low do not make the poster
    shifted = np.roll(canvas, round(20 * MM * S), axis=0)
    assert float((np.abs(shifted - tiles.poster) > DIFFERENT).mean()) > 3 * TOLERANCE


def test_nothing_of_the_poster_prints_in_the_side_margins(tiles):
    """Beside the window (left and right margins, clear of the corner ticks and of a proof's
    margin mark) the sheet is white: the poster is clipped to its window."""
    problems = []
    (tw, th) = tiles.tile
    band = slice(round(TILE_MARGIN * S) + 2, round((th - TILE_MARGIN) * S) - 2)
    for i, tile in enumerate(tiles.tiles):
        for name, cols in (("left", slice(round(2 * S), round((PROOF_EDGE - 2) * S))),  # the proof mark's band after it
                           ("right", slice(round((tw - TILE_MARGIN + 9) * S), round((tw - 2) * S)))):
            strip = tile[band, cols]
            inked = float((strip < 230).mean())
            if inked > 0.002:
                problems.append(f"tile {i + 1}: {inked:.1%} of its {name} margin is inked")
    assert not problems, "\n".join(problems)


def test_each_tile_carries_the_notice_and_its_row_and_column(built, tiles):
    common = words(built.root, edition_spec(built.root, tiles.edition)["language"], "common")
    notice = norm(plain(common["notice"]))
    cols, rows = tiles.grid
    problems = []
    for i, (text, bottom, top) in enumerate(tiles.texts):
        r, c = divmod(i, cols)
        label = plain(Template(str(common["tiles"]["title"])).render(number=i + 1, count=cols * rows, row=r + 1,
                                                                    col=c + 1))
        if notice not in norm(bottom):
            problems.append(f"tile {i + 1}: no notice {notice!r} in its bottom margin: {norm(bottom)[-160:]!r}")
        if squash(label) not in squash(top):
            problems.append(f"tile {i + 1}: no label {label!r} in its top margin: {norm(top)[-160:]!r}")
        if str(r + 1) not in label or str(c + 1) not in label:
            problems.append(f"tile {i + 1}: the label {label!r} does not say row {r + 1}, column {c + 1}")
    assert not problems, "\n".join(problems)
