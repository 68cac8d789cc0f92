"""Public pages and API answers kept per version of the published atlas: served again
without being computed, never stale after a publication, never for a signed-in person, with
the headers a reverse proxy needs to keep them and ask again."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from catalogue import events
from partnerships.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ATLAS_PAGE_CACHE = True


def url_of(name, *args, language="fr"):
    with translation.override(language):
        return reverse(name, args=args)


def publish_title(project, title):
    """What the writer does: the change and its publication event, in one transaction."""
    Project.objects.filter(pk=project.pk).update(title=title)
    events.emit(events.Event.Kind.PUBLISHED, [project.pk])


def test_a_sheet_is_computed_once_then_served_with_headers_for_a_proxy(client, atlas):
    url = atlas["water"].get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Atlas-Cache"], second["X-Atlas-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    for header in ("ETag", "Last-Modified", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert second["Cache-Control"] == "public, no-cache"
    assert "Cookie" in second["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=second["Last-Modified"]).status_code == 304


def test_a_publication_is_visible_at_once(client, atlas):
    project = atlas["water"]
    pages = [
        project.get_absolute_url(),
        url_of("search:projects") + "?country=BF",
        url_of("api:projects") + "?country=BF",
        url_of("explore:home", language="en"),
    ]
    before = {url: client.get(url) for url in pages}
    assert all(client.get(url)["X-Atlas-Cache"] == "hit" for url in pages)
    old_etag = client.get(pages[0])["ETag"]
    publish_title(project, "Eau potable à Ouagadougou, deuxième phase")
    for url in pages[:3]:
        response = client.get(url)
        assert response["X-Atlas-Cache"] == "miss", url
        assert "deuxième phase" in response.content.decode(), url
        assert "deuxième phase" not in before[url].content.decode()
    assert client.get(pages[0], HTTP_IF_NONE_MATCH=old_etag).status_code == 200


def test_each_language_and_address_is_kept_apart(client, atlas):
    french = client.get(url_of("explore:home"))
    english = client.get(url_of("explore:home", language="en"))
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert client.get(url_of("explore:home", language="en")).content == english.content
    other_host = client.get(url_of("api:projects"), HTTP_HOST="localhost")
    assert other_host["X-Atlas-Cache"] == "miss"
    assert "http://localhost/" in other_host.content.decode()


def test_signed_in_people_and_the_back_office_are_never_served_from_the_cache(client, atlas):
    url = atlas["water"].get_absolute_url()
    client.get(url)
    person = get_user_model().objects.create_user("agent@example.fr", "agent@example.fr", "x")
    client.force_login(person)
    response = client.get(url)
    assert not response.has_header("X-Atlas-Cache")
    client.logout()
    for _ in range(2):
        response = client.get(url_of("accounts:sign_in"))
        assert not response.has_header("X-Atlas-Cache")


def test_errors_and_files_are_not_kept(client, atlas):
    missing = url_of("explore:project", 999999, "inconnu")
    for _ in range(2):
        assert not client.get(missing).has_header("X-Atlas-Cache")
    export = url_of("api:opendata:table", "projects") + "?country=BF"
    for _ in range(2):
        response = client.get(export)
        b"".join(response.streaming_content)
        assert not response.has_header("X-Atlas-Cache")


def test_cached_api_answers_still_count_against_the_limit(client, atlas, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    url = url_of("api:countries")
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get(url)
    assert refused["Content-Type"] == "application/json" and refused.has_header("Retry-After")


def test_threads_asking_for_the_same_new_page_compute_it_once(monkeypatch, rf):
    """32 visitors of a page nobody has asked for yet: one computes it, the others get it."""
    import threading
    import time

    from django.http import HttpResponse

    from operations.page_cache import PublicPageCache

    monkeypatch.setattr(events, "current_version", lambda: events.Version(7, 42))
    monkeypatch.setattr(events, "changed_at", lambda version: None)
    computed = []

    def view(request):
        computed.append(request.path)
        time.sleep(0.2)
        return HttpResponse("<p>une page</p>")

    middleware = PublicPageCache(view)
    answers = []

    def visit():
        answers.append(middleware(rf.get("/fr/une-page/")))

    threads = [threading.Thread(target=visit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert computed == ["/fr/une-page/"]
    assert sorted(a["X-Atlas-Cache"] for a in answers) == ["hit"] * 7 + ["miss"]
    assert {a.content for a in answers} == {b"<p>une page</p>"}
