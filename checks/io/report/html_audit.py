"""``audit --format html``: the audit of documents as one self-contained page.

A card per display (the steps cut from one formula of the document, in order, each
typeset from the document's own LaTeX), so a chain reads step by step with its broken
steps marked. Displays with a wrong step come first (``start``), each wrong step with its
counterexample and a plot of both sides where the engine gave one; then each document's
other displays in document order (``document``). A filter by status and by document.
"""
from __future__ import annotations

from itertools import groupby

from . import AuditReporter, register_audit
from .html_page import Page, badge, counterexample_html, esc, evidence_list, opening, ordered, tail

RELATIONS = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}


def displays(steps) -> list:
    """The steps of one document cut into displays: consecutive steps of the same lines."""
    return [list(g) for _, g in groupby(steps, key=lambda s: tuple(s.lines))]


@register_audit
class HtmlAuditReporter(AuditReporter):
    name = "html"

    def start(self, report):
        self.page = Page()
        s = report.summary()
        statuses = {k: s[k] for k in ("wrong", "undecided", "not_read", "holds", "definition", "condition",
                                      "skipped")}
        docs = [d.file for d in report.documents]
        verdict = "ok" if s["ok"] else "a step is wrong and not declared, or declared wrong and not found wrong"
        out = opening("audit", f"{s['steps']} steps in {s['documents']} document(s)", statuses,
                      f"{s['declared_wrong']} declared wrong", verdict, report.seed, s["seconds"], docs)
        wrong = [(d.file, g) for d in report.documents for g in displays(d.steps)
                 if any(x.status == "wrong" for x in g)]
        if wrong:
            n = sum(x.status == "wrong" for _, g in wrong for x in g)
            out.append(f'<section class="group" id="wrong"><h2>Wrong steps ({n})</h2>\n')
            out += [self.card(file, g) for file, g in wrong]
            out.append("</section>\n")
        return "".join(out)

    def document(self, file, steps):
        groups = displays(steps)
        rest = [g for g in groups if not any(x.status == "wrong" for x in g)]
        wrong = len(groups) - len(rest)
        note = f'<p class="note">{wrong} display(s) with a wrong step, shown above.</p>' if wrong else ""
        if not steps:
            note = '<p class="note">No display mathematics found.</p>'
        return (f'<section class="group"><h2>{esc(file)}</h2>{note}\n'
                + "".join(self.card(file, g) for g in rest) + "</section>\n")

    def finish(self, report):
        return tail()

    def card(self, file, group) -> str:
        statuses = list(dict.fromkeys(s.status for s in ordered(group, lambda s: s.status)))
        first, last = group[0].lines
        where = f"line {first}" if first == last else f"lines {first}–{last}"
        loc = group[0].location or ""
        out = [f'<article class="card item s-{esc(statuses[0])}" data-status="{esc(" ".join(statuses))}" '
               f'data-doc="{esc(file)}" id="d-{esc(_anchor(group[0].id))}"><div class="head">'
               f'{badge(statuses[0])}<span class="where">{esc(loc)}</span>'
               f'<span class="id">{esc(file)}, {esc(where)}</span></div><ol class="chain">']
        out += [self.step(s) for s in group]
        out.append("</ol></article>\n")
        return "".join(out)

    def step(self, s) -> str:
        label = f"{s.status} ({s.strength})" if s.strength else s.status
        rel = RELATIONS.get(s.relation, s.relation)
        flags = ""
        if s.declared == "wrong":
            flags += " " + badge("declared" if s.ok else "error", ("declared wrong" if s.ok else "declared wrong, "
                                 "not found wrong") + (f": {s.severity}" if s.severity else ""))
        elif not s.ok:
            flags += " " + badge("error", "not declared")
        out = [f'<li class="{"broken" if s.status == "wrong" else ""}" id="s-{esc(_anchor(s.id))}">'
               f'{badge(s.status, label.replace("_", " "))}{flags} <span class="note">{esc(s.method)}</span>',
               self.page.formula_latex(f"{s.from_} {rel} {s.to}")]
        rows = [("reason", esc(s.reason) if s.reason else "")]
        if s.status == "wrong":
            rows += [("counterexample", counterexample_html(s.counterexample)),
                     ("residual", esc(s.residual) if s.residual else ""),
                     ("correct", esc(s.correct) if s.correct else ""),
                     ("erratum", esc(s.erratum_note) if s.erratum_note else "")]
        if s.detail and s.status != "holds":
            rows.append(("detail", esc(s.detail)))
        out.append(evidence_list(rows))
        if s.status == "wrong":
            out.append(self.page.plot(s.counterexample))
        if s.reading is not None:
            assume = f"; assuming {', '.join(s.reading.assumptions)}" if s.reading.assumptions else ""
            out.append(f'<details><summary>read as</summary><code>{esc(s.reading.from_)} {esc(s.relation)} '
                       f'{esc(s.reading.to)}{esc(assume)}</code></details>')
        out.append("</li>")
        return "".join(out)


def _anchor(text: str) -> str:
    import re
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)[-120:]
