"""One status enum for every reporter: a status is its string in every output, and no consumer spells one."""

from __future__ import annotations

import ast
import json

from conftest import EXAMPLES, ROOT

from modellaw_check.findings import ProvisionResult, StatuteReport
from modellaw_check.status import FINDINGS, PRESENT, ElementStatus, Status

PACKAGE = ROOT / "src" / "modellaw_check"
WORDS = {*Status, *ElementStatus}
# The matcher (other modules' owners) and the vocabularies' own definitions are not consumers.
SKIP = {"status.py", "match"}


def test_a_status_is_its_string(checker):
    report = checker.check_path(EXAMPLES / "draft-cybercrime-bill.md")
    assert {type(p.status) for p in report.provisions} == {Status}
    assert {type(el.status) for p in report.provisions for el in p.elements} == {ElementStatus}
    dumped = report.model_dump(mode="json")
    assert {p["status"] for p in dumped["provisions"]} <= {s.value for s in Status}
    assert all(type(p["status"]) is str for p in dumped["provisions"])
    again = StatuteReport.model_validate_json(json.dumps(dumped))  # read back, a status is the member again
    assert [p.status for p in again.provisions] == [p.status for p in report.provisions]
    assert all(p.status is Status(p.status.value) for p in again.provisions)


def test_the_published_schema_keeps_statuses_inline():
    schema = ProvisionResult.model_json_schema()
    assert schema["properties"]["status"] == {"enum": [s.value for s in Status], "title": "Status", "type": "string"}
    assert "Status" not in schema.get("$defs", {})


def test_findings_and_present_cover_the_checked_statuses():
    assert set(Status) - {Status.NOT_APPLICABLE} == FINDINGS | PRESENT
    assert {Status.PARTIAL} == FINDINGS & PRESENT  # a partial provision is both a finding and there to build on


def _status_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """Comparisons of a ``.status`` (or ``["status"]``/``.get("status")``) with a status word, and status
    words used as dict keys or members of tuples and sets compared with a status."""
    found = []

    def is_status(node: ast.AST) -> bool:
        return ((isinstance(node, ast.Attribute) and node.attr == "status")
                or (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "status"))

    def words(node: ast.AST) -> list[str]:
        items = node.elts if isinstance(node, (ast.Tuple, ast.Set, ast.List)) else [node]
        return [i.value for i in items if isinstance(i, ast.Constant) and i.value in WORDS]

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(map(is_status, [node.left, *node.comparators])):
            found += [(node.lineno, w) for side in [node.left, *node.comparators] for w in words(side)]
    return found


def test_no_consumer_spells_a_status():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.name in SKIP or rel.parts[0] in SKIP:
            continue
        wrong += [f"{rel}:{line}: {word!r}" for line, word in _status_literals(ast.parse(path.read_text("utf-8")))]
    assert not wrong, wrong


def test_the_check_finds_a_spelled_status():
    tree = ast.parse('if p.status == "missing" or el.status in ("found", "partial") or c.get("status") != "partial":'
                     '\n    pass\nif p.status == Status.MISSING:\n    pass\n')
    assert _status_literals(tree) == [(1, "missing"), (1, "found"), (1, "partial"), (1, "partial")]


def test_no_builtin_template_spells_a_status():
    """The built-in templates compare with the Status they are given (a user's may still write "missing")."""
    import re

    spelled = re.compile(r"status\s*(?:==|!=|in)\s*\(?\s*[\"'](?:" + "|".join(sorted(WORDS)) + r")[\"']")
    templates = sorted((PACKAGE / "report" / "templates").glob("*.j2"))
    assert len(templates) >= 4
    wrong = [f"{t.name}:{n}" for t in templates for n, line in enumerate(t.read_text("utf-8").splitlines(), 1)
             if spelled.search(line)]
    assert not wrong, wrong
    assert spelled.search('{% if p.status != "missing" %}') and spelled.search("el.status in ('found', 'partial')")
