"""Report: render a StatuteReport in the format each audience needs.

Reporters are plain functions ``render(report, options) -> str`` registered by format name, so a new
format is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from modellaw_check.errors import UsageError

if TYPE_CHECKING:  # the report model is the renderers' business (a scan imports report.output only)
    from modellaw_check.document import Document
    from modellaw_check.findings import StatuteReport
    from modellaw_check.rules.loader import RulePack


@dataclass
class RenderOptions:
    template: Path | None = None  # a user template file or directory (text formats)
    color: bool = False
    width: int | None = None
    root: Path | None = None  # repository root for relative artifact URIs (SARIF)
    fail_on: str = "required-missing"
    # The rule pack the report was made with, in memory (every folder's rules): SARIF rule metadata,
    # the provisions' titles in the report language. None: the bundled default pack's.
    pack: RulePack | None = None
    document: Document | None = None  # the statute checked, in memory: its text beside the HTML findings
    language: str | None = None  # human reports' language (en, fr); None: the statute's (i18n.report_language)


# format -> "module:function", imported on first use
FORMATS: dict[str, str] = {
    "table": "modellaw_check.report.table:render",
    "text": "modellaw_check.report.templated:render_text",
    "json": "modellaw_check.report.json_report:render",
    "markdown": "modellaw_check.report.templated:render_markdown",
    "html": "modellaw_check.report.templated:render_html",
    "sarif": "modellaw_check.report.sarif:render",
    "junit": "modellaw_check.report.junit:render",
    "docx": "modellaw_check.report.docx_report:render",  # binary: written by check_cmd via render_docx
}


def available_formats() -> list[str]:
    out = []
    for name, target in FORMATS.items():
        module = target.split(":")[0]
        try:
            import_module(module)
        except ModuleNotFoundError:
            continue
        out.append(name)
    return out


def get_renderer(fmt: str) -> Callable[[StatuteReport, RenderOptions], str]:
    target = FORMATS.get(fmt)
    if target is None or fmt not in available_formats():
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(available_formats())})")
    module, func = target.split(":")
    return getattr(import_module(module), func)


def render(report: StatuteReport, fmt: str, options: RenderOptions | None = None) -> str:
    return get_renderer(fmt)(report, options or RenderOptions())
