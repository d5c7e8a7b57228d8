"""Hostile auxiliary inputs and malformed documents (issue 20, second part): every rule, config, gold
and baseline file goes through one guarded reader (regular files only, bounded), malformed DOCX and
Akoma Ntoso parts are exit 2 with one line, never exit 3 or a hang.

FIFO cases run the CLI in a subprocess with a timeout: a regression would block forever on ``open``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

STATUTE = ("Section 1. A person who intentionally accesses a computer system without authority commits "
           "an offence.\n")
PACK = ROOT / "rules" / "chairmans-model-law"


def one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("modellaw-check: error: "), lines[0]
    return lines[0]


def _bounded() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # reading /dev/zero must not exhaust the machine


def cli_process(args: list[object], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    """The real entry point in a child process, with a time and memory bound: a regression (a FIFO
    opened for reading, a device read to its end) fails the test instead of blocking the suite."""
    env = {k: v for k, v in os.environ.items() if k != "MODELLAW_DEBUG"}
    return subprocess.run([sys.executable, "-m", "modellaw_check", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          preexec_fn=_bounded)


@pytest.fixture
def statute_text() -> str:
    """The text of the ``act`` fixture (conftest.py)."""
    return STATUTE


# -- one guarded reader for every auxiliary input -----------------------------------------------------


CHECK = ["check", "--no-config", "-f", "json"]
# argv, and the FIFO (relative to the run's folder) it names or finds in a folder
FIFO_CASES = {
    "rules folder": ([*CHECK, "--rules", "rules", "act.txt"], "rules/zz-extra.yaml"),
    "rules validate": (["rules", "validate", "rules"], "rules/zz-extra.yaml"),
    "gold folder": (["eval", "--gold", "gold"], "gold/labels.yaml"),
    "baseline": ([*CHECK, "--baseline", "base.json", "act.txt"], "base.json"),
    "config": (["check", "--config", "config.yaml", "-f", "json", "act.txt"], "config.yaml"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("case", FIFO_CASES)
def test_a_fifo_among_the_auxiliary_inputs_is_refused_not_waited_on(case: str, act: Path, tmp_path: Path) -> None:
    argv, fifo = FIFO_CASES[case]
    if fifo.startswith("rules/"):
        shutil.copytree(PACK, tmp_path / "rules")
    (tmp_path / fifo).parent.mkdir(exist_ok=True)
    os.mkfifo(tmp_path / fifo)
    proc = cli_process(argv, tmp_path)  # before the guarded reader: blocked until the timeout
    assert proc.returncode == 2, proc.stderr
    assert f"{fifo}: not a regular file (a pipe, socket or device)" in one_error(proc.stderr)


@pytest.mark.parametrize("option", ["--baseline", "--config"])
def test_a_device_as_an_auxiliary_input_is_refused(option: str, act: Path, tmp_path: Path) -> None:
    args = ["--no-config"] if option == "--baseline" else []
    proc = cli_process(["check", *args, "-f", "json", option, "/dev/zero", act], tmp_path)
    assert proc.returncode == 2 and "/dev/zero: not a regular file" in one_error(proc.stderr)


def test_an_auxiliary_input_over_the_size_limit_is_refused(act: Path, tmp_path: Path, capsys) -> None:
    base = tmp_path / "base.json"
    with base.open("wb") as fh:
        fh.truncate(80_000_000)  # sparse: 80 MB on paper, nothing on disk
    code, _, err = run_cli(["check", "--no-config", "-f", "json", "--baseline", str(base), str(act)], capsys)
    assert code == 2 and "base.json: file is 80.0 MB, over the 67.1 MB limit" in one_error(err)


def test_a_lowered_statute_limit_still_reads_the_rule_pack(monkeypatch) -> None:
    from modellaw_check.guard import read_text
    from modellaw_check.rules.location import pack_digest

    digest = pack_digest(PACK)
    monkeypatch.setenv("MODELLAW_MAX_BYTES", "4096")  # the pack's files are bigger; a statute need not be
    assert (PACK / "pack.yaml").stat().st_size > 4096
    assert read_text(PACK / "pack.yaml", "rule file").startswith(("#", "name", "id"))
    assert pack_digest(PACK) == digest


def test_guarded_reader_bounds_a_file_that_grows_after_its_status(tmp_path: Path) -> None:
    from modellaw_check.errors import RuleError
    from modellaw_check.guard import read_regular

    p = tmp_path / "r.yaml"
    p.write_bytes(b"x" * 10)
    small = os.stat(p)
    p.write_bytes(b"x" * 100)  # grown since ``small`` was taken: the read itself must stop
    with pytest.raises(RuleError, match="over the 50 bytes limit"):
        read_regular(p, 50, error=RuleError, st=small)
    assert read_regular(p, 100) == b"x" * 100


def test_guarded_reader_messages(tmp_path: Path) -> None:
    from modellaw_check.errors import InputError
    from modellaw_check.guard import read_text

    with pytest.raises(InputError, match="gold file not found"):
        read_text(tmp_path / "none.yaml", "gold file")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path, "gold file")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\n")
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 0xff at offset 3\)"):
        read_text(bad, "gold file")
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(bom, "gold file") == "a: 1\n"


# -- malformed values in auxiliary files ----------------------------------------------------------------


@pytest.mark.parametrize("label,message", [
    ("{status: implemented, accept: 5}", "accept must list statuses"),
    ("{status: implemented, accept: {a: 1}}", "accept must list statuses"),
    ("{status: partial, missing: 7}", "missing must list element names"),
])
def test_malformed_gold_label_values_are_exit_2(label: str, message: str, act: Path, tmp_path: Path,
                                                capsys) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "act.yaml").write_text(f"statute: act.txt\nlabels:\n  art2-illegal-access: {label}\n", encoding="utf-8")
    code, _, err = run_cli(["eval", "--gold", str(gold), "--corpus", str(tmp_path)], capsys)
    assert code == 2 and f"malformed gold file: label 'art2-illegal-access': {message}" in one_error(err)


def test_gold_accept_may_name_one_status(tmp_path: Path) -> None:
    from modellaw_check.gold import load_gold

    p = tmp_path / "g.yaml"
    p.write_text("statute: act.txt\nlabels:\n  art2-illegal-access: {status: implemented, accept: partial}\n",
                 encoding="utf-8")
    cell = load_gold(p).cells["art2-illegal-access"]
    assert cell.accept == {"implemented", "partial"} and cell.missing is None


@pytest.mark.parametrize("toml,kind", [('tool = "x"\n', "string"), ("tool = [1]\n", "array")])
def test_pyproject_with_a_tool_that_is_no_table_is_exit_2(toml: str, kind: str, act: Path, tmp_path: Path,
                                                           capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")  # found by config discovery
    code, _, err = run_cli(["check", "-f", "json", str(act)], capsys)
    assert code == 2 and f"pyproject.toml: malformed pyproject.toml: 'tool' must be a table, not a {kind}" in \
        one_error(err)


# -- DOCX: bounded expansion, malformed parts ---------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARA = f"<w:p><w:r><w:t>{STATUTE.strip()}</w:t></w:r></w:p>"
_CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def make_docx(path: Path, document: str | None = None, body: str = PARA, padding: int = 0,
              filler: bytes = b" ") -> Path:
    """A minimal .docx; ``padding`` bytes of ``filler`` streamed into document.xml (they pack ~1000:1)."""
    import zipfile

    document = document or f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w") as fh:
            head, tail = document.split("</w:body>") if padding else (document, "")
            fh.write(head.encode())
            chunk = filler * ((1 << 20) // len(filler))
            for _ in range(padding // len(chunk)):
                fh.write(chunk)
            fh.write(("</w:body>" + tail if padding else "").encode())
    return path


def test_docx_that_expands_past_the_limit_is_refused_before_parsing(act: Path, tmp_path: Path, capsys) -> None:
    import time

    bomb = make_docx(tmp_path / "bomb.docx", padding=80 << 20)  # 80 MiB of XML in ~80 kB
    assert bomb.stat().st_size < 1_000_000
    start = time.perf_counter()
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(bomb)], capsys)
    assert code == 2 and "bomb.docx: the .docx expands to 84 MB, over the 67.1 MB limit" in one_error(err)
    assert time.perf_counter() - start < 5  # parsing it took seconds per 10 MB


@pytest.mark.parametrize("filler,what", [(b"<w:p/>", "empty paragraphs"),
                                         (b'<w:p a="" b="" c="" d="" e="" f="" g="" h=""/>\n', "attributes")])
def test_docx_of_millions_of_elements_is_refused_before_parsing(filler: bytes, what: str, act: Path,
                                                                tmp_path: Path, capsys) -> None:
    """Within the byte bound, 60 MB of <w:p/> parsed to 1.4 GB and took minutes; attributes 1.6 GB."""
    bomb = make_docx(tmp_path / "many.docx", padding=40 << 20, filler=filler)
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(bomb)], capsys)
    assert code == 2 and "many.docx: more markup than 5,000,000 elements" in one_error(err), what


def test_docx_styles_are_read_once_per_style_not_per_paragraph(tmp_path: Path, monkeypatch) -> None:
    """Each paragraph used to walk its style chain, and every style for the default one (minutes for a
    file of a million empty paragraphs)."""
    from modellaw_check.read import docx as docx_reader
    from modellaw_check.read import read_document

    calls = {"chain": 0, "heading": 0}
    chain, heading = docx_reader._DocxReader._find_chain, docx_reader._DocxReader._find_heading_level

    def counted_chain(self, style_id):
        calls["chain"] += 1
        return chain(self, style_id)

    def counted_heading(chain_, outline):
        calls["heading"] += 1
        return heading(chain_, outline)

    monkeypatch.setattr(docx_reader._DocxReader, "_find_chain", counted_chain)
    monkeypatch.setattr(docx_reader._DocxReader, "_find_heading_level", staticmethod(counted_heading))
    path = make_docx(tmp_path / "act.docx", body="<w:p/>" * 5000 + PARA * 50)
    assert "intentionally accesses" in read_document(path).text
    assert calls == {"chain": 1, "heading": 1}


def test_docx_expansion_is_counted_as_it_streams_not_taken_from_the_archive(tmp_path: Path, monkeypatch) -> None:
    """The archive's declared sizes are its own word: the bytes a member really inflates to are counted."""
    import zipfile

    from modellaw_check.errors import InputError
    from modellaw_check.read.docx import check_archive

    path = make_docx(tmp_path / "liar.docx", padding=3 << 20)
    real_open = zipfile.ZipFile.open

    def lying_infolist(self):  # every member claims one byte
        infos = list(self.filelist)
        for info in infos:
            info.file_size = 1
        return infos

    def honest_open(self, name, *a, **k):  # but inflates to what it holds
        member = real_open(self, name, *a, **k)
        member._left = 1 << 40
        return member

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying_infolist)
    monkeypatch.setattr(zipfile.ZipFile, "open", honest_open)
    with pytest.raises(InputError, match=r"expands to more than 2\.1 MB, over the 2\.1 MB limit"):
        check_archive(path.read_bytes(), path, 2 << 20)
    check_archive(path.read_bytes(), path, 4 << 20)  # under the bound: accepted


def test_docx_member_with_a_lying_size_is_damaged_not_an_internal_error(act: Path, tmp_path: Path,
                                                                         capsys) -> None:
    import struct

    path = make_docx(tmp_path / "liar.docx", padding=2 << 20)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")  # the last central-directory entry: word/document.xml
    while data[at + 46:at + 46 + 17] != b"word/document.xml":
        at = data.rfind(b"PK\x01\x02", 0, at)
    data[at + 24:at + 28] = struct.pack("<I", 100)  # its uncompressed size: "100 bytes"
    path.write_bytes(bytes(data))
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code == 2 and "liar.docx: damaged .docx file (word/document.xml: Bad CRC-32" in one_error(err)


@pytest.mark.parametrize("document,message", [
    (f'<?xml version="1.0"?><w:body {W}>{PARA}</w:body>', "the main document part has root element <w:body>"),
    (f'<?xml version="1.0"?><w:document {W}/>', "the main document part has no body"),
    (f'<?xml version="1.0"?><html><body>{STATUTE}</body></html>', "the main document part has root element <html>"),
])
def test_docx_main_part_of_the_wrong_shape_is_exit_2(document: str, message: str, act: Path, tmp_path: Path,
                                                      capsys) -> None:
    path = make_docx(tmp_path / "odd.docx", document=document)
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code == 2 and f"odd.docx: damaged .docx file ({message}" in one_error(err)


@pytest.mark.parametrize("body", ["<w:sdt/>", "<w:sdt><w:sdtPr/></w:sdt>", "<w:customXml/>",
                                  "<w:sdt><w:sdtContent><w:sdt/></w:sdtContent></w:sdt>"])
def test_docx_content_control_without_content_is_skipped(body: str, act: Path, tmp_path: Path, capsys) -> None:
    path = make_docx(tmp_path / "sdt.docx", body=body + PARA)
    code, out, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code in (0, 1), err
    import json

    assert json.loads(out)["statute"]["characters"] == len(STATUTE.strip())


@pytest.mark.parametrize("ilvl,start", [("\u00b2", "1"), ("\u0663", "\u00b9"), ("-1", "9" * 5000), ("1.5", "x")])
def test_docx_odd_list_levels_and_starts_fall_back(ilvl: str, start: str, act: Path, tmp_path: Path,
                                                    capsys) -> None:
    import zipfile

    path = tmp_path / "list.docx"
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val='
                 f'"{start}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId '
                 'w:val="0"/></w:num></w:numbering>')
    para = (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>'
            f'{STATUTE.strip()}</w:t></w:r></w:p>')
    make_docx(path, body=para)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/numbering.xml", numbering)
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code in (0, 1), err


# -- Akoma Ntoso nesting ----------------------------------------------------------------------------------

AKN_HEAD = '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>'
AKN_TAIL = "</body></act></akomaNtoso>"


@pytest.mark.parametrize("depth", [300, 5000])
def test_akn_nested_too_deep_is_exit_2_saying_so(depth: int, act: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(AKN_HEAD + "<hcontainer>" * depth + f"<p>{STATUTE}</p>" + "</hcontainer>" * depth
                    + f'<section eId="sec_2"><num>2.</num><content><p>{STATUTE}</p></content></section>' + AKN_TAIL,
                    encoding="utf-8")
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code == 2 and "deep.xml: XML nested more than 256 elements deep" in one_error(err)


@pytest.mark.parametrize("kind", ["section", "hcontainer", "i"])
def test_akn_nested_just_under_the_limit_is_read_whole(kind: str, act: Path, tmp_path: Path, capsys) -> None:
    """No recursion error and no lost text at the deepest nesting the parser accepts."""
    import json

    depth = 250
    if kind == "section":
        inner = "".join(f'<section eId="s{i}"><num>{i + 1}.</num>' for i in range(depth)) + \
            f"<content><p>{STATUTE}</p></content>" + "</section>" * depth
    elif kind == "hcontainer":
        inner = "<hcontainer>" * depth + f"<p>{STATUTE}</p>" + "</hcontainer>" * depth
    else:
        inner = f"<section><num>1.</num><content><p>{'<i>' * (depth - 6)}{STATUTE}{'</i>' * (depth - 6)}</p>" \
                "</content></section>"
    path = tmp_path / "deep.xml"
    path.write_text(AKN_HEAD + inner + AKN_TAIL, encoding="utf-8")
    code, out, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code in (0, 1), err
    art2 = next(p for p in json.loads(out)["provisions"] if p["id"] == "art2-illegal-access")
    assert art2["status"] != "missing"  # the statute's text at the bottom was read


# -- a user's template that raises ------------------------------------------------------------------------


@pytest.mark.parametrize("source,error", [
    (b"{{ 1 // 0 }}\n", "ZeroDivisionError"),
    (b"{% for i in range(10**9) %}{% endfor %}\n", "OverflowError"),
    (b"{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", "RecursionError"),
    (b"\xff\xfe{{ report }}\n", "UnicodeDecodeError"),
    (b"{{ provisions[999] }}\n", "no element 999"),
    (b"{{ 'a' * 10**10 }}\n", "more than 10,000,000 items"),  # took all the memory there was
    (b"{{ [1, 2] * 10**9 }}\n", "more than 10,000,000 items"),
    (b"{{ 7 ** 100000000 }}\n", "a power too large"),
    (b"{% set n = 2 ** 40000 %}{{ n * n * n }}\n", "too large to print"),
])
def test_a_template_that_raises_is_exit_2(source: bytes, error: str, act: Path, tmp_path: Path, fast_cli,
                                          capsys) -> None:
    template = tmp_path / "mine.txt.j2"
    template.write_bytes(source)
    code, _, err = run_cli(["check", "--no-config", "-f", "text", "--template", str(template), str(act)], capsys)
    assert code == 2, err
    line = one_error(err)
    assert "template error in mine.txt.j2: " in line and error in line, line


# -- config globs without backtracking --------------------------------------------------------------------


def test_a_backtracking_glob_matches_in_linear_time() -> None:
    import time

    from modellaw_check.config import glob_match

    start = time.perf_counter()
    assert not glob_match("*a" * 40 + "*b", "a" * 200 + ".txt")  # a backtracking regex: hours
    assert not glob_match("**/" * 30 + "**x", "a/" * 200 + "y")
    assert glob_match("*a" * 40 + "*b", "a" * 200 + "b")
    assert time.perf_counter() - start < 1


def _regex_glob(pattern: str):
    """The config's former translation of a glob into a regular expression: the reference semantics."""
    import re

    pattern = pattern.removeprefix("./")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append({"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i])))
            i += 1
    return re.compile(("" if "/" in pattern else "(?:.*/)?") + "".join(out) + r"\Z")


def test_globs_match_as_the_regular_expressions_did() -> None:
    import random

    from modellaw_check.globs import glob_match

    rng = random.Random(20)
    fixed = [("bills/**/*.md", "bills/a.md"), ("bills/**/*.md", "bills/x/y/a.md"), ("bills/*.md", "bills/x/a.md"),
             ("*.txt", "deep/down/act.txt"), ("./acts/*.txt", "acts/a.txt"), ("**", ""), ("a?c", "a/c"),
             ("**/x", "x"), ("a**b", "a/q/b"), ("a/**", "a/"), ("*", "")]
    pieces = ["a", "b", "/", "*", "**", "**/", "?", ".", "./"]
    cases = fixed + [("".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))),
                      "".join(rng.choice("ab/.") for _ in range(rng.randint(0, 8)))) for _ in range(3000)]
    for pattern, path in cases:
        assert glob_match(pattern, path) == bool(_regex_glob(pattern).match(path)), (pattern, path)


# -- markup bombs in HTML and Akoma Ntoso -----------------------------------------------------------------


@pytest.mark.parametrize("name,head,filler,tail", [
    ("page.html", f"<html><body><p>{STATUTE}</p>", "<i/>", "</body></html>"),
    ("act.xml", AKN_HEAD + f'<section eId="s1"><num>1.</num><content><p>{STATUTE}', "<b/>", "</p></content></section>"
     + AKN_TAIL),
    ("act.xml", AKN_HEAD + f'<section eId="s1"><num>1.</num><content><p>{STATUTE}', '<b a="" c=""/>',
     "</p></content></section>" + AKN_TAIL),
])
def test_markup_bomb_is_refused_before_parsing(name: str, head: str, filler: str, tail: str, act: Path,
                                               tmp_path: Path, capsys) -> None:
    """28 MB of <i></i> parsed to 0.67 GB, 28 MB of <b/> in Akoma Ntoso to 1.06 GB (64 MiB: 1.5-2.4 GB)."""
    import time

    path = tmp_path / name
    path.write_text(head + filler * (5_100_000 // (filler.count("<") + 2 * filler.count("="))) + tail,
                    encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code == 2 and f"{name}: more markup than 5,000,000 elements" in one_error(err)
    assert time.perf_counter() - start < 5


# -- HTML charset declarations --------------------------------------------------------------------------


@pytest.mark.parametrize("declared", ["utf-16", "UTF-16LE", "utf-32"])
def test_an_ascii_page_declaring_utf16_is_read_as_utf8(declared: str, tmp_path: Path) -> None:
    """Found by the HTML fuzzer: the page turned into CJK noise and every provision was 'missing'."""
    from modellaw_check.read import read_document

    page = tmp_path / "act.html"
    page.write_bytes(f'<html><head><meta charset="{declared}"></head><body><p>{STATUTE}</p>'
                     "<p>caf\u00e9</p></body></html>".encode())
    text = read_document(page).text
    assert "intentionally accesses a computer system" in text and "caf\u00e9" in text


# -- PDF pages that share one content stream ------------------------------------------------------------


def make_pdf(path: Path, ops: bytes, pages: int) -> Path:
    """A PDF whose ``pages`` pages all draw one content stream ``ops`` (written by hand: xref and all)."""
    import zlib

    stream = zlib.compress(ops, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{5 + i} 0 R' for i in range(pages))}] /Count {pages} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << "
                b"/F1 3 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_pdf_pages_sharing_a_huge_content_stream_are_refused_before_extraction(act: Path, tmp_path: Path,
                                                                               capsys) -> None:
    """A 37 kB file whose ten pages drew one 4 MB stream took 100 s; 2000 such pages, hours."""
    import time

    line = b"BT /F1 12 Tf 72 700 Td (" + STATUTE.strip().encode() + b") Tj ET\n"
    path = make_pdf(tmp_path / "act.pdf", line + b"BT (x) Tj ET\n" * 300_000, 40)
    assert path.stat().st_size < 100_000
    start = time.perf_counter()
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code == 2 and "act.pdf: the PDF's pages draw more than 67.1 MB of content" in one_error(err)
    assert time.perf_counter() - start < 5


def test_pdf_pages_sharing_a_small_content_stream_are_read(act: Path, tmp_path: Path, fast_cli, capsys) -> None:
    # two pages (three would make the shared line a running header, which is dropped)
    path = make_pdf(tmp_path / "act.pdf", b"BT /F1 12 Tf 72 700 Td (" + STATUTE.strip().encode() + b") Tj ET\n", 2)
    code, out, err = run_cli(["check", "--no-config", "-f", "json", str(path)], capsys)
    assert code in (0, 1), err
    import json

    assert json.loads(out)["statute"]["characters"] > len(STATUTE.strip())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_discovered_config_that_is_a_fifo_is_refused_not_skipped(act: Path, tmp_path: Path) -> None:
    """Skipped, the run went on without the reservations and waivers the folder's config holds."""
    os.mkfifo(tmp_path / "modellaw-check.yaml")
    proc = cli_process(["check", "-f", "json", "act.txt"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "modellaw-check.yaml: not a regular file (a pipe, socket or device)" in one_error(proc.stderr)
