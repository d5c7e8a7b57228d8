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


def test_evidence_locality_counts_elements_inside_the_cited_section(tmp_path, capsys):
    """Expert "3" contains our "3(1)"; expert "5" does not: the same findings, locality 1 then 0."""
    inside = _run_json(["eval", "--gold", str(_gold_dir(tmp_path / "a", "  art2-illegal-access: {status: "
                        "implemented, sections: [\"3\"]}\n")), "--format", "json"], capsys)
    loc = inside["evidence_locality"]
    assert loc["elements"] == 4 and loc["local"] == 4 and loc["rate"] == 1.0  # conduct, object, intent, w/o right
    elsewhere = _run_json(["eval", "--gold", str(_gold_dir(tmp_path / "b", "  art2-illegal-access: {status: "
                           "implemented, sections: [\"5\"]}\n")), "--format", "json"], capsys)
    assert elsewhere["evidence_locality"] == {"local": 0, "elements": 4, "rate": 0.0}
    assert len(elsewhere["mislocated"]) == 4 and "expert cites ['5']" in elsewhere["mislocated"][0]
    per = elsewhere["per_statute_reasons"]["sg.txt"]
    assert (per["local"], per["elements"]) == (0, 4)


def test_section_within_is_hierarchical():
    from modellaw_check.gold import section_within

    assert section_within("4(a)(3)", "4(a)") and section_within("s. 342.1(1)(a)", "342.1")
    assert not section_within("4(a)(3)", "4(a)(1)") and not section_within("34", "3")
    assert section_within("§ 1030(a)(2)", "1030(a)") and section_within("Art. 143bis", "143bis")


def test_missing_element_agreement_on_partial_cells(tmp_path, capsys):
    statute = ("1. Short title\nThis Act may be cited as the Test Act.\n\n"
               "3. Access\n(1) A person who accesses a computer system commits an offence.\n")
    (tmp_path / "labels").mkdir()
    (tmp_path / "t.txt").write_text(statute)

    def run(missing: str) -> dict:
        (tmp_path / "labels" / "t.yaml").write_text(
            "statute: t.txt\nlabels:\n  art2-illegal-access: {status: partial, sections: [\"3(1)\"], "
            f"missing: [{missing}]}}\n")
        return _run_json(["eval", "--gold", str(tmp_path / "labels"), "--format", "json"], capsys)

    assert run("intent")["missing_element_agreement"] == {"agree": 1, "cells": 1, "rate": 1.0}
    assert run("result")["missing_element_agreement"] == {"agree": 0, "cells": 1, "rate": 0.0}


def test_eval_text_figures_match_its_tables(tmp_path, capsys):
    """The false-'missing' line and the confusion table come from one run and say the same thing."""
    labels = AGREEING.replace("art9-child-abuse-material: {status: missing}",
                              "art9-child-abuse-material: {status: implemented, accept: [implemented, partial]}")
    with pytest.raises(SystemExit):
        main(["eval", "--gold", str(_gold_dir(tmp_path, labels))])
    out = capsys.readouterr().out
    # accepted partial too, so not a false 'missing' in the strict sense, but shown in the confusion table
    assert "accepts only implemented: 0" in out and "status is implemented: 1 (confusion" in out
