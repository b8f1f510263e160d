"""Read content YAML into located trees, refusing anything that is not plain data.

In: one YAML file under ``content/``. Out: a tree of ``LocDict``, ``LocList`` and ``LocStr``
(and located numbers), each remembering its file, line, column and field path, or a
ContentError naming the place and what to do.

The tree is built from ruamel's event stream rather than its round-trip objects, so that
nothing in a file can make the loader construct an object or expand without bound:
explicit tags (``!!python/object``, ``!custom``, even ``!!str``), aliases (``*name``,
the "billion laughs"), duplicate keys and second documents are errors. A number keeps the
text it was written as, so ``number: 0800`` prints ``0800``, never ``800``.
"""
from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                                ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from .content import LocDict, LocFloat, LocInt, LocList, LocStr
from .errors import ContentError, Where, raise_all
from .files import read_capped

MAX_DEPTH = 40  # content is a few levels deep; deeper nesting is a mistake (or an attack on the stack)
MAX_CONTENT_BYTES = 256 * 1024  # the largest content file today is ~22 KB; parsing 256 KB takes ~0.5 s
MAX_TEXT = 10_000  # characters in one string; the longest printed text today is under 1,000


_PARSED: dict[tuple[str, str], Any] = {}  # (place, text) → tree: a process that builds again parses only what changed
_KEPT = 512  # files remembered; a project has about fifty


def read_yaml(path: Path, rel: str) -> Any:
    """Parse one YAML file into a located tree; every problem becomes a ContentError.

    A file whose text was parsed before in this process (``build.py watch``, the tests) is
    not parsed again. Callers get the top of the tree as a copy of its own, since the
    loader sets attributes there (``context``); nothing below the top is ever changed.
    """
    raw = _read_text(path, rel)
    tree = _PARSED.get((rel, raw))
    if tree is None:
        _refuse_tabs(raw, rel)
        tree = _Builder(rel, _parse(raw, rel), raw).document()
        if tree is None:
            raise ContentError(Where(rel, 1, 1), "the file is empty; it needs the fields described in content/README.md")
        if len(_PARSED) >= _KEPT:
            _PARSED.clear()
        _PARSED[(rel, raw)] = tree
    return copy.copy(tree)


def _read_text(path: Path, rel: str) -> str:
    """The file as text: UTF-8 with or without a byte-order mark, any line endings."""
    data = read_capped(path, rel, MAX_CONTENT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Where(rel, line, exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1),
                           f"this file is not UTF-8 text ({exc.reason}); save it as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_tabs(raw: str, rel: str) -> None:
    """Tabs break YAML's indentation rules and print as nothing: name every line that has one."""
    errors = []
    for n, line in enumerate(raw.split("\n"), 1):
        col = line.find("\t")
        if col < 0:
            continue
        indent = not line[:col].strip() or line[:col].strip() == "-"
        what = ("a tab in the indentation: indent YAML with spaces only" if indent else
                "a tab character: replace it with spaces (YAML and the printed text use spaces only)")
        errors.append(ContentError(Where(rel, n, col + 1), what))
    raise_all(errors)


def _parse(raw: str, rel: str) -> list:
    """ruamel's events for the text; syntax errors become one ContentError with a hint."""
    try:
        return list(YAML(typ="safe", pure=True).parse(raw))
    except MarkedYAMLError as exc:
        mark, what = _explain_syntax(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ContentError(Where(rel, line, col), f"YAML syntax: {what}")
    except ReaderError as exc:
        before = raw[: exc.position]
        line, col = before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
        raise ContentError(Where(rel, line, col), f"control character U+{exc.character:04X} is not allowed in "
                                                  "content; delete it")
    except YAMLError as exc:
        raise ContentError(Where(rel), f"YAML syntax: {exc}")


def _explain_syntax(exc: MarkedYAMLError) -> tuple[Any, str]:
    """The place and words for a YAML syntax error: what a writer did, not what the parser saw."""
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    if "quoted scalar" in context and "end of stream" in problem:
        return exc.context_mark, "this quoted text is never closed; add the closing quote"
    if context.startswith("while parsing a flow"):
        return exc.context_mark, "this [ or { is never closed; add the closing ] or } (or quote the text)"
    if "mapping values are not allowed" in problem:
        return exc.problem_mark, ("a ': ' inside a value; put the whole value in quotes, or check the "
                                  "indentation of this line")
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return exc.problem_mark, ("this line's indentation does not match the lines above; keys of the "
                                  "same mapping must line up, and every key needs a ':'")
    text = problem or context or "invalid YAML"
    if context and problem:
        text = f"{problem} ({context})"
    return exc.problem_mark or exc.context_mark, text


class _Builder:
    """Turns one file's event stream into LocDict / LocList / LocStr / numbers, refusing what content must not use."""

    def __init__(self, rel: str, events: list, raw: str = "") -> None:
        self.rel, self.events, self.i, self.raw = rel, events, 0, raw
        self.errors: list[ContentError] = []
        self.resolver = YAML(typ="safe", pure=True).resolver

    def _next(self):
        event = self.events[self.i]
        self.i += 1
        return event

    def _at(self, event, field: str) -> Where:
        return Where(self.rel, event.start_mark.line + 1, event.start_mark.column + 1, field)

    def document(self) -> Any:
        """The file's one document (None when it has none); a second document is an error."""
        docs = [i for i, e in enumerate(self.events) if isinstance(e, DocumentStartEvent)]
        if not docs:
            return None
        if len(docs) > 1:
            second = self.events[docs[1]]
            self.errors.append(ContentError(self._at(second, ""), "a second YAML document ('---'); "
                                            "a content file holds one document: remove the line"))
        self.i = docs[0] + 1
        first = self.events[self.i]
        top = self._at(first, "") if isinstance(first, (MappingStartEvent, SequenceStartEvent)) else Where(self.rel, 1, 1)
        root = self._node(top, 0)  # a missing top-level field points at the first key, not a comment
        raise_all(self.errors)
        return root

    def _node(self, where: Where, depth: int) -> Any:
        event = self._next()
        if isinstance(event, (StreamEndEvent, DocumentEndEvent)):
            self.i -= 1
            return None
        self._refuse_marks(event, where)
        if isinstance(event, AliasEvent):
            return None
        if depth > MAX_DEPTH:
            self.errors.append(ContentError(where, f"nested more than {MAX_DEPTH} levels deep; simplify it"))
            self._skip(event)
            return None
        if isinstance(event, MappingStartEvent):
            return self._mapping(event, where, depth)
        if isinstance(event, SequenceStartEvent):
            return self._sequence(event, where, depth)
        return self._scalar(event, where)

    def _refuse_marks(self, event, where: Where) -> None:
        """Tags construct objects and aliases expand without bound: neither belongs in content."""
        tag = getattr(event, "tag", None)
        if tag:
            tag = str(tag).replace("tag:yaml.org,2002:", "!!")
            self.errors.append(ContentError(where, f"YAML tag {tag} is not allowed in content; remove it "
                                            "(put text in quotes to keep it as written)"))
        if isinstance(event, AliasEvent):
            self.errors.append(ContentError(where, f"alias *{event.anchor} is not allowed in content; "
                                            "write the value out in full"))

    def _refuse_characters(self, event, where: Where) -> None:
        """Characters that change what a page says without showing themselves: name the first.

        YAML's reader refuses raw control characters, but an escape (``"\\0"``, ``"\\u202e"``)
        makes them after its check, and bidi controls pass it raw. The place is the
        character's own when it is written raw, else the value's.
        """
        text = event.value or ""
        bad = next((ch for ch in text if refused_character(ch)), None)
        if bad is None:
            return
        start = event.start_mark.index
        at = self.raw.find(bad, start, max(start, event.end_mark.index))
        if at >= 0:
            before = self.raw[:at]
            where = Where(self.rel, before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1, where.field)
        self.errors.append(ContentError(where, refused_character(bad)))

    def _skip(self, start) -> None:
        """Consume the rest of a container whose contents are not wanted."""
        level = 1 if isinstance(start, (MappingStartEvent, SequenceStartEvent)) else 0
        while level:
            event = self._next()
            level += isinstance(event, (MappingStartEvent, SequenceStartEvent))
            level -= isinstance(event, (MappingEndEvent, SequenceEndEvent))

    def _mapping(self, start, where: Where, depth: int) -> LocDict:
        out = LocDict()
        out.where, out.key_where, out.key_at = where, {}, {}
        first: dict[str, int] = {}
        while not isinstance(self.events[self.i], MappingEndEvent):
            key_event = self._next()
            key = self._key(key_event, where)
            field = where.child(key).field if key is not None else where.field
            value_event = self.events[self.i]
            scalar = isinstance(value_event, ScalarEvent) and (value_event.value or value_event.style)
            place = self._at(value_event if scalar else key_event, field)  # an empty value: point at its key
            value = self._node(place, depth + 1)
            if key is None:
                continue
            if key in first:
                self.errors.append(ContentError(self._at(key_event, field), f"duplicate key '{key}' (first at line "
                                                f"{first[key]}); each key may appear only once in a mapping"))
                continue
            first[key] = key_event.start_mark.line + 1
            out.key_where[key], out.key_at[key], out[key] = place, self._at(key_event, field), value
        self._next()
        return out

    def _key(self, event, where: Where) -> str | None:
        """A mapping key as text; a key that is itself a list or mapping is an error."""
        self._refuse_marks(event, where)
        if isinstance(event, ScalarEvent):
            self._refuse_characters(event, self._at(event, where.field))
            return str(event.value)
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            self.errors.append(ContentError(self._at(event, where.field), "a key must be a plain name, not a "
                                            "list or mapping"))
            self._skip(event)
        return None

    def _sequence(self, start, where: Where, depth: int) -> LocList:
        out = LocList()
        out.where, out.item_where = where, []
        while not isinstance(self.events[self.i], SequenceEndEvent):
            place = self._at(self.events[self.i], where.child(f"[{len(out)}]").field)
            out.item_where.append(place)
            out.append(self._node(place, depth + 1))
        self._next()
        return out

    def _scalar(self, event, where: Where) -> Any:
        """Plain scalars resolve as YAML 1.2 core (null, true/false, numbers); everything else is text."""
        text = event.value
        if len(text) > MAX_TEXT:  # before anything measures it: laying out 180 KB took a minute
            self.errors.append(ContentError(where, f"this text has {len(text):,} characters, more than any "
                                                   f"printed text needs ({MAX_TEXT:,} at most); shorten it"))
            return LocStr(text[:MAX_TEXT], where)
        self._refuse_characters(event, where)
        if event.style is None and not event.tag:
            kind = str(self.resolver.resolve(ScalarNode, text, (True, False))).rsplit(":", 1)[-1]
            if kind == "null":
                return None
            if kind == "bool":
                return text.lower() == "true"
            if kind in ("int", "float"):
                number = _number(text, kind, where)
                if number is not None:
                    return number
        return LocStr(text, where)


BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def refused_character(ch: str) -> str:
    """Why a character may not be in content ('' when it may): bidi controls, controls, noncharacters."""
    code = ord(ch)
    label = f"U+{code:04X}" + (f" ({unicodedata.name(ch)})" if unicodedata.name(ch, "") else "")
    if ch in BIDI_CONTROLS:
        return (f"bidirectional control character {label} is not allowed in content: it can reverse the "
                "order of printed text, e.g. the digits of a phone number; delete it")
    if (code < 0x20 and ch != "\n") or 0x7F <= code < 0xA0:
        return f"control character {label} is not allowed in content; delete it"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"noncharacter {label} is not allowed in content (it is no letter of any script); delete it"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate {label} is not allowed in content (it is half of a character); delete it"
    return ""


def _number(text: str, kind: str, where: Where) -> LocInt | LocFloat | None:
    """A number that remembers how it was written, or None if Python reads it differently."""
    digits = text.replace("_", "")
    try:
        if kind == "int":
            try:
                number: LocInt | LocFloat = LocInt(digits, 0)
            except ValueError:
                number = LocInt(digits, 10)  # 0800: leading zeros, decimal
        else:
            special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
            number = LocFloat(special.get(digits.lower(), digits))
    except ValueError:
        return None
    number.where, number.source = where, text
    return number
