"""The production settings pass Django's deployment checks without a warning
(`make check-deploy`): HSTS with preload, secure cookies, an SMTP mailer rather than the
console."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_check_deploy_finds_nothing_to_warn_about():
    # (The browser tests' plugin allows async-unsafe calls in this process: not a server's.)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    done = subprocess.run(
        ["make", "--no-print-directory", "check-deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
