"""The modules the wheel compiles with mypyc (hatch_build.py): they must pass mypy, or the build falls
back to pure Python (slower); and an installed, non-editable package is compiled where it can be."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hatch_build.py"


def _hook_constant(name: str):
    for node in ast.parse(HOOK.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in hatch_build.py")


COMPILED = _hook_constant("COMPILED")


def test_compiled_modules_exist():
    src = ROOT / "src" / _hook_constant("PACKAGE")
    assert COMPILED and all((src / m).is_file() for m in COMPILED)


def test_compiled_modules_pass_mypy(tmp_path):
    api = pytest.importorskip("mypy.api")
    src = ROOT / "src" / _hook_constant("PACKAGE")
    out, err, status = api.run([*_hook_constant("MYPY_ARGS"), "--cache-dir", str(tmp_path),
                                *(str(src / m) for m in COMPILED)])
    assert status == 0, out + err


def test_installed_package_is_compiled():
    import modellaw_check.match.evaluate as evaluate

    where = Path(evaluate.__file__).resolve()
    # Two environments legitimately run the source as it is, and this test then has nothing to check:
    # a developer's editable install (never compiled, so that edits take effect), and a machine without
    # a C compiler or with MODELLAW_CHECK_PURE=1 (the documented pure-Python fallback). CI installs with
    # `pip install ".[test]"` on a machine with gcc, so there it runs and fails on a silent fallback.
    if ROOT / "src" in where.parents:
        pytest.skip("editable install: the source is used as it is")
    if os.environ.get("MODELLAW_CHECK_PURE") or not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("built without a C compiler, or pure Python on request")
    assert where.suffix in (".so", ".pyd"), f"{where} is not compiled: see the warning of the wheel build"
