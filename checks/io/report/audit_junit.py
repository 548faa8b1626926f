"""``audit --format junit``: one testcase per step that is checked, for CI test tabs.

A testsuite per document, a testcase per step, classname the file, name the step id and
location. Definitions and conditions are recorded, not checked (DESIGN.md), so they are
no testcases; the suite's properties count them. A step that is not ok is a failure
(type ``wrong`` for an undeclared wrong step, ``erratum-not-found`` for a declared
erratum that did not come out wrong); an ok step left undecided, not read or skipped is
skipped; everything else (holds, a declared erratum found wrong) passes.

ElementTree escapes markup; characters XML 1.0 cannot carry at all (control
characters) are shown as escapes by ``one_line`` / ``visible`` before they get here.
"""
import xml.etree.ElementTree as ET

from . import AuditReporter, register_audit
from .audit_text import (as_written, declared_text, evidence, label, not_ok_text, one_line, reading_text,
                         status_label, visible)

UNCHECKED = ("definition", "condition")
OPEN = ("undecided", "not_read", "skipped")
MESSAGE = 300


@register_audit
class AuditJunitReporter(AuditReporter):
    name = "junit"

    def start(self, report):
        self.root = ET.Element("testsuites", name="derivcheck audit", time=f"{report.seconds:.3f}")
        return ""

    def document(self, file, steps):
        name = one_line(file)
        checked = [s for s in steps if s.status not in UNCHECKED]
        suite = ET.SubElement(self.root, "testsuite", name=name, tests=str(len(checked)))
        props = ET.SubElement(suite, "properties")
        for status in UNCHECKED:
            ET.SubElement(props, "property", name=status, value=str(sum(s.status == status for s in steps)))
        counts = {"failures": 0, "errors": 0, "skipped": 0}
        for s in checked:
            case = ET.SubElement(suite, "testcase", classname=name,
                                 name=one_line(f"{s.id} [{label(s)}]" if label(s) else s.id),
                                 file=name, line=str(s.line), time=f"{s.seconds:.3f}")
            if not s.ok:
                kind = "wrong" if s.status == "wrong" else "erratum-not-found"
                ET.SubElement(case, "failure", type=kind,
                              message=one_line(f"line {s.line}: {not_ok_text(s)}: {as_written(s)}")[:MESSAGE]
                              ).text = self.body(s)
                counts["failures"] += 1
            elif s.status in OPEN:
                ET.SubElement(case, "skipped", message=one_line(f"{s.status}: {evidence(s) or s.method}")[:MESSAGE])
                counts["skipped"] += 1
            ET.SubElement(case, "system-out").text = visible(
                f"status={status_label(s)} method={s.method}\nstep: {as_written(s)}")
        for k, n in counts.items():
            suite.set(k, str(n))
        return ""

    @staticmethod
    def body(s) -> str:
        where = f"line {s.line}, {label(s)}" if label(s) else f"line {s.line}"
        lines = [f"step as written ({where}): {as_written(s)}"]
        if s.reading is not None:
            lines.append(f"read as: {reading_text(s)}")
        if evidence(s):
            lines.append(f"evidence: {evidence(s)}")
        if s.declared == "wrong":
            lines.append(f"declared: {one_line(declared_text(s))}")
        return "\n".join(lines)

    def finish(self, report):
        ET.indent(self.root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(self.root, encoding="unicode") + "\n"
