"""``modellaw-check check FILE...``: check statutes, with the project config, waivers and a baseline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modellaw_check.cli.common import PACK_OPTION, RESERVATION_OPTION, RULES_OPTION, STDIN, write_output
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from modellaw_check.fail_levels import FAIL_LEVELS, fails
from modellaw_check.status import Status

if TYPE_CHECKING:  # the config models are imported when a command needs them
    from modellaw_check.config import LoadedConfig
    from modellaw_check.settings import Settings

__all__ = ["FAIL_LEVELS", "fails", "check", "register"]

# Formats whose outputs can be concatenated when several files are checked in one run.
CONCATENABLE = ("table", "text", "markdown")

CONFIG_OPTION = typer.Option(None, "--config", "-c", metavar="FILE", help="Use this config file instead of discovering "
                             "modellaw-check.yaml / pyproject.toml from the working directory upward.",
                             show_default=False)
NO_CONFIG_OPTION = typer.Option(False, "--no-config", help="Ignore every config file.")


def warn(message: str) -> None:
    typer.echo(f"modellaw-check: warning: {message}", err=True)


def note(message: str) -> None:
    typer.echo(f"modellaw-check: {message}", err=True)


def settings(config: Path | None, no_config: bool, rules: Path | None, reservation: list[str],
             fail_on: str | None = None, fmt: str | None = None, baseline: Path | None = None,
             pack: str | None = None, language: str | None = None) -> Settings:
    """The run's settings (``modellaw_check.settings.resolve``: the config file and these options)."""
    from modellaw_check.settings import resolve

    return resolve(config, no_config, rules=rules, pack=pack, reservations=reservation, fail_on=fail_on,
                   fmt=fmt, baseline=baseline, language=language)


FAIL_REASONS = {
    "required-missing": "required provision(s) missing",
    "missing": "provision(s) missing",
    "required-partial": "required provision(s) partial or missing",
    "partial": "provision(s) partial or missing",
}


def select_files(files: list[Path], loaded: LoadedConfig, force_exclude: bool = False) -> list[Path]:
    """The statutes to check: the files named (always, as ruff and Vale do; with ``--force-exclude``
    less those the config's ``exclude`` or the documentation rule leaves out) or, with none named, the
    files the config's ``include`` globs find, less ``exclude`` and documentation files."""
    from modellaw_check.scan.discover import is_documentation

    if not files:
        if not loaded.config.include:
            raise UsageError("give a statute FILE (or set `include:` in modellaw-check.yaml)")
        found = loaded.included_files()
        chosen = [f for f in found if not is_documentation(f)]
        if len(found) > len(chosen):
            note(f"{len(found) - len(chosen)} documentation or metadata file(s) skipped (README, SOURCES, "
                 "LICENSE ...); name a file to check it")
        if not chosen:
            note(f"no file matches `include:` in {loaded.path}")
        return chosen
    if not force_exclude:
        return files
    chosen = [f for f in files if str(f) == STDIN or not (
        is_documentation(f) or (loaded.path is not None and loaded.excludes(f)))]
    skipped = len(files) - len(chosen)
    if skipped:
        where = f" in {loaded.path}" if loaded.path else ""
        note(f"{skipped} file(s) skipped by --force-exclude (exclude{where}, or documentation)")
    return chosen


def validate_ids(s: Settings, only: list[str]) -> None:
    """Every provision and reservation id named on the command line or in the config exists in the
    rule pack: a typo is a usage error (exit 2) naming the valid ids, never a check of nothing."""
    from modellaw_check.cli.common import check_ids

    pack = s.pack()
    provisions = [r.id for r in pack.rules]
    config = str(s.loaded.path) if s.loaded.path else "config"
    check_ids("provision id", only, provisions, "--only")
    check_ids("reservation", s.reservations, pack.reservation_ids(),
              "--reservation" if s.cli_reservations else f"{config}: reservations")
    check_ids("provision id", [w.provision for w in s.loaded.config.waivers if w.provision], provisions,
              f"{config}: waivers")


def _counts(provisions) -> dict[str, int]:
    counts = {Status.IMPLEMENTED: 0, Status.PARTIAL: 0, Status.MISSING: 0, "required_missing": 0}
    for p in provisions:
        if p.status in counts:
            counts[p.status] += 1
        if p.status == Status.MISSING and p.level == "required":
            counts["required_missing"] += 1
    return counts


def exit_reason(reports, fail_on: str) -> str:
    """Why the run exits 1: 'exit 1: 17 required provision(s) missing (--fail-on required-missing)'."""
    from modellaw_check.fail_levels import provision_fails

    n = sum(provision_fails(p, fail_on) for r in reports for p in r.provisions)
    if not n:
        return "exit 0"
    return f"exit 1: {n} {FAIL_REASONS.get(fail_on, 'finding(s)')} (--fail-on {fail_on})"


def write_summary(reports, fail_on: str) -> str:
    """What a written report says and what the exit code means, for the line announcing it."""
    c = _counts([p for r in reports for p in r.provisions])
    what = f"{len(reports)} statutes: " if len(reports) > 1 else ""
    return (f"{what}{c[Status.IMPLEMENTED]} implemented, {c[Status.PARTIAL]} partial, {c[Status.MISSING]} "
            f"missing ({c['required_missing']} required) — {exit_reason(reports, fail_on)}")


def check(
    files: list[Path] = typer.Argument(None, metavar="FILE", show_default=False,
                                       help="Statutes or bills to check (.txt, .md, ...; see --input-format); "
                                       "- reads one from standard input. Always checked when named (see "
                                       "--force-exclude). Default: the files the config's `include` globs find."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="FORMAT", show_default=False,
                            help="Output format: table, text, json, markdown, html, sarif, junit, docx (the bill "
                            "back with Word comments; needs --output). "
                            "Default: the config's `format`, else table on a terminal, text otherwise."),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", show_default=False,
                                help="Write the report to this file (atomically); a line on stderr says what "
                                "it found and why the exit code is what it is."),
    rules: Path = RULES_OPTION,
    pack: str = PACK_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    fail_on: str = typer.Option(None, "--fail-on", metavar="LEVEL", show_default=False,
                                help=f"Exit 1 when findings reach this level: {', '.join(FAIL_LEVELS)}. "
                                "Default: the config's `fail_on`, else required-missing."),
    input_format: str = typer.Option(None, "--input-format", metavar="FORMAT", show_default=False,
                                     help="Override the detected input format: "
                                     "text, markdown, docx, pdf, html, akn (docs/formats.md)."),
    template: Path = typer.Option(None, "--template", metavar="PATH", show_default=False,
                                  help="A Jinja template file or directory overriding "
                                  "the built-in text/markdown/html templates."),
    only: list[str] = typer.Option([], "--only", metavar="ID", show_default=False,
                                   help="Report only these provision ids (repeatable)."),
    baseline: Path = typer.Option(None, "--baseline", metavar="FILE", help="Fail only on findings not recorded "
                                  "in this baseline file (see `modellaw-check baseline write`).", show_default=False),
    force_exclude: bool = typer.Option(False, "--force-exclude", help="Apply the config's `exclude` (and skip "
                                       "README, LICENSE ... files) to the files named too, as pre-commit needs; "
                                       "without it a file named is always checked."),
    language: str = typer.Option(None, "--language", metavar="CODE", show_default=False,
                                 help="Read every statute in this language (en, fr). Default: each "
                                 "statute's own, detected from its common words."),
    report_language: str = typer.Option(None, "--report-language", metavar="CODE", show_default=False,
                                        help="Write the table, text, Markdown, HTML and DOCX reports in this "
                                        "language (en, fr). Default: the statute's. JSON, SARIF and JUnit "
                                        "stay in English."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    """Check statutes against every provision of the model law.

    Settings come from modellaw-check.yaml (found from the working directory upward); options given
    here override them. Waived and baselined findings are reported but do not fail the run.

    Exit codes: 0 no findings at the --fail-on level, 1 findings, 2 usage, config or input error.
    """
    from modellaw_check import baseline as bl
    from modellaw_check.cli.common import read_statute, terminal_width
    from modellaw_check.report import RenderOptions, get_renderer, render

    s = settings(config, no_config, rules, reservation, fail_on, fmt, baseline, pack, language)
    tty = output is None and sys.stdout.isatty()
    out_fmt = s.fmt or ("table" if tty else "text")
    get_renderer(out_fmt)  # fail on a bad format before the slow work
    if report_language is not None:
        from modellaw_check.i18n import report_language as check_language

        check_language(report_language, None)  # a bad language fails before the slow work too
    if out_fmt == "docx" and (output is None or str(output) == STDIN):
        from modellaw_check.report.docx_report import NEEDS_OUTPUT

        raise UsageError(NEEDS_OUTPUT)  # binary: never to a terminal or pipe
    base = bl.load(s.baseline) if s.baseline else None  # a bad baseline fails before the slow work too
    named = list(files or [])
    if sum(str(f) == STDIN for f in named) > 1:
        raise UsageError("- (standard input) can be given only once")
    chosen = select_files(named, s.loaded, force_exclude)
    if len(chosen) > 1 and out_fmt not in CONCATENABLE:
        raise UsageError(f"--format {out_fmt} takes one statute per run (got {len(chosen)}); "
                         f"use {', '.join(CONCATENABLE)} or `modellaw-check scan` for several")
    if not chosen:
        raise typer.Exit(EXIT_OK)
    validate_ids(s, list(only))
    checker = None  # built after the first statute is read: a bad file fails at once, not after ~1 s
    from modellaw_check.config import WaiverTracker

    waivers = WaiverTracker(s.loaded)
    texts: list[str] = []
    reports = []
    failed = False
    waived = baselined = 0
    for file in chosen:
        doc = read_statute(file, input_format)
        label = doc.path if str(file) == STDIN else file
        if checker is None:
            checker = s.checker()
        report = checker.check_document(doc)
        for message in report.warnings:
            warn(f"{label}: {message}")
        waived += waivers.apply(report, Path(label))
        if base is not None and s.baseline is not None and str(file) != STDIN:
            baselined += bl.apply(report, base, bl.file_key(s.baseline, file))
        if only:
            report.provisions = [p for p in report.provisions if p.id in only]
        failed = fails(report, s.fail_on) or failed
        reports.append(report)
        opts = RenderOptions(template=template, color=tty, fail_on=s.fail_on,
                             width=terminal_width() if tty else None,
                             pack=s.pack(),  # SARIF rule metadata, titles in the report language
                             document=doc,  # the HTML page shows the statute's text, from memory
                             language=report_language)
        if out_fmt == "docx":
            from modellaw_check.cli.common import announce
            from modellaw_check.report.docx_report import render_docx, write_docx

            write_docx(output, render_docx(report, doc, report_language, opts.pack),
                       inputs=[Path(f) for f in chosen if str(f) != STDIN])
            announce(f"wrote {output}: {write_summary(reports, s.fail_on)}")
        else:
            texts.append(render(report, out_fmt, opts))
    if out_fmt != "docx":
        write_output("\n".join(texts), output, write_summary(reports, s.fail_on),
                     inputs=[Path(f) for f in chosen if str(f) != STDIN])
    for message in waivers.warnings():
        warn(message)
    if waived or baselined:
        note(f"{waived} finding(s) waived by config, {baselined} in the baseline: reported, "
             "not counted toward the exit code")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
