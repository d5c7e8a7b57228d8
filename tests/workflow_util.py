"""Helpers shared by the workflow tests (config, baseline, diff, pre-commit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SG_ACT = ROOT / "corpora" / "sg-computer-misuse-act-1993.txt"
# Part 1 and Part 3 of the Singapore Act with section 3 the only offence: the illegal-access provision
# then lives in section 3(1) alone, so an edit to 3(1) is visible in the report.
DROPPED_SECTIONS = set(range(4, 13))
WITHOUT_AUTHORITY = "securing access without authority to any program"
CHILD_ABUSE_SECTION = (
    "\n\n21. —(1) Any person who intentionally, and without right, produces child pornography for the "
    "purpose of its distribution through a computer system, offers or makes available child "
    "pornography through a computer system, distributes or transmits child pornography through a "
    "computer system, procures child pornography through a computer system for oneself or for another "
    "person, or possesses child pornography in a computer system or on a computer-data storage medium "
    "shall be guilty of an offence. (2) In this section, “child pornography” includes pornographic "
    "material that visually depicts a minor engaged in sexually explicit conduct, and “minor” means a "
    "person under 18 years of age.\n"
)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run the console entry point in-process; returns (exit code, stdout, stderr)."""
    from modellaw_check.cli.app import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def sg_base() -> str:
    """The shared statute every version below is built from."""
    lines = SG_ACT.read_text(encoding="utf-8").split("\n")
    keep = [ln for ln in lines
            if not ((m := re.match(r"^(\d+)[A-Z]?\. ", ln)) and int(m.group(1)) in DROPPED_SECTIONS)]
    return "\n".join(keep)


def sg_without_authority_removed() -> str:
    base = sg_base()
    assert WITHOUT_AUTHORITY in base
    return base.replace(WITHOUT_AUTHORITY, "securing access to any program")


def sg_with_child_abuse_offence() -> str:
    return sg_base().rstrip("\n") + CHILD_ABUSE_SECTION


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def shared_checker(monkeypatch, checker):
    """In-process CLI runs reuse the session Checker when they would build the default one (~1 s each);
    the pre-commit test still runs the real command in a subprocess."""
    from modellaw_check import settings

    real = settings.build_checker

    def build(spec, pack=None):
        return checker if spec == settings.PackSpec() else real(spec, pack)

    monkeypatch.setattr(settings, "build_checker", build)
    return checker
