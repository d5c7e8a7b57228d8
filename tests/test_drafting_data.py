"""What a provision says as a drafted clause is the rule's ``drafting`` block: data, validated on load
(one line, exit 2, on a bad block), that a new provision brings with it (README "Drafting")."""

from __future__ import annotations

import json
import shutil

import pytest

from modellaw_check.cli.app import main
from tests.conftest import ROOT
from tests.test_custom_rules import CYBERSTALKING

DRAFTING = """\
drafting:
  conduct: repeatedly harasses another person by means of a computer system
  lang:
    fr:
      conduct: "harcèle{mens} de manière répétée une autre personne au moyen d'un système informatique"
      act: "de harceler{mens} de manière répétée une autre personne au moyen d'un système informatique"
"""


def _run(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def _pack(tmp_path, rule: str):
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "chairmans-model-law", pack)
    (pack / "cyberstalking.yaml").write_text(rule, encoding="utf-8")
    return pack


def _clause(tmp_path, capsys, pack, text: str) -> str:
    bill = tmp_path / "bill.txt"
    bill.write_text(text, encoding="utf-8")
    code, out, err = _run(["check", str(bill), "--rules", str(pack), "-f", "json", "--fail-on", "never"], capsys)
    assert code == 0, err
    return next(p for p in json.loads(out)["provisions"] if p["id"] == "cyberstalking")["suggested_clause"]


def test_a_new_provision_brings_its_clause_in_english_and_french(tmp_path, capsys):
    pack = _pack(tmp_path, CYBERSTALKING + DRAFTING)
    english = _clause(tmp_path, capsys, pack, "1. Access\nA person who intentionally and without authority "
                      "accesses a computer system commits an offence.\n")
    assert "A person who intentionally and without authority repeatedly harasses another person by means of a " \
           "computer system commits an offence" in english
    french = _clause(tmp_path, capsys, pack, "Article 1er\nLe fait d'accéder intentionnellement et sans droit à "
                     "un système informatique est puni de deux ans d'emprisonnement.\n")
    heading, body = french.split("\n")
    assert heading.startswith("Article ") and heading[8:].isdigit()  # after the other offences drafted
    assert body == ("Le fait de harceler, intentionnellement et sans droit, de manière répétée une "
                    "autre personne au moyen d'un système informatique est puni de [durée] d'emprisonnement.")


@pytest.mark.parametrize(("block", "problem"), [
    ("drafting:\n  conduct: harasses {victim}\n", "names {victim}"),
    ("drafting:\n  conduct: harasses\n  subsections: [{text: A court may order.}]\n", "exactly one of"),
    ("drafting:\n  subsections: [{supplies: [nothing], text: A court may order.}]\n", "unknown element 'nothing'"),
    ("drafting:\n  subsections: [{text: A court may order.}]\n  lang: {fr: {subsections: [a, b]}}\n",
     "the 'fr' subsections are 2"),
    ("drafting:\n  conduct: harasses\n  lang: {fr: {conduct: harcèle}}\n", "need 'conduct' and 'act'"),
    ("drafting:\n  conduct: harasses {them}\n  cites: {them: {provisions: [art99-nothing], otherwise: x}}\n",
     "unknown provision 'art99-nothing'"),
])
def test_a_bad_drafting_block_is_one_line_and_exit_2(tmp_path, capsys, block, problem):
    pack = _pack(tmp_path, CYBERSTALKING + block)
    code, out, err = _run(["rules", "validate", str(pack)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "cyberstalking.yaml" in err and problem in err, err


def test_every_drafted_provision_of_the_bundled_pack_has_french_words():
    """A French statute gets a French clause wherever an English one is drafted: every drafting block of
    the bundled pack has its French words, the conduct both ways and one text per subsection."""
    from modellaw_check.rules import load_pack

    blocks = {r.id: r.drafting for r in load_pack().rules if r.drafting is not None}
    assert len(blocks) >= 20
    for rid, d in blocks.items():
        fr = d.lang.get("fr")
        assert fr is not None, rid
        assert (fr.conduct and fr.act) if d.conduct else len(fr.subsections) == len(d.subsections), rid
        assert bool(d.exception) == bool(fr.exception), rid
        for name, cite in d.cites.items():
            assert "fr" in cite.lang, (rid, name)
