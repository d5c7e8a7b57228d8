"""Baselines: record today's findings so CI fails only on findings that are new.

A baseline is a JSON file listing, per statute file, the fingerprint, rule id and status of every
finding (a provision that is partial or missing). ``ProvisionResult.fingerprint`` is built from the rule
id, the status, the first implementing section and the missing elements, so it survives edits anywhere
else in the statute; a finding whose section or missing elements change is new.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from modellaw_check import __version__
from modellaw_check.errors import InputError
from modellaw_check.findings import ProvisionResult, StatuteReport
from modellaw_check.guard import read_text
from modellaw_check.status import FINDINGS

BASELINE_VERSION = 1


class BaselineEntry(BaseModel):
    fingerprint: str
    rule: str
    status: str
    sections: list[str] = Field(default_factory=list)
    missing_elements: list[str] = Field(default_factory=list)


class Baseline(BaseModel):
    version: int = BASELINE_VERSION
    tool: str = f"modellaw-check {__version__}"
    created: str = Field(default_factory=lambda: dt.date.today().isoformat())
    rule_pack: str = ""
    reservations: list[str] = Field(default_factory=list)
    files: dict[str, list[BaselineEntry]] = Field(default_factory=dict,
                                                  description="statute path (POSIX, relative) -> findings")

    def fingerprints(self, file_key: str) -> set[str]:
        return {e.fingerprint for e in self.files.get(file_key, [])}


def is_finding(p: ProvisionResult) -> bool:
    return p.status in FINDINGS


def entries(report: StatuteReport) -> list[BaselineEntry]:
    return [BaselineEntry(fingerprint=p.fingerprint, rule=p.id, status=p.status, sections=p.sections[:1],
                          missing_elements=p.missing_elements)
            for p in report.provisions if is_finding(p)]


def build(reports: dict[str, StatuteReport]) -> Baseline:
    """A baseline from checked statutes, keyed by the path each was given as."""
    first = next(iter(reports.values()), None)
    return Baseline(
        rule_pack=(f"{first.rule_pack.name} {first.rule_pack.version} ({first.rule_pack.digest})"
                   if first else ""),
        reservations=first.reservations if first else [],
        files={key: entries(r) for key, r in sorted(reports.items())},
    )


def dumps(baseline: Baseline) -> str:
    return json.dumps(baseline.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> Baseline:
    text = read_text(path, "baseline", missing="baseline file not found (create it with `modellaw-check "
                     "baseline write`)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"baseline is not valid JSON: {exc.msg}", path=str(path), line=exc.lineno) from None
    except RecursionError:
        raise InputError("baseline is nested too deeply to be a modellaw-check baseline", path=str(path)) from None
    try:
        baseline = Baseline.model_validate(data)
    except RecursionError:
        raise InputError("baseline is nested too deeply to be a modellaw-check baseline", path=str(path)) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        raise InputError(f"not a modellaw-check baseline: '{where}': {err['msg']}", path=str(path)) from None
    if baseline.version != BASELINE_VERSION:
        raise InputError(f"baseline version {baseline.version} is not supported "
                         f"(expected {BASELINE_VERSION})", path=str(path))
    return baseline


def apply(report: StatuteReport, baseline: Baseline, file_key: str) -> int:
    """Mark the report's findings that the baseline already records; returns how many."""
    known = baseline.fingerprints(file_key)
    n = 0
    for p in report.provisions:
        if is_finding(p) and p.fingerprint in known:
            p.baselined = True
            n += 1
    return n


def file_key(baseline_path: Path, statute: Path) -> str:
    """How a statute is named in a baseline: relative to the baseline file's folder, POSIX slashes, so
    the same baseline works from any working directory inside the repository."""
    try:
        return Path(os.path.relpath(statute.resolve(), Path(baseline_path).resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return statute.resolve().as_posix()
