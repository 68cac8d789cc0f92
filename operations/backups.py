"""Backups of the database and their restoration into an empty database, for operators
(``manage.py backup_database`` / ``restore_database``; docs/backups.md).

- SQLite: SQLite's online backup API (Python's ``sqlite3``), which copies a consistent
  snapshot while the site goes on reading and writing (WAL mode lets writers go on while
  the copy reads). The copy is a single file in rollback-journal mode, checked with
  ``PRAGMA quick_check``.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --single-transaction``, given the
  connection settings as arguments and environment variables (the password through
  ``PGPASSWORD``), never through a shell.

A backup is written under a temporary name in the target's folder, then renamed: a file
with the target's name is always a whole backup. Backups hold personal data (e-mail
addresses, password hashes): they are created readable by their owner only.

Everything the site derives from the database is either in the database itself (search
documents and their full-text tables, the version of the published atlas) or rebuilt by
each process when that version moves (the facet index, pages cached under the version);
only the open-data files written ahead of time (``write_open_data``) live outside it,
and they are served only while their manifest names the database's version.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.sqlite3._functions import register as register_sqlite_functions
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from opendata.dumps import current_dump, directory
from search.documents import written_with_current_catalogue

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"  # pg_dump's custom format
STDERR_KEPT = 2000  # characters of a failed tool's error output shown to the operator


class BackupError(Exception):
    """What went wrong, in words for the operator."""


@dataclass(frozen=True)
class Done:
    path: Path
    size: int  # bytes
    seconds: float


def vendor(alias: str = "default") -> str:
    name = connections[alias].vendor
    if name not in {"sqlite", "postgresql"}:
        message = _("Base de données « %(vendor)s » non prise en charge.")
        raise BackupError(message % {"vendor": name})
    return name


# -- backup --------------------------------------------------------------------------------


def backup(target: Path, force: bool = False, alias: str = "default") -> Done:
    """Writes a backup of the database to ``target`` (refused if it exists, unless
    ``force``), under a temporary name then renamed."""
    engine = vendor(alias)
    target = Path(target).absolute()
    if target.is_dir():
        raise BackupError(_("%(path)s est un dossier : indiquez un fichier.") % {"path": target})
    if target.exists() and not force:
        raise BackupError(_("%(path)s existe déjà (--force pour le remplacer).") % {"path": target})
    if not target.parent.is_dir():
        raise BackupError(_("Le dossier %(path)s n'existe pas.") % {"path": target.parent})
    if engine == "sqlite" and _sqlite_file(alias) == target:
        raise BackupError(_("La sauvegarde ne peut pas remplacer la base elle-même."))
    started = time.perf_counter()
    descriptor, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    os.close(descriptor)
    partial = Path(name)
    try:
        if engine == "sqlite":
            _sqlite_backup(alias, partial)
        else:
            _pg_dump(alias, partial)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return Done(target, target.stat().st_size, time.perf_counter() - started)


def _sqlite_backup(alias: str, partial: Path) -> None:
    path = _sqlite_file(alias)
    if path is not None:
        if not path.is_file():
            raise BackupError(_("La base %(path)s n'existe pas.") % {"path": path})
        # A connection of its own, in no transaction; "rw" never creates a database.
        database = _sqlite_connect(f"{path.as_uri()}?mode=rw", uri=True)
        try:
            copy_sqlite(database, partial)
        finally:
            database.close()
        return
    # A database in memory (the test suite's) is reached only through Django's connection,
    # which must not be writing: SQLite would refuse each step, forever.
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError(_("Une base en mémoire ne se sauvegarde pas dans une transaction."))
    connection.ensure_connection()
    copy_sqlite(connection.connection, partial)


def copy_sqlite(database: sqlite3.Connection, partial: Path) -> None:
    """A consistent copy of the open ``database`` in the file ``partial``, while other
    connections go on writing to it."""
    copy = _sqlite_connect(partial)
    try:
        # In one step: the copy reads one snapshot (a stepped copy would start again each
        # time another connection writes, and might never end on a busy site).
        database.backup(copy)
        # The source is in WAL mode, and so would be the copy: a backup is one file.
        copy.execute("PRAGMA journal_mode=DELETE")
        _check_sqlite(copy, partial)
    except sqlite3.Error as exc:
        raise BackupError(_("Échec de la copie SQLite : %(error)s") % {"error": exc}) from exc
    finally:
        copy.close()


def _pg_dump(alias: str, partial: Path) -> None:
    settings_dict = connections[alias].settings_dict
    command, env = postgres_command(
        "pg_dump", settings_dict, "--format=custom", f"--file={partial}"
    )
    command.append(f"--dbname={settings_dict['NAME']}")
    _run(command, env)


# -- restore -------------------------------------------------------------------------------


def restore(source: Path, alias: str = "default") -> Done:
    """Restores the backup ``source`` into the configured database, which must be empty."""
    engine = vendor(alias)
    source = Path(source).absolute()
    if not source.is_file():
        raise BackupError(_("%(path)s n'est pas un fichier.") % {"path": source})
    with source.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    expected = SQLITE_HEADER if engine == "sqlite" else PG_DUMP_HEADER
    if not header.startswith(expected):
        raise BackupError(
            _(
                "%(path)s n'est pas une sauvegarde de la base configurée (%(engine)s) : "
                "un fichier de backup_database de la même sorte de base est attendu."
            )
            % {"path": source, "engine": engine}
        )
    if engine == "sqlite":
        target = _sqlite_file(alias)
        if target is not None and not target.parent.is_dir():
            message = _("Le dossier %(path)s n'existe pas.")
            raise BackupError(message % {"path": target.parent})
    try:
        found = existing_tables(alias)
    except DatabaseError as exc:
        message = _("Connexion impossible à la base %(database)s : %(error)s")
        raise BackupError(message % {"database": describe(alias), "error": exc}) from exc
    if found:
        raise BackupError(
            _(
                "La base %(database)s n'est pas vide (%(count)d tables, dont %(first)s) : la "
                "restauration ne se fait que dans une base vide, pour ne rien mêler ni écraser. "
                "%(how)s"
            )
            % {
                "database": describe(alias),
                "count": len(found),
                "first": found[0],
                "how": (
                    _("Déplacez le fichier de la base (et ses -wal et -shm), puis relancez.")
                    if engine == "sqlite"
                    else _("Créez une base vide (createdb) et pointez DATABASE_URL dessus.")
                ),
            }
        )
    started = time.perf_counter()
    connections[alias].close()
    if engine == "sqlite":
        _sqlite_restore(alias, source)
    else:
        _pg_restore(alias, source)
    return Done(source, source.stat().st_size, time.perf_counter() - started)


def _sqlite_restore(alias: str, source: Path) -> None:
    target = _sqlite_file(alias)
    if target is None:
        raise BackupError(_("Impossible de restaurer dans une base SQLite en mémoire."))
    try:
        backup_file = _sqlite_connect(f"{source.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(
            _("Lecture de %(path)s impossible : %(error)s")
            % {
                "path": source,
                "error": exc,
            }
        ) from exc
    try:
        _check_sqlite(backup_file, source)
        database = _sqlite_connect(target)
        try:
            # Through SQLite itself, not a file copy: it takes the locks, and the
            # database's -wal and -shm files stay consistent with it.
            backup_file.backup(database)
            _check_sqlite(database, target)
        finally:
            database.close()
    except sqlite3.Error as exc:
        message = _("Échec de la restauration SQLite : %(error)s")
        raise BackupError(message % {"error": exc}) from exc
    finally:
        backup_file.close()


def _pg_restore(alias: str, source: Path) -> None:
    settings_dict = connections[alias].settings_dict
    listing, env = postgres_command("pg_restore", settings_dict, "--list", str(source))
    contents = _run(listing, env)
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as chosen:
        chosen.write(_restored_entries(contents))
        chosen.flush()
        command, env = postgres_command(
            "pg_restore",
            settings_dict,
            "--no-owner",  # the objects belong to the configured user, whoever owned them
            "--exit-on-error",
            "--single-transaction",  # all or nothing
            f"--use-list={chosen.name}",
            f"--dbname={settings_dict['NAME']}",
        )
        command.append(str(source))
        _run(command, env)


def _restored_entries(contents: str) -> str:
    """The backup's table of contents (``pg_restore --list``) without the comments on
    extensions: only an extension's owner may comment it, and ``unaccent`` is created by
    PostgreSQL's superuser before the site's role restores (docs/deployment.md), which
    would stop the whole restore for a line of description."""
    return "".join(
        line for line in contents.splitlines(keepends=True) if " COMMENT - EXTENSION " not in line
    )


def existing_tables(alias: str = "default") -> list[str]:
    """The tables and views of the database (none from an extension), in name order."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        sql = (
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    else:
        sql = """
            SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
              AND NOT EXISTS (
                  SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype = 'e')
            ORDER BY 1
        """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [name for (name,) in cursor.fetchall()]


# -- what to do after a restore ------------------------------------------------------------


def next_steps(alias: str = "default") -> list[str]:
    """What the operator still has to run for the restored database to serve the site, as
    commands with their reason, in order."""
    connection = connections[alias]
    steps = []
    executor = MigrationExecutor(connection)
    loader = executor.loader
    unknown = sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if (app, name) not in loader.disk_migrations
    )
    if unknown:
        steps.append(
            _(
                "Attention : la sauvegarde vient d'une version plus récente du code "
                "(%(count)d migrations inconnues ici, dont %(first)s) : déployez cette version "
                "du code avant de servir le site."
            )
            % {"count": len(unknown), "first": unknown[0]}
        )
    pending = executor.migration_plan(loader.graph.leaf_nodes())
    if pending:
        steps.append(
            _(
                "python manage.py migrate : le code est plus récent que la sauvegarde "
                "(%(count)d migrations à appliquer)."
            )
            % {"count": len(pending)}
        )
        steps.append(
            _(
                "python manage.py rebuild_search_index : après la migration, réécrit les "
                "documents de recherche si le catalogue des champs a changé."
            )
        )
    else:
        try:
            current_catalogue = written_with_current_catalogue()
        except DatabaseError:
            current_catalogue = False
        if not current_catalogue:
            steps.append(
                _(
                    "python manage.py rebuild_search_index : les documents de recherche n'ont "
                    "pas été écrits avec le catalogue des champs de ce code."
                )
            )
    try:
        files_current = current_dump(settings.ATLAS_SITE_URL) is not None
    except DatabaseError:
        files_current = False
    if not files_current:
        steps.append(
            _(
                "python manage.py write_open_data : les fichiers ouverts de %(directory)s ne "
                "sont pas ceux de ces données ; d'ici là, chaque téléchargement est écrit à "
                "la demande."
            )
            % {"directory": directory()}
        )
    steps.append(
        _(
            "Redémarrez les serveurs d'application et les workers : leurs connexions et "
            "leurs index en mémoire datent de l'ancienne base."
        )
    )
    return steps


# -- helpers -------------------------------------------------------------------------------


def describe(alias: str = "default") -> str:
    """The database, for messages: its file, or its name and server (no password)."""
    settings_dict = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return f"SQLite {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL {settings_dict['NAME']} ({host}{port})"


def postgres_command(program: str, settings_dict: dict, *options: str) -> tuple[list, dict]:
    """``program`` (pg_dump, pg_restore) with the connection's host, port and user as
    arguments, and the environment that carries its password and TLS settings."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            _(
                "%(program)s est introuvable : installez les outils clients de PostgreSQL "
                "(paquet postgresql-client), de la version du serveur ou plus récente."
            )
            % {"program": program}
        )
    command = [path, *options]
    if settings_dict.get("HOST"):
        command.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        command.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        command.append(f"--username={settings_dict['USER']}")
    command.append("--no-password")  # never wait for a password typed at a prompt
    env = dict(os.environ)
    options_dict = settings_dict.get("OPTIONS") or {}
    for key, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options_dict.get(key):
            env[variable] = str(options_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return command, env


def _run(command: list, env: dict) -> str:
    """Runs ``command`` (never through a shell); its standard output."""
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s a échoué (code %(code)d) : %(error)s")
            % {
                "program": Path(command[0]).name,
                "code": completed.returncode,
                "error": completed.stderr.strip()[-STDERR_KEPT:],
            }
        )
    return completed.stdout


def _sqlite_file(alias: str) -> Path | None:
    """The configured SQLite database's file; None for a database in memory."""
    connection = connections[alias]
    if connection.is_in_memory_db():
        return None
    return Path(connection.settings_dict["NAME"]).absolute()


def _sqlite_connect(*args, **kwargs) -> sqlite3.Connection:
    """A plain connection that knows the functions Django gives its own (the CHECK
    constraints that ``quick_check`` verifies call REGEXP)."""
    database = sqlite3.connect(*args, **kwargs)
    register_sqlite_functions(database)
    return database


def _check_sqlite(database: sqlite3.Connection, path: Path) -> None:
    (result,) = database.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(
            _("%(path)s est endommagé (PRAGMA quick_check : %(result)s).")
            % {"path": path, "result": result}
        )


def _fsync(path: Path) -> None:
    """On disk before it counts: a backup that a power cut empties is no backup."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
