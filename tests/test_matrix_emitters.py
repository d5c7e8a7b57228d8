"""The scan matrix's emitters (report/matrix_csv.py, report/matrix_html.py) against stored snapshots.

The matrix is built from hand-written synopses (no checking: fast and fixed), covering each kind of
row: a checked statute with every status, an act not about computer crime, an unreadable file, and
titles that would be a spreadsheet formula or markup. After an intended change to an emitter, rewrite
the snapshots with ``MODELLAW_UPDATE_SNAPSHOTS=1 pytest tests/test_matrix_emitters.py`` and review the diff.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from conftest import ROOT

from modellaw_check.report import matrix_csv, matrix_html
from modellaw_check.report.matrix import Matrix
from modellaw_check.scan.rows import Cell, Synopsis
from modellaw_check.status import Status

SNAPSHOTS = ROOT / "tests" / "snapshots" / "matrix"  # not in tests/data, which scans read


@dataclass
class Heading:
    id: str
    title: str
    level: str
    source: str


@dataclass
class Pack:
    rules: list[Heading]


PACK = Pack([Heading("art2-access", "Illegal access", "required", "Art. 2"),
             Heading("art3-interception", "Illegal interception", "required", "Art. 3"),
             Heading("art6-devices", "Misuse of devices <tools>", "recommended", "Art. 6"),
             Heading("art4-data", "Data interference", "required", "Art. 4")])


def _matrix() -> Matrix:
    matrix = Matrix(PACK)
    cells = [
        Cell("art2-access", Status.IMPLEMENTED, "required", 1.0, ["3(1)"], [], "intentionally accesses",
             "s. 3(1), line 12"),
        Cell("art3-interception", Status.PARTIAL, "required", 0.6, ["4"], ["non_public", "technical_means"],
             "intercepts", "s. 4, line 20"),
        Cell("art6-devices", Status.MISSING, "recommended", 0.0, [], ["device", "intent"]),
    ]  # art4-data: not in this statute's row (a pack that grew since it was cached): an empty cell
    matrix.add(Synopsis("acts/b-computer-misuse.txt", "ok", 1200, relevant=True, title="Computer Misuse Act",
                        coverage=0.533, cells=cells))
    matrix.add(Synopsis("acts/a-fisheries.txt", "ok", 300, relevant=False, title="Fisheries Act",
                        relevance={"reason": "no computer-crime vocabulary"}))
    matrix.add(Synopsis("acts/c-broken.pdf", "error", 10, error="not a PDF file"))
    matrix.add(Synopsis("acts/d-=HYPERLINK.txt", "ok", 50, relevant=True, title='=HYPERLINK("x") <script>',
                        coverage=0.0, cells=[Cell("art2-access", Status.MISSING, "required")]))
    return matrix


@pytest.mark.parametrize(("name", "emit"), [("matrix.csv", matrix_csv.render), ("matrix.html", matrix_html.render)])
def test_emitter_matches_its_snapshot(name, emit):
    out = emit(_matrix())
    snapshot = SNAPSHOTS / name
    if os.environ.get("MODELLAW_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_bytes(out.encode("utf-8"))
    assert out == snapshot.read_bytes().decode("utf-8")


def test_the_snapshots_show_each_kind_of_row():
    csv_text = (SNAPSHOTS / "matrix.csv").read_text(encoding="utf-8")
    assert "acts/c-broken.pdf,,error,,,error,error,error,error" in csv_text
    assert ',"\'=HYPERLINK(""x"") <script>",' in csv_text  # a formula stays text
    assert "acts/a-fisheries.txt,Fisheries Act,ok,false,,not_applicable," in csv_text
    html = (SNAPSHOTS / "matrix.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'class="c partial" title="art3-interception: partial (s. 4) — “intercepts”"' in html
    assert "no computer-crime vocabulary" in html and "not a PDF file" in html


def test_counts_count_every_read_statute_once_per_provision():
    counts = _matrix().counts()
    assert counts["art2-access"] == {Status.IMPLEMENTED: 1, Status.PARTIAL: 0, Status.MISSING: 1,
                                     Status.NOT_APPLICABLE: 1}
    assert counts["art4-data"] == {Status.IMPLEMENTED: 0, Status.PARTIAL: 0, Status.MISSING: 0,
                                   Status.NOT_APPLICABLE: 1}
