"""The ``modellaw-check`` application: global options, error handling, exit codes."""

from __future__ import annotations

import os
import sys

import click
import typer

from modellaw_check import __version__
from modellaw_check.cli.common import help_on_stderr, readable_help
from modellaw_check.errors import EXIT_INTERNAL, EXIT_USAGE, CheckError
from modellaw_check.runtime import tune_gc

app = typer.Typer(
    name="modellaw-check",
    help="Check a cybercrime statute against the Chairman's Model Law on Cybercrime Legislation "
    "(Budapest Convention), provision by provision, with the evidence for every finding.",
    no_args_is_help=False,  # the callback prints the help on stderr and exits 2 (a usage error)
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modellaw-check {__version__}")
        raise typer.Exit()


readable_help()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors (for bug reports)."),
) -> None:
    """Statute compliance checker for the Chairman's Model Law on Cybercrime Legislation."""
    if ctx.invoked_subcommand is None:
        help_on_stderr(ctx)  # `modellaw-check` alone: a usage error, like `git` or `ruff` alone
    # main() reads --debug from argv itself; nothing to keep here (writing the environment would
    # leak into later in-process runs).


def _register() -> None:
    # Imported here so that each command module stays independent of the others.
    from modellaw_check.cli import check_cmd, rules_cmd

    check_cmd.register(app)
    rules_cmd.register(app)
    for name in ("explain_cmd", "eval_cmd", "scan_cmd", "diff_cmd", "config_cmd", "schema_cmd"):
        try:
            module = __import__(f"modellaw_check.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"modellaw_check.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def _exceptions(name: str) -> tuple[type[BaseException], ...]:
    """The click exception class ``name`` from click and from typer's vendored copy of it.

    typer >= 0.20 bundles its own click (``typer._click``), whose exceptions are not click's: catching
    only ``click.ClickException`` turned every bad option into an "internal error" (exit 3).
    """
    found: list[type[BaseException]] = [getattr(click.exceptions, name)]
    for module in ("typer.exceptions", "typer._click.exceptions"):
        try:
            cls = getattr(__import__(module, fromlist=[name]), name, None)
        except ImportError:
            continue
        if isinstance(cls, type) and cls not in found:
            found.append(cls)
    return tuple(found)


_NO_ARGS = _exceptions("NoArgsIsHelpError")
_USAGE = _exceptions("UsageError")
_CLICK = _exceptions("ClickException")
_ABORT = _exceptions("Abort")
_EXIT = _exceptions("Exit")


def _fail(message: str, code: int) -> int:
    # One line, always: a multi-line message from a library is joined rather than cut.
    message = "; ".join(part.strip() for part in str(message).splitlines() if part.strip())
    click.echo(f"modellaw-check: error: {message}", err=True)
    return code


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app and turn every expected failure into one line + exit code."""
    debug = "--debug" in (argv or sys.argv) or os.environ.get("MODELLAW_DEBUG") == "1"
    tune_gc()
    # The report and rule models are the tool's own data, not a service to instrument: looking for
    # pydantic plugins reads every installed package's entry points on each run. typer
    # disables them for its own models too; a user who names plugins in the variable keeps them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="modellaw-check")
        code = rv if isinstance(rv, int) else 0
    except _NO_ARGS as exc:
        # A command run without its arguments: the help is the message (with rich help, building the
        # exception already printed it); a usage error.
        if exc.format_message():
            click.echo(exc.format_message(), err=True)
        code = EXIT_USAGE
    except _USAGE as exc:  # bad option, missing argument, unknown command: one line, not click's usage block
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx else ""
        code = _fail(f"{exc.format_message()}{hint}", EXIT_USAGE)
    except _CLICK as exc:
        code = _fail(exc.format_message(), EXIT_USAGE if exc.exit_code == 2 else exc.exit_code)
    except _ABORT:
        code = _fail("interrupted", 130)
    except _EXIT as exc:
        code = exc.exit_code
    except CheckError as exc:
        if debug:
            raise
        code = _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        code = _fail("interrupted", 130)
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # an internal error: say so, point at --debug, never a traceback
        if debug:
            raise
        code = _fail(f"internal error: {type(exc).__name__}: {exc} (re-run with --debug and report it)",
                     EXIT_INTERNAL)
    sys.exit(code)
