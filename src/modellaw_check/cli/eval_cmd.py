"""``modellaw-check eval --gold DIR``: agreement with an expert's reading of real statutes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modellaw_check.cli.check_cmd import CONFIG_OPTION, NO_CONFIG_OPTION, settings
from modellaw_check.cli.common import OUTPUT_OPTION, PACK_OPTION, RULES_OPTION, write_output
from modellaw_check.errors import UsageError
from modellaw_check.status import Status

if TYPE_CHECKING:
    from rich.table import Table


def eval_command(
    gold: Path = typer.Option(..., "--gold", metavar="DIR", show_default=False,
                              help="Folder of gold label files (*.yaml), one per statute."),
    corpus: Path = typer.Option(None, "--corpus", metavar="DIR", show_default=False,
                                help="Folder the statutes are in (default: the gold folder's parent)."),
    rules: Path = RULES_OPTION,
    pack: str = PACK_OPTION,
    config: Path = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text or json."),
    output: Path = OUTPUT_OPTION,
    show: int = typer.Option(50, "--show", metavar="N", help="How many disagreements to print (text format)."),
) -> None:
    """Run the checker over every labelled statute and report agreement with the expert.

    The rule pack and reservations come from the config file and the options, as for `check`."""
    from modellaw_check.cli.check_cmd import validate_ids
    from modellaw_check.gold import evaluate, load_gold

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown --format {fmt!r} for eval (choose text or json)")
    if not gold.is_dir():
        raise UsageError("--gold must be a folder of gold label files", path=str(gold))
    files = sorted(p for p in gold.glob("*.y*ml"))
    if not files:
        raise UsageError("no gold label files (*.yaml) in the folder", path=str(gold))
    gold_files = [load_gold(p, corpus) for p in files]
    s = settings(config, no_config, rules, [], pack=pack)
    validate_ids(s, [])
    result = evaluate(gold_files, s.checker()).as_dict()
    if fmt == "json":
        write_output(json.dumps(result, indent=2) + "\n", output)
        return
    from rich.console import Console  # imported by the commands that print with it
    from rich.table import Table

    from modellaw_check.gold import STATUSES

    console = Console(record=True, width=140, force_terminal=False, file=io.StringIO())
    console.print(f"provision-status accuracy: {result['accuracy']} ({result['agree']}/{result['cells']} cells)")
    loc, mis = result["evidence_locality"], result["missing_element_agreement"]
    console.print(f"evidence locality: {loc['rate']} ({loc['local']}/{loc['elements']} required elements found, "
                  "evidence inside a section the expert cited)")
    console.print(f"missing-element agreement: {mis['rate']} ({mis['agree']}/{mis['cells']} partial cells)")
    implemented_missing = result["confusion"].get(Status.IMPLEMENTED, {}).get(Status.MISSING, 0)
    console.print(f"false 'missing' where the expert accepts only implemented: {result['false_missing']}"
                  f" (rate {result['false_missing_rate']}); 'missing' where the expert's status is implemented: "
                  f"{implemented_missing} (confusion table)")
    sc = result["section_citation"]
    console.print(f"section-citation agreement: {sc['rate']} ({sc['agree']}/{sc['checked']})")
    el = result["elements"]
    console.print(f"elements (partial cells): precision {el['precision']} recall {el['recall']} f1 {el['f1']}")
    t = Table(title="confusion (rows: expert, columns: tool)")
    t.add_column("expert")
    for s in STATUSES:
        t.add_column(s, justify="right")
    for g in STATUSES:
        row = result["confusion"].get(g, {})
        t.add_row(g, *(str(row.get(s, 0)) for s in STATUSES))
    console.print(t)
    reasons = result["per_statute_reasons"]
    t = Table(title="per statute")
    for col in ("statute", "status", "evidence locality", "missing elements"):
        t.add_column(col, justify="left" if col == "statute" else "right")
    for k, v in result["per_statute"].items():
        r = reasons.get(k, {})
        t.add_row(k, f"{v['agree']}/{v['cells']}", f"{r.get('local', 0)}/{r.get('elements', 0)}",
                  f"{r.get('missing_agree', 0)}/{r.get('missing_cells', 0)}")
    console.print(t)
    console.print(_two_columns("per provision", "provision", "accuracy",
                               {k: f"{v['accuracy']:.2f} ({v['agree']}/{v['cells']})"
                                for k, v in result["per_provision"].items()}))
    for d in result["disagreements"][:show]:
        console.print(f"- {d['statute']} {d['provision']}: expert {d['expert']} s.{d['expert_sections']}; "
                      f"tool {d['tool']} s.{d['tool_sections']} missing {d['tool_missing']}")
        for e in d["evidence"]:
            console.print(f"    {e}", markup=False)
    for line in result["mislocated"][:show]:
        console.print(f"- evidence outside the expert's provision: {line}", markup=False)
    for e in result["errors"]:
        console.print(f"error: {e}", markup=False)
    write_output(console.export_text(), output)


def _two_columns(title: str, key: str, value: str, rows: dict[str, str]) -> Table:
    from rich.table import Table

    table = Table(title=title)
    table.add_column(key)
    table.add_column(value, justify="right")
    for k, v in rows.items():
        table.add_row(k, v)
    return table


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
