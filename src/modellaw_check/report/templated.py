"""Text, Markdown and HTML reports from Jinja templates shipped in ``report/templates/``.

``RenderOptions.template`` overrides them: a template file is used as is; a directory is searched
first for a template of the built-in name (``text.txt.j2``, ``markdown.md.j2``, ``report.html.j2``)
and the built-in one is used otherwise. The built-ins stay reachable as ``builtin/<name>`` so a user
template can ``{% extends "builtin/report.html.j2" %}`` and override one block.

HTML is always autoescaped: statute text is data and must never become markup. Every value a
template prints has its control characters removed (a statute's title must not send escape sequences
to a terminal); in Markdown the ``md`` filter also neutralises links and images (``[``, ``]``). Every
template, the user's own included, runs in Jinja's ``SandboxedEnvironment``.

Every template has Jinja's i18n extension with the report language's message catalogue installed
(new style: ``{{ _("%(n)s lines", n=statute.lines) }}``); the report language is
``RenderOptions.language``, else the statute's (``i18n.report_language``), and a report in another
language than English renders a translated copy of the findings (``report/localize.py``).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from modellaw_check.errors import UsageError
from modellaw_check.findings import ProvisionResult, StatuteReport
from modellaw_check.guard import read_regular
from modellaw_check.i18n import STATUS, report_language, translations
from modellaw_check.report.localize import MODEL_WORDING, OVER_BREADTH, localized, model_wording_language
from modellaw_check.report.sandbox import BoundedSandbox
from modellaw_check.report.sarif import artifact_uri
from modellaw_check.report.source_view import source_view
from modellaw_check.status import FINDINGS, SYMBOL, ElementStatus, Status

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATES = {"text": "text.txt.j2", "markdown": "markdown.md.j2", "html": "report.html.j2"}
STATUS_ORDER = (Status.MISSING, Status.PARTIAL, Status.IMPLEMENTED, Status.NOT_APPLICABLE)  # gaps first
LABEL = dict(STATUS)  # status -> words (English; a template's ``label`` is in the report language)


# C0 and C1 control characters but tab and line feed (ESC starts a terminal's escape sequences).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(value: object) -> object:
    """A value printed by a template, without control characters (Jinja's ``finalize``)."""
    if isinstance(value, str) and _CONTROLS.search(value):
        return _CONTROLS.sub("", value)
    return value


def _md(text: object) -> str:
    """Statute text inside Markdown: neutralise raw HTML, links and images (the brackets), table pipes
    and control characters; keep it on one line."""
    s = " ".join(_CONTROLS.sub("", str(text)).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return s.replace("[", "\\[").replace("]", "\\]")


def _short_remedy(p: ProvisionResult, lang: str = "en") -> str:
    """The remedy without the model wording, for templates that show the wording on its own."""
    remedy = p.remedy or ""
    cut = remedy.find(" " + translations(lang).gettext(MODEL_WORDING))
    if cut > 0 and p.model_wording and p.model_wording in remedy[cut:]:
        remedy = remedy[:cut]
    cut = remedy.find(" Suggested wording for")
    if cut > 0 and p.suggested_wording:  # shown on its own line
        remedy = remedy[:cut]
    return remedy


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


MAX_TEMPLATE_BYTES = 1024 * 1024  # one template file (the built-in HTML report is 21 kB)
MAX_OUTPUT = 50_000_000  # characters a user's template may render (the built-ins are not bounded here)


class GuardedLoader(FileSystemLoader):
    """A ``FileSystemLoader`` that reads through ``guard.read_regular``: a template (or an include) that
    is a FIFO, socket or device is refused at once instead of waited on or read forever (Jinja's own
    loader skips anything ``os.path.isfile`` does not accept, silently falling back to the built-in
    template), and a template over ``MAX_TEMPLATE_BYTES`` is refused before it is read."""

    def get_source(self, environment: Environment, template: str):
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            try:
                st = os.stat(filename)
            except (OSError, ValueError):
                continue
            if stat.S_ISDIR(st.st_mode):
                continue
            data = read_regular(filename, MAX_TEMPLATE_BYTES, error=UsageError, st=st,
                                hint="a report template; split it with {% include %}")
            contents = data.decode(self.encoding)  # not UTF-8: the template's error (exit 2)
            mtime = st.st_mtime

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return contents, os.path.normpath(filename), uptodate
        raise TemplateNotFound(template)


def _environment(fmt: str, template: Path | None, lang: str = "en") -> tuple[SandboxedEnvironment, str]:
    name = TEMPLATES[fmt]
    loaders: list[BaseLoader] = []
    if template is not None:
        template = Path(template)
        try:
            st = os.stat(template)
        except (OSError, ValueError):
            raise UsageError("template file or directory not found", path=str(template)) from None
        if stat.S_ISDIR(st.st_mode):
            loaders.append(GuardedLoader(str(template)))
        elif stat.S_ISREG(st.st_mode):
            loaders.append(GuardedLoader(str(template.parent)))
            name = template.name
        else:  # a FIFO would block Jinja's open(), a device stream forever
            raise UsageError("not a regular file (a pipe, socket or device)", path=str(template))
    loaders.append(GuardedLoader(str(BUILTIN_DIR)))
    loader = ChoiceLoader([PrefixLoader({"builtin": GuardedLoader(str(BUILTIN_DIR))}), *loaders])
    env = BoundedSandbox(  # a template from a shared repository must not reach Python's internals (nor build
        # a huge value, nor loop for minutes: report/sandbox.py)
        bounded=template is not None,
        loader=loader,
        finalize=strip_controls,
        autoescape=fmt == "html",  # whatever the template's name: HTML output is always escaped
        undefined=StrictUndefined,  # a typo in a user template is an error, not a silent blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],  # {{ _("...") }}: the report language's catalogue
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(md=_md, pct=_pct, slug=_slug)
    return env, name


def _shown_path(path: str) -> str:
    """The statute's path as a circulated report may show it: as given when relative and inside the
    working directory, else its file name only (no machine's folders in a file sent to others)."""
    p = Path(path)
    if p.is_absolute() or ".." in p.parts:
        return p.name or path
    return path


def _context(report: StatuteReport, options, lang: str = "en", fmt: str = "html") -> dict:
    english = report
    pack = getattr(options, "pack", None)
    report = localized(english, lang, pack)
    _ = translations(lang).gettext

    # counted from the provisions shown, so a report narrowed with --only stays consistent
    required = [p for p in report.provisions if p.level == "required"]
    s = report.summary.model_copy(update={
        "required_missing": sum(1 for p in required if p.status == Status.MISSING),
        "coverage": round(sum(p.score for p in required) / len(required), 3) if required else 0.0,
    })
    total = max(1, len(report.provisions))
    counts = {st: sum(1 for p in report.provisions if p.status == st) for st in STATUS_ORDER}
    return {
        "report": report,
        "summary": s,
        "statute": report.statute,
        "provisions": report.provisions,
        "counts": counts,
        "shares": {st: counts[st] / total for st in STATUS_ORDER},
        "total": len(report.provisions),
        "gaps": [p for p in report.provisions if p.status in FINDINGS],
        # over-breadth notes are told by their English words; shown in the report's
        "flags": [(p, p.notes[i]) for p, e in zip(report.provisions, english.provisions, strict=True)
                  for i, n in enumerate(e.notes) if n.startswith("over-breadth")],
        "statute_uri": artifact_uri(report.statute.path, getattr(options, "root", None)),
        "short_remedy": lambda p: _short_remedy(p, lang),
        "symbol": SYMBOL,
        # the statuses, for comparisons (p.status == Status.MISSING) and in order (statuses)
        "Status": Status, "ElementStatus": ElementStatus, "statuses": list(Status), "findings": FINDINGS,
        "label": {st: _(words) for st, words in LABEL.items()},
        "flag_prefix": _(OVER_BREADTH),  # how an over-breadth note starts, in the report's language
        "lang": lang,
        "wording_lang": model_wording_language(english, lang, pack) if lang != "en" else {},
        "width": getattr(options, "width", None) or 100,
        "fail_on": getattr(options, "fail_on", "required-missing"),
        "statute_name": _shown_path(report.statute.path),
        "source": _source(report, options) if fmt == "html" else None,
    }


def _source(report: StatuteReport, options):
    """The statute's text for the HTML page (None for the other formats or without the document)."""
    document = getattr(options, "document", None)
    return source_view(report, document) if document is not None else None


def render_format(report: StatuteReport, fmt: str, options=None) -> str:
    lang = report_language(getattr(options, "language", None), report.statute.language)
    template = getattr(options, "template", None) if options else None
    env, name = _environment(fmt, template, lang)
    try:
        compiled = env.get_template(name)
        context = _context(report, options, lang, fmt)
        if template is None:
            return compiled.render(**context)
        return _bounded_render(compiled, context, name)
    except TemplateSyntaxError as exc:
        raise UsageError(f"template syntax error: {exc.message}", path=exc.filename or name,
                         line=exc.lineno) from None
    except TemplateNotFound as exc:
        raise UsageError(f"template not found: {exc.name}") from None
    except TemplateError as exc:
        raise UsageError(f"template error in {name}: {exc}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        if getattr(options, "template", None) is None:
            raise  # a built-in template that fails is a bug (exit 3)
        # A user's template that raises ({{ 1 // 0 }}, a huge range, not UTF-8) is bad input (exit 2).
        detail = " ".join(str(exc).split())[:200]
        raise UsageError(f"template error in {name}: {type(exc).__name__}: {detail}") from exc


def _bounded_render(compiled, context: dict, name: str) -> str:
    """A user's template rendered as a stream, stopped once past ``MAX_OUTPUT`` characters (a loop
    printing a character 10^8 times would otherwise hold them all before the report is written)."""
    parts: list[str] = []
    chunk: list[str] = []
    size = 0
    for piece in compiled.generate(**context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise UsageError(f"template error in {name}: the template's output exceeds {MAX_OUTPUT:,} characters")
        chunk.append(piece)
        if len(chunk) >= 4096:  # join as it goes: millions of one-character pieces cost 8 bytes each as a list
            parts.append("".join(chunk))
            chunk.clear()
    parts.append("".join(chunk))
    return "".join(parts)


def render_text(report: StatuteReport, options=None) -> str:
    return render_format(report, "text", options)


def render_markdown(report: StatuteReport, options=None) -> str:
    return render_format(report, "markdown", options)


def render_html(report: StatuteReport, options=None) -> str:
    return render_format(report, "html", options)
