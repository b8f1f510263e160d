"""A region's words in another language: helpline names and purposes, the country's name.

A region file (``content/regions/<CC>.yaml``) holds the services and their words in English.
A language may translate the words, and only the words, in ``content/<language>/regions/<CC>.yaml``:
numbers, addresses and sources stay in the region file, so a translation can never change
what people dial. Strings a translation leaves out print in English. The same PO or XLIFF
file carries them (ids ``regions/KH.yaml:helplines[0].name``).
"""
from __future__ import annotations

import re
from pathlib import Path

from .content import Model, Text

REGIONS = "regions"
WORD_FIELDS = re.compile(r"name|report_to|(?:helplines\[\d+\]|emergency)\.(?:name|short|purpose)")


class HelplineWords(Model):
    name: Text | None = None
    short: Text | None = None
    purpose: Text | None = None


class RegionWords(Model):
    """``content/<language>/regions/<CC>.yaml``: only the words of a region, every key optional."""

    name: Text | None = None
    helplines: list[HelplineWords | None] = []
    emergency: HelplineWords | None = None
    report_to: Text | None = None


def is_region_word(field_path: str) -> bool:
    """Whether a field of a region file is words a language translates."""
    return WORD_FIELDS.fullmatch(field_path) is not None


def region_word_files(root: Path, language: str) -> dict[str, Path]:
    """A language's translated region files by code (``KH``)."""
    folder = root / "content" / language / REGIONS
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
