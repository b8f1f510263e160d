"""QR codes: render every page at 150 dpi (PDFium), decode (zxing-cpp), compare exact strings.

The expected addresses come from content: content/links.yaml (the only addresses a QR may
carry), the video a poster or spread names, the videos and services blocks of the handout.
"""
from __future__ import annotations

import pytest

from .helpers import EDITIONS, OUTPUTS, decode_qr, edition_spec, every_pdf, links, norm, page_texts, short_address, words


@pytest.fixture(scope="session")
def decoded(built) -> dict[tuple[str, str], list[list[str]]]:
    """Decoded QR texts per page, for every PDF of the build (rendered once per session)."""
    return {(e, o): decode_qr(built.pdf(e, o), dpi=150) for e in EDITIONS for o in OUTPUTS}


def all_links(root) -> dict[str, dict]:
    data = links(root)
    return {**data["videos"], **data["services"]}


def expected_urls(root, edition: str, output: str) -> set[str]:
    """The addresses the content asks this PDF to carry as QR codes."""
    lang = edition_spec(root, edition)["language"]
    data = links(root)
    if output == "poster":
        return {data["videos"][words(root, lang, "poster")["video"]["link"]]["url"]}
    if output.startswith("spread"):
        return {data["videos"][words(root, lang, "spread")["video"]["link"]]["url"]}
    if output == "handout":
        urls = set()
        for section in words(root, lang, "handout")["sections"]:
            for block in section["blocks"]:
                urls |= {data["videos"][v]["url"] for v in block.get("videos") or []}
                urls |= {data["services"][s]["url"] for s in block.get("services") or []}
        return urls
    assert output == "workbook"
    return expected_urls(root, edition, "handout") | expected_urls(root, edition, "spread")


@pytest.mark.parametrize("edition, output", every_pdf())
def test_every_qr_is_a_known_link(built, decoded, edition, output):
    known = {str(link["url"]) for link in all_links(built.root).values()}
    found = [text for page in decoded[edition, output] for text in page]
    assert found, f"{edition}/{output}.pdf: no QR code decoded at 150 dpi"
    unknown = [text for text in found if text not in known]
    assert not unknown, f"QR codes with addresses not in content/links.yaml: {unknown}"


@pytest.mark.parametrize("edition, output", every_pdf())
def test_qr_codes_are_the_ones_content_asks_for(built, decoded, edition, output):
    found = {text for page in decoded[edition, output] for text in page}
    assert found == expected_urls(built.root, edition, output)


@pytest.mark.parametrize("edition", EDITIONS)
def test_poster_carries_its_video(built, decoded, edition):
    lang = edition_spec(built.root, edition)["language"]
    video = words(built.root, lang, "poster")["video"]["link"]
    url = links(built.root)["videos"][video]["url"]
    assert decoded[edition, "poster"] == [[url]]  # one page, one code: the video's


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", ["handout", "workbook"])
def test_handout_carries_both_videos(built, decoded, edition, output):
    videos = {str(v["url"]) for v in links(built.root)["videos"].values()}
    assert len(videos) == 2
    found = {text for page in decoded[edition, output] for text in page}
    assert videos <= found, f"missing video QR codes: {videos - found}"


@pytest.mark.parametrize("edition, output", every_pdf())
def test_short_address_printed_on_the_page_of_each_qr(built, decoded, edition, output):
    """A reader whose phone cannot scan can type the address printed with the code."""
    short = {str(link["url"]): short_address(link) for link in all_links(built.root).values()}
    texts = page_texts(built.pdf(edition, output))
    for n, (codes, text) in enumerate(zip(decoded[edition, output], texts), 1):
        for url in codes:
            assert url in short, f"page {n}: QR for {url}, which is not in content/links.yaml"
            assert short[url] in norm(text), f"page {n}: QR for {url} without its address {short[url]!r}"
