"""Plain-text and Markdown statutes: decode, reject binary, normalise typography."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError

# One-for-one replacements only, so offsets and line numbers still match the source file.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
        "\u200b": " ", "\ufeff": " ", "\t": " ",
    }
)


def normalise(text: str) -> str:
    """Typography normalisation applied to every reader's output."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_TYPOGRAPHY)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and ctrl / len(head) > 0.05


def decode(data: bytes, path: str) -> str:
    """Decode bytes: BOMs first, then UTF-8, then a detected legacy encoding."""
    for bom, enc, name in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                           (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(f"undecodable text: starts with a {name} byte-order mark but is not "
                                 f"valid {name}", path=path) from None
    if _looks_binary(data):
        raise InputError("binary file, not a text statute (use a supported format)", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot decode the text (not UTF-8 and no known encoding fits)", path=path)
    return str(best)


def read_text_file(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    text = normalise(decode(data, str(path)))
    return Document(path=str(path), text=text, format="text")
