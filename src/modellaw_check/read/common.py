"""Helpers shared by the structured-format readers: bounded file reading and line building."""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.guard import MAX_CHARS, limit
from modellaw_check.read.text import normalise

_SPACES = re.compile(r"[ \t]{2,}")


# The bytes ``read.read_document`` has read (once, bounded) for the file being read: a reader asking
# for that file's bytes gets exactly these, so what is checked is what was hashed (a scan's cache key).
SUPPLIED: ContextVar[tuple[str, bytes] | None] = ContextVar("supplied_bytes", default=None)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with I/O failures as one-line InputErrors."""
    supplied = SUPPLIED.get()
    if supplied is not None and supplied[0] == str(path):
        return supplied[1]
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None


def markup_limit() -> int:
    """How much markup a structured file may hold (``markup_weight``): as many items as characters a
    document may hold. Parsed, an element costs ~130 bytes and an attribute ~250, so 60 MB of ``<i/>``
    or of attributes took 1-2.5 GB; at this bound the worst case stays under 0.8 GB. A limit lowered
    for short texts does not lower it."""
    return max(MAX_CHARS, limit("MODELLAW_MAX_CHARS", MAX_CHARS))


def markup_weight(data: bytes) -> int:
    """Elements ("<") plus twice the attributes ("="): what parsing the bytes will cost, counted at C
    speed before any parser builds a tree."""
    return data.count(b"<") + 2 * data.count(b"=")


def too_much_markup(path: Path, max_items: int) -> InputError:
    return InputError(f"more markup than {max_items:,} elements (an attribute counts as two), one per "
                      "character a document may hold (millions of empty elements? or raise MODELLAW_MAX_CHARS)",
                      path=str(path))


def check_markup(data: bytes, path: Path) -> None:
    """Refuse a file whose markup would take more than ~0.8 GB to parse."""
    max_items = markup_limit()
    if markup_weight(data) > max_items:
        raise too_much_markup(path, max_items)


def squeeze(text: str) -> str:
    """Collapse runs of spaces (layout artefacts) and trim the ends."""
    return _SPACES.sub(" ", text).strip()


class LineBuilder:
    """Collects the lines a reader produces, each with its location in the source.

    Every line goes through ``normalise`` before it is stored, so the joined text is already
    normalised and its line numbers are exactly the keys of ``line_locations``.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locations: list[str | None] = []
        self.offset = 0  # character offset at which the next added line will start

    def add(self, text: str, location: str | None = None) -> None:
        for piece in normalise(text).split("\n"):
            piece = piece.rstrip()
            self.lines.append(piece)
            self.locations.append(location)
            self.offset += len(piece) + 1

    def blank(self) -> None:
        """A paragraph gap; consecutive gaps collapse into one."""
        if self.lines and self.lines[-1]:
            self.lines.append("")
            self.locations.append(None)
            self.offset += 1

    def text(self) -> str:
        return "\n".join(self.lines)

    def document(self, path: Path, fmt: str, title: str = "") -> Document:
        text = self.text()
        doc = Document(path=str(path), text=normalise(text), format=fmt, title=title)
        doc.line_locations = {i + 1: loc for i, loc in enumerate(self.locations) if loc and self.lines[i]}
        return doc
