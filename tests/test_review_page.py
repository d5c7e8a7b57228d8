"""The HTML review page without a browser: the statute's text beside the findings, each piece of
evidence marked for its provision, every link resolving inside the page, nothing loaded or run, no
machine path, every visible string of the template translatable (issue 17, item 3). The browser
checks (clicks, widths, filters) are in test_review_browser.py."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLES

from modellaw_check.read import read_document
from modellaw_check.report import RenderOptions, render
from modellaw_check.report.source_view import source_view
from modellaw_check.report.templated import BUILTIN_DIR

EXAMPLE = EXAMPLES / "draft-cybercrime-bill.md"
SCRIPT_BILL = Path(__file__).resolve().parent / "data" / "script-bill.txt"


class Page(HTMLParser):
    """Tags with their attributes, the text inside the statute pane per line, and every text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.lines: dict[int, list[str]] = {}
        self.marked: dict[int, list[tuple[str, str]]] = {}  # line -> (finding id, text) of its marks
        self._line: int | None = None
        self._depth = 0  # spans open inside the current line
        self._mark: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "ln" in a.get("class", "").split():
            self._line = int(a["data-n"])
            self.lines[self._line] = []
        elif "mk" in a.get("class", "").split():
            self._mark = a["href"][1:]
        elif tag == "span" and self._line is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "a":
            self._mark = None
        elif tag == "span" and self._line is not None:
            if self._depth:
                self._depth -= 1
            else:
                self._line = None

    def handle_data(self, data):
        if self._line is not None:
            self.lines[self._line].append(data)
            if self._mark:
                self.marked.setdefault(self._line, []).append((self._mark, data))

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def example(checker):
    doc = read_document(EXAMPLE)
    return doc, checker.check_document(doc)


def test_the_statute_text_is_on_the_page_line_for_line(example):
    doc, report = example
    page = parse(render(report, "html", RenderOptions(document=doc)))
    # a piece of text is never dropped or duplicated: line N of the page is line N of the statute
    assert {n: "".join(parts) for n, parts in page.lines.items()} == dict(
        enumerate(doc.text.split("\n"), start=1))


def test_every_piece_of_evidence_is_marked_for_a_provision_that_cites_it(example):
    doc, report = example
    view = source_view(report, doc)
    assert view is not None
    marked_offsets: dict[int, set[str]] = {}
    offset = 0
    for line in view.lines:
        for piece in line.pieces:
            if piece.mark:
                ids = {piece.mark.provision.id, *piece.mark.others}
                for k in range(offset, offset + len(piece.text)):
                    marked_offsets[k] = ids
            offset += len(piece.text)
        offset += 1  # the newline
    found = 0
    for p in report.provisions:
        if p.status not in ("implemented", "partial"):
            continue
        for el in p.elements:
            for ev in el.evidence:
                assert all(p.id in marked_offsets.get(k, ()) for k in range(ev.start, ev.end)), (p.id, ev.quote)
                found += 1
    assert found > 20
    # each provision with evidence has its own colour, and each is a distinct hue
    assert len(set(view.colours.values())) == len(view.colours) == len(view.palette)
    assert len({bg for bg, _ in view.palette}) == len(view.palette)


def test_a_finding_scrolls_to_evidence_in_its_implementing_provision(example):
    doc, report = example
    view = source_view(report, doc)
    html = render(report, "html", RenderOptions(document=doc))
    page = parse(html)
    anchors = {a["id"]: a for t, a in page.tags if t == "a" and "mk" in a.get("class", "") and "id" in a}
    sections = {s.id: s for s in doc.sections}
    checked = 0
    for p in report.provisions:
        if p.status not in ("implemented", "partial"):
            continue
        target = view.targets[p.id]
        offset = int(target[2:])
        sec = sections[p.sections[0]]
        assert sec.start <= offset < sec.end, p.id  # inside the implementing provision
        assert f'href="#{target}"' in html
        # the marked text there links back to a finding whose evidence it is
        assert target in anchors
        checked += 1
    assert checked >= 5
    # a missing offence points at the Part where it belongs
    home = view.homes["art6-misuse-of-devices"]
    assert "offences" in home.text.lower() and f'href="#L{home.number}"' in html


def test_every_link_resolves_inside_the_page_and_nothing_is_loaded(example, tmp_path):
    doc, report = example
    html = render(report, "html", RenderOptions(document=doc))
    page = parse(html)
    tags = [t for t, _ in page.tags]
    for banned in ("script", "link", "img", "iframe", "object", "embed"):
        assert banned not in tags
    assert not [a for _, a in page.tags if "src" in a or any(k.startswith("on") for k in a)]
    hrefs = [a["href"] for _, a in page.tags if "href" in a]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert {h[1:] for h in hrefs} <= page.ids()
    assert "file:" not in html and "url(" not in html and "@import" not in html


def test_no_machine_path_in_the_page(checker, tmp_path):
    bill = tmp_path / "private" / "bill.md"
    bill.parent.mkdir()
    shutil.copyfile(EXAMPLE, bill)
    doc = read_document(str(bill.resolve()))
    html = render(checker.check_document(doc), "html", RenderOptions(document=doc))
    assert str(tmp_path) not in html and "<code>bill.md</code>" in html


def test_a_document_the_report_was_not_made_from_is_not_shown(example, checker):
    doc, report = example
    other = read_document(SCRIPT_BILL)
    html = render(report, "html", RenderOptions(document=other))
    assert 'class="statute"' not in html and 'class="ln"' not in html
    # without a document the page is the findings alone, and still valid
    page = parse(render(report, "html", RenderOptions()))
    assert not page.lines and {p.id for p in report.provisions} <= page.ids()


def test_statute_markup_in_the_text_pane_is_escaped(checker):
    doc = read_document(SCRIPT_BILL)
    html = render(checker.check_document(doc), "html", RenderOptions(document=doc))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "script" not in [t for t, _ in parse(html).tags]


def test_cli_html_shows_the_text_and_leaves_the_input_alone(tmp_path, fast_cli, capsys):
    from tests.conftest import run_cli

    bill = tmp_path / "bill.md"
    shutil.copyfile(EXAMPLE, bill)
    before = bill.read_bytes()
    out = tmp_path / "review.html"
    code, _, err = run_cli(["check", str(bill), "--no-config", "-f", "html", "-o", str(out), "--fail-on", "never"],
                           capsys)
    assert code == 0 and f"wrote {out}" in err
    assert bill.read_bytes() == before
    page = parse(out.read_text(encoding="utf-8"))
    assert len(page.lines) == before.decode("utf-8").count("\n") + 1 and page.marked


# -- every visible string of the template is translatable ---------------------------------------------
class _Visible(HTMLParser):
    ATTRS = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self.found.extend(v for k, v in attrs if k in self.ATTRS and v)

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def test_every_visible_string_of_the_html_template_is_in_gettext():
    source = (BUILTIN_DIR / "report.html.j2").read_text(encoding="utf-8")
    # Jinja removed: what is left is what the template itself writes
    bare = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", source, flags=re.S)
    parser = _Visible()
    parser.feed(bare)
    words = [s.strip() for s in parser.found if re.search(r"[A-Za-z]{2,}", s)]
    assert words == []
    # and the gettext calls are there to be translated
    assert len(re.findall(r"\{\{ _\(\"", source)) > 40


def test_a_translation_reaches_the_page(example, monkeypatch):
    """The template's strings go through the environment's gettext: the French catalogues plug in there."""
    from modellaw_check.report import templated

    made = templated._environment

    def shouting(fmt, template, lang="en"):
        env, name = made(fmt, template, lang)
        env.install_gettext_callables(lambda s: f"«{s}»", lambda s, p, n: f"«{s if n == 1 else p}»",
                                      newstyle=True)
        return env, name

    monkeypatch.setattr(templated, "_environment", shouting)
    doc, report = example
    html = render(report, "html", RenderOptions(document=doc))
    assert "«The statute»" in html and "«Missing elements:»" in html and ">The statute<" not in html
    assert re.search(r'«Implemented by <a class="goto" href="#at\d+" title="«show it in the statute»">s\. 3\(1\)</a>»',
                     html)


def test_a_statute_from_standard_input_is_shown_too(fast_cli, capsys, monkeypatch):
    """The text comes from memory: standard input, whose temporary file is gone by then, is shown as well."""
    import io
    import sys

    from tests.conftest import run_cli

    text = EXAMPLE.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run_cli(["check", "-", "--no-config", "-f", "html", "--input-format", "markdown",
                            "--fail-on", "never"], capsys)
    assert code == 0
    page = parse(out)
    assert len(page.lines) == text.count("\n") + 1 and page.marked
    assert "modellaw-stdin-" not in out and "<code>&lt;stdin&gt;</code>" in out
