"""The JSON Schema editors use is the build's own schema, up to date, and every content file points at it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbook.yaml_source import read_yaml
from workbook.schema import MODELINE, content_files, generate, modeline, schema_name, stale, with_modeline

from .helpers import ROOT


def plain(tree: Any) -> Any:
    """A located tree as the plain JSON-like data an editor validates."""
    if isinstance(tree, dict):
        return {k: plain(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [plain(v) for v in tree]
    return str(tree) if isinstance(tree, str) else tree


def test_exported_schemas_are_up_to_date() -> None:
    """After changing a content model, run `python -m workbook.schema` and commit schemas/."""
    for rel, text in generate().items():
        path = ROOT / rel
        assert path.is_file(), f"{rel} is missing: run python -m workbook.schema"
        assert path.read_text(encoding="utf-8") == text, f"{rel} is out of date: run python -m workbook.schema"
    extra = {p.relative_to(ROOT).as_posix() for p in (ROOT / "schemas").glob("*.json")} - set(generate())
    assert not extra, f"schemas without a model: {sorted(extra)}"


def test_every_content_file_names_its_schema_on_line_one() -> None:
    files = content_files(ROOT)
    assert len(files) >= 9
    for rel in files:
        first = (ROOT / rel).read_bytes().decode("utf-8").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
        assert first == modeline(rel), f"{rel}: line 1 should be {modeline(rel)!r} (python -m workbook.schema adds it)"
        target = (ROOT / rel).parent / first.removeprefix(MODELINE)
        assert target.resolve().is_file(), f"{rel} points at {target}, which does not exist"


def test_nothing_is_stale() -> None:
    assert not stale(ROOT), "run python -m workbook.schema"


@pytest.mark.parametrize("rel", content_files(ROOT))
def test_real_content_passes_its_json_schema(rel: str) -> None:
    """What the build accepts, the editor accepts too (no red squiggles on good content)."""
    import jsonschema  # in the test extra: never skipped
    schema = json.loads((ROOT / "schemas" / f"{schema_name(rel)}.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in
              validator.iter_errors(plain(read_yaml(ROOT / rel, rel)))]
    assert not errors, errors


@pytest.mark.parametrize("bad", [
    {"videos": {}, "services": {}, "extra": 1},                  # unknown key
    {"videos": {"a": {"url": "http://a21.org"}}, "services": {}},  # not https
    {"videos": {"a": {"label": "x"}}, "services": {}},            # missing field
    {"videos": [], "services": {}},                               # wrong type
])
def test_json_schema_refuses_what_the_build_refuses(bad: dict) -> None:
    import jsonschema  # in the test extra: never skipped
    schema = json.loads((ROOT / "schemas" / "links.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def test_modeline_keeps_every_other_byte() -> None:
    text = "\ufeffa: 1\r\nb: 2\r\n"
    out = with_modeline(text, "content/en/poster.yaml")
    assert out == "\ufeff# yaml-language-server: $schema=../../schemas/poster.json\r\na: 1\r\nb: 2\r\n"
    assert with_modeline(out, "content/en/poster.yaml") == out


def test_schema_names() -> None:
    assert schema_name("content/editions.yaml") == "editions"
    assert schema_name("content/regions/KH.yaml") == "region"
    assert schema_name("content/km/poster.yaml") == "poster-translation"
    assert schema_name("content/en/poster.yaml") == "poster"
    assert schema_name("content/km/review.yaml") == "review"
    assert schema_name("content/README.md") is None
    assert modeline("content/regions/GB.yaml") == "# yaml-language-server: $schema=../../schemas/region.json"


def test_command_writes_and_checks(tmp_path: Path) -> None:
    """`python -m workbook.schema` writes what is missing; `--check` then finds nothing to do."""
    from workbook.schema import main

    from .helpers import copy_project

    root = copy_project(ROOT, tmp_path / "p")
    poster = root / "content" / "en" / "poster.yaml"
    poster.write_text(poster.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert main(["--project", str(root), "--check"]) == 1
    assert main(["--project", str(root)]) == 0
    assert main(["--project", str(root), "--check"]) == 0
    assert poster.read_text(encoding="utf-8").startswith(modeline("content/en/poster.yaml") + "\n")
