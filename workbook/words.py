"""Render the words of an edition: Jinja2 templates inside content strings, filled with edition data.

In: a language's located word trees and the edition's data (region, links, edition).
Out: the same trees with every template rendered; each string keeps its source place.

Content is written by people who are not programmers and may come from anywhere, so a
template may only *read* the edition's data:

- Jinja2's immutable sandbox, with strict undefined (a misspelt name is an error, never an
  empty string) and no globals (no ``range``, ``cycler``, ``lipsum``...);
- before rendering, the template's syntax tree is checked against a short list of what
  reading needs: names, ``.attr`` and ``[item]``, a few filters (``join``, ``map``, ``upper``...),
  ``if`` and a single level of ``for``. Calls, arithmetic that can multiply text (``*``,
  ``**``), ``set``, macros and includes are refused before anything runs;
- attributes that are methods are refused, and so is printing nothing (``None``) or a whole
  list, which would otherwise print silently as ``None`` or ``[...]``;
- the output of one string is capped, and so is the work behind it: every filter, ``+``
  and ``~`` is charged for the text it makes (``join`` *before* it makes it), so a chain
  like ``x|join(x)|join(x)...``, which grows as a power of its length, is refused while its
  result is still small instead of filling the memory.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any, Callable

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from .content import LocDict, LocList, LocStr, where_of
from .errors import ContentError, Where

MAX_OUTPUT = 100_000  # characters one string may render to; the longest real text is ~2,000
MAX_WORK = 10 * MAX_OUTPUT  # characters all filters and operators of one string may make on the way
_SPENT: ContextVar[list[int]] = ContextVar("template_work")  # characters made so far by the string rendering now
_CONCAT = "a21_concat"  # the filter ``~`` becomes (not in FILTERS: content cannot name it)

FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "dictsort", "first", "float", "groupby", "int", "items",
    "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "reverse",
    "round", "select", "selectattr", "sort", "string", "striptags", "sum", "title", "trim", "truncate",
    "unique", "upper", "wordcount",
})  # none of them can make text longer than what it reads, run code, or differ between builds

_READING = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Getattr, nodes.Getitem,
    nodes.Slice, nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not,
    nodes.CondExpr, nodes.If, nodes.For, nodes.Concat, nodes.Keyword, nodes.Tuple, nodes.List, nodes.Neg,
    nodes.Pos, nodes.Add, nodes.Sub,
)

_REFUSED_WORDS = {
    "Call": "a function or method call", "Mul": "multiplication (*)", "Pow": "a power (**)",
    "Div": "division (/)", "FloorDiv": "division (//)", "Mod": "the % operator", "Assign": "{% set %}",
    "AssignBlock": "{% set %}", "Macro": "{% macro %}", "CallBlock": "{% call %}", "FilterBlock": "{% filter %}",
    "With": "{% with %}", "Include": "{% include %}", "Import": "{% import %}", "FromImport": "{% from ... import %}",
    "Extends": "{% extends %}", "Block": "{% block %}", "Dict": "a {...} mapping",
}


class _Refused(Exception):
    """A template asked for something content may not do; the message says what."""


class _ContentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, minus methods: content reads values, it never calls anything; ``+`` is charged."""

    intercepted_binops = frozenset({"+"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not callable(value) and super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _charge(_size(left) + _size(right))
        return super().call_binop(context, operator, left, right)


def _size(value: Any) -> int:
    """The characters a value holds (a list: its items' and one per item); 0 for what is made lazily."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(_size(v) for v in value)
    return 0


def _charge(characters: int) -> None:
    """Count work towards the string being rendered; refuse it past MAX_WORK."""
    spent = _SPENT.get(None)
    if spent is None:
        return
    spent[0] += characters
    if spent[0] > MAX_WORK:
        raise _Refused(f"this template makes more than {MAX_OUTPUT:,} characters; simplify it")


def _capped(name: str, f: Callable) -> Callable:
    """A filter that pays for the text it makes: ``join`` before joining, the others after."""

    @wraps(f)  # keeps Jinja's pass_eval_context marks
    def run(*args: Any, **kwargs: Any) -> Any:
        if name == "join":
            args = _paid_join(f, args, kwargs)
        out = f(*args, **kwargs)
        _charge(_size(out))
        return out

    return run


def _paid_join(f: Callable, args: tuple, kwargs: dict) -> tuple:
    """Charge a join its result's length (items plus separators) before it is made."""
    lead = 1 if getattr(f, "jinja_pass_arg", None) is not None else 0  # the eval context
    items = list(args[lead]) if len(args) > lead else []
    sep = args[lead + 1] if len(args) > lead + 1 else kwargs.get("d", "")
    _charge(sum(len(str(i)) for i in items) + len(str(sep)) * max(0, len(items) - 1))
    return (*args[:lead], items, *args[lead + 1:])


def _concat(items: list) -> str:
    """``a ~ b ~ c``, charged before it is joined."""
    _charge(sum(len(str(i)) for i in items))
    return "".join(str(i) for i in items)


def _finalize(value: Any) -> Any:
    """Refuse to print what would come out wrong: nothing (``None``), a method, a whole list or mapping."""
    if isinstance(value, Undefined):  # a misspelt name: StrictUndefined's own message says which
        value._fail_with_undefined_error()
    if value is None:
        raise _Refused("this value is empty for this edition; fill it in, or test it with {% if ... %}")
    if callable(value):
        raise _Refused("this names a method, not a value of the edition data; remove it")
    if isinstance(value, (list, tuple, dict)):
        raise _Refused("this prints a whole list or mapping; pick one field, or join a list with "
                       "|map(attribute='name')|join(', ')")
    return value


def _environment() -> ImmutableSandboxedEnvironment:
    env = _ContentEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                              finalize=_finalize)
    env.globals.clear()
    env.filters = {name: _capped(name, f) for name, f in env.filters.items() if name in FILTERS}
    env.filters[_CONCAT] = _concat
    return env


_ENV = _environment()


def _attribute(node: nodes.Node) -> str:
    """The name a ``.attr`` or ``["item"]`` reads ('' for anything else)."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return str(node.arg.value)
    return ""


def _check_reading(node: nodes.Node, loops: int = 0) -> None:
    """Refuse any part of a template that does more than read the edition's data."""
    if not isinstance(node, _READING):
        kind = type(node).__name__
        raise _Refused(f"{_REFUSED_WORDS.get(kind, kind)} is not allowed in content; "
                       "templates may only read the edition's data, e.g. {{ region.name }}")
    if _attribute(node).startswith("_"):
        raise _Refused("names starting with _ are Python internals, not edition data; "
                       "templates may only read the edition's data, e.g. {{ region.name }}")
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        raise _Refused(f"the filter '{node.name}' is not allowed in content; "
                       f"use one of {', '.join(sorted(FILTERS))}")
    if isinstance(node, nodes.For):
        if loops:
            raise _Refused("a {% for %} inside a {% for %} is not allowed in content; use one loop")
        loops += 1
    for child in node.iter_child_nodes():
        _check_reading(child, loops)


@lru_cache(maxsize=4096)
def _compile(source: str):
    """Parse, check and compile one content string (cached: editions share their words)."""
    tree = _ENV.parse(source)
    _check_reading(tree)
    return _ENV.from_string(_ChargedConcat().visit(tree))


class _ChargedConcat(NodeTransformer):
    """``a ~ b`` joins without any filter: make it a filter that pays for what it joins."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT, [], [], None, None,
                            lineno=node.lineno)


def _render(template, data: dict[str, Any]) -> str:
    """Render, stopping as soon as the output (or the work behind it) passes its cap."""
    parts, size = [], 0
    token = _SPENT.set([0])
    try:
        for chunk in template.generate(data):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _Refused(f"this template makes more than {MAX_OUTPUT:,} characters; simplify it")
            parts.append(chunk)
    finally:
        _SPENT.reset(token)
    return "".join(parts)


def render_text(text: str, data: dict[str, Any]) -> str:
    """Render one string; the result keeps the source's location for later error messages."""
    if "{" not in text:
        return text
    where = where_of(text)
    try:
        out = _render(_compile(str(text)), data)
    except TemplateSyntaxError as exc:
        raise ContentError(where, f"template syntax: {exc.message}; check the {{{{ }}}} and {{% %}} pairs")
    except UndefinedError as exc:
        names = ", ".join(sorted(data))
        raise ContentError(where, f"template: {exc.message}; the edition data has {names} "
                                  "(see content/README.md)")
    except SecurityError as exc:
        raise ContentError(where, f"template: refused ({exc}); content may only read the edition's data")
    except _Refused as exc:
        raise ContentError(where, f"template: {exc}")
    except (RecursionError, MemoryError):
        raise ContentError(where, "template: too deeply nested or too large; simplify it")
    except Exception as exc:  # anything else the template did wrong (a type mismatch, an overflow)
        raise ContentError(where, f"template: {type(exc).__name__}: {exc}; check the {{{{ }}}} expression")
    return LocStr(out, where) if isinstance(where, Where) else out


LATE = frozenset({"page_label", "colophon", "booklet", "tiles", "proof", "accessible", "labels"})  # rendered at layout time (page numbers, tile rows)


def render_tree(tree: Any, data: dict[str, Any], errors: list[ContentError]) -> Any:
    """Render every string of a located tree, collecting errors instead of stopping at the first."""
    if isinstance(tree, LocDict):
        return tree.like((k, v if k in LATE else render_tree(v, data, errors)) for k, v in tree.items())
    if isinstance(tree, LocList):
        out = LocList(render_tree(v, data, errors) for v in tree)
        out.where, out.item_where = tree.where, tree.item_where
        return out
    if isinstance(tree, str):
        try:
            return render_text(tree, data)
        except ContentError as exc:
            errors.append(exc)
            return tree
    return tree


def edition_data(edition: Any, region: Any, links: Any, common: Any = None) -> dict[str, Any]:
    """What content templates may read: the edition, its language's small words (``words`` of
    its common.yaml, e.g. ``list_and``), its region's services and the links."""
    words = common.get("words") if isinstance(common, dict) else None
    return {
        "edition": {"code": edition.code, "language": edition.language, "region": edition.region},
        "words": {k: str(v) for k, v in words.items()} if isinstance(words, dict) else {},
        "region": {**region.model_dump(), "website": {**region.website.model_dump(), "short": region.website.short}},
        "links": {group: {k: {**v.model_dump(), "short": v.short} for k, v in getattr(links, group).items()}
                  for group in ("videos", "services")},
    }


def template_errors(editions: dict[str, Any], regions: dict[str, Any], links: Any,
                    words: dict[str, dict[str, Any]], stems: list[str]) -> list[ContentError]:
    """Every template error of every edition's words, each once.

    A build renders templates only after every file passed its schema; when some did not,
    the loader asks for these too, so one run lists a schema error and a misspelt variable
    together instead of making the writer fix them in two rounds.
    """
    found: dict[str, ContentError] = {}
    for edition in editions.values():
        region = regions.get(edition.region)
        if region is None or links is None:
            continue
        data = edition_data(edition, region, links, words.get(edition.language, {}).get("common"))
        for stem in stems:
            errors: list[ContentError] = []
            render_tree(words.get(edition.language, {}).get(stem), data, errors)
            found.update((str(e), e) for e in errors)
    return list(found.values())
