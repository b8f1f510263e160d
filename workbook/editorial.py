"""Editorial text: words the layout needs that are not in A21's source text.

In: a language's located word trees. Out: the place (``path:line``) of every string an
``editorial:`` list names, so the build summary can list them for A21's review.

Content marks them on the object that holds them: ``editorial: [title]`` on a section says
its title was written for the layout (e.g. "Watch and Discuss"); a key naming a list or a
mapping marks everything inside it. English carries the lists; a translation inherits them
through the fallback merge, so a translator never has to write or understand one.
"""
from __future__ import annotations

from typing import Any, Iterator

from pydantic import Field, model_validator

from .content import Model
from .i18n_units import translatable


class Editorial(Model):
    """A content object some of whose keys hold editorial text (named in ``editorial``)."""

    editorial: list[str] = Field(default_factory=list, description=(
        "keys of this object whose text is not in A21's source text (written for the layout); "
        "the build lists them for A21 to review"))

    @model_validator(mode="after")
    def _names_known_keys(self) -> "Editorial":
        unknown = [k for k in self.editorial if k == "editorial" or k not in type(self).model_fields]
        if unknown:
            raise ValueError(f"editorial: names unknown keys {', '.join(unknown)}; name keys of this object")
        return self


def editorial_texts(words: dict[str, Any]) -> list[str]:
    """``path:line`` of every editorial string in a language's trees (file stem → tree), in file order."""
    out: list[str] = []
    for stem in sorted(words):
        for text in _marked(words[stem], False):
            where = getattr(text, "where", None)
            if where is not None:
                place = f"{where.path}:{where.line}"
                if place not in out:
                    out.append(place)
    return out


def _marked(node: Any, inside: bool, key: str | None = None) -> Iterator[str]:
    """The words under ``node``; ``inside`` says an enclosing ``editorial`` list named this part."""
    if isinstance(node, dict):
        keys = set(node["editorial"]) if isinstance(node.get("editorial"), list) else set()
        for k, value in node.items():
            if k != "editorial":
                yield from _marked(value, inside or k in keys, k)
    elif isinstance(node, list):
        for item in node:
            yield from _marked(item, inside, key)
    elif inside and translatable(key, node):  # words only: not ids such as a message's `from`
        yield node
