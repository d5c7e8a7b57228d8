"""Reading a statute as an expert does: each finding rests on the national provision that implements it.

Each test is a failure seen on a real statute (the three in corpora/unlabelled/, or a dev statute):
the element taken from a sibling paragraph, an offence "found" in a list of matters for regulations,
a negated mention taken for the thing, a provision of the wrong kind chosen. Every one failed before
the provision-level reading.
"""

from __future__ import annotations

import pytest

PH = "unlabelled/ph-cybercrime-prevention-act-2012-ra10175.txt"
GH = "unlabelled/gh-cybersecurity-act-2020.txt"
PK = "unlabelled/pk-prevention-of-electronic-crimes-act-2016.txt"


def _found_sections(p) -> set[str]:
    return {ev.section for el in p.elements if el.required and el.status == "found" for ev in el.evidence}


def _within(section: str, provision: str) -> bool:
    from modellaw_check.gold import section_within

    return section_within(section, provision) and len(section) >= len(provision)


def test_regulation_making_list_implements_no_power(report_of):
    """Ghana s. 96 lists matters the Minister may make Regulations on ("the modalities for the
    preservation of data"): no preservation power, no preservation order."""
    rep = report_of(GH)
    for pid in ("art16-expedited-preservation", "art17-traffic-preservation-disclosure"):
        p = rep.provision(pid)
        assert "96" not in p.sections, (pid, p.sections)
        assert all(not (s or "").startswith("96") for s in _found_sections(p)), pid


def test_negated_mention_is_not_the_element(checker):
    """'without the disclosure of the traffic data' is no disclosure of traffic data."""
    rep = checker.check_text(
        "12. Preservation\n(1) A police officer may, by notice, require a service provider to preserve "
        "specified traffic data, without the disclosure of the traffic data to any other person.\n")
    p = rep.provision("art17-traffic-preservation-disclosure")
    assert p.status == "partial" and "disclosure" in p.missing_elements


def test_identity_of_a_victim_is_not_identity_information(report_of):
    """Pakistan: identity theft is s. 16 ('another person's identity information'), not the child
    pornography offence of s. 22 that 'discloses the identity of the minor'."""
    p = report_of(PK).provision("identity-theft")
    assert p.provision == "s. 16(1)", p.provision
    assert all(_within(s, "16") for s in _found_sections(p)), _found_sections(p)
    assert p.status == "partial" and "intent" in p.missing_elements  # s. 16(1) states no mental element


def test_jurisdiction_clause_under_a_short_title_heading(report_of):
    """Pakistan s. 1 'Short title, extent, application and commencement': (3) every citizen wherever
    he may be, (4) acts outside Pakistan affecting it. Its title does not make it inoperative."""
    p = report_of(PK).provision("art22-jurisdiction")
    assert p.status in ("implemented", "partial")
    assert p.provision and p.provision.startswith("s. 1("), p.provision
    assert "nationality" not in p.missing_elements


def test_exception_list_is_not_an_offence(report_of):
    """Canada 184(2) 'Subsection (1) does not apply to - (a) ... (d) ...': its items are exceptions;
    data interference is the mischief of 430(1.1), not 184(2)(d)'s 'interfering use'."""
    p = report_of("ca-criminal-code-cyber-excerpts.txt").provision("art4-data-interference")
    assert not any(s.startswith("184") for s in p.sections), p.sections


def test_item_takes_no_element_from_its_sibling(checker):
    """An offence read item by item: (a) has no mental element even though (b) has one."""
    rep = checker.check_text(
        "4. Offences\nThe following acts constitute offences punishable under this Act:\n"
        "(a) Illegal Access. - The access to the whole or any part of a computer system without right;\n"
        "(b) Data Interference. - The intentional alteration or deletion of computer data without right.\n")
    p = rep.provision("art2-illegal-access")
    assert p.status == "partial" and "intent" in p.missing_elements
    assert p.provision == "s. 4(a)"
    assert all(_within(s, "4(a)") for s in _found_sections(p))


def test_lead_in_and_referenced_subsection_belong_to_the_item(report_of):
    """Kenya s. 26(1): 'A person who, with fraudulent or dishonest intent - (c) obtains an economic
    benefit ... through any of the means described in subsection (2)': the lead-in's intent and the
    means of 26(2) are the item's own, and the finding says where they come from."""
    p = report_of("ke-computer-misuse-and-cybercrimes-act-2018.txt").provision("art8-computer-fraud")
    assert p.status == "implemented" and p.provision is not None and p.provision.startswith("s. 26(1)")
    roles = {s.role for s in p.support}
    assert "lead-in" in roles and "reference" in roles
    ref = next(s for s in p.support if s.role == "reference")
    assert ref.section.startswith("26(2)") and ref.why


@pytest.mark.parametrize(("name", "rule", "cited"), [
    ("us-18-usc-1030-cfaa.txt", "art2-illegal-access", "§ 1030(a)"),
    ("sg-computer-misuse-act-1993.txt", "art2-illegal-access", "s. 3"),
    ("treaties/int-coe-budapest-convention-ets185-2001.txt", "art2-illegal-access", "Art. 2"),
])
def test_provision_cited_as_the_statute_prints_it(report_of, name, rule, cited):
    p = report_of(name).provision(rule)
    assert p.provision is not None and p.provision.startswith(cited), p.provision
    assert p.sections[0] in p.provision


def test_remedy_points_at_the_implementing_provision(checker):
    rep = checker.check_text("3. Access\n(1) A person who accesses a computer system commits an offence.\n")
    p = rep.provision("art2-illegal-access")
    assert p.status == "partial" and p.remedy and p.remedy.startswith("Amend s. 3(1) to add")


def test_item_to_which_this_section_applies(checker):
    """Singapore s. 10 (excerpt): the item the offence is about is listed in the subsection that says
    what the section applies to; the finding cites s. 10(1) and brings in s. 10(2) by reference."""
    rep = checker.check_text(
        "10. -(1) A person shall be guilty of an offence if the person - ( a ) obtains or retains any item "
        "to which this section applies - (i) intending to use it to commit, or facilitate the commission of, "
        "an offence under section 3, 4, 5, 6 or 7; or ( b ) makes, supplies, offers to supply or makes "
        "available, by any means any item to which this section applies, intending it to be used to commit, "
        "or facilitate the commission of, an offence under section 3, 4, 5, 6 or 7. (2) This section applies "
        "to the following items: ( a ) any device, including a computer program, that is designed or adapted "
        "primarily, or is capable of being used, for the purpose of committing an offence under section 3, "
        "4, 5, 6 or 7; ( b ) a password, an access code, or similar data by which the whole or any part of a "
        "computer is capable of being accessed.\n")
    p = rep.provision("art6-misuse-of-devices")
    assert p.status in ("implemented", "partial") and p.provision and p.provision.startswith("s. 10(1)")
    refs = [s for s in p.support if s.role == "reference"]
    assert refs and refs[0].section.startswith("10(2)") and "object" in refs[0].elements


def test_illegal_access_without_mental_element_is_partial_at_its_own_paragraph(report_of):
    """Philippines s. 4(a)(1) 'The access to ... a computer system without right.' states no mental
    element: partial there, with no intent borrowed from 4(a)(3) beside it, and not 'found' in the
    password 'by which a computer system is capable of being accessed' of 4(a)(5)(i)(bb)."""
    p = report_of(PH).provision("art2-illegal-access")
    assert p.provision == "s. 4(a)(1)" and p.status == "partial" and p.missing_elements == ["intent"]
    found = {ev.section for el in p.elements if el.required and el.status == "found" for ev in el.evidence
             if ev.via_definition is None}
    assert not any(s.startswith(("4(a)(3)", "4(a)(5)")) for s in found), found


def test_fraud_clause_not_the_forgery_beside_it(report_of):
    """Philippines s. 4(b)(2) '... causing damage thereby with fraudulent intent' is the fraud
    provision; the forgery clause 4(b)(1) beside it is not, and the result is found in 4(b)(2)."""
    p = report_of(PH).provision("art8-computer-fraud")
    assert p.provision == "s. 4(b)(2)" and p.status == "implemented"
    result = next(e for e in p.elements if e.name == "result")
    assert result.status == "found" and all(ev.section.startswith("4(b)(2)") for ev in result.evidence)


def test_heading_belongs_to_the_section_it_heads(corpus):
    """Philippines '12. Real-Time Collection of Traffic Data' printed before 'Section 12.': the title
    is section 12's, not the end of section 11."""
    from modellaw_check.read import read_document

    doc = read_document(corpus(PH))
    s11 = next(s for s in doc.sections if s.id == "11")
    s12 = next(s for s in doc.sections if s.id == "12")
    assert "Real-Time Collection" not in doc.text[s11.start:s11.end]
    assert "Real-Time Collection" in s12.heading or "Real-Time Collection" in doc.text[s12.start:s12.body_start + 80]


def test_jurisdiction_clause_that_names_the_offences_it_covers(report_of):
    """Kenya s. 66 'Territorial jurisdiction' opens "Any court ... shall try any offence under this Act
    where ... committed in Kenya": naming the offences is what a jurisdiction clause does, not the sign
    of a penalty clause; it was passed over for a power's "within the jurisdiction" in s. 53."""
    p = report_of("ke-computer-misuse-and-cybercrimes-act-2018.txt").provision("art22-jurisdiction")
    assert p.provision.startswith("s. 66"), p.provision
    assert all(_within(s, "66") for s in _found_sections(p)), _found_sections(p)


def test_extraterritorial_offence_dealt_with_as_if_committed_within(report_of):
    """Singapore s. 13(2): "Where an offence under this Act is committed by any person in any place
    outside Singapore, the person may be dealt with as if the offence had been committed within
    Singapore" - the jurisdiction clause, not s. 15 (which court hears the offences)."""
    p = report_of("sg-computer-misuse-act-1993.txt").provision("art22-jurisdiction")
    assert p.provision.startswith("s. 13"), p.provision
    assert all(_within(s, "13") for s in _found_sections(p)), _found_sections(p)


def test_basic_offence_over_its_variant_with_more_optional_words(report_of):
    """18 U.S.C. 2511(1): (a) 'intentionally intercepts ... any wire, oral, or electronic communication' is
    the interception offence the expert cites; (b) (using a device to intercept oral communications when
    ...) and (e) are complete too, but a richer mention of optional elements (a device) does not make a
    variant the provision."""
    p = report_of("us-18-usc-cyber-related-sections.txt").provision("art3-illegal-interception")
    assert p.provision == "§ 2511(1)(a)", p.provision


def test_a_stated_wrongful_purpose_is_the_mental_element(checker):
    """Swiss SCC Art. 179decies: "uses the identity of another person without that person's consent in order
    to harm that person or in order to obtain an unlawful advantage" - a purpose is intent."""
    rep = checker.check_text(
        "Art. 179decies\nAny person who uses the identity of another person without that person's consent in "
        "order to harm that person or in order to obtain an unlawful advantage for themselves or another shall "
        "be liable on complaint to a custodial sentence not exceeding one year or to a monetary penalty.\n")
    p = rep.provision("identity-theft")
    intent = next(e for e in p.elements if e.name == "intent")
    assert intent.status == "found", p.missing_elements
    assert "in order to harm" in intent.evidence[0].quote


def test_an_offence_reaching_conduct_abroad_is_no_jurisdiction_clause(checker):
    """Canada s. 83.181 ('leaves Canada ... for the purpose of committing an act ... outside Canada ... is
    guilty of an indictable offence and liable to imprisonment for a term of not more than 10 years')
    creates an offence; it does not set the State's jurisdiction."""
    rep = checker.check_text(
        "83.181 Leaving Canada to participate in activity of terrorist group\n\nEvery person who leaves or "
        "attempts to leave Canada for the purpose of committing an act or omission outside Canada that, if "
        "committed in Canada, would be an offence under subsection 83.18(1) is guilty of an indictable "
        "offence and liable to imprisonment for a term of not more than 10 years.\n")
    assert rep.provision("art22-jurisdiction").status == "missing"


def test_jurisdiction_over_access_from_another_jurisdiction(report_of):
    """Hawaii [§708-895] Jurisdiction: 'For purposes of prosecution under this part, a person who causes ...
    the access of a computer ... in one jurisdiction from another jurisdiction is deemed to have personally
    accessed the computer ... in each jurisdiction'."""
    p = report_of("us-hi-hrs-708-part9-computer-crime.txt").provision("art22-jurisdiction")
    assert p.status == "partial" and p.provision == "§ 708-895", (p.status, p.provision)


def test_production_order_whose_order_follows_a_long_condition(checker):
    """Zimbabwe CPEA s. 379A(2): 'A magistrate may, on an application by a police officer ... that specified
    computer data ... is reasonably required ..., order that- (a) a person ... produce ... computer data'. The
    order was missed ("that-" one word, 'may' too far from 'order'), and the rules of a whistleblower
    scheme ('requests can be made') taken for one."""
    rep = checker.check_text(
        "31. Whistleblower (1) The Authority shall establish rules. (2) Rules must preserve- (a) the principle "
        "of openness and delivering an adequate system; (b) the way in which requests can be made for data.\n"
        "379A. Search and seizure (1) In this section \"seize\" includes taking a copy. (2) A magistrate may, on "
        "an application by a police officer in the prescribed form, that specified computer data or a printout "
        "or other information is reasonably required for the purpose of a criminal investigation, order that- "
        "(a) a person in Zimbabwe in control of the relevant computer system produce from the system specified "
        "computer data; or (b) an electronic communications service provider produce information about persons "
        "who subscribe to or otherwise use the service.\n")
    p = rep.provision("art18-production-order")
    assert p.provision.startswith("s. 379A(2)"), p.provision


def test_soliciting_a_minor_is_no_child_abuse_material(checker):
    """Texas 33.021(c): soliciting a minor online 'with the intent that the minor will engage in sexual
    contact' is solicitation; Art. 9 is about material depicting a minor (the expert: missing)."""
    rep = checker.check_text(
        "Sec. 33.021. ONLINE SOLICITATION OF A MINOR.\n(c) A person commits an offense if the person, over the "
        "Internet, by electronic mail or text message or other electronic message service or system, or through a "
        "commercial online service, knowingly solicits a minor to meet another person, including the actor, with "
        "the intent that the minor will engage in sexual contact, sexual intercourse, or deviate sexual "
        "intercourse with the actor or another person.\n")
    assert rep.provision("art9-child-abuse-material").status == "missing"


def test_a_definition_never_stands_in_for_the_provisions_own_words(checker):
    """Texas 33.05(b) (accessing a voting system's computer program) has no trafficking in devices: the
    definition of 'computer network' ('with the capability to transmit information') was taken for the
    distribution of a device (the expert: Art. 6 missing)."""
    rep = checker.check_text(
        "Sec. 33.01. DEFINITIONS. In this chapter:\n(5) \"Computer network\" means the interconnection of two or "
        "more computers by satellite, line, or other communication medium with the capability to transmit "
        "information among the computers.\n"
        "Sec. 33.05. TAMPERING WITH VOTING MACHINE.\n(b) A person commits an offense if the person knowingly "
        "accesses a computer, computer network, computer program, computer software, or computer system that is "
        "a part of a voting system without the effective consent of the owner.\n")
    assert rep.provision("art6-misuse-of-devices").status == "missing"


def test_telecommunications_metadata_is_traffic_data(checker):
    """Swiss CrimPC Art. 269ter: special software 'to intercept and recover the content of communications and
    telecommunications metadata' - metadata is what the Convention calls traffic data."""
    rep = checker.check_text(
        "Art. 269ter Use of special software for the surveillance of telecommunications\n1 The public prosecutor "
        "may order the introduction of special software into a data processing system in order to intercept and "
        "recover the content of communications and telecommunications metadata in unencrypted form if the "
        "surveillance of telecommunications has been unsuccessful.\n")
    p = rep.provision("art20-realtime-traffic")
    assert p.status != "missing", p.missing_elements


def test_records_of_a_service_are_no_recording_of_communications(report_of):
    """18 U.S.C. 2703 (stored records and contents disclosed to a governmental entity) is no interception
    power: 'Records Concerning ...' and 'records of' are nouns (the expert: Art. 21 partial or missing)."""
    p = report_of("us-18-usc-cyber-related-sections.txt").provision("art21-interception-content")
    assert p.status != "implemented" or not (p.provision or "").startswith("§ 2703"), (p.status, p.provision)


def test_offence_opening_without_its_penalty_words(report_of):
    """Zimbabwe s. 35(2) inserts Criminal Code s. 163A, cut off after "(b) ove": "Any person who unlawfully
    and intentionally— (a) intercepts ... any private transmission of computer data" still opens an offence
    (the expert: Art. 3 implemented by 163A(1)(a)), though its penalty words are lost."""
    p = report_of("zw-cyber-and-data-protection-act-2021.txt").provision("art3-illegal-interception")
    assert p.status == "implemented", (p.status, p.provision, p.missing_elements)
    assert p.provision is not None and "163A(1)(a)" in p.provision, p.provision


def test_interpretation_clause_creates_no_offence(report_of):
    """Singapore s. 9(7) "In this section — (a) personal information is any information ... identity card
    ..." says what words mean; identity theft is found in the offence s. 8B(1)(a), "obtains or retains any
    credential of another person" (the expert: 8B and 9, partial)."""
    p = report_of("sg-computer-misuse-act-1993.txt").provision("identity-theft")
    assert p.provision is not None and "8B(1)" in p.provision, p.provision
    assert p.status == "partial"
    assert all(not s.startswith("9(7)") for s in _found_sections(p)), _found_sections(p)


def test_forgery_of_documents_is_found_by_its_falsity_and_act(report_of):
    """Swiss SCC 251 ('produces a false document, falsifies a genuine document') is the forgery offence
    though it names no data (Art. 110(4) makes data carriers documents): reported missing because its
    object was a locating element (the expert: implemented by 251 with 110)."""
    p = report_of("ch-scc-crimpc-cyber-excerpts-en.txt").provision("art7-computer-forgery")
    assert p.status != "missing" and p.provision is not None and "251" in p.provision, (p.status, p.provision)


def test_a_saving_for_legal_process_is_no_production_order(report_of):
    """18 U.S.C. 2511(2)(a)(ii) lets providers assist an authorised interception, "except as may otherwise
    be required by legal process": that orders nothing. The production order is 2703 ("A governmental entity
    may require the disclosure ..."), and its subscriber information is quoted from 2703 itself, not from
    the first 'subscriber' in the statute (the expert: 2703(a)-(d))."""
    p = report_of("us-18-usc-cyber-related-sections.txt").provision("art18-production-order")
    assert p.provision is not None and p.provision.startswith("§ 2703"), p.provision
    sub = next(el for el in p.elements if el.name == "subscriber_information")
    assert sub.evidence and sub.evidence[0].section.startswith("2703"), [e.section for e in sub.evidence]


def test_safeguards_are_read_in_a_computer_data_power(report_of):
    """Canada: the warrant to seize printed terrorist propaganda (83.222) and the preservation order for
    computer data (487.013) both have a judge, grounds and limits; Art. 15 is about the powers over computer
    data, so the pack's topic (pack.yaml `topic`) breaks the tie (the expert: 184.2, 487.013, 487.014 ...)."""
    p = report_of("ca-criminal-code-cyber-excerpts.txt").provision("art15-conditions-safeguards")
    assert p.provision is not None and not p.provision.startswith("s. 83.222"), p.provision
    assert all(not s.startswith("83.222") for s in _found_sections(p)), _found_sections(p)
