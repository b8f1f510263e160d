"""The designer's loop in figures (issue 12): cold and no-op builds, file sizes, peak memory.

Run from the project root:  python benchmarks/designer_loop.py [--runs 3]

Every build is a fresh `python build.py` process (imports, font loading and all), so each
figure is what a designer waits for. Reports; asserts nothing (tests never time anything).

- cold full build: every edition, product and variant into an empty folder (`--force`);
- no-op rebuild: the same command again with nothing changed (the build cache serves every
  PDF), and whether any file of the output folder was written;
- poster + handout of the four real editions (en-GB, en-KH, km-KH, en-US), cold;
- sizes of the en-GB poster and handout and of the whole build;
- watch: from saving a word of the GB region to a new en-GB poster under `build.py watch`;
- peak memory: the largest sum of the proportional set sizes (PSS) of the build process and
  its forked workers (sampled from /proc every 10 ms; a page shared by the forked workers
  counts once in all), and the largest single process's resident set (RUSAGE_CHILDREN).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ("en-GB", "en-KH", "km-KH", "en-US")


PEAK = {"total": 0}  # the largest proportional set size of a build and all its workers together, in KiB


def run(out: Path, *args: str) -> float:
    """One fresh-process build; its wall time in seconds. While it runs, the resident sets of
    the build process and of every worker it forked are summed every 10 ms (``PEAK``, PSS)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "build.py", "--out", str(out), *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "CI": "1"})
    while proc.poll() is None:
        PEAK["total"] = max(PEAK["total"], tree_memory(proc.pid))
        time.sleep(0.01)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)
    return time.perf_counter() - start


def tree_memory(pid: int) -> int:
    """Proportional set size in KiB of ``pid`` and its descendants (Linux /proc; 0 where it cannot
    be read): each page counts once in all, a page shared by n processes 1/n in each, so the
    forked workers' shared copy of the parent is not counted once per worker as VmRSS would."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration, ValueError):
            continue
        todo += [int(c) for c in children]
    return total


def files(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def median(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f}, {len(xs)} runs)"


def watch_latency(tmp: Path, edits: int) -> list[float]:
    """Seconds from saving a word of the GB region to a new en-GB poster, under ``build.py watch``."""
    project = Path(tmp) / "project"
    for folder in ("content", "templates", "assets"):
        shutil.copytree(ROOT / folder, project / folder)
    out, region = Path(tmp) / "watched", project / "content" / "regions" / "GB.yaml"
    original = region.read_text(encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "watch", "--project", str(project), "--out", str(out),
                             "--edition", "en-GB", "--product", "poster", "--variant", "plain"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "CI": "1"})
    ready = threading.Event()
    threading.Thread(target=lambda: [ready.set() for line in proc.stdout if line.startswith("watching")],
                     daemon=True).start()
    ready.wait(600)
    pdf, times = out / "en-GB" / "poster.pdf", []
    try:
        for n in range(edits):
            before = pdf.stat().st_mtime_ns
            time.sleep(0.5)
            region.write_text(original.replace("The NSPCC Helpline", f"The NSPCC Helpline {n}"), encoding="utf-8")
            start = time.perf_counter()
            while pdf.stat().st_mtime_ns == before and time.perf_counter() - start < 120:
                time.sleep(0.005)
            times.append(time.perf_counter() - start)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        cold = []
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            cold.append(run(out, "--force"))
        print(f"cold full build (every edition, product, variant): {median(cold)}")
        before = files(out)
        noop = [run(out) for _ in range(runs)]
        touched = sum(1 for k, v in files(out).items() if before.get(k) != v)
        print(f"no-op rebuild: {median(noop)}; files written: {touched}")
        pdfs = sorted(out.rglob("*.pdf"))
        total = sum(p.stat().st_size for p in pdfs)
        for name in ("poster", "handout"):
            print(f"en-GB {name}.pdf: {(out / 'en-GB' / f'{name}.pdf').stat().st_size:,} bytes")
        print(f"full build: {len(pdfs)} PDFs, {total:,} bytes ({total / 1e6:.2f} MB)")
        real = Path(tmp) / "real"
        args = [a for e in REAL for a in ("--edition", e)] + ["--product", "poster", "--product", "handout",
                                                               "--variant", "plain"]
        quick = []
        for _ in range(runs):
            shutil.rmtree(real, ignore_errors=True)
            quick.append(run(real, *args))
        print(f"poster + handout, four real editions, cold: {median(quick)}")
        edits = watch_latency(Path(tmp), 5)
        print(f"watch: a saved edit of the GB region to a new en-GB poster: median {statistics.median(edits) * 1000:.0f} ms "
              f"(min {min(edits) * 1000:.0f}, max {max(edits) * 1000:.0f}, {len(edits)} edits)")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: build process and workers together {PEAK['total'] / 1024:.0f} MiB "
          f"(PSS, sampled every 10 ms); largest single process {peak:.0f} MiB (resident)")


if __name__ == "__main__":
    main()
