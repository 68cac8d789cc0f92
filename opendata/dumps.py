"""The whole atlas's files written ahead of time (``manage.py write_open_data``): the
downloads asked for most come from disk at once, and the open-data page can give each
file's size.

A written file is served only while it is current: the manifest keeps the version of
the published atlas it was written from (``catalogue.events``: moved by every publication
event, not by drafts), the site address its links were written with and the release of
the code that wrote it (a new release may write a file differently: the IATI file of the
previous one would be served until the data changed). Otherwise the file is written on
the fly, like a search's.
"""

import datetime
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from atlas.release import release
from catalogue.events import Version, current_version
from partnerships.models import Project

from .files import WRITTEN

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Dump:
    version: int  # of the published atlas when the files were begun
    stamp: int  # that version's stamp
    base_url: str
    written_at: str  # ISO 8601, UTC
    sizes: dict[str, int]  # bytes, by file name
    release: str = ""  # of the code that wrote them (atlas.release)

    @property
    def written(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.written_at)

    def holds(self, version: Version) -> bool:
        """Whether the files hold this version of the data as this release writes them."""
        return (self.version, self.stamp) == version and self.release == release()


def directory() -> Path:
    return Path(settings.ATLAS_OPEN_DATA_DIR)


def published_ids() -> list[int]:
    """Every published partnership, in id order: what a file without parameters holds."""
    return list(Project.objects.published().order_by("pk").values_list("pk", flat=True))


def read_manifest() -> Dump | None:
    try:
        return Dump(**json.loads((directory() / MANIFEST).read_text("utf-8")))
    except (FileNotFoundError, TypeError, ValueError):
        return None  # never written, or by another version: as if absent


def current_dump(base_url: str) -> Dump | None:
    """The written files, if this release wrote them with today's data and this site's
    addresses."""
    dump = read_manifest()
    if dump and dump.base_url == base_url and dump.holds(current_version()):
        return dump
    return None


def path_of(name: str) -> Path:
    return directory() / name


def write_dumps(base_url: str, report: Callable[[str, int, float], None] | None = None) -> Dump:
    """Writes every file of the whole atlas, each under a temporary name then renamed,
    so that a download never reads a half-written file; the manifest comes last."""
    version = current_version()  # read first: a change during the writing leaves them stale
    ids = published_ids()
    directory().mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, file in WRITTEN.items():
        started = time.perf_counter()
        partial = path_of(f"{name}.part")
        text = {} if file.binary else {"encoding": "utf-8", "newline": ""}
        with partial.open("wb" if file.binary else "w", **text) as out:
            for chunk in file.write(ids, base_url):
                out.write(chunk)
        os.replace(partial, path_of(name))
        sizes[name] = path_of(name).stat().st_size
        if report:
            report(name, sizes[name], time.perf_counter() - started)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    dump = Dump(version.number, version.stamp, base_url, now.isoformat(), sizes, release())
    partial = path_of(f"{MANIFEST}.part")
    partial.write_text(json.dumps(asdict(dump), indent=2), "utf-8")
    os.replace(partial, path_of(MANIFEST))
    return dump
