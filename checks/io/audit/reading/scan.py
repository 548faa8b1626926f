"""Reading a side, step 2: the pre-processing pass in front of latex2sympy.

One left-to-right pass over the cleaned side replaces every construct whose reading
latex2sympy would get wrong or cannot know (names with decorations and subscripts, numbers,
calls, derivatives, sums and products, roots, |x|, norms, cases, matrices, ...) by a
placeholder symbol ``Z_{n}`` and records what it stands for in a ``Node`` (names.py reads
names, calls.py calls, derivatives.py derivatives, structures.py cases and matrices). Each bracket and
brace argument is a piece of its own, so every piece is flat arithmetic over placeholders
(+, -, juxtaposition, *, /, ^, \\frac): flat.py reads the common shapes, latex2sympy the rest
(its parser never sees a letter of the user's, and never a deep nesting). ``build.py`` turns
the result back into SymPy, knowing which index letters each sum binds.
"""
from __future__ import annotations

import re

import sympy as sp

from .calls import DL_WORDS, Calls
from .names import Names, TRANSPOSE
from .notation import (DECORATIONS, product_before_bar, GREEK, MAX_DEPTH, MAX_NODES, PIECE_DEPTH, REFUSED, SAME, NotRead,
                       argument, depth, group_end, shown)
from ..arrays import entrywise
from .sets import SET_WORDS, over
from .pieces import (SPACE, Name, Node, bar_after, env_end, parse_piece, skip, split_top, squash,
                     sub_text, term_end)

def _limits(s: str, end: int, cmd: str) -> tuple:
    """(lower, upper, end) of the _{...} and ^{...} after \\sum, \\prod or \\int at ``end``
    (None for one not written)."""
    lower = upper = None
    j = end
    for _ in range(2):
        k = skip(s, j)
        if k < len(s) and s[k] in "_^":
            a = argument(s, k + 1)
            if a is None:
                raise NotRead(f"\\{cmd} limit is missing")
            if s[k] == "_":
                if lower is not None:
                    raise NotRead(f"\\{cmd} with two subscripts")
                lower = a[0]
            else:
                if upper is not None:
                    raise NotRead(f"\\{cmd} with two superscripts")
                upper = a[0]
            j = a[1]
    return lower, upper, j


# the differential that ends an integral's term: \, dt, \mathrm{d}t, d t
_DIFFERENTIAL = re.compile(r"(?:\\[,;:!]|\s)*(?:\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\}|\\operatorname\s*\{\s*d\s*\}|(?<![A-Za-z\\])d)"
                           r"\s*([A-Za-z])\s*$")


_LIST_DOTS = re.compile(r"\s*(?:\\[cl]?dots|\\dotsc|\.\.\.)\s*")     # an ellipsis entry of a list


class Scanner(Names, Calls):
    """One pass over a side: placeholders in the text, what they stand for in ``nodes``."""

    def __init__(self, scope):
        self.scope = scope
        self.nodes: list[Node] = []
        self.lets = dict(scope.lets)
        self.assumed_calls: set[str] = set()   # NAME of a derivative numerator NAME(args)
        self.level = 0                         # pieces inside pieces (bounded by MAX_DEPTH)
        self.called: set[str] = set()          # names applied to arguments
        self.valued: set[str] = set()          # names used as values
        self.plain: set[str] = set()           # ... and not followed by a bracket

    def add(self, node: Node) -> str:
        if len(self.nodes) >= MAX_NODES:
            raise NotRead(f"side has more than {MAX_NODES} parts")
        self.nodes.append(node)
        return f" Z_{{{len(self.nodes) - 1}}} "

    def piece(self, text: str):
        """One piece of the side scanned and read (flat.py or latex2sympy): a SymPy tree over
        placeholders, or NotRead."""
        self.level += 1
        try:
            if self.level > MAX_DEPTH:
                raise NotRead(f"side is nested more than {MAX_DEPTH} levels deep (sums, calls, brackets)")
            body = self.scan(text)
        finally:
            self.level -= 1
        if not body.strip():
            raise NotRead(f"empty expression in '{shown(text)}'")
        return parse_piece(body)

    def wrap(self, text: str) -> str:
        """A brace argument (of \\frac, ^, \\sqrt) as one placeholder: every piece latex2sympy
        reads stays flat, so its parser stays fast and pieces repeat (and are cached)."""
        return self.add(Node("group", self.piece(text)))

    def scan(self, s: str) -> str:
        out, i, n = [], 0, len(s)
        while i < n:
            c = s[i]
            if c in SPACE:
                out.append(" ")
                i += 1
            elif c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
                i = self.number(s, i, out)
            elif c.isalpha():
                i = self.name(s, i, out)
            elif c == "\\":
                i = self.command(s, i, out)
            elif c in "([":
                i = self.group(s, i, out)
            elif c == "{":      # a TeX group (\boxed, \underbrace contents): one value
                j = group_end(s, i)
                out.append(self.add(Node("group", self.piece(s[i + 1:j - 1]))))
                i = j
            elif c == "|":
                at = self.evaluation(s, i, out)
                i = at if at is not None else self.bars(s, i, out)
            elif c == "^":
                i = self.power(s, i, out)
            elif c in "+-*/!":
                out.append(c)
                i += 1
            elif c == "_":
                raise NotRead(f"subscript on something that is not a name: '{shown(s[max(0, i - 15):i + 5])}'")
            elif c == "'":
                raise NotRead(f"prime on something that is not a name: '{shown(s[max(0, i - 15):i + 2])}'")
            elif c in "=<>":
                raise NotRead(f"a relation '{c}' inside a side: '{shown(s)}'")
            elif c in ",;":
                raise NotRead(f"a list ('{c}') where one expression is expected: '{shown(s)}'")
            elif c == "&":
                raise NotRead("an alignment '&' inside a side")
            else:
                raise NotRead(f"'{c}' is not read here: '{shown(s[max(0, i - 15):i + 5])}'")
        return "".join(out)

    def power(self, s, i, out):
        if TRANSPOSE.match(s, i):
            raise NotRead(f"transpose '{shown(s[max(0, i - 15):i + 4])}' of something that is not a matrix")
        arg = argument(s, i + 1)
        if arg is None:
            raise NotRead("a superscript '^' with nothing after it")
        text, j = arg
        if text in ("\\prime", "\\top", "\\intercal", "\\ast"):
            raise NotRead(f"superscript {text} is not read here")
        if re.match(r"\s*\([^()]*\)\s*(?:[A-Za-z*]|\\top|\\intercal)", text) or text.lstrip().startswith("["):
            # w^{(1)T}: a layer superscript and a transpose, not a power
            raise NotRead(f"superscript '^{{{shown(text, 20)}}}' is not read")
        last = re.search(r"Z_\{(\d+)\}\s*$", "".join(out))
        if re.fullmatch(r"\s*\(.*\)\s*", text) and last and self.nodes[int(last.group(1))].kind == "name":
            # a^{(l+1)}: the label of a layer or a power?
            raise NotRead(f"superscript '^{{{shown(text, 20)}}}' on a name: a label or a power?")
        out.append("^{" + self.wrap(text) + "}")
        return j

    def number(self, s, i, out):
        m = re.compile(r"\d*\.?\d+|\d+\.?").match(s, i)
        text = m.group(0)
        before = "".join(out).rstrip()
        if before.endswith("}") and self.nodes and re.search(r"Z_\{(\d+)\}$", before) \
                and self.nodes[int(re.search(r"Z_\{(\d+)\}$", before).group(1))].kind == "num":
            raise NotRead(f"two numbers side by side '{shown(s[max(0, i - 8):m.end()])}' (a product "
                          "or one number?)")
        if len(text) > 60:
            raise NotRead(f"number with {len(text)} digits is not read (at most 60)")
        out.append(self.add(Node("num", sp.Rational(text.rstrip(".")))))
        return m.end()

    def command(self, s, i, out):
        m = re.compile(r"\\([A-Za-z]+|.)").match(s, i)
        if not m:
            raise NotRead("a lone backslash is not read")
        cmd = SAME.get(m.group(1), m.group(1))
        end = m.end()
        if cmd == "int":
            return self.integral(s, end, out)
        if cmd in REFUSED:
            raise NotRead(REFUSED[cmd])
        if cmd == "frac":
            return self.frac(s, i, end, out)
        if cmd == "sqrt":
            return self.sqrt(s, end, out)
        if cmd in ("sum", "prod"):
            return self.sum(s, end, out, cmd)
        if cmd in ("cdot", "times"):
            out.append(" * ")
            return end
        if cmd in ("exp", "log", "ln", "tanh", "sinh", "cosh", "max", "min"):
            fn = {"ln": "log", "max": "Max", "min": "Min"}.get(cmd, cmd)
            return self.function_word(s, i, out, fn, "\\" + cmd, end)
        if cmd == "sgn":
            return self.function_word(s, i, out, "sign", "\\sgn", end)
        if cmd in ("operatorname", "text", "textrm", "textit", "mbox", "mathrm") and not self.core(s, i):
            a = argument(s, end)
            word = a[0].strip() if a else ""
            if word in DL_WORDS:
                return self.function_word(s, i, out, DL_WORDS[word], f"\\{cmd}{{{word}}}", a[1])
            if word == "softmax":
                return self.softmax(s, a[1], out, f"\\{cmd}{{softmax}}")
            if re.fullmatch(r"[A-Za-z]+", word):
                nm = Name(f"\\{cmd}{{{word}}}".replace("\\textrm", "\\text"), f"\\{cmd}{{{word}}}", None, False, word)
                return self.word_name(s, nm, a[1], out)
            raise NotRead(f"\\{cmd}{{{shown(word)}}} is not read")
        if cmd in GREEK or cmd in DECORATIONS:
            return self.name(s, i, out)
        if cmd == "partial":
            raise NotRead("\\partial outside a derivative \\frac{\\partial f}{\\partial x} is not read")
        if cmd == "infty":
            raise NotRead("\\infty outside a sum limit is not read")
        if cmd == "begin":
            return self.environment(s, i, end, out)
        if cmd == "|":
            return self.norm(s, i, out)
        if cmd in ("lfloor", "lceil"):
            return self.rounding(s, i, end, cmd, out)
        if cmd == "binom":
            a = argument(s, end)
            b = argument(s, a[1]) if a else None
            if a is None or b is None:
                raise NotRead("\\binom needs two arguments")
            out.append(self.add(Node("call", ("dl", "binomial"), [self.piece(a[0]), self.piece(b[0])], 0)))
            return b[1]
        if cmd == "{":
            j = group_end(s, i)
            out.append(self.add(Node("group", self.piece(s[i + 2:j - 2]))))
            return j
        if cmd in ("le", "leq", "ge", "geq", "lt", "gt", "neq", "ne", "leqslant", "geqslant"):
            raise NotRead(f"a relation \\{cmd} inside a side")
        if cmd in ("top", "intercal", "prime", "sim", "to"):
            raise NotRead(f"\\{cmd} is not read here")
        if cmd == "end":
            raise NotRead("\\end without \\begin")
        if cmd == "\\":
            raise NotRead("a line break \\\\ inside a side")
        raise NotRead(f"\\{cmd} is not read here")

    def frac(self, s, i, end, out):
        a = argument(s, end)
        b = argument(s, a[1]) if a else None
        if a is None or b is None:
            raise NotRead("\\frac needs two arguments")
        from .derivatives import derivative
        d = derivative(self, s, i, a, b, out)
        if d is not None:
            return d
        out.append("\\frac{" + self.wrap(a[0]) + "}{" + self.wrap(b[0]) + "}")
        return b[1]

    def sqrt(self, s, end, out):
        k = skip(s, end)
        index = None
        if k < len(s) and s[k] == "[":
            j = group_end(s, k)
            index = self.piece(s[k + 1:j - 1])
            end = j
        a = argument(s, end)
        if a is None:
            raise NotRead("\\sqrt needs an argument")
        out.append(self.add(Node("root", self.piece(a[0]), extra=index)))
        return a[1]

    def sum(self, s, end, out, cmd):
        """\\sum_{k=1}^{n}, \\sum_{k}, \\sum_{m,n}: limits as placeholders; latex2sympy reads
        the extent of the body. A sum with no range (\\sum_j) runs from 1 to a shared size."""
        lower, upper, j = _limits(s, end, cmd)
        if lower is None:
            raise NotRead(f"\\{cmd} without an index")
        if SET_WORDS.search(lower):     # \sum_{k \neq j}, \sum_{w \in V}: sets.py
            return self.set_sum(s, j, out, cmd, over(lower, upper, cmd))
        m = re.fullmatch(r"\s*(?P<k>[A-Za-z]|\\[A-Za-z]+)\s*=\s*(?P<lo>.+?)\s*", lower)
        if m:
            letters, lo = [m.group("k")], m.group("lo")
        else:
            letters = [x.strip() for x in lower.split(",")] if "," in lower else list(lower.strip())
            if not letters or not all(re.fullmatch(r"[A-Za-z]", x) for x in letters) or len(letters) > 4:
                raise NotRead(f"\\{cmd}_{{{shown(lower)}}}: a sum over a set is not read "
                              "(only \\sum_{k=1}^{n}, \\sum_k, \\sum_{m,n})")
            lo = None
            if upper is not None and len(letters) > 1 and not m:
                raise NotRead(f"\\{cmd}_{{{shown(lower)}}}^{{...}} is not read")
        for x in letters:
            # a Latin letter other than e (Euler's number); a Greek index would be missed in
            # the subscripts it binds (x_\\tau)
            if not re.fullmatch(r"[A-Za-df-z]", x):
                raise NotRead(f"\\{cmd} over {x} is not read (an index is a Latin letter other than e)")
        if lo is not None and upper is None:
            raise NotRead(f"\\{cmd}_{{{shown(lower)}}} without an upper limit is not read")
        limits = []
        for x in letters:
            idx = self.add(Node("name", Name(x, x, None, False, x), extra="index")).strip()
            if lo is None and upper is None:
                lo_t, hi_t = self.add(Node("num", sp.Integer(1))), self.add(Node("size"))
            elif lo is None:
                raise NotRead(f"\\{cmd}_{x}^{{...}} without a lower limit is not read")
            else:
                lo_t, hi_t = self.limit(lo), self.limit(upper)
            limits.append((idx, lo_t.strip(), hi_t.strip()))
        end = term_end(s, j)
        body = s[j:end]
        if not body.strip():
            raise NotRead(f"\\{cmd} without a body")
        out.append(self.add(Node("sum", cmd, limits, self.piece(body))))
        return end

    def integral(self, s, end, out):
        """\\int_{a}^{b} BODY \\, dt: limits as placeholders, the body up to the differential
        that ends the term (build.py integrates a polynomial body exactly). Without both limits,
        or with the differential anywhere but at the end of the term, not read."""
        lower, upper, j = _limits(s, end, "int")
        if lower is None or upper is None:
            raise NotRead("an integral without both limits (an antiderivative) is not read")
        stop = term_end(s, j)
        m = _DIFFERENTIAL.search(s[j:stop])
        if m is None or not s[j:j + m.start()].strip():
            raise NotRead("an integral (\\int) whose differential (dt) does not end its term is not read")
        out.append(self.add(Node("integral", m.group(1), [self.limit(lower).strip(), self.limit(upper).strip()],
                                 self.piece(s[j:j + m.start()]))))
        return stop

    def set_sum(self, s, j, out, cmd, ov):
        """A sum over a range minus a point, a named set or a listed set (``sets.over``): one
        index, its range as placeholders, and ``ov`` for build.py to finish the reading."""
        idx = self.add(Node("name", Name(ov.letter, ov.letter, None, False, ov.letter), extra="index")).strip()
        one = lambda: self.add(Node("num", sp.Integer(1))).strip()
        if ov.values is not None:
            lo_t = hi_t = self.add(Node("num", sp.Integer(ov.values[0]))).strip()
        elif ov.named is not None:
            lo_t, hi_t = one(), self.add(Node("size", ov.size())).strip()
        elif ov.lo is None:
            lo_t, hi_t = one(), self.add(Node("size")).strip()
        else:
            lo_t, hi_t = self.limit(ov.lo).strip(), self.limit(ov.hi).strip()
        end = term_end(s, j)
        body = s[j:end]
        if not body.strip():
            raise NotRead(f"\\{cmd} without a body")
        out.append(self.add(Node("sum", cmd, [(idx, lo_t, hi_t, ov)], self.piece(body))))
        return end

    def limit(self, t):
        if re.fullmatch(r"\s*\\infty\s*", t):
            return self.add(Node("const", sp.oo))
        return self.add(Node("group", self.piece(t), extra="limit"))

    def group(self, s, i, out):
        j = group_end(s, i)
        inner = s[i + 1:j - 1]
        parts = split_top(inner, ",")
        if len(parts) > 1:
            column = self.listed_column(s, j, parts, out)
            if column is not None:
                return column
            # (0, 1), (0,5), (f+g)(0, 0), \sigma^2(0, 0), (1, 2) beside a row: a vector, an
            # interval, a decimal comma or an argument list, and a column or a row? The text does
            # not say, so no tuple is read (reading numeric tuples as columns gave false verdicts)
            if re.search(r"\\[cvdl]?dots(?![A-Za-z])", inner):
                raise NotRead(f"a tuple or interval '{shown(s[i:j])}' with an ellipsis is not read")
            raise NotRead(f"a tuple or interval '{shown(s[i:j])}' is not read (a vector, an interval, "
                          "a point or arguments?)")
        out.append(self.add(Node("group", self.piece(inner))))
        j2 = self.transpose_after(s, j, out, base_text=s[i:j])
        k = skip(s, j2)
        if k < len(s) and s[k] == "_":
            raise NotRead(f"a component '{shown(s[i:j])}_{{...}}' is not read")
        return j2

    def listed_column(self, s, j, parts, out):
        """``[0, y_1, \\dots, y_{K-1}]^\\top``: a list with an ellipsis, transposed, is a column
        vector, read as the \\begin{bmatrix} column of the same entries with a \\vdots row (array
        mode reads its pattern, vectors.py). Not when a factor follows the transpose
        (``[a, b]^T x`` is an inner product), nor for a pair of digits (``(0,5)^T``: a decimal
        comma?). A list of written entries stays unread: as a column, the statement a question
        asks to show (004: ``S(\\mathbf{x}) = [\\sigma(z), 1 - \\sigma(z)]^\\top`` in 2.2) became a
        definition that the worked solution then contradicts. The place just past the
        transpose, or None."""
        m = TRANSPOSE.match(s, skip(s, j))
        if not m or not any(_LIST_DOTS.fullmatch(p) for p in parts):
            return None
        k = skip(s, m.end())
        if k < len(s) and s[k] not in "+-)]},&=":
            return None
        if len(parts) == 2 and all(re.fullmatch(r"\d+", p) for p in parts):
            return None
        from .structures import matrix
        cells = ["\\vdots" if _LIST_DOTS.fullmatch(p) else p for p in parts]
        out.append(self.add(matrix(self, " \\\\ ".join(cells))))
        return m.end()

    def evaluation(self, s, i, out):
        """``E \\Big|_{x = a}`` and ``\\left. E \\right|_{x = a}`` (clean.py made that ``{E}|_{x = a}``):
        E at the point x = a, when the bar and its subscript end the piece. The bar applies to
        all that precedes it in the piece, so E must be one term (``a + b|_{x=0}`` may evaluate
        b alone). A bar with limits (``|_a^b``), or not at the end, is no evaluation: None (a
        condition bar ``p(x|y)`` has no subscript)."""
        k = skip(s, i + 1)
        if k >= len(s) or s[k] != "_":
            return None
        sub = argument(s, k + 1)
        if sub is None:
            return None
        text, end = sub
        rest = skip(s, end)
        if rest < len(s) and s[rest] == "^":
            raise NotRead(f"an evaluation bar with limits '{shown(s[i:])}' is not read")
        if rest < len(s) or "=" not in text:
            return None
        parts = split_top(text, "=")
        if len(parts) != 2 or "," in text:
            raise NotRead(f"an evaluation bar at '{shown(text)}': one point x = a is read")
        before = "".join(out).strip()
        if not before:
            raise NotRead(f"an evaluation bar '{shown(s[i:])}' after nothing")
        if re.search(r"[+-]", before.lstrip("+- ")):
            raise NotRead(f"an evaluation bar '{shown(s[i:])}' after a sum: of the whole or of its last "
                          "term? write \\left. ... \\right|_{x = a}")
        product_before_bar(s[:i], text, s[i:])
        var, point = self.piece(parts[0]), self.piece(parts[1])
        node = Node("at", parse_piece(before), [var], point)
        out[:] = [self.add(node)]
        return len(s)

    def bars(self, s, i, out):
        if s.startswith("||", i):
            return self.norm(s, i, out)
        j, level = i + 1, 0
        while j < len(s):
            if s[j] == "\\" and j + 1 < len(s):
                j += 2
                continue
            if s[j] in "([{":
                level += 1
            elif s[j] in ")]}":
                level -= 1
            elif s[j] == "|" and level == 0:
                break
            j += 1
        if j >= len(s):
            raise NotRead("a '|' that is not closed (absolute value or a condition?)")
        inner = s[i + 1:j]
        if "|" in inner:
            raise NotRead("nested bars |...|...| are not read")
        k = skip(s, j + 1)
        if k < len(s) and (s[k].isalnum() or s[k] in "({\\") and bar_after(s, k) \
                and not re.compile(r"\\(?:cdot|times|left|right|le|leq|ge|geq|lt|gt|neq|ne)(?![A-Za-z])").match(s, k):
            # |x|y|z|: |x| y |z| or |x |y| z|? a bar between two operands opens or closes
            raise NotRead(f"'{shown(s[i:k + 4])}': does the bar after {shown(inner, 12)} close or open? "
                          "put \\cdot next to it")
        counted = entrywise.set_size(inner, self.scope)
        out.append(self.add(Node("size", counted) if counted else Node("abs", self.piece(inner))))
        return j + 1

    def rounding(self, s, i, end, cmd, out):
        """\\lfloor x \\rfloor and \\lceil x \\rceil (output sizes of convolutions)."""
        close = "\\rfloor" if cmd == "lfloor" else "\\rceil"
        level, k = 1, end
        pat = re.compile(r"\\(" + cmd + "|" + close[1:] + r")(?![A-Za-z])")
        for m in pat.finditer(s, end):
            level += 1 if m.group(1) == cmd else -1
            if level == 0:
                inner = s[end:m.start()]
                out.append(self.add(Node("call", ("dl", "floor" if cmd == "lfloor" else "ceiling"),
                                         [self.piece(inner)], 0)))
                return m.end()
        raise NotRead(f"\\{cmd} without {close}")

    def norm(self, s, i, out):
        """\\|v\\| or ||v||, with a subscript (_2) before or after a power (^2): one opaque symbol
        named by its LaTeX."""
        opener = "\\|" if s.startswith("\\|", i) else "||"
        j = s.find(opener, i + 2)
        if j < 0:
            raise NotRead("a norm that is not closed")
        inner = s[i + 2:j]
        if "|" in inner.replace("\\|", ""):
            raise NotRead(f"'{shown(s[i:j + 2])}': a norm, or nested absolute values?")
        end = j + 2
        k = skip(s, end)
        sub, power = "", None
        if k < len(s) and s[k] == "^":       # \|x\|^2_2
            p = argument(s, k + 1)
            k2 = skip(s, p[1]) if p else len(s)
            if p is not None and k2 < len(s) and s[k2] == "_":
                power, k = p[0], k2
        if k < len(s) and s[k] == "_":
            a = argument(s, k + 1)
            if a is None:
                raise NotRead("a norm with an empty subscript")
            sub, end = "_" + sub_text(a[0]), a[1]
        text = squash("\\|" + inner + "\\|" + sub)
        depth(inner, PIECE_DEPTH, "norm")
        out.append(self.add(Node("opaque", text)))
        if power is not None:
            out.append("^{" + self.wrap(power) + "}")
        return end

    def environment(self, s, i, end, out):
        a = argument(s, end)
        if a is None or not s[end:].lstrip().startswith("{"):
            raise NotRead("\\begin without {environment}")
        env = a[0].strip()
        body_start = a[1]
        close = env_end(s, body_start, env)
        body = s[body_start:close]
        after = close + len(f"\\end{{{env}}}")
        if env == "cases":
            from .structures import cases
            out.append(self.add(cases(self, body)))
            return after
        if env in ("bmatrix", "pmatrix", "matrix", "Bmatrix"):
            from .structures import matrix
            node = matrix(self, body)
            m = TRANSPOSE.match(s, skip(s, after))
            if m:
                node.extra = "T"
                after = m.end()
            out.append(self.add(node))
            return after
        raise NotRead(f"environment {env or '?'} inside a side is not read")


def evaluated_alike(left, right):
    """The two readings of a step, unless one side evaluates at a point (``E|_{x=a}``, a ``Subs``
    over a name of the document) while the other still has that name free:
    ``\\frac{d}{dx} x^3 = 3x^2 \\Big|_{x=1}`` may mean both sides at x = 1 (a chain written
    in one row), so it is not read rather than refuted. A side that has the name free outside
    its bar too (``1 + (x - 1) \\left. f'(x) \\right|_{x=1}``, the point marked by \\left.) says
    itself that the bar is of a part only."""
    def bound(e):
        return {v for s in e.atoms(sp.Subs) for v in s.variables
                if isinstance(v, sp.Symbol) and v.name != "\\cdot"} if hasattr(e, "atoms") else set()
    for one, other in ((left, right), (right, left)):
        free = getattr(other.expr, "free_symbols", set())
        loose = bound(one.expr) & free - bound(other.expr) - getattr(one.expr, "free_symbols", set())
        if loose:
            names = ", ".join(sorted(v.name for v in loose))
            raise NotRead(f"an evaluation bar on one side only while the other depends on {names}: "
                          "both sides at the point, or only one?")
    return left, right

