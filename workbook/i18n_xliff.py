"""Units to an XLIFF 1.2 file and back.

Why 1.2 and not 2.0: it is the version the translators' tools read best. OmegaT's native
XLIFF filter, memoQ, Trados Studio and Weblate (through translate-toolkit) all read and write
1.2 with its states and notes, translate-toolkit's ``po2xliff``/``xliff2po`` speak only 1.2,
and 2.0 support is still partial or behind converters in several of them.

One ``<trans-unit>`` per string: ``id`` and ``resname`` are the string's id (the PO's
msgctxt), ``<source>`` the English, ``<target>`` the translation (left out when missing),
``<note>`` the translator's notes, ``maxwidth`` with ``size-unit="char"`` a fixed box's
limit, a ``location`` context group the places. A draft is ``state="needs-review-translation"``;
a reviewed string is ``state="final"`` with ``approved="yes"`` (translate-toolkit and
Weblate read ``approved``; OmegaT and Trados read ``state``). The file is written by hand,
not by a serializer, so that the same units always give the same bytes.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .errors import BuildError
from .i18n_exchange import Header, Unit
from .i18n_units import SOURCE

NS = "urn:oasis:names:tc:xliff:document:1.2"
DRAFT, REVIEWED = "needs-review-translation", "final"


def to_xliff(units: list[Unit], head: Header) -> str:
    """The XLIFF file's text."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff version="1.2" xmlns="{NS}">',
             f'  <file original="a21-workbook" datatype="plaintext" source-language="{SOURCE}" '
             f'target-language={quoteattr(head.language)}>',
             "    <header>",
             f"      <note from=\"a21-workbook\">A21 digital-safety materials: the {escape(head.language)} words. "
             f"Each unit's id is the string's place (file:field); the source is the English "
             f"(content/{SOURCE}). Mark a unit final only when a native speaker has reviewed it.</note>",
             "    </header>",
             "    <body>"]
    for u in units:
        lines += _unit(u)
    lines += ["    </body>", "  </file>", "</xliff>"]
    return "\n".join(lines) + "\n"


def _unit(u: Unit) -> list[str]:
    attrs = f"id={quoteattr(u.id)} resname={quoteattr(u.id)}"
    if u.target and not u.draft:
        attrs += ' approved="yes"'
    if u.max_chars:
        attrs += f' maxwidth="{u.max_chars}" size-unit="char"'
    out = [f'      <trans-unit {attrs} xml:space="preserve">', f"        <source>{escape(u.source)}</source>"]
    if u.target:
        out.append(f'        <target state="{DRAFT if u.draft else REVIEWED}">{escape(u.target)}</target>')
    for note in filter(None, u.notes.split("\n")):
        out.append(f'        <note from="developer">{escape(note)}</note>')
    for path, line in u.places:
        out.append('        <context-group purpose="location">'
                   f'<context context-type="sourcefile">{escape(path)}</context>'
                   f'<context context-type="linenumber">{escape(line)}</context></context-group>')
    out.append("      </trans-unit>")
    return out


def from_xliff(path: Path) -> tuple[str, list[Unit]]:
    """The target language and the units of an XLIFF 1.2 file (parsed without DTDs or entities)."""
    from defusedxml import ElementTree
    from xml.etree.ElementTree import ParseError

    try:
        text = path.read_text(encoding="utf-8")
        root = ElementTree.fromstring(text.encode("utf-8"))
    except (OSError, UnicodeDecodeError, ParseError, ValueError) as exc:
        raise BuildError(f"{path}: not a readable XLIFF file ({exc}); export it again or repair it in your tool")
    q = lambda tag: f"{{{NS}}}{tag}"
    if root.tag != q("xliff") or root.get("version") != "1.2":
        raise BuildError(f"{path}: not an XLIFF 1.2 file (root <{root.tag}>); save it as XLIFF 1.2")
    language, units = "", []
    for file in root.iter(q("file")):
        language = language or file.get("target-language", "")
        for tu in file.iter(q("trans-unit")):
            sid = tu.get("resname") or tu.get("id") or ""
            source, target = tu.find(q("source")), tu.find(q("target"))
            state = target.get("state", "") if target is not None else ""
            reviewed = tu.get("approved") == "yes" or state in ("final", "signed-off")
            units.append(Unit(sid, _text(source), _text(target), not reviewed, line=_line(text, sid)))
    return language, units


def _text(node) -> str:
    """A source or target's text; inline markup a tool may add (``<g>``, ``<x/>``) keeps its text."""
    return "" if node is None else "".join(node.itertext())


def _line(text: str, sid: str) -> int | None:
    """The line of the unit's opening tag, for warnings (ElementTree keeps no line numbers)."""
    at = text.find(f"id={quoteattr(sid)}")
    return None if at < 0 else text.count("\n", 0, at) + 1
