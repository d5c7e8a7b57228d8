"""``--format docx``: the bill back as a Word document, with one Word comment per finding.

For a .docx input the output is a copy of the bill (the input file is never modified) whose comments
are anchored on the paragraphs the reader took the provision from (``Document.line_locations`` says
"paragraph N"). Any other input (.txt, .md, .pdf, .html, Akoma Ntoso) becomes a new Word document
holding its normalised text, one paragraph per non-blank line (Markdown ``#`` lines as headings), with
the same comments.

Where each comment goes:

- a provision the bill implements (fully or in part): on the paragraph(s) from its implementing
  section's start to the paragraph of its first direct evidence;
- a provision the bill lacks: on the heading of the Part where it belongs (a heading whose words name
  the rule's category: offences, procedure, jurisdiction, cooperation ...), else on the title;
- a summary comment on the title.

Comments are made with python-docx's comments API (``Document.add_comment``, python-docx >= 1.2).
DOCX is binary: it is only ever written to a file (``--output``), never to standard output.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from modellaw_check.errors import UsageError
from modellaw_check.i18n import LEVEL, STATUS, report_language, translations
from modellaw_check.remedy import list_items
from modellaw_check.report.localize import localized
from modellaw_check.report.output import write_atomic
from modellaw_check.status import PRESENT, Status

if TYPE_CHECKING:
    from modellaw_check.document import Document
    from modellaw_check.findings import ProvisionResult, StatuteReport
    from modellaw_check.rules.loader import RulePack

AUTHOR = "modellaw-check"
INITIALS = "MC"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEEDS_OUTPUT = "--format docx writes a Word file: give --output FILE.docx"
MAX_ANCHOR_PARAGRAPHS = 8  # a comment spans at most this many paragraphs (section start .. evidence)
# Words of a Part heading that say which rule categories belong under it.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "offence": ("offence", "offense", "crime", "criminal", "penal", "prohibited"),
    "terrorism": ("terror", "offence", "offense", "crime"),
    "procedure": ("procedur", "investigat", "powers", "enforcement", "evidence"),
    "jurisdiction": ("jurisdiction",),
    "cooperation": ("cooperation", "co-operation", "mutual", "assistance", "extradition", "international"),
    "definition": ("interpretation", "definition", "preliminary"),
}
_HEADING_LINE = re.compile(r"^\s*(?:#+\s|(?:part|chapter|title|division)\b)", re.IGNORECASE)
_PART = re.compile(r"^\s*#*\s*(?:part|chapter|title|division)\b", re.IGNORECASE)
_LOCATION = re.compile(r"paragraph (\d+)$")
_TABLE_LOCATION = re.compile(r"table (\d+), row (\d+)$")


def render(report: StatuteReport, options=None) -> str:
    """The text renderer's slot: DOCX has no text form."""
    raise UsageError(NEEDS_OUTPUT)


# -- the document and where its lines are -------------------------------------------------------------
class _Target:
    """The Word document being annotated and, per line of the normalised text, its paragraph."""

    def __init__(self, word, paragraphs: dict[int, object], title_line: int | None) -> None:
        self.word = word
        self.by_line = paragraphs  # 1-based line -> docx Paragraph
        self.title_line = title_line

    def paragraph(self, line: int):
        """The paragraph of ``line``, else of the nearest earlier line that has one."""
        for ln in range(line, 0, -1):
            if ln in self.by_line:
                return self.by_line[ln]
        return self.title()

    def title(self):
        if self.title_line is not None and self.title_line in self.by_line:
            return self.by_line[self.title_line]
        for p in self.word.paragraphs:
            if p.text.strip():
                return p
        return self.word.paragraphs[0] if self.word.paragraphs else self.word.add_paragraph("")


def _from_docx(doc: Document, source: Path) -> _Target:
    """The bill's own Word file, its paragraphs walked in the order ``read/docx.py`` counts them."""
    import docx
    from docx.text.paragraph import Paragraph

    word = docx.Document(io.BytesIO(source.read_bytes()))
    body = word.element.body
    paragraphs: list = []
    tables: list = []

    def blocks(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                paragraphs.append(child)
            elif child.tag == W + "tbl":
                tables.append(child)
                for tr in child.iterfind(W + "tr"):
                    for tc in tr.iterfind(W + "tc"):
                        paragraphs.extend(tc.iter(W + "p"))
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if inner is not None:
                    blocks(inner)

    blocks(body)
    by_line: dict[int, object] = {}
    for line, where in doc.line_locations.items():
        el = None
        if m := _LOCATION.match(where):
            n = int(m.group(1))
            el = paragraphs[n - 1] if 0 < n <= len(paragraphs) else None
        elif m := _TABLE_LOCATION.match(where):
            t, r = int(m.group(1)), int(m.group(2))
            rows = list(tables[t - 1].iterfind(W + "tr")) if 0 < t <= len(tables) else []
            if 0 < r <= len(rows):
                el = next(rows[r - 1].iter(W + "p"), None)
        if el is not None:
            by_line[line] = Paragraph(el, word._body)
    title = min(by_line) if by_line else None
    return _Target(word, by_line, title)


def _from_text(doc: Document, title: str) -> _Target:
    """A new Word document of the statute's text: one paragraph per non-blank line."""
    import docx

    word = docx.Document()
    if title:
        word.core_properties.title = title[:255]
    by_line: dict[int, object] = {}
    for i, line in enumerate(doc.text.split("\n"), start=1):
        if not line.strip():
            continue
        m = re.match(r"^(#{1,9})\s+(.*)$", line)
        if m:
            by_line[i] = word.add_heading(_xml_safe(m.group(2).strip()), level=min(len(m.group(1)), 4))
        else:
            by_line[i] = word.add_paragraph(_xml_safe(line))
    return _Target(word, by_line, min(by_line) if by_line else None)


def _xml_safe(text: str) -> str:
    """Text Word can hold: XML 1.0 forbids most control characters."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", " ", text)


# -- where each comment goes ---------------------------------------------------------------------------
def _first_evidence(p: ProvisionResult, doc: Document, lo: int, hi: int) -> int | None:
    """Offset of the provision's first direct evidence inside [lo, hi), else anywhere, else None."""
    starts = [ev.start for el in p.elements for ev in el.evidence
              if ev.via_definition is None and 0 <= ev.start < len(doc.text)]
    inside = [s for s in starts if lo <= s < hi]
    if inside:
        return min(inside)
    return min(starts) if starts else None


def _section(doc: Document, section_id: str | None):
    if not section_id:
        return None
    return next((s for s in doc.sections if s.id == section_id), None)


def _present_anchor(p: ProvisionResult, doc: Document, target: _Target) -> list:
    """The paragraphs from the implementing section's start to its first evidence."""
    sec = _section(doc, p.sections[0] if p.sections else None)
    lo, hi = (sec.start, sec.end) if sec is not None else (0, len(doc.text))
    ev = _first_evidence(p, doc, lo, hi)
    start = sec.start if sec is not None else ev
    if start is None:
        return [target.title()]
    first = doc.line_of(start)
    last = doc.line_of(ev) if ev is not None and ev >= start else first
    last = min(last, first + MAX_ANCHOR_PARAGRAPHS * 4)
    out: list = []
    for line in range(first, last + 1):
        para = target.by_line.get(line)
        if para is not None and all(para._p is not q._p for q in out):
            out.append(para)
    out = out[:MAX_ANCHOR_PARAGRAPHS] if out else [target.paragraph(first)]
    return out


def _heading_lines(doc: Document) -> list[tuple[int, str]]:
    """(line, text) of the lines that head a Part: Markdown/Word headings, PART/CHAPTER lines, and
    the start lines of level-0 sections."""
    lines = doc.text.split("\n")
    found = {i + 1: line for i, line in enumerate(lines) if line.strip() and _HEADING_LINE.match(line)}
    for sec in doc.sections:
        if sec.level == 0:
            ln = doc.line_of(sec.start)
            found.setdefault(ln, f"{lines[ln - 1]} {sec.heading}")
    return sorted(found.items())


def _missing_anchor(p: ProvisionResult, headings: list[tuple[int, str]], target: _Target) -> list:
    words = CATEGORY_WORDS.get(p.category, (p.category.lower(),))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    matching = [(line, text) for line, text in headings if line != target.title_line and pattern.search(text)]
    # a Part or Chapter heading first, then any heading (a section titled "Offences by bodies corporate")
    parts = [m for m in matching if _PART.match(m[1])]
    for line, _ in parts or matching:
        return [target.paragraph(line)]
    return [target.title()]


def _runs(paragraphs: list):
    """The first and last run of the paragraphs (an empty run is added to a paragraph without any)."""
    first = paragraphs[0].runs or [paragraphs[0].add_run("")]
    last = paragraphs[-1].runs or [paragraphs[-1].add_run("")]
    return [first[0], last[-1]] if first[0] is not last[-1] else first[0]


# -- what each comment says ----------------------------------------------------------------------------
def _element_words(p: ProvisionResult) -> list[str]:
    # a localized report's elements carry their name in its language and no (English) description
    by_name = {el.name: el for el in p.elements}
    out = []
    for name in p.missing_elements:
        el = by_name.get(name)
        out.append(f"{el.description} ({name})" if el is not None and el.description else name)
    return out


def comment_text(p: ProvisionResult, lang: str = "en") -> list[str]:
    """The paragraphs of a finding's comment (``p`` localized to ``lang``: report/localize.py)."""
    _ = translations(lang).gettext
    status = _(STATUS.get(p.status, p.status))
    head = f"[{status}] {p.title} ({p.id}, {_(LEVEL.get(p.level, p.level))})"
    paras = [head]
    if p.provision:
        paras.append(_("Implementing provision: %(provision)s.") % {"provision": p.provision})
    if p.status == Status.MISSING:
        paras.append(_("The bill has no provision implementing this article."))
    missing = _element_words(p)
    if missing and p.status != Status.MISSING:
        paras.append(_("Missing from this provision: %(elements)s.") % {"elements": "; ".join(missing)})
    paras.extend(_("Note: %(note)s") % {"note": n} for n in p.notes)
    if p.waived:
        paras.append(_("Waived by config: %(reason)s") % {"reason": p.waived})
    if p.suggested_wording:
        paras.append(_("Suggested wording: %(wording)s") % {"wording": p.suggested_wording})
    if p.suggested_clause:
        paras.append(_("Suggested clause (the bill's own wording; [bracketed] text is for the drafter):"))
        paras.extend(p.suggested_clause.split("\n"))
    if p.model_wording and p.status != Status.IMPLEMENTED:
        first, *items = list_items(p.model_wording).split("\n")
        paras.append(_("Model article (%(source)s): %(wording)s") % {"source": p.source, "wording": first.strip()})
        paras.extend(items)
    elif p.status == Status.IMPLEMENTED:
        paras.append(_("Model article: %(source)s.") % {"source": p.source})
    return [_xml_safe(x) for x in paras]


def summary_text(report: StatuteReport, lang: str = "en") -> list[str]:
    _ = translations(lang).gettext
    s = report.summary
    return [
        _("modellaw-check review against %(title)s (%(name)s %(version)s)") % {
            "title": report.rule_pack.title, "name": report.rule_pack.name, "version": report.rule_pack.version},
        _("%(implemented)s implemented, %(partial)s partial, %(missing)s missing (%(required)s required missing); "
          "coverage %(coverage)s.") % {"implemented": s.implemented, "partial": s.partial, "missing": s.missing,
                                       "required": s.required_missing, "coverage": f"{s.coverage:.0%}"},
        _("%(n)s findings follow as comments: each on the provision implementing it, or, for a missing one, on "
          "the heading of the Part where it belongs.") % {"n": len(report.provisions)},
        *(_("Warning: %(warning)s") % {"warning": w} for w in report.warnings),
    ]


def _comment(word, runs, paras: list[str]) -> None:
    comment = word.add_comment(runs, text=paras[0], author=AUTHOR, initials=INITIALS)
    for para in paras[1:]:
        comment.add_paragraph(para)


# -- the renderer ----------------------------------------------------------------------------------------
def render_docx(report: StatuteReport, doc: Document, language: str | None = None,
                pack: RulePack | None = None) -> bytes:
    """The commented Word document of ``doc`` for ``report``, as bytes, its comments in ``language``
    (default: the statute's)."""
    lang = report_language(language, report.statute.language)
    report = localized(report, lang, pack)
    source = Path(doc.path)
    if doc.format == "docx" and source.is_file():
        target = _from_docx(doc, source)
    else:
        target = _from_text(doc, report.statute.title or doc.title)
    _comment(target.word, _runs([target.title()]), summary_text(report, lang))
    headings = _heading_lines(doc)
    for p in report.provisions:
        if p.status in PRESENT and (p.sections or p.provision):
            paragraphs = _present_anchor(p, doc, target)
        else:
            paragraphs = _missing_anchor(p, headings, target)
        _comment(target.word, _runs(paragraphs), comment_text(p, lang))
    buf = io.BytesIO()
    target.word.save(buf)
    return buf.getvalue()


def write_docx(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> None:
    """Write the DOCX bytes to ``path`` through the guarded writer: a regular file only, never one of
    the run's inputs, atomically (report/output.py)."""
    write_atomic(path, data, inputs, "the reviewed DOCX")
