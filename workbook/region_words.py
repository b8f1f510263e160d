"""A region's words in another language: helpline names and purposes, the country's name.

A region file (``content/regions/<CC>.yaml``) holds the services and their words in English.
A language may translate the words, and only the words, in ``content/<language>/regions/<CC>.yaml``:
numbers, addresses and sources stay in the region file, so a translation can never change
what people dial. Strings a translation leaves out print in English. The same PO or XLIFF
file carries them (ids ``regions/KH.yaml:helplines[0].name``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .content import Model, Text, validate
from .yaml_source import read_yaml
from .errors import ContentError, Where
from .i18n import with_fallback
from .i18n_units import region_word_files


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


def merge_region_words(root: Path, languages: list[str], regions: dict[str, Any], region_model: type[Model],
                       errors: list[ContentError]) -> dict[tuple[str, str], Any]:
    """Each language's translated region words merged over the English region file and
    validated as a whole region (``region_model``, passed in: the model lives in project.py,
    which imports this module). ``regions``: code → (model, located tree) or None."""
    out = {}
    for lang in languages:
        for code, path in region_word_files(root, lang).items():
            rel = path.relative_to(root).as_posix()
            try:
                tree = read_yaml(path, rel)
            except ContentError as exc:
                errors.append(exc)
                continue
            checked, errs = validate(RegionWords, tree, Where(rel))
            errors.extend(errs)
            if checked is None or not regions.get(code):
                continue
            merged, errs = validate(region_model, with_fallback(regions[code][1], tree), Where(rel))
            errors.extend(errs)
            if merged is not None:
                out[(lang, code)] = merged
    return out
