"""``modellaw-check diff OLD NEW``: what a revision of a bill improved and what it broke."""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION, build_checker, settings
from modellaw_check.cli.common import RESERVATION_OPTION, RULES_OPTION, write_output
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, UsageError

DIFF_FORMATS = ("text", "json")


def diff(
    old: Path = typer.Argument(..., help="The earlier version of the bill (any supported format)."),
    new: Path = typer.Argument(..., help="The later version."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(DIFF_FORMATS)}."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List unchanged provisions too."),
    rules: Path = RULES_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    input_format: str = typer.Option(None, "--input-format", help="Override the detected input format "
                                     "(both files)."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Compare two versions of a bill provision by provision, with element-level detail.

    Exit codes: 0 nothing regressed, 1 a provision regressed, 2 usage, config or input error.
    """
    from modellaw_check.diff import compare, render_json, render_text

    if fmt not in DIFF_FORMATS:
        raise UsageError(f"unknown format {fmt!r} for diff (choose from: {', '.join(DIFF_FORMATS)})")
    s = settings(config, no_config, rules, reservation)
    checker = build_checker(s)
    result = compare(checker.check_path(old, input_format), checker.check_path(new, input_format))
    write_output(render_json(result) if fmt == "json" else render_text(result, verbose), output, [old, new])
    raise typer.Exit(EXIT_FINDINGS if result.regressed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
