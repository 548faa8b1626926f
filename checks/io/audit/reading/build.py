"""Reading a side, step 3: latex2sympy's result (over placeholders) rebuilt into SymPy.

The walk knows which letters the sums around a node bind, so ``x_j`` under ``\\sum_j`` is
``x[j]`` (the representation checks/text/syntax.py builds for ``x[j]``) while ``x_j`` elsewhere
is the name ``x_j``. Numbers are exact and bounded (checks.text.syntax's checks), and only the
node kinds listed here are allowed.
"""
from __future__ import annotations

import functools
import operator
import re

import sympy as sp

from checks.text.limits import MAX_DIFF_ORDER, ParseError, _check_number, _check_result, _shown
from checks.text.syntax import _Builder, apply

from .notation import NotRead, shown
from .pieces import PLACEHOLDER

# letters that may be free indices beside a summation index in one subscript (W_{ij} under
# \\sum_i); any other letter there makes the subscript a label or a word (x_{max})
INDEX_LETTERS = set("ijklmnpqrst")

# a label used as an index, y_i of s_{y_i} (the class of example i): one integer symbol
_LABEL = re.compile(r"([A-Za-z])_\{?([A-Za-z])\}?")
SIZE_NAME = "N_\\Sigma"     # the range of a sum written without one (\sum_j): 1..N_\Sigma
ARRAY_PREFIX = "\\langle array "      # name of an array-mode stand-in (a literal, a pattern)
MEMBER = "\\member:"      # array mode: \mathbf x_n under \sum_n, the member n of the family x_1, x_2, ...
ELEMENTWISE = "\\elementwise:"        # f applied entry by entry in array mode: \elementwise:FN:ORDER
ARG = sp.Symbol("\\cdot", real=True)   # the bound argument of sigma'(u) at a non-symbol u


class Build:
    def __init__(self, nodes, scope, force_bases=frozenset()):
        self.nodes, self.scope = nodes, scope
        self.numbers = _Builder()
        # x of h(x) beside x_j in the side: the vector itself (whole_vectors)
        self.force_bases = set(force_bases) | whole_vectors(nodes)
        self.symbols = {}
        self.vectors: set[str] = set()      # names of vector / matrix symbols
        self.applied: set[str] = set()
        self.sizes: set[str] = set()
        self.opaque: set[str] = set()
        self.quantities: dict[str, str] = {}   # symbol (or family) name -> the written NAME(args)
        self.bases: set[str] = set()        # IndexedBase names used
        self.named_bases: dict[str, str] = {}   # Symbol name -> base of a name with a subscript
        self.integers = set(scope.integers) | set(scope.index)
        # array mode (vectors.py): every name not known to be a number is a non-commutative
        # symbol, so that a product keeps its written order; matrix literals and ellipsis
        # patterns are such symbols too, their values kept in ``arrays``
        self.array_mode = bool(getattr(scope, "arrays", False))
        self.arrays: dict = {}
        self._cell = 0          # inside a matrix cell: entries are numbers

    # --- symbols ----------------------------------------------------------------------------

    def symbol(self, name: str, integer=False, vector=False):
        if vector:
            self.vectors.add(name)
        integer = integer or name in self.integers
        if self.array_mode and not integer and not self._cell and name not in self.scope.scalars:
            key = (name, "array")
            if key not in self.symbols:
                self.symbols[key] = sp.Symbol(name, commutative=False)
            return self.symbols[key]
        key = (name, integer)
        if key not in self.symbols:
            self.symbols[key] = sp.Symbol(name, integer=True) if integer else sp.Symbol(name, real=True)
        return self.symbols[key]

    def array(self, value):
        """An array-mode stand-in for a matrix literal or an ellipsis pattern."""
        sym = sp.Symbol(f"{ARRAY_PREFIX}{len(self.arrays) + 1}", commutative=False)
        self.arrays[sym.name] = value
        return sym

    # --- the walk ---------------------------------------------------------------------------

    def expr(self, e, bound=frozenset()):
        b = lambda x: self.expr(x, bound)
        if isinstance(e, sp.Symbol):
            m = PLACEHOLDER.fullmatch(e.name)
            if not m:
                raise NotRead(f"latex2sympy read a name {e.name!r} that is not in the side")
            return self.node(int(m.group(1)), bound)
        if isinstance(e, sp.Rational):
            return e
        if isinstance(e, sp.Add):
            return _combine(operator.add, [b(a) for a in e.args])
        if isinstance(e, sp.Mul):
            args = e.args
            if self.array_mode:   # the written order: placeholders are numbered left to right
                args = sorted(args, key=_first_placeholder)
            return _combine(operator.mul, [b(a) for a in args])
        if isinstance(e, sp.Pow):
            base, exp = b(e.base), b(e.exp)
            if isinstance(base, sp.MatrixBase) or isinstance(exp, sp.MatrixBase):
                raise NotRead("a power of a matrix is not read")
            return self.numbers.power(base, exp)
        if isinstance(e, sp.factorial):
            return sp.factorial(_small(b(e.args[0]), "factorial"))
        if isinstance(e, sp.Abs):
            return sp.Abs(b(e.args[0]))
        raise NotRead(f"{type(e).__name__} ({shown(str(e))}) is not read")

    def softmax(self, node, bound):
        from checks.dl import softmax_entry
        nm = node.value
        _no_bound_letter(nm.text, bound, nm.text)
        self.bases.add(nm.text)
        if nm.vector:
            self.vectors.discard(nm.text)     # its entries are scalars
        self.sizes.add(SIZE_NAME)
        self.opaque.add(SIZE_NAME)
        entry = self.index_expr(node.args[0])
        k = self.symbol("k", integer=True)
        return softmax_entry(sp.IndexedBase(nm.text, real=True), entry, self.symbol(SIZE_NAME, integer=True), k)

    def sum_node(self, node, bound):
        """\\sum / \\prod read by scan.py: limits (index, lower, upper placeholders), body."""
        limits, inner = [], set(bound)
        for idx, lo, hi, *over in node.args:     # over: a sum over a set (one index, sets.Over)
            letter = self.nodes[_number(idx)].value.text
            lo_v, hi_v = (self.node(_number(v), frozenset(inner)) for v in (lo, hi))
            for v in (lo_v, hi_v):
                if v.is_Number and not (v.is_Integer or v in (sp.oo, sp.S.NegativeInfinity)):
                    raise NotRead(f"sum limit {v} is not an integer")
                for q in v.free_symbols:
                    self.sizes.add(q.name)
            inner.add(letter)
            self.integers.add(letter)
            limits.append((self.symbol(letter, integer=True), lo_v, hi_v))
        body = self.expr(node.extra, frozenset(inner))
        if isinstance(body, sp.MatrixBase):
            raise NotRead("a sum of matrices is not read")
        make = sp.Sum if node.value == "sum" else sp.Product
        if over:
            return self.over_set(over[0], make, body, limits[0], bound)
        out = body
        for lim in limits[::-1]:     # \\sum_{m,n}: m outermost
            out = make(out, lim)
        return out

    def integral(self, node, bound):
        """\\int_a^b BODY dt with BODY a polynomial in t: integrated exactly (the antiderivative of
        each power); anything else, or array mode, is not read. No integral is left for the
        engine to evaluate."""
        if self.array_mode:
            raise NotRead("an integral beside vectors or matrices is not read")
        lo, hi = (self.node(_number(v), bound) for v in node.args)
        body = self.expr(node.extra, bound)
        if isinstance(body, sp.MatrixBase) or self.is_vector(body):
            raise NotRead("an integral of a vector or matrix is not read")
        var = node.value
        t = next((x for x in body.free_symbols if getattr(x, "name", None) == var), None)
        if t is None:
            return body * (hi - lo)
        if not body.is_polynomial(t) or any(t in v.free_symbols for v in (lo, hi)):
            raise NotRead(f"an integral (\\int) of a function other than a polynomial in {var} is not read")
        anti = sp.Poly(body, t).integrate().as_expr()
        return anti.subs(t, hi) - anti.subs(t, lo)

    def over_set(self, ov, make, body, limit, bound):
        """``sets.Over`` read: the listed terms; or the sum over the range (1..|V| for a named
        set, whose index only picks entries), minus the term at the excluded index, when
        that index is in the range (a number outside it excludes nothing)."""
        k, lo, hi = limit
        if ov.values is not None:
            terms = [body.xreplace({k: sp.Integer(v)}) for v in ov.values]
            return sp.Add(*terms) if make is sp.Sum else sp.Mul(*terms)
        if ov.named is not None:
            _no_bound_letter(ov.named, bound, ov.named)
            if not _picks_entries(body, k):
                raise NotRead(f"the index {k} of a sum over the set {ov.named} is used as a number; "
                              "its elements are not known")
        out = make(body, (k, lo, hi))
        if ov.exclude is None:
            return out
        label = _LABEL.fullmatch(re.sub(r"\s+", "", ov.exclude))
        if label and {label.group(1), label.group(2)} & set(bound):
            raise NotRead(f"the excluded index {ov.exclude} varies with an outer sum's index; not read")
        e = self.index_expr(ov.exclude)
        term = body.xreplace({k: e})
        if e.is_Integer and lo.is_Integer and hi.is_Integer:
            return out - term if lo <= e <= hi else out
        if e.is_Integer:
            # \\sum_{k \\neq 2} over 1..N: at N = 1 nothing is left out
            return out - sp.Piecewise((term, sp.And(sp.Ge(e, lo), sp.Le(e, hi))), (0, True))
        _no_bound_letter(str(e), frozenset({str(k)}), "the excluded index")
        return out - term

    def node(self, n, bound):
        node = self.nodes[n]
        kind = node.kind
        if kind == "num":
            return _check_number(node.value)
        if kind == "const":
            return node.value
        if kind == "name":
            return self.name(node.value, bound)
        if kind == "group":
            return self.expr(node.value, bound)
        if kind == "at":        # E|_{x = a} (scan.evaluation): E at the point, kept unevaluated
            var = self.expr(node.args[0], bound)
            if not isinstance(var, sp.Symbol):
                raise NotRead(f"an evaluation bar at {var} (not one name) is not read")
            return sp.Subs(self.expr(node.value, bound), var, self.expr(node.extra, bound))
        if kind == "abs":
            inner = self.expr(node.value, bound)
            if isinstance(inner, sp.MatrixBase) or self.is_vector(inner):
                raise NotRead("|...| of a vector or matrix (a norm, a determinant, or entrywise?) is not read")
            return sp.Abs(inner)
        if kind == "size":      # a sum without a range (1..N_\\Sigma), or a set's |V|
            name = node.value or SIZE_NAME
            if node.value is None:      # |C| by itself is a value the step may compute; as a bound, sum_node's
                self.sizes.add(name)
            self.opaque.add(name)
            return self.symbol(name, integer=True)
        if kind == "opaque":     # one number, in array mode too (\|v\|, \mathbf{u} \cdot \mathbf{v})
            self._cell += 1
            try:
                return self.opaque_symbol(node.value, bound)
            finally:
                self._cell -= 1
        if kind == "quantity":     # a(x, \theta) that a derivative is taken by: one value
            e = self.opaque_symbol(node.value, bound)
            self.quantities[str(e.base.label) if isinstance(e, sp.Indexed) else e.name] = node.value
            return e
        if kind == "call":
            return self.call(node, bound)
        if kind == "prime":
            return self.prime(node, bound)
        if kind == "deriv":
            return self.derivative(node, bound)
        if kind == "delta":
            a, b = (self.index_letter(x) for x in (node.value, node.args[0]))
            d = sp.KroneckerDelta(a, b)
            return 1 - d if node.extra else d
        if kind == "sum":
            return self.sum_node(node, bound)
        if kind == "integral":
            return self.integral(node, bound)
        if kind == "softmax":
            return self.softmax(node, bound)
        if kind == "logb":
            base = self.expr(node.args[0], bound)
            if base.is_Number and (base <= 0 or base == 1):
                raise NotRead(f"logarithm to the base {base} is not read")
            return self.node(node.value, bound) / apply("log", [base])
        if kind == "root":
            base = self.expr(node.value, bound)
            index = self.expr(node.extra, bound) if node.extra is not None else sp.Integer(2)
            # array mode: a plain letter's shape is vectors.py's (d of \sqrt d is a length there;
            # a power of an array is a mismatch it names); a formula of arrays is refused here
            if self.is_vector(base) and not (self.array_mode and isinstance(base, sp.Symbol)):
                raise NotRead("the square root of a vector is not read")
            return self.numbers.power(base, 1 / index if index != 0 else sp.zoo)
        if kind == "cases":
            return self.cases(node, bound)
        if kind == "matrix":
            self._cell += 1
            try:
                m = sp.ImmutableMatrix([[self.expr(c, bound) for c in r] for r in node.value])
            finally:
                self._cell -= 1
            m = m.T if node.extra == "T" else m
            return self.array(m) if self.array_mode else m
        if kind == "pattern" and self.array_mode:
            from dataclasses import replace as _replace
            return self.array(_replace(node.value, transposed=True) if node.extra == "T" else node.value)
        raise NotRead(f"{kind} is not read")

    def index_letter(self, x: str):
        self.integers.add(x)
        return self.symbol(x, integer=True)

    def opaque_symbol(self, text, bound):
        """An opaque construct; one that depends on summation indices through subscripts
        (\\mathbb{E}[g_k], \\mathbf{u}_w^T\\mathbf{v}_c under \\sum_k, \\sum_w) is an element of an
        opaque family: IndexedBase('\\mathbb{E}[g_\\square]')[k], the same family whatever
        the index letter is called."""
        letters = []

        def slot(m):
            def one(x):
                letters.append(x.group(0))
                return "\\square"
            inner = re.sub(r"(?<![A-Za-z\\])(?:%s)(?![A-Za-z])" % "|".join(map(re.escape, bound)), one,
                           m.group(0)) if bound else m.group(0)
            return inner
        family = re.sub(r"_\{[^{}]*\}|_[A-Za-z0-9]", slot, text)
        for letter in bound:
            if re.search(r"(?<![A-Za-z\\])" + re.escape(letter) + r"(?![A-Za-z])", family):
                raise NotRead(f"{text} depends on the summation index {letter}; not read")
        if letters:
            self.opaque.add(family)
            self.bases.add(family)
            return sp.IndexedBase(family, real=True)[tuple(self.index_letter(x) for x in letters)]
        self.opaque.add(text)
        return self.symbol(text, vector=False)

    def name(self, nm, bound):
        _no_bound_letter(nm.sup, bound, nm.text)
        if nm.sub is None:
            return self.symbol(nm.text, vector=nm.vector)
        items = index_items(nm.sub)
        letters = set()
        for it in items or ():
            letters |= set(re.findall(r"(?<![_{\d])[A-Za-z]", it))
        binding = letters & (set(bound) | set(self.scope.index))
        if nm.base == "\\delta" and items and len(items) == 2 and all(re.fullmatch(r"[A-Za-z]", x) for x in items) \
                and (set(items) & (set(bound) | set(self.scope.index)) or self.scope.kronecker) \
                and not self.scope.delta_named:
            return sp.KroneckerDelta(*(self.index_letter(x) for x in items))
        label = _LABEL.fullmatch(re.sub(r"\s+", "", nm.sub)) if items is None else None
        if label and nm.base in self.force_bases:
            # s_{y_i} beside s_j under a sum: the entry of s at the label y_i (an integer),
            # the entry \\sum_{j \\neq y_i} leaves out; not where i itself runs (y_i varies)
            if {label.group(1), label.group(2)} & set(bound):
                raise NotRead(f"{nm.text} under a sum over {label.group(2)}: the label varies with it; not read")
            self.bases.add(nm.base)
            return sp.IndexedBase(nm.base, real=True)[self.label_index(label)]
        if items is None:
            if nm.base in self.force_bases:
                raise NotRead(f"{nm.text} beside {nm.base} with index subscripts is not read")
            if set(re.findall(r"[A-Za-z]", nm.sub)) & set(bound):
                raise NotRead(f"subscript of {nm.text} uses a summation index but is not an index")
            self.named_bases[nm.text] = nm.base
            return self.symbol(nm.text, vector=nm.vector)
        if (binding or nm.base in self.force_bases) and _digits_ambiguous(nm.sub):
            raise NotRead(f"{nm.text}: is the subscript one index or several?")
        if binding and len(items) > 1:
            odd = {c for it in items for c in re.findall(r"[A-Za-z]", it)} - set(bound) - set(self.scope.index) \
                - INDEX_LETTERS - set(self.scope.ranged)
            if odd:
                # x_{max} under \\sum_m: the indices m, a, x or the label max?
                raise NotRead(f"subscript of {nm.text}: indices or a label? ({', '.join(sorted(odd))} "
                              "is no index letter; say `index ...`)")
        if self.array_mode and nm.vector and len(items) == 1 and items[0].strip() in bound \
                and nm.base not in self.force_bases:
            # \mathbf x_n under \sum_n: the member n of a family of vectors (a column each, summed
            # term by term at each size: vectors.py), not the entry n of one vector
            return sp.Function(f"{MEMBER}{nm.base}", commutative=False)(self.index_letter(items[0].strip()))
        if binding or nm.base in self.force_bases:
            self.bases.add(nm.base)
            if nm.vector:
                self.vectors.add(nm.base)
            base = sp.IndexedBase(nm.base, real=True)
            return base[tuple(self.index_expr(it) for it in items)]
        self.named_bases[nm.text] = nm.base
        return self.symbol(nm.text, vector=nm.vector)

    def label_index(self, label):
        """The integer symbol of a label index y_i (y_{i}): named as the reader names y_i."""
        name = f"{label.group(1)}_{label.group(2)}"
        self.integers.add(name)
        return self.symbol(name, integer=True)

    def index_expr(self, item: str):
        label = _LABEL.fullmatch(re.sub(r"\s+", "", item))
        if label:
            return self.label_index(label)
        total = sp.Integer(0)
        for m in re.finditer(r"([+-]?)\s*(\d*)\s*([A-Za-z](?:_\{?\d+\}?)?)?", item.replace(" ", "")):
            if not m.group(0):
                continue
            sign = -1 if m.group(1) == "-" else 1
            coef = int(m.group(2)) if m.group(2) else 1
            if m.group(3):
                name = re.sub(r"_\{?(\d+)\}?", r"_\1", m.group(3))
                self.integers.add(name)
                total += sign * coef * self.symbol(name, integer=True)
            elif m.group(2):
                total += sign * coef
        return total

    def call(self, node, bound):
        kind, fn = node.value
        args = [self.expr(a, bound) for a in node.args]
        if self.array_mode and kind != "user" and any(not a.is_commutative for a in args):
            if len(args) != 1:
                raise NotRead(f"{_shown_fn(fn)} of several arguments applied to a vector or matrix is not read")
            return sp.Function(f"{ELEMENTWISE}{fn}:0")(args[0])
        if kind == "component":     # y(x, \\Theta, \\sigma)_k: a function of the index and the arguments
            _no_bound_letter(fn, bound, fn)
            self.applied.add(component_name(fn))
            return sp.Function(component_name(fn))(self.index_expr(node.extra), *(self.whole(a) for a in args))
        if kind == "user":
            _no_bound_letter(fn, bound, fn)
            self.applied.add(fn)
            return sp.Function(fn)(*(self.whole(a) for a in args))
        for a in args:
            if self.is_vector(a):
                raise NotRead(f"{_shown_fn(fn)} applied to a vector or matrix is not read")
        if fn == "sign":
            return sp.sign(args[0])
        if fn == "binomial":
            args = [_small(v, "\\binom") for v in args]
        try:
            return apply(fn, args)
        except ParseError as exc:
            raise NotRead(str(exc)) from None

    def whole(self, a):
        """A call's argument: the bare name of a vector whose entries the side (or the other
        side) writes is the vector itself, h(x) beside x_j: an IndexedBase, so that the entries
        x[j] and the argument are one object (context.py substitutes an entry-indexed
        definition h(x) = \\sum_k e^{x_k}). Any other argument as it is."""
        if isinstance(a, sp.Symbol) and not a.is_integer and a.is_commutative and a.name in self.force_bases:
            self.bases.add(a.name)
            return sp.IndexedBase(a.name, real=True)
        return a

    def prime(self, node, bound):
        kind, fn = node.value
        order = node.extra
        if len(node.args) != 1:
            raise NotRead(f"{fn}' with {len(node.args)} arguments is not read")
        if order > MAX_DIFF_ORDER:
            raise NotRead(f"derivative of order {order} is not read")
        arg = self.expr(node.args[0], bound)
        if self.array_mode and not arg.is_commutative:
            if kind == "user":
                raise NotRead(f"{fn}' applied to a vector or matrix is not read")
            return sp.Function(f"{ELEMENTWISE}{fn}:{order}")(arg)
        if self.is_vector(arg):
            raise NotRead(f"{_shown_fn(fn)}' applied to a vector or matrix is not read")
        if kind == "user":
            _no_bound_letter(fn, bound, fn)
            self.applied.add(fn)
            f = sp.Function(fn)
        else:
            f = lambda u: apply(fn, [u])
        if isinstance(arg, sp.Symbol):
            return sp.Derivative(f(arg), (arg, order))
        return sp.Subs(sp.Derivative(f(ARG), (ARG, order)), ARG, arg)

    def derivative(self, node, bound):
        body = self.expr(node.value, bound)
        spec, squared = [], False
        for text, order, *how in node.args:
            v = self.node(int(PLACEHOLDER.fullmatch(text).group(1)), bound)
            if not isinstance(v, (sp.Symbol, sp.Indexed)):
                raise NotRead(f"derivative with respect to {v} (not a name) is not read")
            spec.append((v, order))
            squared = squared or bool(how)
        _through_quantity(body, spec, self.quantities)
        if isinstance(body, sp.MatrixBase):
            raise NotRead("a derivative of a matrix is not read")
        if squared:     # d/d(sigma^2) = (1 / (2 sigma)) d/d sigma (derivatives._by_square)
            (v, _), = spec
            return sp.Derivative(body, v) / (2 * v)
        return sp.Derivative(body, *spec)

    def cases(self, node, bound):
        pieces = []
        for value, cond in node.value:
            v = self.expr(value, bound)
            if cond is True:
                pieces.append((v, True))
                continue
            conj = []
            for parts, rels in cond:
                built = [self.expr(p, bound) for p in parts]
                for (x, y), r in zip(zip(built, built[1:]), rels):
                    conj.append(sp.Rel(x, y, r) if r != "==" else sp.Eq(x, y, evaluate=False))
            pieces.append((v, sp.And(*conj)))
        try:
            return sp.Piecewise(*pieces)
        except (TypeError, ValueError) as exc:
            raise NotRead(f"cases not read: {shown(str(exc))}") from None

    # --- vectors: only linear combinations of vectors are scalar-safe -------------------------

    def is_vector(self, e) -> bool:
        if self.array_mode:     # shapes are vectors.py's
            return not getattr(e, "is_commutative", True)
        if isinstance(e, sp.MatrixBase):
            return True
        if isinstance(e, sp.Symbol):
            return e.name in self.vectors
        if isinstance(e, sp.Indexed):
            return str(e.base.label) in self.vectors
        if isinstance(e, (sp.Number, sp.core.function.AppliedUndef)) or not e.args:
            return False
        if isinstance(e, sp.Mul):
            vs = [a for a in e.args if self.is_vector(a)]
            if len(vs) > 1:
                raise NotRead(f"a product of vectors or matrices ({vs[0]} and {vs[1]}) is not read")
            return bool(vs)
        if isinstance(e, sp.Pow):
            if self.is_vector(e.base) or self.is_vector(e.exp):
                raise NotRead(f"a power of a vector or matrix ({e.base}) is not read")
            return False
        if isinstance(e, sp.Derivative):
            return self.is_vector(e.expr) or any(self.is_vector(v) for v, _ in e.variable_count)
        if isinstance(e, (sp.Sum, sp.Product)):
            if isinstance(e, sp.Product) and self.is_vector(e.function):
                raise NotRead("a product of vectors is not read")
            return self.is_vector(e.function)
        if isinstance(e, sp.Piecewise):
            return any(self.is_vector(a.expr) for a in e.args)
        if isinstance(e, sp.Add):
            return any([self.is_vector(a) for a in e.args])
        if isinstance(e, (sp.Subs, sp.KroneckerDelta)):
            return False
        if any(self.is_vector(a) for a in e.args):
            raise NotRead(f"{type(e).__name__} applied to a vector or matrix is not read")
        return False


def component_name(fn: str) -> str:
    """The name of the function 'component k of fn(...)': fn(...)_k is component_name(fn)(k, ...)."""
    return f"{fn}(\\cdot)_\\bullet"


def whole_vectors(nodes) -> set:
    """The names x a side uses bare only as the argument of a user function (h(x)) and
    otherwise through their entries (x_j, x_k): in deep-learning notes that x is the vector and
    h(x) a function of it. Not when x is also a value in the side (x^2, e^x, x - x_0), nor when
    the function is applied to an entry of x too (f(x) beside f(x_0): x_0 may be a point)."""
    def name_node(a):
        m = PLACEHOLDER.fullmatch(a.name) if isinstance(a, sp.Symbol) else None
        n = nodes[int(m.group(1))] if m and int(m.group(1)) < len(nodes) else None
        return (int(m.group(1)), n.value) if n is not None and n.kind == "name" and n.extra is None else None

    called, as_argument, entry_calls = {}, set(), {}
    for n in nodes:
        if n.kind != "call" or n.value[0] not in ("user", "component"):
            continue
        for a in n.args:
            got = name_node(a)
            if got is not None and got[1].sub is None:
                called.setdefault(got[1].text, set()).add(n.value[1])
                as_argument.add(got[0])
            for s in getattr(a, "free_symbols", ()):
                inner = name_node(s)
                if inner is not None and inner[1].sub is not None:
                    entry_calls.setdefault(inner[1].base, set()).add(n.value[1])
    if not called:
        return set()
    bare, entries = set(), set()
    for i, n in enumerate(nodes):
        if n.kind != "name" or n.extra is not None:
            continue
        if n.value.sub is None and i not in as_argument:
            bare.add(n.value.text)
        elif n.value.sub is not None and n.value.power is None:
            entries.add(n.value.base)
    return {x for x, fns in called.items()
            if x in entries and x not in bare and not fns & entry_calls.get(x, set())}


def index_items(sub: str):
    """The indices of a subscript, or None if it is not a list of index expressions:
    'ij' -> [i, j], 'j0' -> [j, 0], '{t+1,i}' -> [t+1, i], 'n+j-1' -> [n+j-1]."""
    sub = re.sub(r"\s+", "", sub)
    if "," in sub:
        items = sub.split(",")
    elif re.fullmatch(r"[A-Za-z0-9]+", sub):
        if len(sub) > 4:
            return None
        items = list(sub) if len(sub) > 1 and not sub.isdigit() else [sub]
    else:
        items = [sub]
    for it in items:
        if not it or not re.fullmatch(r"(?:[+-]?\d*[A-Za-z]?(?:_\{?\d+\}?)?)+", it) or "--" in it:
            return None
        if not re.fullmatch(r"[+-]?(?:\d+|\d*[A-Za-z](?:_\{?\d+\}?)?)(?:[+-](?:\d+|\d*[A-Za-z](?:_\{?\d+\}?)?))*", it):
            return None
    return items


def _picks_entries(body, k) -> bool:
    """Whether the index ``k`` occurs in ``body`` only as a whole index of an entry (``u[w]``,
    an opaque family's ``[w]``, a Kronecker delta), never as a number (``w``, ``u[w + 1]``)."""
    if isinstance(body, sp.Indexed):
        return all(i == k or k not in getattr(i, "free_symbols", ()) for i in body.indices)
    if isinstance(body, sp.KroneckerDelta):
        return True
    if body == k:
        return False
    return all(_picks_entries(a, k) for a in body.args)


def _no_bound_letter(text: str, bound, name: str):
    """A summation index inside a name's superscript or a function's name (x^{(i)}, f_i(x)
    under \\sum_i) would make a constant of what varies with the index."""
    for letter in bound:
        if re.search(r"(?<![A-Za-z\\])" + re.escape(letter) + r"(?![A-Za-z])", text):
            raise NotRead(_conditional_summed(text, letter)
                          or f"{name} uses the summation index {letter} outside a subscript; not read")


# a conditional read by probability.conditional_name: p_{x}(\cdot|y), its outcome's letter as a subscript
_CONDITIONAL_NAME = re.compile(r"^(?P<p>.+?)_\{(?P<outcome>[^{}]+)\}\(\\cdot\|(?P<given>.*)\)$")


def _conditional_summed(text: str, letter: str) -> str | None:
    """The reason for a sum over a letter of a conditional p(x|y): over its outcome x it is the
    distribution's total mass (1 over the whole support, which the text does not state as a
    range; read as a sum of an arbitrary function it would be refuted), over its condition it
    sums a family of distributions the name does not vary with. None for any other name."""
    m = _CONDITIONAL_NAME.match(text)
    if m is None:
        return None
    shown = f"{m.group('p')}({m.group('outcome')}|{m.group('given')})"
    if m.group("outcome") == letter:
        return (f"a sum over {letter} of the conditional {shown} over its own outcome (its total mass, "
                f"1 over the whole support) is not read")
    return f"a sum over {letter} of the conditional {shown} over the letter of its condition is not read"


def _digits_ambiguous(sub: str) -> bool:
    return bool(re.fullmatch(r"\s*\d{2,}\s*", sub))


def _small(v, what: str, limit: int = 800):
    """A number that a factorial or binomial would evaluate at once: at most ``limit``."""
    if v.is_Number and abs(v) > limit:
        raise NotRead(f"{what} of {_shown(v)} is not read (numbers up to {limit})")
    return v


def _first_placeholder(e) -> int:
    """Where a factor stands in the written product: its first placeholder's number."""
    found = [int(m.group(1)) for s in e.free_symbols for m in [PLACEHOLDER.fullmatch(s.name)] if m]
    return min(found) if found else -1


def _number(placeholder: str) -> int:
    return int(PLACEHOLDER.fullmatch(placeholder.strip()).group(1))


def _combine(op, args):
    if any(isinstance(a, sp.MatrixBase) for a in args):
        try:
            return functools.reduce(op, args)
        except (TypeError, ValueError, sp.ShapeError) as exc:
            raise NotRead(f"matrix arithmetic not read: {shown(str(exc))}") from None
    return _check_result((sp.Add if op is operator.add else sp.Mul)(*args))


def _shown_fn(fn: str) -> str:
    return {"sigmoid": "\\sigma"}.get(fn, fn)


def _through_quantity(body, spec, quantities: dict) -> None:
    """d/d\\theta of a(x, \\theta) read as one value (a quantity a derivative is taken by,
    ``derivatives.quantities``) would be 0: the value depends on the names written in its
    brackets, so such a derivative is not read. A name counts when it occurs in the written
    form at all (\\theta in a(\\mathbf{x}, \\boldsymbol{\\theta}) too; x of x_i in f(x_i)):
    erring towards NotRead. ``quantities``: symbol or family name -> written form."""
    if not quantities or not hasattr(body, "free_symbols"):
        return
    inside = {s.name for s in body.free_symbols if isinstance(s, sp.Symbol)}
    inside |= {str(x.base.label) for x in body.atoms(sp.Indexed)}
    forms = [quantities[n] for n in sorted(inside & set(quantities))]
    for v, _ in spec:
        name = str(v.base.label) if isinstance(v, sp.Indexed) else v.name
        if name in quantities:
            continue
        core = re.sub(r"^\\[A-Za-z]+\{(.*)\}$", r"\1", re.sub(r"_.*$", "", name))
        for q in forms:
            # whole words only: b is not named by a(\\mathbf{x}) (the b of \\mathbf)
            if re.search(r"(?<![A-Za-z\\])(?:%s|%s)(?![A-Za-z])" % (re.escape(name), re.escape(core)), q):
                raise NotRead(f"derivative by {name} of {q}, read as one value that depends on it, "
                              "is not read")
