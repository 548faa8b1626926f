"""Audit of documents as written (issue #10), measured.

For each document: display relations (steps) found, steps by status, the share decided
(holds or wrong) of all steps and of the steps that are claims (not definitions or
conditions), the top reasons of not_read, and wall time of the audit in this process
(plans and the worker pool; no cache). Then the cold time of one document through the CLI
against a bare `python -c "import sympy"`, measured side by side, alternating.

Usage: .venv/bin/python bench/audit.py [FILES...] [--cold FILE] [--repeat 3] [--json OUT]
Default files: the five seed documents (../shared/seeds) and the annotated copies
(bench/annotated/*.md) when present. Then the two corpora with an answer key: tests/audit_docs
(held-out style) and tests/audit_redteam (adversarial; --no-redteam skips it).
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"
STATUSES = ("holds", "wrong", "undecided", "definition", "condition", "not_read", "skipped")


def _reason_key(reason: str) -> str:
    """Group not_read reasons by construct: the reason with names and numbers elided."""
    r = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "'…'", reason or "")
    return re.sub(r"\d+", "N", r)[:70]


def measure(path: Path) -> dict:
    from checks.io.audit.parse.load import load
    from checks.io.audit.run import audit_documents
    doc = load(str(path))
    t0 = time.perf_counter()
    rep = audit_documents([doc], cache=False)
    secs = time.perf_counter() - t0
    steps = rep.documents[0].steps
    count = collections.Counter(s.status for s in steps)
    declared = sum(1 for s in steps if s.status == "wrong" and s.declared == "wrong")
    reasons = collections.Counter(_reason_key(s.reason) for s in steps if s.status == "not_read")
    claims = sum(count[s] for s in ("holds", "wrong", "undecided", "not_read", "skipped"))
    decided = count["holds"] + count["wrong"]
    return {"file": path.name, "steps": len(steps), **{s: count[s] for s in STATUSES},
            "declared_wrong": declared, "decided_share": decided / len(steps) if steps else 0.0,
            "decided_of_claims": decided / claims if claims else 0.0, "seconds": secs,
            "not_read_reasons": reasons.most_common(5),
            "wrong_lines": [(s.line, s.location) for s in steps if s.status == "wrong"],
            "holds_steps": [(s.line, "".join(f"{s.from_}{s.relation}{s.to}".split()))
                            for s in steps if s.status == "holds"],
            "other_steps": [(s.line, "".join(f"{s.from_}{s.relation}{s.to}".split()))
                            for s in steps if s.status != "holds"]}


def corpus(folder: str = "audit_docs") -> list:
    """A corpus with an answer key (tests/FOLDER/KEY.toml): tests/audit_docs, the held-out-style
    corpus, or tests/audit_redteam. Per document: planted errors found wrong at their lines,
    wrong steps that are not keyed errors (false wrongs) and keyed errors that hold (false holds;
    on a line with several steps the keyed text picks the step)."""
    import tomllib
    here = ROOT / "tests" / folder
    key = tomllib.loads((here / "KEY.toml").read_text())
    rows = []
    for d in key["document"]:
        r = measure(here / d["file"])
        errors = {e["line"] for e in d.get("error", [])}
        texts = {"".join(e.get("step", "").split()) for e in d.get("error", [])}
        wrong = {ln for ln, _ in r["wrong_lines"]}
        held = [s for s in r["holds_steps"] if s[0] in errors and (s[1] in texts or not any(
            o[1] in texts for o in r["holds_steps"] + r["other_steps"] if o[0] == s[0]))]
        rows.append({**r, "errors": len(errors), "found": len(errors & wrong),
                     "false_wrong": sorted(wrong - errors), "false_holds": sorted(ln for ln, _ in held)})
    return rows


def cold(path: Path, repeat: int) -> dict:
    py = sys.executable
    # Both sides start from bytecode: sympy's was compiled when pip installed it, ours is
    # compiled here as any first run would (this machine sets PYTHONDONTWRITEBYTECODE, and an
    # editable install compiles nothing), so the ratio compares work, not a one-off compile.
    subprocess.run([py, "-m", "compileall", "-q", "checks", "cli.py"], cwd=ROOT, stdout=subprocess.DEVNULL)
    ratios, base, run = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([py, "-c", "import sympy"], cwd=ROOT, stdout=subprocess.DEVNULL)
        b = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([py, "cli.py", "audit", str(path), "--no-cache", "--format", "json"], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        a = time.perf_counter() - t0
        base.append(b)
        run.append(a)
        ratios.append(a / b)
    return {"file": path.name, "import_sympy": statistics.median(base), "audit": statistics.median(run),
            "ratio": statistics.median(ratios)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--cold", default=None, help="document for the cold timing (default: the first seed)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-redteam", action="store_true", help="skip the red-team corpus (55 documents, ~2 min)")
    args = ap.parse_args(argv)
    files = [Path(f) for f in args.files] or sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "bench" / "annotated").glob("*.md"))
    rows = [measure(f) for f in files]
    head = ("document", "steps", *STATUSES, "decided", "of claims", "s")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print(f"| {r['file']} | {r['steps']} | " + " | ".join(str(r[s]) for s in STATUSES)
              + f" | {r['decided_share']:.0%} | {r['decided_of_claims']:.0%} | {r['seconds']:.1f} |")
    total = SimpleNamespace(**{k: sum(r[k] for r in rows) for k in ("steps", "holds", "wrong")})
    if total.steps:
        print(f"\nall documents: {total.steps} steps, {(total.holds + total.wrong) / total.steps:.0%} decided")
    for r in rows:
        if r["not_read_reasons"]:
            print(f"\n{r['file']}: not_read by reason")
            for reason, n in r["not_read_reasons"]:
                print(f"  {n:3}  {reason}")
        if r["wrong_lines"]:
            print(f"{r['file']}: wrong at " + ", ".join(f"line {ln} ({loc})" for ln, loc in r["wrong_lines"]))
    held = corpus()
    print(f"\nheld-out-style corpus (tests/audit_docs, {len(held)} documents with an answer key)")
    print("| document | steps | holds | wrong | undecided | not_read | decided | planted wrong steps found | false wrong |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in held:
        print(f"| {r['file']} | {r['steps']} | {r['holds']} | {r['wrong']} | {r['undecided']} | {r['not_read']} "
              f"| {r['decided_share']:.0%} | {r['found']} of {r['errors']} | {len(r['false_wrong'])} |")
    print(f"corpus: {sum(r['found'] for r in held)} of {sum(r['errors'] for r in held)} planted wrong steps found, "
          f"{sum(len(r['false_wrong']) for r in held)} false wrong, {sum(len(r['false_holds']) for r in held)} false holds")
    red = [] if args.no_redteam else corpus("audit_redteam")
    if red:
        steps, decided = sum(r["steps"] for r in red), sum(r["holds"] + r["wrong"] for r in red)
        print(f"red-team corpus (tests/audit_redteam, {len(red)} documents): {steps} steps, {decided / steps:.0%} "
              f"decided, {sum(r['found'] for r in red)} of {sum(r['errors'] for r in red)} planted errors found, "
              f"{sum(len(r['false_wrong']) for r in red)} false wrong, {sum(len(r['false_holds']) for r in red)} false holds")
    target = Path(args.cold) if args.cold else (sorted(SEEDS.glob("*.txt")) or files)[0]
    c = cold(target, args.repeat)
    print(f"\ncold audit of {c['file']}: {c['audit']:.2f} s = {c['ratio']:.2f}x `import sympy` "
          f"({c['import_sympy']:.2f} s), median of {args.repeat} alternating pairs")
    if args.json:
        Path(args.json).write_text(json.dumps({"documents": rows, "corpus": held, "redteam": red, "cold": c},
                                              indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
