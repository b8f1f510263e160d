"""Compose editions: one job is one edition in one colour mode, and jobs run on every core.

In: the loaded project, a kit per colour mode, the plan. Out: for each job, the composed
PDFs (in memory) or the error that stopped it. Jobs share nothing but what was loaded
before they started (fonts, theme, content), so they run in forked worker processes: a
full build of every edition and variant keeps both cores of a small machine busy.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Callable

from reportlab.platypus.doctemplate import LayoutError

from . import impose
from .content import LocDict, Model, validate
from .document import Build, Composed, Sheet
from .errors import BuildError, ContentError, Where, raise_all
from .fonts import fresh_private_codes, uncovered
from .i18n_units import is_id
from .finish import OutputIntent, check_notice, print_marks
from .kit import Kit
from .tagging import printed_links
from .tagging_pdf import tag
from .products import PRODUCTS, workbook
from .project import Edition, Project
from .theme import page_size
from .words import edition_data as words_data, render_text, render_tree
from .workers import map_forked

VARIANTS = ("plain", "print", "gray", "booklet", "tiles")
MODES = {"plain": "rgb", "print": "cmyk", "gray": "gray"}  # variants composed afresh, in these colours
TAGGED = ("plain", "gray")  # read on screens and by screen readers; print shops read no tags


def _tiles(sheet: Sheet, words: dict[str, Any], built: dict[str, Composed]) -> Composed:
    """The plain poster over office sheets."""
    return impose.tiles(sheet, built["poster"])


# Variants made in the plain job: the booklet composes the workbook afresh for its pages,
# the tiles cut the plain poster. Each maker takes (sheet, words, built).
DERIVED = {"booklet": ("workbook", workbook.booklet), "tiles": ("poster", _tiles)}


@dataclass(frozen=True)
class Context:
    """What every job reads; built once, before any worker starts."""

    project: Project
    kits: dict[str, Kit]
    products: list[str]
    variants: list[str]
    models: dict[str, type[Model]]
    content_hash: dict[str, str]  # edition code → the hash its colophon prints
    dates: dict[str, Any]  # edition code → build datetime
    proofs: dict[str, int]  # edition code → values still to confirm (0: a final edition)


@dataclass(frozen=True)
class Job:
    edition: str
    variant: str  # a key of MODES


@dataclass
class Result:
    job: Job
    outputs: dict[str, Composed]
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the job took: the next build starts the longest jobs first


def plan_jobs(context: Context, editions: list[Edition]) -> list[Job]:
    """Every (edition, colour mode) the chosen variants need; plain too when booklets or tiles are wanted."""
    wanted = set(context.variants)
    if wanted & set(DERIVED):
        wanted.add("plain")
    return [Job(e.code, v) for e in editions for v in MODES if v in wanted]


def run(context: Context, jobs: list[Job], on_done: Callable[[Result], None] = lambda result: None) -> list[Result]:
    """Run jobs in worker processes when there is more than one core and more than one job.

    The workers are forked after everything is loaded, so they read the context without
    it being pickled; Ctrl-C or SIGTERM ends them all (``workers.map_forked``). Jobs are
    handed out in the order given: the caller puts the longest first, so that the cores
    finish together instead of one waiting for a costly job started last.
    """
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for job in jobs:
            results.append(_run_job(context, job))
            on_done(results[-1])
        return results
    return map_forked(partial(_run_job, context), jobs, workers, on_done)


def estimate(job: Job, edition: Edition) -> float:
    """A job's cost before it has ever run, relative to an English colour variant: the plain job
    also makes the booklet and the tiles, and shaped or lengthened languages lay out slowest."""
    return (3.0 if job.variant == "plain" else 1.0) * (1.0 if edition.language == "en" else 2.0)


def _run_job(context: Context, job: Job) -> Result:
    """One edition in one mode; a content or build error becomes the result, not an exception."""
    kit = context.kits[MODES[job.variant]]
    kit.warnings.clear()
    start = time.perf_counter()
    try:
        outputs = compose_job(context, job)
        return Result(job, outputs, warnings=list(kit.warnings), seconds=time.perf_counter() - start)
    except BuildError as exc:
        return Result(job, {}, str(exc))
    except LayoutError as exc:  # a block that cannot be split is taller than a page
        return Result(job, {}, f"{job.edition}: a block of text is taller than a page ({str(exc).split(' with ')[0]}); "
                               "shorten the text in it")


def compose_job(context: Context, job: Job) -> dict[str, Composed]:
    """The edition's words rendered, every chosen product composed in the job's colours, variants finished."""
    project, edition = context.project, context.project.editions[job.edition]
    kit = context.kits[MODES[job.variant]]
    words = edition_words(project, edition, context.models, kit.theme.chain)
    build = Build(context.content_hash[edition.code], context.dates[edition.code])
    count = context.proofs.get(edition.code, 0)
    mark = render_text(words["common"].proof, {"count": count}) if count else ""
    region = project.region(edition)
    kit = replace(kit, links=printed_links(region, project.links, [words["common"].copyright]))
    sheet = Sheet(kit, edition, words["common"], region, project.links, build, proof=mark)
    built: dict[str, Composed] = {}
    for name in context.products:
        fresh_private_codes()  # each PDF's bytes depend only on what it shows
        built.update(PRODUCTS[name].compose(sheet, words, built))
    outputs: dict[str, Composed] = {}
    if job.variant == "plain":
        if "plain" in context.variants:
            outputs.update({out: doc for out, doc in built.items() if out.split("-")[0] in context.products})
        for variant, (name, impose_it) in DERIVED.items():
            if variant in context.variants and name in context.products and applies(variant, edition):
                fresh_private_codes()
                outputs[f"{name}-{variant}"] = impose_it(sheet, words, built)
    else:
        for name in context.products:
            if job.variant in PRODUCTS[name].VARIANTS:
                outputs[f"{name}-{job.variant}"] = _finish_variant(job.variant, built[name], kit)
    if job.variant in TAGGED:
        outputs = {out: _tagged(sheet, out, doc) for out, doc in outputs.items()}
    for out, doc in outputs.items():
        check_notice(doc.pdf, words["common"].notice, f"{edition.code}/{out}.pdf")
    return outputs


def _tagged(sheet: Sheet, out: str, doc: Composed) -> Composed:
    """A screen PDF with its structure written in (PDF/UA-1); booklets and tiles stay untagged."""
    if doc.tags is None or out.split("-")[-1] in DERIVED:
        return doc
    title = sheet.doc_settings(out.split("-")[0])["title"]
    printed = {uri: text for text, uri in reversed(sheet.kit.links)}  # the longest printing of each link wins
    return replace(doc, pdf=tag(doc.pdf, doc.tags, sheet.edition.language, title, printed))


def applies(variant: str, edition: Edition) -> bool:
    """Tiles only for a poster larger than the office paper it would be printed on."""
    if variant != "tiles":
        return True
    poster, office = page_size(edition.paper.poster), page_size(edition.paper.handout)
    return poster[0] * poster[1] > office[0] * office[1] * 1.2


def _finish_variant(variant: str, doc: Composed, kit: Kit) -> Composed:
    """Print-shop PDFs get bleed, crop marks, page boxes and the output intent; others are ready as composed."""
    if variant != "print":
        return doc
    theme = kit.theme
    spec = theme.data["print"]["output_intent"]
    intent = OutputIntent(theme.output_profile, spec["condition"], spec["info"], spec["registry"])
    pdf = print_marks(doc.pdf, theme.mm("print", "bleed"), theme.mm("print", "marks"), theme.mm("print", "mark_length"),
                      float(theme.data["print"]["mark_width"]), intent)
    return Composed(pdf, doc.pages, doc.outline)


def edition_words(project: Project, edition: Edition, models: dict[str, type[Model]],
                  chain: tuple[str, ...] = ()) -> dict[str, Any]:
    """The edition's words: templates rendered with its data, validated into models, and every
    character checked against the font ``chain`` (all errors at once)."""
    data = edition_data(project, edition)
    errors: list[ContentError] = []
    words = {}
    for stem, model in models.items():
        tree = render_tree(project.words[edition.language][stem], data, errors)
        obj, errs = validate(model, tree, Where(tree.where.path if isinstance(tree, LocDict) else stem))
        errors += errs + uncovered(tree, chain, is_id)
        words[stem] = obj
    raise_all(errors)
    return words


def edition_data(project: Project, edition: Edition) -> dict[str, Any]:
    """What content templates may read (``words.edition_data``), with the region's words in the
    edition's language."""
    return words_data(edition, project.region(edition), project.links, project.words.get(edition.language, {}).get("common"))
