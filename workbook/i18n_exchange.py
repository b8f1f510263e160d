"""The translator's file, whatever its format: one unit per string, the same in PO and XLIFF.

A unit carries the string's id (``poster.yaml:flags[2].text``), the English, the
translation, whether it is a draft, the notes for the translator, where the string is used,
and for a fixed box the most characters it holds. ``i18n_po`` and ``i18n_xliff`` only turn
units into their format and back, so both carry exactly the same information.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Entry, LanguageInfo, catalog, translation_file
from .i18n_units import SOURCE, TEMPLATE, max_chars

@dataclass
class Unit:
    id: str
    source: str
    target: str  # "" when missing
    draft: bool
    notes: str = ""
    places: list[tuple[str, str]] = field(default_factory=list)  # (path, line)
    max_chars: int | None = None
    line: int | None = None  # where the unit starts in the file it was read from


@dataclass
class Header:
    """What a translator's file says about itself (PO header, XLIFF file attributes)."""

    language: str
    team: str = ""
    translator: str = ""
    plural_forms: str = LanguageInfo().plural_forms
    revised: str = ""  # YYYY-MM-DD HH:MM+0000


def header(root: Path, language: str) -> Header:
    """The header of a language's file, from ``content/translation.yaml``'s ``languages:``
    (team, translator, plural forms); the revision date is now (or SOURCE_DATE_EPOCH)."""
    info = translation_file(root).languages.get(language, LanguageInfo())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = time.gmtime(int(epoch) if epoch.isdigit() else None)
    return Header(language, info.team or info.name or language, info.translator or info.team or language,
                  info.plural_forms, time.strftime("%Y-%m-%d %H:%M+0000", when))


def units(root: Path, language: str, limits: dict[str, int] | None = None) -> list[Unit]:
    """Every string of the language's catalog as a unit (draft → draft, missing → empty target)."""
    out = []
    for e in catalog(root, language):
        places = [(e.source.where.path, str(e.source.where.line))]
        if e.translation is not None and e.translation.where.path != e.source.where.path:
            places.append((e.translation.where.path, str(e.translation.where.line)))
        out.append(Unit(e.id, str(e.source), str(e.translation or ""), e.status == "draft", notes(e, limits),
                        places, max_chars(e.id, limits)))
    return out


def notes(e: Entry, limits: dict[str, int] | None = None) -> str:
    """What the translator must know about one string (the box's size, templates, markers)."""
    out = []
    limit = max_chars(e.id, limits)
    if limit:
        out.append(f"Fixed box: at most about {limit} characters (layout estimate).")
    if TEMPLATE.search(e.source):
        out.append("Keep every {{ ... }} exactly as in the English: it fills in the edition's data.")
    if "*" in e.source:
        out.append("Keep the **bold** / *italic* markers around the matching words.")
    return "\n".join(out)


__all__ = ["SOURCE", "Header", "Unit", "header", "notes", "units"]
