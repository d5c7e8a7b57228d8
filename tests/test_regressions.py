"""Inputs that once broke (hung, crashed or took quadratic time), kept as explicit examples.

Add every failing input bench/fuzz prints here (see docs/robustness.md), with the date and the bug.
The invariants are those of the property tests.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from test_properties import assert_read_total, assert_report_invariants, assert_segment_invariants

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.read import read_document
from modellaw_check.segment import segment

# Numbering junk and edge cases; each went through segment and the full check without error when
# fuzzed, and stays here so a change to the segmenter that breaks them fails by name.
EXAMPLES = [
    "",
    "((((",
    "(" * 5000,
    ")" * 5000,
    "1.1.1.1.",
    "1." * 3000,
    "§§§",
    "§ ",
    "§ 1",
    "Section",
    "Section 1.",
    "PART",
    "PART I\nPART II\nPART III",
    '"' * 1000 + " means",
    '"" means',
    '"computer" means "data" means "system" means',
    "\r\r\r",
    "\u2028\u2029\u0085",
    "\ufeff\u200b\u00a0",
    "(1)(a)(i)(A)" * 200,  # deeply nested numbering on one line
    "\n".join(f"{'  ' * k}({m})" for k, m in enumerate(["1", "a", "i", "A", "I", "aa", "1A"] * 30)),
    "Section 1. (a) (b) (c) (i) (ii) (v) (x) (l) (c) (d)",
    "1.\n(1)\n(a)\n(i)\n(A)\n(I)\n(1)\n(a)",
    "Art. 5 bis Art. 5 ter Article 6 quater",
    "342.1 Heading\n## 342.2 Heading\n**342.3**",
    "Section 1. A person who intentionally accesses a computer system without authority commits an "
    "offence." * 50,  # one long line of matchable text
    "e\u0301" * 2000,  # combining marks: NFC changes the length
    "\U0001f600 (a) \U0001f600 accesses a computer system",
]


@pytest.mark.parametrize("raw", EXAMPLES, ids=range(len(EXAMPLES)))
def test_segment_edge_cases(raw: str) -> None:
    assert_segment_invariants(raw)


@pytest.mark.parametrize("raw", EXAMPLES, ids=range(len(EXAMPLES)))
def test_check_edge_cases(checker, raw: str) -> None:
    assert_report_invariants(checker, raw)


def test_deep_numbering_nests_one_level_per_marker_type() -> None:
    doc = segment(Document(path="x", text="Section 1. " + "(1) x: (a) x: (i) x: (A) x; " * 3))
    depth = max(s.level for s in doc.sections)
    assert depth == 5  # section, (1), (a), (i), (A): a repeated cycle reuses its levels


def test_fifo_is_refused_not_read(tmp_path: Path) -> None:
    """2026-11: sniffing the format opened a FIFO for reading, which blocks until a writer comes."""
    fifo = tmp_path / "act.txt"
    os.mkfifo(fifo)
    result: list[BaseException | None] = []

    def run() -> None:
        try:
            read_document(fifo)
            result.append(None)
        except BaseException as exc:  # noqa: BLE001 - recorded and asserted below
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a daemon, so a regression cannot hang pytest
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "read_document blocked on a FIFO"
    assert isinstance(result[0], InputError) and "not a regular file" in str(result[0])


def test_path_under_a_file(tmp_path: Path) -> None:
    """2026-11: 'act.txt/x.txt' said only 'no such file'; now says why."""
    (tmp_path / "act.txt").write_text("Section 1.", encoding="utf-8")
    with pytest.raises(InputError, match="part of the path is a file"):
        read_document(tmp_path / "act.txt" / "x.txt")


@pytest.mark.parametrize("head", [b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><p>", b""])
def test_truncated_structured_files(tmp_path: Path, head: bytes) -> None:
    assert_read_total(tmp_path, head, b"\x00\xff" * 10, ".pdf")


# -- time: inputs that made the segmenter quadratic ------------------------------------------------------
# Bounds are ~10x the fixed time on a loaded 2-core machine, and several times below the old time.


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    assert_segment_invariants(text)
    return time.perf_counter() - t0


def test_many_sections_with_inline_markers_are_linear() -> None:
    """2026-11: each inline "(a)" scanned every line event: 16 s for 240 kB (now ~0.6 s)."""
    text = "".join(f"Section {i}. x; (a) y; (b) z\n" for i in range(1, 8001))
    assert _timed(text) < 6


def test_many_defined_terms_in_many_sections_are_linear() -> None:
    """2026-11: each definition scanned every section (Document.section_at): 5 s for 400 kB (now ~0.3 s)."""
    text = "".join(f'Section {i}.\n"term{i}" means a computer system;\n' for i in range(1, 16001))
    assert _timed(text) < 6


def test_one_long_line_is_checked_in_linear_time(checker) -> None:
    """2026-11: on one huge line (one unit), every defined-term use was compared with every element
    hit: 600 kB took ~19 s and 5 MB over 15 minutes (now ~3 s and ~25 s)."""
    corpus = sorted((Path(__file__).parent.parent / "corpora").glob("*.txt"))
    line = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in corpus)
    text = (line * (600_000 // len(line) + 1))[:600_000]
    t0 = time.perf_counter()
    report = checker.check_text(text)
    assert time.perf_counter() - t0 < 10
    assert report.statute.lines == 1 and report.summary.implemented > 0
