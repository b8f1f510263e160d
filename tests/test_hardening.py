"""Issue 9, the cases a patch cannot make: links, pipes and devices, big files, a full or read-only
disk, an output path that is a file, PO headers, templates that grow as a power, and builds
running at the same time. Each checks the exact message, the exit code, that no traceback is
printed, that old PDFs are byte-identical and that no temporary file is left."""
from __future__ import annotations

import errno
import fcntl
import os
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbook.yaml_source import read_yaml
from workbook.errors import ContentError
from workbook.finish import write_all
from workbook.output import clean_partials
from workbook.words import render_text

from .helpers import ROOT
from .test_bad_content import previous_build, run_build
from .test_security import DATA

POSTER = ["--edition", "en-GB", "--product", "poster", "--variant", "plain"]

HANG = 10  # seconds: a guard against the old minutes-long work (67 s), not a benchmark; load varies


def fails_cleanly(root: Path, out: Path, args: list[str], expected: list[str], subprocess_: bool = False,
                  code: int = 1) -> None:
    """Run a build that must fail with exactly ``expected`` and leave ``out`` as it was."""
    usable = len(out.name) <= 255 and not any(p.exists() and not p.is_dir() for p in [out, *out.parents])
    before = previous_build(out, ["en-GB"]) if usable else {}
    status, _, stderr = run_build(root, out, args, subprocess_)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert status == code, stderr
    assert stderr.splitlines() == expected, stderr
    if usable:
        assert not [p for p in out.rglob("*") if ".part" in p.name], "a temporary file was left behind"
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --------------------------------------------------------------------------- confinement


def linked_away(root: Path, folder: str, elsewhere: Path) -> Path:
    """Move a folder of the project elsewhere and leave a symbolic link to it in its place."""
    shutil.move(root / folder, elsewhere)
    (root / folder).symlink_to(elsewhere)
    return root


def test_a_fonts_folder_that_is_a_link_is_refused(tmp_project, tmp_path: Path) -> None:
    root = linked_away(tmp_project(), "assets/fonts", tmp_path / "elsewhere")
    status, _, stderr = run_build(root, tmp_path / "out", POSTER, False)
    assert status == 1 and "Traceback" not in stderr
    assert "this file links to a place outside assets/; copy the file into assets/ instead" in stderr, stderr
    assert not (tmp_path / "out").exists()


def test_a_content_folder_that_is_a_link_is_refused(tmp_project, tmp_path: Path) -> None:
    root = linked_away(tmp_project(), "content/en", tmp_path / "elsewhere")
    status, _, stderr = run_build(root, tmp_path / "out", POSTER, False)
    assert status == 1 and "Traceback" not in stderr
    assert ("content/en/poster.yaml: this file links to a place outside content/; copy the file into content/ "
            "instead of linking to it") in stderr.splitlines(), stderr


def test_a_fifo_does_not_hang_the_build(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    (root / "content" / "en" / "poster.yaml").unlink()
    os.mkfifo(root / "content" / "en" / "poster.yaml")
    started = time.monotonic()
    fails_cleanly(root, tmp_path / "out", POSTER, [
        "content/en/poster.yaml: this is not a regular file (a folder, pipe or device); replace it with a plain text file",
    ], subprocess_=True)
    assert time.monotonic() - started < 60


def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.yaml").symlink_to("/dev/zero")
    with pytest.raises(ContentError, match="links to a place outside content/"):
        read_yaml(tmp_path / "content" / "x.yaml", "content/x.yaml")
    os.mkfifo(tmp_path / "content" / "fifo.yaml")
    with pytest.raises(ContentError, match="not a regular file"):
        read_yaml(tmp_path / "content" / "fifo.yaml", "content/fifo.yaml")


def test_a_huge_content_file_is_refused_at_once(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    path = root / "content" / "en" / "poster.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# " + "x" * 4_000_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ContentError) as info:
        read_yaml(path, "content/en/poster.yaml")
    assert time.perf_counter() - started < HANG
    assert str(info.value) == ("content/en/poster.yaml: this file is larger than 256 KB, far more than it should "
                               "hold; check it is the right file (content files are a few KB: split a longer one)")


def test_a_multi_megabyte_string_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    """A 180 KB flag took 67 s to refuse; a 200 KB string is refused while reading."""
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "x.yaml"
    path.write_text("text: " + "They earn your trust. " * 9000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ContentError) as info:
        read_yaml(path, "content/x.yaml")
    assert time.perf_counter() - started < HANG
    assert str(info.value) == ("content/x.yaml:1:7: text: this text has 197,999 characters, more than any printed "
                               "text needs (10,000 at most); shorten it")


def test_a_long_text_in_a_fixed_box_is_refused_quickly() -> None:
    from workbook.kit import Kit
    from workbook.theme import load_theme

    kit = Kit(load_theme(ROOT / "templates", ROOT / "assets"), ROOT / "assets")
    for repeat in (450, 60):  # far past the box's bound, then merely too long
        started = time.perf_counter()
        with pytest.raises(ContentError, match="shorten it"):
            kit.fit("They earn your trust. " * repeat, "h2", 200, 60)
        assert time.perf_counter() - started < HANG, repeat


@pytest.mark.parametrize("text, message", [
    ('a: "x\\u202Ey"\n', "content/x.yaml:1:4: a: bidirectional control character U+202E"),
    ("a: x\u2067y\n", "content/x.yaml:1:5: a: bidirectional control character U+2067"),
    ("a: |\n  ok\n  no \u202a here\n", "content/x.yaml:3:6: a: bidirectional control character U+202A"),
    ('"k\\u202D": v\n', "content/x.yaml:1:1: bidirectional control character U+202D"),
    ('a: "\\0"\n', "content/x.yaml:1:4: a: control character U+0000"),
    ('a: "\\x85"\n', "content/x.yaml:1:4: a: control character U+0085"),
    ('a: "\\U0010FFFF"\n', "content/x.yaml:1:4: a: noncharacter U+10FFFF"),
    ('a: "\\uFFFE"\n', "content/x.yaml:1:4: a: noncharacter U+FFFE"),
])
def test_characters_that_change_a_page_unseen_are_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ContentError) as info:
        read_yaml(tmp_path / "content" / "x.yaml", "content/x.yaml")
    assert str(info.value).startswith(message), str(info.value)


def test_ordinary_text_still_reads(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.yaml").write_text('a: "line\\nbreak"\nb: ខ្មែរ\u200b\u00a0ok\n', encoding="utf-8")
    assert read_yaml(tmp_path / "content" / "x.yaml", "content/x.yaml") == {"a": "line\nbreak", "b": "ខ្មែរ\u200b\u00a0ok"}


# --------------------------------------------------------------------------- emoji SVGs


def test_svg_text_never_runs_fc_match(tmp_path: Path, monkeypatch) -> None:
    """svglib runs ``fc-match`` from PATH for <text>; the checked SVG never gets that far."""
    from svglib.svglib import svg2rlg

    from workbook.emoji import load_emoji

    marker = tmp_path / "fc-match-ran"
    fake = tmp_path / "bin" / "fc-match"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ntouch {marker}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><path d="M0 0h9v9z"/>'
           b'<text x="1" y="20" font-family="NoSuchFont">hi</text></svg>')
    folder = tmp_path / "assets" / "emoji"
    folder.mkdir(parents=True)
    (folder / "1f440.svg").write_bytes(svg)
    with pytest.raises(ContentError, match="contains <text>"):
        load_emoji("👀", folder)
    assert not marker.exists()
    svg2rlg(str(folder / "1f440.svg"))  # the same file given to svglib unchecked: the fake is run
    assert marker.exists(), "this test's fake fc-match was never called; the test proves nothing"


def test_every_shipped_emoji_passes_and_draws() -> None:
    from workbook.emoji import load_emoji

    for path in sorted((ROOT / "assets" / "emoji").glob("*.svg")):
        char = "".join(chr(int(c, 16)) for c in path.stem.split("-"))
        load_emoji.cache_clear()
        drawing = load_emoji(char, ROOT / "assets" / "emoji")
        assert drawing.width > 0 and drawing.contents, path.name


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("source", [
    "{{ region.name" + "|join(region.name)" * 8 + " }}",
    "{{ " + " ~ ".join(["(region.name" + "|join(region.name)" * 3 + ")"] * 40) + " }}",
    "{{ " + " + ".join(["(region.name" + "|join(region.name)" * 3 + ")"] * 40) + " }}",
    "{{ region.helplines|map(attribute='name')|map('join', region.name" + "|join(region.name)" * 4 + ")|join }}",
    "{% for c in region.name|list %}{{ c|join(region.name" + "|join(region.name)" * 3 + ") }}{% endfor %}",
])
def test_templates_that_grow_as_a_power_are_refused_small(source: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ContentError, match="this template makes more than 100,000 characters"):
            render_text(source, DATA)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < HANG
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MB"


def test_joins_and_concatenation_still_work() -> None:
    assert render_text("{{ region.helplines|map(attribute='name')|join(' and ') }} ~ {{ region.name ~ '!' }}",
                       DATA) == "CTAC ~ United Kingdom!"


# --------------------------------------------------------------------------- the i18n commands


def test_po_language_header_cannot_name_a_path(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    po = tmp_path / "km.po"
    status, out, err = run_i18n(root, ["export", "--language", "km", "--out", str(po)])
    assert status == 0, err
    bad = tmp_path / "bad.po"
    bad.write_text(po.read_text(encoding="utf-8").replace('"Language: km\\n"', '"Language: ../../x\\n"'),
                   encoding="utf-8")
    before = sorted(p for p in tmp_path.rglob("*"))
    status, out, err = run_i18n(root, ["import", str(bad)])
    assert status == 1 and "Traceback" not in err
    assert err.splitlines() == [f"{bad}: Language: '../../x' in its header is not a language code (2 or 3 "
                                "lowercase letters, e.g. km); correct the header or pass --language"]
    assert sorted(p for p in tmp_path.rglob("*")) == before, "the import wrote something"
    status, out, err = run_i18n(root, ["export", "--language", "../../x"])
    assert status == 2
    assert err.splitlines() == ["build.py i18n: error: '../../x' is not a language code; a language code is 2 "
                                "or 3 lowercase letters, e.g. km (the folder content/km/)"]


def test_i18n_export_into_a_folder_is_a_message(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    status, out, err = run_i18n(root, ["export", "--language", "km", "--out", str(tmp_path)])
    assert status == 1
    assert err.splitlines() == [f"cannot write {tmp_path}: a folder has this name; name a file instead, or move "
                                "the folder away"]
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]


def run_i18n(root: Path, args: list[str]) -> tuple[int, str, str]:
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "i18n", *args, "--project", str(root)],
                       cwd=root, capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout, r.stderr


# --------------------------------------------------------------------------- output problems


def test_out_is_a_file(tmp_project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("my notes\n")
    fails_cleanly(tmp_project(), out, POSTER, [
        f"cannot write into {out}/: {out} is a file, not a folder; move it away or choose another folder with --out"])
    assert out.read_text() == "my notes\n"


def test_out_inside_a_file(tmp_project, tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x")
    out = tmp_path / "notes" / "out"
    fails_cleanly(tmp_project(), out, POSTER, [
        f"cannot write into {out}/: {tmp_path / 'notes'} is a file, not a folder; move it away or choose another "
        "folder with --out"], subprocess_=True)


def test_out_path_too_long(tmp_project, tmp_path: Path) -> None:
    out = tmp_path / ("x" * 300)
    fails_cleanly(tmp_project(), out, POSTER, [f"cannot write into {out}/: the path is too long; choose a shorter "
                                               "--out folder"])


@pytest.mark.parametrize("code, words", [
    (errno.EROFS, "the disk is read-only; choose another folder with --out"),
    (errno.EACCES, "permission denied; choose a folder you may write to with --out, or change its permissions"),
])
def test_read_only_or_forbidden_folder(tmp_project, tmp_path: Path, monkeypatch, code: int, words: str) -> None:
    """Tests run as root here, where chmod cannot forbid anything: the refusal is the kernel's, simulated."""
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if ".a21-" in str(path) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    out = tmp_path / "out"
    fails_cleanly(tmp_project(), out, POSTER, [f"cannot write {out}/en-GB/poster.pdf: {words}"])


def test_disk_full_halfway_replaces_nothing(tmp_project, tmp_path: Path, monkeypatch) -> None:
    """The second PDF meets a full disk: the first, already written under its temporary name, is not renamed."""
    real_fsync, calls = os.fsync, []

    def full(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    fails_cleanly(tmp_project(), out, ["--edition", "en-GB", "--product", "handout", "--product", "poster",
                                       "--variant", "plain"],
                  [f"cannot write {out}/en-GB/poster.pdf: disk full; free space and build again"])
    assert len(calls) == 2


def test_file_size_limit_in_a_real_process(tmp_project, tmp_path: Path) -> None:
    """A real write failure: ``ulimit -f`` below a PDF's size (the kernel answers EFBIG)."""
    out = tmp_path / "out"
    before = previous_build(out, ["en-GB"])
    root = tmp_project()

    def limit() -> None:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *POSTER],
                       cwd=root, capture_output=True, text=True, timeout=300, preexec_fn=limit)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"cannot write {out}/en-GB/poster.pdf: the file is larger than this system "
                                     "allows (ulimit -f); raise the limit and build again"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --------------------------------------------------------------------------- temporary files


def test_cleanup_touches_only_this_tools_files_of_dead_builds(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    keep = [tmp_path / "downloads" / ".movie.mkv.part", tmp_path / "en-GB" / ".poster.pdf.part",
            tmp_path / "en-GB" / f".poster.pdf.a21-1-0123abcd.part",  # pid 1 is alive: another build's
            tmp_path / "a" / "b" / f".poster.pdf.a21-{dead}-0123abcd.part",  # two levels down: not ours to look at
            tmp_path / "en-GB" / ".poster.pdf.XYZ123.part"]  # the old naming: could be anybody's
    gone = [tmp_path / f".handout.pdf.a21-{dead}-0123abcd.part", tmp_path / "en-GB" / f".poster.pdf.a21-{dead}-89abcdef.part"]
    for path in keep + gone:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    clean_partials(tmp_path)
    assert all(p.exists() for p in keep)
    assert not any(p.exists() for p in gone)


def test_write_all_names_temporary_files_as_its_own(tmp_path: Path, monkeypatch) -> None:
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: seen.append(Path(a).name) or real_replace(a, b))
    write_all({tmp_path / "e" / "poster.pdf": b"%PDF-1.7\n"})
    assert len(seen) == 1 and seen[0].startswith(f".poster.pdf.a21-{os.getpid()}-") and seen[0].endswith(".part")
    assert (tmp_path / "e" / "poster.pdf").read_bytes() == b"%PDF-1.7\n"
    assert oct((tmp_path / "e" / "poster.pdf").stat().st_mode & 0o777) == "0o644"


# --------------------------------------------------------------------------- concurrent builds


def start(root: Path, out: Path, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(root), "--out", str(out), *args],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_builds_into_one_folder_all_succeed(tmp_project, tmp_path: Path) -> None:
    root, out = tmp_project(), tmp_path / "out"
    (out / "en-GB").mkdir(parents=True)
    (out / "en-GB" / ".poster.pdf.a21-999999-deadbeef.part").write_bytes(b"left by a killed build")
    args = ["--edition", "en-GB", "--variant", "plain"]
    procs = [start(root, out, args) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and "Traceback" not in err, err
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs and all(len(PdfReader(p, strict=True).pages) for p in pdfs)
    assert not [p for p in out.rglob("*") if ".part" in p.name]
    assert not [p for p in out.rglob("*") if p.name.startswith(".a21")], "a lock file was left in the folder"


@pytest.mark.slow
def test_a_second_build_waits_for_the_one_writing(tmp_project, tmp_path: Path) -> None:
    """Holding the output folder's lock (as a writing build does) keeps a build from writing, not from finishing."""
    root, out = tmp_project(), tmp_path / "out"
    started = time.monotonic()
    free = start(root, tmp_path / "free", POSTER)
    assert free.wait(timeout=300) == 0
    alone = time.monotonic() - started  # what the build takes when nothing holds it up
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        proc = start(root, out, POSTER)
        while time.monotonic() - started < 3 * alone + 2 and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, "the build did not wait for the lock"
        assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert (out / "en-GB" / "poster.pdf").is_file()
