"""Project-wide checks: migrations, translations, page structure."""

import shutil
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_every_french_string_has_a_reviewed_english_translation():
    po = polib.pofile(str(PO_FILE))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


def test_the_catalogue_is_up_to_date_with_the_code_and_templates(tmp_path, settings):
    """Fails when a string was added to the code or a template but not to the catalogue."""
    locale = tmp_path / "locale"
    shutil.copytree(PO_FILE.parent.parent.parent, locale)
    settings.LOCALE_PATHS = [locale]
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[".venv/*", "tests/*", "tools/*"],
        no_obsolete=True,
        verbosity=0,
    )
    refreshed = polib.pofile(str(locale / "en" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PO_FILE))

    def keys(po):
        return {(e.msgctxt, e.msgid) for e in po}

    assert keys(refreshed) - keys(committed) == set(), "run `make messages` and translate"
    assert keys(committed) - keys(refreshed) == set(), "run `make messages` to drop these"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/fr/projets/424242-inconnu/", "Page non trouvée"),
        ("/en/projects/424242-unknown/", "Page not found"),
    ],
)
def test_an_unknown_page_says_so_in_the_visitors_language(client, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()
