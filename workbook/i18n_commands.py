"""``build.py i18n export | import | status``: the translator's commands, without the parsing.

``cli.py`` parses the arguments and turns errors into messages and exit codes; these
functions do the work, print what a translator reads and return the exit code.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import UsageError
from .i18n import catalog, languages, length_problems
from .i18n_units import SOURCE

FORMATS = {"po": ".po", "xliff": ".xlf"}
Fitting = Callable[[str], list[str]] | dict[str, list[str]]


def export(root: Path, language: str, fmt: str = "po", out: Path | None = None) -> int:
    """Write the language's file (PO or XLIFF); ``-`` writes it to stdout."""
    from .i18n_exchange import header, units

    if language == SOURCE:
        raise UsageError("English is the source; export another language, e.g. --language km")
    items, head = units(root, language), header(root, language)
    if fmt == "xliff":
        from .i18n_xliff import to_xliff

        text = to_xliff(items, head)
    else:
        from .i18n_po import to_po

        text = to_po(items, head)
    if str(out) == "-":
        sys.stdout.write(text)
        return 0
    from .finish import write_atomic  # a full disk or a folder named as --out: "cannot write ...", no traceback

    target = out or root / "build" / "i18n" / f"{language}{FORMATS[fmt]}"
    write_atomic(target, text.encode("utf-8"))
    draft = sum(u.draft for u in items)
    empty = sum(not u.target for u in items)
    print(f"wrote {target}: {len(items)} strings, {empty} missing, {draft} draft")
    return 0


def import_(root: Path, path: Path, language: str | None = None, dry_run: bool = False) -> int:
    """Import a PO or XLIFF file and say what changed."""
    from .i18n_import import import_file

    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    result = import_file(root, path, language, dry_run)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for sid, old, new in result.changes:
        before, after = _excerpts(old, new)
        print(f"{sid}: {before} → {after}")
    for sid, old, new in result.status:
        print(f"{sid}: {old} → {new}")
    done = "would change" if dry_run else "changed"
    print(f"{len(result.changes)} strings and {len(result.status)} review states {done} in content/{result.language}/")
    return 0


@dataclass
class LanguageStatus:
    language: str
    strings: int
    missing: list[str]
    unreviewed: list[str]
    fitting: list[str]


def status(root: Path, langs: list[str] | None = None, fitting: Fitting | None = None) -> list[LanguageStatus]:
    """Per language: strings missing (printed in English), unreviewed (draft), and fitting problems.

    ``fitting`` gives a language's fitting problems (a callable taking the language code, or a
    dict by language); by default the estimates of ``MAX_CHARS`` (``length_problems``).
    """
    out = []
    for lang in langs or languages(root):
        entries = catalog(root, lang)
        if fitting is None:
            fits = length_problems(root, lang)
        else:
            fits = list(fitting(lang) if callable(fitting) else fitting.get(lang, []))
        out.append(LanguageStatus(lang, len(entries), [e.id for e in entries if e.status == "missing"],
                                  [e.id for e in entries if e.status == "draft"], fits))
    return out


def print_status(rows: list[LanguageStatus], details: bool, out=None) -> None:
    """The table (the fitting column says whether every text fits: ``yes`` or how many do not),
    then every fitting problem, and with ``details`` the missing and unreviewed ids."""
    out = out or sys.stdout
    print(f"{'language':10}{'strings':>8}{'missing':>9}{'unreviewed':>12}  {'fits'}", file=out)
    for r in rows:
        fits = "yes" if not r.fitting else f"no ({len(r.fitting)} below)"
        print(f"{r.language:10}{r.strings:>8}{len(r.missing):>9}{len(r.unreviewed):>12}  {fits}", file=out)
    for r in rows:
        lists = [("fitting", r.fitting)] + ([("missing", r.missing), ("unreviewed", r.unreviewed)] if details else [])
        for label, items in lists:
            for item in items:
                print(f"  {r.language} {label}: {item}", file=out)
    print("missing strings print in English; unreviewed ones are drafts awaiting a native speaker's review"
          + ("" if details else " (--details lists them)"), file=out)


def status_command(root: Path, langs: list[str] | None, details: bool, check: bool,
                   fitting: Fitting | None = None) -> int:
    rows = status(root, langs, fitting)
    print_status(rows, details)
    bad = any(r.missing or r.unreviewed or r.fitting for r in rows if r.language != SOURCE)
    return 1 if check and bad else 0


def _excerpts(old: str | None, new: str, width: int = 70) -> tuple[str, str]:
    """Old and new text for a change line: the part that differs, with a little context."""
    if old is None:
        return "(missing)", f"“{_clip(new, width)}”"
    start = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    cut = max(0, start - 12)
    pieces = []
    for text in (old, new):
        middle = text[cut: len(text) - max(0, end - 12)]
        pieces.append(("…" if cut else "") + _clip(middle, width) + ("…" if end > 12 else ""))
    return f"“{pieces[0]}”", f"“{pieces[1]}”"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
