"""`diff OLD NEW` on versions of the Singapore Computer Misuse Act: an element removed, a provision added."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_util import (  # noqa: F401 - shared_checker is a fixture used by name
    run_cli,
    sg_base,
    sg_with_child_abuse_offence,
    sg_without_authority_removed,
    shared_checker,
    write,
)

from modellaw_check.diff import compare, render_json, render_text

ART2 = "art2-illegal-access"
ART9 = "art9-child-abuse-material"


@pytest.fixture(scope="module")
def versions(checker):
    return {
        "base": checker.check_text(sg_base(), "cma-v1.txt"),
        "no_authority": checker.check_text(sg_without_authority_removed(), "cma-v2.txt"),
        "child_abuse": checker.check_text(sg_with_child_abuse_offence(), "cma-v3.txt"),
    }


def test_element_removed_is_a_regression(versions) -> None:
    diff = compare(versions["base"], versions["no_authority"])
    art2 = next(d for d in diff.provisions if d.id == ART2)
    assert art2.verdict == "regressed"
    assert (art2.old_status, art2.new_status) == ("implemented", "partial")
    change = next(c for c in art2.changes if c.element == "without_right")
    assert (change.old, change.new, change.required) == ("found", "missing", True)
    assert any(s.startswith("3(1)") for s in change.sections)
    assert change.message.startswith("without right element removed in section 3(1)")  # words, not the id
    assert diff.regressed and diff.summary.regressed >= 1
    # Regressions come first, and nothing unrelated to section 3 moved.
    assert diff.provisions[0].verdict == "regressed"
    assert diff.provisions[0].id in {d.id for d in diff.provisions if d.verdict == "regressed"}
    assert all(d.verdict == "unchanged" for d in diff.provisions
               if d.id not in {ART2} and not any(c.sections and c.sections[0].startswith("3")
                                                for c in d.changes))
    text = render_text(diff)
    assert f"REGRESSED  {ART2}: Illegal access (implemented -> partial)" in text
    assert f"- {ART2}: without right element removed in section 3(1)" in text
    assert text.rstrip().endswith(f"{diff.summary.unchanged} unchanged")


def test_restoring_the_element_is_an_improvement(versions) -> None:
    diff = compare(versions["no_authority"], versions["base"])
    art2 = next(d for d in diff.provisions if d.id == ART2)
    assert art2.verdict == "improved"
    assert any(c.message.startswith("without right element added in section 3(1)") for c in art2.changes)
    assert not diff.regressed


def test_provision_added_is_an_improvement(versions) -> None:
    diff = compare(versions["base"], versions["child_abuse"])
    art9 = next(d for d in diff.provisions if d.id == ART9)
    assert art9.verdict == "improved"
    assert art9.old_status == "missing" and art9.new_status in ("implemented", "partial")
    assert art9.new_sections and art9.new_sections[0].startswith("21")
    assert any("added in section 21" in c.message for c in art9.changes)
    assert not diff.regressed
    assert diff.summary.regressed == 0 and diff.summary.improved >= 1
    data = json.loads(render_json(diff))
    assert data["summary"]["improved"] == diff.summary.improved
    assert next(p for p in data["provisions"] if p["id"] == ART9)["verdict"] == "improved"


def test_same_text_is_unchanged(versions) -> None:
    diff = compare(versions["base"], versions["base"])
    assert diff.summary.improved == diff.summary.regressed == 0
    assert diff.summary.unchanged == len(versions["base"].provisions)
    last = render_text(diff).splitlines()[-1]
    assert last == f"0 regressed, 0 improved, {diff.summary.unchanged} unchanged"


@pytest.mark.usefixtures("shared_checker")
def test_diff_command_exit_codes_and_json(tmp_path: Path, capsys) -> None:
    v1 = write(tmp_path / "v1.txt", sg_base())
    v2 = write(tmp_path / "v2.md", sg_without_authority_removed())  # formats may differ
    code, out, _ = run_cli(["diff", str(v1), str(v2), "--no-config", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["old"].endswith("v1.txt") and data["new"].endswith("v2.md")
    assert next(p for p in data["provisions"] if p["id"] == ART2)["verdict"] == "regressed"
    code, out, _ = run_cli(["diff", str(v2), str(v1), "--no-config", "-o", str(tmp_path / "d.txt")], capsys)
    assert code == 0 and out == ""
    assert f"IMPROVED   {ART2}" in (tmp_path / "d.txt").read_text()


@pytest.mark.usefixtures("shared_checker")
def test_diff_bad_input(tmp_path: Path, capsys) -> None:
    v1 = write(tmp_path / "v1.txt", sg_base())
    code, _, err = run_cli(["diff", str(v1), str(tmp_path / "missing.txt"), "--no-config"], capsys)
    assert code == 2 and "missing.txt: no such file" in err
    code, _, err = run_cli(["diff", str(v1), str(v1), "--format", "sarif"], capsys)
    assert code == 2 and "unknown format 'sarif' for diff" in err


def test_section_losing_an_element_is_a_regression_even_if_another_section_covers_it(checker) -> None:
    """The issue's example: removing "without authority" from s. 3(1) of the Singapore Act regresses
    art2 although other sections of the Act still implement illegal access."""
    from modellaw_check.diff import compare

    old_text = (Path(__file__).parent.parent / "corpora" / "sg-computer-misuse-act-1993.txt").read_text()
    new_text = old_text.replace("without authority to any program or data held in any computer shall be guilty",
                                "to any program or data held in any computer shall be guilty", 1)
    assert new_text != old_text
    diff = compare(checker.check_text(old_text, "old.txt"), checker.check_text(new_text, "new.txt"))
    art2 = next(d for d in diff.provisions if d.id == "art2-illegal-access")
    assert art2.verdict == "regressed" and art2.sections_lost == ["3(1)"]
    assert art2.new_status == "implemented"  # still implemented elsewhere, and said so
