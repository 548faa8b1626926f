"""The page of ``--format html``, shared by the claim report and the audit report: one
self-contained file (inline CSS, one small inline script for the filter, inline SVG
plots; nothing fetched), readable without the script and in a narrow window.

Everything that comes from a document is escaped here (``esc``) or is MathML rebuilt from
an allowlist (``html_math``); a Content-Security-Policy allows no script but the filter's
own (by its hash), so even a slip in escaping could not run one.
"""
from __future__ import annotations

import base64
import hashlib
import html

from . import counterexample_text
from .html_math import Converter
from .html_plot import svg

STATUS_ORDER = ("wrong", "error", "undecided", "not_read", "unchecked", "holds", "definition", "condition",
                "skipped")

CSS = """
:root{--wrong:#b42318;--holds:#1e7b34;--undecided:#9a6700;--muted:#5b6168;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;
 max-width:72rem;padding:0 1rem 3rem}
h1{font-size:1.5rem;margin:1rem 0 .25rem}h2{font-size:1.2rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line)}
.summary{margin:.25rem 0 .75rem}
.badge{display:inline-block;border-radius:1em;padding:0 .55em;font-size:.8rem;font-weight:600;color:#fff;
 background:var(--muted);white-space:nowrap}
.b-wrong,.b-error{background:var(--wrong)}.b-holds{background:var(--holds)}
.b-undecided,.b-not_read{background:var(--undecided)}
form.filter{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;padding:.5rem .75rem;background:var(--bg);
 border:1px solid var(--line);border-radius:6px;position:sticky;top:0;z-index:1}
form.filter label{white-space:nowrap}
form.filter select{max-width:100%}
.card{border:1px solid var(--line);border-left:5px solid var(--muted);border-radius:6px;padding:.6rem .8rem;
 margin:.6rem 0;background:#fff;min-width:0}
.card.s-wrong,.card.s-error{border-left-color:var(--wrong)}.card.s-holds{border-left-color:var(--holds)}
.card.s-undecided,.card.s-not_read{border-left-color:var(--undecided)}
.head{display:flex;flex-wrap:wrap;gap:.3rem .6rem;align-items:baseline}
.id{font:.85rem ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted);overflow-wrap:anywhere}
.where{font-weight:600}
.formula{overflow-x:auto;overflow-y:hidden;padding:.35rem 0;max-width:100%}
.formula math{font-size:1.15rem;math-style:normal}
code,.text{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88rem;overflow-wrap:anywhere}
.stated{color:var(--muted);font-size:.88rem;margin:.1rem 0}
dl.evidence{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .8rem;margin:.4rem 0}
dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0;overflow-wrap:anywhere;min-width:0}
ol.chain{list-style:none;padding:0;margin:.4rem 0;counter-reset:step}
ol.chain>li{border-top:1px dashed var(--line);padding:.3rem 0 .3rem 2.2rem;position:relative;min-width:0}
ol.chain>li::before{counter-increment:step;content:counter(step);position:absolute;left:.2rem;top:.45rem;
 font-size:.75rem;color:var(--muted)}
ol.chain>li.broken{background:#fdecea;border-left:4px solid var(--wrong)}
ol.chain>li.broken::after{content:"broken step";position:absolute;right:.4rem;top:.3rem;font-size:.75rem;
 color:var(--wrong);font-weight:700}
figure.plot{margin:.5rem 0;overflow-x:auto}
figure.plot .panels{display:flex;flex-wrap:wrap;gap:.5rem}
figure.plot svg{flex:1 1 18rem;max-width:26rem;min-width:0;height:auto;display:block}
figure.plot figcaption{font-size:.8rem;color:var(--muted)}
details summary{cursor:pointer;color:var(--muted);font-size:.88rem}
.note{font-size:.88rem;color:var(--muted)}
@media (max-width:600px){body{font-size:14px;padding:0 .5rem 2rem}dl.evidence{grid-template-columns:minmax(0,1fr)}
 dl.evidence dt{font-weight:600;margin-top:.3rem}.formula math{font-size:1rem}}
"""

# The filter: statuses ticked and one document chosen; a group with nothing left is hidden.
# Without the script the form stays hidden and every item is shown.
SCRIPT = """(function(){
var f=document.getElementById('filter');if(!f)return;f.hidden=false;
function apply(){var on={};f.querySelectorAll('input[name=status]').forEach(function(c){on[c.value]=c.checked;});
var d=f.querySelector('select').value;
document.querySelectorAll('.item').forEach(function(el){
var any=el.getAttribute('data-status').split(' ').some(function(s){return on[s];});
el.hidden=!(any&&(d===''||el.getAttribute('data-doc')===d));});
document.querySelectorAll('section.group').forEach(function(s){s.hidden=!s.querySelector('.item:not([hidden])');});}
f.addEventListener('change',apply);apply();})();"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


class Page:
    """One page being written: the converter of formulas and the plot counter."""

    def __init__(self):
        self.math = Converter()
        self.plots = 0

    def formula_latex(self, tex: str) -> str:
        m = self.math.latex(tex)
        return f'<div class="formula">{m}</div>' if m else f'<div class="formula"><code>{esc(tex)}</code></div>'

    def formula_text(self, text: str) -> str:
        m = self.math.text(text)
        return f'<div class="formula">{m}</div>' if m else f'<div class="formula"><code>{esc(text)}</code></div>'

    def plot(self, counterexample) -> str:
        """The figure of both sides around a counterexample, where the engine gave its data."""
        if not isinstance(counterexample, dict) or not counterexample.get("plot"):
            return ""
        self.plots += 1
        pictures = svg(counterexample["plot"], self.plots)
        if not pictures:
            return ""
        along = " and ".join(esc(s.get("variable", "")) for s in counterexample["plot"])
        return (f'<figure class="plot"><div class="panels">{"".join(pictures)}</div><figcaption>both sides against {along} around the '
                f'counterexample (dotted line); gaps: not defined or outside the assumptions</figcaption></figure>')


def head(title: str) -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n")


def tail() -> str:
    return f"\n<script>{SCRIPT}</script>\n</body></html>\n"


def opening(what: str, counted: str, statuses: dict, declared: str, verdict: str, seed, seconds,
            documents: list) -> list:
    """The top of a page, the same for check and audit: head, title, one summary line with a
    badge per status present, and the filter form."""
    return [head(f"derivcheck {what} report"),
            f"<header><h1>derivcheck: {what} report</h1>",
            f'<p class="summary">{counted}: '
            + " ".join(badge(k, f"{n} {k.replace('_', ' ')}") for k, n in statuses.items() if n)
            + f" &middot; {declared} &middot; <strong>{esc(verdict)}</strong>"
            f' <span class="note">(seed {esc(seed)}, {esc(seconds)} s)</span></p></header>\n',
            filter_form(statuses, documents)]


def badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge b-{esc(status)}">{esc(text or status.replace("_", " "))}</span>'


def filter_form(statuses: dict, documents: list) -> str:
    """Checkboxes for the statuses present (with counts) and a select of documents."""
    boxes = "".join(f'<label><input type="checkbox" name="status" value="{esc(s)}" checked> '
                    f'{esc(s.replace("_", " "))} ({n})</label>'
                    for s, n in sorted(statuses.items(), key=lambda kv: _rank(kv[0])) if n)
    options = "".join(f'<option value="{esc(d)}">{esc(d)}</option>' for d in documents)
    return (f'<form id="filter" class="filter" hidden aria-label="filter">{boxes}'
            f'<label>document <select name="document"><option value="">all documents</option>{options}'
            f'</select></label></form>\n')


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def ordered(items, status=lambda x: x):
    """Items by status, wrong first, keeping the order within a status."""
    return sorted(items, key=lambda x: _rank(status(x)))


def evidence_list(rows) -> str:
    """``<dl>`` of (label, text) rows that have a text."""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="evidence">{body}</dl>' if body else ""


def counterexample_html(ce) -> str:
    if not ce:
        return ""
    try:
        return esc(counterexample_text({k: v for k, v in ce.items() if k != "plot"}))
    except Exception:   # a malformed record from an old cache: show what it holds
        return esc(str(ce)[:500])
