"""One entry point: ``check(claim, seed, timeout) -> Verdict``.

Each claim kind has a hook ``_check_<kind>``; ``check`` is the public method
that times the call, turns exceptions into ``error`` verdicts naming the claim,
and never lets one claim take others down. Isolation in a killable process
(hard time budget, memory cap) is the runner's job (``checks.runner``).
"""
from __future__ import annotations

import time

import sympy as sp

from checks import build
from checks.model.claims import Claim
from checks.model.verdict import STRENGTHS, Verdict, holds, undecided, wrong
from checks.prove.budget import BUDGETS, Deadline
from checks.prove.decide import decide
from checks.prove.domains import invert


def check(claim: Claim, seed: int = 0, timeout: float = 30.0) -> Verdict:
    t0 = time.perf_counter()
    hook = CHECKERS.get(claim.kind)
    try:
        if hook is None:
            raise TypeError(f"no checker for claim kind {claim.kind!r}")
        v = _at_most_bounded(hook(claim.resolved(), seed, timeout), claim.over)   # a part that fails to build is this claim's error
    except Exception as exc:  # a broken claim is reported, never raised
        msg = str(exc).splitlines()[0] if str(exc) else ""
        v = Verdict("error", method=claim.kind, detail=f"{type(exc).__name__}: {msg}"[:500])
    v.seconds = time.perf_counter() - t0
    return v


def _at_most_bounded(v: Verdict, over: str) -> Verdict:
    """A claim shown on chosen instances (``over``) is ``bounded``, however strong each
    instance's proof: the document speaks of more than was checked."""
    if over and v.status == "holds" and v.strength in ("proof", "exhaustive"):
        v.strength = "bounded"
        v.detail = (v.detail + "; " if v.detail else "") + f"shown over {over} only"
    return v


def _check_prose(claim, seed, timeout):
    return Verdict("unchecked", method="prose", detail=claim.reason)


def _with_sizes(claim) -> tuple:
    """The claim's assumptions, and every size symbol at least the lower end of its range: a
    size is a size, and a screen at n = -1 would refute a claim about sizes with a case its
    author never meant (``sizes={n: range(1, 7)}`` says n >= 1)."""
    sizes = getattr(claim, "sizes", None) or {}
    return tuple(claim.assume) + tuple(sp.Ge(k, min(r)) for k, r in sizes.items() if len(r))


def _check_identity(claim, seed, timeout):
    return decide(claim.lhs, claim.rhs, _with_sizes(claim), seed=seed, key=claim.id,
                  sizes=claim.sizes, budget=timeout * BUDGETS.claim)


def _text(e) -> str:
    # order='none' prints terms in SymPy's stored (deterministic) order instead of sorting
    # them for display: much faster on long chain steps, and as readable
    return sp.sstr(e if not isinstance(e, sp.MatrixBase) else e.tolist(), order="none")


def _check_chain(claim, seed, timeout):
    steps = claim.steps
    if len(steps) < 2:
        raise ValueError(f"chain {claim.id!r} needs at least two expressions, got {len(steps)}")
    deadline = Deadline(timeout * BUDGETS.claim)
    assume = _with_sizes(claim)
    results, first_broken, weakest, undecided_step = [], None, "proof", None
    texts = [_text(s) for s in steps]
    for i in range(len(steps) - 1):
        share = deadline.left() / (len(steps) - 1 - i)
        v = decide(steps[i], steps[i + 1], assume, seed=seed, key=f"{claim.id}#{i + 1}",
                   sizes=claim.sizes, budget=max(share, BUDGETS.step_floor))
        step = {"index": i + 1, "from": texts[i], "to": texts[i + 1],
                "status": v.status, "strength": v.strength, "method": v.method}
        if v.counterexample:
            step["counterexample"] = v.counterexample
        results.append(step)
        if v.status == "wrong" and first_broken is None:
            first_broken = step
        elif v.status == "holds" and STRENGTHS.index(v.strength) > STRENGTHS.index(weakest):
            weakest = v.strength
        elif v.status not in ("holds", "wrong") and undecided_step is None:
            undecided_step = step
    if first_broken is not None:
        ends = decide(steps[0], steps[-1], assume, seed=seed, key=claim.id + "#ends",
                      sizes=claim.sizes, budget=max(deadline.left(), BUDGETS.step_floor))
        note = "the end result e0 = en holds" if ends.status == "holds" else f"e0 = en: {ends.status}"
        return wrong(f"step {first_broken['index']}: {first_broken['method']}", steps=results,
                     counterexample=first_broken.get("counterexample"),
                     detail=f"first broken step is {first_broken['index']}; {note}")
    if undecided_step is not None:
        return undecided(f"step {undecided_step['index']}", steps=results,
                         detail=f"step {undecided_step['index']} is {undecided_step['status']}")
    return holds(weakest, "chain", steps=results)


def _check_implication(claim, seed, timeout):
    from checks.prove.domains import Domain
    premise = claim.premise
    if not isinstance(premise, sp.Equality):
        raise TypeError(f"implication {claim.id!r}: premise must be an Eq, got {premise!r}")
    dom = Domain.from_assumptions(premise.free_symbols | sp.sympify(claim.value).free_symbols, claim.assume)
    sub = {k: v for k, v in dom.proof_substitution().items() if k != claim.unknown}
    inv = invert(sub)
    unknown = claim.unknown
    # simplify=False: solve's simplify pass imports sympy.physics and the stated
    # value is compared by decide anyway
    sols = sp.solve(premise.xreplace(sub), unknown, dict=False, simplify=False)
    sols = [sp.powsimp(sp.sympify(s)).xreplace(inv) for s in sols]  # a*lam/a**n -> a**(1 - n)*lam
    # Evidence: with the stated value in place the premise must hold identically.
    lhs = premise.lhs.xreplace({claim.unknown: claim.value})
    rhs = premise.rhs.xreplace({claim.unknown: claim.value})
    v = decide(lhs, rhs, claim.assume, seed=seed, key=claim.id, budget=timeout * BUDGETS.implication)
    correct = ", ".join(f"{claim.unknown} = {s}" for s in sols) or None
    if v.status == "holds":
        if len(sols) > 1:
            return undecided("solve", f"the premise has {len(sols)} solutions: {correct}")
        v.method = f"substitution; {v.method}"
        return v
    if v.status == "wrong":
        v.correct = correct
        v.method = f"substitution; {v.method}"
        v.detail = f"with {claim.unknown} = {claim.value} the premise fails"
    return v


def _as_exact(v):
    if callable(v):
        v = v()
    if isinstance(v, (list, tuple)):
        return type(v)(_as_exact(x) for x in v)
    if isinstance(v, sp.MatrixBase):
        return v.applyfunc(lambda x: sp.nsimplify(x) if isinstance(x, sp.Float) else x)
    if isinstance(v, float):
        return sp.Rational(repr(v))
    if isinstance(v, (int, sp.Basic)):
        return sp.sympify(v)
    return v


def _round(v, places):
    if isinstance(v, (list, tuple)):
        return type(v)(_round(x, places) for x in v)
    if isinstance(v, sp.MatrixBase):
        return v.applyfunc(lambda x: _round(x, places))
    scale = sp.Rational(10) ** places      # places < 0 rounds to tens, hundreds, ...
    q = sp.Rational(v) * scale
    return sp.Integer(int(sp.floor(q + sp.Rational(1, 2)))) / scale


def _rounded_scalar(computed, stated) -> bool:
    """A closed scalar that is not rational (sigmoid(1/2), e^2): rounded by certified balls."""
    return isinstance(computed, sp.Expr) and not computed.free_symbols and not computed.is_Rational \
        and isinstance(stated, sp.Expr) and stated.is_Rational


def _check_rounded(computed, stated, places):
    """The stated number is ``computed`` rounded to ``places`` decimals when the ball of
    ``computed`` lies within half a unit of the last place around it; wrong when the ball
    is certified outside that interval. Precision climbs; a ball that straddles an end at
    the cap is undecided."""
    from checks.prove.arbfuncs import Undefined
    from checks.prove.numeric import evaluate
    half = sp.Rational(1, 2) * sp.Rational(10) ** (-places)   # places < 0: 22000 is to the thousand
    lo, hi = stated - half, stated + half
    from flint import arb
    for prec in (64, 256, 1024):
        try:
            b = evaluate(computed, {}, prec)
        except (Undefined, ArithmeticError, TypeError, ValueError) as exc:
            return undecided("exact, rounded", f"cannot evaluate {_text(computed)}: {exc}")
        blo, bhi = arb(lo.p) / lo.q, arb(hi.p) / hi.q
        if b > blo and b < bhi:
            return holds("proof", f"certified, rounded to {places} places")
        if b < blo or b > bhi:
            mid = sp.Rational(str(b.mid().str(places + 6, radius=False)))
            shown = f"{float(_round(mid, places)):.{places}f}" if places > 0 else str(int(_round(mid, places)))
            return wrong(f"certified, rounded to {places} places", correct=shown,
                         residual=None, detail=f"the value is {b.str(places + 6, radius=False)}")
    return undecided(f"certified, rounded to {places} places", "the value lies on a rounding boundary")


def _check_value(claim, seed, timeout):
    computed = _as_exact(claim.computed)
    stated = _as_exact(claim.stated)
    if claim.places is not None and _rounded_scalar(computed, stated):
        return _check_rounded(computed, stated, claim.places)
    shown = _round(computed, claim.places) if claim.places is not None else computed
    if claim.places is None and _shape(stated) == _shape(computed) and not _all_rational(stated, computed):
        # symbols or irrational constants: the certified procedure decides, never an oracle
        v = decide(_as_matrix(computed), _as_matrix(stated), (), seed=seed, key=claim.id,
                   budget=timeout * BUDGETS.claim)
        if v.status == "wrong":
            v.correct = _text(computed if not isinstance(computed, (list, tuple)) else list(computed))
        v.method = f"value; {v.method}"
        return v
    if claim.places is not None:
        same = _round(stated, claim.places) == shown if _shape(stated) == _shape(computed) else False
    else:
        same = _shape(stated) == _shape(computed) and _as_matrix(stated) == _as_matrix(computed)
    method = "exact" if claim.places is None else f"exact, rounded to {claim.places} places"
    if same:
        return holds("proof", method)
    text = _text(shown if not isinstance(shown, (list, tuple)) else list(shown))
    residual = None
    if _shape(stated) != _shape(computed):
        residual = f"shape {_shape(stated)} stated, {_shape(computed)} computed"
    elif not isinstance(computed, (list, tuple, sp.MatrixBase)):
        residual = str(sp.nsimplify(stated - computed))
    return wrong(method, correct=text, residual=residual)


def _shape(v):
    if isinstance(v, sp.MatrixBase):
        return v.shape
    if isinstance(v, (list, tuple)):
        return (len(v),) + (_shape(v[0])[0:] if v and isinstance(v[0], (list, tuple)) else ())
    return ()


def _as_matrix(v):
    """Lists, tuples and matrices as one Matrix, numbers as themselves."""
    if isinstance(v, (list, tuple, sp.MatrixBase)):
        return sp.Matrix(v)
    return sp.sympify(v)


def _all_rational(*values) -> bool:
    def flat(v):
        if isinstance(v, (list, tuple, sp.MatrixBase)):
            return [y for x in v for y in flat(x)]
        return [sp.sympify(v)]
    return all(x.is_Rational for v in values for x in flat(v))


def _check_property(claim, seed, timeout):
    """Every case through the predicate, which answers True, None (undecided) or a
    ``build.Refuted`` carrying its evidence (the contract is ``checks.build``'s docstring).

    ``wrong`` comes only from a Refuted, with its evidence; any other answer (a bare
    False, 1, a relational, an exception) is an ``error`` naming it and the case. The
    cases after an undecided one still run: a later refutation is a certified answer."""
    if claim.predicate is None or claim.cases is None:
        raise ValueError(f"property {claim.id!r} needs a predicate and cases")
    n, first_undecided = 0, None
    deadline = Deadline(timeout * BUDGETS.claim)
    with build.checking(seed=seed, deadline=deadline, key=claim.id):
        for case in claim.cases():
            if deadline.left() <= 0:
                return undecided("timeout", f"time ran out after {n} cases")
            n += 1
            try:
                answer = claim.predicate(case)
                kind = build.classify(answer)
            except Exception as exc:  # the predicate's own failure, or an answer outside the contract
                msg = str(exc).splitlines()[0] if str(exc) else ""
                if not isinstance(exc, build.AnswerError):
                    msg = f"{type(exc).__name__}: {msg}"
                return Verdict("error", method=f"cases({n})", detail=f"case {_case_text(case)}: {msg}"[:500])
            if kind == "refuted":
                return wrong(f"cases({n})", counterexample={"case": _case_text(case), **answer.evidence})
            if kind == "undecided" and first_undecided is None:
                first_undecided = (n, case)
    if n == 0:
        raise ValueError(f"property {claim.id!r}: the case generator produced no cases")
    if first_undecided is not None:
        i, case = first_undecided
        return undecided(f"cases({n})", f"the predicate could not decide case {i}: {_case_text(case)}")
    method = "certificate" if claim.strength == "proof" else f"exhaustive({n} cases)"
    return holds(claim.strength, method)


def _case_text(case) -> str:
    s = repr(case)
    return s if len(s) <= 200 else s[:200] + " ..."


def _check_limit(claim, seed, timeout):
    """SymPy's limit (Gruntz) under the assumptions, compared with the stated value.

    When the limit depends on the sign of a parameter whose interval is closed
    at an end (x >= 0), the closed end is checked as its own case (x = 0) and
    the open interior with a sign assumption: a boundary where the stated
    limit fails is then a certified counterexample."""
    from checks.prove.domains import Domain
    expr = sp.sympify(claim.expr)
    dom = Domain.from_assumptions(expr.free_symbols | sp.sympify(claim.stated).free_symbols, claim.assume)
    cases = [(dict(), dom)]
    for s, iv in dom.intervals.items():
        if s == claim.var or not s.is_Symbol:
            continue
        for end, is_open in ((iv.lo, iv.lo_open), (iv.hi, iv.hi_open)):
            if not is_open and end.is_finite:
                interior = Domain(dict(dom.intervals))
                interior.intervals[s] = type(iv)(iv.lo, iv.hi, True, True, iv.integer)
                cases = [({s: end}, dom), ({}, interior)]
                break
        if len(cases) > 1:
            break
    for fixed, d in cases:
        sub = {k: v for k, v in d.proof_substitution().items() if k != claim.var}
        inv = invert(sub)
        e = expr.xreplace(fixed).rewrite(sp.exp).xreplace(sub)
        var = claim.var
        try:
            got = sp.limit(e, var, claim.point, claim.direction)
        except NotImplementedError as exc:
            return undecided("limit", f"SymPy could not evaluate the limit: {str(exc)[:120]}")
        if isinstance(got, sp.Limit) or got.has(sp.Limit) or got is sp.nan:
            return undecided("limit", f"SymPy could not evaluate the limit: {got}")
        got = got.xreplace(inv)
        stated = sp.sympify(claim.stated).xreplace(fixed)
        assume = tuple(a for a in claim.assume if not (a.free_symbols & set(fixed))) if fixed else claim.assume
        v = decide(got, stated, assume, seed=seed, key=claim.id, budget=timeout * BUDGETS.limit)
        where = ", ".join(f"{k} = {val}" for k, val in fixed.items())
        v.method = f"limit (gruntz){' at ' + where if where else ''}; {v.method}"
        if v.status == "wrong":
            v.correct = f"{got}" + (f" at {where}" if where else "")
            if fixed:
                ce = v.counterexample or {"lhs": str(got), "rhs": str(stated)}
                ce["point"] = {**{str(k): str(val) for k, val in fixed.items()}, **ce.get("point", {})}
                v.counterexample = ce
            return v
        if v.status != "holds":
            return v
    return v


# One checker per claim kind (claims.Claim.kind): a kind missing here is an error verdict.
CHECKERS = {
    "prose": _check_prose,
    "identity": _check_identity,
    "chain": _check_chain,
    "implication": _check_implication,
    "value": _check_value,
    "property": _check_property,
    "limit": _check_limit,
}
