"""Four fixes to ReportLab 5.1, applied on import, for text in more than one script.

1. The text baseline after a raised mark. ``PDFTextObject.setRise`` merges two consecutive ``Ts`` operators into one but forgets to
record the new rise in that branch, so after a shaped mark with a vertical offset (Khmer
subscripts and vowel signs) the rest of the line is drawn a few points low. Our version
keeps ``_rise`` in step in both branches; ordinary ``<super>``/``<sub>`` output is unchanged
byte for byte. ``tests/test_khmer.py`` fails if this fix is not applied. Remove it when
ReportLab fixes ``setRise`` upstream.

2. Words that change font. ``ttfonts.shapeFragWord`` shapes a whole word with the font of
its first fragment, then looks the glyph ids up in each fragment's own font: a Khmer khan
right after a Latin bracket, or Khmer inside Latin parentheses, comes out as empty boxes.
Our wrapper shapes each run of one font on its own and joins the results.

3. The ToUnicode map of a subset. ``ttfonts.makeToUnicodeCMap`` writes an entry for every
code of a subset, the unused code 0 included, mapped to U+0000; PDF/UA-1 forbids a map to
U+0000 (or U+FEFF, U+FFFE), and code points above U+FFFF came out as five hex digits instead
of a UTF-16 pair. Our version leaves those codes out and writes surrogate pairs.
``tests/test_accessible.py`` fails without it (the validator names the font).

4. Private code points of shaped glyphs. A glyph HarfBuzz picks that has no character of its
own (a Khmer subscript form) gets a private-use code point, the next free one from U+E000 in
the order glyphs are first met; the code lands in the subset and the ToUnicode map, so a
PDF's bytes depended on which texts the process had measured before. Ours gives a glyph
U+E000 + its glyph id, the same whatever was shaped before or skipped (``measure`` skips
measuring what it has measured), so a PDF depends only on what it shows.

Also here, ``use_default_font``: ReportLab's table cells and svglib drawings start from
Helvetica, which then sits in every page's resources, unembedded, though no glyph is drawn
with it. Print-shop preflight flags it; the theme's family replaces it as the default.
"""
from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.graphics import shapes
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph, tables

_original_set_rise = PDFTextObject.setRise
_original_shape = ttfonts.shapeFragWord
_original_cmap = ttfonts.makeToUnicodeCMap
_NOT_TEXT = {0, 0xFEFF, 0xFFFE}


def _set_rise(self: PDFTextObject, rise: float) -> None:
    """Move the baseline by ``rise``; merge with a preceding ``Ts`` and keep ``_rise`` right."""
    op = f"{fp_str(rise)} Ts"
    if self._code and self._code[-1].endswith(" Ts"):
        self._y += self._rise
        self._code[-1] = op
    else:
        self._code.append(op)
    self._rise = rise
    self._y -= rise


def _shape_by_font(word, features=dict(kern=True, liga=True, dlig=True), force=False):
    """Shape a fragment word one font run at a time (ReportLab shapes it all with the first font)."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    runs: list[tuple[str | None, list]] = []
    for frag, text in word[1:]:
        name = None if hasattr(frag, "cbDefn") else frag.fontName
        if runs and (name is None or runs[-1][0] in (None, name)):
            runs[-1] = (runs[-1][0] or name, runs[-1][1] + [(frag, text)])
        else:
            runs.append((name, [(frag, text)]))
    if len(runs) < 2:
        return _remembered_shape(word, features, force)
    out = ttfonts.makeShapedFragWord(word)([0])
    for _, frags in runs:
        width = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in frags if not hasattr(f, "cbDefn"))
        shaped = _remembered_shape(type(word)([width] + frags), features, True)
        out[0] += shaped[0]
        out.extend(shaped[1:])
    return out


_SHAPED: dict[tuple, tuple | None] = {}  # a word's fonts, sizes and texts → how ReportLab shaped it
SHAPED_KEPT = 50_000


def _remembered_shape(word, features, force):
    """``shapeFragWord``, once per word: line breaking shapes the same words at every width tried.

    A word is its fragments' fonts, sizes and texts (a word with a link or index entry in
    it is shaped afresh). Kept is the result with each fragment replaced by its place in
    the word, and the private code points it uses (``_add_private``), which are registered
    again when the result is reused; if one would now get another code, the word is
    shaped afresh.
    """
    parts = word[1:]
    if any(hasattr(f, "cbDefn") for f, _ in parts):
        return _original_shape(word, features, force)
    key = (tuple((f.fontName, f.fontSize, t) for f, t in parts), tuple(sorted(features.items())), force)
    known = _SHAPED.get(key, False)
    if known is False or (known is not None and not _registered(known[2])):
        shaped = _original_shape(word, features, force)
        known = None if shaped is word else _kept(word, shaped)
        if len(_SHAPED) >= SHAPED_KEPT:
            _SHAPED.clear()
        _SHAPED[key] = known
        return shaped
    if known is None:  # HarfBuzz changed nothing: ReportLab returns the word itself
        return word
    new0, pieces, _ = known
    return ttfonts.makeShapedFragWord(word)([new0] + [(parts[i][0], text) for i, text in pieces])


def _kept(word, shaped) -> tuple:
    """(width, [(index of the fragment, shaped text)], private codes used) of a shaped word."""
    index = {id(f): i for i, (f, _) in enumerate(word[1:])}
    pieces = [(index[id(f)], text) for f, text in shaped[1:]]
    private = []
    for f, text in shaped[1:]:
        font = pdfmetrics.getFont(f.fontName)
        names = {code: name for name, code in getattr(font, "_TTFont__hbUnis", {}).items()}
        for ch in set(text):
            if ord(ch) in names:
                gid = font.face.charToGlyph[ord(ch)]
                private.append((f.fontName, names[ord(ch)], gid, font.face.charWidths[ord(ch)], ord(ch)))
    return shaped[0], pieces, tuple(sorted(private))


def _registered(private: tuple) -> bool:
    """Register the private code points a remembered word uses; False if one would differ now."""
    for font_name, name, gid, advance, code in private:
        font = pdfmetrics.getFont(font_name)
        font.hbFace  # noqa: B018  (sets up the table of private codes)
        if _add_private(font, name, gid, advance) != code:
            return False
    return True


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap without entries for unused codes, and UTF-16 for astral code points."""
    entries = [f"<{code:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
               for code, v in enumerate(subset) if v not in _NOT_TEXT and v < 0x110000]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(entries)} beginbfchar", *entries,
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


PRIVATE, LAST_PRIVATE = 0xE000, 0xF8FF  # the Basic Multilingual Plane's private use area
_original_private = ttfonts.TTFont._TTFont__addPrivate


def _add_private(self: ttfonts.TTFont, name: str, gid: int, advance: float) -> int:
    """The private-use code point of a glyph without a character: U+E000 + its glyph id when free.

    Only if the font already maps that code (or the glyph id is beyond the area) is the next
    free code above it taken, as ReportLab does from U+E000.
    """
    given = self._TTFont__hbUnis
    uchar = given.get(name)
    if uchar:
        return uchar
    face = self.face
    uchar = PRIVATE + gid if PRIVATE + gid <= LAST_PRIVATE else PRIVATE
    while uchar in face.charToGlyph:
        uchar += 1
    if uchar > LAST_PRIVATE:
        return _original_private(self, name, gid, advance)
    given[name] = uchar
    face.charToGlyph[uchar] = gid
    face.glyphToChar.setdefault(gid, []).append(uchar)
    face.charWidths[uchar] = advance
    return uchar


def use_default_font(name: str) -> None:
    """Make ``name`` (an embedded TrueType font) the default of tables and drawings instead of Helvetica."""
    tables.CellStyle.fontname = name
    shapes.STATE_DEFAULTS["fontName"] = name


def apply() -> None:
    """Install the fixes (idempotent)."""
    PDFTextObject.setRise = _set_rise
    ttfonts.shapeFragWord = paragraph.shapeFragWord = _shape_by_font
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.TTFont._TTFont__addPrivate = _add_private


def revert(rise: bool = True, shaping: bool = True, cmap: bool = True) -> None:
    """Put ReportLab's own functions back (tests use this to show each fix matters)."""
    if cmap:
        ttfonts.makeToUnicodeCMap = _original_cmap
    if rise:
        PDFTextObject.setRise = _original_set_rise
    if shaping:
        ttfonts.shapeFragWord = paragraph.shapeFragWord = _original_shape


apply()
