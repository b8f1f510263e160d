"""Register the theme's TrueType fonts once per process, and check text is covered by them.

In: the theme's font table and ``assets/fonts``. Out: registered ReportLab font names
(``Sans``, ``Sans-Bold``, ...) and a coverage check that names the missing characters,
because ReportLab silently drops or boxes a character its font lacks.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import ContentError, Where

FACES = ("regular", "bold", "italic", "bolditalic")


def face_name(family: str, face: str) -> str:
    """The ReportLab name of one face: ``Sans``, ``Sans-Bold``, ``Sans-Italic``, ``Sans-BoldItalic``."""
    suffix = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}[face]
    return family + suffix


def register_family(family: str, files: dict[str, str], font_dir: Path) -> None:
    """Register a family's faces (cached: fonts are parsed once per process)."""
    names = {}
    for face in FACES:
        file = files.get(face) or files["regular"]
        names[face] = _register(face_name(family, face), str(font_dir / file))
    pdfmetrics.registerFontFamily(
        family, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bolditalic"]
    )


@lru_cache(maxsize=None)
def _register(name: str, path: str) -> str:
    if not Path(path).is_file():
        raise ContentError(Where(path), "font file missing; put the TTF in assets/fonts/ or fix templates/theme.yaml")
    pdfmetrics.registerFont(TTFont(name, path))
    return name


@lru_cache(maxsize=None)
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def check_coverage(text: str, font: str, emoji: frozenset[str] = frozenset()) -> None:
    """Fail with the character's code point and name if ``font`` cannot draw it."""
    cmap = _cmap(font)
    for ch in text:
        if ord(ch) not in cmap and ch not in emoji and ch not in "\n\u200b\u00ad":
            name = unicodedata.name(ch, "unnamed")
            where = getattr(text, "where", "content")
            raise ContentError(where, f"character U+{ord(ch):04X} {name} is not in font {font}; "
                               "replace it or add a font that covers it")
