"""Wordings the rules were not written from: paraphrases of each provision must be found, and
look-alike text about something else must not be (false 'implemented' and false 'missing' guards)."""

from __future__ import annotations

import pytest

IMPLEMENTED = [
    ("art3-illegal-interception", "A person who, intentionally and without lawful excuse, intercepts by technical "
     "means any transmission of computer data that is not intended for the public commits an offence."),
    ("art3-illegal-interception", "Any person who wilfully and unlawfully intercepts, or attempts to intercept, any "
     "electronic communication shall be guilty of an offence."),
    ("art4-data-interference", "Any person who intentionally and without lawful excuse destroys, erases or alters "
     "any data held in a computer shall be guilty of an offence."),
    ("art5-system-interference", "A person who intentionally and without authorisation hinders or interferes with "
     "the functioning of a computer system commits an offence."),
    ("art6-misuse-of-devices", "A person who knowingly manufactures, sells, procures for use, imports or distributes "
     "any device or computer program designed primarily for the purpose of committing an offence under this Part, "
     "or possesses such a device with that intent, commits an offence."),
    ("art7-computer-forgery", "A person who intentionally and without authority inputs, alters, deletes or "
     "suppresses computer data resulting in inauthentic data with the intention that it be acted upon as if it "
     "were authentic commits an offence."),
    ("art8-computer-fraud", "A person who dishonestly and without authority causes a loss of property to another "
     "by altering or deleting computer data, with intent to obtain an economic benefit, commits an offence."),
    ("art9-child-abuse-material", "Any person who produces, offers, distributes, procures or possesses child sexual "
     "abuse material by means of a computer system commits an offence."),
    ("identity-theft", "A person who, without lawful authority, knowingly uses the identity information of another "
     "person with intent to commit an offence commits an offence."),
    ("art16-expedited-preservation", "Where a police officer has reasonable grounds to believe that stored computer "
     "data is vulnerable to loss, the officer may by notice require the person in control of the data to preserve "
     "it for up to ninety days."),
    ("art18-production-order", "A judge may order any person to produce specified computer data in that person's "
     "possession, and may order a service provider to disclose subscriber information."),
    ("art19-search-seizure", "A magistrate may issue a warrant authorising a police officer to search a computer "
     "system and to seize or copy any computer data found therein, to extend the search to another computer system "
     "lawfully accessible from it, and to order any person who knows how the system works to assist."),
    ("art20-realtime-traffic", "A judge may order a service provider to collect or record traffic data in real time "
     "associated with specified communications."),
    ("art21-interception-content", "A judge may issue an interception order authorising the police to intercept "
     "the content of specified communications in real time."),
    ("art22-jurisdiction", "The courts have jurisdiction over an offence under this Act committed in the territory, "
     "on board a ship or aircraft registered in the country, or by a national outside the country."),
    ("terror5-public-provocation", "A person who publishes a statement to the public with intent to incite the "
     "commission of a terrorist act commits an offence."),
    ("terror6-recruitment", "A person who knowingly solicits another person to join a terrorist group commits an "
     "offence."),
    ("spam", "A person who intentionally sends multiple unsolicited commercial electronic messages with false "
     "header information commits an offence."),
]

MISSING = [
    ("art2-illegal-access", "The Authority shall ensure that every citizen has access to computer services in "
     "public libraries."),
    ("art2-illegal-access", "A person who fails to register a vehicle commits an offence and is liable to a fine."),
    ("art3-illegal-interception", "The Authority may intercept communications with a warrant issued by a judge."),
    ("art9-child-abuse-material", "A person who employs a child under the age of fourteen commits an offence."),
    ("art16-expedited-preservation", "The Registrar shall preserve the records of the company for seven years."),
    ("art19-search-seizure", "A customs officer may search any vehicle and seize goods."),
    ("art22-jurisdiction", "The High Court has jurisdiction to hear appeals from the Magistrates Court."),
    ("terror7-training", "The Ministry shall provide training to teachers in schools."),
    ("identity-theft", "Every person shall carry an identity card issued under this Act."),
    ("art8-computer-fraud", "A person who by deception obtains property belonging to another commits an offence."),
]


@pytest.mark.parametrize("rule_id,text", IMPLEMENTED, ids=[f"{r}-{i}" for i, (r, _) in enumerate(IMPLEMENTED)])
def test_paraphrase_is_implemented(checker, rule_id, text):
    p = checker.check_text(text).provision(rule_id)
    assert p.status == "implemented", p.missing_elements


@pytest.mark.parametrize("rule_id,text", MISSING, ids=[f"{r}-{i}" for i, (r, _) in enumerate(MISSING)])
def test_look_alike_is_missing(checker, rule_id, text):
    assert checker.check_text(text).provision(rule_id).status == "missing"
