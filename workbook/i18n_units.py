"""Which strings of a content file are words to translate, and their ids.

Shared by the build path (``i18n.py``: fallback, review status), the pseudo-locale and the
translator's tools (PO, XLIFF): one rule for all of them. What is translatable: every
non-empty string leaf, one entry per item of a list of strings, except
  * values of keys that hold identifiers or symbols, not words (``ID_KEYS``: a section's
    ``id``, ``link``, a message's ``from``, a callout's ``indicator``, a flag's ``icon``,
    ``chat``, and a block's ``videos``/``services`` lists of ids; a *mapping* under such a key,
    like common.yaml's ``videos``, is still searched for words);
  * legal text (``LEGAL``: the notice the build checks on every page, and the copyright
    paragraph): it stays in English in every language;
  * numbers and booleans (a callout's ``number``, ``helplines: true``).
Strings that are words but the same in every language (``{{ page }}``, ``A21``) are listed
as ``copy_through:`` in ``content/translation.yaml`` (see ``i18n.copy_through``).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from .content import LocStr

from .modeline import SOURCE  # the source language (kept in modeline.py: its files name another schema)
REVIEW_FILE = "review.yaml"
ID_KEYS = frozenset({"id", "link", "from", "indicator", "icon", "chat", "videos", "services", "editorial",
                     "uses", "answers"})  # the course: what a lesson uses, which answer key it prints
LEGAL = frozenset({"common.yaml:notice", "common.yaml:copyright"})
# Fixed boxes: id pattern (``*`` = any index or key) → most characters the box holds. These are
# estimates from the English poster at A3, not measurements: replace them from the layout.
# (The English flags[3].text has 70 characters and fits, so flag texts get 72, not 60.)
MAX_CHARS: dict[str, int] = {
    "poster.yaml:title": 12,
    "poster.yaml:flags[*].label": 16,
    "poster.yaml:flags[*].text": 72,
    "poster.yaml:report.title": 40,
}
TOKEN = re.compile(r"[^\s]+")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
REGIONS = "regions"
# The words of a region file (content/regions/<CC>.yaml) a language translates; its numbers,
# addresses and sources are never words (region_words.py).
REGION_WORD_FIELDS = re.compile(r"name|report_to|(?:helplines\[\d+\]|emergency)\.(?:name|short|purpose)")
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


# -- which strings, and their ids ----------------------------------------------------------
def string_id(text: LocStr) -> str:
    """A string's stable id: its file's name and field path, e.g. ``poster.yaml:flags[2].text``;
    a region's words keep their folder (``regions/KH.yaml:helplines[0].name``), in the region
    file and in a language's translation of it alike."""
    path = PurePosixPath(text.where.path)
    folder = "regions/" if path.parent.name == "regions" else ""
    return f"{folder}{path.name}:{text.where.field}"


def is_id(key: str | None, value: Any) -> bool:
    """Whether a leaf is an identifier: a single token (no space) under an id key. ``link`` is
    an id in the poster (``link: can_you_see_me``) but words in a handout block (``- link: For
    more information …``): the value, not only the key, tells them apart."""
    return key in ID_KEYS and isinstance(value, str) and TOKEN.fullmatch(value.strip()) is not None


def translatable(key: str | None, value: Any) -> bool:
    """Whether a leaf is words to translate (see the module docstring for the rule)."""
    if not isinstance(value, str) or not value.strip() or is_id(key, value):
        return False
    return not (isinstance(value, LocStr) and string_id(value) in LEGAL)


def strings(tree: Any, key: str | None = None) -> Iterator[LocStr]:
    """Every translatable string of a located tree, in file order."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from strings(v, k)
    elif isinstance(tree, list):
        for v in tree:
            yield from strings(v, key)
    elif translatable(key, tree):
        yield tree


def max_chars(sid: str, limits: dict[str, int] | None = None) -> int | None:
    """The most characters a fixed box holds for this id, if it is a fixed box."""
    for pattern, limit in (MAX_CHARS if limits is None else limits).items():
        if re.fullmatch(re.escape(pattern).replace(r"\*", r"[^.\[\]]+"), sid):
            return limit
    return None


def visible_length(text: str) -> int:
    """Characters as a reader counts them: no ** markers, no U+200B, no marks above/below, no Khmer subscripts."""
    text, count, prev = text.replace("**", ""), 0, ""
    for ch in text:
        if unicodedata.category(ch) not in ("Mn", "Cf") and prev != "\u17d2":
            count += 1
        prev = ch
    return count


def field_parts(field_path: str) -> list[str | int]:
    """``flags[2].text`` → ``["flags", 2, "text"]``."""
    return [int(i) if i else key for i, key in _PART.findall(field_path)]


def is_region_word(field_path: str) -> bool:
    """Whether a field of a region file is words a language translates."""
    return REGION_WORD_FIELDS.fullmatch(field_path) is not None


def region_word_files(root: Path, language: str) -> dict[str, Path]:
    """A language's translated region files by code (``KH``): content/<language>/regions/<CC>.yaml."""
    folder = root / "content" / language / REGIONS
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
