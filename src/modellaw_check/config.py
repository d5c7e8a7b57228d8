"""Project configuration: ``modellaw-check.yaml`` (or ``[tool.modellaw-check]`` in ``pyproject.toml``).

A repository configures the checker once: which rule packs, which reservations its country took, when
CI fails, which files are statutes, and which findings it accepted on purpose (waivers). The file is
found from the working directory upward, like ``.gitignore``-style tools do, so every command run
anywhere inside the repository sees the same settings. Paths in the file are relative to the file.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from modellaw_check.errors import UsageError
from modellaw_check.globs import glob_match  # the config's globs, matched in linear time
from modellaw_check.guard import read_text
from modellaw_check.report import FORMATS
from modellaw_check.status import FINDINGS
from modellaw_check.yamlfile import line_of, yaml_problem

CONFIG_NAMES = ("modellaw-check.yaml", ".modellaw-check.yaml")
PYPROJECT = "pyproject.toml"
TOOL_KEY = "modellaw-check"

# The same levels as fail_levels.FAIL_LEVELS (a test keeps them equal); a Literal gives the schema.
FailOn = Literal["never", "required-missing", "missing", "required-partial", "partial"]


class ConfigError(UsageError):
    """A config file that cannot be read or does not follow the schema (exit 2, file and line)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReservationEntry(_Strict):
    """A reservation the country took; ``note`` records why (e.g. the instrument of ratification)."""

    id: str = Field(min_length=1, description="reservation id, e.g. `ART-2.security` (an unknown id is an error)")
    note: str = Field("", description="free text, for the reader of the config")


class Waiver(_Strict):
    """A finding accepted on purpose, e.g. a provision deliberately placed in another act."""

    provision: str | None = Field(None, description="rule id to waive, e.g. `art9-child-abuse-material` "
                                  "(an unknown id is an error)")
    fingerprint: str | None = Field(None, description="or one finding's fingerprint (from `--format json`)")
    files: str | None = Field(None, description="glob of statute files the waiver applies to "
                              "(relative to the config file); default: every file")
    reason: str = Field(min_length=1, description="why the finding is accepted (required; shown in reports)")
    expires: dt.date | None = Field(None, description="YYYY-MM-DD; from this day on the waiver no longer "
                                    "applies and a warning says so")

    @model_validator(mode="after")
    def _target(self) -> Waiver:
        if (self.provision is None) == (self.fingerprint is None):
            raise ValueError("a waiver needs exactly one of 'provision' or 'fingerprint'")
        if not self.reason.strip():
            raise ValueError("'reason' is empty")
        return self

    @property
    def target(self) -> str:
        return self.provision or f"fingerprint {self.fingerprint}"


class Config(_Strict):
    """The keys of ``modellaw-check.yaml`` (all optional)."""

    pack: str | None = Field(None, description="rule pack by name: a bundled pack (`modellaw-check rules packs`) "
                             "or one installed through the `modellaw_check.packs` entry points; default: "
                             "`chairmans-model-law`")
    rules: list[str] = Field(default_factory=list, description="rule pack directory, or a list of them: the "
                             "first is the pack, later ones add custom rule directories (a single string "
                             "is allowed); with `pack`, every directory adds rules to that pack")
    reservations: list[ReservationEntry] = Field(default_factory=list, description="reservations the country "
                                                 "took: ids, or `{id, note}` mappings")
    fail_on: FailOn = Field("required-missing", description="exit 1 when findings reach this level: "
                            + ", ".join(f"`{x}`" for x in FailOn.__args__))  # type: ignore[attr-defined]
    format: str | None = Field(None, description="default output format of `check` (table, text, json, "
                               "markdown, html, sarif, junit)")
    include: list[str] = Field(default_factory=list, description="globs of statute files (relative to the "
                               "config file; a single string is allowed) that `check` without FILE checks; "
                               "a file named on the command line is always checked")
    exclude: list[str] = Field(default_factory=list, description="globs of files `check` without FILE and `scan` "
                               "in folders leave out; with `--force-exclude` (pre-commit) files named are left "
                               "out too")
    waivers: list[Waiver] = Field(default_factory=list, description="accepted findings: `{provision or "
                                  "fingerprint, files, reason, expires}`")
    baseline: str | None = Field(None, description="baseline file (see `modellaw-check baseline write`); "
                                 "only findings not in it fail")

    @field_validator("rules", "include", "exclude", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("reservations", mode="before")
    @classmethod
    def _reservation_ids(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [{"id": x} if isinstance(x, str) else x for x in v]
        return v

    @field_validator("format")
    @classmethod
    def _known_format(cls, v: str | None) -> str | None:
        if v is not None and v not in FORMATS:
            raise ValueError(f"unknown format {v!r} (choose from: {', '.join(FORMATS)})")
        return v


@dataclass
class LoadedConfig:
    """A validated config and where it came from (paths in it are relative to ``base``)."""

    config: Config = field(default_factory=Config)
    path: Path | None = None

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, p: str) -> Path:
        q = Path(p).expanduser()
        return q if q.is_absolute() else self.base / q

    @property
    def rule_dirs(self) -> list[Path]:
        return [self.resolve(r) for r in self.config.rules]

    @property
    def reservation_ids(self) -> list[str]:
        return [r.id for r in self.config.reservations]

    @property
    def baseline_path(self) -> Path | None:
        return self.resolve(self.config.baseline) if self.config.baseline else None

    def relative(self, file: Path) -> str:
        """A statute path as the config's globs see it: relative to the config file, POSIX slashes."""
        try:
            return file.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return file.as_posix()

    def selects(self, file: Path) -> bool:
        """Is this file a statute according to include/exclude?"""
        rel = self.relative(file)
        if self.config.include and not any(glob_match(g, rel) for g in self.config.include):
            return False
        return not any(glob_match(g, rel) for g in self.config.exclude)

    def excludes(self, file: Path) -> bool:
        """Does ``exclude`` name this file (for ``check --force-exclude``)?"""
        rel = self.relative(file)
        return any(glob_match(g, rel) for g in self.config.exclude)

    def included_files(self) -> list[Path]:
        """The files ``include`` names under the config's directory (for ``check`` without FILE)."""
        found: set[Path] = set()
        for pattern in self.config.include:
            for p in self.base.glob(pattern):
                if p.is_file() and self.selects(p):
                    found.add(p)
        return sorted(found)


# -- discovery and loading --------------------------------------------------------------------------
def _pyproject_section(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(read_text(path, "config file", error=ConfigError))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", path=str(path)) from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):  # `tool = "x"`: no tool can have its table there
        kind = {"str": "string", "int": "integer", "list": "array", "bool": "boolean"}.get(
            type(tool).__name__, type(tool).__name__)
        raise ConfigError(f"malformed pyproject.toml: 'tool' must be a table, not a {kind}", path=str(path))
    return tool.get(TOOL_KEY)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (default: the working directory) up to the root."""
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        for name in CONFIG_NAMES:
            if (d / name).exists():  # found, then read by the guarded reader: a FIFO is refused, not skipped
                return d / name
        pp = d / PYPROJECT
        if pp.is_file() and _pyproject_section(pp) is not None:
            return pp
    return None


def _raise_validation(exc: ValidationError, path: Path, node: yaml.Node | None, prefix: str) -> None:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "list["))))
    key = ".".join(str(p) for p in loc) or "(config)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown key (known: {', '.join(_keys_at(loc))})"
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    line = line_of(node, loc) if node is not None else None
    raise ConfigError(f"{prefix}'{key}': {msg}{more}", path=str(path), line=line) from None


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    model = {"waivers": Waiver, "reservations": ReservationEntry}.get(str(loc[0])) if len(loc) > 1 else None
    return list((model or Config).model_fields)


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: pydantic then validates them and a bad date gets the
    same file:line error as every other value (PyYAML would raise a bare ValueError instead)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_config(path: Path) -> LoadedConfig:
    """Read and validate one config file; every problem names the file and the line (YAML) or key."""
    path = Path(path)
    if path.name == PYPROJECT:
        section = _pyproject_section(path)
        if section is None:
            raise ConfigError(f"no [tool.{TOOL_KEY}] table", path=str(path))
        try:
            return LoadedConfig(Config.model_validate(section), path)
        except ValidationError as exc:
            _raise_validation(exc, path, None, f"[tool.{TOOL_KEY}] key ")
    text = read_text(path, "config file", error=ConfigError, missing="config file not found")
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise ConfigError(f"malformed YAML: {problem}", path=str(path), line=line) from None
    if data is None:
        return LoadedConfig(Config(), path)  # an empty file means "all defaults"
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of keys at the top of the file", path=str(path), line=1)
    try:
        return LoadedConfig(Config.model_validate(data), path)
    except ValidationError as exc:
        # Composed again only now, to place the error on its line.
        _raise_validation(exc, path, yaml.compose(text, Loader=_Loader), "key ")
    raise AssertionError("unreachable")


def resolve_config(config: Path | None, no_config: bool, start: Path | None = None) -> LoadedConfig:
    """The config a command uses: ``--config FILE``, else the discovered one, else the defaults."""
    if config is not None and no_config:
        raise ConfigError("give either --config or --no-config, not both")
    if no_config:
        return LoadedConfig()
    if config is not None:
        return load_config(config)
    found = find_config(start)
    return load_config(found) if found else LoadedConfig()


# -- waivers ----------------------------------------------------------------------------------------
def active_waivers(waivers: Iterable[Waiver],
                   today: dt.date | None = None) -> tuple[list[Waiver], list[Waiver]]:
    """Split waivers into (still applying, expired)."""
    today = today or dt.date.today()
    active, expired = [], []
    for w in waivers:
        (expired if w.expires is not None and w.expires <= today else active).append(w)
    return active, expired


def waiver_matches(w: Waiver, rule_id: str, fingerprint: str, relpath: str) -> bool:
    if w.provision is not None and w.provision != rule_id:
        return False
    if w.fingerprint is not None and w.fingerprint != fingerprint:
        return False
    return w.files is None or glob_match(w.files, relpath)


class WaiverTracker:
    """Applies a config's waivers to reports and remembers which waivers matched, for the warnings."""

    def __init__(self, loaded: LoadedConfig, today: dt.date | None = None) -> None:
        self.loaded = loaded
        self.active, self.expired = active_waivers(loaded.config.waivers, today)
        self.used: set[int] = set()

    def apply(self, report: Any, file: Path) -> int:
        """Mark waived findings (partial or missing provisions) in ``report``; returns how many."""
        rel = self.loaded.relative(file)
        n = 0
        for p in report.provisions:
            if p.status not in FINDINGS:
                continue
            reason = self.reason(p.id, p.fingerprint, rel)
            if reason is not None:
                p.waived = reason
                n += 1
        return n

    def reason(self, rule_id: str, fingerprint: str, relpath: str) -> str | None:
        """The reason of the first active waiver accepting this finding (remembered as used), or None."""
        for i, w in enumerate(self.active):
            if waiver_matches(w, rule_id, fingerprint, relpath):
                self.used.add(i)
                return w.reason
        return None

    def warnings(self) -> list[str]:
        where = str(self.loaded.path) if self.loaded.path else "config"
        out = [f"{where}: waiver for {w.target} expired on {w.expires}; it no longer applies"
               for w in self.expired]
        out += [f"{where}: waiver for {w.target}"
                + (f" (files: {w.files})" if w.files else "") + " matches no finding; remove it?"
                for i, w in enumerate(self.active) if i not in self.used]
        return out


# -- reference documentation ------------------------------------------------------------------------
REFERENCE_START = "<!-- config-reference:start (generated by `modellaw-check config-reference`) -->"
REFERENCE_END = "<!-- config-reference:end -->"


def _type_name(annotation: Any) -> str:
    """A reader's name for a field type: 'list of strings', 'one of: a, b', 'date (YYYY-MM-DD)'."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return " or ".join(_type_name(a) for a in inner)
    if origin is list:
        return f"list of {_type_name(args[0])}s"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return {str: "string", dt.date: "date (YYYY-MM-DD)", bool: "boolean", int: "integer"}.get(
        annotation, getattr(annotation, "__name__", str(annotation)))


def _table(model: type[BaseModel], prefix: str = "") -> list[str]:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        if f.is_required():
            default = "required"
        elif f.default_factory is not None:
            default = "`[]`"
        else:
            default = "none" if not isinstance(f.default, str) else f"`{f.default}`" if f.default else "empty"
        typ = _type_name(f.annotation)
        rows.append(f"| `{prefix}{name}` | {typ} | {default} | {f.description or ''} |")
    return rows


def reference_markdown() -> str:
    """The config reference, generated from the pydantic models so the docs cannot drift."""
    parts = [
        REFERENCE_START,
        "",
        f"Top-level keys of `{CONFIG_NAMES[0]}` (or of `[tool.{TOOL_KEY}]` in `{PYPROJECT}`). "
        "Unknown keys are errors.",
        "",
        *_table(Config),
        "",
        "Each entry of `reservations` (a plain string is short for `{id: ...}`):",
        "",
        *_table(ReservationEntry, "reservations[]."),
        "",
        "Each entry of `waivers` (exactly one of `provision` or `fingerprint`):",
        "",
        *_table(Waiver, "waivers[]."),
        "",
        REFERENCE_END,
    ]
    return "\n".join(parts) + "\n"
