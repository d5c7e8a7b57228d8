# ruff: noqa: E501  (the small bills are written one article per line, as statutes print them)
"""A French statute's missing offences and powers are drafted in French, in the bill's own formula, terms,
penalty pattern, numbering and authorities (remedy_fr.py, from the rules' drafting.lang.fr words)."""

from __future__ import annotations

import re

import pytest

# A French-code style: "Le fait de ... est puni de ...", articles numbered within a chapter, the Code pénal's
# "système de traitement automatisé de données".
CODE = """CODE PÉNAL (EXTRAITS)

Chapitre III : Des atteintes aux systèmes de traitement automatisé de données

Art. 323-1
Le fait d'accéder ou de se maintenir, intentionnellement et sans autorisation, dans tout ou partie d'un système de traitement automatisé de données est puni de trois ans d'emprisonnement et de 100 000 euros d'amende.

Art. 323-2
Le fait d'entraver ou de fausser, intentionnellement et sans autorisation, le fonctionnement d'un système de traitement automatisé de données est puni de cinq ans d'emprisonnement et de 150 000 euros d'amende.

Art. 323-3
Le fait d'introduire, d'extraire, de détenir, de reproduire, de transmettre, de supprimer ou de modifier, intentionnellement et sans autorisation, les données d'un système de traitement automatisé de données est puni de cinq ans d'emprisonnement et de 150 000 euros d'amende.

Art. 323-3-1
Le fait, sans motif légitime, d'importer, de détenir, d'offrir, de céder ou de mettre à disposition un équipement, un instrument, un programme informatique ou toute donnée conçus ou spécialement adaptés pour commettre une ou plusieurs des infractions prévues par les articles 323-1 à 323-3 est puni des peines prévues pour l'infraction elle-même.
"""

# A West-African style: "Quiconque ... sera puni de ...", articles numbered through the law, its defined
# terms, and a procedure Title naming the investigating judge and the judicial police officer.
LOI = """LOI N° 2026-07 PORTANT SUR LA CYBERCRIMINALITÉ

TITRE PREMIER : DISPOSITIONS GÉNÉRALES

Article premier
Au sens de la présente loi, on entend par « système informatique » : tout dispositif isolé ou non, ou tout ensemble de dispositifs interconnectés assurant un traitement automatisé de données ; « données informatiques » : toute représentation de faits, d'informations ou de concepts sous une forme qui se prête à un traitement informatique.

TITRE II : DES INFRACTIONS

Article 2
Quiconque aura accédé ou tenté d'accéder, intentionnellement et sans droit, à tout ou partie d'un système informatique sera puni d'un emprisonnement de six (06) mois à trois (03) ans et d'une amende de 1.000.000 à 10.000.000 francs CFA.

Article 3
Quiconque aura endommagé, effacé, détérioré, altéré ou supprimé, intentionnellement et sans droit, des données informatiques sera puni d'un emprisonnement de un (01) an à cinq (05) ans et d'une amende de 5.000.000 à 20.000.000 francs CFA.

TITRE III : DE LA PROCÉDURE

Article 4
Le juge d'instruction peut, à la demande de l'officier de police judiciaire, ordonner la perquisition d'un système informatique et la saisie des données informatiques qui y sont stockées.
"""

# English words a French clause must never contain (the English drafter's voice, brackets and terms).
ENGLISH = re.compile(r"\b(?:Whoever|person who|shall|offence|offense|liable|computer|section|the|and|of|"
                     r"penalty|court|authority|Subsection)\b|\[(?:term|amount|penalty|court|authority|country)\]")


@pytest.fixture(scope="module")
def reports(checker):
    return {"code": checker.check_text(CODE), "loi": checker.check_text(LOI)}


def _clauses(report) -> dict[str, str]:
    return {p.id: p.suggested_clause for p in report.provisions if p.suggested_clause}


def test_the_statutes_are_french(reports):
    assert {r.statute.language for r in reports.values()} == {"fr"}


def test_a_french_code_gets_le_fait_de_its_terms_penalty_and_the_next_free_article_of_its_chapter(reports):
    clauses = _clauses(reports["code"])
    forgery = clauses["art7-computer-forgery"]
    heading, body = forgery.split("\n", 1)
    assert re.fullmatch(r"Art\. 323-3-\d+", heading) and heading != "Art. 323-3-1"  # a free article of the chapter
    assert body.startswith("Le fait d'introduire, d'altérer, d'effacer ou de supprimer, intentionnellement et sans "
                           "autorisation, des données")  # its phrase for without right
    assert body.endswith("est puni de [durée] d'emprisonnement et de [montant] d'amende.")  # its penalty, figures blank
    assert not re.search(r"\d{3}|trois|cinq|euros", body)
    interception = clauses["art3-illegal-interception"]
    assert "système de traitement automatisé de données" in interception  # its term, not the Convention's
    assert "système informatique" not in interception
    numbers = [c.split("\n", 1)[0] for p in reports["code"].provisions
               if p.category in ("offence", "terrorism") and (c := p.suggested_clause)]
    assert len(numbers) == len(set(numbers))  # one article each
    for clause in clauses.values():
        assert not ENGLISH.search(clause), clause


def test_a_west_african_law_gets_quiconque_sera_puni_and_its_judge_and_officer(reports):
    clauses = _clauses(reports["loi"])
    interception = clauses["art3-illegal-interception"]
    heading, body = interception.split("\n", 1)
    assert re.fullmatch(r"Article 3 (?:bis|ter|quater|quinquies)", heading)  # inserted after its offences (Titre III follows)
    assert body.startswith("Quiconque intercepte, intentionnellement et sans droit, par des moyens techniques")
    assert "sera puni d'un emprisonnement de [durée] à [durée] et d'une amende de [montant] à [montant]" in body
    assert "(06)" not in body and "1.000.000" not in body
    production = clauses["art18-production-order"]
    assert re.match(r"Article \d+\n\(1\) Le juge d'instruction peut, à la demande de l'officier de police judiciaire, "
                    r"ordonner", production)
    assert "stockées dans un système informatique" in production and "[juridiction]" not in production
    misuse = clauses["art6-misuse-of-devices"]
    assert "Quiconque, intentionnellement et sans droit :\n(a) produit, vend" in misuse
    assert "une infraction prévue aux articles 2 et 3" in misuse  # its own Art. 2-5 offences
    assert "\n(2) L'alinéa (1) ne s'applique pas" in misuse
    for clause in clauses.values():
        assert not ENGLISH.search(clause), clause


def test_no_penalty_and_no_authority_leave_french_brackets(checker):
    report = checker.check_text("Article 1er\nLe fait d'accéder intentionnellement et sans droit à un système "
                                "informatique constitue une infraction pénale.\n")
    assert report.statute.language == "fr"
    clauses = _clauses(report)
    assert clauses["art4-data-interference"].endswith("est puni de [peine].")
    assert "[Juridiction] peut, à la demande de [autorité]" in clauses["art18-production-order"]
    for clause in clauses.values():
        assert not ENGLISH.search(clause), clause


def test_penalty_patterns_leave_every_figure_blank():
    from modellaw_check.remedy_fr import penalty_pattern

    assert penalty_pattern("de deux ans d'emprisonnement et de 5 000 000 francs d'amende") == \
        "de [durée] d'emprisonnement et de [montant] d'amende"
    assert penalty_pattern("d'un an d'emprisonnement et de 300 000 € d'amende") == \
        "de [durée] d'emprisonnement et de [montant] d'amende"
    assert penalty_pattern("d'une amende de un million (1.000.000) à cinq millions (5.000.000) de francs CFA") == \
        "d'une amende de [montant] à [montant]"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_reports_show_the_french_clause(checker, fmt):
    from modellaw_check.report import render

    report = checker.check_text(LOI)
    out = render(report, fmt)
    assert "juge d" in report.provision("art18-production-order").suggested_clause
    # the clause as drafted (text reports wrap it; HTML escapes its apostrophes)
    assert re.search(r"Le\s+juge\s+d(?:'|&#x27;|&#39;|’)instruction\s+peut,\s+à\s+la\s+demande", out), fmt


# The Canadian Criminal Code in French: "Est coupable d'un acte criminel passible de ... quiconque ...",
# sections numbered with a decimal point.
CANADA = """Code criminel (extraits)

342.1 (1) Est coupable d'un acte criminel passible d'un emprisonnement maximal de dix ans quiconque, frauduleusement et sans apparence de droit, obtient directement ou indirectement des services d'ordinateur.

342.2 (1) Est coupable d'un acte criminel passible d'un emprisonnement maximal de deux ans quiconque, sans justification ou excuse légitime, fabrique, possède, vend ou offre en vente un dispositif conçu principalement pour commettre une infraction prévue à l'article 342.1.
"""


def test_a_canadian_section_gets_est_coupable(checker):
    report = checker.check_text(CANADA)
    assert report.statute.language == "fr"
    forgery = report.provision("art7-computer-forgery").suggested_clause
    heading, body = forgery.split("\n", 1)
    assert re.fullmatch(r"Article \d+(?:\.\d+)?", heading), heading
    assert body.startswith("Est coupable d'un acte criminel passible d'un emprisonnement maximal de [durée] quiconque "
                           "introduit, altère, efface ou supprime, frauduleusement, des données"), body
    assert not ENGLISH.search(forgery)


def test_new_articles_are_numbered_in_the_chapter_of_the_bills_offences():
    from types import SimpleNamespace

    from modellaw_check.remedy_fr import numbers

    def report(*sections):
        return SimpleNamespace(provisions=[SimpleNamespace(category="offence", status="implemented", sections=[s])
                                           for s in sections])

    # a French code inserts below its last offence article of the chapter, skipping those taken
    assert numbers(report("323-1", "323-3", "323-3-1", "226-4-1"), None, 2, ("offence",), "9") == ["323-3-2", "323-3-3"]
    assert numbers(report("323-1", "323-3"), None, 1, ("offence",), "9") == ["323-3-1"]
    # the Canadian Criminal Code numbers with a decimal point
    assert numbers(report("342.1", "342.2 (1)", "430(1.1)"), None, 2, ("offence",), "431") == ["342.3", "342.4"]
    # articles numbered through the law, none after the offences: the next free numbers
    assert numbers(report("1er al. 1", "2"), None, 2, ("offence",), "3") == ["3", "4"]
