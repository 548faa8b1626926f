"""Parsing ``verify`` input without ever executing it.

Text is NFKC-normalised (so lookalike Unicode such as fullwidth letters or
superscripts cannot smuggle anything past the allowlist), size-limited, parsed
by Python's ``ast`` module into a tree, and the tree is walked with an
allowlist: numbers, names, + - * / ** ^, unary minus, calls of the listed
functions, tuples (for Sum limits) and subscripts (x[i]). SymPy objects are
built by this walker itself; nothing reaches ``eval`` or ``sympify`` of text.
Every other name is a real symbol (``beta``, ``gamma``, ``lam`` are symbols,
never SymPy's special functions).

Numbers are built with a bounded size: a literal or a power of numbers with
more than ``MAX_DIGITS`` decimal digits is refused before it is computed, so
reading a claim costs no more than the claim's length. LaTeX (``--latex``) is
read by latex2sympy2_extended, but only after the text passed an allowlist of
commands and characters, and its result is rebuilt by the same walker (see
``_Builder.from_sympy``): whatever latex2sympy returns that is not on the
allowlist is refused, never guessed at. ``read_verify`` does all of it in a
forked child under the claim's ``--timeout``.
"""
from __future__ import annotations

import ast
import decimal
import math
import re
import unicodedata

import sympy as sp

from checks import dl

MAX_CHARS = 2000
MAX_DEPTH = 60
MAX_NODES = 800          # parts of one expression: each side and each assumption has its own
MAX_ASSUMPTIONS = 64
MAX_EXPONENT = 10_000    # of a power whose base is not a number (x**10000)
MAX_DIGITS = 2500        # decimal digits of any number built while reading (10**-2000 fits)
MAX_DIFF_ORDER = 16
# latex2sympy's parser is exponential in the nesting of brackets (12 levels of braces took
# seconds, 80 took 38 s); real formulas stay far below this.
LATEX_MAX_DEPTH = 10
READ_MEMORY_CAP = 3 * 1024 ** 3   # bytes of address space of the child that reads a claim


class ParseError(ValueError):
    """Bad user input: the message is one line for the CLI."""


# One message for 1/0, 0**-1, log(0) and LaTeX's \frac{1}{0} (which latex2sympy returns as zoo).
DIVISION_BY_ZERO = "division by zero (an infinite value, zoo) in the input"
UNDEFINED = "division by zero or another undefined value (nan, as 0/0) in the input"


FUNCTIONS = dict(dl.FUNCTIONS)
CONSTANTS = {"pi": sp.pi, "E": sp.E, "oo": sp.oo}  # oo: SymPy's infinity, for Sum limits
SPECIAL = ("diff", "Sum")
LATEX_ALIASES = {"sigma": "sigmoid", "ReLU": "relu", "Relu": "relu", "ln": "log"}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_CHARS:
        raise ParseError(f"input has {len(text)} characters; at most {MAX_CHARS} are accepted")
    bad = sorted({ch for ch in text if not (ch.isascii() and (ch.isprintable() or ch in " \t"))})
    if bad:
        raise ParseError(f"unsupported character {bad[0]!r} (U+{ord(bad[0]):04X}); use ASCII names")
    return text


def split_equation(text: str) -> tuple[str, str]:
    text = normalise(text)
    parts = re.split(r"(?<![<>=!])==?(?!=)", text)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise ParseError(f"expected one equation 'LHS = RHS', got {text.strip()[:80]!r}")
    return parts[0], parts[1]


def _shown(v) -> str:
    """A number for a message: long ones abbreviated (and never converted to a decimal
    string of more than a few thousand digits)."""
    if isinstance(v, sp.Integer) and abs(int(v)).bit_length() > 200:
        return f"{'-' if v < 0 else ''}<{_digits(v)}-digit integer>"
    s = str(v)
    return s if len(s) <= 40 else s[:18] + "..." + s[-18:]


def _digits(v) -> int:
    """Decimal digits of the larger of numerator and denominator of a rational."""
    p, q = abs(int(v.p)), int(v.q)
    return int(max(p, q).bit_length() * math.log10(2)) + 1


def _check_number(v, shown=None):
    if isinstance(v, sp.Rational) and _digits(v) > MAX_DIGITS:
        what = f"the number {shown}" if shown else "a number built from the input"
        raise ParseError(f"{what} has about {_digits(v)} digits; at most {MAX_DIGITS} are accepted")
    return v


def _check_result(v):
    """Sums and products of bounded numbers can grow past the bound: check the numbers SymPy
    folded at the top of the new node (the ones below were checked when they were built)."""
    if isinstance(v, sp.Rational):
        return _check_number(v)
    if isinstance(v, (sp.Add, sp.Mul)):
        for a in v.args:
            if isinstance(a, sp.Rational):
                _check_number(a)
    return v


def check_finite(e, where="the input"):
    """Refuse complex infinity, nan, infinity outside Sum limits and imaginary numbers, so
    that both input paths (SymPy syntax and LaTeX) refuse the same things the same way."""
    stack = [e]
    while stack:
        n = stack.pop()
        if n is sp.zoo:
            raise ParseError(DIVISION_BY_ZERO)
        if n is sp.nan:
            raise ParseError(UNDEFINED)
        if n is sp.oo or n is sp.S.NegativeInfinity:
            raise ParseError(f"infinity (oo) in {where} is allowed only as a Sum limit")
        if n is sp.I:
            raise ParseError(f"imaginary numbers in {where} are not supported")
        if isinstance(n, sp.Sum):
            stack.append(n.function)
            for _, lo, hi in n.limits:
                stack.extend(b for b in (lo, hi) if b not in (sp.oo, sp.S.NegativeInfinity))
        elif isinstance(n, sp.Basic):
            stack.extend(n.args)
    return e


class _Builder:
    def __init__(self, integers=()):
        self.integers = set(integers)
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
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            if node.id in FUNCTIONS or node.id in SPECIAL:
                raise ParseError(f"{node.id!r} is a function; call it like {node.id}(x)")
            return self.symbol(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = b(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            left, right = b(node.left), b(node.right)
            op = type(node.op)
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

    def from_sympy(self, e, depth=0, limit=False):
        """A fresh SymPy expression from latex2sympy's output, node by node: numbers bounded
        and exact, symbols real (integer where Sum needs it), only the listed functions;
        anything else is refused by name."""
        self.count(depth)
        b = lambda n: self.from_sympy(n, depth + 1)
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
            raise ParseError("infinity (\\infty) is allowed only as a sum limit")
        if e is sp.I:
            raise ParseError("imaginary numbers are not supported")
        if e is sp.E or e is sp.pi:
            return e
        if e is sp.EulerGamma:   # latex2sympy reads \gamma as Euler's constant; here it is a name
            return self.symbol("gamma")
        if isinstance(e, sp.Symbol):
            return self.latex_symbol(e.name, depth)
        if isinstance(e, sp.Add):
            return _check_result(sp.Add(*map(b, e.args)))
        if isinstance(e, sp.Mul):
            return _check_result(sp.Mul(*map(b, e.args)))
        if isinstance(e, sp.Pow):
            return self.power(b(e.base), b(e.exp))
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


def apply(name, args):
    try:
        return _check_result(FUNCTIONS[name](*args))
    except TypeError as exc:
        raise ParseError(f"{name}(): {exc}") from None
    except ZeroDivisionError:   # Mod(x, 0), gcd-style evaluation at construction
        raise ParseError(f"{name}(): {DIVISION_BY_ZERO}") from None


def _sum_indices(tree) -> set:
    """Names that must be integers: Sum indices and the names in Sum limits
    (Sum(b**k, (k, 0, n)) sums over integers k up to an integer n)."""
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Sum" \
                and len(n.args) == 2 and isinstance(n.args[1], ast.Tuple) and n.args[1].elts:
            index, *limits = n.args[1].elts
            if isinstance(index, ast.Name):
                out.add(index.id)
            for lim in limits:
                out |= {m.id for m in ast.walk(lim) if isinstance(m, ast.Name) and m.id not in CONSTANTS}
    return out


def _tree(text: str):
    text = text.replace("^", "**").strip()  # '^' is always a power here, never XOR
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ParseError(f"cannot parse {text[:60]!r}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("expression is nested too deeply") from None
    tree.source = text   # decimal literals are read from their text
    return tree


_INTEGER_DECL = r"\s*([A-Za-z]\w*)\s+(integer|int)\s*"


def _declared_integers(assumptions) -> set:
    if len(assumptions) > MAX_ASSUMPTIONS:
        raise ParseError(f"{len(assumptions)} assumptions given; at most {MAX_ASSUMPTIONS} are accepted")
    return {m.group(1) for a in assumptions for m in [re.fullmatch(_INTEGER_DECL, normalise(a))] if m}


def _assumptions(assumptions, builder):
    return tuple(check_finite(_relation(a, builder), "an assumption") for a in assumptions
                 if not re.fullmatch(_INTEGER_DECL, normalise(a)))


def parse_claim(text: str, assumptions=(), integers=()):
    """(lhs, rhs, assume) from 'LHS = RHS' and '--assume' strings."""
    left, right = split_equation(text)
    trees = [_tree(left), _tree(right)]
    ints = set(integers) | set().union(*(_sum_indices(t) for t in trees))
    builder = _Builder(ints | _declared_integers(assumptions))
    lhs, rhs = (check_finite(builder.build(t)) for t in trees)
    return lhs, rhs, _assumptions(assumptions, builder)


def _relation(text: str, builder: _Builder):
    text = normalise(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ParseError(f"cannot parse assumption {text!r}; use e.g. 'x > 0', '0 < p < 1', 't integer'") \
            from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError(f"assumption {text[:40]!r} is nested too deeply") from None
    builder.source, tree = text.strip(), tree.body
    if not isinstance(tree, ast.Compare):
        raise ParseError(f"assumption {text!r} is not a comparison; use e.g. 'x > 0' or '0 < p < 1'")
    ops = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}
    terms = [builder.build(tree.left)] + [builder.build(c) for c in tree.comparators]
    rels = []
    for op, a, b in zip(tree.ops, terms, terms[1:]):
        if type(op) not in ops:
            raise ParseError(f"assumption {text!r}: only <, <=, >, >= are supported")
        rels.append(ops[type(op)](a, b))
    return sp.And(*rels) if len(rels) > 1 else rels[0]


# --- LaTeX ------------------------------------------------------------------------------------
# The commands latex2sympy reads the way derivcheck means them. Anything else (\int, \lim,
# \prod, \sin, \vec, \{, \\, ...) is refused by name before latex2sympy sees the text:
# latex2sympy reads many constructs silently differently (f'(x) as f(x), \Gamma as Euler's
# constant, 1e3 as 1*e*3), and a misreading would become a verdict.
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
          "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
          "upsilon", "phi", "varphi", "chi", "psi", "omega", "Delta", "Theta", "Lambda", "Xi",
          "Upsilon", "Sigma", "Phi", "Psi", "Omega"}
LATEX_COMMANDS = _GREEK | {
    "frac", "dfrac", "tfrac", "sqrt", "cdot", "times", "left", "right", "big", "Big", "bigl",
    "bigr", "Bigl", "Bigr", "exp", "log", "ln", "tanh", "sinh", "cosh", "max", "min", "partial",
    "sum", "infty", "mathrm", "operatorname", "text", "mathit", "boxed", "displaystyle", "quad",
    "qquad", ",", ";", ":", "!", " "}
_LATEX_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t+-*/=^_{}()[]|,.")
_PLACEHOLDERS = ("Upsilon", "Omega", "Psi", "Phi", "Lambda", "Theta")   # candidate letters
_FN_NAMES = sorted(set(FUNCTIONS) | set(LATEX_ALIASES), key=len, reverse=True)


def _latex_source(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    if len(text) > MAX_CHARS:
        raise ParseError(f"input has {len(text)} characters; at most {MAX_CHARS} are accepted")
    for m in re.finditer(r"\\([A-Za-z]+|.?)", text):
        if m.group(1) not in LATEX_COMMANDS:
            raise ParseError(f"unsupported LaTeX command '{m.group(0)}'")
    rest = re.sub(r"\\([A-Za-z]+|.?)", " ", text)
    for ch in rest:
        if ch == "'":
            raise ParseError("primes (f'(x)) are not supported in LaTeX input; write \\frac{d}{dx} f(x)")
        if ch not in _LATEX_CHARS:
            raise ParseError(f"unsupported character {ch!r} (U+{ord(ch):04X}) in the LaTeX input")
    _latex_depth(text)
    return text


def _latex_depth(text: str):
    """Balanced (), [], {} (escaped braces were refused above), nested at most LATEX_MAX_DEPTH."""
    pairs, stack, deepest = {")": "(", "]": "[", "}": "{"}, [], 0
    for ch in text:
        if ch in "([{":
            stack.append(ch)
            deepest = max(deepest, len(stack))
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                raise ParseError(f"unbalanced {ch!r} in the LaTeX input")
    if stack:
        raise ParseError(f"unbalanced {stack[-1]!r} in the LaTeX input")
    if deepest > LATEX_MAX_DEPTH:
        raise ParseError(f"LaTeX input is nested {deepest} brackets deep; at most {LATEX_MAX_DEPTH} "
                         "are accepted")


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    return parts + ["".join(cur)]


def _plain_latex(s: str) -> str:
    """Spacing and sizing commands dropped, synonyms unified, single-token arguments of
    \\frac and \\sqrt braced (\\frac13 is \\frac{1}{3}), names in \\mathrm{} resolved."""
    s = re.sub(r"\\(?:[,;: !]|quad(?![A-Za-z])|qquad(?![A-Za-z])|displaystyle(?![A-Za-z]))", " ", s)
    s = re.sub(r"\\(?:left|right|[bB]ig[lr]?)(?![A-Za-z])", " ", s)
    s = _unbox(s)
    s = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", s)
    # '*', not \cdot: latex2sympy lexes 'd \cdot' as one differential named 'dcdot'
    s = re.sub(r"\\(?:cdot|times)(?![A-Za-z])", " * ", s)
    s = re.sub(r"\\log(?![A-Za-z])", r"\\ln", s)    # in deep learning \log is the natural log
    s = re.sub(r"\\(mathrm|operatorname|text|mathit)\s*\{\s*([^{}]*?)\s*\}", _named, s)
    left = re.search(r"\\(?:mathrm|text|mathit)(?![A-Za-z])|\\operatorname(?!\{\w+\})", s)
    if left:   # not followed by {name}: \mathrm x, \mathrm{{x}}
        raise ParseError(f"'{left.group(0)}' must be followed by {{a letter or a function name}}")
    s = re.sub(r"\\frac\s*([0-9A-Za-z])", r"\\frac{\1}", s)
    s = re.sub(r"(\\frac\s*\{[^{}]*\})\s*([0-9A-Za-z])", r"\1{\2}", s)
    s = re.sub(r"\\sqrt\s*([0-9A-Za-z])", r"\\sqrt{\1}", s)
    return s


def _closing(s: str, i: int) -> int:
    """Index of the bracket that closes the one at s[i]."""
    depth = 0
    for j in range(i, len(s)):
        depth += (s[j] in "([{") - (s[j] in ")]}")
        if depth == 0:
            return j
    raise ParseError(f"unbalanced {s[i]!r} in the LaTeX input")


def _unbox(s: str) -> str:
    """\\boxed{a} as (a), on its own side only (latex2sympy's normalisation would keep only the
    boxed parts of the whole text, so \\boxed{x} = \\boxed{x} + 1 read as x = x)."""
    while (m := re.search(r"\\boxed\s*\{", s)):
        j = _closing(s, m.end() - 1)
        s = s[:m.start()] + "(" + s[m.end():j] + ")" + s[j + 1:]
    if "\\boxed" in s:
        raise ParseError("\\boxed must be followed by {...}")
    return s


def _named(m) -> str:
    name = m.group(2)
    if name == "e":
        return "(e)"          # Euler's number, as latex2sympy reads a bare e
    if name == "d":
        return " d"           # the d of \frac{\mathrm{d}}{\mathrm{d}x}, lexed as a differential
    if re.fullmatch(r"[A-Za-z]", name):
        return "(" + name + ")"
    if name in FUNCTIONS or name in LATEX_ALIASES:
        return f"\\operatorname{{{name}}}"
    raise ParseError(f"\\{m.group(1)}{{{name}}} is not supported in LaTeX input (a single letter or "
                     f"a function name: {', '.join(sorted(FUNCTIONS))})")


_DERIV = re.compile(r"\\frac\s*\{\s*(d|\\partial)\s*(?:\^\s*(?:\{\s*(\d+)\s*\}|(\d)))?"
                    r"\s*(?P<num>[^{}]*?)\s*\}\s*\{(?P<den>(?:[^{}]|\{\s*\d+\s*\})*)\}")
_DEN = re.compile(r"\s*(d|\\partial)\s*(\\[A-Za-z]+|[A-Za-z])\s*(?:\^\s*(?:\{\s*(\d+)\s*\}|(\d)))?\s*")


def _differentials(den: str, op: str):
    """The variables of 'dx^2 dy' (each repeated by its power), or None if den is not that."""
    parts, pos = [], 0
    while pos < len(den):
        d = _DEN.match(den, pos)
        if not d or d.end() == pos or d.group(1) != op:
            return None
        parts += [d.group(2)] * int(d.group(3) or d.group(4) or 1)
        pos = d.end()
    return parts or None


def _higher_derivatives(s: str) -> str:
    """Leibniz notation as repeated operators, which latex2sympy reads as one Derivative:
    \\frac{d^2}{dx^2} f (latex2sympy: d**2*f/dx**2) and \\frac{d^2 f}{dx^2} become
    \\frac{d}{dx}\\frac{d}{dx} f, \\frac{d\\sigma(x)}{dx} becomes \\frac{d}{dx}(\\sigma(x));
    mixed partials likewise. A fraction whose denominator is not differentials (\\frac{d^2}{2})
    is left alone."""
    def one(m):
        op, body = m.group(1), m.group("num")
        order = m.group(2) or m.group(3)
        parts = _differentials(m.group("den"), op)
        if parts is None:
            return m.group(0)
        if body[:1] in tuple("+-*/=^_"):   # latex2sympy: \frac{d+1}{dx} is d/dx of +1
            raise ParseError(f"derivative notation '{m.group(0)}' is not understood; write "
                             "\\frac{d}{dx} f or \\frac{d^2 f}{dx^2}")
        n = int(order or 1)
        if len(parts) != n or not 1 <= n <= MAX_DIFF_ORDER:
            raise ParseError(f"derivative '{m.group(0)}': order {n} on top, {len(parts)} below "
                             f"(orders 1 to {MAX_DIFF_ORDER} are accepted)")
        ops = "".join(f"\\frac{{{op}}}{{{op} {v}}}" if op != "d" else f"\\frac{{d}}{{d{v}}}" for v in parts)
        return ops + (f"({body})" if body.strip() else " ")
    return _DERIV.sub(one, s)


_OPERATOR = re.compile(r"\\frac\s*\{\s*(?:d|\\partial)\s*\}\s*\{[^{}]*\}")


def _derivative_scope(s: str):
    """latex2sympy applies \\frac{d}{dx} to the implicit product after it (x\\sigma(x) whole)
    but stops at an explicit \\cdot, \\times or /: \\frac{d}{dx} x \\cdot x is x * 1 there,
    where a reader may mean the derivative of x^2. Such a term is refused."""
    for m in _OPERATOR.finditer(s):
        depth, j = 0, m.end()
        while j < len(s) and s[j] in " -":   # a leading sign belongs to the operand
            j += 1
        while j < len(s):
            ch = s[j]
            depth += (ch in "([{") - (ch in ")]}")
            if depth < 0 or depth == 0 and ch in "+-=":
                break
            if depth == 0 and ch in "*/":   # \cdot and \times are "*" by now
                term = " ".join(s[m.start():j + 1].split())
                raise ParseError(f"'{term}'... is ambiguous (the derivative of a "
                                 "product, or a derivative times a factor); put the operand in "
                                 "brackets: \\frac{d}{dx}\\left(...\\right)")
            j += 1


# a '/' whose right operand is followed by an implicit product: 1/2x, a/b c, x/(y+1)z
_ATOM = (r"(?:\d+(?:\.\d+)?|(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{[^{}]*\}|_\w)?(?:\^\{[^{}]*\}|\^\w)?"
         r"(?:\s*\([^()]*\)|\s*\{[^{}]*\}(?:\{[^{}]*\})?)?|\([^()]*\))")
_SLASH = re.compile(r"/\s*(?>" + _ATOM + r")\s*(?=[A-Za-z0-9(\\])")   # atomic: no backtracking


def _ambiguous(s: str):
    """Refuse what latex2sympy reads one way and a reader may mean another."""
    m = re.search(r"\d\s*\\frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}", s)
    if m:
        raise ParseError(f"'{m.group(0)}' is ambiguous (a mixed number or a product); write "
                         "2 + \\frac{1}{2} or 2 \\cdot \\frac{1}{2}")
    m = re.search(r"\d,\d{3}(?!\d)", s)   # latex2sympy: 1,000 is 1000; 1,5 is a set
    if m:
        raise ParseError(f"'{m.group(0)}' is ambiguous (a thousands separator or a decimal comma); "
                         "write the number without commas")
    m = _SLASH.search(s)   # latex2sympy: 1/2x is 1/(2x)
    if m:
        raise ParseError(f"'{' '.join(s[m.start():m.end() + 1].split())}' is ambiguous (a/bc as a/(bc) "
                         "or (a/b)c); write \\frac{a}{bc} or \\frac{a}{b} c")
    m = re.search(r"[\w)\]}]\s*\|\s*[\w(\[{\\]", s) if s.count("|") > 2 else None
    if m:   # |x|y|z|: latex2sympy reads |x*|y|*z|; a bar between two operands opens or closes
        raise ParseError(f"'{m.group(0)}' is ambiguous (does the bar open or close?); put a "
                         "product sign next to it, like |x| \\cdot y")
    m = re.search(r"\^\s*(?:\{[^{}]*\}|\\?\w)\s*\^", s)
    if m:
        raise ParseError(f"'{m.group(0)}' is a double superscript; write x^{{2^{{3}}}} or (x^2)^3")
    m = re.search(r"\d[\d.]*\s*\(?e\)?\s*\d+", s)   # 1e3 (latex2sympy: 1*e*3); 2e+3 is 2e + 3
    if m:
        raise ParseError(f"'{m.group(0)}' would be read as a product with Euler's number e; "
                         "write powers of ten as 10^{3}")


class _LatexReader:
    """latex2sympy on one side at a time, with the calls of derivcheck's functions taken out
    first (latex2sympy reads 2\\sigma(2x) as a product of symbols): each becomes a
    placeholder symbol whose letter does not occur in the input, so it cannot clash with a
    name of the user's."""

    def __init__(self, text: str):
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig
        letter = next((g for g in _PLACEHOLDERS if g.lower() not in text.lower()), None)
        if letter is None:
            raise ParseError("the LaTeX input uses every placeholder letter; rename a symbol")
        self.letter, self.calls = letter, {}
        self.placeholder = re.compile(rf"{letter}_\{{?(\d+)\}}?")
        # case kept (X and x are two names); 2\frac{1}{2} is refused above, not read as 5/2
        self.config = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
        self.call = re.compile(r"\\(?:sigma|operatorname\{(" + "|".join(map(re.escape, _FN_NAMES))
                               + r")\})\s*\(")

    def read(self, side: str):
        from latex2sympy2_extended.latex2sympy2 import latex2sympy
        side = self.take_calls(side)
        try:
            e = latex2sympy(side.strip(), normalization_config=None, conversion_config=self.config)
        except RecursionError:
            raise ParseError("LaTeX input is nested too deeply") from None
        except Exception as exc:
            msg = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
            raise ParseError(f"cannot parse LaTeX '{side.strip()[:60]}': {msg}") from None
        if isinstance(e, list) or not isinstance(e, sp.Expr):
            raise ParseError(f"LaTeX '{side.strip()[:60]}' is not an expression")
        return e

    def take_calls(self, text: str) -> str:
        out, i = [], 0
        for m in self.call.finditer(text):
            if m.start() < i:
                continue
            depth, j = 1, m.end()
            while j < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            name = m.group(1) or "sigma"
            name = LATEX_ALIASES.get(name, name)
            args = [self.read(a) for a in _top_level_split(text[m.end():j - 1], ",")]
            key = 10 + len(self.calls)
            self.calls[key] = (name, args)
            out.append(text[i:m.start()] + f" \\{self.letter}_{{{key}}} ")
            i = j
        out.append(text[i:])
        return "".join(out)


def _latex_integers(exprs) -> set:
    """Names latex2sympy put in Sum indices and limits: integers, as in the SymPy syntax."""
    out = set()
    for e in exprs:
        for s in e.atoms(sp.Sum):
            for k, lo, hi in s.limits:
                out |= {v.name for v in (k, *lo.free_symbols, *hi.free_symbols) if isinstance(v, sp.Symbol)}
    return out


def parse_latex_claim(text: str, assumptions=()):
    """(lhs, rhs, assume) from LaTeX, via latex2sympy2_extended; all symbols real (integer in
    sums). The assumptions are in SymPy syntax and share the claim's symbols."""
    text = _latex_source(text)
    whole = re.match(r"\\boxed\s*\{", text)
    if whole and _closing(text, whole.end() - 1) == len(text) - 1:
        text = text[whole.end():-1]   # \boxed{a = b}: the whole equation boxed
    sides = _top_level_split(text, "=")
    if len(sides) != 2 or not all(s.strip() for s in sides):
        raise ParseError("expected one equation 'LHS = RHS' in the LaTeX input")
    reader = _LatexReader(text)
    raw = []
    for s in sides:
        s = _higher_derivatives(_plain_latex(s))
        _ambiguous(s)
        _derivative_scope(s)
        raw.append(reader.read(s))
    calls_raw = [a for _, args in reader.calls.values() for a in args]
    builder = _Builder(_latex_integers(raw + calls_raw) | _declared_integers(assumptions))
    builder.calls, builder.placeholder = reader.calls, reader.placeholder
    lhs, rhs = (check_finite(builder.from_sympy(e)) for e in raw)
    return lhs, rhs, _assumptions(assumptions, builder)


# --- reading under a budget ---------------------------------------------------------------------

def read_verify(claim: str, assumptions=(), latex: bool = False, timeout: float | None = 30.0):
    """(lhs, rhs, assume) of a ``verify`` claim with its assumptions checked, read in a forked
    child that is killed after ``timeout`` seconds: SymPy evaluates while it builds (a square
    root of a 2000-digit integer, latex2sympy on deep brackets), and reading must not outlast
    the claim's budget. Bad input raises ParseError with the child's one-line message."""
    if latex:
        import latex2sympy2_extended  # noqa: F401  (imported once here, not in every child)
    return _within(timeout, _read_verify, claim, tuple(assumptions), latex)


def _read_verify(claim, assumptions, latex):
    from checks.prove.domains import AssumptionError, Domain
    from checks.prove.decide import free_of
    read = parse_latex_claim if latex else parse_claim
    lhs, rhs, assume = read(claim, assumptions)
    try:
        Domain.from_assumptions(free_of(lhs, rhs), assume)
    except AssumptionError as exc:
        raise ParseError(str(exc)) from None
    return lhs, rhs, assume


def _within(timeout, fn, *args):
    import multiprocessing as mp
    import os
    from checks.run.runner import shielded
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, os.getpid()), daemon=True)
    with shielded():   # like the workers: Ctrl-C is the parent's, and the reader dies with it
        proc.start()
    send.close()
    try:
        if not recv.poll(timeout):
            raise ParseError(f"reading the claim took longer than --timeout {timeout:g} s")
        try:
            kind, value = recv.recv()
        except (EOFError, OSError):
            proc.join(1)
            raise ParseError(f"reading the claim failed: the reader died (exit code {proc.exitcode}; "
                             f"memory cap {READ_MEMORY_CAP // 1024 ** 2} MiB)") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    if kind == "ok":
        return value
    if kind == "input":
        raise ParseError(value)
    raise RuntimeError(value)


def _child(conn, fn, args, parent_pid):
    from checks.run.runner import isolate
    isolate(parent_pid, READ_MEMORY_CAP)   # memory cap, parent-death signal, SIGINT left to the parent
    try:
        out = ("ok", fn(*args))
    except ParseError as exc:
        out = ("input", str(exc))
    except RecursionError:
        out = ("input", "expression is nested too deeply")
    except MemoryError:
        out = ("input", f"reading the claim needs more than {READ_MEMORY_CAP // 1024 ** 2} MiB of memory")
    except Exception as exc:  # reported by the CLI as an internal error, in one line
        out = ("internal", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    conn.send(out)
    conn.close()
