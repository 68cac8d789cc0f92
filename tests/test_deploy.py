"""The production settings pass Django's deployment checks without a warning
(`make check-deploy`): HSTS with preload, secure cookies, an SMTP mailer rather than the
console."""

import os
import subprocess
from pathlib import Path

import pytest

from operations.checks import no_demo_data
from partnerships.models import Project

ROOT = Path(__file__).resolve().parents[1]


def production(*command: str, **environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="atlas.settings.prod",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="atlas.example",
        **environment,
    )
    return subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_sqlite_unless_told(tmp_path):
    database = f"sqlite:///{tmp_path / 'atlas.sqlite3'}"
    refused = production("check", DATABASE_URL=database)
    assert refused.returncode != 0
    assert "Production runs on PostgreSQL: set DATABASE_URL" in refused.stderr
    allowed = production("check", DATABASE_URL=database, ATLAS_ALLOW_SQLITE="1")
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.django_db
def test_the_deployment_check_refuses_demo_data_unless_told(settings, atlas):
    settings.ATLAS_ALLOW_DEMO_DATA = False
    assert no_demo_data(databases=["default"]) == []
    Project.objects.filter(pk=atlas["water"].pk).update(is_demo=True)
    [error] = no_demo_data(databases=["default"])
    assert error.id == "operations.E001" and "generate_demo --clear" in error.hint
    assert no_demo_data(databases=None) == []  # `check` without --database reads nothing
    settings.ATLAS_ALLOW_DEMO_DATA = True
    assert no_demo_data(databases=["default"]) == []


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
