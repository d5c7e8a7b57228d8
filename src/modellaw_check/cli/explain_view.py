"""How ``modellaw-check explain`` shows a provision (rich panels and tables), imported by the command
when it runs: the other commands do not pay for importing rich.

``--language fr`` shows what a French statute is matched with: each element's French wordings (its
``lang: {fr: ...}``; the pack's own where it has none, said so), the rule's French title, citation and
model text (the English one, said so, where the French is not available) and the French examples,
under French headings from the message catalogue (``i18n``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from modellaw_check.i18n import CATEGORY, KIND, LEVEL, STATUS, UNIT, translations, words_in
from modellaw_check.rules.schema import Concept, Element, Pattern, Rule
from modellaw_check.status import Status

EXPECT_STYLE = {Status.IMPLEMENTED: "green", Status.PARTIAL: "yellow", Status.MISSING: "red"}


def _wording(pattern: Pattern) -> str:
    # "a|b c" -> "a / b c": spaced alternatives wrap at word boundaries in a narrow column
    text = f"concept: {pattern.concept}" if pattern.concept else (pattern.words or "").replace("|", " / ")
    return f"{text} [{pattern.group}]" if pattern.group else text


def _accepted(el: Element, lang: str, concepts: dict[str, Concept]) -> Text:
    """The wordings a statute in ``lang`` is matched with (a concept's own in that language after it)."""
    _ = translations(lang).gettext
    own = el.lang.get(lang)
    # an element without wordings in the statute's language keeps only its concept references (README)
    patterns = el.any if lang == "en" else own.any if own is not None else [p for p in el.any if p.concept]
    lines = []
    for p in patterns:
        line = f"• {_wording(p)}"
        concept = concepts.get(p.concept or "")
        if lang != "en" and concept is not None and lang in concept.lang:
            line += ": " + "; ".join(_wording(w) for w in concept.lang[lang].any)
        lines.append(line)
    text = Text("\n".join(lines))
    if own is None and lang != "en" and any(p.words for p in el.any):
        text.append("\n" + _("(no wordings of its own in this language: only its concepts are matched)"),
                    style="dim")
    return text


def _elements(rule: Rule, lang: str = "en", concepts: dict[str, Concept] | None = None) -> Table:
    _ = translations(lang).gettext
    table = Table(title=_("Elements"), title_justify="left", show_lines=True, expand=True)
    table.add_column(_("Element"), no_wrap=True)
    table.add_column(_("Kind"), no_wrap=True)
    table.add_column(_("Required"), no_wrap=True)
    if lang == "en":  # the descriptions are English prose: a French view names each element in French
        table.add_column("What it means", ratio=2)
    table.add_column(_("Accepted wordings"), ratio=3, overflow="fold")
    locate = rule.locating_names()
    for el in rule.elements:
        name = Text(words_in(lang, el.name), style="bold")
        if lang != "en":
            name.append(f"\n{el.name}", style="dim")
        if el.name in locate:
            name.append("\n(" + _("locates") + ")", style="dim")
        required = Text(_("yes"), style="bold") if el.required else Text(_("optional"), style="dim")
        if el.min_groups > 1:
            required.append("\n" + _("≥ %(n)s forms") % {"n": el.min_groups}, style="dim")
        kind = Text(_(KIND.get(el.kind, el.kind)))
        accepted = _accepted(el, lang, concepts or {})
        cells = [name, kind, required, *([Text(el.description)] if lang == "en" else []), accepted]
        table.add_row(*cells)
    return table


def _reservations(rule: Rule, lang: str = "en") -> Table:
    _ = translations(lang).gettext
    table = Table(title=_("Reservations"), title_justify="left", show_lines=True, expand=True)
    table.add_column("Id", no_wrap=True, style="bold")
    table.add_column(_("Reservation"), ratio=1)
    table.add_column(_("What it changes"), ratio=2)
    for res in rule.reservations:
        changes = Text(" ".join(res.effect.split()))
        if res.makes_optional:
            changes.append("\n" + _("Makes optional: %(elements)s") % {"elements": ", ".join(res.makes_optional)},
                           style="cyan")
        if res.permits:
            changes.append("\n" + _("Permits the statute to add: %(elements)s") % {"elements": ", ".join(res.permits)},
                           style="cyan")
        title = Text(res.title)
        if res.source:
            title.append(f"\n{res.source}", style="dim")
        table.add_row(res.id, title, changes)
    return table


def _examples(rule: Rule, lang: str = "en") -> Table | None:
    """The rule's examples (in a view in another language than English, only those in it)."""
    _ = translations(lang).gettext
    shown = [(i, ex) for i, ex in enumerate(rule.examples, 1) if lang == "en" or ex.language == lang]
    if not shown:
        return None
    table = Table(title=_("Examples"), title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Statute text"), ratio=3)
    table.add_column(_("Expected"), ratio=1)
    for i, ex in shown:
        expected = Text(_(STATUS[ex.expect]), style=EXPECT_STYLE[ex.expect])
        if ex.missing:
            expected.append("\n" + _("missing: %(elements)s") % {"elements": ", ".join(ex.missing)}, style="dim")
        if ex.reservations:
            expected.append("\n" + _("with reservation %(ids)s") % {"ids": ", ".join(ex.reservations)}, style="dim")
        if ex.note:
            expected.append(f"\n{ex.note}", style="dim italic")
        table.add_row(str(i), Text(" ".join(ex.text.split())), expected)
    return table


def explain_rule(rule: Rule, console: Console, lang: str = "en", concepts: dict[str, Concept] | None = None) -> None:
    """Print ``rule`` for a reader, in ``lang``; ``concepts``: the pack's, whose wordings in ``lang``
    a view in another language than English shows."""
    _ = translations(lang).gettext
    own = rule.lang.get(lang)
    head = Text()
    head.append(own.title if own else rule.title, style="bold")
    head.append(f"  {rule.id}\n", style="dim")
    head.append(f"{own.source if own and own.source else rule.source}\n", style="italic")
    head.append(_("Level: %(level)s · category: %(category)s · found in: %(unit)s units") % {
        "level": _(LEVEL[rule.level]), "category": _(CATEGORY.get(rule.category, rule.category)),
        "unit": _(UNIT.get(rule.unit, rule.unit))})  # a pack may name its own categories and unit kinds
    if rule.related:
        head.append("\n" + _("Related: %(ids)s") % {"ids": ", ".join(rule.related)}, style="dim")
    if lang == "en":  # the summary is English prose; the model text below says it in the view's language
        console.print(Panel(Group(head, Text(""), Text(" ".join(rule.summary.split()))), expand=True))
    else:
        console.print(Panel(head, expand=True))
    console.print(_elements(rule, lang, concepts))
    if rule.reservations:
        console.print(_reservations(rule, lang))
    model = Text(" ".join((own.model_wording if own and own.model_wording else rule.model_wording).split()))
    if own and own.model_source:
        model.append("\n" + _("Source: %(source)s") % {"source": own.model_source}, style="dim")
    if lang != "en" and not (own and own.model_wording):
        model.append("\n" + _("the model wording is not available in this language; it is given in English."),
                     style="dim")
    console.print(Panel(model, title=_("Model wording"), title_align="left", expand=True))
    examples = _examples(rule, lang) if rule.examples else None
    if examples is not None:
        console.print(examples)
    if rule.help_uri:
        console.print(_("More: %(uri)s") % {"uri": escape(rule.help_uri)})
