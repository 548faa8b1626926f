#!/usr/bin/env python3
"""derivcheck command line; see `python cli.py --help`. The logic lives in checks.io.cli_main."""
from checks.io.cli_main import run

if __name__ == "__main__":
    run()
