"""Accessible, clickable PDFs: tagged PDF/UA-1, link annotations, reading order.

Checked on the session's build with tools the build does not use: ``page-validation``
(PDF/UA-1 rules), PDFium + zxing-cpp (where each QR code is and what it says), pypdf (the
link annotations) and poppler (``pdfinfo -struct-text``, the logical reading order, against
tests/golden/struct-text/). Booklets and tiles are exempt (README, "Accessibility"); print
PDFs may be untagged but keep their links.
"""
from __future__ import annotations

import re

import pytest

from .helpers import (EDITIONS, OUTPUTS, decode_qr_boxes, link_annotations, need_tool, region, struct_golden_path,
                      struct_text, words)

TAGGED = [(e, o) for e in EDITIONS for o in OUTPUTS] + \
         [(e, f"{o}-gray") for e in EDITIONS for o in ("handout", "poster", "spread", "workbook", "cards", "teacher")]
HOW = "if the change of structure is intended, run `python -m tests.golden` and review `git diff tests/golden/`"


@pytest.mark.parametrize("edition, output", [pytest.param(e, o, id=f"{e}/{o}") for e, o in TAGGED])
def test_pdf_ua1_validates(built, edition, output):
    import page

    report = page.validate_pdf(str(built.pdf(edition, output)), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant, f"{edition}/{output}.pdf fails PDF/UA-1:\n" + "\n".join(failures[:20])


@pytest.mark.parametrize("edition, output", [pytest.param(e, o, id=f"{e}/{o}") for e, o in TAGGED])
def test_every_qr_code_is_a_link_over_it(built, edition, output):
    """Each decoded code has a link annotation with the same URI whose rectangle covers the code."""
    path = built.pdf(edition, output)
    codes, annots = decode_qr_boxes(path), link_annotations(path)
    assert any(codes), f"{edition}/{output}.pdf: no QR code decoded"
    for n, (found, links) in enumerate(zip(codes, annots), start=1):
        for text, (x0, y0, x1, y1) in found:
            over = [a for a in links if a["uri"] == text and a["rect"][0] <= x0 + 2 and a["rect"][1] <= y0 + 2
                    and a["rect"][2] >= x1 - 2 and a["rect"][3] >= y1 - 2]
            assert over, (f"{edition}/{output}.pdf page {n}: the QR code for {text} at "
                          f"{[round(v) for v in (x0, y0, x1, y1)]} has no link over it; links: {links}")


@pytest.mark.parametrize("edition, output", [pytest.param(e, o, id=f"{e}/{o}") for e, o in TAGGED])
def test_every_link_is_tagged_and_described(built, edition, output):
    links = [a for page in link_annotations(built.pdf(edition, output)) for a in page]
    assert links, f"{edition}/{output}.pdf has no link annotation"
    for a in links:
        assert re.match(r"(https://|mailto:|tel:\+?[0-9]+$)", a["uri"]), f"{a['uri']}: not https, mailto or tel"
        assert a["contents"].strip(), f"{edition}/{output}.pdf: the link to {a['uri']} has no /Contents"
        assert a["struct_parent"] is not None, f"{edition}/{output}.pdf: the link to {a['uri']} is not tagged"


@pytest.mark.parametrize("edition", EDITIONS)
def test_handout_links_numbers_and_permissions_address(built, edition):
    """Every printed helpline number is a tel: link and the permissions address a mailto: link."""
    from .helpers import edition_spec

    spec = edition_spec(built.root, edition)
    data = region(built.root, spec["region"])
    uris = {a["uri"] for page in link_annotations(built.pdf(edition, "handout")) for a in page}
    lines = [*data["helplines"], *([data["emergency"]] if data.get("emergency") else [])]
    for line in lines:
        digits = re.sub(r"[^0-9+]", "", str(line["number"]))
        assert any(u.startswith("tel:") and u.endswith(digits) for u in uris), \
            f"{edition}: the number {line['number']} is not a tel: link; links: {sorted(uris)}"
    email = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", words(built.root, spec["language"], "common")["copyright"])
    assert f"mailto:{email.group(0)}" in uris, f"{edition}: no mailto: link for {email.group(0)}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_print_pdfs_keep_their_links_over_the_codes(built, edition):
    """The print variant is not tagged, but its links moved with the content into the larger page."""
    path = built.pdf(edition, "poster-print")
    for found, links in zip(decode_qr_boxes(path), link_annotations(path)):
        for text, (x0, y0, x1, y1) in found:
            assert any(a["uri"] == text and a["rect"][0] <= x0 + 2 and a["rect"][3] >= y1 - 2 for a in links)


@pytest.mark.parametrize("edition, output", [pytest.param(e, o, id=f"{e}/{o}") for e in EDITIONS for o in OUTPUTS])
def test_reading_order_matches_golden(built, edition, output):
    need_tool("pdfinfo")
    path = struct_golden_path(edition, output)
    assert path.is_file(), f"no golden structure {path}; {HOW}"
    assert struct_text(built.pdf(edition, output)) == path.read_text(encoding="utf-8"), \
        f"{edition}/{output}.pdf: its logical structure differs from {path}; {HOW}"


def test_footer_is_read_last_and_figures_have_alt_text(built):
    """The notice closes each page's reading order; the chat figure's alt text is the conversation."""
    need_tool("pdfinfo")
    text = struct_text(built.pdf("en-GB", "handout"))
    notice = words(built.root, "en", "common")["notice"]
    blocks = text.split(f'"{notice}"')
    assert len(blocks) - 1 == len(link_annotations(built.pdf("en-GB", "handout"))), "the notice is not tagged once per page"
    assert not re.search(r"\b(H[1-3]|Figure|L|Table)\b", blocks[-1]), "content is read after the last page's notice"
    import pikepdf

    pdf = pikepdf.open(built.pdf("en-GB", "handout"))
    alts = [str(e.Alt) for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    first = words(built.root, "en", "conversation")["messages"][0]["text"]
    assert any(first in alt and "(callout 1)" in alt for alt in alts), f"no chat alt text with callouts: {alts}"
    assert all(alt.strip() for alt in alts), "a figure without alt text"


def _elements(node):
    """Every structure element under ``node``, depth first."""
    import pikepdf

    kids = node.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from _elements(kid)


def test_legal_text_is_read_in_its_own_language(built):
    """The notice and copyright stay English in a Khmer edition: their elements say /Lang en."""
    import pikepdf

    notice = words(built.root, "km", "common")["notice"]
    pdf = pikepdf.open(built.pdf("km-KH", "handout"))
    assert str(pdf.Root.Lang) == "km"
    tagged = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.get("/Lang", "")) == "en"]
    assert len(tagged) == len(pdf.pages) + 1, "each page's notice and the copyright should be marked English"
    assert notice.startswith("©")
