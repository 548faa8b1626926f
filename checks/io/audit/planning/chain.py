"""The chain rule through a loss the document never writes.

Backprop derivations differentiate a loss L that is only "a scalar" through layers the
document does define (``Y_{mn} = \\sum_p X_{mp} W_{np} + B_{mn}``). Read alone, every partial
of L is an unknown of its own (``context._partial``), so the chain-rule step
``\\partial L/\\partial W_{ij} = \\sum_{m,n} \\partial L/\\partial Y_{mn} \\, \\partial Y_{mn}/\\partial W_{ij}``
relates two unrelated unknowns and cannot be decided.

The model here: L = F(entries of D), F arbitrary, where D (the *downstream* quantity) is the
one quantity of the step that L is differentiated by and that no other quantity of the step
depends on (Y for W, X, B; Z for Y where Z = h(Y)). The partials of L by D are F's gradient
at the point, which can be any vector: they stay unknowns. Every other partial of L is
the chain rule through D, ``\\sum_k \\partial L/\\partial D_k \\; \\partial D_k/\\partial V``, with
D's definition (display or inline, as the context records it) expanded down to the free
variables, V kept as a variable where D is made of it through other definitions.

A step that holds under the model holds for every loss that depends on V only through D.
A step wrong under the model is not certainly wrong (L may also depend on V directly, a
regulariser said in words), so the plan keeps a hazard on it: never ``wrong``, unless the
text says L depends on V only through D (``upstream``): then it is wrong as the model certifies.

Checked entry by entry over the sizes the enumeration already takes (``indices``), so the
strength stays ``bounded``. The model is not applied (today's unknowns stay) when the
downstream quantity is ambiguous (two quantities, neither depends on the other), has no
formula, or its shape is not told by the step and its definitions.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..reading import indices
from ..reading.build import SIZE_NAME
from ..document.context import PARTIALS, names_in
from ..document.doubts import HOLDS_ONLY

MAX_ENTRIES = 27        # entries of the downstream quantity in one case (3 x 3 x 3)
MAX_CASES = 243         # entries of one step checked under the model (its sizes 1..3, its free indices)
_LABEL = re.compile(r"^\\partial (?P<loss>\S+)/\\partial (?P<var>\S+)$")
_ORDER = re.compile(r"\^\d+$")      # \partial W^2: a second derivative, not modelled


@dataclass(frozen=True)
class Model:
    loss: str
    downstream: str
    through: tuple          # the other quantities L is differentiated by in the step
    hazards: tuple = ()     # what expanding the downstream quantity's definition doubted
    graph: str = ""         # the dependencies the written partials draw (y through z; z through w)
    evidence: object = None  # upstream.Evidence: the text says L depends on them only through D
    note: str = ""          # why that evidence does not settle a wrong here (upstream.applied)
    sizes: str = ""         # the sizes checked, when not 1..3 (n from its floor said in the text)

    @property
    def only_through(self) -> str:
        said = f"depends on {', '.join(self.through)} only through {self.downstream}"
        return f"{said} ({self.graph}, as the step's partials write)" if self.graph else said

    @property
    def holds_detail(self) -> str:
        return f"for every {self.loss} that {self.only_through}" + self._said + self.sizes

    @property
    def wrong_detail(self) -> str:
        """A wrong under the model, the model being what the text says (``evidence``)."""
        return (f"wrong for a loss that {self.only_through} (the chain rule through {self.downstream})"
                + self._said + self.sizes)

    @property
    def _said(self) -> str:
        return f", {self.evidence.shown()}" if self.evidence is not None else ""

    @property
    def hazard(self) -> str:
        # a plain hazard: a holds stands (it is the claim of holds_detail), a wrong does not
        return (f"{self.loss} may also depend on {', '.join(self.through)} directly (a term said in "
                "words), not only through " + self.downstream + (f" ({self.note})" if self.note else ""))

    def reason(self, hazards) -> str:
        """Why a step wrong under the model is undecided: the model first, then the rest (the
        model's own hazard only when it is one of them: the text may have settled it)."""
        others = [h for h in hazards if h != self.hazard]
        first = [self.hazard] if len(others) < len(hazards) or not others else []
        return (f"wrong for a loss that {self.only_through} (the chain rule through {self.downstream}), "
                f"but " + "; ".join(first + others))


def family(label: str):
    """(loss, variable) of an unknown's label ``\\partial L/\\partial W``; None for partials
    by several variables or of higher order."""
    m = _LABEL.match(label)
    if m is None or _ORDER.search(m.group("var")):
        return None
    return m.group("loss"), m.group("var")


def _families(*exprs) -> dict:
    """{label: (loss, variable)} of the partials read as unknowns in ``exprs`` (None values for
    the labels that are no partial of one variable)."""
    out = {}
    for e in exprs:
        for s in getattr(e, "free_symbols", ()):
            label = str(s.base.label) if isinstance(s, sp.Indexed) else getattr(s, "name", "")
            if label.startswith("\\partial "):
                out[label] = family(label)
    return out


def _definition(ctx, name: str):
    """(params, body) of a quantity with a formula: an array's entries or a value."""
    d = ctx.indexed.get(name)
    if d is not None:
        return d.params, d.body
    d = ctx.values.get(name)
    if d is not None and getattr(d.body, "free_symbols", None):
        return (), d.body
    return None


def _made_of(ctx, name: str, location) -> set:
    """The names a quantity's formula is made of, through every other definition: the free
    variables of its full expansion and every quantity met on the way (y = x + h, h = \\phi(z),
    z = V x: y is made of h and of z, not only of x and V)."""
    got = _definition(ctx, name)
    if got is None:
        return set()
    params, body = got
    full, _ = ctx.expand(body, location)
    out, todo = names_in(full) | names_in(body), list(names_in(body))
    while todo:       # the intermediate quantities, each once
        inner = _definition(ctx, todo.pop())
        if inner is not None:
            new = names_in(inner[1]) - out - {name}
            out |= new
            todo += new
    return out


def downstream(ctx, variables: set, location):
    """The one variable no other variable of the step is made of, when it has a formula and
    is made of all the others; else None (ambiguous, or no formula: today's unknowns)."""
    made = {v: _made_of(ctx, v, location) for v in variables}
    sinks = [v for v in variables if not any(v in made[o] for o in variables - {v})]
    if len(sinks) != 1 or _definition(ctx, sinks[0]) is None:
        return None
    d = sinks[0]
    if not (variables - {d}) <= made[d]:
        return None
    return d       # (another path from a variable to L, not through d: model() refuses it)


def _reached(ctx, name: str, stop: str) -> set:
    """The quantities with a formula (display or inline) made of ``name``, directly or through
    one another, not going on past ``stop`` (Z = h(Y) is made of W through Y: past the stop).
    An entry's formula (Y_{ik} = ...) is its array's (Y)."""
    def base(q):
        b = re.sub(r"_(?:\{.*\}|[A-Za-z0-9])$", "", q)
        return b if b != q and b in ctx.indexed else q
    direct = {}
    for q in (*ctx.indexed, *ctx.values):
        got = _definition(ctx, q)
        if got is not None:
            direct.setdefault(base(q), set()).update(names_in(got[1]))
    seen, frontier = set(), {name}
    while frontier:
        nxt = {q for q, made in direct.items() if made & frontier and q not in seen and q != name}
        seen |= nxt
        frontier = nxt - {stop}
    return seen - {stop}


class _World:
    """The shapes of the arrays of a step and of the definitions it reaches, as one world:
    dimensions are tied where one letter indexes them (``Y_{mn} = \\sum_p X_{mp} W_{np}``:
    Y's first with X's first, Y's second with W's first), sized where a sum with bounds runs
    over them; a dimension nothing sizes gets a size of its own (every size is enumerated)."""

    def __init__(self):
        self.parent, self.size = {}, {}

    def find(self, key):
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            key = self.parent[key]
        return key

    def tie(self, a, b, soft: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if soft and self.size.get(ra) and self.size.get(rb) and self.size[ra] != self.size[rb]:
            return      # the step reads x_i beside g_i over a window of x: two lengths stay two
        if ra != rb:
            self.parent[ra] = rb
            self.size.setdefault(rb, set()).update(self.size.pop(ra, set()))

    def sized(self, key, top) -> None:
        self.size.setdefault(self.find(key), set()).add(sp.sympify(top))

    def read(self, e, names: dict, sizes: bool = True) -> None:
        """Ties and sizes from an expression: each letter ties the dimensions it indexes (a sum's
        own letter inside that sum), a sum with bounds sizes its letter's dimensions (not with
        ``sizes=False``: the step under check does not size the world it is checked in)."""
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in node.limits:
                keys = _positions(node.function, v, names)
                for a, b in zip(keys, keys[1:]):
                    self.tie(a, b, soft=not sizes)
                if sizes and keys and lo == 1 and getattr(hi, "name", None) != SIZE_NAME:
                    self.sized(keys[0], hi)
        bound = {v for node in getattr(e, "atoms", lambda *_: ())(sp.Sum) for v, *_ in node.limits}
        for i in indices.free_indices(e) - bound:
            keys = _positions(e, i, names)
            for a, b in zip(keys, keys[1:]):
                self.tie(a, b, soft=not sizes)

    def top(self, key):
        """The size of a dimension: the one its sums give, a size of its own if none, None if
        two different ones."""
        root = self.find(key)
        got = self.size.get(root, set())
        if len(got) > 1:
            return None
        if got:
            return next(iter(got))
        return sp.Symbol(f"n_{{{root[0]},{root[1] + 1}}}", integer=True, positive=True)


def _positions(e, letter, names: dict) -> list:
    """The (array, position) keys ``letter`` indexes in ``e``, an unknown's family read as its
    variable (the shape of \\partial L/\\partial W is W's)."""
    out = []
    for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
        for q, i in enumerate(x.indices):
            if i == letter:
                label = str(x.base.label)
                out.append((names.get(label, label), q))
    return sorted(set(out))


def _scalar_graph(ctx, found: dict, sides):
    """``\\partial L/\\partial w = \\partial L/\\partial y \\, \\partial y/\\partial z \\, \\partial z/\\partial w``
    with no formula for y and z: the graph the written partials draw (y made of z, z of w), L
    = F(D) for the one quantity D of L's partials that no written partial differentiates by.
    Every other partial of L is the sum over the paths from D of the products of the written
    partials (unknowns). Scalars only; None when the graph is not one such tree of paths."""
    edges = {}
    for lb, (lo, v) in found.items():
        edges.setdefault(lo, {})[v] = sp.Symbol(lb, real=True)
    variables = {v for lo, v in found.values()}
    roots = set(edges) - variables
    if len(roots) != 1:
        return None
    loss = roots.pop()
    if any(_definition(ctx, n) is not None or n in ctx.functions for n in set(edges) | variables):
        return None                 # a formula somewhere: the context takes those partials itself
    sinks = [v for v in edges[loss] if not any(v in edges[o] for o in edges if o != loss)]
    if len(sinks) != 1 or sinks[0] not in edges:
        return None
    d = sinks[0]

    def paths(u, v, depth=0):
        if u == v:
            return sp.Integer(1)
        if depth > len(edges) or u not in edges:
            return sp.Integer(0)
        return sp.Add(*[w * paths(c, v, depth + 1) for c, w in edges[u].items()])

    swap = {}
    for v, w in edges[loss].items():
        if v != d:
            through = paths(d, v)
            if through == 0:
                return None         # L by v, v not under D: not this model
            swap[w] = edges[loss][d] * through
    others = tuple(sorted(v for v in edges[loss] if v != d))
    inner = "; ".join(f"{u} through {', '.join(sorted(edges[u]))}" for u in sorted(set(edges) - {loss}))
    m = Model(loss, d, others, (), inner)
    return Modelled(sides[0].xreplace(swap), sides[1].xreplace(swap), [], (), m, True)   # scalars: no shape


def _undefined_downstream(ctx, found: dict, sides):
    """(loss, D, {V: label of \\partial D/\\partial V}, rank of D) when the step differentiates
    two names: L by D and by scalars V, and D (no formula) by exactly those V: L = F(D),
    D = A(V), A arbitrary. None for anything else."""
    losses = {loss for loss, _ in found.values()}
    for loss in losses:
        d = next(iter(losses - {loss}))
        own = {v for lo, v in found.values() if lo == loss}
        jac = {v: lb for lb, (lo, v) in found.items() if lo == d}
        if d not in own or not own - {d} or set(jac) != own - {d} or _definition(ctx, d) is not None \
                or d in ctx.functions or d in ctx.indexed:
            continue
        got = {lb: {len(x.indices) if isinstance(x, sp.Indexed) else 0 for e in sides for x in _unknowns(e)
                    if (str(x.base.label) if isinstance(x, sp.Indexed) else x.name) == lb} for lb in found}
        ranks = set().union(*(got[lb] for lb, (lo, v) in found.items() if v == d or lo == d))
        scalars = all(got[lb] <= {0} for lb, (lo, v) in found.items() if lo == loss and v != d)
        if len(ranks) == 1 and scalars:   # a Jacobian entry per entry of D: V a scalar
            return loss, d, jac, ranks.pop()
    return None


def _world(ctx, location, d: str, before: tuple, names: dict, ranges=None) -> _World:
    world = _World()
    world.bodies = []
    todo, seen, spans = [d], set(), []
    while todo:       # the downstream quantity's definition and the definitions it reaches
        name = todo.pop()
        seen.add(name)
        got = _definition(ctx, name)
        if got is None:
            continue
        params, body = got
        shifted = _shifted(body)
        for k, p in enumerate(params):
            for key in _positions(body, p, names):
                if not (p in shifted.get(key[0], set()) and len(params) == 1):
                    world.tie((name, k), key)   # x_i beside x_{i+1}: a window, not one length
        world.read(body, names)
        world.bodies.append(body)
        said = ranges(name, ctx.indexed[name].line, params) if ranges is not None and name in ctx.indexed else {}
        for k, p in enumerate(params):     # a_i = ... for i = 1, ..., n - k + 1: a's length
            if p in said and not world.size.get(world.find((name, k))):
                world.sized((name, k), said[p])
        spans.append((params, body, said))
        todo += [n for n in names_in(body) if n not in seen and n in ctx.indexed]
    for params, body, said in spans:    # h_{i+j-1}: h's length from the ranges of i and j
        _extents(world, body, said, names)
    world.read(sp.Add(*before), names, sizes=False)   # a free index is one letter across both sides
    # A sum of the step may name the size of a dimension nothing else sizes (\sum_{m=1}^{N} over
    # Y's rows): only a bare letter that sizes no other dimension. A number, an expression or a
    # letter already a size (D, the inner dimension) is not taken from the step: its sum is then
    # checked against the world's own size, so a sum over the wrong range cannot hold.
    taken = {t for got in world.size.values() for t in got}
    for node in sp.Add(*before).atoms(sp.Sum):
        for v, lo, hi in node.limits:
            keys = _positions(node.function, v, names)
            if not (keys and lo == 1 and isinstance(hi, sp.Symbol) and hi.name != SIZE_NAME):
                continue
            if hi in taken or world.size.get(world.find(keys[0])):
                continue
            world.sized(keys[0], hi)
            taken.add(hi)
    return world


def _shifted(body) -> dict:
    """{array: letters} of the entries a definition indexes by a letter plus a number
    (``x_{i+1}``, ``h_{i+j-1}``): a window over the array."""
    out = {}
    for x in getattr(body, "atoms", lambda *_: ())(sp.Indexed):
        for i in x.indices:
            if not isinstance(i, sp.Symbol):
                out.setdefault(str(x.base.label), set()).update(i.free_symbols)
    return out


def _extents(world: _World, body, said: dict, names: dict) -> None:
    """The length of an array a definition reads through a window (``h_{i+j-1}`` with i in
    1..n-k+1 said and j in 1..k summed: h_1 .. h_n; x_i, x_{i+1}, x_{i+2} with i in 1..n-2:
    x_1 .. x_n) where nothing else sizes it: the largest entry the definition reaches, when its
    smallest is the first."""
    bounds = {p: (sp.Integer(1), hi) for p, hi in said.items()}
    for node in getattr(body, "atoms", lambda *_: ())(sp.Sum):
        for v, lo, hi in node.limits:
            bounds.setdefault(v, (lo, hi))
    reach = {}
    for x in getattr(body, "atoms", lambda *_: ())(sp.Indexed):
        label = str(x.base.label)
        if len(x.indices) != 1 or label not in _shifted(body):
            continue
        e = x.indices[0]
        letters = [s for s in e.free_symbols if s in bounds]
        coeffs = [e.coeff(s) for s in letters]
        if not letters or set(e.free_symbols) - set(letters) or not all(c in (1, -1) for c in coeffs) \
                or not sp.expand(e - sum(c * s for c, s in zip(coeffs, letters))).is_Integer:
            reach[label] = None
            continue
        low = sp.expand(e.xreplace({s: bounds[s][0] if c > 0 else bounds[s][1] for s, c in zip(letters, coeffs)}))
        high = sp.expand(e.xreplace({s: bounds[s][1] if c > 0 else bounds[s][0] for s, c in zip(letters, coeffs)}))
        if label in reach and reach[label] is None:
            continue
        lo0, hi0 = reach.get(label, (low, high))
        dl, dh = sp.expand(low - lo0), sp.expand(high - hi0)
        if not (dl.is_Integer and dh.is_Integer):
            reach[label] = None
            continue
        reach[label] = (lo0 if dl >= 0 else low, hi0 if dh <= 0 else high)
    for label, got in reach.items():
        key = (names.get(label, label), 0)
        if got is not None and got[0] == 1 and not world.size.get(world.find(key)):
            world.sized(key, got[1])


def _cases(spans: dict, sizes: set, floors=None):
    """Every size 1..3 and every value of the free indices in their spans; None past the cap.
    One size per name: a size read as real in one place and as an integer in another. A size
    the text gives a floor (``n \\ge 6``) takes the three values from its floor instead: a case
    below it is outside the document's domain."""
    one = {s.name: s for s in sizes}
    if not floors or not set(floors) & set(one):
        return indices.cases(spans, set(one.values()), cap=MAX_CASES, at_values=_by_name)
    shift = {one[n]: one[n] + (f - 1) for n, f in floors.items() if n in one and f > 1}
    got = indices.cases({i: sp.sympify(hi).xreplace(shift) for i, hi in spans.items()}, set(one.values()),
                        cap=MAX_CASES, at_values=_by_name)
    if got is None:
        return None
    return [{k: (v + (floors[str(k)] - 1) if k in shift else v) for k, v in c.items()} for c in got]


def _said_ranges(where, free) -> list:
    """(index, top) of the relations ``1 \\le i`` and ``i \\le n`` both in ``where`` for a free
    index i and a size n that is one letter of no index: the range 1..n said for i."""
    by_name = {i.name: i for i in free}
    low, high = set(), {}
    for r in where:
        if isinstance(r, (sp.LessThan, sp.GreaterThan)):
            small, big = (r.lhs, r.rhs) if isinstance(r, sp.LessThan) else (r.rhs, r.lhs)
            if small == 1 and isinstance(big, sp.Symbol) and big.name in by_name:
                low.add(big.name)
            elif isinstance(small, sp.Symbol) and small.name in by_name and isinstance(big, sp.Symbol) \
                    and big.name not in by_name:
                high[small.name] = big
    return [(by_name[n], sp.Symbol(high[n].name, integer=True, positive=True)) for n in sorted(low & set(high))]


def _sized(e, world: _World, names: dict):
    """The sums written without bounds (1..N_Sigma) bounded by the size of the dimension their
    letter runs over in the world; None where that is not known."""
    def bound(node):
        limits = []
        for v, lo, hi in node.limits:
            if getattr(hi, "name", None) == SIZE_NAME:
                keys = _positions(node.function, v, names)
                hi = world.top(keys[0]) if keys else None
                if hi is None:
                    raise _Outside(f"the sum over {v} has no size")
            limits.append((v, lo, hi))
        return node.func(node.function, *limits)
    return e.replace(lambda n: isinstance(n, sp.Sum), bound) if hasattr(e, "replace") else e


def _by_name(e, case: dict):
    """``e`` at a case's values, matched by name (a size read as real in one place and as an
    integer in another is the same size)."""
    values = {str(k): v for k, v in case.items()}
    swap = {s: values[s.name] for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)
            and s.name in values}
    return _unrolled(e.xreplace(swap) if swap else e)


def _unrolled(e):
    """Sums with number bounds written out term by term (Kronecker deltas of numbers then
    settle themselves, indices.unrolled): what ``doit`` gives here, without its summation
    algorithms; a sum with a bound that is no number is done by ``doit``."""
    from ..reading.indices import unrolled
    got = unrolled(e)
    if isinstance(got, sp.Basic) and got.has(sp.Sum):
        return got.replace(lambda x: isinstance(x, sp.Sum), lambda x: x.doit())
    return got


def _entry(name: str, at: tuple):
    base = sp.IndexedBase(sp.Symbol(name, real=True))
    return base[at] if at else sp.Symbol(name, real=True)


class _Formulas:
    """The formulas of the downstream quantity (and of the quantities it is made of), each
    expanded once with symbolic entry letters and taken at each entry and sizes after: the
    context's expansion is the slow part, the world has up to MAX_CASES entries."""

    def __init__(self, ctx, location, sized):
        self.ctx, self.location, self.sized = ctx, location, sized
        self.hazards = []
        self._symbolic, self._at = {}, {}

    def symbolic(self, name: str, keep: str | None):
        if (name, keep) not in self._symbolic:
            params, _ = _definition(self.ctx, name)
            got, hazards = self.ctx.expand(_entry(name, tuple(params)), self.location,
                                           keep=frozenset({keep}) if keep else frozenset())
            self.hazards += hazards
            self._symbolic[(name, keep)] = (params, self.sized(got))
        return self._symbolic[(name, keep)]

    def at(self, name: str, keep: str | None, at: tuple, sizes: dict):
        """The entry ``at`` of ``name`` at the sizes, ``keep`` left as a variable."""
        key = (name, keep, at, tuple(sorted((str(k), v) for k, v in sizes.items())))
        if key not in self._at:
            params, e = self.symbolic(name, keep)
            self._at[key] = _by_name(e.xreplace(dict(zip(params, (sp.Integer(a) for a in at)))), sizes)
        return self._at[key]


    def settled(self, e, sizes: dict):
        """``e`` with the entries of defined arrays that a derivative by them left in it
        (``\\partial Z_{mn}/\\partial Y_{ij}`` read with Y kept) given their formulas, at points."""
        e = _at_points(e)
        swap = {x: self.at(str(x.base.label), None, tuple(int(i) for i in x.indices), sizes)
                for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)
                if str(x.base.label) in self.ctx.indexed and all(i.is_Integer for i in x.indices)}
        return e.xreplace(swap) if swap else e


class _Case:
    """The model at one case (sizes and index values): the downstream entries and their
    formulas, each partial of L by another quantity as the chain rule through them."""

    def __init__(self, formulas: _Formulas, model: Model, label: str, dims: list, case: dict, free,
                 jacobians: dict):
        self.formulas, self.model, self.label, self.jacobians = formulas, model, label, jacobians
        self.sizes = {k: v for k, v in case.items() if k not in free}
        tops = [_by_name(sp.sympify(d), self.sizes) for d in dims]
        if any(not t.is_Integer for t in tops):
            raise _Outside("a size of the downstream quantity is not known here")
        if any(t < 1 for t in tops):     # n < k: a layer with no outputs, no case of the document
            raise _Empty()
        self.entries = list(itertools.product(*(range(1, int(t) + 1) for t in tops)))
        if len(self.entries) > MAX_ENTRIES:
            raise _Outside("too many entries")

    def upstream(self, at: tuple):
        return _entry(self.label, tuple(sp.Integer(a) for a in at))

    def through(self, x, variable: str):
        """``\\partial L/\\partial x`` for the unknown ``x`` of the family of ``variable``: the
        sum over the downstream entries of their upstream partial times their derivative."""
        at = tuple(x.indices) if isinstance(x, sp.Indexed) else ()
        if self.jacobians:   # D = A(V) with no formula: its Jacobian entries stay unknowns
            return sp.Add(*[self.upstream(k) * _entry(self.jacobians[variable], tuple(sp.Integer(a) for a in k))
                            for k in self.entries])
        defined = _definition(self.formulas.ctx, variable) is not None
        terms = []
        for k in self.entries:
            f = self.formulas.at(self.model.downstream, variable, k, self.sizes)
            var = _variable_in(f, variable, at)
            if var is None:
                continue
            inner = _at_points(sp.diff(f, var))
            if defined:   # Z_{mn} = h(Y_{mn}): h'(Y_{ij}) with Y's own formula
                inner = inner.xreplace({y: self.formulas.at(variable, None, tuple(int(i) for i in y.indices)
                                                            if isinstance(y, sp.Indexed) else (), self.sizes)
                                        for y in _entries_of(inner, variable)})
            terms.append(self.upstream(k) * inner)
        if not terms and _written_with(self.formulas.symbolic(self.model.downstream, variable)[1], variable):
            # y_i = \gamma \hat x_i + \beta at one entry (m = 1: \hat x_1 = 0): made of \gamma (of
            # every x_j), whose terms cancel at this size; the chain rule gives 0, not a world the
            # step leaves (the step's entries were checked inside their shapes before)
            return sp.S.Zero
        if not terms:   # an entry the downstream quantity is not made of here: outside this world
            raise _Outside(f"{x} is not an entry the downstream quantity is made of")
        return sp.Add(*terms)


def _entries_of(e, variable: str) -> set:
    if not hasattr(e, "atoms"):
        return set()
    out = {x for x in e.atoms(sp.Indexed) if str(x.base.label) == variable}
    return out | {s for s in e.atoms(sp.Symbol) if s.name == variable}


def _at_points(e):
    """``Derivative(h(Y[1, 1]), Y[1, 1])`` as h' at the point Y[1, 1] (``Subs``), so that the
    point can take Y's formula; a derivative by an entry of anything else is not modelled."""
    def point(d):
        if len(d.variable_count) != 1 or not isinstance(d.expr, AppliedUndef) or len(d.expr.args) != 1 \
                or d.expr.args[0] != d.variable_count[0][0]:
            raise _Outside("a derivative by an entry that is not a function's one argument")
        (v, n), = d.variable_count
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(d.expr.func(u), (u, n)), u, v)
    if not hasattr(e, "atoms"):
        return e
    found = [d for d in e.atoms(sp.Derivative) if any(not isinstance(v, sp.Symbol) for v in d.variables)]
    return e.xreplace({d: point(d) for d in found}) if found else e


class _Outside(Exception):
    """The case's world does not fit the step (an entry outside the shapes): no model."""


class _Empty(Exception):
    """Sizes at which a quantity of the world has no entries (n - k + 1 < 1): no such case."""


def _written_with(f, variable: str) -> bool:
    """Whether ``f`` (a formula at symbolic sizes) is written with ``variable`` or its entries."""
    return any(str(s.base.label) == variable for s in f.atoms(sp.Indexed)) \
        or any(s.name == variable for s in f.atoms(sp.Symbol))


def _variable_in(f, variable: str, at: tuple):
    """The symbol of ``variable`` (its entry at ``at``) as it occurs in ``f``; None if absent."""
    for s in f.atoms(sp.Indexed) if at else f.atoms(sp.Symbol):
        if at and str(s.base.label) == variable and tuple(s.indices) == at:
            return s
        if not at and s.name == variable:
            return s
    return None


@dataclass
class Modelled:
    lhs: object             # Matrix: one entry per case
    rhs: object
    cases: list             # the values of the sizes and free indices, in the entries' order
    free: tuple             # the free indices
    model: Model
    inside: bool = False    # every case keeps the step's entries inside the world's shapes and its
                            # sums over the world's sizes: a wrong is then a wrong of the model
    settled: tuple = ()     # the ranges said in the text that the world took (their formulas)
    undefined: int = 0      # cases left out because a side is undefined there (1/\\sigma at \\sigma = 0)


def _sum_ties(sides, world: _World, names: dict, text: str) -> list:
    """(a, b) for each sum of the step over 1..b whose letter runs over a dimension of size a,
    both bare names (\\sum_{i=1}^{m} g_i W_{ji}, W's columns n): checked where a = b."""
    out = []
    for e in sides:
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in node.limits:
                keys = _positions(node.function, v, names)
                if keys and lo == 1 and isinstance(hi, sp.Symbol) and hi.name != SIZE_NAME:
                    top = world.top(keys[0])
                    pair = _tied({top, hi}, text) if isinstance(top, sp.Symbol) and top.name != hi.name else None
                    if pair is not None and pair not in out:
                        out.append(pair)
    return out


def _tied(tops: set, text: str):
    """(a, b) when a free index runs over two sizes, each a bare name (``x_j`` beside ``W_{ji}``,
    W of m rows and x of n entries), and the text relates them by no inequality (``m > n``):
    the step is then an entry only where a = b, a size the document allows; else None."""
    if len(tops) != 2 or not all(isinstance(t, sp.Symbol) for t in tops):
        return None
    a, b = sorted(tops, key=str)
    for x, y in ((a, b), (b, a)):
        u, v = (re.escape(str(t)) for t in (x, y))
        if re.search(rf"(?<![A-Za-z\\]){u}\s*(?:[<>]|\\n?eq?|\\[gl]eq?|\\[gl]t|\\neq)\s*{v}(?![A-Za-z])",
                     text or ""):
            return None
    return a, b


def model(ctx, location, before: tuple, text: str = "", ranges=None, where=()):
    """The step (its two sides as read and expanded, with free indices) under the chain-rule
    model, entry by entry over the world's sizes; None to keep the step as read. ``where``: the
    relations beside the step on its indices (``1 \\le j \\le m``, ``i \\neq j``): only the cases
    where each is true are checked; a relation a case does not settle keeps the step as read."""
    if not all(isinstance(e, sp.Expr) for e in before):
        return None                 # a vector or matrix read whole: its entries are not modelled
    found = _families(*before)
    if len(found) < 2 or any(v is None for v in found.values()):
        return None
    losses = {loss for loss, _ in found.values()}
    jacobians = {}
    if len(losses) >= 2 and not any(isinstance(x, sp.Indexed) for e in before for x in _unknowns(e)):
        return _scalar_graph(ctx, found, before)
    if len(losses) == 2:            # \partial a_i/\partial h_n beside \partial L/\partial a_i: a = A(h)
        got = _undefined_downstream(ctx, found, before)
        if got is None:
            return None
        loss, d, jacobians, rank = got
    elif len(losses) == 1:
        loss = next(iter(losses))
        variables = {v for _, v in found.values()}
        d = downstream(ctx, variables, location)
        if d is None:
            return None
        rank = len(_definition(ctx, d)[0])
    else:
        return None
    if _definition(ctx, loss) is not None or loss in ctx.functions:
        return None                 # a written loss: its partials are taken, not modelled
    upstream = _made_of(ctx, d, location)
    for v in {v for l, v in found.values() if l == loss and v != d}:
        # L "computed from u and r", r = sum h_k^2 made of h beside u: a quantity the document
        # makes of v without going through d, and not made of the loss (L = l + lambda W^2 is
        # no input of l), is another path from v to L that the model would miss
        if {q for q in _reached(ctx, v, d) - upstream if loss not in _made_of(ctx, q, location)}:
            return None
    names = {lb: (v if l == loss else d) for lb, (l, v) in found.items()}   # a Jacobian is shaped as D
    label = next(lb for lb, (l, v) in found.items() if l == loss and v == d)
    params = range(rank)
    world = _world(ctx, location, d, before, names, ranges)
    try:
        sides = [_sized(e, world, names) for e in before]
        for i, hi in _said_ranges(where, indices.free_indices(*sides)):
            # "for j = 1, ..., m" beside the step sizes j's dimension as a sum over j would,
            # where nothing else sizes it (a dimension sized otherwise keeps its size)
            for k in _positions(sp.Add(*sides), i, names):
                if not world.size.get(world.find(k)):
                    world.sized(k, hi)
        dims = [world.top((d, k)) for k in range(len(params))]
        free = sorted(indices.free_indices(*sides), key=str)
        # x_n beside a length n the world knows (a_i for i = 1, ..., n - 1): the last entry,
        # n a size, never an index enumerated apart from it
        lengths = {str(s) for got in world.size.values() for t in got for s in sp.sympify(t).free_symbols}
        free = [i for i in free if str(i) not in lengths]
        spans, equal = {}, []
        for i in free:
            keys = _positions(sp.Add(*sides), i, names)
            tops = {world.top(k) for k in keys}
            pair = _tied(tops, text)
            if pair is not None:    # x_j beside W_{ji}: checked where the two sizes agree
                equal.append(pair)
                tops = {pair[0]}
            if len(tops) != 1 or None in tops:
                return None         # an index the world gives no range, or two
            spans[i] = tops.pop()
        equal += _sum_ties(before, world, names, text)
        bodies = [_sized(b, world, names) for b in world.bodies]
    except _Outside:
        return None
    if any(t is None for t in dims):
        return None
    tops = [hi for e in (*sides, *bodies) for node in e.atoms(sp.Sum) for _, _, hi in node.limits]
    sizes = {s for e in (*tops, *dims, *spans.values()) for s in sp.sympify(e).free_symbols
             if isinstance(s, sp.Symbol) and s.name != SIZE_NAME}
    floors = ranges.floors(location, {str(x) for x in sizes}) if ranges is not None else {}
    cases = _cases(spans, sizes, floors)
    if cases and equal:
        cases = [c for c in cases if all(_by_name(a, c) == _by_name(b, c) for a, b in equal)]
    if cases and where:
        truth = [[_by_name(r, c) for r in where] for c in cases]
        if any(t not in (sp.true, sp.false) for row in truth for t in row):
            return None             # a letter of the condition the model's world does not give
        cases = [c for c, row in zip(cases, truth) if all(t == sp.true for t in row)]
    if not cases:
        return None
    others = {lb: v for lb, (l, v) in found.items() if l == loss and v != d}
    m = Model(loss, d, tuple(sorted(others.values())))
    out = ([], [])
    formulas = _Formulas(ctx, location, lambda e: _sized(e, world, names))
    inside = _sums_agree(before, world, names, dict((b, a) for a, b in equal))
    # every dimension the step indexes has a size the definitions or the text give: an entry
    # past an end at some sizes is then the step's own, and those cases are left out
    grounded = inside and all(world.size.get(world.find((names.get(str(x.base.label), str(x.base.label)), q)))
                              for e in before for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)
                              for q in range(len(x.indices)))
    try:
        kept, empty, undefined = [], 0, 0
        for case in cases:
            try:
                here = _Case(formulas, m, label, dims, case, set(free), jacobians)
            except _Empty:
                empty += 1
                continue
            entry = [formulas.settled(_by_name(e, case), here.sizes) for e in sides]
            if not all(_in_shapes(e, world, names, here.sizes) for e in entry):
                if grounded:    # an entry past the end at these sizes and indices: not a case
                    continue
                inside = False
            kept.append(case)
            swap = {}
            for e in entry:
                for x in _unknowns(e):
                    lb = str(x.base.label) if isinstance(x, sp.Indexed) else x.name
                    if (lb == label or lb in jacobians.values()) and isinstance(x, sp.Indexed) \
                            and tuple(int(i) for i in x.indices) not in here.entries:
                        raise _Outside(f"{x} is outside the downstream quantity's shape")
                    if lb in others and x not in swap:
                        swap[x] = here.through(x, others[lb])
            pair = [e.xreplace(swap) for e in entry]
            if any(getattr(e, "has", lambda *_: False)(sp.zoo, sp.nan) for e in pair):
                # a side undefined at these sizes (1 / \sigma with \sigma = 0 at m = 1): outside the
                # step's domain, as a point where a side is undefined is for the sampling: like a
                # size where a quantity has no entries, no case of the step
                kept.pop()
                empty += 1
                undefined += 1
                continue
            out[0].append(pair[0])
            out[1].append(pair[1])
    except _Outside:
        return None
    if not kept:
        return None
    tied = tuple(f"{HOLDS_ONLY}checked only where {b} = {a} (an index of the step runs over both): "
                 "the other sizes are not covered" for a, b in equal)
    if len(kept) + empty < len(cases) and grounded:
        tied += (f"{HOLDS_ONLY}checked only at the sizes and indices where every entry of the step is "
                 "inside its array",)
    cases = kept
    m = Model(m.loss, m.downstream, m.through, tuple(dict.fromkeys(formulas.hazards)) + tied,
              sizes="".join(f"; {n} checked from {f} to {f + 2} (the text: {n} \\ge {f})"
                            for n, f in sorted(floors.items()) if f > 1))
    settled = tuple(getattr(ranges, "used", ())) + tuple(f for f in getattr(ranges, "floored", ()))
    if cases == [{}]:       # no size, no free index: one scalar identity
        return Modelled(out[0][0], out[1][0], [], (), m, inside, settled)
    return Modelled(sp.Matrix(out[0]), sp.Matrix(out[1]), cases, tuple(free), m, inside, settled, undefined)


def _sums_agree(sides, world: _World, names: dict, equal=None) -> bool:
    """Every sum the step writes with bounds runs from 1 to the world's size of the dimension
    its letter indexes (\\sum_{i=1}^{D} over Y's rows, when nothing ties Y's rows to D, does
    not: the step may know a shape the world does not, W square)."""
    for e in sides:
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            for v, lo, hi in node.limits:
                keys = _positions(node.function, v, names)
                if not keys or getattr(hi, "name", None) == SIZE_NAME:
                    continue
                top = world.top(keys[0])
                if top is not None and equal:     # the sizes the enumeration keeps equal
                    top, hi = (sp.sympify(x).xreplace(equal) for x in (top, hi))
                if lo != 1 or top is None or str(top) != str(hi):
                    return False
    return True


def _in_shapes(e, world: _World, names: dict, sizes: dict) -> bool:
    """Every entry of an array in ``e`` (at one case) is inside its shape in the world."""
    for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed):
        label = str(x.base.label)
        for q, i in enumerate(x.indices):
            if not i.is_Integer:
                continue
            top = _by_name(sp.sympify(world.top((names.get(label, label), q))), sizes)
            if not getattr(top, "is_Integer", False) or not 1 <= int(i) <= int(top):
                return False
    return True


def through_model(ctx, *exprs):
    """The Model of the partials of an undefined loss that the context already takes by the
    chain rule through the scalar intermediates L is differentiated by (``context._through``:
    ``\\partial L/\\partial x`` with o = 3x), or None when the step has none."""
    loss, through, via = set(), set(), set()
    for e in exprs:
        for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
            if not isinstance(d.expr, sp.Symbol) or not ctx._undefined(d.expr):
                continue
            got = ctx._through(d)
            if got is None:
                continue
            loss.add(d.expr.name)
            through.add(d.variable_count[0][0].name)
            via |= {family(s.name)[1] for s in got.free_symbols if isinstance(s, sp.Symbol)
                    and s.name.startswith("\\partial ") and family(s.name)}
    if len(loss) != 1 or not via:
        return None
    return Model(loss.pop(), ", ".join(sorted(via)), tuple(sorted(through)))


def _unknowns(e) -> set:
    """The partials read as unknowns in ``e``: entries of an unknown array, or symbols."""
    out = {x for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)
           if str(x.base.label).startswith("\\partial ")}
    labels = {x.base.label for x in out}     # an entry's free symbols hold its array's label
    out |= {s for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)
            and s.name.startswith("\\partial ") and s not in labels}
    return out


def without_partials(hazards) -> tuple:
    """The hazards less the one the model settles (partials read as unknowns)."""
    return tuple(h for h in hazards if not h.startswith(PARTIALS))
