"""The corpus of bad inputs: each ``tests/bad_content/<case>.yaml`` breaks a copy of the project
and says exactly what the build must answer.

A case file holds::

    about: what is wrong, in a sentence
    args: [--edition, en-GB, --product, poster]   # optional; default: every edition and product
    patch:                                        # file (relative to the project) → change
      content/en/poster.yaml:
        find: "  - icon: "          # text that occurs exactly once (or `nth:` picks one)
        replace: "\\t- icon: "       # ... replaced by this; or `line:` replaces the whole line
      assets/emoji/1f440.svg: {delete: true}      # or {text: ...} for a whole new file
    encode: {content/en/spread.yaml: latin-1}     # optional: re-encode, add a BOM, use CRLF
    exit: 1                                       # optional; 1 by default
    expected:                                     # stderr, line by line, exactly
      - "content/en/poster.yaml:{line}:1: a tab in the indentation: indent YAML with spaces only"
    prints: {en-GB/spread.pdf: ["R&D <b>"]}        # exit-0 cases: text the PDF must show
    subprocess: true                              # run `python build.py` in a new process
    xfail: "what the lead must change, and where"  # a known gap, kept as a strict xfail

In ``expected``, ``{line}`` is the line of the first ``find`` (``{line+1}`` the one after, ``{line-2}``...),
and ``{languages}``, ``{regions}``, ``{editions}``, ``{products}`` are the project's own
lists, so a case does not break when a sentence or an edition is added elsewhere.

Every case checks: the exit code, the exact message, no traceback, and that the output
folder holds exactly the previous build's PDFs, byte for byte (nothing new written, nothing
half-written, nothing removed) -- or, for exit 0, only complete PDFs.
"""
from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML

from .helpers import ROOT, edition_codes, output_pdfs

CASES = Path(__file__).resolve().parent / "bad_content"
PREVIOUS = ("handout", "poster", "spread", "spread-landscape", "workbook")


def load_case(path: Path) -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def case_params() -> list:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        case = load_case(path)
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(path.stem, case, id=path.stem, marks=marks))
    return params


# --------------------------------------------------------------------------- patching


def apply_patch(root: Path, case: dict[str, Any]) -> dict[str, int]:
    """Change the copy as the case says; return the line of each file's first ``find``."""
    lines: dict[str, int] = {}
    for rel, change in (case.get("patch") or {}).items():
        path = root / rel
        if change.get("delete"):
            path.unlink()
            continue
        if "text" in change:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change["text"].encode("utf-8"))
            continue
        text = path.read_bytes().decode("utf-8")
        text, lines[rel] = _replace(text, change, rel)
        path.write_bytes(text.encode("utf-8"))
    for rel, how in (case.get("encode") or {}).items():
        path = root / rel
        text = path.read_bytes().decode("utf-8")
        for step in how.split("+"):
            text = {"crlf": lambda t: t.replace("\n", "\r\n"), "bom": lambda t: "\ufeff" + t}.get(step, lambda t: t)(text)
        encoding = next((s for s in how.split("+") if s not in ("crlf", "bom")), "utf-8")
        path.write_bytes(text.encode(encoding))
    return lines


def _replace(text: str, change: dict[str, Any], rel: str) -> tuple[str, int]:
    """One find → replace (or → whole-line replacement) in a file's text."""
    find = change["find"]
    starts = [m.start() for m in re.finditer(re.escape(find), text)]
    nth = change.get("nth")
    if nth is None and len(starts) != 1:
        raise AssertionError(f"{rel}: {find!r} occurs {len(starts)} times; the case needs it exactly once "
                             "(or an `nth:`): update the case to today's content")
    at = starts[nth or 0]
    line = text.count("\n", 0, at + len(find) - len(find.lstrip("\n"))) + 1
    if "line" in change:
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        return text[:begin] + change["line"] + text[end:], line
    return text[:at] + change["replace"] + text[at + len(find):], line


def expected_lines(case: dict[str, Any], lines: dict[str, int], snapshot: Path) -> list[str]:
    """The case's expected stderr, with {line}, {line+N} and the project's lists filled in."""
    from workbook.products import PRODUCTS

    first = next(iter(lines.values()), 0)
    content = snapshot / "content"
    from workbook.pseudo import PSEUDO_LANGUAGE  # made from English at load time: a language too

    folders = {p.name for p in content.iterdir() if p.is_dir() and p.name != "regions" and p.name[0] not in "._"}
    lists = {"languages": ", ".join(sorted(folders | {PSEUDO_LANGUAGE})),
             "regions": ", ".join(sorted(p.stem for p in (content / "regions").glob("*.yaml"))),
             "editions": ", ".join(edition_codes(snapshot)), "products": ", ".join(PRODUCTS)}

    def fill(m: re.Match) -> str:
        name, shift = m.group(1), int(m.group(2) or 0)
        return str(first + shift) if name == "line" else lists[name]

    return [re.sub(r"\{(line|languages|regions|editions|products)([+-]\d+)?\}", fill, e)
            for e in case.get("expected") or []]


# --------------------------------------------------------------------------- running


def previous_build(out: Path, codes: list[str]) -> dict[Path, bytes]:
    """Stand-ins for the PDFs of an earlier, good build: they must come out untouched."""
    files = {}
    for code in codes:
        for name in PREVIOUS:
            path = out / code / f"{name}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            data = f"%PDF-1.7\n% previous build of {code}/{name}\n".encode()
            path.write_bytes(data)
            files[path] = data
    return files


def run_build(root: Path, out: Path, args: list[str], in_subprocess: bool) -> tuple[int, str, str]:
    """``python build.py --project ROOT --out OUT ARGS``: in a new process, or in this one (faster)."""
    argv = ["--project", str(root), "--out", str(out), *args]
    if in_subprocess:
        r = subprocess.run([sys.executable, str(ROOT / "build.py"), *argv], cwd=root, capture_output=True,
                           text=True, timeout=300)
        return r.returncode, r.stdout, r.stderr
    from workbook.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(argv)
    return code, stdout.getvalue(), stderr.getvalue()


def pdf_text(path: Path) -> str:
    """The PDF's text, spaces normalised, read strictly by pypdf."""
    reader = PdfReader(path, strict=True)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.mark.parametrize("name, case", case_params())
def test_bad_content(name: str, case: dict[str, Any], tmp_project, snapshot_root: Path, tmp_path: Path) -> None:
    lines: dict[str, int] = {}

    def patch(root: Path) -> None:
        lines.update(apply_patch(root, case))

    root = tmp_project(patch)
    out = tmp_path / "out"
    before = previous_build(out, edition_codes(snapshot_root))
    code, stdout, stderr = run_build(root, out, [str(a) for a in case.get("args") or []], bool(case.get("subprocess")))

    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert not (root / "pwned").exists() and not Path("pwned").exists(), "content ran a command"
    assert code == case.get("exit", 1), f"exit {code}\n{stderr}"
    assert stderr.splitlines() == expected_lines(case, lines, snapshot_root), stderr
    assert not list(out.rglob("*.part")), "a temporary file was left behind"
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    if code != 0:
        assert after == before, "a failed build changed the output folder"
        return
    for path, data in after.items():
        if (path not in before or before[path] != data) and path in output_pdfs(out):
            PdfReader(path, strict=True)  # every new file is a complete PDF
    for rel, texts in (case.get("prints") or {}).items():
        text = pdf_text(out / rel)
        for wanted in texts:
            assert " ".join(wanted.split()) in text, f"{rel} does not show {wanted!r}"


def test_corpus_is_large_enough() -> None:
    """The issue asks for at least 30 cases, of which a handful run in a new process."""
    cases = [load_case(p) for p in CASES.glob("*.yaml")]
    assert len(cases) >= 30
    assert sum(bool(c.get("subprocess")) for c in cases) >= 5
