"""Reading a side, step 1: limits, the allowlist of commands, and what a person writes
around a formula that is no part of its value (sizes of brackets, spacing, equation numbers,
\\underbrace labels, trailing annotations and punctuation).

Everything here works on the text only and in time linear in its length (plus the bounded
bracket matching), so hostile input is refused before any parser sees it.
"""
from __future__ import annotations

import re
import unicodedata


MAX_CHARS = 20_000      # characters of one side
MAX_DEPTH = 40          # nesting of brackets ((), [], {}, \{\}, \left...\right) in one side
PIECE_DEPTH = 8         # nesting latex2sympy sees in one piece (its parser slows with each level)
MAX_NODES = 4000        # placeholders (names, numbers, calls, groups) in one side


class NotRead(Exception):
    """The side cannot be read without a guess; ``reason`` is one line naming the construct."""

    def __init__(self, reason: str, name: str | None = None):
        reason = " ".join(str(reason).split())
        if len(reason) > 200:
            reason = reason[:197] + "..."
        super().__init__(reason)
        self.reason = reason
        self.name = name    # the name whose meaning would settle it (y of y(a+b)), if one


def shown(s: str, n: int = 40) -> str:
    """A piece of LaTeX for a reason: one line, abbreviated."""
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n - 3] + "..."


# Greek letters are names (\Gamma is a name here, not the gamma function).
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
         "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma",
         "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
         "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell", "pi"}

# Decorations that are part of a name; the first group marks vectors and matrices.
VECTOR_DECORATIONS = {"mathbf", "boldsymbol", "bm", "vec", "underline", "overrightarrow", "mathbfit"}
DECORATIONS = VECTOR_DECORATIONS | {"bar", "overline", "hat", "widehat", "tilde", "widetilde",
                                    "mathcal", "mathit", "mathsf", "mathrm", "mathscr", "mathfrak",
                                    "check", "breve", "dot", "ddot", "mathbb"}
SAME = {"overline": "bar", "widehat": "hat", "widetilde": "tilde", "bm": "boldsymbol", "dfrac": "frac",
        "tfrac": "frac", "cfrac": "frac"}

# Every command the reader knows. Anything else (\def, \input, \csname, \write, \catcode,
# \newcommand, \int, \lim, \nabla, ...) is refused by name before any parser sees the text.
KNOWN = GREEK | DECORATIONS | {
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "sum", "prod", "cdot", "times", "partial", "infty",
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
    "Biggl", "Biggr", "boxed", "underbrace", "overbrace", "tag", "label", "nonumber", "notag",
    "textcircled", "quad", "qquad", "displaystyle", "textstyle", "text", "textrm", "textit", "mbox",
    "operatorname", "exp", "log", "ln", "tanh", "max", "min", "begin", "end", "top", "intercal",
    "prime", "lvert", "rvert", "lVert", "rVert", "vert", "Vert", "pi", "neq", "ne", "le", "leq",
    "ge", "geq", "lt", "gt", "leqslant", "geqslant", "cdots", "ldots", "dots", "vdots", "ddots",
    "mid", "in", "notin", "arg", "int", "lim", "nabla", "sin", "cos", "middle", "odot", "otimes",
    "circ", "ast", "star", "sgn", "det", "sinh", "cosh", "limits", "nolimits", "mathbb",
    "lfloor", "rfloor", "lceil", "rceil", "binom", "sim", "to",
    "forall",                   # a quantifier clause of a conditional's condition (probability.py)
    "substack", "setminus",     # a sum's index set (sets.py): \sum_{\substack{k=1 \\ k \neq j}}, V \setminus \{o\}
    # array mode's own stand-ins of a matrix written by its entry (i, j) (grids.formula_matrices);
    # a side that writes them itself is refused there
    "derivcheckentryformula", "derivcheckdiagonalformula",
}

# Commands that are known but never read, with the reason given (when the scanner meets
# them: inside an opaque whole like \\mathbb{E}_{q(z \\mid x)}[...] they are only text).
REFUSED = {
    "int": "an integral (\\int) is not read", "lim": "a limit (\\lim) is not read",
    "nabla": "a gradient (\\nabla) is a vector; only its entries (\\nabla_{x} f)_i are read", "arg": ("\\arg\\max / \\arg\\min is read only as a whole side of a step between two optima "
                                  "(\\arg\\max_v F = \\arg\\min_v G) or naming one (\\hat\\theta = \\arg\\max_v F)"),
    "forall": "a quantifier (\\forall) is read only as a clause of a conditional's condition (P(Y=1 \\mid X_j = 0, \\forall j \\neq i))",
    "mid": "probability notation (\\mid) is read only as the bar of p(a \\mid b)",
    "middle": "probability notation (\\middle|) is read only as the bar of p(a \\middle| b)",
    "in": "set membership (\\in) is not read", "notin": "set membership (\\notin) is not read",
    "substack": "\\substack outside a sum's index is not read", "setminus": "a set difference (\\setminus) is not read",
    "sin": "\\sin is not read", "cos": "\\cos is not read", "det": "a determinant (\\det) is not read",
    "odot": "an elementwise product (\\odot) is not read", "otimes": "\\otimes is not read",
    "circ": "\\circ (composition or Hadamard product) is not read", "ast": "\\ast (convolution) is not read",
    "star": "\\star (convolution) is not read",
    "cdots": "an ellipsis (\\cdots) is not read (x_1 + \\cdots + x_n: write \\sum_{i=1}^n x_i)",
    "ldots": "an ellipsis (\\ldots) is not read (x_1 + \\ldots + x_n: write \\sum_{i=1}^n x_i)",
    "dots": "an ellipsis (\\dots) is not read (x_1 + \\dots + x_n: write \\sum_{i=1}^n x_i)",
    "vdots": "an ellipsis (\\vdots) is not read",
    "ddots": "an ellipsis (\\ddots) is not read",
}

_UNICODE = {"\u2212": "-", "\u00b7": "\\cdot ", "\u22c5": "\\cdot ", "\u00d7": "\\times ",
            "\u2032": "'", "\u2019": "'", "\u2202": "\\partial ", "\u2211": "\\sum ", "\u220f": "\\prod ",
            "\u221a": "\\sqrt ", "\u221e": "\\infty ", "\u2264": "\\le ", "\u2265": "\\ge ",
            "\u2260": "\\neq ", "\u03f5": "\\epsilon ", "\u03b5": "\\varepsilon ", "\u03c6": "\\varphi ",
            "\u03d5": "\\phi ", "\u03d1": "\\vartheta "}
# Greek letters typed as Unicode (Markdown sources): the command TeX renders as that letter
for _name in ("alpha", "beta", "gamma", "delta", "zeta", "eta", "theta", "iota", "kappa", "lambda",
              "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "chi", "psi", "omega"):
    _UNICODE[unicodedata.lookup("GREEK SMALL LETTER " + _name.upper().replace("LAMBDA", "LAMDA"))] = "\\" + _name + " "
for _name in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"):
    _UNICODE[unicodedata.lookup("GREEK CAPITAL LETTER " + _name.upper().replace("LAMBDA", "LAMDA"))] = "\\" + _name + " "
_ALLOWED_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                     " \t\n\r+-*/=^_{}()[]|,.;:!'<>&\\~")


def guard(latex) -> str:
    """Type, size, characters, commands and bracket nesting of one side, checked on the text."""
    if not isinstance(latex, str):
        raise NotRead(f"a side must be text, got {type(latex).__name__}")
    if len(latex) > MAX_CHARS:
        raise NotRead(f"side has {len(latex)} characters; at most {MAX_CHARS} are read")
    s = latex
    for k, v in _UNICODE.items():     # before NFKC, which folds the lunate epsilon into epsilon
        s = s.replace(k, v)
    s = unicodedata.normalize("NFKC", s)
    if len(s) > MAX_CHARS:
        raise NotRead(f"side has {len(s)} characters; at most {MAX_CHARS} are read")
    if "\\macronotread" in s:      # a document macro left unexpanded (macros.py): its own reason
        from ..parse.macros import refused_reason
        raise NotRead(refused_reason(s) or "a document macro is not expanded")
    for ch in s:
        if ch not in _ALLOWED_CHARS:
            if ch == "%":
                raise NotRead("a TeX comment (%) inside a side is not read")
            if ch in "#$@`\"?":
                raise NotRead(f"character {ch!r} is not read")
            raise NotRead(f"character {ch!r} (U+{ord(ch):04X}) is not read")
    for m in re.finditer(r"\\([A-Za-z]+|.?)", s):
        name = m.group(1)
        if not name:
            raise NotRead("a lone backslash at the end is not read")
        if re.fullmatch(r"[A-Za-z]+", name) and name not in KNOWN:
            raise NotRead(f"unknown command \\{name} is not read")
    depth(s)
    return s


def depth(s: str, limit: int = MAX_DEPTH, what: str = "side") -> int:
    """Balanced (), [], {} and \\{\\}, nested at most
    ``limit`` deep; returns the deepest nesting."""
    stack, deepest, i, n = [], 0, 0, len(s)
    pairs = {")": "(", "]": "[", "}": "{", "\\}": "\\{"}
    while i < n:
        ch = s[i]
        tok = ch
        if ch == "\\" and i + 1 < n:
            tok = s[i:i + 2]
            i += 1
            if tok not in ("\\{", "\\}"):
                i += 1
                continue
        if tok in ("(", "[", "{", "\\{"):
            stack.append(tok)
            deepest = max(deepest, len(stack))
            if deepest > limit:
                raise NotRead(f"{what} is nested more than {limit} brackets deep")
        elif tok in pairs:
            if not stack or stack.pop() != pairs[tok]:
                raise NotRead(f"unbalanced {tok!r} in the side")
        i += 1
    if stack:
        raise NotRead(f"unbalanced {stack[-1]!r} in the side")
    return deepest


def group_end(s: str, i: int) -> int:
    """Index just past the bracket group opening at s[i] ('(', '[', '{' or '\\{'); the text
    is balanced (``depth`` checked it)."""
    closing = {"(": ")", "[": "]", "{": "}", "\\{": "\\}"}
    opener = "\\{" if s.startswith("\\{", i) else s[i]
    level, j, n = 0, i, len(s)
    while j < n:
        if s[j] == "\\" and j + 1 < n:
            tok = s[j:j + 2]
            if tok in ("\\{", "\\}"):
                level += 1 if tok == "\\{" else -1
                if level == 0:
                    return j + 2
            j += 2
            continue
        if s[j] in "([{":
            level += 1
        elif s[j] in ")]}":
            level -= 1
            if level == 0:
                if s[j] != closing[opener] and opener != "\\{":
                    raise NotRead(f"bracket {opener!r} closed by {s[j]!r}")
                return j + 1
        j += 1
    raise NotRead(f"unbalanced {opener!r} in the side")


def argument(s: str, i: int):
    """The TeX argument at or after s[i]: a brace group (its inside) or one token (a letter,
    a digit, or a command). Returns (text, end) or None at the end of the text."""
    n = len(s)
    while i < n and s[i] in " \t\n\r":
        i += 1
    if i >= n:
        return None
    if s[i] == "{":
        j = group_end(s, i)
        return s[i + 1:j - 1], j
    if s[i] == "\\":
        m = re.match(r"\\(?:[A-Za-z]+|.)", s[i:])
        return m.group(0), i + m.end()
    if s[i] in "}])":
        return None
    return s[i], i + 1


# --- cleaning: what is no part of the value -------------------------------------------------

_SIZES = re.compile(r"\\(?:left|right|[bB]igg?[lr]?|limits|nolimits)(?![A-Za-z])\s*")
_SPACING = re.compile(r"(\\\\)|\\(?:[,;:! ]|quad(?![A-Za-z])|qquad(?![A-Za-z])|displaystyle(?![A-Za-z])"
                      r"|textstyle(?![A-Za-z])|nonumber(?![A-Za-z])|notag(?![A-Za-z]))|~")


def clean(s: str) -> str:
    """The side with sizes, spacing, labels, equation numbers, \\boxed, \\underbrace /
    \\overbrace labels and trailing annotations and punctuation taken out. Every pattern
    here is linear in the text (runs of spaces are one space first; tails are searched in
    their last few hundred characters)."""
    s = re.sub(r"\s+", " ", s)
    m = re.search(r"\d ?\{,\} ?\d", s)      # left by macros.decimal_commas: not one reading
    if m:
        raise NotRead(f"'{shown(s[max(0, m.start() - 8):m.end() + 8])}': a decimal comma, a thousands "
                      "separator or a list? ({,} between digits)")
    s = _drop_with_argument(s, ("tag*", "tag", "label", "textcircled"))
    tail = s[-80:]
    m = re.search(r"\\q?quad\s*\(\s*\d{1,3}[a-z]?\s*\)\s*$", tail)   # \quad (3): an equation number
    if m:
        s = s[:len(s) - len(tail) + m.start()]
    s = _evaluated(s)
    s = re.sub(r"\\left\s*\.|\\right\s*\.", " ", s)
    s = _OPTIMUM.sub("^{*}", s)      # D^\star, \theta^{\ast}: the optimum's mark, as w^* is (no convolution)
    s = re.sub(r"\\(?:l|r)vert(?![A-Za-z])|\\vert(?![A-Za-z])", "|", s)
    s = re.sub(r"\\(?:l|r)Vert(?![A-Za-z])|\\Vert(?![A-Za-z])", "\\|", s)
    s = _SIZES.sub(" ", s)
    s = _SPACING.sub(lambda m: m.group(1) or " ", s)
    s = _bare_bar(s)
    s = _trailing_text(s)
    s = _braces(s, "underbrace", label="_")
    s = _braces(s, "overbrace", label="^")
    s = _braces(s, "boxed", label=None)
    return _untail(s).strip()


_OPTIMUM = re.compile(r"\^\s*(?:\{\s*\\(?:star|ast)\s*\}|\\(?:star|ast)(?![A-Za-z]))")
_LEFT_RIGHT = re.compile(r"\\(left|right)(?![A-Za-z])")
_BAR_CLOSE = re.compile(r"\s*(?:\||\\vert(?![A-Za-z])|\\rvert(?![A-Za-z]))\s*_")


def _evaluated(s: str) -> str:
    """``\\left. E \\right|_{x=a}`` as ``{E}|_{x=a}``: the invisible left delimiter marks where
    the evaluated expression starts (scan.evaluation reads the bar)."""
    start = s.find("\\left")
    while start >= 0:
        m = re.compile(r"\\left\s*\.").match(s, start)
        if m:
            level = 0
            for t in _LEFT_RIGHT.finditer(s, start):
                level += 1 if t.group(1) == "left" else -1
                if level == 0:
                    bar = _BAR_CLOSE.match(s, t.end())
                    sub = argument(s, bar.end()) if bar else None
                    if sub:
                        # the group is the value at the point, alone: what stands around it (a
                        # sum, a factor) is outside the bar, as \left. marks
                        s = s[:start] + "{{" + s[m.end():t.start()] + "}|_{" + sub[0] + "}}" + s[sub[1]:]
                    elif bar:
                        s = s[:start] + "{" + s[m.end():t.start()] + "}|_" + s[bar.end():]
                    break
        start = s.find("\\left", start + 1)
    return s


def _bare_bar(s: str) -> str:
    """``E |_{x=a}`` ending the side (the sizes are gone: ``\\Big|``) as ``{E}|_{x=a}``, so that
    no operator inside E (a derivative's operand) runs on over the bar. When E is a sum at its
    top level the bar may evaluate the last term only: not read."""
    level, bar, plus = 0, None, False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c in "([{":
            level += 1
        elif c in ")]}":
            level -= 1
        elif level == 0 and c == "|":
            bar = i
        elif level == 0 and c in "+-" and s[:i].strip():
            plus = plus or bar is None
        i += 1
    if bar is None or not s[bar + 1:].lstrip().startswith("_"):
        return s
    k = s.index("_", bar)
    arg = argument(s, k + 1)
    if arg is None or s[arg[1]:].strip() or "=" not in arg[0] or not s[:bar].strip():
        return s
    if plus:
        raise NotRead(f"an evaluation bar '{shown(s[bar:])}' after a sum: of the whole or of its last "
                      "term? write \\left. ... \\right|_{x = a}")
    product_before_bar(s[:bar], arg[0], s[bar:])
    return "{" + s[:bar] + "}" + s[bar:]


# a derivative operator d/dx, d^2/dx^2, \partial/\partial x: its operand runs to the end of the term
_OPERATOR = re.compile(r"\\[dt]?frac\s*\{\s*(?:d|\\partial|\\mathrm\s*\{\s*d\s*\})\s*(?:\^\s*(?:\{\s*\d+\s*\}|\d))?\s*\}")


def product_before_bar(e: str, point: str, bar: str) -> None:
    """NotRead when a factor of ``e`` before its last one contains the variable of the bar
    ``|_{x=a}`` that ends it: ``x \\frac{d}{dx} x^2 |_{x=1}`` may evaluate the whole product (2)
    or its last factor (2x), as a sum may (``after a sum``). The last factor is the operand of
    the last derivative operator, else the last written atom (with its scripts and arguments)."""
    var = point.split("=")[0].strip()
    if not var:
        return
    start = _last_factor(e)
    head = e[:start]
    if _mentions(head, var):
        raise NotRead(f"an evaluation bar '{shown(bar)}' after a product whose factor '{shown(head.strip(), 24)}' "
                      f"depends on {var}: of the whole product or of its last factor? write \\left. ... \\right|_{{x = a}}")


def _last_factor(e: str) -> int:
    """Where the last factor of the product ``e`` starts (top level)."""
    starts, ops = [], []
    i, n, level = 0, len(e), 0
    while i < n:
        c = e[i]
        if c in "([{":
            # a bracket starts a factor (f(x): the head f is then read too, which is sound); a
            # brace only where nothing precedes it (elsewhere it is an argument or a script)
            if level == 0 and (c != "{" or not e[:i].strip()):
                starts.append(i)
            level += 1
            i += 1
            continue
        if c in ")]}":
            level -= 1
            i += 1
            continue
        if level == 0:
            op = _OPERATOR.match(e, i)
            if op:
                ops.append(i)
            if c == "\\":
                m = re.compile(r"\\(?:[A-Za-z]+|.)").match(e, i)
                if not re.fullmatch(r"\\(?:cdot|times|,|;|!| )", m.group(0)):
                    starts.append(i)
                i = m.end()
                continue
            if c.isalnum() and not (i and (e[i - 1] in "_^" or (e[i - 1].isdigit() and c.isdigit()))):
                starts.append(i)
        i += 1
    if ops:
        return ops[-1]
    return starts[-1] if starts else 0


def _mentions(text: str, var: str) -> bool:
    """Whether ``text`` may mention the variable ``var`` (roughly: its letter or command)."""
    core = re.search(r"\\[A-Za-z]+|[A-Za-z]", re.sub(r"\\(?:mathbf|boldsymbol|bm|hat|bar|tilde|vec|mathrm)\s*\{?", "", var))
    if core is None:
        return False
    letter = core.group(0)
    if letter.startswith("\\"):
        return re.search(re.escape(letter) + r"(?![A-Za-z])", text) is not None
    words = re.sub(r"\\[A-Za-z]+", " ", text)
    return letter in words


def _untail(s: str) -> str:
    """Trailing spaces and punctuation (, . ;) off the end, without a regex (a long run of
    dots would make one quadratic)."""
    return s.rstrip(" \t\n\r.,;")


def _drop_with_argument(s: str, names) -> str:
    pat = re.compile(r"\\(%s)(?![A-Za-z])" % "|".join(re.escape(n) for n in names))
    while (m := pat.search(s)):
        arg = argument(s, m.end())
        end = arg[1] if arg else m.end()
        s = s[:m.start()] + " " + s[end:]
    return s


def _trailing_text(s: str) -> str:
    """A \\text{...} at the end of a side (after the value) is an annotation: set aside."""
    while True:
        t = _untail(s)
        tail = t[-300:]
        m = re.search(r"\\(?:text|textrm|textit|mbox)\s*\{[^{}]*\}$", tail)
        if not m:
            return s
        head = t[:len(t) - len(tail) + m.start()]
        if not head.strip():
            return s
        word = re.search(r"\{([^{}]*)\}$", t).group(1).strip()
        if _is_function_word(word) and not head.rstrip().endswith(("(", "_", "^")):
            return s
        s = head


def _is_function_word(word: str) -> bool:
    from .calls import FUNCTION_WORDS
    return word in FUNCTION_WORDS


def _braces(s: str, name: str, label) -> str:
    """\\NAME{a} (and its label _{b} or ^{b}) as {a}."""
    pat = re.compile(r"\\%s(?![A-Za-z])" % name)
    while (m := pat.search(s)):
        arg = argument(s, m.end())
        if arg is None or not s[m.end():].lstrip().startswith("{"):
            raise NotRead(f"\\{name} must be followed by {{...}}")
        inside, end = arg
        if label:
            j = end
            while j < len(s) and s[j] in " \t\n":
                j += 1
            if j < len(s) and s[j] == label:
                lab = argument(s, j + 1)
                if lab is None:
                    raise NotRead(f"\\{name} label after {label} is missing")
                end = lab[1]
        s = s[:m.start()] + "{" + inside + "}" + s[end:]
    return s
