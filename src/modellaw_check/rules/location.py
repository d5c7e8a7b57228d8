"""Where a rule pack is and its digest: what a warm re-scan needs of a pack without loading it (the
loader imports YAML and the pydantic rule models; a scan that finds its results cached needs neither).

A pack is found by name (``--pack NAME``, ``pack:`` in the config) among the bundled packs (the folders
of ``rules/``) and then the packs other Python packages install through the ``modellaw_check.packs``
entry-point group, as sqlfluff finds its plugins: the entry point names the pack's folder (a path, a
callable returning one, or a package whose folder holds ``pack.yaml``)."""

from __future__ import annotations

import hashlib
from importlib.metadata import entry_points
from pathlib import Path

from modellaw_check.errors import RuleError
from modellaw_check.guard import read_regular

PACK_FILE = "pack.yaml"
DEFAULT_PACK = "chairmans-model-law"
ENTRY_POINT_GROUP = "modellaw_check.packs"


def _bundled_roots() -> list[Path]:
    """Where bundled packs live: inside the installed wheel, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    return [here / "_rules", here.parent.parent / "rules"]


def bundled_packs() -> dict[str, Path]:
    """Every bundled pack by name (its folder's name)."""
    found: dict[str, Path] = {}
    for root in _bundled_roots():
        if root.is_dir():
            for d in sorted(root.iterdir()):
                if (d / PACK_FILE).is_file():
                    found.setdefault(d.name, d)
    return found


def default_rules_dir() -> Path:
    """The bundled pack: inside the installed wheel, or ``rules/`` of a source checkout."""
    for root in _bundled_roots():
        if (root / DEFAULT_PACK / PACK_FILE).is_file():
            return root / DEFAULT_PACK
    raise RuleError("the bundled rule pack is missing from this installation (reinstall modellaw-check)")


def installed_packs() -> dict[str, object]:
    """The entry points of packs installed by other packages, by name (not yet loaded)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _entry_point_dir(name: str, ep) -> Path:
    try:
        target = ep.load()
        if callable(target):
            target = target()
    except Exception as exc:  # a broken third-party package: one line naming it, never a traceback
        raise RuleError(f"pack {name!r} from entry point {ep.value!r} cannot be loaded: "
                        f"{type(exc).__name__}: {exc}") from None
    if isinstance(target, (str, Path)):
        return Path(target)
    where = getattr(target, "__file__", None)
    if where:
        return Path(where).resolve().parent
    raise RuleError(f"pack {name!r}: entry point {ep.value!r} names neither a folder nor a package")


def find_pack(name: str) -> Path:
    """The folder of the pack called ``name``: a bundled one, else one installed through the
    ``modellaw_check.packs`` entry points; a RuleError naming the known packs if there is none."""
    bundled = bundled_packs()
    if name in bundled:
        return bundled[name]
    installed = installed_packs()
    if name not in installed:
        known = sorted({*bundled, *installed})
        raise RuleError(f"unknown rule pack {name!r} (known: {', '.join(known)}; a folder is given with --rules)")
    folder = _entry_point_dir(name, installed[name])
    if not (folder / PACK_FILE).is_file():
        raise RuleError(f"pack {name!r} (entry point) has no {PACK_FILE}", path=str(folder))
    return folder


def rule_files(directory: Path) -> list[Path]:
    """A pack's rule files, in the order the digest takes them."""
    return sorted(p for p in directory.glob("*.y*ml") if p.name != PACK_FILE)


def pack_digest(directory: str | Path | None = None) -> str:
    """The digest of a pack's files (``RulePack.digest``): every rule file's name and bytes, then
    ``pack.yaml``'s bytes if the folder has one, then the language profiles'. Reads, parses nothing."""
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
