"""Limits of what verify reads, the one error it raises, and the checks that every number
built while reading stays within them (digits, finiteness)."""
from __future__ import annotations

import math
import re
import unicodedata

import sympy as sp


MAX_CHARS = 2000


MAX_DEPTH = 60


MAX_NODES = 800          # parts of one expression: each side and each assumption has its own


MAX_ASSUMPTIONS = 64


MAX_EXPONENT = 10_000    # of a power whose base is not a number (x**10000)


MAX_DIGITS = 2500        # decimal digits of any number built while reading (10**-2000 fits)


MAX_DIFF_ORDER = 16


# latex2sympy's parser is exponential in the nesting of brackets; real formulas stay far
# below this.
LATEX_MAX_DEPTH = 10


READ_MEMORY_CAP = 3 * 1024 ** 3   # bytes of address space of the child that reads a claim


class ParseError(ValueError):
    """Bad user input: the message is one line for the CLI."""


# One message for 1/0, 0**-1, log(0) and LaTeX's \frac{1}{0} (which latex2sympy returns as zoo).
DIVISION_BY_ZERO = "division by zero (an infinite value, zoo) in the input"


UNDEFINED = "division by zero or another undefined value (nan, as 0/0) in the input"


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
