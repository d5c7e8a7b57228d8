"""The terminal table (rich): one row per provision, with evidence and what is missing.

On a terminal (``options.width``: the caller passes the terminal's width) the table fits it: six columns
from ``NARROW`` columns up, the level and the category as their own columns from ``WIDE`` up, a stacked
three-column layout below. Piped (no width), plain text: one unwrapped line per provision, no box, no
colour, so that ``| grep``, ``| cut`` and ``| sort`` see whole rows. An id is never broken across lines;
element names are words ("without right"); a missing provision shows the elements it lacks too.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from modellaw_check.findings import ProvisionResult, StatuteReport, words

STYLE = {"implemented": "green", "partial": "yellow", "missing": "red", "not_applicable": "dim"}
SYMBOL = {"implemented": "✔", "partial": "◐", "missing": "✘", "not_applicable": "–"}
STATUS = {"implemented": "implemented", "partial": "partial", "missing": "missing", "not_applicable": "not applicable"}
NARROW = 120  # below this width (a terminal's), the stacked layout
WIDE = 170  # from this width, level and category have columns of their own
PLAIN_WIDTH = 100_000  # piped: as wide as the content, never wrapped


def _evidence(p: ProvisionResult) -> str:
    quotes = []
    for el in p.elements:
        for ev in el.evidence[:1]:
            quotes.append(f"{words(el.name)}: s.{ev.section or '?'} l.{ev.line} “{ev.quote}”")
    return "\n".join(quotes[:4])


def _missing(p: ProvisionResult) -> str:
    """The elements it lacks, as words: for a missing provision too (what a new provision must have)."""
    return ", ".join(map(words, p.missing_elements)) if p.status != "implemented" else ""


def _status(p: ProvisionResult) -> Text:
    return Text(f"{SYMBOL[p.status]} {STATUS[p.status]}", style=STYLE[p.status])


def _kind(p: ProvisionResult) -> Text:
    """Level and category, kept apart: "required · offence"."""
    return Text(f"{p.level} · {p.category}", style="dim")


def _stacked(report: StatuteReport, width: int) -> Table:
    """A terminal narrower than the six columns need: three columns, with the level and category,
    sections, missing elements and evidence under the provision id (the id column is as wide as the
    longest id, so an id is never broken; the rest wraps within the terminal). Too narrow even for
    that, one column: the status and score under the id too."""
    longest = max((len(p.id) for p in report.provisions), default=10)
    single = width < longest + 30  # the status and score columns with the table's borders and padding
    table = Table(show_lines=True, expand=True)
    table.add_column("Provision", min_width=longest, ratio=1, overflow="fold")
    if not single:
        table.add_column("Status", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
    for p in report.provisions:
        cell = Text(p.id, style="bold")
        if single:
            cell.append("\n").append_text(_status(p)).append(f"  {p.score:.2f}")
        cell.append("\n")
        cell.append_text(_kind(p))
        if p.sections:
            cell.append(f"\nsections: {', '.join(p.sections)}")
        if _missing(p):
            cell.append(f"\nmissing: {_missing(p)}", style=STYLE[p.status])
        evidence = _evidence(p) if p.status != "missing" else ""
        if evidence:
            cell.append("\n" + evidence, style="dim")
        if single:
            table.add_row(cell)
        else:
            table.add_row(cell, _status(p), f"{p.score:.2f}")
    return table


def _columns(report: StatuteReport, width: int) -> Table:
    """Six columns (eight from ``WIDE``): the id unbroken, the rest folding within the terminal."""
    wide = width >= WIDE
    table = Table(show_lines=True, expand=False)
    table.add_column("Provision", no_wrap=True)  # an id is never broken across lines
    if wide:
        table.add_column("Level", no_wrap=True)
        table.add_column("Category", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Sections", overflow="fold", max_width=16)
    table.add_column("Missing elements", overflow="fold", max_width=28)
    table.add_column("Evidence", overflow="fold")
    for p in report.provisions:
        evidence = _evidence(p) if p.status != "missing" else ""
        head = [Text(p.id), p.level, p.category] if wide else [Text(p.id).append("\n").append_text(_kind(p))]
        table.add_row(*head, _status(p), f"{p.score:.2f}", ", ".join(p.sections), _missing(p), evidence)
    return table


def _plain(report: StatuteReport) -> Table:
    """Piped: one line per provision, every field on it, nothing wrapped."""
    table = Table(box=None, show_header=True, pad_edge=False, show_edge=False)
    for name in ("Provision", "Level", "Category", "Status", "Score", "Implemented by", "Missing elements"):
        table.add_column(name, no_wrap=True, justify="right" if name == "Score" else "left")
    for p in report.provisions:
        table.add_row(p.id, p.level, p.category, STATUS[p.status], f"{p.score:.2f}",
                      p.provision or ", ".join(p.sections) or "-", _missing(p) or "-")
    return table


def render(report: StatuteReport, options=None) -> str:
    buf = io.StringIO()
    color = bool(options and options.color)
    width = options.width if options and options.width else None
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or PLAIN_WIDTH,
                      highlight=False, soft_wrap=width is None)
    s = report.summary
    console.print(Text(f"{report.statute.path}", style="bold"))
    console.print(f"Rule pack: {report.rule_pack.title}, version {report.rule_pack.version}"
                  + (f"; reservations: {', '.join(report.reservations)}" if report.reservations else ""))
    if width is None:
        table = _plain(report)
    elif width < NARROW:
        table = _stacked(report, width)
    else:
        table = _columns(report, width)
    console.print(table)
    console.print(f"implemented {s.implemented} · partial {s.partial} · missing {s.missing}"
                  f" ({s.required_missing} required) · coverage {s.coverage:.0%}")
    # a table pads its cells with blanks: without them, piped lines are what `cut` and `grep` expect
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
