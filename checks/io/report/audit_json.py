"""``audit --format json``: the schema derivcheck-audit/1 of DESIGN.md, as the model writes it."""
import json

from . import AuditReporter, register_audit


@register_audit
class AuditJsonReporter(AuditReporter):
    name = "json"

    def render(self, report, color=False) -> str:
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
