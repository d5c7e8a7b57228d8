"""``modellaw-check explain ID``: one provision of the rule pack, explained for a reader.

Unlike ``rules show`` (the raw YAML), this prints what a drafter needs: the provision, the elements a
statute must contain and the wordings accepted for each, the reservations and what each changes, the
model wording, and the rule's own examples with the result they are expected to give.
"""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.common import RULES_OPTION
from modellaw_check.errors import UsageError


def explain(
    rule_id: str = typer.Argument(..., metavar="ID", help="Provision id, e.g. art2-illegal-access "
                                  "(see `modellaw-check rules list`)."),
    rules: Path = RULES_OPTION,
) -> None:
    """Explain one provision: elements, accepted wordings, reservations, model wording, examples."""
    from modellaw_check.rules import load_pack

    pack = load_pack(rules)
    rule = next((r for r in pack.rules if r.id == rule_id), None)
    if rule is None:
        close = [r.id for r in pack.rules if rule_id.lower() in r.id or r.id.startswith(rule_id.lower()[:4])]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else " (see `modellaw-check rules list`)"
        raise UsageError(f"unknown provision id {rule_id!r}{hint}")
    from rich.console import Console

    from modellaw_check.cli.explain_view import explain_rule

    explain_rule(rule, Console(highlight=False))


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
