"""Compile a rule pack's wordings into one spaCy Matcher.

Wording syntax (``words:``), matched token by token on folded lemmas (``token.norm_``):

- ``access``            the word in any inflection ("accesses", "Accessed")
- ``alter|modify``      any of the alternatives (single words)
- ``lawful?``           an optional word
- ``*`` / ``*5``        up to 3 (or 5) arbitrary words in between
- ``non-public``        punctuation inside a word is kept as its own tokens, as the tokenizer does

Every concept of the pack and every rule element gets match keys; a rule that references a concept
shares its matches, so a concept is matched once per document however many rules use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from modellaw_check.annotate import normaliser
from modellaw_check.errors import RuleError
from modellaw_check.match.sequence import SequenceMatcher
from modellaw_check.rules.loader import RulePack
from modellaw_check.rules.schema import Element

_GAP = re.compile(r"^\*(\d{0,2})$")
# An elided word ("l'", "d'", "qu’"): one token before a word in French text, though the tokenizer splits
# it when it stands alone as in a pattern.
_ELIDED = re.compile(r"^[^\W\d_]{1,7}['\u2019]$")  # l', qu', lorsqu', puisqu'


def _tokens(piece: str, nlp: Language) -> list[str]:
    if _ELIDED.match(piece):
        return [piece]
    return [t.text for t in nlp.tokenizer(piece)]


def concept_key(name: str) -> str:
    return f"c:{name}"


def exclude_key(name: str) -> str:
    return f"x:{name}"


def element_key(rule_id: str, element: str, group: str | None) -> str:
    return f"e:{rule_id}:{element}:{group or ''}"


def compile_words(words: str, nlp: Language) -> list[dict]:
    """Turn a ``words:`` pattern into a spaCy Matcher token pattern (normalised as ``nlp``'s language
    normalises a statute's words)."""
    norm = normaliser(nlp.lang or "en")
    tokens: list[dict] = []
    for piece in words.split():
        gap = _GAP.match(piece)
        if gap:
            tokens.append({"OP": f"{{0,{gap.group(1) or 3}}}"})
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
            spec: dict = {"NORM": {"IN": sorted({norm(a) for a in alts})}}
            tokens.append({**spec, "OP": "?"} if optional else spec)
            continue
        sub = _tokens(piece, nlp)
        for t in sub:
            spec = {"NORM": norm(t)}
            if optional and len(sub) == 1:
                spec["OP"] = "?"
            tokens.append(spec)
        if optional and len(sub) > 1:
            raise RuleError(f"'?' applies to single words only: {piece!r} in {words!r}")
    if not any("NORM" in t and "OP" not in t for t in tokens):
        raise RuleError(f"pattern {words!r} has no required word")
    return tokens


MAX_EXPANSIONS = 400


def expand(tokens: list[dict]) -> list[list[dict]]:
    """Spell out "IN" alternatives as separate patterns, so that gap-free ones become exact phrases."""
    size = 1
    for t in tokens:
        val = t.get("NORM")
        if isinstance(val, dict):
            size *= len(val["IN"])
    if size > MAX_EXPANSIONS:
        return [tokens]
    out: list[list[dict]] = [[]]
    for t in tokens:
        val = t.get("NORM")
        if isinstance(val, dict):
            alts = [{**t, "NORM": v} for v in val["IN"]]
            out = [prefix + [a] for prefix in out for a in alts]
        else:
            out = [prefix + [t] for prefix in out]
    return out


class PackMatcher:
    """Exact phrases through spaCy's PhraseMatcher (hash look-ups on folded lemmas); wordings with
    optional words or gaps through the anchored SequenceMatcher. Called like a spaCy Matcher, it
    returns (key, start token, end token) triples."""

    def __init__(self, nlp: Language) -> None:
        self._vocab = nlp.vocab
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.sequences = SequenceMatcher()
        self._names: dict[int, str] = {}  # match id -> key (a StringStore look-up per match was slower)

    def add(self, key: str, tokens: list[dict]) -> None:
        if any("OP" in t for t in tokens):
            # The sequence matcher takes "IN" alternatives as they are: spelling them out would only
            # multiply the patterns it tries (each start's longest match is the same either way).
            self.sequences.add(key, tokens)
            return
        for variant in expand(tokens):
            norms = [t["NORM"] for t in variant]
            pdoc = Doc(self._vocab, words=norms)
            for tok in pdoc:
                tok.norm_ = tok.text
            self.phrases.add(key, [pdoc])
            self._names[self._vocab.strings[key]] = key

    def __call__(self, sdoc: Doc, norms: list[str] | None = None,
                 where: dict[str, list[int]] | None = None) -> list[tuple[str, int, int]]:
        names = self._names
        found = [(names[mid], s, e) for mid, s, e in self.phrases(sdoc)]
        return found + self.sequences(sdoc, norms, where)


@dataclass(frozen=True)
class CompiledPack:
    """The matcher for a pack plus how its keys map back to rules, elements and groups: the pack's data,
    not changed by matching (what a run learns is in ``index.MatchContext``)."""

    matcher: PackMatcher
    # rule id -> element name -> list of (key, group)
    element_keys: dict[str, dict[str, list[tuple[str, str | None]]]] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # every norm a pattern names (for fuzzy repair)
    excludes: dict[str, str] = field(default_factory=dict)  # concept key -> its exclude key
    locate: dict[str, list[Element]] = field(default_factory=dict)  # rule id -> its locate elements


def compile_pack(pack: RulePack, nlp: Language) -> CompiledPack:
    matcher = PackMatcher(nlp)
    vocabulary: set[str] = set()

    def add(key: str, words: str) -> None:
        tokens = compile_words(words, nlp)
        for t in tokens:
            val = t.get("NORM")
            if isinstance(val, str):
                vocabulary.add(val)
            elif isinstance(val, dict):
                vocabulary.update(val["IN"])
        matcher.add(key, tokens)

    excludes: dict[str, str] = {}
    for name, concept in pack.meta.concepts.items():
        for pat in concept.any:
            if pat.words:
                add(concept_key(name), pat.words)
        for words in concept.exclude:
            matcher.add(exclude_key(name), compile_words(words, nlp))
            excludes[concept_key(name)] = exclude_key(name)
    resolved: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for rule in pack.rules:
        per_el: dict[str, list[tuple[str, str | None]]] = {}
        for el in rule.elements:
            keys: list[tuple[str, str | None]] = []
            for pat in el.any:
                if pat.concept:
                    keys.append((concept_key(pat.concept), pat.group))
                else:
                    key = element_key(rule.id, el.name, pat.group)
                    add(key, pat.words or "")
                    if (key, pat.group) not in keys:
                        keys.append((key, pat.group))
            if el.exclude:
                xkey = exclude_key(f"{rule.id}:{el.name}")
                for words in el.exclude:
                    matcher.add(xkey, compile_words(words, nlp))
                for key, _ in keys:
                    if key.startswith("e:"):
                        excludes[key] = xkey
            per_el[el.name] = keys
        resolved[rule.id] = per_el
    locate = {rule.id: [rule.element(n) for n in rule.locate] for rule in pack.rules}
    return CompiledPack(matcher=matcher, element_keys=resolved, vocabulary=vocabulary, excludes=excludes,
                        locate=locate)
