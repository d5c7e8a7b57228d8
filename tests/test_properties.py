"""Property-based tests: whatever the text, reading, segmenting and checking never raise, every
offset lies inside the text, and every evidence quote is exactly the source slice it claims to be.

The strategies and invariant checks here are also what ``bench/fuzz`` runs for many more examples;
keep them importable (no fixtures in the ``assert_*`` helpers).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.read.text import _TYPOGRAPHY_MAP, decode, normalise
from modellaw_check.segment import segment

# Pieces of statute-like text: numbering of every style, junk that looks like numbering, legal words
# the rule pack looks for, and the typography and whitespace the normaliser rewrites.
PIECES = [
    "Section 1.", "Section 12A", "SECTION 3.", "Sec. 4", "Art. 5", "Article 6 bis", "§ 1030", "§§§", "§",
    "PART I", "Part 2", "CHAPTER IV", "Title 18", "1.", "2.-(1)", "3.1.2", "1.1.1.1.", "342.1 Heading",
    "(1)", "(2)", "(a)", "(b)", "(i)", "(ii)", "(iv)", "(v)", "(x)", "(A)", "(B)", "(I)", "(aa)", "(1A)",
    "a)", "((((", "))))", "(", ")", "( a )", "(1.5)", "# ", "## ", "**", "***", "_", "> ", "- ", "* ",
    '"computer system" means', '"data" includes', "the term \"access\" means", "**computer** means",
    "A person who", "intentionally", "knowingly", "without authority", "without right", "unlawfully",
    "accesses", "access to", "a computer system", "computer data", "any program or data held in",
    "commits an offence", "shall be liable on conviction to a fine", "interferes with", "intercepts",
    "; or", "; and", ", or", ":", ";", ".", ",", "-", "\u2014", "\u201c", "\u201d", "\u2019", "\u00a0",
    "\t", "\r\n", "\r", "\n", "\n\n", " ", "  ", "\ufeff", "\u200b", "e\u0301", "\u0130", "ß", "ﬁ",
    "\U0001f600", "\x00", "\x0c", "\u2028", "\u2029", "\u0085",
]

soup = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=300).map(" ".join)
glued = st.lists(st.sampled_from(PIECES), max_size=300).map("".join)  # no spaces: "(a)(i)((((1.1."
unicode_text = st.text(max_size=3000)
prose = st.lists(st.sampled_from([p for p in PIECES if p[0].isalpha() and not p[0].isupper()]),
                 max_size=400).map(" ".join)  # no numbering at all
long_line = st.tuples(st.sampled_from(PIECES) | st.text(min_size=1, max_size=40),
                      st.integers(1, 4000)).map(lambda t: (t[0].replace("\n", " ") + " ") * t[1])
MARKER_STYLES = ["({n})", "({a})", "({r})", "({A})", "({R})", "{n}.", "({a}{a})"]
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def _marker(style: str, k: int) -> str:
    return style.format(n=k + 1, a="abcdefghij"[k % 10], r=_ROMANS[k % 10], A="ABCDEFGHIJ"[k % 10],
                        R=_ROMANS[k % 10].upper())


nested = st.tuples(
    st.lists(st.tuples(st.sampled_from(MARKER_STYLES), st.integers(0, 9)), min_size=1, max_size=80),
    st.sampled_from(["", " ", "\n", " text ", "; or\n", ": "]),
    st.booleans(),
).map(lambda t: ("Section 1. Offences.\n" if t[2] else "")
      + "".join(_marker(s, k) + t[1] + "a person who accesses a computer system" + t[1] for s, k in t[0]))

# Real statutes, cut and mutated: windows of the corpus with pieces inserted and spans deleted, so
# the generated text walks the same segmenter and matcher paths real statutes do.
_CORPUS = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "corpora").glob("*.txt"))]


@st.composite
def corpus_mutant(draw: st.DrawFn) -> str:
    source = draw(st.sampled_from(_CORPUS))
    start = draw(st.integers(0, max(0, len(source) - 1)))
    text = source[start:start + draw(st.integers(0, 6000))]
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES) | st.text(max_size=6)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 200)):]
    return text


statute_text = st.one_of(soup, glued, unicode_text, prose, long_line, nested, corpus_mutant())


# -- invariants (used by the tests below and by bench/fuzz) ------------------------------------------


def assert_segment_invariants(raw: str) -> Document:
    text = normalise(raw)
    doc = segment(Document(path="<prop>", text=text))
    n = len(text)
    for i, sec in enumerate(doc.sections):
        assert 0 <= sec.start <= sec.body_start <= sec.end <= n, (i, sec)
        if i:
            assert doc.sections[i - 1].start <= sec.start, "sections out of document order"
        for c in sec.children:
            child = doc.sections[c]
            assert child.parent == i, (i, c)
            assert sec.start <= child.start and child.end <= sec.end, ("child outside parent", sec, child)
            assert child.level > sec.level
        if sec.parent is not None:
            assert i in doc.sections[sec.parent].children
    for d in doc.definitions:
        assert 0 <= d.start <= d.body_start <= d.end <= n, d
        assert d.term and d.term == " ".join(d.term.split())
    return doc


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def assert_report_invariants(checker, raw: str) -> None:
    text = normalise(raw)
    report = checker.check_text(raw)
    assert report.statute.characters == len(text)
    assert len(report.provisions) == len(checker.pack.rules)
    for p in report.provisions:
        assert 0.0 <= p.score <= 1.0
        for el in p.elements:
            for ev in el.evidence:
                assert 0 <= ev.start <= ev.end <= len(text), ev
                assert ev.quote == text[ev.start:ev.end], ev
                assert (ev.line, ev.column) == _line_col(text, ev.start), ev
                last = max(ev.end - 1, ev.start)
                end_line, end_col = _line_col(text, last)
                assert (ev.end_line, ev.end_column) == (end_line, end_col + 1), ev


def assert_decode_total(data: bytes) -> None:
    """decode() returns text or raises InputError with a one-line message; nothing else."""
    try:
        text = decode(data, "<bytes>")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("<bytes>: ")
        return
    assert isinstance(text, str)
    normalise(text)


# File heads that send the bytes to each reader (PDF, Word zip, OLE, HTML, Akoma Ntoso, text).
FILE_HEADS = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><body><p>",
              b"<!DOCTYPE html>\n", b"<?xml version='1.0'?><akomaNtoso xmlns="
              b"'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><act><body><section eId='sec_1'>"]
file_body = st.one_of(st.binary(max_size=3000), statute_text.map(lambda s: s.encode("utf-8", "surrogatepass")))
file_ext = st.sampled_from([".txt", ".md", ".html", ".xml", ".pdf", ".docx", ""])


def assert_read_total(folder: Path, head: bytes, body: bytes, ext: str) -> None:
    """read_document on any file gives a Document whose sections lie in its text, or an InputError."""
    from modellaw_check.read import read_document

    path = folder / f"statute{ext}"
    path.write_bytes(head + body)
    try:
        doc = read_document(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
        return
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.body_start <= sec.end <= len(doc.text), sec


# -- the tests: modest example counts so the suite stays fast ----------------------------------------

PROPS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])


@PROPS
@given(statute_text)
def test_segment_offsets_are_inside_and_nested(raw: str) -> None:
    assert_segment_invariants(raw)


@PROPS
@given(nested)
def test_deep_numbering_nests_without_error(raw: str) -> None:
    doc = assert_segment_invariants(raw)
    if raw.startswith("Section 1."):
        assert doc.sections and doc.sections[0].id == "1"


@PROPS
@given(raw=statute_text)
def test_check_text_evidence_is_the_source_slice(checker, raw: str) -> None:
    assert_report_invariants(checker, raw)


@PROPS
@given(st.one_of(st.binary(max_size=4000),
                 st.tuples(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                            codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]),
                           st.binary(max_size=400)).map(b"".join),
                 st.text(max_size=500).map(lambda s: s.encode("utf-16-le")),
                 st.text(max_size=500).map(lambda s: s.encode("cp1252", errors="ignore"))))
def test_decode_gives_text_or_input_error(data: bytes) -> None:
    assert_decode_total(data)


@PROPS
@given(head=st.sampled_from(FILE_HEADS), body=file_body, ext=file_ext)
def test_read_document_gives_document_or_input_error(tmp_path_factory: pytest.TempPathFactory, head: bytes,
                                                      body: bytes, ext: str) -> None:
    assert_read_total(tmp_path_factory.mktemp("read"), head, body, ext)


def test_report_invariants_see_real_evidence(checker) -> None:
    """The report property is not vacuous: typography, CRLF and tabs before the evidence included."""
    raw = ("\ufeffPART I\r\n\u201cSection\u201d 1.\tA person who intentionally accesses a computer system "
           "without authority commits an offence.\r\n")
    report = checker.check_text(raw)
    evidence = [ev for p in report.provisions for el in p.elements for ev in el.evidence]
    assert len(evidence) >= 3
    assert any(ev.line == 2 for ev in evidence)
    assert_report_invariants(checker, raw)


def _first_line_reference(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" #*_")
        if line:
            return line[:200]
    return ""


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 5000), st.text(alphabet=" #*_\n\r\t\x0b\x0c\x1c\x85\u2028ab", max_size=40),
       st.text(alphabet="ab \n#", max_size=300))
def test_first_line_reads_only_the_head_yet_agrees_with_splitting_everything(pad, middle, tail):
    from modellaw_check.document import first_line

    text = " " * pad + middle + tail  # the title may start before, across or after the 4 kB head
    assert first_line(text) == _first_line_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=9000))
def test_binary_sniffing_counts_control_bytes_exactly(data):
    from modellaw_check.read.text import _looks_binary

    head = data[:8192]
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    expected = b"\x00" in head or (len(head) > 0 and ctrl / len(head) > 0.05)
    assert _looks_binary(data) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, *_TYPOGRAPHY_MAP, "\u00ad", "\u200d", "\u202e"]),
                max_size=80).map("".join))
def test_normalise_replaces_typography_one_for_one(text):
    """The chained replacements equal the character-class substitution they replaced (after the
    invisible characters are deleted)."""
    import re
    import unicodedata

    from modellaw_check.read.text import _INVISIBLE

    want = text.replace("\r\n", "\n").replace("\r", "\n")
    want = re.sub("[" + "".join(_INVISIBLE) + "]", "", want)
    want = unicodedata.normalize("NFC", want)
    want = re.sub("[" + "".join(_TYPOGRAPHY_MAP) + "]", lambda m: _TYPOGRAPHY_MAP[m.group()], want)
    assert normalise(text) == want
