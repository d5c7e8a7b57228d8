"""The import rules of docs/architecture.md: lower layers never import higher ones (a cheap AST walk)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "modellaw_check"
BASE = {"errors", "runtime", "bisection", "document", "findings", "status", "fail_levels", "citation", "i18n", "guard",
        "yamlfile", "globs", "__init__"}
DATA = {"lang", "rules"}
STAGES = {"read", "segment", "annotate", "match", "score", "remedy", "remedy_powers", "remedy_fr"}
OUTPUT = {"report", "diff", "baseline", "gold", "config"}
# What each package may import (besides itself), as the table in docs/architecture.md says.
ALLOWED: dict[str, set[str]] = {
    **{name: BASE for name in BASE},
    **{name: BASE | DATA | {"annotate"} for name in DATA},
    **{name: BASE | DATA | STAGES for name in STAGES},
    "check": BASE | DATA | STAGES,
    **{name: BASE | DATA | STAGES | {"check"} | OUTPUT for name in OUTPUT},
    "settings": BASE | DATA | STAGES | {"check"} | OUTPUT,
    "scan": BASE | DATA | STAGES | {"check"} | OUTPUT | {"settings"},
}
EXCEPTIONS = {("read", "report"), ("report", "remedy")}  # named in docs/architecture.md


def _package(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _is_module(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _imports(path: Path) -> set[str]:
    """The modellaw_check packages a file imports (at top level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module == "modellaw_check":  # a module, or the package's own
            names = [f"modellaw_check.{a.name if _is_module(a.name) else '__init__'}" for a in node.names]
        found.update(n.split(".")[1] for n in names if n.startswith("modellaw_check.") and n.count(".") >= 1)
    return found


def test_imports_follow_the_layers():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        pkg = _package(path)
        if pkg in ("cli", "__main__"):
            continue  # the commands may import everything
        allowed = ALLOWED.get(pkg)
        assert allowed is not None, f"{pkg} is not in docs/architecture.md's table"
        for imported in _imports(path) - {pkg}:
            if imported not in allowed and (pkg, imported) not in EXCEPTIONS:
                wrong.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert not wrong, wrong


def test_the_check_detects_an_upward_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from modellaw_check.check import Checker\n    from modellaw_check import scan\n"
                   "from modellaw_check import __version__\nimport modellaw_check.cli.app\n")
    assert _imports(bad) == {"check", "scan", "__init__", "cli"}
