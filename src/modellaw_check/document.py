"""The document model shared by every reader, the segmenter, the matcher and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field

from modellaw_check.bisection import bisect_right


@dataclass(slots=True, eq=False)
class Section:
    """A numbered unit of a statute (part, section, subsection, paragraph ...).

    ``start``/``end`` are character offsets into ``Document.text`` covering the unit and all its
    children; ``body_start`` is where its own text begins (after the number and heading). Compared by
    identity (``eq=False``), as a section of one statute is.
    """

    id: str  # citation as printed, e.g. "3(1)(a)" or "1030(a)(2)"
    num: str  # this level's own number, e.g. "(a)"
    level: int  # 0 = part, 1 = section, 2 = subsection, 3 = paragraph, 4 = subparagraph
    start: int
    end: int
    body_start: int
    heading: str = ""
    parent: int | None = None  # index into Document.sections
    children: list[int] = field(default_factory=list)
    heading_span: tuple[int, int] | None = None  # a title line; its words are not operative text
    eid: str | None = None  # Akoma Ntoso eId or other source id, where the source gives one
    location: str | None = None  # format-specific location (page, paragraph index, xpath)

    def __repr__(self) -> str:
        return f"Section({self.id!r}, level={self.level}, start={self.start}, end={self.end})"

    @property
    def label(self) -> str:
        return self.id


@dataclass
class Document:
    """A statute as text plus its section tree."""

    path: str
    text: str
    format: str = "text"
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    # Per-line location in the source where the format is not plain text (e.g. "page 3").
    line_locations: dict[int, str] = field(default_factory=dict)
    definitions: list = field(default_factory=list)  # segment.Definition items
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _section_index: tuple[int, int, list[int] | None] = field(default=(0, -1, None), repr=False, compare=False)

    def __post_init__(self) -> None:
        self._line_starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            self._line_starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self._line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column of a character offset."""
        return offset - self._line_starts[self.line_of(offset) - 1] + 1

    def section_at(self, offset: int) -> Section | None:
        """The deepest section containing the offset."""
        starts = self._section_starts()
        if starts is None:  # sections not in document order: no shortcut
            return self._scan_section_at(offset)
        # Sections nest, so the deepest one containing the offset is the last to start at or before
        # it, or one of that one's ancestors (a scan of every section made callers quadratic).
        i = bisect_right(starts, offset) - 1
        while i >= 0:
            sec = self.sections[i]
            if sec.start <= offset < sec.end:
                return sec
            if sec.parent is None:
                return None
            i = sec.parent
        return None

    def _section_starts(self) -> list[int] | None:
        key, size, starts = self._section_index
        if key != id(self.sections) or size != len(self.sections):
            starts = [s.start for s in self.sections]
            if any(a > b for a, b in zip(starts, starts[1:], strict=False)):
                starts = None
            self._section_index = (id(self.sections), len(self.sections), starts)
        return starts

    def _scan_section_at(self, offset: int) -> Section | None:
        best: Section | None = None
        for sec in self.sections:
            if sec.start <= offset < sec.end and (best is None or sec.level >= best.level):
                best = sec
        return best

    def top_section_index(self, index: int) -> int:
        """Index of the outermost non-part ancestor of section ``index``."""
        cur = index
        while True:
            parent = self.sections[cur].parent
            if parent is None or self.sections[parent].level == 0:
                return cur
            cur = parent


def first_line(text: str) -> str:
    """A statute's title: its first non-empty line, without Markdown decoration."""
    # The first few kB hold the title: splitting a whole statute into lines cost more than the rest.
    # The head's last line may be cut off, so it does not count; without a title there, the whole text.
    head = text[:4096].splitlines()
    for line in head[:-1] if len(text) > 4096 else head:
        line = line.strip(" #*_")
        if line:
            return line[:200]
    if len(text) <= 4096:
        return ""
    for line in text.splitlines():
        line = line.strip(" #*_")
        if line:
            return line[:200]
    return ""
