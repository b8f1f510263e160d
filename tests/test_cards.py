"""Helpline wallet cards: the sheet's geometry, read back from the PDF, and what each card carries.

Geometry comes from the drawing itself (pdfplumber's rectangles and lines): the front's title
bands and the back's grounds are the cards, the short lines outside them are the cut marks.
Expected values come from content (the region files, read plainly) and from the brief: 85 x 55
mm cards, 10 to an A4 sheet, 8 to Letter, backs mirrored for a duplex print flipped on the
long edge.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import EDITIONS, MM, PAPER_PT, ROOT, copy_project, decode_qr, edition_spec, links, norm, page_texts, region

CARD = (85 * MM, 55 * MM)
PER_SHEET = {"A4": 10, "Letter": 8}
TOL = 0.05  # points


@pytest.fixture(scope="module")
def cards_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition's cards, built once from a snapshot of the project."""
    from workbook.pipeline import build

    root = copy_project(ROOT, tmp_path_factory.mktemp("cards-project"))
    out = tmp_path_factory.mktemp("cards-out")
    build(root, out, products=["cards"])
    return out


def pages(path: Path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(p.width, p.height, list(p.rects), list(p.lines)) for p in pdf.pages]


def cards_on(rects: list[dict], height: float) -> list[tuple[float, float, float, float]]:
    """Card boxes (x0, bottom, x1, top, in PDF points from the lower left) from a page's rectangles:
    the front's title bands run along each card's top edge, the back's grounds fill each card."""
    found = set()
    for r in rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if abs(w - CARD[0]) < TOL and (abs(h - CARD[1]) < TOL or abs(h - 10 * MM) < TOL):
            top = height - r["top"]
            found.add((round(r["x0"], 2), round(top - CARD[1], 2), round(r["x1"], 2), round(top, 2)))
    return sorted(found)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_sheet_of_fronts_and_a_sheet_of_backs_of_the_right_count_and_size(cards_out, edition):
    paper = edition_spec(ROOT, edition)["paper"]["handout"]
    sheets = pages(cards_out / edition / "cards.pdf")
    assert len(sheets) == 2
    for w, h, rects, _ in sheets:
        assert (round(w, 2), round(h, 2)) == PAPER_PT[paper]
        boxes = cards_on(rects, h)
        assert len(boxes) == PER_SHEET[paper], boxes
        for x0, y0, x1, y1 in boxes:
            assert x0 > 10 * MM and x1 < w - 10 * MM and y0 > 8 * MM and y1 < h - 8 * MM  # printable, room for marks


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_back_lies_behind_its_front_when_flipped_on_the_long_edge(cards_out, edition):
    """A long-edge flip of a portrait sheet mirrors it left to right: the card whose front is
    at x0..x1 has its back at W-x1..W-x0, at the same height."""
    (w, h, front, _), (_, _, back, _) = pages(cards_out / edition / "cards.pdf")
    fronts, backs = cards_on(front, h), cards_on(back, h)
    flipped = sorted((round(w - x1, 2), y0, round(w - x0, 2), y1) for x0, y0, x1, y1 in fronts)
    assert len(flipped) == len(backs)
    for a, b in zip(flipped, backs):
        assert all(abs(p - q) < 0.1 for p, q in zip(a, b)), (a, b)


@pytest.mark.parametrize("edition", EDITIONS)
def test_cut_marks_lie_outside_the_cards_in_line_with_every_card_edge(cards_out, edition):
    for w, h, rects, lines in pages(cards_out / edition / "cards.pdf"):
        boxes = cards_on(rects, h)
        xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
        ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
        left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
        marks = {"v": set(), "h": set()}
        for line in lines:
            x0, x1, y0, y1 = line["x0"], line["x1"], h - line["bottom"], h - line["top"]
            if abs(x0 - x1) < TOL and (y1 <= bottom + TOL or y0 >= top - TOL):  # a vertical mark above or below
                assert any(abs(x0 - x) < 0.1 for x in xs), f"a vertical mark at x={x0:.2f} is on no card edge"
                marks["v"].add((round(x0, 1), y0 > top))
            elif abs(y0 - y1) < TOL and (x1 <= left + TOL or x0 >= right - TOL):  # a horizontal mark beside
                assert any(abs(y0 - y) < 0.1 for y in ys), f"a horizontal mark at y={y0:.2f} is on no card edge"
                marks["h"].add((round(y0, 1), x0 > right))
        assert len(marks["v"]) == 2 * len(xs), "each column edge has a mark above and below the grid"
        assert len(marks["h"]) == 2 * len(ys), "each row edge has a mark left and right of the grid"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_card_and_every_sheet_carries_the_notice(cards_out, edition):
    from .helpers import words

    notice = norm(words(ROOT, edition_spec(ROOT, edition)["language"], "common")["notice"])
    paper = edition_spec(ROOT, edition)["paper"]["handout"]
    for text in page_texts(cards_out / edition / "cards.pdf"):
        assert norm(text).count(notice) == PER_SHEET[paper] + 1  # each card, and the sheet's margin


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_front_has_the_regions_helplines_and_take_it_down(cards_out, edition):
    spec = edition_spec(ROOT, edition)
    data = region(ROOT, spec["region"])
    n = PER_SHEET[spec["paper"]["handout"]]
    front = norm(page_texts(cards_out / edition / "cards.pdf")[0])
    numbers = [h["number"] for h in data["helplines"]] + ([data["emergency"]["number"]] if "emergency" in data else [])
    for number in numbers:
        assert front.count(norm(str(number))) >= n, f"{number} not on every card"
    assert front.count("takeitdown.ncmec.org") == n
    assert str(links(ROOT)["services"]["take_it_down"]["url"]).removeprefix("https://") == "takeitdown.ncmec.org"


@pytest.mark.parametrize("edition", EDITIONS)
def test_numbers_are_at_least_9_pt(cards_out, edition):
    import pdfplumber

    data = region(ROOT, edition_spec(ROOT, edition)["region"])
    lines = data["helplines"] + ([data["emergency"]] if "emergency" in data else [])
    parts = {part for h in lines for part in str(h["number"]).split()}
    with pdfplumber.open(cards_out / edition / "cards.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    numbers = [w for w in words if w["text"] in parts]
    assert {w["text"] for w in numbers} == parts
    assert min(w["size"] for w in numbers) >= 9


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_back_has_a_qr_code_to_the_regions_website_that_scans_at_150_dpi(cards_out, edition):
    spec = edition_spec(ROOT, edition)
    url = str(region(ROOT, spec["region"])["website"]["url"])
    front, back = decode_qr(cards_out / edition / "cards.pdf", dpi=150)
    assert front == []
    assert back == [url] * PER_SHEET[spec["paper"]["handout"]]


@pytest.mark.parametrize("edition", [e for e in EDITIONS if edition_spec(ROOT, e)["language"] == "en"])
def test_the_back_carries_the_guides_reassurance(cards_out, edition):
    seed = "you are not alone; it is not your fault, and there are services that can help"
    assert norm(page_texts(cards_out / edition / "cards.pdf")[1]).lower().count(seed) >= 8
