"""The catalog's errata by document, location and severity, with counts: the README's table.

Runs ``check all --format json`` (the cache makes a repeat instant) and prints, per document,
its stated and supporting claims, its errata counted by severity, and one row per erratum
(location, severity, what is stated, what holds instead), major first and notation last.

Usage: .venv/bin/python bench/errata.py [--json REPORT]   (REPORT: a saved check-all JSON)
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = {"major": 0, "minor": 1, "notation": 2, None: 3}


def report(path: str | None) -> dict:
    if path:
        return json.loads(Path(path).read_text())
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "all", "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"check all failed (exit {out.returncode}): {out.stderr.strip()[:300]}")
    return json.loads(out.stdout)


def cell(s: str, width: int = 110) -> str:
    s = " ".join(str(s).split()).replace("|", "\\|")
    return s if len(s) <= width else s[:width - 1] + "…"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", help="a saved 'check all --format json' report instead of running it")
    rep = report(p.parse_args(argv).json)
    by_doc = collections.defaultdict(list)
    for c in rep["claims"]:
        by_doc[c["document"]].append(c)
    s = rep["summary"]
    print(f"{s['claims']} claims ({s['stated']} stated, {s['supporting']} supporting), {s['errata']} errata: "
          + ", ".join(f"{n} {k}" for k, n in s["errata_by_severity"].items()) + "\n")
    print("| document | claims (stated / supporting) | errata: major / minor / notation |")
    print("|---|---|---|")
    for doc, cs in by_doc.items():
        sev = collections.Counter(c["severity"] for c in cs if c["declared"] == "erratum")
        stated = sum(c.get("source", "stated") == "stated" for c in cs)
        print(f"| {doc} | {len(cs)} ({stated} / {len(cs) - stated}) | "
              f"{sev['major']} / {sev['minor']} / {sev['notation']} |")
    print("\n| document | location | severity | stated | holds instead |\n|---|---|---|---|---|")
    for doc, cs in by_doc.items():
        errata = sorted((c for c in cs if c["declared"] == "erratum"), key=lambda c: ORDER.get(c["severity"], 3))
        for c in errata:
            fix = (c["correction"] or {}).get("statement", "") or c.get("correct") or ""
            print(f"| {doc.split('_')[0]} | {cell(c['location'], 30)} | {c['severity'] or '?'} | "
                  f"{cell(c['statement'])} | {cell(fix)} |")


if __name__ == "__main__":
    main()
