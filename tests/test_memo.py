"""The measurement memo (workbook/measure.py): each text is parsed and broken once per
(text, style, width), and a remembered result can never be corrupted by a later user."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from workbook import measure
from workbook.kit import ContentParagraph

TEXT = "Never share a <b>password</b> with someone you only know online, whatever they promise you."


def _style(**kw) -> ParagraphStyle:
    return ParagraphStyle("memo-test", **{"fontName": "Helvetica", "fontSize": 10, "leading": 12, **kw})


def _lines(p: Paragraph) -> list[str]:
    return [" ".join(getattr(w, "text", str(w)) for w in (line.words if hasattr(line, "words") else line[1]))
            for line in p.blPara.lines]


def test_same_text_and_width_is_broken_once() -> None:
    measure.clear()
    for _ in range(3):
        ContentParagraph(TEXT, _style()).wrap(120, 1000)
    assert measure.BROKEN.misses == 1 and measure.BROKEN.hits == 2
    assert measure.PARSED.misses == 1 and measure.PARSED.hits == 2


def test_widths_a_b_a_match_a_fresh_paragraph() -> None:
    measure.clear()
    p = ContentParagraph(TEXT, _style())
    p.wrap(120, 1000)
    p.wrap(300, 1000)
    p.wrap(120, 1000)
    head, tail = p.split(120, 24)  # split changes the line fragments it is given
    head.wrap(120, 24)
    tail.wrap(120, 1000)
    p2 = ContentParagraph(TEXT, _style())
    p2.wrap(120, 1000)
    fresh = Paragraph(TEXT, _style())
    fresh.wrap(120, 1000)
    assert _lines(p2) == _lines(fresh)
    assert p2.height == fresh.height
    assert measure.BROKEN.hits >= 1


def test_style_and_width_change_the_result() -> None:
    measure.clear()
    narrow = ContentParagraph(TEXT, _style())
    narrow.wrap(100, 1000)
    wide = ContentParagraph(TEXT, _style())
    wide.wrap(400, 1000)
    big = ContentParagraph(TEXT, _style(fontSize=14, leading=17))
    big.wrap(100, 1000)
    assert len(narrow.blPara.lines) > len(wide.blPara.lines)
    assert len(big.blPara.lines) > len(narrow.blPara.lines)
    assert measure.BROKEN.hits == 0


def test_memo_is_bounded() -> None:
    memo = measure.Memo(size=3)
    for i in range(10):
        memo.put(i, i)
    assert len(memo) == 3 and memo.get(0) is None and memo.get(9) == 9
