"""What the importer refuses before it costs anything or writes junk: files beyond the size
of a page, rows that would take quadratic time, values that cannot be reference labels."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

import atlas.text
import legacy.parser
import legacy.vocabulary
import partnerships.funders
import territories.matching
from legacy import checks
from legacy.parser import parse_legacy_page
from legacy.vocabulary import Vocabulary
from tests.conftest import import_pages

pytestmark = pytest.mark.django_db

WRITTEN_BY_AN_IMPORT = ("territories", "nomenclature", "partnerships", "catalogue", "legacy")


def table_sizes() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in WRITTEN_BY_AN_IMPORT
        for model in apps.get_app_config(app).get_models()
    }


def import_file(path) -> str:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_page_over_the_size_limit_is_refused_by_name_and_size_writing_nothing(
    reference_data, seed_text, tmp_path
):
    page = tmp_path / "enorme.txt"
    padding = "Du texte de contexte répété. " * (checks.MAX_PAGE_BYTES // 28)
    page.write_text(seed_text.replace("Contexte\n", f"Contexte\n{padding}\n"), "utf-8")
    size = page.stat().st_size
    assert size > checks.MAX_PAGE_BYTES
    before = table_sizes()

    out = import_file(page)

    assert "« enorme.txt » pèse" in out
    assert checks.format_bytes(size) in out
    assert "au-delà de la limite de 1\u202f000\u202f000 octets par page" in out
    assert "rien n'en est importé" in out
    assert table_sizes() == before


def test_a_page_just_under_the_limit_is_read(reference_data, seed_text, tmp_path):
    page = tmp_path / "longue.txt"
    text = seed_text.replace("Contexte\n", "Contexte\n" + "x" * (checks.MAX_PAGE_BYTES - 20_000))
    page.write_text(text, "utf-8")
    assert page.stat().st_size <= checks.MAX_PAGE_BYTES
    out = StringIO()
    call_command("import_legacy", "--dry-run", str(page), stdout=out, stderr=StringIO())
    assert "vérifié" in out.getvalue()


@pytest.fixture
def count_normalizations(monkeypatch):
    """Counts the calls to normalize_name from the importer's matchers, failing as soon as
    they pass ``budget`` (quadratic work would otherwise run for minutes first)."""

    def install(budget: int) -> dict:
        counter = {"calls": 0}
        normalize = atlas.text.normalize_name

        def counting(value: str) -> str:
            counter["calls"] += 1
            if counter["calls"] > budget:
                raise AssertionError(f"more than {budget} normalizations")
            return normalize(value)

        for module in (atlas.text, legacy.vocabulary, legacy.parser, territories.matching):
            monkeypatch.setattr(module, "normalize_name", counting)
        return counter

    return install


def test_a_20000_word_theme_row_is_cut_normalizing_each_word_once(themes, count_normalizations):
    vocabulary = Vocabulary.from_database()
    row = " ".join(["Santé Prévention et hygiène Lavage des mains"] * 3_000)  # 21,000 words
    words = len(row.split())
    counter = count_normalizations(budget=words)

    path, recognised = vocabulary.split_theme_path(row)

    # The last level keeps the known label and every word after it.
    assert path[:2] == ["Santé", "Prévention et hygiène"]
    assert not recognised and path[2].startswith("Lavage des mains Santé Prévention")
    assert len(path[2].split()) == words - 4
    assert counter["calls"] == words


def test_long_rows_of_every_table_are_read_in_work_linear_in_their_words(
    themes, seed_text, count_normalizations
):
    vocabulary = Vocabulary.from_database()
    long_words = " ".join(["Santé Prévention et hygiène"] * 5_000)  # 20,000 words
    numbers = " ".join(["1"] * 20_000)  # an amount, then 19,999 "1 %" shares
    text = (
        seed_text.replace(
            "Priorité\n",
            f"Priorité\n{long_words} 2\n",  # other themes
        )
        .replace("Santa Fe Argentine", f"Santa Fe {long_words} Argentine")  # a partner
        .replace("Fonction Courriel\n", f"Fonction Courriel\nSanta Fe {long_words}\n")
        .replace("Ville de Santa Fe 21030 2013", f"Ville de Santa Fe {numbers} 2013")
        .replace("à Buenos Aires", f"à {long_words} Buenos Aires")  # the embassy
        .replace("Grand Poitiers commun", "Grand Poitiers" + " " * 20_000 + "x commun")
    )
    words, lines = len(text.split()), text.count("\n")
    counter = count_normalizations(budget=3 * words + 2 * lines)

    parsed = parse_legacy_page(text, vocabulary)

    # Every long row is refused for what it makes of a label, none for the time it takes.
    messages = "\n".join(str(error) for error in parsed.errors)
    assert "thématique de " in messages and "collectivité étrangère de " in messages
    assert "poste diplomatique de " in messages
    assert "19999 montants « 1 % » pour 3 colonnes" in messages
    assert counter["calls"] <= 3 * words + 2 * lines


def test_a_table_of_too_many_rows_is_refused_at_the_first_row_past_the_limit(
    reference_data, seed_text
):
    rows = "".join(f"Financeur n°{i} 100 2013\n" for i in range(checks.MAX_TABLE_ROWS + 5))
    text = seed_text.replace("Ville de Santa Fe 21030 2013\n", rows)
    parsed = parse_legacy_page(text, Vocabulary.from_database())
    assert [(e.line, e.message) for e in parsed.errors] == [
        (
            111 + checks.MAX_TABLE_ROWS,  # rows from line 111
            "plus de 1000 lignes sous « Financement du partenariat » : "
            "une fiche n'en compte pas tant",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("Grand Poitiers 10515 0", "Grand Poitiers 10515 0\x00", 112, "U+0000 interdit"),
        ("Titre\n", "Titre\x1b\n", 14, "U+001B interdit"),
        (
            "Projet de coopération décentralisée",
            "Projet de coopération décentralisée " + "et de solidarité " * 12,
            80,
            "type de partenariat de 239 caractères",
        ),
        (
            "à Buenos Aires",
            "à Buenos Aire{{7*7}}s",
            5,
            "poste diplomatique « Ambassade de France à Buenos Aire{{7*7}}s » refusé",
        ),
        ("Economie durable\n", "Economie {% debug %} durable\n", 19, "thématique « Economie"),
        ("Santa Fe Argentine", "Santa <script>Fe</script> Argentine", 90, "balise HTML"),
        ("Grand Poitiers commun", "Grand Poitiers\u202e commun", 101, "contrôle d'écriture"),
        (
            "Ville de Santa Fe 21030 2013",
            "Ville de Santa Fe 9999999999999 2013",
            113,
            "de 13 chiffres : au plus 12 avant la virgule",
        ),
        (
            "Titre\nCoopération",
            "Titre\n" + "Coopération " * 50 + "Coopération",
            15,
            "caractères (« Coopération Coopération Coopération Coop… ») : au plus 500",
        ),
    ],
)
def test_values_that_cannot_be_stored_are_errors_on_their_line(
    reference_data, seed_text, old, new, line, message
):
    assert old in seed_text
    parsed = parse_legacy_page(seed_text.replace(old, new), Vocabulary.from_database())
    assert [(e.line, message in e.message) for e in parsed.errors] == [(line, True)], parsed.errors


@pytest.mark.parametrize("priority", ["1000", "9" * 5_000])
def test_a_priority_beyond_any_real_one_is_an_error_not_a_crash(themes, seed_text, priority):
    text = seed_text.replace("Priorité\n", f"Priorité\nSanté Prévention et hygiène {priority}\n")
    parsed = parse_legacy_page(text, Vocabulary.from_database())
    assert [(e.line, "priorité" in e.message) for e in parsed.errors] == [(29, True)]


def test_funders_are_classified_reading_the_partners_names_once(
    reference_data, seed_text, tmp_path, monkeypatch
):
    """A key per French partner and a pattern per foreign one were made again for each
    funding line: a page of 1,000 of each took three minutes to write."""
    count = 300
    partners = "".join(f"Collectivité n°{i}\n" for i in range(count))
    funders = "".join(f"Financeur n°{i} 100 2013\n" for i in range(count))
    text = seed_text.replace("Grand Poitiers commun", partners + "Grand Poitiers commun")
    page = tmp_path / "many.txt"
    page.write_text(text.replace("Ville de Santa Fe 21030 2013\n", funders), "utf-8")
    keys = {"calls": 0}
    match_key = partnerships.funders.authority_match_key

    def counting(name):
        keys["calls"] += 1
        return match_key(name)

    monkeypatch.setattr(partnerships.funders, "authority_match_key", counting)
    (report,) = import_pages(page)
    assert report.outcome == "created", report.errors
    assert keys["calls"] <= 2 * (count + 3)  # each partner once, each funder once
