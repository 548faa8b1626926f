"""Reading a side, step 2: the pre-processing pass in front of latex2sympy.

One left-to-right pass over the cleaned side replaces every construct whose reading
latex2sympy would get wrong or cannot know (names with decorations and subscripts, numbers,
calls, derivatives, sums and products, roots, |x|, norms, cases, matrices, ...) by a
placeholder symbol ``Z_{n}`` and records what it stands for in a ``Node``. Each bracket and
brace argument is a piece of its own, so every piece is flat arithmetic over placeholders
(+, -, juxtaposition, *, /, ^, \\frac): flat.py reads the common shapes, latex2sympy the rest
(its parser never sees a letter of the user's, and never a deep nesting). ``build.py`` turns
the result back into SymPy, knowing which index letters each sum binds.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import sympy as sp

from .flat import read_flat
from .notation import (DECORATIONS, GREEK, MAX_DEPTH, MAX_NODES, PIECE_DEPTH, REFUSED, SAME,
                       VECTOR_DECORATIONS, NotRead, argument, depth, group_end, shown)

# Words that name a function of checks.dl when written \operatorname{w}, \text{w}, \mathrm{w}
DL_WORDS = {"sigmoid": "sigmoid", "softplus": "softplus", "relu": "relu", "ReLU": "relu",
            "Relu": "relu", "ReLu": "relu", "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log",
            "sign": "sign", "sgn": "sign", "max": "Max", "min": "Min"}
FUNCTION_WORDS = set(DL_WORDS) | {"softmax", "diag", "Var", "Cov", "KL", "flip", "argmax", "argmin"}

# f'(x), g'(x), h'(x): the letters of functions by convention, so a prime and a bracket after
# them is a derivative; after any other name not known as a function it is NotRead.
PRIME_FUNCTIONS = {"f", "g", "h"}

PLACEHOLDER = re.compile(r"Z_\{?(\d+)\}?")
_SPACE = " \t\n\r"
_NAME_SUP = re.compile(r"\^\s*(?:\{\s*(?:\(\s*(?:\d{1,3}|[A-Za-z])\s*\)\s*\*?|\*|\\prime|\\ast)\s*\}|\*|\\prime)")
_TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\{T\}|\\mathrm\{T\})\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))")


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


@dataclass
class Node:
    kind: str     # num const name call prime deriv group abs root sum opaque delta cases matrix size
    value: object = None
    args: list = field(default_factory=list)
    extra: object = None


class Scanner:
    def __init__(self, scope):
        self.scope = scope
        self.nodes: list[Node] = []
        self.lets = dict(scope.lets)
        self.assumed_calls: set[str] = set()   # NAME of a derivative numerator NAME(args)
        self.level = 0                         # pieces inside pieces (bounded by MAX_DEPTH)
        self.called: set[str] = set()          # names applied to arguments
        self.valued: set[str] = set()          # names used as values

    # --- placeholders -----------------------------------------------------------------------

    def add(self, node: Node) -> str:
        if len(self.nodes) >= MAX_NODES:
            raise NotRead(f"side has more than {MAX_NODES} parts")
        self.nodes.append(node)
        return f" Z_{{{len(self.nodes) - 1}}} "

    def piece(self, text: str):
        """One piece of the side scanned and read (flat.py or latex2sympy): a SymPy tree over
        placeholders, or NotRead."""
        self.level += 1
        try:
            if self.level > MAX_DEPTH:
                raise NotRead(f"side is nested more than {MAX_DEPTH} levels deep (sums, calls, brackets)")
            body = self.scan(text)
        finally:
            self.level -= 1
        if not body.strip():
            raise NotRead(f"empty expression in '{shown(text)}'")
        return parse_piece(body)

    def wrap(self, text: str) -> str:
        """A brace argument (of \\frac, ^, \\sqrt) as one placeholder: every piece latex2sympy
        reads stays flat, so its parser stays fast and pieces repeat (and are cached)."""
        return self.add(Node("group", self.piece(text)))

    # --- the pass ---------------------------------------------------------------------------

    def scan(self, s: str) -> str:
        out, i, n = [], 0, len(s)
        while i < n:
            c = s[i]
            if c in _SPACE:
                out.append(" ")
                i += 1
            elif c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
                i = self.number(s, i, out)
            elif c.isalpha():
                i = self.name(s, i, out)
            elif c == "\\":
                i = self.command(s, i, out)
            elif c in "([":
                i = self.group(s, i, out)
            elif c == "{":      # a TeX group (\boxed, \underbrace contents): one value
                j = group_end(s, i)
                out.append(self.add(Node("group", self.piece(s[i + 1:j - 1]))))
                i = j
            elif c == "|":
                i = self.bars(s, i, out)
            elif c == "^":
                i = self.power(s, i, out)
            elif c in "+-*/!":
                out.append(c)
                i += 1
            elif c == "_":
                raise NotRead(f"subscript on something that is not a name: '{shown(s[max(0, i - 15):i + 5])}'")
            elif c == "'":
                raise NotRead(f"prime on something that is not a name: '{shown(s[max(0, i - 15):i + 2])}'")
            elif c in "=<>":
                raise NotRead(f"a relation '{c}' inside a side: '{shown(s)}'")
            elif c in ",;":
                raise NotRead(f"a list ('{c}') where one expression is expected: '{shown(s)}'")
            elif c == "&":
                raise NotRead("an alignment '&' inside a side")
            else:
                raise NotRead(f"'{c}' is not read here: '{shown(s[max(0, i - 15):i + 5])}'")
        return "".join(out)

    def power(self, s, i, out):
        if _TRANSPOSE.match(s, i):
            raise NotRead(f"transpose '{shown(s[max(0, i - 15):i + 4])}' of something that is not a matrix")
        arg = argument(s, i + 1)
        if arg is None:
            raise NotRead("a superscript '^' with nothing after it")
        text, j = arg
        if text in ("\\prime", "\\top", "\\intercal", "\\ast"):
            raise NotRead(f"superscript {text} is not read here")
        if re.search(r"\)\s*(?:T|\\top|\\intercal|\*)\s*$", text) or re.match(r"\s*\(", text) and \
                not re.fullmatch(r"\s*\(.*\)\s*", text):
            # w^{(1)T}: a layer superscript and a transpose, not a power
            raise NotRead(f"superscript '^{{{shown(text, 20)}}}' is not read")
        last = re.search(r"Z_\{(\d+)\}\s*$", "".join(out))
        if re.fullmatch(r"\s*\(.*\)\s*", text) and last and self.nodes[int(last.group(1))].kind == "name":
            # a^{(l+1)}: the label of a layer or a power?
            raise NotRead(f"superscript '^{{{shown(text, 20)}}}' on a name: a label or a power?")
        out.append("^{" + self.wrap(text) + "}")
        return j

    def number(self, s, i, out):
        m = re.compile(r"\d*\.?\d+|\d+\.?").match(s, i)
        text = m.group(0)
        before = "".join(out).rstrip()
        if before.endswith("}") and self.nodes and re.search(r"Z_\{(\d+)\}$", before) \
                and self.nodes[int(re.search(r"Z_\{(\d+)\}$", before).group(1))].kind == "num":
            raise NotRead(f"two numbers side by side '{shown(s[max(0, i - 8):m.end()])}' (a product "
                          "or one number?)")
        if len(text) > 60:
            raise NotRead(f"number with {len(text)} digits is not read (at most 60)")
        out.append(self.add(Node("num", sp.Rational(text.rstrip(".")))))
        return m.end()

    # --- names --------------------------------------------------------------------------------

    def core(self, s, i):
        """The core of a name at s[i]: (text, letter, vector, end) or None."""
        if i < len(s) and s[i].isalpha():
            return s[i], s[i], False, i + 1
        m = re.compile(r"\\([A-Za-z]+)").match(s, i)
        if not m:
            return None
        cmd = SAME.get(m.group(1), m.group(1))
        if cmd in GREEK:
            return "\\" + cmd, "\\" + cmd, False, m.end()
        if cmd in DECORATIONS:
            arg = argument(s, m.end())
            if arg is None:
                raise NotRead(f"\\{cmd} with nothing after it")
            inner, end = arg
            inner = inner.strip()
            if cmd in ("mathbb", "mathrm") or re.fullmatch(r"\d", inner):
                return ("\\" + cmd + "{" + inner + "}", inner, False, end) if re.fullmatch(r"[A-Za-z\d]", inner) else None
            sub = self.core(inner, 0)
            if sub is None:
                return None
            text, letter, vec, k = sub
            rest = inner[k:].strip()
            name_rest = ""
            if rest:
                if not rest.startswith("_"):
                    raise NotRead(f"\\{cmd}{{{shown(inner)}}} is not a name")
                a = argument(rest, 1)
                if a is None or a[1] != len(rest):
                    raise NotRead(f"\\{cmd}{{{shown(inner)}}} is not a name")
                name_rest = "_" + _sub_text(a[0])
            return (f"\\{cmd}{{{text}{name_rest}}}", letter, vec or cmd in VECTOR_DECORATIONS, end)
        return None

    def name_at(self, s, i):
        """A whole name at s[i]: core, subscript, name superscripts ((1), *, \\prime) and
        primes. Returns (Name, primes, end) or None."""
        c = self.core(s, i)
        if c is None:
            return None
        text, letter, vec, j = c
        sub, sups, primes = None, "", 0
        while True:
            k = j
            while k < len(s) and s[k] in _SPACE:
                k += 1
            if k < len(s) and s[k] == "_" and sub is None:
                a = argument(s, k + 1)
                if a is None:
                    raise NotRead(f"subscript of {text} is missing")
                sub, j = a[0].strip(), a[1]
                if not sub:
                    raise NotRead(f"empty subscript on {text}")
                continue
            m = _NAME_SUP.match(s, k)
            if m and not primes and text != "e":
                sups += "^{" + re.sub(r"\s+", "", m.group(0)[1:]).strip("{}") + "}"
                j = m.end()
                continue
            if k < len(s) and s[k] == "'":
                while k < len(s) and s[k] == "'":
                    primes, k = primes + 1, k + 1
                j = k
                continue
            break
        base = text + sups
        full = base if sub is None else f"{text}_{_sub_text(sub)}{sups}"
        return Name(full, base, sub, vec, letter, sups), primes, j

    def name(self, s, i, out):
        found = self.name_at(s, i)
        if found is None:
            raise NotRead(f"'{shown(s[i:i + 20])}' is not a name")
        nm, primes, j = found
        return self.after_name(s, nm, primes, j, out)

    def meaning(self, nm: Name):
        """What a name means when applied: ('dl', fn) / ('user', name) / ('value', None) / None."""
        let = self.lets.get(nm.text)
        if let == "sigmoid":
            return ("dl", "sigmoid")
        if let == "softmax":
            return ("softmax", None)
        if let == "function" or nm.text in self.scope.functions:
            return ("user", nm.text)
        if let == "symbol" or nm.text in self.scope.variables:
            return ("value", None)
        if nm.text == "\\sigma":
            return ("dl", "sigmoid")
        if nm.text in self.assumed_calls:
            return ("user", nm.text)
        return None

    def after_name(self, s, nm: Name, primes, j, out):
        k = _skip(s, j)
        nxt = s[k] if k < len(s) else ""
        if nm.text.startswith("\\mathbb{") or nm.base.startswith("\\mathbb{E}"):
            return self.blackboard(s, nm, j, out)
        mean = self.meaning(nm)
        if primes:
            if nxt != "(":
                nm = Name(nm.text + "'" * primes, nm.base + "'" * primes, nm.sub, nm.vector, nm.letter)
                out.append(self.add(Node("name", nm)))
                return self.transpose_after(s, j, out, nm)
            if mean is not None and mean[0] == "value":
                raise NotRead(f"{nm.text}'(...) with {nm.text} a value")
            if mean is None and nm.text not in PRIME_FUNCTIONS:
                # \lambda'(1 + x): a new name \lambda' times a bracket, or a derivative?
                raise NotRead(f"{nm.text}'(...) may be a call of the derivative of {nm.text} or a "
                              f"product {nm.text}'*(...); say `let {nm.text} = function`")
            return self.call(s, k, out, nm, mean or ("user", nm.text), primes)
        if nxt == "(":
            if mean is None:
                _probability(s, k, nm)
                raise NotRead(f"{nm.text}(...) may be a call of {nm.text} or a product "
                              f"{nm.text}*(...); say `let {nm.text} = function` or `symbol`")
            if mean[0] != "value":
                return self.call(s, k, out, nm, mean, 0)
        elif nxt == "[" and (mean is None or mean[0] != "value"):
            raise NotRead(f"{nm.text}[...] may be indexing or a product {nm.text}*[...]")
        elif mean is not None and mean[0] in ("user", "softmax") and nm.text != "\\sigma":
            if nxt and (nxt.isalnum() or nxt == "\\"):
                raise NotRead(f"'{shown(s[j - len(nm.text):k + 6])}': {nm.text} is a function; "
                              "a call without brackets or a product?")
        if nm.letter == "e" and nm.text == "e" and self.lets.get("e") != "symbol":
            out.append(self.add(Node("const", sp.E)))
            return j
        if nm.text == "\\pi" and self.lets.get("\\pi") != "symbol":
            out.append(self.add(Node("const", sp.pi)))
            return j
        if nm.text in ("\\mathrm{e}", "\\mathit{e}"):
            out.append(self.add(Node("const", sp.E)))
            return j
        if nm.base in ("\\mathbf{1}", "\\mathbb{1}", "1") and nm.sub is not None:
            out.append(self.add(self.indicator(nm)))
            return j
        if re.fullmatch(r"\\(?:mathbf|boldsymbol|vec)\{\d\}", nm.base):
            raise NotRead(f"{nm.text} (a constant vector) is not read")
        # a dot product of two decorated names: \bar W \cdot \bar X, \mathbf{u} \cdot \mathbf{v}
        m = re.compile(r"\s*\\cdot(?![A-Za-z])\s*").match(s, j)
        if m and _decorated(nm.text):
            other = self.name_at(s, m.end())
            if other and _decorated(other[0].text) and not other[1]:
                for o in (nm, other[0]):
                    if o.vector and o.letter[:1].isupper():
                        raise NotRead(f"'{nm.text} \\cdot {other[0].text}': a product with a matrix")
                end = other[2]
                if _skip(s, end) < len(s) and s[_skip(s, end)] == "(":
                    raise NotRead(f"{other[0].text}(...) after a dot product")
                text = squash(nm.text + "\\cdot" + other[0].text)
                out.append(self.add(Node("opaque", text)))
                return end
        self.valued.add(nm.text)
        out.append(self.add(Node("name", nm)))
        return self.transpose_after(s, j, out, nm)

    def transpose_after(self, s, j, out, nm=None, start=None, base_text=None):
        """x^T y (an inner product: one opaque scalar) after a name or a bracket group."""
        m = _TRANSPOSE.match(s, _skip(s, j))
        if not m:
            return j
        k = _skip(s, m.end())
        if nm is not None and re.fullmatch(r"(?:\\[A-Za-z]+\{)*[A-Z](?:\})*", nm.base):
            raise NotRead(f"{nm.text}^T: the transpose of a matrix is not read")
        other = self.name_at(s, k) if k < len(s) and s[k] != "(" else None
        if other is not None and not other[1]:
            if re.fullmatch(r"(?:\\[A-Za-z]+\{)*[A-Z](?:\})*", other[0].base):
                first = nm.text if nm is not None else base_text
                raise NotRead(f"'{shown(first)}^T {other[0].text}': a product with a matrix is not read")
            end = other[2]
        elif k < len(s) and s[k] == "(":
            end = group_end(s, k)
        else:
            what = nm.text if nm is not None else base_text
            raise NotRead(f"transpose {shown(what)}^T without a vector after it")
        if _TRANSPOSE.match(s, _skip(s, end)) or (_skip(s, end) < len(s) and s[_skip(s, end)] in "(["):
            raise NotRead("a product of transposes is not read")
        out.pop()     # the placeholder of the first factor: the product is one opaque symbol
        first = base_text if base_text is not None else nm.text
        text = squash(first + "^T" + s[k:end])
        out.append(self.add(Node("opaque", text)))
        return end

    def blackboard(self, s, nm, j, out):
        if nm.base == "\\mathbb{1}" and nm.sub is not None:
            out.append(self.add(self.indicator(nm)))
            return j
        if nm.text == "\\mathbb{E}" or nm.base == "\\mathbb{E}":
            k = _skip(s, j)
            if k < len(s) and s[k] == "[":
                end = group_end(s, k)
                text = squash(nm.text + s[k:end])
                out.append(self.add(Node("opaque", text)))
                return end
            raise NotRead(f"{nm.text} without [...] is not read")
        raise NotRead(f"{nm.text} (a set) is not read")

    def indicator(self, nm: Name) -> Node:
        m = re.fullmatch(r"\s*([A-Za-z])\s*(=|\\neq|\\ne)\s*([A-Za-z])\s*", nm.sub)
        if not m:
            raise NotRead(f"indicator {nm.text} is not read (only 1_{{i=j}} of two index letters)")
        return Node("delta", m.group(1), [m.group(3)], m.group(2) != "=")

    # --- calls --------------------------------------------------------------------------------

    def call(self, s, k, out, nm, mean, primes, power=None):
        self.called.add(nm.text)
        end = group_end(s, k)
        inner = s[k + 1:end - 1]
        if mean[0] == "softmax":
            return self.softmax(s, k, out, nm.text)
        parts = _split_top(inner, ",;")
        if "|" in inner and len(parts) == 1 and mean[0] == "user" and _probability_like(inner):
            raise NotRead(f"probability notation {nm.text}(...|...) is not read")
        args = [self.piece(p) for p in parts]
        kind, fn = mean
        node = Node("call" if not primes else "prime", (kind, fn), args, primes)
        out.append(self.add(node))
        if power is not None:
            out.append("^{" + power + "}")
        k2 = _skip(s, end)
        if k2 < len(s) and s[k2] == "_":
            raise NotRead(f"a component {nm.text}(...)_{{...}} is not read")
        if k2 < len(s) and s[k2] == "'":
            raise NotRead(f"a prime after {nm.text}(...) is not read")
        return end

    def softmax(self, s, j, out, label):
        """softmax(z)_i, S(\\mathbf{x})_i (with `let S = softmax`): entry i of the softmax of
        the vector z, exp(z[i]) / Sum(exp(z[k]), (k, 1, n)) over a size n not written."""
        k = _skip(s, j)
        if k >= len(s) or s[k] != "(":
            raise NotRead(f"{label} without (...) is not read")
        end = group_end(s, k)
        inner = s[k + 1:end - 1].strip()
        found = self.name_at(inner, 0) if inner else None
        if found is None or found[2] != len(inner) or found[1]:
            raise NotRead(f"{label}({shown(inner, 20)}): softmax of something that is not a name")
        k2 = _skip(s, end)
        if k2 >= len(s) or s[k2] != "_":
            raise NotRead(f"{label}(...) is a vector; only an entry {label}(...)_i is read")
        a = argument(s, k2 + 1)
        if a is None or not re.fullmatch(r"\s*(?:[A-Za-z]|\d+)\s*", a[0]):
            raise NotRead(f"{label}(...)_{{{shown(a[0] if a else '', 10)}}}: the entry must be a letter or a number")
        self.called.add(label)
        out.append(self.add(Node("softmax", found[0], [a[0].strip()])))
        return a[1]

    def function_word(self, s, i, out, fn, word, end):
        """\\exp, \\log, \\ln, \\tanh, \\max, \\min and \\operatorname-style words."""
        k = _skip(s, end)
        power = None
        if k < len(s) and s[k] == "^":
            a = argument(s, k + 1)
            if a is None or not re.fullmatch(r"\s*\d\s*", a[0]):
                raise NotRead(f"{word}^{{...}}: a power of a function other than 2, 3, ... is not read")
            power, k = a[0].strip(), _skip(s, a[1])
        if k < len(s) and s[k] == "_":
            raise NotRead(f"{word} with a subscript ({word}_{{...}}) is not read")
        if k < len(s) and s[k] == "'" and power is None:     # \tanh'(x): a derivative
            primes = len(s[k:]) - len(s[k:].lstrip("'"))
            k = _skip(s, k + primes)
            if k >= len(s) or s[k] != "(" or fn in ("Max", "Min", "sign"):
                raise NotRead(f"{word}' is not read (only {word}'(...))")
            self.called.add(word)
            return self.call(s, k, out, Name(word, word, None), ("dl", fn), primes)
        if k < len(s) and s[k] in "([" or s.startswith("\\{", k):
            return self.bracket_call(s, k, out, fn, word, power)
        if fn in ("Max", "Min", "sign"):
            raise NotRead(f"{word} without brackets is not read")
        if power is not None:
            raise NotRead(f"{word}^{power} without brackets is not read")
        # \log x, \exp x, \tanh x: one operand, with nothing juxtaposed after it
        start = k
        if start >= len(s):
            raise NotRead(f"{word} with nothing after it")
        sub = []
        j = self.operand(s, start, sub)
        k2 = _skip(s, j)
        if k2 < len(s) and not _ends_term(s, k2):
            raise NotRead(f"'{shown(s[i:k2 + 8])}': where does the argument of {word} end? "
                          f"write {word}(...)")
        args = [parse_piece("".join(sub))]
        out.append(self.add(Node("call", ("dl", fn), args, 0)))
        return j

    def bracket_call(self, s, k, out, fn, word, power):
        if s.startswith("\\{", k):
            end = group_end(s, k)
            inner = s[k + 2:end - 2]
        else:
            end = group_end(s, k)
            inner = s[k + 1:end - 1]
        parts = _split_top(inner, ",")
        if fn not in ("Max", "Min") and len(parts) != 1:
            raise NotRead(f"{word} with {len(parts)} arguments is not read")
        args = [self.piece(p) for p in parts]
        out.append(self.add(Node("call", ("dl", fn), args, 0)))
        if power is not None:
            out.append("^{" + power + "}")
        return end

    def operand(self, s, i, out):
        """One operand for an unbracketed function argument: a number, a name (with its
        call), a \\frac, a \\sqrt or a bracket group, with a power."""
        c = s[i]
        if c.isdigit() or c == ".":
            j = self.number(s, i, out)
        elif c.isalpha():
            j = self.name(s, i, out)
        elif c in "([":
            j = self.group(s, i, out)
        elif c == "\\":
            j = self.command(s, i, out)
        elif c == "{":
            j = group_end(s, i)
            out.append("{" + self.scan(s[i + 1:j - 1]) + "}")
        else:
            raise NotRead(f"'{shown(s[i:i + 10])}' is not an operand")
        k = _skip(s, j)
        if k < len(s) and s[k] == "^":
            j = self.power(s, k, out)
        return j

    # --- commands -----------------------------------------------------------------------------

    def command(self, s, i, out):
        m = re.compile(r"\\([A-Za-z]+|.)").match(s, i)
        if not m:
            raise NotRead("a lone backslash is not read")
        cmd = SAME.get(m.group(1), m.group(1))
        end = m.end()
        if cmd in REFUSED:
            raise NotRead(REFUSED[cmd])
        if cmd == "frac":
            return self.frac(s, i, end, out)
        if cmd == "sqrt":
            return self.sqrt(s, end, out)
        if cmd in ("sum", "prod"):
            return self.sum(s, end, out, cmd)
        if cmd in ("cdot", "times"):
            out.append(" * ")
            return end
        if cmd in ("exp", "log", "ln", "tanh", "max", "min"):
            fn = {"ln": "log", "max": "Max", "min": "Min"}.get(cmd, cmd)
            return self.function_word(s, i, out, fn, "\\" + cmd, end)
        if cmd == "sgn":
            return self.function_word(s, i, out, "sign", "\\sgn", end)
        if cmd in ("operatorname", "text", "textrm", "textit", "mbox", "mathrm") and not self.core(s, i):
            a = argument(s, end)
            word = a[0].strip() if a else ""
            if word in DL_WORDS:
                return self.function_word(s, i, out, DL_WORDS[word], f"\\{cmd}{{{word}}}", a[1])
            if word == "softmax":
                return self.softmax(s, a[1], out, f"\\{cmd}{{softmax}}")
            if re.fullmatch(r"[A-Za-z]+", word):
                nm = Name(f"\\{cmd}{{{word}}}".replace("\\textrm", "\\text"), f"\\{cmd}{{{word}}}", None, False, word)
                return self.word_name(s, nm, a[1], out)
            raise NotRead(f"\\{cmd}{{{shown(word)}}} is not read")
        if cmd in GREEK or cmd in DECORATIONS:
            return self.name(s, i, out)
        if cmd == "partial":
            raise NotRead("\\partial outside a derivative \\frac{\\partial f}{\\partial x} is not read")
        if cmd == "infty":
            raise NotRead("\\infty outside a sum limit is not read")
        if cmd == "begin":
            return self.environment(s, i, end, out)
        if cmd == "|":
            return self.norm(s, i, out)
        if cmd in ("lfloor", "lceil"):
            return self.rounding(s, i, end, cmd, out)
        if cmd == "binom":
            a = argument(s, end)
            b = argument(s, a[1]) if a else None
            if a is None or b is None:
                raise NotRead("\\binom needs two arguments")
            out.append(self.add(Node("call", ("dl", "binomial"), [self.piece(a[0]), self.piece(b[0])], 0)))
            return b[1]
        if cmd == "{":
            j = group_end(s, i)
            out.append(self.add(Node("group", self.piece(s[i + 2:j - 2]))))
            return j
        if cmd in ("le", "leq", "ge", "geq", "lt", "gt", "neq", "ne", "leqslant", "geqslant"):
            raise NotRead(f"a relation \\{cmd} inside a side")
        if cmd in ("top", "intercal", "prime"):
            raise NotRead(f"\\{cmd} is not read here")
        if cmd == "end":
            raise NotRead("\\end without \\begin")
        if cmd == "\\":
            raise NotRead("a line break \\\\ inside a side")
        raise NotRead(f"\\{cmd} is not read here")

    def word_name(self, s, nm, j, out):
        """\\text{word} as a value only when the scope names it: words in a formula are
        mostly prose (x \\text{ and } y)."""
        known = {n for n, _ in self.scope.lets} | set(self.scope.variables) | set(self.scope.functions)
        k = _skip(s, j)
        if k < len(s) and s[k] in "([":
            return self.after_name(s, nm, 0, j, out)
        if nm.text not in known and not any(k.startswith(nm.text + "_") for k in known):
            raise NotRead(f"words {nm.text} inside a side are not read (a name? say `let "
                          f"{nm.text} = symbol`)")
        k = _skip(s, j)
        if k < len(s) and s[k] == "_":
            a = argument(s, k + 1)
            nm = Name(f"{nm.text}_{_sub_text(a[0])}", nm.base, a[0].strip(), False, nm.letter)
            j = a[1]
        return self.after_name(s, nm, 0, j, out)

    def frac(self, s, i, end, out):
        a = argument(s, end)
        b = argument(s, a[1]) if a else None
        if a is None or b is None:
            raise NotRead("\\frac needs two arguments")
        from .derivatives import derivative
        d = derivative(self, s, i, a, b, out)
        if d is not None:
            return d
        out.append("\\frac{" + self.wrap(a[0]) + "}{" + self.wrap(b[0]) + "}")
        return b[1]

    def sqrt(self, s, end, out):
        k = _skip(s, end)
        index = None
        if k < len(s) and s[k] == "[":
            j = group_end(s, k)
            index = self.piece(s[k + 1:j - 1])
            end = j
        a = argument(s, end)
        if a is None:
            raise NotRead("\\sqrt needs an argument")
        out.append(self.add(Node("root", self.piece(a[0]), extra=index)))
        return a[1]

    def sum(self, s, end, out, cmd):
        """\\sum_{k=1}^{n}, \\sum_{k}, \\sum_{m,n}: limits as placeholders; latex2sympy reads
        the extent of the body. A sum with no range (\\sum_j) runs from 1 to a shared size."""
        lower = upper = None
        j = end
        for _ in range(2):
            k = _skip(s, j)
            if k < len(s) and s[k] in "_^":
                a = argument(s, k + 1)
                if a is None:
                    raise NotRead(f"\\{cmd} limit is missing")
                if s[k] == "_":
                    if lower is not None:
                        raise NotRead(f"\\{cmd} with two subscripts")
                    lower = a[0]
                else:
                    if upper is not None:
                        raise NotRead(f"\\{cmd} with two superscripts")
                    upper = a[0]
                j = a[1]
        if lower is None:
            raise NotRead(f"\\{cmd} without an index")
        m = re.fullmatch(r"\s*(?P<k>[A-Za-z]|\\[A-Za-z]+)\s*=\s*(?P<lo>.+?)\s*", lower)
        if m:
            letters, lo = [m.group("k")], m.group("lo")
        else:
            letters = [x.strip() for x in lower.split(",")] if "," in lower else list(lower.strip())
            if not letters or not all(re.fullmatch(r"[A-Za-z]", x) for x in letters) or len(letters) > 4:
                raise NotRead(f"\\{cmd}_{{{shown(lower)}}}: a sum over a set is not read "
                              "(only \\sum_{k=1}^{n}, \\sum_k, \\sum_{m,n})")
            lo = None
            if upper is not None and len(letters) > 1 and not m:
                raise NotRead(f"\\{cmd}_{{{shown(lower)}}}^{{...}} is not read")
        for x in letters:
            if x.startswith("\\") and x[1:] not in GREEK:
                raise NotRead(f"\\{cmd} index {x} is not a letter")
        if lo is not None and upper is None:
            raise NotRead(f"\\{cmd}_{{{shown(lower)}}} without an upper limit is not read")
        limits = []
        for x in letters:
            idx = self.add(Node("name", Name(x, x, None, False, x), extra="index")).strip()
            if lo is None and upper is None:
                lo_t, hi_t = self.add(Node("num", sp.Integer(1))), self.add(Node("size"))
            elif lo is None:
                raise NotRead(f"\\{cmd}_{x}^{{...}} without a lower limit is not read")
            else:
                lo_t, hi_t = self.limit(lo), self.limit(upper)
            limits.append((idx, lo_t.strip(), hi_t.strip()))
        end = _term_end(s, j)
        body = s[j:end]
        if not body.strip():
            raise NotRead(f"\\{cmd} without a body")
        out.append(self.add(Node("sum", cmd, limits, self.piece(body))))
        return end

    def limit(self, t):
        if re.fullmatch(r"\s*\\infty\s*", t):
            return self.add(Node("const", sp.oo))
        return self.add(Node("group", self.piece(t), extra="limit"))

    # --- brackets ------------------------------------------------------------------------------

    def group(self, s, i, out):
        j = group_end(s, i)
        inner = s[i + 1:j - 1]
        if len(_split_top(inner, ",")) > 1:
            raise NotRead(f"a tuple or interval '{shown(s[i:j])}' is not read")
        out.append(self.add(Node("group", self.piece(inner))))
        j2 = self.transpose_after(s, j, out, base_text=s[i:j])
        k = _skip(s, j2)
        if k < len(s) and s[k] == "_":
            raise NotRead(f"a component '{shown(s[i:j])}_{{...}}' is not read")
        return j2

    def bars(self, s, i, out):
        if s.startswith("||", i):
            return self.norm(s, i, out)
        j, level = i + 1, 0
        while j < len(s):
            if s[j] == "\\" and j + 1 < len(s):
                j += 2
                continue
            if s[j] in "([{":
                level += 1
            elif s[j] in ")]}":
                level -= 1
            elif s[j] == "|" and level == 0:
                break
            j += 1
        if j >= len(s):
            raise NotRead("a '|' that is not closed (absolute value or a condition?)")
        inner = s[i + 1:j]
        if "|" in inner:
            raise NotRead("nested bars |...|...| are not read")
        out.append(self.add(Node("abs", self.piece(inner))))
        return j + 1

    def rounding(self, s, i, end, cmd, out):
        """\\lfloor x \\rfloor and \\lceil x \\rceil (output sizes of convolutions)."""
        close = "\\rfloor" if cmd == "lfloor" else "\\rceil"
        level, k = 1, end
        pat = re.compile(r"\\(" + cmd + "|" + close[1:] + r")(?![A-Za-z])")
        for m in pat.finditer(s, end):
            level += 1 if m.group(1) == cmd else -1
            if level == 0:
                inner = s[end:m.start()]
                out.append(self.add(Node("call", ("dl", "floor" if cmd == "lfloor" else "ceiling"),
                                         [self.piece(inner)], 0)))
                return m.end()
        raise NotRead(f"\\{cmd} without {close}")

    def norm(self, s, i, out):
        """\\|v\\| or ||v||, with a subscript (_2): one opaque symbol named by its LaTeX."""
        opener = "\\|" if s.startswith("\\|", i) else "||"
        j = s.find(opener, i + 2)
        if j < 0:
            raise NotRead("a norm that is not closed")
        inner = s[i + 2:j]
        if "|" in inner.replace("\\|", ""):
            raise NotRead(f"'{shown(s[i:j + 2])}': a norm, or nested absolute values?")
        end = j + 2
        k = _skip(s, end)
        sub = ""
        if k < len(s) and s[k] == "_":
            a = argument(s, k + 1)
            sub, end = "_" + _sub_text(a[0]), a[1]
        text = squash("\\|" + inner + "\\|" + sub)
        depth(inner, PIECE_DEPTH, "norm")
        out.append(self.add(Node("opaque", text)))
        return end

    def environment(self, s, i, end, out):
        a = argument(s, end)
        env = a[0].strip() if a else ""
        body_start = a[1]
        close = _env_end(s, body_start, env)
        body = s[body_start:close]
        after = close + len(f"\\end{{{env}}}")
        if env == "cases":
            from .structures import cases
            out.append(self.add(cases(self, body)))
            return after
        if env in ("bmatrix", "pmatrix", "matrix", "Bmatrix"):
            from .structures import matrix
            node = matrix(self, body)
            m = _TRANSPOSE.match(s, _skip(s, after))
            if m:
                node.extra = "T"
                after = m.end()
            out.append(self.add(node))
            return after
        raise NotRead(f"environment {env or '?'} inside a side is not read")


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


def _term_end(s: str, j: int) -> int:
    """Where the body of a \\sum starting at s[j] ends: at the next + or - outside brackets
    and bars (after a sign of its own), or at a closing bracket; latex2sympy's rule (a sum is
    one factor of a term), tested against latex2sympy in tests/test_audit_read.py."""
    p = _skip(s, j)
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
            p = m.end()
            continue
        if ch in "([{":
            p = group_end(s, p)
            continue
        if ch == "|":
            close = s.find("|", p + 1)
            p = close + 1 if close >= 0 else len(s)
            continue
        if ch in ")]}+-":
            return p
        p += 1
    return p


def squash(text: str) -> str:
    """The name of an opaque construct: its LaTeX without spaces (one kept after a command
    before a letter: \\log p stays \\log p, not \\logp)."""
    text = re.sub(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])", lambda m: m.group(1) + "\0", text)
    return re.sub(r"\s+", "", text).replace("\0", " ")


def _skip(s, j):
    while j < len(s) and s[j] in _SPACE:
        j += 1
    return j


def _sub_text(sub: str) -> str:
    sub = re.sub(r"\s+", "", sub)
    return sub if len(sub) == 1 else "{" + sub + "}"


def _decorated(text: str) -> bool:
    return bool(re.match(r"\\(?:bar|mathbf|boldsymbol|vec|underline|overrightarrow)\{", text))


def _ends_term(s, k) -> bool:
    if s[k] in "+-=)]}|,":
        return True
    return bool(re.compile(r"\\(?:cdot|times|right|quad|qquad)(?![A-Za-z])|\\[|}]").match(s, k))


def _split_top(text: str, seps: str) -> list[str]:
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


def _probability_like(inner: str) -> bool:
    return inner.count("|") == 1


def _probability(s, k, nm):
    end = group_end(s, k)
    if "|" in s[k:end] and s[k:end].count("|") == 1 or "\\mid" in s[k:end]:
        raise NotRead(f"probability notation {nm.text}(...|...) is not read")


def _env_end(s, start, env):
    pat = re.compile(r"\\(begin|end)\s*\{\s*" + re.escape(env) + r"\s*\}")
    level = 1
    for m in pat.finditer(s, start):
        level += 1 if m.group(1) == "begin" else -1
        if level == 0:
            return m.start()
    raise NotRead(f"\\begin{{{env}}} without \\end{{{env}}}")
