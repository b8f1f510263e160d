"""The table of contents of a build: plan → load all → compose all → write all.

In: a project root, the editions and products asked for, an output folder. Out: PDFs at
``<out>/<edition>/<product>.pdf`` and a ``Report`` (files written, placeholders still to
confirm, editions that failed). Content errors stop an edition before anything of it is
written; other editions are still built.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import cache, i18n, proof, shortcut
from .content import Model
from .document import Common
from .editorial import editorial_texts
from .errors import ContentErrors, EditionsFailed, ProofRefused, UsageError, raise_all
from .finish import write_all
from .output import clean_partials
from .jobs import MODES, VARIANTS, Context, Job, Result, estimate, plan_jobs, run
from .kit import Kit
from .output import output_lock
from .progress import Progress, Quiet
from .products import PRODUCTS
from .project import Edition, Project, load_project
from .pseudo import PSEUDO_LANGUAGE
from .recolour import KEY, Palette
from .report import Report
from .theme import load_theme


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


def _healthy(chosen: Plan, project: Project) -> tuple[Plan, dict[str, str]]:
    """The chosen editions whose own files are sound, and the errors of the others.

    When every chosen edition is broken, nothing can be built: the errors are raised as one.
    """
    broken = {e.code: project.broken[e.code] for e in chosen.editions if e.code in project.broken}
    if broken and len(broken) == len(chosen.editions):
        raise_all([error for errors in broken.values() for error in errors])
    return (replace(chosen, editions=[e for e in chosen.editions if e.code not in broken]),
            {code: str(ContentErrors(errors)) for code, errors in broken.items()})


def build(root: Path, out: Path, editions: list[str] | None = None, products: list[str] | None = None,
          variants: list[str] | None = None, final: bool = False, force: bool = False,
          progress: Progress | None = None) -> Report:
    """Build the chosen editions, products and variants; raise BuildError listing every failed edition.

    With ``final``, an edition that is still a proof is refused before anything is composed.
    A job whose inputs did not change since the last build into ``out`` is not composed
    again (``cache``); ``force`` composes every job all the same. ``progress`` is told of
    every job as it ends (``progress.Bars`` on a terminal).
    """
    start = time.perf_counter()
    unknown = [p for p in products or [] if p not in PRODUCTS]
    if unknown:  # before loading: the products decide which word files are read and checked
        raise UsageError(f"unknown product {', '.join(unknown)}; known products: {', '.join(PRODUCTS)}")
    command = shortcut.key(root, editions, products, variants, final)  # before reading: an edit during the build misses
    models = word_models([p for p in PRODUCTS if not products or p in products])
    project = load_project(root, models)  # every file checked in one pass: all errors at once
    chosen, broken = _healthy(plan(project, editions, products, variants), project)
    catalogs = {lang: i18n.catalog(root, lang)  # read once: proof status and translation counts
                for lang in sorted({e.language for e in chosen.editions} - {i18n.SOURCE, PSEUDO_LANGUAGE})}
    status = {e.code: proof.to_confirm(project, e, catalogs.get(e.language, [])) for e in chosen.editions}
    if final and any(status.values()):
        raise ProofRefused({code: items for code, items in status.items() if items})
    theme = load_theme(project.templates, project.assets)
    kit = Kit(theme.with_mode(KEY), project.assets)
    palettes = {variant: Palette(theme.with_mode(mode)) for variant, mode in MODES.items()}
    inputs = {e.code: inputs_hash(root, e) for e in chosen.editions}
    context = Context(project, kit, palettes, chosen.products, chosen.variants, models,
                      {code: digest[:10] for code, digest in inputs.items()},
                      {e.code: build_date(e) for e in chosen.editions},
                      {code: len(items) for code, items in status.items()})
    jobs = plan_jobs(context, chosen.editions)
    keys = {job: cache.job_key(inputs[job.edition], job_options(context, job)) for job in jobs}
    recorded = cache.load(out)
    served = [] if force else [j for j in jobs if cache.fresh(recorded.get(job_id(j)), keys[j], out)]
    done = {r.job: r for r in _run(context, [j for j in jobs if j not in served], served, recorded, progress or Quiet())}
    done.update({j: Result(j, {}, warnings=list(recorded[job_id(j)]["warnings"])) for j in served})
    results = [done[j] for j in jobs]  # in plan order, so warnings read as in a cold build
    report = Report(proofs={code: n for code, n in context.proofs.items() if n}, failed=broken)
    report.unchanged = [out / rel for j in served for rel in recorded[job_id(j)]["outputs"]]
    report.warnings += [f"{e} (no edition reads this file)" for e in project.unread]
    files: dict[Path, bytes] = {}
    for edition in chosen.editions:
        mine = [r for r in results if r.job.edition == edition.code]
        errors = [r.error for r in mine if r.error]
        if errors:
            # each job checks the files it reads: an error in a file several read is said once
            report.failed[edition.code] = "\n".join(dict.fromkeys(line for e in errors for line in e.splitlines()))
            continue
        for name, doc in sorted((n, d) for r in mine for n, d in r.outputs.items()):
            files[out / edition.code / f"{name}.pdf"] = doc.pdf
        for line in (w for r in mine for w in r.warnings):
            if line not in report.warnings:
                report.warnings.append(line)
        for table, items in ((report.to_confirm, [i for i in status[edition.code] if i.kind == "value"]),
                             (report.to_verify, proof.to_verify(project, edition)),
                             (report.sources, proof.sources(project, edition))):
            for item in items:
                table.setdefault(str(item), []).append(edition.code)
    for job in jobs:
        if job.edition not in report.failed and job not in served:
            recorded[job_id(job)] = cache.entry(keys[job], {f"{job.edition}/{n}.pdf": d.pdf
                                                            for n, d in done[job].outputs.items()},
                                                done[job].warnings, done[job].seconds)
    report.written += sorted([*files, *report.unchanged])
    for lang in sorted({e.language for e in chosen.editions} - {PSEUDO_LANGUAGE}):  # for A21's review
        report.editorial[lang] = editorial_texts(project.words[lang])
    for lang, entries in catalogs.items():
        report.translation[lang] = (sum(e.status == "missing" for e in entries), sum(e.status == "draft" for e in entries))
    builds = cache.read_manifest(out).get("builds", [])
    if not report.failed:  # the next run of this very command, with nothing changed, replays this report
        builds = shortcut.remember(builds, command, report, out, recorded)
    write_output(out, changed(files), cache.manifest_bytes(recorded, builds), ok=not report.failed)
    report.seconds = time.perf_counter() - start
    if report.failed:
        raise EditionsFailed(report.failed, report)
    return report


def _run(context: Context, stale: list[Job], served: list[Job], recorded: dict[str, Any],
         progress: Progress) -> list[Result]:
    """Compose the stale jobs, longest first (as long as last time, else ``jobs.estimate``),
    showing each edition's jobs done out of its jobs planned (served ones count as done)."""
    counts: dict[str, int] = {}
    for job in [*stale, *served]:
        counts[job.edition] = counts.get(job.edition, 0) + 1
    cost = {j: cache.seconds(recorded.get(job_id(j))) or estimate(j, context.project.editions[j.edition]) for j in stale}
    progress.planned(counts)
    try:
        for job in served:
            progress.done(job.edition)
        return run(context, sorted(stale, key=lambda j: -cost[j]), lambda result: progress.done(result.job.edition))
    finally:
        progress.close()


def job_id(job: Job) -> str:
    """A job's name in the cache's manifest: ``en-GB/poster``, ``en-GB/workbook-booklet``."""
    return f"{job.edition}/{job.name}"


def job_options(context: Context, job: Job) -> dict[str, Any]:
    """What besides its edition's files shapes a job's PDFs: which job it is, the products and
    variants asked for, the build date and the proof count."""
    return {"edition": job.edition, "job": job.name, "products": context.products,
            "variants": context.variants, "date": context.dates[job.edition].isoformat(),
            "proofs": context.proofs.get(job.edition, 0)}


def changed(files: dict[Path, bytes]) -> dict[Path, bytes]:
    """The files whose bytes differ from what is on disk: a PDF that came out the same is not rewritten."""
    def same(path: Path, data: bytes) -> bool:
        try:
            return path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            return False
    return {path: data for path, data in files.items() if not same(path, data)}


def write_output(out: Path, files: dict[Path, bytes], manifest: bytes | None = None, ok: bool = True) -> None:
    """Every PDF of the build and the cache's manifest, written while holding the output folder's lock.

    A second build into the same folder waits here; leftovers of killed builds are removed
    first, and a failure (a full disk) replaces none of the PDFs (``finish.write_all``).
    The manifest is written with new PDFs, or alone when it changed and no edition failed:
    a build that failed leaves the folder as it was, and one that changed nothing writes nothing.
    """
    if manifest is not None and (files or ok):
        files = {**files, **changed({cache.manifest_path(out): manifest})}
    if not files:
        return
    with output_lock(out):
        clean_partials(out)
        write_all(files)


def inputs_hash(root: Path, edition: Edition) -> str:
    """SHA-256 of every file the edition reads (``cache.edition_files``): the colophon prints its
    first 10 hex digits, and the build cache keys the edition's jobs on it."""
    return cache.files_hash(root, cache.edition_files(root, edition.language, edition.region, i18n.SOURCE))


def content_hash(root: Path, edition: Edition) -> str:
    """The short hash the colophon prints, so a print can be traced to the files it was made from.

    The documented function (README, "Printing"): the first 10 hex digits of SHA-256 over
    each file the edition reads (templates/, assets/, content/editions.yaml and links.yaml,
    its region's file, its language's folder and, for a translation or the pseudo-locale,
    content/en/), in order of its project-relative POSIX path: the path, a NUL byte, the
    file's bytes. It depends on nothing else (not the folder the project sits in), and an
    edit an edition does not read leaves its hash, and so its PDFs, as they were.
    """
    return inputs_hash(root, edition)[:10]


LAST_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: the last second a date can print


def build_date(edition: Edition) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the edition's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not (epoch.isascii() and epoch.isdigit()) or int(epoch) > LAST_EPOCH:  # a typo must not print a wrong date quietly
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:40]} is not a build date; give whole seconds since "
                             f"1970-01-01 UTC, from 0 to {LAST_EPOCH} (the end of the year 9999), or unset it")
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(edition.date.year, edition.date.month, edition.date.day, tzinfo=timezone.utc)
