"""Rules: the rule schema, the rule-pack loader and the location of the bundled pack."""

from modellaw_check.rules.loader import RulePack, default_rules_dir, load_pack
from modellaw_check.rules.schema import Concept, Element, Example, Pattern, Reservation, Rule

__all__ = ["Concept", "Element", "Example", "Pattern", "Reservation", "Rule", "RulePack",
           "default_rules_dir", "load_pack"]
