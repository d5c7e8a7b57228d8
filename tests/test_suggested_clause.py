# ruff: noqa: E501  (the small bills are written one provision per line, as statutes print them)
"""A missing offence gets a clause drafted from the model article in the bill's own voice (issue 17.2)."""

from __future__ import annotations

import re

import pytest

COMMONWEALTH = """COMPUTER MISUSE BILL, 2026

PART I - PRELIMINARY

1. Interpretation
In this Act, "computer" means an electronic, magnetic, optical or other data processing device performing logical, arithmetic or storage functions, and "data" means any representation of information or concepts in a form suitable for processing in a computer.

PART II - OFFENCES

2. Unauthorised access
A person who intentionally and without authority accesses a computer commits an offence and is liable on conviction to a fine not exceeding 50,000 dollars or to imprisonment for a term not exceeding three years, or to both.

3. Unauthorised modification
A person who intentionally and without authority modifies, damages or deletes data held in a computer commits an offence and is liable on conviction to a fine not exceeding 100,000 dollars or to imprisonment for a term not exceeding seven years, or to both.
"""

US = """COMPUTER CRIMES ACT

§ 101. Definitions
In this chapter, the term "computer" means an electronic, magnetic, optical, electrochemical, or other high speed data processing device performing logical, arithmetic, or storage functions.

§ 102. Unauthorized access
Whoever intentionally accesses a computer without authorization and thereby obtains information shall be fined under this title or imprisoned not more than 5 years, or both.

§ 103. Damage to computers
Whoever knowingly causes the transmission of a program, information, code, or command, and as a result of such conduct, intentionally causes damage without authorization to a computer, shall be fined under this title or imprisoned not more than 10 years, or both.
"""

CLASS = """CHAPTER 9. COMPUTER CRIME

Sec. 1. Definitions. As used in this chapter, "computer" means any electronic device that performs logical, arithmetic or memory functions by the manipulation of electronic or magnetic impulses.

Sec. 2. Unauthorized computer access. A person commits the crime of unauthorized computer access, a class C felony, if the person knowingly accesses a computer without authorization.

Sec. 3. Computer damage. A person commits the crime of computer damage, a class B felony, if the person intentionally and without authorization alters, damages or destroys any computer data or computer program.
"""

CIVIL = """CRIMINAL CODE (EXCERPT)

Art. 143bis Unauthorised access to a data processing system
Any person who without authorisation obtains access by means of data transmission equipment to a data processing system that has been specially secured to prevent his access is liable on complaint to a custodial sentence not exceeding three years or to a monetary penalty.

Art. 144bis Damage to data
Any person who without authorisation alters, deletes or renders unusable data that is stored or transmitted electronically is liable on complaint to a custodial sentence not exceeding three years or to a monetary penalty.
"""

NO_PENALTY = """CYBER BILL

1. Access
A person who without right accesses a computer system commits an offence.
"""


@pytest.fixture(scope="module")
def clauses(checker):
    out = {}
    for name, text in (("commonwealth", COMMONWEALTH), ("us", US), ("class", CLASS), ("civil", CIVIL),
                       ("none", NO_PENALTY)):
        report = checker.check_text(text)
        out[name] = {p.id: p.suggested_clause for p in report.provisions  # offences: powers in test_power_clauses
                     if p.suggested_clause and p.category in ("offence", "terrorism")}
    return out


def _no_prose_list_markers(clause: str) -> None:
    assert "a the production" not in clause
    assert not re.search(r"\b[a-e] (?:the|producing|offering|any) ", clause), clause
    assert not re.search(r"\b(?:i|ii) an? ", clause), clause


def test_commonwealth_bill_formula_terms_and_number(clauses):
    c = clauses["commonwealth"]
    misuse = c["art6-misuse-of-devices"]
    # the next free section numbers, one per missing offence in the rule pack's order
    assert c["art3-illegal-interception"].startswith("4. Illegal interception\n")
    assert re.match(r"(?:[5-9]|1\d)\. Misuse of devices\n", misuse)
    assert "A person who intentionally and without authority —\n(a) produces, sells" in misuse
    assert "\n(b) possesses" in misuse and "\n  (i) a device" in misuse
    assert "commits an offence and is liable on conviction to" in misuse
    assert "an offence under sections 2 and 3" in misuse  # the bill's own Art. 2-5 offences
    assert "computer system" not in misuse and "part of a computer is capable" in misuse  # its defined term
    # the bill's penalty pattern, its figures left blank: never a penalty invented or copied
    assert "a fine not exceeding [amount] or to imprisonment for a term not exceeding [term], or to both" in misuse
    assert not re.search(r"\d{2}|three|seven|dollars", misuse)
    _no_prose_list_markers(misuse)
    interception = c["art3-illegal-interception"]
    assert "[with dishonest intent]" in interception  # an optional element as a bracketed option
    assert "computer data" not in interception and "transmission of data" in interception
    for clause in c.values():
        _no_prose_list_markers(clause)


def test_us_bill_formula(clauses):
    misuse = clauses["us"]["art6-misuse-of-devices"]
    assert misuse.startswith("§ 10")
    assert "Whoever intentionally and without authorization —" in misuse
    assert "shall be fined under this title or imprisoned not more than [term], or both." in misuse
    assert "§§ 102 and 103" in misuse and "computer system" not in misuse
    assert not re.search(r"\b(?:5|10) years", misuse)


def test_class_felony_bill_formula(clauses):
    forgery = clauses["class"]["art7-computer-forgery"]
    assert forgery.startswith("Sec. ")
    assert "A person commits the crime of computer-related forgery if the person intentionally and without " \
           "authorization inputs" in forgery
    assert forgery.endswith("Computer-related forgery is a class [class] felony.")


def test_civil_law_bill_formula(clauses):
    misuse = clauses["civil"]["art6-misuse-of-devices"]
    assert re.match(r"Art\. 14[5-9] Misuse of devices\n", misuse)
    assert "Any person who intentionally and without authorisation —" in misuse
    assert "is liable to a custodial sentence not exceeding [term] or to a monetary penalty." in misuse
    assert "on complaint" not in misuse  # the qualifier of another offence is not carried over
    assert "Articles 143bis and 144bis" in misuse


def test_no_penalty_pattern_gives_a_blank(clauses):
    for clause in clauses["none"].values():
        assert "liable on conviction to [penalty]" in clause


def test_generic_conduct_from_model_wording_keeps_lists():
    from modellaw_check.remedy import _generic_conduct

    model = ("Each Party shall adopt such measures as may be necessary to establish as criminal offences, when "
             "committed intentionally and without right: a the production, sale or import of: i a device; ii a "
             "password; and b the possession of an item referred to in paragraph a.")
    out = _generic_conduct(model)
    assert "\n(a) the production" in out and "\n(i) a device" in out and "\n(b) the possession" in out
    assert "a the production" not in out


def test_reports_show_the_clause(checker):
    from modellaw_check.report import render

    report = checker.check_text(COMMONWEALTH)
    for fmt in ("text", "markdown", "html"):
        out = render(report, fmt)
        assert "Suggested clause" in out, fmt
        assert "Misuse of devices" in out and "without authority" in out


SINGAPORE_STYLE = """COMPUTER MISUSE ACT

1. Interpretation
In this Act, "computer" means an electronic, magnetic, optical or other high-speed data processing device performing logical, arithmetic or storage functions.

2. Unauthorised access to computer material
Any person who knowingly causes a computer to perform any function for the purpose of securing access without authority to any program or data held in any computer shall be guilty of an offence and shall be liable on conviction to a fine not exceeding $5,000 or to imprisonment for a term not exceeding 2 years or to both.
"""

TEXAS_STYLE = """CHAPTER 33. COMPUTER CRIMES

Sec. 33.01. DEFINITIONS. In this chapter, "computer" means an electronic, magnetic, optical, electrochemical, or other high-speed data processing device that performs logical, arithmetic, or memory functions.

Sec. 33.02. BREACH OF COMPUTER SECURITY. (a) A person commits an offense if the person knowingly accesses a computer without the effective consent of the owner.
(b) An offense under Subsection (a) is a Class B misdemeanor.
"""


def test_guilty_of_an_offence_formula(checker):
    report = checker.check_text(SINGAPORE_STYLE)
    clause = report.provision("art3-illegal-interception").suggested_clause
    assert "shall be guilty of an offence and shall be liable on conviction to a fine not exceeding [amount] or " \
           "to imprisonment for a term not exceeding [term] or to both." in clause
    assert "$" not in clause and "without authority" in clause


def test_texas_graded_offense_formula_and_chapter_numbering(checker):
    report = checker.check_text(TEXAS_STYLE)
    clause = report.provision("art3-illegal-interception").suggested_clause
    assert clause.startswith("Sec. 33.03. Illegal interception.\n")
    assert "A person commits an offense if the person intentionally and without the effective consent of the " \
           "owner intercepts" in clause
    assert clause.endswith("An offense under this section is a [class] misdemeanor.")
    assert "offence" not in clause
