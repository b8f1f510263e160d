"""The booklet (``workbook-booklet.pdf``): instructions, then sheet sides in saddle-stitch order.

For every edition: 1 + n/2 pages, where n is the booklet's page count (a multiple of four);
page 1 says how to print and fold (content/<language>/common.yaml ``booklet``); every
other page is the handout paper in landscape with two pages of the workbook, composed on
the half-size paper (A5, half-Letter), side by side at 100 %. The page labels printed in the footers of the left and right halves, read
back with PDFium inside each half, are exactly the saddle-stitch order; the padding is
notes pages (their title from content) carrying the notice; the viewer is told to print
duplex flipping on the short edge.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from jinja2 import Template

from workbook.impose import signature_order

from .helpers import EDITIONS, MM, PAPER_PT, edition_spec, load_yaml, norm, plain, reader, words

LATIN = ("en-GB", "en-US", "qps", "en-KH")  # editions whose page text PDFium places correctly inside placed pages


def squash(text: str) -> str:
    """Text compared without any whitespace or zero-width space (line breaks differ between readers)."""
    return re.sub(r"[\s\u200b]", "", str(text))


def common(root: Path, edition: str) -> dict:
    return words(root, edition_spec(root, edition)["language"], "common")


def expected_order(n: int) -> list[tuple[int, int]]:
    """Saddle stitch, 1-based, written out independently: sheet i carries on its front the
    last-but-2i page on the left and page 2i+1 on the right, on its back 2i+2 and n-1-2i."""
    sides = []
    for i in range(n // 4):
        sides += [(n - 2 * i, 2 * i + 1), (2 * i + 2, n - 1 - 2 * i)]
    return sides


class Booklet:
    """The booklet as PDFium reads it, with the geometry of the halves (placed at 100 %)."""

    def __init__(self, built, edition: str):
        self.root, self.edition = built.root, edition
        self.path = built.pdf(edition, "workbook-booklet")
        self.doc = pdfium.PdfDocument(str(self.path))
        self.n = 2 * (len(self.doc) - 1)
        self.common = common(self.root, edition)
        self.notice = norm(plain(self.common["notice"]))
        self.paper = edition_spec(self.root, edition)["paper"]["handout"]
        theme = load_yaml(self.root / "templates" / "theme.yaml")["page"]
        small = {"A4": "A5", "Letter": "HalfLetter"}[self.paper]
        self.footer_top = float(theme["papers"][small]["margin"]["bottom"]) * MM  # a half's footer lies below this
        notes = squash(plain(self.common["notes_title"]))
        halves = {p: self.half_text(side, i) for side, pair in enumerate(expected_order(self.n), 1)
                  for i, p in enumerate(pair)}
        self.half = halves
        self.notes = sorted(p for p, t in halves.items() if t.startswith(notes) and len(t) < len(notes) + 80)
        self.pages = self.n - len(self.notes)  # the workbook's own pages

    def half_text(self, index: int, right: int) -> str:
        page = self.doc[index]
        W, H = page.get_size()
        return squash(page.get_textpage().get_text_bounded(W / 2 * right, 0, W / 2 * (right + 1), H))

    def close(self) -> None:
        self.doc.close()

    def label(self, page: int) -> str:
        return norm(Template(str(self.common["page_label"])).render(page=page))

    def footers(self, index: int) -> tuple[str, str]:
        """The footer text of the left and the right half of booklet page ``index`` (0-based)."""
        page = self.doc[index]
        W, _ = page.get_size()
        tp = page.get_textpage()
        return (norm(tp.get_text_bounded(0, 0, W / 2, self.footer_top)),
                norm(tp.get_text_bounded(W / 2, 0, W, self.footer_top)))

    def page_of(self, footer: str) -> int | None:
        """The workbook page (1-based) whose label ends a footer line; the longest label wins."""
        found = [k for k in range(1, self.n + 1) if footer.endswith(" " + self.label(k)) or footer == self.label(k)]
        return max(found, key=lambda k: len(self.label(k))) if found else None


@pytest.fixture
def booklet(built, request):
    b = Booklet(built, request.param)
    yield b
    b.close()


@pytest.mark.parametrize("booklet", EDITIONS, indirect=True)
def test_page_count_paper_and_duplex_preference(booklet):
    b = booklet
    assert b.n % 4 == 0 and b.n >= b.pages > b.n - 4, f"{b.pages} workbook pages padded to {b.n}"
    landscape = tuple(reversed(PAPER_PT[b.paper]))
    sizes = [tuple(round(v, 2) for v in b.doc[i].get_size()) for i in range(len(b.doc))]
    assert all(s == pytest.approx(landscape, abs=0.01) for s in sizes[1:]), f"{b.paper} landscape is {landscape}: {sizes}"
    root = reader(b.path).trailer["/Root"]
    prefs = root["/ViewerPreferences"].get_object()
    assert prefs.get("/Duplex") == "/DuplexFlipShortEdge", dict(prefs)


@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_are_placed_at_full_size(built, edition):
    """Every placed page is drawn with an identity scale: imposition never shrinks type."""
    pdf = reader(built.pdf(edition, "workbook-booklet"))
    for index, page in enumerate(pdf.pages[1:], 2):
        ops = page.get_contents().get_data().decode("latin-1")
        scales = re.findall(r"q ([\d.]+) 0 0 ([\d.]+) [\d.\-]+ [\d.\-]+ cm /P\d Do Q", ops)
        assert len(scales) == 2, f"booklet page {index}: {len(scales)} placed pages in {ops[:200]!r}"
        assert all(float(a) == 1 and float(d) == 1 for a, d in scales), f"booklet page {index} scales {scales}"


@pytest.mark.parametrize("booklet", EDITIONS, indirect=True)
def test_first_page_explains_how_to_print_and_fold(booklet):
    b = booklet
    words_ = b.common["booklet"]
    text = squash(b.doc[0].get_textpage().get_text_range())
    assert squash(plain(words_["title"])) in text, f"no title {words_['title']!r} on page 1"
    paper = edition_spec(b.root, b.edition)["paper"]["handout"]  # named in the edition's language
    data = {"last": 1 + b.n // 2, "paper": b.common["paper_names"].get(paper, paper), "pages": b.n}
    for step in words_["steps"]:
        wanted = squash(plain(Template(str(step)).render(**data)))
        assert wanted in text, f"page 1 lacks the step {wanted!r}"
    assert b.notice in norm(b.doc[0].get_textpage().get_text_range())


@pytest.mark.parametrize("booklet", EDITIONS, indirect=True)
def test_halves_follow_the_saddle_stitch_order(booklet):
    b = booklet
    read = []
    for index in range(1, len(b.doc)):
        left, right = b.footers(index)
        for footer in (left, right):
            assert footer.startswith(b.notice), f"booklet page {index + 1}: half footer {footer!r} lacks the notice"
        read.append((b.page_of(left), b.page_of(right)))
    assert read == [(l + 1, r + 1) for l, r in signature_order(b.n)], f"footer labels {read}"
    assert read == expected_order(b.n)
    assert sorted(p for side in read for p in side) == list(range(1, b.n + 1))
    assert all(l + r == b.n + 1 for l, r in read), "each side of a folded sheet carries pages adding up to n + 1"


def test_signature_order_is_saddle_stitch_for_any_length():
    for n in range(4, 41, 4):
        assert [(l + 1, r + 1) for l, r in signature_order(n)] == expected_order(n), n


@pytest.mark.parametrize("booklet", EDITIONS, indirect=True)
def test_notes_pages_only_as_padding_with_their_title_and_the_notice(booklet):
    """Notes pages (their title and ruled lines only) are the last pages of the booklet, fewer
    than four, each with the notice and its own page label in its footer."""
    b = booklet
    assert b.notes == list(range(b.pages + 1, b.n + 1)), f"notes pages {b.notes} of {b.n}"
    for side, pair in enumerate(expected_order(b.n), 1):
        for p, footer in zip(pair, b.footers(side)):
            if p in b.notes:
                assert footer.startswith(b.notice) and b.page_of(footer) == p, f"notes page {p}: footer {footer!r}"


@pytest.mark.parametrize("booklet", LATIN, indirect=True)
def test_every_section_is_in_the_booklet_where_its_bookmark_points(booklet):
    """Each bookmark (the lessons, and the activities nested under them) opens the sheet that prints its title."""
    b = booklet
    pdf = reader(b.path)
    titles = [(item.title, pdf.get_destination_page_number(item)) for item in _flat(pdf.outline, 1) if item]
    assert len(titles) > 10, titles
    for title, page in titles:
        text = squash(b.doc[page].get_textpage().get_text_range())
        assert squash(title) in text or squash(title.upper()) in text, f"{title!r} is not on booklet page {page + 1}"


def _flat(outline, depth: int) -> list:
    """Bookmarks at ``depth`` and below (start at 1 for all of them)."""
    return [x for item in outline
            for x in (_flat(item, depth + 1) if isinstance(item, list) else [item] if depth > 0 else [])]


@pytest.mark.parametrize("edition", EDITIONS)
def test_notice_on_every_page(built, edition):
    notice = norm(plain(common(built.root, edition)["notice"]))
    doc = pdfium.PdfDocument(str(built.pdf(edition, "workbook-booklet")))
    try:
        missing = [i + 1 for i in range(len(doc)) if notice not in norm(doc[i].get_textpage().get_text_range())]
    finally:
        doc.close()
    assert not missing, f"pages {missing} lack {notice!r}"
