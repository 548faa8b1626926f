"""The allowlist walker: a Python AST (or latex2sympy's SymPy result) rebuilt into SymPy
objects from numbers, names, arithmetic, listed functions, Sum limits and x[i] only."""
from __future__ import annotations

import ast
import decimal
import math
import re

import sympy as sp

from checks import dl
from checks.text.limits import DIVISION_BY_ZERO, MAX_DEPTH, MAX_DIFF_ORDER, MAX_DIGITS, MAX_EXPONENT, MAX_NODES, UNDEFINED, _check_number, _check_result, _shown, ParseError


FUNCTIONS = dict(dl.FUNCTIONS)


CONSTANTS = {"pi": sp.pi, "E": sp.E, "oo": sp.oo}  # oo: SymPy's infinity, for Sum limits


SPECIAL = ("diff", "Sum")


LATEX_ALIASES = {"sigma": "sigmoid", "ReLU": "relu", "Relu": "relu", "ln": "log"}


class _Builder:
    """``names`` (catalog text rows only) maps a name to a SymPy value (a symbol with its
    assumptions, a matrix) or to a function of the row's own notation (``Phi`` -> sigmoid);
    ``as_written`` keeps arithmetic unevaluated, so a chain keeps the document's
    intermediate forms (``(1+e^-v)/(1+e^-v)`` is not folded to 1 before it is checked)."""

    def __init__(self, integers=(), names=None, as_written=False):
        self.integers = set(integers)
        self.names = dict(names or {})
        self.as_written = as_written
        self.symbols = {}
        self.nodes = 0
        self.source = None
        self.calls = {}            # LaTeX: placeholder number -> (function name, argument trees)
        self.placeholder = None    # LaTeX: regex of the placeholder symbols' names

    def symbol(self, name: str):
        if name.startswith("_"):
            raise ParseError(f"name {name!r} is not allowed (names may not start with '_')")
        if name not in self.symbols:
            kw = {"integer": True} if name in self.integers else {"real": True}
            self.symbols[name] = sp.Symbol(name, **kw)
        return self.symbols[name]

    def count(self, depth):
        if depth == 0:
            self.nodes = 0
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ParseError(f"expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ParseError(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")

    def build(self, node, depth=0):
        self.count(depth)
        b = lambda n: self.build(n, depth + 1)
        if isinstance(node, ast.Expression):
            self.source = getattr(node, "source", None)
            return b(node.body)
        if isinstance(node, ast.Constant):
            return self.literal(node)
        if isinstance(node, ast.Name):
            if node.id in self.names and not callable(self.names[node.id]):
                return self.names[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            if node.id in FUNCTIONS or node.id in SPECIAL or node.id in self.names:
                raise ParseError(f"{node.id!r} is a function; call it like {node.id}(x)")
            return self.symbol(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = b(node.operand)
            if isinstance(node.op, ast.UAdd):
                return v
            return sp.Mul(-1, v, evaluate=False) if self.as_written and not v.is_Number else -v
        if isinstance(node, ast.BinOp):
            left, right = b(node.left), b(node.right)
            op = type(node.op)
            if self.as_written:
                return self.unevaluated(op, left, right)
            return self.evaluated(op, left, right)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Subscript):
            if not isinstance(node.value, ast.Name) or node.value.id in FUNCTIONS:
                raise ParseError("only names can be indexed, like x[i]")
            base = sp.IndexedBase(node.value.id, real=True)
            idx = node.slice
            idx = idx.elts if isinstance(idx, ast.Tuple) else [idx]
            return base[tuple(b(i) for i in idx)]
        if isinstance(node, ast.Tuple):
            return tuple(b(e) for e in node.elts)
        raise ParseError(f"{type(node).__name__} is not allowed in an expression")

    def evaluated(self, op, left, right):
        if op is ast.Add:
            return _check_result(left + right)
        if op is ast.Sub:
            return _check_result(left - right)
        if op is ast.Mult:
            return _check_result(left * right)
        if op is ast.Div:
            if right == 0:
                raise ParseError(DIVISION_BY_ZERO)
            return _check_result(left / right)
        if op in (ast.Pow, ast.BitXor):
            return self.power(left, right)
        raise ParseError(f"operator {op.__name__} is not supported")

    def unevaluated(self, op, left, right):
        """``left op right`` as written: SymPy's node built with evaluate=False, size-checked.
        Arithmetic of two numbers, and a product with a zero, is folded: SymPy's assumptions on
        an unevaluated ``-1*0`` are inconsistent (``is_zero`` False, ``is_integer`` True), and
        which of its facts is asked first is random, so the row failed to build now and then."""
        if (left.is_Number and right.is_Number) or (op is ast.Mult and (left.is_zero or right.is_zero)):
            return self.evaluated(op, left, right)
        if op is ast.Add:
            return _check_result(sp.Add(left, right, evaluate=False))
        if op is ast.Sub:
            minus = -right if right.is_Number else sp.Mul(-1, right, evaluate=False)
            return _check_result(sp.Add(left, minus, evaluate=False))
        if op is ast.Mult:
            return _check_result(sp.Mul(left, right, evaluate=False))
        if op is ast.Div:
            if right == 0:
                raise ParseError(DIVISION_BY_ZERO)
            return _check_result(sp.Mul(left, sp.Pow(right, -1, evaluate=False), evaluate=False))
        if op in (ast.Pow, ast.BitXor):
            self.power(left, right)            # the size checks only
            return sp.Pow(left, right, evaluate=False)
        raise ParseError(f"operator {op.__name__} is not supported")

    def literal(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParseError(f"unsupported literal {v!r}")
        src = ast.get_source_segment(self.source, node) if self.source else None
        if isinstance(v, int):
            return _check_number(sp.Integer(v), src)
        # A decimal literal means its exact decimal value, read from the text: 0.1 is 1/10,
        # and 1e999 is 10**999 (as a Python float it would be inf).
        return self.decimal(src or repr(v))

    @staticmethod
    def decimal(text: str):
        try:
            d = decimal.Decimal(text.replace("_", ""))
        except decimal.InvalidOperation:
            raise ParseError(f"cannot read the number {text!r}") from None
        if not d.is_finite():
            raise ParseError(f"the number {text} is not finite")
        size = abs(d.adjusted()) + len(d.as_tuple().digits)
        if size > MAX_DIGITS:
            raise ParseError(f"the number {text} has about {size} digits; at most {MAX_DIGITS} are accepted")
        return _check_number(sp.Rational(*d.as_integer_ratio()), text)

    def power(self, base, exp):
        if base.is_zero and exp.is_extended_negative:
            raise ParseError(DIVISION_BY_ZERO)
        if exp.is_Number and abs(exp) > MAX_EXPONENT and not (base.is_Number and abs(base) in (0, 1)):
            raise ParseError(f"exponent {_shown(exp)} is too large (at most {MAX_EXPONENT})")
        if isinstance(base, sp.Rational) and isinstance(exp, sp.Rational) and base != 0 and abs(base) != 1:
            # digits of the result, estimated before it is computed
            size = abs(float(exp)) * math.log10(max(abs(int(base.p)), int(base.q)))
            if size > MAX_DIGITS:
                raise ParseError(f"the number {_shown(base)}**{_shown(exp)} would have about {size:,.0f} "
                                 f"digits; at most {MAX_DIGITS} are accepted")
        return _check_result(base ** exp)

    def call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            raise ParseError("only the listed functions can be called, like sigmoid(x)")
        name = node.func.id
        if node.keywords:
            raise ParseError(f"{name}(): keyword arguments are not supported")
        if callable(self.names.get(name)):
            return _check_result(self.names[name](*[self.build(a, depth + 1) for a in node.args]))
        if name not in FUNCTIONS and name not in SPECIAL:
            known = ", ".join(sorted(FUNCTIONS) + list(SPECIAL))
            raise ParseError(f"unknown function {name!r}; known: {known}")
        args = [self.build(a, depth + 1) for a in node.args]
        if name == "diff":
            if len(args) < 2:
                raise ParseError("diff needs an expression and a variable: diff(f, x)")
            return derivative(args[0], args[1:])
        if name == "Sum":
            if len(args) != 2 or not (isinstance(args[1], tuple) and len(args[1]) == 3):
                raise ParseError("Sum needs a term and limits: Sum(f, (k, 1, n))")
            k, lo, hi = args[1]
            if not k.is_Symbol:
                raise ParseError(f"Sum index must be a name, got {k}")
            return sp.Sum(args[0], (k, *_sum_limits(lo, hi)))
        return apply(name, args)

    # --- LaTeX: rebuild what latex2sympy returned, through the same checks -------------------

    def number_or_constant(self, e, limit: bool, infinity: str):
        """The rebuilt node when ``e`` is a number or a constant, None otherwise: one reading of
        numbers (bounded, exact) and constants for latex2sympy's result and for SymPy input.
        ``infinity`` is the message for an infinity outside a sum limit."""
        if isinstance(e, sp.Float):
            return self.decimal(str(e))
        if isinstance(e, sp.Rational):
            return _check_number(e)
        if e is sp.zoo:
            raise ParseError(DIVISION_BY_ZERO)
        if e is sp.nan:
            raise ParseError(UNDEFINED)
        if e is sp.oo or e is sp.S.NegativeInfinity:
            if limit:
                return e
            raise ParseError(infinity)
        if e is sp.I:
            raise ParseError("imaginary numbers are not supported")
        if e is sp.E or e is sp.pi:
            return e
        return None

    def arithmetic(self, e, b):
        """Add, Mul and Pow rebuilt from their arguments rebuilt by ``b``, with the size checks;
        None for any other node."""
        if isinstance(e, sp.Add):
            return _check_result(sp.Add(*map(b, e.args)))
        if isinstance(e, sp.Mul):
            return _check_result(sp.Mul(*map(b, e.args)))
        if isinstance(e, sp.Pow):
            return self.power(b(e.base), b(e.exp))
        return None

    def from_sympy(self, e, depth=0, limit=False):
        """A fresh SymPy expression from latex2sympy's output, node by node: numbers bounded
        and exact, symbols real (integer where Sum needs it), only the listed functions;
        anything else is refused by name.

        Long because it is the allowlist for latex2sympy's result, one branch per allowed node
        kind; anything else is refused at its end."""
        self.count(depth)
        b = lambda n: self.from_sympy(n, depth + 1)
        atom = self.number_or_constant(e, limit, "infinity (\\infty) is allowed only as a sum limit")
        if atom is not None:
            return atom
        if e is sp.EulerGamma:   # latex2sympy reads \gamma as Euler's constant; here it is a name
            return self.symbol("gamma")
        if isinstance(e, sp.Symbol):
            return self.latex_symbol(e.name, depth)
        node = self.arithmetic(e, b)
        if node is not None:
            return node
        if isinstance(e, sp.Derivative):
            spec = []
            for v, n in e.variable_count:
                spec += [b(v), n]
            return derivative(b(e.expr), spec)
        if isinstance(e, sp.Sum):
            limits = []
            for k, lo, hi in e.limits:
                if not isinstance(k, sp.Symbol):
                    raise ParseError(f"sum index must be a name, got {k}")
                ends = [self.from_sympy(v, depth + 1, limit=True) for v in (lo, hi)]
                limits.append((b(k), *_sum_limits(*ends)))
            return sp.Sum(b(e.function), *limits)
        if isinstance(e, sp.log) and len(e.args) == 2:   # \log_b x, and latex2sympy's log(x, E)
            x, base = map(b, e.args)
            return apply("log", [x]) if base is sp.E else apply("log", [x]) / apply("log", [base])
        if isinstance(e, sp.core.function.AppliedUndef):
            name = re.sub(r"^\\|^(?:\\?(?:text|mathrm|operatorname))\{(.*)\}$", r"\1", e.func.__name__)
            name = LATEX_ALIASES.get(name, name)
            if name not in FUNCTIONS:
                raise ParseError(f"unknown function {name!r} in the LaTeX input; known: "
                                 + ", ".join(sorted(FUNCTIONS)))
            return apply(name, [b(a) for a in e.args])
        if type(e).__name__ in FUNCTIONS and e.args:   # exp, tanh, Abs, Max, Min, ...
            return apply(type(e).__name__, [b(a) for a in e.args])
        raise ParseError(f"{type(e).__name__} ({_shown(e)}) is not supported in LaTeX input")

    def latex_symbol(self, name, depth):
        m = self.placeholder.fullmatch(name) if self.placeholder else None
        if m and int(m.group(1)) in self.calls:
            fn, args = self.calls[int(m.group(1))]
            return apply(fn, [self.from_sympy(a, depth + 1) for a in args])
        stem = name.split("_")[0]
        if len(stem) > 1 and stem[0] == "d" and stem not in _GREEK:
            # latex2sympy lexes d followed by a letter as a differential: 'dk' is one name
            raise ParseError(f"'{stem}' reads as a differential; derivatives are written "
                             f"\\frac{{d}}{{d{stem[1:]}}} f, a product d k as d \\cdot {stem[1:]}")
        return self.symbol(name)


def derivative(f, spec):
    """Derivative(f, x, n, y, ...) (or (x, n) pairs) with every variable a name and every
    order an integer from 1 to MAX_DIFF_ORDER."""
    for a in spec:
        if isinstance(a, tuple) and not (len(a) == 2 and isinstance(a[1], (int, sp.Number))):
            raise ParseError(f"diff(): a tuple is (variable, order), like (x, 2); got {len(a)} items")
    items = [i for a in spec for i in (a if isinstance(a, tuple) else (a,))]
    pairs = []
    for a in items:
        if isinstance(a, (int, sp.Number)):
            if not pairs or pairs[-1][1] is not None:
                raise ParseError(f"diff(): the order {a} must follow a variable")
            if not (isinstance(a, (int, sp.Integer)) and 1 <= a <= MAX_DIFF_ORDER):
                raise ParseError(f"diff(): the order must be an integer from 1 to {MAX_DIFF_ORDER}, "
                                 f"got {_shown(a)}")
            pairs[-1][1] = int(a)
        elif isinstance(a, (sp.Symbol, sp.Indexed)):
            pairs.append([a, None])
        else:
            raise ParseError(f"diff(): can only differentiate with respect to a name, got {_shown(a)}")
    if not pairs:
        raise ParseError("diff needs an expression and a variable: diff(f, x)")
    spec = [(v, n or 1) for v, n in pairs]
    total = sum(n for _, n in spec)
    if total > MAX_DIFF_ORDER:
        raise ParseError(f"diff(): total order {total} is too large (at most {MAX_DIFF_ORDER})")
    return sp.Derivative(f, *spec)


def _sum_limits(*ends):
    """A sum runs over integers: a limit that is a number is an integer or +-oo."""
    for v in ends:
        if v.is_Number and not (v.is_Integer or v in (sp.oo, sp.S.NegativeInfinity)):
            raise ParseError(f"sum limits must be integers, got {_shown(v)}")
    return ends


def _estimated_digits(name, args) -> float:
    """Decimal digits of factorial(n) or binomial(n, k) of integers, from log-gamma, before
    SymPy computes them (factorial(3000000) would take seconds just to be refused)."""
    if not args or not all(isinstance(a, sp.Integer) and a >= 0 for a in args):
        return 0.0
    n = int(args[0])
    if name == "factorial" and len(args) == 1:
        return math.lgamma(n + 1) / math.log(10)
    if name == "binomial" and len(args) == 2 and int(args[1]) <= n:
        k = int(args[1])
        return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(10)
    return 0.0


def apply(name, args):
    digits = _estimated_digits(name, args)
    if digits > MAX_DIGITS:
        raise ParseError(f"{name}({', '.join(map(_shown, args))}) would have about {digits:,.0f} digits; "
                         f"at most {MAX_DIGITS} are accepted")
    try:
        return _check_result(FUNCTIONS[name](*args))
    except TypeError as exc:
        raise ParseError(f"{name}(): {exc}") from None
    except ZeroDivisionError:   # Mod(x, 0), gcd-style evaluation at construction
        raise ParseError(f"{name}(): {DIVISION_BY_ZERO}") from None


# Greek letter names: plain symbols in both inputs (LaTeX's \beta is the symbol beta)
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
          "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
          "upsilon", "phi", "varphi", "chi", "psi", "omega", "Delta", "Theta", "Lambda", "Xi",
          "Upsilon", "Sigma", "Phi", "Psi", "Omega"}
