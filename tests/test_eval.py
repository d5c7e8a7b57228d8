"""`eval`: agreement metrics move when the gold disagrees; malformed gold files are clear errors."""

from __future__ import annotations

import json
import shutil

import pytest

from modellaw_check.cli.app import main
from tests.conftest import CORPORA


def _gold_dir(tmp_path, labels: str):
    (tmp_path / "labels").mkdir(parents=True)
    shutil.copy(CORPORA / "sg-computer-misuse-act-1993.txt", tmp_path / "sg.txt")
    (tmp_path / "labels" / "sg.yaml").write_text(
        "statute: sg.txt\njurisdiction: SG\nstyle: commonwealth\nrelevant: true\nlabels:\n" + labels)
    return tmp_path / "labels"


def _run_json(args, capsys) -> dict:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr().out
    assert exc.value.code == 0, out
    return json.loads(out)


AGREEING = """  art2-illegal-access: {status: implemented, sections: ["3(1)"]}
  art9-child-abuse-material: {status: missing}
  def-computer-system: {status: implemented, sections: ["2(1)"]}
"""


def test_eval_metrics_agree_then_move(tmp_path, capsys):
    good = _run_json(["eval", "--gold", str(_gold_dir(tmp_path / "a", AGREEING)), "--format", "json"], capsys)
    assert good["accuracy"] == 1.0 and good["cells"] == 3
    assert good["section_citation"]["agree"] == 2
    disagreeing = AGREEING.replace("art9-child-abuse-material: {status: missing}",
                                   "art9-child-abuse-material: {status: implemented, sections: [\"9\"]}")
    bad = _run_json(["eval", "--gold", str(_gold_dir(tmp_path / "b", disagreeing)), "--format", "json"], capsys)
    assert bad["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert bad["false_missing"] == 1
    assert bad["confusion"]["implemented"]["missing"] == 1
    assert bad["disagreements"][0]["provision"] == "art9-child-abuse-material"


def test_eval_text_report(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--gold", str(_gold_dir(tmp_path, AGREEING))])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "provision-status accuracy: 1.0" in out and "confusion" in out


@pytest.mark.parametrize("labels", ["  art2-illegal-access: {status: done}\n", "  - not a mapping\n",
                                    "  art2-illegal-access: [unclosed\n"])
def test_malformed_gold_is_a_clear_error(tmp_path, capsys, labels):
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--gold", str(_gold_dir(tmp_path, labels))])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "sg.yaml" in err and "gold file" in err and "Traceback" not in err
