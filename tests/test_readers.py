"""Readers for published formats: DOCX, PDF, HTML and Akoma Ntoso give the same findings as text.

The fixtures convert real statutes from corpora/ into each format (once per module), the way a
drafting office or a legislation site would publish them, with the noise real files have: Word
auto-numbering and tables, PDF running headers and page numbers, web-page navigation. Checking the
converted file must give the same provision statuses as the plain text, with evidence that points
at the right page, paragraph, anchor or eId. Bad files must fail with one line and exit code 2.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.read import detect_format, read_document, sniff
from modellaw_check.read.text import decode, normalise
from tests.conftest import run_cli as _run_cli

STATUTES = ["sg-computer-misuse-act-1993.txt", "us-18-usc-1030-cfaa.txt", "my-computer-crimes-act-1997.txt"]
FORMATS = ["docx", "pdf", "html", "akn"]
_PART_LINE = re.compile(r"^(?:PART|Part|CHAPTER|Chapter)\s+\w+")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
# Text that, if a reader kept page chrome, would add an offence and sections to the statute.
NOISE = ("Section 99. Any person who intentionally and without right accesses a computer system, "
         "intercepts computer data or produces a device for committing an offence commits an offence.")


def squeeze(text: str) -> str:
    return " ".join(text.split())


# -- converters ---------------------------------------------------------------------------------------
def _add_numbering(document, starts: list[int]) -> dict[int, str]:
    """A decimal "%1." list, and one list instance per start value (Word's "set numbering value")."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'))
    ids = {}
    for i, start in enumerate(sorted(set(starts))):
        num_id = str(900 + i)
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
        ids[start] = num_id
    return ids


def _set_numbering(paragraph, num_id: str, ilvl: int = 0) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                         f'<w:numId w:val="{num_id}"/></w:numPr>'))


def to_docx(text: str, out: Path) -> None:
    """PART lines as headings, long numbered sections with Word numbering, short ones in a table."""
    import docx

    document = docx.Document()
    lines = [line for line in text.split("\n") if line.strip()]
    numbered = [int(m.group(1)) for line in lines if (m := _NUMBERED.match(line)) and len(line) >= 90]
    num_ids = _add_numbering(document, numbered)
    table = None
    for line in lines:
        m = _NUMBERED.match(line)
        if _PART_LINE.match(line):
            document.add_heading(line, level=1)
            table = None
        elif m and len(line) >= 90:
            _set_numbering(document.add_paragraph(m.group(2)), num_ids[int(m.group(1))])
            table = None
        elif m:  # a table row per short numbered line, as in an arrangement of sections
            table = table or document.add_table(rows=0, cols=2)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = f"{m.group(1)}.", m.group(2)
        else:
            document.add_paragraph(line)
            table = None
    document.core_properties.title = lines[0]
    document.save(out)


def to_pdf(text: str, out: Path) -> None:
    """A4 pages with a running header and page-number footer; Latin-1 core font after normalising."""
    from fpdf import FPDF

    title = text.split("\n", 1)[0][:60]

    class Pdf(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"{title} - revised edition", align="C")
            self.ln(8)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Pdf(format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line.encode("latin-1", "replace").decode("latin-1"),
                           new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(out))


def to_html(text: str, out: Path) -> None:
    """A legislation web page: banner, navigation, sidebar and footer around the Act."""
    body = []
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        tag = "h2" if _PART_LINE.match(line) else "p"
        body.append(f'<{tag} id="l{i}">{html.escape(line)}</{tag}>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(text.split(chr(10), 1)[0])}</title>
<style>p {{ margin: 0 }} /* {NOISE} */</style><script>var s = "{NOISE}";</script></head>
<body><header class="site"><h1>Laws Online</h1><p>{NOISE}</p></header>
<nav><ul><li><a href="/">Home</a></li><li>{NOISE}</li></ul></nav>
<div role="search"><form><input name="q"><button>Search</button></form></div>
<main id="content">
{chr(10).join(body)}
</main>
<aside><p>Related: {NOISE}</p></aside>
<footer><p>Page 1 of 1. {NOISE}</p></footer>
</body></html>"""
    out.write_text(page, encoding="utf-8")


_AKN_TAGS = {0: "part", 1: "section", 2: "subsection", 3: "paragraph", 4: "subparagraph"}
_EID_PREFIX = {"part": "part", "section": "sec", "subsection": "subsec", "paragraph": "para",
               "subparagraph": "subpara", "point": "point"}


def to_akn(doc: Document, out: Path) -> dict[str, str]:
    """Akoma Ntoso from the plain text's section tree; returns eId -> section id.

    Definitions are marked up with <def> and no quotation marks, as many repositories do.
    """
    text = doc.text
    secs = doc.sections
    eids: dict[str, str] = {}
    used: set[str] = set()

    def content(a: int, b: int, wrap: str) -> str:
        raw = text[a:b]
        ps = [line.strip() for line in raw.split("\n") if re.search(r"\w", line)]
        if not ps:
            return ""
        paras = []
        for p in ps:
            p = html.escape(p, quote=False)
            p = re.sub(r'"([^"\n]{1,60})"(\s+(?:means|includes))', r'<def refersTo="#t">\1</def>\2', p)
            paras.append(f"<p>{p}</p>")
        return f"<{wrap}>{''.join(paras)}</{wrap}>"

    def element(i: int, parent_eid: str | None) -> str:
        s = secs[i]
        tag = _AKN_TAGS.get(s.level, "point")
        num_text = text[s.start:s.body_start].strip()
        own = re.sub(r"\W", "", s.num) or str(i)
        eid = f"{parent_eid}__{_EID_PREFIX[tag]}_{own}" if parent_eid else f"{_EID_PREFIX[tag]}_{own}"
        while eid in used:
            eid += "_x"
        used.add(eid)
        eids[eid] = s.id
        first_child = secs[s.children[0]].start if s.children else s.end
        if s.level == 0:
            inner = f"<num>{html.escape(num_text)}</num><heading>{html.escape(s.heading)}</heading>"
        else:
            inner = f"<num>{html.escape(num_text)}</num>" + content(
                s.body_start, first_child, "intro" if s.children else "content")
        for k, c in enumerate(s.children):
            inner += element(c, eid if s.level else None)
            if s.level:  # the words of its own after an item: the closing words of its list ("...;\nshall be
                # guilty of an offence"), or words that open a further list ("liable- (c) ...")
                nxt = secs[s.children[k + 1]].start if k + 1 < len(s.children) else s.end
                inner += content(secs[c].end, nxt, "wrapUp")
        return f'<{tag} eId="{eid}">{inner}</{tag}>'

    first = secs[0].start if secs else len(text)
    preface = content(0, first, "preface")
    tops = [i for i, s in enumerate(secs) if s.parent is None]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act">'
           '<meta><identification source="#test"><FRBRWork><FRBRthis value="/akn/xx/act"/></FRBRWork>'
           '</identification></meta>'
           f'{preface}<body>{"".join(element(i, None) for i in tops)}</body></act></akomaNtoso>')
    out.write_text(xml, encoding="utf-8")
    return eids


# -- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def converted(tmp_path_factory, corpus):
    """statute -> format -> path of the converted file (and "eids" -> section id -> eId)."""
    root = tmp_path_factory.mktemp("converted")
    files: dict[str, dict] = {}
    for name in STATUTES:
        src = corpus(name)
        text = normalise(src.read_text(encoding="utf-8"))
        stem = root / src.stem
        files[name] = {"docx": stem.with_suffix(".docx"), "pdf": stem.with_suffix(".pdf"),
                       "html": stem.with_suffix(".html"), "akn": stem.with_suffix(".xml"),
                       "title": text.split("\n", 1)[0][:60]}
        to_docx(text, files[name]["docx"])
        to_pdf(text, files[name]["pdf"])
        to_html(text, files[name]["html"])
        files[name]["eids"] = to_akn(read_document(src), files[name]["akn"])
    return files


@pytest.fixture(scope="module")
def format_report(checker, converted):
    cache = {}

    def get(name: str, fmt: str):
        if (name, fmt) not in cache:
            cache[name, fmt] = checker.check_path(converted[name][fmt])
        return cache[name, fmt]

    return get


def _statuses(report) -> dict[str, str]:
    return {p.id: p.status for p in report.provisions}


def _cited_sections(report) -> dict[str, str | None]:
    return {p.id: p.sections[0].split("(")[0] if p.sections else None for p in report.provisions}


def _first_line(quote: str) -> str:
    """Evidence may run over a line break; its location names the line where it starts."""
    return squeeze(quote.split("\n")[0])


def _evidence(report):
    for p in report.provisions:
        for e in p.elements:
            yield from e.evidence


# -- same findings in every format ----------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", STATUTES)
def test_same_statuses_and_sections_as_plain_text(name, fmt, report_of, format_report):
    plain, other = report_of(name), format_report(name, fmt)
    assert other.statute.format == fmt
    assert _statuses(other) == _statuses(plain)
    # The section cited first: where nested units tie (a subsection and its paragraph), the matcher's
    # tie-break on wording similarity may pick the other one, so compare the top-level section.
    assert _cited_sections(other) == _cited_sections(plain)
    assert other.statute.sections == plain.statute.sections
    assert other.statute.definitions == plain.statute.definitions
    assert plain.summary.implemented > 0  # the comparison is not between two empty reports


@pytest.mark.parametrize("name", STATUTES)
def test_pdf_evidence_cites_the_page_holding_the_quote(name, converted, format_report):
    from pypdf import PdfReader

    pages = [squeeze(p.extract_text()) for p in PdfReader(converted[name]["pdf"]).pages]
    assert len(pages) > 1
    report = format_report(name, "pdf")
    assert report.statute.title == squeeze(normalise(converted[name]["title"]))  # from the PDF metadata
    evidence = list(_evidence(report))
    assert evidence
    for ev in evidence:
        m = re.fullmatch(r"pages? (\d+)(?:-(\d+))?", ev.location or "")
        assert m, ev.location
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        assert squeeze(ev.quote) in " ".join(pages[first - 1:last]), (ev.quote, ev.location)


@pytest.mark.parametrize("name", STATUTES)
def test_akn_evidence_cites_the_eid_of_the_provision(name, converted, format_report):
    from lxml import etree

    tree = etree.parse(str(converted[name]["akn"]))
    by_eid = {el.get("eId"): squeeze(" ".join(el.itertext())) for el in tree.iter() if el.get("eId")}
    section_of = converted[name]["eids"]
    evidence = [ev for ev in _evidence(format_report(name, "akn")) if ev.section]
    assert evidence
    for ev in evidence:
        eid = (ev.location or "").removeprefix("eId ")
        assert section_of[eid] == ev.section, (ev.location, ev.section)
        # <def> terms come out quoted; the XML has them bare.
        assert _first_line(ev.quote).strip('"') in by_eid[eid], (ev.quote, eid)


@pytest.mark.parametrize("name", STATUTES)
def test_docx_evidence_cites_the_paragraph_or_table_row(name, converted, format_report):
    import docx
    from docx.table import Table

    where: dict[str, str] = {}
    count = tables = 0
    for block in docx.Document(converted[name]["docx"]).iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            for r, row in enumerate(block.rows, start=1):
                count += len(row.cells)
                where[f"table {tables}, row {r}"] = " ".join(c.text for c in row.cells)
        else:
            count += 1
            where[f"paragraph {count}"] = block.text
    evidence = list(_evidence(format_report(name, "docx")))
    assert evidence
    for ev in evidence:
        assert _first_line(ev.quote) in squeeze(where[ev.location]), (ev.quote, ev.location)


@pytest.mark.parametrize("name", STATUTES)
def test_html_evidence_cites_the_anchor_and_page_chrome_is_dropped(name, converted, format_report):
    import lxml.html

    page = lxml.html.parse(str(converted[name]["html"])).getroot()
    report = format_report(name, "html")
    evidence = list(_evidence(report))
    assert evidence
    for ev in evidence:
        assert ev.location and ev.location.startswith("#l"), ev.location
        assert _first_line(ev.quote) in squeeze(page.get_element_by_id(ev.location[1:]).text_content())
    doc = read_document(converted[name]["html"])
    assert "Section 99" not in doc.text and "Laws Online" not in doc.text and "Search" not in doc.text
    assert "99" not in {s.id for s in doc.sections}


# -- reader details ---------------------------------------------------------------------------------
def _docx_with(tmp_path: Path, build) -> Path:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / "t.docx"
    document.save(path)
    return path


def test_docx_multilevel_numbering_restarts_and_headings(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
            '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="(%2)"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/>'
            '</w:lvl><w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
            '<w:lvlText w:val="(%4)"/></w:lvl></w:abstractNum>'))
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
        document.add_heading("PART 2 OFFENCES", level=1)
        for ilvl, text in [(0, "Unauthorised access"), (1, "A person who accesses a computer."),
                           (2, "without right;"), (2, "with intent;"), (3, "first"), (3, "second"),
                           (1, "Penalty."), (0, "Interception"), (1, "A person who intercepts.")]:
            _set_numbering(document.add_paragraph(text), "77", ilvl)
        p = document.add_paragraph("Deleted words stay out: ")
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x" w:date="2024-01-01T00:00:00Z">'
                              '<w:r><w:delText>DELETED</w:delText></w:r></w:del>'))
        p.add_run("kept.")

    doc = read_document(_docx_with(tmp_path, build))
    assert doc.text.split("\n") == [
        "# PART 2 OFFENCES", "1. Unauthorised access", "(1) A person who accesses a computer.",
        "(a) without right;", "(b) with intent;", "(i) first", "(ii) second", "(2) Penalty.",
        "2. Interception", "(1) A person who intercepts.", "Deleted words stay out: kept."]
    assert [s.id for s in doc.sections] == ["Part 2", "1", "1(1)", "1(1)(a)", "1(1)(b)", "1(1)(b)(i)",
                                            "1(1)(b)(ii)", "1(2)", "2", "2(1)"]
    assert doc.line_locations[2] == "paragraph 2"


def test_docx_list_number_style_and_table_rows(tmp_path):
    def build(document):
        document.add_paragraph("Interpretation", style="List Number")
        document.add_paragraph("Offences", style="List Number")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "3.", "Illegal access. A person commits an offence."
        table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged cell text"

    doc = read_document(_docx_with(tmp_path, build))
    lines = doc.text.split("\n")
    assert lines[:2] == ["1. Interpretation", "2. Offences"]
    assert lines[2] == "3. Illegal access. A person commits an offence."
    assert lines[3] == "Merged cell text"  # a merged cell is read once, not once per grid column
    assert doc.line_locations[3] == "table 1, row 1" and doc.line_locations[4] == "table 1, row 2"


def test_pdf_reflow_rejoins_hyphens_and_keeps_units_apart():
    from modellaw_check.read.pdf import drop_running_lines, reflow

    full = "any person who causes a computer to perform a function for the"  # a filled line
    header = "Computer Misuse Act 2020 (revised edition 2024)"
    pages = [[f"       {header}", "", f"{full} com-", "puter system and", "", "          3"],
             [f"       {header}", f"{full} data", "held. 4. Next", "", "- 4 -"],
             [f"       {header}", f"{full} offence.", "(2) A new subsection", "Page 5 of 9"]]
    paras = reflow(drop_running_lines(pages))
    assert paras == [(f"{full} computer system and", 1, 1), (f"{full} data held. 4. Next", 2, 2),
                     (f"{full} offence.", 3, 3), ("(2) A new subsection", 3, 3)]


def test_pdf_justified_without_paragraph_spacing_keeps_every_section(tmp_path, corpus):
    """No vertical gaps to go by: paragraphs must be told apart by line fill and section numbers."""
    from fpdf import FPDF

    src = corpus("sg-computer-misuse-act-1993.txt")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Times", size=11)
    for line in normalise(src.read_text(encoding="utf-8")).split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line, align="J", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "justified.pdf"
    pdf.output(str(path))
    assert [s.id for s in read_document(path).sections] == [s.id for s in read_document(src).sections]


def test_pdf_paragraph_over_a_page_break_cites_both_pages():
    from modellaw_check.read.pdf import reflow

    full = "a person who without right accesses the whole or any part of"
    paras = reflow([[full, f"{full} a"], ["computer system."]])
    assert paras == [(f"{full} {full} a computer system.", 1, 2)]


def test_html_keeps_headers_inside_articles_and_reads_tables(tmp_path):
    page = tmp_path / "act.htm"
    page.write_text("""<html><body><nav>Menu</nav><article id="s3"><header><h3>3. Illegal access</h3></header>
        <p>A person who <b>intentionally</b> accesses a computer<br>without right commits an offence.</p>
        <table><tr><td>(a)</td><td>first item;</td></tr></table></article><footer>Site footer</footer>
        <div style="display:none">hidden</div></body></html>""", encoding="latin-1")
    doc = read_document(page)
    assert doc.text.split("\n") == ["### 3. Illegal access", "A person who intentionally accesses a computer",
                                    "without right commits an offence.", "(a) first item;"]
    assert [s.id for s in doc.sections] == ["3", "3(a)"]
    assert set(doc.line_locations.values()) == {"#s3"}


def test_akn_sections_eids_xpath_and_quoted_definitions(tmp_path):
    path = tmp_path / "act.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/>
<preface><p><docTitle>Cyber Act 2024</docTitle></p></preface>
<body><chapter eId="chp_1"><num>CHAPTER 1</num><heading>General</heading>
<article eId="art_2"><num>Article 2</num><heading>Definitions</heading>
<content><p><def refersTo="#cs">computer system</def> means any device.</p></content></article>
<article eId="art_3"><num>Article 3</num>
<paragraph eId="art_3__para_1"><num>1.</num><intro><p>A person commits an offence who</p></intro>
<point><num>(a)</num><content><p>accesses a computer<authorialNote><p>note</p></authorialNote>;</p>
</content></point>
</paragraph></article></chapter></body></act></akomaNtoso>""", encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "akn" and doc.title == "Cyber Act 2024"
    assert [(s.id, s.level, s.eid) for s in doc.sections] == [
        ("Chapter 1", 0, "chp_1"), ("2", 1, "art_2"), ("3", 1, "art_3"), ("3(1)", 2, "art_3__para_1"),
        ("3(1)(a)", 3, None)]
    point = doc.sections[-1]
    assert point.location == "xpath /akomaNtoso/act[1]/body[1]/chapter[1]/article[2]/paragraph[1]/point[1]"
    assert doc.text[point.start:point.end].strip() == "(a) accesses a computer;"
    assert doc.text[doc.sections[3].start:].startswith("1. A person commits an offence who")
    assert [d.term for d in doc.definitions] == ["computer system"]
    assert doc.definitions[0].section == "2"


# -- detection -----------------------------------------------------------------------------------------
def test_content_sniffing_beats_a_wrong_extension(tmp_path, converted):
    name = STATUTES[0]
    for fmt, wrong in [("pdf", ".txt"), ("docx", ".bin"), ("akn", ".html"), ("html", ".xml")]:
        path = tmp_path / f"statute{wrong}"
        path.write_bytes(converted[name][fmt].read_bytes())
        assert detect_format(path) == fmt
        assert detect_format(path, data=path.read_bytes()) == fmt  # a scan passes the bytes it read
    md = tmp_path / "notes.md"
    md.write_text("<html> in Markdown is still Markdown\n", encoding="utf-8")
    assert detect_format(md) == "markdown"
    assert sniff(b"\xff\xfe" + '<akomaNtoso xmlns="x">'.encode("utf-16-le")) == "akn"
    assert detect_format(converted[name]["akn"], "html") == "html"
    assert detect_format(converted[name]["akn"], "akoma-ntoso") == "akn"
    with pytest.raises(InputError, match="unknown input format"):
        detect_format(converted[name]["akn"], "rtf")


# -- encodings -------------------------------------------------------------------------------------
SAMPLE = ("Section 3. Any person who \u201cknowingly\u201d accesses a computer \u2014 without authority "
          "\u2014 commits an offence; the caf\u00e9\u2019s data \u00a7 na\u00efve r\u00e9sum\u00e9.\n") * 3
LATIN1_SAMPLE = ("\u00a7 202a. Wer unbefugt Zugang zu Daten unter \u00dcberwindung der Sicherung "
                 "verschafft.\n") * 3


@pytest.mark.parametrize("encoding,sample", [
    ("utf-8", SAMPLE), ("utf-8-sig", SAMPLE), ("cp1252", SAMPLE), ("latin-1", LATIN1_SAMPLE),
    ("utf-16", SAMPLE), ("utf-16-le", SAMPLE), ("utf-16-be", SAMPLE), ("utf-32", SAMPLE)])
def test_text_encodings_decode_exactly(encoding, sample):
    assert decode(sample.encode(encoding), "x.txt") == sample


def test_legacy_encoded_statute_segments_like_utf8(tmp_path, corpus):
    src = corpus("us-18-usc-1030-cfaa.txt")
    text = normalise(src.read_text(encoding="utf-8"))
    ids = [s.id for s in read_document(src).sections]
    for encoding in ("cp1252", "utf-16"):
        path = tmp_path / f"cfaa-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        doc = read_document(path)
        assert doc.text == text and [s.id for s in doc.sections] == ids


# -- bad files: one line, exit 2 ----------------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _bad_files(tmp: Path, converted) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the one-line error must contain)."""
    docx_bytes = converted[STATUTES[0]]["docx"].read_bytes()
    pdf_bytes = converted[STATUTES[0]]["pdf"].read_bytes()

    def write(name: str, data: bytes | str) -> Path:
        path = tmp / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return {
        "truncated docx": (write("truncated.docx", docx_bytes[: len(docx_bytes) // 2]), "truncated"),
        "text named .docx": (write("fake.docx", "Section 1. This is text, not Word.\n"), "not a zip"),
        "zip that is not Word": (_zip(tmp / "other.docx", {"readme.txt": b"hello"}), "without Word"),
        "Word zip with broken XML": (_zip(tmp / "broken.docx", {
            "[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}), "docx"),
        "legacy .doc": (write("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "legacy .doc"),
        "encrypted pdf": (_encrypted_pdf(tmp / "locked.pdf"), "encrypted"),
        "truncated pdf": (write("cut.pdf", pdf_bytes[: len(pdf_bytes) // 2]), "truncated"),
        "text named .pdf": (write("fake.pdf", "just text\n"), "not a PDF"),
        "pdf without text": (write("blank.pdf", _blank_pdf()), "no extractable text"),
        "malformed xml": (write("bad.xml", "<akomaNtoso><act><body><section>"), "malformed XML"),
        "xml external entity": (write("xxe.xml", '<?xml version="1.0"?><!DOCTYPE akomaNtoso '
                                      '[<!ENTITY xxe SYSTEM "file:///etc/passwd">]><akomaNtoso>&xxe;'
                                      "</akomaNtoso>"), "refused for safety"),
        "billion laughs": (write("lol.xml", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaa">'
                                 '<!ENTITY b "&a;&a;&a;&a;&a;">]><akomaNtoso>&b;</akomaNtoso>'),
                           "refused for safety"),
        "xml that is not akn": (write("other.xml", "<?xml version='1.0'?><rss><channel/></rss>"),
                                "not an Akoma Ntoso"),
        "html without content": (write("empty.html", "<html><body><nav>Home</nav></body></html>"),
                                 "no text"),
        "binary garbage .txt": (write("garbage.txt", bytes(range(256)) * 20), "binary"),
    }


def _blank_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, converted):
    return _bad_files(tmp_path_factory.mktemp("bad"), converted)




@pytest.mark.parametrize("case", [
    "truncated docx", "text named .docx", "zip that is not Word", "Word zip with broken XML", "legacy .doc",
    "encrypted pdf", "truncated pdf", "text named .pdf", "pdf without text", "malformed xml",
    "xml external entity", "billion laughs", "xml that is not akn", "html without content",
    "binary garbage .txt"])
def test_bad_file_gives_one_line_and_exit_2(case, bad_files, fast_cli, capsys):
    path, words = bad_files[case]
    before = path.read_bytes()
    code, out, err = _run_cli(["check", str(path), "--fail-on", "never", "-f", "json"], capsys)
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("modellaw-check: error: "), err
    assert str(path) in lines[0] and words in lines[0], lines[0]
    assert path.read_bytes() == before  # input files are never modified


def test_docx_zip_bomb_and_pdf_page_limit(tmp_path, converted, monkeypatch, fast_cli, capsys):
    from modellaw_check.read import pdf as pdf_reader

    monkeypatch.setenv("MODELLAW_MAX_BYTES", str(1024 * 1024))  # the bound on what a .docx expands to
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(converted[STATUTES[0]]["docx"]) as src, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/padding.bin", b"\0" * (2 * 1024 * 1024))  # 2 MiB of zeros, ~2 KB packed
    assert bomb.stat().st_size < 100_000
    code, _, err = _run_cli(["check", str(bomb)], capsys)
    assert code == 2 and "zip bomb" in err and len(err.strip().split("\n")) == 1

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    code, _, err = _run_cli(["check", str(converted[STATUTES[0]]["pdf"])], capsys)
    assert code == 2 and "the limit is 2" in err and len(err.strip().split("\n")) == 1


def test_cli_reads_each_format_and_reports_locations(converted, fast_cli, capsys):
    import json

    name = STATUTES[1]
    code, out, err = _run_cli(["check", str(converted[name]["akn"]), "-f", "json", "--fail-on", "never"],
                              capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["statute"]["format"] == "akn"
    locations = [ev["location"] for p in report["provisions"] for e in p["elements"] for ev in e["evidence"]]
    assert locations and all(loc.startswith("eId sec_1030") for loc in locations)
    # --input-format overrides detection: the same XML read as HTML has no eIds.
    code, out, _ = _run_cli(["check", str(converted[name]["akn"]), "-f", "json", "--fail-on", "never",
                             "--input-format", "html"], capsys)
    assert json.loads(out)["statute"]["format"] == "html"


def test_owner_password_only_pdf_is_read(tmp_path, converted):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(converted[STATUTES[0]]["pdf"]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    plain = read_document(converted[STATUTES[0]]["pdf"])
    assert read_document(path).text == plain.text
