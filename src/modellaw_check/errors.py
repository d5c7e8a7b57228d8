"""The error model: every expected failure is a CheckError with a one-line message and an exit code."""

from __future__ import annotations

import os

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CheckError(Exception):
    """An expected failure the user can act on (bad input, bad rule, bad option)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = display_path(path) if path else ""
        if path and line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class InputError(CheckError):
    """A statute or other input file cannot be read."""


class RuleError(CheckError):
    """A rule file or rule pack is malformed or violates the rule schema."""


class UsageError(CheckError):
    """A bad command-line value or combination."""


def display_path(path: object) -> str:
    """A file name as it can be printed on one line and encoded as UTF-8, whatever bytes the operating
    system gave: undecodable bytes (``os.fsdecode``'s surrogate escapes) and control characters become
    backslash escapes (``\\xff``, ``\\n``)."""
    try:
        text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    except (TypeError, ValueError):
        text = str(path)
    if text.isascii() and text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if not text.isprintable():
        text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text
