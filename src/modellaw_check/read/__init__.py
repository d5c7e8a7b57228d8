"""Read: turn a statute file into a Document (text + section tree), whatever its format."""

from __future__ import annotations

from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.read.text import read_text_file

# Extension -> format name; readers for other formats register here.
EXTENSIONS: dict[str, str] = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
READERS = {"text": read_text_file, "markdown": read_text_file}
MAX_BYTES = 64 * 1024 * 1024


def detect_format(path: Path, override: str | None = None) -> str:
    if override:
        if override not in READERS:
            raise InputError(f"unknown input format {override!r} (known: {', '.join(sorted(READERS))})")
        return override
    return EXTENSIONS.get(path.suffix.lower(), "text")


def read_document(path: str | Path, input_format: str | None = None) -> Document:
    """Read and segment one statute file."""
    from modellaw_check.segment import segment

    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory, not a statute file", path=str(p))
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(p)) from None
    if size > MAX_BYTES:
        raise InputError(f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB", path=str(p))
    fmt = detect_format(p, input_format)
    doc = READERS[fmt](p)
    doc.format = fmt
    if not doc.text.strip():
        raise InputError("file contains no text", path=str(p))
    segment(doc)
    return doc
