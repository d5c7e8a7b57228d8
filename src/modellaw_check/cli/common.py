"""Options and helpers shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

RULES_OPTION = typer.Option(None, "--rules", "-r", help="A rule pack directory to use instead of the bundled one.",
                            show_default=False)
RESERVATION_OPTION = typer.Option(
    [], "--reservation", help="A reservation your country took (e.g. ART-4.2); repeatable. "
    "See `modellaw-check rules show ID` for each provision's reservations.", show_default=False)


def load_checker(rules: Path | None, reservations: list[str] | None = None):
    from modellaw_check.check import Checker
    from modellaw_check.rules import load_pack

    return Checker(load_pack(rules), reservations or [])


def write_output(text: str, output: Path | None, inputs: list[Path] | None = None) -> None:
    """Write to a file atomically (temporary file + rename; only a regular file, never one of the run's
    inputs: report/output.py), or to stdout for None or -."""
    if output is None or str(output) == "-":
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from modellaw_check.report.output import write_atomic

    write_atomic(output, text, inputs or ())
