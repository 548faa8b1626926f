"""Derivatives by the intermediate quantities a document defines.

Backprop solutions name their intermediates ("Write $s = u_o^\\top v_c$ and $t_k = u_{w_k}^\\top
v_c$"), write the loss in those names (``J = -\\log\\sigma(s) - \\sum_k \\log\\sigma(-t_k)``) and
differentiate by them: ``\\partial J/\\partial s``. The convention of every such derivation is the
partial of the formula *as written*, the other names it is written in held fixed: t_k does not
move when s does, although both are made of v_c.

``held`` gives the context (``Context._rewrite``) the names to hold while it differentiates a
defined name Q by names its formula is written in:

- Q is a name the text defines by a formula (a value, or the entries of an array);
- every variable of the derivative is written in Q's formula and is itself defined by the text
  by a formula (an intermediate, not a leaf the words may tie to anything);
- the names held are the other names Q's formula is written in (defined by a formula or not:
  the old state p of ``h = (1 - z) p + z \\tilde h`` is held when h is differentiated by z).

Where Q's formula is also written in a name the variable is made of, or in one made of the
variable (``Q = f(s, u_o)`` with ``s = u_o^\\top v_c``), "the partial by s" may mean the partial
holding u_o or the total derivative through s: the reading is ambiguous, and the step keeps a
hazard that doubts a holds as much as a wrong (nothing is held; the context reads it as before).

``noted`` puts in the names a note beside a step gives a value (``\\text{since } t_1 = t_2 =
u_w^\\top v_c``), for that step alone, before its definitions: the step is then checked as resting
on the note (a hypothesis, as facts.py uses them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from ..arrays.matrices import MATH


def _name(v) -> str:
    return str(v.base.label) if isinstance(v, sp.Indexed) else getattr(v, "name", str(v))


def _definition(ctx, q):
    """The definition of the differentiated name: a value's (no parameters, not a number) or
    the entry formula of an array; None otherwise."""
    from .context import _is_number
    if isinstance(q, sp.Symbol):
        d = ctx.values.get(q.name)
        if d is None or d.params or _is_number(d) or not isinstance(d.body, sp.Expr):
            return None
        return d
    if isinstance(q, sp.Indexed):
        d = ctx.indexed.get(str(q.base.label))
        return d if d is not None and len(d.params) == len(q.indices) else None
    return None


def _by_formula(ctx, name: str) -> bool:
    """Defined by the text by a formula in other names (not a number, not a function)."""
    from .context import _is_number
    d = ctx.values.get(name)
    if d is not None:
        return not d.params and not _is_number(d) and bool(getattr(d.body, "free_symbols", ()))
    return name in ctx.indexed


def _made_of(ctx, name: str) -> set:
    """The names a defined name is made of, through the definitions (its own formula's too)."""
    from .context import _INSIDE, names_in
    out = set(ctx._made_of(name)) if name in ctx.values else set()
    d = ctx.indexed.get(name)
    if d is not None:
        own = {_name(p) for p in d.params}
        body = ctx._rewrite(d.body, frozenset({_INSIDE, name}) | own, [], None)
        out |= (names_in(body) | names_in(d.body)) - own
    return out


def _tied(ctx, a: str, b: str) -> bool:
    """One of the two names is made of the other (an opaque construct that writes it counts:
    u_o of u_o^T v_c)."""
    from .context import _mentions
    for x, y in ((a, b), (b, a)):
        made = _made_of(ctx, x)
        if y in made or any(_mentions(m, y) for m in made if m in ctx.opaque):
            return True
    return False


_DEPEND_WORDS = re.compile(r"\bdepend|\bfunction of\b|\bvar(?:y|ies)\b|\bthrough\b", re.I)


def said_to_depend(ctx, name: str) -> bool:
    """Whether the document writes ``name`` as a function of something (``y(s)``, ``y = g(s)``)
    or has a sentence saying it depends on / is a function of / varies with something."""
    cache = ctx.__dict__.setdefault("_said_to_depend", {})
    if name not in cache:
        cache[name] = _said_to_depend(ctx.text or "", name)
    return cache[name]


def _said_to_depend(text: str, name: str) -> bool:
    plain = name.split("[")[0]
    pat = r"(?<![A-Za-z])\\?" + re.escape(plain) + r"(?![A-Za-z])"
    if re.search(pat + r"\s*(?:\\left\s*)?\(", text):           # y(s)
        return True
    if re.search(pat + r"\s*=\s*\\?[A-Za-z]+\s*(?:\\left\s*)?\(", text):    # y = g(s)
        return True
    for sentence in re.split(r"(?<=[.;!?])\s+", text[:300_000]):
        if _DEPEND_WORDS.search(MATH.sub(" ", sentence)) \
                and any(re.search(pat, m.group(0)) for m in MATH.finditer(sentence)):
            return True
    return False


def held(ctx, e: sp.Derivative, hazards: list) -> frozenset:
    """The names to hold while ``e`` (a derivative of a defined name by names its formula is
    written in) is taken: the other names of that formula. Empty when the convention
    does not apply; a hazard (DEPENDS) when the partial is ambiguous."""
    from .context import DEPENDS, names_in
    d = _definition(ctx, e.expr)
    if d is None:
        return frozenset()
    own = {_name(p) for p in d.params}
    written = names_in(d.body) - own
    wrt = [_name(v) for v, _ in e.variable_count]
    if not wrt or _name(e.expr) in wrt or not all(n in written and _by_formula(ctx, n) for n in wrt):
        # h_t by h_k of a recurrence: a name by itself at another time (recurdiff.py), not this
        return frozenset()
    # the sizes and indices of the formula's sums (N_\\Sigma of \\sum_{m,n}) are no quantities
    counts = {x.name for x in getattr(d.body, "free_symbols", ()) if getattr(x, "is_integer", False)}
    others = written - set(wrt) - {_name(e.expr)} - counts
    tied = sorted(n for n in others if any(_tied(ctx, n, v) for v in wrt))
    if tied:
        hazards.append(f"{DEPENDS}{d.name} is written in {', '.join(wrt)} and in {', '.join(tied)}, which "
                       f"{' and '.join(wrt)} is made of or which is made of it: the partial holding "
                       f"{', '.join(tied)} or the total derivative?")
        return frozenset()
    # a name with no formula is held only when the words tie it to nothing: y(s), g(s), "y depends
    # on s" make it a quantity that may move with the variable (left loose: a DEPENDS doubt)
    out = frozenset(n for n in others if _by_formula(ctx, n) or not said_to_depend(ctx, n))
    if out and ctx.facts is not None:      # shown with the step's reading
        ctx.facts.used.append(Held(d.name, tuple(wrt), tuple(sorted(out))))
    return out


@dataclass(frozen=True)
class Held:
    """The convention a derivative was read with, shown with the step's reading (it carries no
    mean or variance: probability.Facts reads those of what it lists)."""
    name: str
    wrt: tuple
    names: tuple
    mean = None
    var = None

    def shown(self) -> str:
        return (f"\\partial {self.name}/\\partial {', '.join(self.wrt)}: the partial of {self.name}'s formula as "
                f"written, {', '.join(self.names)} held")


# -- "since t_1 = t_2 = u_w^T v_c" beside a step ---------------------------------------------------
_SINCE = re.compile(r"\b(?:since|because|as|using|given)\b", re.I)
_TEXT = re.compile(r"\\(?:text|textrm|mbox|mathrm)\s*\{([^{}]*)\}")
_NOT_EQUATION = re.compile(r"\\(?:le|ge|leq|geq|ne|neq|approx|in|forall|sim)(?![A-Za-z])|[<>,;&]|\\\\")


def _sides(math: str) -> list:
    """The sides of ``a = b = c`` split at the ``=`` outside braces."""
    out, depth, last = [], 0, 0
    for k, ch in enumerate(math):
        depth += (ch == "{") - (ch == "}")
        if ch == "=" and depth == 0:
            out.append(math[last:k])
            last = k + 1
    return [s.strip() for s in out + [math[last:]]]


def noted(planner, step, left, right) -> tuple:
    """(left, right, used): the step with the names a note beside it gives a value put in, before
    the definitions are: ``\\text{since } t_1 = t_2 = u_w^\\top v_c`` makes t_1 and t_2 that
    value in this step alone (the note is what the step rests on: a holds says so, a wrong is not
    certain, facts.settle). Only a note with a cue (since, because, as, using, given) and one
    chain of ``=`` whose every side but the last is a name the last does not use."""
    note = step.note or ""
    words = " ".join(_TEXT.findall(note))
    if "=" not in note or not _SINCE.search(words):
        return left, right, ()
    from .facts import _CONCLUDES
    if _CONCLUDES.search(words):
        return left, right, ()
    math = _TEXT.sub(" ", note).strip().rstrip(".,; ").strip()
    sides = _sides(math)
    if len(sides) < 2 or not all(sides) or _NOT_EQUATION.search(math):
        return left, right, ()
    from ..reading.read import NotRead
    scope = planner.ctx.scope()
    try:
        read = [planner.read(s, scope).expr for s in sides]
    except NotRead:
        return left, right, ()
    value, names = read[-1], read[:-1]
    if not all(isinstance(n, (sp.Symbol, sp.Indexed)) and not getattr(n, "is_integer", False) for n in names):
        return left, right, ()
    if any(n in getattr(value, "free_symbols", set()) or n == value for n in names):
        return left, right, ()
    taken = {v for e in (left, right) for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative)
             for v, _ in d.variable_count}
    if taken & set(names):
        return left, right, ()     # d/dx with "since x = 2": a value, not the variable (facts.py alike)
    put = {n: value for n in names}
    a, b = (e.xreplace(put) if hasattr(e, "xreplace") else e for e in (left, right))
    if a == left and b == right:
        return left, right, ()
    return a, b, (f"{math.strip()} (beside the step)",)
