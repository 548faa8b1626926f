"""What a document says about a name that decides ``NAME(...)``: a call of NAME or a product
NAME*(...).

A name followed by a bracket is ambiguous on its own (``y(1 - y)``, ``g(z)``). The document
usually settles it elsewhere, and this module collects that evidence once per document, from
all of its mathematics (displays and inline), in no particular order:

- that NAME is a **value**: it is given a number (``y = 1``, ``w_3 = 5.7``, a sum of its
  entries ``\\sum_i y_i = 1``), is a member of a set of numbers (``y \\in \\{-1, 1\\}``,
  ``y \\in \\mathbb{R}``), is given a formula (``\\bar v = \\sum_i \\alpha_i \\bar x_i``), or is
  used bare, multiplied or added with nothing applied to it (``\\alpha_i \\bar x_i``,
  ``y_i \\log p_i``);
- that NAME is a **function**: it is defined applied to names (``f(x) = ...``), differentiated
  with a prime (``h'(z)``), written ``NAME(\\cdot)``, given a function (``g = \\tanh``,
  ``g = \\sigma(\\cdot)``), given a signature (``y : \\mathbb{R}^D \\rightarrow \\mathbb{R}^K``),
  applied to a list (``f(x; \\theta)``, ``a(x, y)``, ``y(x, \\Theta, \\sigma)``) -- the strong
  kinds -- or applied to one bare name (``h(x)``) -- a weak kind, also a common product;
  declared by a signature with ``\\colon`` (``f, g \\colon \\mathbb{R} \\to \\mathbb{R}``: every name of
  the list), by words beside it where the mathematics applies it (``for functions $f$ and $h$``,
  ``the CDF $\\Phi$``: mentions.py), given a derivative (``\\phi = \\Phi'``), or an operator name
  defined (``\\mathrm{KL}(x) = ...``, ``\\mathrm{flip}(\\mathbf{w})_j = w_{k-j+1}``). A declared function's
  bare uses (``g > 0``, "f is linear") mention it: they are no value evidence.

A name alone in the prose (``A regulariser $q$ is ...``) is neither a value nor a function.

Being applied to different brackets is no evidence on its own: 000 Q3 writes the label y
before three different brackets (``y(\\bar W \\cdot \\bar X)``), all products.

Entries of one family share their evidence (``y_j`` bare is evidence for ``y_i``; a family
declared ``y \\in \\{0, 1\\}^K`` has entries that are numbers). Evidence is per question: where
the step's own question says something about the name, only that counts (Q1's ``y = 1`` says
nothing about Q4's ``y(x)``).

A name the document says nothing about itself borrows, as weak evidence, what it says of a
decorated relative (``\\hat{y} = \\operatorname{sign}(...)``: the prediction of a value is a value).

``Evidence.settle`` turns it into the reader's ``Scope``: strong function evidence alone makes
a function; value evidence alone makes a value (a product); function evidence of any strength
beside value evidence (the value y_k and the network function y_k(x; w) share a name in many
documents), or a function the plan defined beside a number given in the same question, make a
**conflict**, read as neither (NotRead naming both; a list in the brackets or a definition's
left side still decides its own step). ``Evidence.strength`` tells the plan whether a product
reading may stand behind a ``wrong`` (see ``doubts.juxtaposed``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import mentions
from ..reading.notation import DECORATIONS, GREEK, SAME, NotRead, group_end, shown
from ..reading.pieces import skip, split_top


def _question(here: str) -> str:
    """A question label (Q1) or its key (1): the key the clues are filed under."""
    from .context import question_of
    return question_of(here)

# letters a document may well use as functions even where it gives them a value (sigma = 0.1
# and sigma(0), p = 0.3 and p(x)): a product after one of them is only read with a doubt
FUNCTION_LIKE = {"\\sigma", "\\phi", "\\varphi", "\\Phi", "\\psi", "\\Psi", "f", "g", "h", "F", "G", "H",
                 "L", "J", "R", "S", "Q", "V", "p", "q"}
# names the reader gives a meaning of its own (the sigmoid, Euler's number, pi): the evidence
# here never changes them (doubts.Prescan doubts them instead)
_OWN_MEANING = {"\\sigma", "e", "\\pi", "d"}
_SKIPPED_WORDS = {"text", "textrm", "textit", "textbf", "mbox", "operatorname", "mathrm", "label", "tag",
                  "begin", "end", "hspace", "vspace", "color", "mathit"}
_NUMBER = re.compile(r"^\s*[-+]?\s*(?:\d+(?:\.\d+)?|\.\d+|\\[dt]?frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}|\\[dt]?frac\d\d)\s*$")
_SUM_HEAD = re.compile(r"^\s*\\sum\s*(?:_\s*(?:\{[^{}]*\}|\S))?\s*(?:\^\s*(?:\{[^{}]*\}|\S))?\s*")
_NUMBER_SET = re.compile(r"\\in\s*(?:\\\{\s*([-+0-9.,\s]|\\dots|\\ldots|\\cdots)+\\\}|\\mathbb\s*\{?\s*([RZNQ])\s*\}?)"
                         r"(\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?")
_FUNCTION_VALUE = re.compile(r"^\s*(?:\\(?:tanh|sigma|exp|log|ln|sin|cos|operatorname\s*\{\s*[A-Za-z]+\s*\})"
                             r"|\\text\s*\{\s*[A-Za-z]+\s*\})\s*(?:\(\s*\\cdot\s*\)|\(\s*\))?\s*$")
_CDOT_CALL = re.compile(r"\(\s*\\cdot\s*\)")
# a derivative written bare as a function: \phi = \Phi' (the density, the CDF's derivative)
_PRIMED = re.compile(r"^\s*(?:\\[A-Za-z]+|[A-Za-z])\s*'+\s*$")
# a signature: the colon after a name, a domain, an arrow (not the ":" of a set {x : x > 0})
_SIGNATURE = re.compile(r"(?<![:=\\])\s*(?::(?!=)|\\colon(?![A-Za-z]))\s*([^$:;={}]*(?:\{[^{}]*\}[^$:;={}]*){0,4}?)\\(?:to|rightarrow|longrightarrow|mapsto)(?![A-Za-z])")
# functions a list of arguments may hold (y(x, \Theta, \sigma): the network with its activation)
_FUNCTION_ARGUMENT = re.compile(r"\s*\\(?:sigma|tanh|exp|log|ln|sin|cos|operatorname\s*\{\s*[A-Za-z]+\s*\}|"
                                r"text\s*\{\s*[A-Za-z]+\s*\})\s*")


@dataclass(frozen=True)
class Clue:
    """One piece of evidence about a name: what it shows (``kind``), whether it is strong, and
    where (the question, the line, the text)."""
    kind: str          # value: number, set, sum, formula, bare, vector; function: defined, prime,
                       # cdot, assigned, list, applied
    value: bool        # evidence that the name is a value (else: a function)
    strong: bool
    question: str
    line: int
    shown: str

    def says(self) -> str:
        return f"{self.shown} at line {self.line}"


MAX_CLUES = 12      # clues kept per name or family in each question (the first ones there)
MAX_TEXT = 300_000  # characters of a document searched for evidence (hostile ones are larger)
MAX_MEMO = 256      # scopes remembered by settle
# strong in its own question (a formula too: see strength). A sum of entries given a number
# (\\sum_i p_i = 1) is a value, but only weak evidence: it is a premise the check does not use,
# and a step that leans on it (\\sum_i p_i (x_i - c) = \\sum_i p_i x_i - c) is wrong as read
STRONG_VALUE = {"number", "set"}
STRONG_FUNCTION = {"defined", "prime", "cdot", "assigned", "list", "signature", "words"}
# the document declares the name a function (a signature, words beside it): its bare uses are
# mentions of the function
DECLARED = {"signature", "words", "assigned"}


@dataclass
class Evidence:
    clues: dict = field(default_factory=dict)     # exact name -> [Clue]
    family: dict = field(default_factory=dict)    # family key (base of y_i) -> [Clue]
    names: set = field(default_factory=set)       # every name seen (as the reader names it)
    keys: dict = field(default_factory=dict)      # name -> its family key (None: no family)
    relatives: dict = field(default_factory=dict)  # (letter, subscript) -> names: y, \\hat{y}, \\mathbf{y}
    kin: dict = field(default_factory=dict)       # name -> its (letter, subscript)
    settled: dict = field(default_factory=dict)   # memo of settle (called for every step)
    data: object = None                           # declared.Declared: the names said to be data
    applied_names: set = field(default_factory=set)  # names written before a bracket somewhere

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=None, table=None) -> "Evidence":
        """The evidence of a document; ``found``: its displays (``extract.displays``) and
        ``table``: its labels (``locate.labels``), when the caller has them already."""
        from ..parse.chains import steps as chain_steps
        from .context import question_of
        from ..parse.extract import displays
        from .declared import Declared
        out = cls()
        if len(text) > MAX_TEXT:
            return out      # no solution document is this long: the reading stays as without evidence
        try:
            out.data = Declared.of(text, kind, table)
        except Exception:   # declarations only remove doubts: a document they cannot take has none
            out.data = None
        try:
            found = displays(text, kind, inline=True) if found is None else found
        except Exception:   # evidence is optional: a document it cannot split has none
            return out
        for display in found[:2000]:
            try:
                out._display(display, question_of(display.location), _line_of(text, display.start),
                             chain_steps, text)
            except Exception:   # a formula the scan cannot take says nothing; never a failed plan
                continue
        out._unapplied_words()
        return out

    def _unapplied_words(self) -> None:
        """Words make a function only of a name the mathematics applies somewhere (``h(f(z))``,
        ``q'(u)``): "the loss $L$ is a scalar function of $o$" says L depends on o, and L is
        used as a value (\\partial L / \\partial o)."""
        for name, clues in self.clues.items():
            if name not in self.applied_names and any(c.kind == "words" for c in clues):
                self.clues[name] = [c for c in clues if c.kind != "words"]

    def _display(self, display, q: str, line: int, chain_steps, text: str = "") -> None:
        if display.inline and self._lone(display, q, line, text):
            return
        self._uses(display.latex, q, line)
        self._memberships(display.latex, q, line)
        self._signatures(display.latex, q, line)
        for st in chain_steps(display, None)[:200]:
            self._relation(st, q)

    # -- collecting --------------------------------------------------------------------------
    def add(self, name: str, clue: Clue, family: bool = False) -> None:
        if name in _OWN_MEANING:
            return
        key = self.keys.get(name)
        table, at = (self.family, key) if family and key is not None else (self.clues, name)
        got = table.setdefault(at, [])
        # kept per question: twelve uses of y as a value in Q1 must leave room for Q3's y : R^D -> R^K
        if sum(c.question == clue.question for c in got) < MAX_CLUES \
                and not any((c.kind, c.line) == (clue.kind, clue.line) for c in got):
            got.append(clue)

    def _see(self, nm) -> str:
        self.names.add(nm.text)
        if nm.text not in self.keys:
            self.keys[nm.text] = family_key(nm)
            self.relatives.setdefault((nm.letter, nm.sub), set()).add(nm.text)
            self.kin[nm.text] = (nm.letter, nm.sub)
        return nm.text

    def _uses(self, latex: str, q: str, line: int) -> None:
        """Every name of a formula and what follows it: a bracket (what is inside decides), a
        prime and a bracket, or nothing applied (a bare use)."""
        for nm, primes, end, after_partial in _names(latex):
            name = self._see(nm)
            k = skip(latex, end)
            if latex.startswith("\\left", k):
                k = skip(latex, k + 5)
            if k < len(latex) and latex[k] == "(":
                self.applied_names.add(name)
                inner = latex[k + 1:group_end(latex, k) - 1]
                what = _applied(inner)
                if what is None:
                    continue
                if primes:
                    if what == "applied":
                        self.add(name, Clue("prime", False, True, q, line, f"{name}'({shown(inner, 12)})"))
                    continue
                strong = what in STRONG_FUNCTION
                self.add(name, Clue(what, False, strong, q, line, f"{name}({shown(inner, 12)})"))
            elif not primes and not after_partial and not _bracket_next(latex, k) \
                    and not _signature_after(latex, end):   # y : R^D -> R^K is no use of a value
                self.add(name, Clue("bare", True, False, q, line, f"{shown(latex[max(0, k - 24):k + 8], 32)}"),
                         family=self.keys.get(name) is not None)

    def _lone(self, display, q: str, line: int, text: str) -> bool:
        """A formula of the prose that is only a name or a list of names (``$q$``, ``$f$``):
        no use of them as values; a function when the words beside it say so (mentions.py)."""
        names = mentions.lone_names(display.latex, _whole_name)
        if names is None:
            return False
        start, end = mentions.delimited(text, display.start, display.latex)
        if mentions.says_function(text, start, end):
            for nm in names:
                name = self._see(nm)
                self.add(name, Clue("words", False, True, q, line,
                                    shown(" ".join(text[max(0, start - 30):end + 40].split()), 60)))
        else:
            for nm in names:
                self._see(nm)
        return True

    def _memberships(self, latex: str, q: str, line: int) -> None:
        """``y \\in \\{-1, 1\\}``, ``x, z \\in \\mathbb{R}``: numbers (strong); with a power
        (``\\mathbb{R}^n``, ``\\{0, 1\\}^K``) the name is a vector and its entries numbers."""
        for m in _NUMBER_SET.finditer(latex):
            before = re.split(r"[$;]|\\q?quad|\\text\s*\{[^{}]*\}|\b(?:for|and|where|with)\b|\\forall|\(|\\\{", latex[:m.start()])[-1]
            power = bool(m.group(3)) and not re.fullmatch(r"\s*\^\s*\{?\s*1\s*\}?", m.group(3))
            for part in split_top(before, ","):
                nm = _whole_name(part.strip())
                if nm is None:
                    continue
                name = self._see(nm)
                clue = Clue("set", True, True, q, line, shown(latex[m.start() - len(before):m.end()].strip(), 40))
                if power:
                    self.add(name, Clue("vector", True, False, q, line, clue.shown))
                    key = self.keys.get(name) or nm.base + "_•"
                    self.family.setdefault(key, []).append(clue)
                else:
                    self.add(name, clue, family=self.keys.get(name) is not None)

    def _signatures(self, latex: str, q: str, line: int) -> None:
        """``y : \\mathbb{R}^D \\rightarrow \\mathbb{R}^K``, ``f: \\mathbb R^n \\to \\mathbb R``: the
        document declares a function (strong), whatever its applications look like."""
        for m in _SIGNATURE.finditer(latex):
            before = re.split(r"[$;(]|\\q?quad|\\text\s*\{[^{}]*\}|\\(?:mathrm|operatorname)\s*\{\s*(?:for|let|where)\s*\}",
                              latex[:m.start()])[-1]
            for nm in _signed(before):
                name = self._see(nm)
                self.add(name, Clue("signature", False, True, q, line,
                                    f"{name} : {shown(m.group(1).strip(), 16)} \\to ..."))

    def _relation(self, st, q: str) -> None:
        """A relation of the document: ``NAME = number``, ``\\sum_i NAME = number``, ``NAME =
        formula``, ``NAME(x, y) = ...`` and ``g = \\tanh``."""
        if st.relation not in ("=", ":="):
            return
        for left, right in ((st.from_, st.to), (st.to, st.from_)):
            nm = _whole_name(left)
            if nm is not None:
                name = self._see(nm)
                if _NUMBER.match(right):
                    self.add(name, Clue("number", True, True, q, st.line, f"{name} = {shown(right, 12)}"),
                             family=self.keys.get(name) is not None)
                elif _FUNCTION_VALUE.match(right) or _CDOT_CALL.search(right) or _PRIMED.match(right):
                    self.add(name, Clue("assigned", False, True, q, st.line, f"{name} = {shown(right, 16)}"))
                elif left is st.from_ and not st.continued:
                    self.add(name, Clue("formula", True, False, q, st.line, f"{name} = {shown(right, 16)}"))
                continue
            head = _SUM_HEAD.match(left)
            if head and head.end() > 0 and _NUMBER.match(right):
                nm = _whole_name(left[head.end():])
                if nm is not None:
                    name = self._see(nm)
                    self.add(name, Clue("sum", True, False, q, st.line, f"{shown(left, 20)} = {shown(right, 8)}"),
                             family=self.keys.get(name) is not None)
        word = _word_definition(st.from_)
        if word is not None and not st.continued:
            # \mathrm{KL}(x) = ..., \mathrm{flip}(\mathbf{w})_j = w_{k-j+1}: an operator name the
            # document defines (applied to names, or its entry at an index letter)
            name, args = word
            self.names.add(name)
            self.keys.setdefault(name, None)
            self.add(name, Clue("defined", False, True, q, st.line, f"{name}({shown(args, 12)}) = ..."))
        got = _defined_call(st.from_)
        if got is not None and not st.continued:
            nm, args = got
            name = self._see(nm)
            self.add(name, Clue("defined", False, True, q, st.line, f"{name}({shown(args, 12)}) = ..."))

    # -- reading -------------------------------------------------------------------------------
    def about(self, name: str, here: str) -> list:
        """The clues that speak about ``name`` in question ``here``: the question's own when it
        has any, else the whole document's."""
        here = _question(here)
        if name not in self.keys:   # a name the scan did not meet (y_j beside y_i): its family
            nm = _whole_name(name)
            if nm is not None:
                self.keys[name], self.kin[name] = family_key(nm), (nm.letter, nm.sub)
        allc = list(self.clues.get(name, ()))
        key = self.keys.get(name)
        if key is not None:
            allc += self.family.get(key, ())
        if not allc:
            allc = self._relatives(name)
        own = [c for c in allc if c.question == here]
        return own or allc

    def _relatives(self, name: str) -> list:
        """The clues of the names that differ from ``name`` only by a decoration (``\\hat{y}``
        for y): the estimate of a value is a value, of a function a function. Weak evidence
        only, and only for a name the document says nothing about itself."""
        out = []
        for other in sorted(set(self.relatives.get(self.kin.get(name), ())) - {name}):
            for c in self.clues.get(other, ()):
                out.append(Clue("relative", c.value, False, c.question, c.line, f"{other}: {c.shown}"))
        return out[:MAX_CLUES]

    def strength(self, name: str, here: str, defined_here: bool = False, line: int | None = None) -> str | None:
        """How a product reading of ``name`` before a bracket stands in question ``here``:
        ``"strong"`` (the question gives it a number or a set of numbers, or defines it: a
        ``wrong`` may stand), ``"weak"`` (only used as a value, or given one in another
        question: the product is the likely reading but a wrong is not certain), or None
        (no value evidence), or ``"own"`` when the only evidence is on the step's own ``line``
        (``y(a + b) = ya + yb``: a step cannot vouch for its own reading, so even a holds is
        doubtful there)."""
        here = _question(here)
        clues = [c for c in self.about(name, here) if c.value]
        if not clues and not defined_here:
            return None
        if line is not None and not defined_here and all(c.line == line for c in clues):
            return "own"
        if name in _OWN_MEANING and defined_here:
            return "function-like"   # \sigma^2 = ... defines a value; \sigma( still looks like the sigmoid
        if name in FUNCTION_LIKE and not defined_here \
                and not any(c.kind in STRONG_VALUE and c.question == here for c in clues):
            # h, f, g are often functions; h = \sigma(z) defined as a value in this question is not
            return "function-like"
        if defined_here or any(c.question == here and (c.kind in STRONG_VALUE or c.kind == "formula") for c in clues):
            return "strong"
        return "weak" if clues else None

    def settle(self, functions, variables, here: str, lets) -> tuple:
        """(functions, variables, conflicts) of the reader's Scope in question ``here``: the
        evidence added to what the plan already knows (its definitions and the names its read
        steps used as values). ``let`` directives and the plan's function definitions win."""
        here = _question(here)
        memo = (frozenset(functions), frozenset(variables), here, tuple(sorted(lets)))
        if memo not in self.settled:
            if len(self.settled) >= MAX_MEMO:
                self.settled.clear()
            try:
                self.settled[memo] = self._settle(functions, variables, here, lets)
            except Exception:   # evidence only adds: a failure leaves the plan's scope as it was
                self.settled[memo] = (frozenset(functions), frozenset(variables), ())
        return self.settled[memo]

    def _settle(self, functions, variables, here: str, lets) -> tuple:
        functions, variables, conflicts = set(functions), set(variables), {}
        decided = {n for n, _ in lets}
        for name in sorted(self.names | set(variables)):
            if name in decided or name in _OWN_MEANING:
                continue
            clues = self.about(name, here)
            if name in functions:
                # defined as a function by the plan (u(t) = 0.5^t) but given a number or a set of
                # numbers in this very question (u = 0.5): which one a step means is not known
                given = [c for c in clues if c.value and c.strong and c.question == here]
                if given:
                    conflicts[name] = _conflict(name, [c for c in clues if not c.value] or
                                                [Clue("defined", False, True, here, 0, f"{name}(...) defined")], given)
                    functions.discard(name)
                    variables.discard(name)
                continue
            vals = [c for c in clues if c.value]
            funs = [c for c in clues if not c.value]
            if any(c.kind in DECLARED for c in funs):
                # f, g \colon \mathbb{R} \to \mathbb{R}; "for functions $f$ and $g$": the bare
                # uses (g > 0, "f is linear") mention the function, they give it no value
                vals = [c for c in vals if c.kind != "bare"]
                if not vals:
                    variables.discard(name)
            if funs and (vals or name in variables):
                # y_k = \sigma(a_k) beside y_k(x; w): the value of a function and the function
                # share a name in many documents, so each use decides (a list is a call, a
                # definition's left side a function: plan.py) and NAME(...) alone is neither
                conflicts[name] = _conflict(name, funs, vals or None)
                variables.discard(name)
            elif any(c.strong for c in funs):
                functions.add(name)
            elif vals:
                variables.add(name)
        return frozenset(functions), frozenset(variables), tuple(sorted(conflicts.items()))


def _conflict(name: str, funs, vals) -> str:
    """The reason of a NotRead for NAME(...): the strongest clue of each kind, with its line."""
    funs = sorted(funs, key=lambda c: not c.strong)
    vals = sorted(vals, key=lambda c: not c.strong) if vals else vals
    f = "; ".join(list(dict.fromkeys(c.says() for c in funs))[:2])
    v = "; ".join(list(dict.fromkeys(c.says() for c in vals))[:2]) if vals else "used as a value in a step before"
    return (f"{name}(...) may be a call of {name} or a product {name}*(...): the document uses it as a "
            f"function ({f}) and as a value ({v}); say `let {name} = function` or `symbol`")


def family_key(nm) -> str | None:
    """``y`` for ``y_i``, ``y_j``, ``y_2``, ``w^{(2)}`` for ``w_{kj}^{(2)}``: entries of one
    family (a subscript of index letters or numbers). None for a name without a subscript or
    with a subscript that is a label (``L_{\\text{CE}}``, ``x_{t+1}``)."""
    if nm.sub is None or not re.fullmatch(r"[A-Za-z0-9]{1,3}|[A-Za-z0-9](?:\s*,\s*[A-Za-z0-9]){1,2}", nm.sub.strip()):
        return None
    return nm.base + "_•"


def _signed(before: str) -> list:
    """The names a signature declares: ``f, g, h`` of ``f, g, h \\colon \\mathbb{R} \\to
    \\mathbb{R}`` when every part of the list before it is a name, else the last part alone
    (``x \\in X, f : X \\to Y`` declares f)."""
    parts = split_top(before, ",")
    names = [_whole_name(p) for p in parts]
    if names and all(n is not None for n in names):
        return names
    return [names[-1]] if names and names[-1] is not None else []


_LIST_NAME = re.compile(r"\s*,\s*(?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?")


def _signature_after(latex: str, end: int) -> bool:
    """Whether a signature follows the name ending at ``end``, directly or after more names of
    its list (``f`` of ``f, g \\colon \\mathbb{R} \\to \\mathbb{R}``)."""
    for _ in range(8):
        if _SIGNATURE.match(latex, end):
            return True
        m = _LIST_NAME.match(latex, end)
        if m is None:
            return False
        end = m.end()
    return False


def _bracket_next(s: str, k: int) -> bool:
    """Whether a bracket, a brace or a prime follows at s[k], directly or after a superscript
    (``\\sigma^2(0)``): such a name is not used bare there."""
    if k < len(s) and s[k] == "^":
        a = skip(s, k + 1)
        k = skip(s, group_end(s, a) if a < len(s) and s[a] == "{" else a + 1)
    return k < len(s) and s[k] in "[({'"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def _scanner():
    from ..reading.read import Scope
    from ..reading.scan import Scanner
    return Scanner(Scope())


_SCANNER = None


def _name_at(s: str, i: int):
    global _SCANNER
    if _SCANNER is None:
        _SCANNER = _scanner()
    try:
        return _SCANNER.name_at(s, i)
    except (NotRead, RecursionError, IndexError, ValueError):
        return None


def _whole_name(text: str):
    """The Name that is all of ``text`` (``w_3``, ``\\bar{v}``), else None."""
    text = text.strip()
    if not text:
        return None
    found = _name_at(text, 0)
    if found is None or found[1] or skip(text, found[2]) != len(text):
        return None
    return found[0]


def _defined_call(left: str):
    """(Name, args) of a left side ``NAME(a, b)`` applied to bare names, else None."""
    left = left.strip()
    found = _name_at(left, 0)
    if found is None or found[1]:
        return None
    k = skip(left, found[2])
    if left.startswith("\\left", k):
        k = skip(left, k + 5)
    if k >= len(left) or left[k] != "(" or group_end(left, k) < len(left.rstrip()) - (7 if left.rstrip().endswith("\\right)") else 0):
        return None
    inner = left[k + 1:group_end(left, k) - 1].replace("\\right", "")
    parts = split_top(inner, ",;")
    if not parts or any(_whole_name(p) is None for p in parts):
        return None
    return found[0], inner


_WORD_CALL = re.compile(r"^\s*(\\(?:mathrm|operatorname|text|textrm|mathit|mathsf)\s*\{\s*[A-Za-z]{2,12}\s*\})\s*"
                        r"(?:\\left\s*)?\((?P<args>[^()]*)(?:\\right\s*)?\)"
                        r"(?:\s*_\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z]))?\s*$")


# operator words with a meaning of their own (matrices.py, vectors.py, the library): never defined anew
_KNOWN_WORD = re.compile(r"\{\s*(?:tr|Tr|trace|Trace|det|diag|Diag|softmax|sigmoid|relu|ReLU|tanh|exp|log)\s*\}")


def _word_definition(left: str):
    """(name as the reader spells it, args) of a left side ``\\mathrm{KL}(x)`` or
    ``\\mathrm{flip}(\\mathbf{w})_j``: an operator name applied to names, alone on its side."""
    m = _WORD_CALL.match(left)
    if m is None or _KNOWN_WORD.search(m.group(1)):
        return None     # tr(W) = \sum_i W_{ii}: a claim about the trace, read by array mode
    args = m.group("args").replace("\\right", "")
    parts = split_top(args, ",;")
    if not parts or any(_whole_name(p) is None for p in parts):
        return None
    from ..parse.directives import _as_read
    try:
        return _as_read(m.group(1)), args
    except Exception:   # a spelling the directives cannot name: no evidence
        return None


def _applied(inner: str) -> str | None:
    """What a bracket after a name shows: ``cdot`` (``(\\cdot)``), ``list`` (a plain list of
    two or more expressions separated by ``;`` or ``,``), ``applied`` (one bare name), None."""
    text = re.sub(r"\\[,;:! ]", " ", inner.replace("\\right", "")).strip()
    if re.fullmatch(r"\\cdot|\\,?\\cdot\\,?|\.", text):
        return "cdot"
    if "|" in text or "\\mid" in text:
        return None
    if ";" in text:
        parts = split_top(text, ";")
        if len(parts) >= 2 and all(p.strip() for p in parts):
            return "list"
    parts = split_top(text, ",")
    if len(parts) >= 2 and all(_whole_name(p) is not None or _FUNCTION_ARGUMENT.fullmatch(p) for p in parts):
        return "list"
    if _whole_name(text) is not None:
        return "applied"
    return None


def _names(latex: str):
    """(Name, primes, end, after \\partial or a differential d) of every name in a formula, left to
    right; commands that are not names are passed over with the sub- and superscripts after
    them (the limits of \\sum_{i=1}^n), and so are \\text words."""
    i, n, partial = 0, len(latex), False
    count = 0
    while i < n and count < 5000:
        count += 1
        c = latex[i]
        if c == "\\":
            m = re.compile(r"\\([A-Za-z]+)").match(latex, i)
            if not m:
                i += 2
                continue
            cmd = SAME.get(m.group(1), m.group(1))
            if cmd in GREEK or cmd in DECORATIONS:
                found = _name_at(latex, i)
                if found is not None:
                    yield found[0], found[1], found[2], partial
                    partial = False
                    i = max(found[2], i + 1)
                    continue
            # \nabla_{\mathbf w} J: J is what the gradient is taken of, as with \partial J (no value use)
            partial = cmd in ("partial", "nabla")
            i = m.end()
            if cmd in _SKIPPED_WORDS:
                k = skip(latex, i)
                if k < n and latex[k] == "{":
                    i = group_end(latex, k)
            continue
        if c in "_^":
            k = skip(latex, i + 1)
            i = group_end(latex, k) if k < n and latex[k] == "{" else k + 1
            continue
        if c.isalpha():
            word = re.compile(r"[A-Za-z]{3,}").match(latex, i)
            if word and (i == 0 or not latex[i - 1].isalpha()):
                i = word.end()     # tanh, mathbfb: a word written without its backslash
                continue
            if c == "d" and i + 1 < n and (latex[i + 1].isalpha() or latex[i + 1] == "\\") \
                    and (i == 0 or latex[i - 1] in "{ "):
                partial = True     # dL, d\theta: a differential
                i += 1
                continue
            found = _name_at(latex, i)
            if found is None:
                i += 1
                continue
            yield found[0], found[1], found[2], partial
            partial = False
            i = max(found[2], i + 1)
            continue
        if not c.isspace():
            partial = False
        i += 1
