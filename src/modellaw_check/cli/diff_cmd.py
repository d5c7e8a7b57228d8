"""``modellaw-check diff OLD NEW``: what a revision of a bill improved and what it broke."""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION, settings
from modellaw_check.cli.common import (
    OUTPUT_OPTION,
    PACK_OPTION,
    RESERVATION_OPTION,
    RULES_OPTION,
    read_statute,
    write_output,
)
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, UsageError

DIFF_FORMATS = ("text", "json")


def diff(
    old: Path = typer.Argument(..., metavar="OLD", show_default=False,
                               help="The earlier version of the bill (any supported format; - for stdin)."),
    new: Path = typer.Argument(..., metavar="NEW", show_default=False, help="The later version."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                            help=f"Output format: {', '.join(DIFF_FORMATS)}."),
    output: Path = OUTPUT_OPTION,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List unchanged provisions too."),
    rules: Path = RULES_OPTION,
    pack: str = PACK_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    input_format: str = typer.Option(None, "--input-format", metavar="FORMAT", show_default=False,
                                     help="Override the detected input format (both files)."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Compare two versions of a bill provision by provision, with element-level detail.

    Exit codes: 0 nothing regressed, 1 a provision regressed, 2 usage, config or input error.
    """
    from modellaw_check.diff import compare, render_json, render_text

    if fmt not in DIFF_FORMATS:
        raise UsageError(f"unknown format {fmt!r} for diff (choose from: {', '.join(DIFF_FORMATS)})")
    from modellaw_check.cli.check_cmd import validate_ids

    if str(old) == str(new) == "-":
        raise UsageError("- (standard input) can be only one of OLD and NEW")
    s = settings(config, no_config, rules, reservation, pack=pack)
    validate_ids(s, [])
    checker = s.checker()
    result = compare(checker.check_document(read_statute(old, input_format)),
                     checker.check_document(read_statute(new, input_format)))
    summary = (f"{result.summary.regressed} regressed, {result.summary.improved} improved — "
               + ("exit 1: a provision regressed" if result.regressed else "exit 0"))
    write_output(render_json(result) if fmt == "json" else render_text(result, verbose), output, summary,
                 inputs=[Path(p) for p in (old, new) if str(p) != "-"])
    raise typer.Exit(EXIT_FINDINGS if result.regressed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
