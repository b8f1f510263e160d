"""The poster on every paper size it is offered on: A2, A3, A4, Tabloid and Letter.

``workbook.products.poster.layout`` is called directly for en-GB, km-KH and the qps
pseudo-locale on each paper (the edition's words and sheet made the way a build makes them),
and each PDF is read back: one page of that size, no text under the theme's poster floor
(9 pt: every Tf size times the scale of the text matrix and CTM in force, from pypdf's
tokenised content stream), every character box (PDFium) inside the page, and every word of
the flags, tips and notice present.
"""
from __future__ import annotations

import math
import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from io import BytesIO

from .helpers import MM, PAPER_PT, edition_spec, load_yaml, plain, words
from .test_print import _mul, operations

EDITIONS = ("en-GB", "km-KH", "qps")
SIZES = ("A2", "A3", "A4", "Tabloid", "Letter")

# The pseudo-locale (40 % longer) holds more words than an A4 or Letter page can carry at
# the 9 pt floor, and Khmer (taller lines) more than a Letter page (A4 now holds it, without
# the chat excerpt). The layout must then fail with a clear content
# error that names the file and suggests a larger poster paper, never clip or shrink below 9 pt.
TOO_MUCH_FOR = {("km-KH", "Letter"), ("qps", "A4"), ("qps", "Letter")}


def cases(only=None):
    return [pytest.param(e, s, id=f"{e}-{s}") for e in EDITIONS for s in SIZES
            if (e, s) not in TOO_MUCH_FOR and (not only or (e, s) in only)]


@pytest.mark.parametrize("edition, paper", sorted(TOO_MUCH_FOR))
def test_too_many_words_for_small_paper_is_a_clear_content_error(compose, edition, paper):
    from workbook.errors import ContentError

    with pytest.raises(ContentError) as caught:
        compose(edition, paper)
    message = str(caught.value)
    assert re.match(r"content/(km|en)/poster\.yaml:\d+:\d+: ", message), message
    assert f"of the {paper} page at 9 pt" in message and "larger poster paper" in message, message


@pytest.fixture(scope="module")
def compose(built):
    """(edition, paper) → the poster's PDF bytes (or the error the layout raised), composed once."""
    from workbook import jobs, pipeline
    from workbook.document import Build, Sheet
    from workbook.kit import Kit
    from workbook.products import poster
    from workbook.project import load_project
    from workbook.theme import load_theme, page_size

    project = load_project(built.root)
    theme = load_theme(project.templates, project.assets)
    kit = Kit(theme.with_mode("rgb"), project.assets)
    models = pipeline.word_models(["poster"])
    cache: dict = {}

    def make(edition: str, paper: str) -> bytes:
        if (edition, paper) not in cache:
            ed = project.editions[edition]
            w = jobs.edition_words(project, ed, models)
            sheet = Sheet(kit, ed, w["common"], project.regions[ed.region], project.links,
                          Build(pipeline.content_hash(built.root, ed), pipeline.build_date(ed)))
            try:
                doc = poster.layout(sheet, w["poster"], page_size(paper), w["conversation"])
                assert doc.pages == 1
                cache[edition, paper] = doc.pdf
            except Exception as exc:  # noqa: BLE001 -- reported by each test that needs the PDF
                cache[edition, paper] = exc
        result = cache[edition, paper]
        if isinstance(result, Exception):
            raise result
        return result

    return make


def text_sizes(data: bytes) -> list[tuple[float, str]]:
    """(size in points as printed, text) of every non-empty text-showing operator."""
    pdf = PdfReader(BytesIO(data))
    page = pdf.pages[0]
    out, size, tm = [], None, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for o in operations(pdf, page):
        if o.op == b"BT":
            tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif o.op == b"Tm":
            tm = tuple(float(v) for v in o.operands)
        elif o.op == b"Tf":
            size = float(o.operands[1])
        elif o.op in (b"Tj", b"'", b'"', b"TJ"):
            strings = o.operands[-1] if o.op == b"TJ" else [o.operands[-1]]
            shown = [s for s in strings if isinstance(s, (str, bytes)) and len(s)]
            if shown:
                m = _mul(tm, o.ctm)
                out.append((size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])), str(shown[0])[:30]))
    return out


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b]", "", str(text)).casefold()


@pytest.mark.parametrize("edition, paper", cases())
def test_poster_fits_every_paper_with_no_text_under_the_floor(built, compose, edition, paper):
    data = compose(edition, paper)
    pdf = PdfReader(BytesIO(data))
    assert len(pdf.pages) == 1
    size = (float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height))
    assert size == pytest.approx(PAPER_PT[paper], abs=0.01)
    floor = float(load_yaml(built.root / "templates" / "theme.yaml")["poster"]["min_size"])
    assert floor == 9
    sizes = text_sizes(data)
    assert len(sizes) > 20
    small = [(round(s, 2), t) for s, t in sizes if s < floor - 1e-3]
    assert not small, f"text under {floor} pt: {small[:10]}"


@pytest.mark.parametrize("edition, paper", cases())
def test_poster_shows_every_word_inside_the_page(built, compose, edition, paper):
    data = compose(edition, paper)
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        W, H = page.get_size()
        tp = page.get_textpage()
        text = tp.get_text_range()
        n = tp.count_chars()
        outside = []
        for i in range(n):
            ch = tp.get_text_range(i, 1)
            if not ch.strip():
                continue
            l, b, r, t = tp.get_charbox(i)
            if l < -0.01 or b < -0.01 or r > W + 0.01 or t > H + 0.01:
                outside.append((ch, round(l), round(b), round(r), round(t)))
    finally:
        doc.close()
    assert not outside, f"{len(outside)} characters outside the {paper} page: {outside[:10]}"
    lang = edition_spec(built.root, edition)["language"]
    poster = words(built.root, lang, "poster")
    common = words(built.root, lang, "common")
    wanted = [poster["title"], common["notice"], *poster["tips"]["items"]]
    for flag in poster["flags"]:
        wanted += [flag["label"], flag["text"]]
    page_text = squash(text)
    missing = [w for w in wanted if squash(plain(w)) not in page_text]
    assert not missing, f"not on the {paper} poster: {missing}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_office_paper_posters_keep_text_clear_of_the_unprintable_edge(compose, paper):
    """On office paper every character stays 1/6 in (4.2 mm, a common unprintable edge) inside the page."""
    doc = pdfium.PdfDocument(compose("en-GB", paper))
    try:
        page = doc[0]
        W, H = page.get_size()
        tp = page.get_textpage()
        near = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            l, b, r, t = tp.get_charbox(i)
            edge = min(l, b, W - r, H - t)
            if ch.strip() and edge < 72 / 6:
                near.append((ch, round(edge / MM, 1)))
    finally:
        doc.close()
    assert not near, f"{len(near)} characters nearer than 4.2 mm to the edge (char, mm): {near[:12]}"
