"""Annotate: the spaCy pipeline (blank English, a cached case-folding lemma lookup, sentences).

No trained model is needed or downloaded: ``spacy.blank("en")`` plus the lookup table shipped in
``spacy-lookups-data``. ``token.norm_`` carries the folded lemma every pattern is matched against:
lower-cased, lemmatised ("Accesses" -> "access"), British spellings folded ("authorised" ->
"authorize"). Patterns are normalised by the same function, so both sides always agree.
"""

from __future__ import annotations

import re
import unicodedata

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from modellaw_check.lang import load_profile

_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
_PIPELINES: dict[str, Language] = {}
# Languages whose norms are also accent-folded ("système" = "systeme"): French statutes are typed with
# and without accents on capitals ("Etat", "ÉTAT"), and their apostrophes vary (' and ’).
ACCENT_FOLDED = frozenset({"fr"})
DEFAULT_LANGUAGE = "en"
SENTENCE_PUNCT = frozenset((".", ";", "!", "?"))
PRIMED_LIMIT = 2_000_000  # distinct words remembered as primed (a few hundred MB at most)


class PrimingTokenizer:
    """spaCy's tokenizer with its cache actually used on long texts.

    spaCy stops saving to its tokenizer cache for the rest of a text once any special case ("e.g.",
    "'s") has been seen in it (spaCy issue #1250), so a whole statute is tokenized word by word through
    the affix rules on every call, an order of magnitude slower (docs/performance.md). Tokenizing each
    new whitespace-delimited word once on its own fills the cache. The cache holds what spaCy itself
    computes for that word, so the tokens are identical.
    """

    def __init__(self, tokenizer) -> None:  # a spacy.tokenizer.Tokenizer
        self.tokenizer = tokenizer
        self._primed: set[str] = set()
        # spaCy caches at most 10,000 words by default: past that (a few dozen statutes of different
        # vocabulary) every new word takes the slow affix path on every call, primed or not.
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, PRIMED_LIMIT)

    def __call__(self, text: str) -> Doc:
        new = set(text.split())
        new.difference_update(self._primed)
        for word in new:
            self.tokenizer(word)
        if len(self._primed) < PRIMED_LIMIT:
            self._primed.update(new)
        return self.tokenizer(text)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):  # rules, vocab, explain() ... of the wrapped tokenizer
        return getattr(self.tokenizer, name)


def fold_accents(word: str) -> str:
    """The word without its accents and with one apostrophe ("l’accès" -> "l'acces")."""
    word = word.replace("\u2019", "'").replace("\u02bc", "'")
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Normaliser:
    """Folded lemma of a word, cached; shared by the pipeline and the pattern compiler. One per
    language: the lemma table is the language's (spacy-lookups-data); in ``ACCENT_FOLDED`` languages
    the lemma is looked up with its accents and then folded."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language
        self._table = load_lookups(language, ["lemma_lookup"]).get_table("lemma_lookup")
        self._cache: dict[str, str] = {}
        self._fold = language in ACCENT_FOLDED
        self._lemmas: dict[str, str] = {}
        if self._fold:  # the profile's corrections ("données" is the noun "donnée", not "donner")
            self._lemmas = load_profile(language).lemmas

    def __call__(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        low = word.lower()
        if self._fold:
            low = low.replace("\u2019", "'").replace("\u02bc", "'")
            lemma = self._lemmas.get(low) or self._table.get(low, low)
            if isinstance(lemma, list):  # a few French entries list several lemmas: the first is the usual one
                lemma = lemma[0] if lemma else low
            norm = fold_accents(lemma)
        else:
            norm = self._table.get(low, low)
            folded = _BRITISH.sub(lambda m: "iz" + m.group(1), norm)
            if folded != norm:
                norm = self._table.get(folded, folded)
        if len(self._cache) < 500_000:
            self._cache[word] = norm
        return norm


_NORMALISERS: dict[str, Normaliser] = {}


def normaliser(language: str = DEFAULT_LANGUAGE) -> Normaliser:
    norm = _NORMALISERS.get(language)
    if norm is None:
        norm = _NORMALISERS[language] = Normaliser(language)
    return norm


def fold_norms(nlp: Language) -> None:
    """Make every token's norm its folded lemma, through the vocabulary: each lexeme's norm is set
    once, when the lexeme is created (``lex_attr_getters``), and tokens take their lexeme's. No
    pipeline component runs per statute (one cost a pass over the tokens, a sort of their ids and an
    array written back). The tokenizer's special cases lose their own
    norms ("n't" -> "not"), so those tokens too take their lexeme's, as every pattern expects."""
    norm = normaliser(nlp.lang)
    nlp.vocab.lex_attr_getters[NORM] = norm
    for lex in nlp.vocab:  # the lexemes made before the getter was set (special cases, lexical data)
        lex.norm_ = norm(lex.orth_)
    tokenizer = nlp.tokenizer
    tokenizer.rules = {orth: [{a: v for a, v in tok.items() if a != NORM} for tok in tokens]
                       for orth, tokens in tokenizer.rules.items()}


def split_lead_in_dashes(nlp: Language) -> None:
    """A lead-in runs into its first item with a dash ("Whoever-(1) having ...", "authority—(a)", "order
    that- (a) a person"): the word before the dash is a word of its own, not "Whoever-(1" or "that-"."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z,])[-\u2013\u2014](?=\()"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Za-z])[-\u2013\u2014]$"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def build_pipeline(language: str = DEFAULT_LANGUAGE) -> Language:
    """A fresh pipeline: the blank language with a priming tokenizer + folded lemmas. Sentence
    boundaries are computed by the matcher (``match.index.sentence_starts``): only negation scoping
    needs them."""
    nlp = spacy.blank(language)
    nlp.max_length = 100_000_000
    split_lead_in_dashes(nlp)
    fold_norms(nlp)
    nlp.tokenizer = PrimingTokenizer(nlp.tokenizer)
    return nlp


def pipeline(language: str = DEFAULT_LANGUAGE) -> Language:
    """The process-wide pipeline of a language, built once."""
    nlp = _PIPELINES.get(language)
    if nlp is None:
        nlp = _PIPELINES[language] = build_pipeline(language)
    return nlp


def annotate(texts: list[str], language: str = DEFAULT_LANGUAGE) -> list[Doc]:
    """Run texts through the pipeline (one process; parallelism is per file, see scan)."""
    return list(pipeline(language).pipe(texts, batch_size=8))
