#!/usr/bin/env python3
"""derivcheck command line; see `python cli.py --help`. The logic lives in checks.cli_main."""
import sys

from checks.cli_main import main

if __name__ == "__main__":
    sys.exit(main())
