"""HTML statutes (legislation web pages): the main content only, one line per block.

Navigation, banners, footers, sidebars, forms, scripts and styles are dropped; if the page marks
its main content (``<main>`` or ``role="main"``) only that is read. Block elements (paragraphs,
headings, list items, table rows, divs) each start a new line; headings get a Markdown ``#`` prefix
so the segmenter reads them as heading lines. A ``<header>``/``<footer>`` inside an article or
section is part of the statute (provision headings are often marked up that way) and is kept.
Each line's location is the nearest enclosing element ``id`` (``#section-3``), which is how
legislation sites anchor provisions.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from modellaw_check.document import Document
from modellaw_check.errors import InputError
from modellaw_check.read.common import LineBuilder, check_markup, read_bytes, squeeze
from modellaw_check.read.text import decode

_NOISE = {"script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "textarea",
          "iframe", "svg", "canvas", "head", "object", "embed", "dialog", "menu"}
_PAGE_CHROME = {"header", "footer"}
_NOISE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                "toolbar"}
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
          "table", "tbody", "thead", "tfoot", "tr", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "header",
          "footer", "address", "figure", "figcaption", "hr", "br", "center", "body", "html", "details",
          "summary", "fieldset", "legend"}
_CELL = {"td", "th"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# The charsets a page may declare (Python's codec names): text encodings web pages use. Anything else
# a page declares is ignored and the text detected instead: Python's codecs include transforms that
# are no charset at all, and some are slow enough to hang on a small input ("punycode", "idna").
WEB_CHARSETS = frozenset(
    ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "ascii", "cp437", "cp850", "cp852", "cp866",
     "cp874", "cp932", "cp949", "cp950", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "shift_jis",
     "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "tis-620"]
    + [f"iso8859-{n}" for n in range(1, 17)] + [f"cp{n}" for n in range(1250, 1259)])


def declared_charset(name: str) -> str | None:
    """The codec for a charset a page declares, if it is one of ``WEB_CHARSETS``."""
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # A declaration read as ASCII bytes cannot be in UTF-16/32: HTML says to take it as UTF-8
        # (decoding an ASCII page as UTF-16 turns the whole statute into CJK noise).
        return "utf-8"
    return codec if codec in WEB_CHARSETS else None


def decode_html(data: bytes, path: str) -> str:
    """Decode with the page's declared charset when it has one that works, else like a text file."""
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = declared_charset(m.group(1).decode("ascii"))
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; fall back to detection
    return decode(data, path)


def read_html(path: Path) -> Document:
    import lxml.html  # lxml: only for an HTML statute
    from lxml import etree

    data = read_bytes(path)
    check_markup(data, path)
    text = _XML_DECL.sub("", decode_html(data, str(path)), count=1)
    if not text.strip():
        raise InputError("file contains no text", path=str(path))
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse the HTML ({' '.join(str(exc).split())[:100]})",
                         path=str(path)) from None
    if any("Excessive depth" in str(e.message) for e in parser.error_log):
        # libxml2 stops at 256 levels and silently drops everything after: refuse rather than lose text.
        raise InputError("HTML nested more than 256 elements deep; the text past that depth cannot be read "
                         "(save the page without the nesting, or as text)", path=str(path))
    title = squeeze(root.findtext(".//title") or "")
    main = _main_content(root)
    walker = _Walker()
    walker.walk(main, _anchor(main))
    walker.flush()
    return walker.out.document(path, "html", title=title)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _in_content(el) -> bool:
    return any(_tag(anc) in ("main", "article", "section") or anc.get("role") == "main" for anc in el.iterancestors())


def _is_noise(el) -> bool:
    tag = _tag(el)
    if not tag or tag in _NOISE:
        return True
    if tag in _PAGE_CHROME and not _in_content(el):
        return True
    if (el.get("role") or "").lower() in _NOISE_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _main_content(root):
    for xpath in ("//main", "//*[@role='main']"):
        found = [el for el in root.xpath(xpath) if not _is_noise(el)]
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _anchor(el) -> str | None:
    for node in (el, *el.iterancestors()):
        if node.get("id"):
            return "#" + node.get("id")
    return None


class _Walker:
    """Turns an element tree into lines, one per block, each with its nearest anchor."""

    def __init__(self) -> None:
        self.out = LineBuilder()
        self.parts: list[str] = []
        self.line_anchor: str | None = None
        self.prefix = ""

    def text(self, s: str | None, anchor: str | None, pre: bool = False) -> None:
        if not s:
            return
        if not pre:
            s = re.sub(r"\s+", " ", s)
        if not self.parts or not "".join(self.parts).strip():
            self.line_anchor = anchor
        self.parts.append(s)

    def flush(self) -> None:
        raw = "".join(self.parts)
        for piece in raw.split("\n"):
            line = squeeze(piece)
            if line:
                self.out.add(self.prefix + line, self.line_anchor)
        self.parts = []
        self.prefix = ""

    def walk(self, el, anchor: str | None, pre: bool = False) -> None:
        tag = _tag(el)
        if el.get("id"):
            anchor = "#" + el.get("id")
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.prefix = "#" * int(tag[1]) + " "
        if tag == "pre":
            pre = True
        self.text(el.text, anchor, pre)
        for child in el:
            if not _is_noise(child):
                self.walk(child, anchor, pre)
            if _tag(child) in _CELL:
                self.text(" ", anchor)
            self.text(child.tail, anchor, pre)
        if block:
            self.flush()
