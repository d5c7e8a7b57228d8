"""A report's human words in the report language, for the text, Markdown, HTML and DOCX reports.

Findings are computed, stored and exported (JSON, SARIF, JUnit, baselines) in English; a human report
in another language renders a copy of them whose words are translated: the provision's title, citation
and model wording from the rule's ``lang`` block (the Convention's authentic text where the pack has
it), element and form names through the message catalogue, and the remedies, support reasons and notes
rebuilt from the findings with translated msgids. Ids, statuses, levels and categories stay as they are
(templates key styles and filters on them and translate them when they print them); the statute's own
words (evidence, suggested wording, drafted clauses) are never translated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from modellaw_check.errors import CheckError
from modellaw_check.findings import ElementResult, ProvisionResult, StatuteReport, Support, words
from modellaw_check.i18n import KIND, N_, NOT_THE_LANGUAGE, SOURCE_LANGUAGE, STATUS, translations
from modellaw_check.rules import load_pack
from modellaw_check.status import ElementStatus, Status

if TYPE_CHECKING:
    from modellaw_check.rules.loader import RulePack

# The notes score.py and remedy.py write, as msgids: a note is translated by matching it against these
# (each %(name)s stands for a value, kept as written). A note matching none is shown as written.
NOTES = (
    N_("implemented in %(provision)s, which covers the most of its required elements; also in %(also)s"),
    N_("narrower than the model (%(elements)s): covered by the declared reservation %(reservation)s"),
    N_("narrower than the model (%(elements)s): permitted only if the country takes reservation %(reservation)s"),
    N_("over-breadth: the offence%(where)s has no without-right element, so it also covers authorised conduct "
       "(owners, administrators, security testers); add \"without right\" or an equivalent (without authority, "
       "unlawfully)."),
    N_("over-breadth: the misuse-of-devices offence%(where)s has no exception for authorised testing or "
       "protection of a computer system (Art. 6(2)); tools used by security professionals would be "
       "criminalised."),
    N_("over-breadth: procedural powers are present (%(powers)s) without the Art. 15 conditions and safeguards "
       "(judicial or independent supervision, grounds, limits on scope and duration, proportionality)."),
    N_("over-breadth: this power is not subject to the Art. 15 conditions and safeguards (%(rule)s is "
       "%(status)s)."),
)
# The warnings check.py writes, as msgids (translated as the notes are).
WARNINGS = (NOT_THE_LANGUAGE,)
MODEL_WORDING = N_("Model wording")  # the words that start the model wording inside a remedy
OVER_BREADTH = N_("over-breadth: ")  # the words that start an over-breadth note (each of NOTES' last four)


def _pattern(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", msgid)
    seen: set[str] = set()
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        else:  # a placeholder used again ("%(language)s" thrice) matches the same words each time
            out.append(f"(?P={part})" if part in seen else f"(?P<{part}>.*?)")
            seen.add(part)
    return re.compile("".join(out) + r"\Z", re.DOTALL)


_NOTE_PATTERNS = [(_pattern(m), m) for m in NOTES]
_WARNING_PATTERNS = [(_pattern(m), m) for m in WARNINGS]
_SECTION = re.compile(r"^ \(section (?P<n>.+)\)$")


def translate_warning(warning: str, lang: str) -> str:
    """A warning of the report in ``lang`` (as written if it is not one of ``WARNINGS``)."""
    return _translate(warning, lang, _WARNING_PATTERNS)


def translate_note(note: str, lang: str) -> str:
    """A note of the findings in ``lang`` (as written if it is not one of ``NOTES``)."""
    return _translate(note, lang, _NOTE_PATTERNS)


def _translate(note: str, lang: str, patterns: list[tuple[re.Pattern[str], str]]) -> str:
    _ = translations(lang).gettext
    for pattern, msgid in patterns:
        m = pattern.match(note)
        if m is None:
            continue
        values = m.groupdict()
        if "where" in values and (w := _SECTION.match(values["where"])):
            values["where"] = " (" + _("section %(n)s") % {"n": w.group("n")} + ")"
        if "status" in values:
            values["status"] = _(STATUS.get(values["status"], values["status"]))
        if "language" in values:
            values["language"] = _(values["language"])
        if "elements" in values:
            values["elements"] = ", ".join(_(words(e.strip())) for e in values["elements"].split(","))
        return _(msgid) % values
    return note


def _remedy(p: ProvisionResult, source: str, wording: str, lang: str) -> str | None:
    """The remedy of a missing or partial provision, rebuilt in ``lang`` (the suggested wording, the
    statute's own sentence, is shown on its own)."""
    _ = translations(lang).gettext
    if p.status == Status.MISSING:
        return _("Add a provision implementing %(source)s. Model wording: %(wording)s") % {
            "source": source, "wording": wording}
    if p.status != Status.PARTIAL or not p.remedy:
        return None
    parts = []
    by_name = {el.name: el for el in p.elements}
    for name in p.missing_elements:
        el = by_name.get(name)
        if el is None:
            continue  # a missing form: named with its element below
        part = _(words(name))
        if el.status == ElementStatus.PARTIAL and el.groups_missing:
            part = _("%(element)s (also cover: %(forms)s)") % {
                "element": part, "forms": ", ".join(_(words(g)) for g in el.groups_missing)}
        parts.append(part)
    out = _("Amend %(where)s to add: %(elements)s.") % {
        "where": p.provision or _("the provision"), "elements": "; ".join(parts)}
    if f" {MODEL_WORDING} (" in p.remedy:
        out += " " + _("Model wording (%(source)s): %(wording)s") % {"source": source, "wording": wording}
    return out


def _support(s: Support, provision: str | None, lang: str) -> Support:
    _ = translations(lang).gettext
    where = provision or _("the provision")
    why = {
        "definition": _("defines \"%(term)s\", a term %(provision)s uses") % {"term": s.term, "provision": where},
        "reference": _("%(provision)s refers to it") % {"provision": where},
        "lead-in": _("introduces the list %(provision)s is an item of") % {"provision": where},
        "context": (_("elsewhere in the section of %(provision)s") % {"provision": where}
                    if "the section of" in s.why else _("elsewhere in the statute")),
    }[s.role]
    return s.model_copy(update={"why": why, "elements": [_(words(e)) for e in s.elements]})


def _element(el: ElementResult, lang: str) -> ElementResult:
    _ = translations(lang).gettext
    return el.model_copy(update={
        "name": _(words(el.name)), "kind": _(KIND.get(el.kind, words(el.kind))),
        "description": "",  # the pack's descriptions are English prose; the name says it in French
        "groups_found": [_(words(g)) for g in el.groups_found],
        "groups_missing": [_(words(g)) for g in el.groups_missing]})


def _rule_texts(pack: RulePack | None, lang: str) -> dict:
    """Rule id -> its ``lang`` text (title, source, model wording), from the pack the report used (in
    memory; None: the bundled default pack)."""
    if pack is None:
        try:
            pack = load_pack(None)
        except CheckError:  # a damaged install keeps English titles
            return {}
    return {r.id: r.lang[lang] for r in pack.rules if lang in r.lang}


def model_wording_language(report: StatuteReport, lang: str, pack: RulePack | None = None) -> dict[str, str]:
    """Provision id -> the language of the model wording a ``lang`` report shows for it."""
    texts = _rule_texts(pack, lang) if lang != SOURCE_LANGUAGE else {}
    return {p.id: lang if p.id in texts and texts[p.id].model_wording else SOURCE_LANGUAGE
            for p in report.provisions}


def localized(report: StatuteReport, lang: str, pack: RulePack | None = None) -> StatuteReport:
    """A copy of ``report`` whose words are in ``lang`` (the report itself for English)."""
    if lang == SOURCE_LANGUAGE:
        return report
    texts = _rule_texts(pack, lang)
    provisions = []
    for p in report.provisions:
        text = texts.get(p.id)
        source = text.source if text and text.source else p.source
        wording = " ".join(text.model_wording.split()) if text and text.model_wording else p.model_wording
        provisions.append(p.model_copy(update={
            "title": text.title if text else p.title,
            "source": source,
            "model_wording": wording,
            "remedy": _remedy(p, source, wording, lang),
            "notes": [translate_note(n, lang) for n in p.notes],
            "elements": [_element(el, lang) for el in p.elements],
            "missing_elements": [translations(lang).gettext(words(n)) for n in p.missing_elements],
            "support": [_support(s, p.provision, lang) for s in p.support],
        }))
    _ = translations(lang).gettext
    return report.model_copy(update={
        "provisions": provisions,
        "warnings": [translate_warning(w, lang) for w in report.warnings],
        # the pack's title is a msgid (extracted from pack.yaml): a custom pack's stays as written
        "rule_pack": report.rule_pack.model_copy(update={"title": _(report.rule_pack.title)}),
    })
