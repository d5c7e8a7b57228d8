"""Compare two versions of a bill: per provision, what improved, what regressed, what is unchanged.

Both versions are checked with the same rule pack and reservations. A provision *regressed* when its
status dropped (implemented > partial > missing) or, at the same status, a required element dropped
(found > partial > missing); it *improved* when the status rose or, at the same status, a required
element rose without any dropping. Element changes name the section that held (or now holds) the
element's evidence, which is what a drafter needs to find the edit.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from modellaw_check.findings import ElementResult, ElementStatus, ProvisionResult, Status, StatuteReport, words

Verdict = Literal["improved", "regressed", "unchanged"]
STATUS_RANK = {Status.MISSING: 0, Status.NOT_APPLICABLE: 0, Status.PARTIAL: 1, Status.IMPLEMENTED: 2}
ELEMENT_RANK = {ElementStatus.MISSING: 0, ElementStatus.PARTIAL: 1, ElementStatus.FOUND: 2}


class ElementChange(BaseModel):
    element: str
    required: bool
    old: ElementStatus
    new: ElementStatus
    sections: list[str] = Field(default_factory=list, description="where the evidence was (or now is)")
    message: str


class ProvisionDiff(BaseModel):
    id: str
    title: str
    source: str
    level: str
    verdict: Verdict
    old_status: Status
    new_status: Status
    old_score: float
    new_score: float
    old_sections: list[str] = Field(default_factory=list)
    new_sections: list[str] = Field(default_factory=list)
    changes: list[ElementChange] = Field(default_factory=list)
    sections_lost: list[str] = Field(default_factory=list,
                                     description="the section that implemented it before and no longer does "
                                     "(the provision may still be implemented elsewhere)")


class DiffSummary(BaseModel):
    improved: int = 0
    regressed: int = 0
    unchanged: int = 0


class DiffReport(BaseModel):
    old: str
    new: str
    rule_pack: str
    summary: DiffSummary
    provisions: list[ProvisionDiff]

    @property
    def regressed(self) -> bool:
        return self.summary.regressed > 0


def _sections(el: ElementResult) -> list[str]:
    out: list[str] = []
    for ev in el.evidence:
        if ev.section and ev.section not in out:
            out.append(ev.section)
    return out


def _element_change(old: ElementResult, new: ElementResult) -> ElementChange | None:
    a, b = ELEMENT_RANK[old.status], ELEMENT_RANK[new.status]
    kind = "" if old.required else " (optional)"
    if b < a:
        where = _sections(old)
        verb = "removed" if new.status == Status.MISSING else "weakened"
        lost = [g for g in old.groups_found if g not in new.groups_found]
        detail = f" (no longer covers: {', '.join(words(g) for g in lost)})" if lost else ""
        msg = f"{words(old.name)}{kind} element {verb}{detail}"
        msg += f" in section {', '.join(where)}" if where else ""
    elif b > a:
        where = _sections(new)
        verb = "added" if old.status == Status.MISSING else "strengthened"
        msg = f"{words(new.name)}{kind} element {verb}" + (f" in section {', '.join(where)}" if where else "")
    else:
        return None
    return ElementChange(element=old.name, required=new.required, old=old.status, new=new.status,
                         sections=where, message=msg)


def compare_provision(old: ProvisionResult, new: ProvisionResult) -> ProvisionDiff:
    new_elements = {e.name: e for e in new.elements}
    changes = [c for e in old.elements if e.name in new_elements
               for c in [_element_change(e, new_elements[e.name])] if c]
    # The section that implemented it (the first cited) and no longer does: it still ranks first if
    # it still implements the provision, so its absence from the new list means it lost an element.
    lost = old.sections[:1] if old.sections and old.sections[0] not in new.sections else []
    a, b = STATUS_RANK[old.status], STATUS_RANK[new.status]
    required = [c for c in changes if c.required]
    if b < a or (b == a and (lost or any(ELEMENT_RANK[c.new] < ELEMENT_RANK[c.old] for c in required))):
        verdict: Verdict = "regressed"
    elif b > a or (b == a and required):
        verdict = "improved"
    else:
        verdict = "unchanged"
    return ProvisionDiff(
        id=old.id, title=old.title, source=old.source, level=old.level, verdict=verdict,
        old_status=old.status, new_status=new.status, old_score=old.score, new_score=new.score,
        old_sections=old.sections, new_sections=new.sections, changes=changes,
        sections_lost=lost if new.status != Status.MISSING else [],
    )


def compare(old: StatuteReport, new: StatuteReport) -> DiffReport:
    """Provision by provision; both reports must come from the same rule pack."""
    new_by_id = {p.id: p for p in new.provisions}
    diffs = [compare_provision(p, new_by_id[p.id]) for p in old.provisions if p.id in new_by_id]
    summary = DiffSummary()
    for d in diffs:
        setattr(summary, d.verdict, getattr(summary, d.verdict) + 1)
    order = {"regressed": 0, "improved": 1, "unchanged": 2}
    return DiffReport(
        old=old.statute.path, new=new.statute.path,
        rule_pack=f"{old.rule_pack.name} {old.rule_pack.version}",
        summary=summary, provisions=sorted(diffs, key=lambda d: order[d.verdict]),
    )


def render_text(diff: DiffReport, verbose: bool = False) -> str:
    """The human report: every regression and improvement with its element detail; unchanged counted."""
    lines = [f"modellaw-check diff: {diff.old} -> {diff.new} ({diff.rule_pack})", ""]
    for d in diff.provisions:
        if d.verdict == "unchanged" and not (verbose or d.changes or d.sections_lost):
            continue
        status = d.old_status if d.old_status == d.new_status else f"{d.old_status} -> {d.new_status}"
        where = f" [section {d.new_sections[0]}]" if d.new_sections else ""
        lines.append(f"{d.verdict.upper():<10} {d.id}: {d.title} ({status}){where}")
        lines += [f"           - {d.id}: {c.message}" for c in d.changes]
        if d.sections_lost:
            still = f" (still implemented by section {', '.join(d.new_sections)})" if d.new_sections else ""
            lines.append(f"           - {d.id}: section {', '.join(d.sections_lost)} no longer implements it{still}")
    s = diff.summary
    if len(lines) > 2:
        lines.append("")
    lines.append(f"{s.regressed} regressed, {s.improved} improved, {s.unchanged} unchanged")
    return "\n".join(lines) + "\n"


def render_json(diff: DiffReport) -> str:
    return diff.model_dump_json(indent=2) + "\n"
