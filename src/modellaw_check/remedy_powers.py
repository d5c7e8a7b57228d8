"""A clause for a missing or partial procedural power (Arts. 16-21), in the bill's own voice.

What a drafter needs for a power is not the treaty's "Each Party shall adopt such legislative and other
measures ..." but a section of their bill: who applies (the bill's investigating authority: "a police
officer", "a governmental entity", "the public prosecutor"), who decides (its court or judge: "a
magistrate", "a court of competent jurisdiction"), over what (its defined terms: "computer" or "computer
system", "data", "traffic data" or "communications data", "service provider"), numbered where it belongs
(after the last section of the bill's procedural Part: the next free number when that Part ends the bill,
else an inserted section "8A" / "Art. 269bis") and laid out the bill's way (subsections "(1)" with
paragraphs "(a)", or the US Code's "(a)" with "(1)"). What the bill does not name is left in brackets
for the drafter: "[court]", "[authority]", "[country]".

A missing power gets the whole section; a partial one gets only the subsections that supply its missing
elements, as an amendment adding them at the end of its implementing section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modellaw_check.remedy import _terms, cited, next_section
from modellaw_check.status import FINDINGS, PRESENT, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from modellaw_check.document import Document, Section
    from modellaw_check.findings import ProvisionResult, StatuteReport
    from modellaw_check.remedy import Voice
    from modellaw_check.rules.schema import Drafting

# Words of a Part heading that hold the procedural powers (as report/docx_report.py places comments).
PROCEDURE_PART = re.compile(r"procedur|investigat|powers|enforcement|evidence", re.IGNORECASE)


# The model articles as sections are the rules' ``drafting`` subsections (rules/schema.py: Subsection): a
# subsection supplying no element (confidentiality, definitions) is in the whole clause only.

_COURT = re.compile(
    r"\b(?:a|an|the|any)\s+(?:(?:high|district|magistrates?'?|circuit|supreme|sessions|federal|compulsory\s+"
    r"measures|juvenile)\s+court|court\s+of\s+competent\s+jurisdiction|judge(?:\s+of\s+the\s+high\s+court)?"
    r"|magistrate|justice\s+of\s+the\s+peace|judicial\s+officer|examining\s+magistrate|investigating\s+judge"
    r"|court)\b", re.IGNORECASE)
_AUTHORITY = re.compile(
    r"\b(?:a|an|the|any)\s+(?:police\s+officer|investigating\s+officer|authori[sz]ed\s+officer|law\s+enforcement"
    r"\s+(?:officer|agency|authority)|investigat(?:ive|ory|ion)\s+authority|competent\s+authority|public\s+"
    r"prosecutor|prosecutor|governmental\s+entity|enforcement\s+officer|investigator|officer\s+in\s+charge)\b",
    re.IGNORECASE)
# Where a court or authority is named in a power: "warrant", "order", "application", "authoris".
_POWER_CONTEXT = re.compile(r"warrant|order|applica|authori[sz]|seiz|search|intercept", re.IGNORECASE)


_COUNTRY = re.compile(
    r"\b(?:territory\s+of|(?:extends?|appl(?:y|ies))\s+to\s+the\s+whole\s+of|within|throughout)\s+(?P<name>the\s+"
    r"Republic(?:\s+of\s+[A-Z][a-z]+)?|the\s+United\s+States|[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]+)?)\b")
_NOT_A_COUNTRY = re.compile(r"^(?:This|That|Section|Part|Chapter|Article|Schedule|Act|Code|Title|The|Court|Minister)\b")


@dataclass
class PowerVoice:
    court: str = "[court]"
    authority: str = "[authority]"
    traffic: str = "traffic data"
    provider: str = "service provider"
    country: str = "[country]"
    layout: str = "1ai"  # "(1) (a) (i)"; the US Code's "(a) (1) (A)" is "a1A"
    american: bool = False  # "authorize", as the bill spells it
    offence: str = ""  # "offense" where the bill is American and never says either; else the offence voice's

    @staticmethod
    def definite(phrase: str) -> str:
        """Its second mention: "a police officer" -> "the police officer"."""
        return re.sub(r"^(?:a|an|any)\s+", "the ", phrase)


def _commonest(pattern: re.Pattern, texts: list[str]) -> str | None:
    """The phrase the pattern finds most often (first found on a tie), its article made indefinite
    ("the magistrate" and "a magistrate" are one), proper nouns kept."""
    found: Counter[str] = Counter()
    order: dict[str, int] = {}
    for text in texts:
        for m in pattern.finditer(text):
            words = m.group(0).split()
            noun = " ".join(words[1:])
            noun = noun if noun[:1].isupper() and words[0].lower() == "the" else noun.lower()
            found[noun] += 1
            order.setdefault(noun, len(order))
    if not found:
        return None
    noun = max(found, key=lambda n: (found[n], -order[n]))
    if noun[:1].isupper():  # "the High Court", "the Director": a named body keeps "the"
        return f"the {noun}"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _sentences_with_power_words(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", text) if _POWER_CONTEXT.search(s)]


def power_voice(report: StatuteReport, doc: Document | None, text: str) -> PowerVoice:
    """The bill's court, investigating authority and terms for traffic data and service providers."""
    v = PowerVoice()
    procedural = []
    for p in report.provisions:
        if p.category == "procedure" and p.status in PRESENT and doc is not None:
            sec = _top_section(doc, p.sections[0] if p.sections else None)
            if sec is not None:
                procedural.append(text[sec.start:sec.end])
    sentences = _sentences_with_power_words("\n".join(procedural)) or _sentences_with_power_words(text)
    v.court = _commonest(_COURT, sentences) or v.court
    v.authority = _commonest(_AUTHORITY, sentences) or v.authority
    terms = {t.lower().strip("\"“” ") for t in report.statute.definitions}
    for term in ("traffic data", "communications data", "communication data", "transmission data",
                 "traffic information"):
        if term in terms:
            v.traffic = term
            break
    for term in ("service provider", "communications service provider", "internet service provider",
                 "provider of electronic communication service", "electronic communication service provider"):
        if term in terms:
            v.provider = term
            break
    countries = Counter(" ".join(m.group("name").split()) for m in _COUNTRY.finditer(text)
                        if not _NOT_A_COUNTRY.match(m.group("name")))
    if countries:
        v.country = countries.most_common(1)[0][0]
    v.layout = _layout_of(doc) or ""
    v.american = len(re.findall(r"authoriz", text, re.IGNORECASE)) > len(re.findall(r"authoris", text, re.IGNORECASE))
    if v.american and not re.search(r"\boffence", text, re.IGNORECASE):
        v.offence = "offense"  # a bill that never says either spells it the American way it spells "authorize"
    return v


def _layout_of(doc: Document | None) -> str | None:
    """How the bill labels a section's subsections: "(1)" (then "(a)", "(i)") or "(a)" (then "(1)", "(A)"),
    read from its own subsections; None when it has none."""
    if doc is not None:
        kinds = Counter("digit" if re.fullmatch(r"\(\d+[A-Za-z]?\)", s.num or "") else "letter"
                        for s in doc.sections
                        if s.level == 2 and re.fullmatch(r"\((?:\d+[A-Za-z]?|[a-z]{1,2})\)", s.num or ""))
        if kinds:
            return "a1A" if kinds["letter"] > kinds["digit"] else "1ai"
    return None


# -- where the clause goes -----------------------------------------------------------------------------
def _top_section(doc: Document, section_id: str | None) -> Section | None:
    """The level-1 section holding the cited provision ("8" for "8(1)")."""
    if not section_id:
        return None
    for i, sec in enumerate(doc.sections):
        if sec.id == section_id:
            return doc.sections[doc.top_section_index(i)]
    return None


def _procedural_part(report: StatuteReport, doc: Document) -> Section | None:
    """The Part holding the bill's powers: the Part of a power it has, else one headed as procedural."""
    parts = [s for s in doc.sections if s.level == 0]
    for p in report.provisions:
        if p.category == "procedure" and p.status in PRESENT and p.sections:
            sec = _top_section(doc, p.sections[0])
            part = next((q for q in parts if sec is not None and q.start <= sec.start < q.end), None)
            if part is not None:
                return part
    return next((q for q in parts if PROCEDURE_PART.search(f"{q.id} {q.heading}")), None)


SUFFIXES = ("A", "B", "C", "D", "E", "F", "G", "H")
LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies")


def inserted(number: str, k: int, cite: str) -> str:
    """The k-th section inserted after ``number``: "8A", "8B" (Commonwealth, US); "269bis" (Art.)."""
    if cite in ("Art.", "Article"):
        return f"{number}{LATIN[k % len(LATIN)]}" if not re.search(r"[a-z]$", number) else f"{number}.{k + 1}"
    return f"{number}{SUFFIXES[k % len(SUFFIXES)]}"


def numbers(report: StatuteReport, doc: Document | None, text: str, count: int, cite: str,
            after_offences: int) -> list[str]:
    """Numbers for ``count`` new power sections: after the last section of the procedural Part (the next
    free numbers when that Part ends the bill, else inserted sections), or after the bill's last section
    and the ``after_offences`` offence clauses already drafted there."""
    if doc is not None:
        part = _procedural_part(report, doc)
        sections = [s for s in doc.sections if s.level == 1]
        if part is not None:
            inside = [s for s in sections if part.start <= s.start < part.end]
            if inside and sections and inside[-1] is not sections[-1]:
                return [inserted(inside[-1].id, k, cite) for k in range(count)]
    base = next_section(report, text)
    if not re.search(r"\d+$", base):
        return [base] * count
    return [re.sub(r"\d+$", lambda m, k=k: f"{int(m.group()) + after_offences + k:0{len(m.group())}d}", base)
            for k in range(count)]


# -- the clause ----------------------------------------------------------------------------------------
def _labels(layout: str) -> tuple[str, str, str]:
    """Subsection, paragraph and subparagraph label kinds: "1ai" is "(1) (a) (i)", "a1A" "(a) (1) (A)"."""
    return layout[0], layout[1], layout[2]


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _label(kind: str, n: int) -> str:
    """The ``n``-th (0-based) label of a kind: (1), (a) .. (z), (aa), (A), (i)."""
    if kind == "1":
        return f"({n + 1})"
    if kind in ("a", "A"):
        return f"({chr(ord(kind) + n % 26) * (n // 26 + 1)})"
    return f"({_roman(n + 1)})"


def _layout(subs: list[str], layout: str, first: int = 0) -> list[str]:
    """Subsections labelled from ``first`` (one alone unlabelled when ``first`` is 0), their "- "
    paragraphs and "  - " subparagraphs labelled the bill's way."""
    sub_kind, para_kind, subpara_kind = _labels(layout)
    out = []
    for i, sub in enumerate(subs):
        para = subpara = 0
        lines = []
        for line in sub.split("\n"):
            if line.startswith("  - "):
                lines.append(f"  {_label(subpara_kind, subpara)} {line[4:]}")
                subpara += 1
            elif line.startswith("- "):
                lines.append(f"{_label(para_kind, para)} {line[2:]}")
                para, subpara = para + 1, 0
            else:
                lines.append(line)
        if len(subs) > 1 or first:
            lines[0] = f"{_label(sub_kind, first + i)} {lines[0]}"
        out.extend(lines)
    return out


def _fill(text: str, v: Voice, pv: PowerVoice, cites: Mapping[str, str]) -> str:
    providers = pv.provider[:-1] + "ies" if pv.provider.endswith("y") else pv.provider + "s"
    words = {"court": pv.court, "the_court": pv.definite(pv.court), "authority": pv.authority,
             "the_authority": pv.definite(pv.authority), "traffic": pv.traffic, "provider": pv.provider,
             "providers": providers, "computer": "computer system", "data": "computer data",
             "offence": pv.offence or v.offence, **cites}
    out = re.sub(r"\{(\w+)\}", lambda m: _cap(words[m.group(1).lower()]) if m.group(1)[0].isupper()
                 else words[m.group(1)], text)
    out = _terms(out, v).replace("[country]", pv.country)
    out = re.sub(r"\b([Aa]) (?=[aeioAEIO])", r"\1n ", out)  # "a information system" -> "an ..."
    if pv.american:
        out = re.sub(r"\bauthoris", "authoriz", out)
    return out


def _cap(phrase: str) -> str:
    """A phrase opening a sentence: "a magistrate" -> "A magistrate", "[court]" -> "[Court]"."""
    i = 1 if phrase.startswith("[") else 0
    return phrase[:i] + phrase[i:i + 1].upper() + phrase[i + 1:]


def _next_label(doc: Document | None, sec: Section | None, style: str) -> tuple[int, bool]:
    """How many subsections the implementing section has (new ones follow), and whether its text must
    first be numbered as subsection (1) (it has none)."""
    if doc is None or sec is None:
        return 0, False
    kids = [doc.sections[i] for i in sec.children if doc.sections[i].level == sec.level + 1]
    return (len(kids), False) if kids else (1, True)


def _cited(section: str, cite: str) -> str:
    return {"§": f"§ {section}", "Sec.": f"Section {section}", "Art.": f"Article {section}",
            "Article": f"Article {section}"}.get(cite, f"Section {section}")


def draft_power(p: ProvisionResult, v: Voice, pv: PowerVoice, number: str | None, drafting: Drafting | None,
                cites: Mapping[str, str], doc: Document | None = None) -> str | None:
    """The clause for a missing power (``number`` its section number), or the subsections a partial one
    lacks as an amendment of its implementing section, from its rule's ``drafting`` subsections."""
    subs = drafting.subsections if drafting is not None else []
    if not subs:
        return None
    style = pv.layout
    if p.status == Status.MISSING:
        body = _layout([s.text for s in subs], style)
        heading = v.heading.format(n=number, title=p.title)
        return _fill("\n".join([heading, *body]), v, pv, cites)
    missing = set(p.missing_elements)
    chosen = [s.text for s in subs if missing & set(s.supplies)]
    if not chosen or not p.sections:
        return None
    sec = _top_section(doc, p.sections[0]) if doc is not None else None
    section = sec.id if sec is not None else p.sections[0]
    have, renumber = _next_label(doc, sec, style)
    sub_kind = _labels(style)[0]
    where = _cited(section, v.cite)
    if renumber:
        lead = (f"{where} is amended by numbering its text as subsection {_label(sub_kind, 0)} and adding "
                "at the end —")
    else:
        lead = f"{where} is amended by adding at the end —"
    body = _layout(chosen, style, first=have)
    return _fill("\n".join([lead, *body]), v, pv, cites)


def draft_powers(report: StatuteReport, text: str, doc: Document | None, v: Voice, offence_clauses: int,
                 drafting: Mapping[str, Drafting]) -> None:
    """Set ``suggested_clause`` on every missing or partial power with drafting subsections (in place)."""
    gaps = [p for p in report.provisions if p.status in FINDINGS
            and (d := drafting.get(p.id)) is not None and d.subsections]
    if not gaps:
        return
    pv = power_voice(report, doc, text)
    pv.layout = pv.layout or ("a1A" if v.style == "us" else "1ai")  # no subsections: its offence formula's
    missing = [p for p in gaps if p.status == Status.MISSING]
    nums = dict(zip((p.id for p in missing), numbers(report, doc, text, len(missing), v.cite, offence_clauses),
                    strict=True))
    for p in gaps:
        d = drafting[p.id]
        cites = {name: cited(report, c, v.cite, nums) for name, c in d.cites.items()}
        p.suggested_clause = draft_power(p, v, pv, nums.get(p.id), d, cites, doc)
