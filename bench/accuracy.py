"""Accuracy of derivcheck's ``verify`` engine against general-purpose checkers.

Every claim of ``bench/corpus.toml`` ("LHS = RHS" with assumptions and a known
truth: true identity or near-miss false one) is parsed once with
``checks.parse.parse_claim``, and the same SymPy objects go to four methods:

  derivcheck   ``checks.prove.decide(lhs, rhs, assume, seed=0, budget=B)``;
               holds -> true, wrong -> false, undecided -> no answer
  simplify     ``sympy.simplify(lhs - rhs) == 0`` -> true, anything else -> false
  equals       ``(lhs - rhs).equals(0)``: True / False / None (no answer)
  math-verify  ``math_verify.verify(rhs, lhs)`` (gold = stated right side) -> true / false;
               note that Math-Verify compares a bare Symbol on either side by name
               only (answer-label matching), so ``... = x`` is False for it

The three baselines get the claim the way a user would hand it to a general CAS:
assumptions become SymPy symbol flags where SymPy can express them (``x > 0`` ->
positive, ``x >= 0`` -> nonnegative, ``0 < p < 1`` -> positive; upper bounds are
lost), derivatives and sums are evaluated (``doit``), and the deep-learning
functions are rewritten to exp / Piecewise (sigmoid -> 1/(1 + exp(-x)),
relu -> Piecewise, ...). derivcheck gets the parsed objects and assumptions as is.

Each method runs on each claim in its own forked process, killed after
``--timeout`` seconds (a timeout or a crash is "no answer"), so one hang cannot
stall the bench and no method shares caches with another. Per method the table
gives: right answers, false holds (a false claim called true), false wrongs (a
true claim called false), no answer, and the median seconds per claim measured
inside the worker (timeouts count as the full timeout).

    .venv/bin/python bench/accuracy.py [--only ID] [--json FILE] [--timeout S] [--budget S]
    .venv/bin/python bench/accuracy.py --check-witnesses   # re-check the false labels
"""
from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy as sp  # noqa: E402

from checks import dl  # noqa: E402
from checks.text.parse import parse_claim  # noqa: E402
from checks.prove.decide import decide  # noqa: E402

CORPUS = ROOT / "bench" / "corpus.toml"
CTX = multiprocessing.get_context("fork")
DL_FUNCS = [dl.sigmoid, dl.softplus, dl.relu, dl.leaky_relu, dl.hardtanh, dl.threshold]
ANSWER = {True: "true", False: "false"}
MAIN = "main"   # the section of claims without a 'section' key


# --- the baselines' view of a claim ---------------------------------------------

def _relations(assume):
    for a in assume:
        yield from (a.args if isinstance(a, sp.And) else (a,))


def symbol_flags(assume, symbols) -> dict:
    """SymPy assumption flags implied by the bounds, e.g. x > 0 -> positive."""
    flags = {s: {"real": True, **({"integer": True} if s.is_integer else {})} for s in symbols}
    for rel in _relations(assume):
        rel = rel.reversed if rel.rhs.is_Symbol and not rel.lhs.is_Symbol else rel
        s, c = rel.lhs, rel.rhs
        if s not in flags or not c.is_number:
            continue
        if (rel.rel_op == ">" and c >= 0) or (rel.rel_op == ">=" and c > 0):
            flags[s]["positive"] = True
        elif rel.rel_op == ">=" and c == 0:
            flags[s]["nonnegative"] = True
        elif (rel.rel_op == "<" and c <= 0) or (rel.rel_op == "<=" and c < 0):
            flags[s]["negative"] = True
        elif rel.rel_op == "<=" and c == 0:
            flags[s]["nonpositive"] = True
    return flags


def baseline_form(lhs, rhs, assume):
    syms = (lhs - rhs).free_symbols
    sub = {s: sp.Symbol(s.name, **f) for s, f in symbol_flags(assume, syms).items()}
    return tuple(e.xreplace(sub).doit().rewrite(DL_FUNCS, sp.exp) for e in (lhs, rhs))


# --- the four methods: (lhs, rhs, assume, budget) -> (answer, detail) -------------

def m_derivcheck(lhs, rhs, assume, budget):
    v = decide(lhs, rhs, assume, seed=0, budget=budget)
    return {"holds": "true", "wrong": "false"}.get(v.status), v.to_dict()


def m_simplify(lhs, rhs, assume, budget):
    l, r = baseline_form(lhs, rhs, assume)
    return ANSWER[sp.simplify(l - r) == 0], None


def m_equals(lhs, rhs, assume, budget):
    l, r = baseline_form(lhs, rhs, assume)
    return ANSWER.get((l - r).equals(0)), None


def m_math_verify(lhs, rhs, assume, budget):
    from math_verify import verify
    logging.getLogger("math_verify").setLevel(logging.ERROR)
    l, r = baseline_form(lhs, rhs, assume)
    # our process kill is the time limit; its own alarm would turn a timeout into False
    return ANSWER[bool(verify(r, l, timeout_seconds=None))], None


METHODS = {"derivcheck": m_derivcheck, "simplify": m_simplify,
           "equals": m_equals, "math-verify": m_math_verify}


def _child(conn, fn, args):
    t0 = time.perf_counter()
    try:
        answer, detail = fn(*args)
    except Exception as exc:  # a method that raises gives no answer
        answer, detail = None, f"error: {type(exc).__name__}: {exc}"[:300]
    conn.send((answer, detail, time.perf_counter() - t0))


def run_isolated(fn, args, timeout):
    """(answer, detail, seconds) of fn(*args) in a forked process killed after timeout."""
    recv, send = CTX.Pipe(duplex=False)
    proc = CTX.Process(target=_child, args=(send, fn, args), daemon=True)
    proc.start()
    send.close()
    try:
        out = recv.recv() if recv.poll(timeout) else (None, "timeout", float(timeout))
    except EOFError:
        out = (None, f"worker died (exit code {proc.exitcode})", float(timeout))
    if proc.is_alive():
        proc.kill()
    proc.join()
    recv.close()
    return out


# --- label check --------------------------------------------------------------------

WITNESS_DIGITS = (60, 600, 2200)   # an offset of 1e-2000 is a real difference too


def _witness_values(lhs, rhs, point, entries):
    """Both sides at the witness: scalars first, then sums done, then the entries
    x[k] the sums produced, evaluated exactly where SymPy can."""
    out = []
    for e in (lhs, rhs):
        e = e.doit().xreplace(point).doit()
        atoms = {str(a): a for a in e.atoms(sp.Indexed)}
        e = e.xreplace({atoms[k]: v for k, v in entries.items() if k in atoms}).doit()
        out.append(e)
    return out


def _separated(vals):
    """(ok, shown, gap) for two exact values: both real and different (at the first
    precision of WITNESS_DIGITS that separates them), or exactly one real."""
    for digits in WITNESS_DIGITS:
        nums = [v.evalf(digits) for v in vals]
        real = [v.is_real for v in nums]
        shown = " vs ".join(str(v.evalf(12)) for v in nums)
        if sorted(real, key=str) == [False, True]:
            return True, shown, ""
        if real != [True, True]:
            return False, shown, ""
        gap = abs(nums[0] - nums[1])
        if gap > sp.Float(10, digits) ** -(digits - 20) * max(1, *(abs(v) for v in nums)):
            return True, shown, f" (diff {sp.N(nums[0] - nums[1], 3)})"
    return False, shown, " (no difference found)"


def _exact(text):
    """A witness value: a rational, written plainly or as an expression (1/(6*10**9))."""
    return sp.Rational(sp.sympify(text, rational=True))


def check_witnesses(claims) -> int:
    """Each false claim's witness must satisfy the assumptions and separate the sides.
    A witness names every scalar symbol and may give entries of vectors ("x[1]")."""
    bad = 0
    for c in claims:
        if c["truth"] != "false":
            continue
        lhs, rhs, assume = parse_claim(c["claim"], c["assume"])
        labels = {b.label for e in (lhs, rhs) for b in e.atoms(sp.IndexedBase)}
        syms = {s.name: s for e in (lhs, rhs, *assume) for s in e.free_symbols
                if isinstance(s, sp.Symbol) and s not in labels}
        w = c.get("witness", {})
        point = {syms[k]: _exact(v) for k, v in w.items() if k in syms}
        entries = {k: _exact(v) for k, v in w.items() if k not in syms and "[" in k}
        ok = set(syms) <= set(w) and set(w) == {str(s) for s in point} | set(entries) \
            and all(bool(a.xreplace(point)) for a in assume) \
            and all(v.is_integer for s, v in point.items() if s.is_integer)
        shown, gap = "", ""
        if ok:
            ok, shown, gap = _separated(_witness_values(lhs, rhs, {**point}, entries))
        print(f"{'ok ' if ok else 'BAD'} {c['id']:32} at {w}: {shown}{gap}")
        bad += not ok
    print(f"{bad} bad witnesses")
    return 1 if bad else 0


# --- main ---------------------------------------------------------------------------

def score(rows, method):
    answers = [(r["truth"], r["methods"][method]) for r in rows]
    secs = [m["seconds"] for _, m in answers]
    return {"right": sum(m["answer"] == t for t, m in answers),
            "false holds": sum(m["answer"] == "true" and t == "false" for t, m in answers),
            "false wrongs": sum(m["answer"] == "false" and t == "true" for t, m in answers),
            "no answer": sum(m["answer"] is None for _, m in answers),
            "median s": round(statistics.median(secs), 4) if secs else 0.0}


def _mark(row, method) -> str:
    a = row["methods"][method]["answer"]
    return "?" if a is None else ("ok" if a == row["truth"] else "X")


def report(rows, methods, args) -> dict:
    n_true = sum(r["truth"] == "true" for r in rows)
    print(f"\n{len(rows)} claims ({n_true} true, {len(rows) - n_true} false); "
          f"timeout {args.timeout:g} s, derivcheck budget {args.budget:g} s\n")
    scores = {m: score(rows, m) for m in methods}
    cols = ["right", "false holds", "false wrongs", "no answer", "median s"]
    print(f"{'method':12} | " + " | ".join(f"{c:>12}" for c in cols))
    print("-" * 13 + "|" + "|".join("-" * 14 for _ in cols))
    for m, s in scores.items():
        print(f"{m:12} | " + " | ".join(f"{s[c]:>12}" for c in cols))
    sections = sorted({r["section"] for r in rows}, key=lambda n: (n != MAIN, n))
    if len(sections) > 1:
        print("\nper section (right / false holds / false wrongs / no answer):")
        for sec in sections:
            part = [r for r in rows if r["section"] == sec]
            line = "  ".join(f"{m} {sc['right']}/{sc['false holds']}/{sc['false wrongs']}/{sc['no answer']}"
                             for m, sc in ((m, score(part, m)) for m in methods))
            print(f"  {sec:12} {len(part):4} claims: {line}")
    dc = "derivcheck" in methods
    if dc:
        st = [r["methods"]["derivcheck"]["detail"] for r in rows]
        st = [d.get("strength") for d in st if isinstance(d, dict) and d.get("status") == "holds"]
        print("\nderivcheck 'holds' by strength: " + ", ".join(
            f"{k} {st.count(k)}" for k in ("proof", "exhaustive", "bounded", "numeric") if k in st))
    missed = [r for r in rows if any(_mark(r, m) == "X" for m in methods)
              or (dc and _mark(r, "derivcheck") != "ok")]
    if missed:
        print("\nclaims some method got wrong (X = wrong answer, ? = no answer):")
        print(f"{'id':34} {'truth':5} " + " ".join(f"{m:>11}" for m in methods))
        for r in missed:
            print(f"{r['id']:34} {r['truth']:5} " + " ".join(f"{_mark(r, m):>11}" for m in methods))
    if dc:
        bugs = [r for r in rows if _mark(r, "derivcheck") != "ok"]
        print(f"\nderivcheck not right on {len(bugs)} claim(s):")
        for r in bugs:
            v = r["methods"]["derivcheck"]["detail"]
            v = v if isinstance(v, dict) else {"status": "no verdict", "detail": v}
            print(f"  {r['id']} (truth {r['truth']}): {r['claim']}  assume {r['assume']}\n"
                  f"    status={v.get('status')} method={v.get('method')} "
                  f"counterexample={v.get('counterexample')} detail={v.get('detail')!r}")
    return scores


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--only", action="append", metavar="ID", help="run only this claim (repeatable)")
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset")
    ap.add_argument("--timeout", type=float, default=20.0, help="hard seconds per method per claim")
    ap.add_argument("--budget", type=float, default=10.0, help="derivcheck's own budget (seconds)")
    ap.add_argument("--json", metavar="FILE", help="write every answer to FILE")
    ap.add_argument("--check-witnesses", action="store_true", help="re-check the false labels and exit")
    ap.add_argument("--section", action="append", metavar="NAME",
                    help=f"run only this section of the corpus (repeatable; {MAIN!r} or 'adversarial')")
    args = ap.parse_args(argv)
    with open(args.corpus, "rb") as fh:
        claims = tomllib.load(fh)["claim"]
    if args.only:
        claims = [c for c in claims if c["id"] in args.only] or ap.error(f"no claim with id {args.only}")
    if args.section:
        claims = [c for c in claims if c.get("section", MAIN) in args.section] \
            or ap.error(f"no claim in section(s) {args.section}")
    if args.check_witnesses:
        return check_witnesses(claims)
    methods = [m.strip() for m in args.methods.split(",")]
    if set(methods) - set(METHODS):
        ap.error(f"unknown method(s) {sorted(set(methods) - set(METHODS))}; known: {list(METHODS)}")
    rows = []
    for c in claims:
        lhs, rhs, assume = parse_claim(c["claim"], c["assume"])  # parsed once, shared by all
        row = {k: c[k] for k in ("id", "claim", "assume", "truth")} | {"methods": {}} \
            | {"section": c.get("section", MAIN)}
        for name in methods:
            answer, detail, secs = run_isolated(METHODS[name], (lhs, rhs, assume, args.budget),
                                                args.timeout)
            row["methods"][name] = {"answer": answer, "seconds": round(secs, 4), "detail": detail}
        rows.append(row)
        marks = " ".join(f"{n}={_mark(row, n)}" for n in methods)
        print(f"{c['id']:34} {c['truth']:5} {marks}", file=sys.stderr, flush=True)
    scores = report(rows, methods, args)
    if args.json:
        Path(args.json).write_text(json.dumps({"scores": scores, "claims": rows}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
