"""Located content, and its validation against typed models.

In: located trees (``yaml_source.read_yaml`` makes them from ``content/``): plain Python
dicts, lists and strings whose strings are ``LocStr`` (a ``str`` that remembers its file,
line, column and field path). Out: pydantic models built from them, or every problem found
in one pass, each with ``path:line:col``.
"""
from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, PlainValidator, PrivateAttr, ValidationError, WithJsonSchema

from .errors import ContentError, Where



class LocStr(str):
    """A string from content that knows where it was written, for error messages."""

    where: Where

    def __new__(cls, value: str, where: Where) -> "LocStr":
        s = super().__new__(cls, value)
        s.where = where
        return s


class LocInt(int):
    """A whole number from content, with its place and the text it was written as (``0800``)."""

    where: Where
    source: str


class LocFloat(float):
    """A decimal number from content, with its place and the text it was written as (``12.50``)."""

    where: Where
    source: str


def where_of(text: str, fallback: str = "content") -> Where | str:
    """The source place of a content string, or a fallback label for generated text."""
    return getattr(text, "where", fallback)


class LocDict(dict):
    """A mapping from YAML whose ``where`` says where it and each of its keys stand.

    ``context`` (on a file's root) is what its validators may consult, e.g. the links.
    """

    where: Where
    key_where: dict[str, Where]
    key_at: dict[str, Where] | None = None  # where each key itself is written (key_where: its value)
    context: dict[str, Any] | None = None

    def like(self, items: Any) -> "LocDict":
        """A new mapping of ``items`` that stands where this one stands (places, context)."""
        out = LocDict(items)
        out.where, out.key_where, out.key_at, out.context = self.where, self.key_where, self.key_at, self.context
        return out


class LocList(list):
    """A sequence from YAML whose ``where`` says where it and each item stand."""

    where: Where
    item_where: list[Where]


def _kind(value: Any) -> str:
    """What a value is, in a writer's words, for 'expected text, found ...'."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a number" if isinstance(value, (int, float)) else type(value).__name__


def _keep_text(value: Any) -> str:
    """Accept text as is (keeping its location); a number becomes the text it was written as."""
    if value is None:
        raise ValueError("expected text, found nothing; write the text after the ':'")
    if isinstance(value, bool):
        raise ValueError("expected text, found true/false; put it in quotes if it is text")
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"expected text, found {_kind(value)}; write one piece of text here")
    if isinstance(value, str):
        return value
    source = getattr(value, "source", None) or str(value)
    where = getattr(value, "where", None)
    return LocStr(source, where) if isinstance(where, Where) else source


Text = Annotated[str, PlainValidator(_keep_text), WithJsonSchema({"type": ["string", "number"]})]


class Model(BaseModel):
    """Base of every content model: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # a schema is built when first used
    _key_at: dict[str, Where] = PrivateAttr(default_factory=dict)  # a file's top keys: where each stands

    def key_place(self, key: str) -> Where | None:
        """Where a top-level key of the file stands, for messages about the whole value (a list)."""
        place = self._key_at.get(key)
        return Where(place.path, place.line, place.col, key) if place else None


# --------------------------------------------------------------------------- validating


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], tree: Any, where: Where, context: dict[str, Any] | None = None) -> tuple[M | None, list[ContentError]]:
    """Build ``model`` from a located tree; return it or every error with its place.

    ``context`` reaches validators that check a value against other files (a video id
    against links.yaml).
    """
    if context is None:
        context = getattr(tree, "context", None)
    try:
        obj = model.model_validate(tree, context=context)
    except ValidationError as exc:
        return None, [_to_content_error(e, tree, where) for e in exc.errors()]
    if isinstance(tree, LocDict):
        obj._key_at = dict(tree.key_at or tree.key_where)
    return obj, []


def _to_content_error(err: dict, tree: Any, where: Where) -> ContentError:
    """Map a pydantic error to the deepest located node on its path."""
    node, place, field = tree, getattr(tree, "where", where), where.field
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    for n, part in enumerate(loc):
        field = f"{field}[{part}]" if isinstance(part, int) else (f"{field}.{part}" if field else str(part))
        if isinstance(node, LocDict) and part in node:
            unknown_key = err["type"] == "extra_forbidden" and n == len(loc) - 1
            place = (node.key_at or node.key_where)[part] if unknown_key else node.key_where[part]
            node = node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and part < len(node):
            place, node = node.item_where[part], node[part]
        else:
            node = None
    return ContentError(Where(place.path, place.line, place.col, field), _explain(err))


_EXPECTED = {
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list (one '- ' line per item)",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}


def _explain(err: dict) -> str:
    """Say what is wrong and what to do, in a translator's words rather than pydantic's."""
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "this required field is missing; add it"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against content/README.md or remove it"
    if kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return "this list is empty; give at least one entry (see content/README.md)"
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, found {_kind(err.get('input'))}"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    keep_case = len(msg) > 1 and msg[1].isupper()  # "URL ...", not "uRL ..."
    return msg if keep_case else f"{msg[0].lower()}{msg[1:]}"


def plain_tree(node: Any) -> Any:
    """A located tree as plain dicts, lists and values (for code that only reads settings)."""
    if isinstance(node, dict):
        return {str(k): plain_tree(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain_tree(v) for v in node]
    return str(node) if isinstance(node, str) else node
