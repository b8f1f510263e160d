"""The table of contents of a build: plan → load all → compose all → write all.

In: a project root, the editions and products asked for, an output folder. Out: PDFs at
``<out>/<edition>/<product>.pdf`` and a ``Report`` (files written, placeholders still to
confirm, editions that failed). Content errors stop an edition before anything of it is
written; other editions are still built.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import LocDict, Model, validate
from .document import Common, Composed, Sheet
from .errors import BuildError, ContentError, UsageError, Where, raise_all
from .finish import check_notice, clean_partials, write_atomic
from .kit import Kit
from .products import PRODUCTS
from .project import Edition, Project, load_project
from .theme import load_theme
from .words import render_tree


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    placeholders: dict[str, list[str]] = field(default_factory=dict)  # what and why → editions
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def word_models(products: list[str]) -> dict[str, type[Model]]:
    """Every content file the chosen products read, with its model (common.yaml always)."""
    models: dict[str, type[Model]] = {"common": Common}
    for name in products:
        models.update(PRODUCTS[name].WORDS)
    return models


def plan(project: Project, editions: list[str] | None, products: list[str] | None) -> tuple[list[Edition], list[str]]:
    """Check the command line's choices against what exists (UsageError lists what does)."""
    unknown = [e for e in editions or [] if e not in project.editions]
    if unknown:
        raise UsageError(f"unknown edition {', '.join(unknown)}; known editions: {', '.join(project.editions)}")
    bad = [p for p in products or [] if p not in PRODUCTS]
    if bad:
        raise UsageError(f"unknown product {', '.join(bad)}; known products: {', '.join(PRODUCTS)}")
    chosen = [project.editions[e] for e in (editions or project.editions)]
    return chosen, [p for p in PRODUCTS if not products or p in products]


def build(root: Path, out: Path, editions: list[str] | None = None, products: list[str] | None = None) -> Report:
    """Build the chosen editions and products; raise BuildError listing every failed edition."""
    start = time.perf_counter()
    project = load_project(root)
    chosen, names = plan(project, editions, products)
    kit = Kit(load_theme(project.templates, project.assets), project.assets)
    models = word_models(names)
    _check_languages(project, {e.language for e in chosen}, models)
    report = Report()
    clean_partials(out)
    for edition in chosen:
        try:
            files = compose_edition(project, kit, edition, names, models)
        except BuildError as exc:
            report.failed[edition.code] = str(exc)
            continue
        for name, (data, _) in files.items():
            path = out / edition.code / f"{name}.pdf"
            write_atomic(path, data)
            report.written.append(path)
        for line in placeholders(project, edition):
            report.placeholders.setdefault(line, []).append(edition.code)
    report.seconds = time.perf_counter() - start
    if report.failed:
        raise BuildError("\n".join(dict.fromkeys(report.failed.values())))
    return report


def _check_languages(project: Project, languages: set[str], models: dict[str, type[Model]]) -> None:
    """Validate each language's files once, before any template is rendered: all errors at once."""
    errors: list[ContentError] = []
    for lang in sorted(languages):
        trees = project.words[lang]
        for stem, model in models.items():
            if stem not in trees:
                errors.append(ContentError(Where(f"content/{lang}/{stem}.yaml"),
                                           f"missing file; copy content/en/{stem}.yaml and translate it"))
                continue
            errors += validate(model, trees[stem], Where(trees[stem].where.path))[1]
    raise_all(errors)


def edition_data(project: Project, edition: Edition) -> dict[str, Any]:
    """What content templates may read: the edition, its region's services and the links."""
    region = project.regions[edition.region]
    return {
        "edition": {"code": edition.code, "language": edition.language, "region": edition.region},
        "region": {**region.model_dump(), "website": {**region.website.model_dump(), "short": region.website.short}},
        "links": {group: {k: {**v.model_dump(), "short": v.short} for k, v in getattr(project.links, group).items()}
                  for group in ("videos", "services")},
    }


def compose_edition(project: Project, kit: Kit, edition: Edition, names: list[str],
                    models: dict[str, type[Model]]) -> dict[str, tuple[bytes, Composed]]:
    """Render the edition's words and compose every chosen product, all in memory."""
    data = edition_data(project, edition)
    errors: list[ContentError] = []
    words = {}
    for stem, model in models.items():
        tree = render_tree(project.words[edition.language][stem], data, errors)
        obj, errs = validate(model, tree, Where(tree.where.path if isinstance(tree, LocDict) else stem))
        errors += errs
        words[stem] = obj
    raise_all(errors)
    sheet = Sheet(kit, edition, words["common"], project.regions[edition.region], project.links)
    built: dict[str, Composed] = {}
    for name in names:
        built.update(PRODUCTS[name].compose(sheet, words, built))
    wanted = {out: doc for out, doc in built.items() if out.split("-")[0] in names}
    for out, doc in wanted.items():
        check_notice(doc.pdf, sheet.common.notice, f"{edition.code}/{out}.pdf")
    return {out: (doc.pdf, doc) for out, doc in wanted.items()}


def placeholders(project: Project, edition: Edition) -> list[str]:
    """Every value of the edition still marked as a placeholder, with its place and reason."""
    region = project.regions[edition.region]
    marked: list[tuple[Any, str]] = [(h, h.number) for h in [*region.helplines, region.emergency]]
    marked += [(region.website, region.website.url)]
    marked += [(v, v.url) for v in [*project.links.videos.values(), *project.links.services.values()]]
    out = []
    for item, value in marked:
        if item.placeholder:
            where = getattr(value, "where", "content")
            out.append(f"{where}: {value} ({' '.join(str(item.placeholder).split())})")
    return out
