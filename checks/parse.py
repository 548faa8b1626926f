"""Parsing ``verify`` input without ever executing it.

Text is NFKC-normalised (so lookalike Unicode such as fullwidth letters or
superscripts cannot smuggle anything past the allowlist), size-limited, parsed
by Python's ``ast`` module into a tree, and the tree is walked with an
allowlist: numbers, names, + - * / ** ^, unary minus, calls of the listed
functions, tuples (for Sum limits) and subscripts (x[i]). SymPy objects are
built by this walker itself; nothing reaches ``eval`` or ``sympify`` of text.
Every other name is a real symbol (``beta``, ``gamma``, ``lam`` are symbols,
never SymPy's special functions).
"""
from __future__ import annotations

import ast
import re
import unicodedata

import sympy as sp

from . import dl

MAX_CHARS = 2000
MAX_DEPTH = 60
MAX_NODES = 800
MAX_EXPONENT = 10_000


class ParseError(ValueError):
    """Bad user input: the message is one line for the CLI."""


FUNCTIONS = dict(dl.FUNCTIONS)
CONSTANTS = {"pi": sp.pi, "E": sp.E, "oo": sp.oo}  # oo: SymPy's infinity, for Sum limits
SPECIAL = ("diff", "Sum")
LATEX_ALIASES = {"sigma": "sigmoid", "operatorname{sigmoid}": "sigmoid", "ReLU": "relu",
                 "operatorname{ReLU}": "relu", "operatorname{relu}": "relu"}


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


class _Builder:
    def __init__(self, integers=()):
        self.integers = set(integers)
        self.symbols = {}
        self.nodes = 0

    def symbol(self, name: str):
        if name.startswith("_"):
            raise ParseError(f"name {name!r} is not allowed (names may not start with '_')")
        if name not in self.symbols:
            kw = {"integer": True} if name in self.integers else {"real": True}
            self.symbols[name] = sp.Symbol(name, **kw)
        return self.symbols[name]

    def build(self, node, depth=0):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ParseError(f"expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ParseError(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")
        b = lambda n: self.build(n, depth + 1)
        if isinstance(node, ast.Expression):
            return b(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ParseError(f"unsupported literal {node.value!r}")
            if isinstance(node.value, float):
                return sp.Rational(repr(node.value))
            return sp.Integer(node.value)
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
                return left + right
            if op is ast.Sub:
                return left - right
            if op is ast.Mult:
                return left * right
            if op is ast.Div:
                if right == 0:
                    raise ParseError("division by zero in the input")
                return left / right
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

    def power(self, base, exp):
        if exp.is_Number and abs(exp) > MAX_EXPONENT:
            raise ParseError(f"exponent {exp} is too large (at most {MAX_EXPONENT})")
        if base.is_Number and exp.is_Number and base != 0 and abs(base) != 1:
            bits = abs(float(exp)) * max(1.0, float(abs(sp.log(abs(base), 2)).evalf(5)))
            if bits > 100_000:
                raise ParseError(f"the number {base}**{exp} is too large to build")
        return base ** exp

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
            return sp.Derivative(args[0], *args[1:])
        if name == "Sum":
            if len(args) != 2 or not (isinstance(args[1], tuple) and len(args[1]) == 3):
                raise ParseError("Sum needs a term and limits: Sum(f, (k, 1, n))")
            k, lo, hi = args[1]
            if not k.is_Symbol:
                raise ParseError(f"Sum index must be a name, got {k}")
            return sp.Sum(args[0], (k, lo, hi))
        try:
            return FUNCTIONS[name](*args)
        except TypeError as exc:
            raise ParseError(f"{name}(): {exc}") from None


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
    text = text.replace("^", "**")  # '^' is always a power here, never XOR
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ParseError(f"cannot parse {text.strip()[:60]!r}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("expression is nested too deeply") from None


def parse_claim(text: str, assumptions=(), integers=()):
    """(lhs, rhs, assume) from 'LHS = RHS' and '--assume' strings."""
    left, right = split_equation(text)
    trees = [_tree(left), _tree(right)]
    ints = set(integers) | set().union(*(_sum_indices(t) for t in trees))
    assume, more_ints = [], set()
    for a in assumptions:
        m = re.fullmatch(r"\s*([A-Za-z]\w*)\s+(integer|int)\s*", normalise(a))
        if m:
            more_ints.add(m.group(1))
    builder = _Builder(ints | more_ints)
    lhs, rhs = (builder.build(t) for t in trees)
    for a in assumptions:
        if re.fullmatch(r"\s*([A-Za-z]\w*)\s+(integer|int)\s*", normalise(a)):
            continue
        assume.append(_relation(a, builder))
    return lhs, rhs, tuple(assume)


def _relation(text: str, builder: _Builder):
    text = normalise(text)
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise ParseError(f"cannot parse assumption {text!r}; use e.g. 'x > 0', '0 < p < 1', 't integer'") \
            from None
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


_LATEX_FN = re.compile(r"\\(?:sigma|(?:operatorname|mathrm|text)\{(sigmoid|relu|ReLU|softplus|hardtanh)\})"
                       r"\s*(?:\\left)?\(")


PLACEHOLDER = 9000  # placeholders \Xi_{9000}, \Xi_{9001}, ... stand for function calls


def _latex_calls(text: str):
    """Replace calls like \\sigma(...) by placeholder symbols: latex2sympy reads
    ``2\\sigma(2x)`` as a product of symbols. Returns (text, {placeholder: (fn, arg text)})."""
    calls, out, i = {}, [], 0
    for m in _LATEX_FN.finditer(text):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        if depth:
            raise ParseError("unbalanced parentheses in the LaTeX input")
        arg = text[m.end():j - 1]
        arg = arg[:-len("\\right")] if arg.rstrip().endswith("\\right") else arg
        name = LATEX_ALIASES.get(m.group(1) or "sigma", m.group(1) or "sigmoid")
        key = f"\\Xi_{{{PLACEHOLDER + len(calls)}}}"
        calls[PLACEHOLDER + len(calls)] = (name, arg)
        out.append(text[i:m.start()] + " " + key + " ")
        i = j
    out.append(text[i:])
    return "".join(out), calls


def _latex_expr(text: str):
    from latex2sympy2_extended import latex2sympy
    # In deep learning \log is the natural logarithm; latex2sympy reads it as base 10.
    text = re.sub(r"\\log(?![a-zA-Z])", r"\\ln", text)
    text, calls = _latex_calls(text)
    try:
        e = latex2sympy(text.strip())
    except Exception as exc:
        raise ParseError(f"cannot parse LaTeX {text.strip()[:60]!r}: {str(exc).splitlines()[0][:80]}") from None
    if not isinstance(e, sp.Expr):
        raise ParseError(f"LaTeX {text.strip()[:60]!r} is not an expression")
    subs = {}
    for s in e.free_symbols:
        m = re.fullmatch(r"\\?[Xx]i_\{?(\d+)\}?", s.name)  # latex2sympy renames \Xi_{n} to xi_n
        if m and int(m.group(1)) in calls:
            name, arg = calls[int(m.group(1))]
            subs[s] = FUNCTIONS[name](_latex_expr(arg))
    return e.xreplace(subs)


def parse_latex_claim(text: str):
    """(lhs, rhs) from LaTeX, via latex2sympy2_extended; all symbols real."""
    text = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_CHARS:
        raise ParseError(f"input has {len(text)} characters; at most {MAX_CHARS} are accepted")
    if text.count("{") > MAX_DEPTH * 4 or text.count("(") > MAX_DEPTH * 4:
        raise ParseError("LaTeX input is nested too deeply")
    parts = re.split(r"(?<![<>\\])=", text)
    if len(parts) != 2:
        raise ParseError("expected one equation 'LHS = RHS' in the LaTeX input")
    sides = [_latex_expr(p) for p in parts]
    syms = set().union(*(s.free_symbols for s in sides))
    real = {s: sp.Symbol(s.name, real=True) for s in syms if isinstance(s, sp.Symbol)}
    funcs = {}
    for s in sides:
        for f in s.atoms(sp.core.function.AppliedUndef):
            name = LATEX_ALIASES.get(f.func.__name__.lstrip("\\"), f.func.__name__.lstrip("\\"))
            if name in FUNCTIONS:
                funcs[f] = FUNCTIONS[name](*[a.xreplace(real) for a in f.args])
    return tuple(s.xreplace(funcs).xreplace(real) for s in sides)
