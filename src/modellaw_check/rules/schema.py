"""The rule schema: what a provision of the model law looks like as data.

A rule lists the *elements* a national provision must contain (mental element, without right,
conduct, object, result ...), each with its accepted wordings. Wordings are token patterns over
case-folded lemmas (see ``match.patterns``) or references to a shared concept of the pack.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from modellaw_check.status import Status

ElementKind = Literal[
    "mental", "without_right", "conduct", "object", "result", "circumstance", "exception",
    "term", "power", "subject", "safeguard",
]
# What a rule example may expect: a checked provision's statuses (not "not_applicable", a scan's)
Expected = Literal[Status.IMPLEMENTED, Status.PARTIAL, Status.MISSING]


# The layouts one wording may take over the text: each gap ``*N`` multiplies them by N+1 (it may take
# 0..N words), each optional word ``word?`` by 2. The sequence matcher tries every layout at each place
# the wording's rarest required word occurs, so this bounds its work per place (issue 20: five ``*99``
# gaps, 10^10 layouts, took 100 s on a 1.2 kB statute; six hung). The bundled packs need at most 64.
MAX_LAYOUTS = 256
_GAP = re.compile(r"^\*(\d{0,2})$")  # as match.patterns reads a gap
# Words, gaps and punctuation marks in one wording: the matcher follows a wording one of them at a time,
# by recursion (1,500 words and an optional one: RecursionError, an exit 3). The bundled packs need 9.
MAX_WORDING_TOKENS = 40
_TOKEN = re.compile(r"\w+|[^\w\s?]")  # what the tokenizer makes of a piece, at most ("non-public": 3)


def wording_layouts(words: str) -> int:
    """How many layouts the gaps and optional words of a ``words:`` pattern allow."""
    n = 1
    for piece in words.split():
        gap = _GAP.match(piece)
        if gap:
            n *= int(gap.group(1) or 3) + 1
        elif piece.endswith("?") and len(piece) > 1:
            n *= 2
    return n


def wording_tokens(words: str) -> int:
    """How many words, gaps and punctuation marks the matcher follows in a ``words:`` pattern (an upper
    bound: a set of alternatives or a gap is one)."""
    return sum(1 if _GAP.match(p) or "|" in p else max(1, len(_TOKEN.findall(p))) for p in words.split())


def check_wording(words: str) -> str:
    """A wording within ``MAX_WORDING_TOKENS`` whose gaps and optional words stay within ``MAX_LAYOUTS``
    (ValueError otherwise)."""
    shown = words if len(words) <= 80 else words[:77] + "..."
    n = wording_tokens(words)
    if n > MAX_WORDING_TOKENS:
        raise ValueError(f"wording {shown!r} has {n:,} words, gaps and punctuation marks, over the "
                         f"{MAX_WORDING_TOKENS} a wording may have: split it into several wordings")
    n = wording_layouts(words)
    if n > MAX_LAYOUTS:
        raise ValueError(f"wording {shown!r} allows {n:,} layouts, over the {MAX_LAYOUTS:,} the matcher "
                         "tries (each gap *N multiplies them by N+1, each optional word by 2): use fewer "
                         "or narrower gaps, or split it into several wordings")
    return words


Wording = Annotated[str, AfterValidator(check_wording)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pattern(_Strict):
    """One accepted wording: a token pattern (``words``) or a concept reference (``concept``)."""

    words: str | None = None
    concept: str | None = None
    group: str | None = Field(None, description="the form of the element this wording covers")

    @model_validator(mode="after")
    def _one_of(self) -> Pattern:
        if (self.words is None) == (self.concept is None):
            raise ValueError("a wording needs exactly one of 'words' or 'concept'")
        if self.words is not None and not self.words.split():
            raise ValueError("'words' is empty")
        if self.words is not None:
            check_wording(self.words)
        return self


def _coerce_patterns(value: object) -> object:
    """Allow the shorthand ``- "without authority"`` for ``- words: "without authority"``."""
    if isinstance(value, list):
        return [{"words": v} if isinstance(v, str) else v for v in value]
    return value


class Wordings(_Strict):
    """An element's or concept's wordings in another language than the pack's (``lang: {fr: [...]}``):
    a list of wordings (shorthand) or ``{any: [...], exclude: [...]}``."""

    any: list[Pattern] = Field(min_length=1)
    exclude: list[Wording] = Field(default_factory=list)

    _coerce = field_validator("any", mode="before")(classmethod(lambda cls, v: _coerce_patterns(v)))


def _coerce_lang(value: object) -> object:
    """``lang: {fr: ["sans droit", ...]}`` is short for ``lang: {fr: {any: ["sans droit", ...]}}``."""
    if isinstance(value, dict):
        return {k: {"any": v} if isinstance(v, list) else v for k, v in value.items()}
    return value


def _check_lang(lang: dict[str, Wordings], any_: list[Pattern]) -> None:
    for code, w in lang.items():
        if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
            raise ValueError(f"'lang' key {code!r} is not an ISO 639 language code")
        groups = {p.group for p in any_ if p.group}
        theirs = {p.group for p in w.any if p.group}
        if groups != theirs:
            raise ValueError(f"the {code!r} wordings name the groups {sorted(theirs)}, the pack's wordings "
                             f"{sorted(groups)}: every language must cover the same forms")


LANG_DESCRIPTION = ("wordings in other languages, by ISO 639 code (``fr: [...]``): a statute in that "
                    "language is matched with them instead of ``any``/``exclude``")


class Element(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: ElementKind
    description: str = ""
    required: bool = True
    any: list[Pattern] = Field(min_length=1)
    min_groups: int = Field(1, ge=1, description="distinct wording groups needed for full coverage")
    scope: Literal["unit", "section", "document"] = "unit"
    gather: bool = Field(False, description="once located, count forms found anywhere in the enclosing "
                         "section (an offence split over subsections)")
    weight: float = Field(1.0, gt=0)
    exclude: list[Wording] = Field(default_factory=list,
                               description="wordings whose matches cancel a hit inside them "
                               "(\"access code\" is not accessing)")
    lang: dict[str, Wordings] = Field(default_factory=dict, description=LANG_DESCRIPTION)

    _coerce = field_validator("any", mode="before")(classmethod(lambda cls, v: _coerce_patterns(v)))
    _coerce_l = field_validator("lang", mode="before")(classmethod(lambda cls, v: _coerce_lang(v)))

    @model_validator(mode="after")
    def _groups(self) -> Element:
        groups = {p.group for p in self.any if p.group}
        if self.min_groups > 1 and len(groups) < self.min_groups:
            raise ValueError(f"min_groups is {self.min_groups} but only {len(groups)} groups are named")
        _check_lang(self.lang, self.any)
        return self


class Reservation(_Strict):
    id: str = Field(pattern=r"^[A-Z0-9][A-Za-z0-9.\-]*$")
    title: str
    source: str = ""
    effect: str = Field(description="what taking the reservation changes, in words")
    makes_optional: list[str] = Field(default_factory=list)
    permits: list[str] = Field(default_factory=list, description="elements a statute may add")


class Example(_Strict):
    text: str = Field(min_length=1)
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$",
                                 description="the language of the text (default: the pack's)")
    expect: Expected
    missing: list[str] | None = None
    reservations: list[str] = Field(default_factory=list)
    note: str = ""


class RuleText(_Strict):
    """A rule's own words in another language (``lang: {fr: {title: ..., model_wording: ...}}``), for
    reports and ``explain`` in that language; the element wordings are each element's ``lang``."""

    title: str = Field(min_length=1)
    source: str = Field("", description="the provision's citation in that language")
    model_wording: str = Field("", description="the model article's authentic text in that language, "
                               "empty where it is not available (reports then give the pack's wording)")
    model_source: str = Field("", description="where that text was taken from, and any gap in it")


# The bill's words a drafted clause may name (``{name}``), besides its ``cites``: an offence's conduct
# and exception ({without_right}: its phrase for without right; {this_act}: "this Act" in the report's
# language; {mens}, in French, where the mental element goes) and a power's subsections (its court and
# investigating authority, the second time with the definite article, and its defined terms); a power's
# placeholder written with a capital ({Court}) opens a sentence.
CLAUSE_FIELDS = frozenset({
    "without_right", "this_act", "mens",
    "court", "the_court", "authority", "the_authority", "traffic", "provider", "providers", "computer", "data",
    "offence"})


def _check_fields(text: str, allowed: set[str], where: str) -> None:
    for name in re.findall(r"\{(\w*)\}", text):
        if name.lower() not in allowed:
            raise ValueError(f"{where} names {{{name}}}, which is neither a field of the bill ("
                             f"{', '.join(sorted(CLAUSE_FIELDS))}) nor one of its 'cites'")


class Cite(_Strict):
    """``{name}`` in a drafted clause: the bill's sections implementing these provisions ("sections 3, 4
    and 5"), else ``otherwise``."""

    provisions: list[str] = Field(min_length=1, description="rule ids of this pack")
    otherwise: str = Field(min_length=1, description="the words when the bill implements none of them")
    lang: dict[str, str] = Field(default_factory=dict, description="``otherwise`` in other languages")


class Subsection(_Strict):
    """One subsection of a power's clause. Lines starting "- " are paragraphs, "  - " subparagraphs."""

    supplies: list[str] = Field(default_factory=list, description="the elements it supplies: a partial power "
                                "gets the subsections supplying its missing elements (none: the whole clause "
                                "only, e.g. confidentiality)")
    text: str = Field(min_length=1)


class DraftingText(_Strict):
    """A drafting block's words in another language; ``subsections`` in the order of the pack's."""

    conduct: str = Field("", description="the conduct after the subject (\"quiconque ...\")")
    act: str = Field("", description="the conduct as an act, with its preposition (\"d'accéder ...\", after "
                     "\"Le fait\")")
    exception: str = ""
    subsections: list[str] = Field(default_factory=list)


class Drafting(_Strict):
    """How to draft the provision as a clause of the bill: an offence's ``conduct`` (a verb phrase after "A
    person who intentionally and without right"; a text whose first line is a list item "(a)" is a list)
    and ``exception`` (a subsection (2) the offence does not apply under), or a power's ``subsections``."""

    conduct: str = ""
    without_right: bool = Field(True, description="false: the model asks for intent only")
    exception: str = ""
    subsections: list[Subsection] = Field(default_factory=list)
    cites: dict[str, Cite] = Field(default_factory=dict, description="name -> the provisions ``{name}`` cites")
    lang: dict[str, DraftingText] = Field(default_factory=dict, description="the clause's words in other "
                                          "languages, by ISO 639 code")

    @model_validator(mode="after")
    def _shape(self) -> Drafting:
        if bool(self.conduct) == bool(self.subsections):
            raise ValueError("a drafting block needs exactly one of 'conduct' (an offence) or 'subsections' "
                             "(a power)")
        allowed = CLAUSE_FIELDS | set(self.cites)
        texts = [("conduct", self.conduct), ("exception", self.exception),
                 *(("subsections", s.text) for s in self.subsections)]
        for code, t in self.lang.items():
            if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
                raise ValueError(f"'lang' key {code!r} is not an ISO 639 language code")
            if self.subsections and len(t.subsections) != len(self.subsections):
                raise ValueError(f"the {code!r} subsections are {len(t.subsections)}, the pack's "
                                 f"{len(self.subsections)}: give each in the same order")
            if self.conduct and not (t.conduct and t.act):
                raise ValueError(f"the {code!r} words of an offence need 'conduct' and 'act'")
            texts += [(f"lang.{code}", x) for x in (t.conduct, t.act, t.exception, *t.subsections)]
        for where, text in texts:
            _check_fields(text, allowed, where)
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    title: str
    source: str
    level: Literal["required", "recommended"] = "required"
    category: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="one of the pack's `categories`")
    unit: str = Field("any", pattern=r"^[a-z][a-z_\-]*$", description="the kind of unit it is found in: "
                      "'any', 'definition' or a unit kind of the pack (pack.yaml `units`)")
    locate: list[str] = Field(min_length=1, description="elements that must meet in one unit; 'a|b' is "
                              "either of two elements (a search or a seizure power)")
    summary: str
    model_wording: str
    elements: list[Element] = Field(min_length=1)
    reservations: list[Reservation] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    defines_concept: str | None = None
    help_uri: str | None = None
    related: list[str] = Field(default_factory=list)
    lang: dict[str, RuleText] = Field(default_factory=dict, description="the rule's title, citation and model "
                                      "wording in other languages, by ISO 639 code")
    drafting: Drafting | None = Field(None, description="how to draft it as a clause of the bill (remedy.py)")

    def locate_groups(self) -> list[list[str]]:
        """``locate`` as groups of alternative elements: ["search|seize", "object"] -> [[search, seize], [object]]."""
        return [n.split("|") for n in self.locate]

    def locating_names(self) -> set[str]:
        return {n for group in self.locate_groups() for n in group}

    @model_validator(mode="after")
    def _references(self) -> Rule:
        for code in self.lang:
            if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
                raise ValueError(f"'lang' key {code!r} is not an ISO 639 language code")
        names = [e.name for e in self.elements]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate element names: {', '.join(sorted(dupes))}")
        for n in self.locating_names():
            if n not in names:
                raise ValueError(f"locate names unknown element {n!r}")
        for r in self.reservations:
            for n in [*r.makes_optional, *r.permits]:
                if n.split(":")[0] not in names:
                    raise ValueError(f"reservation {r.id} names unknown element {n!r}")
        for ex in self.examples:
            for n in ex.missing or []:
                if n not in names:
                    raise ValueError(f"example expects unknown missing element {n!r}")
            for rid in ex.reservations:
                if rid not in {r.id for r in self.reservations}:
                    raise ValueError(f"example takes unknown reservation {rid!r}")
        for sub in self.drafting.subsections if self.drafting else ():
            for n in sub.supplies:
                if n not in names:
                    raise ValueError(f"drafting subsection supplies unknown element {n!r}")
        return self

    def element(self, name: str) -> Element:
        return next(e for e in self.elements if e.name == name)


class Concept(_Strict):
    description: str = ""
    any: list[Pattern] = Field(min_length=1)
    exclude: list[Wording] = Field(default_factory=list,
                               description="wordings whose matches cancel a hit inside them "
                               "(\"computer data\" is data, not a computer system)")
    lang: dict[str, Wordings] = Field(default_factory=dict, description=LANG_DESCRIPTION)

    _coerce = field_validator("any", mode="before")(classmethod(lambda cls, v: _coerce_patterns(v)))
    _coerce_l = field_validator("lang", mode="before")(classmethod(lambda cls, v: _coerce_lang(v)))

    @model_validator(mode="after")
    def _langs(self) -> Concept:
        _check_lang(self.lang, self.any)
        return self


DEFAULT_CATEGORIES = ("definition", "offence", "procedure", "jurisdiction", "cooperation", "terrorism", "other")
# What an advisory's note may name: {where} " (section 6)" of the provision advised; {provision} and
# {status} of that provision; {present}: the provisions present that need it (``needed_by``).
NOTE_FIELDS = {"where": "", "provision": "", "status": "", "present": ""}


class TextCue(_Strict):
    """Wording found anywhere in the statute (lower-cased), e.g. an exception in a section of its own
    that a rule's unit-scoped element cannot see."""

    keywords: list[str] = Field(min_length=1, description="every pattern contains one of these: a plain "
                                "substring test runs first (a regex alone scans ~10 MB/s)")
    patterns: list[str] = Field(min_length=1, description="regular expressions over the lower-cased text")

    @model_validator(mode="after")
    def _compiles(self) -> TextCue:
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {exc}") from None
            if not any(k in pattern for k in self.keywords):
                raise ValueError(f"pattern {pattern!r} contains none of the keywords")
        return self


class Advisory(_Strict):
    """Advice on over-breadth (a statute can fail the model law by criminalising too much), as data.

    Either ``lacks``: each provision advised (``provisions`` or every one of ``category``) that is present
    (implemented or partial) while its elements of that kind are all missing (and ``unless_text`` is not
    found) gets ``note``. Or ``needed_by``: the one provision in ``provisions``, when it is not
    implemented while provisions of that category are present, gets ``note`` and each of them
    ``note_each``."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    provisions: list[str] = Field(default_factory=list, description="rule ids advised")
    category: str | None = Field(None, description="or every provision of this category")
    lacks: ElementKind | None = None
    unless_text: TextCue | None = None
    needed_by: str | None = Field(None, description="a category whose provisions need this one")
    note: str = Field(min_length=1)
    note_each: str = ""

    @model_validator(mode="after")
    def _shape(self) -> Advisory:
        if (self.lacks is None) == (self.needed_by is None):
            raise ValueError("an advisory needs exactly one of 'lacks' or 'needed_by'")
        if self.lacks is not None and bool(self.provisions) == (self.category is not None):
            raise ValueError("'lacks' needs exactly one of 'provisions' or 'category'")
        if self.needed_by is not None and (len(self.provisions) != 1 or self.category is not None):
            raise ValueError("'needed_by' advises exactly one provision (in 'provisions')")
        if self.needed_by is None and self.note_each:
            raise ValueError("'note_each' goes with 'needed_by'")
        if self.lacks is None and self.unless_text is not None:
            raise ValueError("'unless_text' goes with 'lacks'")
        for text in (self.note, self.note_each):
            try:
                text.format(**NOTE_FIELDS)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(f"a note may name only {{{'}, {'.join(NOTE_FIELDS)}}}: {exc}") from None
        return self


class RelevanceTerms(_Strict):
    """The vocabulary of the scan's relevance pre-filter (``scan/relevance.py``, docs/scan.md)."""

    seeds: list[str] = Field(min_length=1, description="the gate's terms, searched as written")
    min_seeds: int = Field(3, ge=1, description="an act with fewer seeds is not relevant")
    strong: dict[str, list[str]] = Field(min_length=1, description="kind -> phrases that almost only occur "
                                         "in the pack's subject (lower case)")
    weak: list[str] = Field(min_length=1, description="subject words whose density is counted (lower case)")
    core: list[str] = Field(min_length=1, description="the core words whose density is counted (lower case)")
    offence: list[str] = Field(min_length=1, description="offence or procedure words (lower case)")


class PackMeta(_Strict):
    name: str
    title: str
    version: str
    language: str = Field("en", description="the language of the pack's wordings: its profile "
                          "(modellaw_check/lang/<code>.yaml) supplies the drafting concepts the engine needs")
    source: str = ""
    doc_uri: str | None = None
    units: dict[str, list[str]] = Field(default_factory=dict, description="unit kind -> marker concepts")
    unit_conflicts: dict[str, list[str]] = Field(
        default_factory=dict, description="unit kind -> concepts that, in a unit's own words without its "
        "markers, show it is something else (a power is not an offence)")
    unit_scope: dict[str, Literal["section", "unit"]] = Field(
        default_factory=dict, description="where a unit kind's markers must occur (default: section)")
    whole_items: list[str] = Field(
        default_factory=list, description="unit kinds read item by item: a provision whose subdivisions are "
        "alternatives or provisions of their own is not a unit of such a kind, each subdivision is (with its "
        "parents' lead-in), so that no element is taken from a sibling")
    concepts: dict[str, Concept] = Field(default_factory=dict)
    non_operative: list[str] = Field(default_factory=list, description="concepts that, at the start of a "
                                     "section, mark it as creating no offence or power (policy, objects)")
    topic: list[str] = Field(default_factory=list, description="concepts that say a provision is about "
                             "what the pack checks (computer data, a computer system): of equally complete "
                             "provisions, one that names them implements a rule rather than one that does not")
    categories: list[str] = Field(
        default_factory=lambda: list(DEFAULT_CATEGORIES), description="the rules' categories, in report "
        "order (a rule's category must be one of them)")
    advisories: list[Advisory] = Field(default_factory=list, description="advice a report gets where a "
                                       "provision is present without what keeps it from over-reaching")
    relevance: RelevanceTerms | None = Field(None, description="the scan's relevance pre-filter; without it "
                                             "a scan checks every act")

    @model_validator(mode="after")
    def _unique_categories(self) -> PackMeta:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("'categories' names a category twice")
        return self
