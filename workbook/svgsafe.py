"""Check an emoji SVG before svglib sees it: shapes only, parsed once, handed on as checked.

In: an SVG file's bytes. Out: the same drawing re-serialised as UTF-8 bytes, or a
ContentError ``assets/emoji/<file>: what is wrong, and what to do``.

Checking the text with a pattern is not enough: the XML parser honours a declared
encoding (UTF-16, Latin-1...) and a pattern read as UTF-8 misses ``<!DOCTYPE`` or
``<image>`` written in it. So the bytes are parsed here (defusedxml: no DTD, no entities,
no external references), the *tree* is checked against a shapes-only subset, and svglib
is given the tree we checked, serialised again: it never reads the original bytes.
"""
from __future__ import annotations

import math
import re
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from .errors import ContentError, Where

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_SVG_BYTES = 512 * 1024  # Twemoji's largest file is ~30 KB
MAX_COORDINATE = 1e5  # an emoji's viewBox is 36 units; anything this far out is a broken file

SHAPES = frozenset({"path", "circle", "ellipse", "rect", "line", "polyline", "polygon"})
ALLOWED = SHAPES | {"svg", "g", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "title", "desc",
                    "use", "symbol"}
GEOMETRY = frozenset({"d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
                      "height", "transform", "viewBox", "offset", "fx", "fy", "stroke-width", "gradientTransform"})
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.I)
_DO = "use Twemoji's original file (shapes only)"


def checked_svg(data: bytes, rel: str) -> bytes:
    """The SVG's tree as UTF-8 bytes, once it is known to hold shapes only and sound numbers."""
    where = Where(rel)
    if len(data) > MAX_SVG_BYTES:
        raise ContentError(where, f"this SVG is {len(data) // 1024} KB, more than an emoji needs "
                                  f"({MAX_SVG_BYTES // 1024} KB at most); {_DO}")
    root = _parse(data, where)
    if root.tag != f"{SVG_NS}svg":
        raise ContentError(where, f"this file is not an SVG drawing (its root is <{_name(root.tag)}>, not <svg> "
                                  f"in the SVG namespace xmlns=\"http://www.w3.org/2000/svg\"); {_DO}")
    _check_viewbox(root, where)
    shapes = 0
    for element in root.iter():
        name = _check_element(element, where)
        shapes += name in SHAPES
        for attr, value in element.attrib.items():
            _check_attribute(name, _name(attr), attr, value, where)
    if not shapes:
        raise ContentError(where, f"this SVG draws nothing (no path or other shape); {_DO}")
    return tostring(root, encoding="utf-8")


def _parse(data: bytes, where: Where) -> Element:
    """Parse as the XML rules say (BOM, declared encoding), refusing DTDs, entities and external references."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        raise ContentError(where, f"this SVG declares a DOCTYPE, which can pull in other files; {_DO}")
    except EntitiesForbidden:
        raise ContentError(where, f"this SVG declares entities, which can pull in other files; {_DO}")
    except (ExternalReferenceForbidden, DefusedXmlException):
        raise ContentError(where, f"this SVG refers to a file outside it; {_DO}")
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        raise ContentError(where, f"this SVG is not well-formed XML ({reason} at line {line}, column {col + 1}); "
                                  f"{_DO}")
    except (ValueError, LookupError) as exc:  # an encoding the parser does not know (UTF-7...)
        raise ContentError(where, f"this SVG cannot be read ({exc}); save it as UTF-8 or {_DO}")


def _name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_element(element: Element, where: Where) -> str:
    """An element of the shapes-only subset, in the SVG namespace; its local name."""
    tag = element.tag if isinstance(element.tag, str) else ""
    name = _name(tag)
    if not tag.startswith(SVG_NS) or name not in ALLOWED:
        what = "text, which would make the PDF use a system font" if name in ("text", "tspan", "textPath") \
            else "something other than shapes"
        raise ContentError(where, f"this SVG contains <{name}> ({what}); {_DO}")
    return name


def _check_attribute(element: str, name: str, attr: str, value: str, where: Where) -> None:
    """No links or url() that leave the file, no script handlers, only finite coordinates."""
    if name.lower().startswith("on"):
        raise ContentError(where, f"this SVG has a script handler ({name}= on <{element}>); {_DO}")
    if name == "href" or attr == XLINK_HREF:
        if not value.strip().startswith("#"):
            raise ContentError(where, f"this SVG links to '{value[:60]}' on <{element}>, outside the file; {_DO}")
    for target in _URL.findall(value):
        if not target.strip().startswith("#"):
            raise ContentError(where, f"this SVG uses url({target[:60]}) in {name}= on <{element}>, "
                                      f"outside the file; {_DO}")
    if "@import" in value or "expression(" in value.lower():
        raise ContentError(where, f"this SVG has style rules in {name}= on <{element}>; {_DO}")
    if name in GEOMETRY:
        _check_numbers(element, name, value, where)


def _check_numbers(element: str, name: str, value: str, where: Where) -> None:
    """NaN, infinity and coordinates far off the drawing make blank or broken icons: refuse them."""
    if re.search(r"nan|inf", value, re.I):
        raise ContentError(where, f"this SVG has a coordinate that is not a number ({name}=\"{value[:40]}\" on "
                                  f"<{element}>); {_DO}")
    for number in _NUMBER.findall(value):
        if not math.isfinite(float(number)) or abs(float(number)) > MAX_COORDINATE:
            raise ContentError(where, f"this SVG has a coordinate out of range ({number[:40]} in {name}= on "
                                      f"<{element}>); {_DO}")


def _check_viewbox(root: Element, where: Where) -> None:
    """Four numbers with a positive width and height: the drawing's size comes from them."""
    box = root.get("viewBox", "")
    numbers = [float(n) for n in _NUMBER.findall(box)] if not re.search(r"nan|inf", box, re.I) else []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers) or numbers[2] <= 0 or numbers[3] <= 0:
        raise ContentError(where, f"this SVG's viewBox is missing or empty (viewBox=\"{box[:40]}\"); an emoji "
                                  f"needs one with a width and a height, e.g. \"0 0 36 36\"; {_DO}")
