"""``modellaw-check check FILE...``: check statutes, with the project config, waivers and a baseline."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modellaw_check.cli.common import RESERVATION_OPTION, RULES_OPTION, write_output
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from modellaw_check.fail_levels import FAIL_LEVELS, fails
from modellaw_check.read import read_document

if TYPE_CHECKING:  # the config models are imported when a command needs them (not for `scan`)
    from modellaw_check.config import LoadedConfig

__all__ = ["FAIL_LEVELS", "fails", "check", "register"]

# Formats whose outputs can be concatenated when several files are checked in one run.
CONCATENABLE = ("table", "text", "markdown")

CONFIG_OPTION = typer.Option(None, "--config", "-c", help="Use this config file instead of discovering "
                             "modellaw-check.yaml / pyproject.toml from the working directory upward.",
                             show_default=False)
NO_CONFIG_OPTION = typer.Option(False, "--no-config", help="Ignore every config file.")


def warn(message: str) -> None:
    typer.echo(f"modellaw-check: warning: {message}", err=True)


def note(message: str) -> None:
    typer.echo(f"modellaw-check: {message}", err=True)


@dataclass
class Settings:
    """Command-line options merged over the config file (the command line wins)."""

    loaded: LoadedConfig
    rule_dirs: list[Path] = field(default_factory=list)
    reservations: list[str] = field(default_factory=list)
    fail_on: str = "required-missing"
    fmt: str | None = None
    baseline: Path | None = None


def settings(config: Path | None, no_config: bool, rules: Path | None, reservation: list[str],
             fail_on: str | None = None, fmt: str | None = None, baseline: Path | None = None) -> Settings:
    from modellaw_check.config import resolve_config

    loaded = resolve_config(config, no_config)
    s = Settings(
        loaded=loaded,
        rule_dirs=[rules] if rules else loaded.rule_dirs,
        reservations=list(reservation) if reservation else loaded.reservation_ids,
        fail_on=fail_on or loaded.config.fail_on,
        fmt=fmt or loaded.config.format,
        baseline=baseline or loaded.baseline_path,
    )
    if s.fail_on not in FAIL_LEVELS:
        raise UsageError(f"unknown --fail-on {s.fail_on!r} (choose from: {', '.join(FAIL_LEVELS)})")
    return s


def load_pack_dirs(dirs: list[Path]):
    """One rule pack from several directories: the first is the pack, later ones add rules to it."""
    from modellaw_check.errors import RuleError
    from modellaw_check.rules import load_pack

    if not dirs:
        return load_pack(None)
    pack = load_pack(dirs[0])
    for d in dirs[1:]:
        extra = load_pack(d)
        for rule in extra.rules:
            if rule.id in pack.files:
                raise RuleError(f"duplicate rule id {rule.id!r} (also in {pack.files[rule.id]})",
                                path=str(extra.files[rule.id]))
            pack.rules.append(rule)
            pack.files[rule.id] = extra.files[rule.id]
        concepts = {**extra.meta.concepts, **pack.meta.concepts}  # the main pack's concepts win
        pack.meta = pack.meta.model_copy(update={"concepts": concepts})
        pack.digest = f"{pack.digest}+{extra.digest}"
    return pack


def build_checker(s: Settings):
    from modellaw_check.check import Checker

    return Checker(load_pack_dirs(s.rule_dirs), s.reservations)


def select_files(files: list[Path], loaded: LoadedConfig) -> list[Path]:
    """The statutes to check: the files given (filtered by include/exclude) or the config's include."""
    if not files:
        if not loaded.config.include:
            raise UsageError("give a statute FILE (or set `include:` in modellaw-check.yaml)")
        chosen = loaded.included_files()
        if not chosen:
            note(f"no file matches `include:` in {loaded.path}")
        return chosen
    chosen = [f for f in files if loaded.path is None or f.is_dir() or loaded.selects(f)]
    skipped = len(files) - len(chosen)
    if skipped:
        note(f"{skipped} file(s) skipped by include/exclude in {loaded.path}")
    return chosen


def check(
    files: list[Path] = typer.Argument(None, help="Statutes or bills to check (.txt, .md, ...; see "
                                       "--input-format). Default: the config's `include` globs.",
                                       show_default=False),
    fmt: str = typer.Option(None, "--format", "-f",
                            help="Output format: table, text, json, markdown, html, sarif, junit. "
                            "Default: the config's `format`, else table on a terminal, text otherwise."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    rules: Path = RULES_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    fail_on: str = typer.Option(None, "--fail-on", show_default=False,
                                help=f"Exit 1 when findings reach this level: {', '.join(FAIL_LEVELS)}. "
                                "Default: the config's `fail_on`, else required-missing."),
    input_format: str = typer.Option(None, "--input-format", help="Override the detected input format: "
                                     "text, markdown, docx, pdf, html, akn (docs/formats.md)."),
    template: Path = typer.Option(None, "--template", help="A Jinja template file or directory overriding "
                                  "the built-in text/markdown/html templates."),
    only: list[str] = typer.Option([], "--only", help="Report only these provision ids (repeatable)."),
    baseline: Path = typer.Option(None, "--baseline", help="Fail only on findings not recorded in this "
                                  "baseline file (see `modellaw-check baseline write`).", show_default=False),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Check statutes against every provision of the model law.

    Settings come from modellaw-check.yaml (found from the working directory upward); options given
    here override them. Waived and baselined findings are reported but do not fail the run.

    Exit codes: 0 no findings at the --fail-on level, 1 findings, 2 usage, config or input error.
    """
    from modellaw_check import baseline as bl
    from modellaw_check.report import RenderOptions, get_renderer, render

    s = settings(config, no_config, rules, reservation, fail_on, fmt, baseline)
    tty = output is None and sys.stdout.isatty()
    out_fmt = s.fmt or ("table" if tty else "text")
    get_renderer(out_fmt)  # fail on a bad format before the slow work
    base = bl.load(s.baseline) if s.baseline else None  # a bad baseline fails before the slow work too
    chosen = select_files(list(files or []), s.loaded)
    if len(chosen) > 1 and out_fmt not in CONCATENABLE:
        raise UsageError(f"--format {out_fmt} takes one statute per run (got {len(chosen)}); "
                         f"use {', '.join(CONCATENABLE)} or `modellaw-check scan` for several")
    if not chosen:
        raise typer.Exit(EXIT_OK)
    checker = None  # built after the first statute is read: a bad file fails at once, not after ~1 s
    from modellaw_check.config import WaiverTracker

    waivers = WaiverTracker(s.loaded)
    texts: list[str] = []
    failed = False
    waived = baselined = 0
    for file in chosen:
        doc = read_document(file, input_format)
        if checker is None:
            checker = build_checker(s)
        report = checker.check_document(doc)
        for message in report.warnings:
            warn(f"{file}: {message}")
        waived += waivers.apply(report, file)
        if base is not None and s.baseline is not None:
            baselined += bl.apply(report, base, bl.file_key(s.baseline, file))
        if only:
            ids = {p.id for p in report.provisions}
            unknown = [o for o in only if o not in ids]
            if unknown:
                raise UsageError(f"unknown provision id {', '.join(unknown)} "
                                 "(see `modellaw-check rules list`)")
            report.provisions = [p for p in report.provisions if p.id in only]
        failed = fails(report, s.fail_on) or failed
        opts = RenderOptions(template=template, color=tty, fail_on=s.fail_on,
                             rules=s.rule_dirs[0] if s.rule_dirs else None)  # SARIF rule metadata
        texts.append(render(report, out_fmt, opts))
    write_output("\n".join(texts), output, chosen)
    for message in waivers.warnings():
        warn(message)
    if waived or baselined:
        note(f"{waived} finding(s) waived by config, {baselined} in the baseline: reported, "
             "not counted toward the exit code")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
