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
import re

import sympy as sp

from checks.text.limits import MAX_ASSUMPTIONS, check_finite, normalise, split_equation
from checks.text.limits import ParseError  # noqa: F401  the error of parsing, caught by the CLI as parse.ParseError
from checks.text.syntax import CONSTANTS, _Builder


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
