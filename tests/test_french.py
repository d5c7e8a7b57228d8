"""French statutes: the French language profile, the per-language pipeline and wordings, detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from modellaw_check.annotate import normaliser, pipeline
from modellaw_check.check import Checker, detect_language
from modellaw_check.lang import ENGINE_CONCEPTS, load_profile

ROOT = Path(__file__).resolve().parent.parent
CA_EN = ROOT / "corpora" / "ca-criminal-code-cyber-excerpts.txt"
CA_FR = ROOT / "corpora" / "fr" / "ca-code-criminel-extraits-cyber-1985.txt"

# Provisions on which both label files agree but the French reading does not yet give the English
# reading's status: French definition formulas ("« ordinateur » s'entend de", "Les définitions qui
# suivent s'appliquent") are not read as definitions by segment (English-only formulas), and a few
# French wordings are still narrower than the English ones. Listed so that a change in either
# direction is seen.
KNOWN_DIFFERENT = {  # the French definitions ("**ordinateur** Dispositif ...") are found since session 5
    # art2: the same since 'obtient des services d'ordinateur' is access (session 6)
    "art18-production-order", "art19-search-seizure", "art21-interception-content",
    "identity-theft",  # terror6: the same since a stated purpose is intent ("in order to", "pour commettre")
}


def test_french_profile_defines_the_engine_concepts() -> None:
    profile = load_profile("fr")
    assert set(ENGINE_CONCEPTS) <= set(profile.concepts)
    assert profile.name == "French"


def test_french_norms_fold_accents_case_and_apostrophes() -> None:
    norm = normaliser("fr")
    assert norm("Système") == norm("systeme") == norm("SYSTÈME")
    assert norm("punie") == norm("punis") == norm("puni")
    assert norm("données") == norm("donnée") != norm("donner")  # the profile's lemma correction
    words = [t.norm_ for t in pipeline("fr")("l’accès d'un système")]
    assert words == [norm("l'"), norm("accès"), norm("d'"), norm("un"), norm("système")]
    assert norm("l’") == norm("l'")


def test_english_norms_unchanged_by_french() -> None:
    assert normaliser("en")("Système") == "système"
    assert normaliser("en")("authorised") == "authorize"


def test_language_detection() -> None:
    assert detect_language(CA_FR.read_text(encoding="utf-8"), ["en", "fr"]) == "fr"
    assert detect_language(CA_EN.read_text(encoding="utf-8"), ["en", "fr"]) == "en"
    assert detect_language("", ["en", "fr"]) == "en"


@pytest.fixture(scope="module")
def ca_reports():
    checker = Checker()
    return checker.check_path(CA_EN), checker.check_path(CA_FR)


def test_language_is_reported(ca_reports) -> None:
    en, fr = ca_reports
    assert (en.statute.language, fr.statute.language) == ("en", "fr")
    assert json.loads(fr.model_dump_json())["statute"]["language"] == "fr"


def test_canadian_french_gives_the_english_statuses(ca_reports) -> None:
    """The Criminal Code excerpts in French and in English are the same law: where both expert label
    files agree, the French reading gives the English reading's status."""
    en, fr = ca_reports
    labels_en = yaml.safe_load((ROOT / "corpora" / "labels" / "ca-criminal-code-cyber-excerpts.yaml").read_text())
    labels_fr = yaml.safe_load((ROOT / "corpora" / "fr" / "labels" / "ca-code-criminel-extraits-cyber-1985.yaml")
                               .read_text())
    agreed = [rid for rid, lab in labels_fr["labels"].items()
              if rid in labels_en["labels"] and labels_en["labels"][rid]["status"] == lab["status"]]
    assert len(agreed) >= 20
    different = {rid for rid in agreed if en.provision(rid).status != fr.provision(rid).status}
    assert different == KNOWN_DIFFERENT


def test_forced_language_and_unknown_language() -> None:
    from modellaw_check.errors import RuleError

    report = Checker(language="fr").check_text("Le fait d'accéder frauduleusement à un système de "
                                               "traitement automatisé de données est puni de deux ans "
                                               "d'emprisonnement.")
    assert report.statute.language == "fr"
    assert report.provision("art2-illegal-access").status == "implemented"
    with pytest.raises(RuleError):
        Checker(language="xx")


def test_lang_wordings_must_name_the_same_groups() -> None:
    from pydantic import ValidationError

    from modellaw_check.rules.schema import Element

    with pytest.raises(ValidationError, match="same forms"):
        Element(name="conduct", kind="conduct", any=[{"words": "sell", "group": "sale"}],
                lang={"fr": ["vendre"]})
    el = Element(name="conduct", kind="conduct", any=[{"words": "sell", "group": "sale"}],
                 lang={"fr": [{"words": "vendre", "group": "sale"}]})
    assert el.lang["fr"].any[0].words == "vendre"


def test_terrorist_acts_defined_in_one_article_punished_in_another(checker) -> None:
    """Benin Code pénal art. 163 ('Constitue également, aux conditions prévues à l'article 161, ci-dessus, un
    acte de terrorisme : ... 7. le fait de recruter ou d'entrainer sur ou hors du territoire national une
    personne ... en vue de commettre un acte terroriste') creates the offence art. 175 punishes; 'a entraîné
    la mort' (caused) in an access offence is no training."""
    rep = checker.check_text(
        "Article 163\nConstitue également, aux conditions prévues à l'article 161, ci-dessus, un acte de "
        "terrorisme :\n6. le fait de recevoir un entraînement en vue de commettre un acte de terrorisme ;\n7. le "
        "fait de recruter ou d'entrainer sur ou hors du territoire national une personne ou un groupe de personnes "
        "en vue de commettre un acte terroriste ;\n\nArticle 670\nEst puni d'une peine d'emprisonnement de un an "
        "à cinq ans, l'accès intentionnel et sans droit à un système informatique. Lorsque l'accès a entraîné la "
        "mort d'une personne ou est commis au profit d'une entreprise terroriste, la peine est la réclusion "
        "criminelle.\n\nArticle 175\nLa peine encourue par l'auteur ou le complice d'un acte de terrorisme est "
        "la réclusion criminelle à perpétuité.\n")
    p = rep.provision("terror7-training")
    assert p.status != "missing" and p.provision.startswith("Art. 163("), (p.status, p.provision)


def test_aggravation_alinea_is_not_the_offence(checker) -> None:
    """Code pénal 323-1 al. 2 ('Lorsqu'il en est résulté ... une altération du fonctionnement de ce système, la
    peine est de ...') aggravates access; system interference is 323-2 ('Le fait d'entraver ou de fausser le
    fonctionnement')."""
    rep = checker.check_text(
        "Article 323-1\n\nLe fait d'accéder ou de se maintenir, frauduleusement, dans tout ou partie d'un système "
        "de traitement automatisé de données est puni de trois ans d'emprisonnement.\n\nLorsqu'il en est résulté "
        "soit la suppression ou la modification de données contenues dans le système, soit une altération du "
        "fonctionnement de ce système, la peine est de cinq ans d'emprisonnement.\n\nArticle 323-2\n\nLe fait "
        "d'entraver ou de fausser le fonctionnement d'un système de traitement automatisé de données est puni de "
        "cinq ans d'emprisonnement.\n\nArticle 323-3\n\nLe fait d'introduire frauduleusement des données dans un "
        "système de traitement automatisé est puni de cinq ans d'emprisonnement.\n")
    p = rep.provision("art5-system-interference")
    assert p.provision.startswith("Art. 323-2"), p.provision


def test_french_wordings_with_multi_word_alternatives_on_their_own(checker) -> None:
    """'identité d'autrui', 'messages électroniques ... en masse' were not matched: a wording such as
    "message|messages électronique|électroniques|non sollicité|sollicités" is three words long, not a list."""
    rep = Checker(language="fr").check_text(
        "Article 5\nLe fait d'utiliser l'identité d'autrui sans son consentement dans le but de commettre une "
        "infraction est puni de deux ans d'emprisonnement.\n\nArticle 6\nLe fait d'envoyer des messages "
        "électroniques en masse sans consentement préalable est puni d'une amende.\n")
    assert rep.provision("identity-theft").status == "implemented"
    assert rep.provision("spam").status != "missing"


def test_a_power_refused_is_no_power(report_of) -> None:
    """Code criminel 342.2(3) 'Aucune ordonnance de confiscation ne peut être rendue ...' made the device
    offence of 342.2 the production order (with 'produit', the offence's 'produces'); it is 487.0141."""
    p = report_of("fr/ca-code-criminel-extraits-cyber-1985.txt").provision("art18-production-order")
    assert p.provision.startswith("s. 487.01"), p.provision


def test_a_french_title_with_a_spaced_colon_is_a_title() -> None:
    from modellaw_check.document import Document
    from modellaw_check.segment import segment

    doc = segment(Document(path="t", text="### 487.0141 Ordonnance de communication : dates précisées\n\n(1) Le juge "
                                          "peut ordonner la communication.\n"))
    assert doc.sections[0].heading_span is not None


def test_an_offence_stated_as_what_it_is_is_no_definition(checker) -> None:
    """Code pénal 441-1 'Constitue un faux toute altération frauduleuse de la vérité ... dans un écrit ou tout
    autre support d'expression de la pensée' states the forgery offence (punished in its al. 2); read as a
    definition of "faux toute altération ...", it was no provision at all (the expert: Art. 7 by 441-1)."""
    rep = Checker(language="fr").check_text(
        "Article 441-1\n\nConstitue un faux toute altération frauduleuse de la vérité, de nature à causer un "
        "préjudice et accomplie par quelque moyen que ce soit, dans un écrit ou tout autre support d'expression "
        "de la pensée qui a pour objet ou qui peut avoir pour effet d'établir la preuve d'un droit ou d'un fait "
        "ayant des conséquences juridiques.\n\nLe faux et l'usage de faux sont punis de trois ans "
        "d'emprisonnement et de 45 000 euros d'amende.\n")
    assert rep.statute.definitions == []
    p = rep.provision("art7-computer-forgery")
    assert p.status in ("implemented", "partial") and p.provision.startswith("Art. 441-1"), (p.status, p.provision)


def test_a_list_of_offences_for_the_purposes_of_a_subsection_creates_none(report_of) -> None:
    """Code criminel 402.2(3) 'Pour l'application des paragraphes (1) et (2), les actes criminels en question
    sont ... a) l'article 57 (faux ou usage de faux en matière de passeport)' names offences; it creates no
    forgery offence (the expert: Art. 7 missing)."""
    p = report_of("fr/ca-code-criminel-extraits-cyber-1985.txt").provision("art7-computer-forgery")
    assert p.status == "missing", (p.status, p.provision)
