"""The command line, as a person runs it: ``python build.py`` in a copy of the project.

Exit codes: 0 built, 1 content error (``path:line:col: ...``, no traceback, nothing
written), 2 usage error (the known editions or products are listed).
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path


from .helpers import OUTPUTS, ROOT, edition_codes, edition_spec, kind, load_yaml, output_pdfs

BUILD = ROOT / "build.py"
POSTER = "content/en/poster.yaml"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def files_under(folder: Path) -> list[Path]:
    return output_pdfs(folder) if folder.exists() else []


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line containing ``needle``."""
    hits = [n for n, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} on lines {hits}"
    return hits[0]


def flag_label(root: Path, index: int) -> str:
    return str(load_yaml(root / POSTER)["flags"][index]["label"])


def assert_content_error(result: subprocess.CompletedProcess, out: Path) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not files_under(out), f"a failed build wrote {files_under(out)}"


# --------------------------------------------------------------------------- bad content


def test_bad_indentation_names_file_and_line(tmp_project, tmp_path):
    """One key of the second flag indented too deep: a YAML syntax error on that line."""
    def indent(root: Path) -> None:
        path = root / POSTER
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        n = line_of(text, f"label: {flag_label(root, 1)}") - 1
        lines[n] = "  " + lines[n]
        path.write_text("\n".join(lines), encoding="utf-8")

    root = tmp_project(indent)
    bad_line = line_of((root / POSTER).read_text(encoding="utf-8"), "      label: ")
    out = tmp_path / "out"
    result = run(root, "--out", str(out))
    assert_content_error(result, out)
    assert f"{POSTER}:{bad_line}:" in result.stderr, result.stderr
    assert "YAML syntax" in result.stderr


def test_unclosed_quote_in_the_middle_is_reported_with_a_line(tmp_project, tmp_path):
    """An opening quote never closed: YAML itself only notices further down, so we ask only
    for a located error in the right file (the exact line is covered below)."""
    root = tmp_project({POSTER: lambda text: text.replace("title: ", 'title: "', 1)})
    out = tmp_path / "out"
    result = run(root, "--out", str(out))
    assert_content_error(result, out)
    lines = len((root / POSTER).read_text(encoding="utf-8").split("\n"))
    m = re.search(rf"{re.escape(POSTER)}:(\d+):(\d+): YAML syntax", result.stderr)
    assert m, result.stderr
    assert 1 <= int(m[1]) <= lines


def test_unclosed_quote_on_last_value_points_at_the_quote(tmp_project, tmp_path):
    """At the end of the file YAML knows exactly which quote is unclosed: say so, on its line."""
    def unclose(text: str) -> str:
        lines = text.rstrip("\n").split("\n")
        key, value = lines[-1].split(": ", 1)
        lines[-1] = f'{key}: "{value}'
        return "\n".join(lines) + "\n"

    root = tmp_project({POSTER: unclose})
    quote_line = len((root / POSTER).read_text(encoding="utf-8").rstrip("\n").split("\n"))
    out = tmp_path / "out"
    result = run(root, "--out", str(out))
    assert_content_error(result, out)
    assert f"{POSTER}:{quote_line}:" in result.stderr, result.stderr
    assert "quot" in result.stderr.lower(), result.stderr  # says what is wrong: an unclosed quote


def test_missing_required_field_names_file_and_field(tmp_project, tmp_path):
    def drop_title(text: str) -> str:
        lines = text.split("\n")
        n = [i for i, line in enumerate(lines) if line.startswith("title:")]
        assert len(n) == 1
        del lines[n[0]]
        return "\n".join(lines)

    root = tmp_project({POSTER: drop_title})
    out = tmp_path / "out"
    result = run(root, "--out", str(out))
    assert_content_error(result, out)
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"{POSTER}:")]
    assert errors, result.stderr
    assert any(": title: " in e and "missing" in e for e in errors), result.stderr


def test_failed_build_leaves_previous_pdfs_byte_identical(tmp_project, tmp_path):
    root = tmp_project()
    out = tmp_path / "out"
    edition = next(e for e in edition_codes(root) if edition_spec(root, e)["language"] == "en")  # reads POSTER
    good = run(root, "--edition", edition, "--out", str(out))
    assert good.returncode == 0, good.stderr
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files_under(out)}
    assert {out / edition / f"{o}.pdf" for o in OUTPUTS} <= set(before)
    mtimes = {p: p.stat().st_mtime_ns for p in before}

    poster = root / POSTER
    poster.write_text(poster.read_text(encoding="utf-8").replace("title: ", 'title: "', 1), encoding="utf-8")
    bad = run(root, "--edition", edition, "--out", str(out))
    assert bad.returncode == 1, bad.stderr
    assert "Traceback" not in bad.stderr
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files_under(out)}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes, "a failed build rewrote a good PDF"


# --------------------------------------------------------------------------- usage


def test_unknown_edition_is_a_usage_error_listing_the_known_ones(tmp_project, tmp_path):
    root = tmp_project()
    out = tmp_path / "out"
    result = run(root, "--edition", "xx-XX", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "xx-XX" in result.stderr
    known = edition_codes(root)
    assert {"en-GB", "en-KH"} <= set(known)
    for code in known:
        assert code in result.stderr
    assert "Traceback" not in result.stderr
    assert not files_under(out)


def test_unknown_product_is_a_usage_error_listing_the_known_ones(tmp_project, tmp_path):
    from workbook.products import PRODUCTS

    root = tmp_project()
    out = tmp_path / "out"
    result = run(root, "--product", "mug", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "mug" in result.stderr
    for name in {"handout", "poster", "spread", "workbook"} | set(PRODUCTS):
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not files_under(out)


def test_list_prints_editions_and_products(tmp_project):
    root = tmp_project()
    result = run(root, "--list")
    assert result.returncode == 0, result.stderr
    for word in [*edition_codes(root), "handout", "poster", "spread", "workbook"]:
        assert word in result.stdout
    assert not (root / "build").exists(), "--list must not build"


def test_help_mentions_every_option(tmp_path):
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for option in ("--edition", "--product", "--out", "--list"):
        assert option in result.stdout


def test_one_edition_and_one_product(tmp_project, tmp_path):
    root = tmp_project()
    out = tmp_path / "out"
    result = run(root, "--edition", "en-KH", "--product", "poster", "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = files_under(out)
    assert out / "en-KH" / "poster.pdf" in written
    assert all(p.parent == out / "en-KH" and kind(p.stem) == "poster" and p.suffix == ".pdf" for p in written), written
