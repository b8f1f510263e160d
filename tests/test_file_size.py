"""Small PDFs: no printable-ASCII padding in subsets, no hinting, no ASCII85, compressed
page forms and every font program stored once per file (issue 12's size goals).

The sizes are the issue's targets for the en-GB poster and handout; the rest checks the
causes directly, in every PDF of the session's build.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from io import BytesIO

import pytest
from fontTools.ttLib import TTFont

from .helpers import reader

LIMIT = 45_000  # bytes, each of the en-GB poster and handout


def font_programs(pdf) -> list[bytes]:
    """Every embedded TrueType program of a PDF, one entry per stored object (two font
    descriptors may share one program: it is stored once)."""
    found = {}
    for num in range(1, int(pdf.trailer["/Size"])):
        try:
            obj = pdf.get_object(num)
        except Exception:  # a free entry
            continue
        if hasattr(obj, "get") and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            ref = obj.raw_get("/FontFile2")
            found[ref.idnum] = ref.get_object().get_data()
    return list(found.values())


def stream_filters(pdf) -> Counter:
    """How many streams use each filter chain. The XMP metadata stream is left out: it stays
    uncompressed on purpose (qpdf and pikepdf never compress it, so that tools which do not
    parse the PDF can still find the title and the PDF/UA identifier)."""
    seen: Counter = Counter()
    for num in range(1, int(pdf.trailer["/Size"])):
        try:
            obj = pdf.get_object(num)
        except Exception:
            continue
        if hasattr(obj, "get_data") and obj.get("/Type") != "/Metadata":
            seen[str(obj.get("/Filter"))] += 1
    return seen


@pytest.mark.parametrize("output", ["poster", "handout"])
def test_en_gb_poster_and_handout_are_small(built, output):
    size = built.pdf("en-GB", output).stat().st_size
    assert size <= LIMIT, f"en-GB/{output}.pdf is {size} bytes, more than {LIMIT}"


def test_no_font_program_is_stored_twice(built):
    twice = []
    for edition, output in built.everything():
        programs = Counter(hashlib.sha256(p).hexdigest() for p in font_programs(reader(built.pdf(edition, output))))
        twice += [f"{edition}/{output}.pdf" for n in programs.values() if n > 1]
    assert not twice, f"a font program stored more than once in {sorted(set(twice))}"


def test_subsets_carry_no_hinting_and_no_ascii_padding(built):
    pdf = reader(built.pdf("en-GB", "poster"))
    programs = font_programs(pdf)
    assert programs
    for data in programs:
        font = TTFont(BytesIO(data))
        assert not {"fpgm", "prep", "cvt "} & set(font.keys()), "hinting tables embedded"
        assert font["maxp"].numGlyphs < 95, "a subset padded with every printable ASCII character"


def test_streams_are_flate_only(built):
    for edition, output in [("en-GB", "poster"), ("en-GB", "workbook-booklet"), ("en-GB", "poster-tiles")]:
        filters = stream_filters(reader(built.pdf(edition, output)))
        assert not [f for f in filters if "ASCII85" in f], f"{edition}/{output}: ASCII85 streams {filters}"
        assert filters.get("None", 0) == 0, f"{edition}/{output}: uncompressed streams {filters}"


@pytest.mark.parametrize("output", ["poster-print", "workbook-print", "workbook-booklet", "poster-tiles"])
def test_print_and_imposed_pdfs_use_object_streams(built, output):
    """pypdf writes a plain xref and one object per dictionary; the files it assembles are
    packed again (finish.compact), as the screen PDFs are when tagged."""
    data = built.pdf("en-GB", output).read_bytes()
    assert b"/ObjStm" in data and b"/XRef" in data, f"en-GB/{output}.pdf has no object streams"
