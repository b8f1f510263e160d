"""Post-process PDFs with pypdf: merge with bookmarks, check the notice, write atomically.

In: composed PDFs (bytes). Out: files under ``build/<edition>/``. Every file is written to
a temporary name in the same folder and renamed into place when complete, so a failed or
killed build never leaves half a PDF or replaces a good one.
"""
from __future__ import annotations

import os
import tempfile
from io import BytesIO
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           TextStringObject)

from .document import Composed
from .errors import BuildError


def merge(parts: list[Composed], metadata: dict[str, str], lang: str) -> Composed:
    """Bind PDFs into one, with an outline entry per section of every part and document metadata."""
    writer = PdfWriter()
    outline, offset = [], 0
    for part in parts:
        writer.append(PdfReader(BytesIO(part.pdf)), import_outline=False)
        outline += [(title, level, page + offset) for title, level, page in part.outline]
        offset += part.pages
    parents: dict[int, object] = {}
    for title, level, page in outline:
        parents[level] = writer.add_outline_item(title, page, parent=parents.get(level - 1))
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences().display_doctitle = True
    return Composed(_bytes(writer), offset, outline)


def side_by_side(doc: Composed, sheet_size: tuple[float, float], metadata: dict[str, str], lang: str) -> Composed:
    """Two facing pages scaled onto one landscape sheet, centred, for printing a spread on one side."""
    reader = PdfReader(BytesIO(doc.pdf))
    left, right = reader.pages[0], reader.pages[1]
    pw, ph = float(left.mediabox.width), float(left.mediabox.height)
    sw, sh = sheet_size
    scale = min(sw / (2 * pw), sh / ph)
    dx, dy = (sw - 2 * pw * scale) / 2, (sh - ph * scale) / 2
    writer = PdfWriter()
    place_pages(writer, (sw, sh), [(left, scale, dx, dy), (right, scale, dx + pw * scale, dy)])
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.create_viewer_preferences().display_doctitle = True
    return Composed(_bytes(writer), 1, [])


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
        form = DecodedStreamObject()
        form.set_data(_content_bytes(page))
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
            NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
        })
        name = NameObject(f"/P{i}")
        xobjects[name] = writer._add_object(form)
        ops.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode())
    sheet[NameObject("/Contents")] = writer._add_object(content)
    return sheet


def _content_bytes(page: PageObject) -> bytes:
    """A page's decoded content stream(s), joined as the PDF spec joins an array of them."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = [c.get_object() for c in contents] if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(s.get_data() for s in streams)


def _bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
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
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clean_partials(folder: Path) -> None:
    """Remove temporary files that a killed build left behind."""
    if folder.is_dir():
        for tmp in folder.rglob(".*.part"):
            tmp.unlink(missing_ok=True)
