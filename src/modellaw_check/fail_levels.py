"""Fail levels (``--fail-on``): which findings make a check fail.

Shared by the exit code of ``check`` and the JUnit reporter, so a red CI test and a failing exit code
always mean the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modellaw_check.errors import UsageError
from modellaw_check.status import FINDINGS, Status

if TYPE_CHECKING:  # the pydantic models cost ~0.1 s to import; a warm scan never needs them
    from modellaw_check.findings import ProvisionResult, StatuteReport

FAIL_LEVELS = ("never", "required-missing", "missing", "required-partial", "partial")


def validate_fail_on(fail_on: str) -> str:
    if fail_on not in FAIL_LEVELS:
        raise UsageError(f"unknown --fail-on {fail_on!r} (choose from: {', '.join(FAIL_LEVELS)})")
    return fail_on


def provision_fails(p: ProvisionResult, fail_on: str) -> bool:
    """Is this provision's finding at or above the fail level?"""
    return _fails(p.level, p.status, p.waived or p.baselined, fail_on)


def _fails(level: str, status: str, accepted: bool, fail_on: str) -> bool:
    validate_fail_on(fail_on)
    if accepted:  # accepted by a config waiver or recorded in the baseline
        return False
    required = level == "required"
    if fail_on == "required-missing":
        return required and status == Status.MISSING
    if fail_on == "missing":
        return status == Status.MISSING
    if fail_on == "required-partial":
        return required and status in FINDINGS
    if fail_on == "partial":
        return status in FINDINGS
    return False  # "never"


def fails(report: StatuteReport, fail_on: str) -> bool:
    """Does the report have findings at or above the fail level?"""
    validate_fail_on(fail_on)
    return any(provision_fails(p, fail_on) for p in report.provisions)
