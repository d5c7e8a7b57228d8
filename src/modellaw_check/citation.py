"""Cite a statute's provisions as the statute prints them: "s. 4(a)(1)", "§ 1030(a)(2)", "Art. 143bis"."""

from __future__ import annotations

from collections.abc import Callable

from modellaw_check.document import Document

# What a section's first word says about how the statute cites it (lower-cased start -> prefix).
_STYLES = (("§", "§ "), ("art", "Art. "), ("sec.", "Sec. "), ("section", "s. "))
_DECORATION = " \t#*>_-["  # "[§708-895]": a section enacted without a number


def citer(doc: Document) -> Callable[[str | None], str | None]:
    """A function citing a section id of ``doc`` (None for None)."""
    by_id = {}
    for s in doc.sections:
        by_id.setdefault(s.id, s)
    memo: dict[str, str] = {}

    def cite(section_id: str | None) -> str | None:
        if not section_id:
            return None
        if section_id in memo:
            return memo[section_id]
        sec = by_id.get(section_id)
        prefix = "s. "
        if sec is not None and sec.level == 0:
            prefix = ""  # "Part II" is printed whole
        elif sec is not None:
            top = sec
            while top.parent is not None and doc.sections[top.parent].level >= 1:
                top = doc.sections[top.parent]
            head = doc.text[top.start:top.start + 12].lstrip(_DECORATION).lower()
            prefix = next((p for word, p in _STYLES if head.startswith(word)), "s. ")
        memo[section_id] = cited = f"{prefix}{section_id}"
        return cited

    return cite
