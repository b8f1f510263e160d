"""Every PDF a full build writes opens cleanly in readers we do not control.

Four independent implementations: pypdf in strict mode (every object resolved), PDFium
(pypdfium2: every page rendered and its text read), poppler (``pdfinfo`` and ``pdftotext``
from poppler-utils, any syntax warning is a failure) and ``qpdf --check``. ``.ci/run``
installs poppler-utils and qpdf where they are missing; elsewhere a missing tool skips,
but under CI (CI=true, set by .ci/run) it fails the run.
"""
from __future__ import annotations

import logging
import subprocess
from pathlib import Path


from .helpers import need_tool

READERS = ("pypdf-strict", "pdfium", "poppler", "qpdf")


def all_pdfs(built) -> list[Path]:
    pdfs = sorted(built.out.rglob("*.pdf"))
    assert len(pdfs) >= 10, "the session build wrote too few PDFs"
    return pdfs


def failures(pdfs: list[Path], check) -> list[str]:
    """Run ``check`` on every PDF; return 'file: problem' for each that fails."""
    out = []
    for pdf in pdfs:
        try:
            problem = check(pdf)
        except Exception as exc:  # any exception from a reader is a finding, with its name
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            out.append(f"{pdf.parent.name}/{pdf.name}: {problem}")
    return out


def pypdf_strict(pdf: Path) -> str:
    """Parse strictly and resolve every object in the cross-reference table; warnings count."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        reader = PdfReader(pdf, strict=True)
        for generation, numbers in reader.xref.items():
            for number in numbers:
                reader.get_object(IndirectObject(number, generation, reader))
        for number in reader.xref_objStm:
            reader.get_object(IndirectObject(number, 0, reader))
        for page in reader.pages:
            page.extract_text()
        _ = reader.metadata, reader.outline
    finally:
        logger.removeHandler(handler)
    return "; ".join(records)


def pdfium(pdf: Path) -> str:
    """Open, render every page (small, it is the parsing that matters) and read its text."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if len(doc) == 0:
            return "no pages"
        for i in range(len(doc)):
            page = doc[i]
            page.render(scale=0.15).to_pil()
            page.get_textpage().get_text_range()
    finally:
        doc.close()
    return ""


def poppler(pdf: Path) -> str:
    """pdfinfo and pdftotext exit 0 and say nothing on stderr (poppler reports 'Syntax Error/Warning' there)."""
    problems = []
    for cmd in (["pdfinfo", str(pdf)], ["pdftotext", "-layout", str(pdf), "-"]):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if r.returncode or r.stderr.strip():
            problems.append(f"{cmd[0]} exit {r.returncode}: {r.stderr.strip()[:300]}")
    return "; ".join(problems)


def qpdf(pdf: Path) -> str:
    """qpdf --check: exit 0 and 'No syntax or stream encoding errors found'."""
    r = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, timeout=120)
    if r.returncode or "No syntax or stream encoding errors found" not in r.stdout:
        return f"exit {r.returncode}: {(r.stderr or r.stdout).strip()[:300]}"
    return ""


def need(tool: str) -> None:
    need_tool(tool)


def test_pypdf_strict_reads_every_pdf(built) -> None:
    assert failures(all_pdfs(built), pypdf_strict) == []


def test_pdfium_renders_every_pdf(built) -> None:
    assert failures(all_pdfs(built), pdfium) == []


def test_poppler_reads_every_pdf(built) -> None:
    need("pdfinfo")
    need("pdftotext")
    assert failures(all_pdfs(built), poppler) == []


def test_qpdf_check_passes_every_pdf(built) -> None:
    need("qpdf")
    assert failures(all_pdfs(built), qpdf) == []


def test_readers_catch_a_broken_pdf(tmp_path: Path) -> None:
    """The checks above can fail: a truncated PDF is caught by every reader."""
    from reportlab.pdfgen.canvas import Canvas

    good = tmp_path / "good.pdf"
    canvas = Canvas(str(good))
    canvas.drawString(72, 720, "hello")
    canvas.save()
    broken = tmp_path / "broken.pdf"
    data = good.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    need("pdfinfo")
    need("qpdf")
    checks = [pypdf_strict, pdfium, poppler, qpdf]
    for check in checks:
        assert failures([good], check) == [], check.__name__
        assert failures([broken], check), f"{check.__name__} accepted a truncated PDF"
