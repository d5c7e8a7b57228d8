"""Rules are data: a new provision is one YAML file, and a custom rule folder works end to end."""

from __future__ import annotations

import json
import shutil

import pytest

from modellaw_check.cli.app import main
from tests.conftest import ROOT

CYBERSTALKING = """\
id: cyberstalking
title: Cyberstalking
source: "Example national provision (not in the Chairman's Model Law)"
level: recommended
category: offence
unit: offence
summary: Repeatedly harassing a person through a computer system should be an offence.
model_wording: >
  A person who intentionally and without right repeatedly harasses another person by means of a
  computer system commits an offence.
locate: [conduct, object]
elements:
  - name: conduct
    kind: conduct
    description: harassing, stalking or threatening
    any: [harass|harasses|harassing|harassment|stalk|stalks|stalking|threaten|threatens]
  - name: object
    kind: object
    description: through a computer system
    any: [{concept: computer_system}]
  - name: intent
    kind: mental
    any: [{concept: intent}]
examples:
  - text: "A person who intentionally harasses another person by means of a computer system commits an offence."
    expect: implemented
  - text: "A person who harasses another by means of a computer commits an offence."
    expect: partial
    missing: [intent]
  - text: "A person who accesses a computer without authority commits an offence."
    expect: missing
"""


def _run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_one_yaml_file_adds_a_provision(tmp_path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "chairmans-model-law", pack)
    (pack / "cyberstalking.yaml").write_text(CYBERSTALKING)
    code, out, _ = _run(["rules", "test", "--rules", str(pack), "--id", "cyberstalking"], capsys)
    assert code == 0 and "3 passed, 0 failed" in out
    bill = tmp_path / "bill.txt"
    bill.write_text("5. Cyberstalking\nA person who knowingly harasses another person through a computer "
                    "system commits an offence.\n")
    code, out, _ = _run(["check", str(bill), "--rules", str(pack), "--format", "json", "--fail-on", "never"],
                        capsys)
    assert code == 0
    found = {p["id"]: p for p in json.loads(out)["provisions"]}
    assert found["cyberstalking"]["status"] == "implemented" and found["cyberstalking"]["sections"] == ["5"]
    assert "art2-illegal-access" in found  # the rest of the pack is still there


def test_a_folder_of_extra_rules_borrows_the_bundled_concepts(tmp_path, capsys):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "cyberstalking.yaml").write_text(CYBERSTALKING)
    code, out, _ = _run(["rules", "validate", str(extra)], capsys)
    assert code == 0 and "1 rule(s) valid" in out
    code, out, _ = _run(["rules", "test", "--rules", str(extra)], capsys)
    assert code == 0 and "3 passed" in out


def test_a_wrong_example_fails_rules_test(tmp_path, capsys):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "cyberstalking.yaml").write_text(CYBERSTALKING.replace("    expect: partial", "    expect: implemented"))
    code, out, _ = _run(["rules", "test", "--rules", str(extra)], capsys)
    assert code == 1 and "FAIL cyberstalking example 2" in out


def test_rule_docs_are_generated_and_current(capsys):
    code, out, _ = _run(["rules", "doc"], capsys)
    assert code == 0
    stale = "docs/rules.md is stale: run `modellaw-check rules doc -o docs/rules.md`"
    assert out == (ROOT / "docs" / "rules.md").read_text(), stale
    assert '<a id="art6-misuse-of-devices"></a>' in out and "ART-6.3" in out


def test_sarif_describes_the_rules_of_an_extra_folder_from_the_pack_in_memory(tmp_path, capsys, monkeypatch):
    """A rule from an extra ``--rules`` folder is in SARIF's ``tool.driver.rules`` with its own metadata
    (its summary, its own help URI, never the bundled pack's documentation address), results point at
    valid rule indexes, the log is schema-valid, and rendering never reads the pack from disk again."""
    import jsonschema

    from modellaw_check.report import RenderOptions, render
    from modellaw_check.settings import resolve

    extra = tmp_path / "extra"
    extra.mkdir()
    help_uri = "https://example.org/rules/cyberstalking"
    (extra / "cyberstalking.yaml").write_text(CYBERSTALKING.replace("locate:", f"help_uri: {help_uri}\nlocate:"))
    bill = tmp_path / "bill.txt"  # harassing through a computer, without intent: partial
    bill.write_text("5. Cyberstalking\nA person who harasses another person by means of a computer commits "
                    "an offence.\n")
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

    def check(log: dict) -> None:
        jsonschema.validators.validator_for(schema)(schema).validate(log)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        by_id = {r["id"]: r for r in rules}
        mine = by_id["cyberstalking"]
        assert mine["fullDescription"]["text"] == ("Repeatedly harassing a person through a computer system "
                                                   "should be an offence.")
        assert mine["helpUri"] == help_uri
        assert by_id["art2-illegal-access"]["helpUri"].endswith("/chairmans-model-law/art2-illegal-access.yaml")
        assert run["results"] and "cyberstalking" in [r["ruleId"] for r in run["results"]]
        for result in run["results"]:
            assert 0 <= result["ruleIndex"] < len(rules) and rules[result["ruleIndex"]]["id"] == result["ruleId"]

    args = ["check", str(bill), "--no-config", "--pack", "chairmans-model-law", "--rules", str(extra),
            "--format", "sarif", "--fail-on", "never"]
    code, out, _ = _run(args, capsys)
    assert code == 0
    check(json.loads(out))

    # In process: once the run's pack is loaded, the reporter is given it and reads no rule file.
    s = resolve(None, True, pack="chairmans-model-law", rules=extra)
    report = s.checker().check_path(bill)
    pack = s.pack()
    assert [p.status for p in report.provisions if p.id == "cyberstalking"] == ["partial"]

    def no_reading(*args, **kwargs):
        raise AssertionError("the reporter read the rule pack from disk")

    import modellaw_check.rules as rules_pkg
    import modellaw_check.rules.loader as loader

    for module in (rules_pkg, loader):
        monkeypatch.setattr(module, "load_pack", no_reading)
        monkeypatch.setattr(module, "load_packs", no_reading, raising=False)
    check(json.loads(render(report, "sarif", RenderOptions(pack=pack))))


def test_locate_alternatives_are_validated_and_explained():
    """`locate: ["search|seize", object]`: a provision is found by either power; each name must be an element."""
    import pytest

    from modellaw_check.rules.loader import load_pack
    from modellaw_check.rules.schema import Rule

    data = load_pack().get("art19-search-seizure").model_dump()
    assert data["locate"][0] == "search|seize"
    assert Rule.model_validate(data).locating_names() == {"search", "seize", "object"}
    data["locate"] = ["search|seiz", "object"]
    with pytest.raises(ValueError, match="locate names unknown element 'seiz'"):
        Rule.model_validate(data)
