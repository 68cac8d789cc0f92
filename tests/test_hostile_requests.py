"""Hostile requests to every route of the site, found by walking the URL resolver (both
languages): huge and negative numbers, digits of other scripts, NUL bytes, invalid UTF-8,
SQL and full-text syntax, repeated parameters and 10 kB values, in query parameters, form
fields and path parts, by GET, HEAD, OPTIONS and POST, as an anonymous visitor and, where a
page asks for it, as a signed-in administrator (who sees every page of the back office and
the Django admin), over a small portfolio with one of everything.

No answer may be a server error (nor fail while a streamed file is read), OPTIONS answers
200, 204 or 405 where the page lets the visitor in, and every error under /api/ is JSON.
Every failure is collected and listed at the end.

Which parameters a route reads is found by running it once with a recorder on Django's
``QueryDict`` (``request.GET``, ``request.POST`` and their copies, which forms read). The
fixed list ``PARAMETERS`` (the search's, the API's, those views read, Django's sitemaps'
and admin's) and those read are given every kind of value, repeated, in one request, then
every kind in turn; each parameter read is then given each kind alone, so that a hostile
word reaches the search rather than stopping at a neighbour's error. Path parts get every
kind, one at a time, beside valid sample values. ``HEAVY`` pages get fewer requests (see
there); no route is left out.

tests/accounts/test_hostile_input.py checks what the accounts' forms answer (their
messages, nothing written, each field alone); this test checks that nothing anywhere
fails. It takes some 50 s on SQLite, 65 s on PostgreSQL (7,000 requests).
"""

import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.throttling import AnonRateThrottle

from accounts.models import Role
from declarations import workflow
from declarations.views.sheets import STEPS
from explore.sitemaps import SITEMAPS
from nomenclature import reference as nomenclature_reference
from nomenclature.models import Theme
from opendata.datasets import DATASETS
from partnerships.models import Project
from search import index_updates, renderers
from search.forms import SearchForm
from territories.models import DiplomaticPost
from tests.accounts.proconnect import use_provider
from tests.factories import (
    ForeignAuthorityFactory,
    FrenchAuthorityFactory,
    ProjectFactory,
    SheetData,
    account_records,
    person,
)

pytestmark = pytest.mark.django_db

# Each kind of hostile value, as it is written in a URL or a form body (percent-encoded:
# "%ff%fe" is not UTF-8 once decoded). A route meets every kind; a parameter read alone
# meets one value of each kind, in turn.
KINDS = {
    "huge number": ["9223372036854775808", "9" * 30],
    "negative number": ["-1", "-9223372036854775809"],
    "digits of other scripts": [quote("²"), quote("①"), quote("٣")],
    "NUL": ["%00", "a%00b"],
    "invalid UTF-8": ["%ff%fe", "%c3%28"],
    "SQL": [quote("' OR 1=1 --"), quote("1); DROP TABLE x; --")],
    "full-text syntax": [quote('"unterminated'), quote("NEAR("), quote("*"), quote("a AND")],
    "10 kB": ["a" * 10_000, "9" * 10_000],
}

# Every parameter the site's views read: the search's (its form, which the API, the
# exports, the map and the statistics share), the API's and exports' own, those views read
# from request.GET or request.POST (grep), and those of Django's sitemaps and admin.
PARAMETERS = sorted(
    {
        *SearchForm.base_fields,
        *("page_size", "separator", "format", "next", "q"),
        *("name", "person", "region", "kind", "departement", "country", "state", "pending"),
        *("role", "french_authority", "authority_search", "search", "decision", "text"),
        *("lock", "add-funding", "funding-TOTAL_FORMS", "other_themes-0-priority"),
        *("p", "o", "e", "all", "_popup", "_to_field", "_changelist_filters", "term"),
        *("app_label", "model_name", "field_name"),
    }
)

# Pages too slow for more than one request of each sort (each parameter then gets every
# kind of value in one request, repeated, and each kind is the one read by some of them):
# the Django admin's (Django's code, with our ModelAdmins' filters and searches: some
# hundred routes) and the sheet form (~100 ms a page, 400 ms with 10 kB in each field).
HEAVY = re.compile(r"^admin:|^/fr/admin/|^declarations:(new|edit)$")


# -- the routes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # view name with its namespaces, or the pattern when it has no name
    parts: tuple  # the patterns from the root
    parameters: tuple[str, ...]  # names of its path parts

    @property
    def heavy(self) -> bool:
        return bool(HEAVY.match(self.name))

    @property
    def localized(self) -> bool:
        return any(isinstance(part, LocalePrefixPattern) for part in self.parts)


_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _regex_template(pattern: RegexPattern) -> str:
    """A regex pattern as a path with ``<name>`` holes; an unnamed ``.*`` is ``<rest>``."""
    text = pattern.regex.pattern.removeprefix("^").removesuffix("$")
    return _REGEX_GROUP.sub(r"<\1>", text).replace(".*", "<rest>")


def _walk(patterns, parts=(), namespace=None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, (*parts, entry.pattern), inner or None)
        elif isinstance(entry, URLPattern):
            route_parts = (*parts, entry.pattern)
            names = []
            for part in route_parts:
                if isinstance(part, RoutePattern):
                    names += list(part.converters)
                elif isinstance(part, RegexPattern):
                    names += _ROUTE_PARAMETER.findall(_regex_template(part))
            label = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(label or _template(route_parts, "fr"), route_parts, tuple(names))


def _template(parts, language: str) -> str:
    with translation.override(language):
        path = ""
        for part in parts:
            if isinstance(part, LocalePrefixPattern):
                path += part.language_prefix
            elif isinstance(part, RegexPattern):
                path += _regex_template(part)
            else:
                path += str(part)
    return "/" + path


def url_of(route: Route, values: dict[str, str], language: str) -> str:
    template = _template(route.parts, language)
    return _ROUTE_PARAMETER.sub(lambda match: values[match.group(1)], template)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


# -- what the crawl sends ----------------------------------------------------------------


def query(pairs) -> str:
    """A query string or form body of already encoded values."""
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


@contextmanager
def reads_recorded() -> Iterator[set[str]]:
    """The keys read from any ``QueryDict`` (``request.GET``, ``request.POST`` and their
    copies, which forms read) while the block runs."""
    read: set[str] = set()
    getitem, getlist = MultiValueDict.__getitem__, MultiValueDict._getlist

    def note(mapping, key):
        if isinstance(mapping, QueryDict):  # not the URL resolver's own MultiValueDicts
            read.add(key)

    def recording_getitem(self, key):
        note(self, key)
        return getitem(self, key)

    def recording_getlist(self, key, *args, **kwargs):
        note(self, key)
        return getlist(self, key, *args, **kwargs)

    def recording_contains(self, key):
        note(self, key)
        return dict.__contains__(self, key)

    with (
        mock.patch.object(MultiValueDict, "__getitem__", recording_getitem),
        mock.patch.object(MultiValueDict, "_getlist", recording_getlist),
        mock.patch.object(MultiValueDict, "__contains__", recording_contains, create=True),
    ):
        yield read
    read.discard("probe")


@dataclass
class Crawl:
    clients: dict[str, Client]
    admin_inputs: dict[str, set[str]]
    refused: dict[tuple, set[tuple[str, str]]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def send(self, who: str, method: str, url: str, body: str | None = None):
        """One request, its writes rolled back (a POST may delete the sample a later
        request needs; on PostgreSQL, a failed query would abort the test's transaction)."""
        self.requests += 1
        client = self.clients[who]
        kwargs = {}
        if body is not None:
            kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"}
        failure = None
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs)
            if response.streaming:
                try:  # a streamed file fails while it is read, not before
                    b"".join(response.streaming_content)
                except Exception as error:  # each failure is reported
                    failure = f"{type(error).__name__}: {error}"
            transaction.set_rollback(True)
        if method == "post" and response.status_code < 400:
            index_updates.forget()  # the index may have followed a write now undone
            cache.clear()
        self.check(who, method, url, response, failure)
        return response

    def check(self, who, method, url, response, failure) -> None:
        status = response.status_code
        problems = []
        if failure:
            problems.append(failure)
        if status >= 500:
            error = response.exc_info[1] if response.exc_info else None
            problems.append(f"{type(error).__name__}: {error}"[:300] if error else "5xx")
        json = response.get("Content-Type", "").startswith("application/json")
        if url.startswith("/api/") and not 200 <= status < 300 and not json:
            problems.append(f"not JSON: {response.get('Content-Type')}")
        if problems:
            self.failures.append(
                f"{status} {method.upper()} {shorten(url)} ({who}): {'; '.join(problems)}"
            )


def shorten(url: str) -> str:
    return re.sub(r"([^/=&?]{40})[^/=&?]{20,}", r"\1…", url)


# -- the portfolio -----------------------------------------------------------------------


@pytest.fixture
def portfolio(reference_data, django_capture_on_commit_callbacks):
    """A small atlas with one of everything a route shows: a published partnership with
    partners, themes, funding and embassy, a sheet under review with its history, people
    and the accounts' requests."""
    nomenclature_reference.load_themes()
    region = FrenchAuthorityFactory(kind="region", name="Nouvelle-Aquitaine", insee_code="75")
    departement = FrenchAuthorityFactory(
        kind="departement", name="Vienne", insee_code="86", region=region
    )
    poitiers = FrenchAuthorityFactory(
        name="Poitiers",
        insee_code="86194",
        departement=departement,
        region=region,
        latitude=46.58,
        longitude=0.34,
    )
    ouagadougou = ForeignAuthorityFactory(
        name="Ouagadougou", country_id="BF", kind="commune", latitude=12.37, longitude=-1.53
    )
    embassy = DiplomaticPost.objects.create(
        name="Ambassade de France au Burkina Faso", country_id="BF"
    )
    theme = Theme.objects.filter(level=2).order_by("pk").first()
    published = ProjectFactory(
        title="Accès à l'eau potable à Ouagadougou",
        french=[poitiers],
        foreign=[ouagadougou],
        main_theme=theme,
        other_themes=[theme.parent],
        funding=[(20000, 2016)],
        start_year=2015,
        diplomatic_post=embassy,
    )
    editor = person(Role.EDITOR, poitiers)
    administrator = person(Role.ADMINISTRATOR)
    data = SheetData(title="Santé maternelle à Ouagadougou")
    data["french_authorities"] = [{"name": "Poitiers", "id": poitiers.pk}]
    data["foreign_authorities"] = [{"name": "Ouagadougou", "country": "BF"}]
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.create(editor, data)
        workflow.submit(editor, version)
    draft = version.project
    records = account_records(poitiers, embassy)
    request, mayor, contact = records["request"], records["mayor"], records["contact"]
    samples = {
        "api:project": [{"pk": published.pk}],
        "explore:project_short": [{"pk": published.pk}],
        "explore:project": [{"pk": published.pk, "slug": published.slug}],
        "explore:project_json": [{"pk": published.pk, "slug": published.slug}],
        "explore:country": [{"code": "BF"}],
        "explore:french_authority": [{"pk": poitiers.pk, "slug": poitiers.slug}],
        "explore:foreign_authority": [{"pk": ouagadougou.pk, "slug": ouagadougou.slug}],
        "explore:theme": [{"code": theme.code}],
        "explore:embassy": [{"pk": embassy.pk}],
        "explore:map_place": [{"pk": ouagadougou.pk}],
        "explore:statistics_table": [{"table": "countries"}],
        "search:projects_alternate": [{"extension": r.extension} for r in renderers.renderers()],
        "api:opendata:table": [{"name": name} for name in DATASETS],
        "django.contrib.sitemaps.views.sitemap": [{"section": name} for name in SITEMAPS],
        "accounts:password_reset_confirm": [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(editor.pk)),
                "token": default_token_generator.make_token(editor),
            }
        ],
        "accounts:email_confirm": [{"token": "jeton"}],
        "accounts:sign_up_step": [{"step": 2}, {"step": 3}],
        "accounts:request": [{"pk": request.pk}],
        "accounts:authority": [{"pk": poitiers.pk}],
        "accounts:person_edit": [{"pk": mayor.pk}],
        "accounts:person_delete": [{"pk": mayor.pk}],
        "accounts:embassy": [{"pk": embassy.pk}],
        "accounts:contact_edit": [{"pk": contact.pk}],
        "accounts:contact_delete": [{"pk": contact.pk}],
        "declarations:sheet": [{"pk": draft.pk}, {"pk": published.pk}],
        "declarations:edit": [{"pk": draft.pk}],
        "declarations:history": [{"pk": draft.pk}],
        "declarations:step": [{"pk": draft.pk, "step": step} for step in STEPS],
        "declarations:restore": [{"pk": draft.pk, "revision": draft.revisions.first().pk}],
        "admin:app_list": [{"app_label": "territories"}],
        "admin:view_on_site": [
            {
                "content_type_id": ContentType.objects.get_for_model(Project).pk,
                "object_id": published.pk,
            }
        ],
        "admin:auth_user_password_change": [{"id": editor.pk}],
    }
    return {"samples": samples, "administrator": administrator}


_ADMIN_OBJECT = re.compile(r"/admin/(\w+)/(\w+)/<(?:path:)?object_id>/")


def valid_values(route: Route, samples: dict) -> list[dict[str, str]] | None:
    """The route's sample path values (several when it serves several kinds of thing),
    None when it has none."""
    if not route.parameters:
        return [{}]
    if route.name in samples:
        return [{k: str(v) for k, v in values.items()} for values in samples[route.name]]
    if route.parameters == ("rest",) or route.parameters == ("url",):  # catch-alls
        return [{route.parameters[0]: "nulle-part/"}]
    found = _ADMIN_OBJECT.search(_template(route.parts, "fr"))
    if found and route.parameters == ("object_id",):
        first = apps.get_model(*found.groups()).objects.order_by("pk").first()
        # An empty table (django-axes' logs): the admin's path for a missing object.
        return [{"object_id": quote(str(first.pk)) if first else "1"}]
    return None


# -- the crawl -------------------------------------------------------------------------


def needs_sign_in(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and "next=" in response.get("Location", "")
    )


TURNS = range(len(KINDS))


def of_kind(kind: int, position: int) -> str:
    """A value of the ``kind``-th kind, a different one of its values for each position:
    over the crawl, every value of every kind is sent."""
    values = list(KINDS.values())[kind % len(KINDS)]
    return values[position % len(values)]


def rotation(names, turn: int) -> str:
    """Every parameter with a hostile value, each of another kind than its neighbour's:
    over ``len(KINDS)`` turns, each parameter meets every kind."""
    return query((name, of_kind(turn + position, position)) for position, name in enumerate(names))


def repeated(names) -> str:
    """Every parameter given once per kind of value, the kind it is given last (the one a
    single-valued field reads) changing from one parameter to the next."""
    return query(
        (name, of_kind(position + 1 + kind, 0))
        for position, name in enumerate(names)
        for kind in TURNS
    )


def crawl_route(crawl: Crawl, route: Route, who: str, values: list[dict[str, str]]) -> bool:
    """Every kind of hostile value in each path part, query parameter and form field of
    the route, as ``who``; whether the route asked the visitor to sign in."""
    url = url_of(route, values[0], "fr")
    with reads_recorded() as read:
        first = crawl.send(who, "get", f"{url}?probe=1")
    asked = needs_sign_in(first)
    if not (route.heavy and who != "anonymous"):  # a heavy page's HEAD is its GET again
        crawl.send(who, "head", url)
    options = crawl.send(who, "options", url)
    # OPTIONS answers 200, 204 or 405, unless the page turns the visitor away first as a
    # GET would (to the sign-in page, a 403 for a read-only model of the admin, the 404
    # of the catch-alls: no such address).
    turned_away = first.status_code in (302, 403, 404) and options.status_code == first.status_code
    if options.status_code not in (200, 204, 405) and not turned_away:
        crawl.failures.append(f"{options.status_code} OPTIONS {url} ({who}): not 200/204/405")
    if route.localized:  # the same view under its English URL
        english = url_of(route, values[0], "en")
        crawl.send(who, "get", f"{english}?{repeated(PARAMETERS)}")
    if asked and who == "anonymous":  # turned away before the view runs
        crawl.send(who, "get", f"{url}?{repeated(PARAMETERS)}")
        crawl.send(who, "post", url, repeated(PARAMETERS))
        return True

    # Path parts: each in turn hostile, the others valid.
    for position, name in enumerate(route.parameters):
        for kind in TURNS:
            hostile = {**values[0], name: of_kind(kind, position + crawl.requests)}
            crawl.send(who, "get", url_of(route, hostile, "fr"))

    # Query parameters, then form fields. A heavy page is sent no turns, and alone only
    # the inputs our ModelAdmins define (search, list filters); the accounts' form fields
    # are each sent alone by tests/accounts/test_hostile_input.py.
    for other in values[1:]:  # the other samples (other renderers, files, steps)
        crawl.send(who, "get", f"{url_of(route, other, 'fr')}?{rotation(PARAMETERS, 0)}")
    if route.heavy:
        send_parameters(crawl, who, "get", url, read, crawl.admin_inputs.get(route.name, ()))
    else:
        send_parameters(crawl, who, "get", url, read, read, in_turns=bool(read))
    with reads_recorded() as fields:
        posted = crawl.send(who, "post", url, "probe=1")
    if posted.status_code == 405:
        return asked
    for other in values[1:]:
        crawl.send(who, "post", url_of(route, other, "fr"), rotation(PARAMETERS, 0))
    alone = () if route.heavy or route.name.startswith("accounts:") else fields
    in_turns = bool(fields) and not route.heavy
    send_parameters(crawl, who, "post", url, fields, alone, in_turns=in_turns)
    return asked or needs_sign_in(posted)


def send_parameters(
    crawl: Crawl, who: str, method: str, url: str, read, alone, in_turns: bool = False
) -> None:
    """Hostile query parameters (GET) or form fields (POST): all of them (``PARAMETERS``
    and those the route ``read``), each with every kind of value, in one request; with
    ``in_turns``, all of them with each kind in turn; then each of ``alone`` by itself (a
    hostile word reaches the search only when its neighbours are valid)."""

    def send(pairs: str):
        if method == "get":
            return crawl.send(who, "get", f"{url}?{pairs}")
        return crawl.send(who, "post", url, pairs)

    names = sorted({*PARAMETERS, *read})
    send(repeated(names))
    for turn in TURNS if in_turns else ():
        send(rotation(names, turn))
    # A value a route refuses (400) is refused by the form before the view's own code;
    # other routes reading the same parameters (the same form: the search's, on fifteen
    # routes) are not sent it again, but every value they would accept.
    refused = crawl.refused.setdefault((method, frozenset(read)), set())
    for position, name in enumerate(sorted(alone)):
        for kind in TURNS:
            pair = (name, of_kind(kind, position))
            if pair in refused:
                continue
            if send(query([pair])).status_code == 400:
                refused.add(pair)


def ours(model_admin) -> bool:
    """Whether a ModelAdmin is the project's (not django-axes', django-dsfr's, Django's)."""
    path = Path(inspect.getfile(type(model_admin)))
    return path.is_relative_to(settings.BASE_DIR) and ".venv" not in path.parts


def admin_inputs(user) -> dict[str, set[str]]:
    """The inputs our ModelAdmins add to the admin's lists, by route: the search (``q``)
    where they declare search fields, the parameters of their list filters."""
    inputs = {}
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if not ours(model_admin):
            continue
        changelist = model_admin.get_changelist_instance(request)
        names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
        if model_admin.search_fields:
            names.add("q")
        inputs[f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"] = names
    return inputs


def test_no_hostile_request_gets_a_server_error_and_api_errors_are_json(portfolio, settings):
    # The ProConnect sign-in switched on (its views answer 404 otherwise), against a
    # provider nobody answers at: no hostile callback gets as far as calling it.
    use_provider(settings, "http://127.0.0.1:9")
    clients = {
        "anonymous": Client(raise_request_exception=False),
        "signed in": Client(raise_request_exception=False),
    }
    crawl = Crawl(clients, admin_inputs(portfolio["administrator"]))
    routes = all_routes()
    assert len(routes) > 150  # the site, the API and the admin
    for route in routes:
        values = valid_values(route, portfolio["samples"])
        if values is None:
            crawl.failures.append(f"{route.name}: no sample for {route.parameters}; add one")
            continue
        if crawl_route(crawl, route, "anonymous", values):
            clients["signed in"].force_login(portfolio["administrator"])
            crawl_route(crawl, route, "signed in", values)
    assert not crawl.failures, f"{len(crawl.failures)} failures:\n" + "\n".join(crawl.failures)


def test_errors_under_the_api_are_json_whoever_writes_them(client, reference_data, monkeypatch):
    """Django's own answers too: a POST refused by ``require_safe`` or by the CSRF check,
    an unknown format of the schema, a request of too many fields, the limit per client."""
    export = reverse("api:opendata:projects_json")
    refused = client.post(export)
    assert (refused.status_code, refused["Allow"]) == (405, "GET, HEAD")
    assert "POST" in refused.json()["detail"]
    assert Client(enforce_csrf_checks=True).post(export).json()["detail"] == "Accès refusé."
    unknown = client.get(reverse("api:schema"), {"format": "yaml2"})
    assert unknown.status_code == 404 and "detail" in unknown.json()
    too_many = client.get(reverse("api:projects"), {f"p{n}": "1" for n in range(1_001)})
    assert too_many.status_code == 400 and "detail" in too_many.json()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    cache.clear()
    client.get(reverse("api:zones"))
    limited = client.get(export)
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "detail" in limited.json()
    cache.clear()
