"""A project's acceptance of findings (the config's waivers, the baseline) applied to scan rows, as
``check`` applies them to its reports: the same provisions are marked ``waived``/``baselined`` and the
same findings stop counting toward the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modellaw_check.status import FINDINGS

if TYPE_CHECKING:
    from modellaw_check.baseline import Baseline
    from modellaw_check.config import WaiverTracker
    from modellaw_check.scan.rows import Synopsis



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

    def apply(self, synopsis: Synopsis, row: dict | None = None) -> None:
        """Mark the statute's accepted findings in place: its synopsis's cells and, when the scan has it,
        its full row's provisions (what JSON Lines writes)."""
        path = Path(synopsis.path)
        provisions = row.get("report", {}).get("provisions") if isinstance(row, dict) else None
        full = {p.get("id"): p for p in provisions} if isinstance(provisions, list) else {}
        rel = self.waivers.loaded.relative(path) if self.waivers is not None else None
        known = None
        if self.baseline is not None and self.baseline_path is not None:
            from modellaw_check.baseline import file_key  # pydantic models: only with a baseline

            known = self.baseline.fingerprints(file_key(self.baseline_path, path))
        for cell in synopsis.cells:
            if cell.status not in FINDINGS:
                continue
            p = full.get(cell.id)
            if self.waivers is not None:
                reason = self.waivers.reason(cell.id, cell.fingerprint, rel)
                if reason is not None:
                    cell.waived = reason
                    if p is not None:
                        p["waived"] = reason
                    self.waived += 1
            if known is not None and cell.fingerprint in known:
                cell.baselined = True
                if p is not None:
                    p["baselined"] = True
                self.baselined += 1
