"""Compose editions: one job is one product of one edition, composed once and written in
every colour mode asked for (``recolour``), and jobs run on every core.

In: the loaded project, the kit (in the key mode), a palette per colour mode, the plan.
Out: for each job, the finished PDFs (in memory) or the error that stopped it. Jobs share nothing but what was loaded
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
from .recolour import Palette, recolour
from .tagging import printed_links
from .tagging_pdf import tag
from .products import PRODUCTS, workbook
from .project import Edition, Project
from .theme import page_size
from .words import edition_data as words_data, render_text, render_tree
from .workers import map_forked

VARIANTS = ("plain", "print", "gray", "booklet", "tiles")
MODES = {"plain": "rgb", "print": "cmyk", "gray": "gray"}  # variants written from the one composition, in these colours
BOOKLET = "workbook-booklet"  # the booklet is composed afresh on half the paper: a job of its own
COST = {"workbook": 4.0, BOOKLET: 3.0, "poster": 2.0, "spread": 1.5, "handout": 1.0, "cards": 0.5}  # before any timing


@dataclass(frozen=True)
class Context:
    """What every job reads; built once, before any worker starts."""

    project: Project
    kit: Kit  # in the key mode: every job composes once, and ``palettes`` write its colour modes
    palettes: dict[str, Palette]  # variant (plain, print, gray) → how its colours are written
    products: list[str]
    variants: list[str]
    models: dict[str, type[Model]]
    content_hash: dict[str, str]  # edition code → the hash its colophon prints
    dates: dict[str, Any]  # edition code → build datetime
    proofs: dict[str, int]  # edition code → values still to confirm (0: a final edition)


@dataclass(frozen=True)
class Job:
    """One product of one edition, composed once and written in every variant asked for
    (with the products composed from its layout: the teacher's guide with the workbook)."""

    edition: str
    name: str  # a product, or BOOKLET


@dataclass
class Result:
    job: Job
    outputs: dict[str, Composed]
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the job took: the next build starts the longest jobs first


def members(name: str, products: list[str]) -> list[str]:
    """The chosen products a job composes: its own, then those composed from its layout."""
    if name == BOOKLET:
        return ["workbook"]
    return [name, *(p for p in products if p != name and getattr(PRODUCTS[p], "COMPOSED_WITH", None) == name)]


def _wanted(product: str, variants: list[str]) -> bool:
    """Whether any variant asked for is one this product is made in (the booklet has its own job)."""
    return "plain" in variants or bool(set(variants) & (set(PRODUCTS[product].VARIANTS) - {"booklet"}))


def plan_jobs(context: Context, editions: list[Edition]) -> list[Job]:
    """A job per chosen product and edition that has an output to make; a product composed
    from another's layout goes into that product's job."""
    hosts = [p for p in context.products if getattr(PRODUCTS[p], "COMPOSED_WITH", None) not in context.products]
    jobs = [Job(e.code, p) for e in editions for p in hosts
            if any(_wanted(m, context.variants) for m in members(p, context.products))]
    if "booklet" in context.variants and "workbook" in context.products:
        jobs += [Job(e.code, BOOKLET) for e in editions]
    return jobs


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
    """A job's cost before it has ever run, relative to an English handout: shaped or
    lengthened languages lay out slowest."""
    return COST.get(job.name, 1.0) * (1.0 if edition.language == "en" else 2.0)


def _run_job(context: Context, job: Job) -> Result:
    """One product of one edition; a content or build error becomes the result, not an exception."""
    context.kit.warnings.clear()
    start = time.perf_counter()
    try:
        outputs = compose_job(context, job)
        return Result(job, outputs, warnings=list(context.kit.warnings), seconds=time.perf_counter() - start)
    except BuildError as exc:
        return Result(job, {}, str(exc))
    except LayoutError as exc:  # a block that cannot be split is taller than a page
        return Result(job, {}, f"{job.edition}: a block of text is taller than a page ({str(exc).split(' with ')[0]}); "
                               "shorten the text in it")


def compose_job(context: Context, job: Job) -> dict[str, Composed]:
    """The job's products composed once, in the key colours, then written in each variant asked for."""
    project, edition = context.project, context.project.editions[job.edition]
    products = members(job.name, context.products)
    models = {"common": context.models["common"]}
    for name in products:
        models.update(PRODUCTS[name].WORDS)
    words = edition_words(project, edition, models, context.kit.theme.chain)
    build = Build(context.content_hash[edition.code], context.dates[edition.code])
    count = context.proofs.get(edition.code, 0)
    mark = render_text(words["common"].proof, {"count": count}) if count else ""
    region = project.region(edition)
    kit = replace(context.kit, links=printed_links(region, project.links, [words["common"].copyright]))
    sheet = Sheet(kit, edition, words["common"], region, project.links, build, proof=mark)
    if job.name == BOOKLET:
        fresh_private_codes()
        outputs = {BOOKLET: _recoloured(workbook.booklet(sheet, words, {}), context.palettes["plain"])}
    else:
        outputs = _variants(context, sheet, edition, _compose(sheet, words, products))
    for out, doc in outputs.items():
        check_notice(doc.pdf, words["common"].notice, f"{edition.code}/{out}.pdf")
    return outputs


def _compose(sheet: Sheet, words: dict[str, Any], products: list[str]) -> dict[str, Composed]:
    """Every output the products make, composed once (``built`` lets a product use an earlier one's layout)."""
    built: dict[str, Composed] = {}
    for name in products:
        fresh_private_codes()  # each PDF's bytes depend only on what it shows
        built.update(PRODUCTS[name].compose(sheet, words, built))
    return {out: doc for out, doc in built.items() if out.split("-")[0] in products}


def _variants(context: Context, sheet: Sheet, edition: Edition, built: dict[str, Composed]) -> dict[str, Composed]:
    """The composed outputs written in each variant asked for that their product is made in."""
    outputs: dict[str, Composed] = {}
    for out, doc in built.items():
        product = out.split("-")[0]
        for variant in context.variants:
            palette = context.palettes.get(variant)
            if variant == "plain":
                outputs[out] = _tagged(sheet, out, doc, palette)
            elif variant in PRODUCTS[product].VARIANTS and out == product:
                if variant == "print":
                    outputs[f"{out}-print"] = _print(_recoloured(doc, palette, packed=False), sheet.kit)
                elif variant == "gray":
                    outputs[f"{out}-gray"] = _tagged(sheet, out, doc, palette)
                elif variant == "tiles" and applies(variant, edition):
                    fresh_private_codes()
                    outputs[f"{out}-tiles"] = _recoloured(impose.tiles(sheet, doc), context.palettes["plain"])
    return outputs


def _recoloured(doc: Composed, palette: Palette, packed: bool = True) -> Composed:
    """An untagged output written in the palette's colours (``packed`` unless it is read again)."""
    return replace(doc, pdf=recolour(doc.pdf, palette, packed), tags=None)


def _tagged(sheet: Sheet, out: str, doc: Composed, palette: Palette) -> Composed:
    """A screen PDF in the palette's colours with its structure written in (PDF/UA-1)."""
    if doc.tags is None:
        return _recoloured(doc, palette)
    title = sheet.doc_settings(out.split("-")[0])["title"]
    printed = {uri: text for text, uri in reversed(sheet.kit.links)}  # the longest printing of each link wins
    return replace(doc, pdf=tag(doc.pdf, doc.tags, sheet.edition.language, title, printed, palette))


def applies(variant: str, edition: Edition) -> bool:
    """Tiles only for a poster larger than the office paper it would be printed on."""
    if variant != "tiles":
        return True
    poster, office = page_size(edition.paper.poster), page_size(edition.paper.handout)
    return poster[0] * poster[1] > office[0] * office[1] * 1.2


def _print(doc: Composed, kit: Kit) -> Composed:
    """Print-shop PDFs get bleed, crop marks, page boxes and the output intent."""
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
