"""What every build needs of translation: a language's catalog, review status, English fallback.

In: ``content/en/*.yaml`` (the source), ``content/<language>/*.yaml`` (the translation),
``content/<language>/review.yaml`` (which translations a native speaker has reviewed) and
``content/translation.yaml`` (strings copied through unchanged: never translated, never
missing). Out: each English string with its translation and status; a language's located
tree with English filling in what it lacks. The translator's tools (PO and XLIFF files,
import, status) are in ``i18n_po``, ``i18n_xliff`` and ``i18n_commands``; the build never
imports them.

Review status (``content/<language>/review.yaml``, validated like all content): ``default``
(``draft`` or ``reviewed``), ``reviewed`` (id → fingerprint of the English and the translation
when it was reviewed: editing either later turns the string back to draft, as gettext's
fuzzy does) and ``draft`` (ids that stay draft whatever the default). English is the source
and always reviewed. ``build.py i18n import`` maintains the file.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from .content import LocDict, LocList, LocStr, Model, validate
from .yaml_source import read_yaml
from .errors import ContentError, UsageError, Where, raise_all
from .i18n_units import (REGIONS, SOURCE, is_id, is_region_word, max_chars, region_word_files, string_id,
                         strings, visible_length)

REVIEW_FILE = "review.yaml"
M = TypeVar("M", bound=Model)
TRANSLATION_FILE = "translation.yaml"

# -- reading a language ---------------------------------------------------------------------
def word_files(root: Path, language: str) -> dict[str, Path]:
    """A language's word files by name (``poster.yaml``), without the review file."""
    folder = root / "content" / language
    return {p.name: p for p in sorted(folder.glob("*.yaml")) if p.name != REVIEW_FILE}


def languages(root: Path) -> list[str]:
    """Every language folder of the project (as project.py finds them), English first."""
    found = [p.name for p in sorted((root / "content").iterdir()) if p.is_dir() and p.name != "regions"]
    return sorted(found, key=lambda lang: (lang != SOURCE, lang))


def _strings_by_id(root: Path, language: str, regions: list[str]) -> dict[str, LocStr]:
    """The language's strings by id: its word files, then the words of the given regions
    (for English the region files themselves, for another language its translations of them)."""
    out: dict[str, LocStr] = {}
    files = list(word_files(root, language).values())
    if language == SOURCE:
        files += [p for code in regions if (p := root / "content" / REGIONS / f"{code}.yaml").is_file()]
    else:
        files += [p for code, p in region_word_files(root, language).items() if code in regions]
    for path in files:
        for s in strings(read_yaml(path, path.relative_to(root).as_posix())):
            if path.parent.name != REGIONS or is_region_word(s.where.field):
                out[string_id(s)] = s
    return out


def regions_of(root: Path, language: str) -> list[str]:
    """The regions of the editions in a language (all regions for English), as
    ``content/editions.yaml`` names them; none when that file cannot be read (the build says why)."""
    try:
        editions = read_yaml(root / "content" / "editions.yaml", "content/editions.yaml").get("editions") or {}
    except (ContentError, AttributeError):
        return []
    found = [str(e.get("region")) for e in editions.values() if isinstance(e, dict)
             and (language == SOURCE or e.get("language") == language)]
    return sorted(set(found))


class LanguageInfo(Model):
    """A language's line in ``content/translation.yaml``: the PO header's team, translator
    and plural forms (gettext's ``Plural-Forms``)."""

    name: str = ""
    team: str = ""
    translator: str = ""
    plural_forms: str = "nplurals=2; plural=(n != 1);"


class TranslationFile(Model):
    copy_through: list[str] = []
    languages: dict[str, LanguageInfo] = {}


def _optional(root: Path, path: Path, model: type[M]) -> M:
    """An optional content file, validated like all content; the model's defaults when absent."""
    if not path.exists():
        return model()
    rel = path.relative_to(root).as_posix()
    loaded, errors = validate(model, read_yaml(path, rel), Where(rel))
    raise_all(errors)
    return loaded


def translation_file(root: Path) -> TranslationFile:
    """``content/translation.yaml``, validated like all content (empty when there is none)."""
    return _optional(root, root / "content" / TRANSLATION_FILE, TranslationFile)


def copy_through(root: Path) -> frozenset[str]:
    """Ids of strings that are the same in every language (names, ``{{ page }}``): never
    exported for translation, never counted missing; the build prints the English.
    An id that names no English string is an error at its line (a typo would silently
    turn the string back into one to translate)."""
    same = translation_file(root).copy_through
    if same:
        known = _strings_by_id(root, SOURCE, regions_of(root, SOURCE))
        path = root / "content" / TRANSLATION_FILE
        tree = read_yaml(path, path.relative_to(root).as_posix())
        raise_all([ContentError(getattr(sid, "where", Where(TRANSLATION_FILE)),
                                f"'{sid}' is no string of content/{SOURCE}/; use an id as "
                                "`build.py i18n export` writes it (msgctxt), e.g. common.yaml:page_label")
                   for sid in tree.get("copy_through") or [] if sid not in known])
    return frozenset(same)


class ReviewFile(Model):
    default: Literal["draft", "reviewed"] = "draft"
    reviewed: dict[str, str] = {}
    draft: list[str] = []


def fingerprint(source: str, translation: str) -> str:
    """What a review vouches for: this English with this translation."""
    return hashlib.sha1(f"{source}\0{translation}".encode()).hexdigest()[:12]


def load_review(root: Path, language: str) -> ReviewFile:
    return _optional(root, root / "content" / language / REVIEW_FILE, ReviewFile)


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
    same, regions = copy_through(root), regions_of(root, language)
    source = {sid: s for sid, s in _strings_by_id(root, SOURCE, regions).items() if sid not in same}
    if language == SOURCE:
        return [Entry(sid, s, s, "reviewed") for sid, s in source.items()]
    target, review = _strings_by_id(root, language, regions), load_review(root, language)
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


