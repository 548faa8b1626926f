"""Values for the entries x[k] of symbolic vectors at a point, seeded per claim and point, in
several patterns (a claim about entries often fails only for some shape of vector)."""
from __future__ import annotations

import sympy as sp

from checks.prove import sampling


# Value patterns for the entries x[k] at successive points: a claim about entries
# often fails only for some shape of vector (equal entries, one entry far larger
# than the rest, mixed signs, large magnitudes), never at one fixed draw.
INDEXED_PATTERNS = ("equal", "mixed", "zeros", "large", "one-large", "random")


def _indexed_pattern(index: int) -> str:
    if index == 0:
        return "fixed"          # the same value per atom as every region check uses
    if index <= len(INDEXED_PATTERNS):
        return INDEXED_PATTERNS[index - 1]
    return ("random", "random", "mixed", "large")[index % 4]


class _IndexedValues:
    """Values for x[k] atoms met while evaluating sums, derived from the seed, the
    point's index and the atom (so a point is reproduced exactly, and successive
    points give the entries different values and shapes)."""

    def __init__(self, seed, key, positive=False, index=0):
        self.seed, self.key, self.positive, self.index = seed, key, positive, index
        self.pattern = _indexed_pattern(index)
        self.used = {}

    def _draw(self, atom):
        pat = self.pattern
        rng = sampling._rng(self.seed, f"{self.key}:{atom}" if pat == "fixed"
                            else f"{self.key}:{self.index}:{atom}")
        if pat == "equal":
            rng = sampling._rng(self.seed, f"{self.key}:{self.index}")
        if pat == "zeros":
            return sp.Integer(0)
        if pat == "large":
            return sp.Integer(rng.choice((-1, 1)) * rng.randint(100, 800))
        if pat == "one-large" and not self.used:
            return sp.Integer(700)   # the first entry met; the others stay small
        v = sp.Rational(rng.randint(-2 ** 12, 2 ** 12), 2 ** 10)
        if pat == "mixed":   # signs alternate with the entry's index
            odd = sum(int(i) for i in atom.indices if i.is_Integer) % 2
            v = (abs(v) + sp.Rational(1, 4)) * (-1 if odd else 1)
        return v

    def __call__(self, atom):
        if atom not in self.used:
            v = self._draw(atom)
            if self.positive or atom.is_positive:  # IndexedBase("p", positive=True), or a retry
                v = abs(v) + sp.Rational(1, 2 ** 10)
            elif atom.is_nonnegative:
                v = abs(v)
            self.used[atom] = v
        return self.used[atom]
