"""Writing translations back into YAML: ruamel's round trip, so comments, key order, quoting
and folded styles survive, and a file without a change is never rewritten.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from .errors import BuildError
from .i18n_units import field_parts, is_id
from .modeline import with_modeline

_FOLD_WIDTH = 90

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


def set_strings(path: Path, values: dict[str, str], source_path: Path) -> str:
    """The YAML text of ``path`` with the strings at the given ids replaced (or added)."""
    yaml = round_trip_yaml()
    doc = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(f"Translation of {source_path.relative_to(source_path.parents[2]).as_posix()}; "
                                   "keep the keys, translate the values.")
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
                node.append(None)  # an item left for the English (null: the schema allows it)
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
    """A new, empty container shaped like the English one, on the way to a translated string.

    It holds no words and no copies of the English (icons, numbers, dates): the build takes
    those from the English, so a translation file holds only what was translated. Only an
    item's ``id`` is kept, which the build matches items by.
    """
    if isinstance(source, dict):
        out = CommentedMap()
        if is_id("id", source.get("id")):
            out["id"] = source["id"]
        return out
    if isinstance(source, list):
        return CommentedSeq()
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


def modeline_text(text: str, path: Path, root: Path) -> str:
    """Keep (or add) the editor's schema line on a file import writes."""
    return with_modeline(text, path.relative_to(root).as_posix())


