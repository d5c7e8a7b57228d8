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
from modellaw_check.i18n import CATEGORY, LEVEL, report_language, translations
from modellaw_check.i18n import STATUS as STATUS_WORDS
from modellaw_check.report.localize import localized
from modellaw_check.status import SYMBOL, Status

STYLE = {Status.IMPLEMENTED: "green", Status.PARTIAL: "yellow", Status.MISSING: "red", Status.NOT_APPLICABLE: "dim"}
STATUS = dict(STATUS_WORDS)  # status -> English words; shown through _() in the report language
NARROW = 120  # below this width (a terminal's), the stacked layout
WIDE = 170  # from this width, level and category have columns of their own
PLAIN_WIDTH = 100_000  # piped: as wide as the content, never wrapped


def _evidence(p: ProvisionResult, _=str) -> str:
    quotes = []
    for el in p.elements:
        for ev in el.evidence[:1]:
            where = _("s.%(section)s l.%(line)s") % {"section": ev.section or "?", "line": ev.line}
            quotes.append(f"{words(el.name)}: {where} “{ev.quote}”")
    return "\n".join(quotes[:4])


def _missing(p: ProvisionResult) -> str:
    """The elements it lacks, as words: for a missing provision too (what a new provision must have)."""
    return ", ".join(map(words, p.missing_elements)) if p.status != Status.IMPLEMENTED else ""


def _status(p: ProvisionResult, _=str) -> Text:
    return Text(f"{SYMBOL[p.status]} {_(STATUS[p.status])}", style=STYLE[p.status])


def _kind(p: ProvisionResult, _=str) -> Text:
    """Level and category, kept apart: "required · offence"."""
    return Text(f"{_(LEVEL[p.level])} · {_(CATEGORY.get(p.category, p.category))}", style="dim")


def _stacked(report: StatuteReport, width: int, _=str) -> Table:
    """A terminal narrower than the six columns need: three columns, with the level and category,
    sections, missing elements and evidence under the provision id (the id column is as wide as the
    longest id, so an id is never broken; the rest wraps within the terminal). Too narrow even for
    that, one column: the status and score under the id too."""
    longest = max((len(p.id) for p in report.provisions), default=10)
    single = width < longest + 30  # the status and score columns with the table's borders and padding
    table = Table(show_lines=True, expand=True)
    table.add_column(_("Provision"), min_width=longest, ratio=1, overflow="fold")
    if not single:
        table.add_column(_("Status"), no_wrap=True)
        table.add_column(_("Score"), justify="right", no_wrap=True)
    for p in report.provisions:
        cell = Text(p.id, style="bold")
        if single:
            cell.append("\n").append_text(_status(p, _)).append(f"  {p.score:.2f}")
        cell.append("\n")
        cell.append_text(_kind(p, _))
        if p.sections:
            cell.append("\n" + _("sections: %(sections)s") % {"sections": ", ".join(p.sections)})
        if _missing(p):
            cell.append("\n" + _("missing: %(elements)s") % {"elements": _missing(p)}, style=STYLE[p.status])
        evidence = _evidence(p, _) if p.status != Status.MISSING else ""
        if evidence:
            cell.append("\n" + evidence, style="dim")
        if single:
            table.add_row(cell)
        else:
            table.add_row(cell, _status(p, _), f"{p.score:.2f}")
    return table


def _columns(report: StatuteReport, width: int, _=str) -> Table:
    """Six columns (eight from ``WIDE``): the id unbroken, the rest folding within the terminal."""
    wide = width >= WIDE
    table = Table(show_lines=True, expand=False)
    table.add_column(_("Provision"), no_wrap=True)  # an id is never broken across lines
    if wide:
        table.add_column(_("Level"), no_wrap=True)
        table.add_column(_("Category"), no_wrap=True)
    table.add_column(_("Status"), no_wrap=True)
    table.add_column(_("Score"), justify="right", no_wrap=True)
    table.add_column(_("Sections"), overflow="fold", max_width=16)
    table.add_column(_("Missing elements"), overflow="fold", max_width=28)
    table.add_column(_("Evidence"), overflow="fold")
    for p in report.provisions:
        evidence = _evidence(p, _) if p.status != Status.MISSING else ""
        head = ([Text(p.id), _(LEVEL[p.level]), _(CATEGORY.get(p.category, p.category))] if wide
                else [Text(p.id).append("\n").append_text(_kind(p, _))])
        table.add_row(*head, _status(p, _), f"{p.score:.2f}", ", ".join(p.sections), _missing(p), evidence)
    return table


def _plain(report: StatuteReport, _=str) -> Table:
    """Piped: one line per provision, every field on it, nothing wrapped."""
    table = Table(box=None, show_header=True, pad_edge=False, show_edge=False)
    score = _("Score")
    for name in (_("Provision"), _("Level"), _("Category"), _("Status"), score, _("Implemented by"),
                 _("Missing elements")):
        table.add_column(name, no_wrap=True, justify="right" if name == score else "left")
    for p in report.provisions:
        table.add_row(p.id, _(LEVEL[p.level]), _(CATEGORY.get(p.category, p.category)), _(STATUS[p.status]),
                      f"{p.score:.2f}", p.provision or ", ".join(p.sections) or "-", _missing(p) or "-")
    return table


def render(report: StatuteReport, options=None) -> str:
    lang = report_language(getattr(options, "language", None), report.statute.language)
    _ = translations(lang).gettext
    report = localized(report, lang, getattr(options, "pack", None))  # element names in the report language
    buf = io.StringIO()
    color = bool(options and options.color)
    width = options.width if options and options.width else None
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or PLAIN_WIDTH,
                      highlight=False, soft_wrap=width is None)
    s = report.summary
    console.print(Text(f"{report.statute.path}", style="bold"))
    pack = _("Rule pack: %(title)s, version %(version)s") % {"title": report.rule_pack.title,
                                                              "version": report.rule_pack.version}
    if report.reservations:
        pack += "; " + _("reservations: %(ids)s") % {"ids": ", ".join(report.reservations)}
    console.print(pack)
    if width is None:
        table = _plain(report, _)
    elif width < NARROW:
        table = _stacked(report, width, _)
    else:
        table = _columns(report, width, _)
    console.print(table)
    console.print(_("implemented %(implemented)s · partial %(partial)s · missing %(missing)s (%(required)s required)"
                    " · coverage %(coverage)s") % {
        "implemented": s.implemented, "partial": s.partial, "missing": s.missing,
        "required": s.required_missing, "coverage": f"{s.coverage:.0%}"})
    # a table pads its cells with blanks: without them, piped lines are what `cut` and `grep` expect
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
