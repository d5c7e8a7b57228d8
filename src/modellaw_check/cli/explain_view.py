"""How ``modellaw-check explain`` shows a provision (rich panels and tables), imported by the command
when it runs: the other commands do not pay for importing rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from modellaw_check.rules.schema import Pattern, Rule

EXPECT_STYLE = {"implemented": "green", "partial": "yellow", "missing": "red"}


def _wording(pattern: Pattern) -> str:
    # "a|b c" -> "a / b c": spaced alternatives wrap at word boundaries in a narrow column
    text = f"concept: {pattern.concept}" if pattern.concept else (pattern.words or "").replace("|", " / ")
    return f"{text} [{pattern.group}]" if pattern.group else text


def _elements(rule: Rule) -> Table:
    table = Table(title="Elements", title_justify="left", show_lines=True, expand=True)
    table.add_column("Element", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Required", no_wrap=True)
    table.add_column("What it means", ratio=2)
    table.add_column("Accepted wordings", ratio=3, overflow="fold")
    locate = set(rule.locate)
    for el in rule.elements:
        name = Text(el.name.replace("_", " "), style="bold")
        if el.name in locate:
            name.append("\n(locates)", style="dim")
        required = Text("yes", style="bold") if el.required else Text("optional", style="dim")
        if el.min_groups > 1:
            required.append(f"\n≥ {el.min_groups} forms", style="dim")
        wordings = Text("\n".join(f"• {_wording(p)}" for p in el.any))
        table.add_row(name, Text(el.kind.replace("_", " ")), required, Text(el.description), wordings)
    return table


def _reservations(rule: Rule) -> Table:
    table = Table(title="Reservations", title_justify="left", show_lines=True, expand=True)
    table.add_column("Id", no_wrap=True, style="bold")
    table.add_column("Reservation", ratio=1)
    table.add_column("What it changes", ratio=2)
    for res in rule.reservations:
        changes = Text(" ".join(res.effect.split()))
        if res.makes_optional:
            changes.append(f"\nMakes optional: {', '.join(res.makes_optional)}", style="cyan")
        if res.permits:
            changes.append(f"\nPermits the statute to add: {', '.join(res.permits)}", style="cyan")
        title = Text(res.title)
        if res.source:
            title.append(f"\n{res.source}", style="dim")
        table.add_row(res.id, title, changes)
    return table


def _examples(rule: Rule) -> Table:
    table = Table(title="Examples", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Statute text", ratio=3)
    table.add_column("Expected", ratio=1)
    for i, ex in enumerate(rule.examples, 1):
        expected = Text(ex.expect, style=EXPECT_STYLE[ex.expect])
        if ex.missing:
            expected.append(f"\nmissing: {', '.join(ex.missing)}", style="dim")
        if ex.reservations:
            expected.append(f"\nwith reservation {', '.join(ex.reservations)}", style="dim")
        if ex.note:
            expected.append(f"\n{ex.note}", style="dim italic")
        table.add_row(str(i), Text(" ".join(ex.text.split())), expected)
    return table


def explain_rule(rule: Rule, console: Console) -> None:
    head = Text()
    head.append(rule.title, style="bold")
    head.append(f"  {rule.id}\n", style="dim")
    head.append(f"{rule.source}\n", style="italic")
    head.append(f"Level: {rule.level} · category: {rule.category} · found in: {rule.unit} units")
    if rule.related:
        head.append(f"\nRelated: {', '.join(rule.related)}", style="dim")
    console.print(Panel(Group(head, Text(""), Text(" ".join(rule.summary.split()))), expand=True))
    console.print(_elements(rule))
    if rule.reservations:
        console.print(_reservations(rule))
    console.print(Panel(Text(" ".join(rule.model_wording.split())), title="Model wording",
                        title_align="left", expand=True))
    if rule.examples:
        console.print(_examples(rule))
    if rule.help_uri:
        console.print(f"More: {escape(rule.help_uri)}")
