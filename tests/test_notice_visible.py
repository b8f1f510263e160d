"""The copyright notice is not only in the text of every page: it can be *seen*.

Text extraction would pass a notice drawn in white on white, under a band, or clipped
away. Here every page of every PDF is rendered (PDFium, 150 dpi, grey levels) and the
notice's own box (where pdfplumber says its characters are, page scaling applied) must
hold ink that stands out from its ground: a luminance contrast of at least 3:1 between
the darkest and lightest pixels there.
"""
from __future__ import annotations

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from .helpers import EDITIONS, edition_spec, norm, plain, words

DPI = 150
MIN_CONTRAST = 3.0


def notice_boxes(page, notice: str) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) of each run of characters spelling the notice on the page (a placed
    page's notice that falls off the sheet, as on a tile, does not count)."""
    chars = [c for c in page.chars if c["text"].strip()]
    text = "".join(c["text"] for c in chars)
    target = notice.replace(" ", "")
    boxes, start = [], text.find(target)
    while start >= 0:
        run = chars[start:start + len(target)]
        if all(0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] and c["bottom"] <= page.height for c in run):
                boxes.append((min(c["x0"] for c in run), min(c["top"] for c in run),
                          max(c["x1"] for c in run), max(c["bottom"] for c in run)))
        start = text.find(target, start + 1)
    return boxes


def luminance(values: np.ndarray) -> np.ndarray:
    srgb = values / 255.0
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def contrast(pixels: np.ndarray) -> float:
    """WCAG contrast between the ink (the darkest or lightest 1 %) and the ground of a box."""
    lum = luminance(pixels.astype(float).ravel())
    lo, hi = np.percentile(lum, 1), np.percentile(lum, 99)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_notice_is_visible_on_every_page(built, edition: str) -> None:
    language = edition_spec(built.root, edition)["language"]
    notice = norm(plain(words(built.root, "en" if language == "qps" else language, "common")["notice"]))
    problems = []
    for output in (o for o in built.outputs(edition) if not o.endswith("-print")):  # print = plain in CMYK
        path = built.pdf(edition, output)
        doc = pdfium.PdfDocument(str(path))
        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(pdf.pages):
                boxes = notice_boxes(page, notice)
                if not boxes:
                    problems.append(f"{output} page {n + 1}: no notice in the text")
                    continue
                image = np.asarray(doc[n].render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
                s = DPI / 72
                seen = [contrast(image[int(t * s):int(b * s) + 1, int(x0 * s):int(x1 * s) + 1])
                        for x0, t, x1, b in boxes]
                if max(seen) < MIN_CONTRAST:
                    problems.append(f"{output} page {n + 1}: the notice is not visible (contrast {max(seen):.2f}:1)")
        doc.close()
    assert not problems, "\n".join(problems)
