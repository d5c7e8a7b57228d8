"""An anchored matcher for wordings with optional words and gaps ("without * lawful? authority").

spaCy's Matcher tries every pattern at every token; with a rule pack's few hundred gapped wordings
over a 120 kB statute that alone took ~0.9 s (measured). Here each pattern is tried only where its
rarest required word occurs (an index of folded lemmas -> positions), which takes milliseconds.
Exact phrases go to spaCy's PhraseMatcher instead (see ``patterns``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc as SpacyDoc


@dataclass(frozen=True)
class Spec:
    words: frozenset[str] | None  # None: any token
    min: int
    max: int


def to_specs(tokens: list[dict]) -> list[Spec]:
    """Convert a compiled Matcher token pattern (see ``patterns.compile_words``) to specs."""
    specs = []
    for t in tokens:
        val = t.get("NORM")
        words = None if val is None else frozenset([val] if isinstance(val, str) else val["IN"])
        op = t.get("OP")
        if op is None:
            lo, hi = 1, 1
        elif op == "?":
            lo, hi = 0, 1
        else:  # "{0,N}"
            lo, hi = 0, int(op.strip("{}").split(",")[1])
        specs.append(Spec(words, lo, hi))
    return specs


class SequenceMatcher:
    def __init__(self) -> None:
        # key, specs, index of the anchor spec, tokens the specs before it may take, required words
        self._patterns: list[tuple[str, list[Spec], int, int, list[frozenset[str]]]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, tokens: list[dict]) -> None:
        specs = to_specs(tokens)
        required = [s.words for s in specs if s.words is not None and s.min >= 1]
        if not required:
            raise ValueError("a pattern needs at least one required word")
        # Anchor on the first required word; the specs before it are optional.
        k = next(i for i, s in enumerate(specs) if s.words is not None and s.min >= 1)
        self._patterns.append((key, specs, k, sum(s.max for s in specs[:k]), required))

    def __call__(self, sdoc: SpacyDoc) -> list[tuple[str, int, int]]:
        norms = [t.norm_ for t in sdoc]
        where: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(norms):
            where[n].append(i)
        out: list[tuple[str, int, int]] = []
        for key, specs, k, prefix, required in self._patterns:
            # Every required word must occur somewhere, or the pattern cannot match at all.
            if not all(any(w in where for w in words) for words in required):
                continue
            positions = sorted({p for w in specs[k].words for p in where.get(w, ())})
            for p in positions:
                for start in range(max(0, p - prefix), p + 1):
                    end = _match(specs, 0, start, norms, k, p)
                    if end > start:
                        out.append((key, start, end))
        return out


def _match(specs: list[Spec], i: int, pos: int, norms: list[str], k: int, anchor: int) -> int:
    """End of the longest match of specs[i:] at pos (the k-th spec must sit at anchor), or -1."""
    if i == len(specs):
        return pos
    if i == k and pos != anchor:
        return -1
    if i < k and pos > anchor:
        return -1
    s = specs[i]
    best = -1
    for n in range(s.max, s.min - 1, -1):  # greedy: longest first
        if pos + n > len(norms):
            continue
        if s.words is not None and any(norms[pos + j] not in s.words for j in range(n)):
            continue
        end = _match(specs, i + 1, pos + n, norms, k, anchor)
        if end > best:
            best = end
    return best
