"""ReportLab 5.1 made fit for a print shop, on import: subset names and overprinting black.

1. Subset names. ReportLab tags the subsets of a face AAAAAA, AAAAAB, ... in every document,
so across a build (and inside a PDF that binds several documents) one name stands for many
different font programs; a RIP that caches fonts by name can then draw the wrong glyphs
(ISO 32000-1, 9.6.4). Here the six-letter tag is made from a hash of the subset's own
program bytes: the same program always gets the same name, two different ones never share
one, and builds stay byte-identical. PDFs that pypdf assembles from these keep the names.

2. Overprinting black. Text in 100 % K is printed on top of whatever is under it instead of
knocking a white hole in it, so a slightly misregistered plate cannot leave a white halo
around small type. A theme colour that should overprint is an ``OverprintCMYK``; whenever
one becomes the fill colour (canvas or text object, our code or a library's) the fill
overprint state turns on with overprint mode 1, and the next other fill colour turns it off
again, so white text on a band still knocks out. ReportLab records each ExtGState entry as
its own small dictionary (``<< /op true >>``, ``<< /OPM 1 >>``); stroke overprint (``/OP``)
is left alone, because an ExtGState that sets ``/OP`` also sets ``/op`` for every later fill.
"""
from __future__ import annotations

import hashlib
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.textobject import _PDFColorSetter

_original_add_objects = ttfonts.TTFont.addObjects
_original_set_fill = _PDFColorSetter.setFillColor


def subset_tag(program: bytes) -> str:
    """Six capital letters from the font program's SHA-256: the name's ``ABCDEF+`` prefix."""
    return "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])


def _add_objects(self: ttfonts.TTFont, doc: Any) -> None:
    """ReportLab's ``addObjects``, with each subset's tag taken from its program.

    The original names subsets by their index through the module function ``SUBSETN`` and
    makes each program with ``face.makeSubset``; both are swapped for the duration of the
    call (one document is written at a time in a process), so every program is made once.
    """
    state = self.state.get(doc)
    if state is None:
        return _original_add_objects(self, doc)
    programs = [self.face.makeSubset(subset) for subset in state.subsets]
    tags = [subset_tag(p).encode() for p in programs]
    made = {tuple(s): p for s, p in zip(state.subsets, programs)}
    subsetn = ttfonts.SUBSETN
    ttfonts.SUBSETN = lambda n, *_: tags[n]
    self.face.makeSubset = lambda subset: made[tuple(subset)]
    try:
        _original_add_objects(self, doc)
    finally:
        ttfonts.SUBSETN = subsetn
        del self.face.makeSubset


class OverprintCMYK(colors.CMYKColor):
    """A CMYK ink that overprints what lies under it (for 100 % black text and rules)."""

    overprint = True


def _set_fill_colour(self: _PDFColorSetter, aColor: Any, alpha: float | None = None) -> None:
    """Set the fill colour, then the fill overprint state that colour asks for."""
    _original_set_fill(self, aColor, alpha)
    wanted = bool(getattr(self._fillColorObj, "overprint", False))
    canvas = getattr(self, "_canvas", self)  # a text object keeps its state on its canvas
    if wanted or canvas._extgstate.getValue("op"):
        self.setFillOverprint(wanted)
        if wanted:
            self.setOverprintMask(True)


def apply() -> None:
    """Install both (idempotent)."""
    ttfonts.TTFont.addObjects = _add_objects
    _PDFColorSetter.setFillColor = _set_fill_colour


def revert() -> None:
    """ReportLab's own behaviour again (tests use this to show each change matters)."""
    ttfonts.TTFont.addObjects = _original_add_objects
    _PDFColorSetter.setFillColor = _original_set_fill


apply()
