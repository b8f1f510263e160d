"""The worked example of content/README.md ("Adding a language and a country"), step by step.

In a copy of the project, a throwaway language (Esperanto, ``eo``) and country (``ZZ``,
GB's services under another name) are added exactly as the README says, with content files
only; then the translator's whole path runs through ``build.py`` as a user would run it:
export, msgfmt -c, fill, import, every file valid against its schema, build, status, and the
XLIFF route round-tripping. The new edition has no golden text, and nothing here needs one.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pypdfium2 as pdfium
import pytest
from ruamel.yaml import YAML

from workbook.modeline import MODELINE

from .helpers import ROOT, need_tool

EDITION = """\
  eo-ZZ:
    language: eo
    region: ZZ
    paper: {handout: A4, poster: A3}
"""
LANGUAGE = """\
  eo:
    name: Esperanto
    team: Esperanto translators
    translator: Test Translator <test@example.org>
    plural_forms: "nplurals=2; plural=(n != 1);"
"""


def run(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, str(root / "build.py"), *args], cwd=cwd or root, env=env,
                          capture_output=True, text=True, timeout=600)


def add_language_and_country(root: Path) -> None:
    """The README's steps 1-3, with content files only."""
    shutil.copy2(ROOT / "build.py", root / "build.py")
    # 1. the country: a copy of a region file, its services filled in (here: GB's, renamed)
    region = (root / "content/regions/GB.yaml").read_text(encoding="utf-8")
    (root / "content/regions/ZZ.yaml").write_text(region.replace("name: United Kingdom", "name: Zedland"),
                                                  encoding="utf-8")
    # 2. the language: an empty folder, and its line in content/translation.yaml
    (root / "content/eo").mkdir()
    translation = root / "content/translation.yaml"
    translation.write_text(translation.read_text(encoding="utf-8") + LANGUAGE, encoding="utf-8")
    # 3. the edition
    editions = root / "content/editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8").rstrip("\n") + "\n" + EDITION, encoding="utf-8")


def schema_errors(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    schema = json.loads((path.parent / first.removeprefix(MODELINE)).read_text(encoding="utf-8"))
    return [f"{path}: {list(e.path)}: {e.message[:100]}" for e in
            __import__("jsonschema").Draft202012Validator(schema).iter_errors(YAML(typ="safe").load(text))]


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.mark.slow
def test_a_new_language_and_country_end_to_end(tmp_project) -> None:
    need_tool("msgfmt")
    root = tmp_project(add_language_and_country)
    # 4. export; the PO passes gettext's own check
    proc = run(root, "i18n", "export", "--language", "eo", "--out", "eo.po")
    assert proc.returncode == 0, proc.stderr
    po_path = root / "eo.po"
    check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    po = polib.pofile(str(po_path))
    ids = [e.msgctxt for e in po]
    assert "regions/ZZ.yaml:helplines[0].name" in ids, "the region's words are in the same file"
    assert not [i for i in ids if i.startswith(("regions/GB", "regions/KH", "regions/US"))]
    assert "common.yaml:page_label" not in ids and "common.yaml:notice" not in ids
    assert po.metadata["Last-Translator"] == "Test Translator <test@example.org>"
    # 5. the translator fills it in (templates kept), leaving half as drafts
    for i, e in enumerate(po):
        e.msgstr = "EO " + e.msgid
        if i % 2:
            e.flags.append("fuzzy")
    po.save(str(po_path))
    # 6. import: only content files are written, and each passes the schema its first line names
    proc = run(root, "i18n", "import", "eo.po")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr, proc.stderr
    written = sorted((root / "content/eo").rglob("*.yaml"))
    english = {p.name for p in (root / "content/en").glob("*.yaml")}  # one file per English words file
    assert {p.relative_to(root / "content/eo").as_posix() for p in written} == english | {"review.yaml",
                                                                                         "regions/ZZ.yaml"}
    assert [e for p in written for e in schema_errors(p)] == []
    assert "number" not in (root / "content/eo/regions/ZZ.yaml").read_text(encoding="utf-8")
    # 7. build, into the project's own build/ folder
    proc = run(root, "--edition", "eo-ZZ", "--variant", "plain")
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"built \d+ PDFs into build/", proc.stdout), proc.stdout  # the project's, not the cwd's
    from workbook.products import PRODUCTS
    assert {f"{name}.pdf" for name in PRODUCTS} <= {p.name for p in (root / "build/eo-ZZ").glob("*.pdf")}
    assert {p.name for p in (root / "build/eo-ZZ").glob("*.pdf")} >= {"poster.pdf", "handout.pdf", "spread.pdf"}
    elsewhere = root.parent / "elsewhere"  # --project DIR from another folder: DIR/build, not ./build
    elsewhere.mkdir()
    proc = run(root, "--project", str(root), "--edition", "eo-ZZ", "--product", "poster", "--variant", "plain",
               cwd=elsewhere)
    assert proc.returncode == 0 and proc.stdout.startswith(f"built 1 PDF into {root}/build/"), proc.stdout
    assert list(elsewhere.iterdir()) == []
    poster = pdf_text(root / "build/eo-ZZ/poster.pdf")
    squash = lambda s: "".join(s.split())
    helpline = YAML(typ="safe").load((root / "content/regions/ZZ.yaml").read_text(encoding="utf-8"))["helplines"][0]
    assert squash("EO " + helpline["name"]) in squash(poster), "the helpline's name is translated"
    assert squash(helpline["number"]) in squash(poster), "its number comes from the region file"
    assert "EO and" in poster or squash("EO and") in squash(poster), "the list's conjunction is translated"
    # 8. status: nothing missing, half unreviewed, everything fits
    proc = run(root, "i18n", "status", "--language", "eo")
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.startswith("eo "))
    strings, missing, unreviewed, fits = row.split()[1:5]
    assert (missing, unreviewed, fits) == ("0", str(len(ids) // 2), "yes"), proc.stdout
    # 9. the XLIFF route: exported and imported with no edits, the content stays byte for byte
    before = {p: p.read_bytes() for p in (root / "content").rglob("*.yaml")}
    assert run(root, "i18n", "export", "--language", "eo", "--format", "xliff", "--out", "eo.xlf").returncode == 0
    proc = run(root, "i18n", "import", "eo.xlf")
    assert proc.returncode == 0 and "0 strings and 0 review states changed" in proc.stdout, proc.stdout + proc.stderr
    assert {p: p.read_bytes() for p in (root / "content").rglob("*.yaml")} == before
