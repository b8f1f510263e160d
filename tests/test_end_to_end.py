"""End to end: build every edition once (session fixture) and check the PDFs themselves.

Expected values come from the content the build read (the session's project snapshot),
never from the product's code: the notice from content/<language>/common.yaml, services
from content/regions/<region>.yaml, paper from content/editions.yaml, section titles from
content/<language>/handout.yaml.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from jinja2 import Template

from .helpers import (EDITIONS, MM, OUTPUTS, PAPER_PT, all_base_font_names, edition_spec, every_pdf,
                      font_problems, fonts_showing_text, is_base14, links, load_yaml, norm, outline_entries, page_fonts,
                      page_size, page_texts, plain, reader, region, short_address, text_fragments, words)
from .helpers import footer_text as _footer_text

PAGED = ("handout", "spread", "workbook")  # products with the footer: notice left, page label right


def common(built, edition: str) -> dict:
    return words(built.root, edition_spec(built.root, edition)["language"], "common")


def doc_text(path: Path) -> str:
    return norm(" ".join(page_texts(path)))


def bottom_margin(built) -> float:
    """The bottom page margin (pt): below it, a page has only its footer."""
    return float(load_yaml(built.root / "templates" / "theme.yaml")["page"]["margin"]["bottom"]) * MM


def label(built, edition: str, page: int) -> str:
    """The page label content asks for (common.yaml ``page_label``), for a 1-based page."""
    return norm(Template(str(common(built, edition)["page_label"])).render(page=page))


# --------------------------------------------------------------------------- what was written


def test_build_writes_every_pdf_of_every_edition(built):
    expected = {built.pdf(e, o) for e in EDITIONS for o in OUTPUTS}
    assert not built.report.failed
    assert set(built.report.written) == expected
    assert {p for p in built.out.rglob("*") if p.is_file()} == expected, "stray or temporary files in the output"
    for path in expected:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path


# --------------------------------------------------------------------------- notice and footer


@pytest.mark.parametrize("edition, output", every_pdf())
def test_notice_on_every_page(built, edition, output):
    notice = plain(common(built, edition)["notice"])
    assert notice
    texts = page_texts(built.pdf(edition, output))
    assert texts, "no pages"
    missing = [n for n, text in enumerate(texts, 1) if notice not in norm(text)]
    assert not missing, f"pages {missing} of {edition}/{output}.pdf lack the notice {notice!r}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", PAGED)
def test_footer_is_notice_then_continuous_page_label(built, edition, output):
    """The band under the bottom margin holds exactly 'notice label' on every page; labels
    are 1, 2, 3... (the workbook's continue through the spread instead of restarting)."""
    notice = plain(common(built, edition)["notice"])
    pdf = reader(built.pdf(edition, output))
    footers = [_footer_text(page, bottom_margin(built)) for page in pdf.pages]
    expected = [f"{notice} {label(built, edition, n)}" for n in range(1, len(pdf.pages) + 1)]
    assert footers == expected
    labels = [f.split()[-1] for f in footers]  # the last token of each footer line
    assert labels == [str(n) for n in range(1, len(pdf.pages) + 1)]


@pytest.mark.parametrize("edition", EDITIONS)
def test_landscape_spread_shows_both_footers(built, edition):
    """Both pages of the spread on one sheet: each half keeps its own notice and label."""
    notice = plain(common(built, edition)["notice"])
    (page,) = reader(built.pdf(edition, "spread-landscape")).pages
    portrait = page_size(reader(built.pdf(edition, "spread")).pages[0])
    scale = min(page_size(page)[0] / (2 * portrait[0]), page_size(page)[1] / portrait[1])
    footer = _footer_text(page, bottom_margin(built) * scale)
    assert footer == f"{notice} {label(built, edition, 1)} {notice} {label(built, edition, 2)}"


# --------------------------------------------------------------------------- the region's services


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", ["poster", "handout", "workbook"])
def test_region_services_are_printed(built, edition, output):
    reg = region(built.root, edition_spec(built.root, edition)["region"])
    text = doc_text(built.pdf(edition, output))
    wanted = {f"helpline {h.get('short') or h['name']}": norm(h["number"]) for h in reg["helplines"]}
    wanted["emergency number"] = norm(reg["emergency"]["number"])
    wanted["website"] = short_address(reg["website"])
    assert len(reg["helplines"]) >= 1
    missing = {what: value for what, value in wanted.items() if value not in text}
    assert not missing, f"{edition}/{output}.pdf lacks {missing}"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", ["handout", "workbook"])
def test_take_it_down_address_in_handout(built, edition, output):
    address = short_address(links(built.root)["services"]["take_it_down"])
    assert address == "takeitdown.ncmec.org"
    assert address in doc_text(built.pdf(edition, output))


# --------------------------------------------------------------------------- paper and pages


def expected_size(built, edition: str, output: str) -> tuple[float, float]:
    paper = edition_spec(built.root, edition)["paper"]
    if output == "poster":
        return PAPER_PT[paper["poster"]]
    w, h = PAPER_PT[paper["handout"]]
    return (h, w) if output == "spread-landscape" else (w, h)


@pytest.mark.parametrize("edition, output", every_pdf())
def test_page_size_matches_configured_paper(built, edition, output):
    want = expected_size(built, edition, output)
    for n, page in enumerate(reader(built.pdf(edition, output)).pages, 1):
        got = page_size(page)
        assert got == pytest.approx(want, abs=0.01), f"page {n}: {got} pt, paper is {want} pt"
        assert [float(v) for v in page.mediabox.lower_left] == [0, 0]


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_counts(built, edition):
    count = {o: len(reader(built.pdf(edition, o)).pages) for o in OUTPUTS}
    assert count["poster"] == 1
    assert count["spread"] == 2
    assert count["spread-landscape"] == 1
    assert count["handout"] >= 2
    assert count["workbook"] == count["handout"] + 2


@pytest.mark.parametrize("edition", EDITIONS)
def test_workbook_binds_handout_then_spread(built, edition):
    """Above the footer, the workbook's pages are the handout's pages, then the spread's."""
    limit = bottom_margin(built)

    def body(path: Path) -> list[list[str]]:
        return [[t for x, y, t in text_fragments(p) if y >= limit] for p in reader(path).pages]

    assert body(built.pdf(edition, "workbook")) == body(built.pdf(edition, "handout")) + body(built.pdf(edition, "spread"))


# --------------------------------------------------------------------------- workbook structure


@pytest.mark.parametrize("edition", EDITIONS)
def test_workbook_outline_has_every_handout_section(built, edition):
    lang = edition_spec(built.root, edition)["language"]
    sections = [plain(s["title"]) for s in words(built.root, lang, "handout")["sections"]]
    assert sections
    path = built.pdf(edition, "workbook")
    entries = outline_entries(reader(path))
    titles = [t for t, _, _ in entries]
    missing = [s for s in sections if s not in titles]
    assert not missing, f"no bookmark for {missing}; bookmarks: {titles}"
    positions = [titles.index(s) for s in sections]
    assert positions == sorted(positions), f"bookmarks out of the handout's order: {titles}"
    found = [entries[i] for i in positions]
    pages = [page for _, _, page in found]
    assert pages == sorted(pages), f"bookmark pages go backwards: {list(zip(sections, pages))}"
    texts = page_texts(path)
    for title, _, page in found:
        assert title in norm(texts[page]), f"bookmark {title!r} points to page {page + 1}, which lacks that title"


@pytest.mark.parametrize("edition, output", every_pdf())
def test_document_metadata_and_language(built, edition, output):
    c = common(built, edition)
    doc = c["documents"][output.split("-")[0]]
    pdf = reader(built.pdf(edition, output))
    meta = pdf.metadata or {}
    assert meta.get("/Title") == plain(doc["title"])
    assert meta.get("/Author") == plain(c["author"])
    assert meta.get("/Subject") == plain(doc["subject"])
    assert str(pdf.trailer["/Root"].get("/Lang")) == edition_spec(built.root, edition)["language"]


# --------------------------------------------------------------------------- fonts

BASE14_BUG = (
    "product bug: every PDF references the base-14 font /Helvetica (not embedded, no "
    "FontDescriptor). ReportLab emits 'BT /F3 10 Tf ... ET' with Helvetica for each Table "
    "cell (CellStyle.fontname defaults to Helvetica; no FONT command in the TableStyles of "
    "workbook/kit.py qr_card/panels/bullet_list, workbook/products/handout.py, spread.py) and "
    "for each svglib drawing (renderPDF's default state, workbook/emoji.py draw_emoji)"
)


@pytest.mark.parametrize("edition, output", every_pdf())
def test_text_is_drawn_only_with_embedded_subset_truetype(built, edition, output):
    """Every font that is not a base-14 reference is an embedded, subset TrueType font, and
    no glyph at all is drawn with any other font (following forms placed on the page)."""
    pdf = reader(built.pdf(edition, output))
    fonts, drawing = [], {}
    for n, page in enumerate(pdf.pages, 1):
        fonts += [(n, place, f) for place, f in page_fonts(page)]
        drawing.update({(n, k): f for k, f in fonts_showing_text(page).items()})
    assert drawing, "no text drawn at all?"
    problems = [f"page {n} {place}: {p}" for n, place, f in fonts if not is_base14(f.get("/BaseFont", ""))
                for p in font_problems(f)]
    problems += [f"page {n} {where}: draws text with {p}" for (n, where), f in drawing.items() for p in font_problems(f)]
    assert not problems, "\n".join(problems)


@pytest.mark.xfail(strict=True, reason=BASE14_BUG)
@pytest.mark.parametrize("edition, output", every_pdf())
def test_every_font_embedded_and_no_base14_font_anywhere(built, edition, output):
    pdf = reader(built.pdf(edition, output))
    problems = [f"page {n} {place}: {p}" for n, page in enumerate(pdf.pages, 1)
                for place, font in page_fonts(page) for p in font_problems(font)]
    names = all_base_font_names(pdf)
    problems += [f"/BaseFont {name} in the file" for name in names if is_base14(name)]
    assert names, "no fonts found"
    assert not problems, "\n".join(sorted(set(problems)))


SUBSET_CLASH_BUG = (
    "product bug: workbook/finish.py merge() binds two ReportLab PDFs that each name their "
    "first subset of a face AAAAAA+<Face>; the workbook then holds two different subsets "
    "called AAAAAA+NotoSans-Bold (ISO 32000-1 9.6.4: different subsets in one file shall have "
    "different tags); a RIP or viewer that caches fonts by name can draw wrong glyphs"
)


def _one_program_per_name_params():
    return [pytest.param(*p.values, id=p.id,
                         marks=[pytest.mark.xfail(strict=True, reason=SUBSET_CLASH_BUG)] if p.values[1] == "workbook" else [])
            for p in every_pdf()]


@pytest.mark.parametrize("edition, output", _one_program_per_name_params())
def test_each_subset_name_is_one_font_program(built, edition, output):
    programs: dict[str, set[str]] = {}
    for page in reader(built.pdf(edition, output)).pages:
        for _, font in page_fonts(page):
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                data = descriptor.get_object()["/FontFile2"].get_object().get_data()
                programs.setdefault(str(font["/BaseFont"]), set()).add(hashlib.sha1(data).hexdigest())
    assert programs
    clashes = {name: len(hashes) for name, hashes in programs.items() if len(hashes) > 1}
    assert not clashes, f"subset names used for different font programs: {clashes}"
