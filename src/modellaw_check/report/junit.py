"""JUnit XML for CI test viewers (GitLab, Jenkins, Azure DevOps, GitHub test-report actions).

One ``<testsuite>`` per statute, one ``<testcase>`` per provision. A finding at or above the fail
level (``--fail-on``, the same rule as the exit code) is a ``<failure>``; a finding below it passes
with its details in ``<system-out>``; a provision that does not apply is ``<skipped>``. Built with
xml.etree so statute text is always escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from modellaw_check.fail_levels import provision_fails
from modellaw_check.findings import ProvisionResult, StatuteReport
from modellaw_check.status import Status

# Characters XML 1.0 cannot carry even escaped (C0 controls other than tab/newline/CR).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(p: ProvisionResult) -> str:
    lines = [f"{p.title} — {p.source}", f"status: {p.status} (score {p.score:.2f}, {p.level})"]
    if p.sections:
        lines.append(f"sections: {', '.join(p.sections)}")
    for el in p.elements:
        for ev in el.evidence[:1]:
            where = f"s. {ev.section or '?'}, line {ev.line}:{ev.column}"
            lines.append(f"evidence {el.name}: {where} “{ev.quote}”")
    if p.missing_elements and p.status != Status.IMPLEMENTED:
        lines.append(f"missing: {', '.join(p.missing_elements)}")
    if p.remedy:
        lines.append(f"remedy: {p.remedy}")
    if p.suggested_wording:
        lines.append(f"suggested wording: {p.suggested_wording}")
    lines += [f"note: {n}" for n in p.notes]
    if p.waived:
        lines.append(f"waived: {p.waived}")
    if p.baselined:
        lines.append("baselined: recorded in the baseline")
    return _x("\n".join(lines))


def _properties(parent: ET.Element, values: dict[str, str]) -> None:
    props = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=_x(value))


def build(report: StatuteReport, fail_on: str = "required-missing") -> ET.Element:
    """The ``<testsuites>`` element (see ``render``)."""
    suite_name = _x(report.statute.title or report.statute.path)
    cases: list[ET.Element] = []
    failures = skipped = 0
    for p in report.provisions:
        case = ET.Element("testcase", classname=f"{report.rule_pack.name}.{p.category}",
                          name=_x(f"{p.id}: {p.title}"), file=_x(report.statute.path), time="0")
        if p.sections:
            case.set("line", str(next((ev.line for el in p.elements for ev in el.evidence), 1)))
        if p.status == Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", message="not applicable")
            skipped += 1
        elif provision_fails(p, fail_on):
            what = (f"{p.level} provision {p.id} is missing" if p.status == Status.MISSING
                    else f"{p.id} is partial: missing {', '.join(p.missing_elements) or 'elements'}")
            failure = ET.SubElement(case, "failure", type=f"{p.level}-{p.status}", message=_x(what))
            failure.text = _details(p)
            failures += 1
        else:
            ET.SubElement(case, "system-out").text = _details(p)
        cases.append(case)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": str(skipped),
              "time": "0"}
    root = ET.Element("testsuites", name="modellaw-check", **{k: v for k, v in counts.items()
                                                              if k != "skipped"})
    suite = ET.SubElement(root, "testsuite", name=suite_name, **counts)
    _properties(suite, {
        "statute.path": report.statute.path,
        "statute.sha256": report.statute.sha256,
        "rule_pack": f"{report.rule_pack.name} {report.rule_pack.version} ({report.rule_pack.digest})",
        "tool": f"{report.tool.get('name', 'modellaw-check')} {report.tool.get('version', '')}".strip(),
        "reservations": ", ".join(report.reservations) or "none",
        "fail_on": fail_on,
        "summary": (f"implemented {report.summary.implemented}, partial {report.summary.partial}, "
                    f"missing {report.summary.missing} ({report.summary.required_missing} required)"),
        "coverage": f"{report.summary.coverage:.3f}",
    })
    suite.extend(cases)
    return root


def render(report: StatuteReport, options=None) -> str:
    fail_on = getattr(options, "fail_on", None) or "required-missing"
    root = build(report, fail_on)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
