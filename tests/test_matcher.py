"""The pack matcher (PhraseMatcher + anchored SequenceMatcher) finds what spaCy's Matcher finds."""

from __future__ import annotations

from spacy.matcher import Matcher

from modellaw_check.match.keys import MatchKey, term_key
from modellaw_check.match.patterns import compile_words
from modellaw_check.match.sequence import SequenceMatcher, Spec


def _longest(triples) -> dict:
    out: dict = {}
    for key, s, e in triples:
        out[(key, s)] = max(e, out.get((key, s), -1))
    return out


def _spacy_pattern(specs: list[Spec]) -> list[dict]:
    """The same wording as a token pattern of spaCy's Matcher (the reference)."""
    out: list[dict] = []
    for s in specs:
        token: dict = {} if s.words is None else {"NORM": {"IN": sorted(s.words)}}
        if (s.min, s.max) != (1, 1):
            token["OP"] = "?" if s.words is not None else f"{{0,{s.max}}}"
        out.append(token)
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
        key = f"ref:{w}"
        reference.add(key, [_spacy_pattern(compile_words(w, nlp))])
        keys.add(key)
    strings = nlp.vocab.strings
    ref = _longest((strings[m], s, e) for m, s, e in reference(sdoc))
    assert len(ref) > 200  # the statute really exercises the patterns
    # Same patterns, through our matcher, under the same keys.
    from modellaw_check.match.patterns import PackMatcher

    mine = PackMatcher(nlp)
    for w in words:
        mine.add(MatchKey("concept", f"ref:{w}"), compile_words(w, nlp))
    assert _longest((key.name, s, e) for key, s, e in mine(sdoc)) == ref
    assert ours is not None


def test_sequence_matcher_gaps_and_optionals(checker):
    nlp = checker.nlp
    sm = SequenceMatcher()
    sm.add(MatchKey("concept", "k"), compile_words("without * lawful? authority|excuse", nlp))
    doc = nlp("He acted without any lawful authority, and without excuse, and without a b c d authority.")
    spans = {doc[s:e].text for _, s, e in sm(doc)}
    assert spans == {"without any lawful authority", "without excuse"}


def test_conduct_references_equal_the_regex_scan():
    from pathlib import Path

    from modellaw_check.match.units import _CONDUCT_REFERENCE, conduct_references
    from modellaw_check.read import read_document

    made_up = ("does any act referred to in section 43(a) or mentioned in  subsections 5 (1)(b); is in "
               "contravention of article 3 and is described insection 4, set out in paragraphs 2.1; "
               "xreferred to in section 9; in contravention of section 7")
    texts = [made_up] + [read_document(p).text for p in
                         sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt"))]
    found = 0
    for text in texts:
        want = [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _CONDUCT_REFERENCE.finditer(text)]
        assert conduct_references(text) == want
        found += len(want)
    assert found > 20


def test_defined_term_spans_equal_a_phrase_matcher(checker, corpus):
    """The defined terms are found by comparing folded lemmas at the positions of their first word;
    spaCy's PhraseMatcher on NORM finds the same occurrences."""
    from collections import defaultdict

    from spacy.matcher import PhraseMatcher

    from modellaw_check.annotate import normaliser
    from modellaw_check.match.index import HitIndex
    from modellaw_check.read import read_document

    doc = read_document(corpus("ke-computer-misuse-and-cybercrimes-act-2018.txt"))
    sdoc = checker.nlp(doc.text.replace("\n", " "))
    idx = HitIndex(doc, sdoc, checker.compiled)
    terms = {term_key(d.term): d.term for d in doc.definitions}
    pm = PhraseMatcher(sdoc.vocab, attr="NORM")
    for key, term in terms.items():
        pdoc = checker.nlp.tokenizer(term)
        for tok in pdoc:
            tok.norm_ = normaliser()(tok.text)
        pm.add(key.label, [pdoc])
    labels = {key.label: key for key in terms}
    want: dict[MatchKey, list[tuple[int, int]]] = defaultdict(list)
    for mid, start, end in pm(sdoc):
        span = sdoc[start:end]
        want[labels[sdoc.vocab.strings[mid]]].append((span.start_char, span.end_char))
    got = idx._phrase_spans(terms)
    assert len(terms) > 10 and sum(map(len, want.values())) > 50
    assert {k: sorted(v) for k, v in got.items()} == {k: sorted(v) for k, v in want.items()}


def test_spelling_repairs_remembered_across_statutes_change_nothing(checker, corpus):
    """A repair decided for one statute is reused for the next: the result is what a fresh
    decision gives."""
    from modellaw_check.match.index import repair_spelling

    doc = checker.nlp("The unauthorizzed interceptionn of a computerr by an unauthorizzed persson.")
    norms = [t.norm_ for t in doc]
    fresh = list(norms)
    changed = repair_spelling(doc, checker.compiled.vocabulary, fresh, {})
    memo: dict[str, str] = {}
    first = list(norms)
    repair_spelling(checker.nlp(doc.text), checker.compiled.vocabulary, first, memo)
    again = list(norms)
    assert repair_spelling(checker.nlp(doc.text), checker.compiled.vocabulary, again, memo) == changed
    assert changed >= 3 and fresh == first == again and "unauthorized" in fresh
    assert memo.get("unauthorizzed") == "unauthorized" and memo.get("interceptionn") == "interception"


def test_english_share_from_counts_equals_from_words(checker, corpus):
    from modellaw_check.check import language_share
    from modellaw_check.match.index import HitIndex
    from modellaw_check.read import read_document

    doc = read_document(corpus("my-computer-crimes-act-1997.txt"))
    idx = HitIndex(doc, checker.nlp(doc.text.replace("\n", " ")), checker.compiled)
    words = checker.pack.function_words
    share = language_share(idx.norms, words)
    assert 0.3 < share < 0.5 and language_share(idx.norm_counts(), words) == share


def test_checking_fills_the_run_context_and_leaves_the_compiled_pack(checker, corpus):
    """What matching remembers from statute to statute is the run's (``MatchContext``), per language;
    the compiled pack is the same data before and after."""
    import dataclasses

    from modellaw_check.match.patterns import CompiledPack

    compiled = checker.compiled
    assert dataclasses.fields(CompiledPack) and CompiledPack.__dataclass_params__.frozen
    before = (len(compiled.vocabulary), dict(compiled.excludes), len(compiled.matcher.sequences))
    checker.check_path(corpus("my-computer-crimes-act-1997.txt"))
    assert (len(compiled.vocabulary), dict(compiled.excludes), len(compiled.matcher.sequences)) == before
    context = checker._contexts[checker.pack.language]
    assert context.lexemes and context.terms


def test_match_keys_are_typed_and_label_uniquely(checker):
    keys = {key for per_el in checker.compiled.element_keys.values() for ks in per_el.values() for key, _ in ks}
    assert {k.kind for k in keys} == {"concept", "element"}
    assert len({k.label for k in keys}) == len(keys)
    assert all(x.kind == "exclude" for x in checker.compiled.excludes.values())
