"""The scan loop: cheap work in the parent, NLP in a bounded, streaming pool of workers.

For each file the parent reads the bytes once, hashes them and looks up the cache; for plain-text
formats it also decodes and runs the relevance pre-filter. Only files that need NLP are submitted to
the backend, at most ``2 * jobs`` at a time, so memory stays flat however many files there are, and
each row is handed to ``on_row`` as soon as it is ready. The worker pool (and with it spaCy) starts on
the first file that needs it: a warm re-scan or a scan of non-cyber acts never loads a pipeline.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from modellaw_check import read
from modellaw_check.errors import CheckError, UsageError, display_path
from modellaw_check.scan.cache import Cache, PathIndex, context_key
from modellaw_check.scan.discover import OutsideLink
from modellaw_check.scan.pack import PackOutline
from modellaw_check.scan.relevance import Classifier, classifier
from modellaw_check.scan.rows import SHA_KEY, NotApplicable, Packed, Synopsis, error_row, ok_row, valid_template
from modellaw_check.settings import PackSpec, check_language

if TYPE_CHECKING:  # the backends (multiprocessing, the task and its report models) load with the pool
    from modellaw_check.scan.accept import Acceptance
    from modellaw_check.scan.backends import Backend

# Once the parent has read this much without needing a worker, it starts the pool anyway: a collection
# this large most likely holds statutes to check, and the workers' ~1.3 s start then overlaps the
# pre-filter instead of following it (if none is found, closing the pool waits for that start).
EAGER_START_BYTES = 32 * 1024 * 1024
# Names of what the cache keeps for a whole context: the rule pack's outline, the not-applicable template.
PACK = "rule pack"
TEMPLATE = "not-applicable template"
LOOKUP_BATCH = 256  # files whose status, path-index entry and cached row are looked up together


@dataclass
class ScanOptions:
    spec: PackSpec = field(default_factory=PackSpec)  # the pack, reservations and language (settings.py)
    jobs: int = 1
    use_filter: bool = True
    cache_dir: Path | None = None  # None: no cache
    fail_on: str = "required-missing"
    dask_scheduler: str | None = None
    full_rows: bool = True  # False: only synopses are needed (no JSON Lines: the matrix, outline, exit code)
    # The config's waivers and the baseline, applied to every row as `check` applies them to its report
    # (after the cache: a cached row holds the statute's findings, never a project's acceptance of them).
    accept: Acceptance | None = None


@dataclass
class ScanStats:
    files: int = 0
    bytes: int = 0
    ok: int = 0
    errors: int = 0
    relevant: int = 0
    not_relevant: int = 0
    cached: int = 0
    failing: int = 0  # files with findings at or above --fail-on
    interrupted: bool = False
    terminated: bool = False  # interrupted by SIGTERM rather than Ctrl-C (exit 143, not 130)
    seconds: float = 0.0


class Terminated(KeyboardInterrupt):
    """SIGTERM during a scan: handled exactly like Ctrl-C (finished rows kept, the cache written)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


# A statute's synopsis and, where the scan needs it (JSON Lines), its full row.
Cached = tuple[Synopsis, "dict | None"]


@dataclass
class _Pending:
    path: str
    sha256: str
    size: int
    relevance: dict | None


class Scanner:
    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self.reservations = sorted({r.strip() for r in options.spec.reservations if r.strip()})
        # The workers' Checker: the same spec, its reservations as the cache's context names them.
        self.spec = replace(options.spec, reservations=tuple(self.reservations))
        self.cache: Cache | None = None
        outline = None
        digest = _pack_digest(self.spec) if options.cache_dir else None
        if digest:
            # The pack's outline is kept with the rows of its context (whose key has the digest).
            self.cache = self._cache_for(digest)
            outline = PackOutline.from_dict(self.cache.meta(PACK))
            if outline is not None and not _valid_outline(outline, digest):
                outline = None  # damaged or tampered: loaded again, never trusted
        self._new_outline = outline is None
        if outline is None:
            outline = PackOutline.of(self.spec.load_pack())
        self.pack = outline
        vocab = outline.vocabulary()
        # The pack's relevance vocabulary; a pack without one has every act checked.
        self._relevance: Classifier | None = classifier(vocab) if vocab is not None and options.use_filter else None
        unknown = set(self.reservations) - self.pack.reservation_ids()
        if unknown:  # fail before any file is read (the Checker would only fail in the workers)

            raise UsageError(f"unknown reservation {', '.join(sorted(unknown))}")
        check_language(self.spec.language, self.pack.languages)
        if options.cache_dir and self.cache is None:  # the digest could not be read before loading
            self.cache = self._cache_for(self.pack.digest)
        template = self.cache.meta(TEMPLATE) if self.cache is not None else None
        if template is not None and not valid_template(template):
            template = None  # damaged or tampered: built again
        self.not_applicable = NotApplicable(self.pack, self.reservations, template)
        self.paths: PathIndex | None = None  # opened for each run

        read.limit("MODELLAW_MAX_BYTES", read.MAX_BYTES)  # a bad setting is a usage error before any file
        self._backend: Backend | None = None
        # A cached statute's full row is read for JSON Lines only; everything else reads its synopsis.
        self._full = options.full_rows
        self._read_bytes = 0  # bytes read by the parent (cache misses)
        self.stats = ScanStats()

    def _cache_for(self, digest: str) -> Cache:
        assert self.options.cache_dir is not None
        return Cache(self.options.cache_dir,
                     context_key(digest, self.reservations, self.options.use_filter, self.spec.language))

    # -- the loop ---------------------------------------------------------------------------------
    def run(self, paths: Iterable[Path], on_row: Callable[[Synopsis, dict | None], None]) -> ScanStats:
        start = time.perf_counter()
        self.paths = PathIndex(self.options.cache_dir) if self.options.cache_dir else None
        pending: dict[object, _Pending] = {}
        window = 2 * max(1, self.options.jobs)
        old_term = None
        if threading.current_thread() is threading.main_thread():
            old_term = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            for path, st, cached in self._looked_up(paths):
                done, job = self._prepare(path, st, cached)
                if done is not None:
                    self._emit(*done, on_row)
                    if self._backend is None and self._read_bytes >= EAGER_START_BYTES:
                        self._get_backend()
                    continue
                assert job is not None
                while len(pending) >= window:
                    self._drain(pending, on_row)
                backend = self._get_backend()
                fut = backend.submit(job.path, self.spec, self._relevance is not None and job.relevance is None,
                                     job.size, job.relevance)
                pending[fut] = job
            while pending:
                self._drain(pending, on_row)
        except KeyboardInterrupt as exc:
            if old_term is not None:  # a second SIGTERM must not cut the clean-up short
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self.stats.interrupted = True
            self.stats.terminated = isinstance(exc, Terminated)
            if self._backend is not None:
                self._backend.cancel([f for f in pending if not f.done()])
                # Keep what already finished; the rest is redone on the next run.
                for fut in [f for f in pending if f.done() and not f.cancelled()]:
                    self._finish(fut, pending.pop(fut), on_row)
        finally:
            if self.paths is not None:
                self.paths.close()
            if self.cache is not None:
                # The next scan of this context takes these from here.
                if self._new_outline:
                    self.cache.put_meta(PACK, self.pack.as_dict())
                if self.not_applicable.made:
                    self.cache.put_meta(TEMPLATE, self.not_applicable.template())
                self.cache.close()
            if self._backend is not None:
                self._backend.close(cancel=self.stats.interrupted)
                self._backend = None
            if old_term is not None:
                signal.signal(signal.SIGTERM, old_term)
            self.stats.seconds = time.perf_counter() - start
        return self.stats

    def _get_backend(self) -> Backend:
        if self._backend is None:
            from modellaw_check.scan.backends import make_backend  # a worker pool: only if a file needs checking

            self._backend = make_backend(self.options.jobs, self.options.dask_scheduler, self.spec)
            self._backend.start()
        return self._backend

    def _drain(self, pending: dict, on_row: Callable[[Synopsis, dict | None], None]) -> None:
        """Wait for at least one task and emit every finished one."""
        assert self._backend is not None
        for fut in self._backend.wait_any(list(pending)):
            self._finish(fut, pending.pop(fut), on_row)

    def _finish(self, fut, job: _Pending, on_row: Callable[[Synopsis, dict | None], None]) -> None:
        try:
            result = fut.result()
        except Exception as exc:  # a worker died (killed, out of memory): that file's row says so
            result = error_row(job.path, f"worker failed: {type(exc).__name__}: {exc}", job.size)
        if isinstance(result, Packed):  # a checked statute: stored as sent, the full row parsed if needed
            # Cached under the hash of the bytes the worker checked, never the parent's (the file may
            # have changed in between: the parent's hash then names other content).
            if self.cache is not None and result.sha256:
                self.cache.put(result.sha256, result.synopsis, result.row)
            synopsis = Synopsis.loads(result.synopsis)
            if synopsis is not None:
                self._emit(synopsis, orjson.loads(result.row) if self._full else None, on_row)
                return
            result = orjson.loads(result.row)  # not expected: the synopsis is made from this row
        checked = result.pop(SHA_KEY, None)
        synopsis = Synopsis.of(result)
        if isinstance(checked, str):  # an act the worker found not relevant: stored as its synopsis
            self._store(checked, synopsis, None)
        self._emit(synopsis, result if self._full else None, on_row)

    # -- per file in the parent -------------------------------------------------------------------
    def _looked_up(self, paths: Iterable[Path]) -> Iterator[tuple[Path, os.stat_result | None, Cached | None]]:
        """Each path with its status and, if the path index knows it unchanged and the cache holds its
        row, that row; the index and the cache are asked for ``LOOKUP_BATCH`` files at a time."""
        chunk: list[Path] = []
        for path in paths:
            chunk.append(path)
            if len(chunk) >= LOOKUP_BATCH:
                yield from self._look_up(chunk)
                chunk = []
        yield from self._look_up(chunk)

    def _look_up(self, chunk: list[Path]) -> Iterator[tuple[Path, os.stat_result | None, Cached | None]]:
        names = [str(path) for path in chunk]
        stats: list[os.stat_result | None] = []
        for path, name in zip(chunk, names, strict=True):
            if isinstance(path, OutsideLink):  # never read, never looked up
                stats.append(None)
                continue
            try:
                stats.append(os.stat(name))
            except (OSError, ValueError):
                stats.append(None)
        if self.cache is None or self.paths is None:
            yield from ((path, st, None) for path, st in zip(chunk, stats, strict=True))
            return
        # Absolute paths (the index's keys) of the regular files, by position in the chunk.
        where = {i: os.path.abspath(names[i]) for i, st in enumerate(stats)
                 if st is not None and stat.S_ISREG(st.st_mode)}
        known = self.paths.get_many([(where[i], stats[i]) for i in where])
        rows = self.cache.get_many(list(known.values()), self._full)
        for i, path in enumerate(chunk):
            sha = known.get(where[i]) if i in where else None
            row = None
            if sha is not None:  # a second file with the same content gets a row of its own
                row = rows.pop(sha, None) or self.cache.get(sha, self._full)
            yield path, stats[i], row

    def _prepare(self, path: Path, st: os.stat_result | None,
                 cached: Cached | None) -> tuple[Cached | None, _Pending | None]:
        """A finished row (cache hit, error, not relevant) or a job for the workers. ``st``: the
        file's status (None: it cannot be read); ``cached``: its row where the path index knew the
        file unchanged since it was hashed (it is then neither read nor hashed again)."""
        name = str(path)
        if isinstance(path, OutsideLink):
            return self._row(error_row(name, "a symbolic link to a file outside the scanned folder: skipped, "
                                       "not read")), None
        if cached is not None and st is not None:
            return self._relocate(cached, name, st.st_size), None
        try:
            # The reader's own checks, limits, bounded read and format detection, as the worker's.
            source = read.read_source(name)
        except CheckError as exc:
            return self._row(error_row(name, exc.detail)), None
        data = source.data
        size = len(data)
        self._read_bytes += size
        sha = hashlib.sha256(data).hexdigest()
        if self.paths is not None and st is not None:
            self.paths.put(os.path.abspath(name), st, sha)
        if self.cache is not None:
            cached = self.cache.get(sha, self._full)
            if cached is not None:
                return self._relocate(cached, name, size), None
        relevance = None
        if source.format in read.TEXT_FORMATS:
            try:
                text = source.text
            except CheckError as exc:
                return self._row(error_row(name, exc.detail, size)), None
            assert text is not None
            if not text.strip():
                return self._row(error_row(name, "file contains no text", size)), None
            if self._relevance is not None:
                # ASCII text: its UTF-8 bytes can be searched as they are.
                plain_utf8 = data[:3] != b"\xef\xbb\xbf" and text.isascii()
                rel = self._relevance.classify(data if plain_utf8 else text)
                relevance = rel.as_dict()
                if not rel.relevant:
                    report = self.not_applicable.report(name, source.format, text, sha if plain_utf8 else None)
                    row = ok_row(name, report, size, 0.0, relevance)
                    synopsis = Synopsis.of(row)
                    self._store(sha, synopsis, None)
                    return (synopsis, row if self._full else None), None
        return None, _Pending(name, sha, size, relevance)

    def _row(self, row: dict) -> Cached:
        """A row made in the parent (an error) with its synopsis."""
        return Synopsis.of(row), row if self._full else None

    def _relocate(self, cached: Cached, path: str, size: int) -> Cached:
        """A cached statute for this path (the same content may have been scanned under another name);
        an act found not relevant gets its full row from the template."""
        synopsis, row = cached
        synopsis.path, synopsis.cached, synopsis.bytes, synopsis.seconds = path, True, size, 0.0
        if self._full:
            if row is None:
                return synopsis, self.not_applicable.row(synopsis)
            row["path"], row["cached"], row["bytes"], row["seconds"] = path, True, size, 0.0
            row["report"]["statute"]["path"] = path
        return synopsis, row

    # -- output -----------------------------------------------------------------------------------
    def _store(self, sha: str | None, synopsis: Synopsis, row: bytes | None) -> None:
        """``row``: the full row's JSON (None for an act found not relevant: it is rebuilt from the
        synopsis)."""
        if self.cache is not None and sha and synopsis.status == "ok":
            with contextlib.suppress(TypeError):  # a value JSON cannot hold: not cached
                self.cache.put(sha, synopsis.dumps(), row)

    def _emit(self, synopsis: Synopsis, row: dict | None, on_row: Callable[[Synopsis, dict | None], None]) -> None:
        name = synopsis.path
        if not name.isprintable():
            # A file name with bytes that are not UTF-8 (surrogate escapes) or control characters: the
            # row shows it escaped (JSON Lines, the matrix, the terminal), never aborts the scan.
            shown = synopsis.path = display_path(name)
            if row is not None:
                row["path"] = shown
                report = row.get("report")
                if isinstance(report, dict) and isinstance(report.get("statute"), dict):
                    report["statute"]["path"] = shown
        if self.options.accept is not None and synopsis.status == "ok":
            self.options.accept.apply(synopsis, row)
        s = self.stats
        s.files += 1
        s.bytes += synopsis.bytes or 0
        if synopsis.status != "ok":
            s.errors += 1
        else:
            s.ok += 1
            s.cached += synopsis.cached
            if synopsis.relevant:
                s.relevant += 1
                if synopsis.fails(self.options.fail_on):
                    s.failing += 1
            else:
                s.not_relevant += 1
        on_row(synopsis, row)


def _valid_outline(outline: PackOutline, digest: str) -> bool:
    """Is a rule-pack outline read from the cache whole and of this pack?"""
    texts = [outline.digest, outline.meta.name, outline.meta.title, outline.meta.version, *outline.reservations,
             *outline.languages]
    for p in outline.rules:
        texts += [p.id, p.title, p.level, p.category, p.source]
    return (outline.digest == digest and bool(outline.rules) and bool(outline.languages)
            and all(isinstance(t, str) for t in texts))


def _pack_digest(spec: PackSpec) -> str | None:
    """The rule pack's digest from its files' bytes, or None where loading the pack will say what is
    wrong with a folder."""
    try:
        if not all(Path(r).is_dir() for r in spec.rules):
            return None
        return spec.digest()
    except (OSError, CheckError):
        return None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
