"""End to end: build every edition once (session fixture) and check the PDFs themselves.

Expected values come from the content the build read (the session's project snapshot),
never from the product's code: the notice from content/<language>/common.yaml, services
from content/regions/<region>.yaml, paper from content/editions.yaml, section titles from
content/<language>/handout.yaml.

Tests parametrised with every_pdf() cover the five PDFs every edition must have; tests
parametrised by edition loop over *every* PDF the build wrote (variants included) and
list all offenders at once.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from jinja2 import Template

from .helpers import (EDITIONS, MM, OUTPUTS, PAPER_PT, all_base_font_names, edition_spec, every_pdf, font_problems,
                      footer_lines, fonts_showing_text, is_base14, kind, links, load_yaml, norm, output_pdfs, page_fonts,
                      page_size, page_texts, plain, reader, region, short_address, words)

PAGED = ("handout", "spread", "workbook")  # products with the footer: notice left, page label right


def common(built, edition: str) -> dict:
    return words(built.root, edition_spec(built.root, edition)["language"], "common")


def notice_of(built, edition: str) -> str:
    return plain(common(built, edition)["notice"])


def doc_text(path: Path) -> str:
    return norm(" ".join(page_texts(path)))


def bottom_margin(built) -> float:
    """The bottom page margin (pt): below it, a page has only its footer."""
    return float(load_yaml(built.root / "templates" / "theme.yaml")["page"]["margin"]["bottom"]) * MM


def label(built, edition: str, page: int) -> str:
    """The page label content asks for (common.yaml ``page_label``), for a 1-based page."""
    return norm(Template(str(common(built, edition)["page_label"])).render(page=page))


def report(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- what was written


def test_build_writes_every_pdf_of_every_edition(built):
    assert not built.report.failed
    written = set(built.report.written)
    required = {built.pdf(e, o) for e in EDITIONS for o in OUTPUTS}
    assert required <= written, f"missing: {sorted(required - written)}"
    assert set(output_pdfs(built.out)) == written, "stray or temporary files in the output"
    for path in written:
        assert path.suffix == ".pdf" and path.parent.parent == built.out and path.parent.name in EDITIONS, path
        assert kind(path.stem) in {kind(o) for o in OUTPUTS}, f"{path.name}: not a variant of a known product"
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path


# --------------------------------------------------------------------------- notice and footer


@pytest.mark.parametrize("edition", EDITIONS)
def test_notice_on_every_page_of_every_pdf(built, edition):
    notice = notice_of(built, edition)
    assert notice
    problems = []
    for output in built.outputs(edition):
        texts = page_texts(built.pdf(edition, output))
        missing = [n for n, text in enumerate(texts, 1) if notice not in norm(text)]
        if not texts or missing:
            problems.append(f"{edition}/{output}.pdf: pages {missing or 'none'} lack the notice {notice!r}")
    report(problems)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", PAGED)
def test_footer_is_notice_then_continuous_page_label(built, edition, output):
    """Under the bottom margin every page has one footer line: it starts with the notice and
    ends with the page label (its last token), for pages 1, 2, 3... (the workbook's labels
    continue through the spread instead of restarting)."""
    notice = notice_of(built, edition)
    pdf = reader(built.pdf(edition, output))
    footers = [footer_lines(page, bottom_margin(built), notice) for page in pdf.pages]
    for n, lines in enumerate(footers, 1):
        assert len(lines) == 1 and lines[0].startswith(notice), f"page {n}: footer {lines}"
    wanted = [label(built, edition, n) for n in range(1, len(pdf.pages) + 1)]  # pages 1, 2, 3... as content words it
    assert [lines[0].split()[-1] for lines in footers] == [w.split()[-1] for w in wanted]  # last tokens
    bad = [(n, lines[0]) for n, (lines, w) in enumerate(zip(footers, wanted), 1) if not lines[0].endswith(" " + w)]
    assert not bad, f"footers not ending with their page label: {bad}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_landscape_spread_shows_both_footers(built, edition):
    """Both pages of the spread composed on one sheet: the sheet has one footer of its own,
    the notice and its label, below the text of both halves."""
    notice = notice_of(built, edition)
    (page,) = reader(built.pdf(edition, "spread-landscape")).pages
    lines = footer_lines(page, bottom_margin(built), notice)
    assert len(lines) == 1 and lines[0].startswith(notice), lines
    assert lines[0].endswith(" " + label(built, edition, 1)), lines


# --------------------------------------------------------------------------- the region's services


@pytest.mark.parametrize("edition", EDITIONS)
def test_region_services_in_every_poster_handout_and_workbook(built, edition):
    reg = region(built.root, edition_spec(built.root, edition)["region"])
    assert reg["helplines"]
    wanted = {f"helpline {h.get('short') or h['name']}": norm(h["number"]) for h in reg["helplines"]}
    if reg.get("emergency"):  # a region may have no general emergency number (KH): no row then
        wanted["emergency number"] = norm(reg["emergency"]["number"])
    wanted["website"] = short_address(reg["website"])
    outputs = [o for o in built.outputs(edition) if kind(o) in ("poster", "handout", "workbook")]
    assert {"poster", "handout", "workbook"} <= set(outputs)
    problems = []
    for output in outputs:
        text = doc_text(built.pdf(edition, output))
        missing = {what: value for what, value in wanted.items() if value not in text}
        if missing:
            problems.append(f"{edition}/{output}.pdf lacks {missing}")
    report(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_take_it_down_address_in_every_handout(built, edition):
    address = short_address(links(built.root)["services"]["take_it_down"])
    assert address == "takeitdown.ncmec.org"
    outputs = [o for o in built.outputs(edition) if kind(o) in ("handout", "workbook")]
    assert {"handout", "workbook"} <= set(outputs)
    report([f"{edition}/{o}.pdf lacks {address}" for o in outputs if address not in doc_text(built.pdf(edition, o))])


# --------------------------------------------------------------------------- paper and pages


def expected_size(built, edition: str, output: str) -> tuple[float, float]:
    paper = edition_spec(built.root, edition)["paper"]
    if kind(output) == "poster":
        return PAPER_PT[paper["poster"]]
    if output.startswith("spread-landscape"):  # two handout pages side by side: A3 / Tabloid landscape
        w, h = PAPER_PT[{"A4": "A3", "Letter": "Tabloid"}[paper["handout"]]]
        return h, w
    return PAPER_PT[paper["handout"]]


@pytest.mark.parametrize("edition, output", every_pdf())
def test_page_size_matches_configured_paper(built, edition, output):
    want = expected_size(built, edition, output)
    for n, page in enumerate(reader(built.pdf(edition, output)).pages, 1):
        got = page_size(page)
        assert got == pytest.approx(want, abs=0.01), f"page {n}: {got} pt, paper is {want} pt"
        assert [float(v) for v in page.mediabox.lower_left] == [0, 0]


def _box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in page[name])


@pytest.mark.parametrize("edition", EDITIONS)
def test_variants_keep_the_paper_and_pages_of_their_product(built, edition):
    """``-gray`` has the product's pages and paper; ``-print`` has them as its TrimBox, inside a
    BleedBox inside the MediaBox (bleed and crop marks around the trimmed page)."""
    problems = []
    for output in built.outputs(edition):
        base, _, variant = output.partition("-")
        if variant not in ("gray", "print"):
            continue
        pages = reader(built.pdf(edition, output)).pages
        if len(pages) != len(reader(built.pdf(edition, base)).pages):
            problems.append(f"{output}: {len(pages)} pages, {base} has {len(reader(built.pdf(edition, base)).pages)}")
        want = expected_size(built, edition, base)
        for n, page in enumerate(pages, 1):
            if variant == "gray":
                got = page_size(page)
            else:
                if "/TrimBox" not in page or "/BleedBox" not in page:
                    problems.append(f"{output} page {n}: no TrimBox/BleedBox")
                    continue
                trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
                got = (trim[2] - trim[0], trim[3] - trim[1])
                inside = (media[0] <= bleed[0] < trim[0] and media[1] <= bleed[1] < trim[1]
                          and trim[2] < bleed[2] <= media[2] and trim[3] < bleed[3] <= media[3])
                if not inside:
                    problems.append(f"{output} page {n}: boxes not nested: trim {trim} bleed {bleed} media {media}")
            if got != pytest.approx(want, abs=0.01):
                problems.append(f"{output} page {n}: {got} pt, paper is {want} pt")
    report(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_counts(built, edition):
    count = {o: len(reader(built.pdf(edition, o)).pages) for o in OUTPUTS}
    assert count["poster"] == 1
    assert count["spread"] == 2
    assert count["spread-landscape"] == 1
    assert count["handout"] >= 2
    lessons = len(words(built.root, "en", "course")["lessons"])
    assert count["workbook"] >= 2 + lessons + 1  # cover, contents, a lesson a page at least, the end
    assert count["teacher"] == 1 + lessons
    assert count["cards"] == 2


# The workbook's structure (cover, contents = bookmarks, lessons in order, the chat at most
# twice, help and the full notice at the end) is tested in test_workbook_course.py.


@pytest.mark.parametrize("edition", EDITIONS)
def test_document_metadata_and_language_of_every_pdf(built, edition):
    c = common(built, edition)
    language = edition_spec(built.root, edition)["language"]
    problems = []
    for output in built.outputs(edition):
        doc = c["documents"][kind(output)]
        pdf = reader(built.pdf(edition, output))
        meta = pdf.metadata or {}
        want = {"/Title": plain(doc["title"]), "/Author": plain(c["author"]), "/Subject": plain(doc["subject"])}
        got = {k: meta.get(k) for k in want}
        if got != want:
            problems.append(f"{output}.pdf: metadata {got}, content says {want}")
        if str(pdf.trailer["/Root"].get("/Lang")) != language:
            problems.append(f"{output}.pdf: /Lang {pdf.trailer['/Root'].get('/Lang')}, edition language {language}")
    assert "workbook" in built.outputs(edition)
    report(problems)


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("edition", EDITIONS)
def test_text_is_drawn_only_with_embedded_subset_truetype(built, edition):
    """In every PDF, every font that is not a base-14 reference is an embedded subset TrueType
    font, and no glyph at all is drawn with any other font (forms placed on pages included)."""
    problems = []
    for output in built.outputs(edition):
        drawing = 0
        for n, page in enumerate(reader(built.pdf(edition, output)).pages, 1):
            problems += [f"{output}.pdf page {n} {place}: {p}" for place, f in page_fonts(page)
                         if not is_base14(f.get("/BaseFont", "")) for p in font_problems(f)]
            used = fonts_showing_text(page)
            drawing += len(used)
            problems += [f"{output}.pdf page {n} {where}: draws text with {p}"
                         for where, f in used.items() for p in font_problems(f)]
        if not drawing:
            problems.append(f"{output}.pdf: no text drawn at all?")
    report(problems)


@pytest.mark.parametrize("edition, output", every_pdf())
def test_every_font_embedded_and_no_base14_font_anywhere(built, edition, output):
    pdf = reader(built.pdf(edition, output))
    problems = [f"page {n} {place}: {p}" for n, page in enumerate(pdf.pages, 1)
                for place, font in page_fonts(page) for p in font_problems(font)]
    names = all_base_font_names(pdf)
    problems += [f"/BaseFont {name} in the file" for name in names if is_base14(name)]
    assert names, "no fonts found"
    assert not problems, "\n".join(sorted(set(problems)))


def subset_clashes(path: Path) -> dict[str, int]:
    """Font names that stand for more than one embedded font program in one file."""
    programs: dict[str, set[str]] = {}
    for page in reader(path).pages:
        for _, font in page_fonts(page):
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                data = descriptor.get_object()["/FontFile2"].get_object().get_data()
                programs.setdefault(str(font["/BaseFont"]), set()).add(hashlib.sha1(data).hexdigest())
    assert programs, f"{path}: no embedded fonts"
    return {name: len(hashes) for name, hashes in programs.items() if len(hashes) > 1}


def binds_several_documents(output: str) -> bool:
    """Outputs made by merging separately composed PDFs (the workbook and its variants, tiles)."""
    return kind(output) == "workbook" or output.endswith("-tiles")


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_subset_name_is_one_font_program_in_single_documents(built, edition):
    outputs = [o for o in built.outputs(edition) if not binds_several_documents(o)]
    report([f"{o}.pdf: {c}" for o in outputs if (c := subset_clashes(built.pdf(edition, o)))])


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_subset_name_is_one_font_program_in_merged_documents(built, edition):
    outputs = [o for o in built.outputs(edition) if binds_several_documents(o)]
    assert "workbook" in outputs
    report([f"{o}.pdf: {c}" for o in outputs if (c := subset_clashes(built.pdf(edition, o)))])
