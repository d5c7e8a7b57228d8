"""Read: turn a statute file into a Document (text + section tree), whatever its format."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError, UsageError
from modellaw_check.read.text import read_text_file

# Extension -> format name; readers for other formats register here.
EXTENSIONS: dict[str, str] = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
READERS = {"text": read_text_file, "markdown": read_text_file}
# Resource bounds (docs/robustness.md): checking costs about 12 s and 70 MB of memory per million
# characters, so one document is capped at 5 million characters (about a minute, 0.5 GB) and a file
# at 64 MiB before it is read at all. Both can be changed by environment variable.
MAX_BYTES = 64 * 1024 * 1024
MAX_CHARS = 5_000_000


def detect_format(path: Path, override: str | None = None) -> str:
    if override:
        if override not in READERS:
            raise InputError(f"unknown input format {override!r} (known: {', '.join(sorted(READERS))})")
        return override
    return EXTENSIONS.get(path.suffix.lower(), "text")


def limit(name: str, default: int) -> int:
    """A resource limit from the environment (``MODELLAW_MAX_BYTES``, ``MODELLAW_MAX_CHARS``)."""
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise UsageError(f"{name} must be a positive whole number, not {os.environ[name]!r}")
    return int(raw)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def read_document(path: str | Path, input_format: str | None = None) -> Document:
    """Read and segment one statute file."""
    from modellaw_check.segment import segment

    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("no such file", path=str(p)) from None
    except NotADirectoryError:
        raise InputError("no such file (part of the path is a file, not a folder)", path=str(p)) from None
    except PermissionError:
        raise InputError("permission denied", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(p)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a statute file", path=str(p))
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or device would block or never end; only regular files are statutes.
        raise InputError("not a regular file (a pipe, socket or device)", path=str(p))
    max_bytes = limit("MODELLAW_MAX_BYTES", MAX_BYTES)
    if st.st_size > max_bytes:
        raise InputError(f"file is {_size(st.st_size)}, over the {_size(max_bytes)} limit "
                         "(split it, or raise MODELLAW_MAX_BYTES)", path=str(p))
    fmt = detect_format(p, input_format)
    doc = READERS[fmt](p)
    doc.format = fmt
    if not doc.text.strip():
        raise InputError("file contains no text", path=str(p))
    max_chars = limit("MODELLAW_MAX_CHARS", MAX_CHARS)
    if len(doc.text) > max_chars:
        raise InputError(f"{len(doc.text):,} characters, over the {max_chars:,} limit for one document "
                         "(split it into parts, e.g. one file per Part or Chapter, or raise "
                         "MODELLAW_MAX_CHARS)", path=str(p))
    segment(doc)
    return doc
