"""``modellaw-check schema``: the JSON Schemas of the report (``--format json``) and of a rule file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from modellaw_check.cli.common import OUTPUT_OPTION, write_output
from modellaw_check.errors import UsageError

KINDS = ("report", "rule", "pack")


def _shorthand(schema: dict) -> dict:
    """Wordings may be written as a bare string ("without authority"): say so in the schema."""
    for name in ("Element", "Concept", "Wordings"):
        prop = schema.get("$defs", {}).get(name, {}).get("properties", {}).get("any")
        if prop:
            prop["items"] = {"anyOf": [{"type": "string", "description": "shorthand for {words: ...}"},
                                       {"$ref": "#/$defs/Pattern"}]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def rule_schema() -> dict:
    from modellaw_check.rules.schema import Rule

    return _shorthand(Rule.model_json_schema())


def pack_schema() -> dict:
    from modellaw_check.rules.schema import PackMeta

    return _shorthand(PackMeta.model_json_schema())


def schema(
    kind: str = typer.Argument("report", metavar="KIND", help="report (the --format json output), rule (a rule file) "
                               "or pack (pack.yaml)."),
    output: Path = OUTPUT_OPTION,
) -> None:
    """Print a JSON Schema: of the JSON report, of a rule file, or of a rule pack's pack.yaml."""
    from modellaw_check.report.json_report import json_schema

    makers = {"report": json_schema, "rule": rule_schema, "pack": pack_schema}
    if kind not in makers:
        raise UsageError(f"unknown schema {kind!r} (choose from: {', '.join(KINDS)})")
    write_output(json.dumps(makers[kind](), indent=2) + "\n", output)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
