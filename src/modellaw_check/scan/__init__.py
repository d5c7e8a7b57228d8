"""Batch scanning: many statutes, in parallel and streaming, with a relevance pre-filter, a result
cache and a coverage matrix (docs/scan.md)."""

from modellaw_check.scan.discover import discover
from modellaw_check.scan.engine import Scanner, ScanOptions, ScanStats, default_jobs

__all__ = ["ScanOptions", "ScanStats", "Scanner", "default_jobs", "discover"]
