"""`make run` serves the site as a visitor will see it: the recipe's own commands (read
from `make -n run`) collect the static files and start the server with DEBUG off, on a
database of their own; a wrong address gets the site's 404 page, not Django's debug page
listing every URL pattern, and the DSFR's style sheet comes compressed."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def recipe(target: str) -> list[str]:
    """The commands `make` would run for ``target`` (prerequisites already up to date
    print nothing)."""
    out = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line.strip()]


def command(lines: list[str], word: str) -> list[str]:
    (line,) = [line for line in lines if word in line]
    return shlex.split(line)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def run_line(words: list[str], env: dict, **kwargs):
    """A recipe line (``VAR=value program args``) with ``env`` and the line's variables."""
    env = dict(env)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    words[0] = str(ROOT / words[0]) if words[0].startswith(".venv") else words[0]
    return words, env


def test_make_run_serves_error_pages_and_compressed_files_with_debug_off(tmp_path):
    lines = recipe("run")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_DEBUG", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    words, collect_env = run_line(command(lines, "collectstatic"), env)
    assert collect_env.get("DJANGO_DEBUG") == "0"  # hashed, compressed copies
    subprocess.run(words, cwd=ROOT, env=collect_env, check=True)

    port = free_port()
    words, serve_env = run_line(command(lines, "runserver"), env)
    assert serve_env.get("DJANGO_DEBUG") == "0"
    words = [w.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for w in words] + ["--noreload"]
    server = subprocess.Popen(
        words, cwd=ROOT, env=serve_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        status, _headers, body = fetch(base + "/fr/nulle-part/")
        page = body.decode()
        assert status == 404
        assert "Page non trouvée" in page and "fr-header" in page  # the site's own page
        assert "URLconf" not in page and "Traceback" not in page  # no debug page
        status, _headers, body = fetch(base + "/fr/")
        assert status == 200
        style = re.search(r'href="(/static/dsfr/[^"]+/dsfr\.min\.[0-9a-f]+\.css)"', body.decode())
        assert style, "the DSFR style sheet under its hashed name"
        status, headers, compressed = fetch(base + style[1], **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert len(compressed) < 150_000  # about 716 kB as written
    finally:
        server.terminate()
        server.wait(timeout=10)
