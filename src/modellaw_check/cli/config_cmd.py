"""Project setup commands: ``init``, ``baseline write``, ``config-reference``."""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION, build_checker, note, settings
from modellaw_check.cli.common import RESERVATION_OPTION, RULES_OPTION, write_output
from modellaw_check.errors import UsageError

STARTER = """\
# modellaw-check configuration. Found from the working directory upward, so every command run inside
# this repository uses it. Paths are relative to this file. Reference: docs/workflows.md, or run
# `modellaw-check config-reference`.

# Statute files to check when `modellaw-check check` is run without a FILE; files given on the command
# line (e.g. by pre-commit) are filtered by these globs too. `**` spans folders.
include:
  - "bills/**/*.md"
  - "statutes/**/*.txt"
exclude:
  - "**/README.md"

# Exit 1 when findings reach this level:
#   never | required-missing | missing | required-partial | partial
fail_on: required-missing

# Default output format of `check` (the command line's --format wins):
#   table | text | json | markdown | html | sarif | junit
# format: text

# Rule pack: the bundled Chairman's Model Law pack unless you name one. A list adds custom rule folders:
# rules:
#   - rules/chairmans-model-law
#   - rules/national-additions

# Reservations your country took (see `modellaw-check rules show ID` for each provision's reservations).
reservations: []
#   - ART-2.security
#   - id: ART-6.3
#     note: "Reservation declared in the instrument of ratification, 2023"

# Findings accepted on purpose. A waived finding is still reported, but does not fail the run.
# `reason` is required; after `expires` the waiver stops applying and a warning says so.
waivers: []
#   - provision: art9-child-pornography
#     files: "bills/**"
#     reason: "Child sexual abuse material is criminalised in the Children Act, s. 12"
#     expires: 2026-12-31
#   - fingerprint: "55eecf03bab93756250e"   # one finding, from `check --format json`
#     reason: "Accepted by the drafting committee on 2025-03-04"

# Fail only on findings that are not in this baseline (create it with `modellaw-check baseline write`):
# baseline: .modellaw-baseline.json
"""

baseline_app = typer.Typer(help="Record today's findings so CI fails only on new ones.",
                           no_args_is_help=True)


def init(
    path: Path = typer.Argument(Path("modellaw-check.yaml"), help="Where to write the config."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter modellaw-check.yaml."""
    from modellaw_check.report.output import write_atomic

    if path.exists() and not force:
        raise UsageError("already exists; use --force to overwrite it", path=str(path))
    write_atomic(path, STARTER, (), "the config")
    typer.echo(f"wrote {path}; edit it, then run `modellaw-check check`")


@baseline_app.command("write")
def baseline_write(
    file: Path = typer.Argument(..., help="The baseline file to write (JSON), e.g. .modellaw-baseline.json."),
    statutes: list[Path] = typer.Argument(..., help="The statutes whose current findings to record."),
    rules: Path = RULES_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    input_format: str = typer.Option(None, "--input-format", help="Override the detected input format."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Check the statutes and record every finding (partial or missing provision) in FILE.

    Then `modellaw-check check --baseline FILE` (or `baseline:` in the config) fails only on findings
    that are not recorded. Waivers do not affect what is recorded.
    """
    from modellaw_check import baseline as bl
    from modellaw_check.report.output import write_atomic

    s = settings(config, no_config, rules, reservation)
    checker = build_checker(s)
    reports = {bl.file_key(file, p): checker.check_path(p, input_format) for p in statutes}
    baseline = bl.build(reports)
    write_atomic(file, bl.dumps(baseline), statutes, "the baseline")
    n = sum(len(v) for v in baseline.files.values())
    note(f"recorded {n} finding(s) from {len(reports)} file(s) in {file}")


def config_reference(
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Print the config file reference (Markdown), generated from the config schema."""
    from modellaw_check.config import reference_markdown

    write_output(reference_markdown(), output)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(baseline_app, name="baseline")
    app.command("config-reference")(config_reference)
