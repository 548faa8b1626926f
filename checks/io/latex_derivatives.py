"""LaTeX derivative notation: \frac{d}{dx} and \frac{d^n y}{dx^n} read explicitly (latex2sympy
misreads higher derivatives), and the scope of a derivative operator made unambiguous."""
from __future__ import annotations

import re

from checks.text.limits import MAX_DIFF_ORDER, ParseError


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
