"""The error model, end to end: every kind of bad input, through the real CLI entry point.

Each case runs ``modellaw_check.cli.app.main([...])`` as a user would and asserts the exit code, a
single ``modellaw-check: error: ...`` line on stderr that names the file and the problem, and no
traceback. docs/robustness.md lists the same cases for users; keep the two in step.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from modellaw_check.cli.app import main
from modellaw_check.rules.loader import default_rules_dir

ROOT = Path(__file__).resolve().parent.parent
RULE = default_rules_dir() / "art2-illegal-access.yaml"
STATUTE = ("Section 1. A person who intentionally accesses a computer system without authority commits "
           "an offence.\n")

# A setup gets the test's tmp_path and monkeypatch and returns the argv (after "modellaw-check").
Setup = Callable[[Path, pytest.MonkeyPatch], list[str]]


@dataclass
class Case:
    id: str
    setup: Setup
    message: list[str]  # fragments the one error line must contain (file name and problem)
    code: int = 2
    env: dict[str, str] = field(default_factory=dict)


def statute(tmp: Path, name: str = "act.txt", data: bytes | str = STATUTE) -> Path:
    p = tmp / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


BAD_YAML = "id: x\n  title: [\n"  # an indented key under a scalar: a YAML syntax error on line 2


def check(*args: str | Path) -> list[str]:
    # --no-config: a modellaw-check.yaml above the working directory must not change the outcome.
    return ["check", "--no-config", "--format", "json", *map(str, args)]


def rule_dir(tmp: Path, text: str) -> Path:
    """A --rules directory with one rule file (no pack.yaml: the bundled concepts are borrowed)."""
    d = tmp / "myrules"
    d.mkdir()
    (d / "bad.yaml").write_text(text, encoding="utf-8")
    return d


def mkdir(p: Path) -> Path:
    p.mkdir()
    return p


# The line of "level:" in the bundled rule, which bad_schema() breaks: the message must point at it.
LEVEL_LINE = RULE.read_text(encoding="utf-8").splitlines().index("level: required") + 1


def bad_schema() -> str:
    text = RULE.read_text(encoding="utf-8")
    assert "\nlevel: required\n" in text
    return text.replace("\nlevel: required\n", "\nlevel: mandatory\n")


def unreadable(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    p = statute(tmp, "secret.txt")
    if os.geteuid() != 0:
        p.chmod(0)
    else:
        # Tests often run as root (CI containers), and root reads a chmod-000 file anyway; so make
        # the read itself fail the way the kernel would for an ordinary user.
        original = os.open

        def os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if os.fsdecode(path).endswith("secret.txt"):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
            return original(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        mp.setattr(os, "open", os_open)
    return check(p)


def unwritable_output(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    import tempfile

    # As with unreadable(): root may write anywhere, so the temporary file's creation fails instead.
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    mp.setattr(tempfile, "mkstemp", mkstemp)
    return [*check(statute(tmp)), "--output", str(tmp / "report.json")]


def internal_error(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    from modellaw_check.check import Checker

    def boom(self: object, doc: object) -> None:
        raise RuntimeError("boom\nsecond line")

    mp.setattr(Checker, "check_document", boom)
    return check(statute(tmp))


def fifo(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    p = tmp / "pipe.txt"
    os.mkfifo(p)  # reading it would block for ever: it must be refused before any read
    return check(p)


CASES = [
    # -- the statute file ------------------------------------------------------------------------
    Case("missing-path", lambda t, m: check(t / "nope.txt"), ["nope.txt: no such file"]),
    Case("path-under-a-file", lambda t, m: check(statute(t) / "x.txt"),
         ["act.txt/x.txt: no such file", "part of the path is a file"]),
    Case("permission-denied", unreadable, ["secret.txt: permission denied"]),
    Case("directory-not-file", lambda t, m: check(mkdir(t / "statutes")), ["statutes: is a directory"]),
    Case("fifo-not-file", fifo, ["pipe.txt: not a regular file"]),
    Case("empty-file", lambda t, m: check(statute(t, "empty.txt", b"")),
         ["empty.txt: file contains no text"]),
    Case("whitespace-only", lambda t, m: check(statute(t, "blank.txt", " \n\t\r\n\u00a0\n")),
         ["blank.txt: file contains no text"]),
    Case("binary-file", lambda t, m: check(statute(t, "image.txt", bytes(range(256)) * 8)),
         ["image.txt: binary file"]),
    Case("undecodable-text",
         lambda t, m: check(statute(t, "bom.txt", codecs.BOM_UTF8 + b"Section 1 \xff\xfe")),
         ["bom.txt: undecodable text", "UTF-8"]),
    Case("undecodable-utf16", lambda t, m: check(statute(t, "u16.txt", codecs.BOM_UTF16_LE + b"S\x00x")),
         ["u16.txt: undecodable text", "UTF-16"]),
    Case("over-size-limit", lambda t, m: check(statute(t)),
         ["act.txt: file is", "over the 50 bytes limit", "MODELLAW_MAX_BYTES"],
         env={"MODELLAW_MAX_BYTES": "50"}),
    Case("over-character-limit", lambda t, m: check(statute(t)),
         [f"act.txt: {len(STATUTE):,} characters, over the 40 limit", "split it"],
         env={"MODELLAW_MAX_CHARS": "40"}),
    Case("over-character-limit-by-size", lambda t, m: check(statute(t)),  # > 4 bytes a character allowed
         [f"act.txt: file is {len(STATUTE)} bytes, more than the 20-character limit", "split it"],
         env={"MODELLAW_MAX_CHARS": "20"}),
    Case("bad-limit-value", lambda t, m: check(statute(t)),
         ["MODELLAW_MAX_BYTES must be a positive whole number"], env={"MODELLAW_MAX_BYTES": "lots"}),
    Case("unknown-input-format", lambda t, m: [*check(statute(t)), "--input-format", "wordperfect"],
         ["unknown input format 'wordperfect'"]),
    # -- rules and config --------------------------------------------------------------------------
    Case("malformed-yaml-rule", lambda t, m: [*check(statute(t)), "--rules", str(rule_dir(t, BAD_YAML))],
         ["bad.yaml:2: malformed YAML"]),
    Case("malformed-yaml-validate", lambda t, m: ["rules", "validate", str(rule_dir(t, BAD_YAML))],
         ["bad.yaml:2: malformed YAML"]),
    Case("rule-schema-violation",
         lambda t, m: [*check(statute(t)), "--rules", str(rule_dir(t, bad_schema()))],
         [f"bad.yaml:{LEVEL_LINE}: field 'level'", "'required' or 'recommended'"]),
    Case("rule-schema-validate-file",
         lambda t, m: ["rules", "validate", str(rule_dir(t, bad_schema()) / "bad.yaml")],
         [f"bad.yaml:{LEVEL_LINE}: field 'level'"]),
    Case("rule-not-a-mapping", lambda t, m: ["rules", "validate", str(rule_dir(t, "- just\n- a list\n"))],
         ["bad.yaml:1: expected a mapping"]),
    Case("rules-dir-missing", lambda t, m: ["rules", "validate", str(t / "norules")],
         ["norules: rule directory does not exist"]),
    Case("rules-dir-is-file", lambda t, m: [*check(statute(t)), "--rules", str(statute(t, "r.txt"))],
         ["r.txt: not a directory"]),
    Case("malformed-config",
         lambda t, m: ["check", "--format", "json", "--config",
                       str(statute(t, "modellaw-check.yaml", "fail_on: [\n")), str(statute(t))],
         ["modellaw-check.yaml", "YAML"]),
    Case("unknown-rule-id-show", lambda t, m: ["rules", "show", "art99-nothing"],
         ["unknown provision id 'art99-nothing'", "valid: "]),
    Case("unknown-rule-id-test", lambda t, m: ["rules", "test", "--id", "art99-nothing"],
         ["--id: unknown provision id 'art99-nothing'", "valid: "]),
    Case("unknown-provision-only", lambda t, m: [*check(statute(t)), "--only", "art99-nothing"],
         ["--only: unknown provision id 'art99-nothing'", "valid: "]),
    Case("unknown-reservation", lambda t, m: [*check(statute(t)), "--reservation", "ART-99"],
         ["--reservation: unknown reservation 'ART-99'", "valid:"]),
    # -- command-line values -----------------------------------------------------------------------
    Case("bad-format", lambda t, m: ["check", "--no-config", "--format", "pdf", str(statute(t))],
         ["unknown format 'pdf'", "choose from"]),
    Case("bad-fail-on", lambda t, m: [*check(statute(t)), "--fail-on", "sometimes"],
         ["unknown --fail-on 'sometimes'", "required-missing"]),
    Case("unknown-option", lambda t, m: [*check(statute(t)), "--colour"],
         ["No such option: --colour", "modellaw-check check --help"]),
    Case("missing-argument", lambda t, m: ["rules", "show"], ["Missing argument", "rules show --help"]),
    Case("unknown-command", lambda t, m: ["chekc"], ["No such command 'chekc'"]),
    # -- the output file ---------------------------------------------------------------------------
    Case("output-dir-missing", lambda t, m: [*check(statute(t)), "--output", str(t / "no" / "r.json")],
         ["/no: the output folder does not exist"]),
    Case("output-is-directory", lambda t, m: [*check(statute(t)), "--output", str(t)],
         ["is a directory; give a file name"]),
    Case("output-unwritable", unwritable_output, ["report.json: cannot write the report: Permission denied"]),
    # -- a bug: exit 3, a hint to report it, still no traceback --------------------------------------
    Case("internal-error", internal_error,
         ["internal error: RuntimeError: boom; second line", "re-run with --debug and report it"], code=3),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_line_and_exit_code(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # no stray config file from the working directory
    monkeypatch.delenv("MODELLAW_DEBUG", raising=False)
    for name in ("MODELLAW_MAX_BYTES", "MODELLAW_MAX_CHARS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    argv = case.setup(tmp_path, monkeypatch)
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code == case.code, f"exit {exc.value.code}, stderr: {err!r}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    assert lines[0].startswith("modellaw-check: error: "), lines[0]
    for fragment in case.message:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    assert "Traceback" not in out + err
    assert not out.strip(), f"nothing on stdout for an error, got {out[:200]!r}"


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--debug re-raises, so the traceback of an internal error reaches the bug report."""
    monkeypatch.delenv("MODELLAW_DEBUG", raising=False)
    argv = internal_error(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", *argv])


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The installed entry point, in its own process: a bad file and an undecodable one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELLAW_")}
    for args, fragment in (
        (check(tmp_path / "nope.txt"), "nope.txt: no such file"),
        (check(statute(tmp_path, "bom.txt", codecs.BOM_UTF8 + b"\xff")), "bom.txt: undecodable text"),
        (["check", "--bogus"], "No such option: --bogus"),
    ):
        proc = subprocess.run([sys.executable, "-m", "modellaw_check", *args], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and fragment in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr


# -- inputs are never modified; outputs are complete or absent ------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    import hashlib

    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, corpus: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A statute, a config file and a rule directory in an inputs/ folder; cwd is tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODELLAW_DEBUG", raising=False)
    inputs = tmp_path / "inputs"
    (inputs / "rules").mkdir(parents=True)
    (inputs / "act.txt").write_bytes(corpus("my-computer-crimes-act-1997.txt").read_bytes())
    (inputs / "rules" / RULE.name).write_bytes(RULE.read_bytes())
    (inputs / "modellaw-check.yaml").write_text("fail_on: never\n", encoding="utf-8")
    return inputs


def test_inputs_are_never_modified(project: Path, tmp_path: Path) -> None:
    before = _snapshot(project)
    out = tmp_path / "report.json"
    with pytest.raises(SystemExit) as exc:
        main(["check", "--config", str(project / "modellaw-check.yaml"), "--rules", str(project / "rules"),
              "--format", "json", "--output", str(out), str(project / "act.txt")])
    assert exc.value.code == 0
    assert '"art2-illegal-access"' in out.read_text(encoding="utf-8")
    assert _snapshot(project) == before  # same files, same bytes, not even touched


def test_failed_render_keeps_the_old_report(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from modellaw_check.report import json_report

    out = tmp_path / "report.json"
    out.write_text("OLD REPORT", encoding="utf-8")

    def broken(report: object, options: object) -> str:
        raise RuntimeError("renderer failed half-way")

    monkeypatch.setattr(json_report, "render", broken)
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-config", "--format", "json", "--output", str(out), str(project / "act.txt")])
    assert exc.value.code == 3
    assert "renderer failed half-way" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "OLD REPORT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "report.json"]  # no temporary left


def test_failed_write_keeps_the_old_report(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk while writing: one line, exit 2, the old report intact, no temporary file left."""
    import errno

    out = tmp_path / "report.json"
    out.write_text("OLD REPORT", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-config", "--format", "json", "--output", str(out), str(project / "act.txt")])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.strip() == f"modellaw-check: error: {out}: cannot write the report: No space left on device"
    assert out.read_text(encoding="utf-8") == "OLD REPORT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "report.json"]


def test_cli_raises_the_gc_threshold_and_restores_nothing_else():
    """The tool's process runs with a high gen-0 threshold (millions of acyclic tuples per statute)."""
    import gc

    from modellaw_check.cli.app import main
    from modellaw_check.runtime import GC_THRESHOLDS

    before = gc.get_threshold()
    try:
        with pytest.raises(SystemExit):
            main(["--version"])
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.isenabled()  # raised, never switched off: cycles are still collected
    finally:
        gc.set_threshold(*before)
