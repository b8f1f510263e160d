"""A new language from content alone: French, with only a handful of strings translated.

A copy of the project (content/, templates/, assets/ and build.py) gets content/fr/common.yaml
and content/fr/poster.yaml holding a few translated strings, and an edition fr-FR (language
fr, region GB, A4/A3) in content/editions.yaml. ``python build.py --edition fr-FR`` run in the
copy must succeed, print the French strings where they were given and the English ones
everywhere else (a translated file may leave keys out), say in its summary how many strings
of fr are missing, and mark the PDFs as French.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from .helpers import ROOT, load_yaml, norm, plain

FR_COMMON = """\
# Français (partial: every string left out is printed in English)
series: Guide de sécurité numérique pour les élèves
documents:
  poster:
    title: Signaux d'alerte
"""

FR_POSTER = """\
title: SIGNAUX D'ALERTE
flags:
  - text: Ils gagnent votre confiance.
"""

FR_EDITION = """\
  fr-FR:
    language: fr
    region: GB
    paper: {handout: A4, poster: A3}
"""


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b]", "", str(text))


def texts(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_a_french_edition_from_content_only(tmp_project, tmp_path):
    def add_french(root: Path) -> None:
        shutil.copy2(ROOT / "build.py", root / "build.py")
        (root / "content" / "fr").mkdir()
        (root / "content" / "fr" / "common.yaml").write_text(FR_COMMON, encoding="utf-8")
        (root / "content" / "fr" / "poster.yaml").write_text(FR_POSTER, encoding="utf-8")
        editions = root / "content" / "editions.yaml"
        text = editions.read_text(encoding="utf-8")
        editions.write_text(text.rstrip("\n") + "\n" + FR_EDITION, encoding="utf-8")

    root = tmp_project(add_french)
    assert "fr-FR" in load_yaml(root / "content" / "editions.yaml")["editions"]
    out = tmp_path / "out"
    # the copy holds no code: build.py imports this checkout's workbook package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "build.py", "--edition", "fr-FR", "--out", str(out)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"

    written = sorted(p.name for p in (out / "fr-FR").glob("*.pdf"))
    assert {"poster.pdf", "handout.pdf", "spread.pdf", "workbook.pdf"} <= set(written), written
    assert [p.name for p in out.iterdir() if p.name != ".cache"] == ["fr-FR"], "only the edition asked for is built"

    # the summary counts the strings French lacks (printed in English)
    match = re.search(r"language fr: (\d+) strings? missing \(printed in English\)", proc.stdout)
    assert match, f"no missing-strings line for fr in the summary:\n{proc.stdout}"
    assert int(match.group(1)) > 50, match.group(0)

    poster = out / "fr-FR" / "poster.pdf"
    text = squash(texts(poster))
    assert squash("SIGNAUX D'ALERTE") in text
    assert squash("Ils gagnent votre confiance.") in text
    english = load_yaml(root / "content" / "en" / "poster.yaml")
    assert squash(english["title"]) not in text, "the English title is still printed"
    assert squash(english["flags"][0]["text"]) not in text
    # everything French leaves out is the English: the other flags, their labels and icons, the tips, the notice
    for flag in english["flags"]:
        assert squash(plain(flag["label"])) in text
    for flag in english["flags"][1:]:
        assert squash(plain(flag["text"])) in text, flag["text"]
    for item in english["tips"]["items"]:
        assert squash(plain(item)) in text, item
    en_common = load_yaml(root / "content" / "en" / "common.yaml")
    assert norm(en_common["notice"]) in norm(texts(poster))

    # the handout has no French at all yet: it is the English one, in a French edition
    handout = squash(texts(out / "fr-FR" / "handout.pdf"))
    assert squash(plain(load_yaml(root / "content" / "en" / "handout.yaml")["sections"][0]["title"])) in handout

    meta = PdfReader(poster).metadata
    assert meta["/Title"] == "Signaux d'alerte"
    assert meta["/Subject"] == plain(en_common["documents"]["poster"]["subject"])
    assert str(PdfReader(poster).trailer["/Root"]["/Lang"]) == "fr"
    colophon = re.search(r"fr-FR · ([0-9a-f]{10})", texts(poster))
    assert colophon, "no colophon naming fr-FR"
