"""Match keys: what a hit of the matchers is a hit of, as a typed value rather than a prefixed string."""

from __future__ import annotations

from typing import Literal, NamedTuple

KeyKind = Literal["concept", "element", "exclude", "term"]


class MatchKey(NamedTuple):
    """What a hit is a hit of: a concept of the pack (``name``), a rule element's own wordings of one
    group (rule id ``name``, ``element``, ``group``), the excluded wordings of a concept or an element
    (``name`` and maybe ``element``), or a term the statute defines (``name``, lower-cased). A tuple:
    hashed, it is the key of the hit index's tables."""

    kind: KeyKind
    name: str
    element: str = ""
    group: str = ""

    @property
    def label(self) -> str:
        """The key as spaCy's matchers take one (a string, hashed into the vocabulary's StringStore)."""
        return f"{self.kind}:{self.name}:{self.element}:{self.group}"


def concept_key(name: str) -> MatchKey:
    return MatchKey("concept", name)


def exclude_key(name: str, element: str = "") -> MatchKey:
    return MatchKey("exclude", name, element)


def element_key(rule_id: str, element: str, group: str | None) -> MatchKey:
    return MatchKey("element", rule_id, element, group or "")


def term_key(term: str) -> MatchKey:
    return MatchKey("term", term.lower())
