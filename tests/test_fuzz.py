"""Property-based: arbitrary Unicode in any content field makes the build succeed or fail with a
content error -- never anything else (a crash, a traceback, a hang).

Three properties, each bounded for CI (``EXAMPLES`` per property, no deadline, no example
database) and each building only one edition's one product in this process:

- any scalar of any content file (words, regions, links, editions) replaced by fuzzed text:
  emoji, RTL, combining marks, control characters, markup and template characters, very long
  strings;
- fuzzed text typed into the YAML itself, at the start of a random line;
- fuzzed templates built from real data names, filters and Jinja syntax.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from workbook.errors import BuildError

from .helpers import copy_project


pytestmark = pytest.mark.slow  # property-based: hundreds of builds of tiny projects

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))  # per property; CI runs 3 × EXAMPLES + the explicit ones
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

SPECIAL = [
    "👀", "🦄", "👩🏽‍💻", "🇬🇧", "❤️", "שלום", "مرحبا بكم", "\u202e", "\u200f", "\u200d", "e\u0301", "a\u0308\u0308\u0308",
    "ក្មេង", "ព័ត៌មាន", "漢字", "Ｗ", "ß", "İ", "ﬁ", "\u00ad", "\u200b", "\ufeff", "\u2028", "\x00", "\x07", "\x1b[31m",
    "\t", "\r", "\n", "\r\n", "{{", "}}", "{%", "%}", "{#", "{{ region.name }}", "{{ nope }}", "&", "<", ">", "R&D",
    "<b>", "</i>", "&amp;", "**", "*", "\\", '"', "'", ": ", "- ", "# ", "---", "&a", "*a", "!!str", "@", "`", "|", ">-",
    "\U0010fffd", "\U0001F600", "0800", "true", "null", "~", "1e9", "https://a21.org", "http://x", "javascript:x",
]


def texts() -> st.SearchStrategy[str]:
    """Short arbitrary Unicode, mixtures of known troublemakers, and very long strings."""
    return st.one_of(
        st.text(max_size=60),
        st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=4)), max_size=16).map("".join),
        st.builds(lambda word, n: word * n, st.sampled_from(["a", "Supercalifragilistic", "漢", "ក", "👀 ", "x ", "مر"]),
                  st.integers(min_value=40, max_value=1500)),
    )


@dataclass(frozen=True)
class Field:
    """One scalar of one content file: where it is, and what to build to exercise it."""

    rel: str
    path: tuple[Any, ...]
    edition: str
    product: str

    def __str__(self) -> str:
        return f"{self.rel}:{'.'.join(map(str, self.path))}"


PRODUCT_OF = {"poster": "poster", "spread": "spread", "conversation": "spread"}  # others: the handout

def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, (*path, i))]
    return [path]


def fields(root: Path) -> list[Field]:
    """Every scalar of every content file, with an edition and a product that read it."""
    yaml = YAML(typ="safe", pure=True)
    editions = yaml.load((root / "content" / "editions.yaml").read_text(encoding="utf-8"))["editions"]
    by_language = {spec["language"]: code for code, spec in reversed(list(editions.items()))}
    by_region = {spec["region"]: code for code, spec in reversed(list(editions.items()))}
    out = []
    for path in sorted((root / "content").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        parts = rel.split("/")
        if parts[1] == "regions":
            edition, product = by_region.get(path.stem), "handout"
        elif len(parts) == 3:
            edition, product = by_language.get(parts[1]), PRODUCT_OF.get(path.stem, "handout")
        else:
            edition, product = next(iter(editions)), "handout"
        if edition is None:
            continue
        tree = yaml.load(path.read_text(encoding="utf-8"))
        out += [Field(rel, p, edition, product) for p in _leaves(tree) if p]
    return out


@pytest.fixture(scope="module")
def project(snapshot_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(snapshot_root, tmp_path_factory.mktemp("fuzz"))


_FIELDS: dict[Path, list[Field]] = {}


def every_field(project: Path) -> list[Field]:
    """The fields of the module's project copy, found once (kept out of hypothesis' report)."""
    if project not in _FIELDS:
        _FIELDS[project] = fields(project)
        assert len(_FIELDS[project]) > 100
    return _FIELDS[project]


def build_once(root: Path, out: Path, edition: str, product: str) -> None:
    """Build one edition's one product; the only acceptable failure is a BuildError (content errors included)."""
    from workbook.pipeline import build

    try:
        report = build(root, out, [edition], [product], ["plain"])
    except BuildError as exc:
        assert str(exc).strip(), "an error without a message"
        assert "Traceback" not in str(exc)
        return
    assert report.written, "the build succeeded but wrote nothing"
    for pdf in report.written:
        data = Path(pdf).read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-32:], f"{pdf} is incomplete"


class Restore:
    """Put a file back as it was after each example (the project copy is shared by the examples)."""

    def __init__(self, path: Path) -> None:
        self.path, self.data = path, path.read_bytes()

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: Any) -> None:
        self.path.write_bytes(self.data)


def set_value(path: Path, where: tuple, value: str) -> None:
    """Replace one scalar, writing YAML as an editor would (ruamel round trip, quoting as needed)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    tree = yaml.load(path.read_text(encoding="utf-8"))
    node = tree
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = DoubleQuotedScalarString(value)  # quoted and escaped: any text survives the round trip
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@FUZZ
@given(data=st.data(), text=texts())
@example(data=None, text="\u202eRTL override مرحبا שלום")
@example(data=None, text="e\u0301\u0301\u0301 a\u0308 ក្មេង")
@example(data=None, text="\x00\x07\x1b[31m\t")
@example(data=None, text="👩🏽‍💻🇬🇧❤️" * 50)
@example(data=None, text="Supercalifragilisticexpialidocious" * 40)
@example(data=None, text="R&D <b>x</b> & < &amp; {{ region.name }} **bold** *it*")
def test_any_text_in_any_field(project: Path, tmp_path_factory, data, text: str) -> None:
    every = every_field(project)
    field = data.draw(st.sampled_from(every), label="field") if data is not None else every[len(text) % len(every)]
    with Restore(project / field.rel) as path:
        set_value(path, field.path, text)
        build_once(project, tmp_path_factory.mktemp("out"), field.edition, field.product)


@FUZZ
@given(data=st.data(), text=texts())
@example(data=None, text="\t")
@example(data=None, text="  ")
@example(data=None, text="!!python/object/apply:os.system ['true']\n")
@example(data=None, text="&a [x]\nb: *a\n")
@example(data=None, text="'unclosed")
def test_any_text_typed_into_the_yaml(project: Path, tmp_path_factory, data, text: str) -> None:
    every = every_field(project)
    field = data.draw(st.sampled_from(every), label="field") if data is not None else every[len(text) % len(every)]
    with Restore(project / field.rel) as path:
        lines = path.read_text(encoding="utf-8").split("\n")
        n = data.draw(st.integers(0, len(lines) - 1), label="line") if data is not None else len(lines) // 2
        lines[n] = text + lines[n]
        path.write_bytes("\n".join(lines).encode("utf-8"))
        build_once(project, tmp_path_factory.mktemp("out"), field.edition, field.product)


TEMPLATE_PARTS = [
    "{{", "}}", "{%", "%}", " ", "region", "region.name", "region.helplines", "region.emergency.number",
    "region.website.short", "links.videos", "links.services.take_it_down.short", "edition.code", "page", ".", "[0]",
    "['name']", "|", "join(', ')", "map(attribute='name')", "upper", "length", "first", "default('x')", "center(9)",
    "(", ")", "for h in region.helplines", "endfor", "if", "else", "endif", "h.name", "+", "*", "~", "-", "1", "'a'",
    "__class__", "range(3)", "loop.index", "set x = 1", "raw", "endraw", "#}", "{#", "\n",
]


@FUZZ
@given(data=st.data(), parts=st.lists(st.sampled_from(TEMPLATE_PARTS), min_size=1, max_size=14))
@example(data=None, parts=["{%", "for h in region.helplines", "%}", "{{", "h.name", "}}", "{%", "endfor", "%}"])
@example(data=None, parts=["{{", "region.helplines", "|", "map(attribute='name')", "|", "join(', ')", "}}"])
def test_any_template_in_a_words_field(project: Path, tmp_path_factory, data,
                                       parts: list[str]) -> None:
    words = [f for f in every_field(project) if re.match(r"content/en/(poster|spread)\.yaml", f.rel)
             and not isinstance(f.path[-1], int) and f.path[-1] not in ("link", "icon")]
    field = data.draw(st.sampled_from(words), label="field") if data is not None else words[0]
    with Restore(project / field.rel) as path:
        set_value(path, field.path, "".join(parts))
        build_once(project, tmp_path_factory.mktemp("out"), field.edition, field.product)
