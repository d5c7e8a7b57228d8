"""``modellaw-check explain ID``: the provision explained from the rule pack."""

from __future__ import annotations

import shutil

import pytest

from modellaw_check.cli.app import main
from modellaw_check.rules import load_pack


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    # rich wraps to $COLUMNS when not on a terminal; wide enough that phrases stay on one line
    monkeypatch.setenv("COLUMNS", "400")


def test_explain_prints_everything_a_drafter_needs(capsys):
    rule = load_pack().get("art2-illegal-access")
    code, out, _ = _run(["explain", "art2-illegal-access"], capsys)
    assert code == 0
    assert rule.title in out and rule.source in out
    assert "Level: required" in out and "category: offence" in out
    assert " ".join(rule.summary.split()) in out
    for el in rule.elements:
        assert el.name in out and el.description in out
    assert "optional" in out  # the optional elements are marked as such
    assert "concept: without_right" in out and "access / accesses / accessed / accessing" in out
    for res in rule.reservations:
        assert res.id in out and res.title in out
        assert " ".join(res.effect.split())[:80] in out
        if res.permits:
            assert f"Permits the statute to add: {', '.join(res.permits)}" in out
    assert " ".join(rule.model_wording.split()) in out
    for ex in rule.examples:
        assert " ".join(ex.text.split()) in out
    assert out.count("implemented") >= sum(ex.expect == "implemented" for ex in rule.examples)
    assert "missing: intent, without_right" in out


def test_explain_unknown_id_is_one_line_exit_2(capsys):
    code, out, err = _run(["explain", "art99-no-such-rule"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown provision id 'art99-no-such-rule'" in err


def test_explain_with_a_custom_rule_directory(tmp_path, capsys):
    pack = load_pack()
    shutil.copy(pack.files["art2-illegal-access"], tmp_path / "only-rule.yaml")
    code, out, _ = _run(["explain", "art2-illegal-access", "--rules", str(tmp_path)], capsys)
    assert code == 0 and "Illegal access" in out
    other = next(r.id for r in pack.rules if r.id != "art2-illegal-access")
    code, _, err = _run(["explain", other, "--rules", str(tmp_path)], capsys)
    assert code == 2 and "unknown provision id" in err
