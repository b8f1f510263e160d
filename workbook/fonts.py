"""Register the theme's TrueType fonts once per process, and check text is covered by them.

In: the theme's font table and ``assets/fonts``. Out: registered ReportLab font names
(``Sans``, ``Sans-Bold``, ...) and a coverage check that names the missing characters,
because ReportLab silently drops or boxes a character its font lacks.
"""
from __future__ import annotations

import struct
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import ContentError, Where
from .project import asset_path

FACES = ("regular", "bold", "italic", "bolditalic")


def face_name(family: str, face: str) -> str:
    """The ReportLab name of one face: ``Sans``, ``Sans-Bold``, ``Sans-Italic``, ``Sans-BoldItalic``."""
    suffix = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}[face]
    return family + suffix


def register_family(family: str, files: dict[str, str], font_dir: Path) -> None:
    """Register a family's faces (cached: fonts are parsed once per process).

    Font files are named in ``templates/theme.yaml`` and must lie inside ``assets/fonts/``.
    """
    names = {}
    for face in FACES:
        file = files.get(face) or files["regular"]
        where = Where("templates/theme.yaml", field=f"fonts.{family}.{face if face in files else 'regular'}")
        try:
            path = asset_path(font_dir.parent, font_dir.name, str(file))
        except ContentError as exc:
            raise ContentError(where, f"{file}: {exc.message}")
        names[face] = _register(face_name(family, face), str(path), where)
    pdfmetrics.registerFontFamily(
        family, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bolditalic"]
    )


@lru_cache(maxsize=None)
def _register(name: str, path: str, where: Where) -> str:
    file = f"assets/fonts/{Path(path).name}"
    if not Path(path).is_file():
        raise ContentError(where, f"font file {file} is missing; put the TTF in assets/fonts/ "
                           "or fix the name in templates/theme.yaml")
    try:
        pdfmetrics.registerFont(TTFont(name, path, asciiReadable=0))  # subsets hold only the glyphs drawn
    except (TTFError, OSError, ValueError, struct.error) as exc:
        raise ContentError(where, f"{file} is not a usable TrueType font ({exc}); "
                           "replace it with a static .ttf instance")
    return name


@lru_cache(maxsize=None)
def cmap(name: str) -> frozenset[int]:
    """The code points a registered face draws."""
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def no_font(ch: str, chain: tuple[str, ...]) -> str:
    """What to say about a character no family of the chain draws (layout and pre-check alike)."""
    return (f"character U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')} is in none of the fonts "
            f"{', '.join(chain)}; replace it or add a font that covers it to templates/theme.yaml")


def uncovered(tree: Any, chain: tuple[str, ...], skip: Callable[[str | None, Any], bool],
              key: str | None = None) -> list[ContentError]:
    """Every character of an edition's words that no family of the chain draws, each string's
    each character once, before anything is laid out: the layout stops at the first one, a
    translator wants the whole list. Leaves ``skip(key, value)`` holds for (ids, icons) are never set as text."""
    if isinstance(tree, dict):
        return [e for k, v in tree.items() for e in uncovered(v, chain, skip, k)]
    if isinstance(tree, list):
        return [e for v in tree for e in uncovered(v, chain, skip, key)]
    if not isinstance(tree, str) or skip(key, tree) or not chain:
        return []
    cmaps = [cmap(family) for family in chain]
    missing = dict.fromkeys(ch for ch in tree if ch not in "\n\u200b\u00ad"
                            and not unicodedata.category(ch).startswith("C")  # kit's check names these
                            and not any(ord(ch) in c for c in cmaps))
    return [ContentError(getattr(tree, "where", "content"), no_font(ch, chain)) for ch in missing]


def check_coverage(text: str, font: str, emoji: frozenset[str] = frozenset()) -> None:
    """Fail with the character's code point and name if ``font`` cannot draw it."""
    drawn = cmap(font)
    for ch in text:
        if ord(ch) not in drawn and ch not in emoji and ch not in "\n\u200b\u00ad":
            where = getattr(text, "where", "content")
            if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
                raise ContentError(where, f"invisible or unassigned character U+{ord(ch):04X} "
                                   f"({unicodedata.name(ch, 'no name')}); delete it")
            raise ContentError(where, f"character U+{ord(ch):04X} {unicodedata.name(ch, '')} is not in font "
                               f"{font}; replace it or add a font that covers it")


def fresh_private_codes() -> None:
    """Forget the private-use code points ReportLab gave shaped glyphs so far in this process.

    A shaped glyph with no character of its own (a Khmer subscript form) gets the next free
    code point from U+E000 on, in the order glyphs are first met in the process, and that
    code lands in the PDF's subset and ToUnicode map. Without this reset a PDF's bytes would
    depend on what else the same process composed before it (a poster built alone differed
    from the one built with the handout), and a cached PDF could not be byte-identical to a
    cold build. Called before each product is composed.
    """
    for font in list(pdfmetrics._fonts.values()):
        given = getattr(font, "_TTFont__hbUnis", None)
        if not given:
            continue
        face = font.face
        for uchar in given.values():
            gid = face.charToGlyph.pop(uchar, None)
            face.charWidths.pop(uchar, None)
            chars = face.glyphToChar.get(gid, [])
            if uchar in chars:
                chars.remove(uchar)
                if not chars:  # ReportLab reads a listed glyph's first character
                    del face.glyphToChar[gid]
        given.clear()
        font._TTFont__hbPrivate = 0xE000
