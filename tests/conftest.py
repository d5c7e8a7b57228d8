"""Shared fixtures: one Checker (spaCy pipeline + compiled pack) for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def checker():
    from modellaw_check.check import Checker

    return Checker()


@pytest.fixture(scope="session")
def corpus():
    def path(name: str) -> Path:
        p = CORPORA / name
        assert p.is_file(), f"corpus file missing: {p}"
        return p

    return path


@pytest.fixture(scope="session")
def report_of(checker, corpus):
    """Checked corpus statutes, cached per session."""
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = checker.check_path(corpus(name))
        return cache[name]

    return get


@pytest.fixture
def fast_cli(monkeypatch, checker):
    """The real CLI, with the session's Checker instead of building a new one per call."""
    from modellaw_check import settings

    monkeypatch.setattr(settings, "build_checker", lambda spec, pack=None: checker)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    from modellaw_check.cli.app import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _input_hashes() -> dict[str, str]:
    import hashlib

    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in (EXAMPLES, CORPORA, ROOT / "tests" / "data") for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module", autouse=True)
def inputs_unchanged():
    """No test module may change a bundled statute, bill or test file (every report is written elsewhere,
    and the tool never writes over its input): their hashes before and after each module."""
    before = _input_hashes()
    yield
    after = _input_hashes()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"input files changed, added or removed by this test module: {changed}"


@pytest.fixture
def act(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statute_text: str) -> Path:
    """A statute (the module's ``statute_text`` fixture) in the working directory, debug output off."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODELLAW_DEBUG", raising=False)
    p = tmp_path / "act.txt"
    p.write_text(statute_text, encoding="utf-8")
    return p
