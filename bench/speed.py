"""Speed of `check all`, measured as ratios on this machine, side by side in one run.

  baseline   wall time of a bare `python -c "import sympy"`
  cold       `python cli.py check all --no-cache`; --repeat pairs (baseline, cold) alternate
             and the ratio is the median of the pairs' ratios
  cached     `python cli.py check all` with a warm cache in a temporary directory
  first      `check all` with a fresh, empty cache directory against `check all --no-cache`;
             --repeat pairs alternate and the ratio is the median of the pairs' ratios
             (a first run with the cache must be no slower than one without it)
  scaling    the catalog's claims repeated 1x, 4x, ... (fresh ids, no cache), wall seconds
  jobs       the same cold catalog with --jobs 1 and --jobs 2

Targets from the issues: cold <= 6x baseline, cached <= 1.6x baseline, first <= 1x no-cache.
Usage: .venv/bin/python bench/speed.py [--repeat 5] [--scales 1,4] [--only first] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable


def wall(cmd, env=None, repeat=1) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def timed(cmd, env=None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers) of one run: CPU time
    is far less sensitive than wall time to other load on the machine."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    secs = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return secs, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def scaled_wall(factor: int, jobs: int) -> tuple[int, float]:
    from checks.model import catalog
    from checks.run import runner
    claims = catalog.load().claims()
    many = []
    for copy in range(factor):
        for c in claims:
            corr = c.correction and replace(c.correction, id=f"{c.correction.id}#{copy}")
            many.append(replace(c, id=f"{c.id}#{copy}", correction=corr))
    t0 = time.perf_counter()
    runner.verdicts(many, seed=0, timeout=30, jobs=jobs, cache=None)
    return len(many), time.perf_counter() - t0


def first_cache(out: dict, repeat: int):
    """`check all --no-cache` and `check all` into a fresh empty cache, alternating, so a
    slow or fast spell of the machine falls on both; the median of the pairs' ratios."""
    check = [PY, "cli.py", "check", "all", "--format", "json"]
    nocache, first = [], []
    for _ in range(repeat):
        nocache.append(timed(check + ["--no-cache"]))
        with tempfile.TemporaryDirectory() as cache_dir:
            first.append(timed(check, env={**os.environ, "DERIVCHECK_CACHE": cache_dir}))
    for n, what in enumerate(("", "_cpu")):
        ratios = [f[n] / c[n] for c, f in zip(nocache, first)]
        out[f"nocache{what}_s"] = statistics.median(c[n] for c in nocache)
        out[f"first_cache{what}_s"] = statistics.median(f[n] for f in first)
        out[f"first_cache{what}_ratio"] = statistics.median(ratios)
        out[f"first_cache{what}_ratio_range"] = [min(ratios), max(ratios)]


def print_first(out: dict, repeat: int):
    for what, label in (("", "wall"), ("_cpu", "CPU ")):
        lo, hi = out[f"first_cache{what}_ratio_range"]
        print(f"first check all ({label})    empty cache {out[f'first_cache{what}_s']:.2f} s vs --no-cache "
              f"{out[f'nocache{what}_s']:.2f} s = {out[f'first_cache{what}_ratio']:.2f}x (median of {repeat} "
              f"alternating pairs, range {lo:.2f}-{hi:.2f}x; target <= 1x)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scales", default="1,4")
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--only", choices=["first"], help="measure only this row")
    args = ap.parse_args()
    out = {"cores": os.cpu_count()}
    if args.only == "first":
        first_cache(out, args.repeat)
        print_first(out, args.repeat)
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=2))
        return
    # Baseline and cold runs alternate, so a slow or fast spell of the machine falls on
    # both; the cold ratio is the median of the per-pair ratios (with its range).
    base, cold = [], []
    for _ in range(args.repeat):
        base.append(wall([PY, "-c", "import sympy"]))
        cold.append(wall([PY, "cli.py", "check", "all", "--no-cache", "--format", "json"]))
    out["baseline_s"], out["cold_s"] = statistics.median(base), statistics.median(cold)
    pair_ratios = [c / b for b, c in zip(base, cold)]
    out["cold_ratio_range"] = [min(pair_ratios), max(pair_ratios)]
    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "DERIVCHECK_CACHE": cache_dir}
        wall([PY, "cli.py", "check", "all", "--format", "json"], env=env)  # fill
        out["cached_s"] = wall([PY, "cli.py", "check", "all", "--format", "json"], env=env, repeat=3)
    out["cold_ratio"] = statistics.median(pair_ratios)
    out["cached_ratio"] = out["cached_s"] / out["baseline_s"]
    first_cache(out, args.repeat)
    out["jobs"] = {}
    for jobs in (1, 2):
        n, secs = scaled_wall(1, jobs)
        out["jobs"][jobs] = secs
    out["speedup_1_to_2_jobs"] = out["jobs"][1] / out["jobs"][2]
    out["scaling"] = []
    for factor in [int(f) for f in args.scales.split(",")]:
        n, secs = scaled_wall(factor, os.cpu_count() or 1)
        out["scaling"].append({"factor": factor, "claims": n, "seconds": secs, "per_claim": secs / n})
    print(f"baseline (import sympy)  {out['baseline_s']:.3f} s")
    lo, hi = out["cold_ratio_range"]
    print(f"cold check all           {out['cold_s']:.2f} s   = {out['cold_ratio']:.1f}x baseline "
          f"(median of {args.repeat} alternating pairs, range {lo:.1f}-{hi:.1f}x; target <= 6x)")
    print(f"cached check all         {out['cached_s']:.2f} s   = {out['cached_ratio']:.2f}x baseline (target <= 1.6x)")
    print_first(out, args.repeat)
    print(f"jobs 1 -> 2              {out['jobs'][1]:.1f} s -> {out['jobs'][2]:.1f} s "
          f"(speed-up {out['speedup_1_to_2_jobs']:.2f}x)")
    for row in out["scaling"]:
        print(f"catalog x{row['factor']:<3}           {row['claims']:5d} claims (with corrections) "
              f"{row['seconds']:7.1f} s  {1000 * row['per_claim']:.0f} ms/claim")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
