"""What a document has said so far: its definitions, its unknowns, the names it has used.

A document defines as it goes (``\\sigma(z) = \\frac{1}{1+e^{-z}}``, ``z = x_1 - x_2``,
``Y_{mn} = \\sum_p X_{mp} W_{np}``) and later steps mean those definitions. The context
records them in document order; a later definition of the same name replaces the earlier
one (each question of a solution set redefines its own ``L`` and ``\\Phi``). Steps are read
by the reader with the names as written and rewritten here: defined names are replaced by
their definitions, derivatives are then taken.

Everything here errs towards *not* reporting a step wrong. ``hazards`` lists what, in the
reading of a step, a person could mean otherwise (a name defined in another question, a
derivative of a name whose dependence is unknown, an opaque construct); a step with a
hazard is never reported ``wrong`` (see ``plan``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef

from ..reading import indices
from ..planning import probability
from ..arrays import vecfun, vecops
from ..reading.labels import declared_entry
from .leaves import ReadLeaves, letter
from ..reading.notation import NotRead
from ..reading.read import Reading


DEPENDS = "read as independent: "   # the hazard that makes a holds as doubtful as a wrong
PARTIALS = "partials read as unknowns: "   # wrong may rest on the chain rule; holds stands


_INSIDE = "\0derivative"    # in `keep`: rewriting the operand of a derivative
_TAKEN = "\0taken"          # in `keep`: rewriting the result of a derivative


def _is_number(d) -> bool:
    """A definition that gives a number (``s = 3.3``), not a formula."""
    return not d.params and not getattr(d.body, "free_symbols", True)


def one_symbol_per_name(exprs, integers=frozenset(), symbols=lambda e: e.free_symbols) -> list:
    """The expressions with one symbol per name among them: an integer one where any of the
    name's symbols is an integer or the name is in ``integers``, else a real one. ``symbols``
    says which symbols of an expression count (its free ones, or all its atoms)."""
    groups = {}
    for e in exprs:
        for s in (symbols(e) if hasattr(e, "free_symbols") else ()):
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
                groups.setdefault(s.name, set()).add(s)
    swap = {}
    for name, group in groups.items():
        if len(group) > 1 or (name in integers and not next(iter(group)).is_integer):
            integer = name in integers or any(g.is_integer for g in group)
            target = sp.Symbol(name, integer=True) if integer else sp.Symbol(name, real=True)
            swap.update({g: target for g in group if g != target})
    if not swap:
        return list(exprs)
    return [e.xreplace(swap) if hasattr(e, "xreplace") else e for e in exprs]


def _index_inside_whole(body, params):
    """The name of a value of ``body`` read whole that has one of ``params`` inside its subscripts
    (``\\mathbf q^\\top \\mathbf k_j`` in ``s_j = \\mathbf q^\\top \\mathbf k_j / \\sqrt d``), or None.
    Such a definition is not used: substituting l for j cannot reach inside the whole, so s_l would
    be read with k_j, and under \\sum_j every s_j would be one value (a false holds)."""
    letters = {str(p) for p in params if isinstance(p, sp.Symbol)}
    if not letters or not hasattr(body, "free_symbols"):
        return None
    for s in body.free_symbols:
        if isinstance(s, sp.Symbol) and s.name not in letters and any(
                re.search(r"_\{?[^{}]*?(?<![A-Za-z\\])" + re.escape(x) + r"(?![A-Za-z])", s.name) for x in letters):
            return s.name
    return None


def _fresh_bound(body, avoid: set):
    """The body with every sum index renamed away from ``avoid`` (the indices it is about to
    receive), so that substituting ``m -> p`` cannot be captured by a ``\\sum_p``. Only the
    sum's own index is renamed: a free i beside ``\\sum_i`` (``p(1-p) x_i`` with ``p`` made of
    ``\\sum_i w_i x_i``) keeps its name."""
    names = {s.name for s in avoid if isinstance(s, sp.Symbol)}
    taken = names | {s.name for s in body.atoms(sp.Symbol)} if hasattr(body, "atoms") else names

    def rename(node):
        swap = {}
        for v, *_ in node.limits:
            if v.name in names:
                new = v.name + "'"
                while new in taken:
                    new += "'"
                swap[v] = sp.Symbol(new, integer=True)
        limits = []
        for k, (v, *rest) in enumerate(node.limits):
            # \sum_{i} \sum_{j=1}^{i}, merged into one Sum: an inner bound names an outer index
            outer = {w: swap[w] for w, *_ in node.limits[k + 1:] if w in swap}
            limits.append((swap.get(v, v), *(sp.sympify(r).xreplace(outer) for r in rest)))
        return node.func(node.function.xreplace(swap), *limits)

    if not hasattr(body, "replace"):
        return body
    return body.replace(lambda e: isinstance(e, (sp.Sum, sp.Product))
                        and any(v.name in names for v, *_ in e.limits), rename)


def names_in(e) -> set:
    """Names of the free symbols (a sum's own index is not one) and array bases."""
    names = {s.name for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)}
    return names | {str(x.base.label) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}


def _mentions(form: str, name: str) -> bool:
    """Whether the written form a(\\mathbf{x}, \\theta) names ``name`` (x_1, \\mathbf{x},
    \\theta): as a whole word, never inside a command (b of \\mathbf)."""
    core = re.sub(r"^\\[A-Za-z]+\{(.*)\}$", r"\1", re.sub(r"_.*$", "", name.replace(" ", "")))
    pattern = r"(?<![A-Za-z\\])(?:%s|%s)(?![A-Za-z])"
    return bool(core) and re.search(pattern % (re.escape(name.replace(" ", "")), re.escape(core)),
                                    form.replace(" ", "")) is not None


def _name(e) -> str:
    if isinstance(e, sp.Indexed):
        return str(e.base.label)
    return getattr(e, "name", str(e))


class SetElsewhere(str):
    """The doubt "N is set to 1 in Q1.5, read here as any value", with the name and the number:
    a wrong that is wrong at the number too does not rest on it (plan.Planner._at_set_values)."""
    def __new__(cls, text: str, name, value):
        out = super().__new__(cls, text)
        out.name, out.value = name, value
        return out

    def __reduce__(self):
        return (SetElsewhere, (str(self), self.name, self.value))


@dataclass(frozen=True)
class ReadConstant:
    """A datum read as a constant in a derivative, shown with the step's reading among the facts
    it used (``probability.Facts.take``); it carries no mean or variance of a distribution."""
    datum: object
    mean = None
    var = None

    def shown(self) -> str:
        return f"{self.datum.name} read as constant ({self.datum.why}, line {self.datum.line})"


@dataclass(frozen=True)
class Definition:
    name: str
    params: tuple            # Symbols for a function definition, () for a value
    body: sp.Expr
    location: str | None
    line: int
    updated: bool = False     # the value at the end of an update chain (w = w - eta g = 0.943)
    decimal: int = 0          # decimal places it is written with (h = 0.731: 3): possibly rounded
    prose: bool = False       # stated in the prose's inline math ("here $n = 1$")
    doubtful: bool = False    # a formula that disagreed with the name's earlier definition
    section: tuple | None = None   # made in the preamble of this section (locate.scopes): shared
    case: str = ""            # a new case the prose opens ("for regression"): the formula of that case
    earlier: object = None    # with ``case``: the Definition it replaced (the formula before the case)
    part_only: bool = False   # said in a paragraph that limits it to its part ("Suppose $t = 0$ in this part")
    computed: bool = False    # a number worked out in the display (y = 1 \cdot 0 + 0.5 = 0.5): a quantity at the point

    def question(self) -> str:
        return question_of(self.location)


def question_of(location: str | None) -> str:
    """The top-level question of a location label: ``Q4`` of ``Q4.3``, ``1`` of ``1(b)``,
    ``Problem 2`` of ``Problem 2.1(a)``."""
    head = question_label(location)
    # "Question 1" and its part "1(c)" (or "Q1" and "1b") are one question: the number alone
    # is the key where the label is a question word and a number (locate writes parts as 1(c))
    m = _NUMBERED.match(head)
    return m.group(1) if m else head


def question_label(location: str | None) -> str:
    """The top-level question of a location as the document labels it (``Q4`` of ``Q4.3``,
    ``1`` of ``1(b)``): what a message shows; ``question_of`` is what is compared."""
    if not location:
        return ""
    return location.split("(")[0].split(".")[0].strip()


def is_statement(location: str | None) -> bool:
    """Whether a location is a question's own statement (``Q5``), not one of its parts (``Q5.1``,
    ``5(a)``)."""
    return bool(location) and question_label(location) == location.strip()


_NUMBERED = re.compile(r"^(?:Q|Qu|Question|Problem|Prob|Exercise|Ex|Task|Homework|HW)?\s*(\d+)[a-z]?$",
                       re.IGNORECASE)


@dataclass
class Context:
    values: dict = field(default_factory=dict)       # name -> Definition (params ())
    functions: dict = field(default_factory=dict)    # name -> Definition (params)
    seen: set = field(default_factory=set)           # names used so far in the document's math
    arrays_seen: set = field(default_factory=set)    # arrays used with an index so far (x of \sum_i x_i)
    unknowns: set = field(default_factory=set)       # names introduced by a condition
    lets: dict = field(default_factory=dict)         # name -> meaning, from `let` directives
    index: set = field(default_factory=set)          # letters declared as indices
    integers: set = field(default_factory=set)       # names declared integer, or sum limits
    opaque: set = field(default_factory=set)         # names of constructs read as one symbol
    valued: set = field(default_factory=set)         # names used as values in display steps
    general: dict = field(default_factory=dict)      # name -> the formula a part's number replaced
    squares: set = field(default_factory=set)        # names defined by their square (\\sigma of \\sigma^2 = ...)
    reading_at: str | None = None                    # the location of the side ``expand`` reads
    limits: dict = field(default_factory=dict)       # sum limit -> the question it ends a sum in
    here: str = ""                                   # the question being read
    kronecker: bool = False                          # indices.kronecker_only of the document
    delta_named: bool = False                        # indices.delta_named of the document
    counted: frozenset = frozenset()                 # entrywise.counted of the document
    section: tuple = ()                              # the plain sections it is in (locate.scopes)
    preamble: bool = False                           # no question in force where it is read
    indexed: dict = field(default_factory=dict)      # array name -> Definition of its entries
    partials: dict = field(default_factory=dict)     # undefined name -> names it is differentiated by
    dependent: set = field(default_factory=set)      # names the document differentiates (d s / d w)
    inputs: set = field(default_factory=set)         # variables of derivatives never differentiated
    text: str = ""                                   # the document (intermed.said_to_depend reads its words)
    quantities: frozenset = frozenset()              # NAME(args) read as one value (a(x, theta))
    differentiated_calls: frozenset = frozenset()    # g of \\partial g(a) / \\partial a, g(\\cdot): functions
    quantity_names: set = field(default_factory=set)  # their symbol / family names as read
    evidence: object = None                          # evidence.Evidence: values and functions said anywhere
    facts: object = None                             # probability.Facts: the distributions stated
    unread: dict = field(default_factory=dict)       # function -> line of a definition not recorded
    # entries of recursive arrays (h_t = tanh(w h_{t-1} + ...)) put in by their formula while a
    # step's sides were expanded: the planner compares them with the entries left as values
    recursive_put: set = field(default_factory=set)
    numbers_in: dict = field(default_factory=dict)   # question -> names its steps read as one number
    written: object = None                           # leaves.Written: what the document gives names
    vector_from: dict = field(default_factory=dict)  # (question, letter) -> line a definition on the vector x opened
    numbers_at: dict = field(default_factory=dict)   # (question, name) -> last line a step read it as one number
    line: int = 0                                    # the first line of the display being read
    ranged: frozenset = frozenset()                  # indices.ranged_letters of the document
    anew: dict = field(default_factory=dict)         # question -> names its prose declares in a space

    # -- what the reader is told -------------------------------------------------------
    def scope(self):
        from ..reading.read import Scope
        functions = frozenset(self.functions) | {n for n, m in self.lets.items() if m == "function"}
        # g of \\partial g(a) / \\partial a somewhere in the document: a function wherever it is
        # applied, unless the document gives it a value or uses it as one
        functions |= self.differentiated_calls - set(self.values) - self.valued - {"\\sigma"} \
            - {n for n, m in self.lets.items() if m != "function"}     # \\sigma: the sigmoid's
        # a value when the document gave it one or used it as one in a display; a name merely
        # seen bare in the prose ($\\Phi$) may still be a function, so NAME(...) stays ambiguous
        variables = (frozenset(self.values) | frozenset(self.valued)) - functions
        conflicts = ()
        if self.evidence is not None:   # what the whole document says of NAME(...) (evidence.py)
            functions, variables, conflicts = self.evidence.settle(functions, variables, self.here,
                                                                   self.lets.items())
        return Scope(functions=frozenset(functions), variables=variables, conflicts=conflicts,
                     lets=tuple(sorted(self.lets.items())), index=frozenset(self.index),
                     integers=frozenset(self.integers | self.limits_here()),
                     quantities=frozenset(self.quantities), kronecker=self.kronecker,
                     delta_named=self.delta_named, signatures=self._signatures(),
                     counted=self.counted, squares=frozenset(self.squares), ranged=self.ranged)

    def _signatures(self) -> tuple:
        """(name, parameters) of the functions defined on bare names (f(x), g(\\mathbf{x}))."""
        out = []
        for name, d in self.functions.items():
            # f(x, y) with y = x^2 said: a bare \partial f/\partial x would hold y fixed or not
            tied = len(d.params) > 1 and any(
                isinstance(p, sp.Symbol) and (v := self.values.get(p.name)) is not None
                and (v.question() == self.here or self.shared(v)) for p in d.params)
            if d.params and not tied and all(isinstance(p, (sp.Symbol, sp.IndexedBase)) for p in d.params):
                out.append((name, tuple(str(p.label) if isinstance(p, sp.IndexedBase) else p.name
                                        for p in d.params)))
        return tuple(sorted(out))

    def limits_here(self) -> set:
        """Sum limits are integers in the question where a sum ends at them (t of
        \\sum_{k=1}^t in Q1 says nothing about a t of Q2)."""
        return {n for n, q in self.limits.items() if q == self.here}

    def note(self, *readings: Reading) -> None:
        for r in readings:
            self.seen |= set(r.names) | set(r.applied)
            self.arrays_seen |= {str(x.base.label) for x in getattr(r.expr, "atoms", lambda *_: ())(sp.Indexed)}
            for n in r.sizes:                   # t in \\sum_{k=1}^t: an integer in this question
                self.limits[n] = self.here
            self.opaque |= set(r.opaque)
            numbers = _numbers(r.expr)
            self.numbers_in.setdefault(self.here, set()).update(numbers)
            self.numbers_at.update({(self.here, n): self.line for n in numbers})
            self.quantity_names |= set(getattr(r, "quantities", ()))

    # -- definitions ---------------------------------------------------------------------
    def define(self, name: str, params: tuple, body: sp.Expr, location, line, updated=False,
               decimal=0, prose=False, doubtful=False, case="", earlier=None, part_only=False,
               computed=False) -> Definition | None:
        if params and statistic_name(name) and not self.writes_any(body, params):
            # \mathrm{Var}(x_i) = v states a fact about x_i; it does not make Var the constant v
            # (Var(w_i x_i) would be v too). Var(X) = E[X^2] - E[X]^2 is a formula: kept.
            return None
        if not params and name.startswith(probability.VARIANCE + "["):
            # \mathrm{Var}(w) = 1/n "needed" in one part and 2/n chosen in the next: a variance is
            # its law's (probability.py), what the text says of it is no value of its own
            return None
        body = _at_composites(params, vecfun.same_quantities(params, body))
        if body is None:   # L(f(x)) = x f(x): not a formula in f(x) alone; L is not known,
            self.unread[name] = line     # but not arbitrary either (a hazard where it is used)
            self.functions.pop(name, None)
            return None
        self.unread.pop(name, None)
        current = self.defined(name)
        if part_only and earlier is None:
            earlier = current                 # what the name means again after the part
        if not params and not getattr(body, "free_symbols", True) and location and not is_statement(location) \
                and current is not None and not current.params and getattr(current.body, "free_symbols", None):
            # "(a) For x = (1, 2, 3, 6): \mu = 3" replaces the general \mu = \frac1m \sum_i x_i for
            # that part's numbers; another part reads the formula again (_other_part)
            self.general[name] = current
        d = Definition(name, tuple(params), body, location, line, updated, decimal, prose, doubtful,
                       self.section if self.preamble else None, case, earlier, part_only, computed)
        self._vector_from_here(params, body, line)
        (self.functions if params else self.values)[name] = d
        (self.values if params else self.functions).pop(name, None)
        return d

    def writes_any(self, body, params) -> bool:
        """Whether a formula writes one of ``params``, itself or through the definitions it uses."""
        return any(_writes_any(b, params) for b in [body] + [d.body for d in self.used(body)])

    def leave_parts(self, location) -> None:
        """Definitions said for one part only ("Suppose $t = 0$ in this part. Then $L = o^2$") end
        where another location begins: the name means what it meant before (L = (o - t)^2), or
        nothing (t is free again)."""
        for table in (self.values, self.functions):
            for name, d in list(table.items()):
                if d.part_only and d.location != location and not within_part(location, d.location):
                    table.pop(name)
                    if d.earlier is not None:
                        (self.functions if d.earlier.params else self.values)[name] = d.earlier

    def used(self, *exprs) -> list:
        """The definitions an expression uses, directly or through other definitions."""
        out, todo, seen = [], list(exprs), set()
        while todo:
            e = todo.pop()
            names = {s.name for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol)}
            names |= {f.func.__name__ for f in e.atoms(AppliedUndef)} if hasattr(e, "atoms") else set()
            for n in names - seen:
                seen.add(n)
                d = self.defined(n)
                if d is not None:
                    out.append(d)
                    todo.append(d.body)
        return out

    def forget(self, name: str, meaning: bool = False) -> None:
        """An update rule ``w = w - \\eta g``: the name no longer has its old value. With
        ``meaning``, the prose introduced the name anew ("Let L be the loss ..."): none of its
        definitions stands (value, function, entries)."""
        self.values.pop(name, None)
        if meaning:
            self.functions.pop(name, None)
            self.indexed.pop(name, None)
            self.unread.pop(name, None)

    def defined(self, name: str) -> Definition | None:
        return self.values.get(name) or self.functions.get(name)

    # -- rewriting a side ------------------------------------------------------------------
    def expand(self, expr: sp.Expr, location=None, keep=frozenset()) -> tuple:
        """(expr with definitions replaced and derivatives taken, hazards). A hazard is a
        one-line reason why a certain ``wrong`` would not be certain for this reading.
        ``keep``: names left as they are (the numbers the prose gives, for the general reading)."""
        if isinstance(expr, vecfun.Shifted):   # L(x + a 1): L at x, then every x_k moved by a
            inner, hazards = self.expand(expr.args[0], location, keep)
            return vecfun.apply_shift(inner, expr.args[1], expr.args[2]), hazards
        here = question_of(location) if location is not None else None
        self.reading_at = location
        self._vector_and_number(expr)
        hazards = []
        bodies = [d.body for table in (self.indexed, self.values, self.functions) for d in table.values()]
        arrays = indices.ranks(expr, *bodies)       # z_i is z[i] where a definition has z[k]
        arrays.update({n: len(d.params) for n, d in self.indexed.items()})
        expr = indices.tie(expr, arrays)
        out = probability.evaluate(self, expr, location, hazards,    # densities, E_q[...], KL
                                   lambda e: self._rewrite(e, frozenset(keep), hazards, here))
        out = vecfun.softmax_size(out, self)      # S(x)_c over the K of S's own entry formula
        whole_vector_left(out)
        arrays = {**indices.ranks(out), **arrays}     # arrays a definition brought in (z of z[k])
        out = self._unify(indices.tie(out, arrays))
        self._two_meanings([expr, *(d.body for d in self.used(expr))], hazards)
        # p(1-p) x_i with p made of \sum_i w_i x_i: the sum's i renamed, so that putting i = 2
        # into the step (indices.enumerated) cannot reach inside the sum
        out = _fresh_bound(out, getattr(out, "free_symbols", set()))
        if hasattr(out, "has") and out.has(sp.Subs):   # sigma'(2z): the derivative taken at 2z
            out = out.replace(lambda e: isinstance(e, sp.Subs), lambda e: e.doit())
        # n = 1 set in another question, n an entry's index here (h_n, \delta_{ni}): a letter
        # reused as an index is not that number
        hazards = vecops.not_indices(hazards, expr, out)
        return out, list(dict.fromkeys(hazards))

    def _two_meanings(self, exprs, hazards) -> None:
        """``s_o`` defined on its own (``s_o = u_o^T v_c``, the outside word's score) yet read as
        the entry o of the array s that ``s_k = u_k^T v_c`` defines (``\\sum_k s_k`` beside it
        makes s an array): the reading lets o run over the k's range, which the text may not
        mean. ``n_i = x_i / r`` defines the value n_i and the array n at once: one meaning."""
        entries = {(str(x.base.label), tuple(str(i) for i in x.indices))
                   for e in exprs for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
        for name, d in self.values.items():
            got = indices.entry_letters(name)
            if got is None or (got[0], tuple(got[1])) not in entries:
                continue
            array = self.indexed.get(got[0])
            if array is not None and tuple(str(p) for p in array.params) != tuple(got[1]):
                hazards.append(f"{name} is defined on its own (line {d.line}) and read as the entry "
                               f"{got[1]} of {got[0]}, whose entries line {array.line} defines")

    def _vector_and_number(self, expr) -> None:
        """h(x) read as a function of the vector x (beside x_j) in a question that also uses x as
        one number (x^2 in an earlier step, x \\in \\mathbb{R} or x = 2 anywhere in it): two
        meanings of x, refused as the reader refuses them within one side."""
        numbers = self.numbers_in.get(self.here, set())
        for f in getattr(expr, "atoms", lambda *_: ())(AppliedUndef):
            for a in f.args:
                x = str(a.label) if isinstance(a, sp.IndexedBase) else None
                if x is not None and (x in numbers or self._said_number(x)):
                    raise NotRead(f"{x} is used both as a vector ({x}_i) and as a value")

    def _said_number(self, name: str) -> bool:
        """Whether the question's text says ``name`` is one number (x \\in \\mathbb{R}, x = 2), after
        the line where a definition on the vector opened its vector reading (``_vector_from_here``)."""
        if self.evidence is None or not hasattr(self.evidence, "about"):
            return False
        since = self.vector_from.get((self.here, name), 0)
        return any(c.question == self.here and c.value and c.kind in ("set", "number") and c.line >= since
                   for c in self.evidence.about(name, self.here))

    def _vector_from_here(self, params, body, line) -> None:
        """A function defined on a vector (h(\\mathbf{x}) = \\sum_k e^{x_k}) after the text declares
        the vector (\\mathbf{x} \\in \\mathbb{R}^n) opens the vector reading of its letter from that
        declaration on: values x of the question's steps before it (the softplus of a real x) were
        another reading, and no longer make h(x) ambiguous. A value x after it, in steps or said in
        words, does; so does one with no vector declaration between (e^x >= 1 + x, then
        g(x) = \\sum_k x_k^2: which x is h applied to?)."""
        for letter, names in vecfun.vector_letters(params, body).items():
            declared = [c.line for n in names for c in self._clues(n) if c.kind == "vector" and c.line <= line]
            last = self.numbers_at.get((self.here, letter), 0)
            if not declared or max(declared) <= last:
                continue     # no vector said since x was a number (e^x >= 1 + x, then g(x) = sum x_k^2)
            self.numbers_in.get(self.here, set()).discard(letter)
            self.vector_from[(self.here, letter)] = max(declared)

    def _clues(self, name: str) -> list:
        """What the text says of ``name`` in the question being read (evidence.py)."""
        if self.evidence is None or not hasattr(self.evidence, "about"):
            return []
        return [c for c in self.evidence.about(name, self.here) if c.question == self.here]

    def _unify(self, expr):
        """One symbol per name: a definition read while t was real, used where t is a sum
        limit, must not leave two different t's in one expression."""
        if not hasattr(expr, "free_symbols"):
            return expr
        return one_symbol_per_name([expr], self.integers | self.limits_here())[0]

    def _rewrite(self, e, keep, hazards, here):
        """Definitions replaced from the leaves up, each as it reads when it is used (a name
        being replaced is kept inside its own definition, so no cycle can recur). Inside ``d/dx`` the name x keeps its name
        (``\\partial L / \\partial z`` with ``z = x_1 - x_2`` defined differentiates by z), and
        the derivative is taken once its operand is rewritten."""
        if isinstance(e, (sp.Derivative, sp.Subs)) and _TAKEN in keep:
            # d/dx f(x) of an abstract f stays a derivative: taken once, not again; the point it is
            # taken at (f'(x_1 x_2)) reads its names' values as the factors beside it do
            if isinstance(e, sp.Subs):
                point = tuple(self._rewrite(p, keep, hazards, here) for p in e.point)
                return e if point == tuple(e.point) else sp.Subs(e.expr, e.variables, point)
            return e
        if isinstance(e, sp.Derivative) and self._undefined(e.expr):
            got = self._partial(e, hazards)   # through o = sigma(z): sigma'(z) read with z's formula too
            if isinstance(got, sp.Symbol) and got.name in self.values:   # "\partial L/\partial o = 5" given
                return self._rewrite(got, keep, hazards, here)
            return got if got.is_Atom or isinstance(got, sp.Indexed) else self._rewrite(got, keep | {_TAKEN}, hazards, here)
        if isinstance(e, sp.Subs):   # h'(Y_{mi}): the point rewritten; a Subs made inside the
            bound = {v.name for v in e.variables if isinstance(v, sp.Symbol)}   # E|_{x=0}: x is E's own
            inner = self._rewrite(e.expr, keep | bound, hazards, here)   # Subs would merge with it and lose the point
            inner = e.expr if isinstance(inner, sp.Subs) else inner
            return sp.Subs(inner, e.variables, tuple(self._rewrite(p, keep, hazards, here) for p in e.point))
        at = self._derivative_at(e)
        if at is not None:   # f'(z) with z = x^2 defined: f' at the point x^2
            return at.func(at.expr, at.variables, (self._rewrite(at.point[0], keep, hazards, here),))
        if isinstance(e, sp.Derivative):
            wrt = [v for v, _ in e.variable_count]
            outer = keep
            keep = keep | {v.name for v in wrt if isinstance(v, sp.Symbol)} | {_INSIDE} \
                | {str(v.base.label) for v in wrt if isinstance(v, sp.Indexed)}   # Z_{mn} by Y_{ij}: Y stays
            from .intermed import held as _held
            held = _held(self, e, hazards)   # J = f(s, t_k) by s: t_k held (intermed.py)
            keep = keep | held
            inner = self._rewrite(e.expr, keep, hazards, here)
            whole_vector_left(inner)    # d h(x) / d x_j of an h no definition replaced
            self._by_quantity(wrt, inner)
            # L = \\sum_j x_j^2 by x_j: the sum's own j is not the entry's j
            inner = _fresh_bound(inner, set().union(*(getattr(v, "free_symbols", set()) for v in wrt)))
            labels = {i.base.label for i in inner.atoms(sp.Indexed)}
            constants = {n for n, meaning in self.lets.items() if meaning == "symbol"}
            loose = {s.name for s in inner.free_symbols - set(wrt) - labels
                     if isinstance(s, sp.Symbol) and not s.is_integer and s.name not in constants
                     and not declared_entry(s.name, self.lets.items())   # h_2^{(1)} of let \mathbf{h}^1 = symbol
                     and not self._is_input(s.name)
                     and (s.name not in self.values
                          or (_is_number(self.values[s.name])
                              and (s.name.replace(" ", "") in self.dependent or self.values[s.name].computed)))}
            wrt_bases = {str(v.base.label) for v in wrt if isinstance(v, sp.Indexed)}
            # f(x, theta) beside d/da: f = g(a) in words? h(Y_{mn}) by Y_{ij} is applied to an
            # entry of the array itself: it depends on it through its argument, which d/dY_{ij} sees
            loose |= {f"{f.func.__name__}(...)" for f in inner.atoms(AppliedUndef)
                      if not (f.free_symbols & set(wrt))
                      and not any(str(x.base.label) in wrt_bases for x in f.atoms(sp.Indexed))}
            layer = {str(x.base.label) for d in self.indexed.values() for x in d.body.atoms(sp.Indexed)}
            loose |= {f"{x.base.label}[...]" for x in inner.atoms(sp.Indexed)
                      if str(x.base.label) not in self.indexed and str(x.base.label) not in wrt_bases
                      and not self._is_input(str(x.base.label))
                      and not declared_entry(str(x.base.label), self.lets.items())
                      and not (str(x.base.label) in layer and not self._differentiated(str(x.base.label)))}
            # p_i = softmax(z)_i said in words may depend on z; the arrays an entry formula is made of
            # (X, W, B of Y_{mn} = sum_p X_{mp} W_{np} + B_{mn}) are the layer's operands, independent
            loose = {n for n in loose if n.removesuffix("[...]") not in held}   # held by the convention
            loose = self.not_data(loose)   # y of "a training example (x, y)": data, independent
            leaves = self._leaves(loose)     # x, b_2 of z = w_1 x + b_1, ...: the graph's inputs
            loose -= set(leaves)
            if loose:   # a name said in words may depend on x: read as independent of it
                hazards.append(f"{DEPENDS}{', '.join(sorted(loose))} may depend on "
                               f"{', '.join(sorted(str(v) for v in wrt))}")
            if leaves:   # a holds stands with them read as inputs; a wrong may rest on that reading
                read = ReadLeaves(tuple(sorted(leaves)), ", ".join(sorted(str(v) for v in wrt)),
                                  tuple(sorted(set().union(*leaves.values()))))
                hazards.append(read.shown())
                if self.facts is not None:
                    self.facts.used.append(read)
            # the result is read again outside the derivative: d/dw_2 of L, with w_2 = -1.2 given,
            # is a number once w_2 takes its value
            taken = self._at_values(sp.diff(inner, *e.variable_count), outer, hazards, here)
            return self._rewrite(taken, outer | {_TAKEN}, hazards, here)
        if isinstance(e, sp.Symbol):
            d = self.values.get(e.name)
            if d is None or e.name in keep or (_INSIDE in keep and _is_number(d)) or self._declared_anew(d, here):
                return e    # s = 3.3 is s at one point: inside d/dw it stays s, taken after
            general = self.general.get(e.name)
            if _is_number(d) and general is not None and self._other_part(d) \
                    and (d.question() == here and general.question() == here or self.shared(general)):
                # a part's number for the formula: another part reads the formula (in another
                # question too, where the formula was given in a preamble it is under)
                d = general
            elif _is_number(d) and here is not None and d.location is not None and not self.shared(d) \
                    and (d.question() != here or self._other_part(d) and self._a_size(e)):
                # N = 1 set for another question: this one may well mean any N. Read as any
                # value, a holds holds whatever the document means; a wrong may rest on the number
                hazards.append(SetElsewhere(f"{d.name} is set to {sp.sstr(d.body)} in {d.location or 'an earlier part'} "
                                            f"(line {d.line}), read here as any value", e, d.body))
                return e
            self._note_use(d, hazards, here)
            if d.updated:
                hazards.append(f"{d.name} is used with the value an update gave it (line {d.line}); "
                               "the document may mean an earlier value")
            return self._rewrite(d.body, keep | {e.name}, hazards, here)
        if isinstance(e, AppliedUndef):
            args = [self._rewrite(a, keep, hazards, here) for a in e.args]
            d = self.functions.get(e.func.__name__)
            if d is None and e.func.__name__ in self.unread:
                hazards.append(f"{e.func.__name__} is defined at line {self.unread[e.func.__name__]} by a "
                               "formula not read as a function of its arguments")
            if d is None or len(d.params) != len(args) or e.func.__name__ in keep:
                return e.func(*args)
            self._note_use(d, hazards, here)
            args = vecfun.as_vectors(d, args, keep)    # L(x) of L defined on the vector x: that vector
            self._vector_and_number(e.func(*args))
            # g(t) = \log h(t) at the vector x: t passed on whole, so h is applied to the vector
            d = vecfun.passed_on(d, args)
            d, args = vecops.entries_put_in(d, args, self, hazards)   # rev(\mathbf{v})_i of rev(\mathbf{k})_i
            own = {p.name for p in d.params if isinstance(p, sp.Symbol)}   # g(w) = (w-3)^2: not the prose's w
            own |= {str(p.label) for p in d.params if isinstance(p, sp.IndexedBase)}
            body = self._rewrite(d.body, keep | {e.func.__name__} | own, hazards, here)
            return body.xreplace(at_arguments(d, args))
        if isinstance(e, sp.Indexed) and str(e.base.label) in self.indexed \
                and str(e.base.label) not in keep:
            d = self.indexed[str(e.base.label)]
            if len(d.params) == len(e.indices) and _index_inside_whole(d.body, d.params) is None \
                    and not self._declared_anew(d, here):
                self._note_use(d, hazards, here)
                if any(str(x.base.label) == str(e.base.label) for x in d.body.atoms(sp.Indexed)):
                    self.recursive_put.add(e)      # its own earlier entries stay values inside it
                body = _fresh_bound(d.body, set().union(*(getattr(i, "free_symbols", set()) for i in e.indices)))
                body = body.xreplace(dict(zip(d.params, e.indices)))
                return self._rewrite(body, keep | {str(e.base.label)}, hazards, here)
        if not e.args or isinstance(e, (sp.Indexed, sp.IndexedBase, sp.MatrixSymbol)):
            return e
        if isinstance(e, (sp.Sum, sp.Product)):   # a bound index is the sum's own, never a defined name
            inner = keep | {v.name for v, *_ in e.limits}
            body = self._rewrite(e.function, inner, hazards, here)
            limits = [(v, self._rewrite(lo, keep, hazards, here), self._rewrite(hi, keep, hazards, here))
                      for v, lo, hi in e.limits]
            return e.func(body, *limits)
        args = [self._rewrite(a, keep, hazards, here) for a in e.args]
        return e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e

    def _at_values(self, taken, outer, hazards, here):
        """``\\partial L / \\partial o`` of an L no definition replaced, with ``o = x_1 x_2`` defined
        (right to left, facts.py): the derivative left by o, L'(o), is taken at o's value, as a
        point (``Subs``), so that the two sides of a chain rule speak of the same o."""
        if not hasattr(taken, "atoms"):
            return taken
        for d in taken.atoms(sp.Derivative):
            for v in {v for v, _ in d.variable_count if isinstance(v, sp.Symbol)}:
                value = self._rewrite(v, outer, hazards, here)
                if value != v and v not in getattr(value, "free_symbols", set()):
                    taken = taken.xreplace({d: d.subs(v, value)})
                    d = d.subs(v, value)
        return taken

    def _derivative_at(self, e):
        """``f'(z)`` (or ``\\partial f(z) / \\partial z``) of a function the document never
        defines, of one argument: the derivative of f at the point z,
        ``Subs(Derivative(f(u), u), u, z)``, so that a definition of z (``z = x^2``) is
        substituted into the point and not only into the variable. None for anything else."""
        if not isinstance(e, sp.Derivative) or not isinstance(e.expr, AppliedUndef):
            return None
        call = e.expr
        if len(call.args) != 1 or call.func.__name__ in self.functions or len(e.variable_count) != 1:
            return None
        (v, n), = e.variable_count
        if not isinstance(v, sp.Symbol) or call.args[0] != v:
            return None
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(call.func(u), (u, n)), u, v)

    def _by_quantity(self, wrt, inner) -> None:
        """d/d f(x) of an expression that f(x) was read in as one value. Not written in f(x)
        itself (L = (w x - y)^2 beside f(x) = w x), or written also in names f(x) is made of
        (its arguments, its definition's names), the derivative is no partial by an independent
        value: the chain through f is not read, so the step is not read (never 0)."""
        quantities = set(self.quantities) | self.quantity_names
        used = names_in(inner)
        for v in wrt:
            name = str(v.base.label) if isinstance(v, sp.Indexed) else getattr(v, "name", None)
            if name not in quantities:
                continue
            if name not in used:
                raise NotRead(f"derivative by {name} of an expression not written in {name} (it may "
                              f"depend on {name} through the names {name} is made of) is not read")
            made_of = self._made_of(name)
            clash = sorted(n for n in used - {name} if n in made_of or _mentions(name, n))
            if clash:
                raise NotRead(f"derivative by {name} of an expression also written in {', '.join(clash)}, "
                              f"which {name} depends on, is not read")

    def _made_of(self, name: str) -> set:
        """The names a quantity's own definition (a(x) = w x + b) is written in, through other
        definitions: the quantity depends on them."""
        out = set()
        d = self.values.get(name)
        if d is not None:
            body = self._rewrite(d.body, frozenset({_INSIDE, name}), [], None)
            out |= names_in(body) | names_in(d.body)
        f = self.functions.get(name.split("(", 1)[0])      # f(x) with f(t) = w t defined: w
        if f is not None:
            own = {p.name for p in f.params if isinstance(p, sp.Symbol)}
            body = self._rewrite(f.body, frozenset({_INSIDE, f.name}) | own, [], None)
            out |= (names_in(body) | names_in(f.body)) - own
        return out

    def _is_input(self, name: str) -> bool:
        """A name (or an array) the computation starts from: a variable of the document's
        derivatives that the document never differentiates (X of dL/dX_{ij}). Inputs are
        independent of each other. The names a definition is made of are not taken as inputs:
        a regulariser R said in words to be w_1^2 + w_2^2 depends on w_1."""
        base = lambda n: re.sub(r"_.*$", "", n.replace(" ", ""))
        if any(base(n) == base(name) for n in self.dependent):
            return False
        if name in self.opaque:
            return False
        return name.replace(" ", "") in self.inputs or any(base(n) == base(name) for n in self.inputs)

    def not_data(self, loose: set, random: tuple = ()) -> set:
        """The loose names the document does not declare as data (declared.py). Those it does are
        read as constants, and the step's reading says so (with the facts it used). ``random``:
        the declarations (by the start of their reason) that do not count here (under an
        expectation, a draw or a value from a finite set is a random variable, not a constant)."""
        data = getattr(self.evidence, "data", None)
        if data is None:
            return loose
        out = set()
        for name in loose:
            d = data.datum(name, self.here, self.evidence, self.dependent) if not name.endswith("(...)") else None
            if d is None or random and d.why.startswith(random):
                out.add(name)
            elif self.facts is not None:
                self.facts.used.append(ReadConstant(d))
        return out

    def _leaves(self, loose: set) -> dict:
        """The loose names that are leaves of the graph the document writes (``leaves``), each with
        the lines of the definitions it is an operand of: never defined, differentiated, applied
        or said in words to be computed, by the document's ``written`` scan, and not by what the
        context has met so far either (a condition's unknown, an opaque construct, a quantity)."""
        if self.written is None:
            return {}
        taken = set(self.values) | set(self.functions) | set(self.indexed) | set(self.unknowns) \
            | set(self.unread) | set(self.opaque) | set(self.quantity_names) | set(self.differentiated_calls)
        moved = {letter(n) for n in set(self.dependent) | set(self.partials)}
        out = {}
        for name in loose:
            base = name.removesuffix("[...]")
            if name.endswith("(...)") or base in taken or letter(base) in moved \
                    or self.written.why_not(base) is not None:
                continue
            lines = self._operand_of(base)
            if lines:
                out[name] = lines
        return out

    def _operand_of(self, name: str) -> set:
        """The lines of the formulae (not numbers) recorded so far that are written with ``name``,
        in the question being read or its section's preamble: L = (y - t)^2 of Q1 used in Q2
        ("the same L") makes no graph of Q2, whose y may well be its output."""
        out = set()
        for d in list(self.values.values()) + list(self.indexed.values()) + list(self.functions.values()):
            own = {getattr(p, "name", str(p)) for p in d.params}
            if (d.question() == self.here or self.shared(d)) and not _is_number(d) \
                    and name in names_in(d.body) - own:
                out.add(d.line)
        return out

    def _differentiated(self, base: str) -> bool:
        return any(re.sub(r"_.*$", "", n.replace(" ", "")) == base for n in self.dependent)

    def _undefined(self, e) -> bool:
        """A name the document never defines (``L``, the loss): its partials are unknowns."""
        if isinstance(e, sp.Symbol):
            return not e.is_integer and e.name not in self.values
        if isinstance(e, sp.Indexed):
            return str(e.base.label) not in self.values and str(e.base.label) not in self.indexed
        return False

    def note_partials(self, *exprs) -> None:
        """Which names an undefined name (the loss L) is differentiated by in the document."""
        for e in exprs:
            for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
                if isinstance(d.expr, sp.Symbol) and self._undefined(d.expr):
                    self.partials.setdefault(d.expr.name, set()).update(
                        v.name for v, _ in d.variable_count if isinstance(v, sp.Symbol))

    def _through(self, d: sp.Derivative):
        """The computational graph's chain rule for ``\\partial L / \\partial x`` of an undefined L:
        the sum over the intermediates o (names with a formula, that L is differentiated by in
        the document) of ``\\partial L / \\partial o`` times ``\\partial o / \\partial x``. None
        when L has no intermediate that depends on x."""
        if len(d.variable_count) != 1 or d.variable_count[0][1] != 1 or not isinstance(d.expr, sp.Symbol):
            return None
        x = d.variable_count[0][0]
        if not isinstance(x, sp.Symbol):
            return None
        via = sorted(o for o in self.partials.get(d.expr.name, ()) if o != x.name and o in self.values
                     and not _is_number(self.values[o]))
        inners = {o: self._rewrite(self.values[o].body, frozenset({_INSIDE, x.name}), [], None) for o in via}
        on = [o for o in via if x in getattr(inners[o], "free_symbols", ())]
        # a = sigma(z), z = w x: through a only (through z too would count the path twice)
        on = [o for o in on if not any(o in self._made_of(p) for p in on if p != o)]
        terms = [sp.Symbol(f"\\partial {d.expr.name}/\\partial {o}", real=True) * sp.diff(inners[o], x) for o in on]
        return sp.Add(*terms) if terms else None

    def _partial(self, d: sp.Derivative, hazards):
        """``\\partial L / \\partial Y_{mn}`` of an undefined L: one unknown per variable, an
        upstream gradient (an entry of an array when the variable is an entry), or the chain
        rule through the intermediates L is differentiated by. Steps that hold for every value
        of these unknowns hold; a wrong step with two different unknowns may rest on a
        relation between them (the chain rule through L) that the reading does not know
        (``plan`` makes that a hazard)."""
        chained = self._through(d)
        if chained is not None:
            return chained
        parts = []
        for v, n in d.variable_count:
            parts.append(f"\\partial {_name(v)}" + (f"^{n}" if n > 1 else ""))
        label = f"\\partial {_name(d.expr)}/" + " ".join(parts)
        # the entry differentiated is part of the unknown: \partial y_i / \partial x_n is one
        # unknown for each i (before, every y_i had the one unknown \partial y/\partial x_n)
        own = list(d.expr.indices) if isinstance(d.expr, sp.Indexed) else []
        idx = own + [i for v, _ in d.variable_count if isinstance(v, sp.Indexed) for i in v.indices]
        if idx and len(d.variable_count) == 1:
            return sp.IndexedBase(sp.Symbol(label, real=True))[tuple(idx)]
        return sp.Symbol(label + ("" if not idx else str(tuple(idx))), real=True)

    def shared(self, d: Definition) -> bool:
        """Made in the preamble of a section the step is in (a document's title, then its
        questions): every question of that section uses it as it stands."""
        return d.section is not None and self.section[:len(d.section)] == d.section

    def _other_part(self, d: Definition) -> bool:
        """Whether ``d`` was made in a part of a question (3(a), not its statement) and the step
        being read is in another part: "(a) For $x = (1, 2, 3, 6)$, so $m = 4$" sets numbers for
        that part's computation; part (c) derives in general (a holds stands read with any value,
        and a wrong there must not rest on another part's numbers)."""
        at = self.reading_at
        return bool(at) and bool(d.location) and not is_statement(d.location) \
            and " ".join(at.split()) != " ".join(d.location.split())

    def _a_size(self, x: sp.Symbol) -> bool:
        """Whether a question's statement sums up to ``x`` in a formula it defines (the m of
        \\mu = \\frac1m \\sum_{i=1}^m x_i): a size the general formulas leave open, which a part's
        example may fix (m = 4) for that part alone. Other numbers a part gives (g_1 = 0.2 of an
        optimiser run by hand) go on into the next parts, as the computation does."""
        made = list(self.general.values()) + [d for t in (self.values, self.indexed, self.functions)
                                              for d in t.values() if d.location is None or is_statement(d.location)]
        return any(s.name == x.name for d in made for node in getattr(d.body, "atoms", lambda *_: ())(sp.Sum)
                   for _, _, hi in node.limits for s in getattr(hi, "free_symbols", ()))

    def _declared_anew(self, d: Definition, here) -> bool:
        """Whether the question being read declares ``d``'s name in a space in its own words
        ("From $\\mathbf h \\in \\mathbb R^n$ a layer computes ...") while ``d`` was made in
        another question: a new quantity of this question, an input, not the other's formula."""
        return here is not None and d.location is not None and d.question() != here \
            and not self.shared(d) and _plain(d.name) in self.anew.get(here, ())

    def _note_use(self, d: Definition, hazards, here):
        if d.doubtful:
            hazards.append(f"{DEPENDS}{d.name} is used with the formula of line {d.line}, which disagreed "
                           "with its earlier definition")
        if here is not None and d.location is not None and d.question() != here and not self.shared(d) \
                and not vecops.notation(d):
            # a number set for one exercise ("at initialization x = 0") doubts a holds too
            prefix = DEPENDS if _is_number(d) else ""
            hazards.append(f"{prefix}{d.name} is used as defined in {d.location or 'an earlier part'} "
                           f"(line {d.line})")


_SUBSCRIPT = re.compile(r"[_^]\s*\{(?:[^{}]|\{[^{}]*\})*\}|[_^]\s*\\?\w+")   # J_{\text{neg}}: one brace level inside
# a decoration or typeface written without braces (\\hat y, \\boldsymbol\\theta, \\mathbf x) or around
# another one (\\hat{\\mathbf{y}}): a name as much as \\hat{y}
_MARK = (r"\\(?:hat|bar|tilde|widehat|widetilde|overline|underline|vec|dot|ddot|check|breve|mathbf|boldsymbol"
         r"|bm|pmb|mathit|mathcal|mathsf|mathrm)(?![A-Za-z])")
_LETTER = r"(?:\\[A-Za-z]+|[A-Za-z])"
_MARKED = rf"{_MARK}\s*(?:\{{\s*{_MARK}\s*(?:\{{\s*{_LETTER}\s*\}}|{_LETTER})\s*\}}|{_LETTER})"
_BARE = re.compile(r"\s*(?:\\[A-Za-z]+\s*\{\s*(?:\\[A-Za-z]+|[A-Za-z])\s*\}|" + _MARKED + r"|\\[A-Za-z]+|[A-Za-z]"
                   r"|\\(?:mathrm|text|textrm|operatorname)\s*\{\s*[A-Z][A-Za-z]{0,5}\s*\})[\s'*]*")


def _plain(name: str) -> str:
    """A name without its bold or arrow (\\mathbf{h} and h are one quantity)."""
    return re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*([^{}]*?)\s*\}", r"\1", re.sub(r"\s+", "", name))


def definition_shape(lhs: Reading, latex: str | None = None):
    """(name, params) when a left side is shaped like a definition: a bare name, or a name
    applied to distinct bare names (``L(p)``, ``h(x)``, ``\\sigma(z)``); None otherwise.
    With ``latex``, a bare name must be written as one (``w_3(1)`` reads as w_3, but is
    not written as a name)."""
    e = lhs.expr
    if isinstance(e, sp.Symbol):
        if latex is not None and not _BARE.fullmatch(_SUBSCRIPT.sub("", latex)) \
                and not (e.name.startswith("|") and re.fullmatch(r"\s*\|[^|]+\|\s*", latex)):   # |C|: a size (entrywise.py)
            return None
        return e.name, ()
    if isinstance(e, AppliedUndef) and e.args and all(isinstance(a, (sp.Symbol, sp.IndexedBase)) for a in e.args) \
            and len(set(e.args)) == len(e.args):   # h(x) of the vector x (an IndexedBase): build.whole
        return e.func.__name__, tuple(e.args)
    params = _composite_params(e)
    if params is not None:
        return e.func.__name__, params
    builtin = _builtin_call(e)
    if builtin is not None:
        return builtin
    return None


# Operators of random variables: \mathrm{Var}(x_i) = v states a fact about x_i, it does not
# define Var for every argument (which would make Var(w_i x_i) equal v as well).
_STATISTICS = {"Var", "Cov", "Corr", "Std", "Pr"}


def _writes_any(body, params) -> bool:
    """Whether the body writes a parameter, also inside an opaque name (X of \\mathbb{E}[X^2])."""
    names = [str(p.label) if isinstance(p, sp.IndexedBase) else str(p) for p in params]
    used = [str(s) for s in getattr(body, "free_symbols", ())]
    return any(re.search(r"(?<![A-Za-z\\])" + re.escape(n) + r"(?![A-Za-z])", u) for n in names for u in used)


_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}


def _label_kind(label: str) -> str:
    """The kind of a part's last label: roman (i), letter (a), number (2)."""
    m = re.search(r"\(?\s*([A-Za-z]+|\d+)\s*\)?\s*$", label or "")
    last = m.group(1).lower() if m else ""
    return "number" if last.isdigit() else "roman" if last in _ROMAN else "letter"


def within_part(location: str | None, part: str | None) -> bool:
    """A location inside the part (a)'s own sub-parts: (a)(i), or (i) after (a) where the
    labels are of another kind (roman under a letter)."""
    if location is None or part is None:
        return False
    if location.startswith(part):
        return True
    return question_of(location) == question_of(part) and _label_kind(location) != _label_kind(part) \
        and _label_kind(location) == "roman"


def statistic_name(name: str) -> bool:
    if re.fullmatch(r"\\(?:mathbb|mathrm|operatorname)\s*\{\s*E\s*\}", name.strip()):
        return True        # an expectation; a bare E(w) is an error function
    return re.sub(r"^\\(?:mathrm|operatorname|text|mathbb)\s*\{\s*(\w+)\s*\}$", r"\1", name) in _STATISTICS


def _builtin_call(e):
    """``\\sigma(z)`` read as the sigmoid applied to one bare name: the one library function a
    document may give another meaning (a step function, ...). ``\\tanh(a) = ...`` or a
    ``\\sqrt{x^2}`` that SymPy turns into ``Abs(x)`` are claims, never definitions."""
    from checks import dl
    names = {dl.FUNCTIONS["sigmoid"]: "\\sigma"}
    if isinstance(e, sp.Function) and not isinstance(e, AppliedUndef) and len(e.args) == 1 \
            and isinstance(e.args[0], sp.Symbol) and type(e) in names:
        return names[type(e)], (e.args[0],)
    return None


# A parameter standing for a composite argument (the f(x, theta) of L_{CE}(f(x, theta), y)),
# by the call it stands for: the same call gets the same parameter.
_COMPOSITE: dict = {}


def _composite_params(e):
    """``L_{CE}(f(x, \\theta), y)``, a function applied to bare names and to calls of other
    functions on bare names, defined at that argument form (like ``L(p)``): its parameters,
    one new symbol for each call. None unless every argument is a bare name or such a call,
    no two alike, and no bare name is also an argument of a call (L(f(x), x))."""
    if not isinstance(e, AppliedUndef) or not e.args or len(set(e.args)) != len(e.args):
        return None
    plain = {a for a in e.args if isinstance(a, sp.Symbol)}
    calls = [a for a in e.args if not isinstance(a, sp.Symbol)]
    if not calls:
        return None
    for c in calls:
        if not (isinstance(c, AppliedUndef) and c.args and all(isinstance(a, sp.Symbol) for a in c.args)
                and len(set(c.args)) == len(c.args) and not (set(c.args) & plain)):
            return None
    params = []
    for a in e.args:
        if a not in plain and a not in _COMPOSITE:
            _COMPOSITE[a] = sp.Dummy(f"\\langle {a.func.__name__}\\rangle", real=True)
        params.append(a if a in plain else _COMPOSITE[a])
    return tuple(params)


def _at_composites(params, body):
    """The body of a definition at composite arguments written in its parameters: each call
    (f(x, theta)) replaced by the parameter that stands for it. None when the body does not
    write the call as the left side does, or also uses the call's names (x, theta) outside
    it: then it is no formula in the call's value."""
    calls = {c: p for c, p in _COMPOSITE.items() if p in params}
    if not calls or not hasattr(body, "xreplace"):
        return body
    body = vecfun.same_calls(body, calls)   # f(x, \\theta) in the body of L(f(\\mathbf{x}, \\boldsymbol{\\theta}))
    if not all(body.has(c) for c in calls):
        return None   # L(f(\\mathbf{x})) = (y - f(x))^2: the call is not written in the body as on the left
    inner = body.xreplace(calls)
    names = set().union(*(c.free_symbols for c in calls))
    if inner.free_symbols & names or inner.atoms(AppliedUndef) & set(calls):
        return None
    return inner


def _vector_param(p) -> str | None:
    return str(p.label) if isinstance(p, sp.IndexedBase) else None


def at_arguments(d: Definition, args) -> dict:
    """The replacement of a function definition's parameters by the arguments of a call. A
    vector argument (h(x) beside x_j, an IndexedBase) takes the place of a parameter that the
    body uses through its entries only (h(x) = \\sum_k e^{x_k}): the entries x[k] become the
    argument's. A body without entries of the parameter (h(x) = \\sum_k e^{x_j}: n e^{x_j}) or
    with the parameter also as a value (h(x) = x^2 + x_1) is no function of that vector:
    NotRead. A vector parameter (the definition itself wrote h(x) beside x_k) takes only a
    vector."""
    out = {}
    for p, a in zip(d.params, args):
        if isinstance(p, sp.IndexedBase) and p == a:
            continue     # the vector itself (vecfun.passed_on put it in the body already)
        name = _vector_param(p) or (p.name if isinstance(p, sp.Symbol) else None)
        if isinstance(a, sp.IndexedBase):
            # h(\mathbf{x}) = \sum_k e^{x_k}: the bold parameter is the vector of the entries x_k
            label = (name if _vector_param(p) else vecfun.entry_label(name, d.body)) or name
            bases = {i.base for i in d.body.atoms(sp.Indexed) if str(i.base.label) == label}
            if not bases or _bare_symbol(d.body, label):
                raise NotRead(f"{d.name} is defined at line {d.line} by a formula that is no function of the "
                              f"entries {name}_k alone, applied here to the vector {a.label} (beside its "
                              f"entries {a.label}_j)")
            out.update({b: sp.IndexedBase(a.label, real=True) for b in bases})
        elif isinstance(p, sp.Symbol) and vecfun.entry_label(p.name, d.body) is not None:
            vecfun.same_vector(d, p, a)     # h(\mathbf{x}) = \sum_k e^{x_k} at x: the vector itself
        elif _unused_changed(d, p, a):
            raise NotRead(f"{d.name} is defined at line {d.line} with {sp.sstr(p)}, which its formula does not "
                          f"write (a function passed as an argument, or parameters named as a whole); "
                          f"applied here to {sp.sstr(a)}, not substituted")
        elif _vector_param(p) is not None:
            raise NotRead(f"{d.name} is defined at line {d.line} on the vector {_vector_param(p)} "
                          f"(its entries {_vector_param(p)}_k), applied here to {sp.sstr(a)}")
        elif a != p and isinstance(p, sp.Symbol) and _entries_of(d.body, p.name):
            # p_i(z) = e^{z_i}/\sum_j e^{z_j} at 2z: putting 2z in for the symbol z leaves the
            # entries z[i] of the body as they are (the call would read as p_i(z))
            raise NotRead(f"{d.name} is defined at line {d.line} through the entries {p.name}_k of its "
                          f"argument, applied here to {sp.sstr(a)}: not put in entry by entry")
        else:
            out[p] = a
    return out


def _entries_of(body, name: str) -> bool:
    """Whether the body uses entries of the parameter ``name`` (z[i] of \\mathbf{z})."""
    bare = re.sub(r"^\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*([^{}\s]+?)\s*\}?$", r"\1", name)
    return any(str(i.base.label) in (name, bare) for i in getattr(body, "atoms", lambda *_: ())(sp.Indexed))


def _unused_changed(d: Definition, p, a) -> bool:
    """A parameter the body never writes, given another argument: y(x, \\Theta, \\sigma)_k
    defined with the sigmoid written out and \\Theta standing for the \\omega's, applied to
    (x, \\Theta', \\tanh): the body would ignore the change. Only for the components of a function
    and for functions passed as arguments (\\sigma(\\cdot)); f(x, y) = x^2 at f(2, 3) is f(2, 3)."""
    if a == p or not isinstance(p, sp.Symbol) or p in getattr(d.body, "free_symbols", ()):
        return False
    return d.name.endswith("_\\bullet") or p.name.endswith("(\\cdot)")


def _bare_symbol(expr, name: str) -> bool:
    """Whether a symbol ``name`` occurs outside the entries name[k] (a value beside the vector)."""
    if isinstance(expr, sp.Indexed):
        return any(_bare_symbol(i, name) for i in expr.indices)
    if isinstance(expr, sp.IndexedBase):
        return False
    if isinstance(expr, sp.Symbol):
        return expr.name == name
    return any(_bare_symbol(a, name) for a in expr.args)


def whole_vector_left(expr) -> None:
    """A function of a whole vector that no definition replaced (h(x) beside x_j, h never
    defined entry by entry): its value and its partials by x_j are unknown, and SymPy would
    differentiate it as a function of one number. NotRead, naming it."""
    for f in getattr(expr, "atoms", lambda *_: ())(AppliedUndef):
        vec = [a for a in f.args if isinstance(a, sp.IndexedBase)]
        if vec:
            x = vec[0].label
            raise NotRead(f"{f.func.__name__}({x}) of the vector {x} (beside its entries {x}_k) is read only "
                          f"where {f.func.__name__} is defined from the entries ({f.func.__name__}({x}) = "
                          f"\\sum_k e^{{{x}_k}})")


def _numbers(expr) -> set:
    """The names an expression reads as one number: its real symbols, outside the entries of
    arrays and outside the bare arguments of calls (h(x) alone may be a function of a vector)."""
    out = set()

    def walk(e):
        if isinstance(e, (sp.Indexed, sp.IndexedBase)):
            return
        if isinstance(e, sp.Symbol):
            if not e.is_integer:
                out.add(e.name)
            return
        for a in getattr(e, "args", ()):
            if isinstance(e, AppliedUndef) and isinstance(a, sp.Symbol):
                continue
            walk(a)
    walk(expr)
    return out

