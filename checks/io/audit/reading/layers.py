"""Superscripts the document itself shows are layer (or time) labels, decided once per document.

``\\mathbf a^1 = W^1 \\mathbf x``, ``h^1_n``, ``W^2_{in}``: backprop texts write the layer as a bare
superscript, which LaTeX cannot tell from a power. ``let \\mathbf{h}^1 = symbol`` settles it
(labels.py); this module finds what the document says by itself, per family (letter, superscript),
and gives the same ``let`` names, so that every occurrence of the form is rewritten alike (the
left side and the right side of ``h^1_n (1 - h^1_n)`` never read differently). The evidence:

1. the prose says so ("the superscripts are layer numbers", "the superscript $(t)$ is the time
   step"), together with a sign that the family is a layered quantity: a bold vector ``\\mathbf a^1``,
   a variable of differentiation or a layer definition below. Said and shown, the form is
   declared as the directive declares it (``symbol``: settled, no doubt on the steps);
2. the family is a variable of differentiation (``\\partial h^1_n``, ``\\nabla_{\\mathbf h^1}``;
   labels.evident), or the left side of a definition written for two layers or more
   (``\\mathbf a^1 = ...`` and ``\\mathbf a^2 = ...``). Shown only, the form is declared with
   meaning labels.EVIDENT: a ``wrong`` of a step that leans on it without differentiating by it
   is doubted (labels.doubts);
3. the prose alone declares nothing, and neither does one letter written with two superscripts
   (``W^1``, ``W^2``): ``h_2^2`` (a square) beside ``h^{(t)}_i`` (a time label) is written so too.

Never when the document also writes the plain letter with that superscript, which may be a power
(``x^2 + 1``, ``1 - h^2``, ``\\sigma^2``): then the family stays not read. Where the prose says the
superscripts are labels, a plain ``W^2`` is a power only if the document also writes the letter
alone (``W^2 \\mathbf h^1`` with no W alone is the matrix of layer 2; ``1 - h^2`` beside ``h`` is a
power), and a plain first power ``h^1`` (= h) says nothing of the entries ``h^1_n`` (no one writes
the first power of an entry): then the bold vector and its entries are declared and the plain
``h^1`` stays a power. Per written form, one decision for the whole document."""
from __future__ import annotations

import re

from . import labels

SAID = "symbol"     # the meaning of a form the prose declares: what the directive gives
# a backprop text has a handful of layered quantities; past this many candidate families the
# document is no such text (or a hostile one: each family scans every formula), and none is declared
MAX_FAMILIES = 64

# a sentence that says superscripts are layer (time step) labels, and does not call them powers:
# "the superscripts are layer numbers", "the superscript $(t)$ is the time step", "superscripts
# index the layer", "where $^{(l)}$ denotes the layer", "layers are written as superscripts"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$\\(])|\n\s*\n")
_VERB = r"(?:are|is|denotes?|indicates?|marks?|numbers?|index(?:es)?|gives?|labels?|refers? to|stands? for)"
_LAYER = r"(?:layers?|time[- ]?steps?|time ind(?:ex|ices))"
_SAYS = re.compile(rf"\bsuper-?scripts?\b[^.;]{{0,40}}?\b{_VERB}\b[^.;]{{0,60}}?\b{_LAYER}\b"
                   rf"|\$\s*(?:\\cdot|\(\\cdot\))?\s*\^\s*\{{?\s*[\[(]?\s*[A-Za-z0-9]{{1,3}}\s*[\])]?\s*\}}?\s*\$\s*{_VERB}\b"
                   rf"[^.;]{{0,60}}?\b{_LAYER}\b"
                   rf"|\b{_LAYER}\b[^.;]{{0,40}}?\b(?:are|is) (?:written|given|shown|denoted|indicated|marked) "
                   rf"(?:as|by|in) (?:a |the )?super-?scripts?\b", re.I)
_POWER_WORD = re.compile(r"\bpowers?\b|\bexponents?\b|\bsquared?\b", re.I)
_MAX_SENTENCE = 600


def prose_says(text: str) -> bool:
    """Whether a sentence of ``text`` says that superscripts are layer or time-step labels."""
    return any(len(sentence) <= _MAX_SENTENCE and not _POWER_WORD.search(sentence) and _SAYS.search(sentence)
               for sentence in _SENTENCE_END.split(text))


# superscripted forms written in the maths: a bold vector, an entry (index subscript), a plain letter
_LETTER = r"(?:[A-Za-z]|\\[A-Za-z]+)"
_SUP = r"\^\s*(?:\{\s*(?P<sup>\d{1,3}|[A-Za-z]|\(\s*[A-Za-z0-9]{1,3}(?:\s*[+\-]\s*[A-Za-z0-9]{1,3})?\s*\))\s*\}|(?P<sup1>[A-Za-z0-9]))"
_BOLD = re.compile(rf"\\(?P<deco>mathbf|boldsymbol|bm|vec)\s*(?:\{{\s*(?P<letter>{_LETTER})\s*\}}|(?P<bare>[A-Za-z])(?![A-Za-z])"
                   rf"|(?P<cmd>\\[A-Za-z]+)(?![A-Za-z]))\s*{_SUP}")
_SUB = r"_\s*(?:\{(?P<sub>[^{}]{1,30})\}|(?P<sub1>[A-Za-z0-9]))"
_ENTRY = re.compile(rf"(?<![A-Za-z\\{{])(?P<letter>{_LETTER})(?![A-Za-z])\s*(?:{_SUB}\s*{_SUP}|"
                    rf"{_SUP.replace('(?P<', '(?P<x')}\s*{_SUB.replace('(?P<', '(?P<x')})")
_INDEX_SUB = re.compile(r"[a-z0-9+\-, ]+")
# the left side of a definition at the start of a formula or of a row: NAME = / := / \leftarrow
_DEFINED = re.compile(rf"(?:^|\\\\|&)\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{{\s*(?P<letter>{_LETTER})\s*\}}|"
                      rf"(?P<bare>[A-Za-z])(?![A-Za-z]))|(?P<plain>{_LETTER})(?![A-Za-z]))\s*{_SUP}\s*"
                      r"(?:&\s*)?(?:=|:=|\\coloneqq|\\leftarrow|\\gets)(?![=<>])")


def _sup(m, x="") -> str:
    """The superscript as a let name writes it: 1, l, (t), (t-1)."""
    found = m.group(x + "sup") or m.group(x + "sup1")
    return None if found is None else re.sub(r"\s+", "", found)


def _forms(maths):
    """{(letter, sup): set of kinds} with kinds bold (\\deco name), 'entry', 'defined'."""
    out = {}
    for text in maths:
        for m in _BOLD.finditer(text):
            letter = m.group("letter") or m.group("bare") or m.group("cmd")
            out.setdefault((letter, _sup(m)), set()).add(m.group("deco"))
        for m in _ENTRY.finditer(text):
            sub = m.group("sub") or m.group("sub1") or m.group("xsub") or m.group("xsub1")
            if _INDEX_SUB.fullmatch(sub.strip()):
                out.setdefault((m.group("letter"), _sup(m) or _sup(m, "x")), set()).add("entry")
        for m in _DEFINED.finditer(text.strip()):
            letter = m.group("letter") or m.group("bare") or m.group("plain")
            out.setdefault((letter, _sup(m)), set()).add("defined")
    # W^T is the transpose; e^x, e^{2} are powers of Euler's number, never a layered quantity
    return {k: v for k, v in out.items() if k[1] != "T" and k[0] not in ("e", "\\mathrm{e}")}


def _power_used(maths, letter: str, sup: str, said: bool) -> bool:
    r"""Whether the document may write the plain letter with ``sup`` as a power: it writes it
    (labels._scalar_power), and, when the prose says superscripts are labels, also writes the
    plain letter alone, a value (or function) that the superscript may raise to a power
    (``W^2 \mathbf h^1`` with no W alone is the layer's matrix)."""
    if not any(labels._scalar_power(text, letter, sup) for text in maths):
        return False
    if not said:
        return True
    alone = re.compile(rf"{labels._plain_letter(letter)}(?!\s*[\^_])(?![A-Za-z])")
    return any(not labels._decorated(text, m.start()) for text in maths for m in alone.finditer(text))


def decide(text: str, maths) -> list:
    """(let name, meaning) of every superscripted form the document shows to be a label.
    ``text``: the whole document (its prose); ``maths``: the LaTeX of every formula."""
    maths = list(maths)
    said = prose_says(text)
    forms = _forms(maths)
    differentiated = {(letter, sup) for letter, sup, _ in _variables_all(maths)}
    defined_sups = {}
    for (letter, sup), kinds in forms.items():
        if "defined" in kinds:
            defined_sups.setdefault(letter, set()).add(sup)
    candidates = []
    for (letter, sup), kinds in sorted(forms.items()):
        bolds = sorted(k for k in kinds if k not in ("entry", "defined"))
        layered = len(defined_sups.get(letter, ())) >= 2 and "defined" in kinds
        shown = (letter, sup) in differentiated or layered
        if said and (bolds or shown):
            candidates.append((letter, sup, bolds, SAID))
        elif shown:
            candidates.append((letter, sup, bolds, labels.EVIDENT))
    if len(candidates) > MAX_FAMILIES:
        return []
    out = []
    for letter, sup, bolds, meaning in candidates:
        out += [(name, meaning) for name in _names(maths, letter, sup, bolds, meaning == SAID)]
    return [(n, m) for n, m in out if labels.labelled(n) is not None and not _read_already(n)]


_NAME_LABEL = re.compile(r"\^\{\s*(?:\(\s*(?:\d{1,3}|[A-Za-z])\s*\)|\[[^\]]*\])\s*\}$")


def _read_already(name: str) -> bool:
    """Whether the reader takes the superscript of ``name`` as part of a name anyway (^{(1)},
    ^{(t)}, ^{[l]}: no power is written so); declaring it would only change its meaning."""
    return _NAME_LABEL.search(name) is not None


def _names(maths, letter: str, sup: str, bolds, said: bool) -> list:
    """The ``let`` names that declare the family: the plain form (which carries its entries)
    and each bold form, or (said by the prose) only the bold forms and the entries when the
    plain form is the first power."""
    bold = [f"\\{deco}{{{letter}}}^{{{sup}}}" for deco in bolds]
    if not _power_used(maths, letter, sup, said):
        return bold + [f"{letter}^{{{sup}}}"]
    if said and sup == "1":
        return bold or [f"\\mathbf{{{letter}}}^{{1}}"]    # the entries h^1_n, not the plain power h^1
    return []


def _variables_all(maths):
    for text in maths:
        yield from labels._variables(text)
