"""The whole declaration in a real headless Chromium, under the strict CSP: an authority's
officer asks for an account, an administrator accepts it, the officer chooses a password,
declares a partnership and submits it; the embassy correspondent of the partner country
publishes it, and at once it is in the public search, on its sheet, in the map's data and
in the exports. axe-core checks the sign-in page, the dashboard and the form."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import AccessRequest, Role
from tests.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "un mot de passe assez long"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    page.evaluate(AXE.read_text("utf-8"))  # through the DevTools protocol: not an inline script
    found = page.evaluate("axe.run(document).then(r => JSON.stringify(r.violations))")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in json.loads(found)
        if v["impact"] in {"serious", "critical"}
    ]


def link_in(message, live_server) -> str:
    """The link of an e-mail, on the test server rather than the configured address."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return live_server.url + "/" + url.split("/", 3)[3]


def sign_in(page, live_server, email, password):
    page.goto(live_server.url + "/fr/espace/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/espace/")


def test_an_officer_declares_and_an_embassy_publishes(page, live_server, french_authorities):
    administrator = person(Role.ADMINISTRATOR, user__email="admin@atlas.example.fr")
    person(Role.CORRESPONDENT, "SN", user__email="cooperation@dakar.example.fr")
    administrator.set_password(PASSWORD)
    administrator.save()
    correspondent_password = PASSWORD + " 2"
    correspondent = type(administrator).objects.get(email="cooperation@dakar.example.fr")
    correspondent.set_password(correspondent_password)
    correspondent.save()

    # The officer asks for an account, in three steps.
    page.goto(live_server.url + "/fr/espace/compte/demande/")
    page.locator("label", has_text="Rédacteur d'une collectivité").click()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Nom ou code INSEE de la collectivité").press_sequentially("Poit")
    page.get_by_role("button", name="Poitiers (commune, Vienne)").click()
    page.wait_for_url("**/demande/etape-3/")
    page.get_by_label("Prénom").fill("Camille")
    page.locator("#id_last_name").fill("Martin")
    page.get_by_label("Fonction").fill("Chargée des relations internationales")
    page.get_by_label("Adresse électronique professionnelle").fill("camille.martin@poitiers.fr")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/demande/envoyee/")

    # The administrator accepts it.
    sign_in(page, live_server, "admin@atlas.example.fr", PASSWORD)
    request = AccessRequest.objects.get(email="camille.martin@poitiers.fr")
    page.goto(live_server.url + f"/fr/espace/compte/demandes/{request.pk}/")
    page.get_by_role("button", name="Accepter").click()
    page.context.clear_cookies()

    # The officer chooses a password from the e-mail, and signs in.
    welcome = next(m for m in mail.outbox if m.to == ["camille.martin@poitiers.fr"])
    page.goto(link_in(welcome, live_server))
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.context.clear_cookies()
    page.goto(live_server.url + "/fr/espace/compte/connexion/")
    assert serious_violations(page) == []
    sign_in(page, live_server, "camille.martin@poitiers.fr", PASSWORD)
    assert serious_violations(page) == []

    # The officer declares a partnership: their authority is offered first.
    page.get_by_role("link", name="Déclarer un partenariat").first.click()
    assert page.locator("#id_french_authorities-0-authority").input_value().startswith("Poitiers")
    assert serious_violations(page) == []
    page.locator("#id_title").fill("Accès à l'eau potable à Dakar")
    page.locator("#id_partnership_type").select_option("Projet de coopération décentralisée")
    page.locator("#id_start_year").fill("2024")
    page.locator("#id_status").select_option("ongoing")
    page.locator("#id_foreign_authorities-0-country").select_option("SN")
    page.locator("#id_foreign_authorities-0-name").fill("Dakar")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré").wait_for()
    page.get_by_role("button", name="Soumettre pour publication").click()
    page.get_by_text("Fiche soumise pour relecture").wait_for()
    sheet_url = page.url
    assert page.problems == []

    # The correspondent of Senegal is told, and publishes it.
    told = next(m for m in mail.outbox if m.to == ["cooperation@dakar.example.fr"])
    assert "Accès à l'eau potable à Dakar" in told.subject
    page.context.clear_cookies()
    sign_in(page, live_server, "cooperation@dakar.example.fr", correspondent_password)
    page.get_by_role("link", name="Accès à l'eau potable à Dakar").first.click()
    assert page.url == sheet_url
    page.get_by_role("button", name="Publier cette version").click()
    page.get_by_text("Fiche publiée : elle est visible").wait_for()

    # At once, for the public.
    page.context.clear_cookies()
    page.goto(live_server.url + "/fr/projets/?q=eau+potable+Dakar")
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    page.get_by_role("link", name="Accès à l'eau potable à Dakar").click()
    assert page.locator("h1").inner_text() == "Accès à l'eau potable à Dakar"
    # Dakar, new to the Atlas, is placed where GeoNames has it.
    geojson = page.request.get(live_server.url + "/api/v1/exports/partners.geojson").json()
    (dakar,) = [f for f in geojson["features"] if f["properties"]["name"] == "Dakar"]
    assert dakar["properties"]["country"] == "SN" and dakar["properties"]["projects"] == 1
    longitude, latitude = dakar["geometry"]["coordinates"]
    assert round(latitude) == 15 and round(longitude) == -17
    exported = page.request.get(live_server.url + "/api/v1/exports/projects.csv").text()
    assert "Accès à l'eau potable à Dakar" in exported
    assert page.problems == []
