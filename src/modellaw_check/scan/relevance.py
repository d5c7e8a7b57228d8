"""Relevance pre-filter: is an act about computer crime at all? Decided lexically, before any NLP.

Most acts in a national law repository (fisheries, companies, road traffic ...) have nothing to do
with computer crime; running the full pipeline on them costs seconds each and produces thirty
meaningless "missing" findings. The filter must be much faster than reading the repository is slow
(>= 50 MB/s; measured figures in docs/scan.md), so it counts distinctive terms on the bytes with
Aho-Corasick automata (``ahocorasick_rs``, compiled once at import), in two stages:

1. a gate: a few case-tolerant seeds ("omputer", "yber", "ntercept", "nformation system", "raffic
   data") on the raw bytes. One leftmost, non-overlapping search (SIMD-prefiltered, several GB/s)
   finds them; an act with fewer than ``MIN_SEEDS`` is not about computer crime. Every occurrence of
   a seed starts inside one of the leftmost matches, so when there are fewer than ``MIN_SEEDS`` of
   those the exact count (reported in the reason) is taken by searching only inside them. This
   rejects the typical act without even lower-casing it;
2. otherwise the full classification on the lower-cased bytes: one overlapping search (~450 MB/s)
   finds every occurrence of every strong, weak and core term in a single pass, instead of one
   ``in``/``count`` pass per absent term. The weak and core counts are exactly ``bytes.count``'s
   (each term on its own, non-overlapping occurrences: none of these terms can overlap itself, and one
   that could would be counted with ``bytes.count``); a strong term only has to occur. The signals:

* distinct *strong* terms -- phrases that almost only occur in computer-crime law ("computer
  system", "illegal interception", "subscriber information" ...). Counted as distinct kinds, not
  occurrences, so one defined term repeated fifty times in a vehicle-register act is one signal;
  ``STRONG_ALONE`` kinds are decisive, and only the first that many (in ``STRONG`` order) are listed;
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
from dataclasses import dataclass
from operator import itemgetter

import ahocorasick_rs

# Stage 1: the gate. Suffixes so that "Computer" and "computer" are one search; all-caps variants for
# headings and titles.
SEEDS: tuple[bytes, ...] = (b"omputer", b"yber", b"ntercept", b"nformation system", b"raffic data",
                            b"OMPUTER", b"YBER", b"NTERCEPT",
                            # French statutes (UTF-8): "informatique", "traitement automatisé", "données"
                            b"nformatique", b"NFORMATIQUE", b"automatis", b"donn\xc3\xa9es")
MIN_SEEDS = 3

# Strong terms, grouped by kind: a kind counts once however often and in whichever spelling it occurs.
STRONG: dict[str, tuple[bytes, ...]] = {
    "computer system": (b"computer system", b"information system", b"computer network",
                        b"syst\xc3\xa8me informatique", b"traitement automatis", b"r\xc3\xa9seau informatique"),
    "computer data": (b"computer data", b"computer program", b"computer software",
                      b"donn\xc3\xa9es informatiques", b"programme informatique", b"programmes informatiques"),
    "unauthorised access": (b"unauthorised access", b"unauthorized access", b"illegal access",
                            b"access without authori", b"secures access", b"secure access", b"gains access",
                            b"obtains access", b"acc\xc3\xa8s frauduleu", b"acc\xc3\xa9der frauduleusement",
                            b"acc\xc3\xa8de frauduleusement", b"acc\xc3\xa9der ou se maintenir"),
    "devices": (b"password", b"access code", b"misuse of devices", b"malware", b"malicious code",
                b"computer virus", b"hacking", b"hacker", b"mot de passe", b"mots de passe"),
    "interception": (b"intercepts", b"interception of", b"illegal interception", b"intercept any",
                     b"interception de", b"intercepte"),
    "cybercrime": (b"cybercrime", b"cyber crime", b"cyber-crime", b"cyber offence", b"cyber security",
                   b"cybersecurity", b"cyber-security", b"cybercriminalit\xc3\xa9", b"cybers\xc3\xa9curit\xc3\xa9"),
    "procedure": (b"service provider", b"subscriber information", b"expedited preservation",
                  b"preservation of stored", b"preservation order", b"real-time collection",
                  b"production order", b"stored computer", b"fournisseur de services",
                  b"fournisseurs de services", b"conservation rapide"),
    "interference": (b"data interference", b"system interference", b"interferes with data",
                     b"interference with data", b"interference with a computer", b"impairs the operation",
                     b"impair the operation", b"denial of service", b"entraver ou fausser",
                     b"entrave au fonctionnement", b"fausser le fonctionnement"),
    "computer misuse": (b"computer misuse", b"computer crime", b"computer-related", b"computer related",
                        b"computer fraud", b"computer forgery"),
    "traffic data": (b"traffic data", b"donn\xc3\xa9es relatives au trafic", b"donn\xc3\xa9es de trafic",
                     b"donn\xc3\xa9es de transmission"),
}

WEAK: tuple[bytes, ...] = (
    b"computer", b"data", b"network", b"electronic", b"cyber", b"intercept", b"password", b"digital",
    b"software", b"program", b"internet", b"online", b"e-mail", b"email", b"website", b"system",
    b"encrypt", b"access",
    # French
    b"informatique", b"donn\xc3\xa9es", b"r\xc3\xa9seau", b"\xc3\xa9lectronique", b"num\xc3\xa9rique",
    b"programme", b"syst\xc3\xa8me", b"acc\xc3\xa8s",  # not "logiciel": it overlaps itself
)

OFFENCE: tuple[bytes, ...] = (
    b"offence", b"offense", b"imprisonment", b"guilty", b"convict", b"penalt", b"warrant",
    b"criminal", b"shall be punished", b"prosecut",
    b"infraction", b"emprisonnement", b"puni", b"amende", b"mandat", b"poursuite",
)

# Thresholds chosen on the shared corpus (every cybercrime statute and the Budapest Convention are
# relevant) and on generic acts that use "data", "system", "electronic register" and even "traffic
# data" incidentally (tests/data/non-cyber), with a wide margin on both sides; see docs/scan.md.
MIN_STRONG_KINDS = 3  # with a cyber-dense text
MIN_DENSITY = 20.0  # weak-term occurrences per 10,000 characters
STRONG_ALONE = 5  # this many distinct strong kinds is decisive whatever the density (omnibus codes)
MIN_CORE_DENSITY = 5.0  # "computer"/"cyber" per 10,000 characters: short instruments such as the
# Budapest protocol on xenophobia name few kinds but say "computer system" in every article
CORE: tuple[bytes, ...] = (b"computer", b"cyber", b"informatique", b"traitement automatis")


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    strong_kinds: list[str]
    density: float | None  # None: rejected by the gate, not computed
    core_density: float | None
    offence: bool
    reason: str

    def as_dict(self) -> dict:
        # Written out: dataclasses.asdict deep-copies field by field (0.14 s per 3,500 acts).
        return {"relevant": self.relevant, "strong_kinds": list(self.strong_kinds), "density": self.density,
                "core_density": self.core_density, "offence": self.offence, "reason": self.reason}


def _overlaps_itself(term: bytes) -> bool:
    """Whether two occurrences of ``term`` can overlap ("aba" in "ababa"): a proper prefix is also a suffix."""
    return any(term[:k] == term[-k:] for k in range(1, len(term)))


# The gate: leftmost-first, non-overlapping (which lets the automaton skip ahead with its prefilter).
_GATE = ahocorasick_rs.BytesAhoCorasick(list(SEEDS), matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
# Stage 2: every term once; the standard automaton reports every occurrence of every term, overlapping
# ones included ("computer system" is also "computer" and "system").
_TERMS: tuple[bytes, ...] = tuple(dict.fromkeys([*(t for terms in STRONG.values() for t in terms), *WEAK, *CORE]))
_INDEX: dict[bytes, int] = {t: i for i, t in enumerate(_TERMS)}
_SCAN = ahocorasick_rs.BytesAhoCorasick(list(_TERMS))
# Offence words: only whether one occurs. Searched in the head first, where one almost always is, because
# the search lists every match (hundreds in a criminal statute) instead of stopping at the first.
_OFFENCE = ahocorasick_rs.BytesAhoCorasick(list(OFFENCE), matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
_HEAD = 4096
# Counted terms (weak, core) whose occurrences can overlap: all occurrences would be more than ``bytes.count``
# gives, so these are counted with it (none today). Strong terms only need to be present or not.
_SELF_OVERLAPPING: tuple[int, ...] = tuple(_INDEX[t] for t in dict.fromkeys([*WEAK, *CORE]) if _overlaps_itself(t))


def _seed_count(raw: bytes, spans: list[tuple[int, int, int]]) -> int:
    """Exact ``sum(raw.count(seed) for seed in SEEDS)`` given the gate's leftmost non-overlapping matches.

    A leftmost search reports the earliest-starting occurrence at or after where it resumes, so every
    occurrence of every seed starts inside a reported match: searching only there, greedily and
    non-overlapping per seed as ``bytes.count`` does, gives the same count.
    """
    total = 0
    for seed in SEEDS:
        last_end = 0
        for _, start, end in spans:
            limit = end - 1 + len(seed)  # occurrences starting at or before end - 1
            i = raw.find(seed, max(start, last_end), limit)
            while i >= 0:
                total += 1
                last_end = i + len(seed)
                i = raw.find(seed, last_end, limit)
    return total


def _term_counts(low: bytes) -> list[int]:
    """Per term of ``_TERMS``, in one pass: ``low.count(term)`` for the weak and core terms; for the
    strong ones a count that is non-zero exactly when the term occurs."""
    counts = [0] * len(_TERMS)
    for i, n in Counter(map(itemgetter(0), _SCAN.find_matches_as_indexes(low, overlapping=True))).items():
        counts[i] = n
    for i in _SELF_OVERLAPPING:
        counts[i] = low.count(_TERMS[i])
    return counts


def classify(data: bytes | str) -> Relevance:
    """Classify an act's text (raw UTF-8 bytes or str) as about computer crime or not."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    hits = _GATE.find_matches_as_indexes(raw)
    if len(hits) < MIN_SEEDS:
        seeds = _seed_count(raw, hits)
        if seeds < MIN_SEEDS:
            return Relevance(False, [], None, None, False,
                             f"{seeds} mention(s) of computer, cyber, interception or traffic data")
    low = raw.lower()
    offence = bool(_OFFENCE.find_matches_as_indexes(memoryview(low)[:_HEAD])
                   or _OFFENCE.find_matches_as_indexes(low))
    if not offence:
        return Relevance(False, [], None, None, False, "no offence or procedure words")
    counts = _term_counts(low)
    kinds = [kind for kind, terms in STRONG.items() if any(counts[_INDEX[t]] for t in terms)][:STRONG_ALONE]
    density = core = None
    if len(kinds) < STRONG_ALONE:  # decided by the strong kinds alone: the densities are not reported
        n = max(len(low), 1)
        density = round(sum(counts[_INDEX[t]] for t in WEAK) * 10_000 / n, 1)
        core = round(sum(counts[_INDEX[t]] for t in CORE) * 10_000 / n, 1)
    return decide(kinds, density, core)


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
