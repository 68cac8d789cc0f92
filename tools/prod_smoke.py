"""`make prod-smoke`: the production topology run for real on this machine (tools/prod_stack.py:
PostgreSQL, Redis, two gunicorn instances, nginx as the only entry point, production
settings), then checked as a visitor, a re-user and an administrator would use it. Exits 1
at the first check that fails; stops everything it started either way.
"""

import gzip
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie

from prod_stack import Stack, say

API_RATE = 40  # per minute and client, for this run


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Client:
    """Requests to one address (nginx, or one instance as nginx would speak to it); the
    cookies it was given (secure ones too: TLS ends before the servers)."""

    def __init__(self, base: str, host: str, direct: bool = False):
        self.base, self.host, self.direct = base, host, direct
        self.cookies: dict[str, str] = {}

    def keep_cookies(self, raw_headers) -> None:
        for value in raw_headers:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value


def fetch(client: Client, path: str, data=None, headers=None) -> Answer:
    """``Client.request``, keeping the cookies of the answer."""
    sent = {"Host": client.host, **(headers or {})}
    if client.direct:
        sent.setdefault("X-Forwarded-Proto", "https")
        sent.setdefault("X-Forwarded-For", "127.0.0.1")
    if client.cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    if body is not None:
        sent["Origin"] = f"https://{client.host}"
        sent["Referer"] = f"https://{client.host}{path}"
    request = urllib.request.Request(client.base + path, data=body, headers=sent)
    try:
        response = OPENER.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        client.keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Answer(response.status, dict(response.headers.items()), response.read())


class Failed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)
    say(f"ok  {what}")


def csrf_token(page: Answer) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not found:
        raise Failed("no CSRF token in the form")
    return found.group(1)


def run(stack: Stack) -> None:
    host = f"127.0.0.1:{stack.nginx_port}"
    public = Client(stack.url, host)
    first, second = (Client(f"http://127.0.0.1:{port}", host, direct=True) for port in stack.ports)
    api_requests = 0

    health = fetch(public, "/healthz", headers={"Host": "10.1.2.3"})
    check(
        health.status == 200 and health.json()["status"] == "ok", "/healthz through nginx, any Host"
    )

    # -- the API, a sheet, the search, an export, all through nginx ----------------------------
    listing = fetch(public, "/api/v1/projects/?page_size=5&sort=title")
    api_requests += 1
    check(listing.status == 200 and listing.json()["count"] > 0, "API list through nginx")
    project = listing.json()["results"][0]
    sheet_path = urllib.parse.urlsplit(project["url"]).path
    check(project["url"].startswith(stack.site_url), f"API links name the site ({stack.site_url})")
    sheet = fetch(public, sheet_path)
    check(
        sheet.status == 200 and project["title"] in sheet.text.replace("&#x27;", "'"),
        "sheet through nginx",
    )
    check(
        "Strict-Transport-Security" in sheet.headers and "Content-Security-Policy" in sheet.headers,
        "sheet says HTTPS only (HSTS) and carries the CSP",
    )
    again = fetch(public, sheet_path, headers={"If-None-Match": sheet.headers.get("ETag", "")})
    check(again.status == 304, "a proxy or browser revalidating the sheet gets 304")
    word = re.findall(r"[A-Za-zÀ-ÿ]{6,}", project["title"])[0]
    search_path = "/fr/projets/?" + urllib.parse.urlencode({"q": word})
    search = fetch(public, search_path)
    check(
        search.status == 200 and sheet_path in search.text, f"search for « {word} » finds the sheet"
    )

    export = fetch(public, "/api/v1/exports/projects.csv?_=1")
    api_requests += 1
    check(
        export.status == 200
        and "Last-Modified" in export.headers
        and export.body.startswith(b"id,"),
        "whole-atlas export (with a cache-buster) served from the written file",
    )
    filtered = fetch(public, f"/api/v1/exports/projects.csv?q={urllib.parse.quote(word)}")
    api_requests += 1
    check(
        filtered.status == 200 and "Last-Modified" not in filtered.headers,
        "a search's export streams",
    )

    # -- static files: compressed, kept a year -------------------------------------------------
    css = re.search(r'href="(/static/[^"]+\.css)"', sheet.text).group(1)
    static = fetch(public, css, headers={"Accept-Encoding": "gzip"})
    check(
        static.status == 200
        and static.headers.get("Content-Encoding") == "gzip"
        and "immutable" in static.headers.get("Cache-Control", "")
        and gzip.decompress(static.body),
        f"static file {css} compressed (gzip) and cached a year by nginx",
    )

    # -- a change published through one instance, seen in search through the other -----------
    check(
        sheet_path in fetch(second, search_path).text, "the sheet is in search through instance 2"
    )
    sign_in = fetch(first, "/fr/espace/compte/connexion/")
    signed = fetch(
        first,
        "/fr/espace/compte/connexion/",
        data={
            "csrfmiddlewaretoken": csrf_token(sign_in),
            "username": stack.env["DJANGO_SUPERUSER_USERNAME"],
            "password": stack.admin_password,
        },
    )
    check(
        signed.status == 302 and "sessionid" in first.cookies,
        "the administrator signs in on instance 1",
    )
    back_office = fetch(first, f"/fr/espace/fiches/{project['id']}/")
    archived = fetch(
        first,
        f"/fr/espace/fiches/{project['id']}/etape/archive/",
        data={"csrfmiddlewaretoken": csrf_token(back_office)},
    )
    check(archived.status == 302, "the administrator archives the sheet on instance 1")
    check(
        sheet_path not in fetch(second, search_path).text,
        "search through instance 2 no longer shows it",
    )
    check(fetch(second, sheet_path).status == 404, "its page is gone through instance 2")
    check(fetch(public, sheet_path).status == 404, "and through nginx")

    # -- the API's rate, shared by the instances ----------------------------------------------
    statuses = []
    while len(statuses) < 2 * API_RATE:
        statuses.append(fetch(public, "/api/v1/countries/").status)
        if statuses[-1] == 429:
            break
    allowed = api_requests + statuses.count(200)
    check(
        statuses[-1] == 429 and allowed == API_RATE,
        f"{API_RATE} API requests a minute in all, not per instance",
    )
    forged = fetch(public, "/api/v1/countries/", headers={"X-Forwarded-For": "203.0.113.9"})
    check(forged.status == 429, "a forged X-Forwarded-For does not escape the limit")
    check(
        all(fetch(c, "/api/v1/countries/").status == 429 for c in (first, second)),
        "each instance refuses the same client",
    )
    check(forged.headers.get("Content-Type") == "application/json", "the refusal is JSON")


def main() -> int:
    started = time.monotonic()
    stack = Stack(projects=300, instances=2, environment={"ATLAS_API_RATE": f"{API_RATE}/minute"})
    try:
        with stack:
            run(stack)
    except Failed as failure:
        say(f"FAILED  {failure}")
        return 1
    say(f"prod-smoke passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
