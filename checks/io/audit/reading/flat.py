"""The flat pieces latex2sympy would read in the obvious way, read without its parser.

After the pre-processing pass most pieces are placeholders joined by +, -, *, juxtaposition,
/, ^{Z} and \\frac{Z}{Z} (every bracket and brace argument is a placeholder of its own), and
latex2sympy's ANTLR parser takes 20 to 300 ms for each. This reads exactly that token
language (signs, then products, then powers: the usual precedence, which is latex2sympy's);
anything else (\\sum, \\sqrt, !, a doubled sign, ...) returns None and goes to latex2sympy.
tests/test_audit_read.py compares the two on generated pieces.
"""
from __future__ import annotations

import re

import sympy as sp

_TOKEN = re.compile(r"\s*(?:(?P<z>Z_\{\d+\})|\\frac\s*\{\s*(?P<num>Z_\{\d+\})\s*\}\s*\{\s*(?P<den>Z_\{\d+\})\s*\}"
                    r"|\^\s*\{\s*(?P<exp>Z_\{\d+\})\s*\}|(?P<op>[-+*/]))")


def _tokens(text: str):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        if m.group("z"):
            out.append(("z", sp.Symbol(m.group("z"))))
        elif m.group("num"):
            out.append(("z", sp.Symbol(m.group("num")) / sp.Symbol(m.group("den"))))
        elif m.group("exp"):
            out.append(("^", sp.Symbol(m.group("exp"))))
        else:
            out.append((m.group("op"), None))
        pos = m.end()
    return out


def read_flat(text: str):
    """SymPy of a flat piece, or None when the piece is not flat."""
    toks = _tokens(text)
    if not toks:
        return None
    terms, i, n = [], 0, len(toks)
    while i < n:
        sign = 1
        if toks[i][0] in "+-":       # the sign of the term (the first term's is optional)
            sign = -1 if toks[i][0] == "-" else 1
            i += 1
        elif terms:
            return None
        factors = []
        while i < n and toks[i][0] in ("z", "*", "/"):
            invert = toks[i][0] == "/"
            if toks[i][0] in "*/":
                if not factors or i + 1 >= n or toks[i + 1][0] != "z":
                    return None
                i += 1
            value = toks[i][1]
            i += 1
            if i < n and toks[i][0] == "^":
                if not isinstance(value, sp.Symbol):
                    return None      # \frac{a}{b}^{c}: leave it to latex2sympy
                value = sp.Pow(value, toks[i][1])
                i += 1
                if i < n and toks[i][0] == "^":
                    return None
            if invert and i < n and toks[i][0] not in "+-":
                return None     # a / b c, a / b / c: latex2sympy's grouping, not ours
            factors.append(sp.Pow(value, -1) if invert else value)
        if not factors:
            return None
        terms.append(sign * sp.Mul(*factors))
        if i < n and toks[i][0] not in "+-":
            return None
    return sp.Add(*terms)
