"""The coverage matrix: statute x provision, one status per cell, as CSV, HTML and a terminal summary.

Only each row's synopsis is kept (``rows.Synopsis``: statuses, sections, the first evidence quote per
provision), never the full report, so a scan of thousands of acts stays small in memory.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a scan's parent passes a PackSummary: the loader is not imported
    from modellaw_check.rules.loader import RulePack
    from modellaw_check.scan.pack import PackSummary
    from modellaw_check.scan.rows import Synopsis


STATUSES = ("implemented", "partial", "missing", "not_applicable")


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with =, +, -, @ (or a tab or carriage return)
    is prefixed with ' (a statute's title "=HYPERLINK(...)" stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Matrix:
    """Rows in, matrix out. ``keep_entries=False`` keeps only the per-provision counts (the terminal
    summary): a scan that writes no matrix then holds nothing per file, however many files."""

    def __init__(self, pack: RulePack | PackSummary, keep_entries: bool = True) -> None:
        self.provisions = [(r.id, r.title, r.level, r.source) for r in pack.rules]
        self.entries: list[Synopsis] = []
        self.keep_entries = keep_entries
        self._counts = {p[0]: dict.fromkeys(STATUSES, 0) for p in self.provisions}

    def add(self, synopsis: Synopsis) -> None:
        if synopsis.status == "ok" and synopsis.relevant:
            for c in synopsis.cells:
                counts = self._counts.get(c.id)
                if counts is not None and c.status in counts:
                    counts[c.status] += 1
        elif synopsis.status == "ok":  # an act not about computer crime: every provision is not applicable
            for counts in self._counts.values():
                counts["not_applicable"] += 1
        if self.keep_entries:
            self.entries.append(synopsis)

    def sorted_entries(self) -> list[Synopsis]:
        return sorted(self.entries, key=lambda e: e.path)

    def status(self, entry: Synopsis, rule_id: str) -> str:
        if entry.status == "error":
            return "error"
        if not entry.relevant:
            return "not_applicable"
        cell = entry.cell(rule_id)
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
