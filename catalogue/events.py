"""Publication events: the one way the public side (search documents, facet index of every
process, written open-data files) learns that what it shows has changed.

``emit`` records an event inside the writer's transaction and sends ``public_data_changed``,
on which the search rewrites the documents of exactly those partnerships (same
transaction). Each process then brings its facet index up to date from the events it has
not read (``since``), without a full rebuild. Writes to drafts emit nothing.
"""

import contextvars
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection, transaction
from django.dispatch import Signal

from .models import Clock, Event

# Sent with ``version``, ``kind`` and ``projects`` (ids, or None for all) inside the
# transaction that records the event.
public_data_changed = Signal()

KEEP = 100_000  # events kept: a process further behind than that rebuilds its index
_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("events_batch", default=None)


class Version(NamedTuple):
    """The version of the published atlas: the number of its last event, and that event's
    random stamp."""

    number: int
    stamp: int


def current_version() -> Version:
    """The version of the published atlas (one indexed read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, stamp FROM catalogue_clock WHERE id = 1")
        row = cursor.fetchone()
    return Version(*row) if row else Version(0, 0)


def _next_version() -> Version:
    """The next version, the clock's row locked until the transaction ends."""
    stamp = secrets.randbits(62)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_clock SET version = version + 1, stamp = %s WHERE id = 1 "
            "RETURNING version",
            [stamp],
        )
        row = cursor.fetchone()
    if row is None:  # the clock's row is made by its migration; a flushed table lacks it
        Clock.objects.create(pk=1, version=1, stamp=stamp)
        return Version(1, stamp)
    return Version(row[0], stamp)


def emit(kind: str, projects: Iterable[int] | None, subject: str = "") -> Event | None:
    """Record that the public data of these partnerships (None: of all) changed. Inside
    a ``batched()`` block, partnerships are gathered into one event at its end."""
    ids = None if projects is None else sorted({int(pk) for pk in projects})
    if ids == [] and kind not in {Event.Kind.REFERENCE, Event.Kind.MERGED}:
        return None  # nothing public changed
    pending = _batch.get()
    if pending is not None and ids is not None:
        pending.append((kind, ids, subject))
        return None
    with transaction.atomic():
        version = _next_version()
        event = Event.objects.create(
            version=version.number, stamp=version.stamp, kind=kind, subject=subject, projects=ids
        )
        Event.objects.filter(version__lte=version.number - KEEP).delete()
        public_data_changed.send(sender=Event, version=version, kind=kind, projects=ids)
    return event


@contextmanager
def batched(kind: str, subject: str = "") -> Iterator[None]:
    """Partnerships emitted inside the block (by deletions, say) make one event at its
    end rather than one each."""
    pending: list = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    ids = [pk for _kind, projects, _subject in pending for pk in projects]
    if ids:
        emit(kind, ids, subject)


def since(version: Version) -> list[Event] | None:
    """The events after ``version``, in order; None when they cannot be told: some were
    pruned (too far behind), or ``version`` itself is not among the events (a transaction
    that was rolled back had reached it)."""
    events = list(Event.objects.filter(version__gte=version.number).order_by("version"))
    if version.number:
        if not events or (events[0].version, events[0].stamp) != version:
            return None
        events = events[1:]
    numbers = [event.version for event in events]
    if numbers != list(range(version.number + 1, version.number + 1 + len(numbers))):
        return None
    return events


def changed_at(version: Version):
    """When the published atlas reached this version (None before any event)."""
    return Event.objects.filter(version=version.number).values_list("created_at", flat=True).first()
