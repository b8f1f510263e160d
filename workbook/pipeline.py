"""The table of contents of a build: plan → load all → compose all → write all.

In: a project root, the editions and products asked for, an output folder. Out: PDFs at
``<out>/<edition>/<product>.pdf`` and a ``Report`` (files written, placeholders still to
confirm, editions that failed). Content errors stop an edition before anything of it is
written; other editions are still built.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .content import LocDict, Model, validate
from . import impose
from .document import Build, Common, Composed, Sheet
from .errors import BuildError, ContentError, UsageError, Where, raise_all
from .finish import check_notice, clean_partials, print_marks, write_atomic
from .kit import Kit
from .products import PRODUCTS
from .project import Edition, Project, load_project
from .theme import load_theme, page_size
from .words import render_tree


VARIANTS = ("plain", "print", "gray", "booklet", "tiles")
MODES = {"plain": "rgb", "print": "cmyk", "gray": "gray"}  # variants composed afresh, in these colours
DERIVED = {"booklet": ("workbook", impose.booklet), "tiles": ("poster", impose.tiles)}  # made from plain PDFs


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    placeholders: dict[str, list[str]] = field(default_factory=dict)  # what and why → editions
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class Plan:
    """What the command line asked for, checked against what the project has."""

    editions: list[Edition]
    products: list[str]
    variants: list[str]


def word_models(products: list[str]) -> dict[str, type[Model]]:
    """Every content file the chosen products read, with its model (common.yaml always)."""
    models: dict[str, type[Model]] = {"common": Common}
    for name in products:
        models.update(PRODUCTS[name].WORDS)
    return models


def plan(project: Project, editions: list[str] | None, products: list[str] | None,
         variants: list[str] | None = None) -> Plan:
    """Check the command line's choices against what exists (UsageError lists what does)."""
    for asked, known, what in ((editions, list(project.editions), "edition"), (products, list(PRODUCTS), "product"),
                               (variants, list(VARIANTS), "variant")):
        unknown = [x for x in asked or [] if x not in known]
        if unknown:
            raise UsageError(f"unknown {what} {', '.join(unknown)}; known {what}s: {', '.join(known)}")
    return Plan([project.editions[e] for e in (editions or project.editions)],
                [p for p in PRODUCTS if not products or p in products],
                [v for v in VARIANTS if not variants or v in variants])


def build(root: Path, out: Path, editions: list[str] | None = None, products: list[str] | None = None,
          variants: list[str] | None = None) -> Report:
    """Build the chosen editions, products and variants; raise BuildError listing every failed edition."""
    start = time.perf_counter()
    project = load_project(root)
    chosen = plan(project, editions, products, variants)
    theme = load_theme(project.templates, project.assets)
    kits = {mode: Kit(theme.with_mode(mode), project.assets) for mode in MODES.values()}
    models = word_models(chosen.products)
    _check_languages(project, {e.language for e in chosen.editions}, models)
    digest = content_hash(root)
    report = Report()
    clean_partials(out)
    for edition in chosen.editions:
        try:
            files = compose_edition(project, kits, Build(digest, build_date(edition)), edition, chosen, models)
        except BuildError as exc:
            report.failed[edition.code] = str(exc)
            continue
        for name, doc in files.items():
            path = out / edition.code / f"{name}.pdf"
            write_atomic(path, doc.pdf)
            report.written.append(path)
        for line in placeholders(project, edition):
            report.placeholders.setdefault(line, []).append(edition.code)
    report.seconds = time.perf_counter() - start
    if report.failed:
        raise BuildError("\n".join(dict.fromkeys(report.failed.values())))
    return report


def content_hash(root: Path) -> str:
    """A short hash of every content and template file: the colophon names it, so a print can be traced."""
    digest = hashlib.sha256()
    for folder in ("content", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def build_date(edition: Edition) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the edition's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(edition.date.year, edition.date.month, edition.date.day, tzinfo=timezone.utc)


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


def compose_edition(project: Project, kits: dict[str, Kit], build: Build, edition: Edition, chosen: Plan,
                    models: dict[str, type[Model]]) -> dict[str, Composed]:
    """Render the edition's words and compose every chosen product and variant, all in memory."""
    words = _edition_words(project, edition, models)
    region = project.regions[edition.region]
    outputs: dict[str, Composed] = {}
    plain: dict[str, Composed] = {}
    needs_plain = "plain" in chosen.variants or any(v in chosen.variants for v in DERIVED)
    for variant, mode in MODES.items():
        if variant not in chosen.variants and not (variant == "plain" and needs_plain):
            continue
        sheet = Sheet(kits[mode], edition, words["common"], region, project.links, build)
        built: dict[str, Composed] = {}
        for name in chosen.products:
            built.update(PRODUCTS[name].compose(sheet, words, built))
        if variant == "plain":
            plain, plain_sheet = built, sheet
            if "plain" in chosen.variants:
                outputs.update({out: doc for out, doc in built.items() if out.split("-")[0] in chosen.products})
            continue
        for name in chosen.products:
            if variant in PRODUCTS[name].VARIANTS:
                outputs[f"{name}-{variant}"] = _finish_variant(variant, built[name], kits[mode])
    for variant, (name, impose_it) in DERIVED.items():
        if variant in chosen.variants and name in chosen.products and applies(variant, edition):
            outputs[f"{name}-{variant}"] = impose_it(plain_sheet, plain[name])
    for out, doc in outputs.items():
        check_notice(doc.pdf, words["common"].notice, f"{edition.code}/{out}.pdf")
    return outputs


def applies(variant: str, edition: Edition) -> bool:
    """Tiles only for a poster larger than the office paper it would be printed on."""
    if variant != "tiles":
        return True
    poster, office = page_size(edition.paper.poster), page_size(edition.paper.handout)
    return poster[0] * poster[1] > office[0] * office[1] * 1.2


def _finish_variant(variant: str, doc: Composed, kit: Kit) -> Composed:
    """Print-shop PDFs get bleed, crop marks and page boxes; others are ready as composed."""
    if variant != "print":
        return doc
    theme = kit.theme
    pdf = print_marks(doc.pdf, theme.mm("print", "bleed"), theme.mm("print", "marks"), theme.mm("print", "mark_length"),
                      float(theme.data["print"]["mark_width"]))
    return Composed(pdf, doc.pages, doc.outline)


def _edition_words(project: Project, edition: Edition, models: dict[str, type[Model]]) -> dict[str, Any]:
    """The edition's words: templates rendered with its data, validated into models (all errors at once)."""
    data = edition_data(project, edition)
    errors: list[ContentError] = []
    words = {}
    for stem, model in models.items():
        tree = render_tree(project.words[edition.language][stem], data, errors)
        obj, errs = validate(model, tree, Where(tree.where.path if isinstance(tree, LocDict) else stem))
        errors += errs
        words[stem] = obj
    raise_all(errors)
    return words


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
