"""Project setup commands: ``init``, ``baseline write``, ``config-reference``."""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION, settings
from modellaw_check.cli.common import (
    OUTPUT_OPTION,
    PACK_OPTION,
    RESERVATION_OPTION,
    RULES_OPTION,
    announce,
    help_on_stderr,
    read_statute,
    write_output,
)
from modellaw_check.errors import UsageError

STARTER = """\
# modellaw-check configuration. Found from the working directory upward, so every command run inside
# this repository uses it. Paths are relative to this file. Reference: docs/workflows.md, or run
# `modellaw-check config-reference`.

# Statute files to check when `modellaw-check check` is run without a FILE. A file named on the command
# line is always checked; `check --force-exclude` (the pre-commit hook) leaves out the `exclude` files
# named too. `**` spans folders.
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

# Rule pack: the bundled Chairman's Model Law pack unless you name one, by name (`modellaw-check rules
# packs` lists the bundled and installed packs) or by folder. A list of folders adds custom rules:
# pack: chairmans-model-law
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
#   - provision: art9-child-abuse-material
#     files: "bills/**"
#     reason: "Child sexual abuse material is criminalised in the Children Act, s. 12"
#     expires: 2026-12-31
#   - fingerprint: "55eecf03bab93756250e"   # one finding, from `check --format json`
#     reason: "Accepted by the drafting committee on 2025-03-04"

# Fail only on findings that are not in this baseline (create it with `modellaw-check baseline write`):
# baseline: .modellaw-baseline.json
"""

baseline_app = typer.Typer(help="Record today's findings so CI fails only on new ones.",
                           invoke_without_command=True)
CONFIG_SUFFIXES = (".yaml", ".yml")


@baseline_app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        help_on_stderr(ctx)


def init(
    path: Path = typer.Argument(Path("modellaw-check.yaml"), metavar="FILE",
                                help="Where to write the config (a .yaml file)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter modellaw-check.yaml."""
    from modellaw_check.report.output import write_atomic

    if path.suffix.lower() not in CONFIG_SUFFIXES:
        # `init --force true` must not write a file named "true": --force takes no value.
        raise UsageError(f"a config file name ends in .yaml (e.g. modellaw-check.yaml), not {path.name!r}"
                         + ("; --force is a flag and takes no value" if path.name.lower() in
                            ("true", "false", "yes", "no", "1", "0") else ""), path=str(path))
    if path.exists() and not force:
        raise UsageError("already exists; use --force to overwrite it", path=str(path))
    write_atomic(path, STARTER, (), "the config")
    announce(f"wrote {path}; edit it, then run `modellaw-check check`")


@baseline_app.command("write")
def baseline_write(
    file: Path = typer.Argument(..., metavar="BASELINE", show_default=False,
                                help="The baseline file to write (JSON), e.g. .modellaw-baseline.json."),
    statutes: list[Path] = typer.Argument(..., metavar="FILE", show_default=False,
                                          help="The statutes whose current findings to record."),
    rules: Path = RULES_OPTION,
    pack: str = PACK_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    input_format: str = typer.Option(None, "--input-format", metavar="FORMAT", show_default=False,
                                     help="Override the detected input format."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Check the statutes and record every finding (partial or missing provision) in BASELINE.

    Then `modellaw-check check --baseline BASELINE` (or `baseline:` in the config) fails only on findings
    that are not recorded. Waivers do not affect what is recorded.
    """
    from modellaw_check import baseline as bl
    from modellaw_check.cli.check_cmd import validate_ids
    from modellaw_check.report.output import write_atomic

    s = settings(config, no_config, rules, reservation, pack=pack)
    validate_ids(s, [])
    checker = s.checker()
    reports = {bl.file_key(file, p): checker.check_document(read_statute(p, input_format)) for p in statutes}
    baseline = bl.build(reports)
    write_atomic(file, bl.dumps(baseline), [p for p in statutes if str(p) != "-"], "the baseline")
    n = sum(len(v) for v in baseline.files.values())
    announce(f"wrote {file}: recorded {n} finding(s) from {len(reports)} file(s)")


def config_reference(output: Path = OUTPUT_OPTION) -> None:
    """Print the config file reference (Markdown), generated from the config schema."""
    from modellaw_check.config import reference_markdown

    write_output(reference_markdown(), output)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(baseline_app, name="baseline")
    app.command("config-reference")(config_reference)
