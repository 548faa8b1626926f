"""Names with a superscript that the document declares one name (``let \\mathbf{h}^1 = symbol``).

``\\mathbf{h}^1`` in a backprop text is the vector of layer 1, yet LaTeX writes it as a power;
the reader leaves such a form not read (a layer label or a power?). A ``let`` directive with
meaning ``symbol`` settles it for the declared written form only: before reading, that form
is rewritten to the layer-label spelling the reader already takes as part of a name
(``\\mathbf{h}^{(1)}``), and so are the vector's entries written with the same superscript,
``h_n^1`` and ``h^1_n`` (``h_n^{(1)}``). Any other superscript stays as it was."""
from __future__ import annotations

import re

from .notation import GREEK, SAME

# the name of a let directive: a core (letter, Greek command, \\mathbf{x}-like decoration of
# either), an optional subscript, and one superscript: ^1, ^l, ^{12}, ^{(2)}, ^{[l+1]}
_CORE = r"(?:\\(?P<deco>mathbf|boldsymbol|bm|vec)\s*\{\s*(?P<inner>[A-Za-z]|\\[A-Za-z]+)\s*\}|(?P<bare>[A-Za-z]|\\[A-Za-z]+))"
_SUB = r"(?:_(?:\{(?P<sub>[A-Za-z0-9,+\- ]{1,20})\}|(?P<sub1>[A-Za-z0-9])))"
_SUP = (r"\^\s*(?:(?P<s1>[A-Za-z0-9])|\{\s*(?P<s2>\d{1,3}|[A-Za-z])\s*\}|\{\s*\(\s*(?P<s3>\d{1,3}|[A-Za-z])\s*\)\s*\}"
        r"|\{\s*\[\s*(?P<s4>[A-Za-z0-9+\-]{1,8})\s*\]\s*\}"
        r"|\{\s*\(\s*(?P<s5>[A-Za-z0-9]{1,3}\s*[+\-]\s*[A-Za-z0-9]{1,3})\s*\)\s*\})")
LABELLED = re.compile(rf"{_CORE}\s*(?:{_SUB}\s*{_SUP}|{_SUP.replace('(?P<', '(?P<x')}(?:\s*{_SUB.replace('(?P<', '(?P<x')})?)", re.A)


def labelled(name: str):
    """(core, letter, subscript or None, label) of a superscripted name, or None when
    ``name`` is not one. ``label`` is the reader's name superscript: ^{(1)} or ^{[l+1]}."""
    m = LABELLED.fullmatch(" ".join(name.split()))
    if m is None:
        return None
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    letter = g.get("inner") or g.get("bare")
    if letter.startswith("\\") and SAME.get(letter[1:], letter[1:]) not in GREEK:
        return None      # \\frac^1, \\log^2: not a name
    if (g.get("s1") or g.get("s2") or g.get("xs1") or g.get("xs2")) == "T":
        return None      # W^T: the transpose, not a label
    core = f"\\{g['deco']}{{{letter}}}" if "deco" in g else letter
    sub = next((g[k] for k in ("sub", "sub1", "xsub", "xsub1") if k in g), None)
    short = next((g[k] for k in ("s1", "s2", "s3", "xs1", "xs2", "xs3") if k in g), None)
    # a time step ^{(t-1)}: the reader takes a name superscript (...) of one token only, and
    # [t-1] of any short index expression, so the label is written ^{[t-1]}
    bracketed = g.get("s4") or g.get("xs4") or re.sub(r"\s+", "", g.get("s5") or g.get("xs5") or "")
    label = f"^{{({short})}}" if short is not None else f"^{{[{bracketed}]}}"
    return core, letter, (sub.strip() if sub else None), label, _sup_of(m)


def _sup_of(m) -> str:
    """The superscript as written, for the rewrite's pattern: 1, l, 12, (2), [l+1]."""
    g = m.groupdict()
    for k in ("s1", "s2", "xs1", "xs2"):
        if g.get(k):
            return g[k]
    for k in ("s3", "xs3", "s5", "xs5"):
        if g.get(k):
            return "(" + re.sub(r"\s+", "", g[k]) + ")"
    return f"[{g.get('s4') or g.get('xs4')}]"


def _letter_re(letter: str) -> str:
    if letter.startswith("\\"):
        return re.escape(letter) + r"(?![A-Za-z])"
    return r"(?<![A-Za-z\\])" + re.escape(letter)


def _core_re(core: str, letter: str) -> str:
    if core == letter:
        return _letter_re(letter)
    deco = core[1:core.index("{")]
    inner = re.escape(letter) + (r"(?![A-Za-z])" if letter.startswith("\\") else "")
    return rf"(?<![A-Za-z])\\{deco}\s*(?:\{{\s*{re.escape(letter)}\s*\}}|{inner}(?![A-Za-z]))"


def _sup_re(sup: str) -> str:
    """The superscript ``sup`` braced or (one character) not: ^1, ^{1}, ^{ 1 }."""
    if sup[0] in "([":
        body = r"\s*".join(re.escape(c) for c in sup)
        return rf"\^\s*\{{\s*{body}\s*\}}"
    braced = rf"\{{\s*{re.escape(sup)}\s*\}}"
    if len(sup) == 1:
        tail = r"(?![A-Za-z])" if sup.isalpha() else ""
        return rf"\^\s*(?:{braced}|{re.escape(sup)}{tail})"
    return rf"\^\s*{braced}"


_SUBSCRIPT = r"_\s*(?P<sub>\{[^{}]*\}|[A-Za-z0-9]|\\[A-Za-z]+)"


def relabel(text: str, lets) -> str:
    """``text`` with every declared superscripted name written with the reader's label
    superscript; ``lets`` are (name, meaning) pairs (only meaning ``symbol`` declares)."""
    for core, letter, sub, label, sup in _declared(lets):
        up = _sup_re(sup)
        if sub is not None:
            # w_{kj}^2 declared: that exact name (either order of sub- and superscript)
            s = rf"_\s*(?:\{{\s*{re.escape(sub)}\s*\}}" + (rf"|{re.escape(sub)}" if len(sub) == 1 else "") + ")"
            pat = rf"{_core_re(core, letter)}\s*(?:{s}\s*{up}|{up}\s*{s})"
            text = re.sub(pat, lambda m: f"{core}_{{{sub}}}{label}", text)
            continue
        # |\mathbf{a}^2| as the upper limit of a sum is the vector's length: a size of its own
        text = re.sub(rf"\^\s*\{{\s*\|\s*{_core_re(core, letter)}\s*{up}\s*\|\s*\}}",
                      lambda m: "^{" + size_name(core, label) + "}", text)
        # its entries with the same superscript: h_n^1, h^1_n, h_{i+j-1}^1 -> h_{...}^{(1)}
        entry = _letter_re(letter)
        text = re.sub(rf"{entry}\s*{_SUBSCRIPT}\s*{up}", lambda m: f"{letter}_{_braced(m.group('sub'))}{label}", text)
        text = re.sub(rf"{entry}\s*{up}\s*{_SUBSCRIPT}", lambda m: f"{letter}_{_braced(m.group('sub'))}{label}", text)
        # then the vector (or scalar) itself: \mathbf{h}^1 -> \mathbf{h}^{(1)}
        text = re.sub(rf"{_core_re(core, letter)}\s*{up}", lambda m: core + label, text)
    return text


def size_name(core: str, label: str) -> str:
    """The size symbol of the length |\\mathbf{a}^2| of a labelled vector: n_{\\mathbf{a}^{(2)}}."""
    return f"n_{{{core}{label}}}"


def _declared(lets):
    """The parts (core, letter, sub, label, sup) of each name declared ``let NAME^s = symbol``."""
    for name, meaning in lets:
        found = labelled(name) if meaning in ("symbol", EVIDENT) and "^" in name else None
        if found is not None:
            yield found


def _braced(sub: str) -> str:
    return sub if sub.startswith("{") else "{" + sub + "}"


def declared_entry(name: str, lets) -> bool:
    """Whether the SymPy name ``name`` (a symbol h_n^{(1)} or an IndexedBase h^{(1)}) is a
    declared superscripted name or one of its entries: a value of its own, like ``let y = symbol``."""
    for core, letter, sub, label, _ in _declared(lets):
        if sub is not None:
            if name == f"{core}_{sub}{label}":
                return True
            continue
        if name in (core + label, letter + label) or (name.startswith(letter + "_") and name.endswith(label)
                                                      and _one_subscript(name[len(letter) + 1:-len(label)])):
            return True
    return False


def _one_subscript(sub: str) -> bool:
    return bool(sub) and (len(sub) == 1 or (sub[0] == "{" and sub[-1] == "}" and "}" not in sub[1:-1]))


# -- evidence from the text: the document differentiates by a superscripted name ---------------
#
# One cannot differentiate by a power: in \nabla_{\mathbf{h}^1} L and \frac{\partial a_i}{\partial h_n^1}
# the superscript of the variable is a label (the vector of layer 1 and its entries). The document
# then declares, by its own writing, what ``let \mathbf{h}^1 = symbol`` declares: every entry h_*^1
# and the vector itself are names. The evidence ends where the same letter also carries the same
# superscript as a plain scalar (``h^2`` in a polynomial, outside an entry ``(h^1 * w^2)_i`` of a
# vector expression): then the superscript stays ambiguous and nothing is declared. A variable that
# is itself a plain scalar with a superscript (\partial \sigma^2, the variance) is no evidence of a
# layer: \sigma^2 is the power of \sigma elsewhere. Only the variables of derivatives are certain;
# the other occurrences are evidence, and labels.doubts() says so for a step that leans on them.

EVIDENT = "label"      # the meaning given to a name declared by the document's own writing

_NABLA_SUB = re.compile(r"\\nabla\s*_\s*")
_PARTIAL = re.compile(r"\\partial(?![A-Za-z])\s*")
_FRAC_AT = re.compile(r"\\[dt]?frac(?![A-Za-z])")
_SUP_TEXT = (r"\^\s*(?:\{\s*(?P<sup>\d{1,3}|[A-Za-z]|\(\s*[A-Za-z0-9]{1,3}(?:\s*[+\-]\s*[A-Za-z0-9]{1,3})?\s*\))\s*\}"
             r"|(?P<sup1>[A-Za-z0-9]))")
_SUB_TEXT = r"_\s*(?:\{(?P<sub>[^{}]{1,30})\}|(?P<sub1>[A-Za-z0-9]))"
_LETTER_TEXT = r"(?P<letter>[A-Za-z]|\\[A-Za-z]+)(?![A-Za-z])"
# the variable of a derivative: an entry h_n^1 / h^1_n (subscript an index), or a bold vector \mathbf{h}^1
_ENTRY_VAR = re.compile(rf"{_LETTER_TEXT}\s*(?:{_SUB_TEXT}\s*{_SUP_TEXT}|{_SUP_TEXT.replace('(?P<', '(?P<x')}\s*"
                        rf"{_SUB_TEXT.replace('(?P<', '(?P<x')})")
_BOLD_VAR = re.compile(rf"\\(?P<deco>mathbf|boldsymbol|bm|vec)\s*(?:\{{\s*{_LETTER_TEXT}\s*\}}|"
                       rf"(?P<bare>[A-Za-z])(?![A-Za-z])|(?P<cmd>\\[A-Za-z]+)(?![A-Za-z]))\s*{_SUP_TEXT}")
_INDEX_SUB = re.compile(r"[a-z0-9+\-, ]+|[a-z0-9+\- ]*[a-z]\s*_\s*\{?\d\}?[a-z0-9+\- ]*")


def evident(maths) -> list:
    """The superscripted names the document differentiates by, as ``let`` names (``\\mathbf{h}^1``
    for \\nabla_{\\mathbf{h}^1}, ``h^1`` for \\partial h_n^1), minus those whose superscript the
    document also writes on the plain scalar letter. ``maths``: the LaTeX of every formula."""
    maths = list(maths)
    found = {}
    for text in maths:
        for letter, sup, bold in _variables(text):
            found.setdefault((letter, sup), set()).add(bold)
    out = []
    for (letter, sup), forms in sorted(found.items()):
        if any(_scalar_power(text, letter, sup) for text in maths):
            continue
        for bold in sorted(forms, key=str):
            out.append(f"\\{bold}{{{letter}}}^{{{sup}}}" if bold else f"{letter}^{{{sup}}}")
    return [name for name in out if labelled(name) is not None]


def _variables(text: str):
    """(letter, superscript, decoration or None) of each superscripted variable of a derivative or
    a gradient in ``text``: \\partial below a \\frac (not its numerator), \\nabla_{...}."""
    for m in _NABLA_SUB.finditer(text):
        a = _argument(text, m.end())
        if a is not None:
            yield from _variable(a.strip(), whole=True)
    for m in _FRAC_AT.finditer(text):
        num = _argument_span(text, m.end())
        den = _argument_span(text, num[1]) if num else None
        if den is None or re.match(r"\s*\\partial\s*\^", num[0]):
            continue      # \frac{\partial^2 f}{\partial x^2}: an order, not a label
        for p in _PARTIAL.finditer(den[0]):
            yield from _variable(den[0][p.end():], whole=False)


def _variable(text: str, whole: bool):
    m = _BOLD_VAR.match(text)
    if m is not None and (not whole or m.end() == len(text)):
        yield m.group("letter") or m.group("bare") or m.group("cmd"), _squashed(m.group("sup") or m.group("sup1")), m.group("deco")
        return
    m = _ENTRY_VAR.match(text)
    if m is None or (whole and m.end() != len(text)):
        return
    sub = m.group("sub") or m.group("sub1") or m.group("xsub") or m.group("xsub1")
    if _INDEX_SUB.fullmatch(sub.strip()):      # an entry h_n^1, h_{i+j-1}^1: of the vector h^1
        yield m.group("letter"), _squashed(m.group("sup") or m.group("sup1") or m.group("xsup") or m.group("xsup1")), None


def _squashed(sup: str) -> str:
    return re.sub(r"\s+", "", sup)      # ( t - 1 ) -> (t-1): one family however spaced


def _argument(text: str, i: int):
    span = _argument_span(text, i)
    return None if span is None else span[0]


def _argument_span(text: str, i: int):
    from .notation import argument
    try:
        return argument(text, i)
    except Exception:     # unbalanced text: no evidence from it
        return None


def _scalar_power(text: str, letter: str, sup: str) -> bool:
    """Whether ``text`` writes the plain letter (not bold, no subscript) with the superscript ``sup``
    outside an entry of a vector expression ``( ... )_i``."""
    pat = re.compile(rf"{_plain_letter(letter)}\s*{_sup_re(sup)}(?!\s*_)")
    return any(not _decorated(text, m.start()) and not _in_component(text, m.start())
               for m in pat.finditer(text))


_DECORATION_BEFORE = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*)?$")     # \mathbf{h}, \mathbf h, \mathbf\omega


def _decorated(text: str, at: int) -> bool:
    """Whether the letter at ``at`` is the inside of \\mathbf{h} (a bold vector, not the scalar)."""
    return _DECORATION_BEFORE.search(text[max(0, at - 20):at]) is not None


def _plain_letter(letter: str) -> str:
    # not the end of a longer name, not a subscript's letter (the caller rules out \mathbf{h})
    if letter.startswith("\\"):
        return rf"(?<![A-Za-z_])(?<!_\s){re.escape(letter)}(?![A-Za-z])"
    return rf"(?<![A-Za-z\\_])(?<!_\s){re.escape(letter)}"


def _in_component(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a bracket group whose closing bracket carries a subscript (looked
    for in the 400 characters before: an entry of a vector expression is short, and a hostile
    document must not make this quadratic)."""
    from .notation import group_end
    depth, j = 0, at - 1
    while j >= max(0, at - 400):
        c = text[j]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                try:
                    end = group_end(text, j)
                except Exception:
                    return False
                return re.match(r"\s*_", text[end:]) is not None
            depth -= 1
        j -= 1
    return False


def doubts(latex: str, left, right, lets) -> list:
    """Hazards of a step that reads a superscripted name as a label by the document's evidence
    only (``lets`` meaning EVIDENT). The step's own variables settle their family: in
    \\frac{\\partial}{\\partial h_n^1} \\sum_j h_{i+j-1}^1 w_j every h_*^1 is an entry of \\mathbf{h}^1.
    A labelled family the step does not differentiate by (a_i^2 of \\partial a_i^2 / \\partial h_n^1,
    labelled because another display writes \\nabla_{\\mathbf{a}^2}) may be a power here: a
    ``wrong`` leans on it. A step that also writes an entry of the letter without the superscript
    (a_i beside a_i^2) may mean the power, and then no verdict stands."""
    pairs = list(lets.items() if hasattr(lets, "items") else lets)
    # a form the author declared (let \mathbf{h}^1 = symbol) is settled, whatever the evidence says
    settled = {(p[1], p[3]) for p in _declared([(n, m) for n, m in pairs if m == "symbol"])}
    evidence = [(n, m) for n, m in pairs if m == EVIDENT]
    parts = [p for p in _declared(evidence) if (p[1], p[3]) not in settled]
    written = relabel(latex, evidence)
    families = _families(left, right, parts) | _written_families(written, parts)
    if not families:
        return []
    from ..document.context import DEPENDS
    shown_names = ", ".join(f"{letter}^{label[1:]}" for letter, label in sorted(families))
    out = []
    bare = _unlabelled_beside(latex, [p for p in parts if (p[1], p[3]) in families])
    if bare:
        out.append(f"{DEPENDS}{bare} is written beside {shown_names}: a superscript read as a layer "
                   "label may be a power there")
    if not families <= _variable_families(latex):
        out.append(f"{shown_names} read as layer labels because the document differentiates by them "
                   "elsewhere; here the superscript may be a power")
    return out


def _families(left, right, parts) -> set:
    """(letter, label) of each labelled family the readings use: a symbol h_n^{(1)} or
    \\mathbf{h}^{(1)}, or an entry h^{(1)}[n]."""
    import sympy as sp
    out = set()
    for e in (left, right):
        for s in getattr(e, "atoms", lambda *_: ())(sp.Symbol, sp.Indexed):
            name = str(s.base.label) if isinstance(s, sp.Indexed) else s.name
            for core, letter, sub, label, _ in parts:
                if name in (core + label, letter + label) or (name.startswith(letter + "_") and name.endswith(label)):
                    out.add((letter, label))
    return out


def _written_families(text: str, parts) -> set:
    """(letter, label) of the labelled families ``text`` (already relabelled) writes."""
    return {(letter, label) for core, letter, sub, label, _ in parts
            if re.search(rf"(?:{_letter_re(letter)}\s*_\s*(?:\{{[^{{}}]*\}}|\w)|{_core_re(core, letter)})\s*{re.escape(label)}",
                         text)}


def _variable_families(text: str) -> set:
    """(letter, label) of the superscripted variables ``text`` (as written) differentiates by:
    \\partial h_n^1 below a \\frac (not in its numerator), \\nabla_{\\mathbf{h}^1}."""
    out = set()
    for letter, sup, _ in _variables(text):
        found = labelled(f"{letter}^{{{sup}}}")
        if found is not None:
            out.add((letter, found[3]))
    return out


def _unlabelled_beside(text: str, parts) -> str:
    """An entry of a labelled letter written without any superscript (a_i beside a_i^2), or ''."""
    for core, letter, sub, label, sup in parts:
        for m in re.finditer(rf"{_plain_letter(letter)}\s*_\s*(?:\{{[^{{}}]*\}}|\w)(?!\s*\^)", text):
            if not _decorated(text, m.start()):
                return m.group(0).strip()
    return ""
