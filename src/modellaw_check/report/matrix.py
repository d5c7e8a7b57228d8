"""The coverage matrix of a scan: statute x provision, one status per cell, and the counts per provision.

The model the matrix emitters (``report.matrix_csv``, ``report.matrix_html``) and the scan's terminal
summary read, in memory. A scan adds each statute's synopsis (``scan.rows.Synopsis``: statuses, sections,
the first evidence quote per provision), never the full report, so a scan of thousands of acts stays
small in memory. The report layer does not import the scan: what it reads of a synopsis and of the
pack's headings is spelled out by the protocols below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from modellaw_check.status import Status


class Heading(Protocol):
    """A provision's heading (``rules.schema.Rule`` or the scan's ``scan.pack.Provision``)."""

    id: str
    title: str
    level: str
    source: str


class Headings(Protocol):
    """A rule pack, as far as the matrix needs one (``RulePack`` or the scan's ``PackOutline``)."""

    @property
    def rules(self) -> Sequence[Heading]: ...


class Cell(Protocol):
    """One provision of a scanned statute (``scan.rows.Cell``)."""

    id: str
    status: str
    sections: list[str]
    missing: list[str]
    quote: str
    where: str


class Entry(Protocol):
    """One scanned statute (``scan.rows.Synopsis``)."""

    path: str
    status: str  # ok | error
    error: str
    relevant: bool
    title: str
    coverage: float
    cells: list

    @property
    def reason(self) -> str: ...

    def cell(self, rule_id: str) -> Cell | None: ...


class Matrix:
    """Rows in, matrix out. ``keep_entries=False`` keeps only the per-provision counts (the terminal
    summary): a scan that writes no matrix then holds nothing per file, however many files."""

    def __init__(self, pack: Headings, keep_entries: bool = True) -> None:
        self.provisions = [(r.id, r.title, r.level, r.source) for r in pack.rules]
        self.entries: list[Entry] = []
        self.keep_entries = keep_entries
        self._counts = {p[0]: dict.fromkeys(Status, 0) for p in self.provisions}

    def add(self, synopsis: Entry) -> None:
        if synopsis.status == "ok" and synopsis.relevant:
            for c in synopsis.cells:
                counts = self._counts.get(c.id)
                if counts is not None and c.status in counts:
                    counts[c.status] += 1
        elif synopsis.status == "ok":  # an act not about computer crime: every provision is not applicable
            for counts in self._counts.values():
                counts[Status.NOT_APPLICABLE] += 1
        if self.keep_entries:
            self.entries.append(synopsis)

    def sorted_entries(self) -> list[Entry]:
        return sorted(self.entries, key=lambda e: e.path)

    def status(self, entry: Entry, rule_id: str) -> str:
        """A cell's word: its status, "error" for an unreadable file, "" for a provision it lacks."""
        if entry.status == "error":
            return "error"
        if not entry.relevant:
            return Status.NOT_APPLICABLE
        cell = entry.cell(rule_id)
        return cell.status if cell else ""

    def counts(self) -> dict[str, dict[str, int]]:
        """Statutes per provision and status (acts not about computer crime count as not applicable)."""
        return {rid: dict(c) for rid, c in self._counts.items()}
