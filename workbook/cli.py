"""The command line: parse arguments, run the build, print a summary, return an exit code.

0 built; 1 content or build error (``path:line:col: what is wrong and what to do``, no
traceback); 2 usage error (unknown edition or product: the known ones are listed).
"""
from __future__ import annotations

import argparse
import tempfile
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from . import interrupts
from .errors import BuildError, EditionsFailed, UsageError

DEBUG = "A21_DEBUG"  # set to 1 to see the traceback of an internal error


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build A21's digital-safety materials (handout, poster, spread, workbook) "
                    "from the YAML in content/ into print-ready PDFs at OUT/<edition>/<product>.pdf.",
        epilog="Translators: build.py i18n export | import | status (build.py i18n --help) moves a language's "
               "words to a PO or XLIFF file and back, and reports what is missing, unreviewed or too long.",
    )
    p.add_argument("--edition", action="append", metavar="CODE", help="build only this edition (repeatable), e.g. en-GB")
    p.add_argument("--product", action="append", metavar="NAME", help="build only this product (repeatable): handout, poster, spread, workbook")
    p.add_argument("--variant", action="append", metavar="NAME",
                   help="build only this variant (repeatable): plain (the screen PDF), print (bleed, crop marks, "
                        "CMYK), gray (photocopier), booklet (A5 workbook on A4), tiles (big poster on office sheets)")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/ in the project)")
    p.add_argument("--project", type=Path, default=Path("."), metavar="DIR", help="project root holding content/, templates/, assets/ (default: .)")
    p.add_argument("--final", action="store_true",
                   help="refuse to write any edition that is still a proof (a value to confirm, a draft "
                        "translation); lists every value to confirm with its place, exit 1")
    p.add_argument("--force", action="store_true",
                   help="compose every PDF again, even those whose inputs did not change since the last build "
                        "into OUT (the build cache, OUT/.cache/)")
    p.add_argument("--list", action="store_true", help="print the editions and products this project knows, and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command; Ctrl-C and SIGTERM at any moment give one line and exit 130 or 143."""
    command_line = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    with interrupts.as_exceptions():
        try:
            code = _command(argv)
        except KeyboardInterrupt as exc:  # while reading the arguments, or after the command's own answer
            code = _interrupted(exc, "build.py", None)
        if command_line:  # the process is about to end: a late signal must not print a traceback
            interrupts.ignore()
    return code


def _command(argv: list[str]) -> int:
    if argv[:1] == ["i18n"]:  # the translators' round trip: export, import, status
        return _guarded(lambda: _i18n(argv[1:]), "build.py i18n", None)
    watching = argv[:1] == ["watch"]  # build, then build again on every save, until Ctrl-C
    try:
        args = parser().parse_args(argv[1:] if watching else argv)
    except SystemExit as exc:  # argparse has printed its message; usage errors are exit code 2
        return int(exc.code or 0)
    if args.out is None:  # next to the content it was built from, wherever the command runs
        args.out = args.project / "build"
    if watching:
        return _watch(args)
    return _guarded(lambda: _build(args), "build.py", args.out)


def _watch(args: argparse.Namespace) -> int:
    """``build.py watch [--edition ...] [--product ...] [--variant ...]``: a build, then one per save.

    Each build answers as a plain one does (errors as ``path:line:col: ...``, the summary);
    a failed build writes nothing, so the last good PDFs stay. Ends with Ctrl-C (exit 130).
    """
    from .watch import changes, fingerprint

    root = args.project.resolve()
    since = fingerprint(root)
    if (code := _guarded(lambda: _build(args), "build.py", args.out)) > 128:
        return code  # Ctrl-C or SIGTERM during a build ends the watch too
    print("watching content/, templates/, assets/ (Ctrl-C ends)", flush=True)
    for changed in changes(root, since):
        print(f"changed: {' '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}", flush=True)
        if (code := _guarded(lambda: _build(args), "build.py", args.out)) > 128:
            return code
        sys.stdout.flush()
        sys.stderr.flush()
    return 0


def _build(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args.project)
    start = time.perf_counter()
    from . import shortcut  # the standard library only: an unchanged build is answered before the layout loads

    root = args.project.resolve()
    if not args.force and (report := shortcut.replay(args.out, shortcut.key(root, args.edition, args.product,
                                                                             args.variant, args.final))):
        report.seconds = time.perf_counter() - start
        _summary(report, args.out)
        return 0
    from . import pipeline  # imported here so --help and an unchanged build stay instant
    from .progress import for_stream

    report = pipeline.build(root, args.out, args.edition, args.product, args.variant,
                            final=args.final, force=args.force, progress=for_stream(sys.stderr))
    _summary(report, args.out)
    return 0


def i18n_parser() -> argparse.ArgumentParser:
    """``build.py i18n``: the translators' round trip (export, import, status)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="project root holding content/ (default: .)")
    p = argparse.ArgumentParser(prog="build.py i18n", description="Translators' round trip: export a language's "
                                "words to a PO or XLIFF file, import the translations back, report what is "
                                "missing, unreviewed or does not fit.")
    sub = p.add_subparsers(dest="command", required=True, metavar="{export,import,status}")
    e = sub.add_parser("export", parents=[common], help="write one PO or XLIFF file with every translatable string")
    e.add_argument("--language", required=True, metavar="CODE", help="the language to translate into, e.g. km")
    e.add_argument("--format", choices=["po", "xliff"], default="po", help="file format: po (gettext) or "
                   "xliff (XLIFF 1.2, for OmegaT, memoQ, Trados); default: po")
    e.add_argument("--out", type=Path, metavar="FILE",
                   help="where to write (default: build/i18n/<language>.po or .xlf in the project; - for stdout)")
    i = sub.add_parser("import", parents=[common], help="write a PO or XLIFF file's translations into content/<language>/")
    i.add_argument("file", type=Path, metavar="FILE", help="the PO or XLIFF file")
    i.add_argument("--language", metavar="CODE", help="override the language the file's header names")
    i.add_argument("--dry-run", action="store_true", help="report the changes without writing them")
    s = sub.add_parser("status", parents=[common], help="per language: strings missing, unreviewed, not fitting")
    s.add_argument("--language", action="append", metavar="CODE", help="only this language (repeatable)")
    s.add_argument("--details", action="store_true", help="list the ids of missing and unreviewed strings")
    s.add_argument("--check", action="store_true", help="exit 1 if a language other than English has any")
    return p


def _i18n(argv: list[str], fitting=None) -> int:
    """``build.py i18n``: 0 done; 1 a content error or unreadable file; 2 a usage error."""
    from . import i18n_commands as commands

    try:
        args = i18n_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    root = args.project.resolve()
    if args.command == "export":
        return commands.export(root, args.language, args.format, args.out)
    if args.command == "import":
        return commands.import_(root, args.file, args.language, args.dry_run)
    return commands.status_command(root, args.language, args.details, args.check,
                                   _layout_fitting(root) if fitting is None else fitting)


def i18n_main(argv: list[str], fitting=None) -> int:
    """``build.py i18n ...`` with the build's error handling (for tests and embedding)."""
    return _guarded(lambda: _i18n(argv, fitting), "build.py i18n", None)


def _guarded(run, prog: str, out: Path | None) -> int:
    """Run a command, turning every error into its message and exit code, never a traceback.

    The build and the i18n commands share it, so both answer a full disk or a folder given
    where a file is wanted with ``cannot write ...: reason; what to do``.
    """
    try:
        return run()
    except UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(exc, file=sys.stderr)
        if out is not None:
            _partial(exc, out)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (errors.Interrupted)
        return _interrupted(exc, prog, out)
    except OSError as exc:  # a file the command writes outside finish.write_atomic (an i18n import)
        from .output import cannot_write

        if exc.filename is None:
            return _internal(exc)
        print(cannot_write(Path(exc.filename), exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in the build, not in the content: say so, without a wall of traceback
        return _internal(exc)


def _interrupted(exc: KeyboardInterrupt, prog: str, out: Path | None) -> int:
    """One line and 128 + the signal's number; this process's temporary files removed.

    By now every ``finally`` has run: the workers have ended and a write in progress has
    removed what it staged. The sweep below catches a temporary file created in the instant
    before its name was recorded. Further signals are ignored while this finishes.
    """
    interrupts.ignore()
    signum = getattr(exc, "signum", signal.SIGINT)
    if out is not None:
        from .output import remove_own_partials

        remove_own_partials(out)
    how = "interrupted" if signum == signal.SIGINT else "terminated"
    tail = "; every PDF in the output folder is a complete one" if out is not None else ""
    print(f"{prog}: {how}{tail}", file=sys.stderr)
    return 128 + signum


def _internal(exc: BaseException) -> int:
    print(f"build.py: internal error: {type(exc).__name__}: {exc}\n"
          f"this is a bug in the build, not in the content; run with {DEBUG}=1 for the details "
          "and report it", file=sys.stderr)
    if os.environ.get(DEBUG):
        traceback.print_exception(exc)
    return 1


def _layout_fitting(root: Path):
    """For ``i18n status``: lay out every edition in a language and report what does not fit."""

    def fitting(language: str) -> list[str]:
        from . import pipeline
        from .errors import flatten
        from .project import load_project

        try:
            project = load_project(root)
            editions = [c for c, e in project.editions.items() if e.language == language]
            if not editions:
                return []
            # a file no edition reads (a broken regions/MX.yaml nobody uses) is no language's problem
            elsewhere = tuple(f"{e.where}:" for e in flatten(project.unread))
            with tempfile.TemporaryDirectory() as tmp:
                warnings = pipeline.build(root, Path(tmp), editions, None, ["plain"]).warnings
            return [w for w in warnings if not (elsewhere and w.startswith(elsewhere))]
        except EditionsFailed as exc:
            return [line for text in exc.failed.values() for line in text.splitlines()]
        except BuildError as exc:
            return str(exc).splitlines()

    return fitting


def _partial(exc: BuildError, out: Path) -> None:
    """When some editions failed, say which, and what the others wrote."""
    failed, report = getattr(exc, "failed", None), getattr(exc, "report", None)
    if report is not None and report.written:
        print(f"built {_pdfs(len(report.written))} into {out}/ for the other editions", file=sys.stderr)
    if failed and (len(failed) > 1 or (report is not None and report.written)):  # one edition: its errors say it all
        print(f"failed: {', '.join(failed)}", file=sys.stderr)


def _pdfs(count: int) -> str:
    return f"{count} PDF" if count == 1 else f"{count} PDFs"


def _list(root: Path) -> int:
    from .products import PRODUCTS
    from .project import load_project

    project = load_project(root.resolve())
    print("editions:")
    for code, ed in project.editions.items():
        print(f"  {code:8} language {ed.language}, region {ed.region}, handout {ed.paper.handout}, poster {ed.paper.poster}")
    print("products:")
    for name in PRODUCTS:
        print(f"  {name}")
    return 0


def _summary(report, out: Path) -> None:
    cached = f" ({len(report.unchanged)} unchanged, from the cache)" if report.unchanged else ""
    print(f"built {_pdfs(len(report.written))} into {out}/ in {report.seconds:.2f} s{cached}")
    if report.proofs:
        print(f"proofs, not for distribution: {', '.join(f'{c} ({n} to confirm)' for c, n in report.proofs.items())}; "
              "build.py --final lists every value")
    for title, table in (("values to confirm before printing", report.to_confirm),
                         ("notes for A21 to verify (never printed)", report.to_verify),
                         ("sources of the services printed", report.sources)):
        if table:
            print(f"{len(table)} {title}:")
            for line, editions in table.items():
                print(f"  [{', '.join(editions)}] {line}")
    for lang, places in report.editorial.items():
        if places:
            print(f"{len(places)} editorial texts for A21 to review ({lang}): {' '.join(places)}")
    for line in report.warnings:
        print(f"warning: {line}")
    for lang, (missing, unreviewed) in report.translation.items():
        if missing or unreviewed:
            print(f"language {lang}: {missing} strings missing (printed in English), {unreviewed} awaiting review "
                  f"by a native speaker (build.py i18n status --details)")
