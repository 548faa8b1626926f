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
_SUP = r"\^\s*(?:(?P<s1>[A-Za-z0-9])|\{\s*(?P<s2>\d{1,3}|[A-Za-z])\s*\}|\{\s*\(\s*(?P<s3>\d{1,3}|[A-Za-z])\s*\)\s*\}|\{\s*\[\s*(?P<s4>[A-Za-z0-9+\-]{1,8})\s*\]\s*\})"
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
    label = f"^{{({short})}}" if short is not None else f"^{{[{g.get('s4') or g.get('xs4')}]}}"
    return core, letter, (sub.strip() if sub else None), label, _sup_of(m)


def _sup_of(m) -> str:
    """The superscript as written, for the rewrite's pattern: 1, l, 12, (2), [l+1]."""
    g = m.groupdict()
    for k in ("s1", "s2", "xs1", "xs2"):
        if g.get(k):
            return g[k]
    for k in ("s3", "xs3"):
        if g.get(k):
            return f"({g[k]})"
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
        # its entries with the same superscript: h_n^1, h^1_n, h_{i+j-1}^1 -> h_{...}^{(1)}
        entry = _letter_re(letter)
        text = re.sub(rf"{entry}\s*{_SUBSCRIPT}\s*{up}", lambda m: f"{letter}_{_braced(m.group('sub'))}{label}", text)
        text = re.sub(rf"{entry}\s*{up}\s*{_SUBSCRIPT}", lambda m: f"{letter}_{_braced(m.group('sub'))}{label}", text)
        # then the vector (or scalar) itself: \mathbf{h}^1 -> \mathbf{h}^{(1)}
        text = re.sub(rf"{_core_re(core, letter)}\s*{up}", lambda m: core + label, text)
    return text


def _declared(lets):
    """The parts (core, letter, sub, label, sup) of each name declared ``let NAME^s = symbol``."""
    for name, meaning in lets:
        found = labelled(name) if meaning == "symbol" and "^" in name else None
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
