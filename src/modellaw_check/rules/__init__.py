"""Rules: the rule schema, the rule-pack loader and the location of the bundled pack.

The loader and the schema (YAML, pydantic) are imported when one of their names is first used, so
that ``rules.location`` (where a pack is, its digest) costs a scan nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modellaw_check.rules.loader import RulePack, default_rules_dir, load_pack
    from modellaw_check.rules.schema import Concept, Element, Example, Pattern, Reservation, Rule

__all__ = ["Concept", "Element", "Example", "Pattern", "Reservation", "Rule", "RulePack",
           "default_rules_dir", "load_pack"]
_FROM = {"RulePack": "loader", "default_rules_dir": "loader", "load_pack": "loader", "Concept": "schema",
         "Element": "schema", "Example": "schema", "Pattern": "schema", "Reservation": "schema", "Rule": "schema"}


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_FROM[name]}"), name)
    globals()[name] = value
    return value
