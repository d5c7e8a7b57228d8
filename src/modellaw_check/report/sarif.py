"""SARIF 2.1.0 for code-review UIs (GitHub code scanning and other SARIF viewers).

One run per statute; the tool driver lists one rule per provision of the pack; each finding (missing
or partial provision) is one result at the statute lines that prove it. A missing provision has no
line to point at and is reported on the file (an artifactLocation without a region). Implemented and
not-applicable provisions produce no result. ``partialFingerprints`` carries the finding's stable
fingerprint so a CI upload does not re-raise the same alert on every push.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from modellaw_check.errors import CheckError
from modellaw_check.findings import Evidence, ProvisionResult, StatuteReport
from modellaw_check.rules import load_pack
from modellaw_check.rules.schema import Rule
from modellaw_check.status import Status

if TYPE_CHECKING:
    from modellaw_check.rules.loader import RulePack

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/modellaw-check/modellaw-check"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "modellawFinding/v1"
STATUS_TEXT = {Status.PARTIAL: "is only partly implemented", Status.MISSING: "is not implemented"}


def level_of(p: ProvisionResult) -> str | None:
    """SARIF level: missing required -> error, partial -> warning, missing recommended -> note."""
    if p.status == Status.MISSING:
        return "error" if p.level == "required" else "note"
    if p.status == Status.PARTIAL:
        return "warning"
    return None  # implemented / not applicable: nothing to report


def artifact_uri(path: str, root: Path | None = None) -> str:
    """The statute's path as a URI reference relative to ``root`` (default: the current directory).

    Paths outside the root keep their absolute file: URI: a relative "../x" would not resolve in a
    repository viewer anyway.
    """
    base = Path(root or Path.cwd()).resolve()
    target = Path(path)
    target = (target if target.is_absolute() else Path.cwd() / target).resolve()
    try:
        rel = target.relative_to(base)
    except ValueError:
        return target.as_uri()
    return quote(rel.as_posix())


def _pack_rules(report: StatuteReport, pack: RulePack | None) -> tuple[dict[str, Rule], dict[str, str]]:
    """Rule metadata (summary, help URI) from the pack the report was made with, in memory (every
    folder's rules: ``--rules`` folders add to the pack). Without one (a library caller), the bundled
    default pack's; a pack of another name gives none: its metadata would mislead."""
    if pack is None:
        try:
            pack = load_pack(None)
        except CheckError:  # the report is still renderable from its own contents
            return {}, {}
    if pack.meta.name != report.rule_pack.name:
        return {}, {}
    doc_uri = (pack.meta.doc_uri or "").rstrip("/")
    # The pack's documentation holds its own folder's files, not those of a folder added to it.
    home = pack.directory.resolve()
    uris = {rid: f"{doc_uri}/{quote(path.name)}" for rid, path in pack.files.items()
            if path.resolve().parent == home} if doc_uri else {}
    return {r.id: r for r in pack.rules}, uris


def _web(uri: str | None) -> bool:
    """Is ``uri`` an http(s) address? Rule packs are shared: a ``javascript:`` or ``file:`` link from one
    must not reach a code-scanning page."""
    if not uri or any(c in uri for c in "\x00\r\n\t "):
        return False
    try:
        return urlsplit(uri).scheme.lower() in ("http", "https")
    except ValueError:
        return False


def _rule_descriptor(p: ProvisionResult, rule: Rule | None, help_uri: str | None) -> dict:
    summary = " ".join(rule.summary.split()) if rule else f"{p.title} ({p.source})"
    elements = "\n".join(
        f"- **{el.name}** ({el.kind}{', optional' if not el.required else ''}): {el.description}"
        for el in p.elements)
    help_text = f"{summary}\n\nSource: {p.source}\n\nModel wording: {p.model_wording}"
    help_md = (f"**{p.title}** — {p.source}\n\n{summary}\n\n"
               + (f"Elements:\n\n{elements}\n\n" if elements else "")
               + f"Model wording:\n\n> {p.model_wording}\n")
    descriptor: dict = {
        "id": p.id,
        "name": "".join(w.capitalize() for w in p.id.replace("-", " ").split()),
        "shortDescription": {"text": f"{p.title} ({p.source.split('(')[0].strip()})"},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": "error" if p.level == "required" else "note"},
        "properties": {"level": p.level, "category": p.category, "source": p.source,
                       "tags": ["legislation", "cybercrime", p.category, p.level]},
    }
    if rule and _web(rule.help_uri):
        descriptor["helpUri"] = rule.help_uri
    elif _web(help_uri):
        descriptor["helpUri"] = help_uri
    return descriptor


def _region(ev: Evidence) -> dict:
    return {"startLine": ev.line, "startColumn": ev.column, "endLine": ev.end_line,
            "endColumn": ev.end_column, "snippet": {"text": ev.quote}}


def _primary_evidence(p: ProvisionResult) -> Evidence | None:
    """Where a partial finding is shown: the first direct evidence of the conduct, else of any element."""
    ranked = sorted(p.elements, key=lambda el: (el.kind != "conduct", not el.required))
    for el in ranked:
        for ev in el.evidence:
            if ev.via_definition is None:
                return ev
    return next((ev for el in p.elements for ev in el.evidence), None)


def _message(p: ProvisionResult) -> str:
    where = f" (section {', '.join(p.sections[:3])})" if p.sections else ""
    text = f"{p.title} — {p.source} — {STATUS_TEXT.get(p.status, p.status)}{where}."
    if p.status == Status.PARTIAL and p.missing_elements:
        text += f" Missing: {', '.join(p.missing_elements)}."
    if p.remedy:
        text += f" {p.remedy}"
    for note in p.notes:
        text += f" Note: {note}"
    return text


def _result(p: ProvisionResult, index: int, uri: str) -> dict:
    location: dict = {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}}
    ev = _primary_evidence(p) if p.status == Status.PARTIAL else None
    if ev is not None:
        location["region"] = _region(ev)
    result: dict = {
        "ruleId": p.id,
        "ruleIndex": index,
        "level": level_of(p),
        "kind": "fail",
        "message": {"text": _message(p)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT_KEY: p.fingerprint},
        "properties": {"status": p.status, "score": p.score, "sections": p.sections,
                       "missingElements": p.missing_elements},
    }
    related = [
        {"id": i, "message": {"text": f"{el.name}: “{e.quote}”"
                              + (f" (via the definition of {e.via_definition})" if e.via_definition else "")},
         "physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}, "region": _region(e)}}
        for i, (el, e) in enumerate((el, e) for el in p.elements for e in el.evidence if e is not ev)
    ]
    if related:
        result["relatedLocations"] = related
    if p.suggested_wording:
        result["properties"]["suggestedWording"] = p.suggested_wording
    return result


def build(report: StatuteReport, options=None) -> dict:
    """The SARIF log as a dict (see ``render``)."""
    root = getattr(options, "root", None) if options else None
    rules, uris = _pack_rules(report, getattr(options, "pack", None) if options else None)
    uri = artifact_uri(report.statute.path, root)
    descriptors = [_rule_descriptor(p, rules.get(p.id), uris.get(p.id)) for p in report.provisions]
    results = [_result(p, i, uri) for i, p in enumerate(report.provisions) if level_of(p)]
    run: dict = {
        "tool": {"driver": {
            "name": report.tool.get("name", "modellaw-check"),
            "version": report.tool.get("version", ""),
            "semanticVersion": report.tool.get("version", ""),
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
            "properties": {"rulePack": report.rule_pack.model_dump()},
        }},
        "automationDetails": {"id": f"modellaw-check/{report.rule_pack.name}/{uri}/"},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": uri, "uriBaseId": SRCROOT}, "sourceLanguage": "plaintext",
                       # of the normalised text the lines refer to, not of the file's bytes
                       "properties": {"normalisedTextSha256": report.statute.sha256}}],
        "results": results,
        "properties": {"summary": report.summary.model_dump(), "reservations": report.reservations,
                       "statuteTitle": report.statute.title},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: StatuteReport, options=None) -> str:
    return json.dumps(build(report, options), indent=2, ensure_ascii=False) + "\n"
