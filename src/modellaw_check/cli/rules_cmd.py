"""``modellaw-check rules ...``: list, show, validate and test the rule pack."""

from __future__ import annotations

from pathlib import Path

import typer

from modellaw_check.cli.common import (
    OUTPUT_OPTION,
    PACK_OPTION,
    RULES_OPTION,
    check_ids,
    help_on_stderr,
    is_terminal,
    load_pack_named,
    print_rich,
    terminal_width,
)
from modellaw_check.errors import EXIT_FINDINGS

rules_app = typer.Typer(help="List, show, validate and test rule packs.", invoke_without_command=True)

RULE_ID = typer.Argument(..., metavar="ID", help="Provision id, e.g. art2-illegal-access "
                         "(see `modellaw-check rules list`).", show_default=False)


@rules_app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        help_on_stderr(ctx)


@rules_app.command("list")
def list_rules(rules: Path = RULES_OPTION, pack_name: str = PACK_OPTION) -> None:
    """List every provision in the rule pack.

    On a terminal, a table as wide as the terminal; piped, plain columns, one provision per line
    (`modellaw-check rules list | grep terror` gives whole ids).
    """
    import sys

    from rich import box
    from rich.table import Table  # rich is imported by the commands that print with it

    pack = load_pack_named(rules, pack_name)
    tty = is_terminal(sys.stdout)
    width = terminal_width() if tty else 0
    # On a terminal, the columns that fit it (id and title always; category from 100 columns, source
    # from 150); piped, every column.
    columns = ["id", "title", "level"] + (["category"] if not tty or width >= 100 else []) \
        + (["source"] if not tty or width >= 150 else [])
    table = Table(title=f"{pack.meta.title} — {len(pack.rules)} provisions" if tty else None,
                  box=box.SIMPLE_HEAD if tty else None, show_header=tty, pad_edge=False)
    for col in columns:
        table.add_column(col, no_wrap=col in ("id", "level", "category") or not tty, overflow="fold",
                         ratio=None if col in ("id", "level", "category") else 1)
    for r in pack.rules:
        table.add_row(*(getattr(r, col) for col in columns))
    print_rich(sys.stdout, table)


@rules_app.command("show")
def show(rule_id: str = RULE_ID, rules: Path = RULES_OPTION, pack_name: str = PACK_OPTION) -> None:
    """Show one rule as YAML, exactly as loaded."""
    pack = load_pack_named(rules, pack_name)
    check_ids("provision id", [rule_id], pack.files)
    typer.echo(pack.files[rule_id].read_text(encoding="utf-8"))


@rules_app.command("validate")
def validate(path: Path = typer.Argument(None, metavar="PATH", show_default=False,
                                         help="A rule pack directory or one rule file "
                                         "(default: the bundled pack).")) -> None:
    """Validate rule files against the rule schema; exits 2 with file, line and field on an error."""
    from modellaw_check.annotate import pipeline
    from modellaw_check.match.patterns import compile_pack
    from modellaw_check.rules import load_pack
    from modellaw_check.rules.loader import RulePack, default_rules_dir, load_rule_file

    if path is not None and path.is_file():
        rule = load_rule_file(path)
        base = load_pack(default_rules_dir())
        pack = RulePack(meta=base.meta, rules=[rule], directory=path.parent, files={rule.id: path},
                        own_concepts=base.own_concepts)
    else:
        pack = load_pack(path)
    for code in pack.languages():  # every wording must compile too, in every language
        compile_pack(pack.localised(code), pipeline(code))
    typer.echo(f"ok: {len(pack.rules)} rule(s) valid in {path or pack.directory}")


@rules_app.command("test")
def test(rules: Path = RULES_OPTION, pack_name: str = PACK_OPTION,
         rule_id: list[str] = typer.Option([], "--id", metavar="ID", show_default=False,
                                           help="Test only these rules (repeatable).")) -> None:
    """Run every rule's own examples through the matcher; exit 1 on any wrong result."""
    from modellaw_check.rules.selftest import run_examples
    from modellaw_check.settings import PackSpec, build_checker

    pack = load_pack_named(rules, pack_name)
    check_ids("provision id", rule_id, pack.files, "--id")  # else it would test nothing and pass
    results = run_examples(pack, lambda reservations, language: build_checker(
        PackSpec(reservations=reservations, language=language), pack), rule_id or None)
    failures = [r for r in results if not r.ok]
    for r in results:
        mark = "ok  " if r.ok else "FAIL"
        typer.echo(f"{mark} {r.rule_id} example {r.index + 1}: expected {r.expected}, got {r.got}"
                   + (f" ({r.detail})" if r.detail and not r.ok else ""))
    typer.echo(f"{len(results) - len(failures)} passed, {len(failures)} failed")
    if failures:
        raise typer.Exit(EXIT_FINDINGS)


@rules_app.command("doc")
def doc(rules: Path = RULES_OPTION, pack_name: str = PACK_OPTION, output: Path = OUTPUT_OPTION) -> None:
    """Print the rule pack's documentation (Markdown): every provision, its elements and examples."""
    from modellaw_check.cli.common import write_output
    from modellaw_check.rules.docs import pack_markdown

    write_output(pack_markdown(load_pack_named(rules, pack_name)), output)


@rules_app.command("packs")
def packs() -> None:
    """List the rule packs --pack can name: the bundled ones and those installed by Python packages."""
    from modellaw_check.rules.location import bundled_packs, installed_packs

    for name, folder in bundled_packs().items():
        typer.echo(f"{name}\tbundled\t{folder}")
    for name, ep in installed_packs().items():
        typer.echo(f"{name}\tinstalled\t{ep.value}")


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
