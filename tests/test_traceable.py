"""A print can be traced to its inputs, and only to them.

- The colophon's hash is the documented function of the files its edition reads
  (README, "Printing"), computed here independently: one byte of content changes it,
  moving the project to another folder does not, a file the edition does not read does not.
- Two copies of the project in different folders, built with different TMPDIR and HOME,
  give byte-identical PDFs.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, copy_project, pdfium_page_texts


def documented_hash(root: Path, language: str = "en", region: str = "GB") -> str:
    """SHA-256 over (relative POSIX path, NUL, bytes) of every file the edition reads: templates/,
    assets/, content/editions.yaml, links.yaml, regions/<region>.yaml, content/en/ and its language's folder."""
    digest = hashlib.sha256()
    folders = ["templates", "assets", "content/en", f"content/{language}"]
    files = sorted({p.relative_to(root).as_posix() for folder in folders
                    for p in (root / folder).rglob("*") if p.is_file()}
                   | {f"content/{name}" for name in ("editions.yaml", "links.yaml", f"regions/{region}.yaml")})
    for rel in files:
        digest.update(rel.encode() + b"\0" + (root / rel).read_bytes())
    return digest.hexdigest()[:10]


def printed_hashes(path: Path) -> set[str]:
    """The hashes the colophon prints on the pages of a PDF (``en-GB · 0123456789``)."""
    return {m.group(1) for text in pdfium_page_texts(path) for m in re.finditer(r"·\s*([0-9a-f]{10})\b", text)}


def test_colophon_prints_the_documented_hash_of_the_inputs(built) -> None:
    expected = documented_hash(built.root)
    for output in ("handout", "poster", "spread", "workbook", "poster-tiles", "workbook-booklet"):
        assert printed_hashes(built.pdf("en-GB", output)) == {expected}, output
    assert printed_hashes(built.pdf("km-KH", "poster")) == {documented_hash(built.root, "km", "KH")}
    assert printed_hashes(built.pdf("en-US", "poster")) == {documented_hash(built.root, "en", "US")}


def build(root: Path, out: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TMPDIR": str(tmp / "tmpdir"), "HOME": str(tmp / "home")}
    for folder in ("tmpdir", "home"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *args],
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.slow
def test_two_folders_build_the_same_bytes_and_one_byte_changes_the_hash(snapshot_root: Path, tmp_path: Path) -> None:
    """Same content in two places → same bytes; one changed byte of content → another hash."""
    one = copy_project(snapshot_root, tmp_path / "a" / "project")
    two = copy_project(snapshot_root, tmp_path / "somewhere" / "else" / "entirely" / "copy")
    args = ("--edition", "en-GB", "--variant", "plain", "--variant", "print", "--variant", "booklet")
    build(one, tmp_path / "out1", tmp_path / "env1", *args)
    build(two, tmp_path / "out2", tmp_path / "env2", *args)
    pdfs = sorted(p.relative_to(tmp_path / "out1") for p in (tmp_path / "out1").rglob("*.pdf"))
    assert len(pdfs) >= 8
    different = [str(p) for p in pdfs if (tmp_path / "out1" / p).read_bytes() != (tmp_path / "out2" / p).read_bytes()]
    assert not different, f"two copies of the project built different bytes: {different}"
    assert printed_hashes(tmp_path / "out1" / "en-GB" / "poster.pdf") == {documented_hash(one)}

    notes = one / "content" / "en" / "common.yaml"
    notes.write_bytes(notes.read_bytes() + b"\n")  # one byte: a blank line at the end
    assert documented_hash(one) != documented_hash(two)
    build(one, tmp_path / "out3", tmp_path / "env1", "--edition", "en-GB", "--product", "poster", "--variant", "plain")
    assert printed_hashes(tmp_path / "out3" / "en-GB" / "poster.pdf") == {documented_hash(one)}
