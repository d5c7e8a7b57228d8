"""Guarded reading: the one way this tool opens a file it reads, statute or auxiliary input (rule
files, config, gold labels, baseline, report templates: ``report/templated.py: GuardedLoader``).

Only a regular file is read: a FIFO, socket or device (``/dev/zero``, a pipe named ``x.yaml`` in a
rules folder) is refused before it is opened, so it cannot block the run or stream forever. The file
is opened with ``O_NONBLOCK`` and checked again once open (it may have been swapped since its status
was taken), and read with a bound however large it grows: a statute at most ``MODELLAW_MAX_BYTES``
(64 MiB), an auxiliary file at most 64 MiB or ``MODELLAW_MAX_BYTES`` if that is larger (a limit lowered
for statutes must not refuse the bundled rule pack). Every failure is one ``CheckError`` line naming
the file (exit 2).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from modellaw_check.errors import CheckError, InputError, UsageError

MAX_BYTES = 64 * 1024 * 1024
MAX_CHARS = 5_000_000  # one document's characters (read/__init__.py says why)


def limit(name: str, default: int) -> int:
    """A resource limit from the environment (``MODELLAW_MAX_BYTES``, ``MODELLAW_MAX_CHARS``)."""
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    # ASCII digits only: str.isdigit() accepts "²", which int() then refuses (an exit 3).
    if not re.fullmatch(r"[0-9]{1,18}", raw) or int(raw) <= 0:
        raise UsageError(f"{name} must be a positive whole number, not {os.environ[name]!r}")
    return int(raw)


def aux_limit() -> int:
    """The size bound of an auxiliary file (rules, config, gold labels, baseline)."""
    return max(MAX_BYTES, limit("MODELLAW_MAX_BYTES", MAX_BYTES))


def size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


OVER_HINT = "split it, or raise MODELLAW_MAX_BYTES"


def _over(n: int | None, max_bytes: int, error: type[CheckError], path: str, hint: str = OVER_HINT) -> CheckError:
    size = f"file is {size_text(n)}, over" if n is not None else "file is over"
    return error(f"{size} the {size_text(max_bytes)} limit ({hint})", path=path)


def _open_error(exc: BaseException, error: type[CheckError], path: str, missing: str) -> CheckError:
    if isinstance(exc, FileNotFoundError):
        return error(missing, path=path)
    if isinstance(exc, NotADirectoryError):
        return error(f"{missing} (part of the path is a file, not a folder)", path=path)
    if isinstance(exc, PermissionError):
        return error("permission denied", path=path)
    if isinstance(exc, ValueError):  # an embedded NUL byte
        return error(f"not a valid file name ({exc})", path=path)
    return error(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=path)


def _kind_error(st: os.stat_result, error: type[CheckError], path: str) -> CheckError | None:
    if stat.S_ISDIR(st.st_mode):
        return error("is a directory, not a file", path=path)
    if not stat.S_ISREG(st.st_mode):
        return error("not a regular file (a pipe, socket or device)", path=path)
    return None


def read_regular(path: str | os.PathLike, max_bytes: int | None = None, *, error: type[CheckError] = InputError,
                 missing: str = "no such file", st: os.stat_result | None = None, hint: str = OVER_HINT) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` (default: ``aux_limit()``),
    or ``error`` (exit 2) saying why not. ``missing``: the message for a file that does not exist;
    ``st``: its status, where the caller has taken it already; ``hint``: what to do about a file over
    the limit (a template's limit is fixed)."""
    name = os.fspath(path)
    shown = os.fsdecode(name)
    if max_bytes is None:
        max_bytes = aux_limit()
    try:
        st = st or os.stat(name)
    except (OSError, ValueError) as exc:
        raise _open_error(exc, error, shown, missing) from None
    problem = _kind_error(st, error, shown)  # refused unopened: opening a device can have effects
    if problem is not None:
        raise problem
    if st.st_size > max_bytes:
        raise _over(st.st_size, max_bytes, error, shown, hint)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        raise _open_error(exc, error, shown, missing) from None
    try:
        problem = _kind_error(os.fstat(fd), error, shown)  # swapped for a FIFO since the stat?
        if problem is not None:
            raise problem
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _open_error(exc, error, shown, missing) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after its status was taken
        raise _over(None, max_bytes, error, shown, hint)
    return data


def read_text(path: str | os.PathLike, what: str, *, error: type[CheckError] = InputError,
              missing: str | None = None) -> str:
    """A UTF-8 auxiliary file (``what``: "rule file", "gold file", "baseline" ...) read through
    ``read_regular``; a byte-order mark is dropped."""
    data = read_regular(path, error=error, missing=missing or f"{what} not found")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"cannot read {what}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                    path=os.fsdecode(Path(path))) from None
