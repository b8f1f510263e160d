"""QR codes: render every page at 150 dpi (PDFium), decode (zxing-cpp), compare exact strings.

The expected addresses come from content: content/links.yaml (the only addresses a QR may
carry), the video a poster or spread names, the videos and services blocks of the handout.
"""
from __future__ import annotations

import pytest

from .helpers import (EDITIONS, OUTPUTS, decode_qr, edition_spec, expected_urls, links, norm, page_texts, region,
                      short_address, words)


@pytest.fixture(scope="session")
def decoded(built) -> dict[tuple[str, str], list[list[str]]]:
    """Decoded QR texts per page, for every PDF the build wrote (rendered once per session)."""
    return {(e, o): decode_qr(built.pdf(e, o), dpi=150) for e, o in built.everything()}


def is_tiles(output: str) -> bool:
    """Poster tiles: a QR code may straddle a seam and only scan once the tiles are assembled,
    so a tile file may decode fewer codes than its poster (never a wrong or unknown one)."""
    return output.endswith("-tiles")


def all_links(root, edition: str | None = None) -> dict[str, dict]:
    """Every address a QR code may carry: links.yaml's, and the edition's region's website (the cards')."""
    data = links(root)
    website = {"website": region(root, edition_spec(root, edition)["region"])["website"]} if edition else {}
    return {**data["videos"], **data["services"], **website}



@pytest.mark.parametrize("edition", EDITIONS)
def test_every_pdf_has_qr_codes_and_each_is_a_known_link(built, decoded, edition):
    known = {str(link["url"]) for link in all_links(built.root, edition).values()}
    problems = []
    for output in built.outputs(edition):
        found = [text for page in decoded[edition, output] for text in page]
        if not found and not is_tiles(output) and expected_urls(built.root, edition, output):
            problems.append(f"{edition}/{output}.pdf: no QR code decoded at 150 dpi")
        unknown = [text for text in found if text not in known]
        if unknown:
            problems.append(f"{edition}/{output}.pdf: QR addresses not in content/links.yaml: {unknown}")
    assert set(OUTPUTS) <= set(built.outputs(edition))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_qr_codes_are_the_ones_content_asks_for(built, decoded, edition):
    problems = []
    for output in built.outputs(edition):
        found = {text for page in decoded[edition, output] for text in page}
        want = expected_urls(built.root, edition, output)
        if found != want and not (is_tiles(output) and found < want):
            problems.append(f"{edition}/{output}.pdf: missing {sorted(want - found)}, unexpected {sorted(found - want)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_poster_carries_its_video(built, decoded, edition):
    lang = edition_spec(built.root, edition)["language"]
    video = words(built.root, lang, "poster")["video"]["link"]
    url = links(built.root)["videos"][video]["url"]
    assert decoded[edition, "poster"] == [[url]]  # one page, one code: the video's


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("output", ["handout", "workbook"])
def test_handout_carries_both_videos(built, decoded, edition, output):
    """One code per video (two videos may share an address while theirs are to confirm)."""
    videos = [str(v["url"]) for v in links(built.root)["videos"].values()]
    assert len(videos) == 2
    found = [text for page in decoded[edition, output] for text in page]
    assert set(videos) <= set(found), f"missing video QR codes: {set(videos) - set(found)}"
    assert sum(text in videos for text in found) >= len(videos), f"fewer codes than videos: {found}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_short_address_printed_on_the_page_of_each_qr(built, decoded, edition):
    """A reader whose phone cannot scan can type the address printed with the code."""
    short = {str(link["url"]): short_address(link) for link in all_links(built.root, edition).values()}
    problems = []
    for output in built.outputs(edition):
        texts = page_texts(built.pdf(edition, output))
        for n, (codes, text) in enumerate(zip(decoded[edition, output], texts), 1):
            problems += [f"{output}.pdf page {n}: QR for {url} without its address {short.get(url)!r}"
                         for url in codes if url not in short or short[url] not in norm(text)]
    assert not problems, "\n".join(problems)
