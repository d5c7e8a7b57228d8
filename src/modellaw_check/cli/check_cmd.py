"""``modellaw-check check FILE``: check one statute."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from modellaw_check.cli.common import RESERVATION_OPTION, RULES_OPTION, load_checker, write_output
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from modellaw_check.fail_levels import FAIL_LEVELS, fails  # noqa: F401  (re-exported)


def check(
    file: Path = typer.Argument(..., help="The statute or bill to check (.txt or .md; see --input-format)."),
    fmt: str = typer.Option(None, "--format", "-f",
                            help="Output format: table, text, json, markdown, html, sarif, junit. "
                            "Default: table on a terminal, text otherwise."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    rules: Path = RULES_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    fail_on: str = typer.Option("required-missing", "--fail-on",
                                help=f"Exit 1 when findings reach this level: {', '.join(FAIL_LEVELS)}."),
    input_format: str = typer.Option(None, "--input-format", help="Override the detected input format."),
    template: Path = typer.Option(None, "--template", help="A Jinja template file or directory overriding "
                                  "the built-in text/markdown/html templates."),
    only: list[str] = typer.Option([], "--only", help="Report only these provision ids (repeatable)."),
) -> None:
    """Check one statute against every provision of the model law.

    Exit codes: 0 no findings at the --fail-on level, 1 findings, 2 usage or input error.
    """
    from modellaw_check.report import RenderOptions, render

    if fail_on not in FAIL_LEVELS:
        raise UsageError(f"unknown --fail-on {fail_on!r} (choose from: {', '.join(FAIL_LEVELS)})")
    tty = output is None and sys.stdout.isatty()
    fmt = fmt or ("table" if tty else "text")
    from modellaw_check.report import get_renderer

    get_renderer(fmt)  # fail on a bad format before the slow work
    checker = load_checker(rules, reservation)
    report = checker.check_path(file, input_format)
    if only:
        ids = {p.id for p in report.provisions}
        unknown = [o for o in only if o not in ids]
        if unknown:
            raise UsageError(f"unknown provision id {', '.join(unknown)} (see `modellaw-check rules list`)")
        report.provisions = [p for p in report.provisions if p.id in only]
    opts = RenderOptions(template=template, color=tty, fail_on=fail_on, rules=rules)
    write_output(render(report, fmt, opts), output)
    raise typer.Exit(EXIT_FINDINGS if fails(report, fail_on) else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
