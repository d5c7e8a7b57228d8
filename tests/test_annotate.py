"""Annotate: folded lemmas that patterns and statutes share."""

from modellaw_check.annotate import annotate, normaliser


def test_case_and_inflection_are_folded():
    norm = normaliser()
    assert norm("Accesses") == norm("accessed") == norm("ACCESSING") == "access"
    assert norm("DELETING") == "delete"
    assert norm("unauthorised") == norm("unauthorized")
    assert norm("authorisation") == norm("Authorization")
    assert norm("data") == norm("datum")


def test_pipeline_sets_norms_and_sentences():
    doc = annotate(["A person who Accesses a computer. Nothing in this section applies; the end"])[0]
    assert [t.norm_ for t in doc][:4] == ["a", "person", "who", "access"]
    assert len(list(doc.sents)) == 3
