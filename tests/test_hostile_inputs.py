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
def act(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODELLAW_DEBUG", raising=False)
    p = tmp_path / "act.txt"
    p.write_text(STATUTE, encoding="utf-8")
    return p


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


def test_a_lowered_statute_limit_still_reads_the_rule_pack(act: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MODELLAW_MAX_BYTES", "4096")  # the pack's files are bigger; the statute is not
    code, _, err = run_cli(["check", "--no-config", "-f", "json", str(act)], capsys)
    assert code in (0, 1), err


def test_guarded_reader_bounds_a_file_that_grows_after_its_status(tmp_path: Path) -> None:
    from modellaw_check.errors import RuleError
    from modellaw_check.read.guard import read_regular

    p = tmp_path / "r.yaml"
    p.write_bytes(b"x" * 10)
    small = os.stat(p)
    p.write_bytes(b"x" * 100)  # grown since ``small`` was taken: the read itself must stop
    with pytest.raises(RuleError, match="over the 50 bytes limit"):
        read_regular(p, 50, error=RuleError, st=small)
    assert read_regular(p, 100) == b"x" * 100


def test_guarded_reader_messages(tmp_path: Path) -> None:
    from modellaw_check.errors import InputError
    from modellaw_check.read.guard import read_text

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
