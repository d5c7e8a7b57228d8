"""Options and helpers shared by several commands."""

from __future__ import annotations

import difflib
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from modellaw_check.errors import CheckError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from modellaw_check.document import Document

RULES_OPTION = typer.Option(None, "--rules", "-r", metavar="DIR", show_default=False,
                            help="A rule pack directory to use instead of the bundled one.")
PACK_OPTION = typer.Option(None, "--pack", "-p", metavar="NAME", show_default=False,
                           help="A rule pack by name: bundled (`modellaw-check rules packs`) or installed "
                           "by a Python package. Default: the config's `pack`, else chairmans-model-law.")
RESERVATION_OPTION = typer.Option(
    [], "--reservation", metavar="ID", show_default=False,
    help="A reservation your country took (e.g. ART-4.2); repeatable. "
    "See `modellaw-check rules show ID` for each provision's reservations.")
OUTPUT_OPTION = typer.Option(None, "--output", "-o", metavar="FILE", show_default=False,
                             help="Write to this file (atomically) instead of stdout.")

STDIN = "-"
STDIN_PATH = "<stdin>"


# -- help: placeholders that read as words ----------------------------------------------------------
def readable_help() -> None:
    """Make typer's help show placeholders as words and flags as flags.

    typer >= 0.22 prints the Python type of every parameter (``<bool>``, ``<list[Path]>``) beside
    the metavar, which makes a flag look as if it took a value, and writes required arguments in
    braces (``{paths}...``). Here: a flag shows no placeholder, a parameter with a ``metavar=`` shows
    only that, and arguments are written the usual way (``FILE...``, ``[FILE]...``). Older typers,
    which print metavars themselves, are left alone.
    """
    try:
        from typer import core
    except ImportError:  # pragma: no cover
        return
    option, base = getattr(core, "TyperOption", None), getattr(core, "_TyperParameter", None)
    argument = getattr(core, "TyperArgument", None)
    if option is None or base is None or argument is None or getattr(option, "_readable_help", False):
        return
    if not hasattr(option, "display_type_rich") or not hasattr(argument, "_usage_display_name"):
        return
    option_type, argument_type = option.display_type_rich, base.display_type_rich

    def option_display(self, ctx):
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None
        return self.metavar if self.metavar is not None else option_type(self, ctx)

    def argument_display(self, ctx):
        return None if self.metavar is not None else argument_type(self, ctx)

    def usage_name(self) -> str:
        name = self.metavar or str(self.name).upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    option.display_type_rich = option_display
    argument.display_type_rich = argument_display
    argument._usage_display_name = usage_name
    option._readable_help = True


def help_on_stderr(ctx: typer.Context) -> None:
    """A command group run without a command: its help on stderr, exit 2 (a usage error)."""
    import contextlib

    with contextlib.redirect_stdout(sys.stderr):  # rich help prints itself to stdout
        text = ctx.get_help()
    if text:
        typer.echo(text, err=True)
    raise typer.Exit(2)


# -- output ------------------------------------------------------------------------------------------
def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console_for(stream: TextIO | None = None) -> Console:
    """A rich console for tables: on a terminal, its width and colour; otherwise (a pipe, a file)
    plain text as wide as the content, so that no line, and no id, is ever wrapped."""
    from rich.console import Console

    stream = stream or sys.stdout
    if is_terminal(stream):
        return Console(file=stream, highlight=False, width=terminal_width())
    return Console(file=stream, highlight=False, width=100_000, no_color=True, force_terminal=False,
                   color_system=None, soft_wrap=False)


def print_rich(stream: TextIO, *renderables, width: int | None = None) -> None:
    """Print rich tables and text: on a terminal as rich does; otherwise plain, as wide as the content,
    every line without the trailing blanks a table pads its cells with (`| grep`, `| cut` friendly)."""
    import io

    if is_terminal(stream) and width is None:
        console = console_for(stream)
        for r in renderables:  # one print each: print(a, b) would join them on one line
            console.print(r)
        return
    buf = io.StringIO()
    console = console_for(buf)
    if width is not None:
        console.width = width
    for r in renderables:
        console.print(r)
    stream.write("\n".join(line.rstrip() for line in buf.getvalue().split("\n")))
    stream.flush()


def terminal_width(default: int = 80) -> int:
    return shutil.get_terminal_size((default, 24)).columns


def write_output(text: str, output: Path | None, summary: str = "", inputs: list[Path] | None = None) -> None:
    """Write to a file atomically (temporary file + rename; only a regular file, never one of the run's
    ``inputs``: report/output.py) and say so on stderr, or to stdout for None or -."""
    if output is None or str(output) == STDIN:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from modellaw_check.report.output import write_atomic

    write_atomic(output, text, inputs or ())
    announce(f"wrote {output}" + (f": {summary}" if summary else ""))


def announce(message: str) -> None:
    """One line on stderr saying what was written where (stdout stays the report's)."""
    typer.echo(f"modellaw-check: {message}", err=True)


# -- input -------------------------------------------------------------------------------------------
def read_statute(path: Path | str, input_format: str | None = None) -> Document:
    """Read a statute file, or standard input for ``-`` (its path in the report: ``<stdin>``)."""
    from modellaw_check.read import read_document

    if str(path) != STDIN:
        return read_document(path, input_format)
    import os
    import tempfile

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    # The readers take a path: the bytes go to a private temporary file, read like any other (format
    # from --input-format, else from the content), which is removed at once.
    suffix = {"markdown": ".md", "md": ".md"}.get((input_format or "").lower(), ".txt")
    fd, tmp = tempfile.mkstemp(prefix="modellaw-stdin-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            doc = read_document(tmp, input_format)
        except CheckError as exc:
            path = STDIN_PATH if exc.path == tmp else exc.path
            raise type(exc)(exc.detail.replace(tmp, STDIN_PATH), path=path, line=exc.line) from None
    finally:
        os.unlink(tmp)
    doc.path = STDIN_PATH
    return doc


# -- ids ---------------------------------------------------------------------------------------------
def _lead(value: str) -> str:
    """An id's leading part: 'art9' of art9-child-..., 'art-2' of ART-2.security."""
    low = value.lower()
    return low.split(".")[0] if "." in low else low.split("-")[0]


def did_you_mean(value: str, known: Iterable[str], n: int = 2) -> list[str]:
    """The known ids closest to ``value``: similar spelling, and the same article counts for more
    (art9-child-pornography -> art9-child-abuse-material)."""
    scored = []
    for k in known:
        score = difflib.SequenceMatcher(None, value.lower(), k.lower()).ratio()
        if _lead(k) == _lead(value):
            score += 0.3
        scored.append((score, k))
    scored.sort(key=lambda x: (-x[0], x[1]))
    if not scored or scored[0][0] < 0.6:
        return []
    best = scored[0][0]
    return [k for score, k in scored[:n] if score >= 0.6 and score >= best - 0.1]


def unknown_id_message(kind: str, unknown: Iterable[str], known: Iterable[str], where: str = "") -> str:
    """'--only: unknown provision id 'X' (did you mean Y?); valid: ...' for a usage error."""
    known = sorted(set(known))
    parts = []
    for value in unknown:
        close = did_you_mean(value, known)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        parts.append(f"{value!r}{hint}")
    prefix = f"{where}: " if where else ""
    return f"{prefix}unknown {kind} {', '.join(parts)}; valid: {', '.join(known)}"


def load_pack_named(rules: Path | None, pack: str | None):
    """The rule pack ``--rules DIR`` / ``--pack NAME`` name (the default pack for neither), for the
    commands that read a pack without checking a statute (rules, explain)."""
    from modellaw_check.settings import PackSpec

    return PackSpec(pack=pack, rules=(str(rules),) if rules else ()).load_pack()


def check_ids(kind: str, given: Iterable[str], known: Iterable[str], where: str = "") -> None:
    known = set(known)
    unknown = [g for g in dict.fromkeys(given) if g not in known]
    if unknown:
        raise UsageError(unknown_id_message(kind, unknown, known, where))
