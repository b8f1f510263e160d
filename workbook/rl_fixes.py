"""One fix to ReportLab 5.1, applied on import: the text baseline after a raised mark.

``PDFTextObject.setRise`` merges two consecutive ``Ts`` operators into one but forgets to
record the new rise in that branch, so after a shaped mark with a vertical offset (Khmer
subscripts and vowel signs) the rest of the line is drawn a few points low. Our version
keeps ``_rise`` in step in both branches; ordinary ``<super>``/``<sub>`` output is unchanged
byte for byte. ``tests/test_khmer.py`` fails if this fix is not applied. Remove it when
ReportLab fixes ``setRise`` upstream.
"""
from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.textobject import PDFTextObject

_original_set_rise = PDFTextObject.setRise


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


def apply() -> None:
    """Install the fix (idempotent)."""
    PDFTextObject.setRise = _set_rise


def revert() -> None:
    """Put ReportLab's own method back (tests use this to show the fix matters)."""
    PDFTextObject.setRise = _original_set_rise


apply()
