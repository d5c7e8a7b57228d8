"""Match, step 3: find the unit that best implements a rule and each element's evidence there.

Elements are looked for in the unit, in its parents' lead-in words, and through the statute's
definitions: if the unit uses a defined term whose definition supplies an element ("unauthorised
modification" defined as altering or erasing data), the element is found, with the definition as
evidence. Definitions only add to an element the unit already locates, never locate a provision.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from modellaw_check.bisection import bisect_left
from modellaw_check.match.index import Hit, HitIndex, locates, occurs
from modellaw_check.match.keys import MatchKey
from modellaw_check.match.patterns import CompiledPack, LocateGroup, concept_key
from modellaw_check.match.units import Unit
from modellaw_check.rules.schema import Element, Rule

NO_GROUP = "_"
CROSS_REFERENCE_CONCEPT = "cross_reference"
XREF_OPENING = 300  # characters


@dataclass(slots=True, eq=False)
class ElementMatch:
    element: Element
    hits: list[Hit] = field(default_factory=list)
    via: dict[Hit, str] = field(default_factory=dict)  # hit -> defined term it came through
    groups: set[str] = field(default_factory=set)

    def coverage(self, needed: int) -> float:
        """1.0 full, between 0 and 1 for some of the required forms, 0.0 absent."""
        if not self.groups:
            return 0.0
        return min(1.0, len(self.groups) / max(needed, 1))


@dataclass
class UnitMatch:
    unit: Unit
    elements: dict[str, ElementMatch]
    score: float = 0.0
    complete: bool = False


@dataclass
class RuleMatch:
    rule: Rule
    best: UnitMatch | None
    others: list[UnitMatch] = field(default_factory=list)  # further units that implement it


def needed_groups(el: Element, optional: set[str]) -> tuple[int, bool]:
    """How many wording groups an element needs, and whether it is required at all."""
    if el.name in optional or not el.required:
        return el.min_groups, False
    waived = sum(1 for o in optional if o.startswith(el.name + ":"))
    return max(1, el.min_groups - waived), True


def _element_hits(idx: HitIndex, keys: list[tuple[MatchKey, str | None]], ranges: list[tuple[int, int]],
                  locate: bool, whole: bool = False) -> list[tuple[Hit, str]]:
    """Hits of an element's keys in the ranges; ``whole``: a hit must span the whole (single) range."""
    out: list[tuple[Hit, str]] = []
    for key, group in keys:
        for lo, hi in ranges:
            for h in idx.hits(key, lo, hi):
                if locate and h.negated:
                    continue
                if whole and not _covers_term(idx.doc.text, h, lo, hi):
                    continue
                out.append((h, group or NO_GROUP))
    return out


def match_unit(rule: Rule, unit: Unit, idx: HitIndex, compiled: CompiledPack,
               optional: set[str]) -> UnitMatch | None:
    keys = compiled.element_keys[rule.id]
    doc_len = len(idx.doc.text)
    elements: dict[str, ElementMatch] = {}
    # The anchors must be in the unit's own words (a penalty paragraph "(b) on a second conviction,
    # ..." does not implement what its parent's lead-in says), its lead-in or a provision it names. A
    # definition never stands in for one: "computer network" defined with "the capability to transmit"
    # makes no distribution of devices, "electronic communication" defined with "data" no traffic data.
    anchors: list[tuple[int, int]] = []
    absent: list[LocateGroup] = []
    groups = compiled.locate[rule.id]
    for grp in groups:  # cheap rejection first
        if grp.term and unit.term is not None:
            found = _element_hits(idx, grp.keys, [unit.term], locate=True, whole=True)
            if not found:
                return None
            anchors.extend((h.start, h.end) for h, _ in found)
            continue
        spans = idx.located(grp.keys, unit.start, unit.end)
        if spans:
            anchors.extend(spans)
        else:
            absent.append(grp)
    # An offence defined by reference ("whoever dishonestly does any act referred to in section 43"):
    # anchors may be in the referenced provision.
    refs = [(lo, hi) for _, lo, hi in unit.refs] if unit.marked else []
    in_refs = [g for g in absent if refs and _element_hits(idx, g.keys, refs, locate=True)]
    if not anchors and not in_refs:
        return None  # the unit's own words name nothing the provision is about
    # The lead-in of the list the unit is an item of speaks for every item ("A person who, with
    # fraudulent intent - (a) ...").
    if any(g not in in_refs and not any(idx.located(g.keys, lo, hi) for lo, hi in unit.extra) for g in absent):
        return None
    locating = compiled.locating[rule.id]
    direct: dict[str, list[tuple[int, int]]] = {}
    for el in rule.elements:
        locate = el.name in locating
        if el.kind == "term" and unit.term:
            ranges = [unit.term]
        elif el.scope == "section":
            ranges = [unit.top, *unit.extra]
        elif el.scope == "document":
            ranges = [(0, doc_len)]
        else:
            ranges = unit.ranges
        em = ElementMatch(el)
        whole = el.kind == "term" and unit.term is not None
        for h, g in _element_hits(idx, keys[el.name], ranges, locate, whole):
            em.hits.append(h)
            em.groups.add(g)
        for label, lo, hi in (unit.refs if unit.marked and not whole else []):
            for h, g in _element_hits(idx, keys[el.name], [(lo, hi)], locate):
                if h not in em.via:
                    em.hits.append(h)
                    em.via[h] = f"section {label}"
                    em.groups.add(g)
        if el.gather and em.hits:
            for h, g in _element_hits(idx, keys[el.name], [unit.top], locate):
                if g not in em.groups:
                    em.hits.append(h)
                    em.groups.add(g)
        elements[el.name] = em
        direct[el.name] = [(h.start, h.end) for h in em.hits]
    for el in rule.elements:
        em = elements[el.name]
        if el.kind != "term":
            for h, g, term in _imported(unit, idx, keys[el.name], direct[el.name], el.name in locating):
                if h not in em.via and h not in em.hits:
                    em.hits.append(h)
                    em.via[h] = term
                    em.groups.add(g)
    um = UnitMatch(unit, elements)
    score_unit(rule, um, optional)
    return um


def _covers_term(text: str, h: Hit, lo: int, hi: int) -> bool:
    """Does a hit name the defined term: all of it, or one of its alternative names ("traffic data or
    non-content data")? "computer" does not name "computer data"."""
    if h.start > lo + 1:
        return False
    if h.end >= hi - 1:
        return True
    rest = text[h.end:hi].lstrip(" ,")
    return rest.startswith(("or ", "and "))


def _imported(unit: Unit, idx: HitIndex, keys: list[tuple[MatchKey, str | None]], direct: list[tuple[int, int]],
              locate: bool) -> list[tuple[Hit, str, str]]:
    """Hits an element gets from the definitions (outside the unit) of terms the unit uses.

    A defined term stands for its definition, but common one-word terms ("access", "data",
    "function") are defined broadly, so their definitions only add forms to the element whose words
    they are ("unauthorised modification" matched the conduct, so what "modification" is defined to
    include counts for the conduct). A specific multi-word term ("material support or resources")
    brings its whole definition in. A term recognised as one of the pack's basic concepts ("computer
    system", "protected computer") stands for that concept instead.
    """
    out: list[tuple[Hit, str, str]] = []
    direct_spans: _Spans | None = None
    for use in _term_uses(unit, idx):
        if not use.outside or use.lowered in idx.alias_terms:
            continue  # "computer system" stands for the concept, not for the words defining it
        if not use.multiword:
            direct_spans = direct_spans or _Spans(direct)
            if not direct_spans.overlaps(use.hits):
                continue
        for i in use.outside:
            out.extend((h, g, use.term) for h, g in _definition_hits(idx, keys, i, locate))
    return out


def _definition_hits(idx: HitIndex, keys: list[tuple[MatchKey, str | None]], def_id: int,
                     locate: bool) -> list[tuple[Hit, str]]:
    """An element's hits in one definition's body: the same for every unit that uses the term."""
    cache_key = ("definition", id(keys), def_id, locate)
    cached = idx.unit_cache.get(cache_key)
    if cached is None:
        d = idx.doc.definitions[def_id]
        cached = idx.unit_cache[cache_key] = _element_hits(idx, keys, [(d.body_start, d.end)], locate)
    return cached


@dataclass(slots=True, eq=False)
class _Spans:
    """Spans to test hits against for overlap: sorted, with running maximum ends, then a bisect per
    hit (comparing every pair is quadratic: a long one-line statute would take minutes)."""

    spans: InitVar[list[tuple[int, int]]]
    starts: list[int] = field(init=False)
    max_end: list[int] = field(init=False)  # max_end[j]: the furthest end among spans[:j + 1]

    def __post_init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end = []
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, hits: list[Hit], reach: int = 0) -> bool:
        """Does any hit overlap any span widened by ``reach`` characters on both sides?"""
        if not self.starts:
            return False
        for h in hits:
            j = bisect_left(self.starts, h.end + reach)  # spans[:j] start before the hit ends
            if j and self.max_end[j - 1] + reach > h.start:
                return True
        return False


@dataclass(slots=True, eq=False)
class _TermUse:
    term: str
    lowered: str
    multiword: bool
    hits: list[Hit]  # its occurrences in the unit
    outside: list[int]  # its definitions that lie outside the unit


def _term_uses(unit: Unit, idx: HitIndex) -> list[_TermUse]:
    """The defined terms used in a unit, computed once per unit: the term hits in its ranges, found
    by bisecting one list of every term hit."""
    cache_key = (unit.start, unit.end)
    cached = idx.unit_cache.get(cache_key)
    if cached is None:
        hits, starts = idx.term_hits()
        uses: dict[MatchKey, list[Hit]] = {}
        for lo, hi in unit.ranges:
            for h in hits[bisect_left(starts, lo):bisect_left(starts, hi)]:
                if h.end <= hi:
                    uses.setdefault(h.key, []).append(h)
        order, defs = idx.term_order(), idx.doc.definitions
        cached = []
        for key in sorted(uses, key=order.__getitem__):
            def_ids = idx.term_keys[key]
            term = defs[def_ids[0]].term
            outside = [i for i in def_ids if defs[i].end <= unit.start or defs[i].start >= unit.end]
            cached.append(_TermUse(term, term.lower(), len(term.split()) >= 2, uses[key], outside))
        idx.unit_cache[cache_key] = cached
    return cached


def score_unit(rule: Rule, um: UnitMatch, optional: set[str]) -> None:
    total = got = 0.0
    complete = True
    for el in rule.elements:
        needed, required = needed_groups(el, optional)
        if not required:
            continue
        cov = um.elements[el.name].coverage(needed)
        total += el.weight
        got += el.weight * cov
        if cov < 1.0:
            complete = False
    um.score = got / total if total else 1.0
    um.complete = complete


def _richness(m: UnitMatch) -> int:
    """How many of the provision's forms a unit covers (optional elements and every wording group)."""
    return sum(len(em.groups) for em in m.elements.values() if em.element.required)


def _title_similarity(rule: Rule, heading: str) -> float:
    """How like the provision's title (in any of its languages: "Ordonnance de communication") a section's
    title reads."""
    if not heading:
        return 0.0
    score = max(fuzz.token_set_ratio(title, heading, processor=default_process)
                for title in (rule.title, *(t.title for t in rule.lang.values())))
    return score if score >= 60 else 0.0


def _candidates(rule: Rule, units: list[Unit], idx: HitIndex, compiled: CompiledPack) -> list[Unit]:
    """The units that can pass ``match_unit``'s first test: a hit of a locate element inside, or
    conduct adopted by reference. One bisect per unit instead of a call per unit and element: most
    units of a statute have nothing to do with most provisions."""
    groups = compiled.locate[rule.id]
    starts = idx.starts([key for grp in groups for key, _ in grp.keys])
    located = [idx.merged(grp.keys) for grp in groups]
    out = []
    for u in units:
        by_reference = bool(u.marked and u.refs)
        if not (occurs(starts, u.start, u.end) or by_reference):
            continue
        if u.term is None and not by_reference:
            # The rest of the first test: every locate element in the unit or its lead-in, one in the unit.
            present = lead = 0
            for merged in located:
                if locates(merged, u.start, u.end):
                    present += 1
                elif any(locates(merged, lo, hi) for lo, hi in u.extra):
                    lead += 1
            if present == 0 or present + lead < len(located):
                continue
        out.append(u)
    return out


def match_rule(rule: Rule, units: list[Unit], idx: HitIndex, compiled: CompiledPack,
               optional: set[str]) -> RuleMatch:
    matches = [m for u in _candidates(rule, units, idx, compiled)
               if (m := match_unit(rule, u, idx, compiled, optional))]
    if not matches:
        return RuleMatch(rule, None)
    # Best: highest score; then a unit whose own words create the offence; then one that is not a
    # penalty, aggravation or interpretive clause; then the unit whose section title reads most like
    # the provision (rapidfuzz); then one whose words name the pack's topic (a warrant for computer data,
    # not for printed matter); then the one covering most of its forms; then the earliest (the basic offence
    # precedes those built on it).
    top = max(m.score for m in matches)
    # Of nested units that score the same, the innermost is the provision ("4(a)(1)", not "4(a)").
    best_spans = [(m.unit.start, m.unit.end) for m in matches if m.score == top]
    matches = [m for m in matches if m.score < top or not any(
        m.unit.start <= s and e <= m.unit.end and (s, e) != (m.unit.start, m.unit.end) for s, e in best_spans)]
    xref = concept_key(CROSS_REFERENCE_CONCEPT)
    # A penalty, aggravation or interpretive clause says so where it opens ("An offence under subsection
    # (1) is ...", "For the purposes of ..."); a definition further down a provision does not make it one.
    # Only where a unit kind is marked (offences, powers): a jurisdiction clause names the offences it
    # covers where it opens ("Any court shall try any offence under this Act where ...").
    matches.sort(key=lambda m: (-m.score, not m.unit.marked, m.unit.marked and
                                idx.any_in(xref, m.unit.start, min(m.unit.end, m.unit.start + XREF_OPENING)),
                                -_title_similarity(rule, m.unit.heading),
                                not any(idx.any_in(k, lo, hi) for k in compiled.topic for lo, hi in m.unit.ranges),
                                -_richness(m), m.unit.start))
    best = matches[0]
    others = [m for m in matches[1:] if m.complete and m.unit.label != best.unit.label][:5]
    return RuleMatch(rule, best, others)
