"""Report languages: the gettext message catalogues behind French (and any future) human reports.

The fixed words of the text, Markdown, HTML and DOCX reports, the table and ``explain`` are English
msgids translated through ``locale/<lang>/LC_MESSAGES/modellaw_check.mo`` (the compiled ``.po``
beside it; committed, so an installed package needs no build step). Templates get them through Jinja's
``jinja2.ext.i18n`` (``report/templated.py``); Python code calls ``translations(lang).gettext``.
JSON, SARIF and JUnit never go through here: their keys and values stay English and stable.

Words that are data, not code — element and form names of the rule pack — are msgids too: the
``extract_rules`` Babel extractor takes them from the rule YAML files. Refreshing the catalogue after
a string changes: docs/reports.md, "Reports in French" (``pybabel extract -F babel.cfg``, ``update``,
translate, ``compile``); tests/test_french_reports.py fails while a msgid is untranslated.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO

import yaml

from modellaw_check.errors import UsageError
from modellaw_check.findings import words
from modellaw_check.status import ElementStatus, Status

DOMAIN = "modellaw_check"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"  # the msgids' language
REPORT_LANGUAGES = ("en", "fr")


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is translated later (a table of words)."""
    return message


# Closed vocabularies of the report model, shown in words in human reports.
STATUS = {Status.IMPLEMENTED: N_("implemented"), Status.PARTIAL: N_("partial"), Status.MISSING: N_("missing"),
          Status.NOT_APPLICABLE: N_("not applicable")}
ELEMENT_STATUS = {ElementStatus.FOUND: N_("found"), ElementStatus.PARTIAL: N_("partial"),
                  ElementStatus.MISSING: N_("missing")}
LEVEL = {"required": N_("required"), "recommended": N_("recommended")}
CATEGORY = {"definition": N_("definition"), "offence": N_("offence"), "procedure": N_("procedure"),
            "jurisdiction": N_("jurisdiction"), "cooperation": N_("cooperation"), "terrorism": N_("terrorism"),
            "other": N_("other")}
KIND = {"mental": N_("mental"), "without_right": N_("without right"), "conduct": N_("conduct"),
        "object": N_("object"), "result": N_("result"), "circumstance": N_("circumstance"),
        "exception": N_("exception"), "term": N_("term"), "power": N_("power"), "subject": N_("subject"),
        "safeguard": N_("safeguard")}
ROLE = {"definition": N_("definition"), "reference": N_("reference"), "lead-in": N_("lead-in"),
        "context": N_("context")}
UNIT = {"offence": N_("offence"), "definition": N_("definition"), "power": N_("power"), "any": N_("any"),
        "jurisdiction": N_("jurisdiction")}

# The report's warning when a statute is not in the pack's language (check.py writes it, in English; a
# human report in another language translates it, report/localize.py). %(language)s is the language's
# name in its profile (lang/<code>.yaml: name), a msgid too.
NOT_THE_LANGUAGE = N_("the text does not look like %(language)s (%(share)s common %(language)s words); the rule "
                      "pack matches %(language)s wording, so provisions may be reported missing that the statute "
                      "implements")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English: the msgids themselves)."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if lang not in REPORT_LANGUAGES:
        raise UsageError(f"unknown report language {lang!r} (choose from: {', '.join(REPORT_LANGUAGES)})")
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, [lang])
    except OSError as exc:  # an installation without its locale/ folder: a packaging bug
        raise RuntimeError(f"the {lang} message catalogue is missing from the installation ({exc})") from None


def report_language(requested: str | None, statute_language: str | None) -> str:
    """The language a human report is written in: the one asked for, else the statute's (English
    for a statute in a language no catalogue covers)."""
    if requested:
        code = requested.strip().lower()
        if code not in REPORT_LANGUAGES:
            raise UsageError(f"--report-language {requested!r}: choose from {', '.join(REPORT_LANGUAGES)}")
        return code
    return statute_language if statute_language in REPORT_LANGUAGES else SOURCE_LANGUAGE


def words_in(lang: str, name: str) -> str:
    """An element or form id in words, in ``lang`` ("without_right" -> "sans droit"); an id the
    catalogue does not know (a custom pack's) in English words."""
    return translations(lang).gettext(words(name))


def extract_rules(fileobj: IO[bytes], keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor (``babel.cfg``): the element and form names of a rule file, as msgids in words; the
    title of a pack (``pack.yaml``) and the name of a language profile (``lang/<code>.yaml``)."""
    data = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    if isinstance(data, dict) and "elements" not in data:
        if "id" not in data and isinstance(data.get("title"), str):  # a pack's pack.yaml
            yield 0, "_", data["title"], [f"rule pack title ({data.get('name', '?')})"]
        elif isinstance(data.get("language"), str) and isinstance(data.get("name"), str):  # a language profile
            yield 0, "_", data["name"], ["language name (lang/*.yaml: name)"]
        return
    seen: set[str] = set()
    for el in data.get("elements", []) if isinstance(data, dict) else []:
        names = [el.get("name", "")] + [p.get("group") for p in el.get("any", []) if isinstance(p, dict)]
        for name in names:
            if name and name not in seen:
                seen.add(name)
                yield 0, "_", name.replace("_", " "), [f"element or form name ({data.get('id', '?')})"]
