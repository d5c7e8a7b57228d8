"""The statuses of the report model: a provision's (``Status``) and an element's (``ElementStatus``).

Every reporter and consumer names a status through these enums, never as a string literal. They are
``StrEnum``s: a member *is* its string ("missing"), so JSON, the cache, baselines and templates see
exactly the words they always did, and a status read back from JSON compares equal to its member.
They live here, not in ``findings`` (which re-exports them), because a scan's parent and the fail levels
compare statuses without importing the pydantic report models (~0.3 s on a warm re-scan).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A provision's status in a report (the order is the report model's)."""

    IMPLEMENTED = "implemented"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"  # an act the relevance pre-filter found not about the subject


# A finding: what a waiver, the baseline, a fail level and a remedy are about.
FINDINGS = frozenset({Status.PARTIAL, Status.MISSING})
# The statute has the provision (wholly or in part): what the drafters build on.
PRESENT = frozenset({Status.IMPLEMENTED, Status.PARTIAL})


# How a status is shown in one character (the table, the text, Markdown and HTML reports, the matrix).
SYMBOL = {Status.IMPLEMENTED: "✔", Status.PARTIAL: "◐", Status.MISSING: "✘", Status.NOT_APPLICABLE: "–"}


class ElementStatus(StrEnum):
    """An element's status within a provision."""

    FOUND = "found"
    PARTIAL = "partial"
    MISSING = "missing"
