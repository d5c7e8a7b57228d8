"""The unit of parallel work: check one file in a worker, return a small row (never spaCy objects).

Runs in ``ProcessPoolExecutor`` workers (spawn/forkserver: everything here is importable and
picklable), in Dask workers, or in-process for ``--jobs 1``. Each process builds its Checker once
(``init_worker`` for the pool, lazily elsewhere) and keeps it for every later file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time

from modellaw_check import settings
from modellaw_check.errors import CheckError
from modellaw_check.read import load_document
from modellaw_check.runtime import tune_gc
from modellaw_check.scan.relevance import Classifier, Vocabulary, classifier
from modellaw_check.scan.rows import SHA_KEY, NotApplicable, Packed, error_row, ok_row
from modellaw_check.settings import PackSpec

_CHECKERS: dict[PackSpec, object] = {}
_NOT_APPLICABLE: dict[PackSpec, NotApplicable] = {}
_RELEVANCE: dict[PackSpec, Classifier | None] = {}  # the pack's relevance pre-filter (None: it has none)
# Dask may run tasks on several threads of one process; a Checker (spaCy pipeline) is used by one
# thread at a time. Checking is CPU-bound Python, so the lock costs no parallelism.
_LOCK = threading.Lock()


def get_checker(spec: PackSpec):
    """This process's Checker for the spec (``settings.build_checker``), built on first use."""
    checker = _CHECKERS.get(spec)
    if checker is None:
        checker = settings.build_checker(spec)  # looked up at call time: one builder, replaceable in tests
        _CHECKERS[spec] = checker
        _NOT_APPLICABLE[spec] = NotApplicable(checker.pack, list(spec.reservations))
        terms = checker.pack.meta.relevance
        _RELEVANCE[spec] = classifier(Vocabulary.of(terms)) if terms is not None else None
    return checker


def _exit_with_parent() -> None:
    """End this worker as soon as the scan's process ends (killed, or crashed): a watcher thread waits
    on the parent's sentinel (multiprocessing's, for spawn and forkserver workers)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(143)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def init_worker(spec: PackSpec) -> None:
    """Pool initializer: the parent handles Ctrl-C (workers would only print tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM to the process group is handled by the parent like Ctrl-C (it cancels what has not
    # started and waits for what has); a worker ends when its parent does, however that ends.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _exit_with_parent()
    tune_gc()
    get_checker(spec)


def analyse(path: str, spec: PackSpec, use_filter: bool, size: int = 0,
            relevance: dict | None = None) -> dict | Packed:
    """Read, classify (when the parent could not: non-text formats) and check one file. A checked
    statute's row comes back packed (``rows.Packed``); ``relevance``: the parent's verdict, when it
    classified the file itself.

    The result carries the hash of the bytes this worker read and checked (``Packed.sha256``, or a
    not-applicable row's ``SHA_KEY``): the parent caches the row under that hash only, so a file
    changed between the parent's read and the worker's can never store one content's report under the
    other's hash (docs/robustness.md)."""
    start = time.perf_counter()
    try:
        with _LOCK:
            checker = get_checker(spec)
            doc, data = load_document(path)
            sha = hashlib.sha256(data).hexdigest()
            relevance_filter = _RELEVANCE[spec]
            if use_filter and relevance_filter is not None:
                rel = relevance_filter.classify(doc.text)
                relevance = rel.as_dict()
                if not rel.relevant:
                    na = _NOT_APPLICABLE[spec]
                    row = ok_row(path, na.report(path, doc.format, doc.text), size,
                                 time.perf_counter() - start, relevance)
                    row[SHA_KEY] = sha
                    return row
            report = checker.check_document(doc)
        return Packed.of(ok_row(path, report.model_dump(mode="json"), size, time.perf_counter() - start,
                                relevance), sha)
    except CheckError as exc:
        return error_row(path, exc.detail, size)
    except MemoryError:
        return error_row(path, "out of memory while checking this file", size)
    except Exception as exc:  # one file's bug must not end a scan of thousands; the row says what broke
        return error_row(path, f"internal error: {type(exc).__name__}: {exc}", size)
