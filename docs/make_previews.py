"""Render the README's previews from build/ (run `python build.py` first).

    python docs/make_previews.py [build folder]

Writes docs/<edition>-<product>.png: page 1 of each product, both pages of the spread.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PREVIEWS = {  # (edition, product, pages, dpi)
    ("en-GB", "handout"): ([0], 80),
    ("en-GB", "poster"): ([0], 60),
    ("en-GB", "spread"): ([0, 1], 60),
    ("en-KH", "poster"): ([0], 60),
    ("en-GB", "workbook"): ([0, 1, 3, 9], 40),  # cover, contents, two activity pages
    ("en-GB", "teacher"): ([0, 3], 45),
    ("en-GB", "cards"): ([0, 1], 40),
    ("km-KH", "poster"): ([0], 60),
    ("km-KH", "handout"): ([0], 80),
    ("km-KH", "spread"): ([0, 1], 60),
    ("qps", "spread"): ([0, 1], 50),
    ("en-US", "poster"): ([0], 60),
    ("en-GB", "poster-gray"): ([0], 60),
    ("en-GB", "poster-print"): ([0], 50),
    ("en-GB", "poster-tiles"): ([0, 1, 2, 3], 35),
    ("en-GB", "workbook-booklet"): ([0, 1, 2], 40),
    ("en-GB", "spread-landscape"): ([0], 40),
}


def render(pdf: Path, pages: list[int], dpi: int) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in pages]
    gap = 12
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1), max(i.height for i in images)),
                      (200, 200, 200))
    x = 0
    for im in images:
        sheet.paste(im, (x, 0))
        x += im.width + gap
    return sheet


def main() -> None:
    import sys

    build = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
    for (edition, product), (pages, dpi) in PREVIEWS.items():
        pdf = build / edition / f"{product}.pdf"
        out = ROOT / "docs" / f"{edition}-{product}.png"
        render(pdf, pages, dpi).save(out, optimize=True)
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
