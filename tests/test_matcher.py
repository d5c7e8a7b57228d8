"""The pack matcher (PhraseMatcher + anchored SequenceMatcher) finds what spaCy's Matcher finds."""

from __future__ import annotations

from spacy.matcher import Matcher

from modellaw_check.match.patterns import compile_words, expand
from modellaw_check.match.sequence import SequenceMatcher


def _longest(triples) -> dict:
    out: dict = {}
    for key, s, e in triples:
        out[(key, s)] = max(e, out.get((key, s), -1))
    return out


def test_same_matches_as_spacy_matcher_on_a_real_statute(checker, corpus):
    nlp = checker.nlp
    text = corpus("my-computer-crimes-act-1997.txt").read_text(encoding="utf-8").replace("\n", " ")
    sdoc = nlp(text)
    reference = Matcher(nlp.vocab)
    ours = checker.compiled.matcher
    words = [p.words for c in checker.pack.meta.concepts.values() for p in c.any if p.words]
    words += [p.words for r in checker.pack.rules for e in r.elements for p in e.any if p.words]
    keys = set()
    for w in words:
        tokens = compile_words(w, nlp)
        key = f"ref:{w}"
        reference.add(key, expand(tokens))
        keys.add(key)
    strings = nlp.vocab.strings
    ref = _longest((strings[m], s, e) for m, s, e in reference(sdoc))
    assert len(ref) > 200  # the statute really exercises the patterns
    # Same patterns, through our matcher, under the same keys.
    from modellaw_check.match.patterns import PackMatcher

    mine = PackMatcher(nlp)
    for w in words:
        mine.add(f"ref:{w}", compile_words(w, nlp))
    assert _longest(mine(sdoc)) == ref
    assert ours is not None


def test_sequence_matcher_gaps_and_optionals(checker):
    nlp = checker.nlp
    sm = SequenceMatcher()
    sm.add("k", compile_words("without * lawful? authority|excuse", nlp))
    doc = nlp("He acted without any lawful authority, and without excuse, and without a b c d authority.")
    spans = {doc[s:e].text for _, s, e in sm(doc)}
    assert spans == {"without any lawful authority", "without excuse"}
