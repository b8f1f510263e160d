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

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

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
    sheet = writer.add_blank_page(width=sw, height=sh)
    for k, page in enumerate((left, right)):
        sheet.merge_transformed_page(page, Transformation().scale(scale).translate(dx + k * pw * scale, dy))
    writer.add_metadata(metadata)
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.create_viewer_preferences().display_doctitle = True
    return Composed(_bytes(writer), 1, [])


def _bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def metadata_of(pdf: bytes) -> dict[str, str]:
    """The document information of a composed PDF, to carry over into a derived one."""
    info = PdfReader(BytesIO(pdf)).metadata or {}
    return {k: str(v) for k, v in info.items()}


def check_notice(pdf: bytes, notice: str, name: str) -> None:
    """Refuse to write a PDF with a page that lacks the copyright notice."""
    for n, page in enumerate(PdfReader(BytesIO(pdf)).pages, 1):
        if notice not in " ".join((page.extract_text() or "").split()):
            raise BuildError(f"{name}: page {n} lacks the notice '{notice}'; this is a bug in the layout")


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
