"""The terminal table fits the terminal (issue 17, item 4): as wide as the terminal it is given, plain
unwrapped lines when piped, ids never broken, missing rows with their missing elements, element names as
words, level and category apart."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES

from modellaw_check.report import RenderOptions, render

EXAMPLE = EXAMPLES / "draft-cybercrime-bill.md"
BOX = re.compile(r"[│┃━─┏┓┗┛┡┩╇╋┼├┤]")


@pytest.fixture(scope="module")
def report(checker):
    return checker.check_path(EXAMPLE)


def _row_lines(text: str, pid: str) -> list[str]:
    return [ln for ln in text.splitlines() if re.search(rf"(?:^|[\s│]){re.escape(pid)}(?:$|[\s│])", ln)]


def test_piped_table_is_one_plain_line_per_provision(report):
    text = render(report, "table", RenderOptions())  # no width: not a terminal
    assert not BOX.search(text) and "\x1b" not in text
    lines = text.splitlines()
    assert all(ln == ln.rstrip() for ln in lines)
    header = next(ln for ln in lines if ln.startswith("Provision"))
    assert header.split() == ["Provision", "Level", "Category", "Status", "Score", "Implemented", "by", "Missing",
                              "elements"]
    for p in report.provisions:
        (line,) = _row_lines(text, p.id)  # exactly one line: nothing wrapped onto a second
        fields = line.split()
        assert fields[:4] == [p.id, p.level, p.category, p.status]  # level and category, each its own field
        if p.status != "implemented":
            for name in p.missing_elements:
                assert name.replace("_", " ") in line
    assert "_" not in " ".join(ln for ln in lines if not ln.split()[0].startswith(("art", "def", "terror")))
    # rows are greppable: one provision, its whole row
    art3 = _row_lines(text, "art3-illegal-interception")[0]
    assert "partial" in art3 and "intent, without right" in art3 and "without_right" not in text


@pytest.mark.parametrize("width", [60, 80, 100, 119, 120, 140, 169, 170, 200])
def test_terminal_table_fits_and_never_breaks_an_id(report, width):
    text = render(report, "table", RenderOptions(width=width))
    assert max(len(ln) for ln in text.splitlines()) <= width
    for p in report.provisions:
        assert _row_lines(text, p.id), f"{p.id} broken or missing at {width} columns"
    assert "without_right" not in text and "without right" in text
    flat = " ".join(text.split())
    # level and category apart, never run together as "required offence"
    assert not re.search(r"\b(required|recommended) (offence|procedure|definition|terrorism)\b", flat)
    if width >= 170:
        header = next(ln for ln in text.splitlines() if "Provision" in ln)
        assert "Level" in header and "Category" in header
    else:
        assert "required · offence" in text


@pytest.mark.parametrize("width", [80, 140])
def test_missing_rows_show_their_missing_elements(report, width):
    text = render(report, "table", RenderOptions(width=width))
    misuse = report.provision("art6-misuse-of-devices")
    assert misuse.status == "missing" and misuse.missing_elements
    # the row's cells, from its id to the next row's rule
    start = text.index("art6-misuse-of-devices")
    row = text[start:text.index("├", start)] if "├" in text[start:] else text[start:]
    cells = " ".join(re.sub(r"[│┃]", " ", row).split())
    for name in misuse.missing_elements:
        assert name.replace("_", " ") in cells


def test_cli_table_piped_is_plain(fast_cli, capsys, tmp_path):
    from tests.conftest import run_cli

    before = EXAMPLE.read_bytes()
    code, out, _ = run_cli(["check", str(EXAMPLE), "--no-config", "-f", "table", "--fail-on", "never"], capsys)
    assert code == 0 and not BOX.search(out)
    assert len(_row_lines(out, "art2-illegal-access")) == 1
    assert EXAMPLE.read_bytes() == before
