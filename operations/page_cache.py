"""Public pages and API answers computed once per version of the published atlas.

An anonymous GET is looked up under a key made of the atlas's version (``catalogue.events``:
moved by every publication event, in the same transaction as the change), the code's
release, the language and the full address. A publication therefore changes every key at
once: nothing stale is ever served, and nothing needs to be purged. Entries live in the
process (a small LRU, no network) and in the shared cache (Redis in production), so that
every application server profits from a page computed by one of them.

What is never cached: signed-in visitors (a session cookie), answers that set a cookie or
say ``private``/``no-store``, anything but a 200, streamed files (the exports, which have
their own files), the back office and the admin. A reverse proxy may keep the pages too:
they say ``Cache-Control: public, no-cache`` with an ``ETag`` and ``Last-Modified``, so it
asks again each time and gets a 304 while the atlas has not changed.
"""

import contextlib
import functools
import hashlib
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from atlas.release import release
from atlas.throttling import throttled_response
from catalogue import events

logger = logging.getLogger(__name__)
LOCAL_ENTRIES = 256  # pages kept in each process, besides the shared cache
SHARED_TIMEOUT = 60 * 60 * 24  # a day: keys of older versions are never asked for again
UNCACHED_PREFIXES = ("/oidc/", "/static/", "/healthz")
CACHED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "X-Frame-Options",
    "Link",
    "Allow",
)


class _Local:
    """A small LRU of entries, shared by the threads of a process."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_local = _Local(LOCAL_ENTRIES)


def clear_local() -> None:
    _local.clear()


def _kept(key: str):
    """The entry from this process, else from the shared cache (then kept here too)."""
    entry = _local.get(key)
    if entry is None:
        try:
            entry = cache.get(key)
        except Exception:  # the shared cache does not answer: the page is computed
            logger.warning("Page cache: the shared cache does not answer", exc_info=True)
            return None
        if entry is not None:
            _local.put(key, entry)
    return entry


def _share(key: str, entry: tuple) -> None:
    try:
        cache.set(key, entry, SHARED_TIMEOUT)
    except Exception:
        logger.warning("Page cache: the shared cache does not answer", exc_info=True)


_locks: dict[str, list] = {}  # key -> [lock, threads using it]
_locks_guard = threading.Lock()


@contextlib.contextmanager
def _computing(key: str):
    """Threads of this process asking for the same page one after the other, so that 32
    visitors of a page nobody has asked for yet do not all compute it at once."""
    with _locks_guard:
        held = _locks.setdefault(key, [threading.Lock(), 0])
        held[1] += 1
    try:
        with held[0]:
            yield
    finally:
        with _locks_guard:
            held[1] -= 1
            if not held[1]:
                del _locks[key]


@functools.cache
def _private_prefixes() -> tuple[str, ...]:
    """The back office and the admin in every language, and what is never a page."""
    prefixes = list(UNCACHED_PREFIXES)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes += [reverse("declarations:dashboard"), reverse("admin:index")]
    return tuple(prefixes)


def _cacheable_request(request) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_private_prefixes())
    )


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


class PublicPageCache:
    """The middleware: after the language is known (LocaleMiddleware), before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.ATLAS_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        version = events.current_version()
        key = self._key(request, version)
        entry = _kept(key)
        if entry is None:
            with _computing(key):  # one thread of the process computes it, the others wait
                entry = _kept(key)  # computed meanwhile by the thread they waited for
                if entry is None:
                    return self._computed(request, key, version)
        if request.path.startswith("/api/"):
            request.user = None  # anonymous (no session): as DRF's views see it
            refused = throttled_response(request)  # the API's limit holds for cached answers
            if refused is not None:
                return refused
        response = self._response(entry)
        response["X-Atlas-Cache"] = "hit"
        return response

    def _computed(self, request, key: str, version: events.Version):
        response = self.get_response(request)
        if _cacheable_response(response):
            self._prepare(response, version)
            entry = self._entry(response)
            _local.put(key, entry)
            _share(key, entry)
            response["X-Atlas-Cache"] = "miss"
        return response

    def _key(self, request, version: events.Version) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
        return f"page:{release()}:{version.number}:{version.stamp}:{get_language()}:{digest}"

    @staticmethod
    def _prepare(response, version: events.Version) -> None:
        """Headers that let a reverse proxy or a browser keep the page and ask again."""
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not response.has_header("ETag"):
            body = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'"{body}"'
        changed = events.changed_at(version)
        if changed is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(changed.timestamp())
        response["Cache-Control"] = "public, no-cache"
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def _entry(response) -> tuple:
        headers = {
            name: response[name]
            for name in (*CACHED_HEADERS, "ETag", "Last-Modified", "Cache-Control")
            if response.has_header(name)
        }
        return (response.status_code, headers, response.content)

    @staticmethod
    def _response(entry: tuple) -> HttpResponse:
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        return response
