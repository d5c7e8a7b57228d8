"""The published JSON Schemas: generated from the models, committed, and never out of date."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from modellaw_check.cli.app import main
from tests.conftest import ROOT


@pytest.mark.parametrize("kind,path", [("report", "report-1.json"), ("rule", "rule.json"), ("pack", "pack.json")])
def test_committed_schema_matches_the_models(kind, path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["schema", kind])
    assert exc.value.code == 0
    generated = json.loads(capsys.readouterr().out)
    committed = json.loads((ROOT / "docs" / "schemas" / path).read_text())
    assert generated == committed, f"docs/schemas/{path} is stale: run `modellaw-check schema {kind} -o ...`"


def test_bundled_rules_and_reports_validate(report_of):
    from modellaw_check.cli.schema_cmd import rule_schema

    schema = rule_schema()
    for path in sorted((ROOT / "rules" / "chairmans-model-law").glob("*.yaml")):
        if path.name != "pack.yaml":
            jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    from modellaw_check.cli.schema_cmd import pack_schema

    pack = ROOT / "rules" / "chairmans-model-law" / "pack.yaml"
    jsonschema.validate(yaml.safe_load(pack.read_text()), pack_schema())
    report = report_of("sg-computer-misuse-act-1993.txt").model_dump(mode="json")
    jsonschema.validate(report, json.loads((ROOT / "docs" / "schemas" / "report-1.json").read_text()))


def test_unknown_schema_kind(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["schema", "bogus"])
    assert exc.value.code == 2 and "unknown schema" in capsys.readouterr().err


def test_report_files_get_ordinary_permissions(tmp_path):
    """Written through a private temporary file, a report must still end up readable like any new file."""
    import os

    from modellaw_check.report.output import write_atomic

    target = tmp_path / "report.json"
    write_atomic(target, "{}\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
