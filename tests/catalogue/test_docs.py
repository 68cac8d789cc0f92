"""The documentation written from the catalogue stays true to it."""

from django.utils import translation

from catalogue.docs import documents
from search.forms import SearchForm


def test_the_generated_parts_of_the_docs_are_up_to_date():
    with translation.override("fr"):
        stale = [path.name for path, (text, refreshed) in documents().items() if text != refreshed]
    assert stale == [], "run `manage.py write_catalogue_docs`"


def test_every_search_parameter_is_documented():
    with translation.override("fr"):
        (text, _refreshed), *_ = [v for p, v in documents().items() if p.name == "search.md"]
    missing = [name for name in SearchForm.base_fields if f"| `{name}` |" not in text]
    assert missing == []
