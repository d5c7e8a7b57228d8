"""The terminal table (rich): one row per provision, with evidence and what is missing."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from modellaw_check.findings import StatuteReport, words

STYLE = {"implemented": "green", "partial": "yellow", "missing": "red", "not_applicable": "dim"}
SYMBOL = {"implemented": "✔", "partial": "◐", "missing": "✘", "not_applicable": "–"}
NARROW = 120  # below this width (a terminal's), the stacked layout


def _evidence(p) -> str:
    quotes = []
    for el in p.elements:
        for ev in el.evidence[:1]:
            quotes.append(f"{words(el.name)}: s.{ev.section or '?'} l.{ev.line} “{ev.quote}”")
    return "\n".join(quotes[:4])


def _stacked(report: StatuteReport) -> Table:
    """A terminal narrower than the six columns need: three columns, with the sections, missing
    elements and evidence under the provision id (the id column is as wide as the longest id, so an
    id is never broken; the rest wraps within the terminal)."""
    longest = max((len(p.id) for p in report.provisions), default=10)
    table = Table(show_lines=True, expand=True)
    table.add_column("Provision", min_width=longest, ratio=1, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    for p in report.provisions:
        cell = Text(p.id, style="bold")
        if p.level == "recommended":
            cell.append(" (recommended)", style="dim")
        if p.sections:
            cell.append(f"\nsections: {', '.join(p.sections)}")
        if p.status != "missing":
            if p.missing_elements:
                cell.append(f"\nmissing: {', '.join(map(words, p.missing_elements))}", style=STYLE["partial"])
            evidence = _evidence(p)
            if evidence:
                cell.append("\n" + evidence, style="dim")
        table.add_row(cell, Text(f"{SYMBOL[p.status]} {p.status}", style=STYLE[p.status]), f"{p.score:.2f}")
    return table


def render(report: StatuteReport, options=None) -> str:
    buf = io.StringIO()
    color = bool(options and options.color)
    # A terminal's width when on one (the caller passes it); else wide enough for every column.
    width = (options.width if options and options.width else None) or 160
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    s = report.summary
    console.print(Text(f"{report.statute.path}", style="bold"))
    console.print(f"Rule pack: {report.rule_pack.title}, version {report.rule_pack.version}"
                  + (f"; reservations: {', '.join(report.reservations)}" if report.reservations else ""))
    if width < NARROW:
        table = _stacked(report)
    else:
        table = Table(show_lines=True, expand=False)
        table.add_column("Provision", no_wrap=True)  # an id is never broken across lines
        table.add_column("Status", no_wrap=True)
        table.add_column("Score", justify="right")
        table.add_column("Sections", overflow="fold", max_width=16)
        table.add_column("Missing elements", overflow="fold", max_width=24)
        table.add_column("Evidence", overflow="fold")
        for p in report.provisions:
            label = Text(p.id)
            if p.level == "recommended":
                label.append("\n(recommended)", style="dim")
            status = Text(f"{SYMBOL[p.status]} {p.status}", style=STYLE[p.status])
            table.add_row(label, status, f"{p.score:.2f}", ", ".join(p.sections),
                          ", ".join(map(words, p.missing_elements)) if p.status != "missing" else "",
                          _evidence(p) if p.status != "missing" else "")
    console.print(table)
    console.print(f"implemented {s.implemented} · partial {s.partial} · missing {s.missing}"
                  f" ({s.required_missing} required) · coverage {s.coverage:.0%}")
    return buf.getvalue()
