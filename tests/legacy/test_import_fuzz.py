"""The importer against mutated copies of the seed page: lines deleted, duplicated, swapped
or cut, hostile text in field values, other amounts and dates.

Each copy either imports or is refused with the importer's own findings, never by an
exception; a refused copy writes nothing. The seed page is imported first, so that copies
keeping its title, partner and year update that sheet (or leave it unchanged) while the
others create one. Each copy is imported in a savepoint rolled back afterwards: the
examples do not see each other's writes, and no table is emptied between them.
"""

import copy
from typing import NamedTuple

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from atlas.text import normalize_name
from catalogue.representation import load_representation, says, to_plain
from legacy.importer import LegacyImporter
from legacy.parser import LABEL_KEYS, TABLE_HEADERS, Finding
from tests.conftest import SEED_PAGE

pytestmark = pytest.mark.django_db

SEED_LINES = SEED_PAGE.read_text("utf-8").split("\n")
# Lines holding a field's value or a table's row: not labels, table headers or blanks.
VALUE_LINES = [
    number
    for number, line in enumerate(SEED_LINES)
    if line.strip()
    and normalize_name(line) not in LABEL_KEYS
    and not line.startswith(tuple(TABLE_HEADERS.values()))
]
# The years, the end date and the funding rows.
NUMBER_LINES = [
    SEED_LINES.index("2013"),  # first signature
    SEED_LINES.index("2013", SEED_LINES.index("2013") + 1),  # start
    SEED_LINES.index("31/01/2015"),
    *(number for number, line in enumerate(SEED_LINES) if line.endswith(" 2013")),
]
HOSTILE = [
    "\x00",
    "\x1b[31m",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "<script>alert(1)</script>",
    "<b>gras</b>",
    "'; DROP TABLE partnerships_project; --",
    "x" * 10_000,
    "é" * 600,
    "٢٠١٣",  # Arabic-Indic digits
    "２０１３",  # full-width digits
    "²³",
    "9" * 5_000,
    "-1",
    "1e308",
    "\u202e",
    "\ufeff",
    "\u2028",
    "🇫🇷",
    "Titre",
    "PIED DE PAGE",
    'Contacts dans le poste diplomatique "Ambassade"',
    "Le partenariat est triennal",
    "Montant 1% Eau (Loi Oudin 2005)",
    "[at]",
    "???menu.atlas.libelle???",
]
NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["0", "00", "0,5", "1.000,00", "10 515", "1" * 30, "١٠٥١٥"]),
)
DATES = st.one_of(
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["31/02/2015", "00/00/0000", "31/01/15", "2015-01-31", "", "1/1/1"]),
)
YEARS = st.one_of(
    st.integers(min_value=1800, max_value=2200).map(str),
    st.sampled_from(["20l3", "0", "-2013", "2013.0", "99999", "٢٠١٣"]),
)
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


def delete(lines, draw):
    del lines[draw(st.integers(0, len(lines) - 1))]


def duplicate(lines, draw):
    number = draw(st.integers(0, len(lines) - 1))
    lines.insert(number, lines[number])


def swap(lines, draw):
    first, second = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
    lines[first], lines[second] = lines[second], lines[first]


def truncate(lines, draw):
    """The page cut short, after its heading (a page without one is refused at once,
    which shorter cuts would test over and over)."""
    text = "\n".join(lines)
    heading = text.find("Titre")
    del lines[:]
    lines += text[: draw(st.integers(max(heading, 0), len(text)))].split("\n")


def insert_text(lines, draw):
    """Hostile text inside a field's value, or instead of it."""
    number = draw(st.sampled_from(VALUE_LINES)) % len(lines)
    line, text = lines[number], draw(TEXT)
    at = draw(st.integers(0, len(line)))
    lines[number] = draw(st.sampled_from([line[:at] + text + line[at:], text]))


def change_numbers(lines, draw):
    """Other amounts in a funding row, another year or end date."""
    number = draw(st.sampled_from(NUMBER_LINES)) % len(lines)
    words = lines[number].split(" ")
    if "/" in lines[number]:
        lines[number] = draw(DATES)
    elif len(words) == 1:
        lines[number] = draw(YEARS)
    else:
        at = draw(st.integers(0, len(words) - 1))
        words[at] = draw(st.one_of(NUMBERS, YEARS))
        lines[number] = " ".join(words)


# Rows for the tables the seed page leaves empty, or with one row more, by the line they
# follow.
ROWS = {
    "Thématique éligible": [
        "Economie durable Attractivité des territoires 1",
        "Santé 2",
        "Diplomatie sportive Jeux olympiques 3",
        "Economie durable Attractivité des territoires Pôles de compétitivité, clusters, "
        "filières Tourisme 4",
    ],
    "Nom de la collectivité étrangère Pays": ["Ville de Rosario Argentine", "Ouagadougou Mali"],
    "Nom de la collectivité étrangère Nom": [
        "Santa Fe PEREZ Juan Intendant juan.perez[at]santafe.gob.ar",
        "Santa Fe Garcia",
    ],
    "Nom de la collectivité territoriale": ["Ville de Poitiers", "Région Nouvelle-Aquitaine"],
    "Nom du financeur": ["Région Nouvelle-Aquitaine 5000 1000 2014", "Agence de l'eau 300"],
    "Nom Prénom Mission": ["MARTIN Léa Suivi des échanges", "durand paul"],
    "Contacts dans le poste diplomatique": [
        "Correspondant\nJean DUPONT\nCourriel : jean.dupont[at]diplomatie.gouv.fr",
        "Courriel : personne[at]example.org",
    ],
}


def add_row(lines, draw):
    """A row in a table (with hostile text in it, sometimes)."""
    header = draw(st.sampled_from(sorted(ROWS)))
    found = [number for number, line in enumerate(lines) if line.startswith(header)]
    if not found:
        return
    words = draw(st.sampled_from(ROWS[header])).split(" ")
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(TEXT))
    lines.insert(found[-1] + 1, " ".join(words))


MUTATIONS = [delete, duplicate, swap, truncate, insert_text, change_numbers, add_row]


@st.composite
def mutated_pages(draw):
    lines = list(SEED_LINES)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        if lines:
            mutation(lines, draw)
    return "\n".join(lines)


def written_tables() -> list[str]:
    apps_written = ("territories", "nomenclature", "partnerships", "catalogue", "search", "legacy")
    return [
        model._meta.db_table
        for app in apps_written
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed
    ]


def row_counts(tables: list[str]) -> tuple[int, ...]:
    """Rows of every table an import writes, in one query."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


def reads_back(stored: dict, data: dict) -> bool:
    """Whether the sheet as stored says what the page said. Lists are compared as sets:
    the writer keeps a partner or theme given twice once, and orders themes by priority."""
    for key, value in to_plain(data).items():
        if isinstance(value, list):
            found = stored.get(key) or []
            if not all(any(says(s, v) for s in found) for v in value):
                return False
            if not all(any(says(s, v) for v in value) for s in found):
                return False
        elif not says(stored.get(key), value):
            return False
    return True


class Rollback(Exception):
    """Undoes an example's writes (its savepoint) once it has been checked."""


class Imports(NamedTuple):
    importer: LegacyImporter
    tables: list[str]
    counts: tuple[int, ...]  # rows before each example, the same for all: each is undone
    themes: dict  # the vocabulary's themes, which a successful import extends


@pytest.fixture
def imports(reference_data) -> Imports:
    importer = LegacyImporter()
    (seed,) = [importer.import_file(SEED_PAGE)[0]]
    assert seed.outcome == "created", seed.errors
    tables = written_tables()
    return Imports(importer, tables, row_counts(tables), importer.vocabulary.theme_children)


@settings(
    max_examples=1_000,
    derandomize=True,  # the same pages on every run
    deadline=2_000,  # ms: no page may take more than 2 s
    database=None,  # nothing written under .hypothesis/ in a shared tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=mutated_pages())
def test_a_mutated_page_imports_or_is_refused_with_findings_writing_nothing(
    imports, tmp_path, page
):
    path = tmp_path / "page.txt"
    path.write_text(page, "utf-8")
    importer = imports.importer
    importer.vocabulary.theme_children = copy.deepcopy(imports.themes)
    try:
        with transaction.atomic():
            report, data = importer.import_file(path)
            event(report.outcome)  # --hypothesis-show-statistics gives the share of each
            assert report.outcome in {"created", "updated", "unchanged", "failed"}
            assert all(isinstance(f, Finding) and f.message for f in report.errors)
            if report.outcome == "failed":
                assert report.errors
                # Refused by the importer's own checks, never by the database.
                assert not [f for f in report.errors if "base de données" in f.message]
                assert row_counts(imports.tables) == imports.counts
            else:
                assert not report.errors and report.project_id
                # What was written reads back as what the page says.
                assert reads_back(to_plain(load_representation(report.project_id)), data)
            raise Rollback
    except Rollback:
        pass
