"""Export the content models as JSON Schema, so editors check content while it is typed.

In: the pydantic models that validate content (editions, links, regions, and every
language file the products read). Out: ``schemas/<name>.json``, and a first line in every
content file that points an editor at its schema::

    # yaml-language-server: $schema=../../schemas/poster.json

VS Code (with Red Hat's YAML extension) and other editors using yaml-language-server then
underline unknown keys and wrong types and offer completion as translators type. The
build itself validates with the same models, so the two never disagree.

Regenerate after changing a model (``tests/test_schema.py`` fails until you do)::

    python -m workbook.schema           # write schemas/*.json, add missing first lines
    python -m workbook.schema --check   # exit 1 if anything is out of date (CI)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .modeline import MODELINE, SCHEMAS, TRANSLATION, modeline, schema_name, with_modeline  # noqa: F401 (re-exported)
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def models() -> dict[str, type[BaseModel]]:
    """Schema name → model: the shared files, then each language file the products read."""
    from .i18n import ReviewFile, TranslationFile
    from .pipeline import word_models
    from .products import PRODUCTS
    from .project import EditionsFile, Links, Region

    from .theme import ThemeFile

    from .region_words import RegionWords

    shared: dict[str, type[BaseModel]] = {"editions": EditionsFile, "links": Links, "region": Region,
                                          "region_words": RegionWords,
                                          "theme": ThemeFile, "translation": TranslationFile}
    return {**shared, **word_models(list(PRODUCTS)), "review": ReviewFile}


def generate() -> dict[str, str]:
    """Every schema as the exact text of its file (stable: sorted keys, two-space indent);
    each language file's schema also as ``<name>-translation.json`` (see ``partial``)."""
    out = {}
    words = set(word_names())
    for name, model in models().items():
        schema: dict[str, Any] = {"$schema": DRAFT, **model.model_json_schema(by_alias=True)}
        schema["title"] = f"content: {name}"
        out[f"{SCHEMAS}/{name}.json"] = _text(schema)
        if name in words:
            out[f"{SCHEMAS}/{name}{TRANSLATION}.json"] = _text(
                {**partial(schema), "title": f"content: {name}, translated (every key may be left out)"})
    return out


def word_names() -> list[str]:
    """The language files' schema names (common, poster, ...)."""
    from .pipeline import word_models
    from .products import PRODUCTS

    return list(word_models(list(PRODUCTS)))


def partial(schema: Any) -> Any:
    """A language file's schema: the English one with nothing required, and null allowed for an
    item of a list (an item left for the English, before one that is translated). The build
    fills what a translation leaves out from the English and checks the result in full."""
    if isinstance(schema, list):
        return [partial(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: partial(v) for k, v in schema.items() if k not in ("required", "minItems", "minLength")}
    if out.get("type") == "array" and isinstance(out.get("items"), dict):
        out["items"] = {"anyOf": [out["items"], {"type": "null"}]}
    return out


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def content_files(root: Path) -> list[str]:
    """Content files that follow a schema, relative to the project root."""
    names = (p.relative_to(root).as_posix() for p in sorted((root / "content").rglob("*.yaml")))
    known = set(models()) | {f"{name}{TRANSLATION}" for name in word_names()}
    return [rel for rel in names if schema_name(rel) in known]


def _read(path: Path) -> str | None:
    return path.read_bytes().decode("utf-8") if path.is_file() else None


def stale(root: Path) -> dict[Path, str]:
    """Every file that differs from what it should be (path → the text it should have)."""
    wanted = {root / rel: text for rel, text in generate().items()}
    for rel in content_files(root):
        wanted[root / rel] = with_modeline(_read(root / rel) or "", rel)
    return {p: t for p, t in wanted.items() if _read(p) != t}


def main(argv: list[str] | None = None) -> int:
    """Write the schemas and schema lines (or, with --check, only report what is out of date)."""
    p = argparse.ArgumentParser(prog="python -m workbook.schema", description=__doc__.split("\n\n")[0])
    p.add_argument("--project", type=Path, default=Path("."), metavar="DIR", help="project root (default: .)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    args = p.parse_args(argv)
    root = args.project.resolve()
    todo = stale(root)
    for path, text in todo.items():
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(root).as_posix()}")
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
    return 1 if args.check and todo else 0


if __name__ == "__main__":
    sys.exit(main())
