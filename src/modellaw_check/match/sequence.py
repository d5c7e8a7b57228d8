"""An anchored matcher for wordings with optional words and gaps ("without * lawful? authority").

spaCy's Matcher tries every pattern at every token, and a rule pack has a few hundred gapped wordings
(docs/performance.md). Here each pattern is tried only where its rarest required word occurs (an
index of folded lemmas -> positions).
Exact phrases go to spaCy's PhraseMatcher instead (see ``patterns``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc as SpacyDoc

from modellaw_check.bisection import bisect_left
from modellaw_check.match.keys import MatchKey


@dataclass(frozen=True)
class Spec:
    """One position of a compiled wording (``patterns.compile_words``), the one pattern form both
    matchers take: between ``min`` and ``max`` tokens, each one of ``words`` (folded lemmas)."""

    words: frozenset[str] | None  # None: any token (a gap)
    min: int
    max: int


class SequenceMatcher:
    def __init__(self) -> None:
        # key, specs, indices of the required specs, each required spec's windows (``_windows``) as anchor
        self._patterns: list[tuple[MatchKey, list[Spec], list[int], dict[int, list[tuple[int, int, int]]]]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: MatchKey, specs: list[Spec]) -> None:
        required = [i for i, s in enumerate(specs) if s.words is not None and s.min >= 1]
        if not required:
            raise ValueError("a pattern needs at least one required word")
        self._patterns.append((key, specs, required, {k: _windows(specs, required, k) for k in required}))

    def __call__(self, sdoc: SpacyDoc, norms: list[str] | None = None,
                 where: dict[str, list[int]] | None = None) -> list[tuple[MatchKey, int, int]]:
        if norms is None:
            norms = [t.norm_ for t in sdoc]
        if where is None:
            where = token_positions(norms)
        merged: dict[frozenset[str], list[int]] = {}

        def positions(words: frozenset[str]) -> list[int]:
            if len(words) == 1:
                return where.get(next(iter(words)), [])
            if words not in merged:
                merged[words] = sorted(p for w in words for p in where.get(w, ()))
            return merged[words]

        out: list[tuple[MatchKey, int, int]] = []
        for key, specs, required, anchored in self._patterns:
            # Anchor on the required word that is rarest in this document ("purpose", not "for");
            # a required word that never occurs means the pattern cannot match at all.
            counts = [sum([len(where.get(w, ())) for w in _words(specs[i])]) for i in required]
            if min(counts) == 0:
                continue
            k = required[counts.index(min(counts))]
            # Cheap test first: each other required word must occur where the gaps allow.
            others = [(positions(_words(specs[j])), lo, hi) for j, lo, hi in anchored[k]]
            for p in positions(_words(specs[k])):
                if not all(_occurs_between(lst, p + lo, p + hi) for lst, lo, hi in others):
                    continue
                # The words before the anchor and those after it match independently: every start
                # the prefix allows gets the longest end the suffix allows.
                end = _longest(specs, k + 1, p + 1, norms)
                if end < 0:
                    continue
                for start in sorted(_starts(specs, k, p, norms)):
                    out.append((key, start, end))
        return out


def token_positions(norms: list[str]) -> dict[str, list[int]]:
    """Each norm's token positions, in order (an index of the statute's folded lemmas)."""
    where: dict[str, list[int]] = defaultdict(list)
    for i, norm in enumerate(norms):
        where[norm].append(i)
    return where


def _words(spec: Spec) -> frozenset[str]:
    """The words of a required spec (required specs always name words)."""
    assert spec.words is not None
    return spec.words


def _windows(specs: list[Spec], required: list[int], k: int) -> list[tuple[int, int, int]]:
    """For each required spec j other than the anchor k: (j, lo, hi), the offsets from the anchor's
    position within which its word must stand (required specs are single words)."""
    out = []
    for j in required:
        if j > k:
            between = specs[k + 1:j]
            out.append((j, 1 + sum(s.min for s in between), 1 + sum(s.max for s in between)))
        elif j < k:
            between = specs[j + 1:k]
            out.append((j, -1 - sum(s.max for s in between), -1 - sum(s.min for s in between)))
    return out


def _occurs_between(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(positions, lo)
    return i < len(positions) and positions[i] <= hi


def _fits(spec: Spec, norms: list[str], lo: int, hi: int) -> bool:
    return spec.words is None or all(norms[j] in spec.words for j in range(lo, hi))


def _longest(specs: list[Spec], i: int, pos: int, norms: list[str]) -> int:
    """End of the longest match of specs[i:] starting at pos, or -1."""
    if i == len(specs):
        return pos
    s = specs[i]
    best = -1
    for n in range(s.max, s.min - 1, -1):
        if pos + n <= len(norms) and _fits(s, norms, pos, pos + n):
            best = max(best, _longest(specs, i + 1, pos + n, norms))
    return best


def _starts(specs: list[Spec], i: int, end: int, norms: list[str]) -> set[int]:
    """Every start from which specs[:i] match exactly up to end."""
    if i == 0:
        return {end}
    s = specs[i - 1]
    out: set[int] = set()
    for n in range(s.min, s.max + 1):
        if end - n >= 0 and _fits(s, norms, end - n, end):
            out |= _starts(specs, i - 1, end - n, norms)
    return out
