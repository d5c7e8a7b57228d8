"""``modellaw-check scan PATH...``: check a whole collection of statutes, in parallel, streaming."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TextIO

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION
from modellaw_check.cli.common import PACK_OPTION, RESERVATION_OPTION, RULES_OPTION
from modellaw_check.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CheckError, UsageError
from modellaw_check.fail_levels import FAIL_LEVELS
from modellaw_check.status import Status


def _check_output(path: Path | None, option: str) -> None:
    if path is None or str(path) == "-":
        return
    from modellaw_check.report.output import check_target

    try:
        check_target(path)
    except CheckError as exc:
        raise UsageError(f"{option} {exc}") from None


def _open_jsonl(path: Path | None, inputs: list[Path]) -> TextIO | None:
    if path is None:
        return None
    if str(path) == "-":
        return sys.stdout
    from modellaw_check.report.output import open_stream

    try:
        return open_stream(path, inputs)
    except CheckError as exc:
        raise UsageError(f"--jsonl {exc}") from None


def scan(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="Statute files, folders (searched recursively; "
                                      "README, SOURCES, LICENSE ... and YAML files in them are skipped) or - to "
                                      "read a list of paths, one per line, from stdin.", show_default=False),
    include: list[str] = typer.Option([], "--include", metavar="GLOB", show_default=False,
                                      help="Only files in folders matching this glob "
                                      "(file name or path relative to the folder); repeatable."),
    exclude: list[str] = typer.Option([], "--exclude", metavar="GLOB", show_default=False,
                                      help="Skip files in folders matching this glob; repeatable."),
    jobs: int = typer.Option(None, "--jobs", "-j", metavar="N", help="Worker processes (default: all cores); 1 runs "
                             "in-process.", show_default=False),
    jsonl: Path = typer.Option(None, "--jsonl", metavar="FILE", show_default=False,
                               help="Write one JSON row per file, as each finishes (- for stdout)."),
    matrix_csv: Path = typer.Option(None, "--matrix-csv", metavar="FILE", show_default=False,
                                    help="Write the statute x provision matrix as CSV."),
    matrix_html: Path = typer.Option(None, "--matrix-html", metavar="FILE", show_default=False,
                                     help="Write the matrix as an HTML heat-map with links to the evidence."),
    cache_dir: Path = typer.Option(None, "--cache-dir", metavar="DIR", help="Result cache folder (default: "
                                   "$MODELLAW_CACHE_DIR, $XDG_CACHE_HOME/modellaw-check or "
                                   "~/.cache/modellaw-check).", show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache (nor its index of "
                                  "unchanged files: every file is read and hashed)."),
    no_filter: bool = typer.Option(False, "--no-filter", help="Check every act fully, even those the "
                                   "relevance pre-filter finds are not about computer crime."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary table."),
    rules: Path = RULES_OPTION,
    pack: str = PACK_OPTION,
    reservation: list[str] = RESERVATION_OPTION,
    fail_on: str = typer.Option(None, "--fail-on", metavar="LEVEL", show_default=False,
                                help="Exit 1 when a statute's findings reach this level: "
                                f"{', '.join(FAIL_LEVELS)}. Default: the config's `fail_on`, else "
                                "required-missing."),
    baseline: Path = typer.Option(None, "--baseline", metavar="FILE", show_default=False,
                                  help="Fail only on findings not recorded in this baseline file."),
    language: str = typer.Option(None, "--language", metavar="CODE", show_default=False,
                                 help="Read every statute in this language (en, fr). Default: each "
                                 "statute's own, detected from its common words."),
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    dask_scheduler: str = typer.Option(None, "--dask-scheduler", metavar="ADDRESS", show_default=False,
                                       help="Run the checks on this existing Dask cluster (e.g. "
                                       "tcp://10.0.0.5:8786); needs the dask extra: "
                                       "pip install 'modellaw-check\\[dask]'."),
) -> None:
    """Check every statute in a collection; write JSON Lines, a coverage matrix and a summary.

    Settings come from modellaw-check.yaml as for `check` (the rule pack, reservations, waivers, the
    baseline, fail_on); options given here override them.

    Exit codes: 2 if any file could not be read (or a usage error), else 1 if any statute has
    findings at the --fail-on level, else 0; 130 when interrupted (re-run to resume from the cache).
    """
    from modellaw_check.cli.check_cmd import settings
    from modellaw_check.cli.common import check_ids
    from modellaw_check.scan import Scanner, ScanOptions, default_jobs, discover
    from modellaw_check.scan.cache import default_cache_dir
    from modellaw_check.scan.discover import Skipped

    s = settings(config, no_config, rules, reservation, fail_on, baseline=baseline, pack=pack, language=language)
    fail_on = s.fail_on
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if paths.count("-") > 1:
        raise UsageError("- (paths from stdin) can be given only once")
    for path, option in ((jsonl, "--jsonl"), (matrix_csv, "--matrix-csv"), (matrix_html, "--matrix-html")):
        _check_output(path, option)
    accept = _acceptance(s)
    options = ScanOptions(
        spec=s.spec, jobs=jobs or default_jobs(), use_filter=not no_filter,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()), fail_on=fail_on,
        dask_scheduler=dask_scheduler, full_rows=jsonl is not None,
        accept=accept if accept.active else None,
    )
    if s.reservations:  # a typo gets the valid ids and a "did you mean" (the pack is loaded only for this)
        config_name = str(s.loaded.path) if s.loaded.path else "config"
        check_ids("reservation", [r.strip() for r in s.reservations if r.strip()],
                  s.pack().reservation_ids(), "--reservation" if s.cli_reservations else f"{config_name}: reservations")
    scanner = Scanner(options)
    waived = [w.provision for w in s.loaded.config.waivers if w.provision]
    if waived:  # checked against the pack outline the scan has anyway (a warm scan loads no pack)
        check_ids("provision id", waived, [p.id for p in scanner.pack.rules], f"{s.loaded.path}: waivers")
    skipped = Skipped()
    # The config's `exclude` leaves out files found in folders, as for `check` without FILE (its
    # `include` names the project's statutes for `check`; a scan's folders and --include choose its own).
    excluded = s.loaded.excludes if s.loaded.path is not None and s.loaded.config.exclude else None
    files = list(discover(paths, include, exclude, sys.stdin, skipped,
                          None if excluded is None else lambda f: not excluded(f)))
    if skipped.by_config:
        typer.echo(f"modellaw-check: {len(skipped.by_config)} file(s) in folders left out by `exclude` in "
                   f"{s.loaded.path}; name a file to scan it", err=True)
    if not files:
        raise UsageError("no statute files found (supported extensions: "
                         + ", ".join(sorted(_extensions())) + ")"
                         + (f"; {len(skipped)} documentation or metadata file(s) skipped" if skipped else ""))

    from modellaw_check.report.matrix import Matrix

    matrix = Matrix(scanner.pack, keep_entries=bool(matrix_csv or matrix_html))
    out = _open_jsonl(jsonl, files)
    progress = None if quiet or not sys.stderr.isatty() else _Progress(files)
    human = sys.stderr if out is sys.stdout else sys.stdout

    def on_row(synopsis, row: dict | None) -> None:
        if out is not None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()  # each row is usable (tail -f, a crash) as soon as it is written
        matrix.add(synopsis)
        if progress:
            progress.advance(synopsis)

    try:
        if progress:
            progress.start()
        stats = scanner.run(files, on_row)
    finally:
        if progress:
            progress.stop()
        if out is not None and out is not sys.stdout:
            out.close()
    from modellaw_check.cli.common import announce

    if matrix_csv:
        from modellaw_check.report import matrix_csv as csv_emitter

        _write(matrix_csv, csv_emitter.render(matrix), files)
    if matrix_html:
        from modellaw_check.report import matrix_html as html_emitter  # Jinja: only when asked for

        _write(matrix_html, html_emitter.render(matrix), files)
    if not quiet:
        _summary(matrix, stats, human, len(skipped), fail_on)
    if accept.waivers is not None:
        for message in accept.waivers.warnings():
            typer.echo(f"modellaw-check: warning: {message}", err=True)
    if accept.waived or accept.baselined:
        typer.echo(f"modellaw-check: {accept.waived} finding(s) waived by config, {accept.baselined} in the "
                   "baseline: reported, not counted toward the exit code", err=True)
    for path in (jsonl, matrix_csv, matrix_html):
        if path is not None and str(path) != "-":
            announce(f"wrote {path}: {_outcome(stats, len(files), fail_on)}")
    if stats.interrupted:
        done = stats.files
        hint = ("re-run the same command to resume: finished files are taken from the cache"
                if options.cache_dir else "re-run without --no-cache next time to be able to resume")
        typer.echo(f"modellaw-check: {'terminated' if stats.terminated else 'interrupted'} after {done} of "
                   f"{len(files)} files"
                   + (f" (rows in {jsonl})" if jsonl and str(jsonl) != "-" else "") + f"; {hint}", err=True)
        raise typer.Exit(143 if stats.terminated else 130)
    # Precedence: an unread file means the answer is incomplete, which outranks findings.
    code = EXIT_USAGE if stats.errors else EXIT_FINDINGS if stats.failing else EXIT_OK
    raise typer.Exit(code)


def _write(path: Path, text: str, inputs: list[Path]) -> None:
    """A matrix to standard output (-) or, atomically, to its file."""
    if str(path) == "-":
        sys.stdout.write(text)
    else:
        from modellaw_check.report.output import write_atomic

        write_atomic(path, text, inputs, "the matrix")


def _acceptance(s):
    """The config's waivers and the baseline, for the scan's rows (loaded before any file is read)."""
    from modellaw_check.scan.accept import Acceptance

    waivers = None
    if s.loaded.config.waivers:
        from modellaw_check.config import WaiverTracker

        waivers = WaiverTracker(s.loaded)
    base = None
    if s.baseline is not None:
        from modellaw_check import baseline as bl

        base = bl.load(s.baseline)
    return Acceptance(waivers, base, s.baseline)


def _extensions() -> list[str]:
    from modellaw_check import read

    return list(read.EXTENSIONS)


class _Progress:
    """A rich progress bar on stderr: files, MB, rate, ETA (only on a terminal); the bar takes what is
    left of the terminal's width, so the line always fits."""

    def __init__(self, files: list[Path]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        total = 0
        for f in files:
            with contextlib.suppress(OSError):
                total += f.stat().st_size
        self.files_total = len(files)
        self.files_done = 0
        self.progress = Progress(
            TextColumn("scan"), BarColumn(bar_width=None),
            TextColumn(f"{{task.fields[files]}}/{self.files_total} files"),
            DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True, expand=True,
        )
        self.task = self.progress.add_task("scan", total=total, files=0)

    def start(self) -> None:
        self.progress.start()

    def stop(self) -> None:
        self.progress.stop()

    def advance(self, synopsis) -> None:
        self.files_done += 1
        self.progress.update(self.task, advance=synopsis.bytes or 0, files=self.files_done)


def _fit(clauses: list[str], width: int) -> list[str]:
    """Clauses joined with ', ' into lines of at most ``width`` characters (a line breaks between
    clauses, never inside one, unless a clause alone is wider)."""
    lines: list[str] = []
    for clause in clauses:
        if lines and len(lines[-1]) + 2 + len(clause) <= width:
            lines[-1] += ", " + clause
        else:
            if lines:
                lines[-1] += ","
            lines.append(clause)
    return lines


def _outcome(stats, n_files: int, fail_on: str) -> str:
    """What a scan found and what its exit code means, for the line announcing a written file."""
    code = ("exit 2: " + f"{stats.errors} file(s) unreadable" if stats.errors
            else f"exit 1: {stats.failing} statute(s) with findings (--fail-on {fail_on})" if stats.failing
            else "exit 0")
    return (f"{n_files} file(s), {stats.relevant} checked, {stats.not_relevant} not about computer crime "
            f"— {code}")


def _summary(matrix, stats, stream: TextIO, skipped: int = 0, fail_on: str = "required-missing",
             width: int | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from modellaw_check.cli.common import is_terminal, print_rich, terminal_width

    fit = width or (terminal_width() if is_terminal(stream) else 100)
    out: list = []
    counts = matrix.counts()
    if stats.relevant or stats.not_relevant:
        title = f"Coverage across {stats.relevant + stats.not_relevant} statute(s)"
        if stats.not_relevant:
            title += f" ({stats.not_relevant} not about computer crime: n/a)"
        table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0))
        table.add_column("provision", no_wrap=True)
        table.add_column("level", no_wrap=True)
        columns = ((Status.IMPLEMENTED, "impl.", "green"), (Status.PARTIAL, "partial", "yellow"),
                   (Status.MISSING, "missing", "red"), (Status.NOT_APPLICABLE, "n/a", "dim"))
        for _status, header, style in columns:
            table.add_column(header, justify="right", style=style, no_wrap=True)
        for pid, _title, level, _source in matrix.provisions:
            c = counts[pid]
            table.add_row(pid, level, *(str(c[status]) for status, _header, _style in columns))
        out.append(table)
    mb = stats.bytes / 1e6
    rate = mb / stats.seconds if stats.seconds else 0.0
    clauses = [f"{stats.files} files ({mb:.1f} MB in {stats.seconds:.1f} s, {rate:.1f} MB/s)",
               f"{stats.relevant} checked", f"{stats.not_relevant} not about computer crime",
               f"{stats.cached} from cache", f"{stats.errors} unreadable"]
    if skipped:
        clauses.append(f"{skipped} skipped as documentation or metadata")
    clauses.append(f"{stats.failing} with findings at --fail-on {fail_on}")
    out += [Text(line) for line in _fit(clauses, fit)]
    print_rich(stream, *out, width=width)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
