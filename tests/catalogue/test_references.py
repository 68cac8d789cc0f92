"""A renamed or merged reference entry reaches every public output of exactly the
partnerships that show it, through one event."""

import pytest
from django.core.management import CommandError, call_command

from atlas.reference_data import sync_rows
from catalogue.events import Event
from catalogue.references import merge
from catalogue.representation import load_representation
from nomenclature.models import Theme
from partnerships.models import Project
from territories.models import Country, ForeignAuthority, FrenchAuthority
from tests.search.test_search import facet, search, titles


def last_event() -> Event:
    return Event.objects.order_by("-version").first()


def test_a_renamed_country_is_searched_and_shown_by_its_new_name(client, atlas):
    assert facet(search(client), "country")["BF"] == 2  # the index is built
    burkina = Country.objects.get(code="BF")
    burkina.name_fr = "Burkina (pays des hommes intègres)"
    burkina.save()
    event = last_event()
    assert event.kind == "reference"
    assert sorted(event.projects) == sorted([atlas["water"].pk, atlas["health"].pk])
    assert set(titles(search(client, q="intègres"))) == {
        atlas["water"].title,
        atlas["health"].title,
    }
    response = search(client, country="BF")
    assert "Burkina (pays des hommes intègres)" in response.text  # the facet's label


def test_a_change_nobody_sees_emits_nothing(atlas):
    before = Event.objects.count()
    burkina = Country.objects.get(code="BF")
    burkina.capital = "Ouagadougou (capitale)"
    burkina.save()
    assert Event.objects.count() == before


def test_a_renamed_french_authority_follows_in_the_representation(atlas):
    poitiers = FrenchAuthority.objects.get(kind="commune", insee_code="86194")
    poitiers.name = "Poitiers-sur-Clain"
    poitiers.save()
    assert sorted(last_event().projects) == [atlas["water"].pk]  # drafts are not public
    names = load_representation(atlas["water"].pk)["french_authorities"]
    assert names == [{"name": "Poitiers-sur-Clain"}]


def test_reference_rows_updated_in_bulk_emit_one_event(atlas):
    zone_rows = [{"code": "BF", "name_fr": "Burkina", "name_en": "Burkina"}]
    sync_rows(Country, "code", zone_rows, "countries")
    event = last_event()
    assert (event.kind, event.subject) == ("reference", "country:BF")
    assert len(event.projects) == 2


def test_merging_two_foreign_authorities_moves_their_partnerships(client, atlas):
    ouaga = ForeignAuthority.objects.get(name="Ouagadougou")
    bobo = ForeignAuthority.objects.get(name="Bobo-Dioulasso")
    assert facet(search(client), "country")["BF"] == 2
    event = merge(ouaga, bobo)
    assert event.kind == "merged"
    assert sorted(event.projects) == sorted([atlas["water"].pk, atlas["health"].pk])
    assert not ForeignAuthority.objects.filter(pk=bobo.pk).exists()
    assert atlas["health"].foreign_authorities.get() == ouaga
    # The sheet keeps the name it wrote; its partner is now the kept authority.
    assert load_representation(atlas["health"].pk)["foreign_authorities"] == [
        {"name": "Bobo-Dioulasso", "country": "BF"}
    ]
    assert set(titles(search(client, q="Ouagadougou"))) >= {atlas["water"].title}


def test_merging_themes_moves_partnerships_and_sub_themes(client, atlas):
    water = Theme.objects.get(code="eau-assainissement")
    health = Theme.objects.get(code="sante")
    merge(water, health)
    assert not Theme.objects.filter(pk=health.pk).exists()
    assert Theme.objects.get(code="soins-primaires").parent == water
    assert Project.objects.get(pk=atlas["health"].pk).main_theme.code == "sante-maternelle"
    assert load_representation(atlas["health"].pk)["theme"]["path"][0] == water.name_fr
    assert facet(search(client), "theme")["eau-assainissement"] == 3


def test_a_theme_cannot_be_merged_below_itself(atlas):
    with pytest.raises(ValueError, match="placé sous lui"):
        merge(
            Theme.objects.get(code="acces-eau-potable"),
            Theme.objects.get(code="eau-assainissement"),
        )


def test_the_merge_command_names_what_it_cannot_find(atlas):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("merge_entries", "country", "BF", "ZZ")
    with pytest.raises(CommandError, match="introuvable"):
        call_command("merge_entries", "french_authority", "1", "deux")
    with pytest.raises(CommandError, match="itself"):
        call_command("merge_entries", "country", "BF", "BF")


def test_what_the_open_data_files_show_of_an_authority_is_watched(atlas):
    """The SIREN (the IATI file's identifier of a French authority, a column of
    partners.csv), a foreign partner's kind and GeoNames id (the IATI file's location):
    changed, the files of the partnerships showing them are stale."""
    poitiers = FrenchAuthority.objects.get(kind="commune", insee_code="86194")
    poitiers.siren = "999999990"
    poitiers.save()
    assert (last_event().kind, sorted(last_event().projects)) == ("reference", [atlas["water"].pk])
    kayes = ForeignAuthority.objects.get(name="Kayes")
    for field, value in (("kind", "Commune"), ("geonames_id", 2455518)):
        before = last_event().version
        setattr(kayes, field, value)
        kayes.save()
        assert last_event().version == before + 1
        assert last_event().projects == [atlas["mali"].pk]
