"""The error model: every expected failure is a CheckError with a one-line message and an exit code."""

from __future__ import annotations

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
        where = path or ""
        if path and line:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class InputError(CheckError):
    """A statute or other input file cannot be read."""


class RuleError(CheckError):
    """A rule file or rule pack is malformed or violates the rule schema."""


class UsageError(CheckError):
    """A bad command-line value or combination."""
