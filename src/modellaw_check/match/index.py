"""Match, step 1: run the compiled patterns over an annotated statute and index every hit.

Also repairs OCR and spelling variants with rapidfuzz (a token close to a word some pattern names
is read as that word), marks hits that sit in a negated or excepting clause, and resolves defined
terms: a term the statute defines to mean a computer (e.g. "protected computer") then matches the
concept wherever it is used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from rapidfuzz import fuzz, process
from spacy.attrs import IDX, IS_PUNCT, ORTH
from spacy.tokens import Doc as SpacyDoc

from modellaw_check.annotate import SENTENCE_PUNCT, normaliser, pipeline
from modellaw_check.bisection import bisect_left, bisect_right
from modellaw_check.document import Document
from modellaw_check.match.keys import MatchKey, concept_key, term_key
from modellaw_check.match.patterns import CompiledPack
from modellaw_check.match.sequence import token_positions

FUZZY_MIN_LEN = 8
FUZZY_CUTOFF = 90.0
NEGATION_CONCEPT = "negation"
K = TypeVar("K")  # a key of ``HitIndex._phrase_spans``


class Hit(NamedTuple):  # a value: hashed (``ElementMatch.via``), compared and sorted as a tuple
    key: MatchKey
    start: int  # character offsets into Document.text
    end: int
    negated: bool = False


@dataclass(slots=True)
class MatchContext:
    """What matching learns from one statute and reuses for the next, owned by a run (one per Checker and
    language; each scan worker has its own Checker): the compiled pack stays the pack's immutable data.
    Each memo has a size limit, past which it stops growing."""

    lexemes: dict[int, tuple[str, int, bool]] = field(default_factory=dict)  # word id -> attributes
    repairs: dict[str, str] = field(default_factory=dict)  # spelling repairs decided so far
    terms: dict[str, list[str]] = field(default_factory=dict)  # defined term -> its folded lemmas


REPAIR_MEMO_LIMIT = 500_000  # words remembered per run and language (a few tens of MB at most)


def repair_spelling(sdoc: SpacyDoc, vocabulary: set[str], norms: list[str],
                    memo: dict[str, str] | None = None) -> int:
    """Map unknown long words onto pattern words within one edit or so ("mereiy" is left alone:
    it is too short; "unauthorsed" -> "unauthorized"). Updates the tokens and ``norms``; returns how
    many tokens were changed. ``memo`` (word -> its repair, "" for none) carries what was decided
    for earlier statutes: most long words of a statute have been met before."""
    memo = {} if memo is None else memo
    words = {n for n in set(norms) if len(n) >= FUZZY_MIN_LEN and n.isalpha()} - vocabulary
    candidates = sorted(w for w in words if w not in memo)
    # Only words not decided before need the pattern words to compare with.
    targets = sorted(v for v in vocabulary if len(v) >= FUZZY_MIN_LEN - 1 and v.isalpha()) if candidates else []
    if targets:
        scores = process.cdist(candidates, targets, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, workers=1)
        found: dict[str, str] = {}
        for i, row in enumerate(scores):
            j = int(row.argmax())
            found[candidates[i]] = targets[j] if row[j] >= FUZZY_CUTOFF else ""
        if len(memo) < REPAIR_MEMO_LIMIT:
            memo.update(found)
        else:
            memo = {**memo, **found}
    mapping = {w: memo[w] for w in words if memo.get(w)}
    changed = 0
    if mapping:
        for i, n in enumerate(norms):
            new = mapping.get(n)
            if new:
                sdoc[i].norm_ = new
                norms[i] = new
                changed += 1
    return changed


TERM_WORDS_LIMIT = 100_000  # defined terms remembered (statutes define the same terms again and again)


def term_words(term: str, language: str, memo: dict[str, list[str]]) -> list[str]:
    """A defined term's folded lemmas, as the language's pipeline tokenizes it (``memo``: term -> lemmas,
    kept per run and language, as a spaCy Doc per term and statute cost more than finding its uses)."""
    words = memo.get(term)
    if words is None:
        norm = normaliser(language)
        words = [norm(tok.text) for tok in pipeline(language).tokenizer(term)]
        if len(memo) < TERM_WORDS_LIMIT:
            memo[term] = words
    return words


LEXEME_MEMO_LIMIT = 2_000_000  # distinct words remembered per run and language (as the tokenizer's cache)


def lexeme_columns(sdoc: SpacyDoc, orths: list[int], memo: dict[int, tuple[str, int, bool]]
                   ) -> tuple[list[str], list[int], list[bool]]:
    """Each token's norm, length and punctuation flag, from its word id: what ``Doc.to_array`` and a
    string look-up per token gave, at a dict look-up per token (``memo``: word id -> attributes,
    kept per run and language; word ids are hashes of the words, the same in every statute)."""
    vocab = sdoc.vocab
    norms: list[str] = []
    lengths: list[int] = []
    punct: list[bool] = []
    for orth in orths:
        attrs = memo.get(orth)
        if attrs is None:
            lex = vocab[orth]
            attrs = (lex.norm_, len(lex.orth_), bool(lex.is_punct))
            if len(memo) < LEXEME_MEMO_LIMIT:
                memo[orth] = attrs
        norms.append(attrs[0])
        lengths.append(attrs[1])
        punct.append(attrs[2])
    return norms, lengths, punct


def sentence_end_ids(sdoc: SpacyDoc) -> set[int]:
    return {sdoc.vocab.strings.add(c) for c in SENTENCE_PUNCT}


def sentence_starts(sdoc: SpacyDoc) -> list[int]:
    """Character offsets where a statute's sentences start (``sentence_starts_of`` for a whole Doc;
    the index calls that with the columns it has already)."""
    if not len(sdoc):
        return []
    cols = sdoc.to_array([ORTH, IDX, IS_PUNCT]).tolist()
    return sentence_starts_of([c[0] for c in cols], [c[1] for c in cols], [bool(c[2]) for c in cols],
                              sentence_end_ids(sdoc))


def sentence_starts_of(orths: list[int], offsets: list[int], punct: list[bool], ends: set[int]) -> list[int]:
    """Character offsets where sentences start (spaCy's Sentencizer rule): a sentence ends at . ; !
    or ?, and the next token that is neither punctuation nor such a mark starts the next one."""
    starts = [0]
    pending = False
    for i, orth in enumerate(orths):
        if orth in ends:
            pending = True
        elif not punct[i] and pending:
            starts.append(offsets[i])
            pending = False
    return starts


class HitIndex:
    """Hits by key, sorted by offset, with range queries."""

    def __init__(self, doc: Document, sdoc: SpacyDoc, compiled: CompiledPack,
                 context: MatchContext | None = None) -> None:
        context = MatchContext() if context is None else context
        self.doc = doc
        self.sdoc = sdoc
        self._context = context
        # Two token columns from spaCy; the rest is a function of the word (a token's norm is its
        # lexeme's: see annotate.fold_norms), looked up once per distinct word for every statute.
        cols = sdoc.to_array([ORTH, IDX])
        orths: list[int] = cols[:, 0].tolist()
        offsets: list[int] = cols[:, 1].tolist()
        self.norms, lengths, punct = lexeme_columns(sdoc, orths, context.lexemes)
        self.repaired = repair_spelling(sdoc, compiled.vocabulary, self.norms, context.repairs)
        self._sent_starts = sentence_starts_of(orths, offsets, punct, sentence_end_ids(sdoc))
        raw: dict[MatchKey, list[tuple[int, int]]] = defaultdict(list)
        self._offsets, self._lengths = offsets, lengths
        self._where = token_positions(self.norms)
        for key, start, end in compiled.matcher(sdoc, self.norms, self._where):
            raw[key].append((offsets[start], offsets[end - 1] + lengths[end - 1]))
        self._headings = sorted(s.heading_span for s in doc.sections if s.heading_span)
        self._heading_starts = [h[0] for h in self._headings]
        self._negations = sorted(s for s, _ in raw.get(concept_key(NEGATION_CONCEPT), []))
        self._excepted = self._excepted_lists()
        self._excepted_starts = [lo for lo, _ in self._excepted]
        self._hits: dict[MatchKey, list[Hit]] = {}
        self._starts: dict[MatchKey, list[int]] = {}
        self._merged: dict[int, tuple[list, list[Hit], list[int]]] = {}  # id(keys) -> keys, hits, starts
        self._flags: dict[int, tuple[bool, bool]] = {}  # offset -> (in a heading, negated)
        self._starts_of: dict[tuple[MatchKey, ...], list[int]] = {}
        for key, xkey in compiled.excludes.items():
            cancel = raw.get(xkey)
            if cancel and key in raw:
                # A hit that starts inside an excluded wording is that wording ("a entraîné la mort d'une
                # personne" is no training of a person: "a entraîné" is excluded).
                raw[key] = [(s, e) for s, e in raw[key] if not any(cs <= s < ce for cs, ce in cancel)]
        for key, spans in raw.items():
            self._store(key, spans)
        self.term_keys: dict[MatchKey, list[int]] = {}  # defined-term key -> indices into doc.definitions
        self.unit_cache: dict[tuple, list] = {}  # per-unit (and per-definition) results shared by all rules
        self._term_hits: tuple[list[Hit], list[int]] | None = None
        self._term_order: dict[MatchKey, int] = {}
        self.alias_terms: set[str] = set()  # defined terms recognised as a basic concept of the pack
        self._index_defined_terms()

    # -- building -------------------------------------------------------------------------------
    def _store(self, key: MatchKey, spans: list[tuple[int, int]]) -> None:
        # Keep the longest match at each start; drop matches nested inside a longer one. Sorted as
        # tuples (by start, then end), the longest match at a start is the last one with that start.
        old = self._hits.get(key)
        ordered = sorted([*spans, *((h.start, h.end) for h in old)] if old else spans)
        hits: list[Hit] = []
        reach = -1
        flags = self._flags
        last = len(ordered) - 1
        for i, (s, e) in enumerate(ordered):
            if e <= reach or (i < last and ordered[i + 1][0] == s):
                continue
            f = flags.get(s)
            if f is None:  # the same offsets recur across keys ("computer" in many wordings)
                f = flags[s] = (self._in_heading(s), self._negated(s))
            if f[0]:
                continue
            reach = e
            hits.append(Hit(key, s, e, f[1]))
        self._hits[key] = hits
        self._starts[key] = [h.start for h in hits]
        self._merged.clear()  # the merged views are rebuilt on the next query
        self._starts_of.clear()
        self._term_hits = None

    def _in_heading(self, start: int) -> bool:
        i = bisect_right(self._heading_starts, start) - 1
        return i >= 0 and start < self._headings[i][1]

    def _excepted_lists(self) -> list[tuple[int, int]]:
        """The list items introduced by a negating lead-in ("Subsection (1) does not apply to - (a) ...",
        "A person is not liable if - (a) ..."): every item is an exception, whatever its own words."""
        if not self._negations:
            return []
        out: list[tuple[int, int]] = []
        for sec in self.doc.sections:
            if sec.level < 1 or not sec.children:
                continue
            lead_end = self.doc.sections[sec.children[0]].start
            if lead_end <= sec.start:
                continue
            si = bisect_right(self._sent_starts, lead_end - 1) - 1
            clause = max(sec.start, self._sent_starts[si] if si >= 0 else 0)
            ni = bisect_left(self._negations, clause)
            if ni < len(self._negations) and self._negations[ni] < lead_end:
                out.append((lead_end, sec.end))
        merged: list[tuple[int, int]] = []  # nested lists: their union, disjoint, for one bisect per hit
        for lo, hi in sorted(out):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged

    def _negated(self, start: int) -> bool:
        """Does a negation/exception cue open the clause (sentence) before this offset, or the lead-in of
        the list it is an item of?"""
        if not self._negations:
            return False
        ei = bisect_right(self._excepted_starts, start) - 1
        if ei >= 0 and start < self._excepted[ei][1]:
            return True
        si = bisect_right(self._sent_starts, start) - 1
        sent_start = self._sent_starts[si] if si >= 0 else 0
        ni = bisect_left(self._negations, sent_start)
        return ni < len(self._negations) and self._negations[ni] < start

    def _phrase_spans(self, terms: dict[K, str]) -> dict[K, list[tuple[int, int]]]:
        """Occurrences of multi-word terms (matched on folded lemmas), keyed as given: each term's
        tokens compared at the positions of its first word (a PhraseMatcher built per statute for
        its defined terms cost more than all the other matching)."""
        if not terms:
            return {}
        norms, offsets, lengths = self.norms, self._offsets, self._lengths
        out: dict[K, list[tuple[int, int]]] = defaultdict(list)
        for key, term in terms.items():
            words = term_words(term, self.sdoc.lang_, self._context.terms)
            if not words:
                continue
            n = len(words)
            for p in self._where.get(words[0], ()):
                if norms[p:p + n] == words:
                    out[key].append((offsets[p], offsets[p + n - 1] + lengths[p + n - 1]))
        return out

    def _index_defined_terms(self) -> None:
        terms: dict[MatchKey, str] = {}
        for i, d in enumerate(self.doc.definitions):
            key = term_key(d.term)
            terms[key] = d.term
            self.term_keys.setdefault(key, []).append(i)
        for key, spans in self._phrase_spans(terms).items():
            self._store(key, spans)

    def add_aliases(self, aliases: dict[str, set[str]]) -> None:
        """Count every use of a defined term as a hit for the concept it was found to define."""
        self.alias_terms.update(t.lower() for ts in aliases.values() for t in ts)
        terms = {(concept, term): term for concept, ts in aliases.items() for term in ts}
        extra: dict[MatchKey, list[tuple[int, int]]] = defaultdict(list)
        for (concept, _), spans in self._phrase_spans(terms).items():
            extra[concept_key(concept)].extend(spans)
        for key, spans in extra.items():
            self._store(key, spans)

    # -- queries --------------------------------------------------------------------------------
    def hits(self, key: MatchKey, lo: int, hi: int) -> list[Hit]:
        starts = self._starts.get(key)
        if not starts:
            return []
        i = bisect_left(starts, lo)
        j = bisect_left(starts, hi)
        return [h for h in self._hits[key][i:j] if h.end <= hi]

    def any_in(self, key: MatchKey, lo: int, hi: int) -> bool:
        return occurs(self._starts.get(key, []), lo, hi)

    def located(self, keys: list[tuple[MatchKey, str | None]], lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of the hits of any of ``keys`` inside [lo, hi) that are not negated: the one-bisect test
        of whether a unit names an element at all, which rejects most (rule, unit) pairs."""
        _, hits, starts = self._merged_hits(keys)
        i = bisect_left(starts, lo)
        j = bisect_left(starts, hi, i)
        return [(h.start, h.end) for h in hits[i:j] if h.end <= hi and not h.negated]

    def merged(self, keys: list[tuple[MatchKey, str | None]]) -> tuple[list[Hit], list[int]]:
        """The hits of any of ``keys`` sorted by start, and their starts (see ``locates``)."""
        _, hits, starts = self._merged_hits(keys)
        return hits, starts

    def _merged_hits(self, keys: list[tuple[MatchKey, str | None]]) -> tuple[list, list[Hit], list[int]]:
        merged = self._merged.get(id(keys))
        if merged is None:  # the keys list is kept in the entry, so its id cannot be reused meanwhile
            hits = sorted((h for key, _ in keys for h in self._hits.get(key, ())), key=lambda h: h.start)
            merged = self._merged[id(keys)] = (keys, hits, [h.start for h in hits])
        return merged

    def starts(self, keys: list[MatchKey]) -> list[int]:
        """Sorted start offsets of the hits of any of ``keys``."""
        ck = tuple(keys)
        out = self._starts_of.get(ck)
        if out is None:
            out = self._starts_of[ck] = sorted(s for key in set(keys) for s in self._starts.get(key, ()))
        return out

    def term_order(self) -> dict[MatchKey, int]:
        """Defined-term keys in the order the statute defines them."""
        if len(self._term_order) != len(self.term_keys):
            self._term_order = {key: i for i, key in enumerate(self.term_keys)}
        return self._term_order

    def term_hits(self) -> tuple[list[Hit], list[int]]:
        """Every use of every defined term, sorted by offset, and their start offsets."""
        if self._term_hits is None:
            hits = sorted((h for key in self.term_keys for h in self._hits.get(key, [])),
                          key=lambda h: (h.start, h.end))
            self._term_hits = hits, [h.start for h in hits]
        return self._term_hits

    def norm_counts(self) -> dict[str, int]:
        """How often each folded lemma occurs in the statute."""
        return {norm: len(positions) for norm, positions in self._where.items()}

    def keys(self) -> list[MatchKey]:
        return list(self._hits)


def occurs(starts: list[int], lo: int, hi: int) -> bool:
    """Does a hit start in [lo, hi)? ``starts``: sorted hit starts (``HitIndex.starts``)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def locates(merged: tuple[list[Hit], list[int]], lo: int, hi: int) -> bool:
    """Would ``HitIndex.located`` find anything in [lo, hi) (without building the list)?"""
    hits, starts = merged
    for i in range(bisect_left(starts, lo), bisect_left(starts, hi)):
        h = hits[i]
        if h.end <= hi and not h.negated:
            return True
    return False
