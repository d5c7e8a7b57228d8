"""The statute's text for the HTML review page: its lines, with every piece of evidence marked in the
colour of the provision it proves, and where each finding points in it.

The reporter gets the text in memory (the ``Document`` the report was made from, ``RenderOptions.
document``), never by reading the statute's file again: the file may have changed, or be standard input.
A document whose text is not the one the report was made from (its SHA-256 differs) is not used: the
evidence offsets would mark the wrong words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# Where a finding points is where the DOCX review anchors its comment: the same rules, one place.
from modellaw_check.report.docx_report import CATEGORY_WORDS, _first_evidence, _heading_lines, _section
from modellaw_check.status import PRESENT, Status

if TYPE_CHECKING:
    from modellaw_check.document import Document
    from modellaw_check.findings import ProvisionResult, StatuteReport

GOLDEN_ANGLE = 137.508  # successive hues as far apart as possible, however many provisions there are
_PART = re.compile(r"^\s*#*\s*(?:part|chapter|title|division)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mark:
    """Evidence: the provision it proves (the first in report order where several overlap) and the others."""

    provision: ProvisionResult
    colour: int
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None = None
    anchor: str | None = None  # the id a finding's link scrolls to


@dataclass
class Line:
    number: int  # 1-based, as evidence cites it
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass
class SourceView:
    lines: list[Line]
    colours: dict[str, int] = field(default_factory=dict)  # provision id -> colour index
    targets: dict[str, str] = field(default_factory=dict)  # provision id -> anchor id in the text
    homes: dict[str, Line] = field(default_factory=dict)  # missing provision id -> the heading of its Part
    palette: list[tuple[str, str]] = field(default_factory=list)  # per colour: (highlight, border) CSS


def palette(n: int) -> list[tuple[str, str]]:
    """``n`` distinct light highlight colours (dark text stays readable on them) with a darker border."""
    out = []
    for i in range(n):
        hue = round((i * GOLDEN_ANGLE + 50) % 360)
        out.append((f"hsl({hue} 85% 84%)", f"hsl({hue} 60% 35%)"))
    return out


def _spans(report: StatuteReport, size: int) -> list[tuple[int, int, int]]:
    """(start, end, provision index) of every piece of evidence of a provision found in the text."""
    out = []
    for i, p in enumerate(report.provisions):
        if p.status not in PRESENT:
            continue
        for el in p.elements:
            for ev in el.evidence:
                start, end = max(0, ev.start), min(size, ev.end)
                if start < end:
                    out.append((start, end, i))
    return out


def _home_line(p: ProvisionResult, headings: list[tuple[int, str]], title_line: int) -> int | None:
    """The line of the Part heading where a missing provision belongs (where the DOCX comments it);
    None where no heading names its category (the bill's title does not count)."""
    words = CATEGORY_WORDS.get(p.category, (p.category.lower(),))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    matching = [(line, text) for line, text in headings if line != title_line and pattern.search(text)]
    parts = [m for m in matching if _PART.match(m[1])]
    chosen = parts or matching
    return chosen[0][0] if chosen else None


def source_view(report: StatuteReport, doc: Document | None) -> SourceView | None:
    """The text of ``doc`` cut into lines and marked pieces for ``report``; None without a document or
    for a document the report was not made from."""
    if doc is None or hashlib.sha256(doc.text.encode("utf-8")).hexdigest() != report.statute.sha256:
        return None
    text = doc.text
    spans = _spans(report, len(text))
    with_evidence = sorted({i for _, _, i in spans})
    colour = {i: n for n, i in enumerate(with_evidence)}
    # Each finding scrolls to its first evidence inside its implementing provision (else its first).
    target_at: dict[int, int] = {}
    for i in with_evidence:
        p = report.provisions[i]
        sec = _section(doc, p.sections[0] if p.sections else None)
        lo, hi = (sec.start, sec.end) if sec is not None else (0, len(text))
        first = _first_evidence(p, doc, lo, hi)
        target_at[i] = first if first is not None else min(s for s, _, j in spans if j == i)
    anchors = {at: f"at{at}" for at in target_at.values()}

    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for s, e, i in spans:
        starts.setdefault(s, []).append(i)
        ends.setdefault(e, []).append(i)
    cuts = sorted({0, len(text), *starts, *ends, *anchors,
                   *(m.start() for m in re.finditer("\n", text)), *(m.end() for m in re.finditer("\n", text))})
    active: dict[int, int] = {}  # provision index -> evidence spans open here
    lines = [Line(1, [])]
    for a, b in zip(cuts, cuts[1:], strict=False):
        for i in ends.get(a, ()):
            active[i] -= 1
            if not active[i]:
                del active[i]
        for i in starts.get(a, ()):
            active[i] = active.get(i, 0) + 1
        if text[a:b] == "\n":
            lines.append(Line(len(lines) + 1, []))
            continue
        mark = None
        if active:
            first, *rest = sorted(active)
            mark = Mark(report.provisions[first], colour[first], tuple(report.provisions[j].id for j in rest))
        lines[-1].pieces.append(Piece(text[a:b], mark, anchors.get(a)))
    homes: dict[str, Line] = {}
    headings = _heading_lines(doc)
    title_line = next((ln.number for ln in lines if ln.text.strip()), 0)
    for p in report.provisions:
        if p.status == Status.MISSING and (line := _home_line(p, headings, title_line)) is not None:
            homes[p.id] = lines[line - 1]
    return SourceView(
        lines=lines,
        colours={report.provisions[i].id: n for i, n in colour.items()},
        targets={report.provisions[i].id: anchors[at] for i, at in target_at.items()},
        homes=homes,
        palette=palette(len(with_evidence)),
    )
