"""Segmentation of the numbering styles real statutes use."""

from modellaw_check.document import Document
from modellaw_check.read.text import normalise
from modellaw_check.segment import segment


def ids(text: str) -> list[str]:
    return [s.id for s in segment(Document(path="t", text=normalise(text))).sections]


def test_commonwealth_inline_subsections():
    got = ids("3.—(1) Any person who knowingly accesses a computer. "
              "(2) A person guilty of an offence; (a) fine; or (b) jail.")
    assert got[:3] == ["3", "3(1)", "3(2)"]
    assert "3(2)(a)" in got and "3(2)(b)" in got


def test_us_style_nesting():
    text = "§ 1030. Fraud\n\n(a) Whoever—(1) does x;\n\n(2) does y—(A) one; or (B) two;\n\n(b) Other.\n"
    assert ids(text) == ["1030", "1030(a)", "1030(a)(1)", "1030(a)(2)", "1030(a)(2)(A)", "1030(a)(2)(B)",
                         "1030(b)"]


def test_parts_articles_and_markdown_headings():
    text = "PART II\n\nArticle 5 – System interference\n\n1. Each Party shall adopt.\n\n### 342.1 Unauthorized use\n"
    got = ids(text)
    assert got[0] == "Part II" and "5" in got and "342.1" in got


def test_table_of_contents_is_not_a_second_copy():
    text = ("1. Short title.\n2. Interpretation.\n3. Offence.\n\n"
            "1. This Act may be cited as the Test Act, a long title here for the body text.\n\n"
            "2. In this Act words have meanings given, as set out in this section at some length.\n")
    tops = [i for i in ids(text) if "(" not in i]
    assert tops.count("1") == 1 and tops.count("2") == 1


def test_definitions_found_with_spans():
    text = '2. In this Act— “computer” means a device; “data” includes programs;'
    doc = segment(Document(path="t", text=normalise(text)))
    terms = [d.term for d in doc.definitions]
    assert terms == ["computer", "data"]
    assert doc.text[doc.definitions[0].body_start:doc.definitions[0].end].strip().startswith("a device")


def test_letter_items_without_parentheses():
    text = ("Article 7\nWhoever, without right,\na. accesses a computer system; or\nb) intercepts data,\n"
            "shall be punished.\n")
    got = ids(text)
    assert "7(a)" in got and "7(b)" in got


def test_one_short_section_repeated_later_is_not_a_table_of_contents():
    """Found by hypothesis: a lone short "Section 1." followed later by "1." was dropped as a TOC."""
    text = "Section 1. Offences.\n2.\na person who accesses\n1.\na person who accesses\n"
    assert ids(text)[0] == "1"


# The one-regex forms the literal-first scanners in segment.py replaced (they tried every position).
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from modellaw_check.segment import list_definitions, quoted_definitions  # noqa: E402

_QUOTED_REFERENCE = re.compile(
    r"(?:the[ \t]+term[ \t]+)?\"([^\"\n]{1,80}?)\"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?,?[ \t]*"
    r"(?:(?:,[^,\n]{0,60},|in relation to [^,\n]{0,60},)[ \t]*)?"
    r"(?:means|includes|include|refers? to|shall mean|shall include|has the (?:same )?meaning|"
    r"is defined)\b")
_LIST_REFERENCE = re.compile(
    r"(?m)(?:^|(?<=[;:.]\s))[ \t]*\([a-z0-9]{1,4}\)[ \t]+(?:the[ \t]+term[ \t]+)?"
    r"([A-Z][A-Za-z\-]*(?:[ \t]+[a-z][A-Za-z\-]*){0,5})[ \t]+(?:refers? to|means|shall mean|is defined as)\b")


def _reference(text: str) -> tuple[list, list]:
    return ([(m.start(), m.end(), m.group(1)) for m in _QUOTED_REFERENCE.finditer(text)],
            [(m.start(1), m.end(), m.group(1)) for m in _LIST_REFERENCE.finditer(text)])


_PIECES = st.sampled_from(['"', '"Computer"', " ", "  ", "\t", "\n", ";", ":", ".", "the", "term", "bathe",
                           "(a)", "(1)", "(", ")", "Access", "data", "means", "refers to", "is defined as",
                           "includes", ",", "x", "Term"])


_BLANKS = st.sampled_from(["", " ", "  ", "\t", " \t"])
_GAP = st.sampled_from([" ", "  ", "\t"])
_LEAD_IN = st.sampled_from(["", "the term ", "the\tterm\t", "term ", "the  term ", "the term", "theterm ",
                            "bathe term "])
# Entries that match but for what stands before them (and the lead-in), and near-misses.
_LIST_ITEMS = st.tuples(st.sampled_from(["", ".", ";", ":", "\n", "x", "the", '"']), _BLANKS,
                        st.sampled_from(["(a)", "(12)"]), _GAP, _LEAD_IN,
                        st.sampled_from(["Access", "Computer system", "data"]), _GAP,
                        st.sampled_from(["means", "refers to", "is defined as", "x"])).map("".join)
_QUOTED_ITEMS = st.tuples(st.sampled_from(["", "x", "(", '"', "the"]), _LEAD_IN,
                          st.sampled_from(['"Access"', '"computer data"', '""']), _BLANKS,
                          st.sampled_from(["means", "includes", "has the meaning", "x"])).map("".join)
_ITEMS = st.one_of(_LIST_ITEMS, _QUOTED_ITEMS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, _ITEMS), max_size=12).map("".join))
def test_definition_scanners_agree_with_the_one_regex_forms(text):
    assert (quoted_definitions(text), list_definitions(text)) == _reference(text)


def test_definition_scanners_agree_on_real_statutes():
    from pathlib import Path

    from modellaw_check.read import read_document

    files = sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt"))
    assert len(files) >= 5
    for path in files:
        text = read_document(path).text
        assert (quoted_definitions(text), list_definitions(text)) == _reference(text), path.name


def test_unit_references_found_once_equal_a_search_of_each_unit():
    from pathlib import Path

    from modellaw_check.match.units import _CONDUCT_REFERENCE, _References
    from modellaw_check.read import read_document

    checked = 0
    for path in sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt")):
        doc = read_document(path)
        refs = _References(doc.text)
        spans = [(s.start, s.end) for s in doc.sections]
        spans += [(m.start() + 3, m.end() - 2) for m in _CONDUCT_REFERENCE.finditer(doc.text)]  # cut matches
        for start, end in spans:
            want = [m.group(1) or m.group(2) for m in _CONDUCT_REFERENCE.finditer(doc.text, start, end)]
            assert refs.within(start, end) == want, (path.name, start, end)
            checked += bool(want)
    assert checked > 20


def test_definition_cover_by_bisect_equals_the_loop_over_definitions():
    from pathlib import Path

    from modellaw_check.match.units import DEFINITIONS_SHARE, _Definitions
    from modellaw_check.read import read_document

    def loop(start, end, defs):  # the former per-unit loop
        covered = 0
        for d in defs:
            if d.start <= start < d.end:
                return True
            if start <= d.start < end:
                covered += min(d.end, end) - d.start
        return covered > DEFINITIONS_SHARE * (end - start)

    seen = set()
    for path in sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt")):
        doc = read_document(path)
        cover = _Definitions(doc.definitions).cover
        for s in doc.sections:
            want = loop(s.start, s.end, doc.definitions)
            assert cover(s.start, s.end) == want, (path.name, s.id)
            seen.add(want)
    assert seen == {True, False}
