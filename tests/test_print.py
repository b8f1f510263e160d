"""The print-shop variant (``*-print.pdf``) and the document metadata of every PDF.

Print: page boxes (TrimBox = the plain PDF's page, BleedBox = trim + 3 mm, MediaBox room for
the marks), crop marks drawn outside the bleed at the trim corners, CMYK only (every
content stream tokenised with pypdf, Form XObjects followed, images and colour spaces
looked at), fonts embedded, and backgrounds that really run into the bleed (rendered with
PDFium). Expected values come from content/ and templates/theme.yaml read plainly, never
from the product's code.

Metadata: every PDF the build wrote has its title (the document's, not the file name),
author, subject, keywords, creator, catalog /Lang, DisplayDocTitle; a multi-page PDF has an
outline; every page of every PDF (booklet and tiles included) carries the colophon.

The content-stream walker here (``operations``) is shared with test_gray.py.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import numpy as np
import pytest
from jinja2 import Template
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from .helpers import (EDITIONS, MM, edition_spec, font_problems, fonts_showing_text, is_base14, all_base_font_names, kind,
                      load_yaml, norm, page_fonts, pdfium_page_texts, plain, reader, words)

PRINT_EDITIONS = ("en-GB", "en-US")  # A4/A3 and Letter/Tabloid
COLOUR_OPS = {b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS"}
RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}  # /RGB: the inline-image abbreviation


def theme(root: Path) -> dict[str, Any]:
    return load_yaml(root / "templates" / "theme.yaml")


def report(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


# --------------------------------------------------------------------------- content streams


def _obj(x):
    return x.get_object() if isinstance(x, IndirectObject) else x


def _mul(m: tuple, n: tuple) -> tuple:
    """The PDF matrix product m × n (apply m, then n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Op(NamedTuple):
    operands: list
    op: bytes
    ctm: tuple          # current transformation matrix when the operator runs (page space)
    resources: Any      # the resource dictionary in force
    place: str          # "page" or "page/XObject/Fm1/..." for operators inside forms


def operations(pdf, page) -> Iterator[Op]:
    """Every operator of a page's content, and of each Form XObject it draws (recursively),
    tokenised by pypdf's ContentStream (so text strings never look like operators), with the
    CTM tracked through q/Q/cm and form /Matrix."""

    def run(content, resources, ctm: tuple, place: str, depth: int) -> Iterator[Op]:
        resources = _obj(resources)
        if not isinstance(resources, DictionaryObject):
            resources = DictionaryObject()
        xobjects = _obj(resources.get("/XObject")) or DictionaryObject()
        stack: list[tuple] = []
        for operands, op in ContentStream(content, pdf).operations:
            yield Op(operands, op, ctm, resources, place)
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == b"Do" and depth < 10:
                xobj = _obj(xobjects.get(operands[0]))
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
                    yield from run(xobj, xobj.get("/Resources", resources), _mul(matrix, ctm),
                                   f"{place}/XObject{operands[0]}", depth + 1)

    contents = page.get_contents()
    if contents is not None:
        yield from run(contents, page.get("/Resources"), IDENTITY, "page", 0)


def colour_operations(pdf, page) -> Iterator[tuple[str, bytes, list[float | str]]]:
    """(place, operator, operands) of every colour-setting operator of a page (forms followed)."""
    for o in operations(pdf, page):
        if o.op in COLOUR_OPS:
            yield o.place, o.op, [str(v) if isinstance(v, str) else float(v) for v in o.operands]


def colour_space_problems(pdf, page, allowed: set[str] | None = None) -> list[str]:
    """RGB colour spaces anywhere a page can reach: resource /ColorSpace entries (and what
    they are based on), images (XObject and inline), shadings, groups; ``cs``/``CS`` operands."""
    problems: list[str] = []
    seen: set[int] = set()

    def names_in(cs) -> set[str]:
        cs = _obj(cs)
        if isinstance(cs, (ArrayObject, list)):
            return set().union(*(names_in(x) for x in cs)) if cs else set()
        if isinstance(cs, DictionaryObject):
            return set().union(*(names_in(v) for v in cs.values())) if cs else set()
        return {str(cs)} if str(cs).startswith("/") else set()

    def check(where: str, cs) -> None:
        bad = names_in(cs) & RGB_NAMES
        if bad:
            problems.append(f"{where}: colour space {sorted(bad)}")

    def walk(resources, place: str) -> None:
        resources = _obj(resources)
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        for key, cs in (_obj(resources.get("/ColorSpace")) or {}).items():
            check(f"{place}/ColorSpace{key}", cs)
        for key, sh in (_obj(resources.get("/Shading")) or {}).items():
            check(f"{place}/Shading{key}", _obj(sh).get("/ColorSpace"))
        for key, pat in (_obj(resources.get("/Pattern")) or {}).items():
            pat = _obj(pat)
            if "/Shading" in pat:
                check(f"{place}/Pattern{key}", _obj(pat["/Shading"]).get("/ColorSpace"))
            if "/Resources" in pat:
                walk(pat["/Resources"], f"{place}/Pattern{key}")
        for key, xobj in (_obj(resources.get("/XObject")) or {}).items():
            xobj = _obj(xobj)
            if xobj.get("/Subtype") == "/Image":
                check(f"{place}/XObject{key} (image)", xobj.get("/ColorSpace"))
            group = _obj(xobj.get("/Group"))
            if isinstance(group, DictionaryObject):
                check(f"{place}/XObject{key}/Group", group.get("/CS"))
            if "/Resources" in xobj:
                walk(xobj["/Resources"], f"{place}/XObject{key}")

    group = _obj(page.get("/Group"))
    if isinstance(group, DictionaryObject):
        check("page /Group", group.get("/CS"))
    walk(page.get("/Resources"), "page")
    for o in operations(pdf, page):
        if o.op in (b"cs", b"CS"):
            check(f"{o.place}: {o.op.decode()}", o.operands[0])
        elif o.op == b"INLINE IMAGE":
            settings = o.operands.get("settings", {}) if isinstance(o.operands, dict) else {}
            check(f"{o.place}: inline image", settings.get("/CS", settings.get("/ColorSpace")))
    return problems


def print_outputs(built, edition: str) -> list[str]:
    outs = [o for o in built.outputs(edition) if o.endswith("-print")]
    assert outs, f"{edition}: no *-print.pdf written"
    return outs


def box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in page[name])


def bleed_pt(built) -> float:
    return float(theme(built.root)["print"]["bleed"]) * MM


# --------------------------------------------------------------------------- page boxes


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_page_boxes_trim_is_the_plain_page_bleed_is_3mm_media_holds_the_marks(built, edition):
    bleed = bleed_pt(built)
    assert bleed == pytest.approx(8.5039, abs=1e-3)  # 3 mm, as the print shop is promised
    mark = float(theme(built.root)["print"]["mark_length"]) * MM
    problems = []
    for output in print_outputs(built, edition):
        plain_pages = reader(built.pdf(edition, output.removesuffix("-print"))).pages
        pages = reader(built.pdf(edition, output)).pages
        if len(pages) != len(plain_pages):
            problems.append(f"{output}: {len(pages)} pages, the plain PDF has {len(plain_pages)}")
        for n, (page, flat) in enumerate(zip(pages, plain_pages), 1):
            where = f"{output} page {n}"
            missing = [b for b in ("/TrimBox", "/BleedBox", "/MediaBox") if b not in page]
            if missing:
                problems.append(f"{where}: no {missing}")
                continue
            trim, bl, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
            size = (float(flat.mediabox.width), float(flat.mediabox.height))
            if (trim[2] - trim[0], trim[3] - trim[1]) != pytest.approx(size, abs=0.01):
                problems.append(f"{where}: TrimBox {trim} is not the plain page's {size}")
            grown = (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
            if bl != pytest.approx(grown, abs=0.01):
                problems.append(f"{where}: BleedBox {bl}, TrimBox + 3 mm is {grown}")
            room = (bl[0] - media[0], bl[1] - media[1], media[2] - bl[2], media[3] - bl[3])
            if min(room) < mark + 1:
                problems.append(f"{where}: MediaBox {media} leaves {min(room):.2f} pt around the bleed, "
                                f"the crop marks ({mark:.2f} pt) need more")
            if "/CropBox" in page and box(page, "/CropBox") != pytest.approx(media, abs=0.01):
                problems.append(f"{where}: CropBox {box(page, '/CropBox')} hides the bleed or marks (MediaBox {media})")
    report(problems)


def stroked_segments(pdf, page) -> list[tuple[tuple[float, float], tuple[float, float], tuple]]:
    """Straight segments (``m`` … ``l`` … ``S``) in page space, each with the stroke colour
    operator in force when it was stroked (``("K", c, m, y, k)``...)."""
    segments: list = []
    lines: list[list[tuple[float, float]]] = []  # the current path's straight polylines
    stroke = [("none",)]
    for o in operations(pdf, page):
        if o.op == b"q":
            stroke.append(stroke[-1])
        elif o.op == b"Q" and len(stroke) > 1:
            stroke.pop()
        elif o.op in (b"K", b"RG", b"G", b"SC", b"SCN"):
            stroke[-1] = (o.op.decode(), *[float(v) for v in o.operands if not isinstance(v, str)])
        elif o.op == b"m":
            lines.append([apply(o.ctm, float(o.operands[0]), float(o.operands[1]))])
        elif o.op == b"l" and lines:
            lines[-1].append(apply(o.ctm, float(o.operands[0]), float(o.operands[1])))
        elif o.op in (b"c", b"v", b"y", b"h", b"re"):
            lines.append([])  # a curve, a closed or a rectangle path: not a straight mark
        elif o.op in (b"S", b"s"):
            segments += [(a, b, stroke[-1]) for line in lines for a, b in zip(line, line[1:])]
            lines = []
        elif o.op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
            lines = []
    return segments


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_crop_marks_at_each_trim_corner_outside_the_bleed(built, edition):
    """Eight hairlines in registration black (``K``): at each corner of the TrimBox one
    vertical on the corner's x and one horizontal on its y, lying wholly outside the
    BleedBox (so trimming never shows them) and inside the MediaBox."""
    problems = []
    for output in print_outputs(built, edition):
        pdf = reader(built.pdf(edition, output))
        for n, page in enumerate(pdf.pages, 1):
            where = f"{output} page {n}"
            trim, bl, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")

            def outside_bleed(p):
                return not (bl[0] < p[0] < bl[2] and bl[1] < p[1] < bl[3])

            marks = [(a, b, colour) for a, b, colour in stroked_segments(pdf, page)
                     if outside_bleed(a) and outside_bleed(b)]
            for a, b, colour in marks:
                if colour[0] != "K":
                    problems.append(f"{where}: mark {a}→{b} stroked with {colour}, not K (CMYK)")
                if not all(media[0] <= p[0] <= media[2] and media[1] <= p[1] <= media[3] for p in (a, b)):
                    problems.append(f"{where}: mark {a}→{b} leaves the MediaBox {media}")
            for x in (trim[0], trim[2]):
                for y in (trim[1], trim[3]):
                    beyond_y = (lambda v: v <= bl[1]) if y == trim[1] else (lambda v: v >= bl[3])
                    beyond_x = (lambda v: v <= bl[0]) if x == trim[0] else (lambda v: v >= bl[2])
                    vertical = [m for m in marks if abs(m[0][0] - x) < 0.01 and abs(m[1][0] - x) < 0.01
                                and beyond_y(m[0][1]) and beyond_y(m[1][1]) and abs(m[0][1] - m[1][1]) >= 3 * MM]
                    horizontal = [m for m in marks if abs(m[0][1] - y) < 0.01 and abs(m[1][1] - y) < 0.01
                                  and beyond_x(m[0][0]) and beyond_x(m[1][0]) and abs(m[0][0] - m[1][0]) >= 3 * MM]
                    if len(vertical) != 1 or len(horizontal) != 1:
                        problems.append(f"{where}: corner ({x:.2f}, {y:.2f}): {len(vertical)} vertical and "
                                        f"{len(horizontal)} horizontal crop marks outside the bleed (want 1 and 1)")
            if len(marks) != 8:
                problems.append(f"{where}: {len(marks)} strokes outside the bleed, want the 8 crop marks: {marks}")
    report(problems)


# --------------------------------------------------------------------------- CMYK only


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_no_rgb_anywhere_every_colour_is_cmyk(built, edition):
    """Every colour operator of every page and Form XObject is ``k``/``K`` with four operands;
    no ``rg``/``RG``/``g``/``G``, no ``sc``/``scn``/``SC``/``SCN`` (3 operands or otherwise), no
    ``cs``/``CS``; no /DeviceRGB in resources, images, shadings, groups."""
    problems = []
    for output in print_outputs(built, edition):
        pdf = reader(built.pdf(edition, output))
        for n, page in enumerate(pdf.pages, 1):
            counted = 0
            for place, op, operands in colour_operations(pdf, page):
                counted += 1
                if op not in (b"k", b"K") or len(operands) != 4:
                    problems.append(f"{output} page {n} {place}: {op.decode()} {operands}")
                elif not all(0 <= v <= 1 for v in operands):
                    problems.append(f"{output} page {n} {place}: {op.decode()} {operands} out of range")
            if not counted:
                problems.append(f"{output} page {n}: no colour operator at all?")
            problems += [f"{output} page {n} {p}" for p in colour_space_problems(pdf, page)]
    report(problems)


def test_rgb_detector_finds_rgb_in_a_plain_pdf(built):
    """The walker sees the colours of placed forms and the RGB of a screen PDF (so the test above can fail)."""
    pdf = reader(built.pdf("en-GB", "poster"))
    ops = {op for _, op, _ in colour_operations(pdf, pdf.pages[0])}
    assert ops & {b"rg", b"RG"}, ops
    tiles = reader(built.pdf("en-GB", "poster-tiles"))  # the poster drawn as a Form XObject on each tile
    inside = {op for place, op, _ in colour_operations(tiles, tiles.pages[0]) if place != "page"}
    assert b"rg" in inside, inside


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_print_text_is_drawn_with_embedded_truetype_fonts(built, edition):
    problems = []
    for output in print_outputs(built, edition):
        for n, page in enumerate(reader(built.pdf(edition, output)).pages, 1):
            used = fonts_showing_text(page)
            if not used:
                problems.append(f"{output} page {n}: draws no text?")
            for where, font in used.items():
                problems += [f"{output} page {n} {where}: {p}" for p in font_problems(font)]
            for place, font in page_fonts(page):
                if not is_base14(font.get("/BaseFont", "")):
                    problems += [f"{output} page {n} {place}: {p}" for p in font_problems(font)]
    report(problems)


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_print_pdfs_reference_no_base14_font(built, edition):
    """No font dictionary anywhere in the file (pages, forms, annotations) names a standard
    font, which a print shop's preflight would reject as not embedded."""
    found = {output: sorted(n for n in all_base_font_names(reader(built.pdf(edition, output))) if is_base14(n))
             for output in print_outputs(built, edition)}
    assert not any(found.values()), found


# --------------------------------------------------------------------------- the bleed, rendered


def render(path: Path, page: int = 0, scale: float = 1.0) -> np.ndarray:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return np.asarray(doc[page].render(scale=scale).to_pil().convert("RGB")).astype(int)
    finally:
        doc.close()


def is_red(rgb) -> bool:
    r, g, b = (int(v) for v in rgb)
    return r > 150 and g < 90 and b < 110 and r - g > 100


@pytest.mark.parametrize("edition", PRINT_EDITIONS)
def test_poster_backgrounds_run_into_the_bleed_and_the_plain_poster_ends_at_the_trim(built, edition):
    """Rendered at 72 dpi (1 px = 1 pt): the red title band at the top and the red notice band
    at the foot continue past the trim edge to the bleed edge (left, right, top, bottom), the
    slug beyond the bleed is white paper; the plain poster is exactly the trimmed page, its
    band reaching its very edge."""
    path = built.pdf(edition, "poster-print")
    page = reader(path).pages[0]
    trim, bl, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
    img = render(path)
    H = img.shape[0]
    assert abs(img.shape[0] - (media[3] - media[1])) <= 1 and abs(img.shape[1] - (media[2] - media[0])) <= 1

    def at(x: float, y: float):  # PDF point → pixel (row from the top)
        return img[int(H - y), int(x)]

    band = at((trim[0] + trim[2]) / 2, trim[3] - 3)
    assert is_red(band), f"no red band at the top of the trimmed poster: {band}"
    problems = []
    mid_top, mid_bottom = (trim[3] + bl[3]) / 2, (trim[1] + bl[1]) / 2
    mid_left, mid_right = (trim[0] + bl[0]) / 2, (trim[2] + bl[2]) / 2
    samples = {
        "top bleed": [(x, mid_top) for x in np.linspace(bl[0] + 1.5, bl[2] - 1.5, 40)],
        "bottom bleed": [(x, mid_bottom) for x in np.linspace(bl[0] + 1.5, bl[2] - 1.5, 40)],
        "left bleed at the top band": [(mid_left, y) for y in np.linspace(trim[3] - 60, bl[3] - 1.5, 12)],
        "right bleed at the top band": [(mid_right, y) for y in np.linspace(trim[3] - 60, bl[3] - 1.5, 12)],
        "left bleed at the notice band": [(mid_left, y) for y in np.linspace(bl[1] + 1.5, trim[1] + 8, 6)],
    }
    for name, points in samples.items():
        off = [(round(x), round(y), tuple(at(x, y))) for x, y in points if np.abs(at(x, y) - band).max() > 40]
        if off:
            problems.append(f"{name}: {len(off)} of {len(points)} samples are not the band colour {tuple(band)}: {off[:5]}")
    # beyond the bleed: white paper (only the hairline marks, which sit on the trim lines' x and y)
    slug = [(x, (bl[3] + media[3]) / 2) for x in np.linspace(trim[0] + 20, trim[2] - 20, 30)]
    slug += [((media[0] + bl[0]) / 2, y) for y in np.linspace(trim[1] + 20, trim[3] - 20, 30)]
    dirty = [(round(x), round(y), tuple(at(x, y))) for x, y in slug if min(at(x, y)) < 245]
    if dirty:
        problems.append(f"the slug outside the bleed is not white: {dirty[:5]}")

    flat_path = built.pdf(edition, "poster")
    flat = reader(flat_path).pages[0]
    size = (float(flat.mediabox.width), float(flat.mediabox.height))
    if [float(v) for v in flat.mediabox] != pytest.approx([0, 0, trim[2] - trim[0], trim[3] - trim[1]], abs=0.01):
        problems.append(f"plain poster MediaBox {list(flat.mediabox)} is not the trimmed size {size}")
    if "/CropBox" in flat and [float(v) for v in flat.cropbox] != pytest.approx([float(v) for v in flat.mediabox]):
        problems.append(f"plain poster has a CropBox {list(flat.cropbox)} other than its page")
    flat_img = render(flat_path)
    if abs(flat_img.shape[0] - size[1]) > 1 or abs(flat_img.shape[1] - size[0]) > 1:
        problems.append(f"plain poster renders {flat_img.shape[:2]}, not its page size {size}")
    for row, name in ((0, "top"), (-1, "bottom")):
        edge = flat_img[row, 2:-2]
        white = int(sum(not is_red(p) for p in edge))
        if white:
            problems.append(f"plain poster: {white} pixels of its {name} edge row are not the red band "
                            f"(a white hairline at the trim)")
    report(problems)


# --------------------------------------------------------------------------- metadata, every PDF

def common(built, edition: str) -> dict:
    return words(built.root, edition_spec(built.root, edition)["language"], "common")


@pytest.mark.parametrize("edition", EDITIONS)
def test_metadata_language_viewer_preferences_and_outline_of_every_pdf(built, edition):
    c = common(built, edition)
    language = edition_spec(built.root, edition)["language"]
    problems = []
    for output in built.outputs(edition):
        pdf = reader(built.pdf(edition, output))
        doc = c["documents"][kind(output)]
        meta = {k: str(v) for k, v in (pdf.metadata or {}).items()}
        want = {"/Title": plain(doc["title"]), "/Author": plain(c["author"]), "/Subject": plain(doc["subject"]),
                "/Keywords": ", ".join(plain(k) for k in c["keywords"])}
        for key, value in want.items():
            if norm(meta.get(key, "")) != norm(value):
                problems.append(f"{output}.pdf: {key} {meta.get(key)!r}, content says {value!r}")
        title = meta.get("/Title", "")
        if not title.strip() or title.strip().lower() in (output, f"{output}.pdf", kind(output)) or title.endswith(".pdf"):
            problems.append(f"{output}.pdf: /Title {title!r} is empty or the file name")
        if not meta.get("/Creator", "").strip():
            problems.append(f"{output}.pdf: no /Creator")
        root = pdf.trailer["/Root"]
        if str(root.get("/Lang")) != language:
            problems.append(f"{output}.pdf: /Lang {root.get('/Lang')!r}, the edition's language is {language!r}")
        prefs = _obj(root.get("/ViewerPreferences")) or {}
        if getattr(_obj(prefs.get("/DisplayDocTitle")), "value", None) is not True:  # a BooleanObject
            problems.append(f"{output}.pdf: ViewerPreferences {dict(prefs)} lacks DisplayDocTitle true")
        if len(pdf.pages) > 1 and not pdf.outline:
            problems.append(f"{output}.pdf: {len(pdf.pages)} pages and no outline")
    report(problems)


def colophon_pattern(built, edition: str) -> re.Pattern:
    """The colophon content asks for, with the content hash as 10 hex digits."""
    marker = "HASHMARKER"
    text = norm(Template(str(common(built, edition)["colophon"])).render(edition=edition, hash=marker))
    assert marker in text and edition in text
    return re.compile(re.escape(text).replace(marker, "([0-9a-f]{10})"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_colophon_with_edition_and_content_hash_on_every_page(built, edition):
    """Every page of every PDF (booklet sheets and tiles included) names the edition and the
    build's content hash; one hash for the whole build."""
    pattern = colophon_pattern(built, edition)
    problems, hashes = [], set()
    for output in built.outputs(edition):
        for n, text in enumerate(pdfium_page_texts(built.pdf(edition, output)), 1):
            found = pattern.findall(norm(text))
            if not found:
                problems.append(f"{output}.pdf page {n}: no colophon matching {pattern.pattern!r}")
            hashes.update(found)
    assert len(hashes) <= 1, f"several content hashes in one build: {hashes}"
    report(problems)
