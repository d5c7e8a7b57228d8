"""Word (.docx) statutes: body paragraphs and tables in order, with Word's generated numbering.

Drafters let Word number sections and subsections ("3.", "(1)", "(a)") from a list definition, so
the number is not in the paragraph's text. The reader recomputes it from ``numbering.xml`` (list
levels, start values, overrides, restarts) and writes it in front of the paragraph, as the reader
sees it on screen, so the segmenter finds the same units as in a printed copy. Heading-styled
paragraphs get a Markdown ``#`` prefix (one per heading level), which the segmenter reads as a
heading line. Table rows become one line each (cells joined by a space). Tracked deletions, text
boxes and headers/footers are not part of the statute's text and are skipped.

Safety: the file must be a real zip archive with Word parts, of at most ``MAX_MEMBERS`` members, that
expand to no more than a file may hold (``MODELLAW_MAX_BYTES``, 64 MiB): the sizes the archive
declares are checked first, then every member is inflated once, as a stream, counting the bytes it
really gives (a zip bomb is refused in a fraction of a second, never parsed). Parts of the wrong shape
(a main part whose root is not ``w:document``, a content control without content) are exit 2.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.guard import MAX_BYTES, limit
from modellaw_check.read.common import LineBuilder, markup_limit, markup_weight, read_bytes, too_much_markup

MAX_MEMBERS = 5000
_CHUNK = 1 << 20
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Inside a paragraph these hold no visible statute text (or duplicate it, as mc:Fallback does).
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "drawing", W + "pict", W + "object",
         W + "instrText", W + "delText", W + "footnoteReference", W + "endnoteReference", MC_FALLBACK}
_HEADING = re.compile(r"(?i)heading\s*(\d)")


def read_docx(path: Path) -> Document:
    data = read_bytes(path)
    check_archive(data, path, limit("MODELLAW_MAX_BYTES", MAX_BYTES), markup_limit())
    import docx  # python-docx: only for a .docx bill
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError("not a Word document (the zip archive has no Word document part)",
                         path=str(path)) from None
    except ValueError as exc:  # python-docx: "file ... is not a Word file, content type is ..."
        raise InputError(f"not a Word .docx document ({_short(exc)})", path=str(path)) from None
    except Exception as exc:  # damaged XML inside the archive, missing parts ...
        raise InputError(f"damaged .docx file ({type(exc).__name__}: {_short(exc)})",
                         path=str(path)) from None
    root = word.element
    if root.tag != W + "document" or root.find(W + "body") is None:
        what = "no body" if root.tag == W + "document" else f"root element <{_tag(root)}>"
        raise InputError(f"damaged .docx file (the main document part has {what}, expected "
                         "<w:document> with a <w:body>)", path=str(path))
    try:
        return _DocxReader(word).read(path)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        # A part of a shape Word never writes; chained, so --debug still shows where it broke.
        raise InputError(f"damaged .docx file (a malformed part: {type(exc).__name__}: {_short(exc)})",
                         path=str(path)) from exc


def _tag(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else "?"
    return f"w:{tag[len(W):]}" if tag.startswith(W) else tag.rsplit("}", 1)[-1]


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or "no detail"


def check_archive(data: bytes, path: Path, max_bytes: int = MAX_BYTES, max_tags: int = 5_000_000) -> None:
    """Reject what is not a .docx zip, or would expand beyond ``max_bytes`` or hold more than ``max_tags``
    XML tags, before parsing anything."""
    if data.startswith(_OLE_MAGIC):
        raise InputError("a legacy .doc or password-protected Word file; save it as an unprotected .docx",
                         path=str(path))
    if not data.startswith(b"PK\x03\x04"):
        raise InputError("not a .docx file (not a zip archive)", path=str(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise InputError("damaged or truncated .docx file (bad zip archive)", path=str(path)) from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise InputError("not a .docx file (a zip archive without Word document parts)", path=str(path))
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"the .docx archive has {len(infos)} members; the limit is {MAX_MEMBERS}",
                         path=str(path))
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise _too_big(f"{total / 1e6:.0f} MB", max_bytes, path)
    _inflate_bounded(data, infos, max_bytes, max_tags, path)


def _too_big(size: str, max_bytes: int, path: Path) -> InputError:
    return InputError(f"the .docx expands to {size}, over the {max_bytes / 1e6:.1f} MB limit (a zip bomb, or "
                      "raise MODELLAW_MAX_BYTES)", path=str(path))


def _inflate_bounded(data: bytes, infos: list[zipfile.ZipInfo], max_bytes: int, max_tags: int,
                     path: Path) -> None:
    """Inflate every member as a stream, counting what it really gives: the sizes an archive declares
    are its own word, so the bound holds on the bytes, and a damaged member (bad CRC, an unknown
    compression, encryption) is one line here rather than an error deep in the Word parser.

    The XML parts' markup is counted too (``common.markup_weight``): 64 MiB of ``<w:p/>`` (11 million)
    took 1.4 GB and minutes to parse and walk, 60 MB of attributes 1.6 GB."""
    total = tags = 0
    name = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                name = info.filename
                xml = name.lower().endswith((".xml", ".rels"))
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise _too_big(f"more than {max_bytes / 1e6:.1f} MB", max_bytes, path)
                        tags += markup_weight(chunk) if xml else 0
                        if tags > max_tags:
                            raise too_much_markup(path, max_tags)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise InputError(f"damaged .docx file ({name[:80]}: {_short(exc)})", path=str(path)) from None
    except (NotImplementedError, RuntimeError) as exc:  # compression method, encrypted member
        raise InputError(f"unreadable .docx file ({name[:80]}: {_short(exc)})", path=str(path)) from None


_INT = re.compile(r"\s*[-+]?[0-9]{1,9}\s*")
MAX_LIST_NUMBER = 32767  # Word's own largest list start: a label stays short whatever the file says


def _int(value: str | None, default: int, low: int, high: int) -> int:
    """An integer attribute of the XML, bounded: anything else (a word, 5000 digits) is ``default``."""
    if value is None or not _INT.fullmatch(value):
        return default
    return min(max(int(value), low), high)


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


# -- numbering ------------------------------------------------------------------------------------
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter lists go a..z, aa..zz, aaa..: the letter repeated, not base 26.
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the many locale formats we render as decimal


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # w:isLgl: show higher levels as decimal
    suffix: str = " "


@dataclass
class Numbering:
    """Word list definitions and the running counters of each list."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_to_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    level_overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _overrides_used: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root, style_num: dict[str, str]) -> Numbering:
        num = cls()
        if root is None:
            return num
        links: dict[str, str] = {}
        for an in root.iterfind(W + "abstractNum"):
            aid = an.get(W + "abstractNumId", "")
            num.abstract[aid] = {_int(lv.get(W + "ilvl"), 0, 0, 8): _level(lv) for lv in an.iterfind(W + "lvl")}
            link = _val(an, "numStyleLink")
            if link:
                links[aid] = link
        for n in root.iterfind(W + "num"):
            nid = n.get(W + "numId", "")
            num.num_to_abstract[nid] = _val(n, "abstractNumId") or ""
            for ov in n.iterfind(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0, 0, 8)
                start = _val(ov, "startOverride")
                if start is not None and _INT.fullmatch(start):
                    num.overrides.setdefault(nid, {})[ilvl] = _int(start, 0, 0, MAX_LIST_NUMBER)
                lv = ov.find(W + "lvl")
                if lv is not None:
                    num.level_overrides.setdefault(nid, {})[ilvl] = _level(lv)
        # A list defined by a numbering style points, through the style, at another list.
        for aid, style in links.items():
            target = num.num_to_abstract.get(style_num.get(style, ""))
            if target and num.abstract.get(target):
                num.abstract[aid] = num.abstract[target]
        return num

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        if ilvl in self.level_overrides.get(num_id, {}):
            return self.level_overrides[num_id][ilvl]
        return self.abstract.get(self.num_to_abstract.get(num_id, ""), {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the list at ``ilvl`` and return the label Word would print, e.g. "3." or "(a)"."""
        aid = self.num_to_abstract.get(num_id)
        lvl = self.level(num_id, ilvl)
        if aid is None or lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self._overrides_used:
            self._overrides_used.add((num_id, ilvl))
            counters[ilvl] = override
        else:
            counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the levels below it
        if lvl.fmt == "bullet" or not lvl.text:
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            klvl = self.level(num_id, k) or _Level()
            value = counters.get(k, klvl.start)
            return format_number(value, "decimal" if lvl.legal and k != ilvl else klvl.fmt)

        label = re.sub(r"%([1-9])", sub, lvl.text).strip()
        return label + lvl.suffix if label else ""


def _level(lv) -> _Level:
    start = _val(lv, "start")
    suff = _val(lv, "suff")
    return _Level(
        start=_int(start, 1, 0, MAX_LIST_NUMBER),
        fmt=_val(lv, "numFmt") or "decimal",
        text=_val(lv, "lvlText") or "",
        legal=lv.find(W + "isLgl") is not None,
        suffix="" if suff == "nothing" else " ",
    )


# -- the document walk ----------------------------------------------------------------------------
class _DocxReader:
    def __init__(self, word) -> None:
        self.word = word
        self.styles: dict[str, object] = {}
        style_num: dict[str, str] = {}
        styles_root = word.styles.element
        for st in styles_root.iterfind(W + "style"):
            sid = st.get(W + "styleId", "")
            self.styles[sid] = st
            np_ = st.find(f"{W}pPr/{W}numPr")
            if np_ is not None and _val(np_, "numId"):
                style_num[sid] = _val(np_, "numId") or ""
        try:
            numbering_root = word.part.numbering_part.element
        except Exception:  # no numbering part: nothing is numbered
            numbering_root = None
        self.numbering = Numbering.from_xml(numbering_root, style_num)
        # Per style id: its chain, and what the chain gives numbering and headings. Read once per style,
        # not once per paragraph (a file of millions of empty paragraphs took minutes).
        self._chains: dict[str | None, list] = {}
        self._style_nums: dict[str | None, tuple[str | None, str | None]] = {}
        self._headings: dict[tuple[str | None, str | None], int] = {}
        self.out = LineBuilder()
        self.paragraphs = 0
        self.tables = 0

    def read(self, path: Path) -> Document:
        self._blocks(self.word.element.body)
        title = (self.word.core_properties.title or "").strip()
        return self.out.document(path, "docx", title=title)

    def _blocks(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == W + "p":
                self.paragraphs += 1
                line = self._paragraph(child)
                if line.strip():
                    self.out.add(line, f"paragraph {self.paragraphs}")
            elif tag == W + "tbl":
                self.tables += 1
                self._table(child, self.tables)
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:  # a content control without content holds no text
                    self._blocks(content)

    def _table(self, tbl, number: int) -> None:
        for r, tr in enumerate(tbl.iterfind(W + "tr"), start=1):
            cells = [self._cell_text(tc) for tc in tr.iterfind(W + "tc")]
            line = " ".join(c for c in cells if c)
            if line:
                self.out.add(line, f"table {number}, row {r}")

    def _cell_text(self, tc) -> str:
        parts = []
        for el in tc.iter(W + "p"):
            self.paragraphs += 1
            text = self._paragraph(el).replace("\n", " ").strip()
            if text:
                parts.append(text)
        return " ".join(parts)

    def _paragraph(self, p) -> str:
        text = "".join(_runs_text(p))
        ppr = p.find(W + "pPr")
        style_id = _val(ppr, "pStyle")
        label = self._number_label(ppr, style_id)  # an empty numbered paragraph still advances its list
        if not text.strip():
            return label
        heading = self._heading_level(style_id, _val(ppr, "outlineLvl"))
        prefix = "#" * heading + " " if heading else ""
        return prefix + label + text.lstrip() if label else prefix + text

    def _style_chain(self, style_id: str | None) -> list:
        if style_id not in self._chains:
            self._chains[style_id] = self._find_chain(style_id)
        return self._chains[style_id]

    def _find_chain(self, style_id: str | None) -> list:
        chain: list = []
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            st = self.styles[sid]
            chain.append(st)
            sid = _val(st, "basedOn")
        if not chain:  # no style: the document's default paragraph style applies
            default = next((s for s in self.styles.values() if s.get(W + "default") in ("1", "true")
                            and s.get(W + "type") == "paragraph"), None)
            if default is not None:
                chain.append(default)
        return chain

    def _number_label(self, ppr, style_id: str | None) -> str:
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        if num_id is None or ilvl is None:  # the paragraph's own numPr wins, its styles fill the gaps
            style_num, style_ilvl = self._style_numbering(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0":
            return ""
        level = _int(ilvl, 0, 0, 8)
        return self.numbering.next_label(num_id, level)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """The first numId and the first ilvl along the style's chain."""
        if style_id not in self._style_nums:
            num_id = ilvl = None
            for st in self._style_chain(style_id):
                snp = st.find(f"{W}pPr/{W}numPr")
                num_id = num_id if num_id is not None else _val(snp, "numId")
                ilvl = ilvl if ilvl is not None else _val(snp, "ilvl")
            self._style_nums[style_id] = (num_id, ilvl)
        return self._style_nums[style_id]

    def _heading_level(self, style_id: str | None, outline: str | None) -> int:
        key = (style_id, outline)
        if key not in self._headings:
            self._headings[key] = self._find_heading_level(self._style_chain(style_id), outline)
        return self._headings[key]

    @staticmethod
    def _find_heading_level(style_chain: list, outline: str | None) -> int:
        for st in style_chain:
            name = _val(st, "name") or ""
            if name.lower() == "title":
                return 1
            m = _HEADING.fullmatch(name.strip())
            if m:
                return int(m.group(1))
            outline = outline or _val(st.find(W + "pPr"), "outlineLvl")
        level = _int(outline, 9, 0, 9)
        if level < 9:
            return level + 1
        return 0


def _runs_text(el):
    """The visible text of a paragraph, in order (tabs as spaces, breaks as newlines)."""
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            yield child.text or ""
        elif tag in (W + "tab", W + "ptab"):
            yield "\t"
        elif tag in (W + "br", W + "cr"):
            yield "\n"
        elif tag == W + "noBreakHyphen":
            yield "-"
        elif tag == W + "p":  # a paragraph nested in a content control or text box
            yield " "
            yield from _runs_text(child)
        else:
            yield from _runs_text(child)
