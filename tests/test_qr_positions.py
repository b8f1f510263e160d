"""Each QR code sits beside its own printed address and caption, on every product and variant.

A code swapped with its neighbour still decodes and its address is still on the page, so
text and decoding alone do not catch it. Here the two videos get distinct addresses (in a
copy of the project: the shipped ones share A21.org/Education while theirs are to
confirm), every page is rendered and decoded by zxing-cpp with the code's position, and
the printed short address (and, where a video's title is printed, the title) nearest to
each code must be the one of the code's own link.
"""
from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
import zxingcpp

from workbook.cli import main

DPI = 150
NEAR = 70 * 72 / 25.4  # a code's address is printed within this distance of its centre
VIDEOS = {"can_you_see_me": "https://video-one.example.org", "secrets": "https://video-two.example.org"}
OUTPUTS = ("handout", "poster", "spread", "spread-landscape", "workbook", "workbook-booklet", "poster-tiles")


def distinct_videos(text: str) -> str:
    for key, url in VIDEOS.items():
        text = re.sub(rf"(  {key}:\n    url: )\S+\n    label: \S+\n", rf"\g<1>{url}\n", text)
    return text


@pytest.fixture(scope="module")
def placed(tmp_path_factory, snapshot_root: Path) -> Path:
    from .helpers import copy_project

    root = copy_project(snapshot_root, tmp_path_factory.mktemp("qrpos") / "project")
    links = root / "content" / "links.yaml"
    links.write_text(distinct_videos(links.read_text(encoding="utf-8")), encoding="utf-8")
    out = root.parent / "out"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["--project", str(root), "--out", str(out), "--edition", "en-GB", "--edition", "km-KH",
                     "--edition", "en-US", "--variant", "plain", "--variant", "booklet", "--variant", "tiles"])
    assert code == 0, err.getvalue()
    return out


def codes_on(page: pdfium.PdfPage) -> list[tuple[str, float, float]]:
    """(text, x, top) of each decoded code's centre, in points from the page's top left."""
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    found = []
    for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = r.position
        corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
        found.append((r.text, sum(c.x for c in corners) / 4 * 72 / DPI, sum(c.y for c in corners) / 4 * 72 / DPI))
    return found


def titles_on(page, titles: dict[str, str]) -> list[tuple[str, float, float]]:
    """(url, x, top) of the centre of every printed title of a video (its card's caption)."""
    out = []
    for url, title in titles.items():
        pattern = r"\s+".join(re.escape(word) for word in title.split())  # a title may wrap in its card
        for m in page.search(pattern, regex=True):
            out.append((url, (m["x0"] + m["x1"]) / 2, (m["top"] + m["bottom"]) / 2))
    return out


def nearest(x: float, y: float, marks: list[tuple[str, float, float]]) -> tuple[float, str] | None:
    return min(((math.dist((x, y), (mx, my)), url) for url, mx, my in marks), default=None)


def addresses_on(page, shorts: dict[str, str]) -> list[tuple[str, float, float]]:
    """(url, x, top) of the centre of every printed short address of a known link."""
    out = []
    for word in page.extract_words(keep_blank_chars=False):
        for url, short in shorts.items():
            if short.lower() in word["text"].lower():
                out.append((url, (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2))
    return out


@pytest.mark.parametrize("edition", ["en-GB", "km-KH", "en-US"])
def test_each_code_is_printed_beside_its_own_address_and_caption(placed: Path, snapshot_root: Path, edition: str) -> None:
    from .helpers import words

    shorts = {url: url.removeprefix("https://") for url in VIDEOS.values()} | {
        "https://takeitdown.ncmec.org": "takeitdown.ncmec.org"}
    # captions are checked where they read back as text (Khmer is stored as shaped glyphs)
    titles = {} if edition.startswith("km") else {
        url: str(words(snapshot_root, "en", "common")["videos"][key]["title"]) for key, url in VIDEOS.items()}
    problems, seen = [], set()
    for output in OUTPUTS:
        path = placed / edition / f"{output}.pdf"
        if not path.exists():
            continue
        doc = pdfium.PdfDocument(str(path))
        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(pdf.pages):
                addresses, captions = addresses_on(page, shorts), titles_on(page, titles)
                for url, x, y in codes_on(doc[n]):
                    seen.add((output, url))
                    for what, marks in (("address", addresses), ("caption", captions)):
                        near = nearest(x, y, marks)
                        if what == "caption" and (not captions or url not in titles):
                            continue
                        if near is None or near[1] != url or near[0] > NEAR:
                            got = f"{near[1]} at {near[0] / 72 * 25.4:.0f} mm" if near else f"no {what}"
                            problems.append(f"{output} page {n + 1}: the code for {url} is nearest to the {what} of {got}")
        doc.close()
    assert not problems, "\n".join(problems)
    for output, urls in (("handout", [*VIDEOS.values(), "https://takeitdown.ncmec.org"]),
                         ("poster", [VIDEOS["can_you_see_me"]]), ("spread", [VIDEOS["can_you_see_me"]])):
        missing = [u for u in urls if (output, u) not in seen]
        assert not missing, f"{edition}/{output}: no decodable code for {missing}"
