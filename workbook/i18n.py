"""Translators' round trip: a language's words out to one PO file, back into YAML, and a status report.

In: ``content/en/*.yaml`` (the source), ``content/<language>/*.yaml`` (the translation) and
``content/<language>/review.yaml`` (which translations a native speaker has reviewed).
Out: a gettext PO file (msgctxt = the string's id, ``poster.yaml:flags[2].text``; msgid = the
English; msgstr = the translation; ``fuzzy`` = draft); the same words written back with
ruamel's round trip (comments, key order, quoting and folded styles kept, files without a
change never rewritten); per language, the strings missing, unreviewed, or too long.

What is translatable (the same rule drives the pseudo-locale): every non-empty string leaf,
one entry per item of a list of strings, except
  * values of keys that hold identifiers or symbols, not words (``ID_KEYS``: a section's
    ``id``, ``link``, a message's ``from``, a callout's ``indicator``, a flag's ``icon``,
    ``chat``, and a block's ``videos``/``services`` lists of ids; a *mapping* under such a key,
    like common.yaml's ``videos``, is still searched for words);
  * legal text (``LEGAL``: the notice the build checks on every page, and the copyright
    paragraph): it stays in English in every language;
  * numbers and booleans (a callout's ``number``, ``helplines: true``).

Review status (``content/<language>/review.yaml``, validated like all content): ``default``
(``draft`` or ``reviewed``), ``reviewed`` (id → fingerprint of the English and the translation
when it was reviewed: editing either later turns the string back to draft, as gettext's
fuzzy does) and ``draft`` (ids that stay draft whatever the default). English is the source
and always reviewed. ``build.py i18n import`` maintains the file.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from .content import LocDict, LocList, LocStr, Model, read_yaml, validate
from .errors import BuildError, UsageError, Where, raise_all

SOURCE = "en"
REVIEW_FILE = "review.yaml"
ID_KEYS = frozenset({"id", "link", "from", "indicator", "icon", "chat", "videos", "services", "editorial",
                     "uses", "answers"})  # the course: what a lesson uses, which answer key it prints
LEGAL = frozenset({"common.yaml:notice", "common.yaml:copyright"})
# Fixed boxes: id pattern (``*`` = any index or key) → most characters the box holds. These are
# estimates from the English poster at A3, not measurements: replace them from the layout.
# (The English flags[3].text has 70 characters and fits, so flag texts get 72, not 60.)
MAX_CHARS: dict[str, int] = {
    "poster.yaml:title": 12,
    "poster.yaml:flags[*].label": 16,
    "poster.yaml:flags[*].text": 72,
    "poster.yaml:report.title": 40,
}
_TOKEN = re.compile(r"[^\s]+")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FOLD_WIDTH = 90


# -- which strings, and their ids ----------------------------------------------------------
def string_id(text: LocStr) -> str:
    """A string's stable id: its file's name and field path, e.g. ``poster.yaml:flags[2].text``."""
    return f"{PurePosixPath(text.where.path).name}:{text.where.field}"


def is_id(key: str | None, value: Any) -> bool:
    """Whether a leaf is an identifier: a single token (no space) under an id key. ``link`` is
    an id in the poster (``link: can_you_see_me``) but words in a handout block (``- link: For
    more information …``): the value, not only the key, tells them apart."""
    return key in ID_KEYS and isinstance(value, str) and _TOKEN.fullmatch(value.strip()) is not None


def translatable(key: str | None, value: Any) -> bool:
    """Whether a leaf is words to translate (see the module docstring for the rule)."""
    if not isinstance(value, str) or not value.strip() or is_id(key, value):
        return False
    return not (isinstance(value, LocStr) and string_id(value) in LEGAL)


def strings(tree: Any, key: str | None = None) -> Iterator[LocStr]:
    """Every translatable string of a located tree, in file order."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from strings(v, k)
    elif isinstance(tree, list):
        for v in tree:
            yield from strings(v, key)
    elif translatable(key, tree):
        yield tree


def max_chars(sid: str, limits: dict[str, int] | None = None) -> int | None:
    """The most characters a fixed box holds for this id, if it is a fixed box."""
    for pattern, limit in (MAX_CHARS if limits is None else limits).items():
        if re.fullmatch(re.escape(pattern).replace(r"\*", r"[^.\[\]]+"), sid):
            return limit
    return None


def visible_length(text: str) -> int:
    """Characters as a reader counts them: no ** markers, no U+200B, no marks above/below, no Khmer subscripts."""
    text, count, prev = text.replace("**", ""), 0, ""
    for ch in text:
        if unicodedata.category(ch) not in ("Mn", "Cf") and prev != "\u17d2":
            count += 1
        prev = ch
    return count


# -- reading a language ---------------------------------------------------------------------
def word_files(root: Path, language: str) -> dict[str, Path]:
    """A language's word files by name (``poster.yaml``), without the review file."""
    folder = root / "content" / language
    return {p.name: p for p in sorted(folder.glob("*.yaml")) if p.name != REVIEW_FILE}


def languages(root: Path) -> list[str]:
    """Every language folder of the project (as project.py finds them), English first."""
    found = [p.name for p in sorted((root / "content").iterdir()) if p.is_dir() and p.name != "regions"]
    return sorted(found, key=lambda lang: (lang != SOURCE, lang))


def _strings_by_id(root: Path, language: str) -> dict[str, LocStr]:
    out: dict[str, LocStr] = {}
    for path in word_files(root, language).values():
        for s in strings(read_yaml(path, path.relative_to(root).as_posix())):
            out[string_id(s)] = s
    return out


class ReviewFile(Model):
    default: Literal["draft", "reviewed"] = "draft"
    reviewed: dict[str, str] = {}
    draft: list[str] = []


def fingerprint(source: str, translation: str) -> str:
    """What a review vouches for: this English with this translation."""
    return hashlib.sha1(f"{source}\0{translation}".encode()).hexdigest()[:12]


def load_review(root: Path, language: str) -> ReviewFile:
    path = root / "content" / language / REVIEW_FILE
    if not path.exists():
        return ReviewFile()
    rel = path.relative_to(root).as_posix()
    review, errors = validate(ReviewFile, read_yaml(path, rel), Where(rel))
    raise_all(errors)
    return review


def review_status(review: ReviewFile, sid: str, source: str, translation: str) -> str:
    return _status(review.default, review.reviewed, review.draft, sid, source, translation)


def _status(default: str, reviewed: dict[str, str], draft: list[str], sid: str, source: str, translation: str) -> str:
    if sid in draft:
        return "draft"
    if sid in reviewed:
        return "reviewed" if reviewed[sid] == fingerprint(source, translation) else "draft"
    return default


@dataclass(frozen=True)
class Entry:
    """One translatable string of a language: the English, the translation, its status."""

    id: str
    source: LocStr
    translation: LocStr | None
    status: Literal["missing", "draft", "reviewed"]


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # a folder name under content/: never a path


def check_language(root: Path, code: str) -> str:
    """A language code that names a folder directly inside ``content/`` (not a link out of it)."""
    if not LANGUAGE_CODE.fullmatch(code):
        raise UsageError(f"'{code}' is not a language code; a language code is 2 or 3 lowercase letters, "
                         f"e.g. km (the folder content/km/)")
    folder = root / "content" / code
    if folder.is_symlink() or (folder.exists() and not folder.resolve().is_relative_to((root / "content").resolve())):
        raise UsageError(f"content/{code}/ is a link to a folder elsewhere; make it a real folder inside content/")
    return code


def catalog(root: Path, language: str) -> list[Entry]:
    """Every translatable English string with the language's translation and review status."""
    check_language(root, language)
    if not (root / "content" / language).is_dir():
        raise UsageError(f"no language '{language}': known languages are {', '.join(languages(root))} "
                         f"(to start a new one, create the folder content/{language}/)")
    source = _strings_by_id(root, SOURCE)
    if language == SOURCE:
        return [Entry(sid, s, s, "reviewed") for sid, s in source.items()]
    target, review = _strings_by_id(root, language), load_review(root, language)
    out = []
    for sid, s in source.items():
        t = target.get(sid)
        out.append(Entry(sid, s, t, "missing" if t is None else review_status(review, sid, s, t)))  # type: ignore[arg-type]
    return out


def unreviewed(project_root: Path, language: str) -> list[str]:
    """Ids of the language's translations not yet reviewed by a native speaker (none for English)."""
    return [e.id for e in catalog(project_root, language) if e.status == "draft"]


def missing(project_root: Path, language: str) -> list[str]:
    """Ids of English strings the language lacks (the build prints the English for them)."""
    return [e.id for e in catalog(project_root, language) if e.status == "missing"]


def length_problems(project_root: Path, language: str, limits: dict[str, int] | None = None) -> list[str]:
    """Strings longer than their box's estimated ``MAX_CHARS``, as ``path:line:col: field: ...``."""
    out = []
    for e in catalog(project_root, language):
        limit, text = max_chars(e.id, limits), e.translation
        if limit and text is not None and visible_length(text) > limit:
            out.append(f"{text.where}: {visible_length(text)} characters; the box holds about {limit}")
    return out


# -- export ---------------------------------------------------------------------------------
def export_po(root: Path, language: str, limits: dict[str, int] | None = None):
    """The language's catalog as a ``polib.POFile`` (draft → fuzzy, missing → empty msgstr)."""
    import polib

    po = polib.POFile(wrapwidth=78)
    po.header = (f"A21 digital-safety materials: the {language} words.\n"
                 "msgctxt is the string's id (file:field), msgid the English source (content/en).\n"
                 "Remove the fuzzy flag only when a native speaker has reviewed the translation.")
    po.metadata = {"Project-Id-Version": "a21-workbook", "Language": language, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "X-Source-Language": SOURCE}
    for e in catalog(root, language):
        places = [(e.source.where.path, str(e.source.where.line))]
        if e.translation is not None and e.translation.where.path != e.source.where.path:
            places.append((e.translation.where.path, str(e.translation.where.line)))
        po.append(polib.POEntry(msgctxt=e.id, msgid=str(e.source), msgstr=str(e.translation or ""),
                                occurrences=places, comment=_notes(e, limits),
                                flags=["fuzzy"] if e.status == "draft" else []))
    return po


def _notes(e: Entry, limits: dict[str, int] | None) -> str:
    notes = []
    limit = max_chars(e.id, limits)
    if limit:
        notes.append(f"Fixed box: at most about {limit} characters (layout estimate).")
    if _TEMPLATE.search(e.source):
        notes.append("Keep every {{ ... }} exactly as in the English: it fills in the edition's data.")
    if "*" in e.source:
        notes.append("Keep the **bold** / *italic* markers around the matching words.")
    return "\n".join(notes)


# -- import ---------------------------------------------------------------------------------
@dataclass
class ImportResult:
    language: str
    changes: list[tuple[str, str | None, str]] = field(default_factory=list)  # id, old, new
    status: list[tuple[str, str, str]] = field(default_factory=list)  # id, old, new status
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def import_po(root: Path, po_file: Path, language: str | None = None, dry_run: bool = False) -> ImportResult:
    """Write a PO file's translations into content/<language>/ and update review.yaml."""
    import polib

    try:
        po = polib.pofile(str(po_file))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{po_file}: not a readable PO file ({exc})")
    if not language:
        language = po.metadata.get("Language", "")
        if language and not LANGUAGE_CODE.fullmatch(language):
            raise BuildError(f"{po_file}: Language: '{language}' in its header is not a language code (2 or 3 "
                             "lowercase letters, e.g. km); correct the header or pass --language")
    if not language:
        raise UsageError(f"{po_file}: no Language in its header; pass --language")
    if language == SOURCE:
        raise UsageError("English is the source: edit content/en/*.yaml directly")
    entries = {e.id: e for e in catalog(root, language)}
    result = ImportResult(language)
    edits: dict[str, dict[str, str]] = {}  # file name → id → new text
    wanted: dict[str, tuple[str, str]] = {}  # id → (status, translation)
    for item in po:
        e = entries.get(item.msgctxt or "")
        if item.obsolete or not item.msgstr:
            continue
        if e is None:
            result.warnings.append(f"{po_file}:{item.linenum}: {item.msgctxt}: no such string in content/{SOURCE}; skipped")
            continue
        stale = _check(e, item, po_file, result.warnings)
        fuzzy = stale or "fuzzy" in item.flags
        if e.translation is None or item.msgstr != e.translation:
            edits.setdefault(e.id.split(":", 1)[0], {})[e.id] = item.msgstr
            result.changes.append((e.id, None if e.translation is None else str(e.translation), item.msgstr))
        wanted[e.id] = ("draft" if fuzzy else "reviewed", item.msgstr)
    folder = root / "content" / language
    for name, values in edits.items():
        text = set_strings(folder / name, values, root / "content" / SOURCE / name)
        result.written.append(folder / name)
        if not dry_run:
            (folder / name).write_text(_modeline(text, folder / name, root), encoding="utf-8")
    review = _update_review(root, language, entries, wanted, result)
    if review is not None:
        result.written.append(folder / REVIEW_FILE)
        if not dry_run:
            path = folder / REVIEW_FILE
            path.write_text(_modeline(review, path, root), encoding="utf-8")
    return result


def _check(e: Entry, item, po_file: Path, warnings: list[str]) -> bool:
    """Warn about a translation that may break the build; True when it must stay draft."""
    place = f"{po_file}:{item.linenum}: {e.id}"
    stale = item.msgid != e.source
    if stale:
        warnings.append(f"{place}: the English changed since the export; imported as draft")
    if sorted(_TEMPLATE.findall(item.msgstr)) != sorted(_TEMPLATE.findall(e.source)):
        warnings.append(f"{place}: its {{{{ ... }}}} differ from the English; the build may fail")
    if item.msgstr.count("**") != e.source.count("**"):
        warnings.append(f"{place}: its ** markers differ from the English")
    return stale


# -- writing YAML (ruamel round trip) ---------------------------------------------------------
def round_trip_yaml() -> YAML:
    """ruamel set up so that our content files load and dump byte for byte (tested)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(data: Any) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return out.getvalue()


_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def field_parts(field_path: str) -> list[str | int]:
    """``flags[2].text`` → ``["flags", 2, "text"]``."""
    return [int(i) if i else key for i, key in _PART.findall(field_path)]


def set_strings(path: Path, values: dict[str, str], source_path: Path) -> str:
    """The YAML text of ``path`` with the strings at the given ids replaced (or added)."""
    yaml = round_trip_yaml()
    doc = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(f"Translation of content/{SOURCE}/{path.name}; keep the keys, translate the values.")
    source = yaml.load(source_path.read_text(encoding="utf-8"))
    for sid, text in values.items():
        field_path = sid.split(":", 1)[1]
        if not _set(doc, source, field_parts(field_path), text):
            raise BuildError(f"{path}: {field_path}: this file is not shaped like {source_path} here "
                             "(a list or mapping is missing or of another kind); fix it by hand, then import again")
    return dump(doc)


def _set(node: Any, source: Any, parts: list[str | int], text: str) -> bool:
    """Put ``text`` at ``parts``, making the containers it needs from the English; False if it cannot."""
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(part, int) and isinstance(node, list):
            while len(node) <= part:
                node.append(None if last else _skeleton(source[len(node)]))
        elif isinstance(part, str) and isinstance(node, dict):
            if part not in node:
                _insert(node, source, part, None)
        else:
            return False
        if last:
            node[part] = _styled(node[part], text, depth)
        else:
            if node[part] is None:
                node[part] = _skeleton(source[part])
            node, source = node[part], source[part]
    return True


def _insert(node: CommentedMap, source: CommentedMap, key: str, value: Any) -> None:
    """Add ``key`` where the English has it: after the last key that comes before it there."""
    order = list(source)
    before = [k for k in order[: order.index(key)] if k in node]
    node.insert(list(node).index(before[-1]) + 1 if before else 0, key, value)


def _skeleton(source: Any) -> Any:
    """A new container shaped like the English one, with its ids and numbers but none of its words."""
    if isinstance(source, dict):
        out = CommentedMap()
        for k, v in source.items():
            if isinstance(v, (dict, list)) and k not in ID_KEYS:
                out[k] = _skeleton(v)
            elif not translatable(k, v):
                out[k] = v
        return out
    if isinstance(source, list):
        return CommentedSeq(_skeleton(v) for v in source if isinstance(v, (dict, list)))
    return None


def _styled(old: Any, text: str, depth: int) -> Any:
    """The new text in the old value's style: a folded block stays folded, quotes stay quotes."""
    if isinstance(old, FoldedScalarString):
        new = FoldedScalarString(text)
        new.fold_pos = _fold_positions(text, _FOLD_WIDTH - 2 * (depth + 1))
        return new
    if type(old) is not str and isinstance(old, str) and "\n" not in text:
        return type(old)(text)
    return text


def _fold_positions(text: str, width: int) -> list[int]:
    """Spaces at which to break a folded block so that its lines stay within ``width`` (greedy)."""
    folds, start, last = [], 0, None
    for p in [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", text)] + [len(text)]:
        if p - start > width and last is not None:
            folds.append(last)
            start, last = last + 1, None
        if p < len(text):
            last = p
    return folds


def _modeline(text: str, path: Path, root: Path) -> str:
    """Keep (or add) the editor's schema line on a file import writes."""
    from .schema import with_modeline

    return with_modeline(text, path.relative_to(root).as_posix())


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
        doc.yaml_set_start_comment(f"Review status of content/{language}/: see workbook/i18n.py. "
                                   "Maintained by `build.py i18n import`.")
    order = list(entries)
    doc["reviewed"] = CommentedMap(sorted(reviewed.items(), key=lambda kv: _rank(order, kv[0])))
    if draft or "draft" in doc:
        doc["draft"] = CommentedSeq(sorted(draft, key=lambda sid: _rank(order, sid)))
    return dump(doc)


def _rank(order: list[str], sid: str) -> tuple[int, str]:
    return (order.index(sid) if sid in order else len(order), sid)


# -- English where a language has no words (for the build) ------------------------------------
def with_fallback(source: Any, target: Any) -> Any:
    """A language's located tree with the English filling in each string, item or file it lacks.

    Dicts merge key by key (the language's order first); lists item by item (a shorter list
    gets the English items after its own); an empty string counts as missing. Every value
    keeps its own place, so errors point at the file that supplied it.
    """
    if isinstance(source, LocDict) and isinstance(target, LocDict):
        out = LocDict()
        out.__dict__.update({**vars(source), **vars(target)})  # where, context...: the language's
        out.key_where, out.key_at = {}, {}
        for k in [*(k for k in target if k in source or not _structure(k, target[k])),
                  *(k for k in source if k not in target)]:
            # structure, not words: the English decides, so a stale copy cannot break it
            owner = source if k not in target or _structure(k, source.get(k)) else target
            out[k] = with_fallback(source.get(k), target.get(k)) if owner is target else source[k]
            out.key_where[k] = owner.key_where[k]
            out.key_at[k] = (owner.key_at or owner.key_where)[k]  # where the key itself stands
        return out
    if isinstance(source, LocList) and isinstance(target, LocList):
        if _ids(source) is not None and _ids(target) is not None:
            return _merge_by_id(source, target)
        out = LocList(with_fallback(s, t) for s, t in zip(source, target))
        out.__dict__.update(vars(target))
        out.item_where = target.item_where[: len(out)]
        rest, places = (target, target.item_where) if len(target) > len(source) else (source, source.item_where)
        out.extend(rest[len(out):])
        out.item_where = out.item_where + places[len(out.item_where):]
        return out
    if target is None or (isinstance(target, str) and not target.strip()):
        return source
    return target


def _structure(key: str, value: Any) -> bool:
    """Whether a key's value is structure, not words: ids, symbols and numbers (a message's
    ``from`` and ``callout``, a flag's ``message``, a poster's ``excerpt``). A language's file
    repeats them only as a copy, so in a merge they always come from the English, and a
    language's copy of one the English no longer has is dropped: a callout moved in English
    then moves in every language, instead of being marked twice by a stale translation."""
    if value is None or isinstance(value, LocDict):
        return False  # a mapping, even under an id key (common.yaml's videos), holds words
    if isinstance(value, LocList):
        return bool(value) and all(_structure(key, v) for v in value)
    return (key != "editorial" and is_id(key, value)) or isinstance(value, (int, float))


def _ids(items: Any) -> list[str] | None:
    """Each item's `id`, or None when any item lacks one (then lists merge by position)."""
    ids = [i.get("id") if isinstance(i, LocDict) else None for i in items]
    return ids if items and all(isinstance(i, str) for i in ids) else None


def _merge_by_id(source: Any, target: Any) -> Any:
    """Items merged by their ids, in the English order: a moved, added or removed English
    item never shifts a translation onto the wrong one. A translated item whose id the
    English no longer has is left out (it has nothing to translate)."""
    theirs = {i["id"]: (i, w) for i, w in zip(target, target.item_where)}
    out = LocList()
    out.__dict__.update(vars(target))
    out.item_where = []
    for item, where in zip(source, source.item_where):
        mine = theirs.get(item["id"])
        out.append(with_fallback(item, mine[0]) if mine else item)
        out.item_where.append(mine[1] if mine else where)
    return out


# -- status ---------------------------------------------------------------------------------
@dataclass
class LanguageStatus:
    language: str
    strings: int
    missing: list[str]
    unreviewed: list[str]
    fitting: list[str]


Fitting = Callable[[str], list[str]] | dict[str, list[str]]


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
    out = out or sys.stdout
    print(f"{'language':10}{'strings':>8}{'missing':>9}{'unreviewed':>12}{'fitting':>9}", file=out)
    for r in rows:
        print(f"{r.language:10}{r.strings:>8}{len(r.missing):>9}{len(r.unreviewed):>12}{len(r.fitting):>9}", file=out)
    for r in rows:
        lists = [("fitting", r.fitting)] + ([("missing", r.missing), ("unreviewed", r.unreviewed)] if details else [])
        for label, items in lists:
            for item in items:
                print(f"  {r.language} {label}: {item}", file=out)
    print("missing strings print in English; unreviewed ones are drafts awaiting a native speaker's review"
          + ("" if details else " (--details lists them)"), file=out)


# -- command line: build.py i18n ... -----------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="project root holding content/ (default: .)")
    p = argparse.ArgumentParser(prog="build.py i18n", description="Translators' round trip: export a language's "
                                "words to a PO file, import the translations back, report what is missing or unreviewed.")
    sub = p.add_subparsers(dest="command", required=True, metavar="{export,import,status}")
    e = sub.add_parser("export", parents=[common], help="write one PO file with every translatable string")
    e.add_argument("--language", required=True, metavar="CODE", help="the language to translate into, e.g. km")
    e.add_argument("--format", choices=["po"], default="po", help="file format (default: po)")
    e.add_argument("--out", type=Path, metavar="FILE", help="where to write (default: build/i18n/<language>.po; - for stdout)")
    i = sub.add_parser("import", parents=[common], help="write a PO file's translations into content/<language>/")
    i.add_argument("file", type=Path, metavar="FILE", help="the PO file")
    i.add_argument("--language", metavar="CODE", help="override the Language of the PO file's header")
    i.add_argument("--dry-run", action="store_true", help="report the changes without writing them")
    s = sub.add_parser("status", parents=[common], help="per language: strings missing, unreviewed, not fitting")
    s.add_argument("--language", action="append", metavar="CODE", help="only this language (repeatable)")
    s.add_argument("--details", action="store_true", help="list the ids of missing and unreviewed strings")
    s.add_argument("--check", action="store_true", help="exit 1 if a language other than English has any")
    return p


def main(argv: list[str] | None = None, fitting: Fitting | None = None) -> int:
    """``build.py i18n``: 0 done; 1 a content error or unreadable PO file; 2 a usage error."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    root = args.project.resolve()
    try:
        if args.command == "export":
            return _export(root, args)
        if args.command == "import":
            return _import(root, args)
        rows = status(root, args.language, fitting)
        print_status(rows, args.details)
        bad = any(r.missing or r.unreviewed or r.fitting for r in rows if r.language != SOURCE)
        return 1 if args.check and bad else 0
    except UsageError as exc:
        print(f"build.py i18n: error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1


def _export(root: Path, args) -> int:
    if args.language == SOURCE:
        raise UsageError("English is the source; export another language, e.g. --language km")
    po = export_po(root, args.language)
    if str(args.out) == "-":
        sys.stdout.write(str(po) + "\n")
        return 0
    from .finish import write_atomic  # a full disk or a folder named as --out: "cannot write ...", no traceback

    out = args.out or root / "build" / "i18n" / f"{args.language}.po"
    write_atomic(out, po.__unicode__().encode(po.encoding or "utf-8"))
    draft = sum("fuzzy" in e.flags for e in po)
    empty = sum(not e.msgstr for e in po)
    print(f"wrote {out}: {len(po)} strings, {empty} missing, {draft} draft (fuzzy)")
    return 0


def _import(root: Path, args) -> int:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    result = import_po(root, args.file, args.language, args.dry_run)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for sid, old, new in result.changes:
        before, after = _excerpts(old, new)
        print(f"{sid}: {before} → {after}")
    for sid, old, new in result.status:
        print(f"{sid}: {old} → {new}")
    done = "would change" if args.dry_run else "changed"
    print(f"{len(result.changes)} strings and {len(result.status)} review states {done} in content/{result.language}/")
    return 0


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
