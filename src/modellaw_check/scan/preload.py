"""Imported once by the forkserver that forks the scan's workers (``PoolBackend``).

spaCy, the pipeline and the bundled rule pack are then built once, in the forkserver, and every
worker inherits them at fork instead of spending ~1.2 s of CPU building its own. A scan with another
pack, rules or reservations builds its Checker in each worker as before.
"""

from __future__ import annotations

import contextlib
import gc

from modellaw_check.runtime import tune_gc
from modellaw_check.scan import task
from modellaw_check.settings import PackSpec

# Never break the forkserver: on any error each worker builds, and reports, its own Checker.
with contextlib.suppress(Exception):
    task.get_checker(PackSpec())
tune_gc()
gc.freeze()  # what the workers inherit is never walked by their collector (nor copied on write by it)
