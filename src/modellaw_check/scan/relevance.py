"""Relevance pre-filter: is an act about computer crime at all? Decided lexically, before any NLP.

Most acts in a national law repository (fisheries, companies, road traffic ...) have nothing to do
with computer crime; running the full pipeline on them costs seconds each and produces thirty
meaningless "missing" findings. The filter must be much faster than reading the repository is slow
(>= 50 MB/s; measured figures in docs/scan.md), so it counts distinctive terms on the bytes with
Aho-Corasick automata (``ahocorasick_rs``, compiled once per process and pack), in two stages. The terms
are the rule pack's data (``relevance:`` in pack.yaml; the examples below are the bundled pack's):

1. a gate: a few case-tolerant seeds ("omputer", "yber", "ntercept", "nformation system", "raffic
   data") on the raw bytes. One leftmost, non-overlapping search (SIMD-prefiltered, several GB/s)
   finds them; an act with fewer than ``min_seeds`` is not about computer crime. Every occurrence of
   a seed starts inside one of the leftmost matches, so when there are fewer than ``min_seeds`` of
   those the exact count (reported in the reason) is taken by searching only inside them. This
   rejects the typical act without even lower-casing it;
2. otherwise the full classification on the lower-cased bytes: one overlapping search
   finds every occurrence of every strong, weak and core term in a single pass, instead of one
   ``in``/``count`` pass per absent term. The weak and core counts are exactly ``bytes.count``'s
   (each term on its own, non-overlapping occurrences: none of these terms can overlap itself, and one
   that could would be counted with ``bytes.count``); a strong term only has to occur. The signals:

* distinct *strong* terms -- phrases that almost only occur in computer-crime law ("computer
  system", "illegal interception", "subscriber information" ...). Counted as distinct kinds, not
  occurrences, so one defined term repeated fifty times in a vehicle-register act is one signal;
  ``STRONG_ALONE`` kinds are decisive, and only the first that many (in the pack's order) are listed;
* the density of *weak* terms (computer, data, network, electronic, intercept ...) per 10,000
  characters, which separates a cyber act from a long act with a stray "computer";
* the density of the core words "computer" and "cyber", for short instruments that say "through a
  computer system" in every article but name few other kinds;
* at least one offence or procedure word (offence, imprisonment, warrant ...), checked before the
  term search (one search in the first 4 KB, where most acts have one, then the whole text if not):
  the model law is about crimes and investigative powers, so an act without them is out of scope.

An omnibus criminal code with a cyber chapter is relevant through the strong terms however long it
is, because those are counted absolutely, not per character.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import ahocorasick_rs
import yaml

from modellaw_check.rules.location import PACK_FILE, default_rules_dir

# The terms are the rule pack's (``relevance:`` in pack.yaml): what an act must talk about depends on
# what the pack checks. ``Vocabulary`` holds them as the bytes searched.


@dataclass(frozen=True)
class Vocabulary:
    seeds: tuple[bytes, ...]  # stage 1, the gate: searched as written ("omputer" for Computer/computer)
    min_seeds: int
    strong: tuple[tuple[str, tuple[bytes, ...]], ...]  # (kind, terms): a kind counts once, in whichever spelling
    weak: tuple[bytes, ...]
    core: tuple[bytes, ...]
    offence: tuple[bytes, ...]

    @classmethod
    def of(cls, terms: Any) -> Vocabulary:
        """From a pack's ``relevance`` (``rules.schema.RelevanceTerms`` or the same as a mapping)."""
        get = terms.get if isinstance(terms, dict) else lambda k: getattr(terms, k)

        def enc(words: Iterable[str]) -> tuple[bytes, ...]:
            return tuple(w.encode("utf-8") for w in words)

        return cls(enc(get("seeds")), int(get("min_seeds")), tuple((k, enc(v)) for k, v in get("strong").items()),
                   enc(get("weak")), enc(get("core")), enc(get("offence")))


def bundled_vocabulary() -> Vocabulary:
    """The bundled pack's vocabulary, read from its pack.yaml alone (no rule file, no pydantic)."""
    text = (default_rules_dir() / PACK_FILE).read_text(encoding="utf-8")
    return Vocabulary.of(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["relevance"])


# Thresholds chosen on the shared corpus (every cybercrime statute and the Budapest Convention are
# relevant) and on generic acts that use "data", "system", "electronic register" and even "traffic
# data" incidentally (tests/data/non-cyber), with a wide margin on both sides; see docs/scan.md.
MIN_STRONG_KINDS = 3  # with a cyber-dense text
MIN_DENSITY = 20.0  # weak-term occurrences per 10,000 characters
STRONG_ALONE = 5  # this many distinct strong kinds is decisive whatever the density (omnibus codes)
MIN_CORE_DENSITY = 5.0  # "computer"/"cyber" per 10,000 characters: short instruments such as the
# Budapest protocol on xenophobia name few kinds but say "computer system" in every article


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    strong_kinds: list[str]
    density: float | None  # None: rejected by the gate, not computed
    core_density: float | None
    offence: bool
    reason: str

    def as_dict(self) -> dict:
        # Written out: dataclasses.asdict deep-copies field by field, slow over thousands of acts.
        return {"relevant": self.relevant, "strong_kinds": list(self.strong_kinds), "density": self.density,
                "core_density": self.core_density, "offence": self.offence, "reason": self.reason}


def _overlaps_itself(term: bytes) -> bool:
    """Whether two occurrences of ``term`` can overlap ("aba" in "ababa"): a proper prefix is also a suffix."""
    return any(term[:k] == term[-k:] for k in range(1, len(term)))


class Classifier:
    """A vocabulary's automata, built once (per pack, per process)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        # The gate: leftmost-first, non-overlapping (which lets the automaton skip ahead with its prefilter).
        self.gate = ahocorasick_rs.BytesAhoCorasick(list(vocab.seeds), matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
        # Stage 2: every term once; the standard automaton reports every occurrence of every term,
        # overlapping ones included ("computer system" is also "computer" and "system").
        self.terms: tuple[bytes, ...] = tuple(dict.fromkeys(
            [*(t for _, terms in vocab.strong for t in terms), *vocab.weak, *vocab.core]))
        self.index: dict[bytes, int] = {t: i for i, t in enumerate(self.terms)}
        self.scan = ahocorasick_rs.BytesAhoCorasick(list(self.terms))
        # Offence words: only whether one occurs. Searched in the head first, where one almost always is,
        # because the search lists every match (hundreds in a criminal statute) instead of stopping at the first.
        self.offence = ahocorasick_rs.BytesAhoCorasick(list(vocab.offence),
                                                       matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
        # Counted terms (weak, core) whose occurrences can overlap: all occurrences would be more than
        # ``bytes.count`` gives, so these are counted with it. Strong terms only need to be present or not.
        self.self_overlapping: tuple[int, ...] = tuple(
            self.index[t] for t in dict.fromkeys([*vocab.weak, *vocab.core]) if _overlaps_itself(t))

    def seed_count(self, raw: bytes, spans: list[tuple[int, int, int]]) -> int:
        """Exact ``sum(raw.count(seed) for seed in seeds)`` given the gate's leftmost non-overlapping matches.

        A leftmost search reports the earliest-starting occurrence at or after where it resumes, so every
        occurrence of every seed starts inside a reported match: searching only there, greedily and
        non-overlapping per seed as ``bytes.count`` does, gives the same count.
        """
        total = 0
        for seed in self.vocab.seeds:
            last_end = 0
            for _, start, end in spans:
                limit = end - 1 + len(seed)  # occurrences starting at or before end - 1
                i = raw.find(seed, max(start, last_end), limit)
                while i >= 0:
                    total += 1
                    last_end = i + len(seed)
                    i = raw.find(seed, last_end, limit)
        return total

    def term_counts(self, low: bytes) -> list[int]:
        """Per term of ``terms``, in one pass: ``low.count(term)`` for the weak and core terms; for the
        strong ones a count that is non-zero exactly when the term occurs."""
        counts = [0] * len(self.terms)
        for i, n in Counter(map(itemgetter(0), self.scan.find_matches_as_indexes(low, overlapping=True))).items():
            counts[i] = n
        for i in self.self_overlapping:
            counts[i] = low.count(self.terms[i])
        return counts

    def classify(self, data: bytes | str) -> Relevance:
        """Classify an act's text (raw UTF-8 bytes or str) as about the pack's subject or not."""
        vocab = self.vocab
        raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
        hits = self.gate.find_matches_as_indexes(raw)
        if len(hits) < vocab.min_seeds:
            seeds = self.seed_count(raw, hits)
            if seeds < vocab.min_seeds:
                return Relevance(False, [], None, None, False,
                                 f"{seeds} mention(s) of computer, cyber, interception or traffic data")
        low = raw.lower()
        offence = bool(self.offence.find_matches_as_indexes(memoryview(low)[:_HEAD])
                       or self.offence.find_matches_as_indexes(low))
        if not offence:
            return Relevance(False, [], None, None, False, "no offence or procedure words")
        counts = self.term_counts(low)
        index = self.index
        kinds = [kind for kind, terms in vocab.strong if any(counts[index[t]] for t in terms)][:STRONG_ALONE]
        density = core = None
        if len(kinds) < STRONG_ALONE:  # decided by the strong kinds alone: the densities are not reported
            n = max(len(low), 1)
            density = round(sum(counts[index[t]] for t in vocab.weak) * 10_000 / n, 1)
            core = round(sum(counts[index[t]] for t in vocab.core) * 10_000 / n, 1)
        return decide(kinds, density, core)


_HEAD = 4096
_CLASSIFIERS: dict[Vocabulary | None, Classifier] = {}


def classifier(vocab: Vocabulary | None = None) -> Classifier:
    """The Classifier of a vocabulary (None: the bundled pack's), built once per process."""
    found = _CLASSIFIERS.get(vocab)
    if found is None:
        found = _CLASSIFIERS[vocab] = Classifier(vocab if vocab is not None else bundled_vocabulary())
    return found


def classify(data: bytes | str, vocab: Vocabulary | None = None) -> Relevance:
    """Classify an act's text (raw UTF-8 bytes or str) with a vocabulary (default: the bundled pack's)."""
    return classifier(vocab).classify(data)


def decide(kinds: list[str], density: float | None, core: float | None) -> Relevance:
    """The verdict on an act that has offence words, from its strong kinds and, unless those
    decide, its densities of weak and core terms."""
    k = len(kinds)

    def result(relevant: bool, reason: str) -> Relevance:
        return Relevance(relevant, kinds, density, core, True, reason)

    if k >= STRONG_ALONE:
        return result(True, f"{k} kinds of computer-crime terms")
    assert density is not None and core is not None
    if k >= MIN_STRONG_KINDS and density >= MIN_DENSITY:
        return result(True, f"{k} kinds of computer-crime terms, {density:g} computing terms per 10k chars")
    if k >= 2 and core >= MIN_CORE_DENSITY:
        return result(True, f"{k} kinds of computer-crime terms, {core:g} 'computer'/'cyber' per 10k chars")
    return result(False, f"only {k} kinds of computer-crime terms, {density:g} computing terms and "
                  f"{core:g} 'computer'/'cyber' per 10k chars")
