"""Steps between two maximisers: ``\\arg\\max_\\theta F = \\arg\\min_\\theta G``.

Maximum-likelihood and VAE solutions pass from a likelihood to a loss by steps whose sides
are points, not values: ``\\arg\\max_\\theta \\prod_i p(y_i | x_i; \\theta) = \\arg\\max_\\theta
\\sum_i \\log p(y_i | x_i; \\theta) = \\arg\\min_\\theta [-\\sum_i \\log p(...)]``. Such a step is
right when the two objectives are related by a strictly increasing map (decreasing between a
max and a min). The check names the map and has the engine prove the identity it needs:

- the same objective (max f = min -f when the senses differ): F = ±G;
- a positive constant factor (numbers and sizes such as 1/N): taken out of both sides first;
- an added term free of the variable: terms made of numbers and sizes are dropped from both
  sides; a dropped term with other names (sigma of -N/2 log(2 pi sigma^2)) is free of the
  variable only if those names do not depend on it, which the text may not say: a ``holds``
  with such a term is reported ``undecided``, naming it;
- the logarithm of an objective the check shows positive (a product of probabilities or
  densities, exponentials, sigmoids): log F = G.

The step is never ``wrong``: two different objectives can have the same maximiser. When the
engine finds the identity false the step is ``undecided`` (``settle``, hooked into run.py).
A maximiser mixed with other operations (``\\arg\\max_x f + 1``) stays not read, and so does a
step with a maximiser on one side only (``\\hat\\theta = \\arg\\max ...``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ..reading.notation import NotRead, argument, group_end, shown

_WORD = r"arg\s*(?:\\[,;:! ]\s*|~\s*)?(max|min)"
_HEAD = re.compile(
    r"\\arg\s*\\(max|min)(?![A-Za-z])"
    r"|\\(?:operatorname\*?|mathrm|text|textrm|mathop|operatorname)\s*\{\s*" + _WORD + r"\s*\}"
    r"|\\arg(max|min)(?![A-Za-z])")
_UNDERSET = re.compile(r"\\underset\s*\{")
_LIMITS = re.compile(r"\s*\\(?:no)?limits(?![A-Za-z])")
MAX_OPS = 400              # objectives expanded to compare them up to a constant


@dataclass(frozen=True)
class Optimum:
    """One side ``\\arg\\max_{v} F``: sense "max" or "min", the variables as written, F."""
    sense: str
    over: str                # compared: no spaces or braces, sorted
    objective: str
    written: str = ""        # the subscript as written, for the reasons


def parse(side: str):
    """The Optimum of a side that is one maximiser or minimiser of an objective; None when the
    side does not start with one; NotRead when it does but is not only that."""
    s = side.strip()
    sense, written, rest = _head(s)
    if sense is None:
        return None
    over = _variables(written)
    objective = rest.strip()
    if not objective:
        raise NotRead(f"'{shown(s)}': \\arg\\{sense} without an objective")
    if _HEAD.search(objective) or _UNDERSET.search(objective):
        raise NotRead(f"'{shown(s)}': a maximiser inside the objective of another is not read")
    binary = _binary_operator(objective)
    if binary is not None:
        raise NotRead(f"'{shown(s)}': \\arg\\{sense} followed by a {binary}: the optimum of the whole, or "
                      f"the optimum plus a term? (write \\arg\\{sense}_{{...}} \\left[ ... \\right])")
    return Optimum(sense, over, objective, " ".join(written.split()))


def _head(s: str):
    """(sense, variables, rest) of a side starting with an argmax/argmin, else (None, ...)."""
    m = _UNDERSET.match(s)
    if m:
        under = argument(s, m.end() - 1)
        top = argument(s, under[1]) if under else None
        if top is None:
            return None, None, None
        h = _HEAD.fullmatch(top[0].strip())
        if h is None:
            return None, None, None
        return _sense(h), under[0], s[top[1]:]
    m = _HEAD.match(s)
    if m is None:
        return None, None, None
    k = m.end()
    lim = _LIMITS.match(s, k)
    if lim:
        k = lim.end()
    while k < len(s) and s[k] == " ":
        k += 1
    over = ""
    if k < len(s) and s[k] == "_":
        sub = argument(s, k + 1)
        if sub is None:
            raise NotRead(f"'{shown(s)}': \\arg\\{_sense(m)}_ without its variable")
        over, k = sub[0], sub[1]
    return _sense(m), over, s[k:]


def _sense(m) -> str:
    return next(g for g in m.groups() if g)


def _variables(text: str) -> str:
    """The variables of a subscript as one comparable text: no spaces, no braces (\\mathbf{w} and
    \\mathbf w are one), in sorted order (w, b and b, w are one); ``\\theta \\in \\Theta`` keeps the set."""
    flat = re.sub(r"[{}\s]", "", text)
    return ",".join(sorted(flat.split(",")))


def _binary_operator(text: str):
    """'plus' or 'minus' when the objective has a binary plus or minus outside every bracket,
    bar and norm (the optimum's extent is then not shown), else None."""
    depth, bars, norms, i, n, seen, last = 0, 0, 0, 0, len(text), False, ""
    while i < n:
        ch = text[i]
        if ch == "\\":
            tok = re.match(r"\\(?:[A-Za-z]+|.)", text[i:]).group(0)
            depth += (tok in ("\\{", "\\lVert", "\\lvert")) - (tok in ("\\}", "\\rVert", "\\rvert"))
            if tok in ("\\|", "\\Vert") and depth == 0:     # bars inside brackets: a condition's
                norms ^= 1
            if tok in ("\\pm", "\\mp") and depth + bars + norms == 0 and seen:
                return tok
            if tok not in ("\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\,", "\\;", "\\!",
                           "\\quad", "\\ "):
                seen, last = True, tok
            i += len(tok)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "|" and depth == 0:
            bars ^= 1
        elif ch in "+-" and depth + bars + norms == 0 and seen and \
                last not in ("^", "_", "=", "\\cdot", "\\times", "*", "/", "+", "-", "(", "[", "{"):
            return "plus" if ch == "+" else "minus"
        if not ch.isspace():
            seen, last = True, ch
        i += 1
    return None


# -- the step ---------------------------------------------------------------------------------

def tried_first(planner, item, head: bool, assume: list, sizes: dict) -> bool:
    """Plan a step whose two sides are maximisers/minimisers; False (item untouched) when the
    step is not one."""
    step = item.step
    if "arg" not in step.from_ + step.to:
        return False
    try:
        left, right = parse(step.from_), parse(step.to)
    except NotRead as exc:
        item.status, item.reason = "not_read", exc.reason
        return True
    if left is None and right is not None and head and step.relation == "=":
        return _names_an_optimum(planner, item, right)
    if left is None or right is None:
        return False      # an optimum on one side only otherwise: refused by the reader
    if step.relation != "=":
        item.status, item.reason = "undecided", f"the relation {step.relation} between two optima is not checked"
        return True
    if not left.over or not right.over:
        item.status, item.reason = "undecided", "an optimum without its variable (\\arg\\max_{v}) is not checked"
        return True
    if left.over != right.over:
        item.status, item.reason = "undecided", (
            f"optima over different variables ({left.written} and {right.written}): not compared")
        return True
    try:
        _plan(planner, item, left, right, assume, sizes)
    except NotRead as exc:
        item.status, item.reason = "not_read", exc.reason
    return True


@dataclass
class OptimumPlan:
    """What an optimum step sends to the engine: the identity of the map as written (``relation``
    on the item's own claim), and, when the objectives differ by constant factors or terms,
    the identity with those taken out of the expanded objectives (``alternative``, its claim,
    the relations it names and its doubts)."""
    relation: str
    alternative: object = None
    alt_relation: str = ""
    doubts: str | None = None
    hazards: tuple = ()
    note: str = ""          # a map not tried, and why


def _names_an_optimum(planner, item, right: Optimum) -> bool:
    """``\\hat\\theta = \\arg\\max_\\theta F``: a definition of the name as a point (not a value the
    check can use); a later formula for it is a condition that solves for it."""
    try:
        name = planner.read(item.step.from_, planner.ctx.scope()).expr
    except NotRead:
        return False
    if not isinstance(name, sp.Symbol) or planner.ctx.defined(name.name) is not None:
        return False
    planner.ctx.unknowns.add(name.name)
    planner.ctx.seen.add(name.name)
    item.status, item.reason = "definition", (
        f"names {name.name} the \\arg\\{right.sense} over {right.written or 'its variable'} (a point: its "
        "formula, when given, is a condition that solves for it)")
    return True


def _plan(planner, item, left: Optimum, right: Optimum, assume, sizes) -> None:
    from ..document import conditions
    step = item.step
    inner = replace(step, from_=left.objective, to=right.objective)
    lhs, rhs = planner._read_pair(inner)
    f, g = lhs.expr, rhs.expr
    if not isinstance(f, sp.Expr) or not isinstance(g, sp.Expr) or \
            any(not getattr(e, "is_commutative", True) for e in (f, g)):
        raise NotRead("an objective that is not a number (a vector or a matrix) is not compared")
    relations = [] if left.sense == right.sense else [f"\\arg\\{left.sense} of f is \\arg\\{right.sense} of -f"]
    fx, _ = planner.ctx.expand(f, step.location)
    gx, _ = planner.ctx.expand(g, step.location)
    note = ""
    for which in ("left", "right"):      # log F = G, or F = log G: the side without logarithms
        a, ax, b, bx = (f, fx, g, gx) if which == "left" else (g, gx, f, fx)
        if not (_wants_log(a, b) or _wants_log(ax, bx)):
            if b.has(sp.log) and not a.has(sp.log) and not (positive(a) or positive(ax)):
                note = (f"; the log of the {which} objective is not tried: it is not shown positive (a "
                        "product of probabilities, densities, exponentials or sigmoids)")
            continue
        if not (positive(a) or positive(ax)):
            item.status, item.reason = "undecided", (
                f"one objective is a logarithm of the other's terms, but the {which} objective is not shown "
                "positive (a product of probabilities, densities, exponentials or sigmoids): its "
                "logarithm may not exist")
            return
        a, ax = split_log(sp.log(a)), split_log(sp.log(ax))
        f, fx, g, gx = (a, ax, g, gx) if which == "left" else (f, fx, a, ax)
        relations.append(f"log of the {which} objective, positive (strictly increasing)")
        break
    if left.sense != right.sense:
        g, gx = -g, -gx
    beside = conditions.from_note(step.note, planner._reader_for_conditions(), integers=planner.ctx.integers)
    planner.ctx.valued |= (set(lhs.names) | set(rhs.names)) - set(lhs.applied) - set(rhs.applied)
    fresh = (set(lhs.names) | set(rhs.names)) - planner.ctx.seen
    planner.ctx.note(lhs, rhs)
    assume = assume + list(beside.domain)
    got = item.argmax = OptimumPlan("; ".join(relations) or "the same objective", note=note)
    alt = _stripped(fx, gx, set(lhs.sizes) | set(rhs.sizes), left.over, left.written)
    if alt is not None:
        fa, ga, more, doubts = alt
        scratch = replace(item)
        planner._claim(scratch, replace(lhs, expr=fa), replace(rhs, expr=ga), assume, sizes, beside, fresh)
        if scratch.claim is not None:
            got.alternative = replace(scratch.claim, id=f"{scratch.claim.id}~optimum")
            got.alt_relation, got.doubts, got.hazards = "; ".join(relations + more), doubts, scratch.hazards
    planner._claim(item, replace(lhs, expr=f), replace(rhs, expr=g), assume, sizes, beside, fresh)


def _stripped(f, g, sized, over, shown):
    """(f, g, relations, doubts) of the objectives with their positive constant factors and
    added terms free of the variable taken out; None when there are none."""
    f, g = spread(f), spread(g)
    doubts = Doubts(shown)
    relations = []
    f, g, added = _terms(f, g, sized, over, doubts)
    f, g, factor = _factors(f, g, sized, over, doubts)
    if factor is not None:
        relations.append(f"a positive constant factor {sp.sstr(factor)}")
    if added is None:
        f, g, added = _constant_difference(f, g, sized, over)
    if added is not None:
        relations.append(f"an added term free of {shown}: {added}")
    return (f, g, relations, doubts.shown()) if relations else None


def _wants_log(f, g) -> bool:
    """log F = G is the map to try: G has logarithms, F none, and F has what a logarithm turns
    into a sum (a finite product, a probability or density, an exponential)."""
    return g.has(sp.log) and not f.has(sp.log) and _multiplicative(f)


def _multiplicative(e) -> bool:
    from .probability import GAUSS, is_conditional
    if e.has(sp.Product, sp.exp):
        return True
    return any(is_conditional(c.func.__name__) or c.func.__name__ == GAUSS for c in e.atoms(AppliedUndef))


def positive(e) -> bool:
    """Whether e is shown positive by its form: positive numbers, conditional probabilities and
    densities (probability.is_conditional), the Gaussian density, exp, the sigmoid and one minus
    it, and products, powers (real exponents), sums and finite products of those."""
    from checks import dl
    from .probability import GAUSS, is_conditional
    if e.is_number:
        return bool(e.is_positive)
    if isinstance(e, AppliedUndef):
        return is_conditional(e.func.__name__) or e.func.__name__ == GAUSS
    if isinstance(e, (sp.exp, dl.FUNCTIONS["sigmoid"])):
        return all(a.is_real for a in e.args)
    if isinstance(e, sp.Pow):
        return positive(e.base) and bool(e.exp.is_real)
    if isinstance(e, (sp.Mul, sp.Add)):
        if isinstance(e, sp.Add) and _one_minus_sigmoid(e):
            return True
        return all(positive(a) for a in e.args)
    if isinstance(e, sp.Product):
        return positive(e.function)
    return False


def _one_minus_sigmoid(e) -> bool:
    from checks import dl
    sig = dl.FUNCTIONS["sigmoid"]
    terms = e.args
    return len(terms) == 2 and 1 in terms and any(
        isinstance(t, sp.Mul) and t.args[0] == -1 and len(t.args) == 2 and isinstance(t.args[1], sig) for t in terms)


def split_log(e):
    """log of products and powers of positive factors as sums (log of a finite product the sum
    of the logs); only where every factor split off is shown positive."""
    if not isinstance(e, sp.log):
        return e
    a = e.args[0]
    if isinstance(a, sp.Product) and positive(a.function):
        return sp.Sum(split_log(sp.log(a.function)), *a.limits)
    if isinstance(a, sp.Mul) and all(positive(x) for x in a.args):
        return sp.Add(*[split_log(sp.log(x)) for x in a.args])
    if isinstance(a, sp.Pow) and positive(a.base) and a.exp.is_real:
        return a.exp * split_log(sp.log(a.base))
    if isinstance(a, sp.exp) and a.args[0].is_real:
        return a.args[0]
    return e


def _constant(e, sized, over: str = "") -> bool:
    """Made of numbers, sizes (the N of 1/N) and integers only, none of them the variable (an
    \\arg\\max_k over a class k is over an integer)."""
    own = [_token(_bare(v)) for v in variables(over)]
    return all((s.is_integer or s.name in sized) and not any(v.search(_bare(s.name)) for v in own)
               for s in e.free_symbols if isinstance(s, sp.Symbol)) \
        and not e.atoms(AppliedUndef) and not e.atoms(sp.Indexed)


def _factors(f, g, sized, over, doubts):
    """f, g with their positive constant factors taken out, and the ratio (None if 1). A factor
    with names (1/(2 s^2)) is positive and constant only where its names are not zero and do
    not depend on the variable: the doubts."""
    kf, f = _positive_factor(f, sized, over)
    kg, g = _positive_factor(g, sized, over)
    ratio = kf / kg
    if ratio == 1:
        return f, g, None
    doubts.add(_names(ratio), nonzero=True)
    return f, g, ratio


def _positive_factor(e, sized, over):
    if not isinstance(e, sp.Mul):
        return sp.Integer(1), e
    keep, out = [], []
    for a in e.args:
        if a.is_number and a.is_negative:      # -2 f: the factor 2, the sign kept
            out.append(-a)
            keep.append(sp.Integer(-1))
        elif _constant(a, sized, over) and (a.is_positive or _positive_size(a, sized)):
            out.append(a)
        elif _even_power(a, over) is not None:
            out.append(a)
        else:
            keep.append(a)
    return sp.Mul(*out), sp.Mul(*keep)


def _even_power(a, over):
    """The names of a factor c s^2, 1/(2 s^2), positive where its names are not zero (a power
    with an even exponent of a product of names), without the variable; else None."""
    if not isinstance(a, sp.Pow) or not (a.exp.is_integer and a.exp.is_even):
        return None
    names = _other_names(a, over)
    return names or None


def _positive_size(a, sized) -> bool:
    """N, 1/N, 2N for a size N (at least 1)."""
    base = a.base if isinstance(a, sp.Pow) and a.exp.is_real else a
    coeff, rest = base.as_coeff_Mul() if isinstance(base, sp.Expr) else (0, base)
    return coeff > 0 and isinstance(rest, sp.Symbol) and rest.name in sized


class Doubts:
    """What a holds leans on that the text may not say: names that must not depend on the
    variable (those of a dropped term or a factor), names that must not be zero."""

    def __init__(self, over: str):
        self.over, self.free, self.nonzero = over, set(), set()

    def add(self, names, nonzero: bool = False) -> None:
        self.free |= set(names)
        if nonzero:
            self.nonzero |= set(names)

    def shown(self):
        if not self.free:
            return None
        names = ", ".join(sorted(self.free))
        out = f"it needs {names} free of {self.over}"
        if self.nonzero:
            out += f" and {', '.join(sorted(self.nonzero))} nonzero"
        return out + " (the text does not say so to the check)"


def _terms(f, g, sized, over, doubts):
    """f, g with their added terms free of the variable dropped, and the difference shown (None
    when there is none). A term of numbers and sizes is free of every variable; a term with
    other names, none of them the variable or an entry of it, is free of it only if those
    names do not depend on it (a doubt)."""
    names = set()
    dropped_f, f = _free_terms(f, sized, over, names)
    dropped_g, g = _free_terms(g, sized, over, names)
    diff = dropped_f - dropped_g
    if sp.expand(diff) == 0:
        return f, g, None
    doubts.add(_names(diff))
    return f, g, sp.sstr(diff)


def _names(e) -> set:
    return {x.name for x in e.free_symbols if isinstance(x, sp.Symbol) and not x.is_integer}


def spread(e):
    """Sums spread over their terms and constant factors taken out of them (the terms and
    factors a maximiser may drop): Sum(a + b) = Sum(a) + Sum(b), Sum(c a) = c Sum(a) for c
    without the index, Sum(c) = (its count) c."""
    if isinstance(e, (sp.Add, sp.Mul)):
        return e.func(*[spread(a) for a in e.args])
    if not isinstance(e, sp.Sum):
        return e
    body, limits = spread(e.function), e.limits
    idx = {lim[0] for lim in limits}
    if isinstance(body, sp.Add):
        return sp.Add(*[spread(sp.Sum(t, *limits)) for t in body.args])
    if not (body.free_symbols & idx):
        count = sp.Mul(*[hi - lo + 1 for _, lo, hi in limits])
        return body * count
    if isinstance(body, sp.Mul):
        out = [a for a in body.args if not (a.free_symbols & idx)]
        if out:
            rest = [a for a in body.args if a.free_symbols & idx]
            return sp.Mul(*out) * sp.Sum(sp.Mul(*rest), *limits)
    return sp.Sum(body, *limits)


def _constant_difference(f, g, sized, over):
    """(2 - w) w against -(w - 1)^2: objectives whose expanded difference is a constant (numbers
    and sizes); the claim is then f = g + that constant."""
    if sp.count_ops(f) + sp.count_ops(g) > MAX_OPS:
        return f, g, None
    diff = sp.expand(f - g)
    if diff == 0 or not _constant(diff, sized, over):
        return f, g, None
    return f, g + diff, sp.sstr(diff)


def _free_terms(e, sized, over, names):
    if not isinstance(e, sp.Add):
        return sp.Integer(0), e
    drop, keep = [], []
    for t in e.args:
        if _constant(t, sized, over):
            drop.append(t)
        elif _other_names(t, over) is not None:
            names |= _other_names(t, over)
            drop.append(t)
        else:
            keep.append(t)
    if not keep:
        return sp.Integer(0), e
    return sp.Add(*drop), sp.Add(*keep)


def _other_names(t, over):
    """The names of a term written without the variable (or an entry of it) and without any
    function applied or array entry, which may hide it; None when the term has one of those."""
    if t.atoms(AppliedUndef) or t.atoms(sp.Indexed) or t.has(sp.Sum, sp.Product, sp.Derivative):
        return None
    own = [_token(_bare(v)) for v in variables(over)]
    out = set()
    for s in t.free_symbols:
        if any(v.search(_bare(s.name)) for v in own):    # w, w_1, \|w\|^2, \theta^T x, the k of argmax_k
            return None
        if not s.is_integer:
            out.add(s.name)
    return out


def variables(over: str) -> list:
    """The variables of an optimum's subscript: ``w,b`` -> [w, b]; ``\\theta\\in\\Theta`` -> [\\theta]."""
    over = re.split(r"\\in(?![A-Za-z])", over)[0]
    return [v for v in (x.strip() for x in over.split(",")) if v]


def _token(name: str):
    return re.compile(r"(?<![A-Za-z])" + re.escape(name) + r"(?![A-Za-z])")


def _bare(name: str) -> str:
    return re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*|[{} ]", "", name)


def claims(plans) -> list:
    """The alternative claims of the optimum steps of the plans (run.py checks them too)."""
    return [it.argmax.alternative for p in plans for it in p.items
            if it.claim is not None and getattr(it, "argmax", None) is not None and it.argmax.alternative is not None]


def settle(d: dict, item, got: dict) -> None:
    """The engine's verdict on an optimum step (run.py): holds when the identity of the map as
    written holds, or else the identity with constant factors and terms taken out (undecided
    when that leans on a doubt, which it names); never wrong; the relation in the detail."""
    plan = getattr(item, "argmax", None)
    if plan is None:
        return
    relation, doubt = plan.relation, None
    if d["status"] != "holds" and plan.alternative is not None:
        v = got.get(plan.alternative.id) or {}
        if v.get("status") == "holds" and not _doubted(plan.hazards):
            relation, doubt = plan.alt_relation, plan.doubts
            d["status"], d["strength"] = "holds", v.get("strength")
            d["method"], d["detail"] = v.get("method", d["method"]), v.get("detail", "")
            d["counterexample"] = d["residual"] = d["correct"] = None
            d["reason"] = None
    if d["status"] in ("wrong", "undecided"):
        found = "are not related" if d["status"] == "wrong" else "are not shown related"
        before = d.get("reason") if d["status"] == "undecided" else None
        d["status"], d["strength"] = "undecided", None
        d["counterexample"] = d["residual"] = d["correct"] = None
        tried = relation + (f"; or {plan.alt_relation}" if plan.alternative is not None else "")
        d["reason"] = (f"the objectives {found} by the increasing map tried ({tried}): two different "
                       "objectives may still have the same optimum" + plan.note + (f"; {before}" if before else ""))
        return
    if d["status"] == "holds" and doubt:
        d["status"], d["strength"] = "undecided", None
        d["reason"] = f"holds as read ({relation}), but {doubt}"
        return
    if d["status"] == "holds":
        d["detail"] = "; ".join(x for x in (f"optima equal: {relation}", d.get("detail") or "") if x)


def _doubted(hazards) -> bool:
    """A hazard that makes a holds uncertain (a name that may depend on the variable)."""
    from ..document.context import DEPENDS
    from ..document.doubts import HOLDS_ONLY
    return any(h.startswith((DEPENDS, HOLDS_ONLY)) for h in hazards)
