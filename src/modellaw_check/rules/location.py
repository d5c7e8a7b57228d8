"""Where a rule pack is and its digest: what a warm re-scan needs of a pack without loading it (the
loader imports YAML and the pydantic rule models; a scan that finds its results cached needs neither)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from modellaw_check.errors import RuleError

PACK_FILE = "pack.yaml"
DEFAULT_PACK = "chairmans-model-law"


def default_rules_dir() -> Path:
    """The bundled pack: inside the installed wheel, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_rules" / DEFAULT_PACK, here.parent.parent / "rules" / DEFAULT_PACK):
        if (candidate / PACK_FILE).is_file():
            return candidate
    raise RuleError("the bundled rule pack is missing from this installation (reinstall modellaw-check)")


def rule_files(directory: Path) -> list[Path]:
    """A pack's rule files, in the order the digest takes them."""
    return sorted(p for p in directory.glob("*.y*ml") if p.name != PACK_FILE)


def pack_digest(directory: str | Path | None = None) -> str:
    """The digest of a pack's files (``RulePack.digest``): every rule file's name and bytes, then
    ``pack.yaml``'s bytes if the folder has one, then the language profiles'. Reads, parses nothing."""
    from modellaw_check.read.guard import read_regular

    d = Path(directory) if directory else default_rules_dir()
    digest = hashlib.sha256()
    for path in rule_files(d):  # a FIFO named x.yaml must not block: regular files only, bounded
        digest.update(path.name.encode() + b"\0" + read_regular(path, error=RuleError))
    meta_path = d / PACK_FILE
    if meta_path.exists():
        digest.update(read_regular(meta_path, error=RuleError))
    # The language profiles join a pack's concepts: a changed profile is a changed pack.
    for path in sorted((Path(__file__).resolve().parent.parent / "lang").glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
