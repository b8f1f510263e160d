"""Before an import writes anything: do the translations' templates fill in with the edition data?

A misspelt ``{{ region.helpline }}`` would otherwise surface only at build time. Each
translated string is rendered with the data of every edition in its language (the same
sandbox the build uses); a failure is a warning naming the file, its line and the id.
Strings filled in at layout time (page numbers, tile rows: ``words.LATE``) are left to the build.
"""
from __future__ import annotations

from pathlib import Path

from .content import LocStr
from .errors import BuildError, ContentError, Where


def template_warnings(root: Path, language: str, texts: dict[str, str], path: Path,
                      lines: dict[str, int | None]) -> list[str]:
    """One warning per translation whose template fails for an edition of ``language``."""
    todo = {sid: t for sid, t in texts.items() if "{" in t and _early(sid)}
    if not todo:
        return []
    try:
        from .jobs import edition_data
        from .project import load_project
        from .words import render_text

        project = load_project(root)
    except BuildError:
        return []  # the content has errors of its own: the build reports them
    out = []
    for code, edition in project.editions.items():
        if edition.language != language or edition.region not in project.regions:
            continue
        data = edition_data(project, edition)
        for sid, text in todo.items():
            try:
                render_text(LocStr(text, Where(sid)), data)
            except ContentError as exc:
                reason = str(exc).removeprefix(f"{Where(sid)}: ")
                out.append(f"{path}:{lines.get(sid)}: {sid}: in edition {code}, {reason}")
    return out


def _early(sid: str) -> bool:
    """Whether the build fills this string's template before layout (not a LATE key)."""
    from .words import LATE

    name, _, field = sid.partition(":")
    if name.startswith("regions/"):
        return False  # a region's words are printed as they are, never filled in
    keys = {part.split("[")[0] for part in field.split(".")}
    return not keys & LATE  # the build skips a LATE key's value wherever it stands (words.render_tree)
