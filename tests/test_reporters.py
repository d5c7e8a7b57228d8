"""Reporters: every format for the example bill and real statutes, checked for content.

SARIF against the official 2.1.0 schema, JSON against the report's own schema, JUnit parsed with
xml.etree, HTML parsed (and checked for escaping with a statute that contains ``<script>``),
Markdown and text for their structure; remedies and over-breadth flags; the CLI end to end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from modellaw_check.cli.app import main
from modellaw_check.errors import UsageError
from modellaw_check.fail_levels import provision_fails
from modellaw_check.findings import ElementResult, Evidence, ProvisionResult
from modellaw_check.remedy import amended_sentence, suggest_remedies
from modellaw_check.report import RenderOptions, render
from modellaw_check.report.json_report import json_schema
from modellaw_check.report.sarif import level_of

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "draft-cybercrime-bill.md"
SCRIPT_BILL = DATA / "script-bill.txt"
STATUTES = ["example", "sg-computer-misuse-act-1993.txt", "ke-computer-misuse-and-cybercrimes-act-2018.txt"]
OPTS = RenderOptions(root=ROOT)


@pytest.fixture(scope="module")
def reports(checker, report_of):
    """The example bill, two real statutes and the <script> bill, each checked once."""
    got = {name: report_of(name) for name in STATUTES if name != "example"}
    got["example"] = checker.check_path(EXAMPLE)
    got["script"] = checker.check_path(SCRIPT_BILL)
    return got


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _doc_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# -- SARIF ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [*STATUTES, "script"])
def test_sarif_is_schema_valid_with_rules_results_and_regions(name, reports, sarif_validator):
    report = reports[name]
    log = json.loads(render(report, "sarif", OPTS))
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "modellaw-check" and driver["version"] and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [p.id for p in report.provisions]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Model wording" in rule["help"]["text"] and "Model wording" in rule["help"]["markdown"]
        assert rule["helpUri"].endswith(f"/{rule['id']}.yaml")
        assert rule["properties"]["category"] and rule["properties"]["level"] in ("required", "recommended")
    findings = [p for p in report.provisions if level_of(p)]
    assert [r["ruleId"] for r in run["results"]] == [p.id for p in findings]
    assert findings, "every checked statute here has at least one gap"
    for res, p in zip(run["results"], findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == p.id
        expected = {("missing", "required"): "error", ("missing", "recommended"): "note"}.get(
            (p.status, p.level), "warning")
        assert res["level"] == expected
        assert res["partialFingerprints"]["modellawFinding/v1"] == p.fingerprint
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and (ROOT / uri).is_file()
        if p.status == "missing":
            assert "region" not in loc  # file-level: there is no line to point at
        else:
            region = loc["region"]
            assert region["startLine"] >= 1 and region["endColumn"] >= 1
            ev = [e for el in p.elements for e in el.evidence if e.line == region["startLine"]]
            assert any(e.column == region["startColumn"] for e in ev)
    assert not any(r["ruleId"] == p.id for r in run["results"] for p in report.provisions
                   if p.status == "implemented")


def test_sarif_region_points_at_the_quoted_text(reports):
    """Line and column (unicode code points, 1-based, end exclusive) slice the source file."""
    report = reports["script"]
    lines = _doc_lines(SCRIPT_BILL)
    results = json.loads(render(report, "sarif", OPTS))["runs"][0]["results"]
    partial = [r for r in results if r["level"] == "warning"]
    assert partial
    for res in partial:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"tests/data/script-bill.txt"}


def test_sarif_fingerprints_are_stable(checker, reports):
    again = checker.check_path(EXAMPLE)
    first = json.loads(render(reports["example"], "sarif", OPTS))["runs"][0]["results"]
    second = json.loads(render(again, "sarif", OPTS))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]


# -- JSON -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", STATUTES)
def test_json_is_valid_against_its_schema(name, reports):
    data = json.loads(render(reports[name], "json", OPTS))
    jsonschema.Draft202012Validator(json_schema()).validate(data)
    assert [p["id"] for p in data["provisions"]] == [p.id for p in reports[name].provisions]
    partial = [p for p in data["provisions"] if p["status"] == "partial"]
    assert all(p["remedy"] for p in partial)


# -- JUnit ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", STATUTES)
@pytest.mark.parametrize("fail_on", ["never", "required-missing", "partial"])
def test_junit_counts_match_the_fail_level(name, fail_on, reports):
    report = reports[name]
    root = ET.fromstring(render(report, "junit", RenderOptions(fail_on=fail_on)).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert len(cases) == len(report.provisions) == int(suite.get("tests"))
    failing = [p for p in report.provisions if provision_fails(p, fail_on)]
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == len(failing) == int(suite.get("failures")) == int(root.get("failures"))
    if fail_on == "never":
        assert not failed
    if fail_on == "partial":
        assert len(failed) == sum(p.status in ("missing", "partial") for p in report.provisions)
    for case, p in zip(cases, report.provisions, strict=True):
        assert case.get("name") == f"{p.id}: {p.title}"
        assert case.get("classname") == f"{report.rule_pack.name}.{p.category}"
    props = {e.get("name"): e.get("value") for e in suite.find("properties")}
    assert props["fail_on"] == fail_on and props["statute.sha256"] == report.statute.sha256


def test_junit_escapes_statute_text(reports):
    text = render(reports["script"], "junit", RenderOptions(fail_on="partial"))
    root = ET.fromstring(text.encode("utf-8"))
    assert "<script>" not in text
    assert root.find("testsuite").get("name") == 'Computer Misuse <script>alert("title")</script> Bill'
    failure = root.find(".//testcase[@name='art2-illegal-access: Illegal access']/failure")
    assert failure is not None and 'alert("pwned")' in failure.text


# -- HTML -------------------------------------------------------------------------------------------
class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        if "id" in d:
            self.ids.append(d["id"])

    def handle_data(self, data):
        self.text.append(data)


def _parse_html(text: str) -> _Collector:
    c = _Collector()
    c.feed(text)
    c.close()
    return c


@pytest.mark.parametrize("name", STATUTES)
def test_html_is_self_contained_with_summary_and_a_section_per_provision(name, reports):
    report = reports[name]
    page = _parse_html(render(report, "html", OPTS))
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert tags.count("style") == 1
    assert not [a for _, a in page.tags if "src" in a]  # nothing loaded from anywhere
    for p in report.provisions:
        assert p.id in page.ids
    text = " ".join(page.text)
    n = {st: sum(p.status == st for p in report.provisions) for st in ("implemented", "partial", "missing")}
    assert f"{n['implemented']} implemented · {n['partial']} partial · {n['missing']} missing" in text
    bars = [a for t, a in page.tags if t == "span" and "cov" in a.get("class", "")]
    assert bars and f"{report.summary.coverage * 100:.1f}%" in bars[0]["style"]
    # every piece of evidence of a located provision is quoted with its section and line
    for p in report.provisions:
        for el in p.elements if p.status != "missing" else []:
            for ev in el.evidence:
                assert f"s. {ev.section or '?'}, line {ev.line}:{ev.column}" in text
    assert any(p.model_wording[:60] in text for p in report.provisions if p.status != "implemented")


def test_html_escapes_statute_markup(reports):
    html = render(reports["script"], "html", OPTS)
    page = _parse_html(html)
    assert "script" not in [t for t, _ in page.tags]
    assert "<script>" not in html
    text = " ".join(page.text)
    assert 'Computer Misuse <script>alert("title")</script> Bill' in text  # shown as text
    assert ('intentionally and without right accesses a computer system <script>alert("pwned")</script>'
            in text)


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="optional visual check: needs Debian's chromium (apt-get install chromium)")
def test_html_renders_in_headless_chromium(reports, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(reports["ke-computer-misuse-and-cybercrimes-act-2018.txt"], "html", OPTS),
                    encoding="utf-8")
    png = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1280,2000",
             page.as_uri()],
            check=True, capture_output=True, timeout=120)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000  # a blank page compresses to a few kB; a rendered report does not


# -- Markdown and text ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", STATUTES)
def test_markdown_has_a_heading_per_provision(name, reports):
    report = reports[name]
    md = render(report, "markdown", OPTS)
    headings = [line[4:] for line in md.splitlines() if line.startswith("### ")]
    assert headings == [p.id for p in report.provisions]
    assert md.startswith("# Model-law check: ")
    assert f"| {report.summary.coverage:.0%} |" in md


def test_markdown_neutralises_statute_html(reports):
    md = render(reports["script"], "markdown", OPTS)
    assert "<script>" not in md and "&lt;script&gt;" in md


@pytest.mark.parametrize("name", STATUTES)
def test_text_lists_every_provision_with_its_status(name, reports):
    report = reports[name]
    text = render(report, "text", OPTS)
    for p in report.provisions:
        assert f"[{p.status.replace('_', ' ').upper()}] {p.id}: {p.title}" in text
    assert f"coverage of required provisions: {report.summary.coverage:.0%}" in text


# -- remedies and over-breadth ----------------------------------------------------------------------
def test_partial_offence_gets_an_amended_sentence_from_its_own_text(reports):
    p = reports["script"].provision("art2-illegal-access")
    assert p.status == "partial" and set(p.missing_elements) == {"intent", "without_right"}
    assert p.suggested_wording.startswith("(1) A person who intentionally and without right accesses a "
                                          "computer system")
    assert "Suggested wording for section 3(1)" in p.remedy


def test_amended_sentence_joins_an_existing_qualifier():
    text = "3. A person commits an offence if he knowingly accesses any computer system. Next sentence."
    start = text.index("accesses")
    ev = Evidence(line=1, column=start + 1, end_line=1, end_column=start + 9, start=start, end=start + 8,
                  quote="accesses", section="3")
    k = text.index("knowingly")
    got = amended_sentence(text, ev, "without right", adverbs=((k, k + len("knowingly")),))
    # the sentence, without the section number before it or the next sentence after it
    want = "A person commits an offence if he knowingly and without right accesses any computer system."
    assert got == want


def _prov(pid: str, category: str, status: str, elements: list[ElementResult]) -> ProvisionResult:
    return ProvisionResult(id=pid, title=pid, source="s", level="required", category=category,
                           status=status, score=1.0 if status == "implemented" else 0.5,
                           sections=["7"], elements=elements)


def _el(name: str, kind: str, status: str) -> ElementResult:
    return ElementResult(name=name, kind=kind, required=True, status=status)


MISUSE_OF_DEVICES, SAFEGUARDS = "art6-misuse-of-devices", "art15-conditions-safeguards"


def test_over_breadth_flags(reports):
    """The bundled pack's advisories (pack.yaml) give the over-breadth notes."""
    from modellaw_check.rules import load_pack

    advisories = load_pack().meta.advisories
    report = reports["example"].model_copy(deep=True)
    report.provisions = [
        _prov("art2-illegal-access", "offence", "implemented",
              [_el("conduct", "conduct", "found"), _el("without_right", "without_right", "missing")]),
        _prov(MISUSE_OF_DEVICES, "offence", "implemented",
              [_el("conduct", "conduct", "found"), _el("without_right", "without_right", "found"),
               _el("testing_exception", "exception", "missing")]),
        _prov("art19-search-seizure", "procedure", "implemented", [_el("power", "power", "found")]),
        _prov(SAFEGUARDS, "procedure", "missing", [_el("supervision", "safeguard", "missing")]),
    ]
    suggest_remedies(report, "A person who accesses a computer commits an offence.", advisories=advisories)
    by = {p.id: p for p in report.provisions}
    assert any("no without-right element" in n for n in by["art2-illegal-access"].notes)
    assert any("Art. 6(2)" in n for n in by[MISUSE_OF_DEVICES].notes)
    assert not any("without-right" in n for n in by[MISUSE_OF_DEVICES].notes)
    assert any("art19-search-seizure (section 7)" in n for n in by[SAFEGUARDS].notes)
    assert any("Art. 15" in n for n in by["art19-search-seizure"].notes)
    # idempotent, and the testing exception anywhere in the text clears the Art. 6(2) flag
    suggest_remedies(report, "Nothing in section 6 applies to authorised testing of a computer system.",
                     advisories=advisories)
    assert sum("Art. 6(2)" in n for n in by[MISUSE_OF_DEVICES].notes) == 1
    report.provisions[1].notes.clear()
    suggest_remedies(report, "Nothing in section 6 applies to authorised testing of a computer system.",
                     advisories=advisories)
    assert not by[MISUSE_OF_DEVICES].notes


# -- templates --------------------------------------------------------------------------------------
def test_template_file_and_directory_override(reports, tmp_path):
    report = reports["example"]
    one = tmp_path / "mine.txt.j2"
    one.write_text("{{ statute.title }}: {{ counts.missing }} missing\n", encoding="utf-8")
    missing = sum(p.status == "missing" for p in report.provisions)
    got = render(report, "text", RenderOptions(template=one))
    assert got == f"{report.statute.title}: {missing} missing\n"
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block footer %}<footer>Ministry of Justice</footer>'
        "{% endblock %}", encoding="utf-8")
    html = render(report, "html", RenderOptions(template=folder))
    assert "<footer>Ministry of Justice</footer>" in html and "Model-law check:" in html
    # a directory without the format's template falls back to the built-in one
    assert render(report, "markdown", RenderOptions(template=folder)).startswith("# Model-law check")
    # a user HTML template is autoescaped too, whatever its name
    raw = tmp_path / "raw.j2"
    raw.write_text("{{ statute.title }}", encoding="utf-8")
    got = render(reports["script"], "html", RenderOptions(template=raw))
    assert got.startswith("Computer Misuse &lt;script&gt;")


@pytest.mark.parametrize("content, message", [
    ("{% for x in %}", "template syntax error"),
    ("{{ no_such_variable }}", "no_such_variable"),
])
def test_bad_template_is_a_usage_error(reports, tmp_path, content, message):
    bad = tmp_path / "bad.j2"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        render(reports["example"], "text", RenderOptions(template=bad))
    with pytest.raises(UsageError, match="not found"):
        render(reports["example"], "text", RenderOptions(template=tmp_path / "absent.j2"))


# -- CLI --------------------------------------------------------------------------------------------
def _cli(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def test_cli_writes_sarif_and_junit_files(tmp_path, sarif_validator, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "bill.sarif"
    before = SCRIPT_BILL.read_bytes()
    assert _cli(["check", str(SCRIPT_BILL.relative_to(ROOT)), "-f", "sarif", "-o", str(out),
                 "--fail-on", "never"]) == 0
    log = json.loads(out.read_text(encoding="utf-8"))
    sarif_validator.validate(log)
    assert "art2-illegal-access" in [r["ruleId"] for r in log["runs"][0]["results"]]
    assert SCRIPT_BILL.read_bytes() == before  # input never modified
    junit = tmp_path / "bill.xml"
    assert _cli(["check", str(SCRIPT_BILL), "-f", "junit", "-o", str(junit), "--fail-on", "partial"]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert int(suite.get("failures")) > 0 and suite.find("properties/property[@name='fail_on']").get(
        "value") == "partial"


def test_cli_html_to_stdout_and_template_override(tmp_path, capsys):
    assert _cli(["check", str(SCRIPT_BILL), "-f", "html", "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert out.lstrip().startswith("<!DOCTYPE html>") and "&lt;script&gt;" in out and "<script>" not in out
    tpl = tmp_path / "short.md.j2"
    tpl.write_text("{% for p in provisions if p.status == 'partial' %}- {{ p.id }}\n{% endfor %}",
                   encoding="utf-8")
    out_file = tmp_path / "short.md"
    assert _cli(["check", str(SCRIPT_BILL), "-f", "markdown", "--template", str(tpl), "-o", str(out_file),
                 "--fail-on", "never"]) == 0
    assert "- art2-illegal-access\n" in out_file.read_text(encoding="utf-8")


def test_cli_missing_template_is_one_line_exit_2(tmp_path, capsys):
    assert _cli(["check", str(SCRIPT_BILL), "-f", "text", "--template", str(tmp_path / "nope.j2")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "template" in err and "Traceback" not in err
