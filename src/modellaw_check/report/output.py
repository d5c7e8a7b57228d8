"""Safe output: every file the tool writes goes through here, and is written completely or not at all,
only ever as a regular file, never over one of the run's inputs.

``check_target`` is the one gate (docs/robustness.md, "Writing files"):

- ``-`` (or no path) means stdout;
- the target is followed through symbolic links on purpose: a report path that is a link to a file
  writes that file (as the shell's ``>`` does) and the link stays a link;
- an existing target must be a regular file: a directory, device, FIFO or socket is refused before
  anything is written (``-o /dev/null`` run as root would otherwise rename a file over the device);
- an existing target without write permission (a 0444 report) is refused, even for root;
- a target that is one of the run's inputs (the same device and inode, or the same resolved path) is
  refused, naming both: ``check act.md -f markdown -o act.md`` must not destroy the statute;
- a replaced file keeps its permission bits (and, for root, its owner and group).

``write_atomic`` renders into a temporary file in the target's folder, flushes it and renames it over
the target; ``open_stream`` (JSON Lines, written row by row) checks the opened file itself before
truncating it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from modellaw_check.errors import CheckError, display_path

# (st_dev, st_ino) -> (path, st_ctime_ns) of every input this process has read (``note_input``): an
# output onto one of them is refused. The change time tells a later file that reuses the inode number
# of a deleted input (in a long-lived process, a test run) from the input itself.
_READ: dict[tuple[int, int], tuple[str, int]] = {}


def note_input(path: str | os.PathLike, st: os.stat_result | None = None) -> None:
    """Remember that this run read ``path``: no output may replace it."""
    try:
        st = st or os.stat(path)
    except (OSError, ValueError):
        return
    _READ[(st.st_dev, st.st_ino)] = (os.fsdecode(path), st.st_ctime_ns)


def is_stdout(path: str | os.PathLike | None) -> bool:
    return path is None or os.fspath(path) == "-"


def shown(path: str | os.PathLike) -> str:
    """A path as it can be printed: undecodable bytes of a file name as backslash escapes."""
    return display_path(path)


def _fail(message: str, path: str | os.PathLike) -> CheckError:
    return CheckError(message, path=shown(path))


def _same_input(real: str, st: os.stat_result, inputs: Iterable[str | os.PathLike]) -> str | None:
    """The input that ``real`` (status ``st``) is, or None."""
    known = _READ.get((st.st_dev, st.st_ino))
    if known is not None and known[1] == st.st_ctime_ns:
        return known[0]
    for item in inputs:
        try:
            ist = os.stat(item)
        except (OSError, ValueError):
            continue
        if (ist.st_dev, ist.st_ino) == (st.st_dev, st.st_ino) or os.path.realpath(item) == real:
            return os.fsdecode(item)
    return None


def _regular_not_input(name: str, real: str, st: os.stat_result, inputs: Iterable[str | os.PathLike],
                       what: str) -> None:
    """Refuse a target that is not a regular file, or that is one of the run's inputs."""
    if not stat.S_ISREG(st.st_mode):
        raise _fail(f"not a regular file (a device, pipe or socket): {what} is written only to a "
                    "regular file (or - for stdout)", name)
    source = _same_input(real, st, inputs)
    if source is not None:
        raise _fail(f"is the input {shown(source)} of this run; writing {what} there would destroy it "
                    "(choose another output file)", name)


def check_target(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                 what: str = "the report") -> tuple[str, os.stat_result | None]:
    """The real path to write for ``path`` (symbolic links followed) and its current status (None: it
    does not exist yet), or a CheckError (exit 2) saying why nothing may be written there."""
    name = os.fspath(path)
    try:
        real = os.path.realpath(name)
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise _fail("no such folder (part of the path is a file, not a folder)", name) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _fail("file name too long", name) from None
        if exc.errno == errno.ELOOP:
            raise _fail("too many levels of symbolic links", name) from None
        raise _fail(f"cannot write {what}: {exc.strerror or exc}", name) from None
    except ValueError as exc:  # an embedded NUL
        raise _fail(f"not a valid file name ({exc})", name) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _fail(f"is a directory; give a file name for {what}", name)
        _regular_not_input(name, real, st, inputs, what)
        if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise _fail(f"the file is read-only; {what} was not written (make it writable or choose "
                        "another file)", name)
    else:
        parent = os.path.dirname(name) or "."
        if not os.path.isdir(os.path.dirname(real) or "."):
            raise _fail("the output folder does not exist", parent)
        if len(os.fsencode(os.path.basename(real))) > 255:
            raise _fail("file name too long", name)
    return real, st


def write_atomic(path: str | os.PathLike, text: str | bytes, inputs: Iterable[str | os.PathLike] = (),
                 what: str = "the report") -> None:
    """Write ``text`` (or bytes: a DOCX) to ``path`` (see the module's rules), or raise a CheckError
    leaving the target as it was and no temporary file behind."""
    name = os.fspath(path)
    real, st = check_target(name, inputs, what)
    directory = os.path.dirname(real) or "."
    base = os.path.basename(real)
    try:
        # A short prefix: a target name near the 255-byte limit must not make the temporary's too long.
        fd, tmp = tempfile.mkstemp(prefix=f".{base[:32]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _fail(f"cannot write {what}: {exc.strerror or exc}", name) from None
    try:
        if st is not None:
            # Replacing a file keeps its permission bits (a private 0600 report stays private) and,
            # where we may, its owner.
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
                with contextlib.suppress(OSError):
                    os.fchown(fd, st.st_uid, st.st_gid)
        else:
            # mkstemp makes the file private (0600); a new report gets what any new file would get.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as bfh:
                bfh.write(text)
                bfh.flush()
                os.fsync(bfh.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors="backslashreplace") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        # The target may have changed while the report was rendered: check it again, last thing.
        check_target(name, inputs, what)
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _fail(f"cannot write {what}: {exc.strerror or exc}", name) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(path: str | os.PathLike | None, text: str, inputs: Iterable[str | os.PathLike] = (),
                 what: str = "the report") -> None:
    """``write_atomic``, or stdout for None and ``-``."""
    if is_stdout(path):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    assert path is not None
    write_atomic(path, text, inputs, what)


def open_stream(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = (),
                what: str = "the rows") -> TextIO:
    """A file opened for writing row by row (JSON Lines), after the same checks as ``write_atomic``;
    the opened file itself is checked (a regular file, not an input) before it is truncated."""
    inputs = list(inputs)
    name = os.fspath(path)
    real, _ = check_target(name, inputs, what)
    try:
        # No O_TRUNC: nothing is lost until the opened file is known to be the right one. O_NONBLOCK:
        # a FIFO put there since the check fails at once instead of waiting for a reader.
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise _fail(f"not a regular file (a device, pipe or socket): {what} are written only to a "
                        "regular file (or - for stdout)", name) from None
        raise _fail(f"cannot write {what}: {exc.strerror or exc}", name) from None
    try:
        st = os.fstat(fd)
        _regular_not_input(name, real, st, inputs, what)
        os.set_blocking(fd, True)
        os.ftruncate(fd, 0)
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors="backslashreplace")
    except OSError as exc:
        os.close(fd)
        raise _fail(f"cannot write {what}: {exc.strerror or exc}", name) from None
    except BaseException:
        os.close(fd)
        raise
