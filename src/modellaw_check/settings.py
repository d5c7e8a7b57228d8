"""What a run is set to, from one place: the config file merged with the command line (``resolve``),
and the one Checker builder (``build_checker``) every command and every scan worker uses.

``PackSpec`` is the part a Checker is built from (the pack, the reservations, the language); it is
small, hashable and picklable, so a scan's workers build exactly the Checker the parent resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modellaw_check.config import resolve_config
from modellaw_check.errors import RuleError, UsageError
from modellaw_check.fail_levels import FAIL_LEVELS
from modellaw_check.rules.location import find_pack, pack_digest

if TYPE_CHECKING:  # pydantic models: imported when a run resolves its settings, not by a warm scan
    from modellaw_check.check import Checker  # the pipeline (spaCy): only where statutes are checked
    from modellaw_check.config import LoadedConfig
    from modellaw_check.rules.loader import RulePack


@dataclass(frozen=True)
class PackSpec:
    """Which rule pack a run checks with, and how.

    ``pack``: a pack by name (bundled, or installed through the ``modellaw_check.packs`` entry points);
    ``rules``: pack folders. With a name, every folder adds rules to the named pack; without one, the
    first folder is the pack and later ones add rules to it; with neither, the bundled default pack."""

    pack: str | None = None
    rules: tuple[str, ...] = ()
    reservations: tuple[str, ...] = ()
    language: str | None = None

    def directories(self) -> list[Path]:
        """The pack's folder, then the folders adding rules to it (empty: the default pack)."""
        dirs = [Path(r) for r in self.rules]
        return [find_pack(self.pack), *dirs] if self.pack else dirs

    def load_pack(self) -> RulePack:
        from modellaw_check.rules.loader import load_packs  # the rule models: a warm scan needs the digest only

        return load_packs(self.directories())

    def digest(self) -> str:
        """The pack's digest from its files' bytes, as ``load_pack().digest`` would give it, without
        parsing them (a warm scan's cache key)."""
        dirs = self.directories()
        return "+".join(pack_digest(d) for d in dirs) if dirs else pack_digest(None)


def check_language(language: str | None, languages: list[str] | tuple[str, ...]) -> None:
    """``--language``: a language profile the pack has wordings in (``RulePack.languages``), else the
    error the Checker would give, before any file is read (a scan's workers would only fail later)."""
    if language is not None and language not in languages:
        from modellaw_check.lang import load_profile  # only to word the error

        load_profile(language)  # an unknown language is a RuleError naming the known ones
        raise UsageError(f"the rule pack has no wordings in {language!r} (it has: {', '.join(languages)})")


def build_checker(spec: PackSpec, pack: RulePack | None = None) -> Checker:
    """The Checker for a spec (``pack``: the spec's pack, where the caller loaded it already)."""
    from modellaw_check.check import Checker

    return Checker(pack if pack is not None else spec.load_pack(), spec.reservations, spec.language)


@dataclass
class Settings:
    """Command-line options merged over the config file (the command line wins)."""

    loaded: LoadedConfig
    spec: PackSpec = field(default_factory=PackSpec)
    fail_on: str = "required-missing"
    fmt: str | None = None
    baseline: Path | None = None
    cli_reservations: bool = False  # reservations from the command line (else from the config)
    _pack: RulePack | None = field(default=None, repr=False)

    @property
    def reservations(self) -> list[str]:
        return list(self.spec.reservations)

    @property
    def rule_dirs(self) -> list[Path]:
        return [Path(r) for r in self.spec.rules]

    def pack(self) -> RulePack:
        """The run's rule pack, loaded once."""
        if self._pack is None:
            self._pack = self.spec.load_pack()
        return self._pack

    def checker(self) -> Checker:
        return build_checker(self.spec, self.pack())


def resolve(config: Path | None = None, no_config: bool = False, *, rules: Path | None = None,
            pack: str | None = None, reservations: list[str] | None = None, fail_on: str | None = None,
            fmt: str | None = None, baseline: Path | None = None, language: str | None = None) -> Settings:
    """A run's settings: ``--config FILE`` (else the discovered config, else the defaults) with the
    command line's options over it. ``--rules DIR`` replaces the config's rule folders, and without
    ``--pack`` its pack too: it names the pack to use instead."""
    loaded = resolve_config(config, no_config)
    cfg = loaded.config
    if rules is not None:
        dirs, name = [str(rules)], pack
    else:
        dirs, name = [str(d) for d in loaded.rule_dirs], pack or cfg.pack
    if name is not None:  # an unknown name fails now, saying where it was given

        try:
            find_pack(name)
        except RuleError as exc:
            where = "--pack" if pack is not None else f"{loaded.path}: pack"
            raise RuleError(f"{where}: {exc.detail}", path=exc.path) from None
    given = list(reservations or [])
    spec = PackSpec(pack=name, rules=tuple(dirs),
                    reservations=tuple(given if given else loaded.reservation_ids), language=language)
    s = Settings(loaded=loaded, spec=spec, fail_on=fail_on or cfg.fail_on, fmt=fmt or cfg.format,
                 baseline=baseline or loaded.baseline_path, cli_reservations=bool(given))
    if s.fail_on not in FAIL_LEVELS:
        raise UsageError(f"unknown --fail-on {s.fail_on!r} (choose from: {', '.join(FAIL_LEVELS)})")
    return s
