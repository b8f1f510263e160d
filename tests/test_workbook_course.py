"""The workbook as a course: cover, contents, lessons in order, activities, help at the end.

Read back from the PDFs (pypdf text and bookmarks, pdfplumber's drawn lines) and compared
with content read plainly (course.yaml, activities.yaml, conversation.yaml, the region).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import (EDITIONS, MM, ROOT, copy_project, edition_spec, load_yaml, norm, outline_entries, page_texts,
                      pdfium_page_texts, plain, reader, region, words, words_only)

ENGLISH = [e for e in EDITIONS if edition_spec(ROOT, e)["language"] == "en"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbook.pipeline import build

    root = copy_project(ROOT, tmp_path_factory.mktemp("course-project"))
    folder = tmp_path_factory.mktemp("course-out")
    build(root, folder, products=["workbook", "teacher"], variants=["plain", "gray", "booklet"])
    return folder


def lang(edition: str) -> str:
    return edition_spec(ROOT, edition)["language"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_entries_are_the_top_level_bookmarks_with_their_pages(out, edition):
    path = out / edition / "workbook.pdf"
    top = [(t, p) for t, depth, p in outline_entries(reader(path)) if depth == 0]
    course, acts = words(ROOT, lang(edition), "course"), words(ROOT, lang(edition), "activities")
    titles = [plain(lesson["title"]) for lesson in course["lessons"]] + [plain(acts["help_title"])]
    assert [words_only(t) for t, _ in top] == [words_only(t) for t in titles], "bookmarks are the lessons, in order, then help"
    texts = pdfium_page_texts(path)
    contents = words_only(texts[1])
    assert words_only(acts["contents"]) in contents
    labels = [str(n) for n in range(1, len(texts) + 1)]
    for title, page in top:
        assert words_only(title) in contents, f"{title!r} is bookmarked but not in the contents"
        assert words_only(title) in words_only(texts[page]), f"bookmark {title!r} points at a page without it"
        entry = contents[contents.index(words_only(title)):]
        assert entry.split()[len(words_only(title).split())] == labels[page] or lang(edition) != "en", \
            f"the contents gives {title!r} another page than its bookmark ({page + 1})"


@pytest.mark.parametrize("edition", ENGLISH)
def test_each_chat_appears_at_most_twice_once_plain_once_annotated(out, edition):
    talk = words(ROOT, "en", "conversation")
    text = norm(" ".join(page_texts(out / edition / "workbook.pdf")))
    first = plain(talk["messages"][0]["text"])
    assert text.count(first) == 2
    callout = plain(talk["callouts"][0]["text"])
    assert 1 <= text.count(callout) <= 2  # the annotated chat's note, and the callouts list beside it


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_carries_the_notice_and_the_last_the_full_copyright_and_helplines(out, edition):
    common = load_yaml(ROOT / "content" / "en" / "common.yaml")
    for name in ("workbook", "workbook-gray", "workbook-booklet"):
        texts = page_texts(out / edition / f"{name}.pdf")
        assert all(norm(common["notice"]) in norm(t) for t in texts), name
    last = norm(page_texts(out / edition / "workbook.pdf")[-1])
    assert norm(common["copyright"])[:80] in last
    data = region(ROOT, edition_spec(ROOT, edition)["region"])
    for h in data["helplines"]:
        assert norm(str(h["number"])) in last


@pytest.mark.parametrize("edition", EDITIONS)
def test_writing_lines_are_at_least_8_mm_apart(out, edition):
    import pdfplumber

    found = 0
    with pdfplumber.open(out / edition / "workbook.pdf") as pdf:
        for page in pdf.pages:
            rows: dict[tuple[float, float], list[float]] = {}
            for line in page.lines:
                if abs(line["top"] - line["bottom"]) < 0.01 and line["x1"] - line["x0"] > 60 * MM:
                    rows.setdefault((round(line["x0"]), round(line["x1"])), []).append(line["top"])
            for ys in rows.values():
                ys = sorted(set(round(y, 2) for y in ys))
                gaps = [b - a for a, b in zip(ys, ys[1:])]
                if len(ys) >= 3:  # a block of writing lines
                    found += 1
                    assert min(gaps) >= 8 * MM - 0.01, f"lines {min(gaps) / MM:.1f} mm apart"
    assert found >= 3  # "what seems odd", the safety plan's prompts


@pytest.mark.parametrize("edition", ENGLISH)
def test_activities_are_made_from_content(out, edition):
    """The flags' messages, the terms' meanings and every safety tip stand on the activity pages."""
    text = norm(" ".join(page_texts(out / edition / "workbook.pdf")))
    acts, poster, talk = (words(ROOT, "en", s) for s in ("activities", "poster", "conversation"))
    for name in ("odd", "flags", "terms", "privacy", "adults", "plan"):
        assert plain(acts[name]["title"]) in text
    for flag in poster["flags"]:
        assert plain(talk["messages"][flag["message"] - 1]["text"]) in text
    for prompt in acts["plan"]["prompts"]:
        assert plain(prompt) in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_booklet_pages_are_half_the_office_paper(out, edition):
    pdf = reader(out / edition / "workbook-booklet.pdf")
    assert len(pdf.pages) >= 6


@pytest.mark.parametrize("edition", ENGLISH)
def test_the_teachers_page_gives_each_lessons_pages_in_the_workbook(out, edition):
    """Lesson n runs from its bookmark's page to the page before the next top-level bookmark."""
    book = out / edition / "workbook.pdf"
    starts = [p for _, depth, p in outline_entries(reader(book)) if depth == 0]
    ends = [p - 1 for p in starts[1:]] + [len(reader(book).pages) - 1]
    guide = page_texts(out / edition / "teacher.pdf")
    for n, (first, last) in enumerate(list(zip(starts, ends))[:-1], 1):  # the last part is the help, not a lesson
        want = f"page {first + 1}" if first == last else f"pages {first + 1} to {last + 1}"
        assert want in norm(guide[n]), f"lesson {n}: {want}"
