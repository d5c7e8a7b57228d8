"""Safe output: a report file is written completely or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from modellaw_check.errors import CheckError


def write_atomic(path: Path, text: str) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CheckError("is a directory; give a file name for the report", path=str(path))
    if not directory.is_dir():
        raise CheckError("the output folder does not exist", path=str(directory))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CheckError(f"cannot write the report: {exc.strerror or exc}", path=str(path)) from None
    try:
        # mkstemp makes the file private (0600); a report gets the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CheckError(f"cannot write the report: {exc.strerror or exc}", path=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
