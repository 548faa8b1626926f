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

from .notation import NotRead, argument, group_end, shown

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
    over: str
    objective: str


def parse(side: str):
    """The Optimum of a side that is one maximiser or minimiser of an objective; None when the
    side does not start with one; NotRead when it does but is not only that."""
    s = side.strip()
    sense, over, rest = _head(s)
    if sense is None:
        return None
    objective = rest.strip()
    if not objective:
        raise NotRead(f"'{shown(s)}': \\arg\\{sense} without an objective")
    if _HEAD.search(objective) or _UNDERSET.search(objective):
        raise NotRead(f"'{shown(s)}': a maximiser inside the objective of another is not read")
    binary = _binary_operator(objective)
    if binary is not None:
        raise NotRead(f"'{shown(s)}': \\arg\\{sense} followed by a {binary}: the optimum of the whole, or "
                      f"the optimum plus a term? (write \\arg\\{sense}_{{...}} \\left[ ... \\right])")
    return Optimum(sense, over, objective)


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
        return _sense(h), _variables(under[0]), s[top[1]:]
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
        over, k = _variables(sub[0]), sub[1]
    return _sense(m), over, s[k:]


def _sense(m) -> str:
    return next(g for g in m.groups() if g)


def _variables(text: str) -> str:
    """The variables of a subscript as one comparable text (``\\theta \\in \\Theta`` keeps the set)."""
    return "".join(text.split()).replace("\\mathbf", "\\mathbf ").replace("\\boldsymbol", "\\boldsymbol ")


def _binary_operator(text: str):
    """'+' or '-' when the objective has a binary plus or minus outside every bracket (the
    optimum's extent is then not shown), else None."""
    depth, i, n, seen = 0, 0, len(text), False
    last = ""
    while i < n:
        ch = text[i]
        if ch == "\\":
            m = re.match(r"\\(?:[A-Za-z]+|.)", text[i:])
            tok = m.group(0)
            if tok == "\\{":
                depth += 1
            elif tok == "\\}":
                depth -= 1
            elif tok in ("\\pm", "\\mp") and depth == 0 and seen:
                return tok
            last = tok if tok not in ("\\left", "\\right", "\\big", "\\Big", "\\,", "\\;", "\\!", "\\quad") else last
            seen = seen or tok not in ("\\left", "\\,", "\\;", "\\!", "\\quad")
            i += len(tok)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in "+-" and depth == 0 and seen and last not in ("^", "_", "=", "\\cdot", "\\times", "*", "/", "+", "-"):
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
    if left is None or right is None:
        return False      # one side only: \hat\theta = \arg\max ... is read (and refused) as today
    if step.relation != "=":
        item.status, item.reason = "undecided", f"the relation {step.relation} between two optima is not checked"
        return True
    if not left.over or not right.over:
        item.status, item.reason = "undecided", "an optimum without its variable (\\arg\\max_{v}) is not checked"
        return True
    if left.over != right.over:
        item.status, item.reason = "undecided", (
            f"optima over different variables ({left.over} and {right.over}): not compared")
        return True
    try:
        _plan(planner, item, left, right, assume, sizes)
    except NotRead as exc:
        item.status, item.reason = "not_read", exc.reason
    return True


def _plan(planner, item, left: Optimum, right: Optimum, assume, sizes) -> None:
    from . import conditions
    step = item.step
    inner = replace(step, from_=left.objective, to=right.objective)
    lhs, rhs = planner._read_pair(inner)
    f, g = lhs.expr, rhs.expr
    if not isinstance(f, sp.Expr) or not isinstance(g, sp.Expr) or \
            any(not getattr(e, "is_commutative", True) for e in (f, g)):
        raise NotRead("an objective that is not a number (a vector or a matrix) is not compared")
    if left.sense != right.sense:
        g = -g
    relations = [] if left.sense == right.sense else [f"\\arg\\{left.sense} of f is \\arg\\{right.sense} of -f"]
    expanded, _ = planner.ctx.expand(f, step.location)
    if _wants_log(f, g):
        if not positive(expanded):
            item.status, item.reason = "undecided", (
                "the right objective is a logarithm of the left one's terms, but the left objective is not "
                "shown positive (a product of probabilities, densities, exponentials or sigmoids): "
                "its logarithm may not exist")
            return
        f = split_log(sp.log(f))
        relations.append("log of a positive objective (strictly increasing)")
    sized = set(lhs.sizes) | set(rhs.sizes)
    f, g, factor = _factors(f, g, sized)
    if factor is not None:
        relations.append(f"a positive constant factor {factor}")
    f, g, added, doubt = _terms(f, g, sized, left.over)
    if added is None:
        f, g, added = _constant_difference(f, g, sized)
    if added is not None:
        relations.append(f"an added term free of {left.over}: {added}")
    beside = conditions.from_note(step.note, planner._reader_for_conditions(), integers=planner.ctx.integers)
    planner.ctx.valued |= (set(lhs.names) | set(rhs.names)) - set(lhs.applied) - set(rhs.applied)
    fresh = (set(lhs.names) | set(rhs.names)) - planner.ctx.seen
    planner.ctx.note(lhs, rhs)
    item.argmax = ("; ".join(relations) or "the same objective", doubt)
    planner._claim(item, replace(lhs, expr=f), replace(rhs, expr=g), assume + list(beside.domain),
                   sizes, beside, fresh)


def _wants_log(f, g) -> bool:
    """The right objective has logarithms and the left none: log F = G is the map to try."""
    return g.has(sp.log) and not f.has(sp.log)


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


def _constant(e, sized) -> bool:
    """Made of numbers and sizes (the N of 1/N) only: free of every variable."""
    return all(s.is_integer or s.name in sized for s in e.free_symbols if isinstance(s, sp.Symbol)) \
        and not e.atoms(AppliedUndef) and not e.atoms(sp.Indexed)


def _factors(f, g, sized):
    """f, g with their positive constant factors taken out, and the ratio (None if 1)."""
    kf, f = _positive_factor(f, sized)
    kg, g = _positive_factor(g, sized)
    ratio = sp.nsimplify(kf / kg) if kf != kg else None
    return f, g, (None if ratio is None or ratio == 1 else ratio)


def _positive_factor(e, sized):
    if not isinstance(e, sp.Mul):
        return sp.Integer(1), e
    keep, out = [], []
    for a in e.args:
        if a.is_number and a.is_negative:      # -2 f: the factor 2, the sign kept
            out.append(-a)
            keep.append(sp.Integer(-1))
        elif _constant(a, sized) and (a.is_positive or _positive_size(a, sized)):
            out.append(a)
        else:
            keep.append(a)
    return sp.Mul(*out), sp.Mul(*keep)


def _positive_size(a, sized) -> bool:
    """N, 1/N, 2N for a size N (at least 1)."""
    base = a.base if isinstance(a, sp.Pow) and a.exp.is_real else a
    coeff, rest = base.as_coeff_Mul() if isinstance(base, sp.Expr) else (0, base)
    return coeff > 0 and isinstance(rest, sp.Symbol) and rest.name in sized


def _terms(f, g, sized, over):
    """f, g with their added terms free of the variable dropped; (f, g, shown difference or
    None, doubt or None). A term of numbers and sizes is free of every variable; a term with
    other names, none of them the variable or an entry of it, is free of it only if those
    names do not depend on it (the doubt)."""
    names = set()
    dropped_f, f = _free_terms(f, sized, over, names)
    dropped_g, g = _free_terms(g, sized, over, names)
    diff = dropped_f - dropped_g
    if sp.expand(diff) == 0:
        return f, g, None, None
    doubt = None
    if names:
        verb = "does" if len(names) == 1 else "do"
        doubt = (f"the objectives differ by {sp.sstr(diff)}, free of {over} only if "
                 f"{', '.join(sorted(names))} {verb} not depend on {over} (the text does not say so to the check)")
    return f, g, sp.sstr(diff), doubt


def _constant_difference(f, g, sized):
    """(2 - w) w against -(w - 1)^2: objectives whose expanded difference is a constant (numbers
    and sizes); the claim is then f = g + that constant."""
    if sp.count_ops(f) + sp.count_ops(g) > MAX_OPS:
        return f, g, None
    diff = sp.expand(f - g)
    if diff == 0 or not _constant(diff, sized):
        return f, g, None
    return f, g + diff, sp.sstr(diff)


def _free_terms(e, sized, over, names):
    if not isinstance(e, sp.Add):
        return sp.Integer(0), e
    drop, keep = [], []
    for t in e.args:
        if _constant(t, sized):
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
    own = {v.strip() for v in re.split(r",", over)}
    out = set()
    for s in t.free_symbols:
        n = s.name
        if s.is_integer:
            continue
        if any(n == v or n.startswith(v + "_") or n.startswith(v + "^") or _bare(n) == _bare(v) for v in own):
            return None
        out.add(n)
    return out


def _bare(name: str) -> str:
    return re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*|[{} ]", "", name)


def settle(d: dict, item) -> None:
    """The engine's verdict on an optimum step (run.py): never wrong; a holds with a doubted
    added term undecided; the relation named in the detail."""
    got = getattr(item, "argmax", None)
    if got is None:
        return
    relation, doubt = got
    if d["status"] in ("wrong", "undecided"):
        found = "are not related" if d["status"] == "wrong" else "are not shown related"
        before = d.get("reason") if d["status"] == "undecided" else None
        d["status"], d["strength"] = "undecided", None
        d["counterexample"] = d["residual"] = d["correct"] = None
        d["reason"] = (f"the objectives {found} by the increasing map tried ({relation}): two different "
                       "objectives may still have the same optimum" + (f"; {before}" if before else ""))
        return
    if d["status"] == "holds" and doubt:
        d["status"], d["strength"] = "undecided", None
        d["reason"] = f"holds as read ({relation}), but {doubt}"
        return
    if d["status"] == "holds":
        d["detail"] = "; ".join(x for x in (f"optima equal: {relation}", d.get("detail") or "") if x)
