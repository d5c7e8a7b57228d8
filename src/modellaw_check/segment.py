"""Segment: split a statute's text into its numbered units and find its defined terms.

Handles the numbering styles real statutes use: "PART II", "Section 3", "3.", "3.-(1)", "Article 5",
"Art. 5", "§ 1030", "342.1 Heading" (Markdown headings), and nested "(1)", "(a)", "(i)", "(A)"
markers, whether they start a line or stand inline in a section flattened into one paragraph.
Nesting is decided by marker type (number, letter, roman, capital) in order of first appearance, so
both Commonwealth ("3(1)(a)(i)") and US ("1030(a)(5)(A)") numbering come out right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from modellaw_check.bisection import bisect_right
from modellaw_check.document import Document, Section

_PREFIX = re.compile(r"[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+|\*{1,3}|_{1,2})*[ \t]*")
_PART = re.compile(
    r"(?:PART|Part|CHAPTER|Chapter|TITLE|Title|DIVISION|Division)[ \t]+"
    r"([IVXLC]+|\d{1,3}[A-Z]?|[A-Z])(?=[ \t.:-]|$)"
)
# A section number: "3", "12A", "342.1", "708-895.5" (US-state title-section), "421-2-1" (French code),
# "143bis", "179novies".
_NUMBER = (r"\d{1,5}[A-Za-z]{0,2}(?:\.\d{1,6})*(?:-\d{1,5}[A-Za-z]{0,2}(?:\.\d{1,4})*){0,3}"
           r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies|undecies|duodecies)?")
# "[§708-894]" (bracketed: enacted without a section number) and "§§708-891 to 708-893" (a range,
# e.g. a repeal note) count too; a range's id is the range as printed, so it never takes the id of
# the first section in it.
_KEYWORD_SECTION = re.compile(
    r"\[?(?:Section|SECTION|Sec\.|SEC\.|Article|ARTICLE|Artikel|ARTIKEL|Art\.|§{1,2})[ \t]*"
    r"(" + _NUMBER + r"(?:[ \t]+to[ \t]+" + _NUMBER + r")?)\]?"
    r"(?=[ \t.:,-]|$)\.?"
)
_BARE_SECTION = re.compile(
    r"(\d{1,4}[A-Z]{0,2}(?:\.\d{1,6})*(?:-\d{1,4}(?:\.\d{1,4})*)?)(?:\.(?=[ \t]|-|$)|(?=[ \t]+[A-Z]))")
# "(1)", "(a)", "(iv)", "(A)", "(aa)", and inserted units "(b-1)", "(15-a)" (Texas), "(d-2)", "(4.101)".
_PAREN = re.compile(
    r"\([ \t]?([0-9]{1,3}(?:\.\d{1,3})?[A-Z]{0,2}(?:-[0-9a-z]{1,2})?|[a-z]{1,4}(?:-\d{1,2})?|[A-Z]{1,3}(?:-\d{1,2})?)"
    r"[ \t]?\)(?=[ \t(\-\n]|$)")
# Line-start item markers without a left parenthesis: "a)" (treaties), "a." (civil-law translations).
_LETTER_PAREN = re.compile(r"([a-z])[).](?=[ \t])")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
# The two term patterns begin at a literal character ('"', "("), so that re's prefix search skips
# straight to candidates; what may stand before it (a "the term" lead-in; a line start for a list
# item) is checked backwards from there. Beginning with those optional parts made re try every
# position of the statute. tests/test_segment.py holds the one-regex forms
# as the reference they must agree with.
_DEFINITION = re.compile(
    r"[\"«][ \t]?([^\"«»\n]{1,80}?)[ \t]?[\"»][ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?,?[ \t]*"  # "X", « X »
    r"(?:(?:,[^,\n]{0,60},|in relation to [^,\n]{0,60},)[ \t]*)?"
    r"(?:means|includes|include|refers? to|shall mean|shall include|has the (?:same )?meaning|"
    r"is defined|"  # French: "X" désigne ..., « X » comprend ...
    r"désignent|désigne|signifient|signifie|s['’]entend(?:ent)?|comprend|comprennent)\b"
)
# Unquoted entries of a definitions list: "(a) Access refers to ...", "(1) the term computer means ...".
_LIST_DEFINITION = re.compile(
    r"\([a-z0-9]{1,4}\)[ \t]+(?:the[ \t]+term[ \t]+)?"
    r"([A-Z][A-Za-z\-]*(?:[ \t]+[a-z][A-Za-z\-]*){0,5})[ \t]+(?:refers? to|means|shall mean|is defined as)\b"
)
_DEFINITION_END = re.compile(r"[;.](?=\s)(?!\s*[-*]?\s*\(?\s?[a-z]{1,4}\s?\)|\s*(?:or|and)\b)")
_MD_DEFINITION = re.compile(r"\*{2,3}([^*\n]{1,80})\*{2,3}[ \t]*(?:means|includes|has the meaning|"
                            r"désigne|s['’]entend|(?=[A-ZÀ-Ý][a-zà-ÿ]))")  # French: "**ordinateur** Dispositif ..."
# French drafting that defines by its verb: "On entend par système informatique : ...", "Constitue un
# système informatique, tout dispositif ..." (the term ends at the first comma or colon). Without that
# stop, "Constitue un faux toute altération frauduleuse de la vérité ..." states an offence (its penalty
# follows: "Le faux ... sont punis"), not what a word means: the term never runs into "tout(e)".
_FR_DEFINITION = re.compile(
    r"(?:\b[Oo]n entend par|(?<![\w’'])Constitue (?:un|une|des)) "
    r"((?:(?!\b(?:tout|toute|tous|toutes)\b)[^,:;\n«\"]){2,80}?)[ \t]*[,:]")
# ... or with the term quoted and no stop after it: 'on entend par « données informatiques » toute ...'.
_FR_QUOTED_DEFINITION = re.compile(r"\b[Oo]n entend par [«\"][ \t]?([^»\"\n]{1,80}?)[ \t]?[»\"]")
_RULE_CHARS = ("-", "_", "=")
_RULE = re.compile(r"[ \t]*([-*_=])[ \t]*(?:\1[ \t]*){2,}$")
_SECTION_MAX_HEADING = 120
_RUN_IN_TITLE = re.compile(r"[ \t]*([A-Z][^.;:()\n]{2,100}?)\.?[ \t]+(?=\(1\)[ \t])")
TOC_MIN_RUN = 2
_REFERENCE_WORD = re.compile(
    r"\b(?:sub)?(?:sections?|paragraphs?|articles?|clauses?|regulations?|rules?|s\.|ss\.)$", re.I)
# "section 5", "subsection", "paragraph 4A" right before a "(1)": a cross-reference ("section 5 (1)").
_REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:sub)?sections?|paragraphs?|articles?|clauses?|regulations?|rules?|s\.|ss\.)"
    r"(?:[ \t]+[0-9][0-9A-Za-z.:-]*)?$", re.I)
# A section title ("Unauthorised access to computer material"): no sentence end, no operative verb.
# A French title may hold a spaced colon ("Ordonnance de communication : dates précisées").
_HEADING_ONLY = re.compile(r"^(?!.*\b(?:shall|commits?|means|guilty|may|is liable)\b)(?:[^.;:]| : )*[^.;:,\s]$", re.I)


@dataclass
class Definition:
    """A defined term and the span of its definition."""

    term: str
    start: int  # where the entry begins (the quoted term)
    end: int
    body_start: int  # after "means"/"includes"
    section: str | None = None


@dataclass
class _Event:
    start: int
    body_start: int
    kind: str  # "part" | "section" | "marker"
    num: str
    heading: str = ""
    keyword: bool = False
    heading_span: tuple[int, int] | None = None


def _marker_type(num: str) -> str:
    if "-" in num:
        num = num.split("-", 1)[0]  # an inserted unit ("b-1", "15-a") is of its base's type
    if num[0].isdigit():
        return "num"
    doubled = len(num) > 1 and len(set(num)) == 1  # "aa", "bb": a level of its own (Philippines)
    if num.isupper():
        if doubled:
            return "upper2?" if _ROMAN.match(num.lower()) else "upper2"
        if len(num) == 1:
            return "upper?" if num in "IVX" else "upper"  # "(I)": a capital letter unless "(II)" follows
        return "roman-upper" if _ROMAN.match(num.lower()) else "upper"
    if doubled:
        return "letter2?" if _ROMAN.match(num) else "letter2"  # "ii", "xx", "cc": decided by context
    if _ROMAN.match(num) and num not in ("i", "v", "x", "l", "c"):
        return "roman"
    if len(num) == 1:
        return "letter?"  # i, v, x ... decided by context
    return "roman" if _ROMAN.match(num) else "letter"


def _inline_boundary(text: str, pos: int) -> bool:
    """Is an inline "(x)" at pos the start of a new unit rather than a cross-reference?"""
    before = text[max(0, pos - 16):pos].rstrip(" \t")
    if not before:
        return True
    if before.endswith("\n"):
        # A line start is a new unit, unless the previous line was cut inside a cross-reference
        # ("... under subsection\n(1) ...").
        prev = before.rstrip()
        return not _REFERENCE_WORD.search(prev)
    if before.endswith(("; or", "; and", ";or", ";and", ", or", ", and")):
        return before.endswith(("; or", "; and", ";or", ";and"))
    return before[-1] in ".;:-\n]"  # "]": after an amendment note, "... [22/2017] (2) It is ..."


@dataclass
class _Note:
    """A title on a line of its own (a marginal note, "**Prosecution**") and where the next line's text starts."""

    start: int
    end: int
    heading: str
    next_start: int


def _note_text(line: str) -> str | None:
    """The title, if a line (a paragraph of its own) is one: short, no sentence, no operative verb."""
    core = line.strip().strip("*_#").strip()
    if not core or len(core) > 100 or not core[0].isupper() or core[-1] in "-\u2013\u2014":
        return None
    return core if _HEADING_ONLY.match(core) else None


def _line_events(text: str, notes: list[_Note] | None = None) -> list[_Event]:
    events: list[_Event] = []
    pos = 0
    blank = True  # the previous line was blank (or this is the first)
    after_rule = False  # the last non-blank line was a horizontal rule (a page break)
    pending: tuple[int, int, str] | None = None
    for line in text.split("\n"):
        line_end = pos + len(line)
        prefix = _PREFIX.match(line)
        p = prefix.end() if prefix else 0
        rest = line[p:]
        if not rest or rest.isspace():  # a blank line: nothing to number
            blank = True
            pos = line_end + 1
            continue
        page_top = after_rule  # the first line after a page break ("-----"): a running page header?
        after_rule = rest[:1] in _RULE_CHARS and _RULE.match(line) is not None
        if pending is not None and notes is not None:
            notes.append(_Note(pending[0], pending[1], pending[2], pos + p))
            pending = None
        after_blank, blank = blank, False
        n_events = len(events)
        heading_marked = line.lstrip().startswith(("#", "**"))
        m = _PART.match(rest)
        if m and (len(rest) < 100 or rest[: m.end()].isupper()):
            heading = rest[m.end():].strip(" .:-*_#")
            events.append(_Event(pos + p, pos + p + m.end(), "part", m.group(1), heading))
        else:
            m = _KEYWORD_SECTION.match(rest)
            keyword = bool(m)
            if not m:
                m = _BARE_SECTION.match(rest)
                if m and not m.group(0).endswith(".") and (page_top or not (heading_marked or "." in m.group(1))):
                    m = None  # "# 10 Bill" at a page's top is its number and running header
            if m:
                after = rest[m.end():]
                heading = after.strip(" .:-*_#") if len(after) <= _SECTION_MAX_HEADING else ""
                if heading.endswith((";", ",")) or heading.startswith("("):
                    heading = ""
                ev = _Event(pos + p, pos + p + m.end(), "section", m.group(1), heading, keyword)
                if heading and _HEADING_ONLY.match(heading):
                    ev.heading_span = (pos + p + m.end(), line_end)  # a title line, not operative text
                elif not heading:
                    # "§708-895.7 Unauthorized computer access in the third degree. (1) A person ...": a
                    # title run into the section's first subsection.
                    t = _RUN_IN_TITLE.match(after)
                    if t and _HEADING_ONLY.match(t.group(1)):
                        ev.heading = t.group(1)
                        ev.heading_span = (pos + p + m.end() + t.start(1), pos + p + m.end() + t.end(1))
                events.append(ev)
            else:
                m = _LETTER_PAREN.match(rest)
                if m:
                    events.append(_Event(pos + p, pos + p + m.end(), "marker", m.group(1)))
        if notes is not None and len(events) == n_events and after_blank and not page_top and len(line) <= 110:
            core = _note_text(line)  # a title on a line of its own: it heads the next numbered unit
            if core:
                pending = (pos, line_end, core)
        pos = line_end + 1
    return events


def _opens_flattened_section(text: str, m: re.Match[str]) -> bool:
    """ "16. Disclosures when not collecting data directly from data subject (1) Where the data ...": a
    section flattened into one paragraph, its heading running into its "(1)" with no stop between."""
    if m.group(1) != "1" or not text.startswith(" ", m.end()) or not text[m.end() + 1:m.end() + 2].isupper():
        return False
    before = text[max(0, m.start() - 24):m.start()].rstrip(" \t")
    return bool(before) and before[-1].isalnum() and not _REFERENCE_BEFORE.search(before)


# A US Code subdivision's title run into its text: "(c) Records Concerning Electronic Communication Service.—(1) A
# governmental entity ...", "(a) Offense.—Except as provided ...".
_RUN_IN_HEADING = re.compile(r"[ \t]*([A-Z][A-Za-z'’,()\- ]{1,100}?)\.[-\u2013\u2014]")


def _paren_events(text: str) -> list[_Event]:
    events = []
    last_end = -1
    for m in _PAREN.finditer(text):
        # A marker right after a unit's own marker opens the first unit inside it: "(2)(a)", "(e)(i)".
        if m.start() == last_end or _inline_boundary(text, m.start()) or _opens_flattened_section(text, m):
            ev = _Event(m.start(), m.end(), "marker", m.group(1))
            t = _RUN_IN_HEADING.match(text, m.end())
            if t and _HEADING_ONLY.match(t.group(1)):
                ev.heading, ev.heading_span = t.group(1), (t.start(1), t.end(1))
            events.append(ev)
            last_end = m.end()
    return events


def _clean_sections(events: list[_Event], text: str) -> list[_Event]:
    """Drop tables of contents, repeated numbers and list items mistaken for sections."""
    keyword_mode = sum(1 for e in events if e.kind == "section" and e.keyword) >= 3
    sections = [e for e in events if e.kind == "section"]
    keep: set[int] = set()
    for i, ev in enumerate(sections):
        nxt = sections[i + 1] if i + 1 < len(sections) else None
        if keyword_mode and not ev.keyword:
            # "4. Title" right before "Section 4." is the same section printed twice: the title line
            # heads the section that follows, so that section starts there.
            one_line = "\n" not in text[ev.start:nxt.start].strip() if nxt else False
            if nxt and nxt.num == ev.num and (nxt.start - ev.start < 400 or one_line):
                nxt.start = ev.start
                if nxt.heading_span is None and ev.heading_span is not None:
                    nxt.heading, nxt.heading_span = ev.heading, ev.heading_span
                continue
            ev.kind = "marker"  # a numbered paragraph inside an Article/Section
            continue
        keep.add(id(ev))
    # A table of contents: a run of short sections whose numbers repeat later with real text.
    sections = [e for e in sections if id(e) in keep]
    # A contents entry is printed as its section is ("Section 1" ... "Section 1"): "Section 1. Offences."
    # followed by a numbered list "1. ... 2. ... 1." is no table of contents.
    seen_later: dict[tuple[str, bool], int] = {}
    toc = [False] * len(sections)
    for i in range(len(sections) - 1, -1, -1):
        ev = sections[i]
        span = (sections[i + 1].start if i + 1 < len(sections) else len(text)) - ev.start
        toc[i] = (ev.num, ev.keyword) in seen_later and span < 250
        seen_later.setdefault((ev.num, ev.keyword), i)
    # Only a run of such entries is a table of contents; one short section is just short.
    i = 0
    while i < len(toc):
        j = i
        while j < len(toc) and toc[j]:
            j += 1
        if j - i >= TOC_MIN_RUN:
            for k in range(i, j):
                keep.discard(id(sections[k]))
        i = max(j, i + 1)
    out = [e for e in events if e.kind != "section" or id(e) in keep]
    # "CHAPTER II / PUNISHABLE ACTS" right before "CHAPTER II - PUNISHABLE ACTS": one part printed twice.
    merged: list[_Event] = []
    for ev in out:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.kind == "part" and ev.kind == "part" and prev.num == ev.num
                and ev.start - prev.body_start < 200):
            ev.start = prev.start
            merged[-1] = ev
        else:
            merged.append(ev)
    return merged


def segment(doc: Document) -> Document:
    """Fill ``doc.sections`` (document order) and ``doc.definitions``."""
    text = doc.text
    notes: list[_Note] = []
    events = _line_events(text, notes)
    events = _clean_sections(events, text)
    markers_at = {e.start for e in events}
    starts = [e.start for e in events]
    events += [e for e in _paren_events(text) if e.start not in markers_at and not _inside(e, events, starts)]
    events.sort(key=lambda e: e.start)
    inline = _inline_paragraphs(events, text)
    if inline:
        events = sorted(events + inline, key=lambda e: e.start)
    inserted = _inserted_sections(events, text)
    if inserted:
        events = sorted(events + inserted, key=lambda e: e.start)
    alineas = _alineas(events, text)
    if alineas:
        events = sorted(events + alineas, key=lambda e: e.start)
    _attach_notes(events, notes, text)
    doc.sections = _build_tree(events, len(text))
    _detach_closing_words(doc.sections, text)
    doc.definitions = find_definitions(doc)
    return doc


# Civil-law paragraph numbers without parentheses, run together in one line (Swiss translations:
# "1 Any person who ... 2 If the person ... if: a. they have been acquitted ...; b. the penalty ...").
_INLINE_FIRST = re.compile(r"1\.?[ \t]+(?=[A-Z])")
_INLINE_PARAGRAPH = re.compile(r"(?<=[.;:\u2026)][ \t])(\d{1,2})\.?[ \t]+(?=[A-Z\u2026])")
_INLINE_ITEM = re.compile(
    r"(?:(?<=[:;][ \t])|(?<=[:;][ \t]and[ \t])|(?<=[:;][ \t]or[ \t]))([a-z])\.[ \t]+(?=[a-z])")


def _inline_paragraphs(events: list[_Event], text: str) -> list[_Event]:
    """Paragraphs and items of a section printed as one line that starts with "1 " on the line after its
    number: "2", "3" ... each after a sentence end, and "a.", "b." ... after ":" or ";" inside them,
    only in sequence (so a "5 Parties" in a sentence, or a stray "c.", is text)."""
    out: list[_Event] = []
    for i, ev in enumerate(events):
        if ev.kind != "section":
            continue
        line_end = text.find("\n", ev.body_start)
        if line_end < 0:
            continue
        first = line_end + 1
        m = _INLINE_FIRST.match(text, first)
        if m is None:
            continue
        j = i + 1
        while j < len(events) and events[j].kind == "marker" and events[j].start <= first:
            j += 1  # a "1." at the line start is already a marker
        if j < len(events) and events[j].kind == "marker":
            continue  # markers of its own inside the paragraph: not a run-together one
        end = events[j].start if j < len(events) else len(text)
        para_end = text.find("\n", first, end)
        if para_end < 0:
            para_end = end
        if text[para_end:end].strip():
            continue  # more lines of text follow: the paragraphs stand on lines of their own
        if j == i + 1:
            out.append(_Event(first, m.end(), "marker", "1"))
        expected = 2
        starts = [first]
        for p in _INLINE_PARAGRAPH.finditer(text, m.end(), para_end):
            if int(p.group(1)) == expected:
                out.append(_Event(p.start(), p.end(), "marker", p.group(1)))
                starts.append(p.start())
                expected += 1
        starts.append(para_end)
        for lo, hi in zip(starts, starts[1:], strict=False):
            letter = "a"
            for it in _INLINE_ITEM.finditer(text, lo, hi):
                if it.group(1) == letter or (it.group(1) == "a" and text[it.start() - 2] == ":"):
                    out.append(_Event(it.start(), it.end(), "marker", it.group(1)))
                    letter = chr(ord(it.group(1)) + 1)
    return out


# An amending Act quotes the sections it inserts into another Act, often run into one paragraph:
# 'is amended by the repeal of sections 163 to 166 and the substitution of the following- "PART I - ...
# 163. Hacking (1) A person who ... 163A. Unlawful acquisition of data (1) Any person who ...".'. The
# quotation opens after "the following" ("les dispositions suivantes :", "ainsi rédigé :").
_QUOTATION_OPENS = re.compile(
    r"(?:\bthe following(?:[ \t]+[A-Za-z]+){0,3}|\bsuivant(?:e|s|es)?|\bainsi r[ée]dig[ée]e?s?)"
    r"[ \t]*(?:[-:\u2013\u2014]|is substituted)[ \t]*[\"\u201c\u00ab]")
# A section of the quoted text: its number, its title, its "(1)" ("163A. Unlawful acquisition of data (1)"),
# at the quotation's start (after a quoted Part heading) or after a sentence end.
_QUOTED_SECTION = re.compile(
    r"(?:(?<=[\"\u201c\u00ab])|(?<=[.;:][ \t])|(?<=[.;:][\"\u201d\u00bb][ \t]))"
    r"(?:PART[ \t]+[IVXLC]+[A-Z]?[ \t]*[-\u2013\u2014][^.;\"\u201c\u201d(]{0,200}?[ \t])?"
    r"(\d{1,4}[A-Z]{0,3})\.?[ \t]+([A-Z][^.;:()\n\"\u201c\u201d]{2,100}?)[ \t]+(?=\(1\)[ \t])")
# The quotation closes with its last sentence: '... such imprisonment.".'
_QUOTATION_CLOSES = re.compile(r"[.;][\"\u201d\u00bb][.;]?")


def _inserted_sections(events: list[_Event], text: str) -> list[_Event]:
    """Sections an amending section inserts into another Act, printed inline: each a section of its own
    number (the provision an assessor cites, "163A(1)(a)", not "35(2)"), and after the quotation closes
    the amending section's own numbering resumes (a second unit of its number)."""
    out: list[_Event] = []
    tops = [e for e in events if e.kind == "section"]
    for i, sec in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else len(text)
        pos = sec.body_start
        while (opened := _QUOTATION_OPENS.search(text, pos, end)) is not None:
            close = _QUOTATION_CLOSES.search(text, opened.end(), end)
            found = list(_QUOTED_SECTION.finditer(text, opened.end() - 1, close.start() + 1 if close else end))
            if not found or found[0].start() > opened.end() + 200:
                pos = opened.end()  # the quotation holds other words (definitions): no section opens it
                continue
            for m in found:
                heading = m.group(2).rstrip()
                out.append(_Event(m.start(1), m.end(), "section", m.group(1), heading,
                                  heading_span=(m.start(2), m.start(2) + len(heading))))
            if close is None:
                break
            pos = close.end()
            if text[pos:end].strip():
                out.append(_Event(pos, pos, "section", sec.num))
    return out


_ARTICLE = re.compile(r"\[?(?:Article|ARTICLE|Art\.)[ \t]")


def _alineas(events: list[_Event], text: str) -> list[_Event]:
    """The paragraphs (alinéas) of a civil-law article, each a line of its own with no number: "Article
    323-1 / Le fait d'accéder ... est puni de ... / Lorsqu'il en est résulté ..., la peine est de ...". Each is
    a provision of its own (the second is an aggravation, not the offence), cited "323-1 al. 2"."""
    out: list[_Event] = []
    for i, ev in enumerate(events):
        if ev.kind != "section" or not _ARTICLE.match(text, ev.start):
            continue
        end = events[i + 1].start if i + 1 < len(events) else len(text)
        if i + 1 < len(events) and events[i + 1].kind == "marker":
            continue  # numbered paragraphs of its own
        nl = text.find("\n", ev.body_start, end)
        if nl < 0:
            continue
        paras: list[int] = []
        pos = nl + 1
        for line in text[nl + 1:end].split("\n"):
            core = line.strip()
            if core and not _RULE.match(line) and not (not paras and _note_text(line)):
                paras.append(pos + len(line) - len(line.lstrip()))
            pos += len(line) + 1
        if len(paras) < 2:
            continue
        out.extend(_Event(p, p, "alinea", str(k)) for k, p in enumerate(paras, 1))
    return out


def _attach_notes(events: list[_Event], notes: list[_Note], text: str) -> None:
    """A title line right before a numbered unit heads that unit ("**Prosecution**" before "(2)"), so the
    unit starts at it; unless nothing but its number stands before it in the unit it is in: then it is
    that unit's own title ("Article 4 / Data interference / 1. Each Party ...")."""
    if not notes:
        return
    at = {e.start: i for i, e in enumerate(events)}
    starts = [e.start for e in events]
    for note in notes:
        i = at.get(note.next_start)
        if i is None or i == 0:
            continue
        j = bisect_right(starts, note.start) - 1  # the unit the title line stands in
        if j < 0 or j == i or events[j].kind == "part":
            continue
        if not text[events[j].body_start:note.start].strip(" \t\n*_#-"):
            continue
        ev = events[i]
        ev.start = note.start
        starts[i] = note.start
        if not ev.heading:
            ev.heading, ev.heading_span = note.heading, (note.start, note.end)


def _inside(ev: _Event, events: list[_Event], starts: list[int]) -> bool:
    # Line events are sorted and never overlap (at most one a line), so only the last one starting
    # at or before ev can contain it: a bisect, not a scan of all of them (quadratic in a statute of
    # short sections with inline markers).
    i = bisect_right(starts, ev.start) - 1
    return i >= 0 and events[i].start <= ev.start < events[i].body_start


def _build_tree(events: list[_Event], text_len: int) -> list[Section]:
    sections: list[Section] = []
    open_stack: list[int] = []  # indices of nodes whose end is not yet known
    part: int | None = None
    top: int | None = None
    markers: list[tuple[str, int]] = []  # (type, node index) nesting inside the current section

    def close_until(parent: int | None, start: int) -> None:
        while open_stack and open_stack[-1] != parent:
            sections[open_stack.pop()].end = start

    for k, ev in enumerate(events):
        if ev.kind == "part":
            close_until(None, ev.start)
            sections.append(Section(id=f"Part {ev.num}", num=ev.num, level=0, start=ev.start, end=text_len,
                                    body_start=ev.body_start, heading=ev.heading))
            part, top, markers = len(sections) - 1, None, []
            open_stack.append(part)
        elif ev.kind == "section":
            close_until(part, ev.start)
            sections.append(Section(id=ev.num, num=ev.num, level=1, start=ev.start, end=text_len,
                                    body_start=ev.body_start, heading=ev.heading, parent=part,
                                    heading_span=ev.heading_span))
            top, markers = len(sections) - 1, []
            if part is not None:
                sections[part].children.append(top)
            open_stack.append(top)
        elif ev.kind == "alinea":
            if top is None:
                continue
            close_until(top, ev.start)
            tsec = sections[top]
            sections.append(Section(id=f"{tsec.id} al. {ev.num}", num=f"al. {ev.num}", level=2, start=ev.start,
                                    end=text_len, body_start=ev.body_start, parent=top))
            idx = len(sections) - 1
            tsec.children.append(idx)
            markers = [("alinea", idx)]
            open_stack.append(idx)
        else:
            if top is None:
                continue
            nxt = None
            if ev.num in _AMBIGUOUS and k + 1 < len(events) and events[k + 1].kind == "marker":
                nxt = events[k + 1].num
            mtype = _resolve_type(ev.num, markers, sections, nxt)
            while markers and markers[-1][0] != mtype and mtype in (t for t, _ in markers):
                markers.pop()
            if markers and markers[-1][0] == mtype:
                markers.pop()
            parent = markers[-1][1] if markers else top
            close_until(parent, ev.start)
            psec = sections[parent]
            sections.append(Section(id=f"{psec.id}({ev.num})", num=f"({ev.num})", level=psec.level + 1,
                                    start=ev.start, end=text_len, body_start=ev.body_start, parent=parent,
                                    heading=ev.heading, heading_span=ev.heading_span))
            idx = len(sections) - 1
            psec.children.append(idx)
            markers.append((mtype, idx))
            open_stack.append(idx)
    close_until(None, text_len)
    return sections


_PLAIN_TYPES = frozenset(("num", "letter", "roman", "upper", "roman-upper"))
_ROMAN_NEXT = {"i": "ii", "v": "vi", "x": "xi", "l": "li", "c": "ci"}
_AMBIGUOUS = frozenset(("i", "v", "x", "l", "c", "I", "V", "X"))  # the markers whose type the next one decides


def _open_num(markers: list[tuple[str, int]], sections: list[Section], mtype: str) -> str | None:
    """The number (base, without "-1" suffixes) of the open marker of a type, if any."""
    for t, idx in reversed(markers):
        if t == mtype:
            return sections[idx].num.strip("()").split("-", 1)[0]
    return None


def _resolve_type(num: str, markers: list[tuple[str, int]], sections: list[Section], nxt: str | None = None) -> str:
    mtype = _marker_type(num)
    if mtype in _PLAIN_TYPES:
        return mtype
    if "-" in num:
        num = num.split("-", 1)[0]
    if mtype in ("letter2", "letter2?", "upper2", "upper2?"):
        single = "letter" if mtype.startswith("letter") else "upper"
        # "(aa)" after "(z)" continues the letters; after anything else it opens a level of its own,
        # unless it is a roman numeral ("ii", "xx") that does not follow its doubled predecessor ("hh").
        open_letter = _open_num(markers, sections, single)
        if open_letter is not None and open_letter[-1:] in ("z", "Z") or (
                open_letter is not None and len(open_letter) > 1 and open_letter[0] == open_letter[-1]):
            return single
        if mtype.endswith("?"):
            prev = _open_num(markers, sections, single + "2")
            if prev and len(prev) == len(num) and ord(num[0]) == ord(prev[0]) + 1:
                return single + "2"
            return "roman" if single == "letter" else "roman-upper"
        return single + "2"
    if mtype == "upper?":
        return "roman-upper" if nxt is not None and nxt == _ROMAN_NEXT[num.lower()].upper() else "upper"
    if mtype != "letter?":
        return mtype
    # A lone i/v/x/l/c: a roman numeral if the next marker is its successor ("(i) ... (ii)"), a letter
    # if it follows the previous letter, else a roman numeral.
    if nxt is not None and nxt == _ROMAN_NEXT.get(num):
        return "roman"
    prev = _open_num(markers, sections, "letter")
    if prev is not None and len(prev) == 1 and ord(num) == ord(prev) + 1:
        return "letter"
    if num in "ivxlc" and (num == "i" or any(t == "roman" for t, _ in markers)):
        return "roman"
    return "letter"


@lru_cache(maxsize=1)
def _closing_words() -> re.Pattern[str] | None:
    """Where the closing words of a list open after its last item: a line break, ";" or "," and a
    phrase of a language profile's ``list_closing`` (every profile's: the statute's language is not
    known yet when it is segmented)."""
    # the language profiles (pydantic models), read once: a warm scan, which never segments, does without
    from modellaw_check.lang import available, load_profile

    phrases = sorted({p for code in available() for p in load_profile(code).list_closing}, key=len, reverse=True)
    if not phrases:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(r"(?:[;,]?[ \t]*\n\s*|[;,][ \t]+)(?=(?:" + alts + r")\b)")


def _detach_closing_words(sections: list[Section], text: str) -> None:
    """The closing words of a list ("A person who- (a) ...; or (b) ...;\nshall be guilty of an offence")
    belong to the provision that opened the list, like its lead-in, not to its last item: the item ends
    before them (and so do the units between the item and that provision). An item in the middle of a
    list gives up closing words that open a further list ("(b) ...; shall be guilty of hacking and
    liable- (c) ...")."""
    pattern = _closing_words()
    if pattern is None:
        return
    for i, x in enumerate(sections):
        if x.children or x.level < 2 or x.parent is None:
            continue
        m = pattern.search(text, x.body_start, x.end)
        if m is None or not text[x.body_start:m.start()].strip():
            continue
        cut = m.start() + (1 if text[m.start()] in ";," else 0)
        chain = [i]  # x and the units it ends, up to the provision whose list it closes
        while (parent := sections[chain[-1]].parent) is not None and sections[parent].level >= 1 \
                and sections[parent].children[-1] == chain[-1]:
            chain.append(parent)
        if len(chain) == 1 and not re.search(r"[-:\u2013\u2014]\s*$", text[m.end():x.end]):
            continue  # a middle item: only words that open a further list ("liable- (c) ...") close it
        for k in chain[:-1] or chain:
            sections[k].end = cut


def _definition_section(doc: Document, sec: Section) -> Section:
    """The unit a definition belongs to, and cannot run past: its numbered subsection ("163.1(1)",
    "1030(e)(1)") or its section; lettered items ("(a)") are parts of definitions, not their home."""
    cur = sec
    while cur.level > 1 and cur.parent is not None and not cur.num.strip("()")[:1].isdigit():
        cur = doc.sections[cur.parent]
    return cur


def find_definitions(doc: Document) -> list[Definition]:
    """Defined terms ("X" means ...), each with the span of its definition."""
    text = doc.text
    hits = quoted_definitions(text)
    hits += [(m.start(), m.end(), m.group(1)) for m in _MD_DEFINITION.finditer(text)]
    hits += [(m.start(1), m.end(), m.group(1)) for m in _FR_DEFINITION.finditer(text)]
    hits += [(m.start(1), m.end(), m.group(1)) for m in _FR_QUOTED_DEFINITION.finditer(text)]
    quoted = {h[0] for h in hits}
    hits += [h for h in list_definitions(text) if not any(q <= h[0] < q + 80 for q in quoted)]
    hits.sort()
    defs: list[Definition] = []
    for i, (start, body, term) in enumerate(hits):
        sec = doc.section_at(start)
        bound = _definition_section(doc, sec) if sec else None
        end = bound.end if bound else len(text)
        if i + 1 < len(hits):
            end = min(end, hits[i + 1][0])
        # A definition ends with its sentence: ";" or "." not followed by a further item of it.
        stop = _DEFINITION_END.search(text, body, end)
        if stop:
            end = stop.end()
        term = " ".join(term.strip(" ,.*_").split())
        if not term or len(term.split()) > 8:
            continue
        defs.append(Definition(term=term, start=start, end=max(end, body), body_start=body,
                               section=bound.id if bound else None))
    return defs


def _blank_before(text: str, i: int, floor: int) -> int:
    """Where the run of spaces and tabs ending at ``i`` starts (not before ``floor``)."""
    while i > floor and text[i - 1] in " \t":
        i -= 1
    return i


def _the_term_before(text: str, q: int, floor: int) -> int:
    """Start of a "the term " lead-in that ends at ``q`` and starts at or after ``floor``, else ``q``."""
    i = _blank_before(text, q, floor)
    if i == q or i - 4 < floor or text[i - 4:i] != "term":
        return q
    k = _blank_before(text, i - 4, floor)
    if k == i - 4 or k - 3 < floor or text[k - 3:k] != "the":
        return q
    return k - 3


def quoted_definitions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of each '"X" means ...', a "the term" lead-in included in the span."""
    out: list[tuple[int, int, str]] = []
    end = 0
    for m in _DEFINITION.finditer(text):
        out.append((_the_term_before(text, m.start(), end), m.end(), m.group(1)))
        end = m.end()
    return out


def _opens_item(text: str, p: int, floor: int) -> bool:
    """Can a list item begin at ``p``: at a line start or after "; " (":", "."), spaces between?"""
    for b in range(max(_blank_before(text, p, floor), floor), p + 1):
        if b == 0 or text[b - 1] == "\n" or (b >= 2 and text[b - 2] in ";:." and text[b - 1].isspace()):
            return True
    return False


def list_definitions(text: str) -> list[tuple[int, int, str]]:
    """(term start, end, term) of each "(a) Term means ..." that opens a line or follows "; "."""
    out: list[tuple[int, int, str]] = []
    end = 0
    for m in _LIST_DEFINITION.finditer(text):
        if _opens_item(text, m.start(), end):
            out.append((m.start(1), m.end(), m.group(1)))
            end = m.end()
    return out
