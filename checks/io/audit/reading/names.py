"""Reading a side: names. A name is a core (a letter, a Greek letter, a decorated name
\\bar{x}, \\mathbf{W}), a subscript, layer labels (^{(1)}, ^{[l]}, ^*) and primes; what follows
it decides its reading: a call, a product, a dot product or an inner product x^T y (one
opaque whole), Euler's number, an indicator 1_{i=j}."""
from __future__ import annotations

import re

import sympy as sp

from .notation import DECORATIONS, GREEK, SAME, VECTOR_DECORATIONS, NotRead, argument, group_end, shown
from ..planning.probability import VARIANCE, density_call
from .pieces import SPACE, Name, Node, decorated, parse_piece, probability, skip, split_top, squash, sub_text

# f'(x), g'(x), h'(x): the letters of functions by convention, so a prime and a bracket after
# them is a derivative; after any other name not known as a function it is NotRead.
PRIME_FUNCTIONS = {"f", "g", "h"}

_NAME_SUP = re.compile(r"\^\s*(?:\{\s*(?:\(\s*(?:\d{1,3}|[A-Za-z])\s*\)\s*\*?|\[\s*[A-Za-z0-9+\-\s]{1,8}\]\s*\*?|\*|\\prime|\\ast)\s*\}|\*|\\prime)")
TRANSPOSE = re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\{T\}|\\mathrm\{T\})\s*\}|T(?![A-Za-z])|\\top(?![A-Za-z])|\\intercal(?![A-Za-z]))")


class Names:
    """The name readings of the Scanner (scan.py)."""

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
                name_rest = "_" + sub_text(a[0])
            return (f"\\{cmd}{{{text}{name_rest}}}", letter, vec or cmd in VECTOR_DECORATIONS, end)
        return None

    def name_at(self, s, i):
        """A whole name at s[i]: core, subscript, name superscripts ((1), *, \\prime) and
        primes. Returns (Name, primes, end) or None."""
        c = self.core(s, i)
        if c is None:
            return None
        text, letter, vec, j = c
        sub, sups, primes, power = None, "", 0, None
        while True:
            k = j
            while k < len(s) and s[k] in SPACE:
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
            if k < len(s) and s[k] == "^" and sub is None and power is None and not primes \
                    and not TRANSPOSE.match(s, k):
                # \sigma^2_B: TeX sets it as \sigma_B^2, so it is read so
                a = argument(s, k + 1)
                k2 = skip(s, a[1]) if a else len(s)
                if a is not None and k2 < len(s) and s[k2] == "_":
                    power, j = a[0], k2
                    continue
            break
        base = text + sups
        full = base if sub is None else f"{text}_{sub_text(sub)}{sups}"
        return Name(full, base, sub, vec, letter, sups, power), primes, j

    def name(self, s, i, out):
        if s[i] == "d" and i + 1 < len(s) and (s[i + 1].isalpha() or s[i + 1] == "\\"):
            # dZ, dW^{[l]}: the name of a gradient, a differential, or d times Z?
            raise NotRead(f"'{shown(s[i:i + 8])}': d next to a name (a differential, a gradient "
                          "dZ, or d times Z?) is not read")
        found = self.name_at(s, i)
        if found is None:
            raise NotRead(f"'{shown(s[i:i + 20])}' is not a name")
        nm, primes, j = found
        k = skip(s, j)
        if self.scope.quantities and not primes and k < len(s) and s[k] == "(" \
                and self.meaning(nm) != ("value", None):
            end = group_end(s, k)
            form = squash(s[i:end])
            if form in self.scope.quantities:
                # a(x, \theta) that a derivative is taken by: one value (derivatives.quantities)
                out.append(self.add(Node("quantity", form)))
                self.quantity_after(s, end, form)
                return end
        return self.after_name(s, nm, primes, j, out)

    def quantity_after(self, s, end, form):
        k = skip(s, end)
        if k < len(s) and s[k] in "_'":
            raise NotRead(f"'{shown(s[end - len(form):k + 2], 40)}': a subscript or a prime "
                          f"after {form} is not read")

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

    def refuse_power_or_braces_call(self, s, nm: Name, mean, primes, k) -> None:
        """\\sigma^2(0), f^{-1}(x): the square of a call, an inverse or iterate, or a power
        times a bracket? \\sigma{(0)}: a call in braces or a product? Unless the name is a
        value of the document (x^2(1 - x)) or a constant (e^{-x}(1 - e^{-x})), not read."""
        if primes or k >= len(s) or (mean is not None and mean[0] == "value") \
                or nm.text in ("e", "\\mathrm{e}", "\\mathit{e}", "\\pi"):
            return
        kind = _bracket_after(s, k)
        if kind == "^":
            raise NotRead(f"{nm.text}^{{...}}(...) may be a power or inverse of a call of {nm.text} "
                          f"or a power times a bracket; say `let {nm.text} = symbol`", nm.text)
        if kind == "{":
            raise NotRead(f"{nm.text}{{(...)}} may be a call of {nm.text} in braces or a product", nm.text)

    def after_name(self, s, nm: Name, primes, j, out):
        k = skip(s, j)
        nxt = s[k] if k < len(s) else ""
        if nm.power is not None:          # x^2_i: the name x_i, then its power
            if primes or nxt in ("(", "["):
                raise NotRead(f"'{nm.text}' with a power before its subscript, then a bracket, is not read")
            self.valued.add(nm.text)
            out.append(self.add(Node("name", nm)))
            out.append("^{" + self.wrap(nm.power) + "}")
            return j
        if nm.text.startswith("\\mathbb{") or nm.base.startswith("\\mathbb{E}"):
            return self.blackboard(s, nm, j, out)
        if nxt in ("(", "[") and not primes and (end := density_call(self, s, nm, k, out)) is not None:
            return end     # \mathcal{N}(x; m, v), \mathrm{KL}(q \| p): probability.py
        mean = self.meaning(nm)
        self.refuse_power_or_braces_call(s, nm, mean, primes, k)
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
                              f"product {nm.text}'*(...); say `let {nm.text} = function`", nm.text)
            return self.call(s, k, out, nm, mean or ("user", nm.text), primes)
        if nxt in ("(", "[") and _VARIANCE.fullmatch(nm.text) and nm.text not in self.lets \
                and nm.text not in {n for n, _ in self.scope.signatures}:
            end = group_end(s, k)       # \operatorname{Var}(m x), \mathrm{Var}[m x]: one value, like
            inner = s[k + 1:end - 1]    # \mathbb{E}[...]; Var(x, y) is no variance of one thing
            if "," not in inner and ";" not in inner:
                out.append(self.add(Node("opaque", squash(VARIANCE + "[" + inner + "]"))))
                return end
        if nxt == "(":
            if (mean is None or mean[0] == "value") and _semicolon_list(s, k):
                # f(x; \theta), y_k(x; w): data before the semicolon, parameters after it; a
                # product with a list means nothing, so this is a call whatever else NAME is
                return self.call(s, k, out, nm, ("user", nm.text), 0)
            if mean is None:
                probability(s, k, nm)
                conflict = dict(self.scope.conflicts).get(nm.text)
                if conflict:   # the document says both (evidence.py): neither reading is certain
                    raise NotRead(conflict, nm.text)
                if _OPERATOR.fullmatch(nm.text):   # \mathrm{XY}(...): a name of a function, never a value
                    raise NotRead(f"{nm.text}(...): the document does not define {nm.text} (its meaning is "
                                  f"not known); say `let {nm.text} = function` or define it", nm.text)
                raise NotRead(f"{nm.text}(...) may be a call of {nm.text} or a product "
                              f"{nm.text}*(...); say `let {nm.text} = function` or `symbol`", nm.text)
            if mean[0] != "value":
                return self.call(s, k, out, nm, mean, 0)
        elif nxt == "[" and (mean is None or mean[0] != "value"):
            raise NotRead(f"{nm.text}[...] may be indexing or a product {nm.text}*[...]", nm.text)
        elif mean is not None and mean[0] != "value" and (nm.text != "\\sigma" or nm.text in self.lets):
            if nxt and (nxt.isalnum() or nxt == "\\"):
                raise NotRead(f"'{shown(s[j - len(nm.text):k + 6])}': {nm.text} is a function; "
                              "a call without brackets or a product?")
            raise NotRead(f"{nm.text} is a function, used here without its arguments")
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
        if nm.base == "\\mathbf{1}" and (nxt == "[" or s.startswith("\\{", k)):
            return self.bracket_indicator(s, nm, k, out)
        if re.fullmatch(r"\\(?:mathbf|boldsymbol|vec)\{\d\}", nm.base):
            raise NotRead(f"{nm.text} (a constant vector) is not read")
        # a dot product of two decorated names: \bar W \cdot \bar X, \mathbf{u} \cdot \mathbf{v}
        m = re.compile(r"\s*\\cdot(?![A-Za-z])\s*").match(s, j)
        if m and decorated(nm.text):
            other = self.name_at(s, m.end())
            if other and decorated(other[0].text) and not other[1]:
                for o in (nm, other[0]):
                    if o.vector and o.letter[:1].isupper():
                        raise NotRead(f"'{nm.text} \\cdot {other[0].text}': a product with a matrix")
                end = other[2]
                if skip(s, end) < len(s) and s[skip(s, end)] == "(":
                    raise NotRead(f"{other[0].text}(...) after a dot product")
                text = squash(nm.text + "\\cdot" + other[0].text)
                out.append(self.add(Node("opaque", text)))
                return end
        self.valued.add(nm.text)
        if nxt not in ("(", "[") and _bracket_after(s, k) is None:   # \sigma^2(0) is no plain use
            self.plain.add(nm.text)
        out.append(self.add(Node("name", nm)))
        return self.transpose_after(s, j, out, nm)

    def word_name(self, s, nm, j, out):
        """\\text{word} as a value only when the scope names it: words in a formula are
        mostly prose (x \\text{ and } y)."""
        known = {n for n, _ in self.scope.lets} | set(self.scope.variables) | set(self.scope.functions)
        k = skip(s, j)
        if k < len(s) and s[k] in "([":
            return self.after_name(s, nm, 0, j, out)
        if nm.text not in known and not any(k.startswith(nm.text + "_") for k in known) \
                and not _alone(s, nm):
            raise NotRead(f"words {nm.text} inside a side are not read (a name? say `let "
                          f"{nm.text} = symbol`)")
        k = skip(s, j)
        if k < len(s) and s[k] == "_":
            a = argument(s, k + 1)
            if a is None:
                raise NotRead(f"subscript of {nm.text} is missing")
            nm = Name(f"{nm.text}_{sub_text(a[0])}", nm.base, a[0].strip(), False, nm.letter)
            j = a[1]
        return self.after_name(s, nm, 0, j, out)

    def transpose_after(self, s, j, out, nm=None, start=None, base_text=None):
        """x^T y (an inner product: one opaque scalar) after a name or a bracket group."""
        m = TRANSPOSE.match(s, skip(s, j))
        if not m:
            return j
        k = skip(s, m.end())
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
        if TRANSPOSE.match(s, skip(s, end)) or (skip(s, end) < len(s) and s[skip(s, end)] in "(["):
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
        k = skip(s, j)
        if nm.text == "\\mathbb{1}" and k < len(s) and (s[k] in "([" or s.startswith("\\{", k)):
            return self.bracket_indicator(s, nm, k, out)
        if nm.text == "\\mathbb{E}" or nm.base == "\\mathbb{E}":
            k = skip(s, j)
            if k < len(s) and s[k] in "[(":      # \mathbb{E}[z^2], \mathbb{E}(z^2): one value
                end = group_end(s, k)
                text = squash(nm.text + s[k:end])
                out.append(self.add(Node("opaque", text)))
                return end
            raise NotRead(f"{nm.text} without [...] or (...) is not read")
        raise NotRead(f"{nm.text} (a set) is not read")

    def indicator(self, nm: Name) -> Node:
        """1_{i=j} of two letters: a Kronecker delta; 1_{x > 0}: 1 where the condition holds."""
        m = re.fullmatch(r"\s*([A-Za-z])\s*(=|\\neq|\\ne)\s*([A-Za-z])\s*", nm.sub)
        if m:
            return Node("delta", m.group(1), [m.group(3)], m.group(2) != "=")
        return self.condition_indicator(nm.sub, nm.text)

    def bracket_indicator(self, s, nm, k, out):
        """\\mathbb{1}[x > 0], \\mathbf{1}\\{x > 0\\}: 1 where the condition holds, else 0."""
        end = group_end(s, k)
        inner = s[k + 2:end - 2] if s.startswith("\\{", k) else s[k + 1:end - 1]
        out.append(self.add(self.condition_indicator(inner, nm.text)))
        return end

    def condition_indicator(self, text: str, label: str) -> Node:
        from .structures import condition
        cond = condition(self, text, last=False)
        if cond is True or not cond:
            raise NotRead(f"indicator {label} of '{shown(text, 20)}' is not read")
        return Node("cases", [(parse_piece(self.add(Node("num", sp.Integer(1)))), cond),
                              (parse_piece(self.add(Node("num", sp.Integer(0)))), True)])


def _semicolon_list(s: str, k: int) -> bool:
    """Whether the bracket at s[k] holds a plain list with a semicolon at its top level
    (``(x; \\theta)``, ``(x; \\mu, \\sigma)``): no part empty, no bar of a condition."""
    inner = s[k + 1:group_end(s, k) - 1]
    if "|" in inner or "\\mid" in inner:
        return False
    parts = split_top(inner, ";")
    return len(parts) >= 2 and all(p.strip() for p in parts)


def _bracket_after(s: str, k: int):
    """'^' for ^{...}( or ^2[ at s[k], '{' for {( or {[: a name there may be applied to the
    bracket (\\sigma^2(0), \\sigma{(0)}); None otherwise."""
    if k >= len(s) or s[k] not in "^{" or TRANSPOSE.match(s, k):   # w^T(x + 1): the transpose's
        return None
    if s[k] == "{":
        inner = skip(s, k + 1)
        return "{" if inner < len(s) and s[inner] in "([" else None
    a = argument(s, k + 1)
    after = skip(s, a[1]) if a else len(s)
    return "^" if after < len(s) and s[after] in "([" else None


# an operator name: a word of two or more letters in \\mathrm, \\operatorname, \\text
_OPERATOR = re.compile(r"\\(?:mathrm|operatorname|text|textrm|mathsf)\{[A-Za-z]{2,}\}")

# \\mathrm{KL}, \\text{MSE}, \\operatorname{ELBO}: a capitalised word standing alone for a value
_NAME_WORD = re.compile(r"[A-Z][A-Za-z]{0,5}")
# the variance of a random variable written with brackets (probability.py evaluates it)
_VARIANCE = re.compile(r"\\(?:mathrm|operatorname|text|textrm)\s*\{\s*(?:Var|var|V)\s*\}")
_NOT_NAMES = {"Var", "Cov", "DNE", "NaN", "Inf", "True", "False", "Yes", "No", "If", "For", "And", "Or",
              "Const", "Undefined", "Ans"}


def _alone(s: str, nm) -> bool:
    """A capitalised word that is all of a side, a bracket or a numerator (\\mathrm{KL} =
    ..., \\frac{\\partial \\mathrm{KL}}{\\partial v}) is the name of a value: prose between
    formulae (x \\text{ and } y) is never alone, and is lower-case."""
    word = nm.base.split("{", 1)[-1].rstrip("}") if "{" in nm.base else nm.base
    if not _NAME_WORD.fullmatch(word) or word in _NOT_NAMES:
        return False
    inner = re.sub(r"\\(?:textrm|mathrm|text|textit|mbox|operatorname)\s*\{\s*([A-Za-z]+)\s*\}", r"\\W{\1}", s)
    return squash(inner) == "\\W{" + word + "}"
