"""Plots of the HTML report: both sides of a wrong claim or step around its counterexample,
drawn with matplotlib (Agg backend, imported only here, only when HTML is asked for) from
the numbers the engine computed (``counterexample["plot"]``, see ``checks.prove.plotdata``)
and inlined as SVG. A plot that cannot be drawn is left out, never an error."""
from __future__ import annotations

import io
import math
import re

# per-report counter: matplotlib names clip paths by a hash of their content, so two
# inline figures may repeat an id; each figure's ids get their own prefix
_ID = re.compile(r'(id="|url\(#|xlink:href="#|href="#)([^")]+)')


def svg(slices, number: int) -> list:
    """One inline SVG per drawable slice (side by side on a wide page, one under the other
    on a narrow one); an empty list when none can be drawn."""
    out = []
    for k, s in enumerate(slices or ()):
        try:
            picture = _svg(s, f"{number}-{k}") if _drawable(s) else None
        except Exception:   # a plot is an illustration: a failure leaves it out
            picture = None
        if picture:
            out.append(picture)
    return out


def _svg(s, prefix: str) -> str:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg   # no pyplot, no global backend switch
    from matplotlib.figure import Figure
    rc = {"svg.fonttype": "none", "svg.hashsalt": "derivcheck", "font.size": 9}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(3.6, 2.5), layout="constrained")
        FigureCanvasAgg(fig)
        _axes(fig.add_subplot(1, 1, 1), s)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"<style[^>]*>.*?</style>", "", text, flags=re.S)   # its * rule would style the page
    text = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r'\1', text, count=1)
    text = text.replace("<svg ", '<svg role="img" class="plot" ', 1)
    return _ID.sub(lambda m: f"{m.group(1)}p{prefix}-{m.group(2)}", text)


def _drawable(s) -> bool:
    try:
        pairs = [(x, a, b) for x, a, b in zip(s["x"], s["lhs"], s["rhs"]) if a is not None and b is not None]
        return len(pairs) >= 2 and all(math.isfinite(v) for t in pairs for v in t)
    except (KeyError, TypeError):
        return False


def _label(text) -> str:
    # mathtext reads $...$; a document's name is shown as it is
    return str(text).replace("$", r"\$")[:80]


def _axes(ax, s) -> None:
    xs = [float(x) for x in s["x"]]
    nan = float("nan")
    left = [nan if v is None else float(v) for v in s["lhs"]]
    right = [nan if v is None else float(v) for v in s["rhs"]]
    style = {"marker": "o", "markersize": 3} if s.get("integer") else {}
    ax.plot(xs, left, color="#1f5fa8", linewidth=1.6, label="left side", **style)
    ax.plot(xs, right, color="#c0392b", linewidth=1.6, linestyle="--", label="right side", **style)
    at = s.get("at")
    if at is not None:
        ax.axvline(float(at), color="#777777", linewidth=0.8, linestyle=":")
    near = [v for x, a, b in zip(xs, left, right) if at is not None and x == float(at) for v in (a, b)]
    if len(near) == 2:   # the counterexample itself: both sides, apart
        ax.plot([float(at)] * 2, near, linestyle="none", marker="o", markersize=6, markerfacecolor="none",
                markeredgecolor="#000000", label="counterexample")
    _limits(ax, left + right, near)
    ax.set_xlabel(_label(s.get("variable", "")))
    fixed = ", ".join(f"{k} = {v}" for k, v in (s.get("fixed") or {}).items())
    if fixed:
        ax.set_title(_label(fixed), fontsize=8)
    ax.grid(True, linewidth=0.3)
    ax.legend(fontsize=7, loc="best")


def _limits(ax, values, keep=()) -> None:
    """A y range that a blow-up at one end (1/x near 0) does not flatten: the middle 90%
    of the values and the values at the counterexample (``keep``), padded, where the whole
    range is more than ten times that; otherwise matplotlib's own."""
    vs = sorted(v for v in values if math.isfinite(v))
    if len(vs) < 8:
        return
    lo, hi = vs[int(0.05 * (len(vs) - 1))], vs[int(0.95 * (len(vs) - 1))]
    kept = [v for v in keep if v is not None and math.isfinite(v)]
    lo, hi = min([lo, *kept]), max([hi, *kept])
    if vs[-1] - vs[0] <= 10 * (hi - lo):
        return
    pad = 0.15 * (hi - lo) or 1.0
    ax.set_ylim(lo - pad, hi + pad)
