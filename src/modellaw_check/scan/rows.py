"""Scan rows: a full row per file, as written to JSON Lines, and its synopsis (``Synopsis``, typed).

A full row is ``{"path", "status": "ok", "relevant", "cached", "bytes", "seconds", "relevance",
"report"}`` where ``report`` is exactly the ``check --format json`` document (a ``StatuteReport``), or
``{"path", "status": "error", "error", "bytes"}`` for a file that could not be read. The synopsis is
what everything else in a scan reads (the matrix, the summary table, the exit code, waivers and the
baseline): a warm re-scan without JSON Lines parses only synopses.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

import orjson

from modellaw_check import __version__
from modellaw_check.document import first_line
from modellaw_check.fail_levels import provision_fails
from modellaw_check.read.text import normalise
from modellaw_check.status import Status

if TYPE_CHECKING:  # a scan's parent passes a PackOutline: the loader is not imported
    from modellaw_check.rules.loader import RulePack
    from modellaw_check.scan.pack import PackOutline


class Packed(NamedTuple):
    """A checked statute's row as a worker sends it back: the full row and its synopsis, each
    serialised once, stored by the parent as they are (it parses the full row only for JSON Lines).
    ``sha256``: the hash of the bytes the worker read and checked, the only key the row may be cached
    under."""

    row: bytes
    synopsis: bytes
    sha256: str = ""

    @classmethod
    def of(cls, row: dict, sha256: str = "") -> Packed | dict:
        """``row`` packed, or as it is if JSON cannot hold one of its values."""
        try:
            return cls(orjson.dumps(row), Synopsis.of(row).dumps(), sha256)
        except TypeError:
            return row


SECTIONS_MAX = 3  # sections and missing elements a synopsis keeps per provision (what a matrix cell shows)
MISSING_MAX = 6
QUOTE_MAX = 240


@dataclass(slots=True)
class Cell:
    """One provision of a scanned statute as the matrix, the summary table and the exit code see it:
    its status, the first sections and missing elements, the first evidence quote, and what the
    config's waivers and the baseline need (the fingerprint) and mark (``waived``, ``baselined``)."""

    id: str
    status: str  # a ``Status`` value as JSON holds it (not converted: a warm re-scan reads thousands)
    level: str
    score: float = 0.0
    sections: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    quote: str = ""
    where: str = ""  # "s. 3(1), line 42"
    fingerprint: str = ""
    waived: str | None = None
    baselined: bool = False

    @classmethod
    def of(cls, p: dict) -> Cell:
        quote = where = ""
        if p.get("status") != Status.MISSING:
            ev = next((ev for el in p.get("elements") or [] for ev in el.get("evidence") or []), None)
            if ev is not None:
                quote = ev.get("quote", "")[:QUOTE_MAX]
                where = (f"s. {ev['section']}, " if ev.get("section") else "") + f"line {ev.get('line')}"
        return cls(p["id"], p["status"], p.get("level", ""), p.get("score", 0.0),
                   (p.get("sections") or [])[:SECTIONS_MAX], (p.get("missing_elements") or [])[:MISSING_MAX],
                   quote, where, p.get("fingerprint", ""), p.get("waived"), p.get("baselined", False))


@dataclass(slots=True)
class Synopsis:
    """A scan row's small typed form: what the matrix, the summary table, the exit code and the
    config's waivers and baseline need, and the statute's facts an act found not relevant is rebuilt
    from (``NotApplicable.row``). Stored in the cache beside the full row (``cache.Cache``), which a
    scan reads only for JSON Lines."""

    path: str
    status: str  # ok | error
    bytes: int | None = None
    error: str = ""
    relevant: bool = True
    cached: bool = False
    seconds: float = 0.0
    relevance: dict | None = None  # the pre-filter's verdict (``relevance.Relevance.as_dict``)
    title: str = ""
    format: str = ""
    sha256: str = ""  # of the normalised text (the report's ``statute.sha256``)
    characters: int = 0
    lines: int = 0
    coverage: float = 0.0
    cells: list[Cell] = field(default_factory=list)  # a checked statute's provisions, in report order

    @classmethod
    def of(cls, row: dict) -> Synopsis:
        """The synopsis of a full row (``ok_row`` or ``error_row``)."""
        if row.get("status") != "ok":
            return cls(row.get("path", ""), "error", row.get("bytes"), row.get("error", ""))
        report = row["report"]
        statute = report["statute"]
        relevant = bool(row.get("relevant", True))
        return cls(row["path"], "ok", row.get("bytes"), "", relevant, bool(row.get("cached")),
                   row.get("seconds", 0.0), row.get("relevance"), statute.get("title", ""),
                   statute.get("format", ""), statute.get("sha256", ""), statute.get("characters", 0),
                   statute.get("lines", 0), report.get("summary", {}).get("coverage", 0.0),
                   [Cell.of(p) for p in report["provisions"]] if relevant else [])

    @property
    def reason(self) -> str:
        """Why the pre-filter found the act relevant or not ("" where it did not run)."""
        return str((self.relevance or {}).get("reason", ""))

    def cell(self, rule_id: str) -> Cell | None:
        return next((c for c in self.cells if c.id == rule_id), None)

    def fails(self, fail_on: str) -> bool:
        """Has it findings at or above ``--fail-on`` (as ``fail_levels.fails`` for its report)?"""
        return self.relevant and any(provision_fails(c, fail_on) for c in self.cells)

    def dumps(self) -> bytes:
        """Stored as a JSON array of the fields in order, each cell an array too (read back positionally:
        a warm re-scan loads thousands)."""
        cells = [[getattr(c, name) for name in _CELL_FIELDS] for c in self.cells]
        return orjson.dumps([*(getattr(self, name) for name in _SYNOPSIS_FIELDS[:-1]), cells])

    @classmethod
    def loads(cls, data: bytes) -> Synopsis | None:
        """A synopsis stored by ``dumps``, or None if ``data`` is not one: a damaged or tampered cache
        entry is a miss, never an abort nor a value in a report (docs/robustness.md)."""
        try:
            d = orjson.loads(data)
        except (ValueError, TypeError):
            return None
        if not (isinstance(d, list) and len(d) == len(_SYNOPSIS_TYPES) and d[1] == "ok"
                and all(map(isinstance, d, _SYNOPSIS_TYPES)) and all(map(_valid_cell, d[-1]))):
            return None
        d[-1] = [Cell(*c) for c in d[-1]]
        return cls(*d)


_SYNOPSIS_FIELDS = tuple(f.name for f in fields(Synopsis))
_CELL_FIELDS = tuple(f.name for f in fields(Cell))
# Every stored field's type, in field order, checked in one C-level pass per object.
_SYNOPSIS_TYPES = (str, str, int, str, bool, bool, (int, float), (dict, type(None)), str, str, str, int, int,
                   (int, float), list)
_CELL_TYPES = (str, str, str, (int, float), list, list, str, str, str, (str, type(None)), bool)
assert len(_SYNOPSIS_TYPES) == len(_SYNOPSIS_FIELDS) and len(_CELL_TYPES) == len(_CELL_FIELDS)


def _valid_cell(c: object) -> bool:
    return (isinstance(c, list) and len(c) == len(_CELL_TYPES) and all(map(isinstance, c, _CELL_TYPES))
            and all(map(isinstance, c[4], repeat(str))) and all(map(isinstance, c[5], repeat(str))))


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
    that it need not import the report models at all."""

    def __init__(self, pack: RulePack | PackOutline, reservations: list[str],
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
        # the pydantic report models: a warm re-scan takes the template from its cache
        from modellaw_check.findings import RulePackInfo, StatuteInfo, StatuteReport, Summary

        pack = self._pack
        note = "the act is not about computer crime (relevance pre-filter); not checked"
        provisions = [
            {"id": r.id, "title": r.title, "source": r.source, "level": r.level, "category": r.category,
             "status": Status.NOT_APPLICABLE, "score": 0.0, "notes": [note]}
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

    def row(self, synopsis: Synopsis) -> dict:
        """The full row of an act found not relevant, from its synopsis: its report is this template
        with the statute's facts, which the synopsis keeps (the cache stores no full row for such an
        act; the cache key pins the pack, reservations and tool version the template depends on)."""
        s = synopsis
        report = copy.copy(self.template())
        report["statute"] = {"path": s.path, "format": s.format, "title": s.title, "sha256": s.sha256,
                             "characters": s.characters, "lines": s.lines, "sections": 0, "definitions": []}
        return {"path": s.path, "status": "ok", "relevant": False, "cached": s.cached, "bytes": s.bytes,
                "seconds": s.seconds, "relevance": s.relevance, "report": report}


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
    """Is ``row`` (a full row read back from the cache) a scan row of the expected shape? Anything else
    is a cache miss: a damaged or tampered cache entry must never abort a scan or reach a report
    (docs/robustness.md)."""
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
    if not isinstance(report.get("summary"), dict) or not isinstance(report.get("relevant", True), bool):
        return False
    provisions = report.get("provisions")
    return isinstance(provisions, list) and all(_valid_provision(p) for p in provisions)


def valid_template(template: object) -> bool:
    """Is ``template`` a not-applicable report template (``NotApplicable.template``)?"""
    return valid_row({"status": "ok", "report": template})
