"""Generators for hostile structured inputs (issue 20): Word list numbering and part shapes, HTML
charsets and nesting depth. The normal suite runs a few examples of each; ``bench/fuzz --target docx``
and ``--target html`` run them for as long as you like.

Invariant: reading gives a Document of bounded length, or one-line InputError; never another
exception (an exit 3), and nothing of the statute's text silently lost.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modellaw_check.errors import InputError

TEXT = "A person who intentionally accesses a computer system without authority commits an offence."
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.numbering+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             'relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
             '2006/relationships/numbering" Target="numbering.xml"/></Relationships>')

# Attribute values Word never writes: huge, negative, non-ASCII digits, words, empty.
odd_number = st.one_of(st.integers(-10**12, 10**12).map(str), st.sampled_from(
    ["", " ", "one", "\u00b2", "\u0663", "1.5", "+3", "-0", "9" * 5000, "2000000000", "0x10", "\u00b9\u00b2"]))
num_fmt = st.sampled_from(["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "decimalZero",
                           "bullet", "none", "ordinalText", "", "\u00e9"])
lvl_text = st.lists(st.sampled_from(["%1", "%2", "%9", "%0", "%%", ".", "(", ")", "Section ", "\u00a7"]),
                    max_size=6).map("".join)


@st.composite
def numbering_xml(draw: st.DrawFn) -> str:
    levels = "".join(f'<w:lvl w:ilvl="{draw(odd_number)}"><w:start w:val="{draw(odd_number)}"/><w:numFmt '
                     f'w:val="{draw(num_fmt)}"/><w:lvlText w:val="{draw(lvl_text)}"/></w:lvl>'
                     for _ in range(draw(st.integers(0, 4))))
    override = (f'<w:lvlOverride w:ilvl="{draw(odd_number)}"><w:startOverride w:val="{draw(odd_number)}"/>'
                "</w:lvlOverride>") if draw(st.booleans()) else ""
    return (f'<?xml version="1.0"?><w:numbering {W}><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{override}</w:num></w:numbering>')


@st.composite
def body_piece(draw: st.DrawFn) -> str:
    para = f"<w:r><w:t>{TEXT}</w:t></w:r>"
    return draw(st.sampled_from([
        f"<w:p>{para}</w:p>",
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{draw(odd_number)}"/><w:numId w:val="{draw(odd_number)}"/>'
        f"</w:numPr></w:pPr>{para}</w:p>",
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{para}</w:p>',
        f'<w:p><w:pPr><w:outlineLvl w:val="{draw(odd_number)}"/></w:pPr>{para}</w:p>',
        "<w:sdt/>", "<w:sdt><w:sdtPr/></w:sdt>", f"<w:sdt><w:sdtContent><w:p>{para}</w:p></w:sdtContent></w:sdt>",
        "<w:customXml/>", "<w:tbl/>", f"<w:tbl><w:tr><w:tc><w:p>{para}</w:p></w:tc></w:tr></w:tbl>", "<w:p/>",
        "<w:bogus><w:p/></w:bogus>",
    ]))


@st.composite
def docx_bytes(draw: st.DrawFn) -> tuple[bytes, int]:
    """A Word file, and how many paragraphs of statute text it holds."""
    body = "".join(draw(st.lists(body_piece(), max_size=12)))
    root = draw(st.sampled_from(["document", "document", "document", "body", "nobody"]))
    document = {"document": f"<w:document {W}><w:body>{body}</w:body></w:document>",
                "body": f"<w:body {W}>{body}</w:body>", "nobody": f"<w:document {W}/>"}[root]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/numbering.xml", draw(numbering_xml()))
        zf.writestr("word/document.xml", '<?xml version="1.0"?>' + document)
    return out.getvalue(), body.count(TEXT)


# Declared charsets: real web encodings, Python codecs that are no charset at all, nonsense.
charset = st.one_of(st.sampled_from(["utf-8", "latin-1", "windows-1252", "shift_jis", "koi8-r", "utf-16",
                                     "punycode", "idna", "rot13", "zlib", "base64", "hex", "utf-7", "mbcs",
                                     "unicode_escape", "raw_unicode_escape", "undefined", "x", ""]),
                    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-.:", max_size=20))


@st.composite
def html_page(draw: st.DrawFn) -> tuple[bytes, int]:
    depth = draw(st.integers(0, 400))
    tag = draw(st.sampled_from(["div", "section", "span", "b", "blockquote"]))
    text = f"<p>{TEXT}</p>" + draw(st.sampled_from(["", "\u00e9\u00e8 caf\u00e9", "\u2018x\u2019", "+AGEAYgBj-"]))
    page = (f'<html><head><meta charset="{draw(charset)}"><title>Act</title></head><body>'
            + f"<{tag}>" * depth + text + f"</{tag}>" * depth + "</body></html>")
    return page.encode(draw(st.sampled_from(["utf-8", "latin-1", "utf-16"])), errors="replace"), depth


def _read(data: bytes, suffix: str, folder: Path):
    from modellaw_check.read import read_document

    path = folder / f"statute{suffix}"
    path.write_bytes(data)
    try:
        return read_document(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path)), exc
        return None


def assert_docx_total(docx: tuple[bytes, int], folder: Path) -> None:
    """A Word file of any numbering and part shape: a short Document or an InputError, nothing else."""
    data, paragraphs = docx
    doc = _read(data, ".docx", folder)
    if doc is not None:
        # labels are bounded (list starts clamped), so the text is the paragraphs plus short labels
        assert len(doc.text) < 200 * (paragraphs + 1), len(doc.text)


def assert_html_total(page: tuple[bytes, int], folder: Path) -> None:
    """An HTML page of any declared charset and depth: read whole, or refused; never partly lost."""
    data, depth = page
    doc = _read(data, ".html", folder)
    if doc is None:
        assert depth > 250 or b"\x00" in data or not data.strip(), "refused a page that should be read"
    else:
        assert "intentionally accesses" in doc.text, "the statute's text was lost"


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(docx_bytes())
def test_docx_of_any_numbering_and_shape_reads_or_is_refused(docx: tuple[bytes, int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert_docx_total(docx, Path(folder))


@FUZZ
@given(html_page())
def test_html_of_any_charset_and_depth_reads_whole_or_is_refused(page: tuple[bytes, int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert_html_total(page, Path(folder))


# -- rule wordings ----------------------------------------------------------------------------------------

# Mostly words of the statute below (so that wordings match), then others: punctuation, an elided
# article, one letter, and junk the parser must refuse.
STATUTE_VOCAB = ["person", "access", "accesses", "computer", "system", "without", "authority", "right", "who",
                 "commits", "offence", "an", "a", "the", "of", "data", "intentionally"]
ODD_VOCAB = ["persons", "non-public", "l'", "d'", "e", "x", "é", "données", "-", ".", "(", "1", "§"]
vocab_word = st.one_of(st.sampled_from(STATUTE_VOCAB), st.sampled_from(STATUTE_VOCAB), st.sampled_from(ODD_VOCAB))
WORDING_JUNK = ["|", "?", "*", "*0", "*100", "**", "*x", "a|", "|b", "a||b", "??", "x?y", "*?", "|?", "?|"]
STATUTE_WORDS = ["A", "person", "who", "intentionally", "accesses", "a", "computer", "system", "without",
                 "authority", "commits", "an", "offence", ".", "data", "of", "the", "right", "\n", "(a)"]


@st.composite
def wording_piece(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["word"] * 4 + ["alternatives"] * 2 + ["optional", "gap", "gap", "wide gap",
                                                                       "junk"]))
    if kind == "word":
        return draw(vocab_word)
    if kind == "alternatives":
        piece = "|".join(draw(st.lists(vocab_word, min_size=2, max_size=5)))
        return piece + ("?" if draw(st.booleans()) else "")
    if kind == "optional":
        return draw(vocab_word) + "?"
    if kind == "gap":
        return draw(st.sampled_from(["*", "*1", "*2", "*3", "*5", "*10"]))
    if kind == "wide gap":
        return f"*{draw(st.integers(0, 99))}"
    return draw(st.sampled_from(WORDING_JUNK))


wording = st.lists(wording_piece(), min_size=1, max_size=10).map(" ".join)
statute_words = st.lists(st.sampled_from(STATUTE_WORDS), min_size=0, max_size=200).map(" ".join)


@st.composite
def wording_and_statute(draw: st.DrawFn) -> tuple[str, str]:
    """A wording, and a statute of random words holding some instances of it (each alternative,
    optional word and gap laid out at random), so that many wordings match."""
    words = draw(wording)
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(statute_words.map(lambda t: t[:300])))
        for piece in words.split():
            if piece.startswith("*"):
                width = int(piece[1:]) if piece[1:].isdigit() else 3
                parts.extend(draw(st.lists(st.sampled_from(STATUTE_WORDS), max_size=min(width, 12))))
            elif not (piece.endswith("?") and draw(st.booleans())):
                parts.append(draw(st.sampled_from([a for a in piece.rstrip("?").split("|") if a] or ["x"])))
    return words, " ".join([*parts, draw(statute_words)])
MATCH_SECONDS = 5.0  # one wording over a 200-word statute; within the bound it takes milliseconds


def assert_wording_total(words: str, text: str) -> None:
    """A wording is refused with one RuleError at validation or compilation, or compiled and matched
    against ``text`` within ``MATCH_SECONDS``, every match inside the text."""
    import time

    from modellaw_check.annotate import pipeline
    from modellaw_check.errors import RuleError
    from modellaw_check.match.keys import MatchKey
    from modellaw_check.match.patterns import PackMatcher, compile_words
    from modellaw_check.rules.schema import Pattern
    from modellaw_check.yamlfile import validate

    nlp = pipeline("en")
    k_key = MatchKey("concept", "k")
    try:
        validate(Pattern, {"words": words}, f"words: {words!r}\n", Path("fuzz.yaml"))
        tokens = compile_words(words, nlp)
        matcher = PackMatcher(nlp)
        matcher.add(k_key, tokens)
    except RuleError as exc:
        assert exc.detail and "\n" not in exc.detail, exc.detail
        return
    doc = nlp(text)
    t0 = time.monotonic()
    found = matcher(doc)
    assert time.monotonic() - t0 < MATCH_SECONDS, f"matching {words!r} took {time.monotonic() - t0:.1f} s"
    assert all(key == k_key and 0 <= s < e <= len(doc) for key, s, e in found), found


@FUZZ
@given(wording_and_statute())
def test_any_wording_is_refused_or_matched_in_bounded_time(case: tuple[str, str]) -> None:
    assert_wording_total(*case)


def test_the_wording_bound_holds_at_its_worst() -> None:
    # 256 layouts, every word of the statute fitting every place: the worst the bound allows
    assert_wording_total("a *15 a *15 a", " ".join(["a"] * 200))
    assert_wording_total("computer *99 system *99 offence", " ".join(STATUTE_WORDS) * 10)  # refused
