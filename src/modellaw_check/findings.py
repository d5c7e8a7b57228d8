"""The report model: the scored findings for one statute, as every reporter receives them.

This is also the documented JSON output (``--format json``); its JSON Schema is produced from these
models by ``modellaw-check schema`` and versioned by ``SCHEMA_VERSION``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, WithJsonSchema

from modellaw_check.status import ElementStatus, Status  # the report model's statuses (kept light there)

SCHEMA_VERSION = "1.1"  # 1.1: provision, support, suggested_clause (additive)


def _inline(enum: type[StrEnum]) -> WithJsonSchema:
    """The published JSON Schema of a status field: its values inline, as before the enums (no $defs entry)."""
    return WithJsonSchema({"enum": [m.value for m in enum], "title": "Status", "type": "string"})


ProvisionStatus = Annotated[Status, _inline(Status)]
ElementStatusField = Annotated[ElementStatus, _inline(ElementStatus)]


class Evidence(BaseModel):
    section: str | None = Field(None, description="the statute's own section number, e.g. '3(1)'")
    line: int = Field(description="1-based line of the first character")
    column: int
    end_line: int
    end_column: int = Field(description="1-based column one past the last character")
    start: int = Field(description="character offset into the normalised text")
    end: int
    quote: str = Field(description="the exact text matched")
    location: str | None = Field(None, description="format-specific location (page, eId, paragraph)")
    via_definition: str | None = Field(None, description="found in the definition of this term, or in this "
                                       "section (\"section 43\") that the provision adopts by reference")


class Support(BaseModel):
    """A part of the statute that the implementing provision itself brings in, and why."""

    section: str | None = Field(None, description="the statute's own number of the supporting text")
    cited: str | None = Field(None, description="the same, cited as the statute prints it ('s. 2', '§ 1030(e)')")
    role: Literal["definition", "reference", "lead-in", "context"] = Field(
        description="definition: defines a term the provision uses; reference: a provision it names; lead-in: "
        "the words introducing the list it is an item of; context: elsewhere in its section or the statute, "
        "where the rule lets an element stand (e.g. a jurisdiction clause's reach)")
    term: str | None = Field(None, description="the defined term, for a definition")
    elements: list[str] = Field(default_factory=list, description="the elements found there")
    why: str


class ElementResult(BaseModel):
    name: str
    kind: str
    description: str = ""
    required: bool
    waived_by: str | None = Field(None, description="reservation that makes this element optional")
    status: ElementStatusField
    groups_found: list[str] = Field(default_factory=list)
    groups_missing: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class ProvisionResult(BaseModel):
    id: str = Field(description="rule id, e.g. 'art2-illegal-access'")
    title: str
    source: str
    level: Literal["required", "recommended"]
    category: str
    status: ProvisionStatus
    score: float = Field(ge=0, le=1)
    provision: str | None = Field(None, description="the national provision that implements it, cited as the "
                                  "statute prints it ('s. 4(a)(1)', '§ 1030(a)(2)', 'Art. 143bis'); every "
                                  "element is found in it or in what it brings in (support)")
    support: list[Support] = Field(default_factory=list, description="definitions, referenced provisions "
                                   "and lead-in words the implementing provision brings in")
    sections: list[str] = Field(default_factory=list, description="sections that implement it: the "
                                "implementing provision first, then others that implement it too")
    elements: list[ElementResult] = Field(default_factory=list)
    missing_elements: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    reservations_applied: list[str] = Field(default_factory=list)
    model_wording: str = ""
    remedy: str | None = Field(None, description="what a drafter could add or change")
    suggested_wording: str | None = Field(None, description="the statute's own sentence amended with "
                                          "the missing elements (partial provisions)")
    suggested_clause: str | None = Field(None, description="a clause for a missing offence, drafted from the "
                                         "model article in the statute's own offence formula and defined "
                                         "terms; figures and choices left to the drafter are [bracketed]")
    fingerprint: str = Field("", description="stable id of this finding for baselines and SARIF")
    waived: str | None = Field(None, description="reason of the config waiver that accepts this finding; "
                               "a waived finding does not count toward the exit code")
    baselined: bool = Field(False, description="the finding is recorded in the --baseline file; "
                            "it does not count toward the exit code")


class Summary(BaseModel):
    implemented: int = 0
    partial: int = 0
    missing: int = 0
    not_applicable: int = 0
    required_missing: int = 0
    coverage: float = Field(0.0, description="mean provision score over required provisions")


class StatuteInfo(BaseModel):
    path: str
    format: str
    title: str = ""
    sha256: str
    characters: int
    lines: int
    sections: int
    definitions: list[str] = Field(default_factory=list)
    language: str = Field("en", description="the language the statute was read in (ISO 639 code)")


class RulePackInfo(BaseModel):
    name: str
    title: str
    version: str
    digest: str


class StatuteReport(BaseModel):
    schema_version: str = SCHEMA_VERSION
    tool: dict[str, str]
    statute: StatuteInfo
    rule_pack: RulePackInfo
    reservations: list[str] = Field(default_factory=list)
    relevant: bool = True
    warnings: list[str] = Field(default_factory=list, description="conditions that make findings less reliable")
    summary: Summary
    provisions: list[ProvisionResult]

    def provision(self, rule_id: str) -> ProvisionResult:
        return next(p for p in self.provisions if p.id == rule_id)


def words(name: str) -> str:
    """An element or form id as human output says it: without_right -> without right (JSON keeps ids)."""
    return name.replace("_", " ")
