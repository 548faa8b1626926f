"""Functions of a whole vector that a document writes with the vector's entries.

Courses define a function of a vector by its entries (``h(\\mathbf{x}) = \\sum_k e^{x_k}``) and
then use it with the vector written bold or plain (``h(x)`` beside ``x_j``). The bold name and
the letter of its entries are one vector where the definition says so: its parameter is the
bold name, its formula writes the entries of the plain letter and neither name bare
(``h(\\mathbf{x}) = \\mathbf{x}^T x_1`` says nothing of the kind).

A question may also use the letter as one number before the vector is introduced (the softplus
of a real x, then h(\\mathbf{x}) over R^n): the definition on the vector opens a new reading of
the letter from its line on; a value x after it in the same question is ambiguous again.
"""
from __future__ import annotations

import re

import sympy as sp

# a bold or arrowed single letter: the vector whose entries are the plain letter's (x_k of \mathbf{x})
_BOLD = re.compile(r"^\\(?:mathbf|boldsymbol|bm|vec|mathbold)\s*\{?\s*(\\?[A-Za-z]+)\s*\}?$")


def plain_letter(name: str) -> str | None:
    """``x`` of ``\\mathbf{x}``, ``\\theta`` of ``\\boldsymbol{\\theta}``; None for any other name."""
    m = _BOLD.match(name.replace(" ", ""))
    return m.group(1) if m else None


def entry_label(name: str, body) -> str | None:
    """The label of the array whose entries the body of a function definition writes for its
    parameter ``name``: ``name`` itself where the body has entries ``name[k]``, else the plain
    letter of a bold ``name`` where the body writes that letter's entries and neither the bold
    name nor the plain letter as one value. None otherwise."""
    labels = {str(i.base.label) for i in getattr(body, "atoms", lambda *_: ())(sp.Indexed)}
    if name in labels:
        return name
    letter = plain_letter(name)
    if letter is None or letter not in labels:
        return None
    bare = {s.name for s in _outside_entries(body)}
    if name in bare or letter in bare:
        return None
    return letter


def _outside_entries(expr) -> set:
    """The symbols of ``expr`` outside the labels of its arrays (entries' indices included)."""
    if isinstance(expr, sp.IndexedBase):
        return set()
    if isinstance(expr, sp.Indexed):
        return set().union(*(_outside_entries(i) for i in expr.indices))
    if isinstance(expr, sp.Symbol):
        return {expr}
    return set().union(set(), *(_outside_entries(a) for a in getattr(expr, "args", ())))


def vector_letters(params, body) -> dict:
    """The letters a function definition takes as vectors, each with the names the text may
    declare the vector by: its array parameters (h(x) read beside x_k) and the bold parameters
    whose entries the body writes (h(\\mathbf{x}) = \\sum_k e^{x_k}: x, by x or \\mathbf{x})."""
    out = {}
    for p in params:
        if isinstance(p, sp.IndexedBase):
            out.setdefault(str(p.label), set()).add(str(p.label))
        elif isinstance(p, sp.Symbol):
            label = entry_label(p.name, body)
            if label is not None:
                out.setdefault(label, set()).update({label, p.name})
    return out


def same_vector(d, p, a) -> None:
    """A function defined on the vector ``p`` (its body writes the entries of its letter),
    applied to a single name ``a``: the vector itself when ``a`` is the bold name or its plain
    letter (h(x) for h(\\mathbf{x})); any other argument is refused, as the body would keep
    the entries of x whatever the argument (h(y) is no sum over x)."""
    from ..reading.notation import NotRead
    label = entry_label(p.name, d.body)
    if isinstance(a, sp.Symbol) and a.name in (p.name, label):
        return
    raise NotRead(f"{d.name} is defined at line {d.line} on the vector {p.name} (its entries {label}_k), "
                  f"applied here to {sp.sstr(a)}, which is not read as that vector")


def passed_on(d, args):
    """The definition with each parameter that its body uses only whole, as an argument of
    calls (g(t) = \\log h(t)), replaced by the vector (an IndexedBase) it is applied to: the
    calls in the body then take the vector. The definition as it is otherwise."""
    from sympy.core.function import AppliedUndef
    swap = {}
    for p, a in zip(d.params, args):
        if not (isinstance(p, sp.Symbol) and isinstance(a, sp.IndexedBase)):
            continue
        calls = [c for c in d.body.atoms(AppliedUndef) if p in c.args]
        if calls and not _outside_calls(d.body, p):
            swap[p] = a
    if not swap:
        return d
    from dataclasses import replace
    return replace(d, params=tuple(swap.get(p, p) for p in d.params), body=d.body.xreplace(swap))


def _outside_calls(expr, p) -> bool:
    """Whether ``p`` occurs in ``expr`` other than as a whole argument of a user function."""
    from sympy.core.function import AppliedUndef
    if expr == p:
        return True
    if isinstance(expr, AppliedUndef):
        return any(a != p and _outside_calls(a, p) for a in expr.args)
    return any(_outside_calls(a, p) for a in getattr(expr, "args", ()))


def differentiated(*exprs) -> frozenset:
    """The labels of the arrays a step differentiates by (x of \\partial / \\partial x_j)."""
    out = set()
    for e in exprs:
        for d in getattr(e, "atoms", lambda *_: ())(sp.Derivative):
            out |= {str(v.base.label) for v, _ in d.variable_count if isinstance(v, sp.Indexed)}
    return frozenset(out)


def varies(node, varied) -> bool:
    """Whether a sum's terms are written in the entries of an array the step differentiates by
    (\\sum_k c_k \\sigma(x_k) in a partial by x_j): x moves in the step, so the sum has no one value
    the text could give in words (a one-hot y summing to 1 is not moved)."""
    bound = {v for v, *_ in node.limits}
    return any(str(x.base.label) in varied and set(x.indices) & bound
               for x in node.function.atoms(sp.Indexed))


def same_calls(body, calls):
    """The body of ``L(f(\\mathbf{x}, \\boldsymbol{\\theta}), y) = (y - f(x, \\theta))^2`` with the
    call written in plain letters (f(x, \\theta)) made the call of the left side: one document
    writes the same vector bold and plain. Only a call of the same function whose every argument
    is the left call's argument or its plain letter, and only where the body does not also write
    the left call itself (then the plain one may be another point)."""
    from sympy.core.function import AppliedUndef
    swap = {}
    for call in calls:
        if body.has(call):
            continue
        for other in body.atoms(AppliedUndef):
            if other.func == call.func and len(other.args) == len(call.args) and other != call \
                    and all(_plain_of(o, c) for o, c in zip(other.args, call.args)):
                swap[other] = call
    return body.xreplace(swap) if swap else body


def _plain_of(arg, bold) -> bool:
    """Whether ``arg`` is ``bold`` or the plain letter of the bold name ``bold`` (x of \\mathbf{x})."""
    if arg == bold:
        return True
    return isinstance(arg, sp.Symbol) and isinstance(bold, sp.Symbol) and plain_letter(bold.name) == arg.name


_BOLD_IN = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathbold)\s*\{\s*(\\?[A-Za-z]+)\s*\}")


def same_quantities(params, body):
    """The body of a definition at a quantity read as one value (``h(\\mathbf{x},\\mathbf{w})``, a
    parameter of ``\\ell(h(\\mathbf{x}, \\mathbf{w}), t) = (h(x, w) - t)^2``) with the same quantity
    written in plain letters (``h(x,w)``) made the parameter. Only where the body does not write
    the parameter itself."""
    if not hasattr(body, "xreplace"):
        return body
    from sympy.core.function import AppliedUndef
    names = {s.name: s for s in body.free_symbols if isinstance(s, sp.Symbol)}
    for c in body.atoms(AppliedUndef):     # h(x, w) read as a call of h in the body
        if all(isinstance(a, sp.Symbol) for a in c.args):
            names.setdefault(f"{c.func.__name__}({','.join(a.name for a in c.args)})", c)
    swap = {}
    for p in params:
        if not isinstance(p, sp.Symbol) or "(" not in p.name or p in body.free_symbols:
            continue
        plain = _BOLD_IN.sub(r"\1", p.name)
        if plain != p.name and plain in names:
            swap[names[plain]] = p
    return body.xreplace(swap) if swap else body


# -- a subscript-free left side: the entry the right side's free index names ----------------------

_CALL = re.compile(r"^\s*(\\?[A-Za-z]+)\s*\(\s*((?:\\[A-Za-z]+\s*\{\s*\\?[A-Za-z]+\s*\})|\\(?:mathbf|boldsymbol|bm)\s+[A-Za-z]|\\?[A-Za-z]+)"
                   r"(\s*\+\s*[A-Za-z](?:\s*(?:\\cdot\s*)?\\(?:mathbf|mathbb|boldsymbol)\s*(?:\{\s*1\s*\}|1))?)?\s*\)\s*$")
_BOUND = re.compile(r"\\(?:sum|prod)\s*(?:\\(?:no)?limits\s*)?_\s*\{?\s*([a-z])(?![A-Za-z])")


def entry_step(step, lets, head=False):
    """(the step as read, the assumption said with its reading). ``S(\\mathbf{x}) =
    \\frac{e^{x_i}}{\\sum_j e^{x_j}}`` of a name whose components the document defines as the
    softmax's (components.SOFTMAX_ENTRIES): the side S(\\mathbf{x}) is read as its entry i, the
    one index of x the other side leaves free. Any other step as written (no index, or two
    free ones: which entry is not forced). A head step's S(\\mathbf{x}) may define S anew: there
    only a call at a shifted vector (S(\\mathbf{x} + c), no definition's left side) is read so."""
    from dataclasses import replace
    from ..reading.components import SOFTMAX_ENTRIES, entries_key
    pairs = dict(lets.items() if hasattr(lets, "items") else lets)
    for side, other, key in ((step.from_, step.to, "from_"), (step.to, step.from_, "to")):
        m = _CALL.match(side)
        if m is None or pairs.get(entries_key(m.group(1))) != SOFTMAX_ENTRIES or (head and not m.group(3)):
            continue
        arg = re.sub(r"\s+", "", m.group(2))
        letter = plain_letter(arg) or arg
        free, numbered = _free_indices(other, letter), _numbered_entries(other, letter)
        if numbered and not free and len(numbered) == 1:    # = e^{x_1 + c} / ...: the entry 1
            i = numbered.pop()
            said = (f"{side.strip()} read as its entry {i}: {m.group(1)}({arg}{m.group(3) or ''})_{i}, the one "
                    f"entry of {letter} the other side writes")
            return replace(step, **{key: f"{side.strip()}_{{{i}}}"}), said
        if len(free) != 1 or numbered:
            return step, None      # which entry is not forced (x_i beside x_1: the entry 1, or i?)
        i = free.pop()
        said = (f"{side.strip()} read as its entry {i}: {m.group(1)}({arg}{m.group(3) or ''})_{i}, the index of {letter} "
                f"the other side leaves free")
        return replace(step, **{key: f"{side.strip()}_{{{i}}}"}), said
    return step, None


def _numbered_entries(side: str, letter: str) -> set:
    """The numbers of the entries of ``letter`` that ``side`` writes by number (x_1, x_{2})."""
    pattern = rf"(?<![A-Za-z\\]){re.escape(letter)}\s*_\s*(?:\{{\s*([0-9]+)\s*\}}|([0-9]))(?![0-9])"
    return {a or b for a, b in re.findall(pattern, side)}


def _free_indices(side: str, letter: str) -> set:
    """The index letters of ``letter``'s entries (x_i, x_{j}) that no \\sum or \\prod of ``side`` binds."""
    pattern = rf"(?<![A-Za-z\\]){re.escape(letter)}\s*_\s*(?:\{{\s*([a-z])\s*\}}|([a-z]))(?![A-Za-z])"
    used = {a or b for a, b in re.findall(pattern, side)}
    return used - set(_BOUND.findall(side))


def note_entry(item, said) -> None:
    """The entry reading of ``entry_step`` shown among the assumptions of the step's reading."""
    if said and isinstance(item.reading, dict):
        item.reading.setdefault("assumptions", []).append(said)


def softmax_size(expr, ctx):
    """``S(x)_c`` read as the softmax's entry over a size the reader does not know (build.SIZE_NAME)
    where the document defines S itself by its entry formula (S(x) = e^{x_i} / \\sum_{j=1}^K e^{x_j},
    in force in the question): the size is the definition's K. Only with one such definition and
    one size in its formula; the expression as it is otherwise."""
    from ..reading.build import SIZE_NAME
    from ..reading.components import SOFTMAX_ENTRIES
    if SOFTMAX_ENTRIES not in ctx.lets.values():
        return expr
    unknown = [s for s in getattr(expr, "free_symbols", ()) if isinstance(s, sp.Symbol) and s.name == SIZE_NAME]
    if not unknown:
        return expr
    sizes = set()
    for key, meaning in ctx.lets.items():
        if meaning != SOFTMAX_ENTRIES or not key.endswith("(...)_i"):
            continue
        d = ctx.functions.get(key[:-len("(...)_i")])
        if d is None or not (d.question() == ctx.here or ctx.shared(d)) or d.doubtful:
            continue
        if not any(isinstance(p, sp.IndexedBase) or entry_label(getattr(p, "name", ""), d.body) for p in d.params):
            continue
        sizes |= {hi for node in d.body.atoms(sp.Sum) for _, _, hi in node.limits if isinstance(hi, sp.Symbol)}
    if len(sizes) != 1:
        return expr
    return expr.xreplace({u: next(iter(sizes)) for u in unknown})


def as_vectors(d, args, keep=frozenset()):
    """The arguments of a call of the function ``d`` with the bare letter of a vector parameter
    (x for h(x) defined beside x_k, x or \\mathbf{x} for h(\\mathbf{x}) = \\sum_k e^{x_k}) made the
    vector itself, an IndexedBase, so that the context checks the question does not also use x as
    one number. A name being rewritten (``keep``: the parameter of an enclosing definition) stays."""
    out = []
    for p, a in zip(d.params, args):
        if isinstance(p, sp.IndexedBase):
            letter, names = str(p.label), {str(p.label)}
        elif isinstance(p, sp.Symbol) and entry_label(p.name, d.body) is not None:
            letter = entry_label(p.name, d.body)
            names = {letter, p.name}
        else:
            out.append(a)
            continue
        if isinstance(a, sp.Symbol) and a.name in names and a.name not in keep:
            a = sp.IndexedBase(letter, real=True)
        out.append(a)
    return out


# -- a function of a shifted vector: L(x + a\mathbf{1}), S(\mathbf{x} + c)_i ---------------------

_VEC = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*[A-Za-z]\s*\}|\\(?:mathbf|boldsymbol|bm)\s+[A-Za-z]|[A-Za-z])"
_ONES = r"(?:\s*(?:\\cdot\s*)?\\(?:mathbf|mathbb|boldsymbol)\s*(?:\{\s*1\s*\}|1))"
_SHIFTED = re.compile(rf"^\s*(\\?[A-Za-z]+)\s*(?:\\left)?\s*\(\s*({_VEC})\s*\+\s*([A-Za-z])({_ONES})?\s*(?:\\right)?\s*\)"
                      rf"\s*(_\s*(?:\{{\s*[a-z]\s*\}}|[a-z]))?\s*$")


class Shifted(sp.Function):
    """A side that is a function of a vector at the vector shifted by one number (L(x + a 1)):
    (the side at x, the vector, the shift). context.expand takes the side at x, then moves
    every entry x_k of it to x_k + a."""
    nargs = 3


def shift_step(step, ctx, numbers=frozenset()):
    """(the step with each side ``NAME(x + a\\mathbf{1})`` (or ``NAME(\\mathbf{x} + c)``, c known to
    be one number) read at x, {side: (letter, shift)}). Only a side that is that one call (its
    component _i too), of a function the document defines on the vector x or whose entries are
    the softmax's; any other side as written. Without the \\mathbf{1}, c is one number only where
    the document says so (``known_number``): h(\\mathbf z + b) of a bias vector b is no shift."""
    from dataclasses import replace
    from ..reading.components import SOFTMAX_ENTRIES, entries_key
    shifts, new = {}, {}
    for key in ("from_", "to"):
        side = getattr(step, key)
        m = _SHIFTED.match(side)
        if m is None:
            continue
        name, vec, s, ones, sub = m.groups()
        letter = plain_letter(vec) or vec.strip()
        d = ctx.functions.get(name)
        on_vector = d is not None and letter in vector_letters(d.params, d.body)
        softmax = ctx.lets.get(entries_key(name)) == SOFTMAX_ENTRIES and sub is not None
        if not (on_vector or softmax) or s == letter:
            continue
        if ones is None and (s in ctx.arrays_seen or s in {letter} or not known_number(s, ctx, numbers)):
            continue     # x + c with c a vector, or not said to be a number: not a shift by one number
        new[key] = f"{name}({vec.strip()}){sub or ''}"
        shifts[key] = (letter, s)
    return (replace(step, **new) if new else step), shifts


_NAME = r"\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?"
_IS_A_NUMBER = re.compile(r"(?<![A-Za-z\\$])\$?\s*(%s)\s*\$?\s+is\s+(?:a|any|some)\s+(?:real\s+|fixed\s+)?"
                          r"(?:scalar|number|constant)(?!\s+(?:function|field|valued|multiple))\b" % _NAME, re.I)


def said_scalars(text: str) -> frozenset:
    """Letters the prose says are one number as a statement ("where c is a scalar constant",
    "$c$ is a real number"; not "z is a scalar function of x"): a shift by c is by one number."""
    return frozenset(_IS_A_NUMBER.findall(text[:300_000]))


def known_number(name: str, ctx, numbers=frozenset()) -> bool:
    """Whether the document says ``name`` is one number: ``let name = symbol``, a membership of
    \\mathbb R (or a value) in the question being read and no vector one (b \\in \\mathbb R^n), or
    the words "a scalar $name$" (``numbers``: matrices.said_numbers)."""
    if ctx.lets.get(name) == "symbol":
        return True
    clues = []
    if ctx.evidence is not None and hasattr(ctx.evidence, "about"):
        clues = [c for c in ctx.evidence.about(name, ctx.here) if c.question == ctx.here]
    if any(c.kind == "vector" for c in clues):
        return False
    return name in numbers or any(c.kind in ("set", "number") and c.value for c in clues)


def shifted(lhs, rhs, shifts):
    """The readings of the two sides with a shifted side wrapped (``Shifted``)."""
    from dataclasses import replace
    out = []
    for key, r in (("from_", lhs), ("to", rhs)):
        if key in shifts:
            letter, s = shifts[key]
            r = replace(r, expr=Shifted(r.expr, sp.IndexedBase(letter, real=True), sp.Symbol(s, real=True)))
        out.append(r)
    return tuple(out)


def apply_shift(expr, vector, s):
    """``expr`` with every entry of ``vector`` moved by ``s`` (x_k -> x_k + a)."""
    label = str(vector.label)
    return expr.replace(lambda e: isinstance(e, sp.Indexed) and str(e.base.label) == label, lambda e: e + s)
