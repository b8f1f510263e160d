"""The first line of a content file, naming its JSON Schema for the editor.

Low in the import graph on purpose: ``schema.py`` imports every model, and the i18n import
writes files that must keep this line, so the line's rules live here, importing nothing of
the project.
"""
from __future__ import annotations

from pathlib import PurePosixPath

SCHEMAS = "schemas"
SOURCE = "en"  # the language every other one translates (i18n_units.SOURCE)
TRANSLATION = "-translation"  # a language's file follows <name>-translation.json: every key optional
MODELINE = "# yaml-language-server: $schema="


def schema_name(rel: str) -> str | None:
    """Which schema a content file follows (``content/km/poster.yaml`` → ``poster``), or None."""
    parts = PurePosixPath(rel).parts
    if rel == "templates/theme.yaml":
        return "theme"
    if parts[:1] != ("content",) or not rel.endswith(".yaml"):
        return None
    stem = PurePosixPath(rel).stem
    if len(parts) == 2:
        return stem if stem in ("editions", "links", "translation") else None
    if len(parts) == 3:
        if parts[1] == "regions":
            return "region"
        return stem if parts[1] == SOURCE or stem == "review" else stem + TRANSLATION
    if len(parts) == 4 and parts[2] == "regions":  # content/<language>/regions/<CC>.yaml
        return "region_words"
    return None


def modeline(rel: str) -> str:
    """The first line of a content file: where its schema is, relative to the file."""
    depth = len(PurePosixPath(rel).parts) - 1
    return f"{MODELINE}{'../' * depth}{SCHEMAS}/{schema_name(rel)}.json"


def with_modeline(text: str, rel: str) -> str:
    """The file's text with its schema line first; every other line stays exactly as it was
    (byte-order mark and line endings included)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    first, _, rest = body.partition("\n")
    end = "\r\n" if first.endswith("\r") or (not first.startswith(MODELINE) and "\r\n" in body) else "\n"
    if first.startswith(MODELINE):
        body = rest
    return f"{bom}{modeline(rel)}{end}{body}"
