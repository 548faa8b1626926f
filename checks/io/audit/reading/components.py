"""Components of vector functions: ``F(\\mathbf{z})_i``, the entry i of a function applied to a vector.

- An elementwise function (the sigmoid \\sigma, \\tanh, \\exp, \\log, ReLU, softplus) acts entry by
  entry: ``\\sigma(\\mathbf{z})_i`` is ``\\sigma(z_i)``.
- The softmax is no elementwise function; its entry ``\\mathrm{softmax}(\\mathbf{z})_i`` is
  ``e^{z_i} / \\sum_k e^{z_k}`` (calls.py reads it). Its argument is the vector whose entries the
  document writes z_i: ``\\mathbf{z}`` is written ``z`` there, so both name the same entries.
- A user name S is the softmax where the document says so by its own definition of the entries,
  ``S(\\mathbf{x})_i = e^{x_i} / \\sum_j e^{x_j}`` (or ``S(\\mathbf{x}) = ...`` with the free index i):
  ``softmax_names`` finds such names in the whole document, and their components are read as the
  softmax entry (the vector S(\\mathbf{x}) itself stays what the document makes of S).

Any other component (``S(\\mathbf{x})_i`` of an unknown S, ``\\sigma(W x + b)_i``) is left as written:
the reader refuses it, naming it.
"""
from __future__ import annotations

import re

from .notation import GREEK, SAME, argument, group_end

SOFTMAX_ENTRIES = "softmax entries"     # the meaning of a name whose components are the softmax's
ELEMENTWISE = "elementwise"             # the meaning of \\sigma when the document says it acts entry by entry
_ENTRIES_OF = "(...)_i"                 # the let key of such a name S is "S(...)_i": S itself keeps
                                        # whatever meaning the document gives it (a function, defined)


def entries_key(name: str) -> str:
    """The ``let`` key that says the components of ``name`` are the softmax's."""
    return name + _ENTRIES_OF


_WHERE = " defined in"                  # the let key S(...)_i defined in -> the questions (a, b)


def softmax_lets(found) -> list:
    """The ``let`` pairs of the softmax names the displays ``found`` (extract.Display) define
    entrywise: S(...)_i -> SOFTMAX_ENTRIES, and S(...)_i defined in -> the questions that do."""
    from ..document.context import question_label
    where = {}
    for d in found:
        for name in softmax_names([d.latex]):
            where.setdefault(name, set()).add(question_label(d.location))   # as shown; compared by question_of
    pairs = [pair for name in where for pair in ((entries_key(name), SOFTMAX_ENTRIES),
                                                 (entries_key(name) + _WHERE, ", ".join(sorted(where[name]))))]
    return pairs + entrywise_lets(found)


def doubts(latex: str, lets, here: str) -> list:
    """A step of another question than the one that defines S entrywise as the softmax reads S's
    components so: a document may reuse a letter (S a score in Q5); the reading is then a guess."""
    from ..document.context import DEPENDS, question_of
    pairs = dict(lets.items() if hasattr(lets, "items") else lets)
    out = []
    for key, meaning in pairs.items():
        if meaning != SOFTMAX_ENTRIES or not key.endswith(_ENTRIES_OF):
            continue
        questions = [q for q in pairs.get(key + _WHERE, "").split(", ") if q]
        if questions and here and question_of(here) not in {question_of(q) for q in questions} and components(latex, [(key, meaning)]) != latex:
            name = key[:-len(_ENTRIES_OF)]
            out.append(f"{DEPENDS}{name}(...)_i is read as the softmax, as {', '.join(questions)} defines it")
    return out

# elementwise functions as written: \sigma, \tanh, \exp, \log, \ln, and words in \mathrm / \operatorname / \text
_ELEMENTWISE_WORDS = "sigmoid|relu|ReLU|ReLu|Relu|softplus|tanh|exp|log"
_ELEMENTWISE = re.compile(rf"\\(?:tanh|exp|log|ln)(?![A-Za-z])|\\(?:mathrm|operatorname|text)\s*\{{\s*(?:{_ELEMENTWISE_WORDS})\s*\}}")
_SOFTMAX_WORD = re.compile(r"\\(?:mathrm|operatorname|text)\s*\{\s*softmax\s*\}")
# the argument: one vector name, bold (\mathbf{z}, \boldsymbol{\theta}) or plain (z, \theta)
_VECTOR_ARG = re.compile(r"\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*(?P<bold>[A-Za-z]|\\[A-Za-z]+)\s*\}|(?P<bold1>[A-Za-z]))|"
                         r"(?P<plain>[A-Za-z]|\\(?!mathbf|boldsymbol|bm|vec)[A-Za-z]+))\s*$")
_INDEX = re.compile(r"\s*(?:[A-Za-z]|\d{1,3})\s*$")


def components(text: str, lets=()) -> str:
    """``text`` (a cleaned side) with the components of elementwise functions written on the entry
    (\\sigma(\\mathbf{z})_i -> \\sigma(z_{i})) and the argument of a softmax component written as
    its entries' letter (\\mathrm{softmax}(\\mathbf{z})_i -> \\mathrm{softmax}(z)_{i}); the components
    of a name ``lets`` gives the meaning softmax or SOFTMAX_ENTRIES are softmax components."""
    lets = tuple(lets)
    softmax_names = [n[:-len(_ENTRIES_OF)] if m == SOFTMAX_ENTRIES and n.endswith(_ENTRIES_OF) else n
                     for n, m in lets if m in ("softmax", SOFTMAX_ENTRIES)]
    heads = [(_name_pattern(name), False) for name in softmax_names] + [(_SOFTMAX_WORD, False), (_ELEMENTWISE, True)]
    # \sigma of a vector is the softmax in some courses: elementwise only where the document says so
    if "\\sigma" not in softmax_names and any(m == ELEMENTWISE and n == entries_key("\\sigma") or
                                               (n, m) == ("\\sigma", "sigmoid") for n, m in lets):
        heads.append((_name_pattern("\\sigma"), True))
    for pattern, elementwise in heads:
        text = _rewrite(text, pattern, elementwise)
    return entrywise(text, lets)


# --- functions the document defines entry by entry ------------------------------------------
#
# ``\text{flip}(\mathbf{w})_j = w_{k-j+1}``, ``\mathrm{ReLU}(\mathbf{x})_i = \max(0, x_i)``: a word
# applied to one vector, its component on the left, a formula of the vector's entries on the
# right. A later component of the same word is that formula at the new index (and, when the body
# names nothing but the entries and the index, for another vector too). The definition is the
# document's own: it is used only where it is the one definition of the word in the document, and
# never where a letter of the body (k, the size of w) could mean something else at the use:
# another argument (\text{flip}(\mathbf{w}^2): is k its size?), or the letter in the step itself.

ENTRYWISE = "(...)_i entrywise"          # the let key NAME(...)_i entrywise -> the encoded definition
_SEP = "\x1f"
_WORD = r"\\(?:text|mathrm|operatorname)\s*\{\s*[A-Za-z]+\s*\}"
_DEF_ENTRY = re.compile(rf"(?P<name>{_WORD})\s*\((?P<arg>[^()]*)\)\s*_\s*(?:\{{\s*(?P<i1>[a-z])\s*\}}|(?P<i2>[a-z]))"
                        r"\s*=(?!=)\s*(?P<body>[^=&$]*?)\s*[.,;]?\s*(?:\\\\|\\q?quad\b|$)")
_LIBRARY = re.compile(r"softmax|sigmoid|relu|softplus|tanh|exp|log|diag", re.I)


def entrywise_lets(found) -> list:
    r"""The let pairs (NAME(...)_i entrywise, encoded definition) of the words the displays
    ``found`` define by their components: the first such equation of a word (the later ones with
    another argument or index, \mathrm{clip}(\mathbf{z})_j = ..., are steps that use it). A word
    whose component at the same argument and index is given two formulas is left out: the text
    does not say which it means (004 writes w_{k-j+1}, then \omega_{k-j+1}, then \omega_{k_2-j+1})."""
    defs, dropped = {}, set()
    for d in found:
        for m in _DEF_ENTRY.finditer(" ".join(d.latex.split())):
            name = " ".join(m.group("name").split())
            arg = _VECTOR_ARG.match(m.group("arg"))
            if _LIBRARY.search(name) or arg is None:
                continue
            letter = arg.group("bold") or arg.group("bold1") or arg.group("plain")
            index = m.group("i1") or m.group("i2")
            body = m.group("body").strip()
            if not body or re.search(r"\\(?:text|begin|end)\b", body):
                continue
            here = (" ".join(m.group("arg").split()), letter, index, " ".join(body.split()))
            first = defs.setdefault(name, here)
            if first[:3] == here[:3] and first[3] != here[3]:
                dropped.add(name)
    return [(name + ENTRYWISE, _SEP.join(d)) for name, d in defs.items() if name not in dropped]


def _letters(text: str) -> set:
    """Single-letter names of a formula (k of w_{k-j+1}; not k_2, not the letters of a command)."""
    text = re.sub(r"\\[A-Za-z]+", " ", text)
    return set(re.findall(r"(?<![A-Za-z])([A-Za-z])(?![A-Za-z_])", text))


def _bound(body: str) -> set:
    return set(re.findall(r"\\(?:sum|prod|max|min)\s*_\s*\{?\s*([A-Za-z])", body))


def entrywise(text: str, lets) -> str:
    r"""``text`` with the components of words the document defines entrywise written as their
    formula (\text{flip}(\mathbf{w})_{k_2-j+1} -> w_{k-(k_2-j+1)+1})."""
    for key, meaning in lets:
        if not key.endswith(ENTRYWISE) or _SEP not in meaning:
            continue
        name = key[:-len(ENTRYWISE)]
        text = _rewrite_entrywise(text, name, *meaning.split(_SEP))
    return text


def _rewrite_entrywise(text: str, name: str, arg_text: str, letter: str, index: str, body: str) -> str:
    head = re.compile(re.escape(name).replace("\\ ", r"\s*").replace("\\{", r"\{\s*").replace("\\}", r"\s*\}"))
    extra = _letters(body) - {index, letter} - _bound(body)
    out, pos = [], 0
    for m in head.finditer(text):
        if m.start() < pos:
            continue
        found = _component_at(text, m.end(), any_index=True)
        if found is None:
            continue
        used, new_index, end, written_arg = found
        same = " ".join(written_arg.split()) == arg_text
        if not same and extra:      # k, the size of w: of the new vector too?
            continue
        rest = text[:m.start()] + text[end:]
        # the body's own free letters (k, the size of w) may stand free in the step too where the
        # argument is the same vector: they are the document's k; bound by the step's own sum
        # or product, or beside another vector, they would be captured
        own = (extra - _bound(text)) if same else set()
        if (extra & _letters(rest)) - own or (_letters(new_index) | {used}) & ((_letters(body) - {index}) | _bound(body)) \
                - ({letter} if same else set()) - own:
            continue        # a letter of the body would be captured by the step's own
        if same and new_index.strip() == index and text[:m.start()].strip() == "" and text[end:].strip() == "":
            continue        # the defining side itself
        new = _substitute(body, index, new_index.strip(), letter, used)
        out.append(text[pos:m.start()])
        out.append("(" + new + ")")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _substitute(body: str, index: str, new_index: str, letter: str, used: str) -> str:
    """The body at a new index, written with the entries of the vector ``used``."""
    simple = re.fullmatch(r"[A-Za-z0-9]", new_index) is not None
    value = new_index if simple else "(" + new_index + ")"

    def swap(m):
        tok = m.group(0)
        if tok == index:
            return value
        if tok == letter:
            return used
        return tok
    letter_tok = re.escape(letter)
    out = re.sub(rf"\\[A-Za-z]+|(?<![A-Za-z])(?:{re.escape(index)}|{letter_tok})(?![A-Za-z])", swap, body)
    # w_{k-2+1}: the subscript as the document would write it (w_{k-1}); the reader names an
    # entry of a free letter by its text
    return re.sub(r"_\{([A-Za-z0-9+\-() ]*)\}", lambda m: "_{" + _plain_index(m.group(1)) + "}", out)


def _plain_index(text: str) -> str:
    """``k-2+1`` as ``k-1``, ``3-1+1`` as ``3``; anything else as it is."""
    import sympy as sp
    if not re.search(r"\d\s*\)?\s*[-+]|[-+]\s*\(?\s*\d", text) or not re.fullmatch(r"[A-Za-z0-9+\-() ]+", text):
        return text
    letters = set(re.findall(r"[A-Za-z]", text))
    if re.search(r"[A-Za-z]{2}", text):
        return text
    try:
        e = sp.sympify(text, locals={x: sp.Symbol(x) for x in letters})
    except Exception:       # sympify of a written subscript: anything it refuses stays as written
        return text
    if e.is_Integer:
        return str(e)
    c = e.as_coeff_Add()
    if c[0].is_Integer and isinstance(c[1], sp.Symbol):
        k = int(c[0])
        return f"{c[1]}" + (f"+{k}" if k > 0 else f"-{-k}" if k < 0 else "")
    return text


def _name_pattern(name: str):
    before = "" if name.startswith("\\") else r"(?<![A-Za-z\\])"
    return re.compile(before + re.escape(name) + (r"(?![A-Za-z])" if name[-1].isalpha() else ""))


_SIGMA_ELEMENTWISE = re.compile(r"(?:\\sigma|\bsigmoid|\blogistic)[^.\n]{0,100}?\b(?:element|entry|component|coordinate)[- ]?wise\b|"
                                r"\b(?:element|entry|component|coordinate)[- ]?wise\b[^.\n]{0,100}?(?:\\sigma|\bsigmoid|\blogistic)", re.I)


def says_sigma_elementwise(text: str) -> bool:
    """Whether a sentence of the document says \\sigma acts element-wise (then \\sigma(\\mathbf{z})_i
    is \\sigma(z_i); without it, \\sigma of a vector may be the softmax)."""
    for m in _SIGMA_ELEMENTWISE.finditer(text):
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = min(k for k in (text.find(".", m.end()), text.find("\n", m.end()), len(text)) if k >= 0)
        if not re.search(r"softmax|normali[sz]|\bnot\b|n't\b", text[start:end], re.I):
            return True     # a sentence about the softmax, or a negation, says nothing of the sigmoid
    return False


def _rewrite(text: str, head, elementwise: bool) -> str:
    out, pos = [], 0
    for m in head.finditer(text):
        if m.start() < pos:
            continue
        found = _component_at(text, m.end())
        if found is None:
            continue
        letter, index, end = found
        if elementwise:
            new = f"{m.group(0)}({letter}_{{{index}}})"
        else:
            new = "\\mathrm{softmax}" + f"({letter})_{{{index}}}"
        out.append(text[pos:m.start()])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _component_at(text: str, k: int, any_index: bool = False):
    """(entry letter, index, end) of ``(v)_{i}`` at text[k:] (spaces first), else None; with
    ``any_index`` any subscript is the index, and the argument as written comes fourth."""
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text) or text[k] != "(":
        return None
    try:
        close = group_end(text, k)
    except Exception:
        return None
    arg = _VECTOR_ARG.match(text[k + 1:close - 1])
    j = close
    while j < len(text) and text[j] == " ":
        j += 1
    if arg is None or j >= len(text) or text[j] != "_":
        return None
    a = argument(text, j + 1)
    if a is None or not (_INDEX.match(a[0]) or any_index and a[0].strip()):
        return None
    letter = arg.group("bold") or arg.group("bold1") or arg.group("plain")
    if any_index:
        return letter, a[0].strip(), a[1], text[k + 1:close - 1]
    return letter, a[0].strip(), a[1]


# NAME(\mathbf{x})_i = \frac{e^{x_i}}{\sum_j e^{x_j}}, or NAME(\mathbf{x}) = ... with the free index i;
# also e^{x_i} / \sum_j e^{x_j}. The sum may carry bounds.
_NAME = r"(?P<name>\\(?:mathcal|mathrm|operatorname)\s*\{\s*[A-Za-z]+\s*\}|\\[A-Za-z]+|[A-Za-z])"
_ARG = r"\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(?P<v1>[a-z])\s*\}|(?P<v2>[a-z]))\s*\)"
_ENTRY = r"(?:_\s*(?:\{\s*(?P<i1>[a-z])\s*\}|(?P<i2>[a-z])))?"
# the sum runs over every entry: from 1 to a size (one letter, \\mathrm{dim}-free) or no bounds; a
# bound like ^{i} (a causal softmax) or ^{K-1} is another function
_SUM = (r"\\sum\s*_\s*(?:\{\s*(?P<j1>[a-z])\s*(?:=\s*1\s*\}\s*\^\s*(?:\{\s*(?P<n1>[A-Za-z])\s*\}|(?P<n2>[A-Za-z]))"
        r"|\})|(?P<j2>[a-z]))")
_EXP = (r"(?:e\s*\^\s*\{|\\exp\s*\()\s*(?P<x@>[a-z])\s*_\s*(?:\{\s*(?P<k@>[a-z])\s*\}|(?P<kk@>[a-z]))"
        r"\s*(?:\}|\))")


def _exp(n: int) -> str:
    return _EXP.replace("@", str(n))


_BODY = (rf"(?:\\[dt]?frac\s*\{{\s*{_exp(1)}\s*\}}\s*\{{\s*{_SUM}\s*{_exp(2)}\s*\}}"
         rf"|{_exp(3)}\s*/\s*{_SUM.replace('j1', 'j3').replace('j2', 'j4').replace('n1', 'n3').replace('n2', 'n4')}\s*{_exp(4)})")
_DEFINITION = re.compile(rf"(?<![A-Za-z\\]){_NAME}\s*{_ARG}\s*{_ENTRY}\s*=\s*{_BODY}")


# S(\mathbf{z})_i = \mathrm{softmax}(\mathbf{z})_i: a name for the softmax's entries (the same vector
# and the same index on both sides)
_ALIAS_ARG = r"\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{\s*(?P<v1>[a-z])\s*\}|(?P<v3>[a-z]))|(?P<v2>[a-z]))\s*\)"
_ALIAS = re.compile(rf"(?<![A-Za-z\\]){_NAME}\s*{_ALIAS_ARG}\s*_\s*(?:\{{\s*(?P<i1>[a-z])\s*\}}|(?P<i2>[a-z]))\s*=\s*"
                    rf"{_SOFTMAX_WORD.pattern}\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*(?:\{{\s*(?P<w1>[a-z])\s*\}}|(?P<w3>[a-z]))|(?P<w2>[a-z]))\s*\)"
                    rf"\s*_\s*(?:\{{\s*(?P<j1>[a-z])\s*\}}|(?P<j2>[a-z]))(?![A-Za-z_^(])")


def softmax_aliases(text: str) -> list:
    """The names of ``S(\\mathbf{z})_i = \\mathrm{softmax}(\\mathbf{z})_i`` in ``text``."""
    out = []
    for m in _ALIAS.finditer(text):
        g = m.groupdict()
        same_vector = (g["v1"] or g["v2"] or g["v3"]) == (g["w1"] or g["w2"] or g["w3"])
        same_index = (g["i1"] or g["i2"]) == (g["j1"] or g["j2"])
        name = " ".join(g["name"].split())
        if same_vector and same_index and name != "e":
            out.append(name)
    return out


def softmax_names(maths) -> list:
    """The names whose components the document defines as the softmax's (S of
    ``S(\\mathbf{x})_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}``): the same vector letter in the argument and
    the exponentials, the component's index on top, the sum's own index below."""
    out = []
    for text in maths:
        out += [n for n in softmax_aliases(" ".join(text.split())) if n not in out]
        for m in _DEFINITION.finditer(re.sub(r"\\(?:left|right)(?![A-Za-z])", " ", " ".join(text.split()))):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            vec = g.get("v1") or g.get("v2")
            top, below = ("x1", "x2") if "x1" in g else ("x3", "x4")
            i_top = g.get("k" + top[1:]) or g.get("kk" + top[1:])
            j_below = g.get("k" + below[1:]) or g.get("kk" + below[1:])
            j_sum = g.get("j1") or g.get("j2") or g.get("j3") or g.get("j4")
            entry = g.get("i1") or g.get("i2") or i_top
            size = g.get("n1") or g.get("n2") or g.get("n3") or g.get("n4")
            if g[top] == g[below] == vec and i_top == entry and j_below == j_sum and j_sum != i_top \
                    and size not in (i_top, j_sum, vec):
                name = " ".join(g["name"].split())
                greek = not name.startswith("\\") or name.startswith(("\\mathcal", "\\mathrm", "\\operatorname")) \
                    or SAME.get(name[1:], name[1:]) in GREEK
                if greek and name not in out and name not in ("e",):
                    out.append(name)
    return out
