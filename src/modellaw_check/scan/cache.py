"""Result cache for incremental re-scans: an unchanged file under an unchanged rule pack is not
checked again.

The key covers everything a result depends on: the file's bytes, the rule pack (``RulePack.digest``),
the declared reservations, the tool version, and whether the relevance filter was on. The path is
*not* in the key (a file moved or copied is still a hit); the cached row's path is rewritten on
read. Rows are JSON in SQLite, written in transactions, so concurrent scans sharing a cache never
see a half-written entry; an unreadable entry is a miss, and a database that is locked or damaged
turns the cache off for the rest of the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import orjson

from modellaw_check import __version__
from modellaw_check.scan.rows import Synopsis, valid_row

ENV_VAR = "MODELLAW_CACHE_DIR"
LAYOUT = "v4"  # one synopsis and one full row per statute (v1-v3: other layouts, no longer read)


def default_cache_dir() -> Path:
    """``$MODELLAW_CACHE_DIR``, else ``$XDG_CACHE_HOME/modellaw-check``, else ``~/.cache/modellaw-check``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modellaw-check"


def context_key(pack_digest: str, reservations: list[str] | set[str], use_filter: bool,
                language: str | None = None) -> str:
    """The part of the key shared by every file of one scan. ``language``: the language every statute
    is read in (``--language``; None: each statute's own). The report language is not in it: a row is
    the JSON report, which is always in English."""
    basis = "|".join([__version__, pack_digest, ",".join(sorted(reservations)), f"filter={int(use_filter)}",
                      f"language={language or ''}"])
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


class _Table:
    """One SQLite table of a cache: look-ups by key, inserts written in batches (a statement and a
    commit per file is slow: docs/performance.md). Opened on first use; any database trouble (locked by another scan,
    damaged, read-only) turns it off for the rest of the run: a cache only ever costs speed."""

    BATCH = 500
    LOOKUP = 500  # keys per look-up statement (SQLite allows 32766 parameters)
    BATCH_BYTES = 8 * 1024 * 1024  # full reports are ~100 kB: the parent's memory stays flat
    TIMEOUT = 2.0  # seconds to wait for another scan's write before giving up (and turning off)

    def __init__(self, path: str, table: str, columns: str) -> None:
        self.path = path
        self.table = table
        self.columns = columns  # "key TEXT PRIMARY KEY, ..."
        self._db: sqlite3.Connection | None = None
        self.failed = False
        self._pending: list[tuple] = []
        self._pending_bytes = 0
        self._insert = f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * (columns.count(',') + 1))})"

    def open(self, create: bool) -> bool:
        if self._db is None and not self.failed:
            if not create and not os.path.exists(self.path):
                return False
            try:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                db = sqlite3.connect(self.path, timeout=self.TIMEOUT)
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

    def many(self, sql: str, keys: list[str]) -> list[tuple]:
        """The rows of ``sql``, a query ending in ``IN ({})``, for these keys, ``LOOKUP`` keys to a
        statement (several times cheaper per file than a statement each: docs/performance.md)."""
        if self._db is None or not keys:
            return []
        out: list[tuple] = []
        try:
            for i in range(0, len(keys), self.LOOKUP):
                part = keys[i:i + self.LOOKUP]
                out.extend(self._db.execute(sql.format(", ".join("?" * len(part))), part).fetchall())
        except sqlite3.Error:
            self._off()
            return []
        return out

    def add(self, row: tuple, size: int = 0) -> bool:
        """Queue a row; True if that wrote the batch (every BATCH rows or BATCH_BYTES of them)."""
        if self._db is None:
            return False
        self._pending.append(row)
        self._pending_bytes += size
        if len(self._pending) >= self.BATCH or self._pending_bytes >= self.BATCH_BYTES:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if self._db is not None and self._pending:
            try:
                self._db.executemany(self._insert, self._pending)
                self._db.commit()
            except sqlite3.Error:
                self._off()
        self._pending, self._pending_bytes = [], 0

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
        self._db, self.failed, self._pending, self._pending_bytes = None, True, [], 0


class Cache:
    """Rows by content hash in one SQLite table, ``<dir>/v4/<context>/rows.sqlite``, written in
    batches (a file per row cost too much file-system time: docs/performance.md).

    Each statute is stored once as its synopsis (``rows.Synopsis``: what the matrix, the summary table
    and the exit code read) and its full row (what JSON Lines writes), which SQLite reads only when it is
    selected. An act found not relevant has no full row stored: it is the not-applicable template with
    the synopsis's statute facts (``rows.NotApplicable.row``). Batches are written on ``close`` (which a
    scan calls at its end, interrupted or not) and every ``_Table.BATCH`` rows or
    ``_Table.BATCH_BYTES``; a scan killed outright loses at most its last batch, which the next run
    checks again."""

    FRESH_LIMIT = 100_000
    DB = "rows.sqlite"

    def __init__(self, directory: Path, context: str) -> None:
        self.root = Path(directory) / LAYOUT / context
        self._root = str(self.root)
        self.hits = 0
        self.stores = 0
        # A cache that held nothing for this context when the scan began can only hit what this scan
        # stored: look-ups of the others (every file of a first scan) need not touch the disk. Past
        # FRESH_LIMIT stored entries every look-up reads the disk again (memory stays bounded).
        self._fresh: set[str] | None = None if os.path.isdir(self._root) else set()
        self._rows = _Table(os.path.join(self._root, self.DB), "rows",
                            "sha256 TEXT PRIMARY KEY, synopsis BLOB, row BLOB")
        self._pending: dict[str, tuple] = {}  # stored by this scan, not yet written
        # What every row of the context shares (the not-applicable report's template), by name.
        self._meta = _Table(os.path.join(self._root, self.DB), "meta", "name TEXT PRIMARY KEY, value BLOB")

    def meta(self, name: str) -> dict | None:
        """A value stored for the whole context (``put_meta``), or None."""
        if self._fresh is not None or not self._meta.open(create=False):
            return None
        found = self._meta.one("SELECT value FROM meta WHERE name = ?", (name,))
        try:
            value = orjson.loads(found[0]) if found else None
        except (ValueError, TypeError):
            return None
        return value if isinstance(value, dict) else None

    def put_meta(self, name: str, value: dict) -> None:
        if self._meta.open(create=True):
            self._meta.add((name, orjson.dumps(value)))

    def get(self, sha256: str, full: bool = False) -> tuple[Synopsis, dict | None] | None:
        """A stored statute: its synopsis and, with ``full``, its full row (None for an act found not
        relevant, which has none stored); None for a miss (nothing stored, or damaged)."""
        return self.get_many([sha256], full).get(sha256)

    def get_many(self, shas: list[str], full: bool = False) -> dict[str, tuple[Synopsis, dict | None]]:
        """``get`` for many files at once (a warm re-scan asks for every file): hash -> entry."""
        out: dict[str, tuple[Synopsis, dict | None]] = {}
        ask: list[str] = []
        for sha in dict.fromkeys(shas):
            if self._fresh is not None and sha not in self._fresh:
                continue
            waiting = self._pending.get(sha)
            if waiting is not None:
                entry = self._decode(waiting[1], waiting[2] if full else None, full)
                if entry is not None:
                    out[sha] = entry
            else:
                ask.append(sha)
        if ask and self._rows.open(create=False):
            sql = f"SELECT sha256, synopsis, {'row' if full else 'NULL'} FROM rows WHERE sha256 IN ({{}})"
            for found in self._rows.many(sql, ask):
                entry = self._decode(found[1], found[2], full)
                if entry is not None:
                    out[found[0]] = entry
        return out

    def _decode(self, synopsis: bytes | None, row: bytes | None, full: bool) -> tuple[Synopsis, dict | None] | None:
        """A stored entry, checked: a damaged or tampered one is a miss, never an abort."""
        found = Synopsis.loads(synopsis) if isinstance(synopsis, bytes) else None
        if found is None:
            return None
        loaded = None
        if full and found.relevant:  # a checked statute's full row (an act not relevant has none)
            try:
                loaded = orjson.loads(row) if isinstance(row, bytes) else None
            except (ValueError, TypeError):
                return None
            if not valid_row(loaded):
                return None
        self.hits += 1
        return found, loaded

    def put(self, sha256: str, synopsis: bytes, row: bytes | None = None) -> None:
        """Store a statute's synopsis and full row, serialised (``Synopsis.dumps``; the row's JSON, None
        for an act found not relevant), written with the next batch. A cache that cannot be written only
        costs speed, never the scan."""
        if not self._rows.open(create=True):
            return
        entry = (sha256, synopsis, row)
        if self._rows.add(entry, len(synopsis) + len(row or b"")):
            self._pending.clear()  # the batch was written: look-ups find these rows in the database
        else:
            self._pending[sha256] = entry
        self.stores += 1
        if self._fresh is not None:
            self._fresh.add(sha256)
            if len(self._fresh) > self.FRESH_LIMIT:
                self._fresh = None

    def close(self) -> None:
        """Write the pending rows (a scan calls this at its end, interrupted or not)."""
        self._rows.close()
        self._meta.close()
        self._pending.clear()


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
        self._table = _Table(os.path.join(str(directory), LAYOUT, "paths.sqlite"), "files",
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

    def get_many(self, files: list[tuple[str, os.stat_result]]) -> dict[str, str]:
        """``get`` for many files at once: path -> hash, for those unchanged since they were hashed."""
        if self._empty or not files:
            return {}
        status = {path: self._status(st) for path, st in files}
        rows = self._table.many("SELECT path, size, mtime, ctime, ino, dev, sha256 FROM files WHERE path IN ({})",
                                list(status))
        return {row[0]: row[6] for row in rows if tuple(row[1:6]) == status.get(row[0])}

    def put(self, path: str, st: os.stat_result, sha256: str) -> None:
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= self.RACY_SECONDS * 1e9:
            self._table.add((path, *self._status(st), sha256))

    def close(self) -> None:
        self._table.close()
