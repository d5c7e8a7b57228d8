"""The ``modellaw-check`` application: global options, error handling, exit codes."""

from __future__ import annotations

import os
import sys

import click
import typer

from modellaw_check import __version__
from modellaw_check.errors import EXIT_INTERNAL, EXIT_USAGE, CheckError

app = typer.Typer(
    name="modellaw-check",
    help="Check a cybercrime statute against the Chairman's Model Law on Cybercrime Legislation "
    "(Budapest Convention), provision by provision, with the evidence for every finding.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modellaw-check {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors (for bug reports)."),
) -> None:
    """Statute compliance checker for the Chairman's Model Law on Cybercrime Legislation."""
    if debug:
        os.environ["MODELLAW_DEBUG"] = "1"


def _register() -> None:
    # Imported here so that each command module stays independent of the others.
    from modellaw_check.cli import check_cmd, rules_cmd

    check_cmd.register(app)
    rules_cmd.register(app)
    for name in ("explain_cmd", "eval_cmd", "scan_cmd", "diff_cmd", "config_cmd"):
        try:
            module = __import__(f"modellaw_check.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"modellaw_check.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def _fail(message: str, code: int) -> int:
    click.echo(f"modellaw-check: error: {message}", err=True)
    return code


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app and turn every expected failure into one line + exit code."""
    debug = "--debug" in (argv or sys.argv) or os.environ.get("MODELLAW_DEBUG") == "1"
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="modellaw-check")
        code = rv if isinstance(rv, int) else 0
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        code = 0
    except click.ClickException as exc:
        exc.show()
        code = EXIT_USAGE if exc.exit_code == 2 else exc.exit_code
    except click.exceptions.Abort:
        code = _fail("interrupted", 130)
    except click.exceptions.Exit as exc:
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
