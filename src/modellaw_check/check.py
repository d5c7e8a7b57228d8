"""The pipeline end to end: read -> segment -> annotate -> match -> score -> report model."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from modellaw_check import __version__
from modellaw_check.annotate import fold_accents, pipeline
from modellaw_check.citation import citer
from modellaw_check.document import Document, first_line
from modellaw_check.errors import UsageError
from modellaw_check.findings import RulePackInfo, StatuteInfo, StatuteReport, Summary
from modellaw_check.i18n import NOT_THE_LANGUAGE
from modellaw_check.lang import load_profile
from modellaw_check.match.evaluate import match_rule
from modellaw_check.match.index import HitIndex, MatchContext, occurs
from modellaw_check.match.patterns import CompiledPack, compile_pack, concept_key
from modellaw_check.match.units import Unit, definition_units, marked_units, section_units
from modellaw_check.read import read_document
from modellaw_check.read.text import normalise
from modellaw_check.remedy import suggest_remedies
from modellaw_check.rules.loader import RulePack, load_pack
from modellaw_check.score import optional_elements, score_rule
from modellaw_check.segment import segment
from modellaw_check.status import Status

# English statutes measure 0.37-0.47 common function words; the Dutch excerpt 0.10.
MIN_LANGUAGE_SHARE = 0.2


def language_share(norms: list[str] | Mapping[str, int], function_words: frozenset[str]) -> float:
    """Share of a language's common function words among the words (about 0.4 in English statutes
    for English's); ``norms``: the words, or how often each occurs."""
    counts = norms if isinstance(norms, Mapping) else Counter(norms)
    words = sum(c for n, c in counts.items() if n.isalpha())  # over distinct words: ~20 tokens each
    return sum(counts.get(w, 0) for w in function_words) / words if words else 0.0


_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, candidates: list[str]) -> str:
    """The candidate language whose common function words make up the largest share of the text's
    words (the first candidate on a tie or an empty text). Counted on lower-cased, accent-folded
    words, as written: no pipeline is needed to choose one."""
    if len(candidates) < 2:
        return candidates[0]
    counts: Counter[str] = Counter()
    for word, n in Counter(_WORD.findall(text[:DETECT_CHARS].lower())).items():
        counts[fold_accents(word)] += n  # folded once per distinct word, not per occurrence
    best, best_share = candidates[0], -1.0
    for code in candidates:
        words = frozenset(fold_accents(w.lower()) for w in load_profile(code).function_words)
        share = language_share(counts, words)
        if share > best_share:
            best, best_share = code, share
    return best


DETECT_CHARS = 200_000  # a statute's language shows in its first pages
NON_OPERATIVE_HEAD = 160  # characters at the start of a section where its nature is announced


class Checker:
    """A rule pack compiled against the process's spaCy pipelines, ready to check statutes.

    ``language``: the language every statute is read in (a profile code); None: each statute's own,
    detected among the languages the pack has wordings in (``RulePack.languages``). A language's
    pipeline and compiled pack are built when a statute first needs them, with the run's matching
    context for that language (``MatchContext``: what matching remembers from statute to statute)."""

    def __init__(self, pack: RulePack | None = None, reservations: Iterable[str] = (),
                 language: str | None = None) -> None:
        self.pack = pack or load_pack()
        if language is not None and language not in self.pack.languages():
            load_profile(language)  # an unknown language is a RuleError naming the known ones
            raise UsageError(f"the rule pack has no wordings in {language!r} (it has: "
                             f"{', '.join(self.pack.languages())})")
        self.language = language
        self._drafting = {r.id: r.drafting for r in self.pack.rules if r.drafting is not None}  # remedy's clauses
        self._languages: dict[str, tuple[RulePack, object, CompiledPack]] = {}
        self._contexts: dict[str, MatchContext] = {}  # language -> this run's matching context
        _, self.nlp, self.compiled = self.for_language(language or self.pack.language)
        self.reservations = {r.strip() for r in reservations if r.strip()}
        unknown = self.reservations - self.pack.reservation_ids()
        if unknown:
            known = ", ".join(sorted(self.pack.reservation_ids()))
            raise UsageError(f"unknown reservation {', '.join(sorted(unknown))} (known: {known})")

    def for_language(self, code: str) -> tuple[RulePack, object, CompiledPack]:
        """The pack localised to a language, that language's pipeline and the pack compiled for it."""
        got = self._languages.get(code)
        if got is None:
            pack = self.pack.localised(code)
            nlp = pipeline(code)
            got = self._languages[code] = (pack, nlp, compile_pack(pack, nlp))
        return got

    def language_of(self, doc: Document) -> str:
        return self.language or detect_language(doc.text, self.pack.languages())

    # -- entry points ---------------------------------------------------------------------------
    def check_path(self, path: str | Path, input_format: str | None = None) -> StatuteReport:
        return self.check_document(read_document(path, input_format))

    def check_text(self, text: str, path: str = "<text>") -> StatuteReport:
        return self.check_document(segment(Document(path=path, text=normalise(text))))

    def check_document(self, doc: Document, language: str | None = None) -> StatuteReport:
        code = language or self.language_of(doc)
        pack, nlp, compiled = self.for_language(code)
        # A line break inside a sentence ("have\neffect") must not break a wording; one space for one
        # newline keeps every offset. Blank lines still separate (two spaces make a space token).
        sdoc = nlp(doc.text.replace("\n", " "))
        context = self._contexts.get(code)
        if context is None:
            context = self._contexts[code] = MatchContext()
        idx = HitIndex(doc, sdoc, compiled, context)
        sec_units = section_units(doc)
        def_units = definition_units(doc)
        idx.add_aliases(self._aliases(idx, def_units, pack, compiled))
        results = []
        units_by_kind: dict[str, list[Unit]] = {}  # the same for every rule of a kind
        operative = self._operative(sec_units, idx)
        cite = citer(doc)
        for rule in pack.rules:
            optional, _ = optional_elements(rule, self.reservations)
            if rule.unit not in units_by_kind:
                units_by_kind[rule.unit] = self._units_for(rule.unit, operative, def_units, idx)
            units = units_by_kind[rule.unit]
            results.append(score_rule(doc, match_rule(rule, units, idx, compiled, optional),
                                      self.reservations, cite))
        report = self._report(doc, results, code)
        suggest_remedies(report, doc.text, doc, self.pack.meta.advisories,  # wording, clauses, the pack's advice
                         self._drafting)
        share = language_share(idx.norm_counts(), pack.function_words)
        if share < MIN_LANGUAGE_SHARE:
            lang = pack.language_name
            report.warnings.append(NOT_THE_LANGUAGE % {"language": lang, "share": f"{share:.0%}"})
        return report

    # -- helpers --------------------------------------------------------------------------------
    def _units_for(self, kind: str, sec_units: list[Unit], def_units: list[Unit], idx: HitIndex) -> list[Unit]:
        """The units a rule of this kind is matched against; ``sec_units`` already without the
        non-operative sections (``_operative``)."""
        if kind == "definition":
            return def_units
        if kind in self.pack.meta.whole_items:
            sec_units = [own for u in sec_units if (own := u.own_words()) is not None]
        markers = [concept_key(c) for c in self.pack.meta.units.get(kind, [])]
        conflicts = [concept_key(c) for c in self.pack.meta.unit_conflicts.get(kind, [])]
        if not markers:
            # A kind known only by what it is not (a jurisdiction clause states no sentence).
            starts = idx.starts(conflicts) if conflicts else []
            return [u for u in sec_units if not occurs(starts, u.start, u.end)] if starts else sec_units
        near = self.pack.meta.unit_scope.get(kind, "section") == "unit"
        return marked_units(sec_units, idx.starts(markers), idx.starts(conflicts), near)

    def _operative(self, sec_units: list[Unit], idx: HitIndex) -> list[Unit]:
        """Without the units of a declaration of policy, a statement of objects, a short title or a list of
        matters for regulations: they create no offence or power (announced where the unit starts)."""
        skip = idx.starts([concept_key(c) for c in self.pack.meta.non_operative])
        if not skip:
            return sec_units
        # Judged where each unit and the lead-ins it is read with start: "(1) This Act may be cited as
        # ..." does not make "(3) It shall apply to every citizen wherever he may be" inoperative.
        # An item of a list whose lead-in is such a formula ("The objects of this Act are to - (b) ...") is
        # inoperative too.
        text = idx.doc.text

        def opening(lo: int, hi: int, top: int) -> tuple[int, int]:
            # A section's title line names what the section holds ("Short title, extent, application"),
            # not what its words do: the opening is read after it.
            if lo == top:
                nl = text.find("\n", lo, min(hi, lo + NON_OPERATIVE_HEAD))
                lo = nl + 1 if nl >= 0 else lo
            return lo, min(hi, lo + NON_OPERATIVE_HEAD)

        return [u for u in sec_units if not any(occurs(skip, *opening(lo, hi, u.top[0])) for lo, hi in u.ranges)]

    def _aliases(self, idx: HitIndex, def_units: list[Unit], pack: RulePack,
                 compiled: CompiledPack) -> dict[str, set[str]]:
        """Defined terms that a definition rule recognises as the concept it defines."""
        aliases: dict[str, set[str]] = {}
        for rule in pack.rules:
            if not rule.defines_concept or rule.unit != "definition":
                continue
            m = match_rule(rule, def_units, idx, compiled, set())
            for um in [m.best, *m.others] if m.best else []:
                if um.complete and um.unit.definition:
                    aliases.setdefault(rule.defines_concept, set()).add(um.unit.definition.term)
        return aliases

    def _report(self, doc: Document, results: list, language: str) -> StatuteReport:
        summary = Summary()
        req_scores = []
        for r in results:
            setattr(summary, r.status, getattr(summary, r.status) + 1)
            if r.level == "required":
                req_scores.append(r.score)
                if r.status == Status.MISSING:
                    summary.required_missing += 1
        summary.coverage = round(sum(req_scores) / len(req_scores), 3) if req_scores else 0.0
        return StatuteReport(
            tool={"name": "modellaw-check", "version": __version__},
            statute=StatuteInfo(
                path=doc.path, format=doc.format, title=doc.title or first_line(doc.text),
                sha256=hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
                characters=len(doc.text), lines=doc.text.count("\n") + 1,
                sections=sum(1 for s in doc.sections if s.level == 1),
                definitions=sorted({d.term for d in doc.definitions}), language=language,
            ),
            rule_pack=RulePackInfo(name=self.pack.meta.name, title=self.pack.meta.title,
                                   version=self.pack.meta.version, digest=self.pack.digest),
            reservations=sorted(self.reservations),
            summary=summary,
            provisions=results,
        )
