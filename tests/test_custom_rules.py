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
