"""The booklet (``workbook-booklet.pdf``): instructions, then sheet sides in saddle-stitch order.

For every edition: 1 + n/2 pages, where n is the workbook's page count rounded up to a
multiple of four; page 1 says how to print and fold (content/<language>/common.yaml
``booklet``); every other page is the handout paper in landscape with two workbook pages
side by side. The page labels printed in the footers of the left and right halves, read
back with PDFium inside each half, are exactly the saddle-stitch order; the padding is
notes pages (their title from content) carrying the notice; the viewer is told to print
duplex flipping on the short edge.
"""
from __future__ import annotations

import math
import re
from collections import Counter
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
    """The booklet and its workbook as PDFium reads them, with the geometry of the halves."""

    def __init__(self, built, edition: str):
        self.root, self.edition = built.root, edition
        self.path, self.workbook = built.pdf(edition, "workbook-booklet"), built.pdf(edition, "workbook")
        self.doc, self.book = pdfium.PdfDocument(str(self.path)), pdfium.PdfDocument(str(self.workbook))
        self.pages = len(self.book)
        self.n = math.ceil(self.pages / 4) * 4
        self.common = common(self.root, edition)
        self.notice = norm(plain(self.common["notice"]))
        pw, ph = self.book[0].get_size()
        W, H = self.doc[1].get_size() if len(self.doc) > 1 else (0, 0)
        self.scale = min(W / 2 / pw, H / ph) if W else 0
        margin = float(load_yaml(self.root / "templates" / "theme.yaml")["page"]["margin"]["bottom"]) * MM
        self.footer_top = (H - ph * self.scale) / 2 + margin * self.scale  # a half's footer lies below this

    def close(self) -> None:
        self.doc.close()
        self.book.close()

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
    assert b.n % 4 == 0 and b.n >= b.pages > b.n - 4
    assert len(b.doc) == 1 + b.n // 2, f"{len(b.doc)} pages; {b.pages} workbook pages make {b.n} booklet pages"
    paper = edition_spec(b.root, b.edition)["paper"]["handout"]
    landscape = tuple(reversed(PAPER_PT[paper]))
    sizes = [tuple(round(v, 2) for v in b.doc[i].get_size()) for i in range(len(b.doc))]
    assert all(s == pytest.approx(landscape, abs=0.01) for s in sizes[1:]), f"{paper} landscape is {landscape}: {sizes}"
    root = reader(b.path).trailer["/Root"]
    prefs = root["/ViewerPreferences"].get_object()
    assert prefs.get("/Duplex") == "/DuplexFlipShortEdge", dict(prefs)


@pytest.mark.parametrize("booklet", EDITIONS, indirect=True)
def test_first_page_explains_how_to_print_and_fold(booklet):
    b = booklet
    words_ = b.common["booklet"]
    text = squash(b.doc[0].get_textpage().get_text_range())
    assert squash(plain(words_["title"])) in text, f"no title {words_['title']!r} on page 1"
    data = {"last": 1 + b.n // 2, "paper": edition_spec(b.root, b.edition)["paper"]["handout"], "pages": b.n}
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
    """Pages beyond the workbook's are notes pages: their title appears on exactly the sheet
    sides that hold them (and nowhere else the workbook does not have it), each with the notice
    in its footer."""
    b = booklet
    title = squash(plain(b.common["notes_title"]))
    assert title
    book_text = [squash(b.book[i].get_textpage().get_text_range()) for i in range(b.pages)]
    notes_seen = 0
    for side, (left, right) in enumerate(expected_order(b.n), 1):
        sheet_text = squash(b.doc[side].get_textpage().get_text_range())
        pads = [p for p in (left, right) if p > b.pages]
        want = len(pads) + sum(book_text[p - 1].count(title) for p in (left, right) if p <= b.pages)
        got = sheet_text.count(title)
        assert got == want, f"booklet page {side + 1} (pages {left}, {right}): {got} notes titles, want {want}"
        footers = b.footers(side)
        for p, footer in zip((left, right), footers):
            if p > b.pages:
                notes_seen += 1
                assert footer.startswith(b.notice) and b.page_of(footer) == p, f"notes page {p}: footer {footer!r}"
    assert notes_seen == b.n - b.pages


@pytest.mark.parametrize("booklet", LATIN, indirect=True)
def test_each_half_shows_the_workbook_page_its_label_names(booklet):
    """The text inside each half (PDFium, bounded to the half) is that workbook page's text, as
    the same multiset of characters (readers order placed text differently)."""
    b = booklet
    pages = [Counter(squash(b.book[i].get_textpage().get_text_range())) for i in range(b.pages)]
    for side, (left, right) in enumerate(expected_order(b.n), 1):
        page = b.doc[side]
        W, H = page.get_size()
        tp = page.get_textpage()
        for p, bounds in ((left, (0, 0, W / 2, H)), (right, (W / 2, 0, W, H))):
            if p <= b.pages:
                got = Counter(squash(tp.get_text_bounded(*bounds)))
                assert got == pages[p - 1], f"booklet page {side + 1}: the half meant for page {p} shows other text"


@pytest.mark.parametrize("edition", EDITIONS)
def test_notice_on_every_page(built, edition):
    notice = norm(plain(common(built.root, edition)["notice"]))
    doc = pdfium.PdfDocument(str(built.pdf(edition, "workbook-booklet")))
    try:
        missing = [i + 1 for i in range(len(doc)) if notice not in norm(doc[i].get_textpage().get_text_range())]
    finally:
        doc.close()
    assert not missing, f"pages {missing} lack {notice!r}"
