"""Reproducible builds: the same content gives the same bytes, whatever the process.

Two full builds of every edition in separate processes with different hash seeds (the
session's build, made in this pytest process, and ``python build.py`` in a subprocess with
another PYTHONHASHSEED) write the same files with the same SHA-256. The date inside the PDFs
comes from content/editions.yaml ``date``, or from SOURCE_DATE_EPOCH when set, and that date
(with the /ID derived from the bytes) is all that SOURCE_DATE_EPOCH changes.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import pytest

from .helpers import ROOT, load_yaml, pdfium_page_texts, reader

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_build(root: Path, out: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, **env}
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *args],
                          cwd=root, env=environ, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"build.py {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc


def other_seed() -> str:
    """A PYTHONHASHSEED this pytest process is not using (it is random unless the variable is set)."""
    return "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"


def pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def expected_default_date(root: Path) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return pdf_date(datetime.fromtimestamp(int(epoch), tz=timezone.utc))
    d = load_yaml(root / "content" / "editions.yaml")["date"]
    return pdf_date(datetime(d.year, d.month, d.day, tzinfo=timezone.utc))


@pytest.mark.slow
def test_two_builds_in_separate_processes_are_byte_identical(built, tmp_path):
    out = tmp_path / "again"
    run_build(built.root, out, PYTHONHASHSEED=other_seed())
    mine = {p.relative_to(built.out).as_posix(): sha256(p) for p in built.report.written}
    again = {p.relative_to(out).as_posix(): sha256(p) for p in out.rglob("*.pdf")}
    assert len(mine) >= 15
    assert sorted(again) == sorted(mine), f"different files: {sorted(set(again) ^ set(mine))}"
    differ = sorted(name for name in mine if mine[name] != again[name])
    assert not differ, f"{len(differ)} of {len(mine)} PDFs differ between two builds of the same content: {differ}"


def masked(data: bytes) -> bytes:
    """PDF bytes with the dates and the file identifier (a hash of the bytes, dates included) blanked."""
    data = re.sub(rb"D:\d{14}(?:[+\-Z][0-9']*)?", b"D:<date>", data)
    return re.sub(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", b"/ID [<id>]", data)


OUTPUT_NAMES = ("handout", "handout-gray", "handout-print", "poster", "poster-gray", "poster-print", "poster-tiles",
                "spread", "spread-gray", "spread-landscape", "spread-print",
                "workbook", "workbook-booklet", "workbook-gray", "workbook-print",
                "cards", "cards-gray", "cards-print", "teacher", "teacher-gray")


def expanded(path: Path) -> bytes:
    """The PDF rewritten by qpdf's QDF mode: every object out of its object stream and every
    stream uncompressed, so a date stored inside a compressed object stream can be masked."""
    import pikepdf

    out = BytesIO()
    with pikepdf.open(path) as pdf:
        pdf.save(out, qdf=True, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()

def test_every_pdf_written_is_one_of_the_dated_outputs(built):
    assert {p.stem for p in built.report.written} <= set(OUTPUT_NAMES)


@pytest.mark.parametrize("output", OUTPUT_NAMES)
def test_the_date_inside_every_pdf_comes_from_editions_yaml(built, output):
    want = expected_default_date(built.root)
    paths = [p for p in built.report.written if p.stem == output]
    assert paths, f"the build wrote no {output}.pdf"
    problems = []
    for path in paths:
        meta = reader(path).metadata or {}
        for key in ("/CreationDate", "/ModDate"):
            if meta.get(key) != want:
                problems.append(f"{path.parent.name}/{path.name}: {key} {meta.get(key)}, want {want}")
    assert not problems, "\n".join(problems)


def test_source_date_epoch_changes_the_date_and_nothing_else(built, tmp_path):
    out = tmp_path / "dated"
    run_build(built.root, out, "--edition", "en-GB", "--product", "poster", "--variant", "plain",
              SOURCE_DATE_EPOCH=str(EPOCH))
    new, old = out / "en-GB" / "poster.pdf", built.pdf("en-GB", "poster")
    want = pdf_date(datetime.fromtimestamp(EPOCH, tz=timezone.utc))
    assert want == "D:20231114221320+00'00'"
    new_meta, old_meta = dict(reader(new).metadata), dict(reader(old).metadata)
    assert new_meta["/CreationDate"] == want
    assert old_meta["/CreationDate"] == expected_default_date(built.root) != want
    assert {k: v for k, v in new_meta.items() if not k.endswith("Date")} == \
           {k: v for k, v in old_meta.items() if not k.endswith("Date")}
    assert pdfium_page_texts(new) == pdfium_page_texts(old)
    assert new.read_bytes() != old.read_bytes()
    assert masked(expanded(new)) == masked(expanded(old)), "SOURCE_DATE_EPOCH changed more than the date"
