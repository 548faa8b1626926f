"""Derivatives through a recurrence: ``\\partial h_t / \\partial h_0``, ``\\partial h_t / \\partial
x_k``, ``\\partial h_t / \\partial h_k = \\prod_{j=k+1}^t w (1 - h_j^2)`` (backprop through time).

After ``h_t = a h_{t-1} + b x_t`` (or ``h_t = \\tanh(w h_{t-1} + u x_t)``) a document states what
h_t's derivative by its start, by an earlier state or by an input at another time is. Such a step
is checked the way ``recur`` checks a closed form: the recurrence is unrolled exactly at each time
t of a small range (and each k of the range the text states for the other time), the unrolled
value is differentiated by the variable (the start or the earlier state as a symbol of its own,
the input as its entry symbol x[k]), and the engine compares it with the stated formula at that
t and k (its own h_j written out from the same unrolling). The result is never more than
``bounded``, with ``over`` naming the times.

Doubts keep the step undecided: a recurrence of higher order (by h_k holding h_{k-1} as well?),
a parameter with a value in the text, a stated formula that does not read at numbered times.
A wrong needs the other time's range said by the text (``\\text{for } 1 \\le k \\le t``): without
it the check covers the times where h_t uses that input or state, and a difference there stays
undecided. A start the text never gives a value is a symbol of its own; a difference that rests
on its value is undecided too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from . import recur
from .recur import Doubt, Unrolled

HORIZON = 4      # times t = first .. first + HORIZON - 1 (each with every k of its range)
# a bold name or a capital letter (W of W h_{t-1}): a vector or matrix more often than not
_MATRIX = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)|[A-Z](?:_|$)")
# words that ask for the one-step (immediate) derivative, holding the earlier state
_HELD = re.compile(r"\b(?:held|hold(?:s|ing)?|fixed|constants?|immediate|local|direct(?:ly)?|one[- ]step)\b", re.I)
_OP = re.compile(r"\\(?:leqslant|geqslant|leq?|geq?|lt|gt)(?![A-Za-z])|<|>")


@dataclass
class Differentiated(Unrolled):
    """An ``Unrolled`` claim that keeps doubts of its own for a wrong (a range not stated)."""
    hazards: tuple = ()

    def place(self, item, file: str) -> None:
        super().place(item, file)
        item.hazards = tuple(item.hazards or ()) + self.hazards


@dataclass(frozen=True)
class _Var:
    kind: str            # "state" (h_0, h_k, h_{t-1}), "input" (x_k, x_t), "parameter" (a, w)
    base: str
    letter: str | None   # the other time's letter (k), the own letter (t), or None (a number)
    off: int
    symbol: sp.Symbol


def derivative(planner, step, lhs, rhs, beside=None):
    """None when the step is no derivative of a recurrence's term; else a ``Differentiated``
    claim, or (status, reason) when it cannot be checked. ``beside``: the condition the plan read
    beside the step (conditions.Beside); one other than a range of the times keeps the step undecided."""
    if step.relation != "=" or not isinstance(lhs.expr, sp.Derivative) or not isinstance(rhs.expr, sp.Expr):
        return None
    e = lhs.expr
    if len(e.variable_count) != 1 or e.variable_count[0][1] != 1:
        return None
    name, v = _as_name(e.expr), _as_name(e.variable_count[0][0])
    if name is None or v is None:
        return None
    # the recursive form (h_1 + w \partial h_1/\partial w): a derivative of the sequence by the same variable
    for d in rhs.expr.atoms(sp.Derivative):
        if len(d.variable_count) != 1 or d.variable_count[0][1] != 1 \
                or _as_name(d.variable_count[0][0]) != v or _as_name(d.expr) is None:
            return None
    rec = recur._recurrence_for(planner, name, step)
    if rec is None or rec.direction < 0:
        return None
    own = rec.family(name)
    if own is None:
        return None
    var = _variable(rec, sp.Symbol(v, real=True), own[0])
    if var is None:
        return None
    try:
        _unused_condition(beside, {own[0], var.letter} - {None})
        _declared_arrays(planner, rec, var, name, rhs)
        return _checked(planner, step, rec, own, var, name, lhs, rhs)
    except Doubt as exc:
        return "undecided", (f"the derivative of {name} through the recurrence at line {rec.line} is not "
                             f"checked: {exc}")


def _unused_condition(beside, letters: set) -> None:
    """Doubt when the condition beside the step says more than a range of the time letters
    (``\\text{when } a = 1``): the unrolling does not take it, so neither a wrong nor a holds
    may rest on the check without it."""
    if beside is None:
        return
    rels = tuple(beside.domain) + tuple(beside.letters) + tuple(beside.others)
    if beside.unread or beside.others \
            or any({s.name for s in r.free_symbols} - letters for r in rels):
        raise Doubt(f"the condition '{beside.note.strip()}' beside the step is not used in the check")


def _one_step(planner, step, rec, hazards: list) -> None:
    """A derivative by a parameter (w of h_t = tanh(w h_{t-1} + ...)) is read two ways: the total
    one through every earlier state (what the unrolling checks), or the immediate one of one step
    with h_{t-1} held. Words around the step that ask for the latter keep it undecided; without
    them a difference of a \\partial-derivative is no certain wrong (the immediate reading may be
    meant); a d-derivative is the total one."""
    words = " ".join([planner.lead or "", step.note or ""])
    if _HELD.search(words):
        raise Doubt(f"the text asks for the derivative of one step with {rec.base} at the earlier time held "
                    "(the immediate derivative), which the unrolling does not check")
    if "\\partial" not in (step.from_ or ""):     # d h_t / d w: the total derivative, as checked
        return
    hazards.append(f"the derivative by a parameter may be meant as the immediate one of one step, with "
                   f"{rec.base} at the earlier time held (the check takes the total one)")


def _plain(name: str) -> str:
    return name.replace("\\", "").replace("{", "").replace("}", "").replace("mathbf", "").replace("boldsymbol", "")


def _declared_arrays(planner, rec, var, name: str, rhs) -> None:
    """Doubt when the document declares a name of the recurrence or of the step a vector or a
    matrix (``\\theta \\in \\mathbb R^{n \\times n}``): the unrolling multiplies numbers, which
    commute (theta gamma^{t-k} would pass for gamma^{t-k} theta)."""
    from ..arrays.vectors import declared_in
    said = {_plain(k) for k in declared_in(planner)}
    said |= {k.split("_")[0] for k in said}
    if not said:
        return
    ours = set(rec.body.free_symbols) | set(rhs.expr.free_symbols) | {var.symbol}
    names = {_plain(getattr(x, "name", str(x))) for x in ours} | {_plain(rec.base), _plain(name)}
    names |= {n.split("_")[0] for n in names}
    hit = sorted(names & said)
    if hit:
        raise Doubt(f"{', '.join(hit)} is declared a vector or matrix: the derivative is checked for numbers only")


def _as_name(e) -> str | None:
    """The name a term is written with: ``h_t`` as read, or the entry h[t] (h[t - 1]) of a
    sequence a product or sum elsewhere in the step made an array."""
    if isinstance(e, sp.Symbol) and not e.is_integer:
        return e.name
    if isinstance(e, sp.Indexed) and len(e.indices) == 1:
        index = sp.sstr(e.indices[0], order="none").replace(" ", "")
        if recur.affine(index) is None:
            return None
        base = str(e.base.label)
        return f"{base}_{index}" if len(index) == 1 else f"{base}_{{{index}}}"
    return None


def _driving(rec) -> set:
    """The sequences the recurrence is driven by: x of x_t in h_t = a h_{t-1} + b x_t."""
    out = set()
    for s in rec.body.free_symbols:
        got = recur.split_name(s.name) if isinstance(s, sp.Symbol) else None
        if got is not None and got[0] != rec.base and len(got[1]) == 1 \
                and (recur.affine(got[1][0]) or (None,))[0] == rec.letter:
            out.add(got[0])
    return out


def _variable(rec, v: sp.Symbol, letter: str):
    fam = rec.family(v.name)
    if fam is not None:
        return _Var("state", rec.base, fam[0], fam[1], v)
    got = recur.split_name(v.name)
    if got is not None and got[0] in _driving(rec):
        time = recur.affine(got[1][0]) if len(got[1]) == 1 else None
        return None if time is None else _Var("input", got[0], time[0], time[1], v)
    if v in rec.body.free_symbols and (got is None or got[0] not in _driving(rec)):
        return _Var("parameter", v.name, None, 0, v)
    return None


def _start(planner, rec, step, var: _Var) -> dict:
    """time -> start value: the stated ones (recur._initial), else the one numbered term of the
    sequence the question writes before the step (``from a given $h_0$``), a symbol of its own."""
    closed = var.symbol if var.kind == "state" and var.letter is None else sp.Integer(0)
    initial = recur._initial(planner, rec, step, closed)
    if initial:
        return initial
    from ..document.context import question_of
    here, times = question_of(step.location), set()
    term = re.compile(r"(?<![A-Za-z\\])%s\s*_\s*(\{[^{}]*\}|[0-9])" % re.escape(rec.base))
    for d in planner.found:
        if d.first_line <= step.line and (question_of(d.location) == here or d.preamble):
            before = "\n".join(d.latex.splitlines()[:max(1, step.line - d.first_line)]) \
                if d.last_line >= step.line else d.latex      # the rows above the step only
            for m in term.finditer(before):
                off = rec.family(f"{rec.base}_{m.group(1)}")
                if off is not None and off[0] is None:
                    times.add(off[1])
    if len(times) != 1:
        raise Doubt(f"no initial value of {rec.base} is stated (such as {recur._shown_term(rec, 0)})")
    t0 = times.pop()
    return {t0: sp.Symbol(recur._shown_term(rec, t0), real=True)}


def _bound(side: str, letter: str):
    """(coefficient of the time letter, constant) of a bound written as a number or as the time
    letter plus or minus a number (``t``, ``t-1``); None otherwise."""
    side = side.replace(" ", "").strip("{}")
    if re.fullmatch(r"-?\d+", side):
        return 0, int(side)
    m = re.fullmatch(r"%s(?:([+-])(\d+))?" % re.escape(letter), side)
    if m is None:
        return None
    return 1, int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)


def _other_range(maths, other: str, letter: str):
    """((coef, const) low, (coef, const) high) of the other time letter (k) that the text says
    for the step (``1 \\le k \\le t``, ``0 \\le k < t``); a side None when not said, a Doubt when
    said in a form not read."""
    low = high = None
    for math in maths:
        if not re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % other, math) or not _OP.search(math):
            continue
        for part in math.split(","):
            sides, ops = _OP.split(part), _OP.findall(part)
            for (a, b), op in zip(zip(sides, sides[1:]), ops):
                a, b = a.strip(), b.strip()
                if op.startswith(("\\g", ">")):
                    a, b = b, a
                strict = 1 if op in ("<", ">", "\\lt", "\\gt") else 0
                if a == other and (got := _bound(b, letter)) is not None:
                    high = (got[0], got[1] - strict)
                elif b == other and (got := _bound(a, letter)) is not None:
                    low = (got[0], got[1] + strict)
                elif any(re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % other, x) for x in (a, b)):
                    raise Doubt(f"the range of {other} said for the step ({math.strip()}) is not read")
    return low, high


def _maths(planner, step) -> list:
    maths = [re.sub(r"\\(?:text|textrm|mbox|mathrm)\s*\{[^{}]*\}", " ", step.note or "")]
    maths += ["".join(m) for m in re.findall(r"\$([^$]+)\$|\\\((.+?)\\\)", planner.lead or "")]
    return maths + [said.latex for said in getattr(planner, "said", ())]


def _checked(planner, step, rec, own, var: _Var, name: str, lhs, rhs):
    if max(rec.lags) != 1:
        raise Doubt(f"the recurrence uses {rec.base} at {len(rec.lags)} earlier times (which of them are "
                    "held?)")
    arrays = sorted(x.name for x in set(rec.body.free_symbols) | set(rhs.expr.free_symbols)
                    if isinstance(x, sp.Symbol) and _MATRIX.match(x.name))
    if arrays or _MATRIX.match(rec.base):
        raise Doubt(f"{', '.join(arrays) or rec.base} may be a vector or matrix: the derivative is checked "
                    "for numbers only")
    letter = own[0]
    initial = _start(planner, rec, step, var)
    _, start, run = recur._started(rec, initial)
    if letter is None:      # s_2 by \lambda: the one time
        first = last = own[1]
        if first <= run:
            raise Doubt(f"{name} is a starting value the text states")
    else:
        low, high = recur._time_range(planner, step, own)
        first = run + 1 if low is None else max(run + 1, low + own[1])
        last = first + HORIZON - 1 if high is None else min(first + HORIZON - 1, high + own[1])
    if last < first:
        raise Doubt(f"no time {letter} in the range the text says is left to check")
    other = var.letter if var.letter not in (None, letter) else None
    said = _other_range(_maths(planner, step), other, letter) if other else (None, None)
    hazards = []
    if var.kind == "parameter":
        _one_step(planner, step, rec, hazards)
    if other and (said[0] is None or said[1] is None):
        hazards.append(f"the text states no range of {other} for the step (checked where {name} uses "
                       f"{var.base}_{other})")
    unstated = {s for s in initial.values() if isinstance(s, sp.Symbol)}
    rows, where = [], []
    for n in range(first, last + 1):
        t = n - own[1]
        for k in _other_times(rec, var, initial, start, n, t, said, other):
            row = _row(rec, var, initial, start, n, t, k, letter, other, rhs.expr)
            if row is not None:
                rows.append(row)
                where.append((t, k))
    if not rows:
        raise Doubt(f"no time {letter}{'' if other is None else ', ' + other} is left to check")
    lefts, rights = [r[0] for r in rows], [r[1] for r in rows]
    params = {s for x in lefts + rights for s in x.free_symbols if not recur._is_entry(s)} - unstated - {var.symbol}
    recur._no_values(planner, params, step)
    recur._no_driving_values(planner, step, _driving(rec))
    ours = set(rec.body.free_symbols) | unstated
    extra = sorted({s.name for x in rights for s in x.free_symbols if not recur._is_entry(s)} - {s.name for s in ours})
    if extra:
        raise Doubt(f"the stated derivative uses {', '.join(extra)}, which the recurrence at line {rec.line} "
                    "does not (another quantity, or a case?)")
    ranges = tuple(recur._ranges(planner, params, step))
    residuals = [recur._residual(a, b) for a, b in zip(lefts, rights)]
    bad = next((j for j, r in enumerate(residuals) if r is not None and r != 0), None)
    if unstated and any(r is None for r in residuals):     # a tanh of an unstated start: not told apart
        hazards.append(f"{', '.join(sorted(s.name for s in unstated))} is read as any value (the text gives none)")
    if bad is not None and residuals[bad].free_symbols & unstated:
        hazards.append(f"it differs at {_at(where[bad], letter, other)} unless "
                       f"{', '.join(sorted(s.name for s in unstated))} has a value the text does not state")
    starts = ", ".join(f"{recur._shown_term(rec, t0)} = {sp.sstr(v)}" if v not in unstated
                       else f"{recur._shown_term(rec, t0)} (any value: the text gives none)"
                       for t0, v in sorted(initial.items()))
    ts = sorted({w[0] for w in where})
    over = (f"{letter} = {ts[0]}..{ts[-1]}" if letter else f"time {first}") \
        + (f", {other} in {_shown_range(said, letter, other)}" if other else "")
    reason = None
    if bad is not None:
        reason = (f"unrolling the recurrence of line {rec.line} from {starts}: at {_at(where[bad], letter, other)} "
                  f"the stated derivative minus the unrolled one is {sp.sstr(sp.factor(rights[bad] - lefts[bad]))}")
    reading = {"from": f"{sp.sstr(lhs.expr)} of {name} unrolled by the recurrence of line {rec.line} from "
                       f"{starts}, at {over}",
               "to": f"{sp.sstr(rhs.expr, order='none')} at the same times (rows: "
                     f"{'; '.join(_at(w, letter, other) for w in where)})",
               "assumptions": [sp.sstr(a) for a in ranges]}
    return Differentiated(sp.Matrix(lefts), sp.Matrix(rights), ranges, over, reason, reading,
                          hazards=tuple(hazards))


def _at(pair, letter, other) -> str:
    t, k = pair
    return ", ".join(x for x in ((f"{letter} = {t}" if letter else ""), (f"{other} = {k}" if other else "")) if x) \
        or "the one time"


def _shown_range(said, letter, other) -> str:
    def side(b, default):
        if b is None:
            return default
        coef, const = b
        return str(const) if coef == 0 else (letter if const == 0 else f"{letter}{const:+d}")
    return f"{side(said[0], 'the times used')}..{side(said[1], 'the times used')}"


def _other_times(rec, var: _Var, initial, start, n, t, said, other) -> list:
    """The values of the other time letter (k) to check at time n (t = n - own offset): its
    stated range at this t, within the times where the variable exists for h_t: a state from the
    start to n, an input at the times the recurrence reads one up to n. [None] without a letter."""
    if other is None:
        return [None]
    if var.kind == "state":
        exists = range(start - var.off, n - var.off + 1)
    else:
        exists = range(start + 1 - var.off, n - var.off + 1)
    low = said[0][0] * t + said[0][1] if said[0] is not None else None
    high = said[1][0] * t + said[1][1] if said[1] is not None else None
    return [k for k in exists if (low is None or k >= low) and (high is None or k <= high)]


def _row(rec, var: _Var, initial, start, n, t, k, letter, other, stated):
    """(the unrolled derivative, the stated formula) at time n (and k); None where the variable
    is no term the value at n depends on through the recurrence (a state after n)."""
    values = {**({letter: t} if letter else {}), **({other: k} if other else {})}
    if var.kind == "state":
        time = var.off + (values[var.letter] if var.letter is not None else 0)
        if time > n or time < start:
            return None
        x = recur._key(rec.base, [str(time)])
        begin = {time: x}      # of order one: the values after it follow from it alone
        known = recur.unroll(rec, begin, n) if n > max(begin) else dict(begin)
        # taken, the derivative is read where the sequence is: h_k the value the start and the
        # inputs give it (a tanh state lies in (-1, 1); a free h_k could leave it)
        path = recur.unroll(rec, dict(initial), time) if time > max(initial) else dict(initial)
        at = {x: path[time]} if time in path else {}
    else:
        known = recur.unroll(rec, dict(initial), n) if n > max(initial) else dict(initial)
        if var.kind == "input":
            time = var.off + (values[var.letter] if var.letter is not None else 0)
            x = recur._key(var.base, [str(time)])
            if not any(x in w.free_symbols for w in known.values()):
                return None     # x_0 before the recurrence reads one, x_5 after time n: no such input here
        else:
            x = var.symbol
        at = {}
    lhs = sp.diff(known[n], x)
    stated = _inner_derivatives(rec, stated, values, known, x)
    stated = stated.xreplace(recur._numbered_entries(stated, _driving(rec)))     # u_1: the entry u[1]
    rhs = recur.at_times(stated, values, rec, known, terms=True)
    return sp.expand(lhs.xreplace(at)), sp.expand(rhs.xreplace(at))


def _inner_derivatives(rec, stated, values: dict, known: dict, x):
    """``\\partial h_1 / \\partial w`` inside the stated formula (its recursive form): the derivative
    of the unrolled term at its time by the same variable; 0 for a term before the variable's time
    (an earlier state does not depend on a later one). Doubt for a term of another sequence."""
    put = {}
    for d in stated.atoms(sp.Derivative):
        fam = rec.family(_as_name(d.expr))
        if fam is None:
            raise Doubt(f"{sp.sstr(d)} is no derivative of the sequence {rec.base}")
        letter, off = fam
        if letter is not None and letter not in values:
            raise Doubt(f"{sp.sstr(d)} uses a time letter the step does not give")
        time = off + (values[letter] if letter is not None else 0)
        put[d] = sp.diff(known[time], x) if time in known else sp.Integer(0) if time < min(known) else None
        if put[d] is None:
            raise Doubt(f"{sp.sstr(d)} is at a time the recurrence does not reach")
    return stated.xreplace(put) if put else stated
