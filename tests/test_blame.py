"""One language's or region's mistake fails only the editions that read it; the others build.

And structure (a message's sender, its callout, a flag's message number) follows the English:
a valid English edit never breaks a translation that copied the old structure.
"""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

from .helpers import load_yaml, page_texts, plain


def build(root: Path, out: Path, *args: str) -> tuple[int, str, str]:
    from workbook.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--project", str(root), "--out", str(out), *args])
    return code, stdout.getvalue(), stderr.getvalue()


def test_a_broken_translation_fails_its_editions_only(tmp_project, tmp_path: Path) -> None:
    root = tmp_project({"content/km/conversation.yaml": lambda t: t.replace("\ncaption:", "\ncaptoin:", 1)})
    line = (root / "content/km/conversation.yaml").read_text(encoding="utf-8").split("\n").index(
        next(l for l in (root / "content/km/conversation.yaml").read_text(encoding="utf-8").split("\n")
             if l.startswith("captoin:"))) + 1
    out = tmp_path / "out"
    others = sorted(e for e, spec in load_yaml(root / "content/editions.yaml")["editions"].items()
                    if spec["language"] != "km")  # whatever editions the project declares
    code, _, stderr = build(root, out, "--product", "poster", "--variant", "plain")
    assert code == 1 and "Traceback" not in stderr
    assert stderr.splitlines() == [
        f"content/km/conversation.yaml:{line}:1: captoin: unknown field; check its spelling against "
        "content/README.md or remove it",
        f"built {len(others)} PDFs into {out}/ for the other editions",
        "failed: km-KH",
    ]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [f"{e}/poster.pdf" for e in others]
    assert not (out / "km-KH").exists()


def test_a_broken_region_fails_the_editions_of_that_region_only(tmp_project, tmp_path: Path) -> None:
    root = tmp_project({"content/regions/GB.yaml": lambda t: t.replace("  short: CTAC", "  shrot: CTAC", 1)})
    out = tmp_path / "out"
    code, _, stderr = build(root, out, "--edition", "en-GB", "--edition", "en-US", "--product", "poster",
                            "--variant", "plain")
    assert code == 1
    assert "content/regions/GB.yaml" in stderr.splitlines()[0] and stderr.splitlines()[-1] == "failed: en-GB"
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.pdf")] == ["en-US/poster.pdf"]


def test_every_chosen_edition_broken_is_one_content_error_and_nothing_written(tmp_project, tmp_path: Path) -> None:
    root = tmp_project({"content/regions/GB.yaml": lambda t: t.replace("  short: CTAC", "  shrot: CTAC", 1)})
    out = tmp_path / "out"
    code, _, stderr = build(root, out, "--edition", "en-GB", "--product", "poster")
    assert code == 1 and len(stderr.splitlines()) == 1 and "shrot: unknown field" in stderr
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_a_broken_file_no_edition_reads_is_a_warning(tmp_project, tmp_path: Path) -> None:
    root = tmp_project({"content/regions/MX.yaml": "helplines: []\n"})
    code, stdout, stderr = build(root, tmp_path / "out", "--edition", "en-GB", "--product", "poster",
                                 "--variant", "plain")
    assert code == 0, stderr
    assert any(l.startswith("warning: content/regions/MX.yaml:") and l.endswith("(no edition reads this file)")
               for l in stdout.splitlines()), stdout


def test_a_callout_moved_in_english_moves_in_khmer_too(tmp_project, tmp_path: Path) -> None:
    """Callout 4 moves from message 7 to a new last message, in English only: valid content,
    so every edition builds, the Khmer keeps its words and takes the English structure."""
    def move(text: str) -> str:
        text = text.replace("really you\n    callout: 4\n", "really you\n", 1)
        return text.replace("\ncallouts:", "\n  - from: them\n    text: come on, just one pic\n    callout: 4\ncallouts:", 1)

    root = tmp_project({"content/en/conversation.yaml": move})
    out = tmp_path / "out"
    code, _, stderr = build(root, out, "--edition", "en-GB", "--edition", "km-KH", "--product", "spread",
                            "--variant", "plain")
    assert code == 0, stderr
    en, km = (plain(" ".join(page_texts(out / code / "spread.pdf"))) for code in ("en-GB", "km-KH"))
    assert "come on, just one pic" in en
    assert "come on, just one pic" in km  # the new message, printed in English until translated
