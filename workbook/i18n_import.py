"""A translator's file (PO or XLIFF) back into ``content/<language>/``, and review.yaml updated.

Only strings whose translation changed are written, each in the YAML style it had (see
``i18n_yaml``); a unit without the fuzzy flag (PO) or in state ``final`` (XLIFF) marks its
string reviewed. Every translation is checked against the English (templates, markers) and
its templates against the edition data before anything is written; problems are warnings
naming the file, its line and the string's id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import BuildError, UsageError
from .i18n import LANGUAGE_CODE, REVIEW_FILE, Entry, _status, catalog, fingerprint, load_review, review_status
from .i18n_exchange import Unit
from .i18n_units import SOURCE, TEMPLATE
from .i18n_yaml import dump, modeline_text, round_trip_yaml, set_strings


@dataclass
class ImportResult:
    language: str
    changes: list[tuple[str, str | None, str]] = field(default_factory=list)  # id, old, new
    status: list[tuple[str, str, str]] = field(default_factory=list)  # id, old, new status
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def read_units(path: Path) -> tuple[str, list[Unit]]:
    """The file's language and units, PO or XLIFF (told apart by the file's first bytes)."""
    try:
        head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise BuildError(f"{path}: cannot read it ({exc.strerror})")
    if head.startswith(b"<"):
        from .i18n_xliff import from_xliff

        return from_xliff(path)
    from .i18n_po import from_po

    return from_po(path)


def import_file(root: Path, path: Path, language: str | None = None, dry_run: bool = False) -> ImportResult:
    """Write a PO or XLIFF file's translations into content/<language>/ and update review.yaml."""
    declared, items = read_units(path)
    if not language:
        language = declared
        if language and not LANGUAGE_CODE.fullmatch(language):
            raise BuildError(f"{path}: Language: '{language}' in its header is not a language code (2 or 3 "
                             "lowercase letters, e.g. km); correct the header or pass --language")
    if not language:
        raise UsageError(f"{path}: no Language in its header; pass --language")
    if language == SOURCE:
        raise UsageError("English is the source: edit content/en/*.yaml directly")
    return apply_units(root, language, items, path, dry_run)


def import_po(root: Path, po_file: Path, language: str | None = None, dry_run: bool = False) -> ImportResult:
    """The PO file's translations into the content (``import_file`` reads XLIFF too)."""
    return import_file(root, po_file, language, dry_run)


def apply_units(root: Path, language: str, items: list[Unit], path: Path, dry_run: bool) -> ImportResult:
    entries = {e.id: e for e in catalog(root, language)}
    result = ImportResult(language)
    edits: dict[str, dict[str, str]] = {}  # file name → id → new text
    wanted: dict[str, tuple[str, str]] = {}  # id → (status, translation)
    for item in items:
        e = entries.get(item.id)
        if not item.target:
            continue
        if e is None:
            result.warnings.append(f"{path}:{item.line}: {item.id}: no such string in content/{SOURCE}; skipped")
            continue
        stale = _check(e, item, path, result.warnings)
        if e.translation is None or item.target != e.translation:
            edits.setdefault(e.id.split(":", 1)[0], {})[e.id] = item.target
            result.changes.append((e.id, None if e.translation is None else str(e.translation), item.target))
        wanted[e.id] = ("draft" if stale or item.draft else "reviewed", item.target)
    from .i18n_check import template_warnings

    result.warnings += template_warnings(root, language, {sid: text for sid, (_, text) in wanted.items()},
                                         path, {u.id: u.line for u in items})
    folder = root / "content" / language
    for name, values in edits.items():
        source = root / "content" / (name if name.startswith("regions/") else f"{SOURCE}/{name}")
        text = set_strings(folder / name, values, source)
        result.written.append(folder / name)
        if not dry_run:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(modeline_text(text, folder / name, root), encoding="utf-8")
    review = _update_review(root, language, entries, wanted, result)
    if review is not None:
        result.written.append(folder / REVIEW_FILE)
        if not dry_run:
            target = folder / REVIEW_FILE
            target.write_text(modeline_text(review, target, root), encoding="utf-8")
    return result


def _check(e: Entry, item: Unit, path: Path, warnings: list[str]) -> bool:
    """Warn about a translation that may break the build; True when it must stay draft."""
    place = f"{path}:{item.line}: {e.id}"
    stale = item.source != e.source
    if stale:
        warnings.append(f"{place}: the English changed since the export; imported as draft")
    if sorted(TEMPLATE.findall(item.target)) != sorted(TEMPLATE.findall(e.source)):
        warnings.append(f"{place}: its {{{{ ... }}}} differ from the English; the build may fail")
    if item.target.count("**") != e.source.count("**"):
        warnings.append(f"{place}: its ** markers differ from the English")
    return stale


def _update_review(root: Path, language: str, entries: dict[str, Entry], wanted: dict[str, tuple[str, str]],
                   result: ImportResult) -> str | None:
    """review.yaml's new text after an import (fuzzy → draft, else reviewed), or None if unchanged."""
    review = load_review(root, language)
    reviewed, draft = dict(review.reviewed), list(review.draft)
    for sid, (want, text) in wanted.items():
        e = entries[sid]
        before = "missing" if e.translation is None else review_status(review, sid, e.source, e.translation)
        if text != e.translation:
            reviewed.pop(sid, None)  # a review vouched for the old text only
        if want == "reviewed" and sid in draft:
            draft.remove(sid)
        now = _status(review.default, reviewed, draft, sid, e.source, text)
        if now != want:
            if want == "reviewed":
                reviewed[sid] = fingerprint(e.source, text)
            else:
                draft.append(sid)
        if before != want:
            result.status.append((sid, before, want))
    if reviewed == review.reviewed and draft == review.draft:
        return None
    path = root / "content" / language / REVIEW_FILE
    doc = round_trip_yaml().load(path.read_text(encoding="utf-8")) if path.exists() else None
    if doc is None:
        doc = CommentedMap(default=review.default)
        doc.yaml_set_start_comment(f"Review status of content/{language}/: which translations a native "
                                   "speaker has reviewed (content/README.md, Translating). Maintained by "
                                   "`build.py i18n import`: an entry without the fuzzy flag is reviewed.")
    order = list(entries)
    doc["reviewed"] = CommentedMap(sorted(reviewed.items(), key=lambda kv: _rank(order, kv[0])))
    if draft or "draft" in doc:
        doc["draft"] = CommentedSeq(sorted(draft, key=lambda sid: _rank(order, sid)))
    return dump(doc)


def _rank(order: list[str], sid: str) -> tuple[int, str]:
    return (order.index(sid) if sid in order else len(order), sid)
