"""The counterexample record of a certified comparison, one shape for every method.

A gap far below the printed digits (sigmoid(801) against 1 differs by e^-801) prints
two sides that read the same at 12 digits; the record then also carries their
certified difference, so a reader sees what was compared and why it is not zero."""
from __future__ import annotations

from flint import ctx

from checks.prove.comparison import fmt


def counterexample(point: dict, c) -> dict:
    """{"point", "lhs", "rhs", "precision_bits"} (+ "difference" where the sides print alike)
    for a comparison ``c`` at ``point``, with the seeded x[k] values it used."""
    point = {**point, **c.indexed}
    out = {"point": {str(k): str(v) for k, v in sorted(point.items(), key=lambda kv: str(kv[0]))},
           "lhs": fmt(c.lhs), "rhs": fmt(c.rhs), "precision_bits": c.prec}
    if _digits(out["lhs"]) == _digits(out["rhs"]):
        with ctx.workprec(c.prec):
            out["difference"] = fmt(c.lhs - c.rhs, 6)
    return out


def _digits(text: str) -> str:
    """The midpoint as printed, without the radius: '[1.00000000000 +/- 3e-17]' -> '1.00000000000'."""
    return text.strip("[]").split(" +/- ")[0]
