"""What a scan's parent needs of the rule pack, its outline: its digest (the hash of its files, the cache
context), the provisions' headings (the matrix, the not-applicable report) and the reservations it
knows. Loading the pack (YAML, the pydantic rule models) would be a large share of a warm re-scan
(docs/performance.md), so the outline is kept in the cache with the rows it describes, and a scan that
finds one does not load the pack at all. (Not a "summary": that is a report's counts.)"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from modellaw_check.scan.relevance import Vocabulary

if TYPE_CHECKING:
    from modellaw_check.rules.loader import RulePack


@dataclass(frozen=True)
class PackInfo:  # the pack's name, title and version (``rules.schema.PackMeta`` without the rest)
    name: str
    title: str
    version: str


@dataclass(frozen=True)
class Provision:
    id: str
    title: str
    level: str
    category: str
    source: str


@dataclass(frozen=True)
class PackOutline:
    meta: PackInfo
    digest: str
    rules: tuple[Provision, ...]
    reservations: tuple[str, ...]
    relevance: dict | None = None  # the pack's relevance vocabulary (``RelevanceTerms`` as data)
    languages: tuple[str, ...] = ()  # the languages it has wordings in (``RulePack.languages``)

    @classmethod
    def of(cls, pack: RulePack) -> PackOutline:
        terms = pack.meta.relevance
        return cls(PackInfo(pack.meta.name, pack.meta.title, pack.meta.version), pack.digest,
                   tuple(Provision(r.id, r.title, r.level, r.category, r.source) for r in pack.rules),
                   tuple(sorted(pack.reservation_ids())), terms.model_dump() if terms is not None else None,
                   tuple(pack.languages()))

    def vocabulary(self) -> Vocabulary | None:
        """The relevance pre-filter's vocabulary (None: the pack has none, every act is checked)."""
        return Vocabulary.of(self.relevance) if self.relevance is not None else None

    def reservation_ids(self) -> set[str]:
        return set(self.reservations)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> PackOutline | None:
        """The outline stored by ``as_dict``, or None if ``data`` is not one (a miss, never an error)."""
        try:
            outline = cls(PackInfo(**data["meta"]), str(data["digest"]), tuple(Provision(**p) for p in data["rules"]),
                          _texts(data["reservations"]), data.get("relevance"), _texts(data["languages"]))
            outline.vocabulary()  # a damaged vocabulary is a miss too
            return outline
        except (KeyError, TypeError, AttributeError, ValueError):
            return None


def _texts(value: Any) -> tuple[str, ...]:
    """A stored list of strings, or TypeError (a damaged outline is a miss)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of strings")
    return tuple(value)
