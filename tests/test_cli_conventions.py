"""Command-line conventions a user of ruff, Vale or sqlfluff expects (issue 19): what is checked, help,
ids, standard input, what a run says it wrote, output that fits the terminal or a pipe."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from workflow_util import ROOT, run_cli, shared_checker, write  # noqa: F401 (fixture)

EXAMPLE = ROOT / "examples" / "draft-cybercrime-bill.md"
NON_CYBER = ROOT / "tests" / "data" / "non-cyber" / "fisheries-act-excerpt.txt"
SMALL_ACT = "Section 3. Whoever intentionally and without right accesses a computer system commits an offence.\n"


# -- folder discovery takes statutes only ------------------------------------------------------------
@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A corpus laid out like corpora/: statutes beside documentation and label YAML."""
    d = tmp_path / "corpora"
    write(d / "act.txt", NON_CYBER.read_text(encoding="utf-8"))
    for doc in ("SOURCES.md", "README.md", "LICENSE.txt", "CHANGELOG.md", "fr/GLOSSARY.md", "labels/README.md"):
        write(d / doc, "# Notes on the corpus\n\nWhere the statutes come from.\n")
    write(d / "labels" / "act.yaml", "statute: act.txt\nlabels: {}\n")
    write(d / "modellaw-check.yaml", "fail_on: never\n")
    return d


def test_folder_discovery_skips_documentation_and_metadata(collection: Path) -> None:
    from modellaw_check.scan.discover import Skipped, discover, is_documentation

    skipped = Skipped()
    found = list(discover([str(collection)], skipped=skipped))
    assert [p.name for p in found] == ["act.txt"]
    assert sorted(p.name for p in skipped.paths) == sorted(
        ["SOURCES.md", "README.md", "LICENSE.txt", "CHANGELOG.md", "GLOSSARY.md", "README.md", "act.yaml",
         "modellaw-check.yaml"])
    # A file named on the command line is always read, documentation or not.
    assert [p.name for p in discover([str(collection / "SOURCES.md")])] == ["SOURCES.md"]
    assert is_documentation("readme.markdown") and is_documentation("LICENCE") and not is_documentation("act.md")


def test_scan_summary_counts_skipped_files(collection: Path, capsys) -> None:
    code, out, err = run_cli(["scan", str(collection), "--jobs", "1", "--no-cache"], capsys)
    assert code == 0, err
    assert "1 files" in out and "8 skipped as documentation or metadata" in out


@pytest.mark.usefixtures("shared_checker")
def test_check_without_file_skips_documentation(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path / "modellaw-check.yaml", "include: ['bills/*.md']\nformat: json\nfail_on: never\n")
    write(tmp_path / "bills" / "bill.md", SMALL_ACT)
    write(tmp_path / "bills" / "README.md", "# Bills of this session\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check"], capsys)
    assert code == 0 and json.loads(out)["statute"]["path"].endswith("bill.md")
    assert "1 documentation or metadata file(s) skipped" in err


# -- a file named is always checked; --force-exclude for pre-commit -----------------------------------
@pytest.mark.usefixtures("shared_checker")
def test_named_file_outside_include_is_checked(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path / "modellaw-check.yaml", "include: ['bills/**/*.md']\nexclude: ['drafts/*']\nformat: json\n")
    write(tmp_path / "act.txt", SMALL_ACT)
    write(tmp_path / "drafts" / "old.txt", SMALL_ACT)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "act.txt"], capsys)
    assert code == 1 and json.loads(out)["statute"]["path"] == "act.txt" and "skipped" not in err
    code, out, _ = run_cli(["check", "drafts/old.txt"], capsys)  # excluded, but named: checked
    assert code == 1 and json.loads(out)["statute"]["path"] == "drafts/old.txt"
    code, out, err = run_cli(["check", "--force-exclude", "drafts/old.txt"], capsys)
    assert code == 0 and out == "" and "1 file(s) skipped by --force-exclude" in err
    code, out, _ = run_cli(["check", "--force-exclude", "act.txt"], capsys)  # not excluded: checked
    assert code == 1 and json.loads(out)["statute"]["path"] == "act.txt"


def test_precommit_hook_forces_exclude_and_docs_say_so() -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert "--force-exclude" in hook["entry"].split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflows = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    for doc in (readme, workflows):
        assert "--force-exclude" in doc and "always checked" in doc


# -- piped output is plain and never wraps ids --------------------------------------------------------
def test_rules_list_piped_is_one_plain_line_per_provision(capsys) -> None:
    from modellaw_check.rules import load_pack

    code, out, _ = run_cli(["rules", "list"], capsys)
    assert code == 0
    lines = out.splitlines()
    ids = [r.id for r in load_pack(None).rules]
    for rid in ids:
        line = next(ln for ln in lines if ln.split()[:1] == [rid])
        assert "terrorism" in line if rid.startswith("terror") else True
    assert len(lines) == len(ids)  # no title, header or wrapped continuation lines
    assert all(ln == ln.rstrip() for ln in lines) and "│" not in out and "\x1b" not in out


def test_table_report_never_wraps_ids(checker) -> None:
    from modellaw_check.report import RenderOptions, render

    report = checker.check_text(SMALL_ACT, "act.txt")
    for width in (80, 90, 200):  # a terminal's width (the stacked layout below 120 columns), or piped
        text = render(report, "table", RenderOptions(width=width))
        assert max(len(line) for line in text.splitlines()) <= width
        for p in report.provisions:
            assert p.id in text, p.id
        assert "without right" in text


# -- help: placeholders as words, flags as flags, the same argument names ------------------------------
@pytest.mark.parametrize("argv, usage", [
    (["check"], "check [OPTIONS] [FILE]..."),
    (["scan"], "scan [OPTIONS] PATH..."),
    (["diff"], "diff [OPTIONS] OLD NEW"),
    (["explain"], "explain [OPTIONS] ID"),
    (["rules", "show"], "rules show [OPTIONS] ID"),
    (["rules", "validate"], "rules validate [OPTIONS] [PATH]"),
    (["baseline", "write"], "baseline write [OPTIONS] BASELINE FILE..."),
    (["init"], "init [OPTIONS] [FILE]"),
    (["eval"], "eval [OPTIONS]"),
    (["schema"], "schema [OPTIONS] [KIND]"),
    ([], "modellaw-check [OPTIONS] COMMAND"),
])
def test_help_reads_as_words(argv, usage, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli([*argv, "--help"], capsys)
    assert code == 0 and usage in out, out
    assert not re.search(r"<(bool|str|int|path|list\[\w+\])>", out, re.I), out
    assert "{" not in out.split("\n\n")[0]
    for line in out.splitlines():  # a flag shows no placeholder after it
        m = re.match(r"\W*(--(?:force|no-config|no-cache|quiet|verbose|debug|version|help|force-exclude))\b(.*)", line)
        if m:
            assert not re.match(r"\s+(-\w\s+)?[A-Z]{2,}\b", m.group(2)), line


def test_dask_help_names_the_extra(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    _, out, _ = run_cli(["scan", "--help"], capsys)
    assert "modellaw-check[dask]" in out and "ADDRESS" in out


def test_init_force_takes_no_value(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["init", "--force", "true"], capsys)
    assert code == 2 and "--force is a flag" in err and not (tmp_path / "true").exists()


def test_no_command_prints_help_on_stderr_and_exits_2(capsys) -> None:
    code, out, err = run_cli([], capsys)
    assert code == 2 and out == "" and "Usage: modellaw-check" in err and "check" in err
    code, out, err = run_cli(["rules"], capsys)
    assert code == 2 and out == "" and "Usage: modellaw-check rules" in err


# -- unknown ids are usage errors with a "did you mean" -----------------------------------------------
def test_starter_config_names_only_real_ids() -> None:
    from modellaw_check.cli.config_cmd import STARTER
    from modellaw_check.rules import load_pack

    pack = load_pack(None)
    named = set(re.findall(r"provision: ([\w-]+)", STARTER))
    assert named and named <= {r.id for r in pack.rules}
    reservations = set(re.findall(r"^#\s+- (?:id: )?(ART-[\w.]+)", STARTER, re.M))
    assert reservations and reservations <= pack.reservation_ids()


@pytest.mark.usefixtures("shared_checker")
@pytest.mark.parametrize("config, argv, expect", [
    ("", ["--only", "art9-child-pornography"], "--only: unknown provision id 'art9-child-pornography' "
     "(did you mean art9-child-abuse-material?)"),
    ("", ["--reservation", "ART-2.securty"], "--reservation: unknown reservation 'ART-2.securty' "
     "(did you mean ART-2.security?)"),
    ("reservations: [ART-6]\n", [], "reservations: unknown reservation 'ART-6' (did you mean ART-6.3?)"),
    ("waivers:\n  - provision: art9-child-pornography\n    reason: elsewhere\n", [],
     "waivers: unknown provision id 'art9-child-pornography' (did you mean art9-child-abuse-material?)"),
])
def test_unknown_ids_are_usage_errors(tmp_path: Path, capsys, monkeypatch, config, argv, expect) -> None:
    write(tmp_path / "modellaw-check.yaml", config or "fail_on: never\n")
    write(tmp_path / "act.txt", SMALL_ACT)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "act.txt", *argv], capsys)
    assert code == 2 and out == "" and expect in err, err
    assert "valid: " in err and err.count("\n") == 1


def test_unknown_ids_in_other_commands(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["explain", "art2-ilegal-access"], capsys)
    assert code == 2 and "did you mean art2-illegal-access?" in err
    code, _, err = run_cli(["rules", "show", "terror5"], capsys)
    assert code == 2 and "did you mean terror5-public-provocation?" in err
    write(tmp_path / "act.txt", SMALL_ACT)
    code, _, err = run_cli(["scan", str(tmp_path), "--no-cache", "--reservation", "ART-6"], capsys)
    assert code == 2 and "did you mean ART-6.3?" in err


# -- standard input -----------------------------------------------------------------------------------
def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.usefixtures("shared_checker")
def test_check_reads_standard_input(capsys, monkeypatch) -> None:
    _stdin(monkeypatch, SMALL_ACT.encode())
    code, out, _ = run_cli(["check", "-", "--no-config", "--format", "json", "--only", "art2-illegal-access"],
                           capsys)
    data = json.loads(out)
    assert data["statute"]["path"] == "<stdin>" and data["provisions"][0]["status"] == "implemented"
    assert code == 0
    _stdin(monkeypatch, b"")
    code, _, err = run_cli(["check", "-", "--no-config"], capsys)
    assert code == 2 and "<stdin>: file contains no text" in err and "/tmp" not in err


@pytest.mark.usefixtures("shared_checker")
def test_diff_reads_standard_input(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path / "v1.txt", SMALL_ACT)
    _stdin(monkeypatch, SMALL_ACT.replace("and without right ", "").encode())
    code, out, _ = run_cli(["diff", str(tmp_path / "v1.txt"), "-", "--no-config"], capsys)
    assert code == 1 and "REGRESSED" in out


# -- every write is announced, with the summary and why the exit code -----------------------------------
@pytest.mark.usefixtures("shared_checker")
def test_output_file_is_announced_with_the_exit_reason(tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.html"
    code, out, err = run_cli(["check", str(EXAMPLE), "--no-config", "--format", "html", "--output",
                              str(report)], capsys)
    assert code == 1 and out == "" and report.is_file()
    assert err.count("\n") == 1
    assert re.fullmatch(rf"modellaw-check: wrote {re.escape(str(report))}: \d+ implemented, \d+ partial, \d+ "
                        r"missing \(\d+ required\) — exit 1: \d+ required provision\(s\) missing "
                        r"\(--fail-on required-missing\)\n", err), err
    code, _, err = run_cli(["check", str(EXAMPLE), "--no-config", "-o", str(tmp_path / "r.txt"),
                            "--fail-on", "never"], capsys)
    assert code == 0 and err.endswith("— exit 0\n")


def test_other_writes_are_announced(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["schema", "-o", str(tmp_path / "s.json")], capsys)
    assert code == 0 and err == f"modellaw-check: wrote {tmp_path / 's.json'}\n"
    matrix = tmp_path / "m.html"
    write(tmp_path / "acts" / "act.txt", NON_CYBER.read_text(encoding="utf-8"))
    code, _, err = run_cli(["scan", str(tmp_path / "acts"), "--no-cache", "-q", "--matrix-html", str(matrix)],
                           capsys)
    assert code == 0 and f"wrote {matrix}: 1 file(s)" in err and "exit 0" in err


# -- the scan's progress and summary fit the terminal ---------------------------------------------------
def test_scan_progress_starts_at_zero_and_fits(tmp_path: Path) -> None:
    from rich.console import Console

    from modellaw_check.cli.scan_cmd import _Progress

    files = [write(tmp_path / f"a{i}.txt", "x\n") for i in range(19)]
    progress = _Progress(files)
    buf = io.StringIO()
    Console(file=buf, width=80, force_terminal=False).print(progress.progress.make_tasks_table(
        progress.progress.tasks))
    line = buf.getvalue().rstrip("\n")
    assert "0/19 files" in line and " /19" not in line and len(line) <= 80


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_scan_summary_fits_and_counts_not_applicable(checker, corpus, monkeypatch) -> None:
    from modellaw_check.cli.scan_cmd import _summary
    from modellaw_check.report.matrix import Matrix
    from modellaw_check.scan.engine import ScanStats
    from modellaw_check.scan.rows import NotApplicable, Synopsis, ok_row

    matrix = Matrix(checker.pack, keep_entries=False)
    report = checker.check_path(corpus("us-18-usc-1030-cfaa.txt")).model_dump(mode="json")
    matrix.add(Synopsis.of(ok_row("cfaa.txt", report, 1, 0.0, None)))
    na = NotApplicable(checker.pack, [])
    for name in ("fish.txt", "roads.txt", "companies.txt"):
        matrix.add(Synopsis.of(ok_row(name, na.report(name, "text", "An Act"), 1, 0.0, None)))
    stats = ScanStats(files=4, bytes=1_234_567, ok=4, relevant=1, not_relevant=3, failing=1, seconds=2.0)
    monkeypatch.setenv("COLUMNS", "80")
    for width in (80, 100, None):  # None: on a terminal of 80 columns
        buf = _Terminal() if width is None else io.StringIO()
        _summary(matrix, stats, buf, skipped=2, width=width)
        text = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())
        width = width or 80
        assert max(len(ln) for ln in text.splitlines()) <= width, text
        assert "1 with findings at --fail-on required-missing" in text  # never broken inside a clause
        assert "art17-traffic-preservation-disclosure" in text
        row = next(ln for ln in text.splitlines() if ln.startswith("art2-illegal-access"))
        assert row.split()[-1] == "3"  # not applicable: the three acts not about computer crime


# -- the matrix page ---------------------------------------------------------------------------------------
def test_matrix_html_shows_titles_and_paths_and_scrolls_inside(checker, corpus) -> None:
    from modellaw_check.report import matrix_html
    from modellaw_check.report.matrix import Matrix
    from modellaw_check.scan.rows import Synopsis, ok_row

    matrix = Matrix(checker.pack)
    report = checker.check_path(corpus("us-18-usc-1030-cfaa.txt")).model_dump(mode="json")
    long_title = "An Act to make provision for securing computer material against unauthorised access or " \
                 "modification, and for connected purposes (Consolidated Version, as amended up to 2024)"
    for path in ("laws/2019/computer-misuse-act.txt", "laws/2024/computer-misuse-act.txt"):
        report["statute"]["title"] = long_title
        matrix.add(Synopsis.of(ok_row(path, json.loads(json.dumps(report)), 1, 0.0, None)))
    html = matrix_html.render(matrix)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "text-overflow: ellipsis" not in html
    assert re.search(r"\.scroll \{[^}]*overflow-x: auto", html)
    assert '<div class="scroll">\n<table class="matrix">' in html  # the matrix scrolls, not the page
    assert re.search(r"\.stmt \{[^}]*position: sticky; left: 0", html)
    for path in ("laws/2019/computer-misuse-act.txt", "laws/2024/computer-misuse-act.txt"):
        assert f'<code class="path">{path}</code>' in html  # visible, not only in a tooltip
    assert html.count(long_title) >= 2


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


# -- wording --------------------------------------------------------------------------------------------------
def test_text_report_wording(checker) -> None:
    from modellaw_check.report import RenderOptions, render

    report = checker.check_text("Section 3. A person who accesses a computer system commits an offence.\n", "a.txt")
    text = render(report, "text", RenderOptions())
    assert f"Rule pack: {report.rule_pack.title}, version {report.rule_pack.version}\n" in text
    assert "; required; category: terrorism; score" in text
    assert not re.search(r"; (required|recommended) (offence|terrorism|procedure|definition)", text)
    assert "without_right" not in text and "without right" in text
    table = render(report, "table", RenderOptions(width=200))
    assert "without_right" not in table and "without right" in table and ", version " in table
    assert "without_right" in render(report, "json", RenderOptions())  # JSON keeps the ids


# -- README and docs examples run as written -----------------------------------------------------------------
def _sh_commands(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).split(" | ")[0].strip()  # the command, not what it is piped to
            if line.startswith("modellaw-check "):
                commands.append(line)
    return commands


OUTPUT_OPTIONS = {"-o", "--output", "--jsonl", "--matrix-csv", "--matrix-html"}
GLOB_OPTIONS = {"--include", "--exclude"}
STATUTE = re.compile(r"\.(txt|md|docx)$")


def _inputs(argv: list[str]) -> list[str]:
    """The arguments of a command that name files or folders it reads (not its outputs or globs)."""
    return [a for i, a in enumerate(argv) if not (i and argv[i - 1] in OUTPUT_OPTIONS | GLOB_OPTIONS)
            and ("/" in a or STATUTE.search(a)) and not a.startswith("-")]


def _stand_in(workdir: Path, name: str) -> None:
    """A statute under a name the docs use (bill.docx, statutes/act.txt, laws/): the example bill."""
    import glob

    path = workdir / name
    if name.endswith("/"):
        path = path / EXAMPLE.name  # a folder of statutes: the bill, as Markdown
    elif glob.has_magic(name):
        path = path.parent / "act.txt"
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":
        import docx

        document = docx.Document()
        for para in EXAMPLE.read_text(encoding="utf-8").split("\n\n"):
            document.add_paragraph(para.strip("# \n"))
        document.save(path)
    else:
        shutil.copy(EXAMPLE, path)


@pytest.mark.usefixtures("shared_checker")
def test_readme_and_docs_examples_run_as_written(tmp_path: Path, capsys, monkeypatch) -> None:
    """Every `modellaw-check` line of the sh blocks in README.md, docs/workflows.md and docs/scan.md runs,
    in order, in a fresh folder per document holding the repository's examples/ and corpora/; a statute
    the docs name that is not in the repository (bill.docx, statutes/act.txt, laws/) is the example
    bill under that name. Exit codes as documented: 0, or 1 where the bill's findings fail the run."""
    import glob
    import shlex

    ran = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "workflows.md", ROOT / "docs" / "scan.md"):
        workdir = tmp_path / doc.stem
        workdir.mkdir()
        for folder in ("examples", "corpora"):
            (workdir / folder).symlink_to(ROOT / folder)
        monkeypatch.chdir(workdir)
        commands = [shlex.split(c.split(" > ")[0])[1:] for c in _sh_commands(doc)]
        for argv in commands:  # the files first: a later command may read what an earlier one names
            for name in _inputs(argv):
                if not name.startswith(("examples/", "corpora/")) and "gold" not in argv[argv.index(name) - 1]:
                    _stand_in(workdir, name)
        for argv in commands:
            if any(not glob.glob(a) for a in _inputs(argv)):
                continue  # e.g. `eval --gold my-labels/`: the reader's own labels
            argv = [x for a in argv for x in (sorted(glob.glob(a)) if glob.has_magic(a) and a in _inputs(argv)
                                              else [a])]
            if argv[0] == "scan":
                argv += ["--no-cache", "--jobs", "1"]
            code, _, err = run_cli(argv, capsys)
            command = " ".join(argv)
            zero = argv[0] in ("explain", "rules", "schema", "init", "baseline", "diff") or "never" in argv \
                or "--baseline" in argv  # diff: the same bill twice; --baseline: every finding recorded
            assert code in ((0,) if zero else (0, 1)), f"{doc.name}: {command}: exit {code}: {err}"
            ran.append(command)
    assert any(c.startswith("check examples/") for c in ran), ran
    assert any(c.startswith("baseline write") for c in ran) and any(c.startswith("init") for c in ran), ran
    assert any(c.startswith("diff") for c in ran) and len(ran) >= 20, ran


MEASURE = """<script>
const box = document.querySelector('.scroll');
const cell = () => document.querySelector('table.matrix tbody .stmt');
const before = cell().getBoundingClientRect();
box.scrollLeft = 400;
const after = cell().getBoundingClientRect();
document.body.insertAdjacentHTML('beforeend', '<pre id="measure">' + JSON.stringify({
  page: document.documentElement.scrollWidth, inner: window.innerWidth,
  boxScrolls: box.scrollWidth > box.clientWidth, moved: box.scrollLeft,
  stickyLeft: after.left - box.getBoundingClientRect().left, width: before.width,
  text: cell().innerText}) + '</pre>');
</script>"""


@pytest.mark.skipif(_chromium() is None, reason="no browser: `apt-get install -y chromium` (Debian) to run it")
@pytest.mark.parametrize("width", [390, 1280])
def test_matrix_page_in_a_browser(tmp_path: Path, checker, corpus, width: int) -> None:
    """At 390 and 1280 px: no page-level horizontal overflow, the matrix scrolls inside its box, and the
    first column (full title and file name) stays in view while it scrolls."""
    import html
    import subprocess

    from modellaw_check.report import matrix_html
    from modellaw_check.report.matrix import Matrix
    from modellaw_check.scan.rows import Synopsis, ok_row

    matrix = Matrix(checker.pack)
    report = checker.check_path(corpus("us-18-usc-1030-cfaa.txt")).model_dump(mode="json")
    report["statute"]["title"] = "Computer Fraud and Abuse Act (18 U.S.C. 1030), as amended up to 2024"
    matrix.add(Synopsis.of(ok_row("laws/us/18-usc-1030-computer-fraud-and-abuse.txt", report, 1, 0.0, None)))
    page = tmp_path / "matrix.html"
    page.write_text(matrix_html.render(matrix).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    proc = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--window-size={width},900", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    found = re.findall(r'<pre id="measure">(\{.*?)</pre>', proc.stdout, re.S)  # not the script's own text
    assert found, proc.stderr[-2000:]
    got = json.loads(html.unescape(found[-1]))
    assert got["page"] <= got["inner"], got  # no page-level horizontal overflow
    if width < 800:  # 31 provisions do not fit 390 px: the matrix box scrolls, not the page
        assert got["boxScrolls"] and got["moved"] > 0, got
    if got["moved"]:
        assert abs(got["stickyLeft"]) <= 1, got  # the statute column stays in view
    assert "as amended up to 2024" in got["text"] and "18-usc-1030-computer-fraud-and-abuse.txt" in got["text"]
