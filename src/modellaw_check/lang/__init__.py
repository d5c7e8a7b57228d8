"""Language profiles: what a language's statutes say to create an offence, confer a power, negate,
refer or announce an inoperative provision, as data (``<code>.yaml`` beside this file).

A rule pack names its language; the profile's concepts join the pack's (the pack's own concept of the
same name wins), so the matcher never names a word of any language.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from modellaw_check.errors import RuleError
from modellaw_check.rules.schema import Concept, _Strict
from modellaw_check.yamlfile import load_validated

HERE = Path(__file__).resolve().parent
# The concepts the engine looks up by name: every profile must define them.
ENGINE_CONCEPTS = ("offence_marker", "power_marker", "negation", "cross_reference", "non_operative")


class LanguageProfile(_Strict):
    language: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 code")
    name: str
    function_words: list[str] = Field(min_length=1, description="common words of running text in the language")
    concepts: dict[str, Concept]
    list_closing: list[str] = Field(default_factory=list, description="how the closing words of a list "
                                    "open, after its last item (\"(b) ...;\\nshall be guilty of an offence\"): "
                                    "literal lower-case phrases; they belong to the whole list, not to that item")
    lemmas: dict[str, str] = Field(default_factory=dict, description="corrections to spaCy's lemma lookup "
                                   "table (lower-cased word -> lemma), where its lemma merges two words")


def profile_path(code: str) -> Path:
    return HERE / f"{code}.yaml"


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.yaml"))


def load_profile(code: str) -> LanguageProfile:
    """The profile of a language code; a RuleError naming the known ones if there is none."""
    path = profile_path(code) if code.isalpha() else None
    if path is None or not path.is_file():
        raise RuleError(f"no language profile {code!r} (known: {', '.join(available())})")
    profile: LanguageProfile = load_validated(LanguageProfile, path)
    missing = [c for c in ENGINE_CONCEPTS if c not in profile.concepts]
    if missing:
        raise RuleError(f"the profile lacks the concepts {', '.join(missing)}", path=str(path))
    return profile
