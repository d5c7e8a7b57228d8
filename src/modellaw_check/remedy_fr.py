"""Clauses drafted in French for a statute in French, from the rules' French drafting words.

A French bill words an offence one of four ways, and a clause drafted for it must too: "Le fait de ...
est puni de ..." and "Est puni de ... le fait de ..." (French codes), "Quiconque ... sera puni de ..." and
"Est puni de ..., quiconque ..." (West and Central African codes). The rule's ``drafting.lang.fr`` gives
the conduct both ways: ``act`` after "Le fait" ("d'accéder{mens} à ..."), ``conduct`` after "quiconque"
("accède{mens} à ..."); ``{mens}`` is where the mental element goes ("intentionnellement et sans droit",
or the bill's "frauduleusement", which says both). The penalty is the bill's with its figures blank
("[durée]", "[montant]"), "[peine]" where it has none; its terms ("système de traitement automatisé de
données", "données") replace the Convention's; articles are numbered the bill's way: the next free
number after its offences ("Article 10", or "Article 7 bis" when other articles follow them), the next
free article of the chapter in a code ("Art. 323-3-3"). Powers name the bill's judge and investigating
authority ("le juge d'instruction", "l'officier de police judiciaire"), else "[juridiction]", "[autorité]".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modellaw_check.remedy import _offence_text, next_section, with_terms
from modellaw_check.remedy_powers import _layout
from modellaw_check.status import FINDINGS, PRESENT, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from modellaw_check.document import Document
    from modellaw_check.findings import ProvisionResult, StatuteReport
    from modellaw_check.rules.schema import Cite, Drafting

CLAUSE_CATEGORIES = ("offence", "terrorism")
# A penalty runs to the end of its sentence: a stop inside a figure ("5.000.000") does not end it.
_PENALTY = r"(?P<penalty>(?:de|d['’])(?:[^.;\n]|(?<=\d)\.(?=\d)){3,300})"
_SHORT = r"(?P<penalty>(?:de|d['’])(?:[^.;:\n]|(?<=\d)\.(?=\d)){3,300}?)"  # before its subject
_PRED = r"(?P<pred>puni|coupable)(?:e|s)?"  # "est puni de", "est coupable d'un acte criminel passible de"
_FORMULAS = {  # the bill's offence formula -> how it is found
    "fait": re.compile(rf"(?:^|[.;:]\s+|\n)\s*Le\s+fait\b[^.;]{{0,900}}?\b(?P<verb>est|sera)\s+{_PRED}\s+{_PENALTY}",
                       re.IGNORECASE),
    "quiconque": re.compile(rf"(?:^|[.;:]\s+|\n)\s*(?:Quiconque|Toute\s+personne\s+qui)\b[^.;]{{0,900}}?\b"
                            rf"(?P<verb>est|sera)\s+{_PRED}\s+{_PENALTY}", re.IGNORECASE),
    "puni_fait": re.compile(rf"\b(?P<verb>Est|Sera)\s+{_PRED}\s+{_SHORT}(?P<comma>,?)\s+le\s+fait\b"),
    "puni_quiconque": re.compile(rf"\b(?P<verb>Est|Sera)\s+{_PRED}\s+{_SHORT}(?P<comma>,?)\s+"
                                 r"(?:quiconque|toute\s+personne\s+qui|celui\s+qui)\b"),
}
# A figure in digits ("5 000 000", "1.000.000": groups of three) or in words, with the digits some codes add
# in brackets ("cinq (05) ans"). Each form parses one way only: a nested, ambiguous repetition backtracks
# exponentially on a long run of digits and spaces.
_DIGITS = r"\d+(?:[ \u00a0.,]\d{3})*"
_WORD = (r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|"
         r"cinquante|soixante|cents?|mille|millions?|milliards?)")
_NUMS = rf"(?:{_DIGITS}|{_WORD}(?:[\s-]+(?:et\s+)?{_WORD})*)(?:\s*\(\s*{_DIGITS}\s*\))?"
_TERM = re.compile(rf"\b{_NUMS}\s+(?:ans?|mois|jours?|semaines?)\b", re.IGNORECASE)
_AMOUNT = re.compile(rf"\b{_NUMS}\s*(?:(?:de\s+|d['’])?(?:francs(?:\s+CFA)?|F\s?CFA|FCFA|euros|dollars|dinars|"
                     rf"gourdes)\b|€)", re.IGNORECASE)
_WITHOUT_RIGHT = ("sans droit", "sans autorisation", "frauduleusement", "illégalement", "illicitement",
                  "de manière illicite", "sans y être autorisé", "de façon illégitime")
_COMPUTER = ("système informatique", "système de traitement automatisé de données", "système d'information",
             "ordinateur")
_DATA = ("données informatiques", "données informatisées", "données")
_COURT = re.compile(r"\b(?:le|la|les|au|aux|du|des|un|une)\s+(juges?\s+d['’]instruction|juges?\s+des\s+libertés\s+"
                    r"et\s+de\s+la\s+détention|président\s+du\s+tribunal(?:\s+de\s+première\s+instance)?|tribunal"
                    r"(?:\s+de\s+première\s+instance)?|juridiction\s+(?:compétente|d['’]instruction)|juges?)\b",
                    re.IGNORECASE)
_AUTHORITY = re.compile(r"\b(?:l['’]|les\s+|aux\s+|des\s+|un\s+|une\s+|le\s+|du\s+|au\s+)(officiers?\s+de\s+police"
                        r"\s+judiciaire|agents?\s+de\s+police\s+judiciaire|procureur\s+de\s+la\s+République|"
                        r"ministère\s+public|autorité\s+compétente|enquêteurs?)\b", re.IGNORECASE)
LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies", "undecies",
         "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies")


@dataclass
class VoixFr:
    """How a French bill words an offence and a power."""

    form: str = "fait"  # a key of _FORMULAS
    verb: str = "est"  # "est puni" or "sera puni"
    pred: str = "puni"  # or "coupable" ("est coupable d'un acte criminel passible de ...", Canada)
    penalty: str = "de [peine]"
    comma: str = ""  # "Est puni de ..., quiconque": the bill's comma before the subject
    without_right: str = "sans droit"
    computer: str = "système informatique"
    data: str = "données informatiques"
    this_act: str = "la présente loi"
    court: str = "[juridiction]"
    authority: str = "[autorité]"


def penalty_pattern(penalty: str) -> str:
    """The bill's penalty with its figures left blank: "[durée]", "[montant]" (never a figure invented)."""
    out = _AMOUNT.sub("[montant]", penalty)
    out = _TERM.sub("[durée]", out)
    out = re.sub(rf"\b{_NUMS}(?=\s+à\s+\[(montant|durée)\])", lambda m: f"[{m.group(1)}]", out, flags=re.IGNORECASE)
    out = re.sub(r"\d[\d  .,]*", "[n]", out)
    out = re.sub(r"\b([dD])['’]\[", r"\1e [", out)  # "d'un an" -> "de [durée]"
    return " ".join(out.split()).rstrip(",; ")


def _commonest(phrases: tuple[str, ...], text: str) -> str | None:
    low = text.lower()
    counts = {p: len(re.findall(rf"\b{re.escape(p)}\b", low)) for p in phrases}
    best = max(phrases, key=lambda p: counts[p])
    return best if counts[best] else None


def _definite(noun: str) -> str:
    """"officiers de police judiciaire" -> "l'officier de police judiciaire"."""
    words = noun.split()
    words[0] = re.sub(r"s$", "", words[0].lower())
    noun = " ".join(words)
    if noun[0] in "aeéiouh":
        return f"l'{noun}"
    return f"la {noun}" if words[0] in ("juridiction", "autorité") else f"le {noun}"


def _named(pattern: re.Pattern[str], text: str) -> str | None:
    found = Counter(_definite(" ".join(m.group(1).split())) for m in pattern.finditer(text))
    return found.most_common(1)[0][0] if found else None


def voice(report: StatuteReport, text: str) -> VoixFr:
    """The French bill's offence formula, penalty pattern, phrase for without right, terms and authorities."""

    v = VoixFr()
    offences = _offence_text(report, text)
    hits = {name: list(rx.finditer(offences)) for name, rx in _FORMULAS.items()}
    if any(hits.values()):  # the commonest formula; a tie goes to the first used
        v.form = max(hits, key=lambda n: (len(hits[n]), -min((m.start() for m in hits[n]), default=10**9)))
        m = hits[v.form][0]
        v.verb = m.group("verb").lower()
        v.pred = m.group("pred").lower()
        v.penalty = penalty_pattern(m.group("penalty"))
        v.comma = m.groupdict().get("comma") or ""
    v.without_right = _commonest(_WITHOUT_RIGHT, offences) or v.without_right
    terms = {t.lower().strip("\"“”«» ") for t in report.statute.definitions}
    v.computer = next((t for t in _COMPUTER if t in terms), None) or _commonest(_COMPUTER, text) or v.computer
    v.data = next((t for t in _DATA if t in terms), None) or next(
        (t for t in _DATA if re.search(rf"\b{t}\b", text, re.IGNORECASE)), v.data)
    if len(re.findall(r"présent\s+code", text, re.I)) > len(re.findall(r"présente\s+loi", text, re.I)):
        v.this_act = "le présent code"
    v.court = _named(_COURT, text) or v.court
    v.authority = _named(_AUTHORITY, text) or v.authority
    return v


def _terms(clause: str, v: VoixFr) -> str:
    return with_terms(clause, {"système informatique": v.computer, "données informatiques": v.data})


def _mens(v: VoixFr, without_right: bool) -> str:
    if not without_right:
        return "intentionnellement"
    return v.without_right if v.without_right == "frauduleusement" else f"intentionnellement et {v.without_right}"


def fill(text: str, fields: Mapping[str, str]) -> str:
    """``{name}`` replaced by the bill's words, French contractions made ("de le juge" -> "du juge"), a
    capitalised ``{Name}`` opening a sentence."""
    def one(m: re.Match[str]) -> str:
        prep, name = m.group(1), m.group(2)
        value = fields.get(name.lower())
        if value is None:
            return m.group(0)
        if name[0].isupper():
            i = 1 if value.startswith("[") else 0
            value = value[:i] + value[i:i + 1].upper() + value[i + 1:]
        if prep:
            contracted = {("de", "le"): "du", ("à", "le"): "au", ("de", "les"): "des", ("à", "les"): "aux"}
            first, _, rest = value.partition(" ")
            key = (prep.strip().lower(), first)
            if key in contracted:
                word = contracted[key]
                return f"{word[0].upper() + word[1:] if prep[0].isupper() else word} {rest}"
            return f"{prep}{value}"
        return value
    return re.sub(r"(\b(?:de|à|De|À) )?\{(\w+)\}", one, text)


def article(section: str) -> str:
    """The article of a cited provision: "8" for "8 al. 1" or "8(1)"."""
    return re.split(r"[\s(]", section.strip(), maxsplit=1)[0]


def cited(report: StatuteReport, cite: Cite, drafted: Mapping[str, str] | None = None) -> str:
    """The articles a ``cites`` entry names, as a French clause cites them: "à l'article 3", "aux articles
    1er, 2 et 3", else its French ``otherwise``."""
    ids = [article(p.sections[0]) for p in report.provisions
           if p.id in cite.provisions and p.status in PRESENT and p.sections]
    if not ids and drafted:
        ids = [drafted[i] for i in cite.provisions if i in drafted][:1]
    ids = list(dict.fromkeys(ids))
    if not ids:
        return cite.lang.get("fr", cite.otherwise)
    if len(ids) == 1:
        return f"à l'article {ids[0]}"
    return "aux articles " + ", ".join(ids[:-1]) + f" et {ids[-1]}"


def _heading(cite: str, number: str) -> str:
    return f"Art. {number}" if cite == "Art." else f"Article {number}"


def draft_offence(drafting: Drafting, v: VoixFr, number: str, cite: str, cites: Mapping[str, str]) -> str | None:
    """A missing offence as an article of the French bill, in its formula."""
    t = drafting.lang.get("fr")
    if t is None:
        return None
    mens = _mens(v, drafting.without_right)
    subject = {"fait": "Le fait", "puni_fait": "le fait"}.get(v.form, "quiconque")
    words = t.act if v.form in ("fait", "puni_fait") else t.conduct
    listed = words.startswith("(")
    fields = {**cites, "without_right": v.without_right, "this_act": v.this_act, "mens": f", {mens},"}
    if listed:
        conduct = f", {mens} :\n" + fill(words, fields)
    elif "{mens}" in words:  # "intercepte{mens}, par des moyens" takes one comma
        conduct = " " + re.sub(r",\s*,", ",", fill(words, fields))
    else:
        conduct = f", {mens}, " + fill(words, fields)
    puni = f"{v.verb} {v.pred} {v.penalty}"
    if v.form == "fait":
        body = f"Le fait{conduct}{',' if listed else ''}\n{puni}." if listed else f"Le fait{conduct} {puni}."
    elif v.form == "quiconque":
        body = f"Quiconque{conduct},\n{puni}." if listed else f"Quiconque{conduct} {puni}."
    else:
        body = f"{puni[0].upper()}{puni[1:]}{v.comma} {subject}{conduct}."
    if drafting.exception and t.exception:
        body = f"(1) {body}\n(2) {fill(t.exception, fields)}"
    return _terms(f"{_heading(cite, number)}\n{body}", v)


def draft_power(p: ProvisionResult, drafting: Drafting, v: VoixFr, number: str | None, cite: str,
                cites: Mapping[str, str]) -> str | None:
    """A missing power as an article of the French bill; a partial one as the paragraphs it lacks, added to
    its implementing article."""
    t = drafting.lang.get("fr")
    if t is None:
        return None
    subs = list(zip(drafting.subsections, t.subsections, strict=True))
    if p.status == Status.MISSING:
        chosen, first = [x for _, x in subs], 0
        lead = _heading(cite, number or "[article]")
    else:
        missing = set(p.missing_elements)
        chosen = [x for s, x in subs if missing & set(s.supplies)]
        if not chosen or not p.sections:
            return None
        lead = f"L'article {article(p.sections[0])} est complété par les dispositions suivantes :"
        first = 0
    body = _layout(chosen, "1ai", first)
    fields = {"court": v.court, "the_court": v.court, "authority": v.authority, "the_authority": v.authority,
              "traffic": "données relatives au trafic", "provider": "fournisseur de services",
              "providers": "fournisseurs de services", "computer": "système informatique",
              "data": "données informatiques", "offence": "infraction", **cites}
    return _terms(fill("\n".join([lead, *body]), fields), v)


# -- numbering -----------------------------------------------------------------------------------------
def _parts(article: str) -> tuple[tuple[int, ...], str] | None:
    """"323-3-1" -> ((323, 3, 1), "-"); "342.1" -> ((342, 1), "."); "7" -> ((7,), "-")."""
    m = re.fullmatch(r"(\d+(?:[-.]\d+)*)(?:er)?", article)
    if m is None:
        return None
    return tuple(int(x) for x in re.split(r"[-.]", m.group(1))), "." if "." in m.group(1) else "-"


def numbers(report: StatuteReport, doc: Document | None, count: int, category: tuple[str, ...],
            fallback: str) -> list[str]:
    """Numbers for ``count`` new articles after the bill's provisions of these categories: in a code ("323-3-1"),
    the next free articles of their chapter ("323-3-2", "323-3-3"); else the next free numbers when no article
    follows them, or inserted articles ("7 bis", "7 ter")."""
    ids = [article(p.sections[0]) for p in report.provisions
           if p.category in category and p.status in PRESENT and p.sections]
    taken = {s.id for s in doc.sections} if doc is not None else set(ids)
    coded = [got for x in ids if (got := _parts(x)) and len(got[0]) > 1]
    if coded:
        chapter = Counter(parts[0] for parts, _ in coded).most_common(1)[0][0]
        last, sep = max(got for got in coded if got[0][0] == chapter)
        out: list[str] = []
        # French codes insert below an article ("323-3" -> "323-3-1"); "342.2" is followed by "342.3"
        nxt = (*last, 1) if sep == "-" and len(last) == 2 else last[:-1] + (last[-1] + 1,)
        while len(out) < count:
            name = sep.join(map(str, nxt))
            if name not in taken:
                out.append(name)
                taken.add(name)
            nxt = nxt[:-1] + (nxt[-1] + 1,)
        return out
    plain = [(x, got[0][0]) for x in ids if (got := _parts(x))]
    if plain and doc is not None:
        last = max(n for _, n in plain)
        later = [n for s in doc.sections if (got := _parts(s.id)) and len(got[0]) == 1 and (n := got[0][0]) > last]
        if later:
            return [f"{last} {LATIN[k % len(LATIN)]}" for k in range(count)]
    if not re.search(r"\d+$", fallback):
        return [fallback] * count
    return [re.sub(r"\d+$", lambda m, k=k: str(int(m.group()) + k), fallback) for k in range(count)]


def _cite_style(text: str) -> str:
    """"Art." where the bill heads its articles so ("Art. 323-1."), else "Article"."""
    short = len(re.findall(r"^[#*\s]*Art\.\s*\d", text, re.MULTILINE))
    return "Art." if short > len(re.findall(r"^[#*\s]*Article\s+\d", text, re.MULTILINE)) else "Article"


def draft_all(report: StatuteReport, text: str, doc: Document | None, drafting: Mapping[str, Drafting]) -> None:
    """Set ``suggested_clause`` in French on every missing offence and every missing or partial power whose
    rule has French drafting words (in place)."""

    v = voice(report, text)
    cite = _cite_style(text)
    offences = [p for p in report.provisions if p.status == Status.MISSING and p.category in CLAUSE_CATEGORIES
                and (d := drafting.get(p.id)) is not None and "fr" in d.lang and d.conduct]
    fallback = next_section(report, text).replace("[section]", "[article]")
    nums = numbers(report, doc, len(offences), CLAUSE_CATEGORIES, fallback)
    for p, n in zip(offences, nums, strict=True):
        d = drafting[p.id]
        p.suggested_clause = draft_offence(d, v, n, cite, {k: cited(report, c) for k, c in d.cites.items()})
    powers = [p for p in report.provisions if p.status in FINDINGS
              and (d := drafting.get(p.id)) is not None and "fr" in d.lang and d.subsections]
    missing = [p for p in powers if p.status == Status.MISSING]
    at_end = sum(1 for n in nums if " " not in n and n == re.sub(r"\D", "", n))
    base = re.sub(r"\d+$", lambda m: str(int(m.group()) + at_end), fallback)
    power_nums = dict(zip((p.id for p in missing), numbers(report, doc, len(missing), ("procedure",), base),
                          strict=True))
    for p in powers:
        d = drafting[p.id]
        cites = {k: cited(report, c, power_nums) for k, c in d.cites.items()}
        p.suggested_clause = draft_power(p, d, v, power_nums.get(p.id), cite, cites)
