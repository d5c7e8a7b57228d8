"""Match, step 2: the units a provision can be implemented in.

An offence must be created in one provision: its conduct and object must meet in one unit, not be
scattered over the Act. A unit is a numbered section or subsection small enough to be one provision
(or a leaf however long, as in statutes flattened to one paragraph a section), read together with
the lead-in words of its parents ("Whoever-", "A person commits an offence if-"). Definition rules
look at definition entries instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from modellaw_check.bisection import bisect_left, bisect_right
from modellaw_check.document import Document, Section
from modellaw_check.match.index import occurs
from modellaw_check.segment import Definition

MAX_UNIT_CHARS = 3000


@dataclass(slots=True, eq=False)
class Unit:
    label: str  # section cited for it
    start: int
    end: int
    top: tuple[int, int]  # the enclosing top-level section (its context)
    extra: list[tuple[int, int]] = field(default_factory=list)  # parents' lead-in text
    term: tuple[int, int] | None = None  # the defined term, for definition units
    definition: Definition | None = None
    marked: bool = False  # its own words (or lead-in) create the offence / confer the power
    heading: str = ""  # the enclosing section's title, where the statute prints one
    refs: list[tuple[str, int, int]] = field(default_factory=list)  # sections whose conduct it adopts
    # False for a provision whose subdivisions are alternatives ("(a) ...; or (b) ...") or provisions
    # of their own ("(1) ... (2) ..."): what one of them says is not said by the others.
    joined: bool = True
    lead_end: int = -1  # where its first subdivision starts (-1: its end)
    closing: list[tuple[int, int]] = field(default_factory=list)  # its words after them

    def __post_init__(self) -> None:
        if self.lead_end < 0:
            self.lead_end = self.end

    def __repr__(self) -> str:
        return f"Unit({self.label!r}, {self.start}, {self.end}, marked={self.marked})"

    @property
    def ranges(self) -> list[tuple[int, int]]:
        return [(self.start, self.end), *self.extra]

    def with_marked(self, marked: bool) -> Unit:
        """A copy with ``marked`` set."""
        return Unit(self.label, self.start, self.end, self.top, self.extra, self.term, self.definition, marked,
                    self.heading, self.refs, self.joined, self.lead_end, self.closing)

    def own_words(self) -> Unit | None:
        """The unit without its subdivisions where they are not joined (its lead-in and whatever
        precedes its first subdivision), None where nothing precedes them."""
        if self.joined:
            return self
        if self.lead_end <= self.start:
            return None
        # Its references were found in the whole of it; each subdivision has its own. Its closing words
        # are its own words too ("..., shall be guilty of an offence").
        return Unit(self.label, self.start, self.lead_end, self.top, [*self.closing, *self.extra], self.term,
                    self.definition, self.marked, self.heading, [], True, self.lead_end)


DEFINITIONS_SHARE = 0.6
_JOINING = re.compile(r"[;,:]?\s*(?:and|or|and/or)?[\s\-*]*$")


def joined_items(text: str, starts: list[int]) -> bool:
    """Are the subdivisions starting at ``starts`` parts of one provision ("(a) ...; and (b) ...")?
    Joined when the last connector before an item is "and"; a list of alternatives ("; or") or of
    separate sentences ("(1) ... (2) ...") is not."""
    last = ""
    for pos in starts[1:]:
        m = _JOINING.search(text, max(0, pos - 12), pos)
        tail = m.group(0) if m else ""
        word = "or" if " or" in f" {tail}" or "/or" in tail else "and" if "and" in tail else ""
        if word:
            last = word
    return last == "and"

# "does any act referred to in section 43": the unit adopts the conduct described in another section.
_CITED = (r"(\d+[A-Za-z]{0,2}(?:\.\d+)?(?:\s?\([0-9a-zA-Z.]{1,5}\))*"
          r"|\([0-9a-zA-Z.]{1,5}\)(?:\s?\([0-9a-zA-Z.]{1,5}\))*)")  # "43(1)", or "(2)" within its section
_CONDUCT_REFERENCE = re.compile(
    r"\b(?:referred to|mentioned|specified|described|set out) in\s+"
    r"(?:sub)?(?:section|article|paragraph)s?\s+" + _CITED
    + r"|\bin contravention of\s+(?:sub)?(?:section|article)s?\s+" + _CITED)


class _Definitions:
    """Tells whether a unit is inside one definition, or mostly made of definitions (it then creates
    no offence or power): a bisect over the definitions, not a loop over all of them per unit."""

    def __init__(self, defs: list[Definition]) -> None:
        self.defs = sorted(defs, key=lambda d: d.start)
        self.starts = [d.start for d in self.defs]
        self.max_end: list[int] = []  # max_end[k]: the furthest end among defs[:k + 1]
        for d in self.defs:
            self.max_end.append(max(d.end, self.max_end[-1]) if self.max_end else d.end)

    def cover(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.max_end[i - 1] > start:  # a definition that starts before and reaches in
            return True
        covered = sum(min(d.end, end) - d.start
                      for d in self.defs[bisect_left(self.starts, start):bisect_left(self.starts, end)])
        return covered > DEFINITIONS_SHARE * (end - start)


class _References:
    """The conduct references of the whole statute, found once; a unit takes those inside it. Searching
    each unit again (nested units overlap) cost more than the rest of unit building."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = conduct_references(text)
        self.starts = [f[0] for f in self.found]

    def within(self, start: int, end: int) -> list[str]:
        """What ``finditer(text, start, end)`` finds; it is searched so where a match crosses a bound."""
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        if (i and self.found[i - 1][1] > start) or (j > i and self.found[j - 1][1] > end):
            return [m.group(1) or m.group(2) for m in _CONDUCT_REFERENCE.finditer(self.text, start, end)]
        return [f[2] for f in self.found[i:j]]


# Every match of _CONDUCT_REFERENCE begins with one of these: matching only where they occur gives
# what finditer gives (its leading \b defeats re's prefix search: it tried every position).
_REFERENCE_OPENINGS = ("referred to in", "mentioned in", "specified in", "described in", "set out in",
                       "in contravention of")


def conduct_references(text: str) -> list[tuple[int, int, str]]:
    """(start, end, section cited) of each conduct reference, as ``_CONDUCT_REFERENCE.finditer``."""
    candidates: set[int] = set()
    for opening in _REFERENCE_OPENINGS:
        i = text.find(opening)
        while i >= 0:
            candidates.add(i)
            i = text.find(opening, i + 1)
    out: list[tuple[int, int, str]] = []
    end = 0
    for i in sorted(candidates):
        if i < end:
            continue
        m = _CONDUCT_REFERENCE.match(text, i)
        if m:
            out.append((m.start(), m.end(), m.group(1) or m.group(2)))
            end = m.end()
    return out


def _references(refs: _References, ranges: list[tuple[int, int]], top_id: str,
                by_id: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The provisions a unit (its own words and its parents' lead-in) adopts by reference: another
    section, or another subdivision of its own section ("the means described in subsection (2)");
    never the unit itself or one containing it."""
    out: list[tuple[str, int, int]] = []
    start, end = ranges[0]
    for found in (f for lo, hi in ranges for f in refs.within(lo, hi)):
        ref = found.replace(" ", "")
        if ref.startswith("("):
            ref = top_id + ref
        span = by_id.get(ref)
        while span is None and "(" in ref:  # "5(i)(aa)" where the statute's numbering knows only "5(i)"
            ref = ref[:ref.rindex("(")]
            span = by_id.get(ref)
        if span and not (span[0] <= start and end <= span[1]) and (ref, *span) not in out:
            out.append((ref, *span))
    return out[:3]


_TITLE_LINE = re.compile(r"\s*([A-Z][^.;:\n]{2,100})[ \t]*\n")


def _title(text: str, sec: Section) -> str:
    """A section's title: the words after its number where they are one ("3. Unauthorised access"), or
    a short line of its own right after the number ("Article 18" / "Production order")."""
    if sec.heading_span:
        return sec.heading
    if sec.heading:
        return ""  # words after the number that are not a title: the section's own text
    m = _TITLE_LINE.match(text, sec.body_start, sec.end)
    return m.group(1).strip() if m else ""


def section_units(doc: Document) -> list[Unit]:
    secs = doc.sections
    by_id: dict[str, tuple[int, int]] = {}
    for s in secs:
        if s.level >= 1:
            by_id.setdefault(s.id, (s.start, s.end))
    if not any(s.level >= 1 for s in secs):
        return [Unit(label="", start=0, end=len(doc.text), top=(0, len(doc.text)))]
    units: list[Unit] = []
    refs = _References(doc.text)
    # "to which this section applies", found once: nested units overlap, and searching each unit's text
    # again made the search quadratic in the depth of the numbering.
    applies = [m.start() for m in _APPLIES_TO.finditer(doc.text)]
    titles: dict[int, str] = {}  # a section's title, read once for all its units
    closings: dict[int, list[tuple[int, int]]] = {}  # a section's words after its subdivisions, found once
    definitions = _Definitions(doc.definitions)
    for i, s in enumerate(secs):
        if s.level < 1:
            continue
        if s.children and s.end - s.start > MAX_UNIT_CHARS:
            continue
        if definitions.cover(s.start, s.end):
            continue
        top_index = doc.top_section_index(i)
        top = secs[top_index]
        title = titles.get(top_index)
        if title is None:
            title = titles[top_index] = _title(doc.text, top)
        extra: list[tuple[int, int]] = []
        p = s.parent
        while p is not None and secs[p].level >= 1:
            ps = secs[p]
            lead_end = secs[ps.children[0]].start if ps.children else ps.end
            if lead_end > ps.start:
                extra.append((ps.start, lead_end))
            if p not in closings:  # once per section: each of its (maybe hundreds of) items asks
                closings[p] = _closing(doc.text, secs, ps)
            extra.extend(closings[p])
            p = ps.parent
        joined = not s.children or joined_items(doc.text, [secs[c].start for c in s.children])
        lead_end = secs[s.children[0]].start if s.children else s.end
        adopted = _references(refs, [(s.start, s.end), *extra], top.id, by_id)
        adopted += [r for r in _applied(doc, i, [(s.start, s.end), *extra], applies) if r not in adopted]
        units.append(Unit(label=s.id, start=s.start, end=s.end, top=(top.start, top.end), extra=extra,
                          heading=title, refs=adopted, joined=joined, lead_end=lead_end,
                          closing=closings.get(i) or _closing(doc.text, secs, s)))
    return units


def _closing(text: str, secs: list[Section], sec: Section) -> list[tuple[int, int]]:
    """A provision's own words between and after its subdivisions: the closing words of its list
    ("(b) ...;\nshall be guilty of an offence"), which segmenting leaves outside the last item."""
    out = []
    for k, c in enumerate(sec.children):
        hi = secs[sec.children[k + 1]].start if k + 1 < len(sec.children) else sec.end
        lo = secs[c].end
        if hi - lo > 3 and len(text[lo:hi].strip(" \t\n;,.")) > 3:
            out.append((lo, hi))
    return out


_APPLIES_TO = re.compile(r"\bto which this (section|subsection|article) appl(?:y|ies)\b", re.I)
_APPLICATION = re.compile(r"\bThis (section|subsection|article) applies to\b", re.I)


def _applied(doc: Document, index: int, ranges: list[tuple[int, int]],
             applies: list[int]) -> list[tuple[str, int, int]]:
    """"any item to which this section applies": the subdivision of the same section that says what
    it applies to ("(2) This section applies to the following items: (a) any device ...")."""
    text = doc.text
    if not applies or not any(occurs(applies, lo, hi) for lo, hi in ranges):
        return []
    top = doc.sections[doc.top_section_index(index)]
    m = _APPLICATION.search(text, top.start, top.end)
    if not m:
        return []
    sec = doc.section_at(m.start())
    if sec is None or sec.start <= ranges[0][0] < sec.end:
        return []
    return [(sec.id, sec.start, sec.end)]


def definition_units(doc: Document) -> list[Unit]:
    units = []
    for d in doc.definitions:
        sec = doc.section_at(d.start)
        top = (sec.start, sec.end) if sec else (0, len(doc.text))
        # The term element must cover the whole defined term: "computer data" is not "computer".
        ts = doc.text.find(d.term, d.start, d.body_start)
        term = (ts, ts + len(d.term)) if ts >= 0 else (d.start, d.body_start)
        units.append(Unit(label=d.section or "", start=d.start, end=d.end, top=top, term=term, definition=d))
    return units


def marked_units(units: list[Unit], marks: list[int], conflicts: list[int], near: bool) -> list[Unit]:
    """The units of a kind of rule (offence, power ...) given the starts of its marker hits: those whose
    own words or lead-in carry a marker (marked), and, unless ``near``, the other units of a section
    that carries one. A unit with a conflicting marker and none of its own is left out (a warrant
    clause inside a section that also creates an offence)."""
    out: list[Unit] = []
    for u in units:
        own = occurs(marks, u.start, u.end)
        for lo, hi in u.extra:
            own = own or occurs(marks, lo, hi)
        if not own:
            conflict = occurs(conflicts, u.start, u.end)
            for lo, hi in u.extra:
                conflict = conflict or occurs(conflicts, lo, hi)
            if conflict:
                continue
        if own or (not near and occurs(marks, u.top[0], u.top[1])):
            out.append(u.with_marked(own))
    return out
