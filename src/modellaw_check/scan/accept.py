"""A project's acceptance of findings (the config's waivers, the baseline) applied to scan rows, as
``check`` applies them to its reports: the same provisions are marked ``waived``/``baselined`` and the
same findings stop counting toward the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modellaw_check.baseline import Baseline
    from modellaw_check.config import WaiverTracker

FINDINGS = ("partial", "missing")


class Acceptance:
    def __init__(self, waivers: WaiverTracker | None = None, baseline: Baseline | None = None,
                 baseline_path: Path | None = None) -> None:
        self.waivers = waivers if waivers is not None and (waivers.active or waivers.expired) else None
        self.baseline = baseline
        self.baseline_path = baseline_path
        self.waived = 0
        self.baselined = 0

    @property
    def active(self) -> bool:
        return self.waivers is not None or self.baseline is not None

    @property
    def needs_fingerprints(self) -> bool:
        """Do the rows need their findings' fingerprints (a baseline, a waiver by fingerprint)?"""
        return self.baseline is not None or (
            self.waivers is not None and any(w.fingerprint for w in self.waivers.active))

    def apply(self, row: dict) -> None:
        """Mark the row's accepted findings in place (its report's provisions)."""
        report = row.get("report")
        provisions = report.get("provisions") if isinstance(report, dict) else None
        if not isinstance(provisions, list):
            return
        path = Path(str(row.get("path", "")))
        if self.waivers is not None:
            rel = self.waivers.loaded.relative(path)
            for p in provisions:
                if p.get("status") in FINDINGS:
                    reason = self.waivers.reason(p.get("id", ""), p.get("fingerprint", ""), rel)
                    if reason is not None:
                        p["waived"] = reason
                        self.waived += 1
        if self.baseline is not None and self.baseline_path is not None:
            from modellaw_check.baseline import file_key

            known = self.baseline.fingerprints(file_key(self.baseline_path, path))
            for p in provisions:
                if p.get("status") in FINDINGS and p.get("fingerprint") in known:
                    p["baselined"] = True
                    self.baselined += 1
