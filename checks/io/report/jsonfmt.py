"""``--format json``: the schema derivcheck-report/1 of DESIGN.md."""
import json

from . import Reporter, register


@register
class JsonReporter(Reporter):
    name = "json"

    def render(self, report, color=False) -> str:
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
