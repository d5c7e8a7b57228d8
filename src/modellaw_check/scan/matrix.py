"""The coverage matrix: statute x provision, one status per cell, as CSV, HTML and a terminal summary.

Only a compact digest of each row is kept (statuses, sections, the first evidence quote per
provision), never the full report, so a scan of thousands of acts stays small in memory.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a scan's parent passes a PackSummary: the loader is not imported
    from modellaw_check.rules.loader import RulePack
    from modellaw_check.scan.pack import PackSummary


STATUSES = ("implemented", "partial", "missing", "not_applicable")
QUOTE_MAX = 240
SECTIONS_MAX = 3  # sections and missing elements a cell shows
MISSING_MAX = 6


@dataclass
class Cell:
    status: str
    score: float = 0.0
    sections: list[str] = field(default_factory=list)
    quote: str = ""
    where: str = ""  # "s. 3(1), line 42"
    missing: list[str] = field(default_factory=list)


@dataclass
class Entry:
    path: str
    status: str  # ok | error
    title: str = ""
    relevant: bool = True
    error: str = ""
    coverage: float = 0.0
    reason: str = ""  # relevance reason
    cells: dict[str, Cell] = field(default_factory=dict)


def _first_evidence(p: dict) -> tuple[str, str]:
    for el in p.get("elements") or []:
        for ev in el.get("evidence") or []:
            where = f"s. {ev['section']}, " if ev.get("section") else ""
            return ev.get("quote", "")[:QUOTE_MAX], f"{where}line {ev.get('line')}"
    return "", ""


def digest_row(row: dict) -> dict:
    """What a scan without JSON Lines output needs of a row: what ``Matrix.add`` reads (statuses,
    scores, the first sections, missing elements and evidence per provision) and the exit code. A
    relevant act's full report is ~90 kB of JSON; its digest ~6 kB, read back 15x faster."""
    report = row.get("report")
    if not isinstance(report, dict) or not isinstance(report.get("provisions"), list):
        return row
    provisions = []
    for p in report["provisions"]:
        first = next(({**el, "evidence": el["evidence"][:1]} for el in p.get("elements") or []
                      if el.get("evidence")), None)
        provisions.append({
            "id": p.get("id"), "status": p.get("status"), "level": p.get("level"), "score": p.get("score", 0.0),
            "waived": p.get("waived"), "baselined": p.get("baselined", False),
            "sections": (p.get("sections") or [])[:SECTIONS_MAX],
            "missing_elements": (p.get("missing_elements") or [])[:MISSING_MAX],
            "elements": [first] if first else [],
        })
    keep = ("relevant", "statute", "summary")
    return {**row, "digest": True, "report": {**{k: report[k] for k in keep if k in report},
                                              "provisions": provisions}}


def tally_row(row: dict) -> dict:
    """What a scan that writes neither JSON Lines nor a matrix needs of a row: the per-provision
    statuses the summary counts and what the exit code reads (``fail_levels.report_dict_fails``).
    A relevant act's digest is ~14 kB of JSON, its tally ~2 kB: a warm re-scan parses that instead."""
    report = row.get("report")
    if not isinstance(report, dict) or not isinstance(report.get("provisions"), list):
        return row
    statute = report.get("statute") if isinstance(report.get("statute"), dict) else {}
    provisions = [{"id": p.get("id"), "status": p.get("status"), "level": p.get("level"),
                   "waived": p.get("waived"), "baselined": p.get("baselined", False)}
                  for p in report["provisions"]]
    return {**row, "tally": True, "report": {
        "relevant": report.get("relevant", True), "summary": report.get("summary", {}),
        "statute": {k: statute[k] for k in ("path", "title") if k in statute}, "provisions": provisions}}


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with =, +, -, @ (or a tab or carriage return)
    is prefixed with ' (a statute's title "=HYPERLINK(...)" stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Matrix:
    """Rows in, matrix out. ``keep_entries=False`` keeps only the per-provision counts (the terminal
    summary): a scan that writes no matrix then holds nothing per file, however many files."""

    def __init__(self, pack: RulePack | PackSummary, keep_entries: bool = True) -> None:
        self.provisions = [(r.id, r.title, r.level, r.source) for r in pack.rules]
        self.entries: list[Entry] = []
        self.keep_entries = keep_entries
        self._counts = {p[0]: dict.fromkeys(STATUSES, 0) for p in self.provisions}

    def add(self, row: dict) -> None:
        if row.get("status") != "ok":
            if self.keep_entries:
                self.entries.append(Entry(path=row["path"], status="error", error=row.get("error", "")))
            return
        report = row["report"]
        relevant = bool(report.get("relevant", True))
        if relevant:
            for p in report["provisions"]:
                counts = self._counts.get(p["id"])
                if counts is not None and p["status"] in counts:
                    counts[p["status"]] += 1
        else:  # an act not about computer crime: every provision is not applicable to it (no cells)
            for counts in self._counts.values():
                counts["not_applicable"] += 1
        if not self.keep_entries:
            return
        entry = Entry(path=row["path"], status="ok", title=report["statute"].get("title", ""),
                      relevant=relevant, coverage=report["summary"].get("coverage", 0.0),
                      reason=(row.get("relevance") or {}).get("reason", ""))
        if relevant:
            for p in report["provisions"]:
                quote, where = _first_evidence(p) if p["status"] != "missing" else ("", "")
                entry.cells[p["id"]] = Cell(sys.intern(p["status"]), p.get("score", 0.0),
                                            p.get("sections", [])[:SECTIONS_MAX], quote, where,
                                            p.get("missing_elements", [])[:MISSING_MAX])
        self.entries.append(entry)

    def sorted_entries(self) -> list[Entry]:
        return sorted(self.entries, key=lambda e: e.path)

    def status(self, entry: Entry, rule_id: str) -> str:
        if entry.status == "error":
            return "error"
        if not entry.relevant:
            return "not_applicable"
        cell = entry.cells.get(rule_id)
        return cell.status if cell else ""

    # -- CSV --------------------------------------------------------------------------------------
    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["path", "title", "status", "relevant", "coverage", *[p[0] for p in self.provisions]])
        for e in self.sorted_entries():
            w.writerow([_cell(e.path), _cell(e.title), e.status, "" if e.status == "error" else str(e.relevant).lower(),
                         f"{e.coverage:.3f}" if e.status == "ok" and e.relevant else "",
                         *[self.status(e, p[0]) for p in self.provisions]])
        return buf.getvalue()

    # -- counts per provision (terminal summary, HTML footer) ---------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        """Statutes per provision and status (acts not about computer crime count as not applicable)."""
        return {rid: dict(c) for rid, c in self._counts.items()}

    # -- HTML -------------------------------------------------------------------------------------
    def to_html(self, title: str = "Coverage matrix") -> str:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        env = Environment(loader=FileSystemLoader(str(Path(__file__).parent)),
                          autoescape=select_autoescape(default=True, default_for_string=True))
        entries = self.sorted_entries()
        return env.get_template("matrix.html.j2").render(
            title=title, provisions=self.provisions, counts=self.counts(),
            relevant=[e for e in entries if e.status == "ok" and e.relevant],
            not_relevant=[e for e in entries if e.status == "ok" and not e.relevant],
            errors=[e for e in entries if e.status == "error"],
        )
