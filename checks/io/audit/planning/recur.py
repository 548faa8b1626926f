"""Recurrences and their unrolled (closed) forms.

Optimizer and RNN derivations define a sequence by a recurrence (``m_t = \\beta_1 m_{t-1} +
(1 - \\beta_1) g_t``, ``h_t = a h_{t-1} + b x_t``) and then state its unrolled form (``m_t = (1 -
\\beta_1) \\sum_{k=1}^t \\beta_1^{t-k} g_k``). The second formula is no new definition of m_t: it
claims to equal the value the recurrence gives. That claim is checked by unrolling the
recurrence exactly from its stated initial value(s) for the first ``HORIZON`` times, with a
symbol for every entry of the sequences it is driven by (g_1, g_2, ...), and comparing with
the closed form at each of those times. The comparison is exact (a rational function of the
symbols), and the engine certifies the result like any claim (a column of the times), with
``over`` naming the times: never more than ``bounded``.

Doubts keep the step undecided: no stated initial value (it is never assumed to be 0), a
name the closed form uses that the recurrence does not (``g`` of a constant gradient: a new
case), a sequence written with other indices on the two sides (``g_t`` and ``g_{k,i}``), an
infinite sum, a parameter that has a value in the text, a range of the time index said
beside the step that is not read.

Names are read as the reader makes them (``m_{t-1}`` is one symbol, ``g_k`` under a sum is
``g[k]``): a name is split here into its base and the comma-separated parts of its subscript.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

HORIZON = 6      # the closed form is checked at the first HORIZON times the recurrence defines
_HAS_DECIMAL = re.compile(r"\d\.\d")
_TERM = re.compile(r"^\s*([+-]?)\s*(\d*)\s*([A-Za-z]?)\s*$")


# -- names -------------------------------------------------------------------------------------
def split_name(name: str):
    """(base, parts) of ``m_{t-1}`` -> ("m", ("t-1",)); ``s_{t+1,i}`` -> ("s", ("t+1", "i"));
    None for a name without one trailing subscript."""
    name = re.sub(r"\s+", "", name)
    m = re.fullmatch(r"(.+?)_(\{([^{}]+)\}|[A-Za-z0-9])", name)
    if m is None or "_" in m.group(1).replace("\\_", ""):
        return None
    inner = m.group(3) if m.group(3) is not None else m.group(2)
    return m.group(1), tuple(inner.split(","))


def affine(part: str):
    """``t-1`` -> (t, -1); ``3`` -> (None, 3); None when the part is not a letter plus or minus
    a number (``t-k``, ``2t``, ``i``-free words are None too, except a lone letter)."""
    part = part.replace(" ", "")
    if re.fullmatch(r"\d+", part):
        return None, int(part)
    m = re.fullmatch(r"([A-Za-z])(?:([+-])(\d+))?", part)
    if m is None:
        return None
    off = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
    return m.group(1), off


@dataclass(frozen=True)
class Recurrence:
    name: str            # the defined name as read (m_t, s_{t+1,i})
    base: str
    at: int              # position of the time in the subscript's parts
    rest: tuple          # the other parts, as written
    letter: str          # the time letter (t)
    shift: int           # the defined name's time is letter + shift
    lags: tuple          # the earlier times the right side uses: letter + shift - lag
    body: sp.Expr
    line: int
    location: str | None
    direction: int = 1   # 1: from earlier times (m_{t-1}); -1: from later ones (G_t = r_{t+1} + \gamma G_{t+1})

    def family(self, name: str):
        """The time offset (letter, offset) or (None, number) of ``name`` when it is a term of
        this sequence (same base, same other parts), else None."""
        got = split_name(name)
        if got is None or got[0] != self.base or len(got[1]) != len(self.rest) + 1:
            return None
        parts = got[1]
        if parts[:self.at] + parts[self.at + 1:] != self.rest:
            return None
        return affine(parts[self.at])

    def mentions_base(self, name: str) -> bool:
        got = split_name(name)
        return (got[0] if got else name) == self.base


def recurrence_of(d) -> Recurrence | None:
    """The recurrence a definition states: its right side uses the same sequence at earlier
    times only (t-1, t-2; t of a name written at t+1), with the same other indices."""
    if d.params or not isinstance(d.body, sp.Expr):
        return None
    got = split_name(d.name)
    if got is None:
        return None
    base, parts = got
    names = [s.name for s in d.body.free_symbols if isinstance(s, sp.Symbol)]
    same = [n for n in names if (split_name(n) or (n,))[0] == base]
    if not same or any(isinstance(b, sp.Indexed) and str(b.base.label) == base for b in d.body.atoms(sp.Indexed)):
        return None
    for at, part in enumerate(parts):
        here = affine(part)
        if here is None or here[0] is None:
            continue
        rest = parts[:at] + parts[at + 1:]
        rec = Recurrence(d.name, base, at, rest, here[0], here[1], (), d.body, d.line, d.location)
        offs = [rec.family(n) for n in same]
        if any(off is None or off[0] != here[0] or off[1] == here[1] for off in offs):
            continue         # another index, a number, the same time: not a recurrence read here
        lags = {here[1] - off[1] for off in offs}
        if all(lag > 0 for lag in lags) or all(lag < 0 for lag in lags):
            direction = 1 if min(lags) > 0 else -1
            return Recurrence(d.name, base, at, rest, here[0], here[1], tuple(sorted(abs(x) for x in lags)),
                              d.body, d.line, d.location, direction)
    return None


# -- values at numbered times ------------------------------------------------------------------
class Doubt(Exception):
    """What keeps a closed form from being checked; the message is the step's reason."""


class Another(Doubt):
    """The formula may well be another quantity or a case of the setting named like the
    sequence (it adds or drops names of the recurrence): not taken as its closed form."""


def _key(base: str, parts) -> sp.Symbol:
    return sp.Symbol(f"{base}[{','.join(parts)}]", real=True)


def _is_entry(sym) -> bool:
    return isinstance(sym, sp.Symbol) and "[" in sym.name and sym.name.endswith("]")


def _part_value(part: str, values: dict) -> str:
    """A subscript part with the time letter(s) put in: ``t+1`` at t = 3 -> "4"; "i" stays."""
    got = affine(part)
    if got is not None and got[0] is None:
        return str(got[1])
    if got is not None and got[0] in values:
        return str(values[got[0]] + got[1])
    if any(ch in values for ch in re.findall(r"[A-Za-z]", part)):
        raise Doubt(f"the subscript {part} is not read as a time")
    return part


def at_times(expr, values: dict, rec: Recurrence, known: dict, terms: bool = False):
    """``expr`` with the letters of ``values`` given their numbers: every subscripted name whose
    subscript uses them becomes an entry symbol (g_{t} at t = 3 -> g[3]), a term of the
    recurrence's sequence becomes its value from ``known`` (time -> value), sums with numbered
    bounds are written out, ``g[k]`` under them becomes g[k's number]. With ``terms``, products
    are written out too and the sequence's own entries under them (h_j of \\prod_j (1 - h_j^2))
    take their values from ``known`` (a derivative through the recurrence, recurdiff.py)."""
    subs = {}
    for s in expr.free_symbols:
        if not isinstance(s, sp.Symbol):
            continue
        if s.name in values:
            subs[s] = sp.Integer(values[s.name])
            continue
        got = split_name(s.name)
        if got is None or not any(ch in values for p in got[1] for ch in re.findall(r"[A-Za-z]", p)):
            if got is not None and rec.family(s.name) is not None:
                subs[s] = _term(rec, s.name, values, known)     # m_0 in the closed form
            continue
        if rec.family(s.name) is not None:
            subs[s] = _term(rec, s.name, values, known)
        elif got[0] == rec.base:
            raise Doubt(f"{s.name} is the sequence {rec.base} with other indices than {rec.name}")
        else:
            subs[s] = _key(got[0], [_part_value(p, values) for p in got[1]])
    out = expr.xreplace(subs)
    for s in list(out.atoms(sp.Sum)) + (list(out.atoms(sp.Product)) if terms else []):
        if any(not (lim[1].is_Integer and lim[2].is_Integer) for lim in s.limits):
            raise Doubt("a sum whose bounds are not numbers at a numbered time (an infinite sum?)")
    out = out.doit() if out.has(sp.Sum) or (terms and out.has(sp.Product)) else out
    entries = {}
    for e in out.atoms(sp.Indexed):
        name = str(e.base.label)
        if name == rec.base and terms and not rec.rest and len(e.indices) == 1 and e.indices[0].is_Integer:
            if int(e.indices[0]) not in known:
                raise Doubt(f"{rec.base}_{e.indices[0]} is not given by the recurrence from its start")
            entries[e] = known[int(e.indices[0])]
            continue
        if name == rec.base:
            raise Doubt(f"the sequence {rec.base} is used as an array here")
        if not all(i.is_Integer or isinstance(i, sp.Symbol) for i in e.indices):
            raise Doubt(f"the entry {e} has an index that is not a number")
        entries[e] = _key(name, [str(i) for i in e.indices])
    out = out.xreplace(entries)
    if out.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral):
        raise Doubt("a sum or derivative is left after the times are put in")
    return out


def _term(rec: Recurrence, name: str, values: dict, known: dict):
    letter, off = rec.family(name)
    time = off if letter is None else values.get(letter, None)
    if time is None:
        raise Doubt(f"{name} uses a time letter other than the closed form's")
    if letter is not None:
        time += off
    if time not in known:
        raise Doubt(f"{name} at time {time} is not given by the recurrence or its initial value")
    return known[time]


def unroll(rec: Recurrence, initial: dict, last: int) -> dict:
    """time -> value of the sequence, from its initial values (time -> value) up to ``last``
    (down to it, for a recurrence from later times)."""
    known = dict(initial)
    if rec.direction > 0:
        steps = range(max(initial) + 1, last + 1)
    else:            # from the last times down (a return from the end of the episode)
        steps = range(min(initial) - 1, last - 1, -1)
    for n in steps:
        values = {rec.letter: n - rec.shift}
        known[n] = sp.expand(at_times(rec.body, values, rec, known))
    return known


# -- the plan's hook ---------------------------------------------------------------------------
@dataclass
class Unrolled:
    """A closed form checked against its recurrence: the engine's claim (a column of the times
    checked, closed form against unrolled value), made when the step's id is known."""
    lhs: sp.Matrix
    rhs: sp.Matrix
    assume: tuple
    over: str
    reason: str | None
    reading: dict

    def place(self, item, file: str) -> None:
        from checks.model.claims import Identity
        step = item.step
        item.claim = Identity(f"{file}:{item.id_suffix}", step.location or "",
                              f"{step.from_} {step.relation} {step.to}", lhs=self.lhs, rhs=self.rhs,
                              assume=self.assume, over=self.over, document=file, exercise=file)
        item.reason, item.reading = self.reason, self.reading


def closed_form(planner, step, lhs, rhs):
    """None when ``lhs = rhs`` is no closed form of a recurrence the question states; else an
    ``Unrolled`` claim, or (status, reason) when it cannot be checked. The name takes the closed
    form as its formula (doubtful unless it agrees at every time checked)."""
    from ..document import cases
    if step.relation != "=" or not isinstance(lhs.expr, sp.Symbol) or not isinstance(rhs.expr, sp.Expr):
        return None
    name = lhs.expr.name
    rec = _recurrence_for(planner, name, step)
    if rec is None:
        return None
    own = rec.family(name)
    if own is None:
        return None
    for s in rhs.expr.free_symbols:
        got = rec.family(s.name) if isinstance(s, sp.Symbol) else None
        if got is not None and (got[0] is not None or own[0] is None):
            return None    # the recurrence restated, or unrolled part of the way
    if any(str(e.base.label) == rec.base for e in rhs.expr.atoms(sp.Indexed)):
        return None
    if cases.case_phrase(planner.lead) or cases.case_phrase(cases.note_text(step.note)):
        return None        # "with a constant gradient": a new case (cases.py), not the recurrence's value
    if any(rec.line < i.line <= step.line and name in planner._names_of(i.latex) for i in planner.intros):
        return None        # "Let $m_t$ be the plain sum instead": the prose gives the name a new meaning
    if own[0] is None:
        return _at_one_time(planner, step, rec, own[1], name, lhs, rhs)   # v_3 = g_3 + \beta g_2 + ...
    try:
        got = _checked(planner, step, rec, own, name, lhs, rhs)
    except Another:
        return None        # what a restatement with another formula is today (plan.py)
    except Doubt as exc:
        old = planner.ctx.defined(name)   # in doubt where the plan would doubt a restatement: one part
        _define(planner, step, name, lhs, rhs, doubtful=old is not None and old.location == step.location)
        return "undecided", (f"{name} is given a closed form of the recurrence at line {rec.line}, "
                             f"not checked: {exc}")
    return got


def _at_one_time(planner, step, rec: Recurrence, time: int, name: str, lhs, rhs):
    """``v_3 = g_3 + \beta g_2 + \beta^2 g_1`` after ``v_t = \beta v_{t-1} + g_t`` with ``v_0 = 0``
    stated: the value at one numbered time, written out, claims to be what the recurrence gives
    there. Checked exactly against the unrolled value (``bounded``: at that one time). None, as
    before (the name's definition), when the recurrence cannot be unrolled to that time from
    values the question states, when the time is itself one of the stated starting values, or
    when the right side still writes the sequence (v_3 = \beta v_2 + g_3: the recurrence
    restated)."""
    checked = planner.__dict__.setdefault("unrolled_values", set())
    if planner.ctx.defined(name) is not None and name not in checked:
        return None        # given a value earlier (not by this check): the plan compares the two
    try:
        initial = _initial(planner, rec, step, sp.Integer(0))
        if not initial or time in initial or any(isinstance(v, sp.Symbol) for v in initial.values()):
            return None
        if rec.direction < 0:
            return None
        _, _, run = _started(rec, initial)
        if time <= run:
            return None
        value = unroll(rec, dict(initial), time)[time]
        driven = {_entry_parts(x)[0] for x in value.free_symbols if _is_entry(x)}   # g of g[1], g[2]
        written = sp.expand(at_times(rhs.expr, {}, rec, {}).xreplace(_numbered_entries(rhs.expr, driven)))
        given = _driving_values(planner, step, driven, written, value)   # g_1 = 2, x_k = 1: put in
        said = _said_entries(planner, step, rec, [written], [value])    # g_k = g for every k, in this part
        if said:
            written, value = sp.expand(written.xreplace(said)), sp.expand(value.xreplace(said))
        params = {s for v in (value, written) for s in v.free_symbols if not _is_entry(s)}
        if given:      # with the inputs given numbers, the parameters' given numbers go in too
            given.update(_parameter_values(planner, params, step))
            written, value = sp.expand(written.xreplace(given)), sp.expand(value.xreplace(given))
            params = {s for v in (value, written) for s in v.free_symbols if not _is_entry(s)}
        _no_values(planner, params, step)
    except Doubt:
        return None
    if given and _HAS_DECIMAL.search(step.to) and _residual(written, value) != 0:
        return None        # m_2 = 0.58 of rounded inputs: the plan's rounding rules, as before
    if {s for s in written.free_symbols if not _is_entry(s)} - {s for s in value.free_symbols if not _is_entry(s)}:
        return None        # a name the recurrence does not have (a constant gradient g): another case
    residual = _residual(written, value)
    if name not in checked:
        _define(planner, step, name, lhs, rhs, doubtful=residual != 0)
        checked.add(name)
    starts = ", ".join(f"{_shown_term(rec, t)} = {sp.sstr(v)}" for t, v in sorted(initial.items()))
    reason = None
    if residual is not None and residual != 0:
        reason = (f"unrolling the recurrence of line {rec.line} from {starts}: {name} as written minus the "
                  f"recurrence's value is {sp.sstr(sp.factor(residual))}")
    reading = {"from": f"{name} as stated: {sp.sstr(written, order='none')}",
               "to": f"{name} by the recurrence of line {rec.line} from {starts}: {sp.sstr(value, order='none')}",
               "assumptions": [sp.sstr(a) for a in _ranges(planner, params, step)]}
    # one time is the whole claim (v_3 is the value at time 3): no range of times is left unchecked
    return Unrolled(sp.Matrix([written]), sp.Matrix([value]), tuple(_ranges(planner, params, step)),
                    None, reason, reading)


def _driving_values(planner, step, driven: set, *exprs) -> dict:
    """The values the question gives the driving sequence, for its entries in ``exprs``: numbered
    ones (g_1 = 2, g_2 = 4) and a general term that is a number (x_k = 1 for every k). Any other
    formula for it (g_t = g_1, a value in terms of names) is a Doubt, as before (the definition)."""
    numbered, general = {}, {}
    for d, got in _driving_definitions(planner, step, driven):
        body = sp.sympify(d.body)
        parts = got[1]
        if all(re.fullmatch(r"-?\d+", p) for p in parts) and body.is_number:
            numbered[_key(got[0], parts)] = body
        elif len(parts) == 1 and re.fullmatch(r"[A-Za-z]", parts[0]) and body.is_number:
            general[got[0]] = body
        else:
            raise Doubt(f"{d.name} is given a value or formula (line {d.line})")
    out = dict(numbered)
    for e in exprs:
        for x in getattr(e, "free_symbols", ()):
            if _is_entry(x) and x not in out and _entry_parts(x)[0] in general:
                out[x] = general[_entry_parts(x)[0]]
    return out


def _parameter_values(planner, params, step) -> dict:
    """The numbers the question gives the parameters (\beta_1 = 0.9) of a value at one time."""
    from ..document.context import question_of
    here = question_of(step.location)
    out = {}
    for p in params:
        d = planner.ctx.defined(p.name)
        if d is not None and not d.params and (not d.location or question_of(d.location) == here) \
                and sp.sympify(d.body).is_number:
            out[p] = sp.sympify(d.body)
    return out


def _numbered_entries(expr, driven: set) -> dict:
    """g_3, g_{2,i} written with numbers, of a sequence the recurrence is driven by (``driven``:
    g): the entry symbols the unrolled values use (g[3], g[2,i]). \beta_1 or w_2 stay names."""
    out = {}
    for s in expr.free_symbols:
        got = split_name(s.name) if isinstance(s, sp.Symbol) else None
        if got is not None and got[0] in driven and any(re.fullmatch(r"-?\d+", p) for p in got[1]):
            out[s] = _key(got[0], got[1])
    return out


def _no_driving_values(planner, step, driven: set) -> None:
    """A driving sequence the question gives values (g_1 = 1, g_2 = 2) or a general term (g_t =
    g_1 for every t, not a constant of its own) is not a sequence of free entries: the
    one-time check would compare against the wrong values. Doubt (as before: the definition)."""
    for d, _ in _driving_definitions(planner, step, driven):
        raise Doubt(f"{d.name} is given a value or formula (line {d.line})")


def _driving_definitions(planner, step, driven: set):
    """(definition, subscript parts) of every value or formula the step's question (or the head,
    or a shared preamble) gives an entry of a driving sequence (g_1 = 2, g_k = 1)."""
    from ..document.context import question_of
    here = question_of(step.location)
    for d in list(planner.ctx.values.values()):
        got = split_name(d.name)
        if got is not None and got[0] in driven and not d.params and \
                (question_of(d.location) == here or not d.location or planner.ctx.shared(d)):
            yield d, got


def _define(planner, step, name, lhs, rhs, doubtful: bool) -> None:
    """The closed form is the name's formula from here (and its entries', m[t] of m_t): in
    doubt unless it agreed with the recurrence at every time checked."""
    made = planner.ctx.define(name, (), rhs.expr, step.location, step.line, doubtful=doubtful)
    planner.__dict__.setdefault("closed_forms", []).append(made)
    planner._define_entries(step, lhs, doubtful=doubtful)


def _stands(planner, rec: Recurrence) -> bool:
    """The name still means what the recurrence or a closed form checked against it says: a
    name the prose introduced anew ("Let $m_t$ be ...") or redefined is no longer its."""
    d = planner.ctx.defined(rec.name)
    return d is not None and (recurrence_of(d) == rec
                              or any(d is made for made in planner.__dict__.get("closed_forms", ())))


def _recurrences(planner) -> dict:
    """The recurrences seen so far (base -> list), kept on the planner: the context keeps one
    formula per name, and the closed form replaces the recurrence there."""
    found = planner.__dict__.setdefault("recurrences", {})
    for d in list(planner.ctx.values.values()):
        rec = recurrence_of(d)
        if rec is not None and rec not in found.setdefault(rec.base, []):
            found[rec.base].append(rec)
    return found


def _recurrence_for(planner, name: str, step, standing: bool = True) -> Recurrence | None:
    """The latest recurrence of ``name``'s sequence said before the step, in its question or its
    preamble; with ``standing``, only one whose name still means it (_stands)."""
    from ..document.context import question_of
    got = split_name(name)
    if got is None:
        return None
    here = question_of(step.location)
    fits = [r for r in _recurrences(planner).get(got[0], ())
            if r.family(name) is not None and r.line <= step.line
            and (question_of(r.location) == here or not r.location or _shared(planner, r.name))
            and (not standing or _stands(planner, r))]
    return max(fits, key=lambda r: r.line) if fits else None


def _shared(planner, name: str) -> bool:
    """The recurrence was stated in the preamble of a section the step is in (the document's
    head: "A scalar RNN: $h_t = \\tanh(w h_{t-1} + u x_t)$, $h_0 = 0$"): every question uses it."""
    d = planner.ctx.defined(name)
    return d is not None and planner.ctx.shared(d)


def _initial(planner, rec: Recurrence, step, closed) -> dict:
    """time -> initial value: the sequence's terms at numbered times the question (or its
    preamble) gives a value; a term at a numbered time the closed form uses but the text does
    not give stays a symbol (the check then holds for every value of it, or is not certain).
    Without a value given in formulas, the words "initialised at zero" (``_started_at_zero``)."""
    from ..document.context import question_of
    here, out = question_of(step.location), {}
    checked = planner.__dict__.get("unrolled_values", set())
    for d in list(planner.ctx.values.values()):
        if d.name in checked:
            continue       # v_3 written out and checked against the recurrence: not a starting value
        off = rec.family(d.name)
        if off is None or off[0] is not None or (d.location and question_of(d.location) != here
                                                 and not planner.ctx.shared(d)):
            continue
        value, hazards = planner.ctx.expand(sp.Symbol(d.name, real=True), step.location)
        if hazards or not isinstance(value, sp.Expr) or any(
                rec.mentions_base(s.name) for s in value.free_symbols if isinstance(s, sp.Symbol)):
            continue
        out[off[1]] = value
    if not out:
        out = _started_at_zero(planner, rec, step)
    for s in closed.free_symbols:
        off = rec.family(s.name) if isinstance(s, sp.Symbol) else None
        if off is not None and off[0] is None and off[1] not in out:
            out[off[1]] = s
    return out


def _started(rec: Recurrence, initial: dict) -> tuple:
    """(order, start, run) of a forward recurrence from its stated values: the first time, and
    the last of the values stated one after the other from it (the recurrence begins after
    them). Doubt when a needed starting value is missing, or values are stated with a gap."""
    order, start = max(rec.lags), min(initial)
    missing = [t for t in range(start, start + order) if t not in initial]
    if missing:
        raise Doubt(f"the recurrence needs {order} initial values; none is stated at time {missing[0]}")
    run = start          # every value stated from the start on is given: the recurrence begins after them
    while run + 1 in initial:
        run += 1
    if any(t > run for t in initial):
        raise Doubt(f"values of {rec.base} are stated at times {sorted(initial)}, not one after the other")
    _follow(rec, initial, start, order, run)
    return order, start, run


def _follow(rec: Recurrence, initial: dict, start: int, order: int, run: int) -> None:
    """More values stated than the recurrence needs to start (v_0 = 0, then v_1 = g, v_2 = \\beta
    g + g): they must be what the recurrence gives from the first ones, else they are a case
    (a constant gradient said in words) or the recurrence begins later, and the check would
    unroll from values the document did not mean as its start (a false wrong once)."""
    if run < start + order:
        return
    first = {t: initial[t] for t in range(start, start + order)}
    try:
        known = unroll(rec, first, run)
    except Doubt:
        known = {}
    for t in range(start + order, run + 1):
        if t not in known or sp.expand(known[t] - initial[t]) != 0:
            raise Doubt(f"{_shown_term(rec, t)} = {sp.sstr(initial[t])} is stated, which the recurrence does not "
                        f"give from {_shown_term(rec, start)} (a case said in words, or the recurrence starts later)")


def _checked(planner, step, rec: Recurrence, own, name: str, lhs, rhs):
    if rec.direction < 0:
        return _checked_backward(planner, step, rec, own, name, lhs, rhs)
    closed = rhs.expr
    initial = _initial(planner, rec, step, closed)
    if not initial:
        raise Doubt(f"no initial value of {rec.base} is stated (such as {_shown_term(rec, 0)}); it is "
                    "not assumed")
    _, start, run = _started(rec, initial)
    unstated = {v for v in initial.values() if isinstance(v, sp.Symbol) and rec.family(v.name) is not None}
    low, high = _time_range(planner, step, own)
    # from the first time the recurrence gives; from a stated initial time when the text says
    # the closed form holds there too (s_t = 2t + 3 for t \ge 1, with s_1 = 5 given)
    first = run + 1 if low is None else max(start, low + own[1])
    last = first + HORIZON - 1 if high is None else min(first + HORIZON - 1, high + own[1])
    if last < first:
        raise Doubt(f"no time {own[0]} in the range the text says is left to check")
    times = range(first, last + 1)
    known = unroll(rec, dict(initial), times[-1])
    values = [known[n] for n in times]
    closed_at = [sp.expand(at_times(closed, {own[0]: n - own[1]}, rec, known)) for n in times]
    said = _said_entries(planner, step, rec, closed_at, values)    # g_k = g for every k, in this part
    if said:
        closed_at = [sp.expand(c.xreplace(said)) for c in closed_at]
        values = [sp.expand(v.xreplace(said)) for v in values]
    _same_names(rec, closed_at, values, unstated)
    params = {s for v in values for s in v.free_symbols if not _is_entry(s)} - unstated
    _no_values(planner, params, step)
    residuals = [_residual(a, b) for a, b in zip(closed_at, values)]
    bad = next((k for k, r in enumerate(residuals) if r is None or r != 0), None)
    letter_times = f"{own[0]} = {times[0] - own[1]}..{times[-1] - own[1]}"
    if bad is not None and unstated and (residuals[bad] is None or residuals[bad].free_symbols & unstated):
        raise Doubt(f"it may differ at {own[0]} = {times[bad] - own[1]} unless "
                    f"{', '.join(sorted(s.name for s in unstated))} has a value the text does not state")
    _define(planner, step, name, lhs, rhs, doubtful=bad is not None)
    starts = ", ".join(f"{_shown_term(rec, t)} = {sp.sstr(v)}" if v not in unstated
                       else f"{_shown_term(rec, t)} (any value: the text gives none)"
                       for t, v in sorted(initial.items()))
    reason = None
    if bad is not None and residuals[bad] is not None:
        reason = (f"unrolling the recurrence of line {rec.line} from {starts}: at {own[0]} = "
                  f"{times[bad] - own[1]} the closed form minus the recurrence's value is "
                  f"{sp.sstr(sp.factor(residuals[bad]))}")
    case = f", with {planner.__dict__['said_cases'][step.line]}" if said else ""
    if reason and case:
        reason += case
    reading = {"from": f"{name} as stated: {sp.sstr(closed, order='none')}",
               "to": f"{name} by the recurrence of line {rec.line} from {starts}{case}, at {letter_times}",
               "assumptions": [sp.sstr(a) for a in _ranges(planner, params, step)]}
    return Unrolled(sp.Matrix(closed_at), sp.Matrix(values), tuple(_ranges(planner, params, step)),
                    letter_times, reason, reading)


def _said_entries(planner, step, rec: Recurrence, *exprs) -> dict:
    """entry symbol -> value, for the sequences the part of the step says something of every
    entry of (``g_k = g`` for every k): the part's case, put in on both sides. Only a formula
    said in the step's own part (location), under a subscript of letters only."""
    out, entries = {}, {s for group in exprs for e in group for s in e.free_symbols if _is_entry(s)}
    for d in list(planner.ctx.values.values()):
        got = split_name(d.name)
        if got is None or got[0] == rec.base or d.location != step.location or d.params \
                or not all(re.fullmatch(r"[A-Za-z]", p) for p in got[1]) or not isinstance(d.body, sp.Expr):
            continue
        letters = [re.compile(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % p) for p in got[1]]
        if any((split_name(s.name) or ("",))[0] == got[0] or any(x.search(s.name) for x in letters)
               for s in d.body.free_symbols if isinstance(s, sp.Symbol)) or d.body.has(sp.Derivative):
            continue     # g_{t,i} = dL(w_{t,i})/dw_i: what each entry is, not one value for all
        for s in entries:
            base, parts = s.name.split("[")[0], s.name[:-1].split("[", 1)[1].split(",")
            if base == got[0] and len(parts) == len(got[1]):
                out[s] = d.body
                planner.__dict__.setdefault("said_cases", {})[step.line] = \
                    f"{d.name} = {sp.sstr(d.body)} (line {d.line})"
    return out


_ZERO = re.compile(r"\b(?:initiali[sz]ed|started|starts?|starting|set|begins?|begun|initial\s+values?\s+(?:is|are))"
                   r"\s+(?:at|to|from|as)?\s*(?:zero|\$\s*0\s*\$)", re.I)
_HEADING = re.compile(r"^\s*(?:#|\\(?:sub)*section|\*\*\s*(?:Q|Question|Problem|Exercise)\b|(?:Question|Problem|Exercise)\s+\d)", re.M)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z$\\])|\n\s*\n")


_TYPEFACE = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|hat|bar|tilde)\s*(?=[{\\A-Za-z])")
_INITIALISE = re.compile(r"\b(?:initiali[sz]e[sd]?|sets?|start)\s*$", re.I)


def _only(math: str, base: str) -> bool:
    """The formula writes the sequence and no other name: ``m``, ``m_0``, ``\\mathbf m_{t}``,
    ``m_0 = 0``. ``\\theta`` or ``m_t = \\beta m_{t-1} + g_t`` write other names."""
    rest = re.sub(r"(?<![A-Za-z\\])%s(?![A-Za-z])\s*(?:_\s*(?:[A-Za-z0-9]|\{[^{}]*\}))?" % re.escape(base), " ",
                  _TYPEFACE.sub("", math))
    return re.search(r"[A-Za-z\\]", re.sub(r"[\s=0,]", "", rest)) is None and rest != math


def _zero_about(sentence: str, base: str) -> bool:
    """The zero phrase of the sentence is about the sequence ``base``: the formula right before the
    phrase writes the sequence alone ("$m$ is initialised at zero"), or the phrase's verb takes it as
    its object ("we initialise $m_0$ to zero"), or no formula comes before the phrase and the one
    right after it is the sequence's own ("The buffer is initialised at zero, $m_t = ...$").
    "The weights $\\theta$ are initialised at zero, while $s$ starts at one" is about theta: no
    initial value of s."""
    for z in re.finditer(r"\b(?:at|to|from|as)?\s*(?:zero|\$\s*0\s*\$)", sentence, re.I):
        head = sentence[:z.start()]
        maths = list(re.finditer(r"\$([^$]+)\$", head))
        if maths:
            last, words = maths[-1], head[maths[-1].end():]
            if not _only(last.group(1), base):
                continue
            if _INITIALISE.search(head[:last.start()]) and not words.strip():
                return True          # "we initialise $m_0$ to zero"
            if len(words.split()) <= 4 and not re.search(r"[,;:]", words) \
                    and _ZERO.search(sentence[last.end():z.end()]):
                return True          # "$m$ is initialised at zero"
            continue
        after = re.match(r"\s*[,:]?\s*\$([^$]+)\$", sentence[z.end():])
        if after and "=" in after.group(1) and _only(after.group(1).split("=")[0], base) \
                and _ZERO.search(sentence[:z.end()]):
            return True              # "The buffer is initialised at zero, $m_t = ...$"
    return False


def _started_at_zero(planner, rec: Recurrence, step) -> dict:
    """{time: 0} when the question's prose says in words that the sequence starts at zero
    ("initialised at zero") of the sequence itself (``_zero_about``), and the question writes
    the sequence at one numbered time only (m_0): the time the words speak of. Else {}: the
    words alone do not say whether m_0 or m_1 is zero."""
    from ..document.context import question_of
    here = question_of(step.location)
    mine = [d for d in planner.found if d.first_line <= step.line
            and (question_of(d.location) == here or d.preamble)]
    if not mine:
        return {}
    first = min(d.start for d in mine)
    before = [d.start + len(d.latex) for d in planner.found if d.start + len(d.latex) < first]
    text = planner.text[max(before, default=0):max(d.start for d in mine)]
    heads = list(_HEADING.finditer(text))       # the prose of this question, not the one before
    text = text[heads[-1].start():] if heads else text
    if not any(_zero_about(sentence, rec.base) for sentence in _SENTENCE.split(text)):
        return {}
    times = set()
    term = re.compile(r"(?<![A-Za-z\\])%s\s*_\s*(\{[^{}]*\}|[0-9])" % re.escape(rec.base))
    for d in planner.found:
        if (question_of(d.location) == here or d.preamble):
            for m in term.finditer(d.latex):
                off = rec.family(f"{rec.base}_{m.group(1)}")
                if off is not None and off[0] is None:
                    times.add(off[1])
    return {times.pop(): sp.Integer(0)} if len(times) == 1 else {}


def _shown_term(rec: Recurrence, time: int) -> str:
    parts = rec.rest[:rec.at] + (str(time),) + rec.rest[rec.at:]
    return f"{rec.base}_{parts[0]}" if len(parts) == 1 and len(parts[0]) == 1 else f"{rec.base}_{{{','.join(parts)}}}"


def _residual(a, b):
    """The exact difference as a cancelled rational function; None when it is not one."""
    d = sp.expand(a - b)
    if not d.is_rational_function(*d.free_symbols):
        return None
    return sp.cancel(sp.together(d))


def _entry_parts(s) -> tuple:
    """(base, parts) of an entry symbol ``g[3,i]``."""
    base, inner = s.name[:-1].split("[", 1)
    return base, tuple(inner.split(","))


def _time_of(parts) -> int | None:
    numbers = [int(p) for p in parts if re.fullmatch(r"-?\d+", p)]
    return numbers[0] if len(numbers) == 1 else None


def _outside(rec, closed_at, values) -> str | None:
    """An entry of a driving sequence the closed form uses before the first one the recurrence
    uses (g_0 beside a recurrence from g_1), or after the last one (r_{T+1} past the end of an
    episode), row by row: a term the recurrence never gives a meaning to. A later gradient
    (g_{t+1}) is no such term: it exists, and the closed form is wrong to use it."""
    for c, v in zip(closed_at, values):
        used = {}
        for s in v.free_symbols:
            if _is_entry(s):
                base, parts = _entry_parts(s)
                t = _time_of(parts)
                if t is not None:
                    used.setdefault((base, len(parts)), []).append(t)
        for s in sorted(c.free_symbols - v.free_symbols, key=lambda x: x.name):
            if not _is_entry(s):
                continue
            base, parts = _entry_parts(s)
            t, times = _time_of(parts), used.get((base, len(parts)))
            if t is None or not times:
                continue
            if (rec.direction > 0 and t < min(times)) or (rec.direction < 0 and t > max(times)):
                return s.name
    return None


def _same_names(rec, closed_at, values, unstated) -> None:
    """The closed form speaks of the recurrence's names only: a name it adds (``g`` of a
    constant gradient, ``g[1,i]`` beside the recurrence's ``g_t``, ``g[0]`` before the
    recurrence's first gradient) is another reading."""
    ours = set().union(*(v.free_symbols for v in values)) | unstated
    theirs = set().union(*(c.free_symbols for c in closed_at))
    extra = theirs - ours

    def base(s):
        return s.name.split("[")[0] if _is_entry(s) else s.name
    # the recurrence's parameters and sequences, each used somewhere: a formula without
    # beta (m_t = \sum_k g_k) is more likely another quantity named alike than its closed form
    unused = sorted({base(s) for s in ours - unstated} - {base(s) for s in theirs})
    if unused:
        raise Another(f"it does not use {', '.join(unused)}, which the recurrence at line {rec.line} does "
                    "(another quantity with the same name, or an error)")
    shapes = {base(s) for s in ours if _is_entry(s)}
    plain = sorted(s.name for s in extra if not _is_entry(s) and s.name in shapes)
    if plain:   # g beside the recurrence's g_t: a constant sequence g_t = g, a case said in words
        raise Another(f"it uses {plain[0]} where the recurrence at line {rec.line} has the sequence "
                    f"{plain[0]} with a time index (a case, {plain[0]} constant?)")
    outside = _outside(rec, closed_at, values)
    if outside is not None:
        raise Doubt(f"it uses {outside}, a term the recurrence at line {rec.line} never uses there "
                    "(wrong, unless that term is 0 or not meant)")
    arity = {(base(s), s.name.count(",")) for s in ours if _is_entry(s)}
    extra = {s for s in extra if not (_is_entry(s) and (base(s), s.name.count(",")) in arity)}
    if not extra:
        return       # a later term of a driving sequence (g_{t+1}): the residual says how wrong
    odd = sorted({base(s) for s in extra})
    if any(b in shapes for b in odd):
        raise Doubt(f"{odd[0]} is written with other indices than in the recurrence at line {rec.line} "
                    "(the same sequence?)")
    raise Another(f"it uses {', '.join(odd)}, which the recurrence at line {rec.line} does not "
                "(a case of it, or another name)")


def _no_values(planner, params, step) -> None:
    from ..document.context import question_of
    here = question_of(step.location)
    for p in sorted(params, key=lambda s: s.name):
        d = planner.ctx.defined(p.name)
        if d is not None and (not d.location or question_of(d.location) == here):
            raise Doubt(f"{p.name} has a value in the text (line {d.line}); the closed form is "
                        "checked with symbols only")


_SHARED = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(<|\\le(?:q)?)\s*(.+?)\s*(<|\\le(?:q)?)\s*([-+]?\d+(?:\.\d+)?)\s*$")


def _ranges(planner, params, step) -> list:
    """The ranges the question (or its preamble) states for the parameters before the step,
    in its inline math (``0 < \\beta_1, \\beta_2 < 1``): a wrong must hold inside them."""
    from ..document import conditions, doubts
    from ..document.context import question_of
    from ..reading.read import NotRead
    here, names, out = question_of(step.location), {p.name for p in params}, []
    reader = planner._reader_for_conditions()
    for d in planner.found:
        if not d.inline or d.first_line > step.line or (d.location and question_of(d.location) != here):
            continue
        latex = d.latex.strip().strip("$").strip()
        got = doubts.interval(latex)       # \beta \in (0, 1)
        if got is not None:
            out += [r for r in _interval(got, reader) if r not in out and {s.name for s in r.free_symbols} <= names]
            continue
        if not re.search(r"<|>|\\[lg]e", latex):
            continue
        m = _SHARED.match(latex)
        pieces = [f"{m.group(1)} {m.group(2)} {n} {m.group(4)} {m.group(5)}" for n in m.group(3).split(",")] \
            if m else [latex]
        for piece in pieces:
            try:
                rels = conditions.parse(piece, reader) or []
            except NotRead:
                continue
            out += [r for r in rels if conditions.domain_relation(r) and r not in out
                    and {s.name for s in r.free_symbols} <= names]
    return out


def _interval(got, reader) -> list:
    from ..reading.read import NotRead
    name, lo, hi, lo_open, hi_open = got
    try:
        x = reader(name).expr
    except NotRead:
        return []
    out = [] if lo is None else [x > lo if lo_open else x >= lo]
    return out + ([] if hi is None else [x < hi if hi_open else x <= hi])


_OP = re.compile(r"\\(?:leqslant|geqslant|leq?|geq?|lt|gt)(?![A-Za-z])|<|>")


def _bounds_in(math: str, letter: str):
    """(low, high) of ``letter`` in the relations of ``math`` (``1 \\le t \\le T``, ``t > 2``):
    numbers where a side is a number, None where it is a name (T: no limit the check needs);
    a Doubt when the letter is inside a side (``t - 1 \\ge 0``)."""
    low = high = None
    for part in math.split(","):
        sides, ops = _OP.split(part), _OP.findall(part)
        for (a, b), op in zip(zip(sides, sides[1:]), ops):
            a, b = a.strip(), b.strip()
            if op.startswith(("\\g", ">")) or op == "\\gt":      # a > b is b < a
                a, b = b, a
            strict = op in ("<", ">", "\\lt", "\\gt")
            for side, other, is_low in ((b, a, True), (a, b, False)):
                if side != letter:
                    continue
                if re.fullmatch(r"-?\d+", other):
                    n = int(other) + ((1 if is_low else -1) if strict else 0)
                    low, high = (max(low, n) if low is not None else n, high) if is_low else \
                        (low, min(high, n) if high is not None else n)
                elif re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % letter, other):
                    raise Doubt(f"the range of {letter} said for the step ({math.strip()}) is not read")
            if letter not in (a, b) and any(re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % letter, x) for x in (a, b)):
                raise Doubt(f"the range of {letter} said for the step ({math.strip()}) is not read")
    return low, high


def _time_range(planner, step, own) -> tuple:
    """(least, greatest) value of the closed form's time letter the text says for the step:
    beside it (``\\text{for } t \\ge 2``), in the sentence before it, or in what the prose
    says for its display (prose.said_for); (None, None) when it says none."""
    letter, low, high = own[0], None, None
    maths = [re.sub(r"\\(?:text|textrm|mbox|mathrm)\s*\{[^{}]*\}", " ", step.note or "")]
    maths += ["".join(m) for m in re.findall(r"\$([^$]+)\$|\\\((.+?)\\\)", planner.lead or "")]
    maths += [said.latex for said in getattr(planner, "said", ())]
    for math in maths:
        if not re.search(r"(?<![A-Za-z\\])%s(?![A-Za-z])" % letter, math) or not _OP.search(math):
            continue
        lo, hi = _bounds_in(math, letter)
        low = lo if low is None else (max(low, lo) if lo is not None else low)
        high = hi if high is None else (min(high, hi) if hi is not None else high)
    return low, high


# -- recurrences from later times --------------------------------------------------------------
def _terminal(planner, rec: Recurrence, step) -> list:
    """[(letter or None, offset, value)]: the values the question gives the sequence at its
    last times: ``G_T = 0`` (T another letter than the recurrence's) or ``G_{10} = 0``."""
    from ..document.context import question_of
    here, out = question_of(step.location), []
    for d in list(planner.ctx.values.values()):
        off = rec.family(d.name)
        if off is None or off[0] == rec.letter or (d.location and question_of(d.location) != here):
            continue
        value, hazards = planner.ctx.expand(sp.Symbol(d.name, real=True), step.location)
        if hazards or not isinstance(value, sp.Expr) or any(
                rec.mentions_base(s.name) for s in value.free_symbols if isinstance(s, sp.Symbol)):
            continue
        out.append((off[0], off[1], value))
    return out


def _checked_backward(planner, step, rec: Recurrence, own, name: str, lhs, rhs):
    """``G_t = r_{t+1} + \\gamma G_{t+1}`` with ``G_T = 0``: unrolled down from the end, for each
    horizon T = 1..HORIZON (or the one number the text gives) and each time t from T - 1 down to
    the least the text allows (0 unless it says)."""
    closed, ends = rhs.expr, _terminal(planner, rec, step)
    letters = {e[0] for e in ends}
    if not ends or len(letters) != 1:
        raise Doubt(f"no value of {rec.base} at the end (such as {rec.base}_T = 0) is stated, or more "
                    "than one end; it is not assumed")
    horizon = letters.pop()
    order = max(rec.lags)
    low, high = _time_range(planner, step, own)
    low = max(0, low if low is not None else 0)
    rows, pairs = [], []
    for h in (range(1, HORIZON + 1) if horizon is not None else (0,)):
        known = {h + off: v for _, off, v in ends}
        top = max(known)
        if any(top - j not in known for j in range(order)):
            raise Doubt(f"the recurrence needs {order} values at the end; not all are stated")
        times = [n for n in range(top - order, top - order - HORIZON, -1)
                 if n - own[1] >= low and (high is None or n - own[1] <= high)]
        if not times:
            continue
        known = unroll(rec, {t: v for t, v in known.items() if t > top - order}, times[-1])
        at = {horizon: h} if horizon is not None else {}
        for n in times:
            rows.append((sp.expand(at_times(closed, {**at, own[0]: n - own[1]}, rec, known)), known[n]))
            pairs.append((h, n - own[1]))
    if not rows:
        raise Doubt(f"no time {own[0]} \\ge {low} before the end is left to check")
    closed_at, values = [a for a, _ in rows], [b for _, b in rows]
    _same_names(rec, closed_at, values, set())
    params = {s for v in values for s in v.free_symbols if not _is_entry(s)}
    _no_values(planner, params, step)
    residuals = [_residual(a, b) for a, b in zip(closed_at, values)]
    bad = next((k for k, r in enumerate(residuals) if r is None or r != 0), None)
    _define(planner, step, name, lhs, rhs, doubtful=bad is not None)
    ends_text = ", ".join(f"{_shown_end(rec, letter, off)} = {sp.sstr(v)}" for letter, off, v in ends)
    over = (f"{horizon} = 1..{HORIZON}, {own[0]} = {low}..{horizon} - 1" if horizon is not None
            else f"{own[0]} = {min(p[1] for p in pairs)}..{max(p[1] for p in pairs)}")
    reason = None
    if bad is not None and residuals[bad] is not None:
        where = (f"{horizon} = {pairs[bad][0]}, " if horizon is not None else "") + f"{own[0]} = {pairs[bad][1]}"
        reason = (f"unrolling the recurrence of line {rec.line} from {ends_text}: at {where} the closed "
                  f"form minus the recurrence's value is {sp.sstr(sp.factor(residuals[bad]))}")
    ranges = tuple(_ranges(planner, params, step))
    reading = {"from": f"{name} as stated: {sp.sstr(closed, order='none')}",
               "to": f"{name} by the recurrence of line {rec.line} from {ends_text}, at {over}",
               "assumptions": [sp.sstr(a) for a in ranges]}
    return Unrolled(sp.Matrix(closed_at), sp.Matrix(values), ranges, over, reason, reading)


def _shown_end(rec: Recurrence, letter, off) -> str:
    time = str(off) if letter is None else (letter if off == 0 else f"{letter}{off:+d}")
    parts = rec.rest[:rec.at] + (time,) + rec.rest[rec.at:]
    return f"{rec.base}_{parts[0]}" if len(parts) == 1 and len(parts[0]) == 1 else f"{rec.base}_{{{','.join(parts)}}}"
