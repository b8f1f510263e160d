"""Proof and final: unconfirmed values never print as if real, and ``--final`` refuses a proof.

Read from the PDFs: the margin mark on every page of every output of a proof, with the
count ``--final`` lists; the "to confirm" style of a placeholder number; the region's own
reporting service in the tips; no emergency row where a region has none.
"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pdfplumber
import pytest

from workbook.cli import main

from .helpers import EDITIONS, every_pdf, pdfium_page_texts, region, words_only



def run(root: Path, out: Path, *args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--project", str(root), "--out", str(out), *args])
    return code, stdout.getvalue(), stderr.getvalue()


def proof_words(root: Path, edition: str, count: int) -> str:
    """The mark as the edition's language words it, rendered (the km draft or the English)."""
    from workbook.words import render_text
    from .helpers import edition_spec, words

    language = edition_spec(root, edition)["language"]
    template = words(root, "en" if language == "qps" else language, "common")["proof"]
    return words_only(render_text(template, {"count": count}))


@pytest.mark.parametrize("edition, output", every_pdf())
def test_every_page_of_a_proof_carries_the_mark(built, edition: str, output: str) -> None:
    count = built.report.proofs[edition]
    path = built.pdf(edition, output)
    texts = [words_only(t) for t in pdfium_page_texts(path)]
    if edition == "qps":  # the pseudo-locale's mark is the English one, made ~40 % longer and accented
        assert all(re.search(rf"\b{count}\b", t) and "[" in t for t in texts)
        return
    mark = proof_words(built.root, edition, count)
    missing = [i + 1 for i, t in enumerate(texts) if mark not in t]
    assert not missing, f"{path.name}: pages {missing} lack the proof mark {mark!r}"


def mark_box(page, mark: str) -> tuple[float, float, float, float] | None:
    """The box of the characters that spell the proof mark on a page (upright or rotated)."""
    chars = [c for c in page.chars if c["text"].strip()]
    text, target = "".join(c["text"] for c in chars), mark.replace(" ", "")
    start = text.find(target)
    if start < 0:
        return None
    run = chars[start:start + len(target)]
    return (min(c["x0"] for c in run), min(c["top"] for c in run), max(c["x1"] for c in run),
            max(c["bottom"] for c in run))


@pytest.mark.parametrize("edition", [e for e in EDITIONS if e.startswith("en-")])
def test_the_mark_covers_nothing(built, edition: str) -> None:
    """No other character of the page lies under the proof mark (left margin, or the poster's notice band)."""
    mark = proof_words(built.root, edition, built.report.proofs[edition])
    problems = []
    for output in (o for o in built.outputs(edition) if not o.endswith(("-gray", "-print"))):  # same layout as plain
        with pdfplumber.open(built.pdf(edition, output)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                box = mark_box(page, mark)
                if box is None:
                    problems.append(f"{output} page {number}: no proof mark")
                    continue
                x0, top, x1, bottom = box
                pad = 2.0  # the label's own padding: a point more than the glyphs
                under = [c["text"] for c in page.chars if c["text"].strip() and not (
                    c["x1"] <= x0 - pad or c["x0"] >= x1 + pad or c["bottom"] <= top - pad or c["top"] >= bottom + pad)]
                if len(under) > len(mark.replace(" ", "")):
                    problems.append(f"{output} page {number}: text under the proof mark: {''.join(under)!r}")
    assert not problems, "\n".join(problems)


def test_final_refuses_a_proof_and_lists_every_value(built, tmp_path: Path) -> None:
    code, _, err = run(built.root, tmp_path / "out", "--final")
    assert code == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf")), "a proof was written"
    for edition, count in built.report.proofs.items():
        assert f"{edition} is a proof, not a final edition: {count} to confirm" in err
    listed = [line for line in err.splitlines() if line.startswith("  ")]
    assert len(listed) == sum(built.report.proofs.values())
    assert all(re.match(r"  content/[\w/.-]+\.yaml:\d+:\d+: ", line) for line in listed), listed[:3]
    assert "content/links.yaml:" in err and "videos.can_you_see_me.url" in err


def test_a_confirmed_edition_is_final(tmp_project, tmp_path: Path) -> None:
    """Once every value has a source, the English edition builds with --final and has no mark."""
    def confirm(text: str) -> str:
        return re.sub(r"    placeholder: >-\n(      .*\n)+", "    source: {address: A21, checked: 2026-12-01}\n", text)

    root = tmp_project({"content/links.yaml": confirm})
    out = tmp_path / "out"
    code, stdout, err = run(root, out, "--final", "--edition", "en-GB", "--product", "handout", "--variant", "plain")
    assert code == 0, err
    assert "proof" not in stdout.lower()
    assert not any("PROOF" in t for t in pdfium_page_texts(out / "en-GB" / "handout.pdf"))


def test_a_placeholder_number_prints_to_confirm_not_as_a_number(tmp_project, tmp_path: Path) -> None:
    """An unconfirmed helpline number is small italic text in a dashed box, never the big number type."""
    root = tmp_project({"content/regions/US.yaml": lambda t: t.replace(
        '    number: "1-800-843-5678"\n', '    number: "[CyberTipline number]"\n    placeholder: Ask NCMEC.\n')})
    out = tmp_path / "out"
    code, stdout, err = run(root, out, "--edition", "en-US", "--product", "handout", "--product", "poster",
                            "--variant", "plain")
    assert code == 0, err
    with pdfplumber.open(out / "en-US" / "poster.pdf") as pdf:  # the report box's tile: no number type either
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        text = "".join(c["text"] for c in chars)
        run_ = chars[text.index("[CyberTiplinenumber]"):][:len("[CyberTiplinenumber]")]
        assert all("Italic" in c["fontname"] for c in run_) and max(c["size"] for c in run_) < 16, run_[:2]
        assert any(e.get("dash") and e["dash"][0] for e in page.edges), "no dashed outline on the poster"
    assert "[CyberTipline number] (Ask NCMEC.)" in stdout
    with pdfplumber.open(out / "en-US" / "handout.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars if c["text"].strip()]
        text = "".join(c["text"] for c in chars)
        start = text.index("[CyberTiplinenumber]")
        placeholder = chars[start:start + len("[CyberTiplinenumber]")]
        assert all(c["size"] < 12 and "Italic" in c["fontname"] for c in placeholder), placeholder[:3]
        real = text.index("911")
        assert chars[real]["size"] >= 16  # a confirmed number keeps the number type
        dashed = [e for p in pdf.pages for e in p.edges if e.get("dash") and e["dash"][0]]
        assert dashed, "no dashed outline around the value to confirm"


def test_uk_tips_name_uk_services(built) -> None:
    for output in ("handout", "poster", "workbook"):
        text = " ".join(words_only(t) for t in pdfium_page_texts(built.pdf("en-GB", output)))
        assert "CyberTipline" not in text, f"en-GB/{output} sends British students to a US service"
    handout = " ".join(words_only(t) for t in pdfium_page_texts(built.pdf("en-GB", "handout")))
    assert "report to the app and/or the Child Trafficking Advice Centre (CTAC) or the NSPCC Helpline" in handout


def test_a_region_without_an_emergency_number_prints_no_row(built) -> None:
    assert "emergency" not in region(built.root, "KH")
    for edition in ("en-KH", "km-KH"):
        for output in ("handout", "poster"):
            text = " ".join(pdfium_page_texts(built.pdf(edition, output)))
            assert "local emergency number" not in text
            assert "emergency number" not in text and "IMMEDIATE DANGER" not in text.upper()
            assert "1288" in text and "092 311 511" in text


def test_summary_lists_sources_and_notes_without_jargon(built) -> None:
    report = built.report
    assert any("1-800-843-5678" in line and "report.cybertip.org" in line for line in report.sources)
    assert any("911" in line and "checked 2026-" in line for line in report.sources)
    assert any("0800 1111" in line and "Childline" in line for line in report.to_verify)
    for line in [*report.to_confirm, *report.to_verify]:
        assert not re.search(r"\bseeds?\b|shared/|reference", line, re.I), line


@pytest.mark.parametrize("edition", ["en-GB", "en-US"])
def test_placeholder_addresses_print_to_confirm(built, edition: str) -> None:
    """Both video addresses are placeholders: beside their QR codes they print italic in a dashed box."""
    with pdfplumber.open(built.pdf(edition, "handout")) as pdf:
        found = 0
        for page in pdf.pages:
            text = "".join(c["text"] for c in page.chars)
            dashes = [e for e in page.edges if e.get("dash") and e["dash"][0]]
            for m in re.finditer(re.escape("A21.org/Education"), text):
                chars = page.chars[m.start():m.end()]
                if all("Italic" in c["fontname"] for c in chars):
                    boxed = any(e["x0"] <= chars[0]["x0"] and e["top"] - 12 <= chars[0]["top"] <= e["bottom"] + 12
                                for e in dashes)
                    found += boxed
    assert found >= 2, "the two video addresses are not in the to-confirm style"
