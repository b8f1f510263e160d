"""Regenerate the golden text files: ``python -m tests.golden`` from the repository root."""
from __future__ import annotations

import sys

from . import regenerate
from ..helpers import ROOT


def main() -> int:
    written, removed = regenerate(ROOT)
    for path in written:
        print(f"wrote   {path.relative_to(ROOT)}")
    for path in removed:
        print(f"removed {path.relative_to(ROOT)} (no such PDF any more)")
    print("review with: git diff tests/golden/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
