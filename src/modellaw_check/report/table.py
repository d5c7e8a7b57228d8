"""The terminal table (rich): one row per provision, with evidence and what is missing."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from modellaw_check.findings import StatuteReport, words
from modellaw_check.i18n import STATUS, report_language, translations

STYLE = {"implemented": "green", "partial": "yellow", "missing": "red", "not_applicable": "dim"}
SYMBOL = {"implemented": "✔", "partial": "◐", "missing": "✘", "not_applicable": "–"}
NARROW = 120  # below this width (a terminal's), the stacked layout


def _evidence(p, _=str) -> str:
    quotes = []
    for el in p.elements:
        for ev in el.evidence[:1]:
            where = _("s.%(section)s l.%(line)s") % {"section": ev.section or "?", "line": ev.line}
            quotes.append(f"{words(el.name)}: {where} “{ev.quote}”")
    return "\n".join(quotes[:4])


def _stacked(report: StatuteReport, _=str) -> Table:
    """A terminal narrower than the six columns need: three columns, with the sections, missing
    elements and evidence under the provision id (the id column is as wide as the longest id, so an
    id is never broken; the rest wraps within the terminal)."""
    longest = max((len(p.id) for p in report.provisions), default=10)
    table = Table(show_lines=True, expand=True)
    table.add_column(_("Provision"), min_width=longest, ratio=1, overflow="fold")
    table.add_column(_("Status"), no_wrap=True)
    table.add_column(_("Score"), justify="right", no_wrap=True)
    for p in report.provisions:
        cell = Text(p.id, style="bold")
        if p.level == "recommended":
            cell.append(" (" + _("recommended") + ")", style="dim")
        if p.sections:
            cell.append("\n" + _("sections: %(sections)s") % {"sections": ", ".join(p.sections)})
        if p.status != "missing":
            if p.missing_elements:
                cell.append("\n" + _("missing: %(elements)s") % {"elements": ", ".join(map(words, p.missing_elements))},
                            style=STYLE["partial"])
            evidence = _evidence(p, _)
            if evidence:
                cell.append("\n" + evidence, style="dim")
        table.add_row(cell, Text(f"{SYMBOL[p.status]} {_(STATUS[p.status])}", style=STYLE[p.status]),
                      f"{p.score:.2f}")
    return table


def render(report: StatuteReport, options=None) -> str:
    from modellaw_check.report.localize import localized

    lang = report_language(getattr(options, "language", None), report.statute.language)
    _ = translations(lang).gettext
    report = localized(report, lang, getattr(options, "rules", None))  # element names in the report language
    buf = io.StringIO()
    color = bool(options and options.color)
    # A terminal's width when on one (the caller passes it); else wide enough for every column.
    width = (options.width if options and options.width else None) or 160
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    s = report.summary
    console.print(Text(f"{report.statute.path}", style="bold"))
    pack = _("Rule pack: %(title)s, version %(version)s") % {"title": report.rule_pack.title,
                                                              "version": report.rule_pack.version}
    if report.reservations:
        pack += "; " + _("reservations: %(ids)s") % {"ids": ", ".join(report.reservations)}
    console.print(pack)
    if width < NARROW:
        table = _stacked(report, _)
    else:
        table = Table(show_lines=True, expand=False)
        table.add_column(_("Provision"), no_wrap=True)  # an id is never broken across lines
        table.add_column(_("Status"), no_wrap=True)
        table.add_column(_("Score"), justify="right")
        table.add_column(_("Sections"), overflow="fold", max_width=16)
        table.add_column(_("Missing elements"), overflow="fold", max_width=24)
        table.add_column(_("Evidence"), overflow="fold")
        for p in report.provisions:
            label = Text(p.id)
            if p.level == "recommended":
                label.append("\n(" + _("recommended") + ")", style="dim")
            status = Text(f"{SYMBOL[p.status]} {_(STATUS[p.status])}", style=STYLE[p.status])
            table.add_row(label, status, f"{p.score:.2f}", ", ".join(p.sections),
                          ", ".join(map(words, p.missing_elements)) if p.status != "missing" else "",
                          _evidence(p, _) if p.status != "missing" else "")
    console.print(table)
    console.print(_("implemented %(implemented)s · partial %(partial)s · missing %(missing)s (%(required)s required)"
                    " · coverage %(coverage)s") % {
        "implemented": s.implemented, "partial": s.partial, "missing": s.missing,
        "required": s.required_missing, "coverage": f"{s.coverage:.0%}"})
    return buf.getvalue()
