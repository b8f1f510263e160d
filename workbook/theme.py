"""The look, read from ``templates/theme.yaml``: colours, fonts, type scale, page geometry.

In: the theme file. Out: a frozen ``Theme`` that hands out ReportLab colours and
paragraph styles by name, so product modules never hard-code a size or a colour.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A2, A3, A4, A5, LETTER, TABLOID
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm

from . import rl_fixes, rl_print
from .recolour import KEY, key_colour
from .content import Model, plain_tree, validate
from .yaml_source import read_yaml
from .errors import ContentError, Where, raise_all
from .fonts import face_name, register_family
from .theme_check import (Bleed, Column, Ems, Leading, Margin, MarkLength, MarkWidth, Measure, MinSize, PosterSize,
                          QRSize, Slug, TypeSize, Tracking, check_theme)

PAPERS: dict[str, tuple[float, float]] = {
    "A2": A2, "A3": A3, "A4": A4, "A5": A5, "Letter": LETTER, "Tabloid": TABLOID,
    "HalfLetter": (5.5 * inch, 8.5 * inch),  # US "statement": a Letter sheet folded once
}
# Each paper and the paper it makes when folded once: a booklet's pages on its sheet.
HALF: dict[str, str] = {"A2": "A3", "A3": "A4", "A4": "A5", "Tabloid": "Letter", "Letter": "HalfLetter"}


MODES = ("rgb", "cmyk", "gray")  # screen, print shop, photocopier
ROLES = ("band", "on_band", "accent", "on_accent", "tile", "on_tile", "dark", "on_dark", "on_dark_accent", "panel",
         "panel_alt", "paper", "ink", "muted", "rule", "bubble_them", "bubble_sent",
         "on_bubble_sent", "phone")  # the colours the layout names
STYLES = ("display", "title", "h1", "h2", "body", "lead", "quote", "small", "label", "bubble", "sender", "footer",
          "number")  # the type scale the layout names



class ColourSpec(Model):
    rgb: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    cmyk: Annotated[list[Annotated[float, Field(ge=0, le=100)]], Field(min_length=4, max_length=4)]
    gray: Annotated[float, Field(ge=0, le=1)]
    overprint: bool = False  # print-shop output: printed over what is under it, not knocked out

    @model_validator(mode="after")
    def _solid_black(self) -> "ColourSpec":
        if self.overprint and [float(v) for v in self.cmyk] != [0, 0, 0, 100]:
            raise ValueError("overprint is for solid black only (cmyk: [0, 0, 0, 100]); a tint or a colour "
                             "would mix with what is printed under it")
        return self


class FontFaces(Model):
    regular: str
    bold: str | None = None
    italic: str | None = None
    bolditalic: str | None = None


class TypeSpec(Model):
    size: TypeSize
    leading: Leading
    bold: bool = False
    italic: bool = False
    tracking: Tracking = 0


class Margins(Model):
    top: Margin
    bottom: Margin
    left: Margin
    right: Margin


Share = Annotated[float, Field(gt=0, le=1)]


class ChatShare(Model):
    """How much of the text width the handout's chats take: the plain one, and the annotated
    one's chat beside its notes."""

    plain: Share = 0.7
    annotated: Share = 0.62


class PageOverride(Model):
    """Page measures for one paper, replacing the office paper's (a booklet's small pages)."""

    margin: Margins | None = None
    footer_rise: Measure | None = None
    gutter: Measure | None = None
    chat: ChatShare | None = None
    type: dict[str, TypeSpec] = {}  # styles set differently on this paper (e.g. the footer)


class PageSpec(Model):
    margin: Margins
    footer_rise: Measure
    gutter: Measure
    min_column: Column = 48
    min_card: Column = 60
    chat: ChatShare = ChatShare()
    papers: dict[str, PageOverride] = {}


class QRSpec(Model):
    size: QRSize  # mm, quiet zone included
    error_correction: Literal["M", "Q", "H"]
    quiet_zone: Annotated[int, Field(ge=4, le=20)]


class PosterSizes(Model):
    """Design sizes at A3, by role; the poster layout scales them for the paper."""

    display: PosterSize
    flag: PosterSize
    flag_label: PosterSize
    heading: PosterSize
    lead: PosterSize
    body: PosterSize
    quote: PosterSize
    chat: PosterSize
    caption: PosterSize
    label: PosterSize
    report_title: PosterSize
    report: PosterSize
    number: PosterSize
    small: PosterSize


class PosterSpec(Model):
    margin: Margin
    min_size: MinSize
    icon: Margin
    wall_flag: PosterSize
    column: Ems
    sizes: PosterSizes


class HandoutSpec(Model):
    measure: Annotated[int, Field(ge=30, le=120)] = 72  # characters of body text per line, at most


class OutputIntentSpec(Model):
    """The printing condition a print-shop PDF is made for (PDF/X output intent)."""

    profile: str  # an ICC file under assets/, CMYK output class
    condition: str  # OutputConditionIdentifier: the condition's name in the ICC registry
    info: str  # a human-readable description of the condition
    registry: str  # where the condition is registered (the ICC: http://www.color.org)


class PrintSpec(Model):
    bleed: Bleed
    marks: Slug
    mark_length: MarkLength
    mark_width: MarkWidth
    output_intent: OutputIntentSpec


class CardSpec(Model):
    """The wallet cards: card size, the grid per sheet, cut marks (millimetres) and type (points)."""

    size: tuple[Annotated[float, Field(ge=40, le=120)], Annotated[float, Field(ge=30, le=90)]] = (85, 55)
    grid: dict[str, tuple[Annotated[int, Field(ge=1, le=4)], Annotated[int, Field(ge=1, le=8)]]] = {}
    padding: Annotated[float, Field(ge=2, le=10)] = 4
    band: Annotated[float, Field(ge=6, le=20)] = 10
    mark_gap: Annotated[float, Field(ge=1, le=5)] = 2
    mark_length: Annotated[float, Field(ge=2, le=10)] = 4
    number: Annotated[float, Field(ge=9, le=24)] = 12  # pt: helpline numbers never below 9 pt
    qr: QRSize = 24


class ActivitySpec(Model):
    """The workbook's activity pages: handwriting needs at least 8 mm a line."""

    line_pitch: Annotated[float, Field(ge=8, le=15)] = 9  # mm between writing lines
    box: Annotated[float, Field(ge=4, le=12)] = 6  # mm: tick boxes


class ThemeFile(Model):
    """templates/theme.yaml: checked like content, so a designer's typo is named, never ignored."""

    colours: dict[str, ColourSpec]
    pairs: dict[str, list[str]]
    fonts: dict[str, FontFaces]
    font_chain: list[str]
    shaped_leading: Annotated[float, Field(ge=1)] = 1.0
    type: dict[str, TypeSpec]
    min_size: MinSize
    page: PageSpec
    qr: QRSpec
    poster: PosterSpec
    handout: HandoutSpec = HandoutSpec()
    cards: CardSpec = CardSpec()
    activities: ActivitySpec = ActivitySpec()
    print: PrintSpec

    @model_validator(mode="after")
    def _complete(self) -> "ThemeFile":
        unknown = [p for p in self.page.papers if p not in PAPERS]
        if unknown:
            raise ValueError(f"page.papers: unknown paper {', '.join(unknown)}; known: {', '.join(PAPERS)}")
        missing = [f"colours.{r}" for r in ROLES if r not in self.colours]
        missing += [f"type.{t}" for t in STYLES if t not in self.type]
        missing += [f"font_chain: {f}" for f in self.font_chain if f not in self.fonts]
        if missing:
            raise ValueError(f"missing: {', '.join(missing)}; the layout needs every one of them")
        return self


@dataclass(frozen=True)
class Theme:
    """Colours by role, styles and measures, in one colour ``mode``; ``family`` is the body font."""

    data: dict[str, Any]
    family: str = "Sans"
    mode: str = "rgb"  # rgb, cmyk, gray, or KEY: the stand-ins one composition is drawn in
    output_profile: bytes = field(default=b"", compare=False, repr=False)  # the print ICC, read once
    _styles: dict[str, ParagraphStyle] = field(default_factory=dict, compare=False)

    def with_mode(self, mode: str) -> "Theme":
        """The same theme rendering its colours for another output (print shop, photocopier)."""
        return Theme(self.data, self.family, mode, self.output_profile)

    def for_paper(self, paper: str) -> "Theme":
        """The theme with the page measures meant for ``paper``.

        Margins, gutter and footer rise are set for office paper; a small page (one listed
        under ``page.papers``) takes its own measures instead, so that a booklet page composed
        natively keeps a useful measure without shrinking any type; it may also set a style
        differently (the footer, which is a larger share of a small page's text).
        """
        page = self.data["page"]
        measures = dict(page.get("papers", {}).get(paper) or {})
        if not measures:
            return self
        styles = {**self.data["type"], **measures.pop("type", {})}
        return Theme({**self.data, "page": {**page, **measures}, "type": styles}, self.family, self.mode)

    def colour(self, role: str) -> colors.Color:
        """A colour by role, in this theme's mode."""
        return self._colours[role]

    @cached_property
    def _colours(self) -> dict[str, colors.Color]:
        if self.mode == KEY:
            return {role: key_colour(i) for i, role in enumerate(self.data["colours"])}
        return {k: colour_of(v, self.mode) for k, v in self.data["colours"].items()}

    def convert(self, colour: colors.Color) -> colors.Color:
        """Bring a colour from elsewhere (an emoji's RGB) into this mode: ReportLab's enforceColorSpace hook."""
        if colour is None or self.mode in ("rgb", KEY):
            return colour
        colour = colors.toColor(colour)
        if isinstance(colour, colors.CMYKColor):
            return colour
        r, g, b = colour.red, colour.green, colour.blue
        alpha = getattr(colour, "alpha", 1)
        if self.mode == "gray":
            return colors.CMYKColor(0, 0, 0, 1 - _luma(r, g, b), alpha=alpha)
        return colors.CMYKColor(*colors.rgb2cmyk(r, g, b), alpha=alpha)

    def style(self, name: str, **overrides: Any) -> ParagraphStyle:
        """A paragraph style from the type scale; overrides make a one-off variant."""
        key = name if not overrides else f"{name}{sorted(overrides.items())}"
        if key not in self._styles:
            spec = self.data["type"][name]
            face = "bolditalic" if spec.get("bold") and spec.get("italic") else (
                "bold" if spec.get("bold") else "italic" if spec.get("italic") else "regular")
            base = dict(fontName=face_name(self.family, face), fontSize=float(spec["size"]),
                        leading=float(spec["leading"]), textColor=self.colour("ink"), alignment=TA_LEFT,
                        splitLongWords=0, allowOrphans=0, allowWidows=0)
            base.update(overrides)
            self._styles[key] = ParagraphStyle(key, **base)
        return self._styles[key]

    def mm(self, *path: str) -> float:
        """A length from the theme, given in millimetres, in points."""
        node: Any = self.data
        for part in path:
            node = node[part]
        return float(node) * mm

    @property
    def chain(self) -> tuple[str, ...]:
        """Font families in the order characters look for a glyph."""
        return tuple(self.data.get("font_chain") or [self.family])

    @property
    def min_size(self) -> float:
        return float(self.data["min_size"])


def colour_of(spec: dict[str, Any], mode: str) -> colors.Color:
    """One theme colour rendered for a mode: RGB hex, CMYK percentages, or a gray in black toner.

    Only the print-shop rendering overprints (``overprint: true``): on a photocopier or a
    screen there are no plates to misregister, and their output stays as it was."""
    if mode == "cmyk":
        c, m, y, k = (float(v) / 100 for v in spec["cmyk"])
        return (rl_print.OverprintCMYK if spec.get("overprint") else colors.CMYKColor)(c, m, y, k)
    if mode == "gray":
        return colors.CMYKColor(0, 0, 0, 1 - float(spec["gray"]))
    return colors.HexColor(str(spec["rgb"]))


def _luma(r: float, g: float, b: float) -> float:
    """Perceived lightness (Rec. 709 weights), for mapping emoji colours to gray."""
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def half_of(paper: str) -> str:
    """The paper a sheet of ``paper`` makes when folded once (A4 → A5, Letter → HalfLetter)."""
    return HALF[paper]


def double_of(paper: str) -> str:
    """The paper that holds two sheets of ``paper`` side by side (A4 → A3, Letter → Tabloid)."""
    return next(big for big, half in HALF.items() if half == paper)


def page_size(name: str, landscape: bool = False) -> tuple[float, float]:
    """Paper size in points, portrait unless asked."""
    w, h = PAPERS[name]
    return (h, w) if landscape else (w, h)


def load_theme(templates: Path, assets: Path) -> Theme:
    """Read the theme and register its fonts (once per process)."""
    path = templates / "theme.yaml"
    if not path.is_file():
        raise ContentError(Where("templates/theme.yaml"), "theme file missing; restore templates/theme.yaml")
    tree = read_yaml(path, "templates/theme.yaml")
    raise_all(validate(ThemeFile, tree, Where("templates/theme.yaml"))[1] + check_theme(tree, PAPERS, assets / "fonts"))
    data = plain_tree(tree)
    for family, files in data["fonts"].items():
        register_family(family, files, assets / "fonts")
    theme = Theme(data, output_profile=read_output_profile(assets, data["print"]["output_intent"]["profile"]))
    rl_fixes.use_default_font(theme.family)
    return theme


def read_output_profile(assets: Path, name: str) -> bytes:
    """The print condition's ICC profile, checked to be a CMYK output profile.

    A PDF/X output intent must describe a printing device; an RGB or display profile here
    would make every print-shop PDF claim a condition it was not made for."""
    where = Where("templates/theme.yaml")
    path = assets / name
    if not path.is_file():
        raise ContentError(where, f"print.output_intent.profile: assets/{name} not found; put the ICC file there "
                                  "or name the one in assets/icc/")
    data = path.read_bytes()
    if len(data) < 128 or data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        raise ContentError(where, f"print.output_intent.profile: assets/{name} is not a CMYK output (printer) "
                                  "ICC profile; a print-shop PDF needs one")
    return data
