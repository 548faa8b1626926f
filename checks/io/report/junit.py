"""``--format junit``: one testcase per claim for CI test tabs.

A wrong claim is a failure carrying its evidence (type ``erratum`` when the
catalog declares it, ``unexpected`` otherwise); an error is an error;
undecided and unchecked claims are skipped. Every text is passed through ``visible``:
ElementTree escapes markup, but a control character (a statement's \x01) would make the
XML unparsable.
"""
import xml.etree.ElementTree as ET

from . import Reporter, register, evidence
from .audit_text import visible


@register
class JunitReporter(Reporter):
    name = "junit"

    def start(self, report):
        self.root = ET.Element("testsuites", name="derivcheck", time=f"{report.seconds:.3f}")
        return ""

    def document(self, document, results):
        document = visible(document)
        suite = ET.SubElement(self.root, "testsuite", name=document, tests=str(len(results)))
        counts = {"failures": 0, "errors": 0, "skipped": 0}
        for r in results:
            v = r.verdict
            case = ET.SubElement(suite, "testcase", classname=document, name=visible(f"{r.id} [{r.location}]"),
                                 time=f"{v.seconds:.3f}")
            text = visible(f"{r.statement}\n{evidence(r)}")
            if v.status == "wrong":
                kind = "erratum" if r.declared == "erratum" else "unexpected"
                ET.SubElement(case, "failure", message=visible(f"{r.location}: {r.statement}"[:300]),
                              type=kind).text = text
                counts["failures"] += 1
            elif v.status == "error":
                ET.SubElement(case, "error", message=visible(v.detail[:300]), type="error").text = text
                counts["errors"] += 1
            elif v.status in ("undecided", "unchecked"):
                ET.SubElement(case, "skipped", message=visible(f"{v.status}: {v.detail}"[:300]))
                counts["skipped"] += 1
            elif not r.ok:
                ET.SubElement(case, "failure", message="verdict differs from declaration", type="unexpected")
                counts["failures"] += 1
            ET.SubElement(case, "system-out").text = f"status={v.status} strength={v.strength} method={v.method}"
        for k, n in counts.items():
            suite.set(k, str(n))
        return ""

    def finish(self, report):
        ET.indent(self.root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(self.root, encoding="unicode") + "\n"
