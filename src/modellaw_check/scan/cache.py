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
import os
import tempfile
from pathlib import Path

import orjson

from modellaw_check import __version__

ENV_VAR = "MODELLAW_CACHE_DIR"


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


class Cache:
    """JSON results under ``<dir>/v1/<context>/<sha[:2]>/<sha>.json``."""

    def __init__(self, directory: Path, context: str) -> None:
        self.root = Path(directory) / "v1" / context
        self._root = str(self.root)
        self.hits = 0
        self.stores = 0

    def _entry(self, sha256: str) -> str:
        return os.path.join(self._root, sha256[:2], f"{sha256}.json")  # str: pathlib cost 0.1 s per 4000 files

    def get(self, sha256: str) -> dict | None:
        try:
            with open(self._entry(sha256), "rb") as fh:
                row = orjson.loads(fh.read())
        except (OSError, ValueError):
            return None
        if not isinstance(row, dict) or row.get("status") != "ok":
            return None
        self.hits += 1
        return row

    def put(self, sha256: str, row: dict) -> None:
        """Store a result; a cache that cannot be written only costs speed, never the scan."""
        entry = self._entry(sha256)
        folder = os.path.dirname(entry)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(orjson.dumps(row))
            # No fsync: a torn entry after a crash fails to parse and is a miss, which is harmless.
            os.replace(tmp, entry)
            self.stores += 1
        except (OSError, TypeError):  # TypeError: a value JSON cannot hold
            with contextlib.suppress(OSError):
                os.unlink(tmp)
