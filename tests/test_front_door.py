"""One front door: every command resolves its settings (config file + command line) and builds its
Checker the same way, so `scan` and `check` agree on the same file under the same config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli
from workflow_util import write

BILL = EXAMPLES / "draft-cybercrime-bill.md"


def _statuses(report: dict) -> dict[str, tuple]:
    return {p["id"]: (p["status"], p["waived"], p["baselined"]) for p in report["provisions"]}


@pytest.fixture
def project(tmp_path, monkeypatch, capsys):
    """A project whose config takes a reservation, waives one finding and names a baseline that
    records only some of the bill's findings (so the exit code depends on all three)."""
    bill = tmp_path / "bills" / "bill.md"
    bill.parent.mkdir()
    shutil.copy(BILL, bill)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["baseline", "write", "full-baseline.json", "bills/bill.md", "--no-config"], capsys)
    assert code == 0, err
    full = json.loads((tmp_path / "full-baseline.json").read_text(encoding="utf-8"))
    entries = full["files"]["bills/bill.md"]
    keep = [e for e in entries if e["rule"].startswith("art1")]  # the procedural powers only
    assert keep and len(keep) < len(entries)
    full["files"]["bills/bill.md"] = keep
    write(tmp_path / "baseline.json", json.dumps(full))
    write(tmp_path / "modellaw-check.yaml", "reservations: [ART-22.2]\n"
          "waivers:\n  - provision: art9-child-abuse-material\n    reason: in the Children Act\n"
          "baseline: baseline.json\n")
    return bill


def test_scan_and_check_agree_under_one_config(project, tmp_path, capsys):
    code_check, out, err = run_cli(["check", "bills/bill.md", "--format", "json"], capsys)
    assert code_check == 1, err
    checked = json.loads(out)
    assert checked["reservations"] == ["ART-22.2"]
    statuses = _statuses(checked)
    assert statuses["art9-child-abuse-material"][1] == "in the Children Act"
    assert any(baselined for _, _, baselined in statuses.values())

    code_scan, _, err = run_cli(["scan", "bills/bill.md", "--jsonl", "rows.jsonl", "--no-cache", "-j", "1", "-q"],
                                capsys)
    (row,) = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["report"]["reservations"] == ["ART-22.2"]
    assert _statuses(row["report"]) == statuses
    assert code_scan == code_check
    assert "1 finding(s) waived by config" in err

    # Without the config both commands see another pack setting: the config is what made them agree.
    code_plain, _, _ = run_cli(["scan", "bills/bill.md", "--jsonl", "plain.jsonl", "--no-cache", "-j", "1", "-q",
                                "--no-config"], capsys)
    plain = json.loads((tmp_path / "plain.jsonl").read_text(encoding="utf-8"))
    assert plain["report"]["reservations"] == [] and _statuses(plain["report"]) != statuses


def test_scan_without_json_lines_accepts_findings_from_synopses(project, tmp_path, capsys):
    """Waivers and the baseline (by fingerprint) apply to a scan that reads only synopses, cold and warm
    (from the cache): the same accepted findings and exit code as `check`."""
    code_check, _, err = run_cli(["check", "bills/bill.md", "--format", "json"], capsys)
    accepted = [line for line in err.splitlines() if "waived by config" in line]
    assert accepted and "0 in the baseline" not in accepted[0]
    for cached in ("0 from cache", "1 from cache"):
        code, out, err = run_cli(["scan", "bills/bill.md", "--cache-dir", str(tmp_path / "cache"), "-j", "1",
                                  "--matrix-csv", "m.csv"], capsys)
        assert code == code_check and cached in " ".join(out.split()), out
        assert [line for line in err.splitlines() if "waived by config" in line] == accepted


def test_scan_names_a_config_typo(project, tmp_path, capsys):
    write(tmp_path / "modellaw-check.yaml", "waivers:\n  - provision: art9-child-porn\n    reason: x\n")
    code, _, err = run_cli(["scan", "bills/bill.md", "--no-cache", "-j", "1", "-q"], capsys)
    assert code == 2
    assert "waivers: unknown provision id 'art9-child-porn' (did you mean art9-child-abuse-material?)" in err


def test_settings_resolver_command_line_wins(tmp_path):
    from modellaw_check.settings import PackSpec, resolve

    config = write(tmp_path / "modellaw-check.yaml", "pack: chairmans-model-law\nrules: [extra]\n"
                   "reservations: [ART-6.3]\nfail_on: partial\n")
    s = resolve(config)
    assert s.spec == PackSpec(pack="chairmans-model-law", rules=(str(tmp_path / "extra"),),
                              reservations=("ART-6.3",))
    assert s.fail_on == "partial" and not s.cli_reservations
    s = resolve(config, rules=Path("mine"), reservations=["ART-4.2"], fail_on="never", language="fr")
    # --rules names the pack to use instead: neither the config's folders nor its pack name remain
    assert s.spec == PackSpec(rules=("mine",), reservations=("ART-4.2",), language="fr")
    assert s.fail_on == "never" and s.cli_reservations


def test_one_reader_entry_point_for_the_scan_parent_and_worker(tmp_path, monkeypatch):
    """The scan's parent and its worker read a file through `read.read_source` (the reader's checks,
    limits and format detection), and get the same bytes, format and text."""
    from modellaw_check import read
    from modellaw_check.scan import Scanner, ScanOptions

    source = read.read_source(BILL)
    assert source.data == BILL.read_bytes() and source.format == "markdown"
    assert source.text == BILL.read_text(encoding="utf-8")
    real, seen = read.read_source, []
    monkeypatch.setattr(read, "read_source", lambda path, *a: seen.append(real(path, *a)) or seen[-1])
    rows = []
    Scanner(ScanOptions(jobs=1)).run([BILL], lambda synopsis, row: rows.append(row))
    assert rows[0]["status"] == "ok" and rows[0]["relevant"]
    assert len(seen) == 2  # the parent (hash, filter) and the worker (check)
    assert {(s.data, s.format, s.text) for s in seen} == {(source.data, source.format, source.text)}
    binary = write(tmp_path / "act.txt", "x")
    binary.write_bytes(b"\x00\x01\x02" * 50)
    assert Scanner(ScanOptions(jobs=1)).run([binary], lambda synopsis, row: rows.append(row)).errors == 1
    assert rows[-1]["error"] == "binary file, not a text statute (use a supported format)"


def test_every_command_builds_its_checker_in_one_place(project, tmp_path, monkeypatch, capsys, checker):
    """check, scan, diff, eval and baseline write all build their Checker with settings.build_checker,
    from the spec the config resolves to (here: its reservation)."""
    from modellaw_check import settings
    from modellaw_check.scan import task

    specs: list[settings.PackSpec] = []

    def build(spec, pack=None):
        specs.append(spec)
        return checker  # the session's: what is checked is the spec each command asks for

    monkeypatch.setattr(settings, "build_checker", build)
    for cache in ("_CHECKERS", "_NOT_APPLICABLE", "_RELEVANCE"):  # the scan worker's, per process
        monkeypatch.setattr(task, cache, {})
    write(tmp_path / "gold" / "bill.yaml",
          "statute: bills/bill.md\nlabels:\n  art2-illegal-access: {status: implemented}\n")
    commands = {
        "check": ["check", "bills/bill.md", "--format", "json"],
        "scan": ["scan", "bills/bill.md", "--no-cache", "-j", "1", "-q"],
        "diff": ["diff", "bills/bill.md", "bills/bill.md"],
        "eval": ["eval", "--gold", "gold", "--corpus", ".", "--format", "json"],
        "baseline": ["baseline", "write", "new-baseline.json", "bills/bill.md"],
    }
    for name, args in commands.items():
        specs.clear()
        code, _, err = run_cli(args, capsys)
        assert code in (0, 1), (name, err)
        assert specs == [settings.PackSpec(reservations=("ART-22.2",))], (name, specs)


def test_scan_folders_follow_the_config_exclude(tmp_path, monkeypatch, capsys):
    """The config's exclude leaves out files `scan` finds in folders (as for `check` without FILE); a
    file named is always scanned; its include (the statutes `check` checks) does not narrow a scan."""
    from conftest import ROOT

    acts = sorted((ROOT / "tests" / "data" / "non-cyber").glob("*.txt"))[:2]
    monkeypatch.chdir(tmp_path)
    for folder, act in zip(("acts", "drafts"), acts, strict=True):
        write(tmp_path / folder / act.name, act.read_text(encoding="utf-8"))
    write(tmp_path / "modellaw-check.yaml", "include: ['bills/**']\nexclude: ['drafts/**']\n")

    def scanned(*args: str) -> list[str]:
        code, out, err = run_cli(["scan", *args, "--jsonl", "-", "--no-cache", "-j", "1", "-q"], capsys)
        assert code == 0, err
        return sorted(Path(json.loads(line)["path"]).parent.name for line in out.splitlines())

    assert scanned(".") == ["acts"]
    assert scanned(f"drafts/{acts[1].name}") == ["drafts"]
    assert scanned(".", "--no-config") == ["acts", "drafts"]
    code, _, err = run_cli(["scan", "drafts", "--no-cache", "-j", "1", "-q"], capsys)
    assert code == 2 and "1 file(s) in folders left out by `exclude` in" in err
