"""``modellaw-check explain ID``: one provision of the rule pack, explained for a reader.

Unlike ``rules show`` (the raw YAML), this prints what a drafter needs: the provision, the elements a
statute must contain and the wordings accepted for each, the reservations and what each changes, the
model wording, and the rule's own examples with the result they are expected to give.
"""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.common import PACK_OPTION, RULES_OPTION, check_ids, load_pack_named


def explain(
    rule_id: str = typer.Argument(..., metavar="ID", show_default=False, help="Provision id, e.g. art2-illegal-access "
                                  "(see `modellaw-check rules list`)."),
    rules: Path = RULES_OPTION,
    language: str = typer.Option("en", "--language", metavar="CODE", help="Show the wordings a statute in this "
                                 "language is matched with, the model text and headings in it (en, fr)."),
    pack_name: str = PACK_OPTION,
) -> None:
    """Explain one provision: elements, accepted wordings, reservations, model wording, examples."""
    from modellaw_check.i18n import report_language

    lang = report_language(language, None)  # a bad language fails before the pack is read

    pack = load_pack_named(rules, pack_name)
    check_ids("provision id", [rule_id], [r.id for r in pack.rules])
    rule = next(r for r in pack.rules if r.id == rule_id)
    from rich.console import Console

    from modellaw_check.cli.explain_view import explain_rule

    explain_rule(rule, Console(highlight=False), lang, dict(pack.meta.concepts))


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
