"""Derivative notation in a \\frac: \\frac{\\partial f}{\\partial x}, \\frac{df}{dx},
\\frac{d^2 f}{dx^2}, \\frac{\\partial^2 f}{\\partial x \\partial y}, and the operator forms
\\frac{d}{dx} (...) / \\frac{\\partial}{\\partial x} \\sum ... whose operand runs to the end of
the term. The result is a placeholder for an unevaluated Derivative (built in build.py, where
the variable's subscript is known to be an index or part of a name)."""
from __future__ import annotations

import re

from checks.text.limits import MAX_DIFF_ORDER

from .notation import NotRead, argument, clean, group_end, guard, shown

_OP = re.compile(r"\s*(?P<op>\\partial(?![A-Za-z])|\\(?:mathrm|text|operatorname)\s*\{\s*d\s*\}|d(?!\s*[_']))"
                 r"\s*(?:\^\s*(?:\{\s*(?P<n1>\d+)\s*\}|(?P<n2>\d)))?")
_POWER = re.compile(r"\s*\^\s*(?:\{\s*(\d+)\s*\}|(\d))")


def _kind(op: str) -> str:
    return "partial" if op.startswith("\\partial") else "d"


def _variables(sc, den: str, kind: str):
    """[(Name, order)] of 'dx^2 dy' / '\\partial W_{ij}', or None if den is not differentials."""
    out, pos = [], 0
    while pos < len(den):
        while pos < len(den) and den[pos] in " \t\n":
            pos += 1
        if pos >= len(den):
            break
        m = _OP.match(den, pos)
        if not m or m.group("n1") or m.group("n2") or _kind(m.group("op")) != kind:
            return None
        found = sc.name_at(den, m.end())
        if found is None:
            if kind == "partial":
                raise NotRead(f"derivative with respect to '{shown(den[m.end():])}' (not a name) is not read")
            return None
        nm, primes, end = found
        if primes:
            raise NotRead(f"derivative with respect to {nm.text}' is not read")
        if nm.power is not None:
            raise NotRead(_superscripted(nm, nm.power))
        k = end
        while k < len(den) and den[k] in " \t":
            k += 1
        if k < len(den) and den[k] == "(":
            form = _quantity_form(den, m.end(), nm, k)
            if form is None or form not in sc.scope.quantities:
                raise NotRead(f"derivative with respect to {nm.text}(...) (a function value) is not read")
            out.append((form, 1))      # a(x, \theta) as one value, written so everywhere
            pos = group_end(den, k)
            continue
        order = 1
        p = _POWER.match(den, end)
        if p:
            order = int(p.group(1) or p.group(2))
            end = p.end()
        out.append((nm, order))
        pos = end
    return out or None


_SPACING = re.compile(r"^(?:\s|\\[,;:! ]|~)+")


def _superscripted(nm, power) -> str:
    """The refusal of a variable written with a superscript, naming how the author settles it
    when it is a layer label (layers.py finds no evidence, or a power use of the same form)."""
    if power is None or not re.fullmatch(r"\s*\w{1,3}\s*", power):
        return f"derivative with respect to a power or superscript ({nm.text}^...) is not read"
    base = nm.text.split("_", 1)[0]
    return (f"derivative with respect to a power or superscript ({nm.text}^{power.strip()}) is not read; "
            f"a layer label is settled by `let {base}^{power.strip()} = symbol`")


def derivative(sc, s, i, a, b, out):
    """The derivative written by the \\frac at s[i] with arguments a, b (text, end), or None
    if the \\frac is an ordinary fraction; returns the end of what it consumed."""
    num, den = a[0], b[0]
    m = _OP.match(num)
    if not m:
        return None
    kind = _kind(m.group("op"))
    variables = _variables(sc, den, kind)
    if variables is None:
        if kind == "partial":
            raise NotRead(f"'\\frac{{{shown(num, 20)}}}{{{shown(den, 20)}}}': \\partial without "
                          "differentials below is not read")
        return None
    order = int(m.group("n1") or m.group("n2") or 1)
    squared = _by_square(sc, variables, order, den)
    if squared:
        variables = [(variables[0][0], 1)]
    for nm, n in variables:
        if isinstance(nm, str) or squared:
            continue
        if n > 1 and order == 1 or n == 1 and _POWER.search(den) and order == 1:
            # \partial h_n^1, \partial x^2 under a first derivative: a power or a layer index
            p = _POWER.search(den)
            raise NotRead(_superscripted(nm, p.group(1) or p.group(2) if p else None))
    total = sum(n for _, n in variables)
    if total != order:
        raise NotRead(f"derivative '\\frac{{{shown(num, 20)}}}{{{shown(den, 20)}}}': order {order} "
                      f"on top, {total} below")
    if not 1 <= order <= MAX_DIFF_ORDER:
        raise NotRead(f"derivative of order {order} is not read (1 to {MAX_DIFF_ORDER})")
    body = _SPACING.sub("", num[m.end():]).strip()     # \frac{d\,\mathrm{FL}}{dp}: a thin space is no operand
    end = b[1]
    body = _defined_function(sc, body, variables) or body
    if body:
        if body[0] in "+-*/=^_'":
            raise NotRead(f"derivative '\\frac{{{shown(num, 20)}}}{{...}}' is not understood")
        raw = _body(sc, body)
        k = end
        while k < len(s) and s[k] in " \t":
            k += 1
        if k < len(s) and s[k] == "(":
            # \frac{\partial f}{\partial x}(x_0): the derivative at a point, or a product?
            raise NotRead(f"'\\frac{{{shown(num, 20)}}}{{{shown(den, 20)}}}(...)': a derivative "
                          "evaluated at a point, or a product? write \\cdot")
    else:
        raw, end = _operand(sc, s, end)
    from .pieces import Node
    var_nodes = [(sc.add(Node("quantity", nm) if isinstance(nm, str) else Node("name", nm)).strip(), n)
                 + ((SQUARE,) if squared else ()) for nm, n in variables]
    out.append(sc.add(Node("deriv", raw, var_nodes, kind)))
    return end


SQUARE = "square"    # a variable written as its square: d/d(\\sigma^2), read through \\sigma (build.py)


def _by_square(sc, variables, order: int, den: str) -> bool:
    """Whether a first derivative is taken by the square of a name the document defines by its
    square (``\\sigma^2 = \\frac1m \\sum_i (x_i - \\mu)^2``: \\sigma is its nonnegative root), as
    batch-norm derivations write ``\\partial L / \\partial \\sigma^2``. Its meaning is fixed by the
    chain rule, v = \\sigma^2: d/dv = (1 / (2\\sigma)) d/d\\sigma, wherever \\sigma is not 0. A
    superscript on any other name stays not read (a layer label or a power?)."""
    if order != 1 or len(variables) != 1:
        return False
    nm, n = variables[0]
    if isinstance(nm, str) or n != 2 or nm.power is not None:
        return False
    p = _POWER.search(den)
    return p is not None and (p.group(1) or p.group(2)) == "2" and nm.text in sc.scope.squares


def _defined_function(sc, body: str, variables) -> str | None:
    """``\\frac{df}{dx}`` with f(x) defined: the derivative of f(x), written so. Only where the
    numerator is the bare name of a function the document defined on bare names and every
    variable below is one of its parameters or an entry of one (x_k of g(\\mathbf{x})): with
    another variable (df/dy of f(x)) the bare f says nothing certain, and stays not read."""
    signatures = dict(sc.scope.signatures)
    found = sc.name_at(body, 0) if body else None
    if found is None and re.sub(r"\s+", "", body) in signatures:
        name = re.sub(r"\s+", "", body)     # \mathrm{FL} of \mathrm{FL}(p) = ...: an operator's name
    elif found is None or found[1] or found[2] != len(body) or found[0].text not in signatures:
        return None
    else:
        name = found[0].text
    params = signatures[name]
    bare = {_letter(p) for p in params}
    for nm, _ in variables:
        if isinstance(nm, str) or not (nm.text in params or _letter(nm.base) in bare):
            return None
    return f"{body}({', '.join(params)})"


def _letter(name: str) -> str:
    """x of \\mathbf{x}, \\boldsymbol{x}, x: the letter a vector's entries x_k are written with."""
    m = re.fullmatch(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(.+?)\s*\}", name.strip())
    return m.group(1) if m else name.strip()


def _body(sc, body: str):
    """The numerator after d/\\partial. A numerator that is exactly NAME(args) is a call of
    NAME (a derivative of the product NAME*(args) is not written so)."""
    found = sc.name_at(body, 0)
    if found is not None:
        nm, primes, k = found
        while k < len(body) and body[k] in " \t":
            k += 1
        if not primes and k < len(body) and body[k] == "(" and group_end(body, k) == len(body):
            if sc.meaning(nm) is None:
                sc.assumed_calls.add(nm.text)
    return sc.piece(body)


def _operand(sc, s: str, j: int):
    """The operand of \\frac{d}{dx}: a bracket group, or the rest of the term."""
    from .pieces import ends_term, skip, term_parts
    k = skip(s, j)
    if k >= len(s):
        raise NotRead("a derivative operator with nothing after it")
    if s[k] in "([{" or s.startswith("\\{", k):
        end = group_end(s, k)
        inner = s[k + 2:end - 2] if s.startswith("\\{", k) else s[k + 1:end - 1]
        k2 = skip(s, end)
        powered = _power_end(s, k2)
        if powered is not None:
            # (x^2 + 1)^{1/2}: a power binds before the operator is applied, so the operand is
            # the powered bracket; (d/dx (x^2 + 1))^{1/2} is never written so
            k3 = skip(s, powered)
            if k3 >= len(s) or ends_term(s, k3) or s[k3] in "*/":
                return sc.piece(s[k:powered]), powered
        if k2 < len(s) and not (ends_term(s, k2) or s[k2] in "*/"):
            raise NotRead(f"'{shown(s[j:k2 + 10])}': the derivative of the bracket, or of the "
                          "product after it?")
        return sc.piece(inner), end
    stop, product = term_parts(s, k)
    if product is not None:
        raise NotRead(f"'{shown(s[j:product + 6])}': the derivative of a product or quotient, or "
                      "a derivative times a factor? put the operand in brackets")
    if not s[k:stop].strip(" +-"):
        raise NotRead("a derivative operator with nothing after it")
    return sc.piece(s[k:stop]), stop


def _power_end(s: str, k: int):
    """The end of a power ``^{...}`` / ``^2`` / ``^\\top`` written at s[k], or None."""
    if k >= len(s) or s[k] != "^":
        return None
    j = k + 1
    while j < len(s) and s[j] == " ":
        j += 1
    if j >= len(s):
        return None
    if s[j] == "{":
        return group_end(s, j)
    m = re.match(r"\\[A-Za-z]+|[A-Za-z0-9]", s[j:])
    return j + m.end() if m else None


def _quantity_form(den: str, start: int, nm, k: int):
    """The written form NAME(args) at den[start:], squashed (the name of its opaque value), or
    None when NAME is no plain name (a prime, a power, a component after the bracket)."""
    from .pieces import squash
    if nm.power is not None or nm.text.startswith("\\mathbb"):
        return None
    end = group_end(den, k)
    return squash(den[start:end])


_FRAC = re.compile(r"\\[dt]?frac(?![A-Za-z])")


def quantities(latex: str, scanner, called: set | None = None) -> set:
    """The written forms NAME(args) that a derivative of ``latex`` is taken by
    (\\frac{\\partial L}{\\partial a(\\mathbf{x}, \\theta)}, \\frac{d\\ell}{d f(x)}): each names a
    quantity (the pre-activation a(x, theta), the output f(x)), not a call to differentiate
    through, so the reader takes every occurrence of exactly that form as one opaque value.
    ``scanner`` reads names (a Scanner). Text that cannot be read gives no form. ``called``
    receives the names whose call is a whole numerator (g of \\frac{\\partial g(a)}{\\partial a}):
    functions of the document (a derivative of a product g*(a) is not written so)."""
    from .pieces import skip
    try:
        text = clean(guard(latex))
    except NotRead:
        return set()
    out = set()
    if called is not None:
        _placeholder_calls(text, scanner, called)
    for m in _FRAC.finditer(text):
        try:
            a = argument(text, m.end())
            b = argument(text, a[1]) if a else None
            if b is None or not _OP.match(a[0]):
                continue
            if called is not None:
                _whole_call(a[0], scanner, called)
            den, pos = b[0], 0
            while pos < len(den):
                op = _OP.match(den, pos)
                if not op:
                    break
                found = scanner.name_at(den, op.end())
                if found is None or found[1]:
                    break
                nm, _, end = found
                k = skip(den, end)
                if k < len(den) and den[k] == "(":
                    form = _quantity_form(den, op.end(), nm, k)
                    if form is None:
                        break
                    out.add(form)
                    end = group_end(den, k)
                p = _POWER.match(den, end)
                pos = p.end() if p else end
        except NotRead:
            continue
    return out


def _whole_call(num: str, scanner, called: set) -> None:
    from .pieces import skip
    op = _OP.match(num)
    body = num[op.end():].strip()
    found = scanner.name_at(body, 0) if body else None
    if found is None or found[1] or found[0].power is not None:
        return
    k = skip(body, found[2])
    if k < len(body) and body[k] == "(" and group_end(body, k) == len(body):
        called.add(found[0].text)


_PLACEHOLDER_CALL = re.compile(r"((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?)"
                               r"\s*\(\s*\\cdot\s*(?:,\s*\\cdot\s*)*\)")


def _placeholder_calls(text: str, scanner, called: set) -> None:
    """g of ``g(\\cdot)``, h of ``h(\\cdot, \\cdot)``: a name applied to placeholder dots is a
    function (a product g*(\\cdot) means nothing)."""
    for m in _PLACEHOLDER_CALL.finditer(text):
        try:
            found = scanner.name_at(m.group(1), 0)
        except NotRead:
            continue
        if found is not None and found[2] == len(m.group(1)) and not found[1] and found[0].power is None:
            called.add(found[0].text)
