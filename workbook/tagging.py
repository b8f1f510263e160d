"""The structure model of a tagged PDF: what each drawn thing is, as plain data.

In: nothing but the roles products name (a paragraph style, "Figure", "L"...). Out: ``Node``
trees recorded while drawing (``tagging_draw``) and written into the PDF after ReportLab
(``tagging_pdf``). Kept apart from both so that the products' vocabulary (a style called
"h1") maps to PDF's standard structure types (H2) in one place, and so that a workbook can
bind the trees of its parts by shifting their page numbers.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any
from typing import Union
from xml.sax.saxutils import escape

# A paragraph style → its structure type. The document's title is its one H1; the handout's
# section heads are H2 and the heads inside a section H3. Styles not named here are P.
ROLE_OF_STYLE = {"display": "H1", "title": "H1", "h1": "H2", "h2": "H3", "quote": "Quote"}

# The poster paints with type roles of its own (poster_paint.Painter.p): its title is drawn in
# "display", its bands open with a "heading"; the UNODC quote is a Quote; the rest is P.
ROLE_OF_POSTER = {"display": "H1", "heading": "H2", "report_title": "H2", "quote": "Quote"}

ARTIFACT = "Artifact"  # a role for a drawn paragraph that is decoration (a big quotation mark)

# Our own names for groupings, mapped to standard types (a PDF's RoleMap).
ROLE_MAP = {"Chat": "Div", "Card": "Div", "Band": "Sect"}


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: page (0-based in its document) and its MCID there."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annot:
    """A link annotation: page and its index in that page's /Annots, with its /Contents."""

    page: int
    index: int
    contents: str


@dataclass
class Node:
    """A structure element: its type, attributes and kids in reading order."""

    role: str
    kids: list[Union["Node", Marked, Annot]] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None
    scope: str | None = None  # a TH's /Scope (Row or Column)

    def shifted(self, pages: int) -> "Node":
        """The same tree with every page number moved by ``pages`` (a part bound after others)."""
        kids = [k.shifted(pages) if isinstance(k, Node) else
                Marked(k.page + pages, k.mcid) if isinstance(k, Marked) else Annot(k.page + pages, k.index, k.contents)
                for k in self.kids]
        return Node(self.role, kids, self.alt, self.lang, self.scope)

    def empty(self) -> bool:
        """True when nothing was drawn inside: such an element is left out of the tree."""
        return not any(not isinstance(k, Node) or not k.empty() for k in self.kids)


def bind(parts: list[tuple[Node | None, int]]) -> Node | None:
    """One Document from the parts' trees (tree, pages) in order; None when no part is tagged."""
    if all(tree is None for tree, _ in parts):
        return None
    root, offset = Node("Document"), 0
    for tree, pages in parts:
        if tree is not None:
            part = tree.shifted(offset)
            root.kids.append(Node("Part", part.kids))
        offset += pages
    return root


def nest_headings(root: Node) -> Node:
    """Heading levels that never skip one (H1 then H3 becomes H1 then H2), in reading order.

    A style's level is right where it usually stands (a head inside a handout section) but a
    product may use it directly under the title (the spread's "h2"); PDF/UA wants no gaps.
    """
    last = 0

    def walk(node: Node) -> None:
        nonlocal last
        if node.role in ("H1", "H2", "H3"):
            level = min(int(node.role[1]), last + 1)
            node.role, last = f"H{level}", level
        for kid in node.kids:
            if isinstance(kid, Node):
                walk(kid)

    walk(root)
    return root


def role_of_style(name: str) -> str:
    """The structure type of a paragraph drawn in the style ``name`` (overrides keep the base name)."""
    base = name.split("[")[0].split("-shaped")[0]
    return ROLE_OF_STYLE.get(base, "P")


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def printed_links(region: Any, links: Any, words: list[str]) -> tuple[tuple[str, str], ...]:
    """Every address and phone number an edition prints, with the link it opens (https, tel, mailto).

    From the data, never typed twice: the region's helplines and emergency number (tel: of
    their digits, or the service's own tel: link), its website, the videos' and services'
    short addresses, and any e-mail address in ``words`` (the permissions address).
    """
    found: dict[str, str] = {}
    for line in [*region.helplines, *([region.emergency] if region.emergency else [])]:
        url = line.url if line.url and line.url.startswith("tel:") else "tel:" + re.sub(r"[^0-9+]", "", line.number)
        found[str(line.number)] = url
    found[str(region.website.short)] = region.website.url
    for group in (links.videos, links.services):
        for link in group.values():
            found.setdefault(str(link.short), link.url)
    for text in words:
        for address in _EMAIL.findall(str(text)):
            found[address] = f"mailto:{address}"
    return tuple(sorted(found.items(), key=lambda kv: -len(kv[0])))


def linked(markup: str, links: tuple[tuple[str, str], ...]) -> str:
    """ReportLab markup with each printed address or number made a link (``<a href>``), once per place."""
    if not links:
        return markup
    pattern, uri = _link_pattern(links)
    return pattern.sub(lambda m: f'<a href="{escape(uri[m.group(0).lower()], {chr(34): "&quot;"})}">{m.group(0)}</a>',
                       markup)


@lru_cache(maxsize=8)
def _link_pattern(links: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    """One regular expression for an edition's printed links (compiled once: layout tries many sizes)."""
    pattern = re.compile("|".join(f"(?<![\\w.+-]){re.escape(escape(p))}(?![\\w])" for p, _ in links), re.I)
    return pattern, {escape(p).lower(): u for p, u in links}
