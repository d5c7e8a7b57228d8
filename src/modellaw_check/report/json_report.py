"""JSON: the documented, versioned report (schema: ``modellaw-check schema``)."""

from __future__ import annotations

import json

from modellaw_check.findings import StatuteReport


def render(report: StatuteReport, options=None) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict:
    schema = StatuteReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://modellaw-check.dev/schema/report-1.json"
    return schema
