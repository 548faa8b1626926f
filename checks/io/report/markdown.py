"""``--format markdown``: an errata sheet per document, for a CI job summary.

Wrong claims first, each with location, what was stated, the correct value
and the counterexample; then claims that did not come out as declared; then
a one-line tally of everything else.
"""
from . import Reporter, register, evidence, by_severity, short, step_text


def _cell(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


@register
class MarkdownReporter(Reporter):
    name = "markdown"

    def start(self, report):
        s = report.summary()
        verdict = "all verdicts as declared" if s["ok"] else "SOME VERDICTS DIFFER FROM THE CATALOG"
        sev = ", ".join(f"{n} {k}" for k, n in s["errata_by_severity"].items() if n)
        return (f"# derivcheck errata sheet\n\n{s['claims']} claims ({s['stated']} stated by the documents, "
                f"{s['supporting']} the catalog's own): {s['holds']} hold, {s['wrong']} wrong "
                f"({s['errata']} declared errata{': ' + sev if sev else ''}), "
                f"{s['undecided']} undecided, {s['unchecked']} unchecked, {s['error']} error "
                f"({s['seconds']} s, seed {report.seed}) — **{verdict}**\n")

    def document(self, document, results):
        out = [f"\n## {document}\n"]
        wrong = [r for r in results if r.verdict.status == "wrong"]
        if wrong:
            out.append("\n| location | severity | stated | correct | evidence | first broken step |\n"
                       "|---|---|---|---|---|---|\n")
            for r in by_severity(wrong):
                v = r.verdict
                correct = short(v.correct) or (r.correction.statement if r.correction else "")
                step = next((step_text(r, s) for s in v.steps if s["status"] == "wrong"), "")
                source = "" if r.source == "stated" else " (catalog's own)"
                out.append(f"| {_cell(r.location)} | {r.severity or ''} | {_cell(r.statement)}{source} | "
                           f"{_cell(correct)} | {_cell(evidence(r, with_correct=False))} | {_cell(step)} |\n")
        else:
            out.append("\nNo errors found.\n")
        off = [r for r in results if not r.ok]
        if off:
            out.append("\n**Not as declared:**\n\n")
            for r in off:
                out.append(f"- `{r.id}` ({r.location}): declared {r.declared}, got {r.verdict.status}"
                           f" — {_cell(evidence(r) or r.verdict.method)}\n")
        tally = {}
        for r in results:
            key = r.verdict.status + (f" ({r.verdict.strength})" if r.verdict.strength else "")
            tally[key] = tally.get(key, 0) + 1
        out.append("\n" + ", ".join(f"{n} {k}" for k, n in sorted(tally.items())) + "\n")
        return "".join(out)
