"""The pseudo-locale: the English words made ~40% longer and accented, to test every layout.

In: a located word tree (``content/en/<file>.yaml`` as read by ``workbook.content``).
Out: a new tree of the same types and shape whose strings keep their places (so an error
still points at the English file), with every translatable string (the rule of
``workbook.i18n``) rewritten as ``[Ŝåƒéţý ţîþš ~~~~]``: Latin letters swapped for accented
look-alikes, the text about 40% longer, brackets at both ends so a clipped box shows.

Left exactly as they are: Jinja2 code (``{{ ... }}``, ``{% ... %}``, ``{# ... #}``), so the
edition's data still fills in; web and e-mail addresses and dotted names (``A21.org``,
``Ad.17``); digits, emoji, punctuation and the ``**bold**`` / ``*italic*`` markers (none of
them is a Latin letter); and every value that is not words (ids, icons, numbers, legal text).
The accented letters are all in Latin-1 Supplement or Latin Extended-A, which Noto Sans
covers. Same input, same output.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .content import LocDict, LocList, LocStr
from .i18n_units import translatable

PSEUDO_LANGUAGE = "qps"  # the pseudo-locale's language code (as in Windows' qps-ploc)
EXPANSION = 1.4

_LOOKALIKES = {
    "A": "Å", "a": "å", "C": "Ç", "c": "ç", "D": "Ď", "d": "ď", "E": "É", "e": "é", "G": "Ĝ", "g": "ĝ",
    "H": "Ĥ", "h": "ĥ", "I": "Î", "i": "î", "J": "Ĵ", "j": "ĵ", "K": "Ķ", "k": "ķ", "L": "Ļ", "l": "ļ",
    "N": "Ñ", "n": "ñ", "O": "Ö", "o": "ö", "P": "Þ", "p": "þ", "R": "Ŕ", "r": "ŕ", "S": "Š", "s": "š",
    "T": "Ţ", "t": "ţ", "U": "Û", "u": "û", "W": "Ŵ", "w": "ŵ", "Y": "Ý", "y": "ý", "Z": "Ž", "z": "ž",
}
_ACCENT = str.maketrans(_LOOKALIKES)
_KEEP = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja2 expressions, statements, comments
    r"|https?://\S+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[\w-]+(?:\.[\w-]+)+\b",  # dotted names: takeitdown.ncmec.org, A21.org, Ad.17
    re.S,
)


def pseudo_text(text: str) -> str:
    """``Safety tips`` → ``[Šåƒéţý ţîþš ~~~]``: accented, bracketed, padded to ~1.4× its length."""
    body, pos = [], 0
    for m in _KEEP.finditer(text):
        body += [text[pos:m.start()].translate(_ACCENT), m.group()]
        pos = m.end()
    body.append(text[pos:].translate(_ACCENT))
    accented = "".join(body)
    pad = max(2, math.ceil(len(text) * EXPANSION) - len(accented) - 3)  # 3: "[", " ", "]"
    filler = ("~~~~~ " * (pad // 6 + 1))[:pad]
    if filler.endswith(" "):
        filler = filler[:-1] + "~"
    return f"[{accented} {filler}]"


def pseudo_tree(tree: Any, key: str | None = None) -> Any:
    """A new located tree with every translatable string pseudo-localized, places unchanged."""
    if isinstance(tree, LocDict):
        out = LocDict((k, pseudo_tree(v, k)) for k, v in tree.items())
        out.__dict__.update(vars(tree))  # where, key_where and whatever else the loader records
        return out
    if isinstance(tree, LocList):
        out = LocList(pseudo_tree(v, key) for v in tree)
        out.__dict__.update(vars(tree))
        return out
    if isinstance(tree, LocStr) and translatable(key, tree):
        return LocStr(pseudo_text(tree), tree.where)
    return tree


def pseudo_words(words: dict[str, Any]) -> dict[str, Any]:
    """A language's word trees by file stem (``project.words["en"]``) → the pseudo-locale's."""
    return {stem: pseudo_tree(tree) for stem, tree in words.items()}
