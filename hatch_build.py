"""Wheel build hook: compile the matcher's hot modules with mypyc.

mypyc turns these type-annotated modules, unchanged, into C extensions: a statute is checked faster
(figures in docs/performance.md). The ``.py`` files stay in the wheel beside the extensions, and the wheel is built
pure-Python, with a warning, wherever compiling is not possible (no C compiler, an unsupported
Python); ``MODELLAW_CHECK_PURE=1`` asks for that. Editable installs are never compiled: an extension
would shadow the source being edited.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "modellaw_check"
# The modules a check spends its time in, compiled as one set because the set pays end to end
# (docs/performance.md: bisection.py, document.py and match/patterns.py, which runs once per pack,
# did not); all of them pass mypy (see tests/test_native.py).
COMPILED = (
    "segment.py",
    "match/units.py",
    "match/sequence.py",
    "match/index.py",
    "match/evaluate.py",
)
MYPY_ARGS = ("--ignore-missing-imports", "--follow-imports=silent")

_SETUP = """\
import sys
from setuptools import setup
from mypyc.build import mypycify

out, tmp, *paths = sys.argv[1:]
setup(name="modellaw-check-native", ext_modules=mypycify(paths, opt_level="3", group_name="{group}"),
      script_args=["build_ext", "--build-lib", out, "--build-temp", tmp])
"""


class MypycBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        self._workdir: str | None = None
        if self.target_name != "wheel" or version == "editable" or os.environ.get("MODELLAW_CHECK_PURE"):
            return
        self._workdir = tempfile.mkdtemp(prefix="modellaw-mypyc-")
        try:
            built = compile_modules(Path(self.root) / "src", Path(self._workdir))
        except Exception as exc:  # any failure: a pure-Python wheel, which works the same, only slower
            self.app.display_warning(f"modellaw-check: building without compiled modules: {exc}")
            return
        for path, relative in built:
            build_data["force_include"][str(path)] = relative
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)


def compile_modules(src: Path, workdir: Path) -> list[tuple[Path, str]]:
    """Compile ``COMPILED`` from a copy of the package (so nothing is written into the source tree);
    returns (extension file, its path inside the wheel)."""
    tree = workdir / "src"
    shutil.copytree(src / PACKAGE, tree / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    (workdir / "setup_native.py").write_text(_SETUP.format(group=PACKAGE), encoding="utf-8")
    out = workdir / "out"
    cmd = [sys.executable, str(workdir / "setup_native.py"), str(out), str(workdir / "tmp"),
           *(f"{PACKAGE}/{m}" for m in COMPILED), *MYPY_ARGS]
    proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"mypyc failed:\n{tail}")
    suffixes = (".so", ".pyd")
    built = [(p, p.relative_to(out).as_posix()) for p in out.rglob("*") if p.suffix in suffixes]
    if len(built) < len(COMPILED):
        raise RuntimeError(f"mypyc built {len(built)} extensions for {len(COMPILED)} modules")
    return built
