"""Shared fixtures: one in-process build of every edition per session, and project copies.

``built``        every edition and product built ONCE (workbook.pipeline.build) from a
                 snapshot of the project taken at session start; tests read its PDFs.
``tmp_project``  a fresh copy of content/, templates/, assets/ in tmp_path, optionally
                 patched, for tests that break content on purpose.
``--update-golden``  rewrite tests/golden/ from this session's build instead of comparing
                 (same as ``python -m tests.golden``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import pytest

from .helpers import ROOT, copy_project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/<edition>/<product>.json from this build instead of comparing")
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the slow cases (kills, fuzzing, builds in several processes); CI always does")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a case that takes many seconds; run by CI (CI set) or with --slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the slow cases out of a developer's run (named in the summary); CI runs every case."""
    import os

    if config.getoption("--slow") or os.environ.get("CI", "").lower() not in ("", "0", "false"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
        config.slow_left_out = len(slow)


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    left = getattr(config, "slow_left_out", 0)
    if left:
        terminalreporter.write_line(f"{left} slow cases left out: run them with --slow (CI=true runs them always)")


@dataclass
class Built:
    """The session's build: the project snapshot it read, its output folder and report."""

    root: Path
    out: Path
    report: Any

    def pdf(self, edition: str, output: str) -> Path:
        return self.out / edition / f"{output}.pdf"

    def outputs(self, edition: str) -> list[str]:
        """Every PDF the build wrote for an edition, by name (``poster``, ``workbook-print``...)."""
        return sorted(p.stem for p in self.report.written if p.parent.name == edition)

    def everything(self) -> list[tuple[str, str]]:
        """(edition, output) of every PDF the build wrote."""
        return sorted((p.parent.name, p.stem) for p in self.report.written)


@pytest.fixture(scope="session")
def snapshot_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project as it is now: the build and the expected values read the same
    files even while someone edits the working tree."""
    return copy_project(ROOT, tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def built(snapshot_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    from .helpers import build_all

    out = tmp_path_factory.mktemp("build")
    report = build_all(snapshot_root, out)
    return Built(snapshot_root, out, report)


Patch = Mapping[str, "str | Callable[[str], str]"] | Callable[[Path], None] | None


@pytest.fixture
def tmp_project(tmp_path: Path, snapshot_root: Path) -> Callable[..., Path]:
    """Make a copy of the project (content/, templates/, assets/) under tmp_path.

    ``tmp_project()`` copies as is. ``tmp_project({"content/en/poster.yaml": new_text})``
    replaces files (a value may also be a function old text → new text), and
    ``tmp_project(fn)`` calls ``fn(root)`` to change the copy any other way.
    Returns the copy's root.
    """
    count = 0

    def make(patch: Patch = None) -> Path:
        nonlocal count
        count += 1
        root = copy_project(snapshot_root, tmp_path / f"project{count}")
        if callable(patch):
            patch(root)
        elif patch:
            for rel, new in patch.items():
                path = root / rel
                old = path.read_text(encoding="utf-8") if path.exists() else ""
                text = new(old) if callable(new) else new
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return root

    return make

