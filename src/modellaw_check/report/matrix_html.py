"""The scan's coverage matrix as an HTML heat-map, with a section per statute holding each cell's evidence."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from modellaw_check.report.matrix import Matrix
from modellaw_check.status import SYMBOL, Status

TEMPLATE = "matrix.html.j2"


def render(matrix: Matrix, title: str = "Coverage matrix") -> str:
    # The tool's own template over the scan's data: autoescaped (titles are the statutes' words), not
    # sandboxed (no user template is ever rendered here).
    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    entries = matrix.sorted_entries()
    return env.get_template(TEMPLATE).render(
        title=title, provisions=matrix.provisions, counts=matrix.counts(), symbol=SYMBOL, Status=Status,
        relevant=[e for e in entries if e.status == "ok" and e.relevant],
        not_relevant=[e for e in entries if e.status == "ok" and not e.relevant],
        errors=[e for e in entries if e.status == "error"],
    )
