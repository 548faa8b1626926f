"""``check --format html``: the claim report as one self-contained page.

Wrong claims first (``start``: every document's, each with its counterexample, the first
broken step of a chain marked, and a plot of both sides where the engine gave one), then
one section per document (``document``) with its other claims, undecided and errors
before those that hold. A filter by status and by document; formulas as MathML where the
claim's text reads in the ``verify`` grammar (an audited step's LaTeX through
latex2mathml), else the escaped text.
"""
from __future__ import annotations

import re

from . import Reporter, by_severity, register
from .html_page import (Page, badge, counterexample_html, esc, evidence_list, opening, ordered, tail)


@register
class HtmlReporter(Reporter):
    name = "html"

    def start(self, report):
        self.page = Page()
        s = report.summary()
        docs = list(dict.fromkeys(r.document for r in report.results))
        statuses = {k: s[k] for k in ("wrong", "error", "undecided", "unchecked", "holds")}
        verdict = "all verdicts as declared" if s["ok"] else "some verdicts differ from the catalog"
        # an undeclared wrong first, then major errors, notation slips last (DESIGN.md)
        wrong = by_severity([r for r in report.results if r.verdict.status == "wrong"])
        out = opening("check", f"{s['claims']} claims in {len(docs)} documents", statuses,
                      f"{s['errata']} declared errata", verdict, report.seed, s["seconds"], docs)
        if wrong:
            out.append(f'<section class="group" id="wrong"><h2>Wrong ({len(wrong)})</h2>\n')
            out += [self.card(r) for r in wrong]
            out.append("</section>\n")
        return "".join(out)

    def document(self, document, results):
        rest = ordered([r for r in results if r.verdict.status != "wrong"], lambda r: r.verdict.status)
        wrong = len(results) - len(rest)
        note = f'<p class="note">{wrong} wrong, shown above.</p>' if wrong else ""
        return (f'<section class="group"><h2>{esc(document)}</h2>{note}\n'
                + "".join(self.card(r) for r in rest) + "</section>\n")

    def finish(self, report):
        return tail()

    def card(self, r) -> str:
        v = r.verdict
        status = v.status
        label = f"{status} ({v.strength})" if v.strength else status
        flags = ""
        if r.declared == "erratum":
            severity = getattr(r, "severity", None)   # of an erratum, where the catalog gives it
            flags += f' <span class="note">declared erratum{": " + esc(severity) if severity else ""}</span>'
        if getattr(r, "source", "stated") == "supporting":
            flags += ' <span class="note">supporting (the catalog\'s own claim)</span>'
        if not r.ok:
            flags += " " + badge("error", "not as declared")
        out = [f'<article class="card item s-{esc(status)}" data-status="{esc(status)}" data-doc="{esc(r.document)}"'
               f' id="c-{_anchor(r.id)}"><div class="head">{badge(status, label)}'
               f'<span class="where">{esc(r.exercise)}</span><span class="id">{esc(r.id)}</span>'
               f'<span class="note">{esc(r.kind)}</span>{flags}</div>']
        out.append(self.statement(r))
        chain = v.steps and any(isinstance(s, dict) for s in v.steps)
        rows = [("counterexample", "" if chain else counterexample_html(v.counterexample)),
                ("residual", esc(v.residual) if v.residual else ""),
                ("correct", esc(v.correct) if v.correct else ""),
                ("correction", self.correction(r.correction)),
                ("method", esc(v.method)),
                ("detail", esc(v.detail) if v.detail and status != "holds" else "")]
        out.append(evidence_list(rows))
        if chain:
            out.append(self.chain(v.steps))
        elif status == "wrong":
            out.append(self.page.plot(v.counterexample))
        out.append("</article>\n")
        return "".join(out)

    def statement(self, r) -> str:
        if r.kind == "step":   # an audited step: the document's LaTeX
            return self.page.formula_latex(r.statement)
        formula, note = split_note(r.statement)
        m = self.page.math.text(formula)
        if m:
            said = f'<p class="stated">{esc(note)}</p>' if note else ""
            return f'<div class="formula">{m}</div>{said}'
        return f'<p class="statement">{esc(r.statement)}</p>'

    def correction(self, c) -> str:
        if c is None:
            return ""
        formula, note = split_note(c.statement)
        m = self.page.math.text(formula)
        shown = f'<div class="formula">{m}</div><span class="note">{esc(note)}</span>' if m else esc(c.statement)
        return f"{shown} {badge(c.status)}"

    def chain(self, steps) -> str:
        out = ['<ol class="chain">']
        for s in steps:
            if not isinstance(s, dict):
                continue
            st = s.get("status", "")
            broken = st == "wrong"
            label = f"{st} ({s['strength']})" if s.get("strength") else st
            out.append(f'<li class="{"broken" if broken else ""}">{badge(st, label)} '
                       f'<span class="note">{esc(s.get("method", ""))}</span>'
                       + self.page.formula_text(f"{s.get('from', '')} = {s.get('to', '')}"))
            if broken:
                out.append(evidence_list([("counterexample", counterexample_html(s.get("counterexample")))]))
                out.append(self.page.plot(s.get("counterexample")))
            out.append("</li>")
        out.append("</ol>")
        return "".join(out)


def split_note(statement: str) -> tuple:
    """'FORMULA [note]' (a catalog text row with its note) -> (FORMULA, note); a statement
    without a trailing bracketed note -> (statement, ""). ``x[i]`` (no space) is an index."""
    text = statement.rstrip()
    if not text.endswith("]"):
        return statement, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {"]": 1, "[": -1}.get(text[i], 0)
        if depth == 0:
            if i > 0 and text[i - 1] == " " and text[:i].strip():
                return text[:i].rstrip(), text[i + 1:-1]
            return statement, ""
    return statement, ""


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)[:120]
