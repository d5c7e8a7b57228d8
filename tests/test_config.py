"""Config file: discovery, validation errors with file and line, command-line precedence, waivers, init."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from workflow_util import ROOT, run_cli, shared_checker, write  # noqa: F401 - fixture

from modellaw_check.config import (
    Config,
    ConfigError,
    LoadedConfig,
    WaiverTracker,
    find_config,
    glob_match,
    load_config,
    reference_markdown,
    resolve_config,
)
from modellaw_check.fail_levels import FAIL_LEVELS, fails

PARTIAL_BILL = "1. A person who accesses a computer system commits an offence and is liable to a fine.\n"


# -- discovery --------------------------------------------------------------------------------------
def test_discovered_from_nested_directory(tmp_path: Path) -> None:
    cfg = write(tmp_path / "repo" / "modellaw-check.yaml", "fail_on: partial\n")
    deep = tmp_path / "repo" / "bills" / "2025" / "draft"
    deep.mkdir(parents=True)
    assert find_config(deep) == cfg
    loaded = resolve_config(None, False, start=deep)
    assert loaded.path == cfg and loaded.config.fail_on == "partial"


def test_nearest_config_wins_and_hidden_name(tmp_path: Path) -> None:
    write(tmp_path / "modellaw-check.yaml", "fail_on: partial\n")
    inner = write(tmp_path / "sub" / ".modellaw-check.yaml", "fail_on: never\n")
    assert find_config(tmp_path / "sub") == inner
    assert resolve_config(None, False, start=tmp_path / "sub").config.fail_on == "never"


def test_pyproject_table(tmp_path: Path) -> None:
    pp = write(tmp_path / "pyproject.toml", '[project]\nname = "laws"\n\n[tool.modellaw-check]\n'
               'fail_on = "missing"\nreservations = ["ART-2.security"]\ninclude = "bills/*.md"\n')
    (tmp_path / "bills").mkdir()
    assert find_config(tmp_path / "bills") == pp
    loaded = load_config(pp)
    assert loaded.config.fail_on == "missing"
    assert loaded.reservation_ids == ["ART-2.security"]
    assert loaded.config.include == ["bills/*.md"]  # a single string is a one-item list


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    cfg = write(tmp_path / "modellaw-check.yaml", "fail_on: never\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "pkg") == cfg


def test_no_config_and_explicit_config(tmp_path: Path) -> None:
    write(tmp_path / "modellaw-check.yaml", "fail_on: never\n")
    other = write(tmp_path / "elsewhere.yaml", "fail_on: partial\n")
    assert resolve_config(None, True, start=tmp_path).path is None
    assert resolve_config(other, False, start=tmp_path).config.fail_on == "partial"
    with pytest.raises(ConfigError, match="not both"):
        resolve_config(other, True)


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path / "modellaw-check.yaml", "# nothing yet\n"))
    assert loaded.config == Config()


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "modellaw-check.yaml",
                "rules: [packs/main, packs/extra]\nbaseline: ci/base.json\n")
    loaded = load_config(cfg)
    assert loaded.rule_dirs == [tmp_path / "packs/main", tmp_path / "packs/extra"]
    assert loaded.baseline_path == tmp_path / "ci/base.json"


def test_fail_levels_match_the_shared_predicate() -> None:
    assert tuple(Config.model_fields["fail_on"].annotation.__args__) == FAIL_LEVELS


# -- every config error: file, line, exit 2 ---------------------------------------------------------
ERRORS = [
    ("unknown_key", "fail_on: partial\nreservation: [ART-2.security]\n", 2, r"'reservation': unknown key"),
    ("bad_type", "fail_on: partial\ninclude:\n  nested: true\n", 3, r"'include'"),
    ("bad_fail_on", "format: json\nfail_on: sometimes\n", 2, r"'fail_on': Input should be 'never'"),
    ("bad_format", "format: xlsx\n", 1, r"'format': unknown format 'xlsx'"),
    ("bad_date", "waivers:\n  - provision: art2-illegal-access\n    reason: in the Penal Code\n"
     "    expires: 2025-13-01\n", 4, r"'waivers\.0\.expires'.*month"),
    ("no_reason", "waivers:\n  - provision: art2-illegal-access\n    files: bills/*.md\n", 2,
     r"'waivers\.0\.reason': Field required"),
    ("empty_reason", "waivers:\n  - provision: art2-illegal-access\n    reason: '  '\n", 2,
     r"'waivers\.0'.*'reason' is empty"),
    ("no_target", "waivers:\n  - reason: deliberate\n", 2, r"exactly one of 'provision' or 'fingerprint'"),
    ("unknown_waiver_key",
     "waivers:\n  - provision: art2-illegal-access\n    reason: x\n    until: 2025-01-01\n", 4,
     r"'waivers\.0\.until': unknown key \(known: provision, fingerprint, files, reason, expires\)"),
    ("reservation_not_id", "reservations:\n  - id: ART-2.security\n  - note: no id\n", 3,
     r"'reservations\.1\.id': Field required"),
    ("malformed_yaml", "fail_on: partial\nwaivers: [\n", 3, r"malformed YAML"),
    ("not_a_mapping", "- fail_on\n", 1, r"expected a mapping"),
]


@pytest.mark.parametrize(("text", "line", "pattern"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_config_error_names_file_and_line(tmp_path: Path, capsys, text: str, line: int, pattern: str) -> None:
    cfg = write(tmp_path / "modellaw-check.yaml", text)
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    assert exc.value.line == line, str(exc.value)
    assert re.search(pattern, str(exc.value)), str(exc.value)
    # Through the CLI, found by discovery: one line on stderr, exit 2, before any statute is read.
    code, out, err = run_cli(["check", str(tmp_path / "does-not-matter.txt"), "--config", str(cfg)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"modellaw-check: error: {cfg}:{line}: ") and err.count("\n") == 1


def test_pyproject_error_names_file_and_key(tmp_path: Path, capsys) -> None:
    pp = write(tmp_path / "pyproject.toml", '[tool.modellaw-check]\nfail_on = "often"\n')
    code, _, err = run_cli(["check", "x.txt", "--config", str(pp)], capsys)
    assert code == 2
    assert f"{pp}: [tool.modellaw-check] key 'fail_on'" in err
    write(tmp_path / "pyproject.toml", '[tool.modellaw-check]\nwaivers = [{provision = "x"}]\n')
    with pytest.raises(ConfigError, match=r"key 'waivers\.0\.reason': Field required"):
        load_config(pp)


def test_missing_config_file_and_conflicting_options(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["check", "x.txt", "--config", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "nope.yaml: config file not found" in err
    code, _, err = run_cli(["check", "x.txt", "--config", "a.yaml", "--no-config"], capsys)
    assert code == 2 and "either --config or --no-config" in err


def test_discovered_config_error_from_a_subdirectory(tmp_path: Path, capsys, monkeypatch) -> None:
    cfg = write(tmp_path / "modellaw-check.yaml", "fail_on: partial\nformat: json\nexclude: 7\n")
    (tmp_path / "bills").mkdir()
    monkeypatch.chdir(tmp_path / "bills")
    code, _, err = run_cli(["check", "bill.txt"], capsys)
    assert code == 2 and f"{cfg}:3: key 'exclude'" in err


# -- command line over config -----------------------------------------------------------------------
def test_command_line_overrides_config(tmp_path: Path) -> None:
    from modellaw_check.cli.check_cmd import settings

    cfg = write(tmp_path / "modellaw-check.yaml", "fail_on: partial\nformat: json\n"
                "reservations: [{id: ART-2.security, note: ratification 2023}]\nbaseline: base.json\n")
    s = settings(cfg, False, None, [])
    assert (s.fail_on, s.fmt, s.reservations, s.baseline) == ("partial", "json", ["ART-2.security"],
                                                               tmp_path / "base.json")
    s = settings(cfg, False, Path("my-rules"), ["ART-6.3"], "never", "sarif", Path("other.json"))
    assert (s.fail_on, s.fmt, s.reservations, s.rule_dirs, s.baseline) == (
        "never", "sarif", ["ART-6.3"], [Path("my-rules")], Path("other.json"))


def test_include_exclude_globs(tmp_path: Path) -> None:
    cfg = write(tmp_path / "modellaw-check.yaml", "include: ['bills/**/*.md', '*.txt']\n"
                "exclude: ['**/README.md']\n")
    for name in ("bills/a.md", "bills/2025/b.md", "bills/README.md", "act.txt", "notes/c.md"):
        write(tmp_path / name, "x\n")
    loaded = load_config(cfg)
    assert [p.relative_to(tmp_path).as_posix() for p in loaded.included_files()] == [
        "act.txt", "bills/2025/b.md", "bills/a.md"]
    assert glob_match("bills/**/*.md", "bills/a.md") and not glob_match("bills/*.md", "bills/x/a.md")
    assert glob_match("*.txt", "deep/down/act.txt")  # no slash: matches the basename anywhere


def test_check_filters_files_given_only_with_force_exclude(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path / "modellaw-check.yaml", "exclude: ['notes.txt']\nformat: json\n")
    write(tmp_path / "notes.txt", "# not a statute\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "--force-exclude", "notes.txt"], capsys)
    assert code == 0 and out == "" and "1 file(s) skipped by --force-exclude" in err


# -- waivers ----------------------------------------------------------------------------------------
def _waiver_config(tmp_path: Path, waivers: str) -> LoadedConfig:
    return load_config(write(tmp_path / "modellaw-check.yaml", "waivers:\n" + waivers))


def test_waiver_applied_expired_and_unmatched(tmp_path: Path, checker) -> None:
    loaded = _waiver_config(tmp_path, (
        "  - provision: art2-illegal-access\n    files: 'bills/*.txt'\n    reason: in the Penal Code s. 12\n"
        "    expires: 2999-01-01\n"
        "  - provision: art3-illegal-interception\n    reason: old decision\n    expires: 2020-06-30\n"
        "  - provision: art9-child-abuse-material\n    files: 'other/*.txt'\n    reason: elsewhere\n"
        "  - fingerprint: '0000000000'\n    reason: stale\n"))
    report = checker.check_text(PARTIAL_BILL, "bills/bill.txt")
    art2, art3 = report.provision("art2-illegal-access"), report.provision("art3-illegal-interception")
    assert art2.status == "partial" and art3.status == "missing"
    assert fails(report, "partial")
    tracker = WaiverTracker(loaded, today=dt.date(2025, 1, 1))
    assert tracker.apply(report, tmp_path / "bills" / "bill.txt") == 1
    assert art2.waived == "in the Penal Code s. 12"
    assert art3.waived is None  # expired: no longer applies
    assert fails(report, "partial")  # art3 and others are still missing
    report.provisions = [art2]
    assert not fails(report, "partial")  # the waived finding does not count
    warnings = tracker.warnings()
    assert any("art3-illegal-interception expired on 2020-06-30" in w for w in warnings)
    assert any("art9-child-abuse-material (files: other/*.txt) matches no finding" in w for w in warnings)
    assert any("fingerprint 0000000000 matches no finding" in w for w in warnings)
    assert not any("art2-illegal-access" in w for w in warnings)


def test_waiver_by_fingerprint_and_expiry_day(tmp_path: Path, checker) -> None:
    report = checker.check_text(PARTIAL_BILL, "bill.txt")
    fp = report.provision("art2-illegal-access").fingerprint
    loaded = _waiver_config(tmp_path,
                            f"  - fingerprint: '{fp}'\n    reason: accepted\n    expires: 2025-03-01\n")
    assert WaiverTracker(loaded, today=dt.date(2025, 2, 28)).apply(report, tmp_path / "bill.txt") == 1
    report = checker.check_text(PARTIAL_BILL, "bill.txt")
    tracker = WaiverTracker(loaded, today=dt.date(2025, 3, 1))  # from the expiry day on it is gone
    assert tracker.apply(report, tmp_path / "bill.txt") == 0
    assert "expired on 2025-03-01" in tracker.warnings()[0]


@pytest.mark.usefixtures("shared_checker")
def test_waivers_end_to_end(tmp_path: Path, capsys, monkeypatch) -> None:
    import json

    write(tmp_path / "bill.txt", PARTIAL_BILL)
    write(tmp_path / "modellaw-check.yaml", (
        "fail_on: partial\nformat: json\nwaivers:\n"
        "  - provision: art2-illegal-access\n    reason: deliberate\n"
        "  - provision: art3-illegal-interception\n    reason: expired one\n    expires: 2001-01-01\n"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "bill.txt", "--only", "art2-illegal-access"], capsys)
    data = json.loads(out)
    assert [(p["id"], p["status"], p["waived"]) for p in data["provisions"]] == [
        ("art2-illegal-access", "partial", "deliberate")]
    assert code == 0  # the only reported finding is waived
    assert "waiver for art3-illegal-interception expired on 2001-01-01; it no longer applies" in err
    assert "1 finding(s) waived by config" in err
    # The same run with --no-config fails: the finding is no longer waived.
    code, out, _ = run_cli(["check", "bill.txt", "--only", "art2-illegal-access", "--no-config",
                            "--format", "json", "--fail-on", "partial"], capsys)
    assert code == 1 and json.loads(out)["provisions"][0]["waived"] is None


# -- init and the generated reference ---------------------------------------------------------------
def test_init_writes_a_valid_commented_config(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init"], capsys)
    assert code == 0 and out == "" and "wrote modellaw-check.yaml" in err  # every write: a line on stderr
    text = (tmp_path / "modellaw-check.yaml").read_text()
    assert text.count("#") > 20 and "waivers:" in text and "reason" in text
    loaded = load_config(tmp_path / "modellaw-check.yaml")
    assert loaded.config.fail_on == "required-missing" and loaded.config.include
    # The commented examples are valid too once uncommented.
    uncommented = re.sub(r"^# ?(\s*(?:- )?[a-z_]+:.*|\s*- .*)$", r"\1", text, flags=re.M)
    uncommented = uncommented.replace("reservations: []", "reservations:").replace("waivers: []", "waivers:")
    write(tmp_path / "full.yaml", uncommented)
    full = load_config(tmp_path / "full.yaml").config
    assert full.format == "text" and len(full.waivers) == 2 and full.reservations[1].note
    code, _, err = run_cli(["init"], capsys)
    assert code == 2 and "already exists; use --force" in err
    (tmp_path / "modellaw-check.yaml").write_text("edited\n")
    assert run_cli(["init", "--force"], capsys)[0] == 0
    assert (tmp_path / "modellaw-check.yaml").read_text() == text


def test_docs_config_reference_is_generated() -> None:
    """docs/workflows.md embeds `modellaw-check config-reference` verbatim, so it cannot drift."""
    doc = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    generated = reference_markdown()
    start, end = generated.splitlines()[0], generated.splitlines()[-1]
    assert start in doc and end in doc, "run: modellaw-check config-reference and paste it into the docs"
    embedded = doc[doc.index(start):doc.index(end) + len(end)] + "\n"
    assert embedded == generated, "docs/workflows.md is stale: paste `modellaw-check config-reference`"
    for key in Config.model_fields:
        assert f"| `{key}` |" in generated
