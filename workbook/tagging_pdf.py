"""Write the structure recorded while drawing into the PDF ReportLab made (pikepdf).

In: a composed PDF whose real content sits in marked content with MCIDs, and its
``tagging.Node`` tree. Out: a tagged PDF (PDF/UA-1 in intent, checked by ``page-validation``
in the tests): StructTreeRoot with the tree, ParentTree, /StructParents on every page,
/StructParent and OBJR for every link annotation, /MarkInfo, RoleMap, /Lang, /Tabs /S, and
an XMP packet with dc:title and pdfuaid:part 1. Page content outside every element is
wrapped as /Artifact, so furniture needs no code of its own. pikepdf, not pypdf: it parses
content streams into operators and writes number trees and XMP without hand-made bytes.
"""
from __future__ import annotations

import warnings
from io import BytesIO
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

from .recolour import Palette, recolour_ops
from .tagging import ROLE_MAP, Annot, Marked, Node, nest_headings

PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh", "BI", "INLINE IMAGE"}


def tag(pdf: bytes, root: Node, lang: str, title: str, printed: dict[str, str] | None = None,
        palette: Palette | None = None) -> bytes:
    """``pdf`` with ``root`` as its structure tree and every other content an artifact.

    ``printed`` maps a link to the address or number as printed: the /Contents of links
    that a paragraph's markup made. A key composition is given the ``palette`` of its mode,
    and its colours are written in the same pass over the content (``recolour``)."""
    doc = pikepdf.Pdf.open(BytesIO(pdf))
    for page in doc.pages:
        _artifacts(doc, page, palette)
    tree = _tree(doc, nest_headings(root), printed or {})
    doc.Root.StructTreeRoot = tree
    doc.Root.MarkInfo = Dictionary(Marked=True)
    doc.Root.Lang = pikepdf.String(lang)
    prefs = doc.Root.get("/ViewerPreferences", Dictionary())
    prefs.DisplayDocTitle = True
    doc.Root.ViewerPreferences = prefs
    _xmp(doc, title)
    out = BytesIO()
    # Object streams: the structure tree is many small dictionaries, which compress well
    # together (the en-GB poster: 47.7 KB → 33.8 KB); the XMP stays readable as it is.
    doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def _artifacts(doc: pikepdf.Pdf, page: pikepdf.Page, palette: Palette | None = None) -> None:
    """Wrap every run of painting outside marked content in ``/Artifact BMC … EMC``.

    A run never crosses BT or ET (marked content must nest inside a text object), and a
    marked sequence without an MCID (an ActualText span drawn outside any element) goes
    into the artifact around it.
    """
    out: list = []
    run: list = []
    depth = inner = 0

    def flush() -> None:
        if any(_op(i) in PAINTING for i in run):
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], Operator("BMC")))
            out.extend(run)
            out.append(pikepdf.ContentStreamInstruction([], Operator("EMC")))
        else:
            out.extend(run)
        run.clear()

    ops = pikepdf.parse_content_stream(page)
    for ins in recolour_ops(ops, palette) if palette else ops:
        op = _op(ins)
        if depth:
            depth += 1 if op in ("BDC", "BMC") else -1 if op == "EMC" else 0
            out.append(ins)
        elif op in ("BDC", "BMC") and not inner and _tagged(ins):
            flush()
            depth = 1
            out.append(ins)
        elif inner or op in ("BDC", "BMC"):
            inner += 1 if op in ("BDC", "BMC") else -1 if op == "EMC" else 0
            run.append(ins)
        elif op in ("BT", "ET"):
            flush()
            out.append(ins)
        else:
            run.append(ins)
    flush()
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(out))


def _op(ins) -> str:
    return "INLINE IMAGE" if isinstance(ins, pikepdf.ContentStreamInlineImage) else str(ins.operator)


def _tagged(ins) -> bool:
    """An element's content (an MCID) or an artifact already."""
    tag = ins.operands[0] if ins.operands else None
    if tag == Name.Artifact:
        return True
    props = ins.operands[1] if len(ins.operands) > 1 else None
    return isinstance(props, Dictionary) and "/MCID" in props


def _tree(doc: pikepdf.Pdf, root: Node, printed: dict[str, str]) -> pikepdf.Object:
    """The StructTreeRoot: the elements, the ParentTree (pages' MCIDs, then annotations) and the RoleMap."""
    pages = list(doc.pages)
    tree = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_page: dict[int, dict[int, pikepdf.Object]] = {}
    annots: list[pikepdf.Object] = []
    top = _element(doc, root, tree, pages, by_page, annots, printed)
    tree.K = Array([top])
    nums = Array()
    for i, page in enumerate(pages):
        page.obj.StructParents = i
        marks = by_page.get(i, {})
        nums.extend([i, doc.make_indirect(Array([marks.get(m, pikepdf.Object.parse(b"null"))
                                                 for m in range(max(marks, default=-1) + 1)]))])
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
    for k, element in enumerate(annots):
        nums.extend([len(pages) + k, element])
    tree.ParentTree = doc.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = len(pages) + len(annots)
    tree.RoleMap = Dictionary({f"/{k}": Name(f"/{v}") for k, v in ROLE_MAP.items()})
    return tree


def _element(doc, node: Node, parent, pages, by_page, annots, printed) -> pikepdf.Object:
    """One StructElem and, depth first, its kids; records MCIDs and annotations for the ParentTree."""
    elem = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name(f"/{node.role}"), P=parent))
    kids = Array()
    for kid in node.kids:
        if isinstance(kid, Node):
            kids.append(_element(doc, kid, elem, pages, by_page, annots, printed))
        elif isinstance(kid, Marked):
            kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
            by_page.setdefault(kid.page, {})[kid.mcid] = elem
            if "/Pg" not in elem:
                elem.Pg = pages[kid.page].obj
        elif isinstance(kid, Annot):
            annot = pages[kid.page].obj.Annots[kid.index]
            annot.StructParent = len(pages) + len(annots)
            if "/Contents" not in annot:
                uri = str(annot.get("/A", {}).get("/URI", ""))
                annot.Contents = pikepdf.String(kid.contents or printed.get(uri) or _describe(annot))
            annots.append(elem)
            kids.append(Dictionary(Type=Name.OBJR, Pg=pages[kid.page].obj, Obj=annot))
    elem.K = kids
    if node.alt is not None:
        elem.Alt = pikepdf.String(node.alt)
    if node.lang:
        elem.Lang = pikepdf.String(node.lang)
    if node.scope:
        elem.A = Dictionary(O=Name.Table, Scope=Name(f"/{node.scope}"))
    return elem


def _describe(annot) -> str:
    """A link's /Contents when it was made by a paragraph's markup: its address as printed."""
    uri = unquote(str(annot.get("/A", {}).get("/URI", "")))
    for scheme in ("https://", "http://", "mailto:", "tel:"):
        if uri.startswith(scheme):
            return uri[len(scheme):]
    return uri


def _xmp(doc: pikepdf.Pdf, title: str) -> None:
    """XMP with the title and the PDF/UA-1 identifier, the rest copied from the document info
    (which is left as ReportLab wrote it: its dates are the build's, see document.Build)."""
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # /Trapped has no XMP equivalent: it stays in the document info
        meta.load_from_docinfo(doc.docinfo)
        for key in ("xmp:CreateDate", "xmp:ModifyDate"):  # the dates stay in the document info only, so
            if key in meta:                                # the build's date changes no other bytes
                del meta[key]
        meta["dc:title"] = title
        meta["pdfuaid:part"] = "1"
