"""``--format docx``: the bill back with one Word comment per finding (issue 17)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES

from tests.conftest import run_cli as _run_cli

BILL_MD = EXAMPLES / "draft-cybercrime-bill.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")




def md_to_docx(md: Path, out: Path) -> Path:
    """The example bill as a drafter's Word file: Markdown headings as Word headings."""
    import docx

    document = docx.Document()
    for line in md.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            document.add_heading(m.group(2), level=len(m.group(1)))
        else:
            document.add_paragraph(line.strip("*"))
    document.save(out)
    return out


def anchored_text(path: Path) -> dict[str, str]:
    """Comment id -> the document text between its range start and end."""
    import docx

    word = docx.Document(str(path))
    open_ids: list[str] = []
    text: dict[str, list[str]] = {}
    for el in word.element.body.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t", W + "p"):
        cid = el.get(W + "id")
        if el.tag == W + "commentRangeStart":
            open_ids.append(cid)
            text.setdefault(cid, [])
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(cid)
        else:
            for i in open_ids:
                text[i].append(" " if el.tag == W + "p" else (el.text or ""))
    return {k: " ".join("".join(v).split()) for k, v in text.items()}


def comments(path: Path) -> dict[str, str]:
    import docx

    return {str(c.comment_id): c.text for c in docx.Document(str(path)).comments}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bill_docx(tmp_path) -> Path:
    return md_to_docx(BILL_MD, tmp_path / "bill.docx")


def test_docx_review_comments_each_finding_on_its_provision(bill_docx, tmp_path, checker, fast_cli, capsys):
    out = tmp_path / "bill-reviewed.docx"
    before = sha(bill_docx)
    code, stdout, err = _run_cli(["check", str(bill_docx), "-f", "docx", "-o", str(out)], capsys)
    assert code == 1, err  # required provisions missing
    assert stdout == "" and f"wrote {out}" in err
    assert sha(bill_docx) == before  # the bill itself is never modified

    report = checker.check_path(bill_docx)
    found = comments(out)
    anchors = anchored_text(out)
    assert len(found) == len(report.provisions) + 1  # one per finding and the summary
    texts = list(found.values())
    assert "implemented" in texts[0] and "missing" in texts[0]  # the summary opens the document
    assert "COMPUTER MISUSE AND CYBERCRIME BILL" in anchors[list(found)[0]]
    for p in report.provisions:
        cid = next(i for i, t in found.items() if f"({p.id}, " in t)
        anchor = anchors[cid]
        if p.status in ("implemented", "partial"):
            quotes = [ev.quote for el in p.elements for ev in el.evidence if ev.via_definition is None]
            assert any(" ".join(q.split()) in anchor for q in quotes), (p.id, anchor)
        elif p.category == "offence":
            assert anchor == "PART II - OFFENCES", (p.id, anchor)
        elif p.category == "procedure":
            assert anchor == "PART III - PROCEDURE", (p.id, anchor)
    art3 = next(t for t in texts if "(art3-illegal-interception, " in t)
    assert "[partial]" in art3 and "s. 4" in art3 and "without right" in art3
    assert "Suggested wording:" in art3 and "Model article" in art3 and "Art. 3" in art3
    art6 = next(t for t in texts if "(art6-misuse-of-devices, " in t)
    assert "[missing]" in art6 and "Suggested clause" in art6 and "Misuse of devices" in art6
    assert "\n(a) produces" in art6 and "a the production" not in art6
    assert "\n(a) the production, sale" in art6  # the model article's own list, as a list


def test_docx_review_of_a_text_bill(tmp_path, checker, fast_cli, capsys):
    out = tmp_path / "review.docx"
    code, _, err = _run_cli(["check", str(BILL_MD), "-f", "docx", "-o", str(out), "--fail-on", "never"], capsys)
    assert code == 0, err
    import docx

    word = docx.Document(str(out))
    assert any(p.text == "PART II - OFFENCES" and p.style.name.startswith("Heading") for p in word.paragraphs)
    report = checker.check_path(BILL_MD)
    assert len(comments(out)) == len(report.provisions) + 1
    anchors = anchored_text(out)
    art2 = next(i for i, t in comments(out).items() if "(art2-illegal-access, " in t)
    assert "accesses the whole or any part of a computer system" in anchors[art2]


def test_docx_needs_output_and_never_replaces_the_input(bill_docx, fast_cli, capsys):
    code, out, err = _run_cli(["check", str(bill_docx), "-f", "docx"], capsys)
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "--output" in err, err
    before = sha(bill_docx)
    code, out, err = _run_cli(["check", str(bill_docx), "-f", "docx", "-o", str(bill_docx)], capsys)
    assert code == 2 and "input" in err and "Traceback" not in err, err
    assert sha(bill_docx) == before


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer")
def test_docx_review_comments_survive_libreoffice_pdf(bill_docx, tmp_path, fast_cli, capsys):
    import pypdf

    out = tmp_path / "bill-reviewed.docx"
    _run_cli(["check", str(bill_docx), "-f", "docx", "-o", str(out)], capsys)
    pdf_dir = tmp_path / "pdf"
    # Writer exports comments only when asked (ExportNotes): as PDF text annotations.
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                    "--outdir", str(pdf_dir), str(out)], check=True, capture_output=True, timeout=180)
    reader = pypdf.PdfReader(str(pdf_dir / "bill-reviewed.pdf"))
    notes = [a.get_object().get("/Contents") for page in reader.pages for a in page.get("/Annots") or []]
    notes = [str(n) for n in notes if n]
    assert len(notes) == len(comments(out))
    assert any("(art3-illegal-interception, " in n and "Suggested wording:" in n for n in notes)
    body = "".join(page.extract_text() for page in reader.pages)
    assert "PART II - OFFENCES" in body
