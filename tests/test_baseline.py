"""Baselines: stable fingerprints, `baseline write`, and `check --baseline` failing only on new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_util import SG_ACT, run_cli, sg_base, sg_without_authority_removed, shared_checker, write  # noqa: F401 - fixture

from modellaw_check import baseline as bl

ART2 = "art2-illegal-access"


def test_fingerprints_survive_edits_in_unrelated_sections(report_of, checker) -> None:
    text = SG_ACT.read_text(encoding="utf-8")
    before = report_of(SG_ACT.name)
    anchor = "has jurisdiction to hear and determine all offences under this Act"  # section 15
    assert text.count(anchor) == 1
    edited = text.replace(anchor, anchor + " (including offences committed before the commencement of "
                          "this sentence, which is new text added for the test)")
    edited = edited.rstrip("\n") + "\n\n21. This Act binds the Government.\n"  # and a new last section
    after = checker.check_text(edited, str(SG_ACT))
    compared = 0
    for old, new in zip(before.provisions, after.provisions, strict=True):
        if old.sections[:1] and old.sections[0].split("(")[0] in ("15", "21"):
            continue  # the edited section itself may change its findings
        assert (new.id, new.status, new.fingerprint) == (old.id, old.status, old.fingerprint), old.id
        compared += 1
    assert compared >= len(before.provisions) - 1


def test_fingerprint_changes_when_the_finding_changes(checker) -> None:
    a = checker.check_text(sg_base(), "a.txt").provision(ART2)
    b = checker.check_text(sg_without_authority_removed(), "a.txt").provision(ART2)
    assert a.status == "implemented" and b.status == "partial"
    assert a.fingerprint != b.fingerprint


def test_build_and_apply(checker, tmp_path: Path) -> None:
    old = checker.check_text(sg_base(), "cma.txt")
    base = bl.build({"statutes/cma.txt": old})
    recorded = {e.rule for e in base.files["statutes/cma.txt"]}
    assert recorded == {p.id for p in old.provisions if p.status in ("partial", "missing")}
    assert ART2 not in recorded  # implemented: not a finding
    path = write(tmp_path / "base.json", bl.dumps(base))
    loaded = bl.load(path)
    assert loaded == base
    new = checker.check_text(sg_without_authority_removed(), "cma.txt")
    n = bl.apply(new, loaded, "statutes/cma.txt")
    # Only section 3(1) changed: every recorded finding is still there and baselined; the new one is not.
    assert n == len(recorded)
    assert {p.id for p in new.provisions if p.baselined} == recorded
    assert new.provision(ART2).status == "partial" and not new.provision(ART2).baselined
    # Another file's findings are not covered by this file's entries.
    other = checker.check_text(sg_base(), "other.txt")
    assert bl.apply(other, loaded, "statutes/other.txt") == 0


@pytest.mark.usefixtures("shared_checker")
def test_baseline_cli_old_findings_silent_new_ones_fail(tmp_path: Path, capsys, monkeypatch) -> None:
    repo = tmp_path / "repo"
    bill = write(repo / "statutes" / "cma.txt", sg_base())
    write(repo / "modellaw-check.yaml", "fail_on: partial\nformat: json\n")
    (repo / "ci").mkdir()
    monkeypatch.chdir(repo)
    code, _, err = run_cli(["baseline", "write", "ci/base.json", "statutes/cma.txt"], capsys)
    assert code == 0 and "recorded" in err
    data = json.loads((repo / "ci" / "base.json").read_text())
    assert list(data["files"]) == ["../statutes/cma.txt"]  # relative to the baseline's folder
    assert all({"fingerprint", "rule", "status"} <= set(e) for e in data["files"]["../statutes/cma.txt"])

    # Without the baseline the statute fails at `partial`; with it, the old findings are silent.
    assert run_cli(["check", "statutes/cma.txt"], capsys)[0] == 1
    code, out, err = run_cli(["check", "statutes/cma.txt", "--baseline", "ci/base.json"], capsys)
    assert code == 0
    assert all(p["baselined"] for p in json.loads(out)["provisions"] if p["status"] != "implemented")
    assert "in the baseline" in err
    # The same baseline named in the config, used from a subdirectory.
    write(repo / "modellaw-check.yaml", "fail_on: partial\nformat: json\nbaseline: ci/base.json\n")
    monkeypatch.chdir(repo / "statutes")
    assert run_cli(["check", "cma.txt"], capsys)[0] == 0

    # A new finding (the without-right element removed from section 3(1)) fails the run.
    bill.write_text(sg_without_authority_removed(), encoding="utf-8")
    code, out, _ = run_cli(["check", "cma.txt"], capsys)
    assert code == 1
    art2 = next(p for p in json.loads(out)["provisions"] if p["id"] == ART2)
    assert art2["status"] == "partial" and art2["baselined"] is False


@pytest.mark.usefixtures("shared_checker")
def test_bad_baseline_file(tmp_path: Path, capsys) -> None:
    bill = write(tmp_path / "bill.txt", sg_base())
    nope = tmp_path / "nope.json"
    code, _, err = run_cli(["check", str(bill), "--no-config", "--baseline", str(nope)], capsys)
    assert code == 2 and "nope.json: baseline file not found" in err
    bad = write(tmp_path / "bad.json", '{"version": 1,\n "files": [1, 2]}\n')
    code, _, err = run_cli(["check", str(bill), "--no-config", "--baseline", str(bad)], capsys)
    assert code == 2 and "not a modellaw-check baseline: 'files'" in err
    broken = write(tmp_path / "broken.json", '{"version": 1,\n')
    code, _, err = run_cli(["check", str(bill), "--no-config", "--baseline", str(broken)], capsys)
    assert code == 2 and f"{broken}:2: baseline is not valid JSON" in err
