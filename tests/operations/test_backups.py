"""Backups (manage.py backup_database / restore_database): a backup restored into an empty
database gives the same exports, byte for byte, on the database engine the suite runs on;
a backup of SQLite stays consistent while writers commit; restoring never mixes data."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from operations import backups

BASE_URL = "https://atlas.example"
PACKAGE = "datapackage.json"  # the data package, asked of its endpoint (not a written file)


def write_exports(directory: str | Path) -> None:
    """Every export of the whole atlas into ``directory``: the open-data files
    (``write_open_data``: a CSV per table, the spreadsheet, JSON, GeoJSON, IATI XML) and the
    data package that describes the tables. Run by the test on the source database, and in
    a fresh process on the restored one."""
    directory = Path(directory)
    with override_settings(ATLAS_OPEN_DATA_DIR=directory), translation.override("fr"):
        call_command("write_open_data", "--force", "--base-url", BASE_URL, stdout=StringIO())
        response = Client().get(reverse("api:opendata:package"), HTTP_HOST="localhost")
        assert response.status_code == 200, response
        (directory / PACKAGE).write_bytes(response.content)


def read_exports(directory: Path) -> dict[str, bytes]:
    files = {path.name: path.read_bytes() for path in sorted(directory.iterdir())}
    manifest = json.loads(files.pop("manifest.json"))
    del manifest["written_at"]  # when write_open_data ran: the one thing allowed to differ
    files["manifest.json (without written_at)"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def in_fresh_process(database_url: str, *command: str) -> str:
    """Runs ``command`` (manage.py's arguments, or ``-c`` and code) as an operator would,
    in a new process on the database at ``database_url``."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "atlas.settings.test",
    }
    arguments = command if command[0] == "-c" else ("manage.py", *command)
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database of the suite's engine (on PostgreSQL, a scratch
    database of its own, dropped at the end, with ``unaccent`` made beforehand as
    docs/deployment.md has the superuser do)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"atlas_restore_{uuid.uuid4().hex[:12]}"
    server = connection.settings_dict
    credentials = quote(server["USER"] or "", safe="")
    if server["PASSWORD"]:
        credentials += ":" + quote(server["PASSWORD"], safe="")
    host = server["HOST"] or "localhost"
    port = f":{server['PORT']}" if server["PORT"] else ""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{credentials}@{host}{port}/{name}"
        with psycopg.connect(url, autocommit=True) as scratch:
            scratch.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        yield url
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # committed: pg_dump reads from its own session
def test_a_restored_backup_gives_the_same_exports_byte_for_byte(
    demo_ready, seed_project, empty_database, tmp_path
):
    call_command(
        "generate_demo", "--projects", "40", "--seed", "5", stdout=StringIO(), stderr=StringIO()
    )
    call_command("rebuild_search_index", stdout=StringIO())
    write_exports(tmp_path / "source")

    backup = tmp_path / "atlas.backup"
    backup.write_bytes(b"yesterday")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup_database", str(backup), stdout=StringIO())
    assert backup.read_bytes() == b"yesterday"
    out = StringIO()
    call_command("backup_database", str(backup), "--force", stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    assert backup.read_bytes().startswith(backup_header())
    assert oct(backup.stat().st_mode & 0o777) == "0o600"  # personal data inside
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.backup", "source"]

    report = in_fresh_process(empty_database, "restore_database", str(backup))
    assert "Sauvegarde restaurée" in report
    assert "migrate" not in report  # same code: nothing to migrate
    assert "rebuild_search_index" not in report  # the search documents came with the data
    # The restored database's exports, and a backup of it as an operator's process makes
    # one (on SQLite: of a database file, where the suite's own is in memory).
    in_fresh_process(
        empty_database,
        "-c",
        "import sys, django; django.setup(); "
        "from django.core.management import call_command; "
        "from tests.operations.test_backups import write_exports; "
        "write_exports(sys.argv[1]); call_command('backup_database', sys.argv[2])",
        str(tmp_path / "restored"),
        str(tmp_path / "again.backup"),
    )
    assert (tmp_path / "again.backup").read_bytes().startswith(backup_header())

    source, restored = read_exports(tmp_path / "source"), read_exports(tmp_path / "restored")
    assert sorted(source) == sorted(restored)
    assert {"projects.csv", "projects.xlsx", "projects.json", "partners.geojson"} <= set(source)
    assert {"projects.iati.xml", PACKAGE} <= set(source)
    different = [name for name in source if source[name] != restored[name]]
    assert different == [], different
    # The imported page is there (contacts, volunteers, 1% funding), not only the demo.
    assert seed_project.title.encode() in source["projects.json"]


# -- what the commands refuse ---------------------------------------------------------------


def backup_header() -> bytes:
    return backups.SQLITE_HEADER if connection.vendor == "sqlite" else backups.PG_DUMP_HEADER


@pytest.mark.django_db
def test_a_backup_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("backup_database", str(tmp_path / "nowhere" / "a.backup"), stdout=StringIO())


@pytest.mark.django_db
def test_restoring_into_a_database_with_tables_is_refused(tmp_path, reference_data):
    backup = tmp_path / "atlas.backup"
    backup.write_bytes(backup_header() + b"\0" * 100)
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore_database", str(backup), stdout=StringIO())


@pytest.mark.django_db
def test_restoring_a_file_of_another_kind_is_refused(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("pas une sauvegarde")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde"):
        call_command("restore_database", str(other), stdout=StringIO())


# -- SQLite: a consistent copy while the site writes ----------------------------------------


def test_an_sqlite_copy_is_consistent_while_writers_commit(tmp_path):
    """A writer commits, in each transaction, a row and the count of rows: the copy taken
    meanwhile holds a count that matches its rows, and passes SQLite's own check."""
    path = tmp_path / "live.sqlite3"
    database = sqlite3.connect(path, check_same_thread=False)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("CREATE TABLE item (n INTEGER PRIMARY KEY, text TEXT)")
    database.execute("CREATE TABLE tally (total INTEGER)")
    database.execute("INSERT INTO tally VALUES (0)")
    database.commit()
    stop = threading.Event()

    def write():
        writer = sqlite3.connect(path, timeout=10)
        n = 0
        while not stop.is_set():
            n += 1
            with writer:
                writer.execute("INSERT INTO item VALUES (?, ?)", (n, "x" * 500))
                writer.execute("UPDATE tally SET total = ?", (n,))
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        copies = []
        for number in range(3):
            while database.execute("SELECT total FROM tally").fetchone()[0] < 100 * (number + 1):
                stop.wait(0.01)
            copies.append(tmp_path / f"copy-{number}.sqlite3")
            backups.copy_sqlite(database, copies[-1])
    finally:
        stop.set()
        thread.join()
        database.close()
    for copy_path in copies:
        copy = sqlite3.connect(copy_path)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
        (total,) = copy.execute("SELECT total FROM tally").fetchone()
        assert total > 0
        assert copy.execute("SELECT count(*), max(n) FROM item").fetchone() == (total, total)
        copy.close()


# -- PostgreSQL's tools: no password on a command line --------------------------------------


def test_pg_tools_get_the_password_through_the_environment(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda program: f"/usr/bin/{program}")
    server = {
        "NAME": "atlas",
        "HOST": "db.internal",
        "PORT": 5433,
        "USER": "atlas",
        "PASSWORD": "s3cret; rm -rf /",
        "OPTIONS": {"sslmode": "require"},
    }
    command, env = backups.postgres_command("pg_dump", server, "--format=custom")
    assert command == [
        "/usr/bin/pg_dump",
        "--format=custom",
        "--host=db.internal",
        "--port=5433",
        "--username=atlas",
        "--no-password",
    ]
    assert not any("s3cret" in argument for argument in command)
    assert env["PGPASSWORD"] == "s3cret; rm -rf /" and env["PGSSLMODE"] == "require"


def test_a_restore_leaves_out_comments_on_extensions_only():
    contents = (
        "; Archive created at 2025-06-01 02:30:00 CEST\n"
        "2; 3079 38676 EXTENSION - unaccent \n"
        "4101; 0 0 COMMENT - EXTENSION unaccent \n"
        "231; 1259 38700 TABLE public partnerships_project atlas\n"
        "4102; 0 0 COMMENT public TABLE partnerships_project atlas\n"
    )
    kept = backups._restored_entries(contents)
    assert "COMMENT - EXTENSION" not in kept
    assert "EXTENSION - unaccent" in kept and "COMMENT public TABLE" in kept
    assert kept.count("\n") == 4


def test_a_missing_pg_tool_is_named(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda program: None)
    with pytest.raises(backups.BackupError, match=r"pg_restore est introuvable.*postgresql-client"):
        backups.postgres_command("pg_restore", {"NAME": "atlas"})
