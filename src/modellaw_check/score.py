"""Score: turn a rule's best match into a provision status, a score, evidence and a remedy.

implemented: a unit holds every required element (elements waived by a declared reservation are
optional); partial: the provision is located (its anchor elements meet in one unit) but a required
element, or some of the required forms of one, is absent; missing: no unit locates it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from modellaw_check.citation import citer
from modellaw_check.document import Document
from modellaw_check.findings import ElementResult, Evidence, ProvisionResult, Support, words
from modellaw_check.match.evaluate import NO_GROUP, RuleMatch, UnitMatch, needed_groups
from modellaw_check.match.index import Hit
from modellaw_check.rules.schema import Rule
from modellaw_check.status import ElementStatus, Status

PARTIAL_MIN_SCORE = 0.35
MAX_EVIDENCE = 3


def optional_elements(rule: Rule, reservations: set[str]) -> tuple[set[str], dict[str, str]]:
    """Elements (or element:group) that the declared reservations make optional."""
    optional: set[str] = set()
    by: dict[str, str] = {}
    for res in rule.reservations:
        if res.id in reservations:
            for name in res.makes_optional:
                optional.add(name)
                by.setdefault(name.split(":")[0], res.id)
    return optional, by


def evidence(doc: Document, hit: Hit, via: str | None = None) -> Evidence:
    sec = doc.section_at(hit.start)
    line = doc.line_of(hit.start)
    end_line = doc.line_of(max(hit.end - 1, hit.start))
    return Evidence(
        section=sec.id if sec else None,
        line=line,
        column=doc.column_of(hit.start),
        end_line=end_line,
        end_column=doc.column_of(max(hit.end - 1, hit.start)) + 1,
        start=hit.start,
        end=hit.end,
        quote=doc.text[hit.start:hit.end],
        location=(sec.location if sec and sec.location else doc.line_locations.get(line)),
        via_definition=via,
    )


def _fingerprint(rule: Rule, status: Status, sections: list[str], missing: list[str]) -> str:
    basis = "|".join([rule.id, status, sections[0] if sections else "", ",".join(sorted(missing))])
    return hashlib.sha256(basis.encode()).hexdigest()[:20]


def _support(doc: Document, best: UnitMatch, cite: Callable[[str | None], str | None],
             required: set[str]) -> list[Support]:
    """What the implementing provision brings in, from where its elements' evidence lies: the
    definitions of terms it uses, provisions it names, the lead-in of its list, and (only where a rule
    lets an element stand there) the rest of its section or statute."""
    unit = best.unit
    provision = cite(unit.label) or "the provision"
    found: dict[tuple[str | None, str, str | None], Support] = {}
    for name, em in best.elements.items():
        for h in em.hits:
            if unit.start <= h.start < unit.end and h not in em.via:
                continue
            sec = doc.section_at(h.start)
            sid = sec.id if sec else None
            via = em.via.get(h)
            if via and via.startswith("section "):
                sid = via.removeprefix("section ")  # the provision named, not each subdivision of it
                role, term, why = "reference", None, f"{provision} refers to it"
            elif via:
                role, term, why = "definition", via, f"defines \"{via}\", a term {provision} uses"
            elif any(lo <= h.start < hi for lo, hi in unit.extra):
                role, term, why = "lead-in", None, f"introduces the list {provision} is an item of"
            else:
                role, term = "context", None
                in_section = unit.top[0] <= h.start < unit.top[1]
                why = f"elsewhere in {'the section of ' + provision if in_section else 'the statute'}"
            key = (sid, role, term)
            if key not in found:
                found[key] = Support(section=sid, cited=cite(sid), role=role, term=term, why=why)
            if name not in found[key].elements and (name in required or not required):
                found[key].elements.append(name)
    order = {"lead-in": 0, "definition": 1, "reference": 2, "context": 3}
    return sorted((s for s in found.values() if s.elements), key=lambda s: (order[s.role], s.section or ""))


def _remedy(rule: Rule, status: Status, section: str | None, missing: list[ElementResult]) -> str | None:
    if status == Status.MISSING:
        return f"Add a provision implementing {rule.source}. Model wording: {' '.join(rule.model_wording.split())}"
    if status == Status.PARTIAL and missing:
        parts = []
        for e in missing:
            if e.groups_missing and e.status == ElementStatus.PARTIAL:
                parts.append(f"{words(e.name)} (also cover: {', '.join(map(words, e.groups_missing))})")
            else:
                parts.append(f"{words(e.name)} ({e.description})" if e.description else words(e.name))
        where = section or "the provision"
        return f"Amend {where} to add: {'; '.join(parts)}."
    return None


def _missing_names(missing: list[ElementResult]) -> list[str]:
    """What is missing: each absent element, and for one found in part its missing forms too
    ("seize", "integrity", "render_inaccessible": the power to seize lacks those two)."""
    out: list[str] = []
    for e in missing:
        out.append(e.name)
        if e.status == ElementStatus.PARTIAL:
            out.extend(g for g in e.groups_missing if g not in out and g != e.name)
    return out


def score_rule(doc: Document, match: RuleMatch, reservations: set[str],
               cite: Callable[[str | None], str | None] | None = None) -> ProvisionResult:
    rule = match.rule
    if cite is None:
        cite = citer(doc)
    optional, waived_by = optional_elements(rule, reservations)
    notes: list[str] = []
    elements: list[ElementResult] = []
    best = match.best
    # the provision's own section first: an element found anywhere in the statute (subscriber
    # information) is quoted from the provision if it says it there
    top = best.unit.top if best else (0, 0)
    for el in rule.elements:
        needed, required = needed_groups(el, optional)
        em = best.elements.get(el.name) if best else None
        groups_found = sorted(g for g in (em.groups if em else set()) if g != NO_GROUP)
        all_groups = sorted({p.group for p in el.any if p.group})
        cov = em.coverage(needed) if em else 0.0
        el_status = (ElementStatus.FOUND if cov >= 1.0 else ElementStatus.PARTIAL if cov > 0
                     else ElementStatus.MISSING)
        hits = sorted(em.hits, key=lambda h: (h in em.via, not top[0] <= h.start < top[1], h.start)
                      )[:MAX_EVIDENCE] if em else []
        elements.append(ElementResult(
            name=el.name, kind=el.kind, description=el.description, required=required,
            waived_by=waived_by.get(el.name) if not required and el.required else None,
            status=el_status, groups_found=groups_found,
            groups_missing=[g for g in all_groups if g not in groups_found],
            evidence=[evidence(doc, h, em.via.get(h)) for h in hits] if em else [],
        ))
    if best is None:
        status, score, sections = Status.MISSING, 0.0, []
    else:
        score = round(best.score, 3)
        status = (Status.IMPLEMENTED if best.complete else Status.PARTIAL if score >= PARTIAL_MIN_SCORE
                  else Status.MISSING)
        sections = [best.unit.label] if best.unit.label else []
        sections += [m.unit.label for m in match.others if m.unit.label and m.unit.label not in sections]
        if status == Status.MISSING:
            sections = []
    for res in rule.reservations:
        if best and res.permits:
            narrowed = [p for p in res.permits if best.elements.get(p.split(":")[0])
                        and best.elements[p.split(":")[0]].hits]
            if narrowed:
                taken = res.id in reservations
                notes.append(f"narrower than the model ({', '.join(narrowed)}): "
                             + ("covered by the declared reservation " if taken
                                else "permitted only if the country takes reservation ") + res.id)
    missing = [e for e in elements if e.required and e.status != ElementStatus.FOUND]
    if status == Status.MISSING:
        missing = [e for e in elements if e.required]
    applied = sorted({res.id for res in rule.reservations if res.id in reservations})
    provision = cite(sections[0]) if sections else None
    support = _support(doc, best, cite, {e.name for e in elements if e.required}) if best and sections else []
    if provision and len(sections) > 1:
        also = ", ".join(c for c in (cite(x) for x in sections[1:]) if c)
        notes.insert(0, f"implemented in {provision}, which covers the most of its required elements; also in {also}")
    return ProvisionResult(
        id=rule.id, title=rule.title, source=rule.source, level=rule.level, category=rule.category,
        status=status, score=score if status != Status.MISSING else min(score, PARTIAL_MIN_SCORE),
        sections=sections, elements=elements, missing_elements=_missing_names(missing), notes=notes,
        reservations_applied=applied, model_wording=" ".join(rule.model_wording.split()),
        provision=provision, support=support,
        remedy=_remedy(rule, status, provision, missing),
        fingerprint=_fingerprint(rule, status, sections, [e.name for e in missing]),
    )
