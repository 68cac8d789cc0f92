"""Per-client limits: who the client is behind trusted proxies (never a header the client
wrote), how many files one client may have streaming, and a rate shared by two processes
through Redis."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from atlas.throttling import client

pytestmark = pytest.mark.django_db


def request_from(address: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/api/v1/countries/", **extra)


def reload_drf(settings, **rest_framework):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **rest_framework}
    api_settings.reload()


@pytest.fixture
def restore_drf(settings):
    yield
    from rest_framework.settings import api_settings

    api_settings.reload()


def test_without_trusted_proxy_a_forged_header_changes_nothing(settings, restore_drf):
    reload_drf(settings, NUM_PROXIES=0)
    assert client(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(settings, restore_drf):
    reload_drf(settings, NUM_PROXIES=1)
    # nginx appends the address it saw to whatever the client sent
    assert client(request_from("127.0.0.1", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"


def test_a_client_streams_at_most_the_allowed_number_of_files(client, atlas, settings):
    settings.ATLAS_STREAMS_PER_CLIENT = 2
    url = reverse("api:opendata:table", args=["projects"]) + "?country=BF"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json" and refused["Retry-After"] == "5"
    assert "téléchargements en cours" in json.loads(refused.content)["detail"]
    other = client.get(url, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200  # another client is not held back
    b"".join(first.streaming_content)  # done: its slot is free again
    third = client.get(url)
    assert third.status_code == 200
    for response in (second, third, other):
        b"".join(response.streaming_content)  # the test client closes it at the end
    assert all(client.get(url).status_code == 200 for _ in range(2))


GUNICORN = ["--workers", "1", "--no-control-socket", "atlas.wsgi"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
            return
        except OSError:  # not listening yet
            time.sleep(0.1)
    raise AssertionError(f"no server on port {port}")


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def redis_socket(tmp_path):
    """A Redis server of the test's own, on a Unix socket (no port to collide with)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make test` installs it (Debian package)"
    path = tmp_path / "redis.sock"
    server = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(path), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if path.exists():
            break
        time.sleep(0.05)
    yield path
    server.terminate()
    server.wait(10)


def test_two_application_servers_share_the_rate_through_redis(tmp_path, redis_socket):
    """Two gunicorn processes, as two servers behind a load balancer: 4 requests a minute in
    all, whichever of them answers."""
    base = Path(django_settings.BASE_DIR)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "REDIS_URL": f"unix://{redis_socket}",
        "ATLAS_API_RATE": "4/minute",
        "ATLAS_PAGE_CACHE": "0",
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *GUNICORN],
            cwd=base,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_for(port, server)
        # The schema is generated without the database: this test needs none.
        statuses = [_status(f"http://127.0.0.1:{ports[i % 2]}/api/schema/") for i in range(6)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    assert statuses == [200, 200, 200, 200, 429, 429]
