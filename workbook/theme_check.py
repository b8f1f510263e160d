"""Theme values checked like content: every number finite and in a sensible range, margins that
leave room on every paper, minimum sizes not above the sizes they floor, font names that are
plain file names in assets/fonts.

In: the located tree of ``templates/theme.yaml``. Out: ``ContentError``s at the value's line
and column (``templates/theme.yaml:84:11: page.margin.left: ...; make it smaller``), all at once.
A bad value here used to surface as a content error elsewhere or as "a bug in the layout".
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema

from .content import LocDict
from .errors import ContentError, Where

MM_PER_PT = 25.4 / 72


def ranged(low: float, high: float, unit: str) -> Any:
    """A float type that is finite and within [low, high], saying so in words when it is not."""

    def check(value: float) -> float:
        if not math.isfinite(value) or not low <= value <= high:
            shown = f"{value:.10g}" if math.isfinite(value) else str(value)
            raise ValueError(f"{shown} {unit} is out of range; use a number from {low:g} to {high:g} {unit}")
        return value

    return Annotated[float, AfterValidator(check), WithJsonSchema({"type": "number", "minimum": low, "maximum": high})]


TypeSize = ranged(4, 200, "pt")  # type: a 4 pt footnote to a 200 pt display line
Leading = ranged(4, 240, "pt")
Tracking = ranged(-5, 20, "pt")
MinSize = ranged(4, 72, "pt")
PosterSize = ranged(4, 400, "pt")
Margin = ranged(1, 100, "mm")
Measure = ranged(1, 100, "mm")  # footer rise, gutter
Column = ranged(10, 300, "mm")
QRSize = ranged(20, 200, "mm")  # smaller codes do not scan reliably from paper
Bleed = ranged(0, 10, "mm")
Slug = ranged(0, 50, "mm")
MarkLength = ranged(1, 30, "mm")
MarkWidth = ranged(0.05, 2, "pt")
Ems = ranged(5, 100, "ems")


def check_theme(tree: Any, papers: dict[str, tuple[float, float]], fonts: Path) -> list[ContentError]:
    """What the schema cannot see: values against each other, the papers and the font folder."""
    if not isinstance(tree, LocDict):
        return []
    return [*_margins(tree, papers), *_floors(tree), *_font_files(tree, fonts)]


def _margins(tree: LocDict, papers: dict[str, tuple[float, float]]) -> list[ContentError]:
    """Each paper's margins (its own under page.papers, else page.margin) leave room for text."""
    page = tree.get("page")
    if not isinstance(page, LocDict):
        return []
    errors = []
    overrides = page.get("papers") if isinstance(page.get("papers"), LocDict) else {}
    for paper, (width, height) in sorted(papers.items(), key=lambda p: -p[1][0] * p[1][1]):
        own = overrides.get(paper) if isinstance(overrides.get(paper), LocDict) else None
        mine = own is not None and isinstance(own.get("margin"), LocDict)
        margin = own.get("margin") if mine else page.get("margin")
        field = f"page.papers.{paper}.margin" if mine else "page.margin"
        if not isinstance(margin, LocDict):
            continue
        for a, b, size, side in (("left", "right", width, "wide"), ("top", "bottom", height, "tall")):
            x, y = _number(margin, a), _number(margin, b)
            if x is not None and y is not None and x + y >= size * MM_PER_PT * 0.8:
                errors.append(ContentError(_where(margin, a, field),
                                           f"the {a} and {b} margins ({x + y:g} mm together) leave no room for "
                                           f"text on {paper} ({size * MM_PER_PT:.0f} mm {side}); make them smaller"))
    return list({str(e.where): e for e in reversed(errors)}.values())[::-1]  # one paper per margin


def _floors(tree: LocDict) -> list[ContentError]:
    """A minimum size above a size it floors: text set at that size would start below the minimum."""
    errors = []
    for floor_at, sizes_at in ((("min_size",), ("type",)), (("poster", "min_size"), ("poster", "sizes"))):
        parent, floor = _node(tree, floor_at[:-1]), None
        if isinstance(parent, LocDict):
            floor = _number(parent, floor_at[-1])
        sizes = _node(tree, sizes_at)
        if floor is None or not isinstance(sizes, LocDict):
            continue
        values = {k: _number(v, "size") if isinstance(v, LocDict) else _number(sizes, k) for k, v in sizes.items()}
        values = {k: v for k, v in values.items() if v is not None and v >= 4}  # smaller: reported as out of range
        if values and floor > min(values.values()):
            name = min(values, key=lambda k: values[k])
            errors.append(ContentError(_where(parent, floor_at[-1], ".".join(floor_at[:-1])),
                                       f"{floor:g} pt is above {'.'.join(sizes_at)}.{name} ({values[name]:g} pt), "
                                       f"the smallest size it floors; lower it to {values[name]:g} or less"))
    return errors


def _font_files(tree: LocDict, folder: Path) -> list[ContentError]:
    """Font names are plain file names of files in assets/fonts (no folders, no way out of it)."""
    fonts = tree.get("fonts")
    if not isinstance(fonts, LocDict):
        return []
    errors = []
    for family, faces in fonts.items():
        if not isinstance(faces, LocDict):
            continue
        for face, name in faces.items():
            if not isinstance(name, str):
                continue
            where = _where(faces, face, f"fonts.{family}")
            if "/" in name or "\\" in name or name in ("", ".", "..") or name.startswith(".."):
                errors.append(ContentError(where, f"'{name}' is not a plain file name; name a file in "
                                                  "assets/fonts/ without a folder"))
            elif not (folder / name).is_file() or (folder / name).is_symlink():
                errors.append(ContentError(where, f"font file {name} is not in assets/fonts/; put the TTF "
                                                  "there or correct the name"))
    return errors


def _node(tree: LocDict, path: tuple[str, ...]) -> Any:
    node: Any = tree
    for part in path:
        node = node.get(part) if isinstance(node, LocDict) else None
    return node


def _number(node: LocDict, key: str) -> float | None:
    """A finite number at ``node[key]``, or None (what is not one is reported by the schema)."""
    value = node.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _where(node: LocDict, key: str, field: str) -> Where:
    place = node.key_where.get(key, node.where)
    return Where(place.path, place.line, place.col, f"{field}.{key}" if field else key)
