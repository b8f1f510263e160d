"""The teacher's guide: one page per lesson, and an answer key that matches the content.

The expected key is made here from the YAML read plainly (conversation.yaml's callouts and
indicators, poster.yaml's flags and the messages they point to, the handout's and poster's
definitions, the tips, the region's helplines), never through the product's code, and
compared with the PDF: each question and its answer must stand on the lesson's page, side
by side in the same row (their first words at the same height, in the two columns).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import (EDITIONS, MM, ROOT, copy_project, edition_spec, load_yaml, norm, page_texts, plain, region,
                      words)

ENGLISH = [e for e in EDITIONS if edition_spec(ROOT, e)["language"] == "en"]


@pytest.fixture(scope="module")
def teacher_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from workbook.pipeline import build

    root = copy_project(ROOT, tmp_path_factory.mktemp("teacher-project"))
    out = tmp_path_factory.mktemp("teacher-out")
    report = build(root, out, products=["teacher"], variants=["plain"])
    return out, report


def expected_key(edition: str, kind: str) -> list[tuple[str, str]]:
    """(question, answer) of a lesson's key, from the content files themselves."""
    spec = edition_spec(ROOT, edition)
    lang = spec["language"]
    talk, poster, handout = (words(ROOT, lang, s) for s in ("conversation", "poster", "handout"))
    course = words(ROOT, lang, "course")
    if kind == "indicators":
        return [(f"({c['number']})", talk["indicators"][c["indicator"]]["title"]) for c in talk["callouts"]]
    if kind == "flags":
        return [(f["text"], talk["messages"][f["message"] - 1]["text"]) for f in poster["flags"]]
    if kind == "callouts":
        return [(f"({c['number']})", c["text"]) for c in talk["callouts"]]
    if kind == "terms":
        handout_terms = [t for s in handout["sections"] for b in s["blocks"] for t in b.get("terms") or []]
        chosen = [handout_terms[i] for i in course["terms"]["handout"]]
        chosen += [poster["exploitation"]["forms"][i] for i in course["terms"]["poster"]]
        return [(t["term"], t["text"]) for t in chosen]
    if kind == "tips":  # a tip may name the region's service: {{ region.report_to }}
        fill = lambda t: re.sub(r"{{ region\.(\w+) }}", lambda m: str(region(ROOT, spec["region"])[m.group(1)]), t)  # noqa: E731
        return [("", fill(p)) for s in handout["sections"] if s["id"] == "tips" for b in s["blocks"] for p in b["points"]]
    if kind == "helplines":
        data = region(ROOT, spec["region"])
        rows = [(h["name"], h["number"]) for h in data["helplines"]]
        return rows + ([("", data["emergency"]["number"])] if "emergency" in data else [])
    return []


def lessons() -> list[dict]:
    return load_yaml(ROOT / "content" / "en" / "course.yaml")["lessons"]


def column_words(path: Path, page: int, edition: str) -> tuple[list[dict], list[dict]]:
    """The words of the answer table's two columns (the table's left column is 36 % of the text width)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        margin = 18 * MM
        split = margin + 0.36 * (p.width - 2 * margin)
        return (p.crop((0, 0, split, p.height)).extract_words(), p.crop((split, 0, p.width, p.height)).extract_words())


def tops(found: list[dict], text: str) -> list[float]:
    """Where a text starts (its first words, in order) among a column's words: every place."""
    want = plain(text).split()[:3]
    texts = [w["text"] for w in found]
    return [found[i]["top"] for i in range(len(texts) - len(want) + 1) if texts[i:i + len(want)] == want]


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_opening_page_and_exactly_one_page_per_lesson(teacher_out, edition):
    out, _ = teacher_out
    texts = page_texts(out / edition / "teacher.pdf")
    assert len(texts) == len(lessons()) + 1
    if edition_spec(ROOT, edition)["language"] == "en":
        for n, lesson in enumerate(lessons(), 1):
            assert plain(lesson["title"]) in norm(texts[n]), f"lesson {n} is not on page {n + 1}"


@pytest.mark.parametrize("edition", ENGLISH)
@pytest.mark.parametrize("n", range(len(lessons())))
def test_the_answer_key_matches_the_content(teacher_out, edition, n):
    out, _ = teacher_out
    lesson = lessons()[n]
    key = expected_key(edition, lesson["answers"])
    text = norm(page_texts(out / edition / "teacher.pdf")[n + 1])
    left, right = column_words(out / edition / "teacher.pdf", n + 1, edition)
    for ask, answer in key:
        assert plain(answer) in text, f"lesson {n + 1}: answer {answer!r} missing"
        if ask and lesson["answers"] != "helplines":
            assert plain(ask) in text, f"lesson {n + 1}: {ask!r} missing"
            rows = [(a, b) for a in tops(left, ask) for b in tops(right, answer) if abs(a - b) < 2]
            assert rows, f"lesson {n + 1}: {ask!r} and {answer!r} are not in one row"
    if lesson["answers"] == "none":
        assert plain(words(ROOT, "en", "teacher")["labels"]["no_key"]) in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_safeguarding_note_names_the_regions_services_and_is_marked_for_review(teacher_out, edition):
    out, report = teacher_out
    spec = edition_spec(ROOT, edition)
    first = norm(page_texts(out / edition / "teacher.pdf")[0])
    for h in region(ROOT, spec["region"])["helplines"]:
        assert plain(h["name"]) in first or spec["language"] != "en"
    teacher = load_yaml(ROOT / "content" / "en" / "teacher.yaml")
    assert "safeguarding" in teacher["editorial"]
    line = next(i for i, t in enumerate((ROOT / "content/en/teacher.yaml").read_text().splitlines(), 1)
                if t.startswith("safeguarding:"))
    assert f"content/en/teacher.yaml:{line}" in report.editorial["en"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_carries_the_notice(teacher_out, edition):
    out, _ = teacher_out
    notice = norm(load_yaml(ROOT / "content" / "en" / "common.yaml")["notice"])
    assert all(notice in norm(t) for t in page_texts(out / edition / "teacher.pdf"))
