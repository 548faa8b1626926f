"""LaTeX input (``verify --latex``): an allowlist of commands and characters checked before
latex2sympy2_extended sees the text, derivative notation and ambiguous forms refused or read
explicitly, and latex2sympy's result rebuilt by the same walker as plain input."""
from __future__ import annotations

import re
import unicodedata

import sympy as sp

from checks.io.latex_derivatives import _derivative_scope, _higher_derivatives
from checks.text.limits import LATEX_MAX_DEPTH, MAX_CHARS, check_finite, ParseError
from checks.text.parse import _assumptions, _declared_integers
from checks.text.syntax import FUNCTIONS, LATEX_ALIASES, _Builder, _GREEK


# The commands latex2sympy reads the way derivcheck means them. Anything else (\int, \lim,
# \prod, \sin, \vec, \{, \\, ...) is refused by name before latex2sympy sees the text:
# latex2sympy reads many constructs silently differently (f'(x) as f(x), \Gamma as Euler's
# constant, 1e3 as 1*e*3), and a misreading would become a verdict.
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


# a '/' whose right operand is followed by an implicit product: 1/2x, a/b c, x/(y+1)z
_ATOM = (r"(?:\d+(?:\.\d+)?|(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{[^{}]*\}|_\w)?(?:\^\{[^{}]*\}|\^\w)?"
         r"(?:\s*\([^()]*\)|\s*\{[^{}]*\}(?:\{[^{}]*\})?)?|\([^()]*\))")


# a big operator after the slash is no atom: a / \sum_l x_l y_l divides by the whole sum, whose
# body runs to the end of the term as everywhere else
_SLASH = re.compile(r"/\s*(?!\\(?:sum|prod)(?![A-Za-z]))(?>" + _ATOM + r")\s*(?=[A-Za-z0-9(\\])")   # atomic: no backtracking


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
