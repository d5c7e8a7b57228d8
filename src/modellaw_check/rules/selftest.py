"""Rule self-tests: each rule's examples double as its tests (as in LanguageTool and prh)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modellaw_check.rules.loader import RulePack

# A Checker for (reservations, language): the caller builds it (``settings.build_checker``), so that
# rules/ never imports the pipeline that consumes it.
CheckerFactory = Callable[[tuple[str, ...], str], Any]


@dataclass
class ExampleResult:
    rule_id: str
    index: int
    expected: str
    got: str
    ok: bool
    detail: str = ""


def run_examples(pack: RulePack, build: CheckerFactory, only: list[str] | None = None) -> list[ExampleResult]:
    checkers: dict[tuple[str, ...], Any] = {}
    results: list[ExampleResult] = []
    for rule in pack.rules:
        if only and rule.id not in only:
            continue
        for i, ex in enumerate(rule.examples):
            key = (ex.language or pack.language, *sorted(ex.reservations))
            if key not in checkers:
                checkers[key] = build(key[1:], key[0])
            report = checkers[key].check_text(ex.text, path=f"{rule.id}#example{i + 1}")
            got = report.provision(rule.id)
            ok = got.status == ex.expect
            detail = ""
            if ok and ex.missing is not None and sorted(ex.missing) != sorted(got.missing_elements):
                ok = False
                detail = f"missing elements {got.missing_elements}, expected {ex.missing}"
            elif not ok:
                detail = f"missing elements {got.missing_elements}"
            results.append(ExampleResult(rule.id, i, ex.expect, got.status, ok, detail))
    return results
