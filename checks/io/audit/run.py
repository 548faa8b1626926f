"""Auditing documents: plan each one in a budgeted child, check the claims in the worker
pool (the same pool, budget and cache as the catalog's claims), and build the report.

A ``wrong`` step is certain twice over (DESIGN.md): the engine's certified evidence, and a
reading with no hazard. Before a step is reported wrong it must also be wrong where every
free name is positive: documents often state a sign in words (``for positive x``), and a
step that holds for positive values only is reported ``undecided`` with that finding, so
that the author can add the condition (``assume``) or see the gap.
"""
from __future__ import annotations

import itertools
import re
import time
from dataclasses import replace

import sympy as sp

from checks.text.limits import ParseError

from .planning import argmax
from .document import facts
from .arrays import vecops
from .document.conditions import leaves_room
from .reading.indices import SIZES as _SIZES   # the range an enumerated step covers

PLAN_FLOOR = 20.0   # seconds a document's plan gets at least (each step also has its own CPU limit)


def plan_document(name: str, text: str, kind: str, inline: bool):
    """The plan of one document (in the calling process)."""
    from .parse.directives import DirectiveError, directives as find_directives
    from .parse.macros import as_written, expand_document
    from .planning.plan import Planner
    written, text = text, expand_document(text, kind)     # the document's own \newcommand macros
    try:
        found = find_directives(text, kind)
    except DirectiveError as exc:
        raise ParseError(f"{name}: {exc}") from None
    plan = Planner(name, text, kind, inline, directives=found).run()
    if plan.errors:
        raise ParseError(f"{name}: {plan.errors[0]}")
    if text is not written:
        as_written(plan.items, written, text, kind)
    return plan


def _preload() -> None:
    """Import, before the plan's fork, what both the plan's child and the parent need after it
    (the parent checks the plan's claims): a module imported in a child is compiled again in the
    parent and in every worker. SymPy imports the first three on the first ``Add`` it builds, the
    next three inside the checks."""
    import sympy.calculus.accumulationbounds, sympy.matrices.expressions, sympy.tensor.tensor  # noqa: F401, E401
    import sympy.assumptions.wrapper, sympy.discrete.convolutions, sympy.sets.setexpr  # noqa: F401, E401
    from checks.run import engine  # noqa: F401
    from .planning import plan  # noqa: F401


def _planned_within(doc, inline: bool, timeout: float):
    """``plan_document`` in a forked child under a memory cap, killed past its budget."""
    from checks.io.reader import _within
    _preload()
    budget = max(PLAN_FLOOR, timeout)
    return _within(budget, plan_document, doc.name, doc.text, doc.kind, inline)


def audit_documents(docs, *, inline=False, seed=0, timeout=30.0, jobs=None, cache=True,
                    progress=None, isolated=True):
    """The ``AuditReport`` of documents (records with ``name``, ``text``, ``kind``)."""
    from checks import __version__
    from checks.model.audit import AuditReport, DocumentAudit
    from checks.run import runner
    from checks.run.cache import VerdictCache
    t0 = time.perf_counter()
    plans = [(_planned_within(d, inline, timeout) if isolated else plan_document(d.name, d.text, d.kind, inline))
             for d in docs]
    claims = [it.claim for p in plans for it in p.items if it.claim is not None]
    claims += [it.general[1] for p in plans for it in p.items if it.claim is not None and it.general]
    claims += [it.earlier[1] for p in plans for it in p.items if it.claim is not None and it.earlier]   # cases.py
    claims += [it.members[1] for p in plans for it in p.items if it.claim is not None and getattr(it, "members", None)]
    claims += [it.at_values[1] for p in plans for it in p.items if it.claim is not None and getattr(it, "at_values", None)]
    claims += [it.layouts[1] for p in plans for it in p.items
               if it.claim is not None and getattr(it, "layouts", None) and it.layouts[1] is not None]
    claims += argmax.claims(plans)    # optima: the objectives up to constant factors and terms
    store = VerdictCache() if cache else None
    got = runner.verdicts(claims, seed=seed, timeout=timeout, jobs=jobs, cache=store, progress=progress) \
        if claims else {}
    rechecks = _rechecks(plans, got)
    again = [c for tried in rechecks.values() for _, c in tried]
    if again:
        got.update(runner.verdicts(again, seed=seed, timeout=timeout, jobs=jobs, cache=store))
    documents = [DocumentAudit(file=p.file, steps=_declared([_result(it, got, rechecks) for it in p.items]))
                 for p in plans]
    return AuditReport(documents=documents, seed=seed, seconds=time.perf_counter() - t0,
                       version=__version__)


def _rechecks(plans, got) -> dict:
    """For each identity the engine found wrong and no hazard touches: the readings under which
    a document may have meant it (``regions``), each a claim of its own. A wrong step stands
    only if none of them holds."""
    from checks.model.claims import Identity, Value
    out = {}
    for p in plans:
        for it in p.items:
            c = it.claim
            from .document.doubts import HOLDS_ONLY
            from .document.cases import is_hazard as new_case   # settled by the formula before the case
            doubted = [h for h in it.hazards if not h.startswith(HOLDS_ONLY) and not (new_case(h) and it.earlier)]
            if doubted or got.get(getattr(c, "id", None), {}).get("status") != "wrong":
                continue
            if isinstance(c, Identity):
                out[c.id] = [(label, replace(c, id=f"{c.id}~{k}", lhs=lhs, rhs=rhs, assume=tuple(c.assume) + extra))
                             for k, (label, lhs, rhs, extra) in enumerate(regions(c.lhs, c.rhs, c.assume))]
                out[c.id] += [(label, replace(c, id=f"{c.id}~{label}", lhs=lhs, rhs=rhs))
                              for label, lhs, rhs in index_cases(c.lhs, c.rhs, it.cases, it.free, it.related)
                              if it.cases_said or "≠" in label]   # the diagonal only where cases are spoken of
                out[c.id] += vecops.rechecks(c, it)   # entry by entry, inside every vector only
            elif isinstance(c, Value) and isinstance(c.computed, sp.Expr):   # \log 100 = 2: base 10?
                out[c.id] = [(label, replace(c, id=f"{c.id}~{k}", computed=lhs))
                             for k, (label, lhs, _, _) in enumerate(regions(c.computed, c.stated))]
    return out


def index_cases(lhs, rhs, cases, free, related=frozenset()):
    """(label, lhs, rhs) of an enumerated step's entries where two free indices differ, and
    where they are equal: ``\\partial s_i / \\partial z_j = -s_i s_j`` after the case j = i
    is written means i ≠ j, said or not. A step that holds on one of them is not certainly
    wrong (a condition beside it settles it: the enumeration then keeps only its entries). A
    step that relates the two itself (a Kronecker delta, a ``cases`` on i = j) is not tried."""
    if not cases or not isinstance(lhs, sp.MatrixBase) or len(lhs) != len(cases):
        return
    for a, b in itertools.combinations(free, 2):
        if frozenset((str(a), str(b))) in related:    # the step speaks of both kinds of entries itself
            continue
        for label, keep in ((f"{a} ≠ {b}", lambda c: c[a] != c[b]), (f"{a} = {b}", lambda c: c[a] == c[b])):
            rows = [k for k, c in enumerate(cases) if keep(c)]
            if 0 < len(rows) < len(cases):
                yield label, sp.Matrix([lhs[k] for k in rows]), sp.Matrix([rhs[k] for k in rows])


REGION_NAMES = 2     # up to this many names: three regions each (< 0, (0, 1), > 1)
SIGN_NAMES = 4       # up to this many: two signs each; more: every name positive only


def regions(lhs, rhs, assume=()):
    """(label, lhs, rhs, extra assumptions) of the readings a wrong step is tried under again:
    every name in one region (a sign or (0, 1) stated in words: ``for negative x``, a
    probability p); every name an integer where floor, ceiling, binomial or factorial show
    that integers are meant; logarithms to base 2 or 10 ("all logarithms are base 2")."""
    from checks import dl
    labels = {x.base.label for e in (lhs, rhs) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    names = sorted((s for s in (_free(lhs) | _free(rhs)) - labels if isinstance(s, sp.Symbol) and not s.is_integer),
                   key=str)
    if names and len(names) <= REGION_NAMES:
        cuts = [("< 0", lambda x: (x < 0,)), ("in (0, 1)", lambda x: (x > 0, x < 1)), ("> 1", lambda x: (x > 1,))]
    else:
        cuts = [("< 0", lambda x: (x < 0,)), ("> 0", lambda x: (x > 0,))]
    if names and len(names) > SIGN_NAMES:
        cuts = [("> 0", lambda x: (x > 0,))]
    if names:
        for combo in itertools.product(cuts, repeat=len(names)) if len(names) <= SIGN_NAMES else [(cuts[0],) * len(names)]:
            label = ", ".join(f"{x} {c[0]}" for x, c in zip(names, combo))
            extra = tuple(r for x, c in zip(names, combo) for r in c[1](x))
            if leaves_room(names, tuple(assume) + extra):   # not against the step's own conditions
                yield label, lhs, rhs, extra
    if names and any(getattr(e, "has", lambda *_: False)(sp.floor, sp.ceiling, sp.binomial, sp.factorial)
                     for e in (lhs, rhs)):
        ints = {x: sp.Symbol(x.name, integer=True) for x in names}
        yield "every name an integer", lhs.xreplace(ints), rhs.xreplace(ints), ()
    log = dl.FUNCTIONS["log"]
    if any(getattr(e, "has", lambda *_: False)(sp.log) or getattr(e, "has", lambda *_: False)(log)
           for e in (lhs, rhs)):
        for base in (2, 10):
            def rebased(e, b=base):
                e = e.replace(lambda n: isinstance(n, sp.log), lambda n: sp.log(*n.args) / sp.log(b))
                return e
            yield f"logarithms to base {base}", rebased(lhs), rebased(rhs), ()


def _free(e) -> set:
    return set(getattr(e, "free_symbols", set()))


def _result(item, got, rechecks):
    from checks.model.audit import StepResult
    step = item.step
    d = {"id": "", "line": step.line, "lines": list(step.lines), "location": step.location or "",
         "latex": step.latex,
         "relation": step.relation, "from": step.from_, "to": step.to, "reading": item.reading,
         "status": item.status, "strength": None, "method": "", "seconds": 0.0,
         "counterexample": None, "residual": None, "correct": None, "detail": "",
         "reason": item.reason, "declared": item.declared, "severity": item.severity,
         "erratum_note": item.note}
    if item.claim is not None:
        v = got.get(item.claim.id) or {"status": "undecided", "method": "", "detail": "not checked"}
        for k in ("status", "strength", "method", "seconds", "counterexample", "residual", "correct", "detail"):
            if k in v:
                d[k] = v[k]
        if item.enumerated and d["status"] == "holds":   # small sizes only: never a proof
            d["strength"] = "bounded"
            d["detail"] = (f"{item.enumerated} entries: every size 1..{max(_SIZES)} and every value "
                           "of the free indices")
            if getattr(item, "undefined", 0):   # chain.model: 1/sigma at sigma = 0 (m = 1)
                d["detail"] += f" where both sides are defined ({item.undefined} case(s) where a side divides by 0 left out)"
        if getattr(item, "borrowed_range", False) and d["status"] == "holds" and d["strength"] == "proof":
            d["strength"] = "numeric"      # proved with a length the other side lends (entrywise.dot_step)
        if getattr(item, "finite", False) and d["status"] == "holds" and d["strength"] == "proof":
            d["strength"] = "exhaustive"   # proved at every member of a label set the text states
        if item.chain is not None and d["status"] == "holds":   # under the model of the loss only
            d["detail"] = "; ".join(x for x in (d["detail"], item.chain.holds_detail) if x)
        if d["status"] == "unchecked":
            d["status"] = "undecided"
        if d["status"] == "error":
            d["status"], d["reason"] = "undecided", f"the engine failed: {v.get('detail', '')}"[:300]
        _settle_wrong(d, item, got, rechecks)
        if item.chain is not None and d["status"] == "wrong":   # the model is what the text says (upstream)
            d["detail"] = "; ".join(x for x in (d["detail"], item.chain.wrong_detail) if x)
        _beside_condition(d, item)
        vecops.settle(d, item, got, rechecks)   # not wrong on entries outside their vector (vecops.py)
        argmax.settle(d, item, got)      # optima: never wrong, the relation named (argmax.py)
        facts.settle(d, item)            # hypotheses used, or stated (facts.py)
        _layouts(d, item, got)           # a Jacobian's two layouts: a verdict where both give it
        if item.introduces and d["status"] != "holds":   # an equation that may set its new name
            d.update(status="condition", strength=None, reason=item.introduces, counterexample=None,
                     residual=None, correct=None, detail="")
    return StepResult.from_json(d)


def _layouts(d: dict, item, got) -> None:
    """A step with the derivative of a vector by a vector, read in both layouts (vectors.py: the
    document does not say its layout, and the shapes fit either): holds or wrong only where the
    other layout gives the same verdict; else undecided, naming the layout each verdict is in."""
    layouts = getattr(item, "layouts", None)
    if not layouts or d["status"] not in ("holds", "wrong"):
        return
    label, other, read = layouts
    if other is None:
        # the sides fit in one layout only: wrong there and unequal in shape in the other, but a
        # holds may be a slip of the layout the text uses (a transposed grid)
        if d["status"] == "holds":
            d["reason"] = (f"holds with its Jacobians in the {read} layout, the only one its shapes fit; in the "
                           f"{label} layout the sides do not fit: the document does not say which it uses")
            d.update(status="undecided", strength=None)
        return
    there = got.get(other.id, {}).get("status")
    if there == d["status"]:
        d["detail"] = "; ".join(x for x in (d["detail"], f"{d['status']} in both layouts of its Jacobians") if x)
        return
    said = {"holds": "holds", "wrong": "wrong"}.get(there, "not decided")
    d["reason"] = (f"{d['status']} with its Jacobians in the {read} layout (entry (i, j) the derivative of "
                   f"entry i by entry j), {said} in the {label} layout (their transposes): the document does "
                   "not say which it uses")
    d.update(status="undecided", strength=None, counterexample=None, residual=None, correct=None)


def _beside_condition(d: dict, item) -> None:
    """A verdict under the condition beside the step (i ≠ j) says so; a wrong one names the
    entry (sizes and index values) where the two sides differ."""
    from .reading.indices import failing_case
    if getattr(item, "where", "") and d["status"] in ("holds", "wrong"):
        said = f"where {item.where}"   # prose.took names where each relation was said
        d["detail"] = f"{d['detail']}{' ' if item.enumerated else '; '}{said}" if d["detail"] else said
    ce = d.get("counterexample")
    if d["status"] == "wrong" and getattr(item, "cases", ()) and isinstance(ce, dict) and "point" in ce \
            and "entry" not in ce:     # (an entry inside what the text says is chosen already)
        entry = failing_case(item.claim.lhs, item.claim.rhs, item.cases, ce["point"])
        if entry is not None:
            d["counterexample"] = {**ce, "point": {**{k: str(v) for k, v in entry.items()}, **ce["point"]},
                                   "entry": entry}


def _settle_wrong(d: dict, item, got, rechecks) -> None:
    """A wrong verdict stands only with a clean reading and wrong where names are positive.
    A holds stands unless the reading took a name as independent of the variable of a
    derivative (it holds for the reading, not necessarily for what the author meant)."""
    from .document.context import DEPENDS
    from .document.doubts import HOLDS_ONLY
    if d["status"] == "holds" and item.general and got.get(item.general[1].id, {}).get("status") != "holds":
        d["status"], d["strength"] = "undecided", None
        d["reason"] = (f"holds at the numbers the prose gives ({', '.join(item.general[0])}), not in general: "
                       "the step may be meant in general")
        return
    doubt = [h for h in item.hazards if h.startswith((DEPENDS, HOLDS_ONLY))]
    if d["status"] == "holds" and doubt:
        d["status"], d["strength"] = "undecided", None
        d["reason"] = "holds as read, but " + "; ".join(h.removeprefix(DEPENDS).removeprefix(HOLDS_ONLY)
                                                        for h in doubt)
        return
    if d["status"] != "wrong":
        return
    if _within_written_rounding(d, item):
        return
    if _last_digit(item.claim, item.approx):
        d["status"], d["strength"] = "undecided", None
        d["reason"] = ("the stated value differs from the exact one in its last digit only (rounded "
                       "intermediate values?)")
        return
    far = None
    if item.approx and _within_rounding(d.get("counterexample"), item.approx):
        far = _entry_beyond_rounding(item.claim, item.approx)
    if far is not None:     # (0.333, 0.667) = (1/3, 1/3): entry 1 is rounding, entry 2 is not
        d["counterexample"] = {**(d.get("counterexample") or {}), **far}
    elif item.approx and _within_rounding(d.get("counterexample"), item.approx):
        d["counterexample"] = d["residual"] = d["correct"] = None
        d["status"], d["reason"] = "undecided", (f"agrees to within rounding ({item.approx} decimal places "
                                                 "or 1%) with numbers the document writes rounded")
        if getattr(item, "rounding", None) is not None and item.rounding.inside is False:
            d["reason"] = (f"outside the rounding of the numbers it writes, but within {item.approx} decimal "
                           "places or 1%: it may carry rounder intermediate values than it writes")
        return
    hazards = [h for h in item.hazards if not h.startswith(HOLDS_ONLY)]
    from .document.cases import settled_by_earlier
    hazards = settled_by_earlier(hazards, item, got, d)   # wrong with the formula before a new case too
    hazards = _settled_by_members(hazards, item, got, d)   # wrong at the members of a label set too
    hazards = _settled_at_the_point(hazards, item, d)      # \beta \neq 1 beside it, and the point's beta is 1/2
    hazards = _settled_at_values(hazards, item, got, d)    # wrong also at the m = 3 another question sets
    if hazards:   # the point is evidence about the reading only: not shown as a counterexample
        d["counterexample"] = d["residual"] = d["correct"] = None
        d["status"], d["reason"] = "undecided", "wrong as read, but " + "; ".join(
            h.removeprefix(DEPENDS) for h in hazards)
        if item.chain is not None:   # wrong under the model of the unwritten loss (chain.py)
            d["reason"] = item.chain.reason([h.removeprefix(DEPENDS) for h in hazards])
        d["strength"] = None
        return
    if _for_an_instance(d, item):
        return
    for label, again in rechecks.get(item.claim.id, ()):
        status = got.get(again.id, {}).get("status")
        if status == "error":   # the region could not be posed (a name of an array): not known
            d["counterexample"] = d["residual"] = d["correct"] = None
            d["status"] = "undecided"
            d["reason"] = f"wrong as read, but not known where {label}: the document may mean that"
            return
        if status == "holds":
            d["counterexample"] = d["residual"] = d["correct"] = None
            d["status"] = "undecided"
            how = ("write the condition beside the step" if re.fullmatch(r"\S+ [≠=] \S+", label)
                   else "say it with `assume`")
            d["reason"] = (f"wrong as read, but it holds where {label}: the document may mean that "
                           f"({how}, or `expect wrong`)")
            return
    _every_case(d, item, got, rechecks)


def _every_case(d: dict, item, got, rechecks) -> None:
    """A step for whose indices the text names cases (i = j, i ≠ j: said.py) is wrong only when
    the entries of each case are certainly wrong: a case not checked, or not certain, leaves it
    undecided."""
    must = getattr(item, "every_case", frozenset())
    if not must:
        return
    seen = {label: got.get(again.id, {}).get("status") for label, again in rechecks.get(item.claim.id, ())}
    missing = sorted(label for label in must if seen.get(label) != "wrong")
    if missing:
        d["counterexample"] = d["residual"] = d["correct"] = None
        d["status"], d["strength"] = "undecided", None
        d["reason"] = (f"wrong as read, but not certainly wrong where {', '.join(missing)}, a case the text "
                       "names: the step may be meant for it")


def _settled_by_members(hazards: list, item, got: dict, d: dict) -> list:
    """``hazards`` without the doubts of label sets said in other questions (said.py) when the step
    is certainly wrong at their members too: wrong whether or not the set is its domain. The
    counterexample shown is the one at a member."""
    members = getattr(item, "members", None)
    if members is None or not set(hazards) & members[0]:
        return hazards
    v = got.get(members[1].id, {})
    if v.get("status") != "wrong":
        return hazards
    for k in ("counterexample", "residual", "correct"):
        d[k] = v.get(k)
    ce = d.get("counterexample")
    if isinstance(ce, dict) and "point" in ce:   # the member (and entry) where the sides differ
        from .reading.indices import failing_case
        entry = failing_case(members[1].lhs, members[1].rhs, members[3], ce["point"])
        if entry is not None:
            d["counterexample"] = {**ce, "point": {**{k: str(x) for k, x in entry.items()}, **ce["point"]}}
    said = f"wrong also at each member of {members[2]}, said in another question"
    d["detail"] = "; ".join(x for x in (d.get("detail"), said) if x)
    return [h for h in hazards if h not in members[0]]


def _settled_at_values(hazards: list, item, got: dict, d: dict) -> list:
    """``hazards`` without the doubts "N is set to 1 in Q1, read here as any value" when the step
    is certainly wrong with those numbers put in as well (plan: ``item.at_values``): wrong
    whichever the question means. The counterexample shown stays the general one."""
    at = getattr(item, "at_values", None)
    if at is None or not set(hazards) & at[0] or got.get(at[1].id, {}).get("status") != "wrong":
        return hazards
    said = f"wrong also at {at[2]}, the numbers another question sets"
    d["detail"] = "; ".join(x for x in (d.get("detail"), said) if x)
    return [h for h in hazards if h not in at[0]]


def _settled_at_the_point(hazards: list, item, d: dict) -> list:
    """``hazards`` without the doubts a counterexample settles (plan: ``item.at_point``): a
    condition beside the step that tells a name apart from a number (``\\beta_1 \\neq 1``), or a
    relation the text says between names (``K \\le n``), that the point's exact values satisfy,
    all of them at once (for an enumerated step, at one entry whose sides certainly differ).
    The point then lies inside what the text allows. A name the point does not give is one the
    claim does not use: a lone ``\\neq`` leaves it a value; any other relation keeps its doubt."""
    ce = d.get("counterexample")
    at = [(h, rels) for h, rels in getattr(item, "at_point", ()) if h in hazards]
    if not at or not isinstance(ce, dict) or not isinstance(ce.get("point"), dict):
        return hazards
    values = {}
    for k, v in ce["point"].items():
        try:
            values[str(k)] = sp.Rational(str(v))
        except (TypeError, ValueError):
            continue
    used = {str(x) for e in (item.claim.lhs, item.claim.rhs) for x in getattr(e, "free_symbols", ())}
    used |= {str(x) for case in getattr(item, "cases", ()) for x in case}
    inside = lambda extra: all(_satisfied(r, {**values, **{k: sp.Integer(v) for k, v in extra.items()}}, used)
                               for _, rels in at for r in rels)
    if getattr(item, "cases", ()):     # an enumerated step: an entry that differs, inside the relations
        from .reading.indices import failing_case
        entry = failing_case(item.claim.lhs, item.claim.rhs, item.cases, ce["point"], accept=inside)
        if entry is None:
            return hazards
        # the entry shown is this one (_beside_condition keeps it)
        d["counterexample"] = {**ce, "point": {**{k: str(v) for k, v in entry.items()}, **ce["point"]},
                               "entry": entry}
    elif not inside({}):
        return hazards
    settled = {h for h, _ in at}
    return [h for h in hazards if h not in settled]


def _satisfied(rel, values: dict, used: set) -> bool:
    """Whether ``rel`` certainly holds at the point ``values`` (exact rationals by name)."""
    names = {str(x) for x in rel.free_symbols}
    if not names <= set(values):
        return isinstance(rel, sp.Ne) and len(names) == 1 and not names & used
    return bool(rel.xreplace({x: values[str(x)] for x in rel.free_symbols}) is sp.true)


ROUNDING_METHOD = "within the document's rounding"


def _within_written_rounding(d: dict, item) -> bool:
    """A step the engine found wrong that is equal at values within the rounding of the numbers
    it writes (``rounding``: 0.731 for [0.7305, 0.7315]) holds to the document's precision:
    ``numeric``, since the step as written is not an identity. Like every holds, it is doubted
    by a reading that may not be what the document means. True when ``d`` was settled here."""
    found = getattr(item, "rounding", None)
    if found is None or item.general:   # a step also meant in general: settled as before
        return False
    if found.inside is not True:
        d["detail"] = "; ".join(x for x in (d.get("detail"), found.detail) if x)
        if found.entry is not None:   # a matrix: the entry outside, not the engine's first differing one
            d["counterexample"], d["residual"] = dict(found.entry), None
        return False
    from .document.context import DEPENDS
    from .document.doubts import HOLDS_ONLY
    d["counterexample"] = d["residual"] = d["correct"] = None
    d["method"], d["detail"] = ROUNDING_METHOD, found.detail
    doubt = [h.removeprefix(DEPENDS).removeprefix(HOLDS_ONLY) for h in item.hazards
             if h.startswith((DEPENDS, HOLDS_ONLY))]
    if doubt:
        d["status"], d["strength"] = "undecided", None
        d["reason"] = "holds within the document's rounding as read, but " + "; ".join(doubt)
        return True
    d["status"], d["strength"] = "holds", "numeric"
    return True


def _for_an_instance(d: dict, item) -> bool:
    """A wrong found for one instance of undefined functions (``f(u) = 1 + u/2``) refutes the
    step only where the document declares them arbitrary: ``let f = function``, or in words where
    the step is, with nothing else said of them there and the instance within the domain and
    range said (arbitrary.py); otherwise the document may know more about f (a density said in
    words) and the step is undecided."""
    ce = d.get("counterexample") or {}
    instance = ce.get("instance") if isinstance(ce, dict) else None
    if not instance:
        return False
    from checks.prove.functions import instance_text
    from .document.arbitrary import serves
    from .planning.plan import function_name
    names, shown = ", ".join(sorted(instance)), instance_text(instance)
    said, why, quoted = getattr(item, "said", None) or {}, "", []
    for n in sorted(instance):
        if function_name(n) in item.arbitrary:
            quoted.append(f"let {n} = function")
            continue
        got = said.get(function_name(n))
        if got is None:
            why = why or f"the document may say more about {names}"
            continue
        why = why or (f"the text says more about {n} ({got.blocked})" if got.blocked else
                      serves(got, n, instance[n], item.claim, ce.get("point") or {}))
        if got.shown() not in quoted:
            quoted.append(got.shown())
    if not why:
        # the author says they are arbitrary: the instance is the evidence, shown with the point
        d["detail"] = f"for the instance {shown} of {names}, declared arbitrary ({'; '.join(quoted)})"
        return False
    d["counterexample"] = d["residual"] = d["correct"] = None
    d["status"], d["strength"], d["detail"] = "undecided", None, ""   # the reason names the instance
    d["reason"] = f"wrong for an instance of {names} ({shown}): {why}"
    return True


def _last_digit(claim, approx: int) -> bool:
    """A rounded value that is off by less than one unit of its last place, or by less than
    1% when it was computed from values the document rounded: the document may have carried
    rounded intermediate values, so this is not a certain error."""
    from checks.model.claims import Value
    if not isinstance(claim, Value) or claim.places is None:
        return False
    from flint import arb
    from checks.prove.numeric import evaluate
    try:
        gap = abs(evaluate(claim.computed - claim.stated, {}, 128))
    except Exception:   # not evaluable: the engine's wrong stands on its own evidence
        return False
    unit = arb(10) ** (-claim.places)
    if gap < unit:
        return True
    stated = abs(evaluate(claim.stated, {}, 128))
    return bool(approx and (gap < stated / 100 or gap < arb(10) ** (-approx) * max(arb(1), stated)))


_MID = re.compile(r"^\[?\s*([-+]?[\d.]+(?:e[-+]?\d+)?)")


def _within_rounding(ce, places: int) -> bool:
    """Both sides closed numbers (no point) that agree to 1%, or to one unit of the fewest
    decimal places written (times the size of the numbers): a computation with rounded
    decimals (-1.2 x 0.731 + 0.5 for -1.2 sigmoid(1) + 0.5; 0.95 - 1 for sigmoid(3) - 1, where
    the difference is small but the rounding is not), not a certain error."""
    if not ce or ce.get("point"):
        return False
    try:
        a, b = (float(_MID.match(str(ce[k]).strip()).group(1)) for k in ("lhs", "rhs"))
    except (AttributeError, KeyError, ValueError):
        return False
    gap, size = abs(a - b), max(abs(a), abs(b))
    return gap <= 0.01 * size or gap <= 10.0 ** -places * max(1.0, size)


def _entry_beyond_rounding(claim, places: int) -> dict | None:
    """The first entry of a step between arrays of closed numbers whose sides differ, certified,
    by more than rounding explains (``_within_rounding``), as a counterexample: the engine names
    the first differing entry only, which may be a rounded one."""
    from checks.prove.numeric import evaluate
    lhs, rhs = getattr(claim, "lhs", None), getattr(claim, "rhs", None)
    if not (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase)) or lhs.shape != rhs.shape:
        return None
    for k in range(len(lhs)):
        if lhs[k].free_symbols or rhs[k].free_symbols:
            return None
        try:
            a, b = (evaluate(e, {}, 128) for e in (lhs[k], rhs[k]))
        except Exception:       # the evaluator refused an entry: no evidence from it
            continue
        if (a - b).contains(0):
            continue
        r, c = divmod(k, lhs.shape[1])
        ce = {"point": {}, "entry": f"{r + 1},{c + 1}", "lhs": a.str(12), "rhs": b.str(12)}
        if not _within_rounding(ce, places):
            return ce
    return None


def _declared(steps: list) -> list:
    """``expect wrong`` names a display: it declares the display's wrong steps. The other
    steps of that display are not declared; if none is wrong, the display's first step
    carries the declaration, so that a stale directive fails (it is not ok)."""
    groups = {}
    for s in steps:
        if s.declared == "wrong":
            groups.setdefault(s.lines, []).append(s)
    for group in groups.values():
        wrong = [s for s in group if s.status == "wrong"]
        keep = wrong or group[:1]
        for s in group:
            if not any(s is k for k in keep):
                s.declared = s.severity = s.erratum_note = None
    return steps
