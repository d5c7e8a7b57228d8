"""Measure agreement with an expert's article-by-article reading (gold labels).

A gold file (YAML) names a statute and, per provision id, the expert's status, the statuses careful
readers could also defend (``accept``), the sections that implement it and, for partial cells, the
missing elements. See ``corpora/labels/README.md`` for the format.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from modellaw_check.errors import InputError
from modellaw_check.guard import read_text
from modellaw_check.status import PRESENT, ElementStatus, Status

STATUSES = (Status.IMPLEMENTED, Status.PARTIAL, Status.MISSING)  # what an expert labels


@dataclass
class GoldCell:
    provision: str
    status: str
    accept: set[str]
    sections: list[str] = field(default_factory=list)
    missing: list[str] | None = None
    note: str = ""


@dataclass
class GoldFile:
    path: Path
    statute: Path
    cells: dict[str, GoldCell]
    relevant: bool = True


def _fail(path: Path, msg: str) -> InputError:
    return InputError(f"malformed gold file: {msg}", path=str(path))


def _words(value: object) -> list[str] | None:
    """A label's list of words (one word alone counts as a list of one); None if it is anything else
    (``accept: 5``, a mapping)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
        return None
    return items


def load_gold(path: Path, corpus: Path | None = None) -> GoldFile:
    try:
        data = yaml.safe_load(read_text(path, "gold file"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed gold file: {getattr(exc, 'problem', exc)}", path=str(path),
                         line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or "statute" not in data:
        raise _fail(path, "expected a mapping with 'statute' and 'labels'")
    labels = data.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise _fail(path, "'labels' must be a non-empty mapping of provision id -> {status: ...}")
    base = corpus or path.parent.parent
    statute = base / str(data.get("path") or data["statute"])
    cells: dict[str, GoldCell] = {}
    for pid, lab in labels.items():
        if not isinstance(lab, dict) or lab.get("status") not in STATUSES:
            raise _fail(path, f"label {pid!r} needs status: one of {', '.join(STATUSES)}")
        accept = _words(lab.get("accept"))
        if accept is None or not set(accept) <= set(STATUSES):
            raise _fail(path, f"label {pid!r}: accept must list statuses ({', '.join(STATUSES)})")
        sections = lab.get("sections") or []
        if not isinstance(sections, list):
            raise _fail(path, f"label {pid!r}: sections must be a list")
        missing = _words(lab.get("missing"))
        if missing is None:
            raise _fail(path, f"label {pid!r}: missing must list element names")
        cells[str(pid)] = GoldCell(str(pid), lab["status"], set(accept) | {lab["status"]},
                                   [str(s) for s in sections], missing if lab.get("missing") is not None else None,
                                   str(lab.get("note") or ""))
    return GoldFile(path=path, statute=statute, cells=cells, relevant=bool(data.get("relevant", True)))


def section_agrees(ours: list[str], theirs: list[str]) -> bool:
    """Did we cite a section the expert cited? "3(1)(a)" agrees with "3(1)" and with "3"."""
    def norm(s: str) -> str:
        return s.replace(" ", "").lower()

    for a in map(norm, ours):
        for b in map(norm, theirs):
            short, long_ = sorted((a, b), key=len)
            if long_ == short or (long_.startswith(short) and long_[len(short)] in "(."):
                return True
    return False


_CITATION_WORDS = ("§", "section", "sec.", "s.", "article", "art.")


def _parts(section: str) -> list[str]:
    """"342.1(1)(a)" -> ["342.1", "1", "a"]; citation words ("s.", "§", "Art.") dropped."""
    s = str(section).strip().lower()
    for w in _CITATION_WORDS:
        s = s.replace(w, "")
    s = s.strip()
    head = re.match(r"[0-9a-z.\-]+", s)
    if not head:
        return [s]
    return [head.group(0).rstrip(".")] + re.findall(r"\(([^)]+)\)", s[head.end():])


def section_within(ours: str, theirs: str) -> bool:
    """Is our section inside the expert's, or the expert's inside ours, on the path they share?
    Expert "4(a)" contains "4(a)(3)"; expert "4(a)(1)" does not contain "4(a)(3)"."""
    a, b = _parts(ours), _parts(theirs)
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@dataclass
class Evaluation:
    cells: int = 0
    agree: int = 0
    false_missing: int = 0
    implemented_cells: int = 0
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    per_provision: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    per_statute: dict[str, list[int]] = field(default_factory=dict)
    section_checked: int = 0
    section_agree: int = 0
    el_tp: int = 0
    el_fp: int = 0
    el_fn: int = 0
    # evidence locality: required elements reported found, in cells both call implemented/partial,
    # whose evidence lies in a section the expert cited
    local: int = 0
    located: int = 0
    # missing-element agreement: partial cells (both) where we name a missing element the expert names
    missing_agree: int = 0
    missing_cells: int = 0
    per_statute_reasons: dict[str, list[int]] = field(default_factory=dict)  # local, located, m agree, m cells
    mislocated: list[str] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        p = self.el_tp / (self.el_tp + self.el_fp) if self.el_tp + self.el_fp else None
        r = self.el_tp / (self.el_tp + self.el_fn) if self.el_tp + self.el_fn else None
        f1 = 2 * p * r / (p + r) if p and r else None
        return {
            "accuracy": round(self.agree / self.cells, 4) if self.cells else None,
            "cells": self.cells,
            "agree": self.agree,
            "false_missing": self.false_missing,
            "false_missing_rate": round(self.false_missing / self.implemented_cells, 4)
            if self.implemented_cells else None,
            "confusion": {g: dict(c) for g, c in self.confusion.items()},
            "per_provision": {k: {"agree": a, "cells": n, "accuracy": round(a / n, 3)}
                              for k, (a, n) in sorted(self.per_provision.items())},
            "per_statute": {k: {"agree": a, "cells": n} for k, (a, n) in self.per_statute.items()},
            "evidence_locality": {"local": self.local, "elements": self.located,
                                  "rate": round(self.local / self.located, 4) if self.located else None},
            "missing_element_agreement": {"agree": self.missing_agree, "cells": self.missing_cells,
                                          "rate": round(self.missing_agree / self.missing_cells, 4)
                                          if self.missing_cells else None},
            "per_statute_reasons": {k: {"local": v[0], "elements": v[1], "missing_agree": v[2],
                                        "missing_cells": v[3]} for k, v in self.per_statute_reasons.items()},
            "mislocated": self.mislocated,
            "section_citation": {"checked": self.section_checked, "agree": self.section_agree,
                                 "rate": round(self.section_agree / self.section_checked, 4)
                                 if self.section_checked else None},
            "elements": {"tp": self.el_tp, "fp": self.el_fp, "fn": self.el_fn,
                         "precision": round(p, 4) if p is not None else None,
                         "recall": round(r, 4) if r is not None else None,
                         "f1": round(f1, 4) if f1 is not None else None},
            "disagreements": self.disagreements,
            "errors": self.errors,
        }


def evaluate(gold_files: list[GoldFile], checker) -> Evaluation:
    ev = Evaluation()
    known = {r.id for r in checker.pack.rules}
    for gf in gold_files:
        try:
            report = checker.check_path(gf.statute)
        except Exception as exc:  # one unreadable statute must not hide the others' figures
            ev.errors.append(f"{gf.statute}: {exc}")
            continue
        got = {p.id: p for p in report.provisions}
        a = n = 0
        for pid, cell in gf.cells.items():
            if len(cell.accept) == len(STATUSES) or pid not in known:
                continue  # every status acceptable, or a provision this pack does not have
            pred = got[pid]
            ok = pred.status in cell.accept
            n += 1
            a += ok
            ev.per_provision[pid][0] += ok
            ev.per_provision[pid][1] += 1
            ev.confusion[cell.status][pred.status] += 1
            if cell.accept == {Status.IMPLEMENTED}:
                ev.implemented_cells += 1
                ev.false_missing += pred.status == Status.MISSING
            if cell.sections and pred.status != Status.MISSING:
                ev.section_checked += 1
                ev.section_agree += section_agrees(pred.sections, cell.sections)
            if cell.missing is not None and pred.status == Status.PARTIAL:
                gold_m = set(cell.missing)
                # A partly found element also names the forms it lacks ("integrity" of "seize").
                ours = set(pred.missing_elements) | {g for e in pred.elements if e.required
                                                     and e.status == ElementStatus.PARTIAL for g in e.groups_missing}
                ev.el_tp += len(gold_m & ours)
                ev.el_fp += len(ours - gold_m)
                ev.el_fn += len(gold_m - ours)
            if not ok:
                ev.disagreements.append({
                    "statute": gf.statute.name, "provision": pid, "expert": sorted(cell.accept),
                    "tool": pred.status, "expert_sections": cell.sections, "tool_sections": pred.sections,
                    "tool_missing": pred.missing_elements,
                    "evidence": [f"{e.name}: s.{ev_.section} l.{ev_.line} \"{ev_.quote}\""
                                 for e in pred.elements for ev_ in e.evidence[:1]][:4],
                    "note": cell.note,
                })
        ev.per_statute[gf.statute.name] = [a, n]
        ev.per_statute_reasons[gf.statute.name] = _reasons(ev, gf, got)
        ev.cells += n
        ev.agree += a
    return ev


def _reasons(ev: Evaluation, gf: GoldFile, got: dict) -> list[int]:
    """Evidence locality and missing-element agreement for one statute (added to ``ev``'s totals):
    the expert's own status decides which cells count, whatever else it accepts."""
    local = located = m_agree = m_cells = 0
    for pid, cell in gf.cells.items():
        pred = got.get(pid)
        if pred is None or cell.status not in PRESENT or pred.status not in PRESENT or not cell.sections:
            continue
        for el in pred.elements:
            if not el.required or el.status != ElementStatus.FOUND:
                continue
            secs = [e.section or "" for e in el.evidence]
            located += 1
            if any(section_within(s, g) for s in secs for g in cell.sections):
                local += 1
            else:
                ev.mislocated.append(f"{gf.statute.name} {pid}.{el.name}: evidence in {secs[:3]}, "
                                     f"expert cites {cell.sections}")
        if cell.status == Status.PARTIAL and pred.status == Status.PARTIAL and cell.missing:
            m_cells += 1
            m_agree += bool(set(pred.missing_elements) & set(cell.missing))
    ev.local += local
    ev.located += located
    ev.missing_agree += m_agree
    ev.missing_cells += m_cells
    return [local, located, m_agree, m_cells]
