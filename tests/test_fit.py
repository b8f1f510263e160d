"""Text that does not fit its fixed box is a content error naming the string's place.

Unit: Kit.fit with located strings. Integration: a poster flag made far too long in a copy
of the project fails the build with ``content/en/poster.yaml:<line>:<col>: flags[i].text``
and writes no PDF.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from workbook.content import LocStr
from workbook.errors import BuildError, ContentError, Where

from .helpers import edition_codes, edition_spec, load_yaml

LONG = ("They earn your trust slowly and carefully, with compliments, small gifts, promises and "
        "attention, until you feel that nobody else in the world understands you quite as well. ") * 3


@pytest.fixture(scope="module")
def kit(snapshot_root: Path):
    from workbook.kit import Kit
    from workbook.theme import load_theme

    return Kit(load_theme(snapshot_root / "templates", snapshot_root / "assets"), snapshot_root / "assets")


def located(text: str, line: int = 14, col: int = 11, field: str = "flags[0].text") -> LocStr:
    return LocStr(text, Where("content/en/poster.yaml", line, col, field))


def lines_at(kit, style: str, text: str, size: float, width: float) -> int:
    """Lines ReportLab needs for ``text`` at ``size`` in ``width`` (independent of Kit.fit)."""
    base = kit.theme.style(style)
    st = ParagraphStyle("probe", fontName=base.fontName, fontSize=size, leading=size * base.leading / base.fontSize)
    p = Paragraph(text, st)
    p.wrap(width, 1e6)
    return len(p.blPara.lines)


def test_fit_overflow_names_the_place_and_the_lines_needed(kit):
    width, height = 120.0, 30.0
    with pytest.raises(ContentError) as info:
        kit.fit(located(LONG), "h2", width, height)
    message = str(info.value)
    assert message.startswith("content/en/poster.yaml:14:11: flags[0].text: "), message
    m = re.search(r"needs (\d+) lines at ([\d.]+) pt, the box holds (\d+)", message)
    assert m, message
    needed, size, holds = int(m[1]), float(m[2]), int(m[3])
    # it shrank as far as the theme allows (in its 0.25 pt steps) before failing
    assert kit.theme.min_size <= size < kit.theme.min_size + 0.25
    leading = size * kit.theme.style("h2").leading / kit.theme.style("h2").fontSize
    assert holds == math.floor(height / leading)
    assert needed == lines_at(kit, "h2", LONG, size, width)
    assert needed > holds
    assert info.value.where == located(LONG).where


def test_fit_a_word_wider_than_the_box_names_the_word(kit):
    word = "Supercalifragilisticexpialidocious"
    with pytest.raises(ContentError) as info:
        kit.fit(located(f"A {word} flag", 20, 11, "flags[3].text"), "h2", 40, 200)
    assert str(info.value).startswith("content/en/poster.yaml:20:11: flags[3].text: ")
    assert f"'{word}'" in str(info.value)


def test_fit_short_text_keeps_its_size_and_fits(kit):
    width, height = 200.0, 40.0
    p = kit.fit(located("They earn your trust."), "h2", width, height)
    _, h = p.wrap(width, height)
    assert 0 < h <= height
    assert p.style.fontSize == kit.theme.style("h2").fontSize
    assert max(p.getActualLineWidths0()) <= width


def test_fit_shrinks_text_to_fit_before_failing(kit):
    text = located("They pressure you to send something that makes you feel uncomfortable.")
    base = kit.theme.style("h2")
    width = 170.0
    height = base.leading * 2 - 1  # less than two lines at full size
    small = kit.theme.min_size
    # preconditions: too tall at full size, fits at the theme's minimum size
    assert lines_at(kit, "h2", text, base.fontSize, width) * base.leading > height
    assert lines_at(kit, "h2", text, small, width) * small * base.leading / base.fontSize <= height
    p = kit.fit(text, "h2", width, height)
    _, h = p.wrap(width, height)
    assert h <= height + 0.01
    assert kit.theme.min_size <= p.style.fontSize < base.fontSize


# --------------------------------------------------------------------------- in a build


def flag_text_line(poster_yaml: Path, index: int) -> tuple[int, int, str]:
    """(line, column, text) of flags[index].text in a poster.yaml, 1-based."""
    from ruamel.yaml import YAML

    data = YAML(typ="rt").load(poster_yaml.read_text(encoding="utf-8"))
    line, col = data["flags"][index].lc.value("text")
    return line + 1, col + 1, str(data["flags"][index]["text"])


@pytest.mark.parametrize("which", ["first", "last"])
def test_build_fails_on_a_flag_that_does_not_fit(tmp_project, tmp_path, which):
    rel = "content/en/poster.yaml"

    def lengthen(root: Path) -> None:
        path = root / rel
        index = 0 if which == "first" else len(load_yaml(path)["flags"]) - 1
        line, _, old = flag_text_line(path, index)
        lines = path.read_text(encoding="utf-8").split("\n")
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, LONG.strip())
        path.write_text("\n".join(lines), encoding="utf-8")

    root = tmp_project(lengthen)
    index = 0 if which == "first" else len(load_yaml(root / rel)["flags"]) - 1
    line, col, text = flag_text_line(root / rel, index)
    assert text == LONG.strip()

    from workbook.pipeline import build

    out = tmp_path / "out"
    english = [e for e in edition_codes(root) if edition_spec(root, e)["language"] == "en"]
    assert english
    with pytest.raises(BuildError) as info:
        build(root, out, editions=english)  # every edition that reads content/en/
    message = str(info.value)
    assert f"{rel}:{line}:{col}: flags[{index}].text: " in message, message
    assert re.search(r"needs \d+ lines", message), message
    written = list(out.rglob("*")) if out.exists() else []
    assert not written, f"a failed build wrote {written}"
