"""Reading a side: what the passes share. ``Name`` and ``Node`` (what a placeholder stands
for), ``parse_piece`` (one flat piece of placeholders read by flat.py or latex2sympy), and the
small text helpers of the scanner (bracket and term ends, names of opaque wholes)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import sympy as sp

from .flat import read_flat
from .notation import PIECE_DEPTH, NotRead, depth, group_end, shown

PLACEHOLDER = re.compile(r"Z_\{?(\d+)\}?")
SPACE = " \t\n\r"


@dataclass
class Name:
    """A name as written: ``text`` is its SymPy name (spaces dropped, decorations kept),
    ``base`` the name without its subscript, ``sub`` the subscript (None: none)."""
    text: str
    base: str
    sub: str | None
    vector: bool = False
    letter: str = ""        # the core letter (x of \bar{x}_i), for \delta and e
    sup: str = ""           # superscripts that are part of the name: ^{(1)}, ^{*}
    power: str | None = None   # x^2_i: the power written before the subscript


@dataclass
class Node:
    kind: str     # num const name call prime deriv group abs root sum opaque delta cases matrix size
    value: object = None
    args: list = field(default_factory=list)
    extra: object = None


@functools.lru_cache(maxsize=4096)
def _parse_canonical(text: str):
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig, latex2sympy
    config = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
    try:
        e = latex2sympy(text, normalization_config=None, conversion_config=config)
    except RecursionError:
        raise NotRead("expression is nested too deeply") from None
    except Exception as exc:
        msg = str(exc).splitlines()[0][:60] if str(exc) else type(exc).__name__
        raise NotRead(f"latex2sympy cannot read '{shown(text)}': {msg}") from None
    return e


_SLASH_PRODUCT = re.compile(r"/\s*(?:Z_\{\d+\}|\\frac\{[^{}]*\}\{[^{}]*\})(?:\s*\^\{[^{}]*\})?\s*(?:Z_|\\frac|\\sqrt|\()")


def parse_piece(body: str):
    """latex2sympy on a piece whose only symbols are placeholders; placeholders are
    renumbered 0, 1, ... for the cache (chains read the same side twice) and mapped back."""
    order = []
    def renumber(m):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
        return f"Z_{{{order.index(n)}}}"
    canonical = " ".join(PLACEHOLDER.sub(renumber, body).split())
    if canonical == "Z_{0}":     # one placeholder (an argument, a bracket of one name)
        return sp.Symbol(f"Z_{{{order[0]}}}")
    depth(canonical, PIECE_DEPTH, "one piece")
    e = read_flat(canonical)
    if e is None:
        if _SLASH_PRODUCT.search(canonical):
            # a / |b| c: latex2sympy reads a / (|b| c); a reader may mean (a / |b|) c
            raise NotRead("a/bc is ambiguous (a/(bc) or (a/b)c); write \\frac{a}{bc} or \\frac{a}{b} c")
        e = _parse_canonical(canonical)
    if isinstance(e, list) or not isinstance(e, sp.Expr):
        raise NotRead(f"'{shown(body)}' is not an expression")
    back = {}
    for s in e.atoms(sp.Symbol):     # bound sum indices included
        m = PLACEHOLDER.fullmatch(s.name)
        if not m or int(m.group(1)) >= len(order):
            raise NotRead(f"latex2sympy read a name '{s.name}' that is not in the side")
        back[s] = sp.Symbol(f"Z_{{{order[int(m.group(1))]}}}")
    return e.xreplace(back)


def term_end(s: str, j: int) -> int:
    """Where the body of a \\sum starting at s[j] ends: at the next + or - outside brackets
    and bars (after a sign of its own), or at a closing bracket; latex2sympy's rule (a sum is
    one factor of a term), tested against latex2sympy in tests/test_audit_read.py."""
    return term_parts(s, j)[0]


def term_parts(s: str, j: int):
    """(end of the term starting at s[j], position of its first product or quotient sign
    \\cdot, \\times, *, / outside brackets and bars, or None)."""
    p, product = skip(s, j), None
    if p < len(s) and s[p] in "+-":
        p += 1
    while p < len(s):
        ch = s[p]
        if ch == "\\" and p + 1 < len(s):
            if s[p + 1] == "{":
                p = group_end(s, p)
                continue
            if s[p + 1] == "|":
                close = s.find("\\|", p + 2)
                p = close + 2 if close >= 0 else len(s)
                continue
            m = re.compile(r"\\(?:[A-Za-z]+|.)").match(s, p)
            if product is None and m.group(0) in ("\\cdot", "\\times"):
                product = p
            p = m.end()
            continue
        if ch in "([{":
            p = group_end(s, p)
            continue
        if ch == "|":
            close = s.find("|", p + 1)
            p = close + 1 if close >= 0 else len(s)
            continue
        if ch in ")]}+-=":
            return p, product
        if ch in "*/" and product is None:
            product = p
        p += 1
    return p, product


def squash(text: str) -> str:
    """The name of an opaque construct: its LaTeX without spaces (one kept after a command
    before a letter: \\log p stays \\log p, not \\logp)."""
    text = re.sub(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])", lambda m: m.group(1) + "\0", text)
    return re.sub(r"\s+", "", text).replace("\0", " ")


def bar_after(s: str, k: int) -> bool:
    """Whether a '|' follows at the same bracket level after position k."""
    level = 0
    for j in range(k, len(s)):
        if s[j] in "([{":
            level += 1
        elif s[j] in ")]}":
            level -= 1
            if level < 0:
                return False
        elif s[j] == "|" and level == 0 and s[j - 1] != "\\":
            return True
    return False


def skip(s, j):
    while j < len(s) and s[j] in SPACE:
        j += 1
    return j


def sub_text(sub: str) -> str:
    sub = squash(sub)
    return sub if len(sub) == 1 else "{" + sub + "}"


def decorated(text: str) -> bool:
    return bool(re.match(r"\\(?:bar|mathbf|boldsymbol|vec|underline|overrightarrow)\{", text))


def ends_term(s, k) -> bool:
    if s[k] in "+-=)]}|,":
        return True
    return bool(re.compile(r"\\(?:cdot|times|right|quad|qquad)(?![A-Za-z])|\\[|}]").match(s, k))


def split_top(text: str, seps: str) -> list[str]:
    parts, level, cur, i = [], 0, [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            tok = text[i:i + 2]
            level += (tok == "\\{") - (tok == "\\}")
            cur.append(tok)
            i += 2
            continue
        level += (ch in "([{") - (ch in ")]}")
        if ch in seps and level == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    if any(not p.strip() for p in parts):
        raise NotRead(f"an empty argument in '{shown(text)}'")
    return parts


def probability_like(inner: str) -> bool:
    return inner.count("|") == 1


def probability(s, k, nm):
    end = group_end(s, k)
    if "|" in s[k:end] and s[k:end].count("|") == 1 or "\\mid" in s[k:end]:
        raise NotRead(f"probability notation {nm.text}(...|...) is not read")


def env_end(s, start, env):
    pat = re.compile(r"\\(begin|end)\s*\{\s*" + re.escape(env) + r"\s*\}")
    level = 1
    for m in pat.finditer(s, start):
        level += 1 if m.group(1) == "begin" else -1
        if level == 0:
            return m.start()
    raise NotRead(f"\\begin{{{env}}} without \\end{{{env}}}")
