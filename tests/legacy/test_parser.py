"""Reading legacy pages: what the parser makes of real and crafted pages."""

import datetime

import pytest
from django.utils import timezone

from catalogue.representation import to_plain
from legacy.parser import NotAnAtlasPage, deobfuscate_email, parse_legacy_page
from legacy.vocabulary import Vocabulary
from tests.conftest import MULTI_COUNTRY_PAGE, NOT_A_PAGE


@pytest.fixture
def vocabulary(reference_data):
    return Vocabulary.from_database()


def parse(text, vocabulary):
    return parse_legacy_page(text, vocabulary)


def test_seed_page_gives_exactly_the_expected_representation(seed_text, seed_expected, vocabulary):
    parsed = parse(seed_text, vocabulary)
    assert parsed.errors == []
    assert to_plain(parsed.data) == seed_expected


def test_repeated_one_percent_headers_fill_columns_left_to_right_with_warnings(
    seed_text, vocabulary
):
    parsed = parse(seed_text, vocabulary)
    warnings = {finding.line: finding.message for finding in parsed.warnings}
    # Line 110 is the header repeating "Montant 1% Eau" three times, line 112 the only
    # row with a number between its amount and its year.
    assert set(warnings) == {110, 112}
    assert "eau, énergie, déchets, mobilité" in warnings[110]
    assert "de gauche à droite (eau)" in warnings[112]
    grand_poitiers = parsed.data["funding"][1]
    assert grand_poitiers["water_1pct_eur"] == 0
    assert grand_poitiers["energy_1pct_eur"] is None


def test_noise_of_the_legacy_site_never_reaches_the_data(seed_text, vocabulary):
    text = str(to_plain(parse(seed_text, vocabulary).data))
    for residue in ("???", "commun.ico", "pagination.", "\u00a0", "[at]", "PIED DE PAGE"):
        assert residue not in text


def test_multi_word_countries_and_several_partners(themes, vocabulary):
    parsed = parse(MULTI_COUNTRY_PAGE.read_text("utf-8"), vocabulary)
    data = to_plain(parsed.data)
    assert parsed.errors == []
    assert data["foreign_authorities"] == [
        {"name": "Ville de Kinshasa", "country": "CD"},
        {"name": "Ouagadougou", "country": "BF"},
        {"name": "District autonome d'Abidjan", "country": "CI"},
    ]
    assert data["french_authorities"] == [
        {"name": "Département de la Seine-Saint-Denis"},
        {"name": "Ville de Montreuil"},
    ]
    assert data["diplomatic_post"] == {
        "name": "Ambassade de France au Burkina Faso",
        "country": "BF",
        "contacts": [
            {
                "role": "Correspondant coopération décentralisée",
                "name": "Awa TRAORE",
                "email": "awa.traore@diplomatie.gouv.fr",
            }
        ],
    }
    assert data["foreign_contacts"] == [
        {
            "authority": "Ouagadougou",
            "last_name": "OUEDRAOGO",
            "first_name": "Aminata",
            "function": "Directrice de l'eau",
            "email": "aminata.ouedraogo@mairie-ouaga.bf",
        },
        {
            "authority": "Ville de Kinshasa",
            "last_name": "KABILA MUTOMBO",
            "first_name": "Jean-Pierre",
            "function": "Chef de service",
            "email": "jp.mutombo@kinshasa.cd",
        },
    ]


def test_distinct_one_percent_headers_map_each_column_to_its_law(themes, vocabulary):
    parsed = parse(MULTI_COUNTRY_PAGE.read_text("utf-8"), vocabulary)
    department, water_agency, ministry = to_plain(parsed.data["funding"])
    assert department == {
        "funder": "Département de la Seine-Saint-Denis",
        "amount_eur": 120000.5,
        "water_1pct_eur": 60000,
        "energy_1pct_eur": 0,
        "waste_1pct_eur": 0,
        "mobility_1pct_eur": 0,
        "year": 2020,
    }
    assert water_agency["water_1pct_eur"] == 80000 and water_agency["year"] == 2021
    assert ministry["amount_eur"] == 50000 and ministry["water_1pct_eur"] is None
    assert parsed.data["funding_total_eur"] == 250000.5
    assert not [w for w in parsed.warnings if "1 %" in w.message]


def test_statuses_dates_texts_and_lists_of_a_crafted_page(themes, vocabulary):
    parsed = parse(MULTI_COUNTRY_PAGE.read_text("utf-8"), vocabulary)
    data = to_plain(parsed.data)
    assert data["status"] == "ongoing"
    assert data["end_date"] is None
    assert data["triennial"] is True
    assert data["theme"] == {"path": ["Eau et assainissement", "Accès à l'eau potable"]}
    assert data["other_themes"] == [
        {"path": ["Santé", "Prévention et hygiène", "Lavage des mains"], "priority": 1},
        {"path": ["Gouvernance locale", "Appui institutionnel"], "priority": 2},
    ]
    assert data["description"] == (
        "Phase 1 : diagnostic des réseaux.\nPhase 2 : travaux et formation des agents."
    )
    assert data["implementation"] == {
        "project_owners": [{"name": "Département de la Seine-Saint-Denis"}],
        "project_managers": [{"name": "Régie des eaux de Kinshasa"}],
        "beneficiaries": [{"name": "Habitants des quartiers périphériques"}],
    }
    assert data["communication_france"] == "Exposition au conseil départemental en 2021."
    assert data["communication_partner_countries"] is None
    assert data["evaluation"] is None
    assert data["volunteers"][0]["last_name"] == "MARTIN"
    assert data["volunteers"][0]["first_name"] == "Léa"
    assert data["volunteers"][0]["mission"] == "Suivi des travaux"


def test_unknown_theme_row_is_kept_whole_with_a_warning(seed_text, vocabulary):
    text = seed_text.replace(
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\n",
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité\n"
        "Diplomatie sportive Jeux olympiques 3\n",
    )
    parsed = parse(text, vocabulary)
    assert parsed.data["other_themes"] == [
        {"path": ["Diplomatie sportive Jeux olympiques"], "priority": 3}
    ]
    assert any(w.line == 29 and "à vérifier" in w.message for w in parsed.warnings)


def test_a_text_that_is_not_an_atlas_page_is_refused(vocabulary):
    with pytest.raises(NotAnAtlasPage, match="pas une fiche projet"):
        parse(NOT_A_PAGE.read_text("utf-8"), vocabulary)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "Année de début du partenariat\n2013",
            "Année de début du partenariat\n20l3",
            31,
            "année invalide « 20l3 »",
        ),
        ("31/01/2015", "31/13/2015", 35, "date de fin invalide « 31/13/2015 »"),
        ("Santa Fe Argentine", "Santa Fe Atlantide", 90, "pays non reconnu"),
        (
            "Grand Poitiers 10515 0 2013",
            "Grand Poitiers 10515 20000 2013",
            112,
            "dépasse le montant",
        ),
    ],
)
def test_bad_values_are_errors_that_name_their_line(seed_text, vocabulary, old, new, line, message):
    assert old in seed_text
    parsed = parse(seed_text.replace(old, new), vocabulary)
    assert [(e.line, message in e.message) for e in parsed.errors] == [(line, True)]


def test_a_page_without_title_is_an_error(seed_text, vocabulary):
    text = seed_text.replace(
        "Titre\nCoopération décentralisée dans le domaine des biotechnologies liées à la santé\n",
        "Titre\n\n",
    )
    parsed = parse(text, vocabulary)
    assert any("pas de titre" in e.message for e in parsed.errors)


def test_windows_line_endings_and_non_breaking_spaces_are_tolerated(
    seed_text, seed_expected, vocabulary
):
    text = seed_text.replace("\n", "\r\n").replace("Titre", "Titre\u00a0")
    assert to_plain(parse(text, vocabulary).data) == seed_expected


@pytest.mark.parametrize(
    ("obfuscated", "address"),
    [
        ("eric.bourland[at]diplomatie.gouv.fr", "eric.bourland@diplomatie.gouv.fr"),
        ("a.b [at] ville [dot] fr", "a.b@ville.fr"),
        ("x(arobase)y(point)org", "x@y.org"),
        ("plain@example.org", "plain@example.org"),
    ],
)
def test_emails_are_deobfuscated(obfuscated, address):
    assert deobfuscate_email(obfuscated) == address


def test_an_extra_value_under_a_single_valued_label_is_ignored_with_a_warning(
    seed_text, vocabulary
):
    text = seed_text.replace("Terminé\n", "Terminé\nEn cours\n")
    parsed = parse(text, vocabulary)
    assert parsed.data["status"] == "completed"
    assert [(w.line, w.message) for w in parsed.warnings if w.line == 34] == [
        (34, "valeur en trop sous « Le partenariat est », ignorée")
    ]


def test_words_after_a_known_path_of_three_levels_stay_in_its_last_level(
    themes, seed_text, vocabulary
):
    # The tree has three levels: a fourth label would be dropped when the sheet is written.
    text = seed_text.replace(
        "Priorité\n", "Priorité\nSanté Prévention et hygiène Lavage des mains au savon 4\n"
    )
    parsed = parse(text, vocabulary)
    assert parsed.data["other_themes"] == [
        {"path": ["Santé", "Prévention et hygiène", "Lavage des mains au savon"], "priority": 4}
    ]
    assert any(w.line == 29 and "à vérifier" in w.message for w in parsed.warnings)


def test_a_page_saying_completed_of_a_partnership_ending_later_reads_as_ongoing(
    seed_text, vocabulary
):
    later = timezone.localdate() + datetime.timedelta(days=1)
    text = seed_text.replace("31/01/2015", later.strftime("%d/%m/%Y"))
    parsed = parse(text, vocabulary)
    assert parsed.errors == []
    assert (parsed.data["status"], parsed.data["end_date"]) == ("ongoing", later.isoformat())
    (warning,) = [w for w in parsed.warnings if w.line == 33]  # the line saying "Terminé"
    assert "importé comme en cours" in warning.message
    assert later.strftime("%d/%m/%Y") in warning.message
