"""Akoma Ntoso (OASIS LegalDocML) statutes: sections straight from the XML hierarchy.

The XML already says where every provision starts and ends, so this reader builds
``Document.sections`` from the tree instead of re-guessing them from text: every hierarchical
element with a ``<num>`` (``section``, ``article``, ``subsection``, ``paragraph``, ``point`` ...)
becomes a Section whose id is the citation built from the numbers ("3(1)(a)"), whose ``eid`` is the
element's ``eId`` and whose ``location`` is "eId sec_3__subsec_1" (or an XPath where the element has
no eId). ``read_document`` then only looks for definitions and does not run the text segmenter (it
falls back to it for a document without numbered elements).

The text has one line per numbered element: its number, and either its heading or the first line
of its content ("3. (1) Any person who ..."). ``<def>`` terms are quoted when the source does not
quote them, so that definitions are found as in a printed Act.

Safety: the XML is checked with defusedxml first (no DTD entities, no external references), then
parsed by lxml without entity resolution, network access or huge-tree support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from modellaw_check.document import Document, Section
from modellaw_check.errors import InputError
from modellaw_check.read.common import LineBuilder, check_markup, read_bytes, squeeze

# Containers above sections: level 0 in the section tree.
_LEVEL0 = {"part", "chapter", "title", "book", "tome", "division", "subpart", "subchapter", "subtitle",
           "subdivision"}
_SKIP = {"meta", "toc", "authorialNote", "noteRef", "componentRef", "documentRef", "img", "marker"}
_LEAF_BLOCKS = {"p", "block", "crossHeading", "subheading", "heading", "longTitle", "tocItem", "formula",
                "caption", "docTitle", "num"}
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_TOP_KEYWORD = re.compile(r"^(?:section|sec\.?|article|art\.?|rule|clause|regulation|reg\.?|§+|"
                          r"part|chapter|title|book|division|subpart|subchapter)\s*", re.I)
_STRIP_TOP = " \t.:-\u2013\u2014"
MAX_DEPTH = 256  # libxml2's nesting limit without huge_tree (which would also lift its other bounds)


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, path: Path):
    """Parse XML safely: refuse DTD entities and external references, and markup that would take more
    than ~0.8 GB to parse, with one line."""
    import defusedxml  # the XML parsers: only for an Akoma Ntoso file
    import defusedxml.ElementTree as SafeET
    from lxml import etree

    check_markup(data, path)
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise InputError(f"XML with entity declarations or external references is refused for safety "
                         f"({type(exc).__name__})", path=str(path)) from None
    except SafeET.ParseError as exc:
        raise InputError(f"malformed XML ({_short(exc)})", path=str(path)) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):  # libxml2's bound without huge_tree: refused, never truncated
            raise InputError(f"XML nested more than {MAX_DEPTH} elements deep; the text past that depth "
                             "cannot be read (flatten the nesting)", path=str(path)) from None
        raise InputError(f"malformed XML ({_short(exc)})", path=str(path)) from None


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:140] or "no detail"


def read_akn(path: Path) -> Document:
    root = parse_xml(read_bytes(path), path)
    if _local(root) != "akomaNtoso":
        raise InputError(f"not an Akoma Ntoso document (root element <{_local(root)}>, "
                         "expected <akomaNtoso>)", path=str(path))
    reader = _AknReader()
    reader.walk(root, None, "/akomaNtoso", None)
    reader.flush_pending(None)
    doc = reader.out.document(path, "akn", title=reader.title)
    for sec in reader.sections:
        sec.end = min(sec.end, len(doc.text))
    doc.sections = reader.sections
    return doc


@dataclass
class _Pending:
    index: int  # into sections
    text: str  # the number as printed


class _AknReader:
    def __init__(self) -> None:
        self.out = LineBuilder()
        self.sections: list[Section] = []
        self.pending: list[_Pending] = []  # numbers waiting for their first line of content
        self.title = ""

    # -- emitting lines -------------------------------------------------------------------------
    def emit(self, text: str, location: str | None) -> None:
        text = squeeze(text)
        if not text and not self.pending:
            return
        offset = self.out.offset
        prefix = ""
        for p in self.pending:
            sec = self.sections[p.index]
            sec.start = offset + len(prefix)
            sec.body_start = sec.start + len(p.text)
            prefix += p.text + " "
        self.pending = []
        self.out.add((prefix + text).rstrip(), location)

    def flush_pending(self, location: str | None) -> None:
        if self.pending:
            self.emit("", location)

    # -- the walk -------------------------------------------------------------------------------
    def walk(self, el, parent: int | None, xpath: str, inherited: str | None) -> None:
        """Emit ``el``; ``inherited`` is the location of the nearest ancestor with an eId."""
        name = _local(el)
        if not name or name in _SKIP:
            return
        eid = _eid(el)
        location = f"eId {eid}" if eid else inherited
        num_el = _child(el, "num")
        if num_el is not None and name not in ("blockList", "list"):
            self._numbered(el, name, num_el, parent, xpath, location or f"xpath {xpath}")
        elif name == "table":
            self._table(el, location)
        elif name in _LEAF_BLOCKS or _has_own_text(el):
            if not self.title:  # <docTitle> usually sits inside a preface <p>
                title = next((t for t in el.iter() if _local(t) == "docTitle"), None)
                self.title = squeeze(inline_text(title)) if title is not None else ""
            self.emit(inline_text(el), location)
        else:
            self._children(el, parent, xpath, location)

    def _children(self, el, parent: int | None, xpath: str, location: str | None, skip: tuple = ()) -> None:
        counts: dict[str, int] = {}
        for child in el:
            name = _local(child)
            if not name or any(child is s for s in skip):
                continue
            counts[name] = counts.get(name, 0) + 1
            self.walk(child, parent, f"{xpath}/{name}[{counts[name]}]", location)

    def _numbered(self, el, name: str, num_el, parent: int | None, xpath: str, location: str) -> None:
        num = squeeze(inline_text(num_el))
        heading_el = _child(el, "heading")
        heading = squeeze(inline_text(heading_el)) if heading_el is not None else ""
        psec = self.sections[parent] if parent is not None else None
        if name in _LEVEL0 and (psec is None or psec.level == 0):
            level, sid, own = 0, f"{name.capitalize()} {_clean_top(num)}", _clean_top(num)
        elif psec is None or psec.level == 0:
            level, own = 1, _clean_top(num)
            sid = own
        else:
            level, own = psec.level + 1, _clean_sub(num)
            sid = psec.id + own
        eid = _eid(el)
        if not eid:  # cite the element itself, not the nearest ancestor with an eId
            location = f"xpath {xpath}"
        sec = Section(id=sid, num=own, level=level, start=self.out.offset, end=0,
                      body_start=self.out.offset, heading=heading, parent=parent,
                      eid=eid, location=location)
        self.sections.append(sec)
        index = len(self.sections) - 1
        if psec is not None:
            psec.children.append(index)
        if level == 0 or heading:
            self.flush_pending(location)
            self.pending = [_Pending(index, num)]
            self.emit(heading, location)  # "PART 2 OFFENCES", "3. Unauthorised access"
        else:
            self.pending.append(_Pending(index, num))
        self._children(el, index, xpath, location, skip=(num_el, heading_el))
        self.flush_pending(location)
        sec.end = self.out.offset

    def _table(self, table, location: str | None) -> None:
        for row in table.iter():
            if _local(row) == "tr":
                cells = [squeeze(inline_text(c)) for c in row if _local(c) in ("td", "th")]
                self.emit(" ".join(c for c in cells if c), location)


def _child(el, name: str):
    for child in el:
        if _local(child) == name:
            return child
    return None


def _has_own_text(el) -> bool:
    """Mixed content (text directly inside, or after a child) makes an element a line of its own."""
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def inline_text(el) -> str:
    """The text of an element and its inline children; <def> terms quoted, notes left out."""
    parts: list[str] = [el.text or ""]
    for child in el:
        name = _local(child)
        if name in _SKIP or not name:
            pass
        elif name in ("eol", "eop", "br"):
            parts.append(" ")
        elif name == "def":
            term = inline_text(child)
            before = "".join(parts).rstrip()
            quoted = before.endswith(tuple(_QUOTES)) or term.strip()[:1] in _QUOTES
            parts.append(term if quoted else f"\u201c{term}\u201d")
        elif name in ("p", "block"):
            parts.append(" " + inline_text(child) + " ")
        else:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _eid(el) -> str | None:
    # AKN 3.0 uses eId; the 2.0 drafts used id; wId is the work-level fallback.
    return el.get("eId") or el.get("id") or el.get("wId")


def _clean_top(num: str) -> str:
    s = _TOP_KEYWORD.sub("", num.strip()).strip(_STRIP_TOP)
    return s or num.strip()


def _clean_sub(num: str) -> str:
    s = "".join(num.split()).strip(".").strip("()")
    return f"({s})" if s else num
