"""``/healthz`` answers a probe on any address in plain HTTP, before the host and HTTPS
checks, and says when the database does not answer."""

import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_checks(settings):
    settings.ALLOWED_HOSTS = ["atlas.example"]
    settings.SECURE_SSL_REDIRECT = True


def test_a_probe_on_the_servers_own_address_gets_ok(client, production_checks):
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8001")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {"status": "ok", "database": True, "cache": True}
    # the same address elsewhere is refused, as before
    assert client.get("/fr/", HTTP_HOST="127.0.0.1:8001").status_code == 400


def test_only_reads_are_answered(client, production_checks):
    response = client.post("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_a_database_that_does_not_answer_gives_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] is False


def test_without_the_cache_the_site_serves_and_health_says_degraded(
    client, atlas, settings, monkeypatch
):
    """Redis restarting: pages are computed, the API answers uncounted, exports stream,
    and a load balancer keeps the server (200, "degraded")."""
    from django.core.cache import caches
    from django.urls import reverse

    settings.ATLAS_PAGE_CACHE = True

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    backend = caches["default"]
    for method in ("get", "set", "add", "incr", "decr", "touch"):
        monkeypatch.setattr(backend, method, broken)
    assert client.get(atlas["water"].get_absolute_url()).status_code == 200
    assert client.get(reverse("api:projects")).status_code == 200
    export = client.get(reverse("api:opendata:table", args=["projects"]) + "?country=BF")
    assert export.status_code == 200 and b"".join(export.streaming_content)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert json.loads(health.content) == {"status": "degraded", "database": True, "cache": False}
