"""What identifies the running code."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings


@functools.cache
def release() -> str:
    """What identifies the running code: pages rendered by one release are not served by
    the next (templates, translations, static file names change with it), nor files
    written by it (a new release may write them differently)."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    folders = [
        folder
        for folder in sorted(base.iterdir())
        if folder.name == "locale"
        or ((folder / "__init__.py").exists() and folder.name != "tests")  # the apps
    ]
    for folder in folders:
        for pattern in ("**/*.py", "**/templates/**/*.html", "**/*.mo"):
            for path in sorted(folder.glob(pattern)):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()
