"""Numbers, dates, sizes and plurals as each language writes them."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from explore.templatetags.atlas_format import colon, file_size, long_date


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ("1er décembre 2026", "2 décembre 2026", "12,3\u00a0Mo", "1,5\u00a0Ko", "\u00a0: ")),
        ("en", ("1 December 2026", "2 December 2026", "12.3\u00a0MB", "1.5\u00a0kB", ": ")),
    ],
)
def test_dates_sizes_and_colons_follow_the_language(language, expected):
    with translation.override(language):
        found = (
            long_date(datetime.date(2026, 12, 1)),
            long_date(datetime.date(2026, 12, 2)),
            file_size(12_345_678),
            file_size(1_499),
            colon(),
        )
    assert found == expected


def test_french_plurals_take_the_singular_for_zero_and_one():
    def found(n, language):
        with translation.override(language):
            return ngettext("%(n)s partenariat trouvé", "%(n)s partenariats trouvés", n) % {"n": n}

    assert [found(n, "fr") for n in (0, 1, 2)] == [
        "0 partenariat trouvé",
        "1 partenariat trouvé",
        "2 partenariats trouvés",
    ]
    assert found(0, "en") == "0 partnerships found"


def test_counts_are_grouped_as_the_language_groups_digits():
    template = Template("{% load humanize %}{{ n|intcomma }}")
    with translation.override("fr"):
        assert template.render(Context({"n": 11381})) == "11\u00a0381"
    with translation.override("en"):
        assert template.render(Context({"n": 11381})) == "11,381"
