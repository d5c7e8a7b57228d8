"""PDF statutes (pypdf): text per page, running headers/footers dropped, paragraphs rejoined.

A PDF has no paragraphs, only positioned lines. The matcher needs running prose (a phrase broken
over two lines would not match, and a wrapped line that starts with "(2)" would look like a new
subsection), so the reader rebuilds paragraphs from the page layout:

* pypdf's layout mode keeps vertical gaps as blank lines: a gap ends a paragraph;
* a line ends its paragraph when the next line's first word would still have fitted on it (the
  classic "short line" test, with a tolerance: layout columns only approximate the font);
* a new unit starts when the next line starts with a section number ("12.", "PART 3", "Section 4")
  unless this line ends with a referring word ("under section" / "12."), or with "(2)"-style
  markers when this line ends a sentence;
* a word hyphenated at the end of a line is rejoined with the start of the next.

Lines repeated at the top or bottom of most pages (running headers, footers) and bare page numbers
are dropped. Each resulting line records its page ("page 4", or "pages 4-5" for a paragraph that
runs over a page break) in ``Document.line_locations``.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.guard import MAX_BYTES, limit, size_text
from modellaw_check.read.common import LineBuilder, read_bytes, squeeze

MAX_PAGES = 2000
_EDGE_LINES = 3  # lines at the top and bottom of a page that may be running headers/footers
_FULL_LINE = 0.85  # share of the text width from which a line counts as filled (wrapped)
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.)?\s*[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-\u2013\u2014]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_MARKER_START = re.compile(r"\(\w{1,4}\)")
_SECTION_START = re.compile(r"(?:\d{1,4}[A-Z]{0,2}\.(?=\s|$)|"
                            r"(?:PART|Part|CHAPTER|Chapter)\s+(?:[IVXLC]+|\d+)\b|"
                            r"(?:Section|SECTION|Article|ARTICLE|\u00a7)\s*\d)")
# Words after which "Part 3", "section 12." or "(2)" on the next line is a cross-reference.
_REFERRING = {"section", "sections", "subsection", "subsections", "paragraph", "paragraphs", "article",
              "articles", "part", "parts", "chapter", "chapters", "schedule", "clause", "rule", "regulation",
              "s.", "ss.", "and", "or", "nor", "to", "of", "under", "in", "by", "with", "see", "this", "that",
              "the", "from", "than", "per", "at", "no."}
_HYPHENATED = re.compile(r"[^\W\d_]-$")


def read_pdf(path: Path) -> Document:
    pages, title = _extract_pages(path)
    pages = drop_running_lines(pages)
    builder = LineBuilder()
    for text, first, last in reflow(pages):
        builder.add(text, f"page {first}" if first == last else f"pages {first}-{last}")
    if not builder.text().strip():
        raise InputError("the PDF has no extractable text (a scanned image?); run OCR on it first",
                         path=str(path))
    return builder.document(path, "pdf", title=title)


def _extract_pages(path: Path) -> tuple[list[list[str]], str]:
    """Each page's lines (layout mode), and the document title from the PDF metadata if any."""
    from pypdf import PdfReader  # pypdf: only for a PDF
    from pypdf.errors import DependencyError, FileNotDecryptedError

    data = read_bytes(path)
    head = data[:1024]
    if b"%PDF-" not in head:
        raise InputError("not a PDF file (no %PDF- header)", path=str(path))
    if b"%%EOF" not in data[-2048:]:
        raise InputError("truncated PDF (no end-of-file marker); download it again", path=str(path))
    # pypdf reports recoverable damage through logging and warnings; the user gets our one line.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted and not reader.decrypt(""):
                    raise InputError("the PDF is encrypted with a password; save an unencrypted copy first",
                                     path=str(path))
                count = len(reader.pages)
            except (DependencyError, FileNotDecryptedError) as exc:
                raise InputError(f"encrypted PDF that cannot be opened: {exc}", path=str(path)) from None
            except InputError:
                raise
            except Exception as exc:  # pypdf raises many types for damaged files
                raise InputError(f"not a readable PDF ({type(exc).__name__}: {_short(exc)})",
                                 path=str(path)) from None
            if count > MAX_PAGES:
                raise InputError(f"the PDF has {count} pages; the limit is {MAX_PAGES}", path=str(path))
            _check_content(reader, count, path)
            return [_page_lines(reader, i, path) for i in range(count)], _title(reader)
    finally:
        logger.setLevel(level)


def _content_streams(page) -> list:
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is None:
        return []
    if isinstance(contents, list):  # an array of streams
        return [c.get_object() for c in contents]
    return [contents]


def _check_content(reader, count: int, path: Path) -> None:
    """Refuse a PDF whose pages draw more content than a file may hold (``MODELLAW_MAX_BYTES``),
    before extracting any text. Pages may share one content stream: a 37 kB file whose ten pages all
    draw the same 4 MB stream took 100 s (text extraction runs at ~0.4 MB/s), so a stream counts once
    per page that draws it, and each is inflated once (pypdf bounds one stream at 75 MB)."""
    max_bytes = limit("MODELLAW_MAX_BYTES", MAX_BYTES)
    sizes: dict[int, int] = {}
    total = 0
    for index in range(count):
        try:
            streams = _content_streams(reader.pages[index])
        except Exception:  # a damaged page: its extraction says so
            continue
        for stream in streams:
            key = id(stream)
            if key not in sizes:
                try:
                    sizes[key] = len(stream.get_data())
                except Exception:
                    sizes[key] = 0
            total += sizes[key]
            if total > max_bytes:
                raise InputError(f"the PDF's pages draw more than {size_text(max_bytes)} of content (pages "
                                 f"sharing one stream count it each time; raise MODELLAW_MAX_BYTES)", path=str(path))


def _page_lines(reader, index: int, path: Path) -> list[str]:
    page = reader.pages[index]
    try:
        text = page.extract_text(extraction_mode="layout")
    except Exception:
        try:  # layout mode is stricter about fonts; plain mode still gets the words
            text = page.extract_text()
        except Exception as exc:
            raise InputError(f"cannot extract the text of page {index + 1} ({type(exc).__name__}: "
                             f"{_short(exc)})", path=str(path)) from None
    return [line.rstrip() for line in (text or "").replace("\r", "\n").split("\n")]


def _title(reader) -> str:
    try:
        meta = reader.metadata
        return " ".join(str(meta.title or "").split())[:200] if meta else ""
    except Exception:  # metadata is optional and often damaged; the first line will do
        return ""


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or "no detail"


def _edge_indices(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Blank out running headers/footers (same text, bar numbers, on most pages) and page numbers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(lines[i]) for i in _edge_indices(lines)})
    threshold = max(3, 0.4 * len(pages))
    running = {k for k, n in counts.items() if n >= threshold}
    out = []
    for lines in pages:
        lines = list(lines)
        for i in _edge_indices(lines):
            if _key(lines[i]) in running or _PAGE_NUMBER.fullmatch(lines[i].strip()):
                lines[i] = ""
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        out.append(lines)
    return out


def _measure(pages: list[list[str]]) -> int:
    """The text width in layout columns: what a full (wrapped) line reaches."""
    edges = sorted(len(line) for lines in pages for line in lines if line.strip())
    if not edges:
        return 0
    return edges[min(len(edges) - 1, int(len(edges) * 0.95))]


def _continues(prev: str, nxt: str, width: int) -> bool:
    """Is ``nxt`` the continuation of the paragraph whose last line is ``prev``?"""
    stripped = nxt.strip()
    if _HYPHENATED.search(prev) and stripped[:1].islower():
        return True
    ends_sentence = prev.rstrip().endswith((".", ";", ":"))
    if ends_sentence and (_MARKER_START.match(stripped) or _SECTION_START.match(stripped)):
        return False
    last_word = prev.split()[-1].lower().strip(",") if prev.split() else ""
    if _SECTION_START.match(stripped) and last_word not in _REFERRING:
        return False  # "... or both. [9" then "12. -(1) Any person": a new section, whatever the width
    first_word = stripped.split()[0]
    # If the next word would have fitted on this line, the line ended by choice: a paragraph end.
    # Layout columns only approximate a proportional font, hence the generous tolerance.
    return len(prev) + 1 + len(first_word) >= _FULL_LINE * width


def reflow(pages: list[list[str]]) -> list[tuple[str, int, int]]:
    """Paragraphs as (text, first page, last page), pages 1-based."""
    width = _measure(pages)
    paras: list[tuple[str, int, int]] = []
    cur: list[str] = []
    cur_first = cur_last = 0
    prev_raw = ""

    def close() -> None:
        nonlocal cur
        if cur:
            paras.append(("".join(cur), cur_first, cur_last))
        cur = []

    for page_no, lines in enumerate(pages, start=1):
        for raw in lines:
            if not raw.strip():
                close()
                continue
            text = squeeze(raw)
            if cur and _continues(prev_raw, raw, width):
                if _HYPHENATED.search(cur[-1]) and text[:1].islower():
                    cur[-1] = cur[-1][:-1]
                else:
                    cur.append(" ")
                cur.append(text)
                cur_last = page_no
            else:
                close()
                cur, cur_first, cur_last = [text], page_no, page_no
            prev_raw = raw
    close()
    return paras
