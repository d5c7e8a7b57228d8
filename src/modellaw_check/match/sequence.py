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
        # key, specs, indices of the required specs
        self._patterns: list[tuple[str, list[Spec], list[int]]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, tokens: list[dict]) -> None:
        specs = to_specs(tokens)
        required = [i for i, s in enumerate(specs) if s.words is not None and s.min >= 1]
        if not required:
            raise ValueError("a pattern needs at least one required word")
        self._patterns.append((key, specs, required))

    def __call__(self, sdoc: SpacyDoc, norms: list[str] | None = None) -> list[tuple[str, int, int]]:
        if norms is None:
            norms = [t.norm_ for t in sdoc]
        where: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(norms):
            where[n].append(i)
        out: list[tuple[str, int, int]] = []
        for key, specs, required in self._patterns:
            # Anchor on the required word that is rarest in this document ("purpose", not "for");
            # a required word that never occurs means the pattern cannot match at all.
            counts = [sum(len(where.get(w, ())) for w in specs[i].words) for i in required]
            if min(counts) == 0:
                continue
            k = required[counts.index(min(counts))]
            before_min = sum(s.min for s in specs[:k])
            before_max = sum(s.max for s in specs[:k])
            positions = sorted({p for w in specs[k].words for p in where.get(w, ())})
            for p in positions:
                for start in range(max(0, p - before_max), p - before_min + 1):
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
