"""Remedies and over-breadth flags: what a drafter should change, in the statute's own words.

``score`` already says *what* is missing. This step, run once per checked statute, adds the *how*:

- for a partial provision, a suggested amended sentence: the statute's own sentence with the missing
  qualifiers inserted before the conduct ("A person who accesses ..." -> "A person who intentionally
  and without right accesses ..."); elements that cannot be inserted mechanically are listed with the
  model wording;
- for a missing offence, a clause drafted from the model article in the bill's own voice: its offence
  formula and penalty pattern (figures left blank, never invented), its defined terms and its phrase for
  "without right", the next free section number, optional elements as bracketed options;
- for a missing or partial procedural power (Arts. 16-21), a section in the bill's voice, or the
  subsections a partial one lacks (remedy_powers.py);
- over-breadth flags (a statute can also fail the model law by criminalising too much): the rule
  pack's ``advisories`` (``pack.yaml``), e.g. an offence with no without-right element, a
  misuse-of-devices offence without the authorised-testing exception (Art. 6(2)), procedural powers
  without the Art. 15 conditions and safeguards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from modellaw_check.findings import ElementResult, Evidence, ProvisionResult, StatuteReport
from modellaw_check.status import FINDINGS, PRESENT, ElementStatus, Status

if TYPE_CHECKING:
    from modellaw_check.document import Document
    from modellaw_check.rules.schema import Advisory, Cite, Drafting

MAX_SENTENCE = 400  # longer sentences are shown as a window around the insertion
MIN_SENTENCE_WORDS = 6  # shorter "sentences" are headings, not operative text

# Where a sentence starts or ends inside one line of statute text.
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])|\n|(?<=[—–])")
_WHO = re.compile(r"\b(?:who|whoever|whosoever)\b\s*", re.IGNORECASE)


def suggest_remedies(report: StatuteReport, doc_text: str, doc: Document | None = None,
                     advisories: Sequence[Advisory] = (), drafting: Mapping[str, Drafting] | None = None) -> None:
    """Fill in suggested wording and remedies, and add the pack's over-breadth notes, in place. ``doc`` (the
    statute's sections) places a procedural power's clause in the bill's procedural Part; ``drafting``
    (rule id -> the rule's drafting block) is what the clauses are drafted from."""
    for p in report.provisions:
        if p.status == Status.PARTIAL:
            _amend(p, doc_text, report.statute.language)
    drafting = drafting or {}
    if report.statute.language == "fr":  # drafted from the rules' French words, in the bill's formula
        from modellaw_check.remedy_fr import draft_all  # builds on this module (a cycle)

        draft_all(report, doc_text, doc, drafting)
    elif any(p.status in FINDINGS for p in report.provisions):
        voice = detect_voice(report, doc_text)  # once: it reads the whole bill
        _draft_clauses(report, doc_text, drafting, voice)
        _draft_powers(report, doc_text, doc, drafting, voice)
    _flag_over_breadth(report, doc_text, advisories)


# -- partial provisions: an amended sentence ----------------------------------------------------------
# The words inserted into the statute's own sentence, in its language: intent, without right, "and".
# French puts them after the conduct, between commas ("le fait d'entraver, intentionnellement et sans
# droit, le fonctionnement ..."), as the Convention's French text does.
INSERTS = {"en": ("intentionally", "without right", "and"), "fr": ("intentionnellement", "sans droit", "et")}


def _insertable(el: ElementResult, lang: str = "en") -> str | None:
    """The words that supply a missing element in place, or None if it needs a redraft."""
    intent, without_right, _ = INSERTS.get(lang, INSERTS["en"])
    if el.kind == "without_right":
        return without_right
    if el.kind == "mental" and (el.name == "intent" or "intentionally" in el.description):
        return intent
    return None


def _anchor(p: ProvisionResult, text: str) -> tuple[Evidence, bool] | None:
    """The evidence the amendment is anchored on (the conduct, else any direct required evidence)
    and whether it is the conduct. A hit in an operative sentence beats one in a heading."""
    ranked = sorted((el for el in p.elements if el.required and el.evidence),
                    key=lambda el: el.kind != "conduct")
    candidates = [(ev, el.kind == "conduct") for el in ranked for ev in el.evidence
                  if ev.via_definition is None and 0 <= ev.start < ev.end <= len(text)]
    for ev, conduct in candidates:
        lo, hi = _sentence(text, ev.start, ev.end)
        if len(text[lo:hi].split()) >= MIN_SENTENCE_WORDS:
            return ev, conduct
    return candidates[0] if candidates else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (or list item) of the statute containing [start, end)."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    hi = m.start() if m else len(text)
    return lo, hi


def _clip(sentence: str, at: int) -> str:
    """Shorten a long sentence to a window around offset ``at``, marking the cuts."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    lo = max(0, at - MAX_SENTENCE // 2)
    hi = min(len(sentence), lo + MAX_SENTENCE)
    lo = sentence.rfind(" ", 0, lo) + 1 if lo else 0
    hi_space = sentence.find(" ", hi)
    hi = len(sentence) if hi_space == -1 else hi_space
    return ("… " if lo else "") + sentence[lo:hi].strip() + (" …" if hi < len(sentence) else "")


def amended_sentence(text: str, anchor: Evidence, insert: str, conduct: bool = True,
                     adverbs: tuple[tuple[int, int], ...] = (), lang: str = "en") -> str | None:
    """The statute's sentence around ``anchor`` with ``insert`` placed before the conduct.

    When the anchor is not the conduct, the words go after "who"/"whoever" if the sentence has one.
    ``adverbs`` are spans of qualifiers already present (e.g. "knowingly"): when one ends right at the
    insertion point the new words are joined to it ("knowingly and without right accesses").
    """
    if not (0 <= anchor.start < anchor.end <= len(text)):
        return None
    lo, hi = _sentence(text, anchor.start, anchor.end)
    sentence = text[lo:hi]
    if lang == "fr":  # after the conduct, between commas; with no conduct to follow, no suggestion
        if not conduct:
            return None
        end = anchor.end - lo
        joined = " ".join(f"{sentence[:end].rstrip()}, {insert}, {sentence[end:].lstrip()}".split())
        return _clip(joined, end + len(insert) // 2)
    at = anchor.start - lo
    who = [m for m in _WHO.finditer(sentence) if m.end() <= at]
    if not conduct and who:
        at = who[-1].end()  # "A person who ... data" -> "A person who intentionally ..."
    if any(lo + at - 2 <= end <= lo + at for _, end in adverbs):
        insert = f"and {insert}"
    before, after = sentence[:at], sentence[at:]
    joined = f"{before.rstrip()} {insert} {after.lstrip()}" if before.strip() else f"{insert} {after}"
    joined = " ".join(joined.split())
    if joined[:1].islower() and not before.strip():
        joined = joined[0].upper() + joined[1:]
    return _clip(joined, len(before) + len(insert) // 2)


def _amend(p: ProvisionResult, text: str, lang: str = "en") -> None:
    lang = lang if lang in INSERTS else "en"
    intent, _, conjunction = INSERTS[lang]
    missing = [el for el in p.elements if el.name in p.missing_elements]
    words = [w for el in missing if el.status == ElementStatus.MISSING and (w := _insertable(el, lang))]
    # "intentionally" reads before "without right" in every drafting convention we follow
    words.sort(key=lambda w: w != intent)
    found = _anchor(p, text)
    rest = [el for el in missing if not (el.status == ElementStatus.MISSING and _insertable(el, lang))]
    if words and found is not None:
        anchor, conduct = found
        adverbs = tuple((ev.start, ev.end) for el in p.elements if el.status == ElementStatus.FOUND
                        and el.kind in ("mental", "without_right") for ev in el.evidence)
        suggestion = amended_sentence(text, anchor, f" {conjunction} ".join(words), conduct, adverbs, lang)
        if suggestion:
            p.suggested_wording = suggestion
            where = f"section {anchor.section}" if anchor.section else f"line {anchor.line}"
            extra = f"Suggested wording for {where}: “{suggestion}”"
            p.remedy = f"{p.remedy} {extra}" if p.remedy else extra
    if rest and p.model_wording and "Model wording" not in (p.remedy or ""):
        extra = f"Model wording ({p.source}): {p.model_wording}"
        p.remedy = f"{p.remedy} {extra}" if p.remedy else extra


# -- over-breadth ------------------------------------------------------------------------------------
def _note(p: ProvisionResult, text: str) -> None:
    if text not in p.notes:
        p.notes.append(text)


def _where(p: ProvisionResult) -> str:
    return f" (section {p.sections[0]})" if p.sections else ""


def _flag_over_breadth(report: StatuteReport, doc_text: str, advisories: Sequence[Advisory]) -> None:
    """The pack's advisories (``pack.yaml``), in their order: ``lacks`` notes a present provision whose
    elements of a kind are all missing, ``needed_by`` a provision missing where those needing it are
    present."""
    by_id = {p.id: p for p in report.provisions}
    for adv in advisories:
        if adv.lacks is not None:
            chosen = ([by_id[i] for i in adv.provisions if i in by_id] if adv.provisions
                      else [p for p in report.provisions if p.category == adv.category])
            for p in chosen:
                if p.status in PRESENT and _lacks(p, adv.lacks) and not _cue_in(adv, doc_text):
                    _note(p, adv.note.format(where=_where(p), provision=p.id, status=p.status, present=""))
            continue
        target = by_id.get(adv.provisions[0])
        if target is None or target.status == Status.IMPLEMENTED:
            continue
        needing = [p for p in report.provisions
                   if p.category == adv.needed_by and p.id != target.id and p.status in PRESENT]
        if needing:
            present = ", ".join(f"{p.id}{_where(p)}" for p in needing)
            fields = {"provision": target.id, "status": target.status, "present": present}
            _note(target, adv.note.format(where=_where(target), **fields))
            if adv.note_each:
                for p in needing:
                    _note(p, adv.note_each.format(where=_where(p), **fields))


def _lacks(p: ProvisionResult, kind: str) -> bool:
    """Every element of this kind is missing (a provision with none of the kind lacks nothing)."""
    of_kind = [el for el in p.elements if el.kind == kind]
    return bool(of_kind) and all(el.status == ElementStatus.MISSING for el in of_kind)


def _cue_in(adv: Advisory, text: str) -> bool:
    """Is the advisory's ``unless_text`` wording anywhere in the statute?"""
    cue = adv.unless_text
    if cue is None:
        return False
    low = text.lower()
    return any(k in low for k in cue.keywords) and bool(_cue_regex(tuple(cue.patterns)).search(low))


@lru_cache(maxsize=32)
def _cue_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# -- missing offences: a clause in the bill's own voice ------------------------------------------------
# What each model article says as a clause is the rule's ``drafting`` block (rules/schema.py: Drafting):
# its conduct as a verb phrase after "A person who intentionally and without right ...", the provisions a
# ``{name}`` cites, an exception; optional elements (a Party may require them) are added as bracketed
# options from the rule. Lines starting with "(a)", "(i)" are list items.
CLAUSE_CATEGORIES = ("offence", "terrorism")
# The bill's phrase for "without right", most specific first.
_WITHOUT_RIGHT = re.compile(
    r"\b(without\s+lawful\s+(?:authority|excuse|authori[sz]ation)|without\s+authori[sz]ation|without\s+authority"
    r"|without\s+right|without\s+being\s+authori[sz]ed|unlawfully"
    r"|without\s+(?:the\s+)?(?:effective\s+)?consent(?:\s+of\s+the\s+owner)?)\b", re.IGNORECASE)
_COMMONWEALTH = re.compile(r"\b(?:commits\s+an\s+offen[cs]e|(?P<guilty>shall\s+be\s+guilty\s+of\s+an\s+offen[cs]e))\b",
                           re.IGNORECASE)
_LIABLE = re.compile(r"\b(?:is|shall(?:\s+on\s+conviction)?\s+be)\s+liable,?\s*(?:on\s+[a-z ]{3,30}?,?\s*)?to\s+"
                     r"(?P<penalty>[^.;]{3,300})", re.IGNORECASE)  # "on complaint" is the offence's own, not kept
_US = re.compile(r"\bshall\s+be\s+(?P<penalty>(?:fined|imprisoned|punished)[^.;]{0,300})", re.IGNORECASE)
_CLASS = re.compile(r"\bcommits\s+the\s+(?P<kind>crime|offen[cs]e)\s+of\s+[^.;]{3,120}?,?\s+(?:which\s+is\s+)?"
                    r"an?\s+class\s+[A-Z0-9]\s+(?P<grade>felony|misdemeanou?r)", re.IGNORECASE)
_CLASS_SENTENCE = re.compile(r"\bis\s+an?\s+(?:class\s+[A-Z0-9]\s+|state\s+jail\s+|(?:first|second|third)"
                             r"[\s-]degree\s+)?(?P<grade>felony|misdemeanou?r)\b", re.IGNORECASE)
_COMMITS_OF = re.compile(r"\bcommits\s+the\s+(?P<kind>crime|offen[cs]e)\s+of\s+[^.;]{3,120}?\s+if\b",
                         re.IGNORECASE)
_COMMITS_IF = re.compile(r"\bcommits\s+an?\s+(?P<kind>crime|offen[cs]e)\s+if\b", re.IGNORECASE)
_NUMBER_WORDS = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
                 r"|thirty|forty|fifty|sixty|hundred|thousand|million|half)")
_TERM = re.compile(rf"\b{_NUMBER_WORDS}(?:[\s-]+(?:and\s+)?{_NUMBER_WORDS})*\s+(?:years?|months?|days?|weeks?)\b",
                   re.IGNORECASE)
_AMOUNT = re.compile(
    rf"(?:[$£€]|\b(?:USD|KES|MYR|SGD|ZWL|CHF|Kshs?\.?|RM|S\$)\s?)\s?{_NUMBER_WORDS}(?:[\s,]+{_NUMBER_WORDS})*"
    rf"|\b{_NUMBER_WORDS}(?:[\s,-]+{_NUMBER_WORDS})*\s+(?:shillings|dollars|ringgit|francs|euros|pounds"
    r"|penalty\s+units|units|daily\s+penalty\s+units)\b", re.IGNORECASE)
# Spaces, not \s, taken possessively: "^\s*#*\s*" reached across blank lines from every line start and
# backtracked cubically on a text of many empty lines or spaces (a property test hung on one).
_SECTION_LINE = re.compile(r"^[ \t]*+#*+[ \t]*+(?:(?:section|sec\.|s\.)[ \t]*+|§++[ \t]*+|art(?:icle|\.)?[ \t]*+)?"
                           r"(\d{1,5})"
                           r"(?:[A-Za-z]{0,6})?(?:\.|\s+[A-Z]|\s*[-—–]\s)", re.IGNORECASE | re.MULTILINE)


def penalty_pattern(penalty: str) -> str:
    """The bill's penalty with its figures left blank: "[term]", "[amount]" (never a figure invented)."""
    out = _AMOUNT.sub("[amount]", penalty)
    out = _TERM.sub("[term]", out)
    out = re.sub(r"\bclass\s+[A-Z0-9]\b", "class [class]", out)
    out = re.sub(r"\b(level|category|grade)\s+\d+\b", r"\1 [level]", out)
    # a reference to the offence's own penalty subsection would not cover a new section
    out = re.sub(r"\bas\s+provided\s+(?:in|under|by)\s+[^,;.]*", "as provided in [penalty provision]", out)
    out = re.sub(r"\d[\d,.]*", "[n]", out)
    return " ".join(out.split()).rstrip(",; ")


class Voice:
    """How the bill words an offence: its subject, formula, penalty pattern and defined terms."""

    def __init__(self, style: str = "commonwealth", subject: str = "A person who", penalty: str = "[penalty]",
                 grade: str = "", without_right: str = "without right", heading: str = "{n}. {title}",
                 computer: str = "computer system", data: str = "computer data", cite: str = "",
                 offence: str = "offence", crime: str = "offense") -> None:
        self.style = style
        self.subject = subject
        self.penalty = penalty
        self.grade = grade
        self.without_right = without_right
        self.heading = heading
        self.computer = computer
        self.data = data
        self.cite = cite  # how the bill cites its sections: "s.", "§", "Sec.", "Art."
        self.offence = offence  # "offence" or "offense", as the bill spells it
        self.crime = crime  # "crime" or "offense" in "commits the crime of ..."
        self.formula = "commits an offence and is liable on conviction to"  # Commonwealth style
        self.graded_sentence = False  # "A person commits an offense if ..."; "An offense under this section is ..."


def _offence_text(report: StatuteReport, text: str) -> str:
    """The sentences around the bill's own offence provisions (else the whole text)."""
    spans = []
    for p in report.provisions:
        if p.category in CLAUSE_CATEGORIES and p.status in PRESENT:
            starts = [ev.start for el in p.elements for ev in el.evidence
                      if ev.via_definition is None and 0 <= ev.start <= len(text)]
            if starts:
                lo = min(starts)
                spans.append(text[max(0, lo - 600):lo + 1200])
    return "\n".join(spans) or text


def detect_voice(report: StatuteReport, text: str) -> Voice:
    """The bill's offence formula, penalty pattern and defined terms."""
    v = Voice()
    offences = _offence_text(report, text)
    klass = _CLASS.search(offences) or _CLASS.search(text)
    if klass is None and _CLASS_SENTENCE.search(text):  # Hawaii: "... of computer fraud ... if ..."; "... is a
        klass = _COMMITS_OF.search(offences)  # class B felony" as a sentence of its own
    graded = _COMMITS_IF.search(offences) if _CLASS_SENTENCE.search(text) else None  # Texas: "... is a Class B
    if klass is None and graded is not None:  # misdemeanor" in a subsection of its own
        klass = graded
    us = _US.search(offences)
    cw = _COMMONWEALTH.search(offences)
    liable = _LIABLE.search(offences) or (_LIABLE.search(text) if cw else None)
    first = min((m.start(), name) for m, name in ((klass, "class"), (us, "us"), (cw, "commonwealth"),
                                                     (liable, "liable")) if m is not None) if any(
        (klass, us, cw, liable)) else (0, "commonwealth")
    v.style = first[1]
    cites = [m.group(1) for p in report.provisions if p.provision
             and (m := re.match(r"^(§|Sec\.|s\.|Art\.|Article|Section|section)\s*\d", p.provision))]
    v.cite = max(cites, key=cites.count) if cites else ""
    v.heading = {"§": "§ {n}. {title}", "Sec.": "Sec. {n}. {title}.", "Art.": "Art. {n} {title}",
                 "Article": "Article {n} {title}"}.get(v.cite, "{n}. {title}")
    if len(re.findall(r"\boffense", text, re.IGNORECASE)) > len(re.findall(r"\boffence", text, re.IGNORECASE)):
        v.offence = "offense"
    if v.style == "class" and klass is not None:
        grade = klass if "grade" in klass.re.groupindex else _CLASS_SENTENCE.search(text)
        v.grade = grade.group("grade").lower() if grade is not None else "felony"
        v.crime = klass.group("kind").lower()
        v.graded_sentence = klass is graded
        v.penalty = f"class [class] {v.grade}"
        v.subject = "A person"
    elif v.style == "us" and us is not None:
        v.subject = "Whoever"
        v.penalty = penalty_pattern(us.group("penalty"))
    elif v.style == "liable" and liable is not None:  # civil-law codes: "Any person who ... is liable to ..."
        v.subject = "Any person who" if re.search(r"\bany\s+person\s+who\b", offences, re.IGNORECASE) else (
            "Whoever" if re.search(r"\bwhoever\b", offences, re.IGNORECASE) else "A person who")
        v.penalty = penalty_pattern(liable.group("penalty"))
    else:
        v.style = "commonwealth"
        v.subject = "Any person who" if re.search(r"\bany\s+person\s+who\b[^.]{0,400}commits\s+an\s+offen",
                                                  offences, re.IGNORECASE) else "A person who"
        v.penalty = penalty_pattern(liable.group("penalty")) if liable is not None else "[penalty]"
        if cw is not None and cw.group("guilty"):
            v.formula = "shall be guilty of an offence and shall be liable on conviction to"
    if not re.search(r"\[|\w", v.penalty):
        v.penalty = "[penalty]"
    phrases = [" ".join(m.group(1).lower().split()) for m in _WITHOUT_RIGHT.finditer(offences)]
    if phrases:
        v.without_right = max(phrases, key=phrases.count)  # the commonest; a tie goes to the first used
    terms = {t.lower().strip("\"“” ") for t in report.statute.definitions}
    if "computer system" not in terms:
        for term in ("computer", "information system", "computer network", "computer resource"):
            if term in terms:
                v.computer = term
                break
    if "computer data" not in terms:
        for term in ("data", "electronic data", "computer material", "program or data"):
            if term in terms:
                v.data = term
                break
    return v


def next_section(report: StatuteReport, text: str) -> str:
    """One past the highest section number the bill uses ("[section]" when it has none); for codes
    numbered within a chapter ("708-891", "33.02"), one past the highest in the chapter of its offences."""
    ids = [p.sections[0] for p in report.provisions if p.category in CLAUSE_CATEGORIES and p.sections]
    chaptered = [m for i in ids if (m := re.match(r"^(\d+)([-.])(\d+)", i))]
    if ids and len(chaptered) == len(ids) and len({(m.group(1), m.group(2)) for m in chaptered}) == 1:
        last = max(chaptered, key=lambda m: int(m.group(3)))
        return f"{last.group(1)}{last.group(2)}{int(last.group(3)) + 1:0{len(last.group(3))}d}"
    numbers = [int(m.group(1)) for m in _SECTION_LINE.finditer(text)]
    for p in report.provisions:
        for s in p.sections:
            m = re.match(r"(\d+)", s)
            if m:
                numbers.append(int(m.group(1)))
    numbers = [n for n in numbers if n < 100000 and not 1900 <= n <= 2100]  # not years
    return str(max(numbers) + 1) if numbers else "[section]"


def _options(p: ProvisionResult) -> list[str]:
    """The rule's optional qualifiers a Party may require, as bracketed options."""
    out = []
    for el in p.elements:
        if el.required or el.kind in ("without_right", "exception") or not el.description:
            continue
        if "may require" not in el.description:
            continue
        words = el.description.split(" (")[0].strip()
        if words.startswith("intent"):
            words = f"with {words}"
        out.append(f"[{words}]")
    return out


def with_terms(clause: str, terms: Mapping[str, str]) -> str:
    """The model's terms replaced by the bill's (model term -> the bill's), whole words only."""
    for model, own in terms.items():
        if own != model:
            clause = re.sub(rf"\b{re.escape(model)}\b", own, clause)
    return clause


def _terms(clause: str, v: Voice) -> str:
    return with_terms(clause, {"computer system": v.computer, "computer data": v.data})


def _sections_list(ids: list[str], cite: str = "", otherwise: str = "[section]") -> str:
    """The bill's sections, cited its way: "sections 3 and 4", "§§ 102 and 103", "Articles 143bis and 144"."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return otherwise
    one, many = {"§": ("§", "§§"), "Art.": ("Article", "Articles"),
                 "Article": ("Article", "Articles")}.get(cite, ("section", "sections"))
    if len(ids) == 1:
        return f"{one} {ids[0]}"
    return f"{many} " + ", ".join(ids[:-1]) + f" and {ids[-1]}"


_TREATY_MARKER = re.compile(r"(?:(?<=: )|(?<=; )|(?<=; and )|(?<=; or )|^)([a-h]|i{1,3}|iv|v)\s(?=\S)")


def list_items(text: str) -> str:
    """Treaty wording with its list markers ("...: a the production ...; i a device ...") as list items
    on lines of their own ("\n(a) the production ...", "\n(i) a device ..."), never run into prose."""
    return _TREATY_MARKER.sub(lambda x: f"\n({x.group(1)}) ", " ".join(text.split()))


def _generic_conduct(model: str) -> str | None:
    """For a rule without a drafted conduct: the model's wording after "when committed ...", its treaty
    list markers made list items."""
    m = re.search(r"when committed [^,:]*[,:]\s*(?:the following conduct:\s*)?(.*)$", " ".join(model.split()))
    if not m:
        return None
    body = list_items(m.group(1).rstrip(". "))
    return "engages in the following conduct: " + body if "\n" in body else "engages in " + body


def cited(report: StatuteReport, cite: Cite, how: str, drafted: Mapping[str, str] | None = None,
          lang: str = "en") -> str:
    """What a ``cites`` entry names: the bill's sections implementing its provisions, cited the bill's way
    (``how``: "s.", "§", "Art." ...), else the sections drafted for them here (``drafted``: rule id -> number),
    else its ``otherwise`` words (in ``lang`` where the pack has them)."""
    ids = [p.sections[0] for p in report.provisions
           if p.id in cite.provisions and p.status in PRESENT and p.sections]
    if not ids and drafted:
        ids = [drafted[i] for i in cite.provisions if i in drafted][:1]
    return _sections_list(ids, how, cite.lang.get(lang, cite.otherwise))


def fill(text: str, fields: Mapping[str, str]) -> str:
    """``{name}`` replaced by the bill's words (a name the fields lack is left as written)."""
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), text)


def draft_clause(p: ProvisionResult, v: Voice, number: str, drafting: Drafting | None,
                 cites: Mapping[str, str]) -> str | None:
    """A clause for a missing offence, drafted from the model article in the bill's voice (its rule's
    ``drafting`` conduct, else the model wording's); ``cites``: the words each ``{name}`` cites."""
    conduct = drafting.conduct if drafting is not None and drafting.conduct else None
    if conduct and conduct.startswith("("):  # a list: "A person who intentionally ... —\n(a) ..."
        conduct = "\n" + conduct
    conduct = conduct or _generic_conduct(p.model_wording)
    if not conduct:
        return None
    fields = {**cites, "without_right": v.without_right, "this_act": "this Act"}
    conduct = fill(conduct, fields)
    options = _options(p)
    if options and "\n" not in conduct:
        conduct = f"{conduct} {' '.join(options)}"
    intent_only = drafting is not None and not drafting.without_right  # the model asks for intent only
    mens = "intentionally" if intent_only else f"intentionally and {v.without_right}"
    listed = "\n" in conduct
    lead = (" —" + conduct) if conduct.startswith("\n") else " " + conduct
    title = p.title.split(" (")[0]
    grade = ""
    if v.style == "class":
        if v.graded_sentence:
            body = f"A person commits an {v.crime} if the person {mens}{lead}."
            grade = f"\nAn {v.crime} under this section is a [class] {v.grade}."
        else:
            body = f"A person commits the {v.crime} of {title.lower()} if the person {mens}{lead}."
            grade = f"\n{title} is a class [class] {v.grade}."
    else:
        if v.style == "commonwealth":
            tail = f"{v.formula} {v.penalty}"
        elif v.style == "us":
            tail = f"shall be {v.penalty}"
        else:
            tail = f"is liable to {v.penalty}"
        sep = ",\n" if listed else (", " if "," in conduct else " ")
        body = f"{v.subject} {mens}{lead}{sep}{tail}."
    if drafting is not None and drafting.exception:
        body = f"(1) {body}\n(2) {fill(drafting.exception, fields)}"
    heading = v.heading.format(n=number, title=title)
    clause = _terms(f"{heading}\n{body}{grade}", v)
    return re.sub(r"\b([Oo])ffence", r"\1ffense", clause) if v.offence == "offense" else clause


def _draft_clauses(report: StatuteReport, text: str, drafting: Mapping[str, Drafting], v: Voice) -> None:
    missing = [p for p in report.provisions if p.status == Status.MISSING and p.category in CLAUSE_CATEGORIES]
    if not missing:
        return
    number = next_section(report, text)
    for i, p in enumerate(missing):
        n = re.sub(r"\d+$", lambda m, i=i: f"{int(m.group()) + i:0{len(m.group())}d}", number)
        d = drafting.get(p.id)
        cites = {name: cited(report, c, v.cite) for name, c in d.cites.items()} if d is not None else {}
        p.suggested_clause = draft_clause(p, v, n, d, cites)


def _draft_powers(report: StatuteReport, text: str, doc: Document | None, drafting: Mapping[str, Drafting],
                  v: Voice) -> None:
    """Clauses for the missing or partial powers (rules whose drafting block has subsections: Arts. 16-21,
    remedy_powers), numbered after the offence clauses drafted above where both go at the end of the bill."""
    from modellaw_check.remedy_powers import draft_powers  # builds on this module (a cycle)

    if not any(p.status in FINDINGS and (d := drafting.get(p.id)) is not None and d.subsections
               for p in report.provisions):
        return
    offence_clauses = sum(1 for p in report.provisions if p.suggested_clause and p.category in CLAUSE_CATEGORIES)
    draft_powers(report, text, doc, v, offence_clauses, drafting)
