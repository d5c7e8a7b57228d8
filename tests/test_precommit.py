"""The pre-commit hook: the manifest is valid, and the hook runs in a temporary git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from workflow_util import ROOT, write

GOOD_BILL = ("1. Any person who intentionally accesses a computer system without right commits an offence "
             "and is liable to imprisonment for 2 years.\n")
PARTIAL_BILL = "1. A person who accesses a computer system commits an offence and is liable to a fine.\n"


def _manifest() -> dict:
    from pre_commit.clientlib import load_manifest  # validates against pre-commit's own schema

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["modellaw-check"]
    return hooks[0]


def test_manifest_is_valid() -> None:
    hook = _manifest()
    assert hook["entry"] == "modellaw-check check --force-exclude"  # named files: exclude applies
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    for name in ("bill.txt", "bills/act.md", "act.docx", "gazette.pdf", "act.html", "akn/act.xml"):
        assert files.search(name), name
    for name in ("setup.py", "act.txt.orig", "image.png"):
        assert not files.search(name), name
    # The package the hook installs really provides the entry point.
    scripts = re.search(r"\[project\.scripts\]\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text(), re.S)
    assert scripts and 'modellaw-check = "modellaw_check.cli.app:main"' in scripts.group(1)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _run_hook(repo: Path, *files: str, verbose: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    cmd = [sys.executable, "-m", "pre_commit", "run", "modellaw-check", *(["--verbose"] if verbose else []),
           "--files", *files]
    return subprocess.run(cmd,
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_hook_runs_in_a_git_repository(tmp_path: Path) -> None:
    """The manifest's hook, run by pre-commit on a repository of bills.

    Installing the hook from this checkout (`language: python`) builds a fresh virtualenv with spaCy:
    ~40 s and network access, too slow for every run (see the opt-in test below). So the hook is copied
    from the manifest as a `repo: local` hook with `language: system`, using this environment's
    `modellaw-check`: same entry, same `files` pattern, same filename passing.
    """
    hook = _manifest()
    repo = tmp_path / "laws"
    repo.mkdir()
    _git(repo, "init", "-q")
    local = {k: hook[k] for k in ("id", "name", "entry", "files", "require_serial")}
    local.update(language="system", args=["--only", "art2-illegal-access"])
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write(repo / ".pre-commit-config.yaml", yaml.safe_dump(config))
    # The hook reads the repository's config like the command line does.
    write(repo / "modellaw-check.yaml", "fail_on: partial\nformat: json\nexclude: [README.md]\n")
    write(repo / "bills" / "good.txt", GOOD_BILL)
    write(repo / "bills" / "partial.md", PARTIAL_BILL)
    write(repo / "README.md", "# Laws of the Republic\n")
    write(repo / "tool.py", "print('not a statute')\n")
    _git(repo, "add", ".")

    # README.md matches the hook's `files` pattern but modellaw-check.yaml excludes it; tool.py does not
    # match the pattern, so pre-commit does not pass it.
    ok = _run_hook(repo, "bills/good.txt", "README.md", "tool.py", verbose=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"modellaw-check.*Passed", ok.stdout)
    assert "1 file(s) skipped by --force-exclude" in ok.stdout and '"status": "implemented"' in ok.stdout

    bad = _run_hook(repo, "bills/partial.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "- exit code: 1" in bad.stdout and '"status": "partial"' in bad.stdout

    # Waiving the finding in the config makes the same bill pass.
    write(repo / "modellaw-check.yaml", "fail_on: partial\nformat: json\nwaivers:\n"
          "  - provision: art2-illegal-access\n    files: 'bills/*.md'\n    reason: in the Penal Code\n")
    _git(repo, "add", ".")
    waived = _run_hook(repo, "bills/partial.md", verbose=True)
    assert waived.returncode == 0, waived.stdout + waived.stderr
    assert '"waived": "in the Penal Code"' in waived.stdout


# Opt-in because it pip-installs this checkout with its dependencies into a fresh virtualenv (~40 s,
# needs the package index); run with MODELLAW_SLOW_TESTS=1. Verified to pass when this was written.
@pytest.mark.skipif(os.environ.get("MODELLAW_SLOW_TESTS") != "1", reason="slow: set MODELLAW_SLOW_TESTS=1")
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="pre-commit try-repo needs git and a git checkout of this project")
def test_try_repo_installs_the_hook_from_this_checkout(tmp_path: Path) -> None:
    repo = tmp_path / "laws"
    repo.mkdir()
    _git(repo, "init", "-q")
    write(repo / "bill.txt", GOOD_BILL)
    write(repo / "modellaw-check.yaml", "fail_on: never\n")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "modellaw-check",
                           "--files", "bill.txt"], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"modellaw-check.*Passed", proc.stdout)
