"""Post-process PDFs with pypdf: merge with bookmarks, check the notice, write atomically.

In: composed PDFs (bytes). Out: files under ``build/<edition>/``. Every file is written to
a temporary name in the same folder and renamed into place when complete, so a failed or
killed build never leaves half a PDF or replaces a good one.
"""
from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           NumberObject, RectangleObject, TextStringObject)

from . import interrupts
from .document import Composed
from .errors import BuildError
from .output import cannot_write, partial_name
from .tagging import bind


@dataclass(frozen=True)
class OutputIntent:
    """A printing condition for the PDF/X output intent: its ICC profile and its names."""

    profile: bytes  # a CMYK output ICC profile
    condition: str  # OutputConditionIdentifier (its name in the registry)
    info: str
    registry: str


def merge(parts: list[Composed], metadata: dict[str, str], lang: str) -> Composed:
    """Bind PDFs into one, with an outline entry per section of every part and document metadata."""
    writer = PdfWriter()
    outline, offset = [], 0
    for part in parts:
        writer.append(PdfReader(BytesIO(part.pdf)), import_outline=False)
        outline += [(title, level, page + offset) for title, level, page in part.outline]
        offset += part.pages
    tags = bind([(part.tags, part.pages) for part in parts])
    return Composed(finish_document(writer, metadata, lang, outline, final=False), offset, outline, tags=tags)


def finish_document(writer: PdfWriter, metadata: dict[str, str], lang: str,
                    outline: list[tuple[str, int, int]] = (), final: bool = True) -> bytes:
    """What every PDF that pypdf assembles gets: bookmarks, metadata, language, and a viewer
    showing the title; returns the file's bytes. (Subset names need no care here: each
    composed PDF names its subsets after their programs, see rl_print.) Only a ``final`` file
    is packed (``compact``): a merged workbook, a booklet or tiles are read again (tagged,
    print-marked or recoloured, which packs them)."""
    add_outline(writer, list(outline))
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    (writer.viewer_preferences or writer.create_viewer_preferences()).display_doctitle = True  # keep others set
    return _bytes(writer, packed=final)


def add_outline(writer: PdfWriter, outline: list[tuple[str, int, int]]) -> None:
    """Bookmarks (title, level, 0-based page) nested by level, and the viewer opens with them shown."""
    parents: dict[int, object] = {}
    for title, level, page in outline:
        parents[level] = writer.add_outline_item(title=title, page_number=page, parent=parents.get(level - 1))
    if outline:
        writer.page_mode = "/UseOutlines"


def place_pages(writer: PdfWriter, size: tuple[float, float],
                placements: list[tuple[PageObject, float, float, float]]) -> PageObject:
    """A new sheet showing each page as a Form XObject at (scale, x, y).

    Wrapping pages as forms (as pdfpages and pdfjam do) copies their content streams
    untouched: pypdf's merge_transformed_page re-parses every operator and is far slower.
    Imposition (booklets, tiles) places pages the same way.
    """
    sheet = writer.add_blank_page(width=size[0], height=size[1])
    xobjects, ops = DictionaryObject(), []
    for i, (page, scale, x, y) in enumerate(placements):
        name = NameObject(f"/P{i}")
        xobjects[name] = form_xobject(writer, page)
        ops.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode())
    sheet[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    return sheet


def print_marks(pdf: bytes, bleed: float, slug: float, mark_length: float, mark_width: float,
                intent: OutputIntent | None = None) -> bytes:
    """The print-shop frame: each page grown by a slug around its bleed, crop marks, page boxes,
    and with an ``intent`` the PDF/X-4 output intent and markers.

    The page's own content is kept as it is (fills already run past the trim edge by the
    bleed); it is shifted into the larger MediaBox, TrimBox is the finished size, BleedBox
    the trim plus the bleed. Marks are drawn in registration black outside the bleed.
    ReportLab's own bleedWidth option scales the page instead, so it is not used.
    """
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        off = bleed + slug
        before = writer._add_object(_stream(f"q 1 0 0 1 {off:.4f} {off:.4f} cm"))
        after = writer._add_object(_stream("Q " + _crop_marks(w, h, off, bleed, mark_length, mark_width)))
        wrap_contents(page, before, after)
        _shift_annotations(page, off)
        page.mediabox = RectangleObject([0, 0, w + 2 * off, h + 2 * off])
        page.cropbox = RectangleObject([0, 0, w + 2 * off, h + 2 * off])
        page.bleedbox = RectangleObject([off - bleed, off - bleed, off + w + bleed, off + h + bleed])
        page.trimbox = RectangleObject([off, off, off + w, off + h])
    if intent is not None:
        add_output_intent(writer, intent)
    return _bytes(writer, packed=True)


def _shift_annotations(page: PageObject, off: float) -> None:
    """Links stay over what they link (the content moved by ``off`` into the larger page)."""
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        annot[NameObject("/Rect")] = ArrayObject([FloatObject(float(v) + off) for v in annot["/Rect"]])


def add_output_intent(writer: PdfWriter, intent: OutputIntent) -> None:
    """Declare the printing condition (PDF/X-4 in intent): /OutputIntents with the embedded
    profile, GTS_PDFXVersion and Trapped in the document information, a PDF 1.6 header.

    A print shop's RIP reads the output intent to know what the CMYK numbers mean, and its
    preflight checks the markers. The profile is one stream, however many pages refer to it.
    The file is not verified against ISO 15930-7 here (it has no XMP packet yet), hence "in
    intent"."""
    profile = DecodedStreamObject()
    profile.set_data(intent.profile)
    profile[NameObject("/N")] = NumberObject(4)
    ref = writer._add_object(profile.flate_encode())
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(intent.condition),
        NameObject("/OutputCondition"): TextStringObject(intent.info),
        NameObject("/Info"): TextStringObject(intent.info),
        NameObject("/RegistryName"): TextStringObject(intent.registry),
        NameObject("/DestOutputProfile"): ref,
    })])
    writer.add_metadata({"/GTS_PDFXVersion": "PDF/X-4"})
    info = writer._info.get_object()
    info[NameObject("/Trapped")] = NameObject("/False")
    writer.pdf_header = b"%PDF-1.6"


def wrap_contents(page: PageObject, before, after=None) -> None:
    """Put content streams (indirect references) before and after a page's own, keeping those by reference."""
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    own = [] if raw is None else (list(raw.get_object()) if isinstance(raw.get_object(), ArrayObject) else [raw])
    page[NameObject("/Contents")] = ArrayObject([before, *own] + ([after] if after is not None else []))


def _crop_marks(w: float, h: float, off: float, bleed: float, length: float, width: float) -> str:
    """Eight hairlines at the trim corners, starting just outside the bleed."""
    start, end = bleed + 2.0, bleed + 2.0 + length
    ops = [f"q 1 1 1 1 K {width:.3f} w"]
    for x in (off, off + w):
        for y, sign in ((off, -1), (off + h, 1)):
            ops.append(f"{x:.3f} {y + sign * start:.3f} m {x:.3f} {y + sign * end:.3f} l S")
    for y in (off, off + h):
        for x, sign in ((off, -1), (off + w, 1)):
            ops.append(f"{x + sign * start:.3f} {y:.3f} m {x + sign * end:.3f} {y:.3f} l S")
    ops.append("Q")
    return " ".join(ops)


def _stream(ops: str):
    stream = DecodedStreamObject()
    stream.set_data(ops.encode())
    return stream.flate_encode()


def form_xobject(writer: PdfWriter, page: PageObject, bleed: float = 0.0):
    """A page as a Form XObject in ``writer`` (its BBox grown by ``bleed`` so run-on fills show)."""
    form = DecodedStreamObject()
    form.set_data(_content_bytes(page))
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    form.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed)]),
        NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
    })
    return writer._add_object(form.flate_encode())  # the page's operators, stored as compactly as ReportLab's


def _content_bytes(page: PageObject) -> bytes:
    """A page's decoded content stream(s), joined as the PDF spec joins an array of them."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = [c.get_object() for c in contents] if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(s.get_data() for s in streams)


def _bytes(writer: PdfWriter, packed: bool = False) -> bytes:
    """The file, each object stored once: parts bound or placed together often carry the same
    font program or image (a booklet's pages and its notes pages), which pypdf would copy.
    ``packed``: rewritten with object streams (``compact``), for a file that is not read again."""
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = BytesIO()
    writer.write(out)
    return compact(out.getvalue()) if packed else out.getvalue()


def compact(pdf: bytes) -> bytes:
    """The same objects in fewer bytes: object streams and a compressed xref, which pypdf
    cannot write (7 to 18 KB a print PDF, about 20 ms). Streams stay as they are (Flate;
    recompressing gains under 1 %); the /ID comes from the content, so rebuilds are identical."""
    with pikepdf.open(BytesIO(pdf)) as doc:
        out = BytesIO()
        doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, recompress_flate=False)
    return out.getvalue()


def metadata_of(pdf: bytes) -> dict[str, str]:
    """The document information of a composed PDF, to carry over into a derived one."""
    info = PdfReader(BytesIO(pdf)).metadata or {}
    return {k: str(v) for k, v in info.items()}


def check_notice(pdf: bytes, notice: str, name: str) -> None:
    """Refuse to write a PDF with a page that lacks the copyright notice.

    Reads the text back with PDFium, an independent reader and fast enough to run on
    every build (pypdf's text extraction would double the build time).
    """
    import pypdfium2 as pdfium

    wanted = " ".join(notice.split())
    doc = pdfium.PdfDocument(pdf)
    try:
        for n in range(len(doc)):
            text = doc[n].get_textpage().get_text_range()
            if wanted not in " ".join(text.split()):
                raise BuildError(f"{name}: page {n + 1} lacks the notice '{notice}'; this is a bug in the layout")
    finally:
        doc.close()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary name is this process's own (``output.partial_name``); any OSError becomes
    ``cannot write <path>: <reason>; <what to do>``, with the temporary file removed.
    """
    _commit(_stage(path, data), path, [])


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files so that a failure replaces none of them.

    Every file is first written completely under its temporary name; only when all are
    on disk are they renamed into place. A full disk halfway leaves every old PDF as it
    was and no temporary file behind. Ctrl-C waits for the renames (milliseconds), so the
    folder holds all old PDFs or all new ones.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
    except BaseException:
        _discard(tmp for tmp, _ in staged)
        raise
    with interrupts.held():
        for n, (tmp, path) in enumerate(staged):
            _commit(tmp, path, [t for t, _ in staged[n + 1:]])


def _stage(path: Path, data: bytes) -> Path:
    """``data`` written and synced under a temporary name beside ``path``; the name is returned."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = partial_name(path)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # whatever the umask: the same bytes and modes on every machine
    except BaseException as exc:
        _discard([tmp])
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise
    return tmp


def _commit(tmp: Path, path: Path, pending: list[Path]) -> None:
    """Rename a staged file into place; on failure remove it and the files still ``pending``."""
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        _discard([tmp, *pending])
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise


def _discard(paths) -> None:
    for tmp in paths:
        with suppress(OSError):
            tmp.unlink()
