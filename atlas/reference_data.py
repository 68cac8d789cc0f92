"""Loading of committed reference tables (CSV) into the database, idempotently."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.dispatch import Signal

BATCH = 1000
# Sent with ``instances`` and ``fields`` (names) when ``sync_rows`` updates rows in bulk,
# which sends no save signal: apps showing those rows learn of it.
rows_updated = Signal()


@dataclass
class SyncResult:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.label}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sync_rows(model: type[models.Model], key: str, rows: list[dict], label: str) -> SyncResult:
    """Make the table hold ``rows`` (matched on ``key``) without touching other rows.

    Running it twice changes nothing the second time; rows edited by hand in the
    admin are brought back to the reference values only where the reference differs.
    """
    result = SyncResult(label)
    keys = [row[key] for row in rows]
    existing = {}
    for start in range(0, len(keys), BATCH):  # stay under SQLite's parameter limit
        chunk = model.objects.filter(**{f"{key}__in": keys[start : start + BATCH]})
        existing.update((getattr(instance, key), instance) for instance in chunk)
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        instance = existing.get(row[key])
        if instance is None:
            to_create.append(model(**row))
            continue
        changed = {field for field, value in row.items() if getattr(instance, field) != value}
        if changed:
            for field in changed:
                setattr(instance, field, row[field])
            changed_fields |= changed
            to_update.append(instance)
        else:
            result.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH)
        rows_updated.send(sender=model, instances=to_update, fields=sorted(changed_fields))
    result.created, result.updated = len(to_create), len(to_update)
    return result
