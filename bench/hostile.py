"""Wall time of the audit's front (load, extraction, directives) on hostile documents.

Each case is a document built here (a million characters, 5,000 relations in one display,
deep braces, 500,000 empty displays, a huge directive comment, ...). For each: its size,
what the front found (displays, steps, directives, or the one-line error), and the median
wall seconds of loading it from a temporary file, ``extract`` (which finds the displays)
and ``directives``. Every case must end within --budget seconds; the exit status is 1 if
one does not. The reading and checking of formulae are measured by bench/audit.py.

Usage: .venv/bin/python bench/hostile.py [--repeat 3] [--budget 5] [--only NAME] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.io.audit import extract  # noqa: E402
from checks.io.audit.parse.directives import directives  # noqa: E402
from checks.io.audit.parse.load import DocumentError, load  # noqa: E402


def cases() -> dict:
    block = ("## Question 1\n<!-- derivcheck: assume x > 0; sizes n = 1..4 -->\nText $y$.\n"
             "$$\\begin{aligned} f(x) &= x^2 \\\\ &= x \\cdot x % derivcheck: label Q1\n"
             "\\end{aligned}$$\n\n")
    return {
        "million characters, 10k displays": block * (1_000_000 // len(block) + 1),
        "one relation of a million characters": "$$a = " + "x" * 1_000_000 + "$$",
        "5,000 relations in one display": "$$" + " = ".join(f"x_{{{i}}}" for i in range(5000)) + "$$",
        "5,000 displays with directives": "".join(f"<!-- derivcheck: label D{i} -->\n$$a_{i} = b_{i}$$\n"
                                                  for i in range(5000)),
        "20,000 nested braces": "$$" + "{" * 20000 + "a" + "}" * 20000 + " = b$$",
        "5,000 nested fracs": "$$a = " + "\\frac{1}{" * 5000 + "x" + "}" * 5000 + "$$",
        "500,000 empty displays ($ x 1M)": "$" * 1_000_000,
        "300,000 unterminated \\[": "\\[" * 300_000,
        "6,000 unterminated environments": "\\begin{align}\n\\[\n" * 3000,
        "250,000 unclosed <!--": "<!--" * 250_000,
        "huge directive comment": "<!-- derivcheck-file: " + "index i j k; " * 100_000 + "-->\n",
        "write18 and input": ("\\input{/etc/passwd}\n\\immediate\\write18{touch /tmp/x}\n"
                              "$$a = \\write18{rm -rf /} = \\csname x\\endcsname$$\n") * 20_000,
    }


def front(path: Path):
    doc = load(path)
    steps = extract(doc.text, doc.kind)
    found = directives(doc.text, doc.kind)
    return f"{len(steps):,} steps, {len(found.all()):,} directives"


def run(name: str, text: str, repeat: int, folder: Path) -> dict:
    path = folder / "case.md"
    path.write_text(text)
    times, result = [], ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            result = front(path)
        except DocumentError as e:
            result = f"error: {str(e)[:70]}"
        times.append(time.perf_counter() - t0)
    return {"case": name, "chars": len(text), "result": result, "seconds": statistics.median(times)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=5.0, help="seconds allowed for one case")
    ap.add_argument("--only", help="run the cases whose name contains this text")
    ap.add_argument("--json", help="write the rows as JSON to this file")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases().items():
            if args.only and args.only not in name:
                continue
            row = run(name, text, args.repeat, Path(tmp))
            rows.append(row)
            flag = "" if row["seconds"] <= args.budget else f"  OVER {args.budget:g} s"
            print(f"{row['case']:<40} {row['chars']:>10,} chars  {row['seconds']:7.2f} s  "
                  f"{row['result']}{flag}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    over = [r for r in rows if r["seconds"] > args.budget]
    print(f"{len(rows) - len(over)} of {len(rows)} case(s) within {args.budget:g} s")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
