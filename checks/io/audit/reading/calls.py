"""Reading a side: calls. Functions of checks.dl written \\exp, \\log, \\log_b, \\tanh,
\\max, \\operatorname{sigmoid}, ... with brackets or one operand, their powers (\\tanh^2) and
derivatives (\\tanh'(x)), user functions f(x, y), and softmax entries softmax(z)_i."""
from __future__ import annotations

import re

from .notation import NotRead, argument, group_end, shown
from .pieces import PLACEHOLDER, Name, Node, ends_term, parse_piece, probability_like, skip, split_top

# Words that name a function of checks.dl when written \operatorname{w}, \text{w}, \mathrm{w}
DL_WORDS = {"sigmoid": "sigmoid", "softplus": "softplus", "relu": "relu", "ReLU": "relu",
            "Relu": "relu", "ReLu": "relu", "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log",
            "sign": "sign", "sgn": "sign", "max": "Max", "min": "Min"}
FUNCTION_WORDS = set(DL_WORDS) | {"softmax", "diag", "Var", "Cov", "KL", "flip", "argmax", "argmin"}


# a function passed bare as an argument: y(x, \Theta, \sigma)_k, f(x; \tanh)
_FUNCTION_ARGUMENT = re.compile(r"\s*\\(?:sigma|tanh|exp|log|ln|phi|varphi|operatorname\s*\{\s*[A-Za-z]+\s*\}|"
                                r"mathrm\s*\{\s*[A-Za-z]+\s*\}|text\s*\{\s*[A-Za-z]+\s*\})\s*")


# the index of a component F(...)_{...}: a letter or a number, or a sum of them with integer
# coefficients (k_2 - j + 1, n + 2l - 1), as build.index_expr reads it
_TERM = r"\s*(?:\d{1,3}\s*)?(?:[A-Za-z](?:_\{?\d{1,2}\}?)?)|\s*\d{1,3}"
_COMPONENT_INDEX = re.compile(rf"\s*[+-]?(?:{_TERM})(?:\s*[+-](?:{_TERM}))*\s*")


class Calls:
    """The call readings of the Scanner (scan.py)."""

    def call(self, s, k, out, nm, mean, primes, power=None):
        self.called.add(nm.text)
        end = group_end(s, k)
        inner = s[k + 1:end - 1]
        if mean[0] == "softmax":
            return self.softmax(s, k, out, nm.text)
        parts = split_top(inner, ",;")
        if "|" in inner and len(parts) == 1 and mean[0] == "user" and probability_like(inner):
            raise NotRead(f"probability notation {nm.text}(...|...) is not read")
        kind, fn = mean
        k2 = skip(s, end)
        if k2 < len(s) and s[k2] == "_":
            if kind != "user" or primes or power is not None or self.component_meant(fn):
                raise NotRead(f"a component {nm.text}(...)_{{...}} is not read")
            return self.component(s, k2, out, fn, [self.argument_of_component(p) for p in parts])
        args = [self.piece(p) for p in parts]
        node = Node("call" if not primes else "prime", (kind, fn), args, primes)
        out.append(self.add(node))
        if power is not None:
            out.append("^{" + self.wrap(power) + "}")
        if k2 < len(s) and s[k2] == "'":
            raise NotRead(f"a prime after {nm.text}(...) is not read")
        return end

    def component(self, s, k, out, fn, args):
        """``y(x, \\Theta, \\sigma)_k``, ``f(\\mathbf{x}; \\theta)_i``: the component k of a user
        function's value, one function of the index and the arguments (build.py names it
        component_name(fn)). The index is a letter or a number; a power, prime or second
        subscript after it is not read."""
        a = argument(s, k + 1)
        if a is None or not _COMPONENT_INDEX.fullmatch(a[0]):
            raise NotRead(f"a component {fn}(...)_{{{shown(a[0] if a else '', 10)}}}: the index must be "
                          "a letter, a number or a sum of them (k_2 - j + 1)")
        k2 = skip(s, a[1])
        if k2 < len(s) and s[k2] in "_^'":
            raise NotRead(f"'{s[k2]}' after the component {fn}(...)_{{{a[0].strip()}}} is not read")
        out.append(self.add(Node("call", ("component", fn), args, a[0].strip())))
        return a[1]

    def component_meant(self, fn: str) -> bool:
        """Whether the document gives the components of ``fn`` a meaning of their own (the
        softmax's entries, an elementwise function: components.py); those forms are read there
        or not at all, never as an unknown function's component."""
        from .components import entries_key
        return any(n == entries_key(fn) or n.startswith(entries_key(fn)) for n, _ in self.scope.lets)

    def argument_of_component(self, part: str):
        """One argument of y(x, \\Theta, \\sigma)_k: a function written bare (the network's
        activation \\sigma, \\tanh) is the function itself, one symbol named ``\\sigma(\\cdot)``, no
        use of \\sigma as a number (the sigmoid stays the sigmoid elsewhere); anything else is
        read as usual."""
        if _FUNCTION_ARGUMENT.fullmatch(part):
            import sympy as sp
            return sp.Symbol(self.add(Node("const", sp.Symbol(f"{part.strip()}(\\cdot)", real=True))).strip())
        return self.piece(part)

    def softmax(self, s, j, out, label):
        """softmax(z)_i, S(\\mathbf{x})_i (with `let S = softmax`): entry i of the softmax of
        the vector z, exp(z[i]) / Sum(exp(z[k]), (k, 1, n)) over a size n not written."""
        k = skip(s, j)
        if k >= len(s) or s[k] != "(":
            raise NotRead(f"{label} without (...) is not read")
        end = group_end(s, k)
        inner = s[k + 1:end - 1].strip()
        found = self.name_at(inner, 0) if inner else None
        if found is None or found[2] != len(inner) or found[1]:
            raise NotRead(f"{label}({shown(inner, 20)}): softmax of something that is not a name")
        k2 = skip(s, end)
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
        k = skip(s, end)
        power = None
        if k < len(s) and s[k] == "^":
            a = argument(s, k + 1)
            if a is None or not re.fullmatch(r"\s*\d\s*", a[0]):
                raise NotRead(f"{word}^{{...}}: a power of a function other than 2, 3, ... is not read")
            power, k = a[0].strip(), skip(s, a[1])
        if k < len(s) and s[k] == "_":
            if fn != "log" or power is not None:
                raise NotRead(f"{word} with a subscript ({word}_{{...}}) is not read")
            return self.log_base(s, i, k, out, word)
        if k < len(s) and s[k] == "'" and power is None:     # \tanh'(x): a derivative
            primes = len(s[k:]) - len(s[k:].lstrip("'"))
            k = skip(s, k + primes)
            if k >= len(s) or s[k] != "(" or fn in ("Max", "Min", "sign"):
                raise NotRead(f"{word}' is not read (only {word}'(...))")
            self.called.add(word)
            return self.call(s, k, out, Name(word, word, None), ("dl", fn), primes)
        if k < len(s) and s[k] in "([" or s.startswith("\\{", k):
            return self.bracket_call(s, k, out, fn, word, power)
        if fn in ("Max", "Min", "sign"):
            raise NotRead(f"{word} without brackets is not read")
        # \log x, \exp x, \tanh x: one operand, with nothing juxtaposed after it; \tanh^2 c_t is
        # (\tanh c_t)^2, the power of the value (a power 2, 3, ... only: \tanh^{-1} is refused above)
        start = k
        if start >= len(s):
            raise NotRead(f"{word} with nothing after it")
        sub = []
        j = self.operand(s, start, sub)
        k2 = skip(s, j)
        if k2 < len(s) and not ends_term(s, k2):
            raise NotRead(f"'{shown(s[i:k2 + 8])}': where does the argument of {word} end? "
                          f"write {word}(...)")
        args = [parse_piece("".join(sub))]
        out.append(self.add(Node("call", ("dl", fn), args, 0)))
        if power is not None:
            out.append("^{" + self.wrap(power) + "}")
        return j

    def log_base(self, s, i, k, out, word):
        """\\log_b x: log(x) / log(b)."""
        a = argument(s, k + 1)
        if a is None:
            raise NotRead(f"{word}_ without a base")
        base = self.piece(a[0])
        inner = []
        j = self.function_word(s, i, inner, "log", word, a[1])
        call = PLACEHOLDER.search("".join(inner))
        if call is None or "".join(inner).strip() != call.group(0):
            raise NotRead(f"{word}_{{{shown(a[0], 10)}}} is not read")
        out.append(self.add(Node("logb", int(call.group(1)), [base])))
        return j

    def bracket_call(self, s, k, out, fn, word, power):
        if s.startswith("\\{", k):
            end = group_end(s, k)
            inner = s[k + 2:end - 2]
        else:
            end = group_end(s, k)
            inner = s[k + 1:end - 1]
        parts = split_top(inner, ",")
        if fn not in ("Max", "Min") and len(parts) != 1:
            raise NotRead(f"{word} with {len(parts)} arguments is not read")
        args = [self.piece(p) for p in parts]
        out.append(self.add(Node("call", ("dl", fn), args, 0)))
        if power is not None:
            out.append("^{" + self.wrap(power) + "}")
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
            out.append(self.add(Node("group", self.piece(s[i + 1:j - 1]))))
        else:
            raise NotRead(f"'{shown(s[i:i + 10])}' is not an operand")
        k = skip(s, j)
        if k < len(s) and s[k] == "^":
            j = self.power(s, k, out)
        return j


_WRITTEN_CALL = re.compile(r"(\\(?:mathrm|operatorname|text|textrm|mathit|mathsf)\s*\{\s*[A-Za-z]{2,12}\s*\}|\\[A-Za-z]+|"
                           r"(?<![A-Za-z\\])[A-Za-z])(\s*_\s*(?:\{[A-Za-z0-9]{1,4}\}|[A-Za-z0-9]))?\s*(?:\\left\s*)?\(")


def calls_a_defined_function(side: str, functions, lets) -> bool:
    """Whether ``side`` as written applies a function the document defines (by a formula, or
    entry by entry: ``\\mathrm{flip}(\\mathbf{w})_2``). Such a side is a value of that function:
    ``\\mathrm{flip}(\\mathbf{w})_2 = w_{k-2}`` is a claim about flip, never the definition of the
    name on its right (a right-to-left reading)."""
    from .components import ENTRYWISE
    from ..parse.directives import _as_read
    entrywise = {k[:-len(ENTRYWISE)] for k, _ in lets if k.endswith(ENTRYWISE)}
    for m in _WRITTEN_CALL.finditer(side):
        try:
            name = _as_read(m.group(1) + re.sub(r"\s+", "", m.group(2) or ""))
        except Exception:   # a spelling the directives cannot name is no known function
            continue
        if name in functions or name in entrywise:
            return True
    return False
