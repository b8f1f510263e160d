"""Small helpers the tests share: project copies, content values, and reading the PDFs back.

Everything here reads the *output* (PDF bytes) with independent tools (pypdf for text,
fonts and structure; PDFium + zxing-cpp for rendering and QR codes), and the *input*
(YAML) with plain ruamel, never through the product's own models, so a test compares
what was printed with what was written.
"""
from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from workbook.content import plain_tree

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIRS = ("content", "templates", "assets")
GOLDEN = Path(__file__).resolve().parent / "golden"

# The PDFs every edition's full build must write: the products and the spread's landscape
# sheet. A build may write more (variants named <product>-<variant>.pdf); tests that hold for
# any PDF loop over everything the build wrote.
OUTPUTS = ("handout", "poster", "spread", "spread-landscape", "workbook", "cards", "teacher")


def kind(output: str) -> str:
    """The product a PDF belongs to: ``workbook-print`` → ``workbook``."""
    return output.split("-")[0]

# Paper sizes in PostScript points (ISO 216 and US), portrait, to 0.01 pt.
PAPER_PT = {
    "A2": (1190.55, 1683.78),
    "A3": (841.89, 1190.55),
    "A4": (595.28, 841.89),
    "A5": (419.53, 595.28),
    "Letter": (612.0, 792.0),
    "Tabloid": (792.0, 1224.0),
}

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+.+")
MM = 72 / 25.4


# --------------------------------------------------------------------------- the project


def need_tool(tool: str) -> None:
    """Skip a test whose outside tool is missing on a developer's machine; under CI (``CI`` set,
    as .ci/run does) fail instead, so a check can never be silently dropped there."""
    import os
    import shutil

    import pytest

    if shutil.which(tool) is None:
        message = f"{tool} is not installed (.ci/run installs it with apt-get)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{message}; under CI a missing tool fails the run")
        pytest.skip(message)


def copy_project(src: Path, dst: Path) -> Path:
    """Copy a project's content/, templates/ and assets/ (what a build reads) into ``dst``, and
    schemas/ (what an editor checks content with, as the files' first lines name it)."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in (*PROJECT_DIRS, "schemas"):
        shutil.copytree(src / name, dst / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dst


def load_yaml(path: Path) -> Any:
    """A YAML file as plain Python data (safe loader: no locations, no product code)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def edition_codes(root: Path = ROOT) -> list[str]:
    """The edition codes listed in content/editions.yaml, in file order."""
    return list(load_yaml(root / "content" / "editions.yaml")["editions"])


def edition_spec(root: Path, code: str) -> dict[str, Any]:
    """One edition's language, region and paper (with the product's documented defaults)."""
    spec = dict(load_yaml(root / "content" / "editions.yaml")["editions"][code])
    spec["paper"] = {"handout": "A4", "poster": "A3", **(spec.get("paper") or {})}
    return spec


def words(root: Path, language: str, stem: str) -> Any:
    """A language's words: its YAML file, read plainly; for a language generated at load time
    (the pseudo-locale has no folder) the tree the product's loader made, as plain data."""
    path = root / "content" / language / f"{stem}.yaml"
    if language == "en" and path.is_file():
        return load_yaml(path)
    if (root / "content" / language).is_dir():  # a translation may leave out what English fills in
        from workbook.yaml_source import read_yaml
        from workbook.i18n import with_fallback

        en = root / "content" / "en" / f"{stem}.yaml"
        mine = read_yaml(path, path.relative_to(root).as_posix()) if path.is_file() else None
        return plain_tree(with_fallback(read_yaml(en, en.relative_to(root).as_posix()), mine))
    return plain_tree(_loaded_words(root)[language][stem])


@lru_cache(maxsize=None)
def _loaded_words(root: Path) -> dict[str, Any]:
    from workbook.project import load_project

    return load_project(root).words




def region(root: Path, code: str) -> dict[str, Any]:
    return load_yaml(root / "content" / "regions" / f"{code}.yaml")


def links(root: Path) -> dict[str, Any]:
    return load_yaml(root / "content" / "links.yaml")


def short_address(link: dict[str, Any]) -> str:
    """The address as printed beside a QR code or in text: the label, else the bare URL."""
    if link.get("label"):
        return str(link["label"])
    return str(link["url"]).removeprefix("https://").removeprefix("www.").rstrip("/")


def plain(text: str) -> str:
    """Content text without its **bold** / *italic* markup, whitespace normalised."""
    return norm(re.sub(r"\*\*(.+?)\*\*|\*(\S.*?)\*", lambda m: m.group(1) or m.group(2), str(text)))


def norm(text: str) -> str:
    """Whitespace normalised: every run of whitespace becomes one space."""
    return " ".join(str(text).split())


def norm_lines(text: str) -> list[str]:
    """Text as non-empty lines, each whitespace normalised (golden files keep lines for diffs)."""
    return [line for line in (norm(x) for x in text.splitlines()) if line]


# --------------------------------------------------------------------------- reading PDFs


@lru_cache(maxsize=None)
def reader(path: Path) -> PdfReader:
    return PdfReader(path)


@lru_cache(maxsize=None)
def page_texts(path: Path) -> tuple[str, ...]:
    """pypdf's extracted text of every page (layout order as pypdf gives it)."""
    return tuple(page.extract_text() or "" for page in reader(path).pages)


@lru_cache(maxsize=None)
def pdfium_page_texts(path: Path) -> tuple[str, ...]:
    """PDFium's text of every page: a second, independent reader, which (unlike pypdf) honours
    /ActualText, so complex scripts (Khmer) come back as the words that were written."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return tuple(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def words_only(text: str) -> str:
    """Text compared as words: invisible break opportunities (U+200B) removed, spaces normalised."""
    return norm(str(text).replace("\u200b", ""))


def page_size(page) -> tuple[float, float]:
    """A page's visible size in points (mediabox, with /Rotate applied)."""
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    return (h, w) if int(page.get("/Rotate", 0) or 0) % 180 else (w, h)


def text_fragments(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text fragment, in drawing order, from pypdf's text visitor."""
    frags: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            frags.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return frags


def footer_lines(page, below: float, notice: str) -> list[str]:
    """The footer line(s) of a page: the words drawn below ``below`` points from the bottom
    edge, one line per footer (a sheet of placed pages has one per page), each read left to
    right. A new footer starts at each fragment that begins with the notice.

    (pypdf reports text inside a placed Form XObject in the form's own space, so for sheets
    of placed pages pass a limit that holds in both spaces.)"""
    groups: list[list[tuple[float, str]]] = []
    for x, y, t in text_fragments(page):
        if y >= below:
            continue
        if norm(t).startswith(notice) or not groups:
            groups.append([])
        groups[-1].append((x, t))
    return [norm(" ".join(t for _, t in sorted(g, key=lambda f: f[0]))) for g in groups]


def outline_entries(pdf: PdfReader) -> list[tuple[str, int, int]]:
    """(title, depth, 0-based page) of every bookmark, depth first, in document order."""
    out: list[tuple[str, int, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((str(item.title), depth, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    return out


# --------------------------------------------------------------------------- fonts


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def page_fonts(page) -> Iterator[tuple[str, DictionaryObject]]:
    """Every font a page can use: its /Resources /Font, and those of the Form XObjects it
    draws (recursively), including the descendant fonts of Type0 fonts. Yields (place, font)."""
    seen: set[int] = set()

    def walk(resources, place: str):
        resources = _resolve(resources)
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        fonts = _resolve(resources.get("/Font"))
        if isinstance(fonts, DictionaryObject):
            for key, ref in fonts.items():
                font = _resolve(ref)
                yield f"{place}/Font{key}", font
                for i, child in enumerate(_resolve(font.get("/DescendantFonts")) or []):
                    yield f"{place}/Font{key}/DescendantFonts[{i}]", _resolve(child)
        xobjects = _resolve(resources.get("/XObject"))
        if isinstance(xobjects, DictionaryObject):
            for key, ref in xobjects.items():
                xobj = _resolve(ref)
                if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                    yield from walk(xobj["/Resources"], f"{place}/XObject{key}")

    yield from walk(page.get("/Resources"), "/Resources")


def is_base14(name: str) -> bool:
    """Whether a /BaseFont names one of the 14 standard fonts (with or without a subset tag)."""
    return str(name).lstrip("/").split("+", 1)[-1].startswith(BASE14)


def font_problems(font: DictionaryObject) -> list[str]:
    """What is wrong with a font for print: not embedded TrueType, no subset tag, base-14."""
    name = str(font.get("/BaseFont", ""))
    problems = []
    if is_base14(name):
        problems.append(f"{name} is a base-14 font (not embedded, substituted by the printer)")
    if font.get("/Subtype") == "/Type0":
        return problems  # its descendant font carries the descriptor; checked on its own
    descriptor = _resolve(font.get("/FontDescriptor"))
    if not isinstance(descriptor, DictionaryObject):
        problems.append(f"{name or font.get('/Subtype')} has no /FontDescriptor (not embedded)")
    elif "/FontFile2" not in descriptor:
        problems.append(f"{name} has no /FontFile2 (no embedded TrueType program)")
    if not SUBSET_TAG.match(name.lstrip("/")):
        problems.append(f"{name or font.get('/Subtype')} has no subset tag (ABCDEF+Name)")
    return problems


def all_base_font_names(pdf: PdfReader) -> set[str]:
    """/BaseFont of every font dictionary reachable from the trailer (pages, forms, annots...)."""
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if "/BaseFont" in obj:
                names.add(str(obj["/BaseFont"]))
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return names


def fonts_showing_text(page) -> dict[str, DictionaryObject]:
    """The fonts a page actually draws glyphs with (Tf in force at a non-empty Tj/TJ/'/\"),
    following Form XObjects. Keyed by 'place:resource name'."""
    used: dict[str, DictionaryObject] = {}

    def run(content, resources, place: str, depth: int = 0):
        resources = _resolve(resources) or DictionaryObject()
        fonts = _resolve(resources.get("/Font")) or DictionaryObject()
        xobjects = _resolve(resources.get("/XObject")) or DictionaryObject()
        current = None
        for operands, op in ContentStream(content, page.pdf).operations:
            if op == b"Tf":
                current = operands[0]
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                strings = operands[-1] if op == b"TJ" else [operands[-1]]
                if any(isinstance(s, (str, bytes)) and len(s) for s in strings):
                    used[f"{place}:{current}"] = _resolve(fonts[current])
            elif op == b"Do" and depth < 8:
                xobj = _resolve(xobjects.get(operands[0]))
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    run(xobj, xobj.get("/Resources", resources), f"{place}{operands[0]}", depth + 1)

    contents = page.get_contents()
    if contents is not None:
        run(contents, page.get("/Resources"), "page")
    return used


# --------------------------------------------------------------------------- QR codes


def decode_qr(path: Path, dpi: int = 150) -> list[list[str]]:
    """Render every page with PDFium at ``dpi`` and decode it with zxing-cpp: texts per page."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            # grey levels and QR only: the same codes as a colour render, several times faster
            image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            pages.append([r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
                          if r.valid])
        return pages
    finally:
        pdf.close()


def decode_qr_boxes(path: Path, dpi: int = 150) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Like ``decode_qr``, with each code's box in PDF points (x0, y0, x1, y1; origin bottom left)."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_height()
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            found = []
            for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                if not r.valid:
                    continue
                p = r.position
                xs = [c.x * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
                ys = [height - c.y * 72 / dpi for c in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
                found.append((r.text, (min(xs), min(ys), max(xs), max(ys))))
            pages.append(found)
        return pages
    finally:
        pdf.close()


def link_annotations(path: Path) -> list[list[dict[str, Any]]]:
    """Every link annotation per page: its URI, rectangle, /Contents and /StructParent (or None)."""
    pdf = reader(path)
    pages = []
    for page in pdf.pages:
        found = []
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A") or {}
            found.append({"uri": str(action.get("/URI", "")), "rect": [float(v) for v in annot["/Rect"]],
                          "contents": str(annot.get("/Contents", "")), "struct_parent": annot.get("/StructParent")})
        pages.append(found)
    return pages


def struct_text(path: Path) -> str:
    """The logical structure and its text as poppler reads it (``pdfinfo -struct-text``), the
    colophon's content hash masked."""
    import subprocess

    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    # shaped glyphs without a code point of their own get private-use ones in the order a
    # process first draws them: they say nothing of the structure, and would tie it to test order
    # an annotation's object number says where the writer stored it, not what it is
    return "\n".join(_OBJECT.sub("Object (annotation)", _PRIVATE_USE.sub("", mask_volatile(line.rstrip())))
                     for line in out.splitlines()) + "\n"


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_OBJECT = re.compile(r"Object \d+ \d+")


def struct_golden_path(edition: str, output: str) -> Path:
    return GOLDEN / "struct-text" / edition / f"{output}.txt"


# --------------------------------------------------------------------------- golden text


# The colophon prints a hash of every content and template file (workbook/pipeline.py
# content_hash): any edit anywhere changes it on every page, so golden text masks it.
_CONTENT_HASH = re.compile(r"\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,64}\b")
_COLOPHON_HASH = re.compile(r"(?<=· )[0-9a-f]{10}\b")  # also a hash of digits only (one in 160)


def mask_volatile(line: str) -> str:
    return _CONTENT_HASH.sub("<content-hash>", _COLOPHON_HASH.sub("<content-hash>", line))


def snapshot(path: Path) -> dict[str, Any]:
    """What a golden file records of a PDF: page count, page sizes, text per page (as lines,
    with the colophon's content hash masked)."""
    pdf = reader(path)
    return {
        "pages": len(pdf.pages),
        "page_sizes": [[round(v, 2) for v in page_size(p)] for p in pdf.pages],
        "text": [[mask_volatile(line) for line in norm_lines(text)] for text in page_texts(path)],
    }


def output_pdfs(out: Path) -> list[Path]:
    """Every file of an output folder but the build cache's manifest (``OUT/.cache/``, README)."""
    return sorted(p for p in out.rglob("*") if p.is_file() and ".cache" not in p.relative_to(out).parts)


def golden_path(edition: str, output: str) -> Path:
    return GOLDEN / edition / f"{output}.json"


def build_all(root: Path, out: Path):
    """Build every edition and product of the project at ``root`` into ``out``, in process."""
    from workbook.pipeline import build

    return build(root, out)


# --------------------------------------------------------------------------- parametrisation

EDITIONS = edition_codes()  # read at collection time


def every_pdf() -> list:
    """(edition, output) for every PDF a full build writes, with readable ids."""
    import pytest

    return [pytest.param(e, o, id=f"{e}/{o}") for e in EDITIONS for o in OUTPUTS]

def expected_urls(root, edition: str, output: str) -> set[str]:
    """The addresses the content asks this PDF (or variant) to carry as QR codes."""
    lang = edition_spec(root, edition)["language"]
    data = links(root)
    product = kind(output)
    if product == "teacher":  # the videos of the handout sections its lessons use
        used = {u.split(":", 1)[1] for lesson in words(root, lang, "course")["lessons"] for u in lesson["uses"]
                if u.startswith("handout:")}
        return {str(data["videos"][v]["url"]) for section in words(root, lang, "handout")["sections"]
                if section["id"] in used for block in section["blocks"] for v in block.get("videos") or []}
    if product == "cards":
        return {str(region(root, edition_spec(root, edition)["region"])["website"]["url"])}
    if product in ("poster", "spread"):
        return {str(data["videos"][words(root, lang, product)["video"]["link"]]["url"])}
    if product == "handout":
        urls = set()
        for section in words(root, lang, "handout")["sections"]:
            for block in section["blocks"]:
                urls |= {str(data["videos"][v]["url"]) for v in block.get("videos") or []}
                urls |= {str(data["services"][s]["url"]) for s in block.get("services") or []}
        return urls
    assert product == "workbook", output
    return expected_urls(root, edition, "handout") | expected_urls(root, edition, "spread")
