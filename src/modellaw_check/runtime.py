"""Process-wide settings for the command-line tool and its scan workers (not applied on import:
a library user's process keeps its own)."""

from __future__ import annotations

import gc

# Checking a statute allocates millions of short-lived, acyclic tuples (hits, spans), which reference
# counting frees at once; with the default threshold (700) the cyclic collector still ran thousands of
# times per statute, re-walking the spaCy vocabulary and the compiled rule pack each time
# (docs/performance.md).
GC_THRESHOLDS = (50_000, 100, 100)


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
