"""A real OpenID Connect provider standing in for ProConnect (oidc_provider.mjs: the npm
package oidc-provider, run by node from the project's node_modules), the settings that
point the Atlas at it, and an agent's walk through its pages without a browser."""

import html
import os
import re
import selectors
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.conf import settings

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
PACKAGE = Path(settings.BASE_DIR) / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID = "atlas-tests"
CLIENT_SECRET = "a-secret-for-the-tests-only"
CALLBACK_PATH = "/oidc/callback/"
START_TIMEOUT = 30  # seconds; node starts in well under one


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(process: subprocess.Popen) -> None:
    """Until the provider prints "ready"; fails the test if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if not selector.select(timeout=left):
                continue
            line = process.stdout.readline()
            if line.strip() == "ready":
                return
            if not line:  # stdout closed: node exited (its errors are on stderr)
                pytest.fail(f"oidc_provider.mjs exited with code {process.wait()}")
    pytest.fail(f"oidc_provider.mjs did not say ready within {START_TIMEOUT} s")


@contextmanager
def running_provider(site_url: str):
    """The provider on a free port, its one client redirecting to ``site_url``; yields its
    issuer. Fails (never skips) when node or the npm package is missing."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the ProConnect tests run a real OpenID provider")
    if not PACKAGE.exists():
        pytest.fail("node_modules/oidc-provider is missing: run `npm ci` (make test does)")
    port = _free_port()
    environment = {
        **os.environ,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": site_url + CALLBACK_PATH,
        "OIDC_POST_LOGOUT_REDIRECT_URIS": site_url + "/",
    }
    # stdout says "ready"; stderr (warnings, errors) goes to the test's captured output.
    process = subprocess.Popen(
        [node, str(SCRIPT), str(port)], env=environment, stdout=subprocess.PIPE, text=True
    )
    try:
        _wait_until_ready(process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def use_provider(settings, issuer: str) -> None:
    """Turn the sign-in on against ``issuer``, as ATLAS_OIDC_* would at start-up (the
    settings fixture undoes it after the test)."""
    settings.ATLAS_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
    settings.ATLAS_OIDC_LOGOUT_ENDPOINT = f"{issuer}/session/end"
    first, *others = settings.AUTHENTICATION_BACKENDS
    settings.AUTHENTICATION_BACKENDS = [first, "accounts.oidc.ProConnectBackend", *others]
    form_action = [*settings.SECURE_CSP["form-action"], settings.ATLAS_OIDC_LOGOUT_ENDPOINT]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": form_action}


def through_provider(authorization_url: str, issuer: str, login: str) -> str:
    """The agent types ``login`` on the provider's form and consents, as a browser would
    (cookies, redirects, forms); returns the address the provider sends them back to."""
    url, data = authorization_url, None
    with requests.Session() as agent:
        for _step in range(10):
            if data is None:
                response = agent.get(url, allow_redirects=False, timeout=10)
            else:
                response = agent.post(url, data=data, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url, data = urljoin(url, response.headers["Location"]), None
                if not url.startswith(issuer):
                    return url
                continue
            assert response.status_code == 200, response.text
            form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
            assert form and prompt, response.text
            url = urljoin(url, html.unescape(form.group(1)))
            data = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                data |= {"login": login, "password": "any password"}
    raise AssertionError("the provider never sent the agent back")
