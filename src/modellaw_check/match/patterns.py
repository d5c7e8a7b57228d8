"""Compile a rule pack's wordings into one spaCy Matcher.

Wording syntax (``words:``), matched token by token on folded lemmas (``token.norm_``):

- ``access``            the word in any inflection ("accesses", "Accessed")
- ``alter|modify``      any of the alternatives (single words)
- ``lawful?``           an optional word
- ``*`` / ``*5``        up to 3 (or 5) arbitrary words in between
- ``non-public``        punctuation inside a word is kept as its own tokens, as the tokenizer does

Every concept of the pack and every rule element gets match keys (``MatchKey``); a rule that
references a concept shares its matches, so a concept is matched once per document however many rules
use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from modellaw_check.annotate import normaliser
from modellaw_check.errors import RuleError
from modellaw_check.match.keys import MatchKey, concept_key, element_key, exclude_key
from modellaw_check.match.sequence import SequenceMatcher, Spec
from modellaw_check.rules.loader import RulePack

_GAP = re.compile(r"^\*(\d{0,2})$")
# An elided word ("l'", "d'", "qu’"): one token before a word in French text, though the tokenizer splits
# it when it stands alone as in a pattern.
_ELIDED = re.compile(r"^[^\W\d_]{1,7}['\u2019]$")  # l', qu', lorsqu', puisqu'


def _tokens(piece: str, nlp: Language) -> list[str]:
    if _ELIDED.match(piece):
        return [piece]
    return [t.text for t in nlp.tokenizer(piece)]


def compile_words(words: str, nlp: Language) -> list[Spec]:
    """Turn a ``words:`` pattern into the matchers' one pattern form: a spec per position (the words
    it accepts, normalised as ``nlp``'s language normalises a statute's words, and how many tokens)."""
    norm = normaliser(nlp.lang or "en")
    specs: list[Spec] = []
    for piece in words.split():
        gap = _GAP.match(piece)
        if gap:
            specs.append(Spec(None, 0, int(gap.group(1) or 3)))
            continue
        optional = piece.endswith("?") and len(piece) > 1
        piece = piece.rstrip("?") if optional else piece
        if "|" in piece:
            alts = [a for a in piece.split("|") if a]
            if any(len(_tokens(a, nlp)) != 1 for a in alts):
                raise RuleError(f"alternatives must be single words: {piece!r} in {words!r}")
            if any(len(a) == 1 and a.isascii() and a.isalpha() for a in alts):
                # "e|email - mail" reads as "(e|email) - mail": write "e - mail" as its own wording
                raise RuleError(f"one-letter alternative in {piece!r} of {words!r}; put multi-word "
                                "alternatives on their own line")
            specs.append(Spec(frozenset(norm(a) for a in alts), 0 if optional else 1, 1))
            continue
        sub = _tokens(piece, nlp)
        if optional and len(sub) > 1:
            raise RuleError(f"'?' applies to single words only: {piece!r} in {words!r}")
        specs.extend(Spec(frozenset([norm(t)]), 0 if optional else 1, 1) for t in sub)
    if not any(s.words is not None and s.min >= 1 for s in specs):
        raise RuleError(f"pattern {words!r} has no required word")
    return specs


MAX_EXPANSIONS = 400


def expand(specs: list[Spec]) -> list[list[str]] | None:
    """The exact phrases a wording without optional words or gaps stands for (its alternatives spelled
    out), None for any other wording or one of more than ``MAX_EXPANSIONS`` phrases."""
    size = 1
    for spec in specs:
        if spec.words is None or spec.min != 1 or spec.max != 1:
            return None
        size *= len(spec.words)
    if size > MAX_EXPANSIONS:
        return None
    out: list[list[str]] = [[]]
    for spec in specs:
        assert spec.words is not None
        out = [prefix + [w] for prefix in out for w in sorted(spec.words)]
    return out


class PackMatcher:
    """Exact phrases through spaCy's PhraseMatcher (hash look-ups on folded lemmas); wordings with
    optional words or gaps through the anchored SequenceMatcher. Both take a wording as
    ``compile_words`` compiles it. Called like a spaCy Matcher, it returns (key, start token, end
    token) triples."""

    def __init__(self, nlp: Language) -> None:
        self._vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.sequences = SequenceMatcher()
        self._names: dict[int, MatchKey] = {}  # match id -> key: where a phrase match's key comes back

    def add(self, key: MatchKey, specs: list[Spec]) -> None:
        phrases = expand(specs)
        if phrases is None:
            # The sequence matcher takes alternatives as they are: spelling them out would only
            # multiply the patterns it tries (each start's longest match is the same either way).
            self.sequences.add(key, specs)
            return
        label = key.label
        for norms in phrases:
            pdoc = Doc(self._vocab, words=norms)
            for tok in pdoc:
                tok.norm_ = tok.text
            self.phrases.add(label, [pdoc])
            self._names[self._vocab.strings[label]] = key

    def __call__(self, sdoc: Doc, norms: list[str] | None = None,
                 where: dict[str, list[int]] | None = None) -> list[tuple[MatchKey, int, int]]:
        names = self._names
        found = [(names[mid], s, e) for mid, s, e in self.phrases(sdoc)]
        return found + self.sequences(sdoc, norms, where)


@dataclass(frozen=True, eq=False)
class LocateGroup:
    """One entry of a rule's ``locate``: an element, or alternatives ("search|seize"), with their keys in
    one list (kept, so that the index's merged views of it are built once)."""

    names: tuple[str, ...]
    keys: list[tuple[MatchKey, str | None]]
    term: bool  # a definition rule's defined term, matched against the unit's term


@dataclass(frozen=True)
class CompiledPack:
    """The matcher for a pack plus how its keys map back to rules, elements and groups: the pack's data,
    not changed by matching (what a run learns is in ``index.MatchContext``)."""

    matcher: PackMatcher
    # rule id -> element name -> list of (key, group)
    element_keys: dict[str, dict[str, list[tuple[MatchKey, str | None]]]] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # every norm a pattern names (for fuzzy repair)
    excludes: dict[MatchKey, MatchKey] = field(default_factory=dict)  # concept or element key -> its exclude key
    locate: dict[str, list[LocateGroup]] = field(default_factory=dict)  # rule id -> what locates it
    locating: dict[str, frozenset[str]] = field(default_factory=dict)  # rule id -> the elements that locate it
    # the concepts that say a provision is about the pack's subject (pack.yaml ``topic``): a tie-break
    topic: list[MatchKey] = field(default_factory=list)


def compile_pack(pack: RulePack, nlp: Language) -> CompiledPack:
    matcher = PackMatcher(nlp)
    vocabulary: set[str] = set()

    def add(key: MatchKey, words: str) -> None:
        specs = compile_words(words, nlp)
        for spec in specs:
            if spec.words is not None:
                vocabulary.update(spec.words)
        matcher.add(key, specs)

    excludes: dict[MatchKey, MatchKey] = {}
    for name, concept in pack.meta.concepts.items():
        for pat in concept.any:
            if pat.words:
                add(concept_key(name), pat.words)
        for words in concept.exclude:
            matcher.add(exclude_key(name), compile_words(words, nlp))
            excludes[concept_key(name)] = exclude_key(name)
    resolved: dict[str, dict[str, list[tuple[MatchKey, str | None]]]] = {}
    for rule in pack.rules:
        per_el: dict[str, list[tuple[MatchKey, str | None]]] = {}
        for el in rule.elements:
            keys: list[tuple[MatchKey, str | None]] = []
            for pat in el.any:
                if pat.concept:
                    keys.append((concept_key(pat.concept), pat.group))
                else:
                    key = element_key(rule.id, el.name, pat.group)
                    add(key, pat.words or "")
                    if (key, pat.group) not in keys:
                        keys.append((key, pat.group))
            if el.exclude:
                xkey = exclude_key(rule.id, el.name)
                for words in el.exclude:
                    matcher.add(xkey, compile_words(words, nlp))
                for key, _ in keys:
                    if key.kind == "element":
                        excludes[key] = xkey
            per_el[el.name] = keys
        resolved[rule.id] = per_el
    locate = {rule.id: [LocateGroup(tuple(group), [k for n in group for k in resolved[rule.id][n]],
                                    len(group) == 1 and rule.element(group[0]).kind == "term")
                        for group in rule.locate_groups()] for rule in pack.rules}
    return CompiledPack(matcher=matcher, element_keys=resolved, vocabulary=vocabulary, excludes=excludes,
                        locate=locate, locating={rule.id: frozenset(rule.locating_names()) for rule in pack.rules},
                        topic=[concept_key(c) for c in pack.meta.topic])
