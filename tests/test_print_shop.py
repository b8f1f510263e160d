"""What a print shop's preflight looks at beyond colour space and boxes (issue 8, part 6).

- Black text in ``*-print.pdf`` is solid black (``0 0 0 1 k``), painted with fill overprint
  on and overprint mode 1 in force; nothing in another colour is painted while overprint is
  on (white text on a band must knock out). The graphics state is followed through q/Q, the
  ExtGState dictionaries that ``gs`` applies, text objects and Form XObjects.
- Screen and photocopier PDFs never overprint (their output is as before).
- Every ``*-print.pdf`` declares a PDF/X output intent whose embedded profile is a CMYK
  output ICC profile (header read here, not through the build), and the PDF/X-4 markers.
- Across every PDF of the build, one subset name stands for one font program (hash of the
  FontFile2 bytes), and ReportLab's AAAAAA tags are gone.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterator

import pytest
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from .helpers import EDITIONS, load_yaml, reader

TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}
FILL_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)


def _obj(x):
    return x.get_object() if isinstance(x, IndirectObject) else x


@dataclass(frozen=True)
class State:
    fill: tuple = (0.0,)     # the fill colour operands (PDF default: black in DeviceGray)
    op: bool = False         # fill overprint
    opm: int = 0


def painted(pdf, page) -> Iterator[tuple[bytes, State, str]]:
    """(operator, graphics state, place) of every text-showing and fill-painting operator of a
    page, Form XObjects followed (each painted inside its own q/Q, inheriting the state)."""

    def run(content, resources, state: State, place: str, depth: int) -> Iterator[tuple[bytes, State, str]]:
        resources = _obj(resources) if isinstance(_obj(resources), DictionaryObject) else DictionaryObject()
        gstates = _obj(resources.get("/ExtGState")) or {}
        xobjects = _obj(resources.get("/XObject")) or {}
        stack: list[State] = []
        for operands, op in ContentStream(content, pdf).operations:
            if op == b"q":
                stack.append(state)
            elif op == b"Q":
                state = stack.pop() if stack else state
            elif op in (b"k", b"g", b"rg", b"sc", b"scn"):
                state = replace(state, fill=tuple(round(float(v), 4) for v in operands if not isinstance(v, str)))
            elif op == b"gs":
                gs = _obj(gstates.get(operands[0])) or {}
                op_value = gs.get("/op", gs.get("/OP"))  # /OP sets /op too when /op is absent
                if op_value is not None:
                    state = replace(state, op=bool(op_value))
                if "/OPM" in gs:
                    state = replace(state, opm=int(gs["/OPM"]))
            elif op in TEXT_OPS or op in FILL_OPS:
                yield op, state, place
            elif op == b"Do" and depth < 10:
                xobj = _obj(xobjects.get(operands[0]))
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    yield from run(xobj, xobj.get("/Resources", resources), state, f"{place}/{operands[0]}", depth + 1)

    contents = page.get_contents()
    if contents is not None:
        yield from run(contents, page.get("/Resources"), State(), "page", 0)


def print_outputs(built, edition: str) -> list[str]:
    outs = [o for o in built.outputs(edition) if o.endswith("-print")]
    assert outs, f"{edition}: no *-print.pdf written"
    return outs


def overprint_problems(path) -> tuple[list[str], Counter]:
    """What breaks the rule in one PDF, and how many text operators each fill colour painted."""
    pdf, problems, text_colours = reader(path), [], Counter()
    for n, page in enumerate(pdf.pages, 1):
        for op, state, place in painted(pdf, page):
            if op in TEXT_OPS:
                text_colours[state.fill] += 1
            black = state.fill == SOLID_BLACK
            if op in TEXT_OPS and black and not (state.op and state.opm == 1):
                problems.append(f"{path.name} page {n} {place}: solid black text without overprint ({state})")
            if state.op and not black:
                problems.append(f"{path.name} page {n} {place}: {op.decode()} in {state.fill} painted with overprint on")
    return problems, text_colours


@pytest.mark.parametrize("edition", EDITIONS)
def test_print_text_is_solid_black_and_overprints_nothing_else_does(built, edition):
    problems = []
    for output in print_outputs(built, edition):
        found, text_colours = overprint_problems(built.pdf(edition, output))
        problems += found
        if text_colours.most_common(1)[0][0] != SOLID_BLACK:
            problems.append(f"{output}: most text is in {text_colours.most_common(1)[0][0]}, not 0 0 0 1 k")
        tints = [c for c in text_colours if len(c) == 4 and c[:3] == (0, 0, 0) and 0.85 <= c[3] < 1]
        if tints:
            problems.append(f"{output}: near-black tints {tints} used for text (screens instead of solid black)")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:30])


def test_the_overprint_checker_catches_knocked_out_black(built, tmp_path):
    """A plain PDF's text never overprints: fed to the checker with its ink made solid black it
    must complain (the test above can fail)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    stream = DecodedStreamObject()
    stream.set_data(b"BT 0 0 0 1 k 10 10 Td (x) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "knockout.pdf"
    writer.write(path)
    problems, colours = overprint_problems(path)
    assert problems and colours == Counter({SOLID_BLACK: 1})


@pytest.mark.parametrize("edition", EDITIONS)
def test_screen_and_photocopier_pdfs_never_overprint(built, edition):
    problems = []
    for output in built.outputs(edition):
        if output.endswith("-print"):
            continue
        pdf = reader(built.pdf(edition, output))
        for n, page in enumerate(pdf.pages, 1):
            if any(state.op for _, state, _ in painted(pdf, page)):
                problems.append(f"{output} page {n}")
    assert not problems, f"overprint outside the print-shop files: {problems[:20]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_print_pdfs_declare_a_pdfx_output_intent_with_an_embedded_cmyk_profile(built, edition):
    spec = load_yaml(built.root / "templates" / "theme.yaml")["print"]["output_intent"]
    problems = []
    for output in print_outputs(built, edition):
        pdf = reader(built.pdf(edition, output))
        intents = pdf.trailer["/Root"].get("/OutputIntents")
        if not intents or len(intents) != 1:
            problems.append(f"{output}: OutputIntents {intents!r}, want one")
            continue
        intent = _obj(intents[0])
        if intent.get("/S") != "/GTS_PDFX" or intent.get("/Type") != "/OutputIntent":
            problems.append(f"{output}: intent /S {intent.get('/S')} /Type {intent.get('/Type')}")
        if str(intent.get("/OutputConditionIdentifier")) != spec["condition"]:
            problems.append(f"{output}: OutputConditionIdentifier {intent.get('/OutputConditionIdentifier')!r}")
        profile = _obj(intent.get("/DestOutputProfile"))
        data = profile.get_data() if profile is not None else b""
        if data[12:16] != b"prtr" or data[16:20] != b"CMYK" or int(profile.get("/N", 0)) != 4:
            problems.append(f"{output}: profile class {data[12:16]!r}, space {data[16:20]!r}, /N {profile.get('/N')}")
        if data != (built.root / "assets" / spec["profile"]).read_bytes():
            problems.append(f"{output}: the embedded profile is not assets/{spec['profile']}")
        info = pdf.metadata or {}
        if str(info.get("/GTS_PDFXVersion")) != "PDF/X-4" or info.get("/Trapped") != "/False":
            problems.append(f"{output}: GTS_PDFXVersion {info.get('/GTS_PDFXVersion')!r}, Trapped {info.get('/Trapped')!r}")
        if pdf.pdf_header < "%PDF-1.6":
            problems.append(f"{output}: header {pdf.pdf_header}, PDF/X-4 needs 1.6")
    assert not problems, "\n".join(problems)


def font_programs(pdf) -> Iterator[tuple[str, str]]:
    """(BaseFont, SHA-256 of its FontFile2) of every embedded TrueType font object in a file."""
    for num in range(1, int(pdf.trailer["/Size"])):
        try:
            obj = pdf.get_object(num)
        except Exception:  # a free entry
            continue
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font" and "/FontDescriptor" in obj:
            program = _obj(obj["/FontDescriptor"]).get("/FontFile2")
            if program is not None:
                yield str(obj["/BaseFont"]), hashlib.sha256(_obj(program).get_data()).hexdigest()


def test_across_the_build_a_subset_name_is_one_font_program(built):
    """Plain, print, gray, merged (workbook) and imposed (booklet, tiles) PDFs of every edition."""
    names: dict[str, set[str]] = {}
    programs: dict[str, set[str]] = {}
    for edition, output in built.everything():
        for name, digest in font_programs(reader(built.pdf(edition, output))):
            names.setdefault(name, set()).add(digest)
            programs.setdefault(digest, set()).add(name)
    assert len(names) > 10, names
    clashes = {n: len(d) for n, d in names.items() if len(d) > 1}
    assert not clashes, f"subset names standing for several programs: {clashes}"
    aliases = {d[:12]: sorted(n) for d, n in programs.items() if len(n) > 1}
    assert not aliases, f"one program under several names: {aliases}"
    assert not [n for n in names if n.startswith("/AAAAAA+")], "ReportLab's index tags are still there"
