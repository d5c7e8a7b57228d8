"""Scan rows: one small JSON-able dict per file, as written to JSON Lines.

``{"path", "status": "ok", "relevant", "cached", "bytes", "seconds", "relevance", "report"}`` where
``report`` is exactly the ``check --format json`` document (a ``StatuteReport``), or
``{"path", "status": "error", "error", "bytes"}`` for a file that could not be read.
"""

from __future__ import annotations

import copy
import hashlib
from typing import TYPE_CHECKING, NamedTuple

import orjson

from modellaw_check import __version__
from modellaw_check.document import first_line
from modellaw_check.read.text import normalise

if TYPE_CHECKING:  # a scan's parent passes a PackSummary: the loader is not imported
    from modellaw_check.rules.loader import RulePack
    from modellaw_check.scan.pack import PackSummary


class Packed(NamedTuple):
    """A checked statute's row as a worker sends it back: serialised once, in the three forms the
    cache stores (``cache.Cache``), so that the parent stores them as they are and parses only the
    one it needs. Unpickling a ~90 kB report in the parent cost ~2.5 ms per statute, in the pool's
    manager thread, on a core the workers need. ``sha256``: the hash of the bytes the worker read and
    checked, the only key the row may be cached under."""

    row: bytes
    digest: bytes
    tally: bytes
    sha256: str = ""

    @classmethod
    def of(cls, row: dict, sha256: str = "") -> Packed | dict:
        """``row`` packed, or as it is if JSON cannot hold one of its values."""
        from modellaw_check.scan.matrix import digest_row, tally_row

        try:
            return cls(orjson.dumps(row), orjson.dumps(digest_row(row)), orjson.dumps(tally_row(row)), sha256)
        except TypeError:
            return row

    def load(self, level: str) -> dict:
        """The row at a cache level: "row", "digest" or "tally"."""
        return orjson.loads(self.tally if level == "tally" else self.digest if level == "digest" else self.row)


# The key under which a worker's not-applicable row carries the hash of the bytes it checked; the
# parent removes it before the row goes anywhere.
SHA_KEY = "_checked_sha256"


def error_row(path: str, message: str, size: int | None = None) -> dict:
    return {"path": path, "status": "error", "error": message, "bytes": size}


def ok_row(path: str, report: dict, size: int, seconds: float, relevance: dict | None) -> dict:
    return {"path": path, "status": "ok", "relevant": report.get("relevant", True), "cached": False,
            "bytes": size, "seconds": round(seconds, 4), "relevance": relevance, "report": report}


class NotApplicable:
    """Builds the report of an act that is not about computer crime: every provision
    "not_applicable", no NLP. The report's template (all but the statute's facts) is built once per
    scan from the report model, or given: a warm re-scan takes it from the cache (``Cache.meta``), so
    that it need not import the report models at all (~15 ms)."""

    def __init__(self, pack: RulePack | PackSummary, reservations: list[str],
                 template: dict | None = None) -> None:
        self._pack = pack
        self._reservations = sorted(reservations)
        self._built: dict | None = template
        self.made = False  # the template was built here (a scan then stores it in its cache)

    def template(self) -> dict:
        """The report of a not-applicable act but for its statute's facts (built on first use)."""
        if self._built is None:
            self._built = self._make()
            self.made = True
        return self._built

    def _make(self) -> dict:
        from modellaw_check.findings import RulePackInfo, StatuteInfo, StatuteReport, Summary

        pack = self._pack
        note = "the act is not about computer crime (relevance pre-filter); not checked"
        provisions = [
            {"id": r.id, "title": r.title, "source": r.source, "level": r.level, "category": r.category,
             "status": "not_applicable", "score": 0.0, "notes": [note]}
            for r in pack.rules
        ]
        template = StatuteReport(
            tool={"name": "modellaw-check", "version": __version__},
            statute=StatuteInfo(path="", format="text", sha256="", characters=0, lines=0, sections=0),
            rule_pack=RulePackInfo(name=pack.meta.name, title=pack.meta.title, version=pack.meta.version,
                                   digest=pack.digest),
            reservations=self._reservations, relevant=False,
            summary=Summary(not_applicable=len(provisions)), provisions=provisions,
        )
        return template.model_dump(mode="json")

    def report(self, path: str, fmt: str, text: str, raw_sha256: str | None = None) -> dict:
        """``raw_sha256``: the hash of the file's bytes, given when ``text`` is exactly their (ASCII)
        decoding; it is the text's hash too unless normalisation changed something."""
        normal = normalise(text)
        same = raw_sha256 is not None and normal == text
        text = normal
        out = copy.copy(self.template())  # shallow: only "statute" is replaced per file
        out["statute"] = {
            "path": path, "format": fmt, "title": first_line(text),
            "sha256": raw_sha256 if same else hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "characters": len(text), "lines": text.count("\n") + 1,
            "sections": 0,  # not segmented: segmentation is NLP-side work the filter exists to skip
            "definitions": [],
        }
        return out

    # A cached row of an act found not relevant stores only its statute facts (~0.5 kB instead of
    # ~17 kB): the provisions are this template's, which the cache key (rule pack, reservations,
    # tool version) pins. Reading 3,000 full entries was most of a warm re-scan.
    _MARK = "na_template"

    def compact(self, row: dict) -> dict:
        report = row.get("report")
        if (row.get("relevant") is False and isinstance(report, dict)
                and report.get("provisions") == self.template()["provisions"]):
            return {**row, "report": {self._MARK: True, "statute": report["statute"]}}
        return row

    def expand(self, row: dict) -> dict:
        report = row.get("report")
        if isinstance(report, dict) and report.get(self._MARK) is True:
            row["report"] = {**self.template(), "statute": report["statute"]}
        return row


def _valid_provision(p: object) -> bool:
    if not (isinstance(p, dict) and isinstance(p.get("id"), str) and isinstance(p.get("status"), str)):
        return False
    if not isinstance(p.get("level", ""), str) or not isinstance(p.get("score", 0.0), (int, float)):
        return False
    if not isinstance(p.get("sections", []), list) or not isinstance(p.get("missing_elements", []), list):
        return False
    elements = p.get("elements") or []
    if not isinstance(elements, list):
        return False
    for el in elements:
        if not isinstance(el, dict):
            return False
        evidence = el.get("evidence") or []
        if not (isinstance(evidence, list) and all(isinstance(ev, dict) for ev in evidence)):
            return False
        if evidence and not isinstance(evidence[0].get("quote", ""), str):
            return False
    return True


def valid_row(row: object) -> bool:
    """Is ``row`` (read back from the cache) a scan row of the expected shape, at any level (full,
    digest, tally, or a not-applicable act's compact form)? Anything else is a cache miss: a damaged or
    tampered cache entry must never abort a scan or reach a report (docs/robustness.md)."""
    if not (isinstance(row, dict) and row.get("status") == "ok"):
        return False
    if not isinstance(row.get("relevant", True), bool):
        return False
    relevance = row.get("relevance")
    if relevance is not None and not isinstance(relevance, dict):
        return False
    report = row.get("report")
    if not isinstance(report, dict) or not isinstance(report.get("statute"), dict):
        return False
    statute = report["statute"]
    if not isinstance(statute.get("title", ""), str) or not isinstance(statute.get("path", ""), str):
        return False
    if report.get(NotApplicable._MARK) is True:
        return len(report) == 2
    if not isinstance(report.get("summary"), dict) or not isinstance(report.get("relevant", True), bool):
        return False
    provisions = report.get("provisions")
    return isinstance(provisions, list) and all(_valid_provision(p) for p in provisions)


def valid_template(template: object) -> bool:
    """Is ``template`` a not-applicable report template (``NotApplicable.template``)?"""
    return valid_row({"status": "ok", "report": template}) and isinstance(template, dict) \
        and template.get(NotApplicable._MARK) is None
