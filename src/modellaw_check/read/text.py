"""Plain-text and Markdown statutes: decode, reject binary, normalise typography."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError

# One-for-one replacements only, so offsets and line numbers still match the source file.
_TYPOGRAPHY_MAP = {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
        "\t": " ",
}


# Invisible characters that split a word for the matcher but not for a reader ("unauth\u00adorised"):
# soft hyphen, zero-width space/non-joiner/joiner, word joiner, bidirectional embeddings, overrides
# and isolates, and a byte-order mark inside the text. They are deleted, not replaced: this is the one
# normalisation that is not one-for-one, so columns on a line that held one are counted in the
# normalised text (which every report quotes and points into); lines never move (no line break is
# deleted).
_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\u202a", "\u202b", "\u202c", "\u202d",
              "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff")


def normalise(text: str) -> str:
    """Typography normalisation applied to every reader's output."""
    if "\r" in text:  # a two-character replace scans ~100x slower than this one-character test
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # NFC is the identity and the tab the only replacement that applies
        return text.replace("\t", " ")
    for char in _INVISIBLE:  # before NFC: a deleted joiner may leave characters to compose
        if char in text:
            text = text.replace(char, "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # One str.replace per character present: far faster than str.translate with a dict or a regex
    # calling back per match (typographic quotes are everywhere; figures in docs/performance.md).
    for char, plain in _TYPOGRAPHY_MAP.items():
        if char in text:
            text = text.replace(char, plain)
    return text


# Every byte except the control characters that do not occur in text (all below 32 but tab, line
# feed, vertical tab, form feed, carriage return): deleting these leaves only the suspicious ones.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = len(head.translate(None, _NOT_CONTROL))  # C speed, not a Python loop per byte
    return len(head) > 0 and ctrl / len(head) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" if the bytes look like mostly-ASCII UTF-16 saved without a BOM."""
    head = data[:8192]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _legacy(data: bytes) -> str | None:
    """Decode a legacy 8-bit (or other non-UTF-8) text with charset-normalizer.

    charset-normalizer often ranks cp1250 first for Western text, because both fit equally well
    ("naïve" becomes "naďve"); among equally good candidates prefer Windows-1252, the code page
    nearly every legacy English-language statute was saved in.
    """
    from charset_normalizer import from_bytes  # only for text that is not UTF-8

    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    for match in results:
        if match.chaos > best.chaos + 0.01:
            break
        if "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)


def decode(data: bytes, path: str) -> str:
    """Decode bytes: BOMs first, then BOM-less UTF-16, UTF-8, then a detected legacy encoding."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                name = enc.upper().removesuffix("-SIG")
                raise InputError(f"undecodable text: starts with a {name} byte-order mark but is not "
                                 f"valid {name}", path=path) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: judged as binary below
    if _looks_binary(data):
        raise InputError("binary file, not a text statute (use a supported format)", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _legacy(data)
    if text is None:
        raise InputError("cannot decode the text (not UTF-8 and no known encoding fits)", path=path)
    return text


def read_text_file(path: Path) -> Document:
    from modellaw_check.read.common import read_bytes  # read.common imports this module (a cycle)

    data = read_bytes(path)
    text = normalise(decode(data, str(path)))
    return Document(path=str(path), text=text, format="text")
