"""Remove TrueType hinting from the shipped fonts: ``python docs/dehint_fonts.py assets/fonts/*.ttf``.

Hinting (the fpgm, prep and cvt tables and each glyph's instructions) tunes outlines to
screen pixels at small sizes; printers and PDF viewers at print resolution ignore it, yet
ReportLab copies it into every font subset it embeds: it was about a third of each
subset. Outlines, metrics, cmap and the OpenType layout tables (HarfBuzz's Khmer shaping)
are kept as they are. Running it again on a dehinted font changes nothing. The OFL allows
modified versions (the Noto fonts reserve no font name); see assets/fonts/OFL.txt.
"""
from __future__ import annotations

import sys

from fontTools.ttLib import TTFont

HINTING = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX")


def dehint(path: str) -> None:
    """Rewrite the font at ``path`` without its hinting tables and glyph programs."""
    font = TTFont(path, recalcTimestamp=False)  # the same bytes on every run
    for tag in HINTING:
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in glyf.keys():
        glyf[name].removeHinting()
    font.save(path)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        dehint(arg)
        print(f"dehinted {arg}")
