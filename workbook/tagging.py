"""The structure model of a tagged PDF: what each drawn thing is, as plain data.

In: nothing but the roles products name (a paragraph style, "Figure", "L"...). Out: ``Node``
trees recorded while drawing (``tagging_draw``) and written into the PDF after ReportLab
(``tagging_pdf``). Kept apart from both so that the products' vocabulary (a style called
"h1") maps to PDF's standard structure types (H2) in one place, and so that a workbook can
bind the trees of its parts by shifting their page numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# A paragraph style → its structure type. The document's title is its one H1; the handout's
# section heads are H2 and the heads inside a section H3. Styles not named here are P.
ROLE_OF_STYLE = {"display": "H1", "title": "H1", "h1": "H2", "h2": "H3", "report_title": "H2", "quote": "P"}

# Structure types this project writes; anything else would need a RoleMap entry.
STANDARD = {"Document", "Part", "Sect", "Div", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table",
            "THead", "TBody", "TR", "TH", "TD", "Figure", "Link", "Quote", "Span", "Caption", "BlockQuote"}

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


def role_of_style(name: str) -> str:
    """The structure type of a paragraph drawn in the style ``name`` (overrides keep the base name)."""
    base = name.split("[")[0].split("-shaped")[0]
    return ROLE_OF_STYLE.get(base, "P")
