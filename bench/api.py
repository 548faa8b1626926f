"""Throughput and accuracy of the Python API: derivcheck's ``verify_many`` against
Math-Verify's ``verify``, on the claims of ``bench/corpus.toml``, in one run.

  derivcheck    ``checks.verify_many(items, jobs=J, timeout=T)`` on the claims as text
                ("LHS = RHS" and the assumption strings), once per value of ``--jobs``: reading
                (forked reader child), the worker pool's start and every check are timed.
                holds -> true, wrong -> false, undecided / error -> no answer.
  math-verify   ``math_verify.verify(rhs, lhs, timeout_seconds=M)`` in this process, one claim
                after another, in the main thread (its timeout is signal.alarm, which works
                only there). It gets the SymPy objects ``bench/accuracy.py`` gives it (the DL
                functions rewritten to exp / Piecewise, assumptions as symbol flags, derivatives
                and sums done); preparing them is timed apart and not counted. True -> true,
                False -> false; a timeout or an exception is False for its users, and counted
                here in its own column too.

"right" is as in bench/accuracy.py: the answer equals the claim's truth. SymPy's cache is
cleared between the two tools; derivcheck runs first.

    .venv/bin/python bench/api.py [--jobs 1,2] [--timeout 30] [--mv-timeout 5] [--section NAME]
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import CORPUS, MAIN, baseline_form  # noqa: E402

ANSWER = {"holds": "true", "wrong": "false"}


def load(corpus, sections):
    with open(corpus, "rb") as fh:
        claims = tomllib.load(fh)["claim"]
    return [c for c in claims if not sections or c.get("section", MAIN) in sections]


def run_derivcheck(claims, jobs, timeout):
    from checks import verify_many
    t0 = time.perf_counter()
    got = verify_many([{"claim": c["claim"], "assume": c["assume"]} for c in claims], jobs=jobs, timeout=timeout)
    seconds = time.perf_counter() - t0
    failed = sum(r.status == "error" or r.method in ("timeout", "crash") for r in got)
    return [ANSWER.get(r.status) for r in got], seconds, {"failed": failed}


def run_math_verify(claims, mv_timeout):
    import sympy as sp
    from math_verify import verify
    from math_verify.errors import TimeoutException
    from checks.text.parse import parse_claim
    logging.getLogger("math_verify").setLevel(logging.ERROR)
    sp.core.cache.clear_cache()
    t0 = time.perf_counter()
    inputs = []
    for c in claims:
        try:
            inputs.append(baseline_form(*parse_claim(c["claim"], c["assume"])))
        except Exception:   # a form SymPy cannot prepare: Math-Verify gets no claim (False)
            inputs.append(None)
    prep = time.perf_counter() - t0
    answers, failed = [], 0
    t0 = time.perf_counter()
    for sides in inputs:
        try:
            ok = sides is not None and verify(sides[1], sides[0], timeout_seconds=mv_timeout, raise_on_error=True)
        except (TimeoutException, Exception):   # what its users get: False
            ok, failed = False, failed + 1
        answers.append("true" if ok else "false")
    return answers, time.perf_counter() - t0, {"failed": failed, "prep": prep}


def from_a_thread(mv_timeout) -> list:
    """What each tool does when called from a thread (a grader's worker thread, a notebook
    callback): one line each."""
    import threading
    import sympy as sp
    from math_verify import verify as mv_verify
    from checks import dl, verify
    x = sp.Symbol("x", real=True)
    lines = []

    def run(name, fn):
        try:
            lines.append(f"{name} -> {fn()}")
        except Exception as exc:
            lines.append(f"{name} -> {type(exc).__name__}: {str(exc).splitlines()[0][:90]}")

    jobs = [("derivcheck verify", lambda: str(verify("sigmoid(-x) = 1 - sigmoid(x)", timeout=5)).splitlines()[0]),
            ("Math-Verify verify", lambda: mv_verify(1 - dl.sigmoid(x).rewrite(sp.exp),
                                                     dl.sigmoid(-x).rewrite(sp.exp), timeout_seconds=mv_timeout))]
    for name, fn in jobs:
        t = threading.Thread(target=run, args=(name, fn))
        t.start()
        t.join(120)
    return lines


def score(claims, answers):
    pairs = list(zip((c["truth"] for c in claims), answers))
    return {"right": sum(a == t for t, a in pairs),
            "false holds": sum(a == "true" and t == "false" for t, a in pairs),
            "false wrongs": sum(a == "false" and t == "true" for t, a in pairs),
            "no answer": sum(a is None for _, a in pairs)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--section", action="append", metavar="NAME", help=f"only this section ({MAIN!r}, 'adversarial')")
    ap.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated worker counts for verify_many")
    ap.add_argument("--timeout", type=float, default=30.0, help="derivcheck's timeout per claim (the API's default)")
    ap.add_argument("--mv-timeout", type=int, default=5, help="Math-Verify's timeout_seconds (its default)")
    ap.add_argument("--skip-math-verify", action="store_true")
    args = ap.parse_args(argv)
    claims = load(args.corpus, args.section)
    if not claims:
        ap.error(f"no claims in section(s) {args.section}")
    jobs = sorted({int(j) for j in args.jobs.split(",")})
    rows = []
    for j in jobs:
        answers, secs, extra = run_derivcheck(claims, j, args.timeout)
        rows.append((f"derivcheck verify_many, jobs={j}", answers, secs, extra["failed"], ""))
        print(f"derivcheck jobs={j}: {secs:.1f} s", file=sys.stderr, flush=True)
    if not args.skip_math_verify:
        answers, secs, extra = run_math_verify(claims, args.mv_timeout)
        rows.append(("Math-Verify verify, 1 process", answers, secs, extra["failed"],
                     f"preparing its SymPy input took {extra['prep']:.1f} s more (not counted)"))
    n_true = sum(c["truth"] == "true" for c in claims)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{len(claims)} claims ({n_true} true, {len(claims) - n_true} false) from {Path(args.corpus).name}; "
          f"derivcheck timeout {args.timeout:g} s, Math-Verify timeout_seconds {args.mv_timeout}; "
          f"{os.cpu_count()} cores, load average {load_avg:.2f} at the end\n")
    cols = ["right", "false holds", "false wrongs", "no answer", "timeout/error", "seconds", "claims/s"]
    print(f"| {'method':34} | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    for name, answers, secs, failed, _ in rows:
        s = score(claims, answers)
        vals = [s["right"], s["false holds"], s["false wrongs"], s["no answer"], failed, f"{secs:.1f}",
                f"{len(claims) / secs:.1f}"]
        print(f"| {name:34} | " + " | ".join(str(v) for v in vals) + " |")
    for name, *_, note in rows:
        if note:
            print(f"\n{name}: {note}")
    if not args.skip_math_verify:
        print("\nfrom a threading.Thread, each with its timeout:")
        for line in from_a_thread(args.mv_timeout):
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
