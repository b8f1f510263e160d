"""The translator's files: PO accepted by gettext, XLIFF read by translate-toolkit, both
round-tripping byte for byte, copy-through strings left out, imports that pass their schemas.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import polib
import pytest
from ruamel.yaml import YAML

from workbook import cli, i18n
from workbook.modeline import MODELINE

from .helpers import need_tool


def i18n_run(root: Path, *args: str) -> int:
    return cli.i18n_main([*args, "--project", str(root)], fitting=lambda lang: [])


def content_bytes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def schema_errors(path: Path) -> list[str]:
    """The file checked with jsonschema against the schema its first line names (as an editor does)."""
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith(MODELINE), f"{path}: no schema line"
    schema = json.loads((path.parent / first.removeprefix(MODELINE)).read_text(encoding="utf-8"))
    data = YAML(typ="safe").load(text)
    return [f"{path.name}: {list(e.path)}: {e.message[:120]}"
            for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def fill(po_path: Path, every: int = 1, draft: bool = True) -> Path:
    """Translate every ``every``-th entry (keeping its templates: the words are prefixed)."""
    po = polib.pofile(str(po_path))
    for i, e in enumerate(po):
        if i % every == 0:
            e.msgstr = "ไทย " + e.msgid
            if draft and "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
    po.save(str(po_path))
    return po_path


@pytest.mark.parametrize("language", ["km", "th"])
def test_exported_po_passes_msgfmt_check(tmp_project, tmp_path: Path, language: str) -> None:
    need_tool("msgfmt")
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    po = tmp_path / f"{language}.po"
    assert i18n_run(root, "export", "--language", language, "--out", str(po)) == 0
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    meta = polib.pofile(str(po)).metadata
    for key in ("PO-Revision-Date", "Last-Translator", "Language-Team", "Plural-Forms"):
        assert meta.get(key), key
    if language == "km":  # from content/translation.yaml
        assert meta["Plural-Forms"] == "nplurals=1; plural=0;"


def test_copy_through_strings_are_neither_exported_nor_counted_missing(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    same = i18n.copy_through(root)
    assert {"common.yaml:page_label", "common.yaml:colophon", "conversation.yaml:people.them"} <= same
    po = tmp_path / "th.po"
    assert i18n_run(root, "export", "--language", "th", "--out", str(po)) == 0
    exported = {e.msgctxt for e in polib.pofile(str(po))}
    assert exported and not exported & same
    assert not set(i18n.missing(root, "th")) & same
    # the list is content: take one out and it is a string to translate again
    path = root / "content" / "translation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - common.yaml:colophon", ""), encoding="utf-8")
    assert "common.yaml:colophon" in i18n.missing(root, "th")
    # a misspelt id is an error at its line, not a string silently back in the file
    path.write_text(path.read_text(encoding="utf-8").replace("common.yaml:author", "common.yaml:auther"), encoding="utf-8")
    assert cli.i18n_main(["status", "--project", str(root)], fitting=lambda lang: []) == 1
    assert "content/translation.yaml:9:5: copy_through[1]: 'common.yaml:auther' is no string of content/en/" in \
        capsys.readouterr().err


def test_import_writes_only_files_that_pass_their_schemas(tmp_project, tmp_path: Path) -> None:
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    po = tmp_path / "th.po"
    assert i18n_run(root, "export", "--language", "th", "--out", str(po)) == 0
    assert i18n_run(root, "import", str(fill(po, every=3))) == 0
    written = sorted((root / "content" / "th").glob("*.yaml"))
    assert {p.name for p in written} >= {"common.yaml", "poster.yaml", "handout.yaml", "spread.yaml"}
    errors = [e for p in written for e in schema_errors(p)]
    assert errors == [], "\n".join(errors)
    for path in sorted((root / "content" / "km").glob("*.yaml")):  # a complete translation too
        assert schema_errors(path) == []


def test_xliff_round_trips_byte_for_byte(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    first, second = tmp_path / "km.xlf", tmp_path / "again.xlf"
    before = content_bytes(root)
    assert i18n_run(root, "export", "--language", "km", "--format", "xliff", "--out", str(first)) == 0
    assert i18n_run(root, "import", str(first)) == 0
    assert content_bytes(root) == before, "an import with no edits changes nothing"
    assert i18n_run(root, "export", "--language", "km", "--format", "xliff", "--out", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()


def test_xliff_carries_what_the_po_carries_read_by_translate_toolkit(tmp_project, tmp_path: Path) -> None:
    xliff = pytest.importorskip("translate.storage.xliff")
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    for language in ("km", "th"):
        po_path, xlf_path = tmp_path / f"{language}.po", tmp_path / f"{language}.xlf"
        assert i18n_run(root, "export", "--language", language, "--out", str(po_path)) == 0
        assert i18n_run(root, "export", "--language", language, "--format", "xliff", "--out", str(xlf_path)) == 0
        store = xliff.xlifffile(xlf_path.read_bytes())
        assert store.gettargetlanguage() == language and store.getsourcelanguage() == "en"
        units = [u for u in store.units if not u.isheader()]
        po = [e for e in polib.pofile(str(po_path))]
        assert [u.xmlelement.get("resname") for u in units] == [e.msgctxt for e in po]
        for u, e in zip(units, po):
            assert (u.source, u.target or "") == (e.msgid, e.msgstr), e.msgctxt
            assert u.isfuzzy() == ("fuzzy" in e.flags), e.msgctxt
            assert u.getnotes("developer").split() == e.comment.split(), e.msgctxt  # PO wraps long notes
            assert u.getlocations() == [f"{p}:{n}" for p, n in e.occurrences], e.msgctxt
            limit = i18n.max_chars(e.msgctxt)
            assert u.xmlelement.get("maxwidth") == (str(limit) if limit else None), e.msgctxt


def test_xliff_import_marks_final_units_reviewed(tmp_project, tmp_path: Path) -> None:
    xliff = pytest.importorskip("translate.storage.xliff")
    root = tmp_project()
    path = tmp_path / "km.xlf"
    assert i18n_run(root, "export", "--language", "km", "--format", "xliff", "--out", str(path)) == 0
    store = xliff.xlifffile(path.read_bytes())  # edited by an independent writer, as a CAT tool would
    unit = next(u for u in store.units if u.xmlelement.get("resname") == "poster.yaml:title")
    unit.target = "ទង់​ក្រហម"
    unit.markfuzzy(False)
    unit.markapproved(True)
    path.write_bytes(bytes(store))
    assert i18n_run(root, "import", str(path)) == 0
    assert "poster.yaml:title" not in i18n.unreviewed(root, "km")
    assert YAML(typ="safe").load((root / "content/km/poster.yaml").read_text(encoding="utf-8"))["title"] == "ទង់​ក្រហម"


def test_status_blames_a_broken_region_only_on_languages_that_use_it(tmp_project, capsys) -> None:
    root = tmp_project({"content/regions/MX.yaml": "name: Mexico\nhelplines: 5\n"})  # no edition uses MX
    assert cli.i18n_main(["status", "--language", "km", "--project", str(root)]) == 0  # lays out km-KH
    out = capsys.readouterr().out
    assert "MX.yaml" not in out, out
    row = next(line for line in out.splitlines() if line.startswith("km "))
    assert row.split()[-1] == "yes", "the fitting column says whether it fits, not a count"


def test_import_checks_templates_against_the_edition_data(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project()
    po_path = tmp_path / "km.po"
    assert i18n_run(root, "export", "--language", "km", "--out", str(po_path)) == 0
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgctxt == "poster.yaml:report.more")
    entry.msgstr = entry.msgstr.replace("region.website.short", "region.websit.short")
    po.save(str(po_path))
    capsys.readouterr()
    assert i18n_run(root, "import", str(po_path)) == 0
    err = capsys.readouterr().err
    assert f"{po_path}:{entry.linenum}: poster.yaml:report.more: in edition km-KH, template:" in err, err
    assert "websit" in err


def test_no_content_file_points_a_translator_at_python(snapshot_root: Path, tmp_project, tmp_path: Path) -> None:
    """Comments and messages a translator reads name commands and documents, never code."""
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    po_path = tmp_path / "th.po"
    assert i18n_run(root, "export", "--language", "th", "--out", str(po_path)) == 0
    assert i18n_run(root, "import", str(fill(po_path, every=5, draft=False))) == 0  # writes a new review.yaml
    texts = {p: p.read_text(encoding="utf-8") for p in sorted((root / "content").rglob("*.yaml"))}
    texts[po_path] = po_path.read_text(encoding="utf-8")
    for path, text in texts.items():
        assert not re.search(r"workbook/|\b(?!build\.py)\w+\.py\b", text), f"{path}: points at Python"


def test_i18n_commands_answer_like_the_build(snapshot_root: Path, tmp_path: Path, capsys) -> None:
    """A folder given as --out is a message and exit 1, not a traceback; --help names i18n."""
    assert cli.main(["i18n", "export", "--language", "km", "--out", str(tmp_path), "--project", str(snapshot_root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cannot write {tmp_path}") and "Traceback" not in err, err
    assert cli.main(["--help"]) == 0
    assert "build.py i18n export | import | status" in " ".join(capsys.readouterr().out.split())
