"""Formulas of the HTML report as MathML, from untrusted text, never raising.

Two sources: a document's own LaTeX (audit steps, as written) through latex2mathml, and
the text of a catalog claim read by the ``verify`` grammar (``checks.text``: an allowlist
walked with ``ast``, nothing executed) and printed by SymPy's presentation MathML printer.
Neither converter escapes for HTML (latex2mathml copies ``\\text{<script>}`` and
``\\href{javascript:...}`` through), so every result is parsed as XML and rebuilt from an
allowlist of MathML elements and attributes; anything else, an input over the size
limits, a converter error or a report over its time budget, is ``None``: the caller shows
the escaped text instead.
"""
from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET

MAX_LATEX = 1500     # characters of LaTeX converted; a longer formula is shown as text
MAX_TEXT = 600       # characters of claim text read into SymPy
BUDGET = 30.0        # seconds of conversion for one report; the rest is shown as text

MATHML = "http://www.w3.org/1998/Math/MathML"
ELEMENTS = frozenset("""math mrow mi mn mo ms mtext mspace mfrac msqrt mroot msub msup msubsup munder mover
    munderover mtable mtr mtd mstyle mpadded mphantom menclose merror semantics annotation mfenced
    mmultiscripts mprescripts none""".split())
ATTRIBUTES = frozenset("""display mathvariant stretchy fence separator separators lspace rspace accent
    accentunder linethickness columnalign rowalign columnspacing rowspacing columnlines rowlines frame
    displaystyle scriptlevel movablelimits largeop symmetric minsize maxsize form width height depth
    notation open close align encoding""".split())
_SAFE_VALUE = re.compile(r"^[\w .,:;#%+\-()]*$")


class Converter:
    """One report's conversions: a cache (a chain repeats its middle expressions) and a
    shared time budget."""

    def __init__(self, budget: float = BUDGET):
        self.left = budget
        self.cache: dict = {}

    def latex(self, tex: str) -> str | None:
        return self._bounded(("latex", tex), lambda: _from_latex(tex) if len(tex) <= MAX_LATEX else None)

    def text(self, text: str, integers=()) -> str | None:
        return self._bounded(("text", text), lambda: _from_text(text, integers) if len(text) <= MAX_TEXT else None)

    def _bounded(self, key, convert):
        if key in self.cache:
            return self.cache[key]
        if self.left <= 0:
            return None
        t0 = time.monotonic()
        try:
            out = convert()
        except Exception:   # RecursionError, MemoryError, a converter's bug: text instead
            out = None
        self.left -= time.monotonic() - t0
        self.cache[key] = out
        return out


def _from_latex(tex: str) -> str | None:
    if not tex.strip():
        return None
    from latex2mathml.converter import convert
    return sanitize(convert(tex))


def _from_text(text: str, integers=()) -> str | None:
    """A relation chain 'a = b = c' or one expression in the ``verify`` grammar, kept as
    written (``evaluate(False)``: (1 + u)/(1 + u) is not shown as 1)."""
    import sympy as sp
    from sympy.printing.mathml import mathml
    from checks.text.limits import ParseError
    from checks.text.parse import _sum_indices, _tree
    from checks.text.syntax import _Builder
    parts = [p.strip() for p in text.split("=")]
    if not all(parts) or len(parts) > 8:
        return None
    try:
        trees = [_tree(p) for p in parts]
        builder = _Builder(set(integers).union(*(_sum_indices(t) for t in trees)))
        with sp.evaluate(False):
            exprs = [builder.build(t) for t in trees]
    except (ParseError, ValueError, TypeError, ArithmeticError):
        return None
    # SymPy's printer gives one element without the <math> wrapper
    body = "<mo>=</mo>".join(mathml(e, printer="presentation", order="none", mul_symbol="dot") for e in exprs)
    body = body.replace("<mo>-</mo>", "<mo>&#8722;</mo>")   # a minus sign, as latex2mathml prints it
    out = sanitize(f'<math xmlns="{MATHML}"><mrow>{body}</mrow></math>')
    # SymPy's double-struck d and e (&dd;, &ExponentialE;) as a document writes them
    return out and out.replace("\u2146", "d").replace("\u2147", "e")


def sanitize(markup: str) -> str | None:
    """The MathML rebuilt from its XML with allowlisted elements and attributes, text and
    values escaped; None when anything is outside the allowlist or it is not XML."""
    try:
        root = ET.fromstring(_ENTITY.sub(_numeric, markup))
    except ET.ParseError:
        return None
    out: list = []
    if _local(root.tag) != "math" or not _write(root, out):
        return None
    return "".join(out)


_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"lt", "gt", "amp", "quot", "apos"}


def _numeric(m) -> str:
    """A named HTML entity (SymPy prints &ExponentialE;) as a character reference XML reads;
    an unknown name is left alone and fails the parse."""
    from html.entities import html5
    name = m.group(1)
    if name in _XML_ENTITIES or name + ";" not in html5:
        return m.group(0)
    return "".join(f"&#{ord(ch)};" for ch in html5[name + ";"])


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return name if ns == MATHML else ""
    return tag


def _write(el, out: list) -> bool:
    name = _local(el.tag)
    if name not in ELEMENTS:
        return False
    attrs = []
    for k, v in el.attrib.items():
        if k not in ATTRIBUTES or not _SAFE_VALUE.match(v):
            return False
        attrs.append(f' {k}="{html.escape(v, quote=True)}"')
    if name == "math":
        attrs.insert(0, f' xmlns="{MATHML}"')
    out.append(f"<{name}{''.join(attrs)}>")
    if el.text:
        out.append(html.escape(el.text, quote=False))
    for child in el:
        if not _write(child, out):
            return False
        if child.tail:
            out.append(html.escape(child.tail, quote=False))
    out.append(f"</{name}>")
    return True
