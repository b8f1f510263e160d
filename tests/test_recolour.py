"""One composition, every colour mode: the key stand-ins become each mode's own colours.

The band and the accent share a screen red but not a gray, so a PDF composed once must
tell roles apart by their stand-ins; solid black overprints only in the print variant,
and q/Q scope the overprint state. These check ``recolour_ops`` on hand-made streams; the
PDFs themselves are checked by test_gray, test_print_shop and the goldens.
"""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from reportlab.lib import colors

from workbook.recolour import KEY, Palette, recolour_ops
from workbook.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def theme():
    return load_theme(ROOT / "templates", ROOT / "assets")


def stand_in(theme, role: str) -> bytes:
    c, m, y, k = theme.with_mode(KEY).colour(role).cmyk()
    return f"{c} {m} {y} {k}".encode()


def rewrite(theme, mode: str, stream: bytes) -> list[tuple[str, tuple[float, ...]]]:
    pdf = pikepdf.new()  # kept alive while its stream is parsed
    ops = pikepdf.parse_content_stream(pikepdf.Stream(pdf, stream))
    out = recolour_ops(ops, Palette(theme.with_mode(mode)))
    return [(str(i.operator), tuple(float(v) if not isinstance(v, pikepdf.Name) else str(v) for v in i.operands))
            for i in out]


def test_roles_that_share_a_screen_colour_keep_their_own_gray(theme):
    stream = stand_in(theme, "band") + b" k 0 0 10 10 re f " + stand_in(theme, "accent") + b" k 0 0 5 5 re f"
    gray = [v for op, v in rewrite(theme, "gray", stream) if op == "k"]
    assert gray == [theme.with_mode("gray").colour(r).cmyk() for r in ("band", "accent")]
    assert gray[0] != gray[1], "the band and the accent must differ on the photocopier"
    rgb = [v for op, v in rewrite(theme, "rgb", stream) if op == "rg"]
    assert rgb[0] == pytest.approx(colors.HexColor(theme.data["colours"]["band"]["rgb"]).rgb(), abs=1e-6)
    assert rgb[0] == rgb[1]
    cmyk = [v for op, v in rewrite(theme, "cmyk", stream) if op == "k"]
    assert cmyk[0] == pytest.approx(tuple(v / 100 for v in theme.data["colours"]["band"]["cmyk"]))


def test_colours_from_elsewhere_are_converted_as_the_theme_says(theme):
    ops = rewrite(theme, "gray", b"1 0 0 rg 0 0 1 1 re f 0 0 1 RG 0 0 m 1 1 l S")
    expected = [theme.with_mode("gray").convert(colors.Color(1, 0, 0)).cmyk(),
                theme.with_mode("gray").convert(colors.Color(0, 0, 1)).cmyk()]
    assert [v for op, v in ops if op in ("k", "K")] == pytest.approx(expected)
    assert [op for op, _ in ops if op in ("k", "K")] == ["k", "K"], "fill stays fill, stroke stays stroke"
    assert rewrite(theme, "rgb", b"1 0 0 rg")[0] == ("rg", (1.0, 0.0, 0.0))


def test_solid_black_overprints_in_print_only_and_q_restores_the_state(theme):
    ink, paper = stand_in(theme, "ink"), stand_in(theme, "paper")
    stream = b"q " + ink + b" k BT ET Q " + paper + b" k 0 0 1 1 re f " + ink + b" k " + paper + b" k"
    ops = rewrite(theme, "cmyk", stream)
    states = [v[0] for op, v in ops if op == "gs"]
    # on inside q…Q; after Q it is off again, so the paper fill needs no gs; then on, then off
    assert states == ["/A21op", "/A21op", "/A21ko"]
    for mode in ("rgb", "gray"):
        assert not [op for op, _ in rewrite(theme, mode, stream) if op == "gs"], f"{mode} must never overprint"


def test_a_cmyk_colour_that_is_no_stand_in_is_refused(theme):
    with pytest.raises(ValueError, match="no theme colour"):
        rewrite(theme, "gray", b"0 0 0 1 k")
