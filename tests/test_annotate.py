"""Annotate: folded lemmas that patterns and statutes share."""

from pathlib import Path

import pytest
import spacy

from modellaw_check.annotate import annotate, normaliser, pipeline, split_lead_in_dashes
from modellaw_check.match.index import sentence_starts


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
    assert sentence_starts(doc) == [0, 34, 67]


CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS[:4], ids=lambda p: p.name)
def test_priming_tokenizer_and_sentences_agree_with_spacy(path):
    """The primed cache and the array-based sentence rule give exactly spaCy's own results."""
    text = path.read_text(encoding="utf-8").replace("\n", " ")
    plain = spacy.blank("en")
    split_lead_in_dashes(plain)  # the same tokenizer rules, without the primed cache
    plain.add_pipe("sentencizer", config={"punct_chars": [".", ";", "!", "?"]})
    ref = plain(text)
    ours = pipeline()(text)
    assert [(t.text, t.idx, t.whitespace_) for t in ours] == [(t.text, t.idx, t.whitespace_) for t in ref]
    assert sentence_starts(ours) == [s.start_char for s in ref.sents]
    again = pipeline()(text)  # second time from the primed cache
    assert [t.text for t in again] == [t.text for t in ref]


def test_tokenizer_cache_holds_what_is_primed():
    """spaCy's default cache of 10,000 words would stop caching the primed words of a repository."""
    from modellaw_check.annotate import PRIMED_LIMIT

    assert pipeline().tokenizer.max_cache_size >= PRIMED_LIMIT
    words = " ".join(f"w{i}x e.g. ({i})" for i in range(12_000))  # past 10,000 distinct words
    plain = spacy.blank("en")
    first, second = pipeline()(words), pipeline()(words)
    assert [t.text for t in first] == [t.text for t in second] == [t.text for t in plain(words)]


def test_norms_through_arrays_match_the_normaliser():
    doc = pipeline()("The Unauthorised ACCESSES to data, e.g. by hacking")
    assert [t.norm_ for t in doc] == [normaliser()(t.text) for t in doc]


@pytest.mark.parametrize("path", CORPUS[:4], ids=lambda p: p.name)
def test_token_norms_are_folded_lemmas_of_their_words(path):
    """Every token's norm is its word's folded lemma, special cases ("n't", "e.g.") included, so the
    matcher may take norms, lengths and punctuation per distinct word (index.lexeme_columns)."""
    from spacy.attrs import ORTH

    from modellaw_check.match.index import lexeme_columns

    text = path.read_text(encoding="utf-8").replace("\n", " ") + " It isn't, e.g. can't."
    doc = pipeline()(text)
    norm = normaliser()
    assert [t.norm_ for t in doc] == [norm(t.text) for t in doc]
    norms, lengths, punct = lexeme_columns(doc, doc.to_array(ORTH).tolist(), {})
    assert norms == [t.norm_ for t in doc]
    assert lengths == [len(t) for t in doc]
    assert punct == [t.is_punct for t in doc]
