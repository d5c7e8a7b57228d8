"""Hostile input, hostile file systems (issue 20): outputs that never destroy, never overwrite an
input, a cache that cannot be poisoned, file names as bytes, and the rest of the red-team list.

Device cases never write to a real device: the code must refuse *before* any write, and each test
checks afterwards that /dev/null is still a character device.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from modellaw_check.cli.app import main

STATUTE = ("Section 1. A person who intentionally accesses a computer system without authority commits "
           "an offence.\n")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("modellaw-check: error: "), lines[0]
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def statute_text() -> str:
    """The text of the ``act`` fixture (conftest.py)."""
    return STATUTE


def check(*args: object) -> list[str]:
    return ["check", "--no-config", "--format", "json", *map(str, args)]


@pytest.fixture(autouse=True)
def _never_rename_over_a_device(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even on code that gets it wrong, no test of this file may rename anything over /dev/..."""
    for name in ("replace", "rename"):
        original = getattr(os, name)

        def guarded(src, dst, *a, _original=original, **k):
            if os.path.realpath(os.fspath(dst)).startswith("/dev/"):
                raise AssertionError(f"renaming a file over the device {dst}")
            return _original(src, dst, *a, **k)

        monkeypatch.setattr(os, name, guarded)


def assert_dev_null_intact() -> None:
    st = os.lstat("/dev/null")
    assert stat.S_ISCHR(st.st_mode), "/dev/null is no longer a character device"


# -- 1. output writing that never destroys -----------------------------------------------------------


def test_output_onto_a_character_device_is_refused_before_writing(act: Path, capsys, monkeypatch) -> None:
    import tempfile

    from modellaw_check.report import output

    def no_write(*a: object, **k: object) -> object:
        raise AssertionError("a temporary file was created for a device target")

    monkeypatch.setattr(tempfile, "mkstemp", no_write)
    monkeypatch.setattr(output.os, "replace", no_write)
    code, out, err = run([*check(act), "-o", "/dev/null"], capsys)
    assert_dev_null_intact()
    assert code == 2
    line = one_error(err)
    assert "/dev/null: not a regular file" in line


def test_output_onto_a_fifo_is_refused(act: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    code, _, err = run([*check(act), "-o", fifo], capsys)
    assert code == 2 and "report.fifo: not a regular file" in one_error(err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("argv", [
    lambda t, target: ["init", "--force", str(target)],
    lambda t, target: ["scan", "--no-cache", "-q", "-j", "1", str(t / "act.txt"), "--matrix-csv", str(target)],
    lambda t, target: ["scan", "--no-cache", "-q", "-j", "1", str(t / "act.txt"), "--jsonl", str(target)],
    lambda t, target: ["rules", "doc", "-o", str(target)],
    lambda t, target: ["schema", "report", "-o", str(target)],
    lambda t, target: ["baseline", "write", "--no-config", str(target), str(t / "act.txt")],
], ids=["init", "matrix-csv", "jsonl", "rules-doc", "schema", "baseline"])
def test_every_writer_refuses_a_fifo(argv, act: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "target.yaml"  # a name every writer accepts (init takes only .yaml names)
    os.mkfifo(fifo)
    code, _, err = run(argv(tmp_path, fifo), capsys)
    assert code == 2, err
    assert "target.yaml" in one_error(err) and "not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_every_writer_refuses_dev_null(act: Path, tmp_path: Path, capsys) -> None:
    for argv in (["init", "--force", "/dev/null"],
                 ["scan", "--no-cache", "-q", "-j", "1", str(act), "--matrix-csv", "/dev/null"],
                 ["scan", "--no-cache", "-q", "-j", "1", str(act), "--jsonl", "/dev/null"]):
        code, _, err = run(argv, capsys)
        assert_dev_null_intact()
        # init refuses a name that is no .yaml file before it looks at the target: refused all the same
        refusal = "a config file name ends in .yaml" if argv[0] == "init" else "/dev/null: not a regular file"
        assert code == 2 and refusal in one_error(err), (argv, err)


def test_read_only_report_is_not_replaced(act: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.json"
    out.write_text("OLD", encoding="utf-8")
    out.chmod(0o444)
    code, _, err = run([*check(act), "-o", out], capsys)
    assert code == 2 and "read-only" in one_error(err)
    assert out.read_text(encoding="utf-8") == "OLD"


def test_replaced_report_keeps_its_mode(act: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.json"
    out.write_text("OLD", encoding="utf-8")
    out.chmod(0o600)
    code, _, err = run([*check(act), "-o", out], capsys)
    assert code in (0, 1), err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert '"statute"' in out.read_text(encoding="utf-8")


def test_symlinked_report_writes_through_to_its_target(act: Path, tmp_path: Path, capsys) -> None:
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("OLD", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    code, _, err = run([*check(act), "-o", link], capsys)
    assert code in (0, 1), err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"statute"' in real.read_text(encoding="utf-8")
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]  # no temporary left


def test_dash_means_stdout(act: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run([*check(act), "-o", "-"], capsys)
    assert code in (0, 1), err
    assert '"statute"' in out and not (tmp_path / "-").exists()


def test_long_output_name_is_exit_2(act: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run([*check(act), "-o", tmp_path / ("r" * 300 + ".json")], capsys)
    assert code == 2 and "file name too long" in one_error(err)


def test_no_writer_bypasses_write_atomic() -> None:
    """Every file the tool writes goes through report/output.py (grep the sources)."""
    import re

    src = Path(__file__).resolve().parent.parent / "src" / "modellaw_check"
    pattern = re.compile(r"""\.write_text\(|\.write_bytes\(|open\([^)]*["'][wax]b?["']|os\.replace\(|os\.rename\(""")
    # Not outputs: standard input spooled to a private mkstemp file the readers take as a path.
    allowed = {("cli/common.py", 'with os.fdopen(fd, "wb") as fh:')}
    offenders = []
    for path in src.rglob("*.py"):
        if path.name == "output.py" and path.parent.name == "report":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and (str(path.relative_to(src)), line.strip()) not in allowed:
                offenders.append(f"{path.relative_to(src)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# -- 2. the output never overwrites the input ---------------------------------------------------------


def test_check_output_onto_its_input_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    act = tmp_path / "act.md"
    act.write_text(STATUTE, encoding="utf-8")
    code, _, err = run(["check", "--no-config", "-f", "markdown", "-o", "act.md", "act.md"], capsys)
    assert code == 2
    assert "act.md: is the input act.md" in one_error(err)
    assert act.read_text(encoding="utf-8") == STATUTE


def test_output_onto_a_hard_link_of_the_input_is_refused(act: Path, tmp_path: Path, capsys) -> None:
    link = tmp_path / "other-name.txt"
    os.link(act, link)
    code, _, err = run([*check(act), "-o", link], capsys)
    assert code == 2 and "other-name.txt: is the input" in one_error(err) and "act.txt" in err
    assert act.read_text(encoding="utf-8") == STATUTE


def test_diff_output_onto_an_input_is_refused(act: Path, tmp_path: Path, capsys) -> None:
    new = tmp_path / "new.txt"
    new.write_text(STATUTE, encoding="utf-8")
    code, _, err = run(["diff", "--no-config", str(act), str(new), "-o", str(new)], capsys)
    assert code == 2 and "is the input" in one_error(err)
    assert new.read_text(encoding="utf-8") == STATUTE


@pytest.mark.parametrize("option", ["--jsonl", "--matrix-csv", "--matrix-html"])
def test_scan_output_onto_an_input_is_refused(option: str, act: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(["scan", "--no-cache", "-q", "-j", "1", str(tmp_path), option, str(act)], capsys)
    assert code == 2 and "act.txt: is the input" in one_error(err)
    assert act.read_text(encoding="utf-8") == STATUTE


# -- 3. a poisoned scan cache -----------------------------------------------------------------------

OTHER = ("Section 2. A person who intentionally intercepts computer data without right commits an offence, "
         "and a person who damages computer data without right commits an offence.\n")


def scan_rows(args: list[str], tmp_path: Path, capsys) -> tuple[int, list[dict], str]:
    import json

    out = tmp_path / "rows.jsonl"
    code, _, err = run(["scan", "-q", "-j", "1", "--no-filter", "--cache-dir", str(tmp_path / "cache"), *args,
                        "--jsonl", str(out)], capsys)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return code, rows, err


def test_file_changed_during_a_scan_does_not_poison_the_cache(tmp_path: Path, monkeypatch, capsys) -> None:
    from modellaw_check.scan import task

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "acts"
    folder.mkdir()
    act = folder / "act.txt"
    act.write_text(STATUTE, encoding="utf-8")
    original = task.analyse

    def changed_under_us(path: str, *args: object):
        Path(path).write_text(OTHER, encoding="utf-8")  # after the parent hashed STATUTE
        return original(path, *args)

    monkeypatch.setattr(task, "analyse", changed_under_us)
    code, rows, err = scan_rows([str(folder)], tmp_path, capsys)
    assert code in (0, 1), err
    assert rows[0]["report"]["statute"]["characters"] == len(OTHER)  # what was checked
    monkeypatch.setattr(task, "analyse", original)
    act.write_text(STATUTE, encoding="utf-8")  # the content the parent hashed the first time
    code, rows, err = scan_rows([str(folder)], tmp_path, capsys)
    assert code in (0, 1), err
    # The cached row for STATUTE's hash, if any, must be STATUTE's report, not OTHER's.
    assert rows[0]["report"]["statute"]["characters"] == len(STATUTE), rows[0]["cached"]


def test_damaged_cache_rows_are_misses_not_aborts(act: Path, tmp_path: Path, capsys) -> None:
    import sqlite3

    code, rows, err = scan_rows([str(act)], tmp_path, capsys)
    assert code in (0, 1) and rows[0]["status"] == "ok", err
    expected = rows[0]["report"]["summary"]
    dbs = list((tmp_path / "cache").rglob("rows.sqlite"))
    assert dbs
    bad_values = [b'{"status": "ok"}', b'{"status": "ok", "report": {"statute": {}, "provisions": 5}}',
                  b'[1, 2]', b'{"status": "ok", "report": {"statute": {"title": 7}, "summary": {}, '
                  b'"provisions": [{"id": 1}]}}', b"\xff\xfe not json", b"[" * 5000]
    for bad in bad_values:
        for db_path in dbs:
            db = sqlite3.connect(db_path)
            db.execute("UPDATE rows SET row = ?, synopsis = ?", (bad, bad))
            db.execute("UPDATE meta SET value = ?", (b'{"provisions": 5, "meta": 1}',))
            db.commit()
            db.close()
        code, rows, err = scan_rows([str(act)], tmp_path, capsys)
        assert code in (0, 1), (bad, err)
        assert rows[0]["status"] == "ok" and not rows[0]["cached"], bad
        assert rows[0]["report"]["summary"] == expected


# -- 4. file names as bytes ---------------------------------------------------------------------------

BAD_NAMES = [b"act\xff.txt", b"new\nline.txt", b"good.txt"]


def test_undecodable_file_names_are_reported_escaped_in_a_scan(tmp_path: Path, monkeypatch, capsys) -> None:
    import json

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "acts"
    folder.mkdir()
    for name in BAD_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(STATUTE.encode())
    out = tmp_path / "rows.jsonl"
    code, _, err = run(["scan", "-q", "-j", "1", "--no-filter", "--no-cache", str(folder), "--jsonl", str(out),
                        "--matrix-csv", str(tmp_path / "m.csv")], capsys)
    assert code in (0, 1), err
    text = out.read_bytes().decode("utf-8")  # valid UTF-8 whatever the names
    rows = [json.loads(line) for line in text.splitlines()]
    assert [r["status"] for r in rows] == ["ok"] * 3
    paths = sorted(os.path.basename(r["path"]) for r in rows)
    assert paths == ["act\\xff.txt", "good.txt", "new\\nline.txt"]
    assert all(r["report"]["statute"]["path"] == r["path"] for r in rows)
    assert "act\\xff.txt" in (tmp_path / "m.csv").read_text(encoding="utf-8")


def test_check_of_an_undecodable_file_name(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    with open(b"act\xff.txt", "wb") as fh:
        fh.write(STATUTE.encode())
    code, out, err = run(["check", "--no-config", "-f", "text", os.fsdecode(b"act\xff.txt")], capsys)
    assert code in (0, 1), err
    assert "act\\xff.txt" in out
    code, _, err = run(["check", "--no-config", os.fsdecode(b"nope\xff.txt")], capsys)
    assert code == 2 and "nope\\xff.txt: no such file" in one_error(err)


# -- 5. symbolic links out of a scanned folder ----------------------------------------------------------


def test_symlink_out_of_the_scanned_folder_is_reported_not_read(tmp_path: Path, monkeypatch, capsys) -> None:
    import json

    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET first line\n" + STATUTE, encoding="utf-8")
    folder = tmp_path / "acts"
    folder.mkdir()
    (folder / "act.txt").write_text(STATUTE, encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "act.txt")
    (folder / "leak.txt").symlink_to(secret)
    out = tmp_path / "rows.jsonl"
    code, stdout, err = run(["scan", "-j", "1", "--no-filter", "--no-cache", str(folder), "--jsonl", str(out),
                             "--matrix-csv", str(tmp_path / "m.csv")], capsys)
    rows = {os.path.basename(r["path"]): r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["act.txt"]["status"] == rows["inside.txt"]["status"] == "ok"
    assert rows["leak.txt"]["status"] == "error" and "outside the scanned folder" in rows["leak.txt"]["error"]
    everything = out.read_text(encoding="utf-8") + (tmp_path / "m.csv").read_text(encoding="utf-8") + stdout + err
    assert "TOP SECRET" not in everything
    assert code == 2


# -- 6. invisible characters inside words ----------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\u202e", "\u2066",
                                       "\ufeff"])
def test_invisible_characters_inside_words_do_not_hide_an_element(invisible: str, checker) -> None:
    from modellaw_check.read.text import normalise

    plain = ("Section 1. A person who intentionally accesses a computer system without authorisation "
             "commits an offence.\nSection 2. Unauthorised access to a computer system is an offence.\n")
    hidden = plain.replace("authorisation", f"author{invisible}isation").replace(
        "Unauthorised", f"Unauth{invisible}orised").replace("computer", f"com{invisible}puter")
    assert normalise(hidden) == plain
    want = checker.check_text(plain, path="plain.txt")
    got = checker.check_text(hidden, path="hidden.txt")
    by_id = {p.id: p for p in got.provisions}
    for p in want.provisions:
        assert by_id[p.id].status == p.status, p.id
        assert [e.status for e in by_id[p.id].elements] == [e.status for e in p.elements], p.id
    art2 = by_id["art2-illegal-access"]
    assert art2.status != "missing"
    text = normalise(hidden)
    for el in art2.elements:  # evidence still points at the right characters of the normalised text
        for ev in el.evidence:
            assert text[ev.start:ev.end] == ev.quote
            line = text[:ev.start].count("\n") + 1
            assert ev.line == line


# -- 7. resources and hangs from small inputs -------------------------------------------------------


def test_html_declaring_punycode_is_decoded_without_hanging(tmp_path: Path, monkeypatch, capsys) -> None:
    import signal

    monkeypatch.chdir(tmp_path)
    page = tmp_path / "act.html"
    body = "<p>" + STATUTE + "</p>" * 2000  # ASCII: the punycode codec tries to decode it all
    page.write_bytes(f'<html><head><meta charset="punycode"></head><body>{body}</body></html>'.encode())

    def too_slow(*a: object) -> None:
        raise TimeoutError("decoding hung")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    try:
        code, out, err = run(check(page), capsys)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert code in (0, 1), err


def test_html_nested_too_deep_is_exit_2_not_lost_text(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 300 + STATUTE + "</div>" * 300 + "</body></html>", encoding="utf-8")
    code, _, err = run(check(page), capsys)
    assert code == 2 and "deep.html: HTML nested more than 256" in one_error(err)


def _docx(tmp_path: Path, numbering: str, paragraphs: str) -> Path:
    import zipfile

    path = tmp_path / "act.docx"
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                    'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml"'
                    ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                    '</Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
                    '</Relationships>')
        zf.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering {w}>{numbering}</w:numbering>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {w}><w:body>{paragraphs}</w:body>'
                    '</w:document>')
    return path


@pytest.mark.parametrize("start,ilvl", [("2000000000", "0"), ("9" * 5000, "0"), ("3", "one"), ("1", "9" * 5000)])
def test_docx_list_numbering_is_bounded(start: str, ilvl: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
                 '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    para = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>'
            + STATUTE.strip() + '</w:t></w:r></w:p>')
    path = _docx(tmp_path, numbering, para * 3)
    code, out, err = run([*check(path)], capsys)
    assert code in (0, 1), err
    import json

    assert json.loads(out)["statute"]["characters"] < 2000


# -- 8. exit 2, not 3, for bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["\u00b2", "9" * 5000, "\u0663"])
def test_odd_limit_values_are_exit_2(value: str, act: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MODELLAW_MAX_BYTES", value)
    code, _, err = run(check(act), capsys)
    assert code == 2 and "MODELLAW_MAX_BYTES must be a positive whole number" in one_error(err)


# -- 9. escaping ---------------------------------------------------------------------------------------------

HOSTILE_TITLE = ("\x1b]0;owned\x07\x1b[2J[click me](http://evil.example/) ![x](http://evil.example/x.png) "
                 "Computer Misuse Act\n")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_control_characters_and_links_from_a_statute_are_neutralised(fmt: str, tmp_path: Path, monkeypatch,
                                                                     capsys) -> None:
    monkeypatch.chdir(tmp_path)
    act = tmp_path / "act.txt"
    act.write_text(HOSTILE_TITLE + STATUTE, encoding="utf-8")
    code, out, err = run(["check", "--no-config", "-f", fmt, str(act)], capsys)
    assert code in (0, 1), err
    assert "\x1b" not in out and "\x07" not in out
    assert "Computer Misuse Act" in out
    if fmt == "markdown":
        assert "](http" not in out.replace("\\](http", "")


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "acts"
    folder.mkdir()
    (folder / "act.txt").write_text('=HYPERLINK("http://evil.example","x")\n' + STATUTE, encoding="utf-8")
    (folder / "-act.txt").write_text("@SUM(1)\n" + STATUTE, encoding="utf-8")
    out = tmp_path / "m.csv"
    code, _, err = run(["scan", "-q", "-j", "1", "--no-cache", "--no-filter", str(folder), "--matrix-csv", str(out)],
                       capsys)
    assert code in (0, 1), err
    import csv

    cells = [c for row in csv.reader(out.read_text(encoding="utf-8").splitlines()) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and c != "-")]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells


def test_custom_templates_are_sandboxed(act: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "evil.txt.j2"
    template.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    code, out, err = run(["check", "--no-config", "-f", "text", "--template", str(template), str(act)], capsys)
    assert code == 2 and "template" in one_error(err)
    assert "subprocess" not in out and "Popen" not in out


def test_sarif_help_uris_are_http_only() -> None:
    from modellaw_check.report.sarif import _web

    assert _web("https://example.org/rules/art2.md") and _web("http://example.org/")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "", None, "https://x/\nInjected"):
        assert not _web(bad), bad


# -- 10. SIGTERM ---------------------------------------------------------------------------------------------


def test_sigterm_during_a_scan_is_handled_like_ctrl_c(tmp_path: Path, monkeypatch, capsys) -> None:
    import json
    import signal

    from modellaw_check.report.matrix import Matrix

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "acts"
    folder.mkdir()
    for n in range(4):  # not about computer crime: the parent handles them, no worker needed
        (folder / f"dogs{n}.txt").write_text(f"Section {n}. Every dog shall be licensed by the council.\n",
                                             encoding="utf-8")
    original = Matrix.add
    sent = []

    def add(self, row):  # SIGTERM once the first row is in
        original(self, row)
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Matrix, "add", add)
    before = signal.getsignal(signal.SIGTERM)
    out = tmp_path / "rows.jsonl"
    code, _, err = run(["scan", "-q", "-j", "1", "--cache-dir", str(tmp_path / "cache"), str(folder),
                        "--jsonl", str(out)], capsys)
    assert signal.getsignal(signal.SIGTERM) == before  # restored
    assert code == 143, err
    assert "terminated after 1 of 4 files" in err and "resume" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    monkeypatch.setattr(Matrix, "add", original)
    code, _, err = run(["scan", "-q", "-j", "1", "--cache-dir", str(tmp_path / "cache"), str(folder),
                        "--jsonl", str(out)], capsys)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code in (0, 1) and len(rows) == 4 and sum(r["cached"] for r in rows) == 1, err


def test_deeply_nested_baseline_is_exit_2(act: Path, tmp_path: Path, capsys) -> None:
    base = tmp_path / "base.json"
    base.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = run([*check(act), "--baseline", str(base)], capsys)
    assert code == 2 and "nested too deeply" in one_error(err), err
