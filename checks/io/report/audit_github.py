"""``audit --format github``: GitHub Actions workflow commands, one annotation per finding.

- a wrong step not declared: ``::error`` (title ``derivcheck: wrong step``);
- a declared erratum not found wrong: ``::error`` (title ``derivcheck: declared erratum not
  found``): both make the exit code 1, so both are errors;
- a declared erratum found wrong: ``::notice``. It is the author's accepted erratum, so it
  is not something to fix (``::warning`` would say it is) but it stays visible on its line;
  notice is the annotation level of SARIF's ``note``, which the sarif format gives it.
- undecided and not-read steps: no annotation. They say where derivcheck stopped, not
  that the document is wrong, and GitHub shows at most 10 annotations of each level per
  step: a long document's unread steps would push its real errors out. The closing line
  (plain log text) counts them.

Errors come first, in document order, for the same reason. Escaping follows the actions
toolkit: in the message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``; in a property
(file, title) ``:`` and ``,`` also become ``%3A`` and ``%2C``. Text from the document is
one line before that, so it can never start a command of its own.
"""
from . import AuditReporter, register_audit
from .audit_text import (as_written, counts_text, declared_text, cut, evidence, label, reading_text,
                         visible)

# an annotation shows a few lines; the errata sheet (markdown) and sarif carry the whole step
MESSAGE = 2000


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, file: str, s, title: str, message: str) -> str:
    # the file as given, for GitHub to find it; a control character in its name is shown, not sent
    props = {"file": visible(file), "line": str(s.line), "endLine": str(max(s.line, s.lines[1])), "title": title}
    return (f"::{level} " + ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            + f"::{escape_data(message)}\n")


def message(s) -> str:
    parts = [f"{label(s)}: {as_written(s)}" if label(s) else as_written(s)]
    if s.reading is not None:
        parts.append(f"read as {reading_text(s)}")
    if evidence(s):
        parts.append(evidence(s))
    if s.declared == "wrong":
        parts.append(declared_text(s) if s.status == "wrong" else f"declared wrong but {s.status}")
    return cut(" — ".join(parts), MESSAGE)


@register_audit
class AuditGithubReporter(AuditReporter):
    name = "github"

    def start(self, report):
        self.errors, self.notices = [], []
        return ""

    def document(self, file, steps):
        for s in steps:
            if s.status == "wrong" and s.declared != "wrong":
                self.errors.append(command("error", file, s, "derivcheck: wrong step", message(s)))
            elif s.declared == "wrong" and s.status != "wrong":
                self.errors.append(command("error", file, s, "derivcheck: declared erratum not found",
                                           message(s)))
            elif s.declared == "wrong":
                title = f"derivcheck: declared erratum{' (' + s.severity + ')' if s.severity else ''}"
                self.notices.append(command("notice", file, s, title, message(s)))
        return ""

    def finish(self, report):
        s = report.summary()
        bad = sum(not x.ok for x in report.steps())
        tail = f"derivcheck audit: {counts_text(s)} — " + ("every step ok" if s["ok"] else f"{bad} step(s) not ok")
        return "".join(self.errors + self.notices) + tail + "\n"
