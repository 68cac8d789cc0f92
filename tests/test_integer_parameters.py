"""Every integer a request brings is read by one field type (``atlas.forms``): ASCII digits
only, within the column's range, with a French message. "²" and "①" (which ``isdigit``
accepts), "٣" and "1_0" (which ``int()`` accepts), "7.0" (which Django's IntegerField
accepts) and numbers beyond 64 bits answer 400 on every page and file that takes
parameters: JSON under /api/ and for the JSON alternates."""

import pytest
from django import forms
from django.urls import reverse

from accounts.models import Role
from atlas.forms import (
    BIGINT_MAX,
    IdChoiceField,
    IntegerParameter,
    integer_in_range,
    parse_integer,
)
from declarations.forms.sheet import OWN, OtherThemeForm
from territories.models import FrenchAuthority
from tests.factories import ProjectFactory, person

NOT_ASCII = ["²", "①", "٣", "٢٠١٥", "１２"]  # superscript, circled, Arabic-Indic, full width
NOT_INTEGERS = ["7.0", "1_0", "+5", "0x10", "1e3", "--1", "1 000", "\x00", "7\x00", "a"]
BEYOND_64_BITS = ["9223372036854775808", "-9223372036854775809", "9" * 10_000]
HOSTILE = NOT_ASCII + NOT_INTEGERS + BEYOND_64_BITS

INVALID = "Saisissez un nombre entier, en chiffres de 0 à 9."


def arabic(number: int) -> str:
    """The number in Arabic-Indic digits, which ``int()`` reads."""
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def errors_of(field: forms.Field, value) -> list[str]:
    try:
        field.clean(value)
    except forms.ValidationError as error:
        return error.messages
    return []


# -- the field ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("42", 42), (" 7 ", 7), ("007", 7)])
def test_the_field_reads_ascii_digits(text, value):
    assert IntegerParameter().clean(text) == value


@pytest.mark.parametrize("text", NOT_ASCII + NOT_INTEGERS)
def test_the_field_refuses_anything_but_ascii_digits_with_a_clear_message(text):
    assert errors_of(IntegerParameter(), text) == [INVALID]


def test_the_field_takes_an_id_s_whole_range_by_default_and_no_more():
    field = IntegerParameter()
    assert field.clean(str(BIGINT_MAX)) == BIGINT_MAX
    message = f"Saisissez un nombre entier de 0 à {BIGINT_MAX}."
    for text in [*BEYOND_64_BITS, "-1"]:
        assert errors_of(field, text) == [message], text[:30]


def test_a_leading_minus_is_read_only_where_the_bounds_allow_negatives():
    assert IntegerParameter(min_value=-10, max_value=10).clean("-3") == -3
    assert errors_of(IntegerParameter(min_value=1), "-3") == [
        f"Saisissez un nombre entier de 1 à {BIGINT_MAX}."
    ]


def test_the_message_names_both_bounds():
    field = IntegerParameter(min_value=1, max_value=100, required=False)
    assert (
        errors_of(field, "0")
        == errors_of(field, "101")
        == ["Saisissez un nombre entier de 1 à 100."]
    )
    assert field.clean("") is None


def test_bounds_beyond_a_64_bit_column_are_a_programming_error():
    with pytest.raises(ValueError):
        IntegerParameter(max_value=BIGINT_MAX + 1)


def test_ten_thousand_digits_are_not_converted():
    assert parse_integer("9" * 10_000) == BIGINT_MAX + 1
    assert parse_integer("-" + "9" * 10_000) < -(2**63)
    assert parse_integer("0" * 10_000 + "12") == 12


def test_the_same_check_outside_a_form():
    assert integer_in_range("12") == 12
    assert integer_in_range("12", 1, 10) is None
    for text in [None, "", *HOSTILE]:
        assert integer_in_range(text) is None, text[:30] if text else text


@pytest.mark.django_db
def test_a_choice_by_id_is_not_made_in_other_scripts_digits():
    authority = FrenchAuthority.objects.create(kind="commune", name="Poitiers")
    field = IdChoiceField(queryset=FrenchAuthority.objects.all())
    assert field.clean(str(authority.pk)) == authority
    for text in [arabic(authority.pk), f"{authority.pk}.0", "9223372036854775808", "9" * 10_000]:
        assert errors_of(field, text), text[:30]


# -- the forms of the back office --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["٢٠١٥", "2015.0", "99999999999999999999"])
def test_the_sheet_s_years_and_priorities_take_ascii_digits_only(text):
    assert errors_of(OWN["start_year"].field, text)
    assert errors_of(OWN["first_signature_year"].field, text)
    form = OtherThemeForm({"priority": text.replace("2015", "3").replace("٢٠١٥", "٣")})
    assert not form.is_valid() and "priority" in form.errors


@pytest.mark.django_db
def test_a_sign_up_does_not_take_an_authority_id_in_other_digits(client):
    poitiers = FrenchAuthority.objects.create(kind="commune", name="Poitiers")
    client.post(reverse("accounts:sign_up"), {"role": Role.EDITOR})
    step = reverse("accounts:sign_up_step", kwargs={"step": 2})
    response = client.post(step, {"authority_search": "", "french_authority": arabic(poitiers.pk)})
    assert response.status_code == 200  # the form again, with its error: not step 3
    assert "pas dans la liste officielle" in response.content.decode()


# -- the pages and files that take integer parameters -------------------------------------

ENDPOINTS = [
    ("api:projects", {}, ["authority", "page", "page_size", "start_year_min"]),
    ("api:stats", {}, ["authority", "start_year_max"]),
    ("api:french_authorities", {}, ["page"]),
    ("api:foreign_authorities", {}, ["page"]),
    ("api:opendata:table", {"name": "projects"}, ["authority", "start_year_min"]),
    ("api:opendata:projects_json", {}, ["authority"]),
    ("search:projects", {}, ["authority", "page", "start_year_min", "start_year_max"]),
    ("search:projects_alternate", {"extension": "json"}, ["authority", "page", "page_size"]),
    ("search:projects_alternate", {"extension": "csv"}, ["authority", "start_year_min"]),
    ("explore:map", {}, ["authority", "start_year_min"]),
    ("explore:map_places", {}, ["authority", "start_year_max"]),
    ("explore:statistics", {}, ["authority", "start_year_min"]),
    ("explore:statistics_table", {"table": "countries"}, ["start_year_min"]),
]


def _is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_hostile_integers_answer_400_everywhere(client, atlas):
    """Collects every wrong answer, so that one run lists them all."""
    place = atlas["water"].foreign_authorities.get()
    endpoints = [
        *ENDPOINTS,
        ("explore:map_place", {"pk": place.pk}, ["authority", "start_year_min"]),
    ]
    wrong = []
    for name, kwargs, parameters in endpoints:
        url = reverse(name, kwargs=kwargs)
        for parameter in parameters:
            for value in HOSTILE:
                response = client.get(url, {parameter: value})
                json_expected = url.startswith("/api/") or url.endswith(".json")
                if response.status_code != 400 or (json_expected and not _is_json(response)):
                    wrong.append(f"{response.status_code} {url}?{parameter}={value[:30]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_the_json_answer_names_the_parameter_and_says_why(client, atlas):
    response = client.get(reverse("api:projects"), {"page_size": "٣", "page": "9" * 40})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "page": [f"Saisissez un nombre entier de 1 à {BIGINT_MAX}."],
            "page_size": [INVALID],
        }
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("api:project", {}),
        ("explore:project_short", {}),
        ("explore:embassy", {}),
        ("explore:map_place", {}),
        ("explore:french_authority", {"slug": "x"}),
    ],
)
def test_ids_beyond_64_bits_in_paths_are_not_found(client, name, kwargs):
    for pk in (2**63, 2**64, 10**40):
        response = client.get(reverse(name, kwargs={"pk": pk, **kwargs}))
        assert response.status_code == 404, pk


@pytest.mark.django_db
def test_the_history_filter_ignores_a_person_in_other_digits(client, reference_data):
    administrator = person(Role.ADMINISTRATOR)
    client.force_login(administrator)
    url = reverse("declarations:history", kwargs={"pk": ProjectFactory().pk})
    for value in [arabic(administrator.pk), *BEYOND_64_BITS]:
        response = client.get(url, {"person": value})
        assert response.status_code == 200
        assert response.context["person"] is None
