"""Render the words of an edition: Jinja2 templates inside content strings, filled with edition data.

In: a language's located word trees and the edition's data (region, links, edition).
Out: the same trees with every template rendered; each string keeps its source place.
The environment is sandboxed with strict undefined: content can read the edition's data
and nothing else, and a misspelt variable is an error, never an empty string.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .content import LocDict, LocList, LocStr, where_of
from .errors import ContentError, Where

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=4096)
def _compile(source: str):
    return _ENV.from_string(source)


def render_text(text: str, data: dict[str, Any]) -> str:
    """Render one string; the result keeps the source's location for later error messages."""
    if "{" not in text:
        return text
    where = where_of(text)
    try:
        out = _compile(str(text)).render(data)
    except TemplateSyntaxError as exc:
        raise ContentError(where, f"template syntax: {exc.message}; check the {{{{ }}}} and {{% %}} pairs")
    except UndefinedError as exc:
        names = ", ".join(sorted(data))
        raise ContentError(where, f"template: {exc.message}; the edition data has {names}")
    except SecurityError as exc:
        raise ContentError(where, f"template: refused ({exc}); content may only read the edition's data")
    except TemplateError as exc:
        raise ContentError(where, f"template: {exc}")
    return LocStr(out, where) if isinstance(where, Where) else out


LATE = frozenset({"page_label"})  # rendered at layout time, when the page number is known


def render_tree(tree: Any, data: dict[str, Any], errors: list[ContentError]) -> Any:
    """Render every string of a located tree, collecting errors instead of stopping at the first."""
    if isinstance(tree, LocDict):
        out = LocDict((k, v if k in LATE else render_tree(v, data, errors)) for k, v in tree.items())
        out.where, out.key_where = tree.where, tree.key_where
        return out
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
