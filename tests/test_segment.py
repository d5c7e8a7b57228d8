"""Segmentation of the numbering styles real statutes use."""

from modellaw_check.document import Document
from modellaw_check.read.text import normalise
from modellaw_check.segment import segment


def _seg(text: str) -> Document:
    return segment(Document(path="t", text=normalise(text)))


def ids(text: str) -> list[str]:
    return [s.id for s in _seg(text).sections]


def test_commonwealth_inline_subsections():
    got = ids("3.—(1) Any person who knowingly accesses a computer. "
              "(2) A person guilty of an offence; (a) fine; or (b) jail.")
    assert got[:3] == ["3", "3(1)", "3(2)"]
    assert "3(2)(a)" in got and "3(2)(b)" in got


def test_us_style_nesting():
    text = "§ 1030. Fraud\n\n(a) Whoever—(1) does x;\n\n(2) does y—(A) one; or (B) two;\n\n(b) Other.\n"
    assert ids(text) == ["1030", "1030(a)", "1030(a)(1)", "1030(a)(2)", "1030(a)(2)(A)", "1030(a)(2)(B)",
                         "1030(b)"]


def test_parts_articles_and_markdown_headings():
    text = "PART II\n\nArticle 5 – System interference\n\n1. Each Party shall adopt.\n\n### 342.1 Unauthorized use\n"
    got = ids(text)
    assert got[0] == "Part II" and "5" in got and "342.1" in got


def test_table_of_contents_is_not_a_second_copy():
    text = ("1. Short title.\n2. Interpretation.\n3. Offence.\n\n"
            "1. This Act may be cited as the Test Act, a long title here for the body text.\n\n"
            "2. In this Act words have meanings given, as set out in this section at some length.\n")
    tops = [i for i in ids(text) if "(" not in i]
    assert tops.count("1") == 1 and tops.count("2") == 1


def test_definitions_found_with_spans():
    text = '2. In this Act— “computer” means a device; “data” includes programs;'
    doc = segment(Document(path="t", text=normalise(text)))
    terms = [d.term for d in doc.definitions]
    assert terms == ["computer", "data"]
    assert doc.text[doc.definitions[0].body_start:doc.definitions[0].end].strip().startswith("a device")


def test_letter_items_without_parentheses():
    text = ("Article 7\nWhoever, without right,\na. accesses a computer system; or\nb) intercepts data,\n"
            "shall be punished.\n")
    got = ids(text)
    assert "7(a)" in got and "7(b)" in got


def test_one_short_section_repeated_later_is_not_a_table_of_contents():
    """Found by hypothesis: a lone short "Section 1." followed later by "1." was dropped as a TOC."""
    text = "Section 1. Offences.\n2.\na person who accesses\n1.\na person who accesses\n"
    assert ids(text)[0] == "1"


# The one-regex forms the literal-first scanners in segment.py replaced (they tried every position).
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from modellaw_check.segment import list_definitions, quoted_definitions  # noqa: E402

_QUOTED_REFERENCE = re.compile(
    r"(?:the[ \t]+term[ \t]+)?[\"«][ \t]?([^\"«»\n]{1,80}?)[ \t]?[\"»][ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?,?[ \t]*"
    r"(?:(?:,[^,\n]{0,60},|in relation to [^,\n]{0,60},)[ \t]*)?"
    r"(?:means|includes|include|refers? to|shall mean|shall include|has the (?:same )?meaning|"
    r"is defined|désignent|désigne|signifient|signifie|s['’]entend(?:ent)?)\b")
_LIST_REFERENCE = re.compile(
    r"(?m)(?:^|(?<=[;:.]\s))[ \t]*\([a-z0-9]{1,4}\)[ \t]+(?:the[ \t]+term[ \t]+)?"
    r"([A-Z][A-Za-z\-]*(?:[ \t]+[a-z][A-Za-z\-]*){0,5})[ \t]+(?:refers? to|means|shall mean|is defined as)\b")


def _reference(text: str) -> tuple[list, list]:
    return ([(m.start(), m.end(), m.group(1)) for m in _QUOTED_REFERENCE.finditer(text)],
            [(m.start(1), m.end(), m.group(1)) for m in _LIST_REFERENCE.finditer(text)])


_PIECES = st.sampled_from(['"', '"Computer"', " ", "  ", "\t", "\n", ";", ":", ".", "the", "term", "bathe",
                           "(a)", "(1)", "(", ")", "Access", "data", "means", "refers to", "is defined as",
                           "includes", ",", "x", "Term"])


_BLANKS = st.sampled_from(["", " ", "  ", "\t", " \t"])
_GAP = st.sampled_from([" ", "  ", "\t"])
_LEAD_IN = st.sampled_from(["", "the term ", "the\tterm\t", "term ", "the  term ", "the term", "theterm ",
                            "bathe term "])
# Entries that match but for what stands before them (and the lead-in), and near-misses.
_LIST_ITEMS = st.tuples(st.sampled_from(["", ".", ";", ":", "\n", "x", "the", '"']), _BLANKS,
                        st.sampled_from(["(a)", "(12)"]), _GAP, _LEAD_IN,
                        st.sampled_from(["Access", "Computer system", "data"]), _GAP,
                        st.sampled_from(["means", "refers to", "is defined as", "x"])).map("".join)
_QUOTED_ITEMS = st.tuples(st.sampled_from(["", "x", "(", '"', "the"]), _LEAD_IN,
                          st.sampled_from(['"Access"', '"computer data"', '""']), _BLANKS,
                          st.sampled_from(["means", "includes", "has the meaning", "x"])).map("".join)
_ITEMS = st.one_of(_LIST_ITEMS, _QUOTED_ITEMS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, _ITEMS), max_size=12).map("".join))
def test_definition_scanners_agree_with_the_one_regex_forms(text):
    assert (quoted_definitions(text), list_definitions(text)) == _reference(text)


def test_definition_scanners_agree_on_real_statutes():
    from pathlib import Path

    from modellaw_check.read import read_document

    files = sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt"))
    assert len(files) >= 5
    for path in files:
        text = read_document(path).text
        assert (quoted_definitions(text), list_definitions(text)) == _reference(text), path.name


def test_unit_references_found_once_equal_a_search_of_each_unit():
    from pathlib import Path

    from modellaw_check.match.units import _CONDUCT_REFERENCE, _References
    from modellaw_check.read import read_document

    checked = 0
    for path in sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt")):
        doc = read_document(path)
        refs = _References(doc.text)
        spans = [(s.start, s.end) for s in doc.sections]
        spans += [(m.start() + 3, m.end() - 2) for m in _CONDUCT_REFERENCE.finditer(doc.text)]  # cut matches
        for start, end in spans:
            want = [m.group(1) or m.group(2) for m in _CONDUCT_REFERENCE.finditer(doc.text, start, end)]
            assert refs.within(start, end) == want, (path.name, start, end)
            checked += bool(want)
    assert checked > 20


def test_definition_cover_by_bisect_equals_the_loop_over_definitions():
    from pathlib import Path

    from modellaw_check.match.units import DEFINITIONS_SHARE, _Definitions
    from modellaw_check.read import read_document

    def loop(start, end, defs):  # the former per-unit loop
        covered = 0
        for d in defs:
            if d.start <= start < d.end:
                return True
            if start <= d.start < end:
                covered += min(d.end, end) - d.start
        return covered > DEFINITIONS_SHARE * (end - start)

    seen = set()
    for path in sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt")):
        doc = read_document(path)
        cover = _Definitions(doc.definitions).cover
        for s in doc.sections:
            want = loop(s.start, s.end, doc.definitions)
            assert cover(s.start, s.end) == want, (path.name, s.id)
            seen.add(want)
    assert seen == {True, False}


# Real excerpts (copied from the statutes in corpora/) whose numbering came out wrong.

def test_hyphenated_us_state_section_numbers():
    """Hawaii: "§708-890", "[§708-891.6]" (bracketed) and a repeal note for a range of sections."""
    text = ("PART IX. COMPUTER CRIME\n\n"
            "§708-890 Definitions. As used in this part, unless the context otherwise requires:\n\n"
            '"Access" means to gain entry to, instruct, communicate with, store data in, retrieve data from, '
            "or otherwise make use of any resources of a computer, computer system, or computer network.\n\n"
            "§§708-891 to 708-893 [OLD] REPEALED. L 2001, c 33, §§5 to 7.\n\n"
            "§708-891 Computer fraud in the first degree. (1) A person commits the offense of computer fraud "
            "in the first degree if the person knowingly accesses a computer, computer system, or computer "
            "network with the intent to commit the offense of theft in the first degree.\n\n"
            "(2) Computer fraud in the first degree is a class A felony. [L 2001, c 33, pt of §1]\n\n"
            "[§708-891.6] Computer fraud in the third degree. (1) A person commits the offense of computer "
            "fraud in the third degree if the person knowingly accesses a computer.\n\n"
            "§708-895.5 Unauthorized computer access in the first degree. (1) A person commits the offense of "
            "unauthorized computer access in the first degree if the person knowingly accesses a computer "
            "without authorization and thereby obtains information, and:\n\n"
            "(a) The offense was committed for the purpose of commercial or private financial gain;\n")
    assert ids(text) == ["Part IX", "708-890", "708-891 to 708-893", "708-891", "708-891(1)", "708-891(2)",
                         "708-891.6", "708-891.6(1)", "708-895.5", "708-895.5(1)", "708-895.5(1)(a)"]


def test_inserted_units_b_1_and_15_a():
    """Texas: "(b-1)" and "(15-a)" are units of their own, siblings of "(b)" and "(15)"."""
    text = ('Sec. 33.01. DEFINITIONS. In this chapter:\n(15) "Owner" means a person who:\n'
            "(A) has title to the property;\n(B) has the right to restrict access to the property; or\n"
            "(C) is the licensee of data or computer software.\n"
            '(15-a) "Privileged information" means:\n'
            "(A) protected health information;\n(B) information that is subject to the attorney-client privilege; or\n"
            "(C) information that is subject to accountant-client confidentiality.\n"
            '(16) "Property" means:\n(A) tangible or intangible personal property.\n\n'
            "Sec. 33.02. BREACH OF COMPUTER SECURITY. (a) A person commits an offense if the person knowingly "
            "accesses a computer without the effective consent of the owner.\n"
            "(b) An offense under Subsection (a) is a Class B misdemeanor, except that the offense is a state "
            "jail felony if:\n(1) the defendant has been previously convicted; or\n(2) the computer is owned by "
            "the government.\n"
            "(b-1) A person commits an offense if, with the intent to defraud or harm another, the person "
            "knowingly accesses:\n(1) a computer without the effective consent of the owner; or\n"
            "(2) a computer, computer network, or computer system:\n(A) that is owned by:\n(i) the government; or\n"
            "(ii) a business;\n(b-2) An offense under Subsection (b-1) is:\n(1) a Class C misdemeanor.\n"
            "(c) When benefits are obtained, the actor may be prosecuted.\n")
    got = ids(text)
    assert len(got) == len(set(got)), got
    assert "33.01(15-a)" in got and "33.01(15-a)(C)" in got and "33.01(16)(A)" in got
    assert got[got.index("33.02(b-1)"):] == [
        "33.02(b-1)", "33.02(b-1)(1)", "33.02(b-1)(2)", "33.02(b-1)(2)(A)", "33.02(b-1)(2)(A)(i)",
        "33.02(b-1)(2)(A)(ii)", "33.02(b-2)", "33.02(b-2)(1)", "33.02(c)"]


def test_doubled_letters_nest_under_romans():
    """Philippines: "(aa)", "(bb)" are a level below "(i)", not siblings of "(a)"."""
    text = ("Section 4. Cybercrime Offenses. – The following acts constitute the offense of cybercrime "
            "punishable under this Act:\n"
            "(a) Offenses against the confidentiality, integrity and availability of computer data and systems:\n"
            "(1) Illegal Access. – The access to the whole or any part of a computer system without right.\n"
            "(5) Misuse of Devices.\n"
            "(i) The use, production, sale, procurement, importation, distribution, or otherwise making "
            "available, without right, of:\n"
            "(aa) A device, including a computer program, designed or adapted primarily for the purpose of "
            "committing any of the offenses under this Act; or\n"
            "(bb) A computer password, access code, or similar data by which the whole or any part of a "
            "computer system is capable of being accessed with intent that it be used for the purpose of "
            "committing any of the offenses under this Act.\n"
            "(ii) The possession of an item referred to in paragraphs 5(i)(aa) or (bb) above with intent to use "
            "said devices for the purpose of committing any of the offenses under this section.\n"
            "(6) Cyber-squatting. – The acquisition of a domain name over the internet in bad faith.\n"
            "(b) Computer-related Offenses:\n"
            "(3) Unsolicited Commercial Communications. – The transmission is prohibited unless:\n"
            "(iii) The following conditions are present:\n"
            "(aa) The commercial electronic communication contains a simple, valid, and reliable way to reject;\n"
            "(bb) The commercial electronic communication does not purposely disguise the source; and\n"
            "(cc) The commercial electronic communication does not purposely include misleading information.\n"
            "(4) Libel. – The unlawful or prohibited acts of libel.\n")
    got = ids(text)
    assert got == ["4", "4(a)", "4(a)(1)", "4(a)(5)", "4(a)(5)(i)", "4(a)(5)(i)(aa)", "4(a)(5)(i)(bb)",
                   "4(a)(5)(ii)", "4(a)(6)", "4(b)", "4(b)(3)", "4(b)(3)(iii)", "4(b)(3)(iii)(aa)",
                   "4(b)(3)(iii)(bb)", "4(b)(3)(iii)(cc)", "4(b)(4)"]


def test_doubled_letters_after_z_continue_the_letters():
    text = "§ 9. Definitions\n\n(y) one;\n\n(z) two;\n\n(aa) three;\n\n(bb) four.\n"
    assert ids(text) == ["9", "9(y)", "9(z)", "9(aa)", "9(bb)"]


def test_lone_i_before_ii_is_a_roman_numeral_even_after_h():
    """Philippines: "(h) Without right refers to either: (i) ...; or (ii) ..." then "(i) Cyber refers to"."""
    text = ("Section 3. Definition of Terms. – For purposes of this Act, the following terms are defined:\n"
            "(h) Without right refers to either: (i) conduct undertaken without or in excess of authority; or "
            "(ii) conduct not covered by established legal defenses.\n"
            "(i) Cyber refers to a computer or a computer network.\n"
            "(j) Critical infrastructure refers to the computer systems.\n")
    assert ids(text) == ["3", "3(h)", "3(h)(i)", "3(h)(ii)", "3(i)", "3(j)"]


def test_swiss_latin_article_suffixes():
    """Switzerland: "Art. 143bis", "Art. 179novies", "Art. 179decies", "Art. 260quinquies"."""
    text = ("Art. 143bis\n1 Any person who obtains unauthorised access by means of data transmission equipment "
            "to a data processing system is liable to a custodial sentence.\n\n"
            "Art. 179novies\nAny person who without authority obtains personal data that is not freely "
            "accessible is liable on complaint to a monetary penalty.\n\n"
            "Art. 179decies\nAny person who assumes the identity of another person without their consent is "
            "liable on complaint to a custodial sentence.\n\n"
            "Art. 260quinquies\n1 Any person who collects or provides funds with the intention of financing a "
            "violent crime is liable to a custodial sentence.\n")
    assert ids(text) == ["143bis", "143bis(1)", "179novies", "179decies", "260quinquies", "260quinquies(1)"]


def test_title_line_heads_the_section_that_follows():
    """Philippines prints "12. Title" on the line before "Section 12. Title. – ..."; Canada prints a marginal
    note ("**Prosecution**") before the subsection it heads. Each belongs to the unit it heads, not the one
    before; a title right after an article's number is that article's own ("Article 4 / Data interference")."""
    ph = ("11. Duties of Law Enforcement Authorities\n"
          "Section 11. Duties of Law Enforcement Authorities. – To ensure that the technical nature of "
          "cybercrime and its prevention is given focus, the law enforcement authorities shall organize a "
          "cybercrime unit.\n\n"
          "12. Real-Time Collection of Traffic Data\n"
          "Section 12. Real-Time Collection of Traffic Data. – Law enforcement authorities, with due cause, "
          "shall be authorized to collect or record by technical or electronic means traffic data in real-time.\n"
          "\n13. Preservation of Computer Data\n"
          "Section 13. Preservation of Computer Data. – The integrity of traffic data shall be preserved.\n")
    doc = segment(Document(path="t", text=normalise(ph)))
    s11, s12 = doc.sections[0], doc.sections[1]
    assert (s11.id, s12.id) == ("11", "12")
    assert "Real-Time" not in doc.text[s11.start:s11.end]
    assert doc.text[s12.start:].startswith("12. Real-Time Collection of Traffic Data\nSection 12.")
    assert s12.heading == "Real-Time Collection of Traffic Data"

    ca = ("### 83.18 Participation in activity of terrorist group\n\n"
          "(1) Every person who knowingly participates in or contributes to any activity of a terrorist group "
          "is guilty of an indictable offence.\n\n"
          "**Prosecution**\n\n"
          "(2) An offence may be committed under subsection (1) whether or not\n\n"
          "- (a) a terrorist group actually facilitates or carries out a terrorist activity;\n")
    doc = segment(Document(path="t", text=normalise(ca)))
    by_id = {s.id: s for s in doc.sections}
    assert "Prosecution" not in doc.text[by_id["83.18(1)"].start:by_id["83.18(1)"].end]
    assert doc.text[by_id["83.18(2)"].start:].startswith("**Prosecution**")
    assert by_id["83.18(2)"].heading == "Prosecution"
    lead = by_id["83.18(2)"]  # the list item's lead-in is its parent's text before the first child
    first = doc.sections[lead.children[0]]
    assert doc.text[lead.body_start:first.start].strip(" -\n").endswith("whether or not")

    treaty = ("Article  4\n\nData interference\n\n1.   Each Party shall adopt such legislative and other "
              "measures.\n\n2.   A Party may reserve the right.\n")
    doc = segment(Document(path="t", text=normalise(treaty)))
    assert doc.section_at(doc.text.index("Data interference")).id == "4"


def test_a_marker_right_after_a_marker_opens_its_first_unit():
    """18 U.S.C. 2511: "(2)(a)" and "(e)(i)" are two units each; "(I)" before "(II)" is a roman numeral."""
    text = ("§ 2511. Interception and disclosure of wire, oral, or electronic communications prohibited\n\n"
            "(1) Except as otherwise specifically provided in this chapter any person who-\n"
            "(d) intentionally uses the contents of any wire, oral, or electronic communication;\n"
            "(e)(i) intentionally discloses, or endeavors to disclose, to any other person the contents;\n\n"
            "(2)(a)\n\n(i) It shall not be unlawful under this chapter for an operator of a switchboard.\n\n"
            "(ii) Notwithstanding any other law, providers of wire or electronic communication service are "
            "authorized to provide information.\n\n"
            "(b) It shall not be unlawful under this chapter for an officer.\n\n"
            "(g) It shall not be unlawful under this chapter for any person-\n"
            "(ii) to intercept any radio communication which is transmitted-(I) by any station for the use of "
            "the general public; (II) by any governmental communications system;\n\n"
            "(h) It shall not be unlawful under this chapter-(i) to use a pen register; or\n"
            "(ii) for a provider of electronic communication service to record the fact.\n\n"
            "(i) It shall not be unlawful under this chapter for a person acting under color of law.\n\n"
            "(3)(a) Except as provided in paragraph (b) of this subsection, a person shall not divulge.\n")
    got = ids(text)
    assert got == ["2511", "2511(1)", "2511(1)(d)", "2511(1)(e)", "2511(1)(e)(i)", "2511(2)", "2511(2)(a)",
                   "2511(2)(a)(i)", "2511(2)(a)(ii)", "2511(2)(b)", "2511(2)(g)", "2511(2)(g)(ii)",
                   "2511(2)(g)(ii)(I)", "2511(2)(g)(ii)(II)", "2511(2)(h)", "2511(2)(h)(i)", "2511(2)(h)(ii)",
                   "2511(2)(i)", "2511(3)", "2511(3)(a)"]


def test_canadian_decimal_subsections_and_long_section_numbers():
    text = ("### 430 Mischief\n\n(4.1) Everyone who commits mischief in relation to property is guilty of an "
            "offence.\n\n**Definition of property**\n\n(4.101) For the purposes of subsection (4.1), property "
            "means\n\n- (a) a building or structure;\n\n**Mischief relating to war memorials**\n\n"
            "(4.11) Everyone who commits mischief in relation to a war memorial is guilty of an offence.\n\n"
            "### 487.0192 Particulars - production orders\n\n(1) An order made under any of sections 487.014 "
            "to 487.018 may require a person to produce a document.\n\n"
            "### 487.01921 Application for review of keep account open or active order\n\n"
            "(1) A person who is subject to an order may apply for its review.\n")
    assert ids(text) == ["430", "430(4.1)", "430(4.101)", "430(4.101)(a)", "430(4.11)", "487.0192",
                         "487.0192(1)", "487.01921", "487.01921(1)"]


def test_page_number_and_running_header_are_not_a_section():
    """Malaysia (a PDF conversion): "# 10 Bill" after a page break is page 10's header, not section 10."""
    text = ("10. (1) Whenever it appears to any Magistrate upon information that there is reasonable cause "
            "to suspect the offence, he may enter any premises and seize any computer or\n\n-----\n\n"
            "# 10 Bill\n associated apparatus or material, and may arrest\n\n"
            "(i) the person by whom the police officer has reason to believe the offence was committed; and\n\n"
            "(ii) any person having charge of the premises.\n\n"
            "(2) Whenever it appears to any police officer that there is reasonable cause to suspect, he may "
            "enter.\n")
    assert ids(text) == ["10", "10(1)", "10(1)(i)", "10(1)(ii)", "10(2)"]


def test_flattened_sections_heading_running_into_1_and_amendment_notes():
    """Zimbabwe prints "16. Title (1) Where ..." with no stop before "(1)"; Singapore ends subsections with an
    amendment note "[22/2017]" before the next "(2)". A cross-reference "section 5 (1)" stays one."""
    zw = ("16. Disclosures when not collecting data directly from data subject (1) Where the data is not "
          "collected from the data subject, the controller shall provide the information- (a) the name and "
          "address of the controller; (b) the purposes of the processing; (f) other information. "
          "(2) The provisions of subsection (1) shall not apply where- (a) informing the data subject proves "
          "impossible; or (b) data is recorded in terms of the law; (3) The Authority shall establish the "
          "conditions for the application of this section.\n\n"
          "17. Authority to process Any person acting under the authority of the controller may process data "
          "as provided in section 5 (1) Any other processing is unlawful.\n")
    assert ids(zw) == ["16", "16(1)", "16(1)(a)", "16(1)(b)", "16(1)(f)", "16(2)", "16(2)(a)", "16(2)(b)",
                       "16(3)", "17"]
    sg = ("9. -(1) A person shall be guilty of an offence if the person, knowing that any personal information "
          "was obtained by an act done in contravention of section 3 - ( a ) obtains or retains the personal "
          "information; or ( b ) supplies the personal information. [22/2017] (2) It is not an offence under "
          "subsection (1)( a ) if the person obtained the personal information for a purpose other than - "
          "( a ) for use in committing any offence under any written law; or ( b ) for supply to any person. "
          "[22/2017] (3) It is not an offence under subsection (1)( b ) if the person supplied it.\n")
    assert ids(sg) == ["9", "9(1)", "9(1)(a)", "9(1)(b)", "9(2)", "9(2)(a)", "9(2)(b)", "9(3)"]


def test_swiss_paragraphs_run_together_in_one_line():
    """Switzerland: "1 Any person ... 2 If ... if: a. ...; b. ..." is paragraphs 1, 2 and items a, b; a number
    out of sequence ("paragraphs 4 and 5") is text."""
    text = ("Art. 3\n1 Any person who commits a felony or misdemeanour in Switzerland is subject to this Code. "
            "2 If the person concerned has served a sentence in full or in part for the offence in another "
            "country, the Swiss court must take the sentence served into account. 3 If the person concerned has "
            "been prosecuted in a foreign country at the request of the Swiss authorities, the person shall not "
            "be prosecuted in Switzerland for the same offence if: a. they have been acquitted by the foreign "
            "court; b. the penalty to which they have been sentenced has been served. 4 If the person prosecuted "
            "abroad has not served the sentence, the remainder shall be served in Switzerland. 6 In the case of "
            "offences under paragraphs 4 and 5, the items shall be forfeited.\n\n"
            "Art. 144bis\n1. Any person who without authority alters, deletes or renders unusable data shall be "
            "liable to a custodial sentence. 2. Any person who manufactures programs that they know will be used "
            "for the purposes described in paragraph 1 above shall be liable to a custodial sentence.\n\n"
            "Art. 150\nAny person who obtains a service without paying is liable to a monetary penalty.\n")
    assert ids(text) == ["3", "3(1)", "3(2)", "3(3)", "3(3)(a)", "3(3)(b)", "3(4)", "144bis", "144bis(1)",
                         "144bis(2)", "150"]


def test_french_definition_forms():
    """French drafting defines by a verb or by the term alone in bold: 'On entend par X :', 'Constitue un
    X, tout ...', '**X** Dispositif ...', '"X" désigne ...' (Benin Art. 671, Canada FR 342.1(2))."""
    from modellaw_check.document import Document

    text = ("Article 671\nConstitue un système informatique, tout dispositif isolé ou ensemble de dispositifs "
            "interconnectés assurant un traitement automatisé de données.\n\n"
            "Article 2\nAu sens de la présente loi, on entend par données informatiques : toute représentation "
            "de faits.\n\n(2) Les définitions qui suivent s'appliquent au présent article.\n\n"
            "**ordinateur** Dispositif ou ensemble de dispositifs connectés.\n\n"
            "« fournisseur de services » désigne toute entité publique ou privée.\n")
    doc = segment(Document(path="<t>", text=normalise(text)))
    terms = {d.term for d in doc.definitions}
    assert {"système informatique", "données informatiques", "ordinateur", "fournisseur de services"} <= terms


def test_sections_inserted_by_an_amending_act_keep_their_own_numbers():
    """An amending Act quotes the sections it inserts, run into one paragraph: 'substitution of the
    following- "PART I - ... 163. Hacking (1) A person who ... 163A. ... (1) ...". (3) The principal
    Act ...'. An assessor cites the inserted section ("163A(1)(a)"), and the amending section's own
    numbering resumes after the quotation (it was all "35(1)(a)", "35(2)", then "35(1)" again)."""
    text = ('35. Amendment of Cap. 9:23 (1) The principal Act is amended in section 162 by the repeal of the '
            'definition of "data". (2) The principal Act is amended by the repeal of sections 163 to 166 and '
            'the substitution of the following- "PART I - Offences relating to computer systems 163. Hacking '
            '(1) A person who- (a) knowing that he or she must obtain prior authority; and (b) intentionally '
            'secures access to such data; shall be guilty of hacking. (2) For the purposes of this section '
            '"secure access" includes to view data. 163A. Unlawful acquisition of data (1) Any person who '
            'unlawfully and intentionally- (a) intercepts any private transmission of computer data; or (b) '
            'overhears such a transmission; shall be guilty of an offence.". (3) The principal Act is amended '
            'in section 167 by the deletion of "computer".\n'
            '36. Commencement This Act comes into operation on a date fixed by the President.\n')
    doc = _seg(text)
    ids = [s.id for s in doc.sections]
    assert ids == ["35", "35(1)", "35(2)", "163", "163(1)", "163(1)(a)", "163(1)(b)", "163(2)", "163A",
                   "163A(1)", "163A(1)(a)", "163A(1)(b)", "35", "35(3)", "36"], ids
    hacking = doc.sections[ids.index("163")]
    assert hacking.heading == "Hacking"
    assert doc.text[slice(*hacking.heading_span)] == "Hacking"


def test_a_quoted_definition_is_no_inserted_section():
    """'the following definitions- "access provider" means ...': words, not a section, are inserted."""
    doc = _seg('5. Amendment (1) Section 2 is amended by the insertion of the following definition- "access '
               'provider" means any person providing access to a network; 12 persons may apply (1) here.\n')
    assert [s.id for s in doc.sections] == ["5", "5(1)"]


def test_closing_words_of_a_list_belong_to_the_provision_not_its_last_item():
    """'(2) intentionally exceeds ...;\\n\\nand thereby obtains ... shall be punished' (18 U.S.C. 2701(a)):
    the closing words speak for every item; the last item ends before them."""
    text = ("§ 2701. Unlawful access\n\n(a) Offense.—Whoever—(1) intentionally accesses without authorization a "
            "facility; or\n\n(2) intentionally exceeds an authorization to access that facility;\n\nand thereby "
            "obtains a communication shall be punished as provided in subsection (b).\n\n(b) Punishment.—A fine.\n")
    doc = _seg(text)
    item = next(s for s in doc.sections if s.id == "2701(a)(2)")
    assert doc.text[item.start:item.end].rstrip().endswith("that facility;")
    closing = doc.text.index("and thereby")
    assert doc.section_at(closing).id == "2701(a)"


def test_closing_words_opening_a_penalty_list_leave_the_middle_item():
    """'(b) intentionally ... secures access to such data; shall be guilty of hacking and liable- (c) ...'."""
    doc = _seg("163. Hacking (1) A person who- (a) knowing that authority is needed; and (b) intentionally "
               "secures access to such data; shall be guilty of hacking and liable- (c) in aggravating "
               "circumstances to a fine; (d) in any other case, to a fine.\n")
    b = next(s for s in doc.sections if s.id == "163(1)(b)")
    assert "guilty" not in doc.text[b.start:b.end]
    assert doc.section_at(doc.text.index("guilty")).id == "163(1)"


def test_title_run_into_the_first_subsection_is_the_sections_title():
    """'§708-895.7 Unauthorized computer access in the third degree. (1) A person commits ...' (Hawaii)."""
    doc = _seg("§708-895.7 Unauthorized computer access in the third degree. (1) A person commits the offense "
               "of unauthorized computer access in the third degree if the person knowingly accesses a computer "
               "without authorization. (2) Unauthorized computer access in the third degree is a class C felony.\n")
    sec = doc.sections[0]
    assert sec.heading == "Unauthorized computer access in the third degree"
    assert doc.text[slice(*sec.heading_span)] == sec.heading


def test_alineas_of_a_civil_law_article_are_provisions_of_their_own():
    """French codes: 'Article 323-1 / Le fait d'accéder ... est puni de ... / Lorsqu'il en est résulté ..., la
    peine est de ...' - the second paragraph is an aggravation, cited '323-1 al. 2'."""
    doc = _seg("Article 323-1\n\nLe fait d'accéder frauduleusement à un système est puni de trois ans "
               "d'emprisonnement.\n\nLorsqu'il en est résulté une altération du fonctionnement de ce système, la "
               "peine est de cinq ans d'emprisonnement.\n\nArticle 323-2\n\nLe fait d'entraver le fonctionnement "
               "d'un système est puni de cinq ans d'emprisonnement.\n")
    assert [s.id for s in doc.sections] == ["323-1", "323-1 al. 1", "323-1 al. 2", "323-2"]
    al2 = doc.sections[2]
    assert doc.text[al2.start:al2.end].startswith("Lorsqu'il en est résulté")


def test_a_contents_entry_is_printed_as_its_section_is():
    """'Section 1. Offences.' followed by a list '1. ... 2. ... 1.' is no table of contents (hypothesis
    found the first section dropped)."""
    assert ids("Section 1. Offences.\n1.\n2.\n1.\n")[0] == "1"


def test_french_definitions_quoted_after_on_entend_par_or_defined_by_comprend():
    doc = _seg("Article 1\nAu sens de la présente loi, on entend par « données informatiques » toute représentation "
               "de faits.\n\nArticle 2\n« système informatique » comprend tout dispositif isolé ou non.\n")
    assert [d.term for d in doc.definitions] == ["données informatiques", "système informatique"]


def test_us_subdivision_title_run_into_its_text_is_a_title():
    """'(c) Records Concerning Electronic Communication Service.—(1) A governmental entity ...': the words
    before '.—' title the subdivision; they are not its text ('Records' is no act of recording)."""
    doc = _seg("§ 2703. Required disclosure\n\n(c) Records Concerning Electronic Communication Service.—(1) A "
               "governmental entity may require a provider to disclose a record.\n\n(e) As used in this section—(1) "
               "the term x.\n")
    c = next(s for s in doc.sections if s.id == "2703(c)")
    assert c.heading == "Records Concerning Electronic Communication Service"
    assert doc.text[slice(*c.heading_span)] == c.heading
    e = next(s for s in doc.sections if s.id == "2703(e)")
    assert e.heading_span is None  # "As used in this section—" is its text
