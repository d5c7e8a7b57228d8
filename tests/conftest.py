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
