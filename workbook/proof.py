"""Proof or final: what an edition still has to confirm before it may be printed for real.

In: the loaded project, an edition and its language's translation catalog. Out: the
values to confirm (placeholders, values with no source, draft or missing translations,
the pseudo-locale itself), the ``verify:`` notes A21 should check, and the source of every
printed service. An edition with anything to confirm is a *proof*: every page carries a
margin mark and ``build.py --final`` refuses to write it. Computed once per build, before
anything is composed, so the check costs nothing and the mark is the same on every page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .i18n import Entry
from .project import Edition, Project
from .pseudo import PSEUDO_LANGUAGE


@dataclass(frozen=True)
class Item:
    """One line of the build summary: where the value is, what it is, and why it is listed."""

    where: str  # path:line:col: field of the value
    what: str  # the value as printed
    why: str  # the reason, the note, or the source
    kind: str = "value"  # or "translation": the summary counts those per language instead of listing them

    def __str__(self) -> str:
        return f"{self.where}: {self.what} ({' '.join(self.why.split())})"


def _values(project: Project, edition: Edition) -> Iterator[tuple[str, Any, str]]:
    """(field name, the item carrying placeholder/source/verify, the printed value) of the edition."""
    region = project.region(edition)
    for i, h in enumerate(region.helplines):
        yield f"helplines[{i}].number", h, h.number
    if region.emergency is not None:
        yield "emergency.number", region.emergency, region.emergency.number
    yield "website.url", region.website, region.website.url
    for group in ("videos", "services"):
        for key, link in getattr(project.links, group).items():
            yield f"{group}.{key}.url", link, link.url


def _where(value: Any, field: str) -> str:
    where = getattr(value, "where", None)
    return str(where) if where is not None else field


def _excerpt(text: Any, length: int = 40) -> str:
    """The start of a string, on one line, so a long list of drafts stays readable."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= length else flat[:length - 1] + "…"


def _no_source() -> str:
    return "nothing says where this value was checked: add `source:` (address and date) once A21 confirms it"


def to_confirm(project: Project, edition: Edition, catalog: list[Entry]) -> list[Item]:
    """Everything that makes the edition a proof, each with its place; empty for a final edition."""
    items = []
    for field, item, value in _values(project, edition):
        if item.placeholder:
            items.append(Item(_where(value, field), str(value), str(item.placeholder)))
        elif item.source is None:
            items.append(Item(_where(value, field), str(value), _no_source()))
    if edition.language == PSEUDO_LANGUAGE:
        items.append(Item(edition.where, edition.code,
                          "the pseudo-locale tests layouts with made-up text; it is never printed for real"))
    for entry in catalog:
        if entry.status == "draft":
            items.append(Item(_where(entry.translation, entry.id), _excerpt(entry.translation),
                              "draft translation: a native speaker has not reviewed it", "translation"))
        elif entry.status == "missing":
            items.append(Item(_where(entry.source, entry.id), _excerpt(entry.source),  # the English it prints
                              f"not translated into {edition.language}: printed in English; translate it and "
                              "import it (build.py i18n export, then i18n import)", "translation"))
    return items


def to_verify(project: Project, edition: Edition) -> list[Item]:
    """The ``verify:`` notes of the edition's values: doubts for A21, listed and never printed."""
    return [Item(_where(value, field), str(value), str(item.verify))
            for field, item, value in _values(project, edition) if item.verify]


def sources(project: Project, edition: Edition) -> list[Item]:
    """Where each confirmed value of the edition was checked, for the build summary."""
    return [Item(_where(value, field), str(value), str(item.source))
            for field, item, value in _values(project, edition) if item.source is not None and not item.placeholder]
