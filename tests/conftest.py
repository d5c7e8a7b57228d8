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
