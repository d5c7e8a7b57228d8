"""Annotate: the spaCy pipeline (blank English, a cached case-folding lemma lookup, sentences).

No trained model is needed or downloaded: ``spacy.blank("en")`` plus the lookup table shipped in
``spacy-lookups-data``. ``token.norm_`` carries the folded lemma every pattern is matched against:
lower-cased, lemmatised ("Accesses" -> "access"), British spellings folded ("authorised" ->
"authorize"). Patterns are normalised by the same function, so both sides always agree.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
_PIPELINE: Language | None = None




class Normaliser:
    """Folded lemma of a word, cached; shared by the pipeline and the pattern compiler."""

    def __init__(self) -> None:
        from spacy.lookups import load_lookups

        self._table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        low = word.lower()
        norm = self._table.get(low, low)
        folded = _BRITISH.sub(lambda m: "iz" + m.group(1), norm)
        if folded != norm:
            norm = self._table.get(folded, folded)
        if len(self._cache) < 500_000:
            self._cache[word] = norm
        return norm


_NORMALISER: Normaliser | None = None


def normaliser() -> Normaliser:
    global _NORMALISER
    if _NORMALISER is None:
        _NORMALISER = Normaliser()
    return _NORMALISER


@Language.component("modellaw_norm")
def _norm_component(doc: Doc) -> Doc:
    norm = normaliser()
    for token in doc:
        token.norm_ = norm(token.text)
    return doc


def norm_strings(doc: Doc) -> list[str]:
    """Every token's norm as a string, without creating a Token object per token (measured: iterating
    a 120 kB statute's tokens costs ~0.03 s each time)."""
    from spacy.attrs import NORM

    ids = doc.to_array([NORM]).tolist()
    strings = doc.vocab.strings
    names = {i: strings[i] for i in set(ids)}
    return [names[i] for i in ids]


def build_pipeline() -> Language:
    """A fresh pipeline: blank English + folded lemmas + rule-based sentence boundaries."""
    nlp = spacy.blank("en")
    nlp.max_length = 100_000_000
    nlp.add_pipe("modellaw_norm")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", ";", "!", "?"]})
    return nlp


def pipeline() -> Language:
    """The process-wide pipeline, built once."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = build_pipeline()
    return _PIPELINE


def annotate(texts: list[str]) -> list[Doc]:
    """Run texts through the pipeline (one process; parallelism is per file, see scan)."""
    return list(pipeline().pipe(texts, batch_size=8))
