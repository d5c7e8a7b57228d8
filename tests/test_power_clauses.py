# ruff: noqa: E501  (the small bills are written one provision per line, as statutes print them)
"""A missing or partial procedural power (Arts. 16-21) gets a clause in the bill's own voice: its court and
investigating authority ("[court]" / "[authority]" where it names none), its defined terms, its subsection
labels, numbered in its procedural Part (issue 17, item 2, for powers)."""

from __future__ import annotations

import re

import pytest

from modellaw_check.document import Document
from modellaw_check.findings import ProvisionResult
from modellaw_check.remedy import Voice
from modellaw_check.remedy_powers import PowerVoice, draft_power, inserted
from modellaw_check.rules import load_pack
from modellaw_check.segment import segment

# The powers drafted as clauses: the rules whose drafting block has subsections (Arts. 16-21).
POWERS = {r.id: r.drafting for r in load_pack().rules if r.drafting is not None and r.drafting.subsections}

# Procedure Part in the middle: new powers are inserted after its last section ("8A").
COMMONWEALTH = """CYBERCRIME BILL, 2026

PART I - PRELIMINARY

1. Interpretation
In this Act, "computer" means an electronic, magnetic, optical or other data processing device, "data" means any representation of information in a form suitable for processing in a computer, and "communications data" means data relating to a communication indicating its origin, destination, route, time, date, size or duration.

PART II - OFFENCES

2. Unauthorised access
A person who intentionally and without authority accesses a computer commits an offence and is liable on conviction to imprisonment for a term not exceeding three years.

PART III - POWERS OF INVESTIGATION

8. Search warrants
(1) Where a magistrate is satisfied on the application of a police officer that there are reasonable grounds to believe that a computer may hold evidence of an offence, the magistrate may issue a warrant authorising the police officer to search the computer and to seize any data found in it.
(2) A warrant under this section expires after thirty days.

PART IV - MISCELLANEOUS

9. Regulations
The Minister may make regulations for the better carrying out of this Act.
"""

US = """COMPUTER CRIMES ACT

§ 101. Definitions
(a) In this chapter, the term "computer" means an electronic, magnetic, optical, electrochemical, or other high speed data processing device.
(b) The term "electronic communication service provider" means any service which provides to users the ability to send or receive electronic communications.

§ 102. Unauthorized access
(a) Whoever intentionally accesses a computer without authorization shall be fined under this title or imprisoned not more than 5 years, or both.
(b) This section applies within the United States.

§ 103. Warrants
(a) A governmental entity may require the disclosure of the contents of a wire or electronic communication only pursuant to a warrant issued by a court of competent jurisdiction.
(b) A court of competent jurisdiction may issue a warrant under subsection (a) upon application by a governmental entity.
"""

CIVIL = """CRIMINAL CODE (EXCERPT)

Chapter 1: Offences

Art. 143bis Unauthorised access to a data processing system
Any person who without authorisation obtains access by means of data transmission equipment to a data processing system is liable to a custodial sentence not exceeding three years or to a monetary penalty.

Chapter 2: Investigation and compulsory measures

Art. 269 Surveillance of post and telecommunications
1 The public prosecutor may order the surveillance of post and telecommunications if there is a strong suspicion that a felony has been committed.
2 The order requires the approval of the compulsory measures court.

Chapter 3: Final provisions

Art. 300 Commencement
This Code comes into force on a date fixed by the Federal Council.
"""

# Names neither a court nor an investigating authority.
BARE = """CYBER BILL

1. Access
A person who without right accesses a computer system commits an offence.
"""


@pytest.fixture(scope="module")
def clauses(checker):
    out = {}
    for name, text in (("commonwealth", COMMONWEALTH), ("us", US), ("civil", CIVIL), ("bare", BARE)):
        report = checker.check_text(text)
        out[name] = {p.id: p.suggested_clause for p in report.provisions if p.id in POWERS and p.suggested_clause}
    return out


def _no_treaty_voice(clause: str) -> None:
    assert "Each Party" not in clause and "legislative and other measures" not in clause
    assert "competent authorities" not in clause
    assert not re.search(r"\b[ab] (?:collect|compel|a person|ensure)", clause)  # treaty list markers run into prose


def test_commonwealth_bill_its_court_authority_terms_and_inserted_numbers(clauses):
    c = clauses["commonwealth"]
    production = c["art18-production-order"]
    # inserted after the last section of Part III (Part IV follows): 8A, 8B, ... in the rule pack's order
    assert c["art16-expedited-preservation"].startswith("8A. Expedited preservation of stored data\n")
    assert re.match(r"8[B-F]\. Production order\n", production)
    assert "(1) A magistrate may, on application by a police officer, order a person in [country] to submit " \
           "specified data in that person's possession or control which is stored in a computer or a data storage medium" in production
    assert "where the magistrate is satisfied" in production  # its second mention
    assert "computer system" not in production and "computer data" not in production  # the bill's defined terms
    realtime = c["art20-realtime-traffic"]
    assert "communications data associated with specified communications" in realtime  # its term for traffic data
    assert "\n(a) the police officer to collect or record" in realtime and "\n  (ii) to co-operate with" in realtime
    # Art. 17 refers to the bill's own preservation section, as drafted here
    assert "Where a notice under section 8A relates to communications data" in c["art17-traffic-preservation-disclosure"]
    for clause in c.values():
        _no_treaty_voice(clause)
        assert "[court]" not in clause and "[authority]" not in clause


def test_us_bill_its_court_authority_labels_and_spelling(clauses):
    c = clauses["us"]
    preservation = c["art16-expedited-preservation"]
    # no Parts: after the bill's last section (and the offence clauses drafted there), the US Code's way
    assert re.match(r"§ 1\d\d\. Expedited preservation of stored computer data\n\(a\) Where a governmental entity "
                    r"is satisfied", preservation)
    assert "\n(b) A notice under this section has effect for the period specified in it, not exceeding ninety " \
           "days, and may be renewed by a court of competent jurisdiction" in preservation
    realtime = c["art20-realtime-traffic"]
    assert "specified communications in the United States" in realtime
    assert "\n(1) the governmental entity to collect" in realtime and "\n  (B) to co-operate" in realtime
    assert "a electronic communication service provider" not in realtime
    assert "an electronic communication service provider, within its existing technical capability" in realtime
    # the production order, missing or (found in part in § 103) amended, asks the same court on the same application
    assert "A court of competent jurisdiction may, on application by a governmental entity, order" in \
        c["art18-production-order"]
    for clause in c.values():
        _no_treaty_voice(clause)
        assert "authoris" not in clause and "offence" not in clause


def test_civil_law_bill_its_prosecutor_court_and_article_numbers(clauses):
    c = clauses["civil"]
    # inserted after the last Article of the procedural chapter, the civil-law way
    assert c["art16-expedited-preservation"].startswith("Art. 269bis Expedited preservation of stored computer data\n")
    production = c["art18-production-order"]
    assert re.match(r"Art\. 269(?:ter|quater|quinquies) Production order\n", production)
    assert "(1) A compulsory measures court may, on application by a public prosecutor, order a person" in production
    assert "where the compulsory measures court is satisfied" in production
    assert "Where a notice under Article 269bis relates to traffic data" in c["art17-traffic-preservation-disclosure"]
    for clause in c.values():
        _no_treaty_voice(clause)


def test_a_bill_naming_no_court_or_authority_leaves_brackets(clauses):
    c = clauses["bare"]
    assert set(c) == set(POWERS)  # every power is missing: each gets a clause
    production = c["art18-production-order"]
    assert "\n(1) [Court] may, on application by [authority], order a person in [country] to submit" in production
    assert "where the [court] is satisfied" not in production and "where [court] is satisfied" in production
    assert re.match(r"\d+\. Production order\n", production)  # numbered after the bill's sections and clauses


def _search(missing: list[str], section_text: str) -> tuple[ProvisionResult, Document]:
    doc = segment(Document(path="<text>", text=section_text))
    p = ProvisionResult(id="art19-search-seizure", title="Search and seizure of stored computer data", source="Art. 19",
                        level="required", category="procedure", status="partial", score=0.6,
                        provision="s. 8(1)", sections=["8(1)"], missing_elements=missing)
    return p, doc


def test_a_partial_power_is_amended_with_only_what_it_lacks():
    p, doc = _search(["assistance", "extension"], "PART III - PROCEDURE\n\n8. Search\n(1) A magistrate may issue a "
                     "warrant authorising a police officer to search a computer system and seize computer data.\n"
                     "(2) A warrant expires after thirty days.\n")
    clause = draft_power(p, Voice(), PowerVoice(court="a magistrate", authority="a police officer"), None,
                         POWERS[p.id], {}, doc)
    lines = clause.split("\n")
    assert lines[0] == "Section 8 is amended by adding at the end —"
    assert lines[1].startswith("(3) Where the police officer, searching a computer system under this section")
    assert lines[2].startswith("(4) The police officer may order any person who has knowledge")
    assert len(lines) == 3  # the powers it has are not drafted again
    # a section without subsections is numbered first
    p, doc = _search(["assistance"], "8. Search\nA magistrate may issue a warrant authorising a police officer to "
                     "search a computer system and seize computer data.\n")
    p.sections = ["8"]
    clause = draft_power(p, Voice(), PowerVoice(), None, POWERS[p.id], {}, doc)
    assert clause.startswith("Section 8 is amended by numbering its text as subsection (1) and adding at the end —\n"
                             "(2) [Authority] may order any person")


def test_inserted_numbers_follow_the_bills_convention():
    assert [inserted("8", k, "") for k in range(3)] == ["8A", "8B", "8C"]
    assert [inserted("269", k, "Art.") for k in range(2)] == ["269bis", "269ter"]
    assert inserted("143bis", 0, "Art.") == "143bis.1"


def test_reports_show_a_power_clause(checker, tmp_path):
    from modellaw_check.report import RenderOptions, render

    report = checker.check_text(COMMONWEALTH)
    clause = report.provision("art18-production-order").suggested_clause
    assert clause
    for fmt in ("text", "markdown", "html", "json"):
        out = render(report, fmt, RenderOptions())
        assert "on application by a police officer" in out, fmt
    # and in the DOCX comment on the procedural Part's heading, one paragraph per line of the clause
    from modellaw_check.report.docx_report import comment_text

    paragraphs = comment_text(report.provision("art18-production-order"))
    assert any(para.startswith("Suggested clause") for para in paragraphs)
    assert clause.split("\n")[0] in paragraphs and clause.split("\n")[-1] in paragraphs
