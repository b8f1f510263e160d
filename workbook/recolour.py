"""Every colour mode from one composition: the screen, print-shop and photocopier PDFs of an
edition differ only in their colour operators, so the edition is laid out once.

In: a PDF composed in the ``key`` mode, where every theme colour is drawn as a CMYK
stand-in of its own (``key_colour``) and every other colour (an emoji's) as the RGB it was
drawn in; a ``Palette`` for one mode. Out: the same pages, operator for operator, with each
colour operator in that mode's colours: the role's own rendering for a theme colour, the
theme's conversion for any other (``Theme.convert``, as ReportLab's enforceColorSpace did when
each mode was composed afresh). In the print-shop mode a fill in an overprinting colour
(100 % black text) turns fill overprint on, and the next other fill turns it off, exactly
where the colour is set; q/Q scope the state as PDF does.

Roles must be told apart by a stand-in because they cannot be told apart by their screen
colour: the band and the accent are the same red but different grays.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import ContentStreamInstruction, Dictionary, Name, Operator
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str

if TYPE_CHECKING:
    from .theme import Theme

KEY = "key"  # the mode one composition is drawn in
_SPACE = {"k": (True, "cmyk"), "K": (False, "cmyk"), "rg": (True, "rgb"), "RG": (False, "rgb"),
          "g": (True, "gray"), "G": (False, "gray")}  # operator → (sets the fill?, colour space)
_OVERPRINT = {True: Name("/A21op"), False: Name("/A21ko")}  # ExtGStates: fill overprint on, off


def key_colour(index: int) -> colors.CMYKColor:
    """The stand-in a key composition draws theme colour number ``index`` with (nothing
    else in a composition is CMYK)."""
    return colors.CMYKColor((index + 1) / 100, 0.37, 0.73, 0.19)


def key_role(roles: list[str], values: tuple[float, ...]) -> str | None:
    """The role whose stand-in is ``values`` (as read back from a content stream), if any."""
    index = round(values[0] * 100) - 1 if values else -1
    if len(values) == 4 and 0 <= index < len(roles) and all(
            abs(a - b) < 1e-4 for a, b in zip(values, key_colour(index).cmyk())):
        return roles[index]
    return None


@dataclass
class Palette:
    """How the colours of a key composition are written in one mode (``theme`` is in that mode)."""

    theme: Theme
    _memo: dict[tuple[str, tuple[float, ...]], tuple[ContentStreamInstruction, bool]] = field(default_factory=dict)

    @property
    def overprints(self) -> bool:
        return self.theme.mode == "cmyk"

    def colour(self, space: str, values: tuple[float, ...]) -> colors.Color:
        """The colour that replaces one drawn in ``space`` with ``values``."""
        if space == "cmyk":
            role = key_role(list(self.theme.data["colours"]), values)
            if role is None:
                raise ValueError(f"CMYK {values} in a key composition is no theme colour's stand-in")
            return self.theme.colour(role)
        return self.theme.convert(colors.Color(*values) if space == "rgb" else colors.Color(*(values * 3)))

    def instruction(self, op: str, values: tuple[float, ...]) -> tuple[ContentStreamInstruction, bool]:
        """The colour operator written in place of ``values op``, and whether its colour
        overprints (worked out once per colour)."""
        key = (op, values)
        if key not in self._memo:
            fill, space = _SPACE[op]
            colour = self.colour(space, values)
            cmyk = isinstance(colour, colors.CMYKColor)
            name = ("k" if cmyk else "rg") if fill else ("K" if cmyk else "RG")
            numbers = colour.cmyk() if cmyk else colour.rgb()
            self._memo[key] = (ContentStreamInstruction([Decimal(fp_str(v)) for v in numbers], Operator(name)),
                               bool(getattr(colour, "overprint", False)))
        return self._memo[key]


def recolour_ops(ops: list[Any], palette: Palette, overprint: list[bool] | None = None) -> list[Any]:
    """A content stream's instructions with every colour operator written for the palette's mode.

    ``overprint`` is the fill overprint state, saved and restored with q/Q; the streams of
    one page share it, as a viewer reads them as one."""
    out: list[Any] = []
    overprint = overprint if overprint is not None else [False]
    for ins in ops:
        op = str(ins.operator) if isinstance(ins, ContentStreamInstruction) else ""
        if op == "q":
            overprint.append(overprint[-1])
        elif op == "Q" and len(overprint) > 1:
            overprint.pop()
        if op not in _SPACE:
            out.append(ins)
            continue
        written, wanted = palette.instruction(op, tuple(float(v) for v in ins.operands))
        if palette.overprints and _SPACE[op][0] and wanted != overprint[-1]:
            out.append(ContentStreamInstruction([_OVERPRINT[wanted]], Operator("gs")))
            overprint[-1] = wanted
        out.append(written)
    return out


def recolour(pdf: bytes, palette: Palette, packed: bool = True) -> bytes:
    """A whole untagged PDF (print-shop, booklet, tiles) in the palette's mode, with the forms
    its pages draw; tagged PDFs are recoloured while they are tagged (``tagging_pdf.tag``), in
    the same pass over their content. ``packed``: object streams, for a file not read again."""
    doc = pikepdf.Pdf.open(BytesIO(pdf))
    done: set[tuple[int, int]] = set()
    for page in doc.pages:
        _recolour(page.obj, palette, done)
    out = BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if packed else pikepdf.ObjectStreamMode.preserve
    doc.save(out, deterministic_id=True, object_stream_mode=mode, compress_streams=True)
    return out.getvalue()


def _recolour(owner: pikepdf.Object, palette: Palette, done: set[tuple[int, int]]) -> None:
    """A page's or form's content streams, each rewritten only where it sets a colour (an
    imposed sheet's placing stream stays as it was), then the forms it draws."""
    resources = owner.get("/Resources")
    contents = owner.get("/Contents", owner) if owner.get("/Type") == "/Page" else owner
    overprint = [False]
    for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
        ops = pikepdf.parse_content_stream(stream)
        if any(isinstance(i, ContentStreamInstruction) and str(i.operator) in _SPACE for i in ops):
            stream.write(pikepdf.unparse_content_stream(recolour_ops(ops, palette, overprint)))
    if resources is None:
        return
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in done:
            done.add(xobject.objgen)
            _recolour(xobject, palette, done)
    if palette.overprints:
        states = resources.get("/ExtGState", Dictionary())
        states[_OVERPRINT[True]] = Dictionary(Type=Name.ExtGState, op=True, OPM=1)
        states[_OVERPRINT[False]] = Dictionary(Type=Name.ExtGState, op=False)
        resources.ExtGState = states
