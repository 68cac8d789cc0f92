"""``/healthz``: what a load balancer or a monitoring probe asks, answered before any other
middleware, so that it needs neither an allowed host nor HTTPS (a probe on 127.0.0.1 speaks
plain HTTP to the application server). It says whether the database and the cache answer
(503 only without the database); nothing else, and nothing about the data."""

import json
import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

PATH = "/healthz"
logger = logging.getLogger(__name__)


def _checks() -> dict[str, bool]:
    results = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            results["database"] = cursor.fetchone() == (1,)
    except Exception:  # any failure is an unhealthy answer, never an error page
        logger.exception("Health check: the database does not answer")
        results["database"] = False
    try:
        cache.set("healthz", 1, 10)
        results["cache"] = cache.get("healthz") == 1
    except Exception:
        logger.exception("Health check: the cache does not answer")
        results["cache"] = False
    return results


class HealthCheck:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        results = _checks()
        # Without the cache the site still serves (slower, limits uncounted): degraded, not
        # down, so that a load balancer does not take every server out while Redis restarts.
        status = "ok" if all(results.values()) else "degraded" if results["database"] else "down"
        return HttpResponse(
            json.dumps({"status": status, **results}),
            status=503 if status == "down" else 200,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )
