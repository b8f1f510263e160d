"""Read content YAML keeping line numbers, and validate it against typed models.

In: YAML files under ``content/``. Out: plain Python trees whose strings are ``LocStr``
(a ``str`` that remembers its file, line, column and field path), and pydantic models
built from them. Every problem found in one pass is reported at once, each with
``path:line:col``; duplicate keys and YAML tags are errors, never silently accepted.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError, WithJsonSchema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import ContentError, Where


class LocStr(str):
    """A string from content that knows where it was written, for error messages."""

    where: Where

    def __new__(cls, value: str, where: Where) -> "LocStr":
        s = super().__new__(cls, value)
        s.where = where
        return s


def where_of(text: str, fallback: str = "content") -> Where | str:
    """The source place of a content string, or a fallback label for generated text."""
    return getattr(text, "where", fallback)


class LocDict(dict):
    """A mapping from YAML whose ``where`` says where it and each of its keys stand."""

    where: Where
    key_where: dict[str, Where]


class LocList(list):
    """A sequence from YAML whose ``where`` says where it and each item stand."""

    where: Where
    item_where: list[Where]


def _keep_text(value: Any) -> str:
    """Accept text as is (keeping its location); numbers become text, as phone numbers do."""
    if isinstance(value, bool) or value is None or not isinstance(value, (str, int, float)):
        raise ValueError("expected text")
    return value if isinstance(value, str) else str(value)


Text = Annotated[str, PlainValidator(_keep_text), WithJsonSchema({"type": "string"})]


class Model(BaseModel):
    """Base of every content model: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_yaml(path: Path, rel: str) -> Any:
    """Parse one YAML file into a located tree; syntax errors become ContentErrors."""
    try:
        raw = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise ContentError(Where(rel), f"this file is not UTF-8 text ({exc.reason}); save it as UTF-8")
    if "\t" in raw:
        line = raw[: raw.index("\t")].count("\n") + 1
        col = len(raw[: raw.index("\t")].rsplit("\n", 1)[-1]) + 1
        raise ContentError(Where(rel, line, col), "a tab character: indent YAML with spaces only")
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(raw)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        if "duplicate key" in what:
            what += "; each key may appear only once in a mapping"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ContentError(Where(rel, line, col), f"YAML syntax: {what}")
    if data is None:
        raise ContentError(Where(rel, 1, 1), "the file is empty; it needs the fields described in content/README.md")
    return _locate(data, Where(rel, 1, 1))


def _locate(node: Any, where: Where) -> Any:
    """Turn ruamel's nodes into plain containers carrying locations; refuse YAML tags."""
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and not tag.startswith("tag:yaml.org,2002:"):
        raise ContentError(where, f"YAML tag {tag} is not allowed in content; remove it")
    if isinstance(node, CommentedMap):
        out = LocDict()
        out.where, out.key_where = where, {}
        for key, value in node.items():
            line, col = node.lc.value(key) if not isinstance(value, (CommentedMap, CommentedSeq)) else node.lc.key(key)
            child = Where(where.path, line + 1, col + 1, where.child(str(key)).field)
            out.key_where[str(key)] = child
            out[str(key)] = _locate(value, child)
        return out
    if isinstance(node, CommentedSeq):
        out = LocList()
        out.where, out.item_where = where, []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            child = Where(where.path, line + 1, col + 1, where.child(f"[{i}]").field)
            out.item_where.append(child)
            out.append(_locate(value, child))
        return out
    if isinstance(node, str):
        return LocStr(str(node), where)
    return node


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], tree: Any, where: Where) -> tuple[M | None, list[ContentError]]:
    """Build ``model`` from a located tree; return it or every error with its place."""
    try:
        return model.model_validate(tree), []
    except ValidationError as exc:
        return None, [_to_content_error(e, tree, where) for e in exc.errors()]


def _to_content_error(err: dict, tree: Any, where: Where) -> ContentError:
    """Map a pydantic error to the deepest located node on its path."""
    node, place, field = tree, getattr(tree, "where", where), where.field
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    for part in loc:
        field = f"{field}[{part}]" if isinstance(part, int) else (f"{field}.{part}" if field else str(part))
        if isinstance(node, LocDict) and part in node:
            place, node = node.key_where[part], node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and part < len(node):
            place, node = node.item_where[part], node[part]
        else:
            node = None
    return ContentError(Where(place.path, place.line, place.col, field), _explain(err))


def _explain(err: dict) -> str:
    """Say what is wrong and what to do, in a translator's words rather than pydantic's."""
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "this required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against content/README.md or remove it"
    if "literal" in kind or "enum" in kind:
        return f"{msg.lower()}"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{msg[0].lower()}{msg[1:]}"
