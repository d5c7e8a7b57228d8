"""The scan's coverage matrix as CSV: a row per statute, a column per provision, a status per cell."""

from __future__ import annotations

import csv
import io

from modellaw_check.report.matrix import Matrix


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with =, +, -, @ (or a tab or carriage return)
    is prefixed with ' (a statute's title "=HYPERLINK(...)" stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(matrix: Matrix) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["path", "title", "status", "relevant", "coverage", *[p[0] for p in matrix.provisions]])
    for e in matrix.sorted_entries():
        w.writerow([_cell(e.path), _cell(e.title), e.status, "" if e.status == "error" else str(e.relevant).lower(),
                    f"{e.coverage:.3f}" if e.status == "ok" and e.relevant else "",
                    *[matrix.status(e, p[0]) for p in matrix.provisions]])
    return buf.getvalue()
