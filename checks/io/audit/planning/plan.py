"""From a document's steps to what the engine checks: read, classify, rewrite, build claims.

For each step, in document order (the order in which a reader learns the names):

1. a directive may skip it, settle a name, add an assumption, or declare an erratum;
2. both sides are read (``read``); an unreadable or ambiguous side makes the step
   ``not_read`` with the reader's reason;
3. the step is classified, in this written order:
   - ``:=`` and update rules (``w_1 = w_1 - \\eta g``) are ``definition``s;
   - a first step of a chain whose left side is a bare name or a name applied to bare names
     is a ``definition`` of that name, unless the name is already known: then it is checked
     against what is known, and only if that check fails is it a redefinition (a new
     question's ``\\Phi``), so that a restatement can never become a false ``wrong``;
   - a name given a number in a chain (``= s = 3.3``) is a ``definition`` of its value;
   - an equation that introduces a name on one side only, or solves for a name a condition
     introduced (``a\\lambda' = a^{n+1}\\lambda``, then ``\\lambda' = \\lambda / a^n``), is a
     ``condition``;
   - an inequality between a name and a constant (``d_i > 0``) is a ``condition``;
   - every other step is checked: defined names are replaced by their definitions, the
     assumptions are the step's side conditions and the directives', and the claim is an
     ``Identity`` (or a ``Value`` rounded to the places the document writes, ``= 0.731``).
4. hazards (see ``context``) travel with the claim: the run reports a ``wrong`` step with a
   hazard as ``undecided``, naming the hazard.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace as _replace

import sympy as sp

from checks.model.claims import Identity, Value

from ..document import cases, conditions, doubts, named, prose, upnames, upstream
from . import chain, conv, probability, recur
from ..reading import components, indices, labels, layers
from ..arrays import matrices, norms, vecfun, vectors
from ..document import facts as hypotheses
from ..document import said as stated
from . import argmax
from ..arrays import entrywise, vecops
from ..reading import ranges
from ..document import wordsindex
from ..parse.chains import Step, steps as chain_steps
from ..reading.calls import calls_a_defined_function
from ..document.given import entries as given_entries
from ..document.parts import PART_ONLY, part_text
from ..document.context import (DEPENDS, PARTIALS, Context, _fresh_bound, definition_shape, is_statement, names_in, question_of,
                      statistic_name, within_part)
from ..parse.extract import Display, displays
from ..document.arbitrary import Arbitrary
from ..reading.build import SIZE_NAME
from ..reading.read import NotRead, Reading, read, read_pair
from ..reading.scan import evaluated_alike

MAX_STEPS = 5000          # steps read per document; the rest are reported not_read
STEP_SECONDS = 5.0        # CPU seconds to read, classify and rewrite one step
DEFAULT_SIZES = (1, 4)    # symbolic sizes are checked for each size in this range
_DECIMAL = re.compile(r"^\s*[-+]?\s*(\d+)\.(\d+)\s*$")
_HAS_DECIMAL = re.compile(r"\d\.\d")
_NOT_USED = re.compile(r"the text says (.*), which the check does not use")
_ENTRY_OF = re.compile(r"(.+?)_(?:\{[a-z0-9]{1,4}\}|[a-z0-9])")   # x_i, x_{12}, W_{ij}: the array's name
_DOTS = re.compile(r"\\[lc]?dots|\.\.\.")
# a left side that is a derivative as written: \frac{\partial y_i}{\partial x_j}, \frac{d}{dt} ..., \nabla_w L
_STATES_A_DERIVATIVE = re.compile(r"\s*(?:\\[dt]?frac\s*\{\s*(?:\\partial|d(?![A-Za-z])|\\mathrm\s*\{?\s*d)|\\nabla|\\partial)")


@dataclass(frozen=True)
class Introducing:
    """What _classify says of a first step with a name never seen before."""
    reason: str


@dataclass
class Planned:
    """One step with what the plan decided: a status already (definition, condition,
    not_read, skipped) or a claim for the engine."""
    step: Step
    index: int                      # 1-based among the steps on the same line
    status: str | None = None
    reason: str | None = None
    claim: object | None = None
    reading: dict | None = None
    hazards: tuple = ()
    declared: str | None = None     # "wrong" when a directive declares an erratum
    approx: int = 0                 # fewest decimal places of the rounded numbers the step computes with
    rounding: object | None = None  # rounding.Finding: the step against the intervals its rounded numbers stand for
    enumerated: int = 0             # entries checked over small sizes and index values (bounded)
    cases: tuple = ()               # the values ({name: int}) of those entries, in their order
    free: tuple = ()                # the free indices of those entries (i, j)
    arbitrary: frozenset = frozenset()  # functions the author declares arbitrary here (let f = function)
    said: dict = field(default_factory=dict)   # function -> arbitrary.Said: declared arbitrary in words
    related: frozenset = frozenset()  # pairs of them the step itself relates (\delta_{ij}, cases i = j)
    where: str = ""                 # the condition beside the step the check used (i ≠ j, j = i)
    general: tuple | None = None    # (names, claim): the step with the prose's numbers left as names
    severity: str | None = None
    note: str | None = None         # the directive's note of a declared erratum
    chain: object | None = None     # chain.Model: the step checked through an unwritten loss
    earlier: tuple | None = None    # (label, claim): the step with the formulas before a new case (cases.py)
    finite: bool = False            # checked at every member of a label set the text states (said.py)
    every_case: frozenset = frozenset()   # index cases (i = j, i ≠ j) a wrong must be wrong in (said.py)
    members: tuple | None = None    # (doubts, claim, shown): the step at a label set of another question (said.py)
    introduces: str | None = None   # a step with a name not seen before: a condition unless it holds (run.py)
    facts_used: tuple = ()          # the question's hypotheses put into the step (facts.py)
    hypothesis: bool = False        # the step states a hypothesis: a condition unless it holds (facts.py)
    ranges: object | None = None    # vecops.Ranges: a wrong must not rest on entries outside their vector
    cases_said: bool = True         # its part speaks of index cases (run.index_cases tries i = j then)
    at_point: tuple = ()            # ((hazard, relations), ...): doubts a counterexample may settle (run.py)
    at_values: tuple | None = None  # (doubts, claim, shown): the step at the numbers other questions set (run.py)

    @property
    def id_suffix(self) -> str:
        return f"{self.step.line}:{self.index}"


@dataclass
class Plan:
    file: str
    items: list = field(default_factory=list)
    errors: list = field(default_factory=list)   # directive errors (exit 2 in the CLI)


def _text(e) -> str:
    return sp.sstr(e, order="none")


def _is_head(prev: Step | None, step: Step) -> bool:
    """The first step of a chain: not continued from the row or display above, and not
    sharing its left side with the previous step's right side."""
    if step.continued:
        return False
    return prev is None or not (prev.to is step.from_ and prev.lines == step.lines)


class Planner:
    def __init__(self, file: str, text: str, kind: str = "markdown", inline: bool = False,
                 directives=None, reader=read):
        self.file, self.text, self.kind, self.inline = file, text, kind, inline
        self.ctx, self.read = Context(), reader
        self.directives = directives
        self.operators = vecops.operators(text)   # (a OP b)_n = ...: operators defined by components
        self.ranges = vecops.Ranges(text)         # x \in R^d, "out-of-bound entries are zero"
        self.ctx.ranges = self.ranges
        self.assume_file: list = []          # relations from `assume` directives for the file
        self.sizes_file: dict = {}
        self.pending: list = []              # side conditions said just before the next display
        self.signs_said: dict = {}           # (question, name) -> [the relations the prose says of its sign]
        self.plan = Plan(file)
        self.count = 0
        # a name the document differentiates (\frac{\partial s}{\partial w_1}) depends on something:
        # a number given to it is its value at one point, not a constant
        self.ctx.dependent = {re.sub(r"\s+", "", m.group(1)) for m in _DIFFERENTIATED.finditer(text)}
        self.ctx.text = text
        # the variables of the document's derivatives that it never differentiates (x_1, x_2 in
        # do/dx_1, do/dx_2) are its inputs: independent of each other
        self.ctx.inputs = {re.sub(r"\s+", "", m.group(1)) for m in _VARIABLE.finditer(text)} - self.ctx.dependent
        # the document's displays, found once: every prescan below and ``run`` read them
        self.found = found = displays(text, kind, inline=True)
        self.said = ()                       # what the text says for the display (prose.said_for)
        self.ctx.quantities, self.ctx.differentiated_calls = _quantities(found)
        self.ctx.kronecker = indices.kronecker_only(text)
        self.ctx.delta_named = indices.delta_named(text)
        self.ctx.counted = entrywise.counted(text)      # |C| of a set the text names: its size
        # \nabla_{\mathbf{h}^1}, \partial h_n^1, "superscripts are layer numbers": the document
        # declares the layer labels itself (layers.decide)
        for name, meaning in layers.decide(text, (d.latex for d in found)):
            self.ctx.lets.setdefault(name, meaning)
        for key, meaning in components.softmax_lets(found):     # S(\mathbf{x})_i = e^{x_i} / \sum_j e^{x_j}
            self.ctx.lets.setdefault(key, meaning)
        if components.says_sigma_elementwise(text):
            self.ctx.lets.setdefault(components.entries_key("\\sigma"), components.ELEMENTWISE)
        self.ctx.facts = probability.Facts.of(text, kind, found)   # z \sim N(m, v), q(z) = N(z; m, v)
        self.scan = doubts.Prescan.of(text, kind, found)
        self.conventions = conv.Conventions.of(text, kind, found)   # "without kernel flipping"
        self.ctx.evidence = self.scan.names   # NAME(...): a call or a product, by what the document says
        self.arbitrary = Arbitrary.of(text, kind, found)   # "for any differentiable $f$" (run._for_an_instance)
        self.ctx.written = self.scan.written  # the leaves of the graph it writes (leaves.py)
        self.ctx.ranged = frozenset(indices.ranged_letters(found))    # "for $b = 1, \dots, B$": b indexes
        self.ctx.anew = vectors.declared_anew(text, found)   # "From $\mathbf h \in \mathbb R^n$": a new h
        if "e" in self.scan.named:
            self.ctx.lets.setdefault("e", "symbol")   # "the error $e$": a name, from the start
        self.doubted = {}                    # name -> what the prose says of it that no interval can
        self.doubted_in = {}                 # (question, name) -> the same, said in that question only
        self.doubt_part = {}                 # (question, name) -> the part an index case is said in
        self.continuous_in = set()           # (question, name): the question gives it a real domain
        self.label_sets = []                 # said.LabelSet: y \in \{0, 1\} said in the prose, with its scope
        self.label = None                    # a `label` directive's location for one display
        self.updating = None                 # the name an update chain gives a new value
        self.update_given = False            # whether the chain gave it a number
        self.updates = []                    # (name, new value or None) of update rows, given together
        self.per_line = {}                   # steps numbered so far on each line of the file
        self.location = None                 # the location of the display being planned
        self.solving = False                 # the prose before this display says it solves ("setting")
        self.supposing = False               # ... that it supposes the display for contradiction
        self.asks = False                    # the prose leads into an equation as a condition ("where")
        self.solved = set()                  # names this display gives a number (x = 2)
        self.around = []                     # doubts from the sentences around this display
        self.results = set()                 # decimals stated as rounded results (= 0.731): see rounding
        self.named = named.named(text, kind, found)   # "$g$ is the sigmoid": from that sentence on
        self.named_made = []                 # (Definition, Named) recorded from those sentences
        self.intros = cases.introductions(text, found)   # "Let L be ...": names the prose introduces anew
        self.next_intro = 0
        self.relet = set()                   # library names a redefinition made functions (lets)
        self.lead = ""                       # the sentence right before the display (cases.lead_in)
        self.before = ""                     # the prose since the display before it
        self.display = None                  # the display whose steps are being planned
        self.cased = set()                   # names this display gave the formula of a new case

    # -- the document ------------------------------------------------------------------------
    def run(self) -> Plan:
        if self.directives is not None:
            for d in self.directives.file:
                self.file_directive(d)
        carry, last_end = None, 0
        for display in self.found:
            self.ctx.leave_parts(display.location)    # "in this part" values end with their part
            self._introduced(display)
            self._named_before(display)
            local = self._directives_for(display)
            conv.settle(self.ctx.lets, self.conventions, display.location)
            if display.inline:
                self._inline(display)
                if not self.inline:
                    continue
            found = chain_steps(display, None if display.inline else carry)
            if found and not display.inline:
                carry = found[-1].to
            before = re.sub(r"(?:\$\$|\\\[|\\begin\{[A-Za-z*]+\})\s*$", "",
                            self.text[max(last_end, display.start - 300):display.start])
            self.before = before    # the prose since the display before (at most 300 characters)
            self.display = display
            self.solving = _SOLVING.search(before) is not None or _REQUIRES.search(before.rstrip()) is not None
            self.asks = _ASKS.search(before) is not None
            self.supposing = _CONTRADICTION.search(before.rstrip()) is not None
            self.solved = _solved_names(found)
            self.around = doubts.around(self.text, display.start, display.start + len(display.latex))
            self.said = prose.said_for(self.text, self.found, display)   # ranges and relations in words
            self.lead = cases.lead_in(self.text, last_end, display.start)
            self._display(display, found, local)
            if not display.inline:
                last_end = display.start + len(display.latex)
        return self.plan

    def _introduced(self, display: Display) -> None:
        """The names the prose introduced anew before ``display`` ("Let $L$ be the loss computed
        at $o$", cases.introductions) are new names from here: their earlier definitions end. A
        "where" clause right after a display that states the name describes that statement."""
        while self.next_intro < len(self.intros) and self.intros[self.next_intro].at <= display.start:
            intro = self.intros[self.next_intro]
            self.next_intro += 1
            if intro.explains == display.start and cases.defines_at_head(display.latex, intro.latex):
                continue
            here = question_of(display.location)
            for name in self._names_of(intro.latex):
                d = self.ctx.defined(name) or self.ctx.indexed.get(name)
                if d is not None and d.location is not None and d.question() == here and not intro.general:
                    continue   # "where $\hat y$ is the prediction" in its own question: described, not new
                if self.ctx.defined(name) is not None or name in self.ctx.indexed or name in self.ctx.unread:
                    self.ctx.forget(name, meaning=True)
                if name in self.relet:     # \sigma given another meaning, now introduced again
                    self.relet.discard(name)
                    self.ctx.lets.pop(name, None)

    def _names_of(self, latex: str) -> set:
        """The names the context may know a name written in the prose by: as written, its callee
        (f of f(x)), and as the reader names it."""
        flat = re.sub(r"\s+", "", latex)
        out = {flat, re.sub(r"\(.*\)$", "", flat)}
        try:
            e = self.read(latex, self.ctx.scope()).expr
        except Exception:   # NotRead, or a form SymPy refuses: the name as written is what is known
            return out
        from sympy.core.function import AppliedUndef
        if isinstance(e, sp.Symbol):
            out.add(e.name)
        elif isinstance(e, AppliedUndef):
            out.add(e.func.__name__)
        elif isinstance(e, sp.Indexed):
            out.add(str(e.base.label))
        return out

    def _directives_for(self, display: Display):
        if self.directives is None:
            return ()
        return self.directives.own(display)   # the file's are applied once, at the start

    def _named_before(self, display: Display) -> None:
        """Functions the prose names in words before ``display`` (named.py) are defined; a case
        ("with $h = \\tanh$") ends where its part of the document does."""
        named.expire(self.ctx, self.named_made, display.location)
        while self.named and self.named[0].start <= display.start:
            said = self.named.pop(0)
            made = named.apply(said, self.ctx, self.named_made)
            if made is not None:
                self.named_made.append((made, said))

    def _derivative_named(self, display: Display) -> bool:
        """``$\\phi = \\Phi'$`` ("and $\\varphi = \\Phi'$ its density") in the prose, with \\Phi a
        function the document has given a formula (or a meaning in words): \\phi is recorded as
        the function u -> \\Phi'(u). True when it was."""
        m = _DERIVATIVE_NAMED.fullmatch(display.latex)
        if m is None:
            return False
        name, of = (re.sub(r"\s+", "", g) for g in m.group(1, 2))
        d = self.ctx.functions.get(of)
        if d is None or len(d.params) != 1 or name in self.ctx.functions or name in self.ctx.values:
            return False
        u = sp.Dummy("u", real=True)
        self.ctx.define(name, (u,), sp.diff(d.body.xreplace({d.params[0]: u}), u), display.location,
                        display.first_line, prose=True)
        return True

    def _inline(self, display: Display) -> None:
        """Inline math in the prose: a definition (``Let $\\sigma(z) = ...$``) is recorded;
        a condition on one name (``for $a > 0$``) applies to the next display."""
        if self.inline:
            return     # with --inline, inline formulas are steps like any other
        recur._recurrences(self)    # each recurrence said so far, before a number for one term replaces it
        self.ctx.here = question_of(display.location)   # the prose's question, for the evidence on names
        self.ctx.section, self.ctx.preamble = display.section, display.preamble
        self.ctx.line = display.first_line      # where a value use of a letter is (vecfun)
        labelled = stated.label_set(display.latex, display.first_line, self.ctx.here,
                                    display.section if display.preamble else None)
        if labelled is not None and not stated.a_case(labelled, self.text, display.start):
            self.label_sets.append(labelled)
        hot = stated.one_hot(display.latex, self.text, display.start, display.first_line, self.ctx.here,
                             display.section if display.preamble else None)
        if hot is not None:      # "Let $y$ be a one-hot label": the K vectors e_1 .. e_K
            self.doubted[hot.names[0]] = hot.latex    # where they cannot be enumerated: a doubt
            if not stated.other_labels_said(self.text, display.start):   # label smoothing beside it: one case
                self.label_sets.append(hot)
        if self._membership(display.latex):
            return
        around = self.text[max(0, display.start - 200):display.start + len(display.latex) + 100]
        for entry in given_entries(display.latex, self.text, around):   # $\mathbf h = (1, 2, 0, -1)$
            self.ctx.define(entry.name, (), entry.value, display.location, display.first_line,
                            decimal=entry.decimal, prose=True)
        if self._derivative_named(display):     # $\\phi = \\Phi'$: phi is the derivative of Phi
            return
        found = chain_steps(upnames.rewritten(display, self.text), None)   # $g_i = \\partial L/\\partial y_i$
        if found and not all(st.relation in conditions.INEQUALITIES for st in found):
            self.pending = []    # "for $x > 0$ we have $|x| = x$": the condition was that statement's
        for step in found:
            try:
                lhs, rhs = self._read_pair(step)
            except NotRead:
                continue
            if step.relation == "=" and prose.between_indices(lhs.expr, rhs.expr, self.found):
                self._doubt(lhs, rhs, display.latex, case=True, location=display.location)   # "when $i = j$", "$j = n - i + 1$": a case, not a definition
                continue
            if step.relation == "=" and _sums_to_a_number(lhs.expr, rhs.expr):
                if not _implied(self.ctx, lhs, rhs, display.location):
                    self._doubt(lhs, rhs, display.latex)   # "one-hot, so $\sum_k y_k = 1$": a fact about y
                continue     # "the normalised values sum to zero, $\sum_k \hat x_k = 0$": their definition says it
            if step.relation == "=" and _entry_case(lhs.expr, rhs.expr, self.text, display.start):
                # "For $j$ the true class ($y_j = 1$):": a case of the part's displays, no value of y
                self._doubt(lhs, rhs, display.latex, case=True, location=display.location)
                continue
            if step.relation == "=" and (given := self._given_partial(lhs, rhs)) is not None:
                # "Suppose that you know that $\frac{\partial L}{\partial o} = 5$": the unknown
                # partial of the loss at this point, as $x_1 = 2$ is x_1's
                self.ctx.define(given, (), rhs.expr, step.location, step.line, decimal=_places(step.to), prose=True)
                self.ctx.note_partials(lhs.expr)   # L is differentiated by o: the chain rule may go through o
                continue    # o is not seen by it: "x_1 \times x_2 = o" may still define o
            elif step.relation == "=" and (shape := definition_shape(lhs)) is not None \
                    and shape[0] not in rhs.names and shape[0] not in rhs.applied \
                    and _a_piece(self.text, display.start + len(display.latex) + 1, shape[1]):
                # "$f(x) = (x/c)^a$ for $x < c$ and $f(x) = 1$ otherwise": one piece of a function
                # said in words, no formula of it for every argument (both pieces unread)
                self.ctx.functions.pop(shape[0], None)
                self.ctx.unread[shape[0]] = step.line
            elif step.relation == "=" and (shape := definition_shape(lhs)) is not None and not shape[1] \
                    and _entries_piece(self.text, display.start + len(display.latex) + 1, shape[0],
                                       not getattr(rhs.expr, "free_symbols", True)):
                # "set $w_k = 0$ for $k < 1$ or $k > K$": the entries at some indices only, no
                # formula of every entry (read for all k, w would be zero): a case, a doubt of w
                self._doubt(lhs, rhs, display.latex, case=True, location=display.location)
            elif step.relation == "=" and (shape := definition_shape(lhs)) is not None \
                    and shape[0] not in rhs.names and shape[0] not in rhs.applied:
                if (_is_library(lhs) or named.made(self.ctx, shape[0], self.named_made)) \
                        and _agrees(self.ctx, lhs, rhs, step.location) == "holds":
                    continue   # "Let sigma(z) = 1/(1+e^{-z})", "f is the tanh, f(x) = \tanh x": known already
                self.ctx.define(shape[0], shape[1], rhs.expr, step.location, step.line,
                                decimal=_places(step.to), prose=True,
                                part_only=bool(PART_ONLY.search(part_text(self.text, display.start)))
                                or (not shape[1] and not rhs.expr.free_symbols
                                    and _evaluation_point(self.text, display.start)))
                self._define_entries(step, lhs)
            elif step.relation == "=" and (square := _square_of_name(lhs, step.from_)) is not None \
                    and self.ctx.defined(square) is None and square not in self.ctx.seen \
                    and square not in rhs.names and _squares(rhs.expr) and not self._signed(square, display):
                # "$\sigma^2 = \frac1m \sum_i (x_i - \mu)^2$" in the prose: sigma is its nonnegative root
                self.ctx.define(square, (), sp.sqrt(rhs.expr), step.location, step.line, prose=True,
                                part_only=bool(PART_ONLY.search(part_text(self.text, display.start))))
                self.ctx.squares.add(square)
            elif step.relation in conditions.INEQUALITIES:
                rel = conditions.relation(step.relation, lhs.expr, rhs.expr)
                if rel is not None and conditions.domain_relation(rel):
                    self.pending.append(rel)
                    for x in rel.free_symbols:    # "a threshold $\delta > 0$": its sign in this question
                        said = self.signs_said.setdefault((self.ctx.here, x.name), [])
                        if rel not in said:
                            said.append(rel)
                elif rel is not None:   # "for $i \neq j$": no interval says it
                    self._doubt(lhs, rhs, display.latex, case=conditions.between_letters(rel), location=display.location)
            self.ctx.note(lhs, rhs)

    def _sign_elsewhere(self, name: str):
        """What the question says of the sign of ``name`` for a bound of a step's condition
        (conditions.shifted): None when nothing, the one relation its prose said before the step
        ("a threshold $\\delta > 0$"), False when it says more than one or says it where this
        reading does not see it (after the step, in a display)."""
        said = self.signs_said.get((self.ctx.here, name), [])
        if len(said) == 1:
            return said[0]
        if said or (self.display is not None and self._signed(name, self.display)):
            return False
        return None

    def _signed(self, name: str, display) -> bool:
        """Whether the question says a sign of ``name`` ($w < 0$, "w is negative") anywhere."""
        from ..document.context import question_of
        here = question_of(display.location)
        for d in self.found:
            if d.inline and question_of(d.location) == here and re.search(
                    r"(?<![A-Za-z\\])" + re.escape(name) + r"\s*(?:<|>|\\[lg]eq?\b|\\[lg]t\b)", d.latex):
                return True
        return False

    def _question_so_far(self) -> str:
        """The text of the display's question (its heading and statement included) up to the
        display: where a point or values may be said ("at the origin", "with the numbers above")."""
        display = self.display
        if display is None:
            return self.before
        if getattr(self, "_so_far", (None,))[0] != display.start:
            from ..document.upstream import _scope_span
            lo, _ = _scope_span(self.text, self.found, display, self.kind)
            self._so_far = (display.start, self.text[lo:display.start][-2000:])
        return self._so_far[1]

    def _given_partial(self, lhs, rhs) -> str | None:
        """The name of the unknown ``\\partial L/\\partial o`` (context._partial) when an inline
        equation gives it a number, L being a name the document never defines; else None."""
        d = lhs.expr
        if not isinstance(d, sp.Derivative) or getattr(rhs.expr, "free_symbols", True) \
                or not isinstance(d.expr, sp.Symbol) or d.expr.name in self.ctx.values \
                or len(d.variable_count) != 1 or d.variable_count[0][1] != 1 \
                or not isinstance(d.variable_count[0][0], sp.Symbol):
            return None
        return f"\\partial {d.expr.name}/\\partial {d.variable_count[0][0].name}"

    def _membership(self, latex: str) -> bool:
        """``$p \\in (0, 1)$`` gives the next display two assumptions; ``$y \\in \\{0, 1\\}$`` is a
        doubt for the steps that use y (no interval says it)."""
        got = doubts.interval(latex)
        if got is not None:
            name, lo, hi, lo_open, hi_open = got
            try:
                x = self.read(name, self.ctx.scope()).expr
            except NotRead:
                return True
            if lo is not None:
                self.pending.append(x > lo if lo_open else x >= lo)
            if hi is not None:
                self.pending.append(x < hi if hi_open else x <= hi)
            return True
        name = doubts.discrete(latex)
        if name is not None:
            self.doubted[re.sub(r"\s+", "", name)] = latex.strip()
            return True
        name = doubts.real(latex)
        if name is not None:   # "Now $t_n \in \mathbb R$ is a real target": another question's label set is not this one's
            got = indices.entry_letters(name)
            self.continuous_in |= {(self.ctx.here, name)} | ({(self.ctx.here, got[0])} if got else set())
        return False

    def _doubt(self, lhs, rhs, latex: str, case: bool = False, location: str | None = None) -> None:
        # i = j said in one question is of that question; said where no question is in force (a
        # "Notation" paragraph at the top: "labels are one-hot, $\sum_k y_k = 1$") of every question.
        # A case between index letters said in one part ("For $i \neq j$ only the denominator
        # depends on $z_j$" in Q2.2) is of that part and its sub-parts: Q2.3's derivation is not
        # split into it (said in the question's statement, it is of every part)
        here = None if self.ctx.preamble else self.ctx.here
        part = location if case and here is not None and location and not is_statement(location) else None
        names = names_in(lhs.expr) | names_in(rhs.expr)
        limits = {str(b) for e in (lhs.expr, rhs.expr) for s in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product)
                  for lim in s.limits for b in lim[1:] if isinstance(b, sp.Symbol)}
        # \sum_{k=1}^K y_k = 1 says something of y, not of the size K (a step using K alone is free)
        for n in (names - limits) or names:
            self.doubted_in[(here, re.sub(r"\s+", "", n))] = latex.strip()
            self.doubt_part[(here, re.sub(r"\s+", "", n))] = part

    def pending_doubts(self, lhs, rhs, expanded=()) -> list:
        names = {re.sub(r"\s+", "", n) for n in set(lhs.names) | set(rhs.names)}
        for n in list(names):   # p_i and z_j use the indices i and j, and the arrays p and z
            got = indices.entry_letters(n)
            if got is not None:
                names |= set(got[1]) | {got[0]}
        said = {n: self.doubted[n] for n in names & set(self.doubted) if (self.ctx.here, n) not in self.continuous_in}
        said.update({n: self.doubted_in[(None, n)] for n in names if (None, n) in self.doubted_in})
        location = getattr(self.display, "location", None)
        said.update({n: self.doubted_in[(self.ctx.here, n)] for n in names if (self.ctx.here, n) in self.doubted_in
                     and (self.doubt_part.get((self.ctx.here, n)) is None
                          or within_part(location, self.doubt_part[(self.ctx.here, n)]))})
        # "t_k \in \{0, 1\}" said of the entries: a step that uses the array t (t[i], t[k])
        said.update({n: text for n, text in self.doubted.items()
                     if (got := indices.entry_letters(n)) is not None and got[0] in names
                     and (self.ctx.here, got[0]) not in self.continuous_in})
        free = stated.free_letters(lhs.expr, rhs.expr)   # k = j of a sum over k: no case of this step
        bound = stated.bound_letters(lhs.expr, rhs.expr)
        written, put_in = stated.step_letters(lhs.expr, rhs.expr), stated.step_letters(*expanded)
        return [f"the text says {said[n]}, which the check does not use" for n in sorted(said)
                if not stated.binds_nothing(said[n], free, bound)
                and not (expanded and stated.said_of_others(said[n], written, put_in))]

    # -- one display ---------------------------------------------------------------------------
    def _display(self, display: Display, found: list, local) -> None:
        saved = (dict(self.ctx.lets), set(self.ctx.index), set(self.ctx.integers))
        before = {n: self.ctx.defined(n) for n in _defined_by(local)}
        try:
            self._display_steps(display, found, local)
        finally:   # a display's directives are its own (DESIGN: "applies to the next display")
            if local:
                self.ctx.lets, self.ctx.index, self.ctx.integers = saved
                for name, old in before.items():
                    made = self.ctx.defined(name)
                    if made is not None and made.line in {d.line for d in local}:
                        self.ctx.values.pop(name, None)
                        self.ctx.functions.pop(name, None)
                        if old is not None:
                            (self.ctx.functions if old.params else self.ctx.values)[name] = old

    def _display_steps(self, display: Display, found: list, local) -> None:
        assume, sizes, skip, expect = list(self.assume_file), dict(self.sizes_file), None, None
        self.label, self.location = None, display.location
        self.ctx.here = question_of(display.location)
        self.ctx.section, self.ctx.preamble = display.section, display.preamble
        self.ctx.line = display.first_line
        self.cased = set()
        for d in local:
            skip, expect = self._apply(d, assume, sizes, skip, expect)
        assume += [r for r in self.pending if conditions.domain_relation(r)]
        self.pending = []
        prev, per_line = None, self.per_line   # N of FILE:LINE:N counts over the whole file
        # let f = function, for the file or this display: a claim refuted for an instance of f
        # is refuted as written (run._for_an_instance)
        file_wide = self.directives.file if self.directives is not None else ()
        arbitrary = frozenset(function_name(d.args[0]) for d in (*file_wide, *local)
                              if d.kind == "let" and d.args[1] == "function")
        folded = conditions.folded(found)       # -p_i p_j, \quad i \neq j: the step's condition
        conditions.spread(found, [_is_head(a, b) for a, b in zip([None] + found[:-1], found)],
                          self._reader_for_conditions())
        for k, step in enumerate(found):
            if self.label is not None:
                step.location = self.label
            per_line[step.line] = per_line.get(step.line, 0) + 1
            item = Planned(step, per_line[step.line], arbitrary=arbitrary,
                           said=self.arbitrary.at(display.start, step))
            if expect is not None:
                item.declared, item.severity, item.note = expect
            item.cases_said = self._part_speaks_of_cases(display)
            self.plan.items.append(item)
            self.count += 1
            if skip is not None:
                item.status, item.reason = "skipped", skip
            elif k in folded:
                item.status, item.reason = "condition", "a condition of the step next to it on its row"
            elif self.count > MAX_STEPS:
                item.status, item.reason = "not_read", f"more than {MAX_STEPS} steps in the document"
            else:
                head = _is_head(prev, step)
                if head:
                    self._end_update()
                    if not _an_update_row(step):
                        self._apply_updates()
                self._guarded(item, head, assume, sizes)
            prev = step
        self._end_update()
        self._apply_updates()

    def _part_speaks_of_cases(self, display) -> bool:
        """Whether the text of the display's part (its displays and the prose between them, with
        the sentence before the first) speaks of index cases: "case", "diagonal", ``i = j``,
        ``\\neq``, a Kronecker delta, an indicator. A step whose part says none claims every entry:
        that it holds on the diagonal alone is no reading the document offers (run.index_cases)."""
        memo = self.__dict__.setdefault("_cases_said", {})
        key = display.location
        if key not in memo:
            mine = [d for d in self.found if d.location == display.location] or [display]
            first = min(d.start for d in mine)
            before = [d.start + len(d.latex) + 2 for d in self.found if d.start < first and d.location != display.location]
            lo = max([first - 300] + before + [0])     # not into another part's displays
            hi = max(d.start + len(d.latex) for d in mine)
            after = self.text[hi:hi + 160].split("\n\n", 1)   # the sentence the last display ends, not the next part's
            memo[key] = _CASE_WORDS.search(self.text[lo:hi] + after[0]) is not None
        return memo[key]

    def _end_update(self) -> None:
        """An update ``w = w - \\eta g`` whose chain ends in no number: w's old value is gone
        (once the rows of updates it is one of end: ``_apply_updates``)."""
        if self.updating is not None:
            if not self.update_given:
                self.updates.append((self.updating, None))
            self.updating, self.update_given = None, False

    def _apply_updates(self) -> None:
        """The new values of consecutive update rows, given together where the rows end: one
        gradient step ``w_1 = w_1 - \\eta g_1 = 0.2318``, ``b_1 = b_1 - \\eta g_2 = ...`` takes every
        gradient at the old parameters (a row read after the row before had moved w_1 computed
        the next gradient at a point the step is not taken from)."""
        for name, given in self.updates:
            if given is None:
                self.ctx.forget(name)
            else:
                self.ctx.define(name, (), *given)
        self.updates = []

    def _guarded(self, item, head, assume, sizes) -> None:
        """One step under a CPU-time limit; whatever goes wrong while reading it makes it
        ``not_read`` with the failure named, never a verdict and never a lost document."""
        from checks.prove.budget import MethodTimeout, time_limit
        try:
            with time_limit(STEP_SECONDS):
                self._step(item, head, assume, sizes)
        except MethodTimeout:
            item.claim, item.status = None, "not_read"
            item.reason = f"reading the step took more than {STEP_SECONDS:g} s"
        except RecursionError:
            item.claim, item.status, item.reason = None, "not_read", "the step is nested too deeply"
        except NotRead as exc:   # the rewriting met a construct it does not read (d/d f(x) of w x)
            item.claim, item.status, item.reason = None, "not_read", exc.reason
        except Exception as exc:   # a reading the rewriting cannot take (SymPy refuses a form)
            item.claim, item.status = None, "not_read"
            item.reason = _failure(exc)

    def _apply(self, d, assume, sizes, skip, expect):
        """One directive of a display (``d.kind``, ``d.args``: see ``directives``)."""
        if d.kind == "skip":
            skip = d.args[0] or "skipped by a directive"
        elif d.kind == "expect":
            expect = (d.args[0], d.args[1], d.args[2])
        elif d.kind == "label":
            self.label = d.args[0]
        else:
            self._setting(d, assume, sizes)
        return skip, expect

    def _setting(self, d, assume, sizes):
        if d.kind == "assume" and d.args[0] == "relation":
            text = _GREEK_WORD.sub(lambda m: "\\" + m.group(0), d.args[1])   # beta as \beta
            rels = conditions.parse(text, self._reader_for_conditions())
            if rels is None:
                self.plan.errors.append(f"line {d.line}: cannot read 'assume {d.args[1]}'")
            elif not all(conditions.domain_relation(r) for r in rels):
                self.plan.errors.append(f"line {d.line}: 'assume {d.args[1]}' must compare one name with "
                                        "numbers (like 0 < \\beta < 1)")
            elif not conditions.leaves_room({x for r in list(assume) + list(rels) for x in r.free_symbols},
                                            list(assume) + list(rels)):
                self.plan.errors.append(f"line {d.line}: 'assume {d.args[1]}' contradicts the assumptions "
                                        "before it (no value is left)")
            assume += rels or []
        elif d.kind == "assume":
            prop, name = d.args
            if prop == "integer":
                self.ctx.integers.add(name)
            else:
                assume.append(_property(prop, name))
        elif d.kind == "let":
            self.ctx.lets[d.args[0]] = d.args[1]
        elif d.kind == "index":
            self.ctx.index |= set(d.args)
        elif d.kind == "sizes":
            sizes[d.args[0]] = (d.args[1], d.args[2])
        elif d.kind == "define":
            self._define_directive(d)

    def file_directive(self, d) -> None:
        self._setting(d, self.assume_file, self.sizes_file)

    def _define_directive(self, d):
        text = f"{d.args[0]} = {d.args[1]}"
        fake = Step(d.line, (d.line, d.line), "=", d.args[0], d.args[1], text, None)
        try:
            lhs, rhs = self._read_pair(fake, define=True)
        except NotRead as exc:
            self.plan.errors.append(f"line {d.line}: cannot read 'define {text}': {exc.reason}")
            return
        shape = definition_shape(lhs)
        if shape is None:
            self.plan.errors.append(f"line {d.line}: 'define {text}': the left side must be a name "
                                    "or a name applied to names")
            return
        self.ctx.define(shape[0], shape[1], rhs.expr, self.location, d.line)
        self.ctx.note(lhs, rhs)

    def _reader_for_conditions(self):
        return lambda latex: self.read(latex, self.ctx.scope())

    # -- one step --------------------------------------------------------------------------------
    def _euler_or_name(self, step: Step) -> None:
        """``e = y - \\hat{y}``: a document that defines ``e`` uses it as a name, from here on."""
        if step.relation in ("=", ":=") and step.from_.strip() == "e" and "e" not in self.ctx.lets:
            self.ctx.lets["e"] = "symbol"

    def _read_pair(self, step: Step, define: bool = False):
        """Both sides with one meaning per name (``read_pair``). A left side ``NAME(args)`` that
        cannot be read because NAME is unknown is read again with NAME a function: it is a
        definition's left side, or a use of what the document calls a function."""
        self._euler_or_name(step)
        bad = _UNREADABLE.search(step.from_ + " " + step.to)
        if bad:
            raise NotRead(f"'{bad.group(0).strip()}' is ambiguous (x^10 shows as x^1 0; write x^{{10}})")
        if len(_COLUMN_PAIR.findall(step.latex)) >= 2:
            raise NotRead("a row with two aligned relations (a &= b & c &= d): columns, not one chain")
        step = _without_number(step)
        step, scope = vecops.prepared(step, self.ctx.scope(), self.operators)
        entry = indices.differentiated_entries(step.from_ + " " + step.to) - set(self.ctx.values) \
            - set(self.ctx.functions) - self.ctx.ranged     # b of "b = 1, ..., B": an index letter already
        if entry:       # \partial E / \partial w_d beside x_{nd}: d is the index of an entry
            scope = _replace(scope, index=scope.index | entry)
        for _ in range(MAX_CALLEES):
            try:
                return evaluated_alike(*self.read_both(step.from_, step.to, scope))
            except NotRead as exc:
                callee = _called(exc.reason, step.from_ + " " + step.to)
                if callee is None and (define or step.relation == "=") and _DEFINED_CALL.match(step.from_) \
                        and _callee(step.from_) not in scope.functions:
                    callee = _callee(step.from_)     # f(x) = ...: the left side of a definition
                if callee is None or callee in scope.functions:
                    raise
                scope = _with_function(scope, callee)
        return evaluated_alike(*self.read_both(step.from_, step.to, scope))

    def read_both(self, left: str, right: str, scope):
        if self.read is read:
            return read_pair(left, right, scope)
        return self.read(left, scope), self.read(right, scope)

    def _step(self, item: Planned, head: bool, assume: list, sizes: dict) -> None:
        step = item.step = conditions.beside_step(item.step)   # -p_i p_j \quad (i \ne j)
        recur._recurrences(self)    # each recurrence said so far, before a number for one term replaces it
        if step.relation == "=" and _DOTS.search(step.to):
            span = ranges.parse(f"{step.from_} = {step.to}")
            if span is not None and span.bounded:     # y_i = ..., \qquad i = 1, \dots, n - K + 1
                item.status = "condition"
                item.reason = f"the range of {', '.join(span.letters)}: {span.lower} to {span.upper}"
                return
        if argmax.tried_first(self, item, head, assume, sizes):   # \arg\max_v F = \arg\min_v G
            return
        if norms.tried_first(self, item, head, assume, sizes):   # \|v\|^2 = v^T v: entry by entry
            return
        read_as, entry = vecfun.entry_step(step, self.ctx.lets, head)   # ... = S(\mathbf{x}): the entry i
        read_as, dotted = entrywise.dot_step(read_as, vectors.declared_in(self), vectors.sigmoid_said(self, step.line),
                                          self.ctx.counted)
        confused = entrywise.own_size(read_as, self.ctx.counted)      # \mathbf{a}^2 = |\mathbf{a}^2|
        if confused:
            item.status, item.reason = "not_read", confused
            return
        if not hasattr(self, "_shift_numbers"):     # "a scalar $c$", $c \in \mathbb R$, "c is a scalar constant"
            self._shift_numbers = matrices.said_numbers(self.text) | vecfun.said_scalars(self.text)
        read_as, shifts = vecfun.shift_step(read_as, self.ctx, self._shift_numbers)   # L(x + a\mathbf{1}): L at a shifted x
        try:
            lhs, rhs = vecfun.shifted(*self._read_pair(read_as), shifts)
        except NotRead as exc:
            item.status, item.reason = "not_read", exc.reason
            if vectors.wanted(exc.reason):      # vectors and matrices: entry by entry (vectors.py)
                try:
                    vectors.plan_step(self, item, head, assume, sizes)
                    if item.status == "not_read":
                        item.status = None
                except NotRead as again:
                    item.reason = again.reason
            return
        beside = conditions.from_note(step.note, self._reader_for_conditions(), integers=self.ctx.integers)
        beside = prose.with_said(beside, self.said, self._reader_for_conditions(), conditions.index_letters(lhs, rhs))
        kind = self._classify(step, head, lhs, rhs)
        if kind is None and isinstance(lhs.expr, sp.Derivative):   # \partial h_t/\partial x_k through h_t = a h_{t-1} + ...
            from .recurdiff import derivative
            kind = derivative(self, step, lhs, rhs, beside)
        self.ctx.valued |= (set(lhs.names) | set(rhs.names)) - set(lhs.applied) - set(rhs.applied)
        fresh = (set(lhs.names) | set(rhs.names)) - self.ctx.seen
        self.ctx.note(lhs, rhs)
        if isinstance(kind, Introducing):
            # e^{s_j + b} / \sum_l e^{s_l + b} = e^{s_j} / \sum_l e^{s_l} with b new: an identity in b
            # holds; anything else is an equation that may set b (a condition, never wrong)
            item.introduces, kind = kind.reason, None
        if isinstance(kind, recur.Unrolled):
            kind.place(item, self.file)     # checked against the recurrence it unrolls (recur.py)
        elif kind is not None:
            item.status, item.reason = kind
        elif step.relation == "\\approx":
            self._approximately(item, lhs, rhs)
        elif step.relation != "=":
            item.status = "undecided"
            item.reason = f"the relation {step.relation} is not checked yet"
        elif matrices.plan_declared(self, item, (lhs.expr, rhs.expr), assume + list(beside.domain), sizes):
            return      # declared matrices as matrices (matrices.py), not as numbers
        else:
            self._claim(item, lhs, rhs, assume + list(beside.domain), sizes, beside, fresh)
            vecfun.note_entry(item, entry)
            vecfun.note_entry(item, dotted)     # \mathbf y \cdot \hat{\mathbf y}: over the range the other side gives
            if dotted:      # the range is the other side's: a doubt unless the text ties it (entrywise.py)
                item.hazards += entrywise.dot_doubts(dotted)
                item.borrowed_range = True
        if self.updating and kind is None and not rhs.expr.free_symbols and not lhs.applied:
            # w_1 = w_1 - \eta g = 1 - 0.01(5.7) = 0.943: the chain ends in w_1's new value (the
            # steps of the chain itself use the old one)
            self.update_given = True
            self.updates.append((self.updating, (rhs.expr, step.location, step.line, True, _places(step.to))))

    def _classify(self, step: Step, head: bool, lhs: Reading, rhs: Reading):
        """(status, reason) for a step that is not checked as an identity, else None."""
        if _QUESTION.search(step.latex):
            return "condition", "a question (a ? over the relation), not a statement"
        if self.supposing:
            return "condition", "supposed for contradiction: the document refutes it, it does not claim it"
        if head and self.asks and step.relation == "=" and lhs.expr.free_symbols:
            return "condition", "an equation the text sets (\"... where\", \"the boundary is\")"
        if step.relation == "=" and self.display is not None and hypotheses.quantified_fact(self.text, self.display):
            return "condition", hypotheses.HYPOTHESIS     # w_k = 0, \forall 0 < k \le n (facts.py)
        if step.relation == ":=":
            return self._define(step, lhs, rhs)
        if step.relation in conditions.INEQUALITIES:
            if conditions.is_simple(lhs.expr, rhs.expr):
                return "condition", "a condition on one name"
            return None
        if step.relation != "=":
            return None
        if head and lhs.expr.free_symbols and rhs.expr.free_symbols and \
                (self.solving or (names_in(lhs.expr) | names_in(rhs.expr)) & self.solved) and \
                definition_shape(lhs, step.from_) is None:
            # 2x + 1 = x + 3 \Rightarrow x = 2; "setting the derivative to zero gives ...": an
            # equation the document solves, not an identity; x = 2 is then its solution
            self.ctx.unknowns |= (names_in(lhs.expr) | names_in(rhs.expr)) & self.solved
            return "condition", "an equation the document solves"
        shape = definition_shape(lhs, step.from_)
        if shape is not None and (shape[0] in rhs.names or shape[0] in rhs.applied) and not shape[1]:
            # w = w - \eta g: the right side (and the chain after it) uses the old value; the
            # name takes its new value where the chain ends in a number
            self.updating, self.update_given = (shape[0] if head else None), False
            if not head:
                self.ctx.forget(shape[0])
            return "definition", f"an update of {shape[0]}"
        if shape is not None and shape[0] in self.ctx.unknowns:
            return "condition", f"solves for {shape[0]}, introduced by a condition"
        if head and (square := _square_of_name(lhs, step.from_)) is not None and square in self.ctx.unknowns:
            # Var[...] = \sigma^2 \sum_i x_i^2 introduced sigma; "Xavier chooses $$\sigma^2 = 1/D$$"
            return "condition", f"solves for {square}, introduced by a condition"
        if shape is not None and shape[1] and statistic_name(shape[0]) and self.ctx.defined(shape[0]) is None \
                and not self.ctx.writes_any(rhs.expr, shape[1]):
            # \mathrm{Var}(x_i) = v: a fact about x_i, not a formula of Var for every argument
            return "condition", f"{shape[0]} of {', '.join(map(str, shape[1]))}: a value, not a definition of {shape[0]}"
        if shape is not None and shape[1] and _is_library(lhs) \
                and any(p.name in self.ctx.values for p in shape[1]):
            shape = None   # sigma(z) with z = x_1 - x_2 defined: a claim about sigma, not its definition
        if shape is not None and shape[1] and not _is_library(lhs) and self.ctx.defined(shape[0]) is None \
                and any(p.name in self.ctx.values for p in shape[1]):
            # f(z) = 3 after z = 1, f not defined: f's value at one point, not the constant
            # function f = 3 (with f defined, f(z) = 3 is checked at z's value)
            at = ", ".join(sorted(p.name for p in shape[1] if p.name in self.ctx.values))
            return "condition", f"the value of {shape[0]} at {at}, which has a value: not a definition of {shape[0]}"
        if shape is not None and shape[1] and _is_library(lhs) and not getattr(rhs.expr, "free_symbols", True):
            # sigma(z_o) = 0.6: the sigmoid's value at a point the text does not give, not a
            # new meaning of sigma
            return "condition", f"the value of {shape[0]} at {', '.join(map(str, shape[1]))}"
        if shape is not None and _is_library(lhs) and rhs.expr.has(type(lhs.expr)):
            shape = None   # sigma(z) = 1 - sigma(z): an equation about sigma, not its definition
        if head and shape is not None and not shape[1] and self._family_entry(shape[0], step):
            return None     # \hat x_1 = \frac{2 - 5}{5} after \hat x_i = ...: the family at 1, checked
        if head and shape is not None and not (shape[0] in rhs.names or shape[0] in rhs.applied):
            return self._define_or_check(step, shape, lhs, rhs)
        if shape is not None and not shape[1] and self.ctx.defined(shape[0]) is None \
                and not rhs.expr.free_symbols:
            return self._define(step, lhs, rhs)     # a value given in a chain: ... = s = 3.3
        square = _square_of_name(lhs, step.from_)
        if head and square is not None and self.ctx.defined(square) is None and square not in self.ctx.seen \
                and square not in rhs.names and rhs.expr.free_symbols:
            # \sigma^2 = \frac1m \sum_i (x_i - \mu)^2: the variance defines the standard deviation,
            # read as its nonnegative root wherever \sigma stands alone
            self.ctx.define(square, (), sp.sqrt(rhs.expr), step.location, step.line)
            self.ctx.squares.add(square)
            return "definition", f"defines {square} (its square is given: {square} read as the nonnegative root)"
        back = definition_shape(rhs, step.to)
        if head and back is not None and not back[1] and back[0] not in names_in(lhs.expr) \
                and lhs.expr.free_symbols and not lhs.expr.has(sp.Derivative) and self._new_here(back[0], step) \
                and back[0] not in names_in(self.ctx.expand(lhs.expr, step.location)[0]) \
                and not calls_a_defined_function(step.from_, self.ctx.functions, self.ctx.lets.items()):
            # x_1 \times x_2 = o: a definition written right to left (\mathrm{flip}(\mathbf{w})_2 = ...
            # is none: a value of a defined function, calls.py)
            self.ctx.define(back[0], (), lhs.expr, step.location, step.line,
                            decimal=_places(step.from_))
            return "definition", f"defines {back[0]}"
        one_sided = (names_in(lhs.expr) ^ names_in(rhs.expr)) - self.ctx.seen - set(lhs.sizes) - set(rhs.sizes)
        one_sided = {n for n in one_sided if self.ctx.defined(n) is None
                     and not probability.settled(self.ctx, n, step.location)}   # E_q[z^2]: a value
        if one_sided and self.ctx.facts is not None:    # p of m \sim \text{Bernoulli}(1 - p): stated already
            one_sided -= self.ctx.facts.names()
        # i = j in a cases row: letters the step's names are indexed by, or declared indices
        one_sided -= conditions.index_letters(lhs, rhs) | set(self.ctx.index)
        one_sided = {n for n in one_sided   # p_j where p_i = ... defined the array p: not new
                     if (got := indices.entry_letters(n)) is None or got[0] not in self.ctx.indexed}
        one_sided = {n for n in one_sided if not upnames.family_member(self.ctx, n)}   # g_{j-1} of g_i = dL/dy_i
        # x_i, x_1 where \sum_i w_i x_i used the array x: an entry of it, not a new name
        one_sided = {n for n in one_sided if (m := _ENTRY_OF.fullmatch(n.replace(" ", ""))) is None
                     or m.group(1) not in self.ctx.arrays_seen}
        if one_sided and not head:
            return None       # a chain step may well drop a name (x - x = 0)
        if one_sided and (lhs.expr.free_symbols and rhs.expr.free_symbols) \
                and not _STATES_A_DERIVATIVE.match(step.from_):
            # \frac{\partial y_i}{\partial x_j} = w_{j-i}: the value of a derivative, a claim whose
            # new names are the check's doubts, not an equation that sets them
            self.ctx.unknowns |= one_sided
            return Introducing(f"introduces {', '.join(sorted(one_sided))}")
        return None

    def _family_entry(self, name: str, step: Step) -> bool:
        """``z_2`` (a number for the index) of an array the document defines entry by entry
        (``z_i = 2 x_i + 1``, in this question or its section) and gives no value of its own: its
        value is the entry formula at 2, put in as the value of ``z_2`` (each entry ``x_2`` of
        another array as the name ``x_2``, which has its value or stays a name). A formula the
        document then writes for ``z_2`` is a claim about that entry, not a new meaning of it: the
        family was said for every index."""
        m = _NUMBERED_ENTRY.fullmatch(name.replace(" ", ""))
        if m is None or self.ctx.defined(name) is not None:
            return False
        base = m.group("base") + (m.group("label") or "")
        d = self.ctx.indexed.get(base)
        if d is None or len(d.params) != 1 or d.case or d.doubtful or recur.recurrence_of(d) is not None \
                or any(str(x.base.label) == d.name for x in d.body.atoms(sp.Indexed)):
            return False
        if d.question() != question_of(step.location) and not self.ctx.shared(d):
            return False        # another question's family: this one may mean something else
        k = int(m.group("one") or m.group("many"))

        def scalar(x):
            idx = x.indices[0]
            if len(x.indices) != 1 or not idx.is_Integer:
                return x
            label = str(x.base.label)
            got = re.fullmatch(r"(.+?)(\^.*)?", label)
            core, sup = got.group(1), got.group(2) or ""
            return sp.Symbol(f"{core}_{idx}{sup}" if idx < 10 else f"{core}_{{{idx}}}{sup}", real=True)

        body = d.body.xreplace({d.params[0]: sp.Integer(k)})
        body = body.replace(lambda e: isinstance(e, sp.Indexed), scalar)
        if any(isinstance(e, sp.Indexed) for e in sp.preorder_traversal(body)):
            return False        # an entry at an index left open: no value of this one entry
        self.ctx.define(name, (), body, d.location, d.line, prose=d.prose)
        return True

    def _new_here(self, name: str, step: Step) -> bool:
        """Never seen yet, or defined in another question (which this one may redefine)."""
        d = self.ctx.defined(name)
        if d is None:
            return name not in self.ctx.seen
        return d.question() != question_of(step.location)

    def _define(self, step, lhs, rhs):
        shape = definition_shape(lhs)
        if shape is None:
            return "definition", "a definition (:=)"
        self._define_entries(step, lhs)
        # \hat y = 1 \cdot 0 + (-0.5) \cdot 2 + 0.5: the forward pass worked out at the point, a
        # quantity of the network there (it may depend on the parameters), not an input given
        computed = not shape[1] and not getattr(rhs.expr, "free_symbols", True) \
            and _written_number(step.to) is None and _RESULT.fullmatch(step.to.strip()) is None
        self.ctx.define(shape[0], shape[1], rhs.expr, step.location, step.line,
                        decimal=_places(step.to), computed=computed)
        return "definition", f"defines {shape[0]}"

    def _define_entries(self, step, lhs, doubtful: bool = False, case: str | None = None) -> None:
        """``Y_{mn} = \\sum_p X_{mp} W_{np} + B_{mn}``: also the definition of every entry of the
        array Y, read again with m and n as indices, for the steps that use ``Y[m, n]``. With
        ``case``, the entries' formula of a new case (it keeps the entries' formula before it)."""
        got = indices.entry_letters(lhs.expr.name) if isinstance(lhs.expr, sp.Symbol) else None
        if got is None or len(set(got[1])) != len(got[1]):
            return
        scope = self.ctx.scope()
        scope = _replace(scope, index=scope.index | set(got[1]))
        try:
            left, right = self.read(step.from_, scope), self.read(step.to, scope)
        except NotRead:
            return
        e = left.expr
        if isinstance(e, sp.Indexed) and all(isinstance(i, sp.Symbol) for i in e.indices) \
                and len(set(e.indices)) == len(e.indices):
            from ..document.context import Definition
            before = self.ctx.indexed.get(str(e.base.label))
            self.ctx.indexed[str(e.base.label)] = Definition(
                str(e.base.label), tuple(e.indices), right.expr, step.location, step.line,
                doubtful=doubtful, section=self.ctx.section if self.ctx.preamble else None,
                case=case or "", earlier=before if case else None)
            self.ctx.note(left, right)

    def _define_or_check(self, step, shape, lhs, rhs):
        """A definition-shaped first step. A name that is new is defined; a name that is known
        (defined earlier, or a library function like the sigmoid) is checked against what is
        known, here and now: if it agrees it ``holds`` as a restatement... reported by the
        engine like any step, so it is left to the claim; if it disagrees, the document
        has given the name a new meaning and the step is its new definition."""
        name, params = shape
        known = self.ctx.defined(name) is not None or (params and _is_library(lhs))
        verdict = _agrees(self.ctx, lhs, rhs, step.location) if known else None
        if verdict == "holds":
            return None           # checked again by the engine, reported as it says
        unrolled = recur.closed_form(self, step, lhs, rhs)   # m_t = (1 - b) \sum_k b^{t-k} g_k after m_t = b m_{t-1} + ...
        if unrolled is not None:
            return unrolled
        if not known:
            return self._define(step, lhs, rhs)
        if params and not getattr(rhs.expr, "free_symbols", True):
            return "condition", f"{name} at a point the text gives"   # L(w) = (0.6 - 1)^2 at the new w
        old = self.ctx.defined(name)
        same = old is not None and old.location is not None and old.location == step.location   # one part
        if params and not same and not _uses_a_parameter(rhs.expr, params):
            # L(p_i) = \log(q_i / (1 - q_i)) of an L defined in another part: its value at the
            # point p_i, in other names; as a new definition of L, L(\sigma(w_i)) would be that
            # value at every point (a later use of L keeps the doubt of L defined elsewhere)
            return "condition", f"{name} at a point, in names other than its argument"
        if same and not params and self._evaluated_here(old, lhs, rhs, step.location):
            # n_out = \lfloor (n + 2p - K)/s \rfloor + 1, then "for the layer on the sheet, $n = 11$,
            # $K = 3$, ...": n_out = \lfloor (11 + 1 - 3)/2 \rfloor + 1 is the formula at the numbers
            # the question gives, no new meaning: checked as a claim (and wrong if it is)
            return None
        phrase = self._new_case(name, step) if same else None
        if phrase is not None:   # "for classification problems ... $$y_k = \sigma(a_k)$$": the case's formula
            self.ctx.define(name, params, rhs.expr, step.location, step.line, case=phrase, earlier=old)
        else:
            self.ctx.define(name, params, rhs.expr, step.location, step.line, doubtful=same)
        self._define_entries(step, lhs, doubtful=same and phrase is None, case=phrase)   # y_k = a_k, then y_k = sigma(a_k): the array y follows
        if params and _is_library(lhs):
            self.ctx.lets[name] = "function"
            self.relet.add(name)
        if phrase is not None:
            return "definition", f"a new case: {phrase} (redefines {name} of line {old.line})"
        if same:   # g = da/dz, then g = a(1 + a): a new meaning, or an error; not certain either way
            return "undecided", (f"{name} is given a formula that disagrees with its definition at line "
                                 f"{old.line} ({verdict} as an identity): a new meaning, or an error")
        return "definition", f"redefines {name}"

    def _evaluated_here(self, old, lhs, rhs, location) -> bool:
        """A number for a name defined by a formula whose every name the question has given a
        number since (the prose's values): the formula evaluated, not a new meaning."""
        if getattr(rhs.expr, "free_symbols", True) or not getattr(old.body, "free_symbols", None) \
                or self.display is None:
            return False
        # every number said between the display before and this one: an instance the text sets up
        # here ("For the layer on the sheet, $n = 11$, $K = 3$, $p = 1$ and $s = 2$:"), not numbers
        # an earlier instance left behind ("a $7 \times 7$ input, $K = 3$" after H = 224)
        since = max([d.last_line for d in self.found if not d.inline and d.start < self.display.start] + [old.line])
        for x in old.body.free_symbols:
            d = self.ctx.values.get(getattr(x, "name", ""))
            if d is None or getattr(d.body, "free_symbols", True) or d.line < since \
                    or question_of(d.location) != question_of(location):
                return False
        left, _ = self.ctx.expand(lhs.expr, location)
        return not getattr(left, "free_symbols", True)

    def _new_case(self, name: str, step: Step) -> str | None:
        """The case phrase that introduces this restatement of ``name``: in the sentence right
        before its display or in the note beside the step; once per name and display (a second
        formula for the same name in one display needs a phrase of its own)."""
        if name in self.cased:
            return None
        phrase = cases.case_phrase(self.lead) or cases.case_phrase(cases.note_text(step.note))
        if phrase is not None:
            self.cased.add(name)
        return phrase

    def _case_hazards(self, lhs, rhs) -> list:
        """A step that uses the formula of a new case may mean the formula before it: a wrong
        under the newest formula alone is not certain (a holds stands)."""
        return [cases.hazard(d) for _, d in self._cased(lhs, rhs)]

    def _cased(self, lhs, rhs) -> list:
        """(table, Definition) of the formulas of new cases the step uses: the names' (directly
        or through other definitions) and the entries' of arrays (y_j of y_k = \\sigma(a_k))."""
        out = [((self.ctx.functions if d.params else self.ctx.values), d)
               for d in self.ctx.used(lhs.expr, rhs.expr) if d.case]
        names = set().union(*(names_in(d.body) for _, d in out), names_in(lhs.expr), names_in(rhs.expr))
        for d in self.ctx.used(lhs.expr, rhs.expr):
            names |= names_in(d.body)
        for n in sorted(names):
            got = indices.entry_letters(n)
            base = got[0] if got is not None else n
            d = self.ctx.indexed.get(base)
            if d is not None and d.case and all(d is not e for _, e in out):
                out.append((self.ctx.indexed, d))
        return out

    def _earlier_claim(self, item, lhs, rhs, assume, size_map, cid, statement):
        """(label, claim): the step read with the formulas the names had before their new cases
        (``run`` keeps a wrong only when this one is wrong too). None when the step uses no new
        case, when an earlier formula was itself in doubt, or when this reading has a doubt the
        step's own reading does not (then the case's doubt stays)."""
        cased = self._cased(lhs, rhs)
        used = [d for _, d in cased]
        if not used or any(d.earlier is None or d.earlier.doubtful or d.earlier.case for d in used):
            return None
        tables = (self.ctx.values, self.ctx.functions, self.ctx.indexed)
        saved = [(t, d.name, t.get(d.name)) for d in used for t in tables]
        try:
            for table, d in cased:
                for t in tables if table is not self.ctx.indexed else (table,):
                    t.pop(d.name, None)
                if table is self.ctx.indexed:
                    table[d.name] = d.earlier
                else:
                    (self.ctx.functions if d.earlier.params else self.ctx.values)[d.name] = d.earlier
            left, h1 = self.ctx.expand(lhs.expr, item.step.location)
            right, h2 = self.ctx.expand(rhs.expr, item.step.location)
        finally:
            for t, name, old in saved:
                t.pop(name, None)
                if old is not None:
                    t[name] = old
            self.ctx.facts.take()      # the facts this reading used are not the next step's
        left, right = _scalar_of_1x1(left, right)
        left, right, assume = _one_per_name(left, right, list(assume))
        free = set().union(*(getattr(e, "free_symbols", set()) for e in (left, right)))
        left, right = (_fresh_bound(e, free) if hasattr(e, "atoms") else e for e in (left, right))
        if indices.free_indices(left, right) or not all(isinstance(e, sp.Expr) for e in (left, right)):
            return None
        own = h1 + h2 + _opaque_hazards(self.ctx.opaque, left, right) + _partial_families(left, right) \
            + _entry_hazards(left, right) + _one_sided(left, right, self.ctx.facts.stated()) \
            + _array_sums(left, right, vecfun.differentiated(lhs.expr, rhs.expr))
        closed = [not getattr(e, "free_symbols", True) for e in (left, right)]
        if set(own) - set(item.hazards) or closed[0] != closed[1]:
            return None     # a doubt of its own (values plugged in on one side only, ...)
        label = ", ".join(dict.fromkeys(f"{d.name} of line {d.earlier.line}" for d in used))
        return label, Identity(cid + "~earlier", item.step.location or "", statement, lhs=left, rhs=right,
                               assume=tuple(assume), sizes=size_map or None, document=self.file,
                               exercise=self.file)

    def _approximately(self, item, lhs, rhs) -> None:
        """``a \\approx 0.731``: a closed value against the number written, to its places and
        within rounding (the leniency of rounded values: ``approx``). Anything else is not
        checked."""
        step = item.step
        left, hazards = self.ctx.expand(lhs.expr, step.location)
        written = _written_number(step.to)
        places = written[0] if written else None
        if places is None and _closed(left):
            right, more = self.ctx.expand(rhs.expr, step.location)
            if _closed(right):
                self._approximately_closed(item, left, right, hazards + more)
                return
        if places is None or getattr(left, "free_symbols", True) or rhs.expr.free_symbols:
            item.status, item.reason = "undecided", "\\approx is checked only between a value and a number"
            return
        item.hazards = tuple(dict.fromkeys(hazards))
        item.approx = max(places, 1)
        item.reading = {"from": _text(left), "to": _text(rhs.expr), "assumptions": []}
        item.claim = Value(f"{self.file}:{item.id_suffix}", step.location or "",
                           f"{step.from_} \\approx {step.to}", computed=left, stated=rhs.expr, places=places,
                           document=self.file, exercise=self.file)
        if left != rhs.expr:
            self.results.update(m.group(0) for m in _DECIMAL_NUMBER.finditer(step.to))

    def _approximately_closed(self, item, left, right, hazards) -> None:
        """``w_2 h + b_2 \\approx -1.2 \\times 0.731 + 0.5``: two closed values. The step holds
        where the sides are equal, or equal within the rounding of the numbers it writes
        (``rounding``); it is never wrong, since \\approx says not how close (the hazard)."""
        step = item.step
        item.hazards = tuple(dict.fromkeys(hazards + [APPROXIMATE]))
        item.approx = _places(step.from_ + " " + step.to)   # the old leniency only with decimals written
        item.reading = {"from": _text(left), "to": _text(right), "assumptions": []}
        item.claim = Identity(f"{self.file}:{item.id_suffix}", step.location or "",
                              f"{step.from_} \\approx {step.to}", lhs=left, rhs=right, assume=(),
                              document=self.file, exercise=self.file)
        item.rounding = self._rounding(step, left, right)

    def _hypotheses(self, item, left, right) -> tuple:
        """The question's hypotheses before this display put into the step (facts.py)."""
        display = self.display
        if display is None:
            return left, right, ()
        item.hypothesis = hypotheses.is_fact_display(self.text, display)
        if getattr(self, "_stated", (None,))[0] is not display:   # read once per display
            if not hasattr(self, "_every_fact"):
                self._every_fact = hypotheses.every_fact(self.text, self.found)
            got = hypotheses.before(self._every_fact, display)
            self._stated = (display, hypotheses.rules(got, self.read, self.ctx.scope(), self.ctx))
        own = hypotheses.beside(item.step.note, item.step.line, question_of(item.step.location))
        own = hypotheses.rules(own, self.read, self.ctx.scope(), self.ctx) if own else []   # (letting mu = E[g_k])
        return hypotheses.use(self._stated[1] + own, left, right)

    def _rounding(self, step, left, right):
        """The step against the intervals its rounded numbers stand for (``rounding``): a
        ``Finding``, or None where it writes no rounded number or they cannot be told apart."""
        from checks.prove.budget import MethodTimeout
        from ..reading import rounding
        given = {d.body for d in self.ctx.values.values()
                 if not d.params and not d.updated and isinstance(d.body, sp.Rational)}
        scope = self.ctx.scope()

        def read_side(latex, names):
            try:
                return self.read(latex, _replace(scope, variables=scope.variables | names)).expr
            except NotRead:
                return None

        def expand(e):
            return None if e is None else self.ctx.expand(e, step.location)[0]

        try:
            found = rounding.prepare(step.from_, step.to, left, right, given=given, text=self.text,
                                     read_side=read_side, expand=expand, results=frozenset(self.results))
            return None if found is None else rounding.settle(found)
        except MethodTimeout:
            raise
        except Exception:   # a form the interval reading does not take: the step is as before
            return None

    def _claim(self, item, lhs, rhs, assume, sizes, beside, fresh):
        step = item.step
        self.ctx.note_partials(lhs.expr, rhs.expr)
        self.ctx.facts.take()     # the facts this step's expansion uses, from here on
        from ..document.intermed import noted
        a, b, since = noted(self, step, lhs.expr, rhs.expr)    # \text{since } t_1 = u^T v: put in first
        if since:       # the note is that one chain of names, used: no condition left beside the step
            beside = _replace(beside, letters=(), others=())
        self.ctx.recursive_put = set()
        left, h1 = self.ctx.expand(a, step.location)
        right, h2 = self.ctx.expand(b, step.location)
        h1 = h1 + _two_depths(self.ctx.recursive_put, left, right)
        left, right, more = upnames.entries(self.ctx, left, right, step.location)   # g_1, g_{n-2}: of g
        h1 = h1 + more
        put_in = None
        if beside.letters and not indices.free_indices(left, right):
            # i = j beside a step written with names (x_i, x_j), no index to enumerate: the
            # step with j := i, before its derivatives are taken
            a, b, put, where = conditions.substituted(beside, lhs.expr, rhs.expr)
            used = self.ctx.used(lhs.expr, rhs.expr) + self.ctx.used(a, b)
            bodies = [(d.body, d.params) for d in used] + [(d.body, d.params) for d in self.ctx.indexed.values()]
            if where and not conditions.mention(bodies, conditions.swapped(beside, put), {d.name for d in used}):
                put_in = ([r for r in beside.letters if r not in put.letters], beside,   # said once hazards are known
                          conditions.index_letters(lhs, rhs))
                beside = put
                left, h1 = self.ctx.expand(a, step.location)
                right, h2 = self.ctx.expand(b, step.location)
        left, right = _scalar_of_1x1(left, right)
        gapped = conditions.shifted(beside, left, right, assume, self._sign_elsewhere) \
            if beside.others and not beside.unread else None
        gaps = []
        if gapped is not None:   # "r > \delta" beside the step: r is \delta plus a positive gap
            left, right, assume, beside, gaps = gapped
        if isinstance(left, (sp.MatrixBase, sp.MatrixExpr)) != isinstance(right, (sp.MatrixBase, sp.MatrixExpr)):
            # \partial J/\partial \mathbf v_c (read as a number) against a written column: no claim
            # the engine can compare (it failed with a TypeError here)
            item.status = "not_read"
            item.reason = "the shapes of the step do not fit: a number against a vector or matrix"
            return
        left, right, item.facts_used = self._hypotheses(item, left, right)   # "suppose v . x_i = 0"
        item.facts_used = since + tuple(item.facts_used)
        assume = list(assume) + [r for r in self.ctx.facts.positive() if r not in assume]   # variances > 0
        left, right, assume = _one_per_name(left, right, list(assume))
        # (\nabla L)_j = 2 \sum_j x_j: the sum's j is its own, never the free j the step is checked at
        free = set().union(*(getattr(e, "free_symbols", set()) for e in (left, right)))
        left, right = (_fresh_bound(e, free) if hasattr(e, "atoms") else e for e in (left, right))
        hazards = h1 + h2
        hazards += _opaque_hazards(self.ctx.opaque, left, right)
        # before and after the definitions: a(x) replaced by w x + b still had an unknown range
        hazards += _quantity_hazards(set(self.ctx.quantities) | self.ctx.quantity_names, left, right,
                                     lhs.expr, rhs.expr)
        hazards += _partial_families(left, right)
        hazards += _entry_hazards(left, right)
        hazards += doubts.through_recurrence(self, step, lhs.expr, rhs.expr, left, right)
        hazards += doubts.juxtaposed(self.scan, self.ctx, step)   # y(1 - y): a product, and how sure
        if self.ctx.lets.get("e") != "symbol" and _BARE_E.search(step.from_ + " " + step.to):
            hazards.append("a bare e is read as Euler's number (a name e? say `let e = symbol`)")
        hazards += _one_sided(left, right, self.ctx.facts.stated(), assume)
        hazards += entrywise.size_hazards(left, right, self.ctx.counted)    # |\mathbf a| = d - k + 1: computed here?
        hazards += _array_sums(left, right, vecfun.differentiated(lhs.expr, rhs.expr))
        hazards += doubts.step_doubts(self.scan, step.from_ + " = " + step.to + " " + _units_only(step.latex), left, right,
                                      _plain_names(lhs.expr) | _plain_names(rhs.expr) | _plain_names(left)
                                      | _plain_names(right), self.ctx.lets, self.ctx.here)
        hazards += self.pending_doubts(lhs, rhs, (left, right)) + self.around
        hazards += self._case_hazards(lhs, rhs)
        said = set()
        if lhs.expr.free_symbols and rhs.expr.free_symbols:
            # "here $n = 1$": a step that holds at the prose's numbers is also checked in general
            said = {d.name for d in self.ctx.used(lhs.expr, rhs.expr) if d.prose and not d.params
                    and not getattr(d.body, "free_symbols", True)}
        # under the step's sign conditions: sign(x) with x < 0 beside it is -1, no value plugged in
        signs = _sign_facts(assume)
        closed = [not getattr(_refined(e, signs) if signs else e, "free_symbols", True) for e in (left, right)]
        if closed[0] != closed[1]:
            names = sorted(s.name for e in (left, right) for s in getattr(e, "free_symbols", ()))
            number = left if closed[0] else right
            general = lhs.expr if closed[1] else rhs.expr     # as written, before the definitions
            if not doubts.plugged_from_nowhere(self.text, names, number, self._question_so_far(), general):
                hazards.append(f"values of {', '.join(names)} are plugged in that the mathematics does not give")
        size_map = {}
        for name in set(lhs.sizes) | set(rhs.sizes):
            lo, hi = sizes.get(name, DEFAULT_SIZES)
            sym = _symbol_named(left, right, name)
            if sym is not None:
                size_map[sym] = range(lo, hi + 1)
        item.hazards = tuple(dict.fromkeys(hazards))
        if put_in:
            prose.took(item, *put_in, substituted=True)
        places = [p for p in [_places(step.from_ + " " + step.to)] + [d.decimal for d in self.ctx.used(lhs.expr, rhs.expr)
                                                                     if not _given_datum(d)] if p]
        item.approx = max(places) if places else 0   # 0.9 is a parameter; 0.731 the rounded value
        facts = self.ctx.facts.take()     # shown with the reading, also when entries are enumerated
        item.reading = {"from": _text(left), "to": _text(right),
                        "assumptions": [_text(a) for a in assume] + gaps + facts
                        + named.shown(self.ctx.used(lhs.expr, rhs.expr), self.named_made, step.from_ + step.to)}
        cid = f"{self.file}:{item.id_suffix}"
        statement = f"{step.from_} {step.relation} {step.to}"
        written, places = _written_number(step.to), None
        if written and not written[2]:
            places = written[0]          # 0.731, 7 \times 10^{-3}: to the places written
        elif written and (_irrational(left) or (isinstance(left, sp.Expr) and left.is_Rational
                                                and not left.is_Integer)):
            if written[1] >= 2:
                # e^{10} = 22026: to the unit; 22000: to the thousand. One figure (sigma(-1) = 0,
                # log 2 = 1) is an exact claim, only allowed its last 0.1%
                places = written[0]
            else:
                item.approx = max(item.approx, 3)
        if places is not None and not left.free_symbols and not right.free_symbols:
            item.hazards += (beside.hazard,) if beside.hazard else ()
            item.claim = Value(cid, step.location or "", statement, computed=left, stated=right,
                               places=places, document=self.file, exercise=self.file)
            if left != right:   # 0.3 \times 2 + 0.4 = 1.0 is exact: 1.0 is no rounded result
                self.results.update(m.group(0) for m in _DECIMAL_NUMBER.finditer(step.to))
            return
        if _closed(left, matrix=True) and _closed(right, matrix=True) and left != right:
            item.rounding = self._rounding(step, left, right)   # used if the engine finds it wrong
        bodies = [d.body for d in self.ctx.indexed.values()]
        # a sum without bounds may come in with a definition too (p_i = e^{z_i} / \sum_k e^{z_k})
        unknown = SIZE_NAME if SIZE_NAME in set(lhs.sizes) | set(rhs.sizes) | {
            getattr(x, "name", None) for e in (left, right) for x in getattr(e, "free_symbols", ())} else None
        left = indices.sized_sums(left, right, *bodies, unknown=unknown)
        right = indices.sized_sums(right, left, *bodies, unknown=unknown)
        for e in (left, right):   # sizes the definitions bring in (\sum_{p=1}^{D} in Y's definition)
            for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
                for _, _, hi in node.limits:
                    if isinstance(hi, sp.Symbol) and hi.is_integer and hi not in size_map:
                        lo_hi = sizes.get(hi.name, DEFAULT_SIZES)
                        size_map[hi] = range(lo_hi[0], lo_hi[1] + 1)
        assume = list(assume) + _size_floors(left, right)
        free = indices.free_indices(left, right)
        where, kept, sized, left_out = conditions.for_enumeration(beside, assume, free, set(size_map), left, right)
        modelled = self._chain(item, (left, right), _related_indices(lhs.expr, rhs.expr),
                               (lhs.expr, rhs.expr), tuple(where))
        if modelled is not None:   # the chain model enumerated its own world
            (left, right), size_map, free = modelled, {}, set()
            if where:   # the model checked only the cases the condition allows: it is used
                prose.took(item, where, beside, conditions.index_letters(lhs, rhs))
                assume, beside = kept, conditions.replace(beside, letters=tuple(left_out))
        if free:
            # "where j = n - i + 1" said for the step: checked with it put in (wordsindex)
            letters = conditions.index_letters(lhs, rhs) | wordsindex.computed_letters(left, right)   # i of w_{n-i+1} too
            wider = prose.with_said(beside, self.said, self._reader_for_conditions(), letters)
            memo = self.__dict__.setdefault("_said_in", {})   # one pass over the displays per question
            if self.ctx.here not in memo:
                memo[self.ctx.here] = stated.said_in_question(self.found, self.ctx.here)
            in_question = memo[self.ctx.here]
            got = wordsindex.retried(free, left, right, where, set(size_map) | sized, wider.letters, only_put=True,
                                     in_question=in_question)
            spans = indices.ranges(free, left, right, given=where) if got is None else None
            table = indices.enumerated(left, right, spans, set(size_map) | sized, where) if spans is not None else None
            if got is None and table is None:   # ranges the step shows not enough: the text's, only entries that exist
                got = wordsindex.retried(free, left, right, where, set(size_map) | sized, wider.letters,
                                         in_question=in_question)
            if got is not None:
                left, right, free, table, put = got
                where, beside = list(where) + [r for r in put if r not in where], wider
            else:
                letters = conditions.index_letters(lhs, rhs)
            lone = wordsindex.lone_entries(free, left, right, where) if table is None else None
            if lone is not None:    # every entry at one index i: the step says the same of each i
                left, right = left.xreplace(lone), right.xreplace(lone)
                assume = [a.xreplace(lone) if hasattr(a, "xreplace") else a for a in assume]
            elif table is None:
                item.hazards += (f"index {', '.join(sorted(str(i) for i in free))} has no range the step "
                                 "shows" + (" (or the condition beside it cannot restrict it)" if where else ""),)
            else:
                related = _related_indices(lhs.expr, rhs.expr)   # as written, before derivatives
                left, right, cases = table
                item.enumerated = len(cases)
                item.cases = tuple(cases)
                item.free = tuple(sorted(free, key=str))
                item.related = related
                size_map = {}
                if where:   # only the entries the condition allows: it is used, not a hazard
                    prose.took(item, where, beside, letters)
                    assume, beside = kept, conditions.replace(beside, letters=tuple(left_out))
                    item.reading["assumptions"] = list(dict.fromkeys(
                        [_text(a) for a in assume] + [_text(w) for w in where] + facts))
        if beside.hazard:
            item.hazards += (beside.hazard,)
            if unequal := conditions.unequal_only(beside):     # \beta \neq 1: checked at the counterexample (run.py)
                item.at_point += ((beside.hazard, unequal),)
        self._cases_named(item, where)
        labelled = self._labelled(item, left, right, assume, size_map)
        if labelled is not None:
            left, right, assume, size_map = labelled.left, labelled.right, labelled.assume, labelled.sizes
        item.claim = Identity(cid, step.location or "", statement, lhs=left, rhs=right,
                              assume=tuple(assume), sizes=size_map or None, document=self.file,
                              exercise=self.file)
        item.ranges = self.ranges.scoped(self.found, self.display, self.kind) if self.display is not None else self.ranges
        item.at_point += self._said_at_point(item.hazards)
        item.at_values = _at_set_values(item.claim, item.hazards, cid, self.file, item.cases)
        if said and not item.enumerated:
            gl, _ = self.ctx.expand(lhs.expr, step.location, keep=said)
            gr, _ = self.ctx.expand(rhs.expr, step.location, keep=said)
            gl, gr, ga = _one_per_name(gl, gr, list(assume))
            item.general = (sorted(said), Identity(cid + "~general", step.location or "", statement, lhs=gl,
                                                   rhs=gr, assume=tuple(ga), sizes=size_map or None,
                                                   document=self.file, exercise=self.file))
        if not item.enumerated and put_in is None and labelled is None:
            item.earlier = self._earlier_claim(item, lhs, rhs, assume, size_map, cid, statement)

    def _said_at_point(self, hazards) -> tuple:
        """((hazard, relations), ...) of the doubts "the text says K \\le n, which the check does
        not use" whose relations are between plain names and numbers (no entry, sum or call): a
        counterexample whose values satisfy them lies inside what the text says (run.py)."""
        out = []
        for h in hazards:
            m = _NOT_USED.fullmatch(h)
            if m is None:
                continue
            rels = conditions.parse(m.group(1), self._reader_for_conditions(), self.ctx.integers)
            if rels and all(isinstance(r, sp.Rel) and not isinstance(r, sp.Eq)
                            and all(isinstance(a, (sp.Symbol, sp.Number, sp.Add, sp.Mul, sp.Pow, sp.Rel))
                                    for a in sp.preorder_traversal(r)) for r in rels):
                out.append((h, tuple(rels)))
        return tuple(out)

    def _cases_named(self, item, where) -> None:
        """A case the text names for two free indices of an enumerated step (``i \\neq j`` said
        for another display of the question): the step may be claimed under it, or under the
        other case. Its doubt goes; the run keeps a wrong only when the entries of each case,
        i = j and i ≠ j, are certainly wrong too (run.index_cases). A condition beside the step
        on the same letters is the step's own case: the text's other case is not its own."""
        if not item.enumerated or len(item.free) < 2:
            return
        free = {str(f) for f in item.free}
        own = [{str(x) for x in r.free_symbols} for r in where]
        kept, named = [], []
        for h in item.hazards:
            m = _NOT_USED.fullmatch(h)
            pair = stated.case_pair(m.group(1)) if m else None
            if pair is None or not set(pair) <= free or frozenset(pair) in item.related:
                kept.append(h)
            elif not any(set(pair) <= o for o in own):
                named.append((tuple(sorted(pair)), m.group(1)))
        if len(kept) == len(item.hazards):
            return
        item.hazards = tuple(kept)
        for (a, b), _ in named:
            item.every_case |= {f"{a} ≠ {b}", f"{a} = {b}"}
        if named:
            pairs = ", ".join(dict.fromkeys(f"{a} = {b} and {a} ≠ {b}" for (a, b), _ in named))
            shown = f"{pairs}, each checked (the text names ${named[0][1]}$ for this question)"
            item.where = "; ".join(x for x in (item.where, shown) if x)

    def _members_elsewhere(self, item, left, right, assume, size_map, own) -> None:
        """A label set said in another question may not be this step's domain, but a step wrong at
        its members is wrong in the larger domain too: the step at those members is checked
        beside it (``item.members``), for a wrong only (the run drops the doubt when that claim
        is certainly wrong)."""
        arrays = set().union(*(ls.arrays() for ls in own)) if own else set()
        others = [ls for ls in self.label_sets if ls not in own and not ls.arrays() & arrays]
        if not others:
            return
        got = stated.restrict(left, right, others, item.cases, size_map, assume, indices.SIZES)
        if got is None:
            return
        # a set of the same names with these members among its own is settled by them as well
        # (y_i \in \{-1, 1\} beside y \in \{-1, 1\}): the counterexample is inside it too
        doubts = {stated.doubt_text(ls) for ls in others
                  if ls in got.used or any(ls.arrays() & u.arrays() and set(u.members) <= set(ls.members)
                                           for u in got.used)} & set(item.hazards)
        if not doubts:
            return
        cid = f"{self.file}:{item.id_suffix}~members"
        claim = Identity(cid, item.step.location or "", f"{item.step.from_} = {item.step.to}", lhs=got.left,
                         rhs=got.right, assume=tuple(got.assume), sizes=got.sizes or None,
                         document=self.file, exercise=self.file)
        shown = "; ".join(ls.shown() for ls in got.used)
        item.members = (frozenset(doubts), claim, shown, tuple(got.cases))

    def _labelled(self, item, left, right, assume, size_map):
        """The step at every member of the label sets said for its question (said.restrict): the
        doubt on them goes, the reading and the verdict say which domain was checked. None
        when none applies or the step cannot be restricted (the doubt stays)."""
        sets = [ls for ls in self.label_sets if ls.applies(self.ctx.here, self.ctx.section)]
        got = stated.restrict(left, right, sets, item.cases, size_map, assume, indices.SIZES) if sets else None
        if got is None:
            self._members_elsewhere(item, left, right, assume, size_map, sets)
            return None
        item.cases, item.finite = tuple(got.cases), True
        if got.enumerated:
            item.enumerated = len(got.cases)
        done = stated.settled(got.used, self.label_sets)
        hot = [ls for ls in got.used if ls.one_hot]
        for h in item.hazards:   # a one-hot vector sums to 1: "the text says \sum_i y_i = 1" is settled too
            m = _NOT_USED.fullmatch(h)
            if m and any(stated.sum_fact(m.group(1), ls) for ls in hot):
                done.add(h)
        if hot:   # ... and put in as a fact, it changed nothing on the members: a wrong there is certain
            item.facts_used = tuple(f for f in item.facts_used
                                    if not any(stated.sum_fact(re.sub(r"\s*\(line \d+\)$", "", f), ls) for ls in hot))
        item.hazards = tuple(h for h in item.hazards if h not in done)
        shown = "; ".join(f"{ls.shown()}: every member checked" for ls in got.used)
        item.where = "; ".join(x for x in (item.where, shown) if x)
        if item.reading is not None:
            item.reading["assumptions"] = [a for a in item.reading["assumptions"]
                                           if a not in {_text(r) for r in assume if r not in got.assume}] \
                + [ls.shown() for ls in got.used]
        return got

    def _chain(self, item, sides, related, written, where):
        """The sides under the chain-rule model of an unwritten loss (``chain``), entry by entry,
        when the step ties partials of it by two quantities and one of them is downstream of
        the others; else None (the step is enumerated as read)."""
        if not any(h.startswith(PARTIALS) for h in item.hazards):
            # \\partial L/\\partial x with o = 3x: the context took it through o already (also
            # under a condition beside the step: the rewrite is the context's either way)
            item.chain = chain.through_model(self.ctx, *written)
            if item.chain is not None:
                item.chain, said = upstream.applied(self.text, self.found, item.step, item.chain, kind=self.kind)
                item.hazards += said
            return None
        got = chain.model(self.ctx, item.step.location, sides, self.text,
                          upnames.Ranges(self.text, self.found, self.kind, item.step), where)
        if got is None:
            return None
        item.hazards = upnames.settled(item.hazards, got.settled)   # ranges the model's world took
        item.chain, said = upstream.applied(self.text, self.found, item.step, got.model, got.inside, self.kind,
                                              self.ctx)
        item.enumerated, item.cases, item.free = len(got.cases), tuple(got.cases), got.free
        item.undefined = got.undefined
        item.related = related
        item.hazards = chain.without_partials(item.hazards) + got.model.hazards + said
        if item.chain.evidence is not None:   # the modelled step is what is checked: its names count
            stated = self.ctx.facts.stated()
            was = set(_one_sided(*sides, stated) + _array_sums(*sides))
            item.hazards = tuple(h for h in item.hazards if h not in was) \
                + tuple(_one_sided(got.lhs, got.rhs, stated) + _array_sums(got.lhs, got.rhs))
        return got.lhs, got.rhs


_CASE_WORDS = re.compile(r"\bcases?\b|diagonal|\b([a-z])\s*(?:=|\\neq?\b|\\not\s*=)\s*(?!\1)[a-z]\b|\\delta_|"
                         r"\\mathbb\s*\{?\s*1\s*\}?\s*_|\\mathbf\s*\{?\s*1\s*\}?\s*_|\bsame index|\bindices (?:agree|differ|are equal)|"
                         r"\botherwise\b|\\begin\{cases\}", re.I)


def _at_set_values(claim, hazards, cid: str, file: str, cases=()):
    """(doubts, claim, shown) of the step with the numbers other questions set for its names put
    in (context.SetElsewhere: "m is set to 3 in Part 1, read here as any value"), or None. A wrong
    that is wrong there too is wrong whether the question means those numbers or any: the run
    drops the doubts then. An enumerated step (``cases``: the sizes and indices of its entries)
    keeps the entries at those sizes. None where putting them in leaves an assumption false, or
    no entry is at those sizes."""
    from ..document.context import SetElsewhere
    doubts = [h for h in hazards if isinstance(h, SetElsewhere)]
    if not doubts or not isinstance(claim, Identity):
        return None
    put = {h.name: h.value for h in doubts}
    if cases:
        rows = [k for k, case in enumerate(cases) if all(case[x] == v for x, v in put.items() if x in case)]
        if not rows or not isinstance(claim.lhs, sp.MatrixBase) or len(claim.lhs) != len(cases):
            return None
        claim = _replace(claim, lhs=sp.Matrix([claim.lhs[k] for k in rows]), rhs=sp.Matrix([claim.rhs[k] for k in rows]))
    assume = []
    for a in claim.assume:
        a = a.xreplace(put) if hasattr(a, "xreplace") else a
        if a is sp.false or a is False:
            return None
        if a is not sp.true and a is not True:
            assume.append(a)
    sizes = {k: v for k, v in (claim.sizes or {}).items() if k not in put} or None
    again = Identity(cid + "~values", claim.location, claim.statement, lhs=claim.lhs.xreplace(put),
                     rhs=claim.rhs.xreplace(put), assume=tuple(assume), sizes=sizes, document=file, exercise=file)
    shown = ", ".join(dict.fromkeys(f"{h.name} = {sp.sstr(h.value)}" for h in doubts))
    return frozenset(str(h) for h in doubts), again, shown


def _two_depths(put, left, right) -> list:
    """An entry of a recursive array read both ways in one step: put in by its formula somewhere
    (h_{t-1} in z_t = w h_{t-1} + u x_t) and left a value elsewhere (inside h_t = tanh(w h_{t-1} + u
    x_t), whose own earlier entry is not put in again). The two readings are one quantity the
    check would take as two: a counterexample may break the recurrence."""
    left_as_values = {x for e in (left, right) for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    both = sorted(str(x) for x in put & left_as_values)
    return [f"{', '.join(both)} read both by its formula and as a value (a recurrence at two depths)"] if both else []


def _an_update_row(step) -> bool:
    """``w_1 = w_1 - \\eta g`` as written: a name alone on the left that the right side writes."""
    m = re.fullmatch(r"\s*&?\s*((?:\\[A-Za-z]+\s*)?\{?[A-Za-z](?:_\{?[A-Za-z0-9]{1,3}\}?)?\}?(?:\^\{?\([^()]{1,4}\)\}?)?)\s*&?\s*",
                     step.from_)
    return m is not None and m.group(1).replace(" ", "") in step.to.replace(" ", "")


_CASE_OPENER = re.compile(r"\b(?:for|if|when|whenever|where|case|unless|otherwise)\b|\(\s*\$?\s*$", re.I)


def _entry_case(lhs, rhs, text: str, start: int) -> bool:
    """``y_j = 1`` in a sentence that opens a case ("For $j$ the true class ($y_j = 1$):", "if
    $t_k = 0$"): an entry of an array at an index letter equal to a number says which entries
    the case is about, it gives no value to the array."""
    if not getattr(rhs, "is_number", False):
        return False
    if isinstance(lhs, sp.Indexed):
        if not all(isinstance(i, sp.Symbol) for i in lhs.indices):
            return False
    elif not (isinstance(lhs, sp.Symbol) and (got := indices.entry_letters(lhs.name)) is not None
              and re.fullmatch(r"[a-z]{1,2}", got[1] or "")):
        return False
    before = re.split(r"(?<=[.!?])\s|\n\s*\n", text[max(0, start - 120):start])[-1]
    return _CASE_OPENER.search(before) is not None


# $\\phi = \\Phi'$, $\\varphi = \\Phi^{\\prime}$: a name given the derivative of a function of one argument
_DERIVATIVE_NAMED = re.compile(r"\s*(\\[A-Za-z]+|[A-Za-z])\s*=\s*(\\[A-Za-z]+|[A-Za-z])\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)\s*")


def _given_datum(d) -> bool:
    """A number the prose gives with one decimal at most (``with $\\lambda = 0.1$``, ``$w_1 = 0.3$``):
    data of the exercise, exact, not a result rounded to what it shows; the rounding leniency of
    a step does not come from it (a result written 0.731 still gives the step three places)."""
    return d.prose and not d.computed and not d.params and d.decimal <= 1 and bool(getattr(d.body, "is_Number", False))


def _related_indices(*exprs) -> frozenset:
    """Pairs of indices the step relates itself: a Kronecker delta \\delta_{ij}, or a case
    ``i = j`` / ``i \\neq j`` of a ``cases``. Such a step speaks of both kinds of entries."""
    out = set()
    for e in exprs:
        for node in getattr(e, "atoms", lambda *_: ())(sp.KroneckerDelta, sp.core.relational.Relational):
            names = sorted({str(s) for s in node.free_symbols})   # by name: i may be read as a real i
            out |= {frozenset(p) for p in itertools.combinations(names, 2)}
    return frozenset(out)


def _defined_by(directives) -> set:
    """Names a display's ``define`` directives define (the name of ``L(p)`` is L)."""
    out = set()
    for d in directives:
        if d.kind == "define":
            m = re.match(r"\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)", d.args[0])
            if m:
                out.add(re.sub(r"\s+", "", m.group(1)))
    return out


def _property(prop: str, name: str):
    """``assume x positive``: the relation it stands for, on a real symbol of that name."""
    x = sp.Symbol(name, real=True)
    return {"positive": x > 0, "negative": x < 0, "nonnegative": x >= 0, "nonpositive": x <= 0,
            "nonzero": sp.Ne(x, 0), "real": sp.Eq(x, x, evaluate=False)}[prop]


_DIFFERENTIATED = re.compile(r"\\frac\s*\{\s*(?:\\partial|d|\\mathrm\{d\})\s*((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                             r"(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\s*\}")
_VARIABLE = re.compile(r"\}\s*\{\s*(?:\\partial|d|\\mathrm\{d\})\s*((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                       r"(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\s*\}")
_GREEK_WORD = re.compile(r"(?<![\\A-Za-z])(?:alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|nu|rho|sigma|tau|phi|psi|"
                         r"omega)(?![A-Za-z])")
_BARE_E = re.compile(r"(?<![A-Za-z\\{])e(?![A-Za-z^}_])|(?<![A-Za-z\\{])e\^\s*(?:\{\s*)?2(?![0-9])")


def _partial_families(left, right) -> list:
    """Partials of an undefined function read as unknowns (``\\partial L/\\partial o``): two
    different ones may be tied by the chain rule through L, which the reading does not know."""
    fams = set()
    for e in (left, right):
        for s in getattr(e, "free_symbols", ()):
            name = str(s.base.label) if isinstance(s, sp.Indexed) else getattr(s, "name", "")
            if name.startswith("\\partial "):
                fams.add(name)
    if len(fams) > 1:
        return [f"{PARTIALS}{', '.join(sorted(fams))} are unknowns the chain rule may tie"]
    return []


def _size_floors(left, right) -> list:
    """A size that ends a sum is at least where the sum starts (``\\sum_{k=0}^{n}``: n >= 0):
    an empty sum is not what a document means by it."""
    floors = {}
    for e in (left, right):
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum, sp.Product):
            for _, lo, hi in node.limits:
                if isinstance(hi, sp.Symbol) and hi.is_integer and lo.is_Integer:
                    floors[hi] = max(floors.get(hi, lo), lo)
    return [sp.GreaterThan(s, v) for s, v in sorted(floors.items(), key=lambda kv: str(kv[0]))]


def _plain_names(e) -> set:
    """Names of free symbols that are not the label of an array (X of X[m, p] is not one)."""
    labels = {x.base.label for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    labels |= {x.label for x in getattr(e, "atoms", lambda *_: ())(sp.IndexedBase)}   # h(x) of the vector x
    return {s.name for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol) and s not in labels}


def _uses_a_parameter(body, params) -> bool:
    """Whether a definition's body uses one of its parameters (a name, or an array's entry)."""
    free = {str(x) for x in getattr(body, "free_symbols", ())}
    free |= {str(x.base.label) for x in getattr(body, "atoms", lambda *_: ())(sp.Indexed)}
    return any(str(p) in free or str(getattr(getattr(p, "base", None), "label", "")) in free for p in params)


def _opaque_hazards(opaque: set, left, right) -> list:
    """A construct read as one symbol (``\\|v\\|``, ``\\mathbb{E}[g]``) is free to take any value.
    That is sound for a wrong step only when it is the one such symbol and shares no name with
    the rest of the step (``\\|v\\|^2`` beside ``v \\cdot v`` are one quantity read twice)."""
    syms = {s.name for e in (left, right) for s in getattr(e, "free_symbols", ())}
    mine = sorted(syms & opaque)
    if not mine:
        return []
    others = syms - opaque
    tied = [o for o in mine for n in others if re.search(r"(?<![A-Za-z\\])" + re.escape(n) + r"(?![A-Za-z])", o)]
    if len(mine) > 1 or tied:
        return [f"{', '.join(mine)} read as opaque value(s) that may be tied to each other or to the step"]
    return []


def _failure(exc: Exception) -> str:
    """The reason of a step whose rewriting SymPy refused, in the document's terms where known."""
    if isinstance(exc, ValueError) and "Invalid limits" in str(exc):
        # a sum whose index letter the step also uses freely, given a number when checked
        return "a sum's index is also a free name of the step (\\sum_j beside x_j): not read"
    return f"cannot rewrite the step: {type(exc).__name__}: {str(exc)[:100]}"


def _quantity_hazards(quantities, *sides) -> list:
    """a(x, \\theta) read as one value (a derivative is taken by it) takes the values of a
    function the reading does not know: a step that fails only outside them (\\sqrt{f(x)^2}
    = f(x) with f(x) \\ge 0) is not certainly wrong. Holds stands: it holds for every value."""
    names = {s.name for e in sides for s in getattr(e, "free_symbols", ())}
    names |= {str(x.base.label) for e in sides for x in getattr(e, "atoms", lambda *_: ())(sp.Indexed)}
    mine = sorted(names & set(quantities))
    if not mine:
        return []
    return [f"{', '.join(mine)} read as one value whose range the document does not give"]


_BASE = re.compile(r"^(.*?)_(\{.*\}|[^{}]+)$")


def _entry_hazards(left, right) -> list:
    """Two names that differ only in a subscript that is not a number (``\\omega_j`` and
    ``\\omega_{n-i+1}``) may be the same entry: the reading keeps them apart."""
    by_base = {}
    for e in (left, right):
        for s in getattr(e, "free_symbols", ()):
            m = _BASE.match(getattr(s, "name", ""))
            if m:
                by_base.setdefault(m.group(1), set()).add(s.name)
    tied = []
    for names in by_base.values():
        subs = {n: _subscript(_BASE.match(n).group(2)) for n in names}
        close = sorted(n for n in names if any(m != n and not _apart(subs[n], subs[m]) for m in names))
        if len(close) > 1:
            tied.append(close)
    return [f"{' and '.join(t)} may name the same entry" for t in tied]


_TERM = re.compile(r"\s*([+-]?)\s*(\d*)\s*([a-z]?)\s*")


def _subscript(text: str):
    """A subscript as a tuple of linear forms ({letter or '': coefficient} per comma part):
    ``t-1`` -> ({'t': 1, '': -1},); None for anything else (read with a regular expression,
    never evaluated)."""
    text = text.strip().strip("{}")
    if not re.fullmatch(r"[a-z0-9+\-, ]{1,40}", text):
        return None
    parts = []
    for part in text.split(","):
        form, pos, part = {}, 0, part.replace(" ", "")
        if not part:
            return None
        while pos < len(part):
            m = _TERM.match(part, pos)
            if not m or m.end() == pos or not (m.group(2) or m.group(3)):
                return None
            coef = int(m.group(2) or 1) * (-1 if m.group(1) == "-" else 1)
            form[m.group(3)] = form.get(m.group(3), 0) + coef
            pos = m.end()
        parts.append(form)
    return tuple(parts)


def _apart(a, b) -> bool:
    """Two subscripts that can never be equal: some part differs by a non-zero constant
    (``t`` and ``t-1``; ``1`` and ``2``)."""
    if a is None or b is None or len(a) != len(b):
        return False
    for x, y in zip(a, b):
        keys = set(x) | set(y)
        diff = {k: x.get(k, 0) - y.get(k, 0) for k in keys}
        if all(v == 0 for k, v in diff.items() if k) and diff.get("", 0) != 0:
            return True
    return False


def _array_sums(left, right, varied=frozenset()) -> list:
    """A sum over an array on one side only (``p_j \\sum_i y_i`` beside ``p_j``): the document may
    know its value in words (a one-hot y sums to 1, a softmax to 1). Not a sum of terms in the
    entries of an array the step differentiates by (``varied``, vecfun.differentiated)."""
    def summed(e):
        out = set()
        for node in getattr(e, "atoms", lambda *_: ())(sp.Sum):
            bound = {v for v, *_ in node.limits}
            # term by term: a term beside the delta (sum_k y_k (delta_kj - p_j)) still sums y over k
            for term in sp.Add.make_args(sp.expand_mul(node.function, deep=False)):
                # d/dx_j of sum_k e^{x_k}: the delta picks one term, no value said in words; the
                # indices a delta does not pick still sum (sum_n sum_i G_{ni} delta_{nm} W_{ij} sums over i)
                rest = bound - set().union(*(d.free_symbols for d in term.atoms(sp.KroneckerDelta)))
                if not rest:
                    continue
                if vecfun.varies(sp.Sum(term, *node.limits), varied):
                    continue
                # an entry at an index the sum runs over, shifted or not (k_{m-i} under sum_i)
                out |= {str(x.base.label) for x in term.atoms(sp.Indexed)
                        if any(rest & getattr(i, "free_symbols", set()) for i in x.indices)}
        return out
    a, b = summed(left), summed(right)
    lone = sorted(a ^ b)
    return [f"the sum over {', '.join(lone)} on one side only: the text may give its value"] if lone else []


def _one_sided(left, right, stated=frozenset(), assume=()) -> list:
    """A real name on one side only (``(Z - T)(1 - \\tanh^2 Y) = (Z - T)(1 - Z^2)``): a true step
    may drop a name by cancelling it, but a step that is wrong as read may use a relation
    between the names said only in words (Z = tanh Y). Integer names (sizes, indices) are
    not counted: a closed form that loses its size is an error of the step itself. Nor are
    the parameters of a distribution the text states (``stated``): E_q[z^2] = m^2 drops s.
    The sides are first taken under the step's sign conditions (``assume``): with
    ``\\text{for } \\theta < 0`` beside it, ``\\lambda \\operatorname{sign}(\\theta)`` is
    ``-\\lambda`` and theta is on neither side."""
    def real(e):    # a gap (conditions.shifted) is the step's own bounded name, its relation used
        return {s.name for s in getattr(e, "free_symbols", ()) if isinstance(s, sp.Symbol) and not s.is_integer
                and not conditions.is_gap(s)}
    signs = _sign_facts(assume)
    if signs:
        left, right = (_refined(e, signs) for e in (left, right))
    a, b = real(left), real(right)
    if not a or not b or a == b or (a ^ b) <= set(stated):
        return []
    return [f"{', '.join(sorted(a ^ b))} on one side only: the step may use a relation said in words"]


def _sign_facts(assume):
    """The sign of a lone name each assumption states (``theta < 0``, ``0 < x``, ``x >= 0``),
    as SymPy predicates; anything else is left out (it is no sign of one name)."""
    out = []
    for a in assume:
        if not isinstance(a, sp.core.relational.Relational) or a.rel_op not in ("<", "<=", ">", ">="):
            continue
        lo, hi = (a.lhs, a.rhs) if a.rel_op in ("<", "<=") else (a.rhs, a.lhs)   # lo < hi
        strict = a.rel_op in ("<", ">")
        if isinstance(lo, sp.Symbol) and hi == 0:
            out.append(sp.Q.negative(lo) if strict else sp.Q.nonpositive(lo))
        elif isinstance(hi, sp.Symbol) and lo == 0:
            out.append(sp.Q.positive(hi) if strict else sp.Q.nonnegative(hi))
    return out


def _refined(e, signs):
    """``e`` with sign() and |.| of the names whose sign is known put in; ``e`` itself when
    SymPy cannot (a matrix, a refinement that fails)."""
    if not isinstance(e, sp.Expr) or not e.has(sp.sign, sp.Abs):
        return e
    # the names as signed symbols of the same name first: sign(-\delta - gap) with delta > 0 and
    # a positive gap is -1 at once, which refine alone does not see (used to count names only)
    kinds = {sp.Q.positive: "positive", sp.Q.negative: "negative", sp.Q.nonnegative: "nonnegative",
             sp.Q.nonpositive: "nonpositive"}
    signed = {}
    for f in signs:
        kind = kinds.get(getattr(f, "function", None))
        x = f.arguments[0] if kind and getattr(f, "arguments", ()) else None
        if isinstance(x, sp.Symbol) and x not in signed:
            signed[x] = sp.Symbol(x.name, **{kind: True})
    try:
        return sp.refine(e.xreplace(signed) if signed else e, sp.And(*signs))
    except Exception:       # refine has no handler for some node: the name count as written
        return e


_DECIMAL_NUMBER = re.compile(r"\d+\.\d+")
# an entry at a number: z_2, \hat{x}_{1}, h_2^{(1)}
_NUMBERED_ENTRY = re.compile(r"(?P<base>.+?)_(?:\{(?P<many>\d{1,2})\}|(?P<one>\d))(?P<label>\^.*)?")
# right after an inline definition: the case it holds in ("for $x < c$", "if", "otherwise")
# ("for a label $y$" is no case: the case is a relation, or the word for the rest)
_A_CASE_AFTER = re.compile(r"\$?[ \t]*,?[ \t]*(?:(?:for|if|when|whenever)\s+\$(?P<case>[^$]*(?:<|>|\\le|\\ge)[^$]*)\$"
                           r"|(?:otherwise|elsewhere|else)\b)", re.I)


def _entries_piece(text: str, end: int, name: str, constant: bool) -> bool:
    """Whether the inline definition of the entry ``name`` (w_k) ending at ``end`` gives the entries
    at some indices only: a piece (_a_piece) over its index letters, where one case alone is a
    piece too when it gives them one number (padding: "$w_k = 0$ for $k < 1$ or $k > K$"). A
    formula with a bound on its index ("$s_t = \\alpha s_{t-1} + x_t$ for $t \\ge 1$") says where
    the sequence is defined: no piece."""
    got = indices.entry_letters(name)
    return got is not None and _a_piece(text, end, got[1], alone=constant)


def _a_piece(text: str, end: int, params, alone: bool = False) -> bool:
    """Whether the inline definition ending at ``end`` is one piece of a function said in words:
    followed by its case, a bound on one of the function's arguments ("for $x < c$"; not an
    index range, "for $i \\in [n]$") with another case or "otherwise" later in its sentence
    (with ``alone``, the case is enough), or by "otherwise" itself."""
    m = _A_CASE_AFTER.match(text, end)
    if m is None or not params:
        return False
    if m.group("case") is None:
        return True
    names = {str(p) for p in params}
    if not any(re.search(rf"(?<![A-Za-z\\]){re.escape(n)}(?![A-Za-z])", m.group("case")) for n in names):
        return False
    # one case alone is the function's domain ("$p(x) = \frac1s e^{-x/s}$ for $x \ge 0$, with
    # $s > 0$"): a piece is one only when the sentence goes on to another case or "otherwise"
    rest = re.split(r"\.\s|\n\s*\n", text[m.end():m.end() + 400], maxsplit=1)[0]
    return alone or _A_CASE_AFTER.search(rest) is not None
# a value written as one number, a fraction of numbers or a list/column of numbers: given, not worked out
_RESULT = re.compile(r"-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\s*\{\s*-?\d+\s*\}\s*\{\s*\d+\s*\})")
APPROXIMATE = "\\approx says not how close: only the rounding of the numbers it writes is checked"


def _closed(e, matrix: bool = False) -> bool:
    """A number: a scalar expression without free names (or, with ``matrix``, a matrix of them)."""
    return (isinstance(e, sp.Expr) or (matrix and isinstance(e, sp.MatrixBase))) and not e.free_symbols


def _places(latex: str) -> int:
    """The most decimal places among the decimal numbers written in ``latex`` (0: none): the
    rounded values of a computation are its longest decimals (beta = 0.9 is exact)."""
    found = [len(m.group(1)) for m in re.finditer(r"\d\.(\d+)", latex)]
    return max(found) if found else 0


def _squares(e) -> bool:
    """A sum or mean of squares (a variance's form), nonnegative whatever its names: the root of
    only such a side is taken for the name (w^2 = a says nothing of w's sign)."""
    e = e.as_coeff_Mul()[1] if e.as_coeff_Mul()[0] > 0 else None
    if e is None:
        return False
    if isinstance(e, sp.Sum):
        return _squares(e.function)
    if isinstance(e, sp.Add):
        return all(_squares(a) for a in e.args)
    if isinstance(e, sp.Mul):     # \frac1m \sum_i (x_i - \mu)^2: a count m below
        return any(_squares(f) for f in e.args) and all(
            f.is_number and f > 0 or _squares(f) or isinstance(f, sp.Pow) and f.exp == -1
            and (f.base.is_positive or isinstance(f.base, sp.Symbol)) for f in e.args)
    return isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp % 2 == 0 and e.exp > 0


_SOLVING = re.compile(r"\b(?:setting|set\b[^.]{0,40}\bto (?:zero|0)|solv(?:e|es|ing)|equat(?:e|ing)|"
                      r"(?<!square )(?<!cube )roots?\b(?!-)|"      # not a square root, not root-mean-square
                      r"stationary|critical point|optimal (?:point|value)|minimi[sz](?:e|es|ing|er)|"
                      r"maximi[sz](?:e|es|ing|er)|condition)", re.I)
# a requirement the document then solves, said right before the display with its equation:
# "To keep the variance we need $n s^2 = 1$, so" (not "we need its derivative:", "we want to show")
_REQUIRES = re.compile(r"\bwe\s+(?:need|want|require)\s+(?:that\s+)?\$[^$]*=[^$]*\$[^$.]{0,40}$", re.I)
# "Suppose, for contradiction, that" right before a display: a supposition the document refutes
_CONTRADICTION = re.compile(r"\b(?:suppose|assume|supposing|assuming)\b[^.$]{0,30}?\b(?:for\s+(?:the\s+sake\s+of\s+|a\s+)?"
                            r"contradiction|towards?\s+a\s+contradiction|to\s+the\s+contrary)\b[^.$]{0,30}$", re.I)
_ASKS = re.compile(r"(?:\b(?:whenever|such that|iff|boundary(?: is)?|exactly when)|\bequal\w*\b[^.]{0,80}\b(?:where|when))"
                   r"\s*[:,]?\s*$", re.I)
_QUESTION = re.compile(r"\\(?:stackrel|overset)\s*\{\s*\?\s*\}|\?\s*=|=\s*\?")
_NUMBER_SIDE = re.compile(r"^\s*-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\{\d+\}\{\d+\})\s*$")
_NAME_SIDE = re.compile(r"^\s*((?:\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?'?)\s*$")


def _solved_names(found) -> set:
    """Names a display gives a number (``x = 2``, ``w^* = 1.5``): the equations around them that
    use them are equations solved for them."""
    out, prev = set(), None
    for st in found:
        m = _NAME_SIDE.match(st.from_)
        if m and st.relation == "=" and _NUMBER_SIDE.match(st.to) and _is_head(prev, st):
            out.add(re.sub(r"\s+", "", m.group(1)))   # a statement of its own (=> x = 2), not a chain's end
        prev = st
    return out


_UNREADABLE = re.compile(r"\^\s*\d{2,}|\\sqrt\s*\d{2,}")
_COLUMN_PAIR = re.compile(r"&\s*(?:=|\\le|\\ge|\\leq|\\geq|<|>|\\approx)")
_EQ_NUMBER = re.compile(r"(?:\\q?quad|~|\\[;,: ])+\s*(?:\(\s*\d+(?:\.\d+)*[a-z]?\s*\)|\[\s*\d+(?:\.\d+)*\s*\])\s*$")


def _without_number(step: Step) -> Step:
    """An equation number after spacing at the end of a side ( \\qquad (3.2), ~~(4), \\;[6]) is
    set aside, as \\tag is: it is no factor."""
    to, fr = _EQ_NUMBER.sub("", step.to), _EQ_NUMBER.sub("", step.from_)
    return step if (to, fr) == (step.to, step.from_) else _replace(step, to=to, from_=fr)


_SCIENTIFIC = re.compile(r"\s*(-?\s*\d+(?:\.(\d+))?)\s*(?:\\times|\\cdot)\s*10\s*\^\s*\{?\s*(-?\d{1,3})\s*\}?\s*")


def _scalar_of_1x1(left, right):
    """A 1 x 1 matrix beside a scalar (a row times a column = a number) is its entry."""
    one = lambda e: isinstance(e, sp.MatrixBase) and e.shape == (1, 1)
    if one(left) and not isinstance(right, sp.MatrixBase):
        left = left[0, 0]
    if one(right) and not isinstance(left, sp.MatrixBase):
        right = right[0, 0]
    return left, right


def _units_only(latex: str) -> str:
    """The number-and-unit pairs of a row as written (its \\text parts are set aside from the sides)."""
    return " ".join(m.group(0) for m in doubts._UNIT.finditer(latex))


def _one_per_name(left, right, assume):
    """One symbol per name over both sides and the assumptions: ``n`` read as a real in
    ``$n \\ge 1$`` and as an integer sum limit in the step is one n (an integer)."""
    from ..document.context import one_symbol_per_name
    left, right, *assume = one_symbol_per_name([left, right, *assume], symbols=lambda e: e.atoms(sp.Symbol))
    return left, right, assume


def _irrational(e) -> bool:
    """A closed value that is not a rational number as written (e^{10}, 1000 sigma(1))."""
    return isinstance(e, sp.Expr) and not e.free_symbols and not e.is_Rational


def _written_number(latex: str):
    """(places, figures, is an integer) of a number written alone: 0.731 is (3, 3, False),
    7 \\times 10^{-3} is (3, 1, False), 22000 is (-3, 2, True); None for anything else."""
    places = _decimal_places(latex)
    if places is not None:
        digits = _DECIMAL.match(latex)
        return places, len((digits.group(1) + digits.group(2)).lstrip("0")), False
    sci = _SCIENTIFIC.fullmatch(latex)
    if sci:
        return len(sci.group(2) or "") - int(sci.group(3)), len(sci.group(1).replace(".", "").strip("-0 ")), False
    if re.fullmatch(r"\s*-?\s*\d{1,12}\s*", latex):
        digits = latex.strip().lstrip("-").strip()
        return -(len(digits) - len(digits.rstrip("0"))), len(digits.strip("0")), True
    return None


def _decimal_places(latex: str) -> int | None:
    m = _DECIMAL.match(latex)
    return len(m.group(2)) if m else None


def _symbol_named(left, right, name):
    for s in (left.free_symbols if hasattr(left, "free_symbols") else set()) | \
             (right.free_symbols if hasattr(right, "free_symbols") else set()):
        if s.name == name:
            return s
    return None


_CALLEE = re.compile(r"^\s*((?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\s*(?:\\left)?\s*\(")


_DEFINED_CALL = re.compile(r"^\s*(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?\s*(?:\\left)?\s*\(\s*"
                           r"(?:\\[A-Za-z]+\s*\{\s*[A-Za-z]\s*\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?"
                           r"(?:\s*,\s*(?:\\[A-Za-z]+\s*\{\s*[A-Za-z]\s*\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?)*"
                           r"\s*(?:\\right)?\s*\)\s*$")
MAX_CALLEES = 6   # names a step may turn into functions by the rules below
_AMBIGUOUS_CALL = re.compile(r"^(\S+?)\(\.\.\.\) may be a call of ")


def _called(reason: str, latex: str) -> str | None:
    """The name of an ambiguous ``NAME(...)`` that is certainly a call: its brackets hold a
    list (``a(\\mathbf{x}, \\boldsymbol{\\theta})``); a product with a list means nothing."""
    m = _AMBIGUOUS_CALL.match(reason or "")
    if m is None:
        return None
    name = m.group(1)
    for at in re.finditer(re.escape(name) + r"\s*(?:\\left\s*)?\(", latex):
        depth, i = 1, at.end()
        while i < len(latex) and depth:
            ch = latex[i]
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            elif ch == "," and depth == 1:
                return name
            i += 1
    return None


def _callee(latex: str) -> str | None:
    """The name in ``NAME(args)`` at the start of a left side, as the reader names it."""
    m = _CALLEE.match(latex)
    return None if m is None else re.sub(r"\s+", "", m.group(1))


def _with_function(scope, name):
    from dataclasses import replace
    return replace(scope, functions=scope.functions | {name}, variables=scope.variables - {name})


# sigma^2, s^2, \sigma_B^2, \sigma_j^2; not a_1^2 or h_{12}^2, where ^2 is as often a layer label
_SQUARE = re.compile(r"\s*(?:\\[A-Za-z]+|[A-Za-z])(?:_(?:\{[^{}0-9]{1,12}\}|[A-Za-z]|\\[A-Za-z]+))?\s*\^\s*(?:2|\{\s*2\s*\})\s*")


# "at $\mu = 0$, $\sigma = 1$ the bracket is 0": the point a sentence evaluates at, not a value
# the names keep in the parts after it
_AT_POINT = re.compile(r"\b(?:at|evaluated\s+at|at\s+the\s+point)\s*\$?\s*$", re.I)
_LISTED_BEFORE = re.compile(r"(?:\$[^$]{1,60}\$\s*(?:,|\band\b)?\s*)+\$?\s*$")


def _evaluation_point(text: str, start: int) -> bool:
    """Whether the inline formula at ``start`` (``\\mu = 0``) follows "at" in its sentence, itself or
    after the formulas listed before it ("at $\\mu = 0$, $\\sigma = 1$"): a number for that
    sentence's part only (the part's end restores the name, context.leave_parts)."""
    before = text[max(0, start - 200):start]
    before = before[:-1] if before.endswith("$") else before
    return bool(_AT_POINT.search(_LISTED_BEFORE.sub("", before + "$")) or _AT_POINT.search(before))


def _square_of_name(lhs, latex: str) -> str | None:
    """The name whose square a left side is written as (``\\sigma^2``, ``s_B^2``), else None."""
    e = lhs.expr
    if isinstance(e, sp.Pow) and e.exp == 2 and isinstance(e.base, sp.Symbol) and _SQUARE.fullmatch(latex):
        return e.base.name
    return None


def _sums_to_a_number(left, right) -> bool:
    """``\\sum_k y_k = 1``: what a sum over an array's entries comes to, said in the prose; the
    check cannot use it (the entries stay free), so the steps that use the array doubt it."""
    return isinstance(left, sp.Sum) and any(isinstance(x, sp.Indexed) for x in left.atoms(sp.Indexed)) \
        and not getattr(right, "free_symbols", True)


def _implied(ctx: Context, lhs: Reading, rhs: Reading, location) -> bool:
    """A sum fact the prose states that the document's definitions give already at every size a
    step is checked at (``\\sum_k \\hat x_k = 0`` with ``\\hat x_k = (x_k - \\mu)/\\sigma``, ``\\sum_i p_i = 1``
    of a softmax): no doubt, a reading that puts the definitions in satisfies it. The array must be
    defined (a sum of free entries, a label's, is a fact about data); each size is decided by the
    engine on the sums written out."""
    from checks.prove.decide import decide
    try:
        left, _ = ctx.expand(lhs.expr, location)
        right, _ = ctx.expand(rhs.expr, location)
    except Exception:      # a reading the context cannot expand: not known to be implied
        return False
    if left == lhs.expr:
        return False        # nothing defined in it
    bodies = [d.body for d in ctx.indexed.values()]
    if any(getattr(x, "name", None) == SIZE_NAME for x in left.free_symbols):
        left = indices.sized_sums(left, right, *bodies, unknown=SIZE_NAME)
    sizes = sorted({hi for node in left.atoms(sp.Sum) for _, _, hi in node.limits if isinstance(hi, sp.Symbol)}, key=str)
    if not sizes or len(sizes) > 2:    # N_Sigma (sums without bounds, \sum_i p_i with \sum_k e^{z_k}): one length
        return False
    for values in itertools.product(indices.SIZES, repeat=len(sizes)):
        at = dict(zip(sizes, (sp.Integer(v) for v in values)))
        a, b = (stated._expand_sums(e.xreplace(at)) for e in (left, right))
        if a.atoms(sp.Sum) or b.atoms(sp.Sum):
            return False
        try:
            if decide(a, b, (), budget=1.0).status != "holds":
                return False
        except Exception:
            return False
    return True


def _is_library(lhs: Reading) -> bool:
    from sympy.core.function import AppliedUndef
    return isinstance(lhs.expr, sp.Function) and not isinstance(lhs.expr, AppliedUndef)


def _agrees(ctx: Context, lhs: Reading, rhs: Reading, location) -> str:
    """The engine's status for a restated definition, decided in the plan (a short budget):
    the plan needs it to know what the name means in the steps that follow."""
    from checks.prove.decide import decide
    left, _ = ctx.expand(lhs.expr, location)
    right, _ = ctx.expand(rhs.expr, location)
    try:
        return decide(left, right, (), budget=2.0).status
    except Exception:   # a reading the engine cannot take: not known to agree
        return "undecided"


def function_name(name: str) -> str:
    """A function's name as the engine's instances name it: spaces and ``\\operatorname{}`` /
    ``\\mathrm{}`` dropped."""
    name = re.sub(r"\\(?:operatorname|mathrm)\{([^{}]*)\}", r"\1", name)
    return re.sub(r"\s+", "", name)


def _quantities(found) -> tuple:
    """The forms NAME(args) the document's derivatives are taken by (\\partial a(x, \\theta)):
    read as one value in every step, before and after (derivatives.quantities); and the
    names whose calls it differentiates (\\partial g(a) / \\partial a): functions."""
    from ..reading.derivatives import quantities
    from ..reading.scan import Scanner
    from ..reading.read import Scope
    scanner, out, called = Scanner(Scope()), set(), set()
    for display in found:
        out |= quantities(display.latex, scanner, called)
    return frozenset(out), frozenset(called)
