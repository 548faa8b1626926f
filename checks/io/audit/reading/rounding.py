"""Numbers a document writes rounded, read as the intervals they stand for.

Worked examples (a forward pass, an Adam step) write intermediate values rounded
(``h = \\sigma(1) = 0.731``) and go on computing with them (``w_2 h + b_2 = -1.2 \\times 0.731
+ 0.5``). Such a step is not an identity: its two sides differ by the rounding. What can be
shown is that it is right *to the document's precision*: each rounded number written with k
places stands for the interval of half a unit of its last place around it (0.731 for
[0.7305, 0.7315]), and the step holds within the rounding when the two sides are equal at
some values in those intervals.

Which written decimals are rounded values (``rounded_numbers``). A number standing alone as a
side, as an entry of a matrix or in ``\boxed{}`` is a stated result, rounded to its places
whatever its figures (as a scalar ``= 0.09`` is checked to its places). Inside a computation,
the rounded values are the numbers it carries and the numbers it is given are exact: a
decimal there is read as rounded unless

- the document gives it as a value (a name set to that number before the step: the
  parameters ``w_1 = 0.3``, ``\\eta = 0.1``, ``\\beta_2 = 0.999``; a name the document sets
  itself to a rounded value, ``h = 0.731``, is then exact too, and every step using h uses
  731/1000), or
- it is written with one decimal place or one significant figure (``-1.2``, ``1.0``,
  ``0.05``): that is how parameters are written, and read as rounded such a number would
  stand for an interval too wide to say anything (0.05 +/- 0.005 is 10 %); except a number
  the document stated before as a rounded result (``\\sigma(0.5) = 0.6``, then
  ``2 \\times 0.6``): it says itself that 0.6 is rounded.

This refines the rule the plan's ``approx`` uses (the longest decimals of a step are its
rounded values, ``0.9`` a parameter): it also reads as rounded a three-place value beside a
four-place product of rounded values (``1.6524 \\times 0.197``), and as exact a given
``\\beta_2 = 0.999`` with as many places as the rounded values. Reading an exact number as
exact is always safe (the step is then left as undecided as before); reading one as
rounded only widens what is accepted, and the verdict names every interval it used.

The certificate (``settle``): with d = left - right, a continuous function on the box of
intervals (every operation applied to a rounded number is continuous and defined on the whole
box: its arb enclosure over the box is finite), a corner of the box where d <= 0 and one where
d >= 0, both certified with arb balls at exact rational corners, give by the intermediate value
theorem a point of the box, on the segment between them, where the two sides are equal. When
instead the enclosure of d over the whole box excludes 0, no values within the rounding make
the sides equal: the step is certainly outside the document's rounding (not necessarily wrong:
the document may carry rounder intermediate values than it writes). Anything else (no sign
change at the corners, an extremum inside the box, an operation not known to be continuous)
is not settled: an enclosure that merely contains 0 shows nothing, as it may be wider than the
range. Matrices are settled entry by entry; the entries' points make one point of the whole
box only when no rounded number is shared between entries, so a shared one settles nothing.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import sympy as sp

DECIMAL = re.compile(r"(?<![\w.\\])(\d+)\.(\d+)(?![\d.])")
# a number standing alone as a side, an entry of a matrix or a boxed result: a value stated
_BEFORE = re.compile(r"(?:^|&|\\\\|\\begin\{[pbvBV]?matrix\}|\\boxed\{)\s*[-+]?\s*$")
_AFTER = re.compile(r"\s*(?:$|&|\\\\|\\end\{[pbvBV]?matrix\}|\})")
MAX_NUMBERS = 40         # rounded numbers in one step (a matrix of them)
MAX_CORNERS = 6          # rounded numbers in one scalar equation: 2**6 corners at most
PLACEHOLDERS = ("\\mathrm{R}", "\\mathrm{Q}", "\\mathrm{K}", "\\mathrm{U}")   # names for the numbers
PRECISIONS = (128, 512)  # bits: the corners' signs are tried at these precisions
TIGHT = 1e-40            # a reading with the numbers put back must agree with the first this closely
MAX_POWER = 64           # integer powers of a rounded number computed by multiplication


@dataclass(frozen=True)
class Number:
    text: str              # as written: "0.731"
    value: sp.Rational     # 731/1000
    half: sp.Rational      # half a unit of its last place: 1/2000

    def shown(self) -> str:
        return f"{self.text} read as {self.text} \u00b1 {_decimal(self.half)}"


@dataclass(frozen=True)
class Rounding:
    """The two sides of a step with each rounded number a symbol, and the numbers."""
    lhs: object
    rhs: object
    numbers: tuple        # (Symbol, Number) pairs


@dataclass(frozen=True)
class Finding:
    """``inside``: True when the sides are equal at values within the rounding (certified),
    False when no values within it make them equal (certified), None when not settled."""
    inside: bool | None
    detail: str
    entry: dict | None = None   # a matrix's entry found outside: {"entry", "lhs", "rhs"} at the numbers written


def _decimal(q: sp.Rational) -> str:
    """An exact decimal of a power of ten over two: 1/2000 is 0.0005."""
    s = format(sp.Float(q, 30), "f").rstrip("0")
    return s.rstrip(".") if s else "0"


def rounded_numbers(latex: str, given=frozenset(), results=frozenset()) -> list:
    """The decimals of ``latex`` read as rounded values, in the order written (each once); see
    the module's docstring for the rule. ``given``: the values the document gives names to;
    ``results``: the numbers it has stated as rounded results before (``\\sigma(1) = 0.7``)."""
    out = {}
    for m in DECIMAL.finditer(latex):
        whole, frac = m.group(1), m.group(2)
        value = sp.Rational(m.group(0))
        figures = len((whole + frac).lstrip("0"))
        stated = _BEFORE.search(latex[:m.start()]) and _AFTER.match(latex[m.end():])
        if value in given or -value in given:
            if not stated:
                continue
        elif not stated and m.group(0) not in results and (len(frac) < 2 or figures < 2):
            continue
        out.setdefault(m.group(0), Number(m.group(0), value, sp.Rational(1, 2) * sp.Rational(10) ** -len(frac)))
    return list(out.values())


def placeholder_base(text: str) -> str | None:
    """A name for the rounded numbers that the document itself never writes."""
    return next((p for p in PLACEHOLDERS if p not in text), None)


def with_placeholders(latex: str, names: dict) -> str:
    """``latex`` with each rounded number (``names``: its text -> a placeholder) replaced."""
    return DECIMAL.sub(lambda m: f" {names[m.group(0)]} " if m.group(0) in names else m.group(0), latex)


def prepare(from_: str, to: str, left, right, *, given, text: str, read_side, expand, results=frozenset()):
    """The ``Rounding`` of a step whose sides read (definitions replaced) as the closed values
    ``left`` and ``right``, or None when it writes no rounded number or the reading with the
    numbers as symbols is not the same reading. ``read_side(latex, names)`` reads one side
    with the placeholder names known as values; ``expand(expr)`` replaces definitions."""
    own = [rounded_numbers(from_, given, results), rounded_numbers(to, given, results)]
    numbers = list({n.text: n for n in own[0] + own[1]}.values())
    base = placeholder_base(text)
    if not numbers or len(numbers) > MAX_NUMBERS or base is None:
        return None
    # the reader's name of the placeholder is its LaTeX: \mathrm{R}_7, \mathrm{R}_{12}
    names = {n.text: f"{base}_{k}" if k < 10 else f"{base}_{{{k}}}" for k, n in enumerate(numbers, 1)}
    sides = []
    for latex, exact, mine in ((from_, left, own[0]), (to, right, own[1])):
        if not mine:
            sides.append(exact)
            continue
        got = expand(read_side(with_placeholders(latex, {n.text: names[n.text] for n in mine}),
                               frozenset(names.values())))
        if got is None:
            return None
        sides.append(got)
    symbols = {}
    for e in sides:
        for s in getattr(e, "free_symbols", {None}):
            symbols[getattr(s, "name", None)] = s
    by_name = {names[n.text]: n for n in numbers}
    if not set(symbols) <= set(by_name):
        return None     # a name is left that is no rounded number
    pairs = tuple((symbols[name], n) for name, n in by_name.items() if name in symbols)
    if not pairs or not _same_reading(sides, (left, right), pairs):
        return None
    return Rounding(sides[0], sides[1], pairs)


def _entries(e) -> list:
    return list(e) if isinstance(e, sp.MatrixBase) else [e]


def _same_reading(sides, exact, pairs) -> bool:
    """The sides with the numbers put back are the sides as first read (a check that the
    placeholders did not change how the LaTeX was read)."""
    from checks.prove.numeric import evaluate
    values = {s: n.value for s, n in pairs}
    for e, x in zip(sides, exact):
        if isinstance(e, sp.MatrixBase) != isinstance(x, sp.MatrixBase) or \
                (isinstance(e, sp.MatrixBase) and e.shape != x.shape):
            return False
        for a, b in zip(_entries(e), _entries(x)):
            back = a.xreplace(values) if hasattr(a, "xreplace") else a
            if back == b:
                continue
            try:
                gap = evaluate(back - b, {}, 256)
            except Exception:
                return False
            if not (gap.contains(0) and gap.rad() < TIGHT):
                return False
    return True


def settle(r: Rounding) -> Finding:
    """Whether the sides of ``r`` are equal somewhere within the rounding (see the module);
    matrices entry by entry."""
    if isinstance(r.lhs, sp.MatrixBase) or isinstance(r.rhs, sp.MatrixBase):
        return _settle_entries(r)
    return _settle_one(r.lhs, r.rhs, r.numbers)


def _settle_one(lhs, rhs, numbers) -> Finding:
    d = lhs - rhs
    shown = "; ".join(n.shown() for _, n in numbers)
    if len(numbers) > MAX_CORNERS:
        return Finding(None, f"{shown}: not settled (more than {MAX_CORNERS} rounded numbers in one equation)")
    balls = {s: _ball(n) for s, n in numbers}
    try:
        whole = enclose(d, balls)
    except _NotContinuous as exc:
        return Finding(None, f"{shown}: not settled ({exc})")
    except Exception as exc:   # the engine's evaluator refused a part (Undefined, Unsupported)
        return Finding(None, f"{shown}: not settled ({type(exc).__name__}: {exc})"[:300])
    if not whole.is_finite():
        return Finding(None, f"{shown}: not settled (the sides are not finite over the rounding)")
    signs = set()
    for corner in itertools.product(*[(n.value - n.half, n.value + n.half) for _, n in numbers]):
        s = _sign_at(d, dict(zip((s for s, _ in numbers), corner)))
        if s is None:
            continue
        signs.add(s)
        if 0 in signs or {-1, 1} <= signs:
            return Finding(True, f"the two sides are equal at values within the rounding of the numbers "
                                 f"written ({shown}): certified, a sign change of left - right between two "
                                 "corners of the box, continuous across it")
    if not whole.contains(0):
        sides = [_span(enclose(e, balls)) for e in (lhs, rhs)]
        return Finding(False, f"over the rounding of the numbers written ({shown}) the left side is "
                              f"{sides[0]} and the right side {sides[1]}: no values within the rounding "
                              "make them equal")
    return Finding(None, f"{shown}: not settled (no sign change at the corners of the box)")


def _settle_entries(r: Rounding) -> Finding:
    """Matrices: each entry within the rounding of its own numbers. The entries' points make
    one point of the whole box only when no rounded number is shared between entries."""
    if not (isinstance(r.lhs, sp.MatrixBase) and isinstance(r.rhs, sp.MatrixBase)) or r.lhs.shape != r.rhs.shape:
        return Finding(None, "not settled (a matrix against a value of another shape)")
    d = r.lhs - r.rhs
    own = [{(s, n) for s, n in r.numbers if s in d[k].free_symbols} for k in range(len(d))]
    seen = set()
    for numbers in own:
        if seen & numbers:
            return Finding(None, "not settled (a rounded number is used in two entries)")
        seen |= numbers
    found = []
    for k, numbers in enumerate(own):
        order = [p for p in r.numbers if p in numbers]
        f = _settle_one(r.lhs[k], r.rhs[k], order)
        where = f"entry {divmod(k, d.shape[1])[0] + 1},{divmod(k, d.shape[1])[1] + 1}"
        if f.inside is False:
            return Finding(False, f"{where}: {f.detail}", _entry_evidence(where, r.lhs[k], r.rhs[k], order))
        if f.inside is None:
            return Finding(None, f"{where}: {f.detail}")
        found.append(f)
    shown = "; ".join(n.shown() for _, n in r.numbers)
    return Finding(True, f"every entry of the two sides is equal at values within the rounding of the "
                         f"numbers written ({shown}): certified entry by entry, each a sign change of left - "
                         "right between two corners of its box, continuous across it (no number shared "
                         "between entries)")


def _entry_evidence(where: str, lhs, rhs, numbers) -> dict | None:
    """The entry's two sides at the numbers as written, as certified balls (a counterexample
    of the step, like the engine's for its first differing entry), or None if they overlap."""
    from checks.prove.numeric import evaluate
    values = {s: n.value for s, n in numbers}
    try:
        a, b = (evaluate(e.xreplace(values), {}, 128) for e in (lhs, rhs))
    except Exception:
        return None
    if (a - b).contains(0):
        return None
    return {"point": {}, "entry": where.removeprefix("entry "), "lhs": a.str(12), "rhs": b.str(12)}


def _span(b) -> str:
    """A ball as a reader wants it: its value to 6 figures, or the interval it spans."""
    from flint import arb
    if b.rad() <= abs(b.mid()) * arb(10) ** -9:
        return b.mid().str(6, radius=False)
    return f"[{b.lower().str(6, radius=False)}, {b.upper().str(6, radius=False)}]"


def _sign_at(d, point) -> int | None:
    """The certified sign of ``d`` at ``point``, raising the precision while the ball straddles
    zero; None when it cannot be evaluated or never settles."""
    from checks.prove.arbfuncs import Indeterminate, _sign
    from checks.prove.numeric import evaluate
    for prec in PRECISIONS:
        try:
            b = evaluate(d, point, prec)
        except Exception:
            return None
        try:
            return _sign(b)
        except Indeterminate:
            continue
    return None


def _ball(n: Number):
    from flint import arb, fmpq
    return arb(fmpq(int(n.value.p), int(n.value.q)), fmpq(int(n.half.p), int(n.half.q)))


class _NotContinuous(Exception):
    """An operation on a rounded number that is not known to be continuous on the box."""


def enclose(e, balls: dict, prec: int = 128):
    """An arb ball holding every value of ``e`` while each symbol of ``balls`` ranges over its
    ball. Only operations continuous where they are defined are applied to the symbols (a
    finite result then means continuous on the whole box); parts without them are evaluated
    by the engine's certified evaluator."""
    from flint import arb, ctx
    from checks.prove.numeric import evaluate
    from checks.prove.arbfuncs import ARB
    if not (getattr(e, "free_symbols", set()) & set(balls)):
        return evaluate(e, {}, prec)
    if e in balls:
        return balls[e]
    with ctx.workprec(prec):
        if e.is_Add:
            return sum((enclose(a, balls, prec) for a in e.args), arb(0))
        if e.is_Mul:
            out = arb(1)
            for a in e.args:
                out = out * enclose(a, balls, prec)
            return out
        if e.is_Pow:
            base = enclose(e.base, balls, prec)
            if e.exp.is_Integer:
                return _int_power(base, int(e.exp))
            if e.exp.free_symbols & set(balls) or not (base > 0):
                raise _NotContinuous(f"{e} with a rounded number in the exponent or a base not > 0")
            return (enclose(e.exp, balls, prec) * base.log()).exp()
        f = ARB.get(type(e)) or ARB.get(e.func)
        if f is not None and len(e.args) == 1:
            return f(enclose(e.args[0], balls, prec))
    raise _NotContinuous(f"{type(e).__name__} of a rounded number")


def _int_power(b, n: int):
    from flint import arb
    if not b.contains(0):
        return b ** n
    if abs(n) > MAX_POWER:
        raise _NotContinuous(f"a power {n} of a number that the rounding lets be 0")
    out = arb(1)
    for _ in range(abs(n)):
        out = out * b
    if n < 0:
        if out.contains(0):
            raise _NotContinuous("a division by a number that the rounding lets be 0")
        out = 1 / out
    return out
