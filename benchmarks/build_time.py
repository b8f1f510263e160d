"""Time cold builds of every edition: wall time, peak memory, size of each PDF.

Run from the project root:  python benchmarks/build_time.py [--runs 3]
Each run is a fresh `python build.py` process (imports, font loading and all), so the
figure is what a designer waits for. Reports figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_build(out: Path, *args: str) -> tuple[float, float]:
    """One fresh-process build; returns (wall seconds, peak RSS of that child in MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--out", str(out), *args], cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        results = [cold_build(out) for _ in range(args.runs)]
        walls = [w for w, _ in results]
        print(f"cold build of every edition: median {statistics.median(walls):.2f} s, "
              f"min {min(walls):.2f} s, max {max(walls):.2f} s over {args.runs} runs")
        print(f"peak memory (max RSS of the build process): {max(m for _, m in results):.0f} MiB")
        total = 0
        for pdf in sorted(out.rglob("*.pdf")):
            size = pdf.stat().st_size
            total += size
            print(f"  {pdf.relative_to(out)}: {size / 1024:.1f} KiB")
        print(f"  total: {total / 1024:.1f} KiB")
        quick = [cold_build(Path(tmp) / "quick", "--edition", "en-GB", "--variant", "plain")[0] for _ in range(args.runs)]
        print(f"one edition, plain PDFs only (en-GB, --variant plain): median {statistics.median(quick):.2f} s")


if __name__ == "__main__":
    main()
