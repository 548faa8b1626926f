"""Mutation test of the catalog: how often does the engine call a broken derivation wrong?

Claims: every one that must hold (declared ``holds``, or an erratum's correction) of
kind identity or chain; other kinds are skipped and counted. Only the STATED side is
mutated: an identity's ``rhs``, or one step i > 0 of a chain; in a matrix one entry.
Operators, each at one node of the expression tree:
  const  Integer/Rational c -> c + 1 (2 -> 3, 1/2 -> 3/2, -1 -> 0); a negative exponent
         c -> c - 1 instead (x**-1 -> x**-2): a division stays a division, so the mutant
         is undefined nowhere the original is defined. Sum limits/indices: see shift;
         Heaviside's H(0) argument is not a stated constant and is left alone.
  sign   one Add term t -> -t, or the whole expression e -> -e
  swap   sigmoid(a) <-> tanh(a)
  drop   one term of an Add with >= 2 terms removed
  shift  x[i] -> x[i + 1] (one index); a Sum limit hi -> hi + 1 or lo -> lo + 1
At most --cap mutants per claim, round robin over operators from lists shuffled with --seed.

Equivalence, decided without the engine: the original and mutated part are evaluated at
--points fixed random rational points inside the claim's domain (checks.domains.Domain
of its ``assume``: bounded intervals uniformly, half-lines up to 4 past the end, free
reals in [-4, 4], integer symbols small positive values; derivatives done, sums expanded
with .doit(), x[i] atoms seeded values in (0, 2] at even points so log(x[i]) is real,
in [-2, 2] at odd ones) by sp.N(e.rewrite(exp).rewrite(Piecewise), 50). NON-EQUIVALENT:
both finite reals at some point and |difference| > 1e-30 there. Else excluded, counted
as 'equivalent' (agree wherever both are real) or 'undefined' (never both real, e.g.
log(-f) for 0 < f < 1, which no certified real counterexample can refute).

Each non-equivalent mutant goes to the engine as a claim of the same kind (dataclasses.
replace of the original) via checks.runner.verdicts (forked, isolated, parallel). KILLED:
verdict 'wrong' (a chain: some step wrong). Survivors (holds/undecided/error) are listed
with the unmutated claim's verdict. score = killed / non-equivalent.

    .venv/bin/python bench/mutation.py [--limit N] [--jobs N] [--json FILE] [--seed S]
                                       [--cap 8] [--points 128] [--timeout 20]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sympy as sp  # noqa: E402

from checks.model import catalog
from checks.run import runner  # noqa: E402
from checks.prove.budget import MethodTimeout, time_limit  # noqa: E402
from checks.dl import sigmoid  # noqa: E402
from checks.prove.domains import Domain  # noqa: E402
from checks.prove.rewrites import do_derivatives  # noqa: E402

KINDS, TOL = ("identity", "chain"), 1e-30


def base_claims(cat):
    """Claims that must hold, of kind identity/chain; and a count of what was skipped."""
    used, skipped = [], Counter()
    for c in cat.claims():
        if c.declared != "holds":
            skipped[c.kind + (" (erratum as stated)" if c.declared == "erratum" else "")] += 1
        for m in ([c] if c.declared == "holds" else []) + ([c.correction] if c.correction else []):
            if m.kind in KINDS:
                used.append(replace(m.resolved(), declared="holds", correction=None))  # deferred parts built
            else:
                skipped[m.kind] += 1
    return used, skipped


def nodes(e, path=(), parent=None):
    """(path, node, parent) of every node a mutation may touch: not Indexed indices,
    nor the limits of a Sum or Derivative, nor Heaviside's H(0) convention argument."""
    yield path, e, parent
    if not isinstance(e, sp.Indexed):
        for k, a in enumerate(e.args[:1] if isinstance(e, (sp.Sum, sp.Derivative, sp.Heaviside)) else e.args):
            yield from nodes(a, path + (k,), e)


def edits(e):
    """Every mutation of e: (operator, path, old node, new node)."""
    out = [("sign", (), e, -e)]
    for path, n, parent in nodes(e):
        if isinstance(n, sp.Rational):
            neg_exp = isinstance(parent, sp.Pow) and path[-1] == 1 and n < 0
            out.append(("const", path, n, n - 1 if neg_exp else n + 1))
        if isinstance(n, sp.Add):
            for k, t in enumerate(n.args):
                rest = n.args[:k] + n.args[k + 1:]
                out += [("sign", path, n, sp.Add(*rest, -t)), ("drop", path, n, sp.Add(*rest))]
        if isinstance(n, (sigmoid, sp.tanh)):
            out.append(("swap", path, n, (sp.tanh if isinstance(n, sigmoid) else sigmoid)(n.args[0])))
        if isinstance(n, sp.Indexed):
            for p, i in enumerate(n.indices):
                out.append(("shift", path, n, n.base[n.indices[:p] + (i + 1,) + n.indices[p + 1:]]))
        if isinstance(n, sp.Sum):
            for p, (v, lo, hi) in enumerate(n.limits):
                for new in ((v, lo, hi + 1), (v, lo + 1, hi)):
                    out.append(("shift", path, n, sp.Sum(n.function, *n.limits[:p], new, *n.limits[p + 1:])))
    return out


def put(e, path, new):
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = put(args[path[0]], path[1:], new)
    return e.func(*args)


def slots(claim):
    """(slot, expression) of every mutable part; slot = (step or None, entry or None)."""
    tops = [(None, claim.rhs)] if claim.kind == "identity" else list(enumerate(claim.steps))[1:]
    for s, e in tops:
        if isinstance(e, sp.MatrixBase):
            yield from (((s, k), e[k]) for k in range(len(e)))
        else:
            yield (s, None), sp.sympify(e)


def with_slot(claim, slot, new):
    s, k = slot
    top = claim.rhs if s is None else claim.steps[s]
    if k is not None:
        m = top.as_mutable()
        m[k] = new
        new = m.as_immutable() if isinstance(top, sp.ImmutableMatrix) else m
    if s is None:
        return replace(claim, rhs=new)
    return replace(claim, steps=tuple(claim.steps[:s]) + (new,) + tuple(claim.steps[s + 1:]))


def mutants(claim, cap, seed):
    """Up to cap distinct mutants, round robin over operators; and the candidate count."""
    rng, by_op = random.Random(f"{seed}:{claim.id}"), {}
    for slot, e in slots(claim):
        for op, path, old, new in edits(e):
            by_op.setdefault(op, []).append((slot, e, path, old, new))
    for lst in by_op.values():
        rng.shuffle(lst)
    rounds = max((len(v) for v in by_op.values()), default=0)
    out, seen = [], set()
    for k in range(rounds):
        for op in sorted(by_op):
            if k >= len(by_op[op]) or len(out) >= cap:
                continue
            slot, e, path, old, new = by_op[op][k]
            try:
                m = put(e, path, new)
            except Exception:
                continue
            if m != e and (slot, m) not in seen:
                seen.add((slot, m))
                out.append({"op": op, "slot": slot, "orig": e, "new": m, "change": f"{old}  ->  {new}"})
    return out, sum(len(v) for v in by_op.values())


def draw(iv, rng):
    if iv.integer:
        ok = [v for v in range(-8, 13) if iv.contains(v)]
        return sp.Integer(rng.choice([v for v in ok if v >= 1][:4] or ok[:4] or [1]))
    u = sp.Rational(rng.randint(1, 999), 1000)
    if iv.lo.is_finite and iv.hi.is_finite:
        return iv.lo + (iv.hi - iv.lo) * u
    return iv.lo + 4 * u if iv.lo.is_finite else iv.hi - 4 * u if iv.hi.is_finite else 8 * u - 4


def sample_points(claim, seed, n):
    parts = [sp.sympify(p) for p in ([claim.lhs, claim.rhs] if claim.kind == "identity" else claim.steps)]
    syms = {s for p in parts for s in p.free_symbols if isinstance(s, sp.Symbol)}
    syms -= {b.label for p in parts for b in p.atoms(sp.IndexedBase)}
    dom, rng = Domain.from_assumptions(syms, claim.assume), random.Random(f"{seed}:{claim.id}:points")
    return [{s: draw(dom.of(s), rng) for s in sorted(syms, key=str)} for _ in range(n)]


def evaluate(e, p, k, seed):
    """e at the k-th point p to 50 digits, or None if it is not a finite real there."""
    try:
        with time_limit(10):
            e = e.subs(p).doit()
            lo = 1 if k % 2 == 0 else -2000   # x[i] in (0, 2] at even points, [-2, 2] at odd
            e = e.xreplace({a: sp.Rational(random.Random(f"{seed}:{a}:{k}").randint(lo, 2000), 1000)
                            for a in e.atoms(sp.Indexed)})
            v = sp.N(e.rewrite(sp.exp).rewrite(sp.Piecewise), 50)
    except (MethodTimeout, Exception):
        return None
    bad = (sp.nan, sp.zoo, sp.oo, sp.S.NegativeInfinity, sp.I)
    return v if v.is_number and not v.has(*bad) else None


def equivalence(orig, mutant, pts, seed):
    """'differs' (both real and > 1e-30 apart at a point), 'same' or 'undefined'."""
    orig, mutant, seen = do_derivatives(orig), do_derivatives(mutant), False
    for k, p in enumerate(pts):
        a, b = evaluate(orig, p, k, seed), evaluate(mutant, p, k, seed)
        if a is not None and b is not None:
            seen = True
            if abs(sp.N(a - b, 50)) > TOL:
                return "differs"
    return "same" if seen else "undefined"


def short(s, n=150):
    s = str(s)
    return s if len(s) <= n else s[:n - 3] + "..."


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N claims")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="write every mutant and verdict to FILE")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cap", type=int, default=8, help="mutants per claim")
    ap.add_argument("--points", type=int, default=128, help="points for the equivalence check")
    ap.add_argument("--timeout", type=float, default=20.0, help="engine seconds per mutant")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    claims, skipped = base_claims(catalog.load())
    claims = claims[:args.limit] if args.limit else claims
    records, candidates, tasks = [], 0, []
    for c in claims:
        ms, n = mutants(c, args.cap, args.seed)
        candidates += n
        pts = sample_points(c, args.seed, args.points)
        for k, m in enumerate(ms):
            rec = {"claim": c.id, "kind": c.kind, "id": f"{c.id}@m{k}", "op": m["op"],
                   "step": m["slot"][0], "entry": m["slot"][1], "change": m["change"],
                   "mutated": str(m["new"]), "equivalence": equivalence(m["orig"], m["new"], pts, args.seed)}
            records.append(rec)
            if rec["equivalence"] == "differs":
                tasks.append(replace(with_slot(c, m["slot"], m["new"]), id=rec["id"]))
    print(f"{len(records)} mutants, {len(tasks)} non-equivalent ({time.perf_counter() - t0:.0f} s)",
          file=sys.stderr)

    def progress(done, total):
        if done % 100 == 0 or done == total:
            print(f"  engine {done}/{total} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    got = runner.verdicts(claims + tasks, seed=0, timeout=args.timeout, jobs=args.jobs, progress=progress)
    for r in records:
        if r["id"] in got:
            v = got[r["id"]]
            r["verdict"] = {k: v[k] for k in ("status", "strength", "method", "detail")}
            r["killed"] = v["status"] == "wrong"
        r["original"] = "{status}/{strength}".format(**got[r["claim"]])

    noneq = [r for r in records if r["equivalence"] == "differs"]
    survivors, eq = [r for r in noneq if not r["killed"]], Counter(r["equivalence"] for r in records)
    killed = len(noneq) - len(survivors)
    score = 100.0 * killed / len(noneq) if noneq else 100.0
    by_op = {op: (sum(r["killed"] for r in noneq if r["op"] == op), sum(r["op"] == op for r in noneq))
             for op in sorted({r["op"] for r in records})}
    summary = {"claims": len(claims), "claims_by_kind": dict(Counter(c.kind for c in claims)),
               "skipped": dict(skipped), "candidate_edits": candidates, "mutants": len(records),
               "equivalent": eq["same"], "undefined": eq["undefined"], "nonequivalent": len(noneq),
               "killed": killed, "survived": len(survivors), "score_percent": round(score, 2),
               "by_operator_killed_of_nonequivalent": by_op, "seed": args.seed, "cap": args.cap,
               "points": args.points, "timeout": args.timeout, "seconds": round(time.perf_counter() - t0, 1)}
    counts = lambda d: ", ".join(f"{k} {n}" for k, n in sorted(d.items()))  # noqa: E731
    print(f"claims used        {len(claims)}  ({counts(summary['claims_by_kind'])})\n"
          f"skipped            {counts(skipped)}\n"
          f"mutants generated  {len(records)}  (of {candidates} candidate edits, cap {args.cap}/claim)\n"
          f"equivalent/unknown {len(records) - len(noneq)}  (excluded: {eq['same']} agree at every point, "
          f"{eq['undefined']} never real-valued)\n"
          f"non-equivalent     {len(noneq)}\nkilled             {killed}\n"
          f"score              {score:.2f} %  (target >= 99 %)\n"
          f"by operator        {', '.join(f'{op} {k}/{n}' for op, (k, n) in by_op.items())}\n"
          f"seconds            {summary['seconds']}")
    print(f"\nsurvivors ({len(survivors)}):" if survivors else "\nno survivors")
    for r in survivors:
        v = r["verdict"]
        where = ("rhs" if r["step"] is None else f"step {r['step']}") + ("" if r["entry"] is None
                                                                         else f" entry {r['entry']}")
        print(f"- {r['claim']} [{r['op']}, {where}] original {r['original']}\n"
              f"    change:  {short(r['change'])}\n    mutated: {short(r['mutated'])}\n"
              f"    verdict: {v['status']}/{v['strength']} {short(v['method'], 80)}  {short(v['detail'], 100)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "mutants": records}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
