"""Remedies and over-breadth flags: what a drafter should change, in the statute's own words.

``score`` already says *what* is missing. This step, run once per checked statute, adds the *how*:

- for a partial provision, a suggested amended sentence: the statute's own sentence with the missing
  qualifiers inserted before the conduct ("A person who accesses ..." -> "A person who intentionally
  and without right accesses ..."); elements that cannot be inserted mechanically are listed with the
  model wording;
- over-breadth flags (a statute can also fail the model law by criminalising too much): an offence
  with no without-right element, a misuse-of-devices offence without the authorised-testing exception
  (Art. 6(2)), and procedural powers without the Art. 15 conditions and safeguards.
"""

from __future__ import annotations

import re

from modellaw_check.findings import ElementResult, Evidence, ProvisionResult, StatuteReport

MISUSE_OF_DEVICES = "art6-misuse-of-devices"
SAFEGUARDS = "art15-conditions-safeguards"
PRESENT = ("implemented", "partial")
MAX_SENTENCE = 400  # longer sentences are shown as a window around the insertion
MIN_SENTENCE_WORDS = 6  # shorter "sentences" are headings, not operative text

# Words that express the Art. 6(2) exception when the rule has no element for it.
_TESTING_EXCEPTION = re.compile(
    r"authori[sz]ed\s+testing|testing\s+or\s+(the\s+)?protection|protection\s+of\s+(a|the)\s+computer"
    r"|penetration\s+test|security\s+test|not\s+for\s+the\s+purpose\s+of\s+committing"
    r"|legitimate\s+(purpose|research)|bona\s+fide\s+(research|testing)",
)
# Every alternative above contains one of these: a plain substring test first (the regex alone
# scanned at ~10 MB/s).
_TESTING_KEYWORDS = ("test", "protection", "committing", "legitimate", "bona")


def _has_testing_exception(text: str) -> bool:
    low = text.lower()
    return any(k in low for k in _TESTING_KEYWORDS) and bool(_TESTING_EXCEPTION.search(low))
# Where a sentence starts or ends inside one line of statute text.
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])|\n|(?<=[—–])")
_WHO = re.compile(r"\b(?:who|whoever|whosoever)\b\s*", re.IGNORECASE)


def suggest_remedies(report: StatuteReport, doc_text: str) -> None:
    """Fill in suggested wording and remedies, and add over-breadth notes, in place."""
    for p in report.provisions:
        if p.status == "partial":
            _amend(p, doc_text)
    _flag_over_breadth(report, doc_text)


# -- partial provisions: an amended sentence ----------------------------------------------------------
def _insertable(el: ElementResult) -> str | None:
    """The words that supply a missing element in place, or None if it needs a redraft."""
    if el.kind == "without_right":
        return "without right"
    if el.kind == "mental" and (el.name == "intent" or "intentionally" in el.description):
        return "intentionally"
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
                     adverbs: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The statute's sentence around ``anchor`` with ``insert`` placed before the conduct.

    When the anchor is not the conduct, the words go after "who"/"whoever" if the sentence has one.
    ``adverbs`` are spans of qualifiers already present (e.g. "knowingly"): when one ends right at the
    insertion point the new words are joined to it ("knowingly and without right accesses").
    """
    if not (0 <= anchor.start < anchor.end <= len(text)):
        return None
    lo, hi = _sentence(text, anchor.start, anchor.end)
    sentence = text[lo:hi]
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


def _amend(p: ProvisionResult, text: str) -> None:
    missing = [el for el in p.elements if el.name in p.missing_elements]
    words = [w for el in missing if el.status == "missing" and (w := _insertable(el))]
    # "intentionally" reads before "without right" in every drafting convention we follow
    words.sort(key=lambda w: w != "intentionally")
    found = _anchor(p, text)
    rest = [el for el in missing if not (el.status == "missing" and _insertable(el))]
    if words and found is not None:
        anchor, conduct = found
        adverbs = tuple((ev.start, ev.end) for el in p.elements if el.status == "found"
                        and el.kind in ("mental", "without_right") for ev in el.evidence)
        suggestion = amended_sentence(text, anchor, " and ".join(words), conduct, adverbs)
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


def _flag_over_breadth(report: StatuteReport, doc_text: str) -> None:
    by_id = {p.id: p for p in report.provisions}
    for p in report.provisions:
        if p.category != "offence" or p.status not in PRESENT:
            continue
        wr = [el for el in p.elements if el.kind == "without_right"]
        if wr and all(el.status == "missing" for el in wr):
            _note(p, f"over-breadth: the offence{_where(p)} has no without-right element, so it also "
                     "covers authorised conduct (owners, administrators, security testers); add "
                     "\"without right\" or an equivalent (without authority, unlawfully).")
    dev = by_id.get(MISUSE_OF_DEVICES)
    if dev and dev.status in PRESENT:
        exceptions = [el for el in dev.elements if el.kind == "exception"]
        # the exception is often a separate section ("Nothing in section 6 applies to ..."), which
        # the rule's unit-scoped element cannot see: look for its usual wording in the whole text
        has_exception = (any(el.status != "missing" for el in exceptions)
                         or _has_testing_exception(doc_text))
        if not has_exception:
            _note(dev, f"over-breadth: the misuse-of-devices offence{_where(dev)} has no exception for "
                       "authorised testing or protection of a computer system (Art. 6(2)); tools used "
                       "by security professionals would be criminalised.")
    safeguards = by_id.get(SAFEGUARDS)
    if safeguards and safeguards.status != "implemented":
        powers = [p for p in report.provisions
                  if p.category == "procedure" and p.id != SAFEGUARDS and p.status in PRESENT]
        if powers:
            _note(safeguards, "over-breadth: procedural powers are present ("
                  + ", ".join(f"{p.id}{_where(p)}" for p in powers)
                  + ") without the Art. 15 conditions and safeguards (judicial or independent "
                  "supervision, grounds, limits on scope and duration, proportionality).")
            for p in powers:
                _note(p, "over-breadth: this power is not subject to the Art. 15 conditions and "
                         f"safeguards ({SAFEGUARDS} is {safeguards.status}).")
