"""Result cache for incremental re-scans: an unchanged file under an unchanged rule pack is not
checked again.

The key covers everything a result depends on: the file's bytes, the rule pack (``RulePack.digest``),
the declared reservations, the tool version, and whether the relevance filter was on. The path is
*not* in the key (a file moved or copied is still a hit); the cached row's path is rewritten on
read. Entries are JSON files written atomically (temporary file + rename), so concurrent scans
sharing a cache never see a half-written entry; an unreadable entry is treated as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import time
from pathlib import Path

import orjson

from modellaw_check import __version__

ENV_VAR = "MODELLAW_CACHE_DIR"
_TMP_COUNTER = itertools.count()


def default_cache_dir() -> Path:
    """``$MODELLAW_CACHE_DIR``, else ``$XDG_CACHE_HOME/modellaw-check``, else ``~/.cache/modellaw-check``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modellaw-check"


def context_key(pack_digest: str, reservations: list[str] | set[str], use_filter: bool) -> str:
    """The part of the key shared by every file of one scan."""
    basis = "|".join([__version__, pack_digest, ",".join(sorted(reservations)), f"filter={int(use_filter)}"])
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


class _Table:
    """One SQLite table of a cache: look-ups by key, inserts written in batches (one statement and
    commit per file cost ~0.1 ms). Opened on first use; any database trouble (locked by another scan,
    damaged, read-only) turns it off for the rest of the run: a cache only ever costs speed."""

    BATCH = 500

    def __init__(self, path: str, table: str, columns: str) -> None:
        self.path = path
        self.table = table
        self.columns = columns  # "key TEXT PRIMARY KEY, ..."
        self._db: sqlite3.Connection | None = None
        self.failed = False
        self._pending: list[tuple] = []
        self._insert = f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * (columns.count(',') + 1))})"

    def open(self, create: bool) -> bool:
        if self._db is None and not self.failed:
            if not create and not os.path.exists(self.path):
                return False
            try:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                db = sqlite3.connect(self.path, timeout=2.0)
                db.execute(f"CREATE TABLE IF NOT EXISTS {self.table} ({self.columns})")
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error):
                self.failed = True
        return self._db is not None

    def empty(self) -> bool:
        return self.one(f"SELECT 1 FROM {self.table} LIMIT 1", ()) is None

    def one(self, sql: str, args: tuple) -> tuple | None:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, args).fetchone()
        except sqlite3.Error:
            self._off()
            return None

    def add(self, row: tuple) -> None:
        if self._db is not None:
            self._pending.append(row)
            if len(self._pending) >= self.BATCH:
                self.flush()

    def flush(self) -> None:
        if self._db is not None and self._pending:
            try:
                self._db.executemany(self._insert, self._pending)
                self._db.commit()
            except sqlite3.Error:
                self._off()
        self._pending = []

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _off(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db, self.failed, self._pending = None, True, []


class Cache:
    """JSON results under ``<dir>/v1/<context>/<sha[:2]>/<sha>.json``; small rows (acts found not
    relevant: their statute facts only) in ``<dir>/v1/<context>/small.sqlite`` instead, written in
    batches: one file per act cost ~0.5 ms of file-system work each, most of a cold scan of a
    repository that is mostly not about computer crime."""

    FRESH_LIMIT = 100_000
    SMALL_DB = "small.sqlite"

    def __init__(self, directory: Path, context: str) -> None:
        self.root = Path(directory) / "v1" / context
        self._root = str(self.root)
        self.hits = 0
        self.stores = 0
        self._folders: set[str] = set()  # folders known to exist
        # A cache that held nothing for this context when the scan began can only hit what this scan
        # stored: look-ups of the others (every file of a first scan) need not touch the disk. Past
        # FRESH_LIMIT stored entries every look-up reads the disk again (memory stays bounded).
        self._fresh: set[str] | None = None if os.path.isdir(self._root) else set()
        self._small = _Table(os.path.join(self._root, self.SMALL_DB), "rows", "sha256 TEXT PRIMARY KEY, row BLOB")

    def _get_small(self, sha256: str) -> dict | None:
        if not self._small.open(create=False):
            return None
        found = self._small.one("SELECT row FROM rows WHERE sha256 = ?", (sha256,))
        if found is None:
            return None
        try:
            row = orjson.loads(found[0])
        except ValueError:
            return None
        return row if isinstance(row, dict) and row.get("status") == "ok" else None

    def put_small(self, sha256: str, row: dict) -> None:
        """Store a small row (written with the next batch; see ``close``)."""
        if not self._small.open(create=True):
            return
        try:
            self._small.add((sha256, orjson.dumps(row)))
        except TypeError:
            return
        self._stored(sha256)

    def close(self) -> None:
        """Write the pending small rows (a scan calls this at its end, interrupted or not)."""
        self._small.close()

    def _stored(self, sha256: str) -> None:
        self.stores += 1
        if self._fresh is not None:
            self._fresh.add(sha256)
            if len(self._fresh) > self.FRESH_LIMIT:
                self._fresh = None

    def _entry(self, sha256: str, digest: bool = False) -> str:
        name = f"{sha256}.digest.json" if digest else f"{sha256}.json"
        return os.path.join(self._root, sha256[:2], name)  # str: pathlib cost 0.1 s per 4000 files

    def get(self, sha256: str, digest: bool = False) -> dict | None:
        """A stored row; ``digest``: its digest where one was stored (see ``rows.digest_row``)."""
        if self._fresh is not None and sha256 not in self._fresh:
            return None
        row = self._get_small(sha256)
        if row is None and digest:
            row = self._read(self._entry(sha256, True))
        if row is None:
            row = self._read(self._entry(sha256))
        if row is None:
            return None
        self.hits += 1
        return row

    @staticmethod
    def _read(entry: str) -> dict | None:
        try:
            with open(entry, "rb") as fh:
                row = orjson.loads(fh.read())
        except (OSError, ValueError):
            return None
        return row if isinstance(row, dict) and row.get("status") == "ok" else None

    def put(self, sha256: str, row: dict, digest: dict | None = None) -> None:
        """Store a result (and its digest); a cache that cannot be written only costs speed, never the
        scan. The digest is written second, so a digest never exists without its full row."""
        if self._write(self._entry(sha256), row):
            self._stored(sha256)
            if digest is not None:
                self._write(self._entry(sha256, True), digest)

    def _write(self, entry: str, row: dict) -> bool:
        folder = os.path.dirname(entry)
        try:
            data = orjson.dumps(row)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            # A name no other writer uses (process id, counter): mkstemp's random names cost more than
            # the write itself with thousands of small entries.
            tmp = os.path.join(folder, f".{os.path.basename(entry)}.{os.getpid()}.{next(_TMP_COUNTER)}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except (OSError, TypeError):  # TypeError: a value JSON cannot hold
            return False
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            # No fsync: a torn entry after a crash fails to parse and is a miss, which is harmless.
            os.replace(tmp, entry)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return False


class PathIndex:
    """Path and file status -> content hash, so that a warm re-scan neither reads nor hashes a file
    that has not changed (as git's index does). Kept in SQLite (standard library): look-ups by key,
    nothing held in memory however many files, and safe when two scans share a cache.

    An entry is used only if size, modification and change times, inode and device all still match.
    A file modified in the last ``RACY_SECONDS`` is not indexed: on a file system with coarse
    timestamps a second change within the same tick would leave them all unchanged. Any database
    trouble (locked, damaged, read-only) turns the index off: it only ever costs speed.
    """

    RACY_SECONDS = 2.0

    def __init__(self, directory: Path) -> None:
        self._table = _Table(os.path.join(str(directory), "v1", "paths.sqlite"), "files",
                             "path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, "
                             "dev INTEGER, sha256 TEXT")
        # An empty index answers every look-up "unknown" without a query (a first scan).
        self._empty = not self._table.open(create=True) or self._table.empty()

    @staticmethod
    def _status(st: os.stat_result) -> tuple[int, int, int, int, int]:
        return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev

    def get(self, path: str, st: os.stat_result) -> str | None:
        if self._empty:
            return None
        row = self._table.one("SELECT size, mtime, ctime, ino, dev, sha256 FROM files WHERE path = ?", (path,))
        return row[5] if row and tuple(row[:5]) == self._status(st) else None

    def put(self, path: str, st: os.stat_result, sha256: str) -> None:
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= self.RACY_SECONDS * 1e9:
            self._table.add((path, *self._status(st), sha256))

    def close(self) -> None:
        self._table.close()
