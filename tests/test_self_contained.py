"""A fresh clone is enough: the tests and the package read nothing from a ``shared`` folder beside it.

The statutes, treaties and expert labels the tests and ``eval`` use are copied into ``corpora/`` (see
``corpora/SOURCES.md``). A reference to the sibling folder (``../shared``, ``parent / "shared"``)
would make tests fail, or parametrized tests silently vanish, in a clone without it. ``bench/`` and the
docs may still name ``../shared/tools/agreement``, an external tool; they are not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modellaw_check.gold import load_gold
from tests.conftest import CORPORA, ROOT

# Spelled so that this file does not match itself: "../shared", "..\\shared", `parent / "shared"`,
# `parents[1] / 'shared'`, `Path("..", "shared")`, and an absolute "/work/shared".
SIBLING = re.compile(
    r"""\.\.[/\\]+shared\b"""
    r"""|parents?(\[\d+\])?\s*/\s*["']shared["']"""
    r"""|["']\.\.["']\s*,\s*["']shared["']"""
    r"""|/work/shared\b"""
)
SCANNED = sorted(p for folder in ("src", "tests") for p in (ROOT / folder).rglob("*")
                 if p.is_file() and p.suffix in {".py", ".pyi", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".json",
                                                  ".txt", ".md"}
                 and "__pycache__" not in p.parts)


def test_the_pattern_catches_what_it_should():
    for bad in ('SHARED = ROOT.parent / "shared" / "corpora"', "open('../shared/corpora/x.txt')",
                "ROOT.parents[1] / 'shared'", 'Path("..", "shared")', "/work/shared/corpora"):
        assert SIBLING.search(bad), bad
    for fine in ("shared_checker", "the thresholds are shared", "shared storage", '"shared concept"'):
        assert not SIBLING.search(fine), fine


def test_no_reference_to_a_shared_sibling_folder():
    assert len(SCANNED) > 50, "src/ and tests/ not found"
    me = Path(__file__).resolve()
    hits = []
    for path in SCANNED:
        if path.resolve() == me:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            if SIBLING.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, "read the repository's corpora/ instead of the sibling shared folder:\n" + "\n".join(hits)


LABELS = sorted([*(CORPORA / "labels").glob("*.yaml"), *(CORPORA / "fr" / "labels").glob("*.yaml")])


def test_the_label_sets_are_there():
    # Parametrized tests over an empty glob vanish without a word: count what must be there.
    assert len(list((CORPORA / "labels").glob("*.yaml"))) >= 11
    assert len(list((CORPORA / "fr" / "labels").glob("*.yaml"))) >= 3


@pytest.mark.parametrize("path", LABELS, ids=lambda p: str(p.relative_to(CORPORA)))
def test_every_label_file_finds_its_statute_in_the_repository(path):
    gold = load_gold(path)
    assert gold.statute.is_file(), f"{path.name}: {gold.statute} missing"
    assert gold.statute.resolve().is_relative_to(CORPORA.resolve())


def test_every_corpus_text_has_a_source_note():
    notes = (CORPORA / "SOURCES.md").read_text(encoding="utf-8") + (CORPORA / "fr" / "SOURCES.md").read_text(
        encoding="utf-8")
    texts = sorted(CORPORA.rglob("*.txt"))
    assert len(texts) >= 21
    missing = [str(p.relative_to(CORPORA)) for p in texts if p.name not in notes]
    assert not missing, f"not in corpora/SOURCES.md or corpora/fr/SOURCES.md: {missing}"
