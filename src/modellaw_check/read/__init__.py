"""Read: turn a statute file into a Document (text + section tree), whatever its format.

The format comes from ``--input-format`` if given, else from the content (PDF, zip/Word and OLE
magic numbers; an ``<akomaNtoso>`` or ``<html>`` root), else from the extension, else plain text.
Content wins over the extension because statutes are often saved under the wrong name; for
``.txt``/``.md`` files only binary signatures are sniffed, since Markdown may start with HTML.
See docs/formats.md.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError, display_path
from modellaw_check.guard import MAX_BYTES, MAX_CHARS, limit, read_regular
from modellaw_check.guard import size_text as _size
from modellaw_check.read.akn import read_akn
from modellaw_check.read.common import SUPPLIED
from modellaw_check.read.docx import read_docx
from modellaw_check.read.html import read_html
from modellaw_check.read.pdf import read_pdf
from modellaw_check.read.text import decode, read_text_file
from modellaw_check.report.output import note_input

# Extension -> format name.
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "akn", ".akn": "akn",
}
READERS: dict[str, Callable[[Path], Document]] = {
    "text": read_text_file, "markdown": read_text_file, "docx": read_docx, "pdf": read_pdf,
    "html": read_html, "akn": read_akn,
}
ALIASES = {"txt": "text", "md": "markdown", "htm": "html", "xml": "akn", "akoma-ntoso": "akn",
           "akomantoso": "akn", "word": "docx"}
# Resource bounds (docs/robustness.md): checking costs about 5 s and 90 MB of memory per million
# characters, so one document is capped at 5 million characters (about 30 s, 0.5 GB) and a file
# at 64 MiB (guard.MAX_BYTES) before it is read at all. Both can be changed by environment variable.
_SNIFF_BYTES = 4096
_TEXT_EXTENSIONS = {ext for ext, fmt in EXTENSIONS.items() if fmt in ("text", "markdown")}
_AKN_ROOT = re.compile(r"<(?:[\w.-]+:)?akomaNtoso[\s>/]")
_HTML_START = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
                         re.IGNORECASE | re.DOTALL)


def sniff(head: bytes, binary_only: bool = False) -> str | None:
    """The format the first bytes of a file reveal, or None if they look like plain text."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return "docx"  # the DOCX reader tells a Word zip from other zips and legacy .doc files
    if binary_only:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if _AKN_ROOT.search(text):
        return "akn"
    if _HTML_START.match(text.lstrip()):
        return "html"
    return None


def detect_format(path: Path, override: str | None = None, data: bytes | None = None) -> str:
    """The reader for a file: ``override`` if given, else what its first bytes and its extension say.
    ``data``: the file's bytes where the caller has read them already (a scan), to save a second open."""
    if override:
        name = ALIASES.get(override.lower(), override.lower())
        if name not in READERS:
            raise InputError(f"unknown input format {override!r} (known: {', '.join(sorted(READERS))})")
        return name
    ext = path.suffix.lower()
    if data is not None:
        head = data[:_SNIFF_BYTES]
    else:
        try:
            with path.open("rb") as fh:
                head = fh.read(_SNIFF_BYTES)
        except OSError:
            head = b""
    return sniff(head, binary_only=ext in _TEXT_EXTENSIONS) or EXTENSIONS.get(ext, "text")


def read_document(path: str | Path, input_format: str | None = None) -> Document:
    """Read and segment one statute file."""
    return load_document(path, input_format)[0]


def load_document(path: str | Path, input_format: str | None = None) -> tuple[Document, bytes]:
    """Read and segment one statute file; also the bytes it was read from (read once: a scan's worker
    hashes exactly what it checked)."""
    source = read_source(path, input_format)
    return document_of(source), source.data


def read_source(path: str | Path, input_format: str | None = None) -> Source:
    """The one way a statute file is read (``check``, a scan's parent and its workers): the file's
    status, the size limits, a bounded read and the format; every problem one InputError line."""
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
    except ValueError as exc:  # an embedded NUL byte
        raise InputError(f"not a valid file name ({exc})", path=str(p)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a statute file", path=str(p))
    if not stat.S_ISREG(st.st_mode):
        # Sniffing or reading a FIFO or device would block or never end: only regular files.
        raise InputError("not a regular file (a pipe, socket or device)", path=str(p))

    note_input(p, st)  # no output of this run may replace it
    max_bytes = limit("MODELLAW_MAX_BYTES", MAX_BYTES)
    if st.st_size > max_bytes:
        raise InputError(f"file is {_size(st.st_size)}, over the {_size(max_bytes)} limit "
                         "(split it, or raise MODELLAW_MAX_BYTES)", path=str(p))
    if input_format:
        detect_format(p, input_format)  # an unknown format fails before the file is read
    max_chars = limit("MODELLAW_MAX_CHARS", MAX_CHARS)
    split = "split it into parts, e.g. one file per Part or Chapter, or raise MODELLAW_MAX_CHARS"
    if st.st_size > 4 * max_chars and detect_format(p, input_format) in ("text", "markdown"):
        # No text encoding takes more than 4 bytes a character, so this file is over the limit for
        # sure: refuse it before reading (reading and normalising 50 MB alone takes seconds).
        raise InputError(f"file is {_size(st.st_size)}, more than the {max_chars:,}-character limit for "
                         f"one document ({split})", path=str(p))
    data = read_regular(p, max_bytes, st=st)
    fmt = detect_format(p, input_format, data=data)
    return Source(p, data, fmt)


def document_of(source: Source) -> Document:
    """The Document of a statute file read by ``read_source``: its format's reader, then segmenting."""
    # segmenting (~30 ms to import): never on a scan parent's path
    from modellaw_check.segment import find_definitions, segment

    p, data, fmt = source.path, source.data, source.format
    max_chars = limit("MODELLAW_MAX_CHARS", MAX_CHARS)
    split = "split it into parts, e.g. one file per Part or Chapter, or raise MODELLAW_MAX_CHARS"
    token = SUPPLIED.set((str(p), data))
    try:
        doc = READERS[fmt](p)
    finally:
        SUPPLIED.reset(token)
    doc.format = fmt
    doc.path = display_path(p)  # undecodable bytes or control characters in the name, escaped
    if not doc.text.strip():
        raise InputError("file contains no text", path=str(p))
    if len(doc.text) > max_chars:
        raise InputError(f"{len(doc.text):,} characters, over the {max_chars:,} limit for one document "
                         f"({split})", path=str(p))
    if doc.sections:
        # The reader took the sections from the source's own structure (Akoma Ntoso).
        doc.definitions = find_definitions(doc)
    else:
        segment(doc)
    return doc


@dataclass
class Source:
    """A statute file as read, once and within the limits: its bytes, its format and, for the plain-text
    formats, its decoded text (``text``; None for the structured formats, whose readers build it)."""

    path: Path
    data: bytes
    format: str

    @cached_property
    def text(self) -> str | None:
        return decode(self.data, str(self.path)) if self.format in TEXT_FORMATS else None


TEXT_FORMATS = ("text", "markdown")  # formats whose bytes are the text
