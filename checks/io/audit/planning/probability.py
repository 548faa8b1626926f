"""Gaussian densities, expectations and KL terms as VAE solutions write them.

A document states its distributions in words and formulae (``$q(z) = \\mathcal{N}(z; \\mu,
\\sigma^2)$``, ``$\\epsilon \\sim \\mathcal N(0, 1)$``) and then computes with them
(``\\log q(z) = ...``, ``\\mathbb{E}_q[...] = ...``, ``\\mathrm{KL}(q \\| p) = ...``). Three parts:

- the reader (``density_call``, hooked into names.py): ``\\mathcal{N}(x; m, v)`` and
  ``\\mathcal{N}(x \\mid m, v)`` are the scalar Gaussian density, an applied function
  ``GAUSS(x, m, v)``; ``\\mathrm{KL}(q \\| p)``, ``D_{\\mathrm{KL}}(q \\,\\|\\, p)`` are one opaque
  value (unambiguous as a whole), like ``\\mathbb{E}_q[...]`` (names.py);
- the facts (``Facts.of``): what the text states about distributions, per question, with
  the line that states it. A name given two different distributions in one question (or,
  with none in its question, in two questions) has none: it is ambiguous;
- the evaluation (``evaluate``, hooked into context.expand): ``GAUSS`` becomes its formula
  (its logarithm the exact log-density, for v > 0); an expectation whose body is a polynomial
  in the one random variable (after the log-densities are expanded) becomes the Gaussian
  moments of that variable; a KL of two known Gaussian densities of one variable becomes
  ``E_q[log q - log p]``. Anything else stays the opaque symbol the reader made.

A ``wrong`` can therefore only come from facts the text states; the facts a step used are
listed with its reading (``used``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.core.function import AppliedUndef

from ..reading.notation import NotRead, argument, group_end, shown
from ..reading.pieces import Node, skip, split_top, squash

GAUSS = "\\mathcal{N}"           # the applied function the reader makes of a density
VARIANCE = "\\mathrm{Var}"       # the opaque name the reader makes of Var[...] (names.py)
MAX_DEGREE = 12                  # polynomial bodies of expectations up to this degree
MAX_FACTS = 200                  # distribution statements read per document
_KL_NAMES = {"\\mathrm{KL}", "\\text{KL}", "\\operatorname{KL}", "\\textrm{KL}", "D_{KL}",
             "D_{\\mathrm{KL}}", "D_{\\text{KL}}", "D_{\\operatorname{KL}}", "\\mathrm{D}_{\\mathrm{KL}}"}
_PARALLEL = re.compile(r"\\\||\|\||\\parallel(?![A-Za-z])|\\Vert(?![A-Za-z])")
_VECTOR = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|Sigma|operatorname\s*\{\s*diag)(?![A-Za-z])|(?<![A-Za-z\\])I(?![A-Za-z])")
_COND = re.compile(r"\\mid(?![A-Za-z])|\|")
_CALIGRAPHIC_N = re.compile(r"\\mathcal\s*(?:\{\s*N\s*\}|N(?![A-Za-z]))")


# -- reading ---------------------------------------------------------------------------------

def density_call(scanner, s: str, nm, k: int, out: list):
    """At a name followed by a bracket at s[k]: the end of a Gaussian density or a KL term it
    reads (appending its node to ``out``), or None when the name is neither."""
    if nm.text == GAUSS and s[k] == "(":
        return _gaussian(scanner, s, k, out)
    if nm.text.replace(" ", "") in _KL_NAMES:
        end = group_end(s, k)
        if len(_PARALLEL.findall(s[k + 1:end - 1])) == 1:
            out.append(scanner.add(Node("opaque", squash(nm.text + s[k:end]))))
            return end
    if s[k] == "(" and scanner.meaning(nm) in (None, ("user", nm.text)):
        return _conditional(scanner, s, nm, k, out)
    return None


def conditional_name(name: str, condition: str, variable: str) -> str:
    """The function a conditional density q(z \\mid x) is read as: q_{z}(\\cdot|x), of z (as p_X
    names the density of X). The variable's written base is part of the name: p(x \\mid \\theta)
    and p(y \\mid \\theta) in one text are two densities (exponential inputs, Bernoulli labels),
    not one function of what is written first. ``variable`` as written (z, z_i: an index is no
    part of the name); in a subscript, so that a sum over x of p(x|y) has no x outside one."""
    return f"{name}_{{{written_base(variable) or squash(variable)}}}(\\cdot|{squash(condition)})"


def written_base(text: str) -> str | None:
    """The written base of one name, its index and label superscript dropped (y of y_i,
    \\mathbf{x} of \\mathbf{x}_n, x of x^{(i)}); None when ``text`` is not one name."""
    from ..reading.read import one_name
    nm = one_name(" ".join(text.split()))
    if nm is None:
        return None
    return squash(nm.base[:len(nm.base) - len(nm.sup)] if nm.sup else nm.base)


def _conditional(scanner, s, nm, k, out):
    """q(z \\mid x), p(x | z): the conditional density of one variable, a function of it named
    with its condition (a \\mid, or one bar, is no product and no call with two arguments).
    Other conditionals (several variables, events Y = 1, conditions with indices or a
    parameter after a semicolon) are ``_general``; a bar that may be an absolute value is left
    to the reader."""
    end = group_end(s, k)
    inner = s[k + 1:end - 1]
    if "\\|" in inner:          # a norm inside: its bars are no condition
        return None
    bars = [m for m in _BAR.finditer(inner)]
    if len(bars) != 1 or _depth(inner, bars[0].start()) != 0:
        return None
    variable, condition = inner[:bars[0].start()].strip(), inner[bars[0].end():].strip()
    if not variable or not condition:
        return None
    found = scanner.name_at(variable, 0)
    if found is None or found[2] != len(variable) or found[1] or "," in variable \
            or not _PLAIN_CONDITION.fullmatch(condition):
        return _general(scanner, nm, variable, condition, end, out)
    name = conditional_name(nm.text, condition, variable)
    scanner.called.add(name)
    out.append(scanner.add(Node("call", ("user", name), [scanner.piece(variable)], 0)))
    return end


# A condition that may be part of the function's name: a name or two, no index, no event.
_PLAIN_CONDITION = re.compile(r"(?:\\?[A-Za-z]+|\\mathbf\s*\{\s*[A-Za-z]+\s*\}|\\boldsymbol\s*\{?\\?[A-Za-z]+\}?)"
                              r"(?:\s*,\s*(?:\\?[A-Za-z]+|\\mathbf\s*\{\s*[A-Za-z]+\s*\}))*")
_BAR = re.compile(r"\\middle\s*\||\\mid(?![A-Za-z])|(?<!\\)\|")
PROBABILITY_MARK = "|"     # in the name of a conditional read by ``_general``: p(\cdot|\cdot)


def _general(scanner, nm, events, condition, end, out):
    """p(y_i \\mid x_i; \\theta), P(Y = 1 \\mid X = x): an opaque function of every value
    written, named with the shape of its list (p(\\cdot|\\cdot;\\cdot), P(Y=1|X=\\cdot)), so that
    the same written arguments are the same value and different ones are not tied. A random
    variable named in an event (Y of Y = y) and a number it takes (the 1 of Y = 1) are part
    of the name: P(Y=1|X=x) = \\sigma(w x) is then the definition of a function of x. So are
    the written bases of the values of the event and of the condition, their indices dropped
    (p_{y|x}(\\cdot|\\cdot;\\cdot) of p(y_i \\mid x_i; w), as p_{Y|X} names a conditional density):
    p(y_i \\mid x_i) and p(y_j \\mid x_j) are one function, p(x_i \\mid y_i) another, and so is a
    prior p(w \\mid \\alpha; \\beta). The value is a probability or a density: positive
    (``is_conditional``)."""
    shape, args, bases = [], [], {"": [], "|": []}
    for side, text in (("", events), ("|", condition)):
        groups = split_top(text, ";")
        for g, group in enumerate(groups):
            shape.append(side if g == 0 else ";")
            parts = _clauses_apart(split_top(group, ","))
            quantified = _quantified(parts)
            if quantified is None:
                return None
            for p, part in enumerate(parts):
                got = ((quantified[p], []) if p in quantified else _event(part))
                if got is None:
                    return None
                shape.append(("," if p else "") + got[0])
                args += got[1]
                if g == 0 and got[0] == "\\cdot":   # a value alone (an event X = x names its X)
                    bases[side].append(written_base(got[1][0]) or "\\cdot")
    written = f"{','.join(bases[''])}|{','.join(bases['|'])}"
    name = f"{nm.text}{'_{' + written + '}' if written != '|' else ''}({''.join(shape)})"
    scanner.called.add(name)
    out.append(scanner.add(Node("call", ("user", name), [scanner.piece(a) for a in args], 0)))
    return end


def _quantified(parts: list):
    """The positions of the parts of a condition's list that a quantifier clause in it binds
    (``X_i = 1, X_j = 0, \\forall j \\neq i``: the last two), {} with no quantifier, None when
    the clause binds a part that is no event of a constant (``X_j = x_j, \\forall j``: a value of
    every x_j, which one name cannot stand for). Those parts are read as text, part of the
    conditional's name (an opaque condition): the letters they bind are no free values, and the
    letters they leave free (the i of ``j \\neq i``) stay written in the name, so that a sum over
    i is refused as over any name that uses its index."""
    from ..reading import ranges
    out, letters = {}, set()
    for p, part in enumerate(parts):
        if _QUANTIFIER.match(part):
            got = ranges.parse(part)
            canonical = _canonical(got) if got is not None else None
            if canonical is None:
                return None
            out[p] = canonical
            letters |= set(got.letters)
    for p, part in enumerate(parts):
        if p in out or not any(re.search(r"(?<![A-Za-z\\])" + re.escape(x) + r"(?![A-Za-z])", part) for x in letters):
            continue
        m = _CONSTANT_EVENT.fullmatch(part.strip())
        if m is None or m.group("x") not in letters:
            return None
        out[p] = re.sub(r"\s+", "", part)
    return out


def _canonical(got) -> str:
    """A quantifier clause as one text however written (``\\forall j \\neq i``, ``\\text{ for all }
    j \\neq i``), spaced so that its letters stay words (a sum over i sees the i)."""
    text = "\\forall " + ", ".join(got.letters)
    if got.bounded:     # strict ends kept: 1 < j \le n is not 1 \le j \le n
        lo_op, hi_op = ("<" if got.strict[0] else "\\le"), ("<" if got.strict[1] else "\\le")
        text = f"\\forall {got.lower} {lo_op} {', '.join(got.letters)} {hi_op} {got.upper}"
    elif got.lower is not None or got.upper is not None:
        return None     # one end only: not one canonical text
    return text + "".join(f" \\neq {e}" for e in got.exclusions)


def _clauses_apart(parts: list) -> list:
    """``X_j = 0 \\text{ for all } j \\neq i`` as two parts, the event and its quantifier clause."""
    out = []
    for part in parts:
        m = _QUANTIFIER_INSIDE.search(part)
        if m is not None and part[:m.start()].strip():
            out += [part[:m.start()], part[m.start():]]
        else:
            out.append(part)
    return out


_QUANTIFIER = re.compile(r"\s*(?:\\forall|\\text\s*\{\s*for\s+(?:all|every|each)\s*\})")
_QUANTIFIER_INSIDE = re.compile(r"(?:\\forall|\\text\s*\{\s*for\s+(?:all|every|each)\s*\})")
# X_j = 0: a variable with a letter as its index, at a number
_CONSTANT_EVENT = re.compile(r"(?:\\?[A-Za-z]+|\\mathbf\s*\{\s*[A-Za-z]+\s*\})_\{?\s*(?P<x>[a-z])\s*\}?\s*=\s*[-+]?\d+(?:\.\d+)?")


_VARIABLE = re.compile(r"\\?[A-Za-z]+|\\mathbf\s*\{\s*[A-Za-z]+\s*\}|\\mathbf\s*[A-Za-z]")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _event(part: str):
    """(shape, pieces) of one argument: ``Y = 1`` is ("Y=1", []), ``Y = y`` ("Y=\\cdot", [y]),
    ``\\hat y_i = y_i`` ("\\cdot=\\cdot", [\\hat y_i, y_i]), anything else ("\\cdot", [itself])."""
    part = part.strip()
    if re.search(r"[<>]|\\(?:le|ge|leq|geq|neq?|in|notin)(?![A-Za-z])", part):
        return None        # an event Y > 0: not a value of a variable
    sides = [x.strip() for x in split_top(part, "=")]
    if len(sides) == 1:
        return "\\cdot", sides
    if len(sides) > 2:
        return None
    a, b = sides
    shape, pieces = [], []
    if _VARIABLE.fullmatch(a):
        shape.append(" ".join(a.split()))
    else:
        shape.append("\\cdot")
        pieces.append(a)
    if _NUMBER.fullmatch(b):
        shape.append(b)
    else:
        shape.append("\\cdot")
        pieces.append(b)
    return "=".join(shape), pieces


def is_conditional(name: str) -> bool:
    """Whether an applied function is a conditional probability or density the reader made."""
    return "(" in name and ("|" in name) and name.endswith(")")


def _depth(text: str, at: int) -> int:
    return sum((c in "([{") - (c in ")]}") for c in text[:at])


def split_density(inner: str):
    """(variable, mean, variance) of ``x; m, v`` / ``x \\mid m, v``, (None, mean, variance) of a
    distribution ``m, v``; NotRead for anything else or a multivariate one."""
    if _VECTOR.search(inner):
        raise NotRead(f"\\mathcal{{N}}({shown(inner, 30)}): a multivariate Gaussian (a vector or a "
                      "covariance matrix) is not read; only scalar densities are")
    parts = split_top(inner, ";")
    if len(parts) == 1:
        cond = [m for m in _COND.finditer(inner)]
        if len(cond) == 1 and inner[:cond[0].start()].count("(") == inner[:cond[0].start()].count(")"):
            parts = [inner[:cond[0].start()], inner[cond[0].end():]]
    if len(parts) > 2:
        raise NotRead(f"\\mathcal{{N}}({shown(inner, 30)}) is not read")
    params = split_top(parts[-1], ",")
    if len(params) != 2:
        raise NotRead(f"\\mathcal{{N}}({shown(inner, 30)}): a Gaussian needs a mean and a variance")
    variable = parts[0].strip() if len(parts) == 2 else None
    return variable, params[0].strip(), params[1].strip()


def _gaussian(scanner, s, k, out):
    end = group_end(s, k)
    variable, mean, var = split_density(s[k + 1:end - 1])
    if variable is None:
        raise NotRead(f"\\mathcal{{N}}({shown(s[k + 1:end - 1], 30)}) is a distribution, not a value "
                      "(the density is \\mathcal{N}(x; m, v))")
    scanner.called.add(GAUSS)
    out.append(scanner.add(Node("call", ("user", GAUSS), [scanner.piece(t) for t in (variable, mean, var)], 0)))
    return end


# -- facts -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    """A stated Gaussian: ``name`` is the random variable (``kind`` "sim") or the density
    (``kind`` "density", with its ``variable``); ``mean``, ``var`` as SymPy (None: unreadable)."""
    kind: str
    name: str
    variable: str
    mean: object
    var: object
    line: int
    text: str
    law: str = "normal"     # "normal" | "bernoulli" (params: (q,)) | "uniform" (params: (a, b))
    params: tuple = ()
    doubt: str = ""         # what the words beside it leave open (a drop probability as the parameter?)

    def same(self, other) -> bool:
        if None in (self.mean, self.var, other.mean, other.var) or self.variable != other.variable \
                or self.law != other.law:
            return False
        return sp.expand(self.mean - other.mean) == 0 and sp.expand(self.var - other.var) == 0

    def moment(self, k: int):
        """E[x^k] for x of this law, exactly."""
        if self.law == "bernoulli":
            return sp.Integer(1) if k == 0 else self.params[0]      # x^k = x for x in {0, 1}
        if self.law == "uniform":
            a, b = self.params
            return sp.cancel((b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a)))
        return moment(k, self.mean, self.var)

    def domain(self) -> list | None:
        """What the law needs of its parameters to be one (a probability in [0, 1], a < b), as
        bounds of one symbol each (the form the engine's assumptions take): a counterexample
        outside it is no counterexample. None when it cannot be said so (1 - p q in [0, 1])."""
        if self.law == "bernoulli":
            q = self.params[0]
            needs = [(q, 0, ">="), (q, 1, "<=")]
        elif self.law == "uniform":
            needs = [(self.params[1] - self.params[0], 0, ">")]
        else:
            return []
        out = []
        for e, bound, rel in needs:
            got = _bound(e, bound, rel)
            if got is None:
                return None
            out += got
        return out

    def shown(self) -> str:
        return f"{self.text} (line {self.line})" if self.line else f"{self.text} (in the step)"


_NAME = r"((?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9]|_\\[A-Za-z]+)?)"
_SIM = re.compile(r"(?<![A-Za-z\\_^{])" + _NAME + r"\s*\\sim\s*\\mathcal\{N\}\s*(?:\\left\s*)?\(")
_DENSITY = re.compile(r"(?<![A-Za-z\\_^{])" + _NAME + r"\s*(?:\\left\s*)?\(([^()]*)\)\s*(?:\\right\s*)?"
                      r"=\s*\\mathcal\{N\}\s*(?:\\left\s*)?\(")


@dataclass
class Facts:
    facts: dict = field(default_factory=dict)    # (kind, name) -> [(question, Fact)]
    used: list = field(default_factory=list)     # facts the steps expanded since the last ``take``

    @classmethod
    def of(cls, text: str, kind: str = "markdown", found=None) -> "Facts":
        """The distributions a document states; ``found``: its displays, when the caller has them."""
        from ..document.context import question_of
        from ..parse.extract import displays
        out = cls()
        try:
            found = displays(text, kind, inline=True) if found is None else found
        except Exception:   # an unreadable document has no facts; its steps say why
            return out
        count = 0
        for d in found:
            if "N" not in d.latex and not _OTHER_LAW.search(d.latex):
                continue
            latex = _CALIGRAPHIC_N.sub(lambda _: GAUSS, d.latex)
            try:
                others = list(_other_laws(latex, d.first_line))
                if others and _DROP_WORDS.search(text[max(0, d.start - 240):d.start + len(d.latex) + 240]):
                    others = [replace(f, doubt=_DROP_DOUBT) if f.law == "bernoulli" else f for f in others]
                for fact in list(_facts_in(latex, d.first_line)) + others:
                    count += 1
                    if count > MAX_FACTS:    # a document of thousands: the rest state nothing
                        return out
                    out.facts.setdefault((fact.kind, fact.name), []).append((question_of(d.location), fact))
            except NotRead:      # an unbalanced bracket: this display states nothing
                continue
        return out

    def lookup(self, kind: str, name: str, question: str):
        """The one fact of that kind about ``name`` in ``question`` (or, with none there, in the
        document), or None when there is none or they disagree."""
        from ..document.context import question_of
        question = question_of(question)     # a label (Q1) or its key (1)
        got = self.facts.get((kind, _normal(name)), [])
        here = [f for q, f in got if q == question] or [f for _, f in got]
        if not here or here[0].mean is None or any(not f.same(here[0]) for f in here[1:]):
            return None       # none, unreadable, or two that disagree
        return here[0]

    def ambiguous(self, name: str, question: str) -> list:
        """The facts of a density written twice differently (in ``question``, or the document)."""
        from ..document.context import question_of
        question = question_of(question)     # a label (Q2) or its key (2)
        got = self.facts.get(("density", _normal(name)), [])
        here = [f for q, f in got if q == question] or [f for _, f in got]
        return here if here and any(not f.same(here[0]) for f in here[1:]) else []

    def take(self) -> list:
        """The facts used since the last call, as shown with a reading (and forgotten)."""
        out, self.used = list(dict.fromkeys(f.shown() for f in self.used)), []
        return out

    def positive(self) -> list:
        """The assumptions the facts used since the last ``take`` carry: a variance written v is
        positive, and one written s^2 names s the standard deviation, positive (the document's
        own -log s, and its -1/2 log s^2, mean that)."""
        out = []
        for f in self.used:
            if getattr(f, "law", "normal") != "normal":
                out += f.domain() or []     # None: the step keeps a doubt instead (_expectation_of)
                continue
            base = f.var.base if isinstance(f.var, sp.Pow) and f.var.exp == 2 else f.var
            if isinstance(base, sp.Symbol) and not base.is_integer:
                out.append(base > 0)
        return list(dict.fromkeys(out))

    def names(self) -> set:
        """Every name the stated distributions are written with: variables and parameters."""
        out = set()
        for group in self.facts.values():
            for _, f in group:
                out.add(f.variable)
                out |= {x.name for e in (f.mean, f.var) for x in getattr(e, "free_symbols", ())}
        return out

    def stated(self) -> set:
        """The names in the parameters of the facts used since the last ``take``: a step may
        leave one of them out (E_q[z^2] = m^2 with s^2 stated), and that is its error."""
        return {x.name for f in self.used for e in (f.mean, f.var) for x in getattr(e, "free_symbols", ())}


def _normal(name: str) -> str:
    from ..reading.read import _normal as normal
    return normal(name)


def _subjects(latex: str, m) -> list | None:
    """The names a ``\\sim`` at match ``m`` is said of: its own and those listed before it
    (``\\epsilon_1, \\epsilon_2 \\sim``); None when the name is the condition of a conditional
    law (``y \\mid x \\sim``: the law is y's given x, not x's)."""
    before = latex[:m.start(1)]
    if re.search(r"(?:\\mid|\|)\s*$", before):
        return None
    names = [m.group(1)]
    while len(names) < 8:
        got = re.search(_NAME + r"\s*,\s*$", before)
        if got is None:
            break
        names.insert(0, got.group(1))
        before = before[:got.start()]
    return names


def _facts_in(latex: str, first_line: int):
    from ..reading.read import read
    for pattern, kind in ((_SIM, "sim"), (_DENSITY, "density")):
        for m in pattern.finditer(latex):
            if kind == "sim" and _subjects(latex, m) is None:
                continue
            open_at = m.end() - 1
            end = group_end(latex, open_at)
            line = first_line + latex.count("\n", 0, m.start())
            text = " ".join(latex[m.start():end].split())
            try:
                variable, mean, var = split_density(latex[open_at + 1:end - 1])
            except NotRead:
                continue
            name = _normal(m.group(1))
            if kind == "sim":
                if variable is not None:
                    continue       # z \sim \mathcal{N}(z; ...): not how a distribution is written
                variable = name
            else:
                own = _COND.split(m.group(2))[0].strip()
                if variable is None or _normal(own) != _normal(variable):
                    continue       # q(z) = \mathcal{N}(w; ...): not a density of z
                variable = _normal(variable)
            try:
                mean_e, var_e = read(mean).expr, read(var).expr
            except NotRead:
                mean_e = var_e = None
            if mean_e is not None and any(s.name == variable for s in (mean_e.free_symbols | var_e.free_symbols)):
                mean_e = var_e = None
            if kind == "sim":     # \epsilon_1, \epsilon_2 \sim \mathcal N(0, 1): each of them
                for each in _subjects(latex, m):
                    yield Fact(kind, _normal(each), _normal(each), mean_e, var_e, line, text)
                continue
            yield Fact(kind, name, variable, mean_e, var_e, line, text)
            if kind == "density" and len(_COND.split(m.group(2))) == 2:   # q(z \mid x): also q(\cdot|x)
                cond = _COND.split(m.group(2))[1].strip()
                yield Fact(kind, conditional_name(name, cond, variable), variable, mean_e, var_e, line, text)


# the laws besides the Gaussian that a random variable is said to follow: a Bernoulli mask
# (dropout), a uniform draw (initialisation)
_LAW_WORD = r"\\(?:text|mathrm|operatorname|textrm|mathsf)\s*\{\s*(?:%s)\s*\}"
_BERNOULLI = _LAW_WORD % r"Bernoulli|Bern|Ber"
_UNIFORM = r"(?:" + (_LAW_WORD % r"Uniform|Unif|U") + r"|\\mathcal\s*(?:\{\s*U\s*\}|U(?![A-Za-z])))"
_OTHER_LAW = re.compile(r"(?:%s|%s)" % (_BERNOULLI, _UNIFORM))
_SIM_OTHER = re.compile(r"(?<![A-Za-z\\_^{])" + _NAME + r"\s*\\sim\s*(?:(%s)|(%s))\s*(?:\\left\s*)?([(\[])"
                        % (_BERNOULLI, _UNIFORM))


def _bound(e, bound, rel: str) -> list | None:
    """``e rel bound`` as a bound of the one symbol ``e`` is linear in (``1 - p >= 0``: ``p <= 1``);
    [] when it holds for every value (a number), None when it is no such bound."""
    e = sp.sympify(e)
    if not e.free_symbols:
        return [] if sp.Rel(e, bound, rel) == sp.true else None
    if len(e.free_symbols) != 1:
        return None
    s = next(iter(e.free_symbols))
    a, b = sp.Poly(e, s).all_coeffs() if e.is_polynomial(s) and sp.degree(e, s) == 1 else (None, None)
    if a is None or not a.is_Number or not b.is_Number or a == 0:
        return None
    flipped = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}[rel] if a < 0 else rel
    return [sp.Rel(s, (bound - b) / a, flipped)]


# words that give the probability of dropping (not of keeping) beside a Bernoulli mask: the mask
# may be 1 for a dropped unit, so Bernoulli(p) may mean either
_DROP_WORDS = re.compile(r"\b(?:drop(?:out)?[- ](?:rate|probability)|(?:zero(?:e?s|ed)?|drops?|dropped|removes?|removed)\b"
                         r"[^.;]{0,60}?\bwith\s+probability)", re.I)
_DROP_DOUBT = ("the text speaks of a probability of dropping: the Bernoulli parameter may be the chance to drop, "
               "not to keep")


def _other_laws(latex: str, first_line: int):
    """``m_i \\sim \\text{Bernoulli}(1 - p)``, ``w \\sim \\mathcal{U}(-a, a)``, ``\\mathcal U[a, b]``:
    facts of the Bernoulli and uniform laws (parameters read, or the fact is not made)."""
    for m in _SIM_OTHER.finditer(latex):
        open_at = m.end() - 1
        end = group_end(latex, open_at)
        subjects = _subjects(latex, m)
        if end <= open_at or subjects is None:
            continue
        law = latex[m.start(2) if m.group(2) else m.start(3):end]
        line, text = first_line + latex.count("\n", 0, m.start()), " ".join(latex[m.start():end].split())
        for each in subjects:
            got = _other_law(law, _normal(each))
            if got is not None:
                yield replace(got, line=line, text=text)


def _other_law(law: str, rv: str):
    """The Fact of a Bernoulli or uniform law written ``\\text{Bernoulli}(q)`` / ``\\mathcal{U}(a, b)``
    for the variable ``rv``, or None (unreadable parameters, or another law)."""
    from ..reading.read import read
    m = re.fullmatch(r"\s*(?:(%s)|(%s))\s*(?:\\left\s*)?[(\[](.*)(?:\\right\s*)?[)\]]\s*" % (_BERNOULLI, _UNIFORM), law,
                     re.S)
    if m is None:
        return None
    inner = re.sub(r"\\right\s*$", "", m.group(3).strip())
    try:
        params = [read(p.strip()).expr for p in split_top(inner, ",")]
    except NotRead:
        return None
    if any(getattr(x, "name", None) == rv for p in params for x in getattr(p, "free_symbols", ())):
        return None     # a law whose parameters use its own variable: no moments of it
    if m.group(1) and len(params) == 1:
        q = params[0]
        return Fact("sim", rv, rv, q, q * (1 - q), 0, law.strip(), "bernoulli", (q,))
    if not m.group(1) and len(params) == 2:
        a, b = params
        return Fact("sim", rv, rv, (a + b) / 2, (b - a) ** 2 / 12, 0, law.strip(), "uniform", (a, b))
    return None


# -- evaluation ----------------------------------------------------------------------------------

def log_density(x, mean, var):
    """log N(x; mean, var) for var > 0. A variance written s^2 makes s the standard deviation
    (s > 0, as the document's own -log s assumes): half its log is log s."""
    if isinstance(var, sp.Pow) and var.exp == 2 and isinstance(var.base, sp.Symbol):
        half = sp.log(var.base)
    else:
        half = sp.log(var) / 2
    return -(x - mean) ** 2 / (2 * var) - sp.log(2 * sp.pi) / 2 - half


def density(x, mean, var):
    return sp.exp(-(x - mean) ** 2 / (2 * var)) / sp.sqrt(2 * sp.pi * var)


def moment(k: int, mean, var):
    """E[z^k] for z ~ N(mean, var), exactly: sum over even j of C(k, j) m^(k-j) v^(j/2) (j-1)!!."""
    return sp.Add(*[sp.binomial(k, j) * mean ** (k - j) * var ** (j // 2) * sp.factorial2(j - 1)
                    for j in range(0, k + 1, 2)])


def expectation(body, x, mean, var, law=None):
    """E[body] over x ~ N(mean, var), or over the law of the Fact ``law`` when given, when body
    is a polynomial in x; None otherwise."""
    if not body.has(x):
        return body
    if not body.is_polynomial(x):
        return None
    poly = sp.Poly(body, x)
    if poly.degree() > MAX_DEGREE:
        return None
    nth = law.moment if law is not None else (lambda k: moment(k, mean, var))
    return sp.Add(*[c * nth(k) for (k,), c in poly.terms()])


def densities(expr):
    """GAUSS(x, m, v) as its formula; its logarithm as the log-density."""
    if not hasattr(expr, "has") or not expr.has(sp.Function(GAUSS)):
        return expr
    is_gauss = lambda e: isinstance(e, AppliedUndef) and e.func.__name__ == GAUSS and len(e.args) == 3
    expr = expr.replace(lambda e: isinstance(e, sp.log) and is_gauss(e.args[0]),
                        lambda e: log_density(*e.args[0].args))
    expr = expr.replace(is_gauss, lambda e: density(*e.args))
    if expr.has(sp.Derivative):   # d/dmu log q(z), taken while q was still GAUSS(...)
        expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return expr


def evaluate(ctx, expr, location, hazards, rewrite):
    """The hook of context.expand: the expectations and KL terms the facts settle evaluated
    (before the definitions, so that a sentence "$\\mathbb{E}_q[z^2] = ...$" is not taken for
    the value), ``rewrite`` (the definitions replaced), then the densities as formulae and the
    expectations the definitions brought in."""
    facts = getattr(ctx, "facts", None)
    if facts is None or not hasattr(expr, "free_symbols"):
        return rewrite(expr)
    _written_densities(facts, expr)
    if not facts.facts and not _written_laws(ctx, expr):
        return densities(rewrite(expr))   # nothing stated: densities written out are still formulae
    from ..document.context import question_of
    question = question_of(location) if location is not None else ctx.here
    _densities_used(ctx, facts, expr, question)
    out = densities(rewrite(_settle(ctx, facts, expr, location, question, hazards)))
    again = _settle(ctx, facts, out, location, question, hazards)   # KL := E_q[...] from the prose
    return out if again == out else densities(rewrite(again))


def settled(ctx, name: str, location) -> bool:
    """Whether an opaque name (an expectation, a KL term) has a value from the stated facts:
    a step that writes it is no equation introducing an unknown."""
    facts = getattr(ctx, "facts", None)
    if facts is None or not (facts.facts or _written_law(name)):
        return False
    from ..document.context import question_of
    question = question_of(location) if location is not None else ctx.here
    try:
        got = _value_of(ctx, facts, name, location, question, [])
    except NotRead:
        return False
    finally:
        facts.take()
    return got is not None


def _written_law(name: str) -> bool:
    """An opaque name whose laws are written in it: KL(\\mathcal{N}(m, v) || \\mathcal{N}(m', v')),
    E_{x \\sim \\mathcal{N}(m, v)}[...]: settled with no distribution stated in the prose."""
    return _CALIGRAPHIC_N.search(name) is not None or GAUSS in name


def _written_laws(ctx, expr) -> bool:
    return any(isinstance(s, sp.Symbol) and s.name in ctx.opaque and _written_law(s.name)
               for s in getattr(expr, "free_symbols", ()))


def _settle(ctx, facts, expr, location, question, hazards):
    swap = {}
    for s in getattr(expr, "free_symbols", ()):
        if isinstance(s, sp.Symbol) and s.name in ctx.opaque:
            value = _value_of(ctx, facts, s.name, location, question, hazards)
            if value is not None:
                swap[s] = sp.expand(value)
    return expr.xreplace(swap) if swap else expr


def _written_densities(facts, expr) -> None:
    """A density written in the step itself, \\mathcal{N}(y; \\hat{y}, \\sigma^2), is a fact it
    states (its variance positive, like a stated one's)."""
    for g in sorted(getattr(expr, "atoms", lambda *_: ())(AppliedUndef), key=str):
        if g.func.__name__ == GAUSS and len(g.args) == 3:
            x, m, v = g.args
            text = f"\\mathcal{{N}}({sp.latex(x)}; {sp.latex(m)}, {sp.latex(v)})"
            facts.used.append(Fact("density", GAUSS, str(x), m, v, 0, text))


def _densities_used(ctx, facts, before, question):
    """The stated densities an expression applies (q(z), through its definition from the
    prose) are facts it uses; one stated twice differently makes it not read."""
    names = {f.func.__name__ for f in getattr(before, "atoms", lambda *_: ())(AppliedUndef)}
    names |= {d.name for d in ctx.used(before)}
    for n in sorted(names):
        two = facts.ambiguous(n, question)
        if two:
            raise NotRead(f"{n} is given two different densities ({'; '.join(f.shown() for f in two[:2])}): "
                          "which one is meant is not read")
        fact = facts.lookup("density", n, question)
        if fact is not None:
            facts.used.append(fact)


def _value_of(ctx, facts, name, location, question, hazards):
    if name.startswith("\\mathbb{E}"):
        return _expectation_of(ctx, facts, name, location, question, hazards)
    if name.startswith(VARIANCE + "["):     # Var[b] = E[b^2] - E[b]^2 (names.py reads it whole)
        body = name[len(VARIANCE):]
        first = _expectation_of(ctx, facts, "\\mathbb{E}" + body, location, question, hazards)
        second = _expectation_of(ctx, facts, "\\mathbb{E}[(" + body[1:-1] + ")^{2}]", location, question, hazards)
        return None if first is None or second is None else sp.expand(second - first ** 2)
    for kl in _KL_NAMES:
        if name.startswith(kl) and name[len(kl):len(kl) + 1] in "([":
            return _kl_of(facts, name[len(kl):], question)
    return None


def _expectation_of(ctx, facts, name, location, question, hazards):
    """\\mathbb{E}_{sub}[body]: the body read and expanded with the random variable kept, then
    the Gaussian moments of that variable."""
    parsed = _parse_expectation(name)
    if parsed is None:
        return None
    sub, body_text = parsed
    from ..reading.read import read
    try:
        body = read(body_text, ctx.scope())
    except NotRead:
        return None
    rv, fact = _random_variable(ctx, facts, sub, body, location, question)
    if fact is None:
        return None
    inner, more = ctx.expand(body.expr, location, keep=frozenset({rv}))
    inner = _entries_named(inner, facts, question)
    if "_" in rv and any(str(e.base.label) == rv.rsplit("_", 1)[0] for e in inner.atoms(sp.Indexed)):
        return None     # E[m_i m_j]: two entries of one random family, their joint law not read
    x = next((s for s in getattr(inner, "free_symbols", ()) if isinstance(s, sp.Symbol) and s.name == rv), None)
    if x is None:
        x = sp.Symbol(rv, real=True)
    others = {s.name for s in inner.free_symbols if isinstance(s, sp.Symbol)} - {rv}
    if any(facts.lookup("sim", o, question) is not None for o in others):
        return None     # two random variables: their joint law is not stated
    value = expectation(sp.expand(inner), x, fact.mean, fact.var, fact)
    if value is None:
        return None
    hazards.extend(more)
    hazards.extend(_constants(ctx, facts, body, rv))
    if fact.domain() is None:
        hazards.append(f"{fact.text} needs its parameters in range ({fact.law}), which the check does not use")
    if fact.doubt:
        from ..document.context import DEPENDS
        hazards.append(DEPENDS + fact.doubt)
    facts.used.append(fact)
    return value


def _constants(ctx, facts, body, rv) -> list:
    """The moments take every other name of the body as a constant. That is what the document
    means by a name its distributions are stated with (mu, sigma, the data x of p(x | z)) or a
    definition brings in (mu, sigma of z = mu + sigma epsilon); a name it never relates to the
    random variable (h of E_q[(x - h)^2], a decoder output said in words?) may depend on it."""
    from ..document.context import DEPENDS
    known = set(facts.names())
    for d in ctx.used(body.expr):
        known |= {x.name for x in getattr(d.body, "free_symbols", ()) if isinstance(x, sp.Symbol)}
    loose = sorted(ctx.not_data({n for n in body.names - {rv} - known    # "a fixed activation $a$": data
                                 if ctx.defined(n) is None and not _integer(body.expr, n)},
                                random=("a draw", "takes values")))
    if not loose:
        return []
    return [f"{DEPENDS}{', '.join(loose)} read as constant under the expectation over {rv} (the "
            "text does not relate them to it)"]


def _integer(expr, name) -> bool:
    return any(s.name == name and s.is_integer for s in expr.atoms(sp.Symbol))


def _parse_expectation(name: str):
    """(subscript or None, body) of the opaque name \\mathbb{E}_{sub}[body]."""
    rest = name[len("\\mathbb{E}"):]
    sub = None
    if rest.startswith("_"):
        a = argument(rest, 1)
        if a is None:
            return None
        sub, rest = a[0].strip(), rest[a[1]:]
    rest = rest.strip()
    if not rest.startswith(("[", "(")) or group_end(rest, 0) != len(rest):
        return None
    return sub, rest[1:-1]


def _random_variable(ctx, facts, sub, body, location, question):
    """(name of the random variable, its Fact) of an expectation, or (None, None)."""
    if sub:
        return _from_subscript(ctx, facts, sub, question)
    # a name the document gives a formula is not drawn from a law of its own (y ~ Bernoulli in Q1,
    # y = mu + epsilon in Q2): its formula's variables are
    named = _entries_named(body.expr, facts, question)
    names = set(body.names) | {s.name for s in getattr(named, "free_symbols", ()) if isinstance(s, sp.Symbol)}
    stated = [n for n in sorted(names) if (f := facts.lookup("sim", n, question)) is not None
              and ((d := ctx.defined(n)) is None or d.line < f.line)]   # a law said after the formula: its own now
    if not stated:     # E[z] with z = mu + sigma epsilon defined: the epsilon of its definition
        expanded, _ = ctx.expand(body.expr, location)
        expanded = _entries_named(expanded, facts, question)
        names = {s.name for s in getattr(expanded, "free_symbols", ()) if isinstance(s, sp.Symbol)}
        stated = [n for n in sorted(names) if facts.lookup("sim", n, question) is not None]
    if len(stated) != 1:
        return None, None
    return stated[0], facts.lookup("sim", stated[0], question)


def _entries_named(expr, facts, question):
    """The entries a law is stated for by name (``m_i \\sim \\mathrm{Bernoulli}(p)``), read as
    m[i] under an index, as that name: the random variable of the expectation."""
    swap = {}
    for e in getattr(expr, "atoms", lambda *_: ())(sp.Indexed):
        if len(e.indices) != 1 or not isinstance(e.indices[0], sp.Symbol):
            continue
        base, i = str(e.base.label), e.indices[0].name
        for name in dict.fromkeys((_normal(f"{base}_{i}"), _normal(f"{base}_{{{i}}}"))):
            if facts.lookup("sim", name, question) is not None:
                swap[e] = sp.Symbol(name, real=True)
                break
    return expr.xreplace(swap) if swap else expr


def _from_subscript(ctx, facts, sub, question):
    sub = _CALIGRAPHIC_N.sub(lambda _: GAUSS, sub)
    m = re.fullmatch(r"\s*" + _NAME + r"\s*\\sim\s*(.+)", sub)
    if m:
        rv, law = _normal(m.group(1)), m.group(2).strip()
        fact = _law(facts, law, rv, question)
        return (rv, fact) if fact is not None else (None, None)
    m = re.fullmatch(r"\s*" + _NAME + r"\s*(?:\(([^()]*)\))?\s*", sub)
    if not m:
        return None, None
    fact = facts.lookup("density", m.group(1), question)
    if fact is not None:
        if m.group(2) is not None and _normal(_COND.split(m.group(2))[0].strip()) != fact.variable:
            return None, None
        return fact.variable, fact
    if m.group(2) is None:     # E_z[...], E_\epsilon[...]: the variable's stated law
        fact = facts.lookup("sim", m.group(1), question)
        if fact is not None:
            return fact.variable, fact
    return None, None


def _law(facts, law: str, rv: str, question):
    """The Fact of ``\\mathcal{N}(m, v)`` written in a subscript, or of a density name."""
    from ..reading.read import read
    other = _other_law(law, rv)
    if other is not None:
        return other
    m = re.fullmatch(GAUSS.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") + r"\s*\((.*)\)", law)
    if m:
        try:
            variable, mean, var = split_density(m.group(1))
            if variable is not None:
                return None
            return Fact("sim", rv, rv, read(mean).expr, read(var).expr, 0, law)
        except NotRead:
            return None
    fact = facts.lookup("density", law, question)
    return fact


def _kl_of(facts, args: str, question):
    """KL(q || p) of two stated Gaussian densities of one variable (or written \\mathcal{N}(m, v))."""
    inner = args.strip()[1:-1]
    parts = _PARALLEL.split(inner)
    if len(parts) != 2:
        return None
    found = []
    for part in parts:
        part = _CALIGRAPHIC_N.sub(lambda _: GAUSS, part.strip())
        if part.startswith(GAUSS):
            fact = _law(facts, part, "", question)
        else:
            m = re.fullmatch(_NAME + r"\s*(?:\(([^()]*)\))?", part)
            fact = facts.lookup("density", m.group(1), question) if m else None
            if fact is not None and m.group(2) is not None and \
                    _normal(_COND.split(m.group(2))[0].strip()) != fact.variable:
                fact = None
        if fact is None:
            return None
        found.append(fact)
    q, p = found
    if q.kind == p.kind == "density" and q.variable != p.variable or "normal" != q.law or "normal" != p.law:
        return None
    x = sp.Dummy("x", real=True)
    body = sp.expand(log_density(x, q.mean, q.var) - log_density(x, p.mean, p.var))
    value = expectation(body, x, q.mean, q.var)
    if value is None:
        return None
    facts.used.extend(found)
    return value
