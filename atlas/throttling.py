"""Limits per client, shared by every process through the default cache (Redis in
production): the API's rate (DRF's throttle, also counted by the exports and by answers the
page cache serves), and how many files one client may have streaming at once.

A client is an address as DRF's ``get_ident`` tells it: ``REMOTE_ADDR``, or, behind
``REST_FRAMEWORK["NUM_PROXIES"]`` trusted reverse proxies (``ATLAS_TRUSTED_PROXIES``), the
address the nearest of them saw in ``X-Forwarded-For``; a client cannot forge it.
"""

import logging
import math
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)
STREAM_SLOT_TIMEOUT = 15 * 60  # a slot a dead process never gave back is free again after this


class SharedRateThrottle(AnonRateThrottle):
    """DRF's limit per client address (scope ``anon``), which lets requests through while
    the cache does not answer (Redis restarting) rather than failing them."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache's own errors (redis.ConnectionError ...)
            logger.warning("API rate not counted: the cache does not answer", exc_info=True)
            return True


def client(request) -> str:
    return AnonRateThrottle().get_ident(request)


def _too_many(detail: str, wait: float | None) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=429)
    if wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def throttled_response(request) -> JsonResponse | None:
    """None when the request is within the API's rate for its client; else the 429."""
    throttle = SharedRateThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    return _too_many(str(Throttled(wait).detail), wait)


def _slot_key(request) -> str:
    return f"streams:{client(request)}"


def take_stream_slot(request) -> JsonResponse | None:
    """Counts one more file streaming to this client; None when within the limit
    (``ATLAS_STREAMS_PER_CLIENT``), else the 429 (and nothing counted)."""
    key = _slot_key(request)
    try:
        cache.add(key, 0, STREAM_SLOT_TIMEOUT)
        try:
            taken = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, STREAM_SLOT_TIMEOUT)
            taken = 1
        cache.touch(key, STREAM_SLOT_TIMEOUT)
    except Exception:  # the cache does not answer: the file streams, uncounted
        logger.warning("Streams not counted: the cache does not answer", exc_info=True)
        return None
    if taken > settings.ATLAS_STREAMS_PER_CLIENT:
        give_back_stream_slot(key)
        return _too_many(
            _(
                "Trop de téléchargements en cours depuis votre adresse : attendez la fin "
                "de l'un d'eux."
            ),
            wait=5,
        )
    return None


def give_back_stream_slot(key: str) -> None:
    try:
        if cache.decr(key) < 0:
            cache.set(key, 0, STREAM_SLOT_TIMEOUT)
    except ValueError:  # expired meanwhile: nothing to give back
        pass
    except Exception:  # the cache does not answer: the slot expires by itself
        logger.warning("Stream slot not given back: the cache does not answer", exc_info=True)


class CountedStream:
    """The chunks of a file taken by ``take_stream_slot``: the slot is given back when the
    response is closed (the WSGI server always closes it: at the end of the file, when the
    client goes away, or after a HEAD that read nothing)."""

    def __init__(self, request, chunks: Iterable):
        self.key = _slot_key(request)
        self.chunks: Iterator = iter(chunks)
        self.closed = False

    def __iter__(self) -> Iterator:
        return self

    def __next__(self):
        return next(self.chunks)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            getattr(self.chunks, "close", lambda: None)()
            give_back_stream_slot(self.key)
