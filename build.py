#!/usr/bin/env python3
"""Build every edition into build/: the thin command line around workbook.pipeline (see --help)."""
import sys

from workbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
