"""The production topology on this machine, for `make prod-smoke` and `make loadtest`: a
PostgreSQL database and role made as docs/deployment.md says, the Atlas prepared in it with
the production settings, gunicorn instances (deploy/gunicorn.conf.py) sharing it and Redis,
and nginx (deploy/nginx/atlas.conf) as the only entry point. Everything it starts, it stops;
the database and its role are dropped at the end.

PostgreSQL and Redis are the machine's (127.0.0.1:5432 and 127.0.0.1:6379), started if they
are down; nginx and gunicorn run from a scratch folder.
"""

import contextlib
import getpass
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
sys.path.insert(0, str(ROOT / "tools"))

from nginx_config import render  # noqa: E402

POSTGRES_ADMIN = os.environ.get("ATLAS_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["psql", f"{POSTGRES_ADMIN}/{database}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
    )


def wait_until_up(url: str, process: subprocess.Popen | None = None, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered on {url} within {seconds} s")


@dataclass
class Stack:
    """``with Stack(...) as stack:`` — ``stack.url`` is nginx's address."""

    projects: int = 500
    instances: int = 2
    workers: int = 3
    threads: int = 2
    nginx: bool = True
    environment: dict[str, str] = field(default_factory=dict)
    database: str = field(default_factory=lambda: f"atlas_stack_{secrets.token_hex(4)}")
    processes: list[subprocess.Popen] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="atlas-stack-"))
        self.nginx_port = free_port()
        self.url = f"http://127.0.0.1:{self.nginx_port}"
        self.site_url = f"https://127.0.0.1:{self.nginx_port}"
        self.role = self.database  # the application's own role, owner of its database
        self.admin_password = secrets.token_urlsafe(16)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "atlas.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://{self.role}:{self.role}@127.0.0.1:5432/{self.database}",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "ATLAS_CACHE_PREFIX": self.database,  # this stack's keys only
            "ATLAS_SITE_URL": self.site_url,
            "ATLAS_TRUSTED_PROXIES": "1" if self.nginx else "0",
            "ATLAS_OPEN_DATA_DIR": str(self.scratch / "open-data"),
            "DJANGO_STATIC_ROOT": str(self.scratch / "static"),
            "ATLAS_ALLOW_DEMO_DATA": "1",  # a demonstration portfolio, knowingly
            "DJANGO_SUPERUSER_USERNAME": "admin@stack.test",
            "DJANGO_SUPERUSER_EMAIL": "admin@stack.test",
            "DJANGO_SUPERUSER_PASSWORD": self.admin_password,
            **self.environment,
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    # -- the steps of docs/deployment.md -------------------------------------------------

    def create_database(self) -> None:
        say(f"PostgreSQL: role and database {self.database} (with unaccent)")
        psql(f"CREATE ROLE {self.role} LOGIN PASSWORD '{self.role}'")
        psql(f"CREATE DATABASE {self.database} OWNER {self.role} ENCODING 'UTF8'")
        psql("CREATE EXTENSION IF NOT EXISTS unaccent", self.database)

    def manage(self, *command: str) -> None:
        started = time.perf_counter()
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=self.env, check=True)
        say(f"manage.py {' '.join(command)}: {time.perf_counter() - started:.1f} s")

    def prepare(self) -> None:
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("load_reference")
        self.manage("generate_demo", "--projects", str(self.projects), "--seed", "1")
        self.manage("rebuild_search_index")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("write_open_data")
        self.manage("createsuperuser", "--noinput")
        # As after any bulk import (docs/deployment.md): statistics for the planner now,
        # rather than autovacuum's own pass in the middle of the first measurements.
        psql("VACUUM ANALYZE", self.database)

    # -- the servers -----------------------------------------------------------------------

    def start_instance(self, extra: dict[str, str] | None = None) -> int:
        """A gunicorn instance on a port of its own (``extra``: its own settings)."""
        port = free_port()
        log = (self.scratch / f"gunicorn-{port}.log").open("w")
        env = {
            **self.env,
            "ATLAS_BIND": f"127.0.0.1:{port}",
            "ATLAS_WORKERS": str(self.workers),
            "ATLAS_THREADS": str(self.threads),
            "ATLAS_ACCESS_LOG": str(self.scratch / f"access-{port}.log"),
            **(extra or {}),
        }
        process = subprocess.Popen(
            [str(PYTHON), "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "atlas.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        self.ports.append(port)
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        say(f"gunicorn on 127.0.0.1:{port} ({self.workers} workers × {self.threads} threads)")
        return port

    def start_nginx(self) -> None:
        site = render(
            server_name="127.0.0.1",
            static_root=self.env["DJANGO_STATIC_ROOT"],
            upstreams=[f"127.0.0.1:{port}" for port in self.ports],
            listen=f"127.0.0.1:{self.nginx_port}",
            access_log=str(self.scratch / "nginx-access.log"),
        )
        (self.scratch / "atlas.conf").write_text(site, "utf-8")
        temp = self.scratch / "nginx-temp"
        temp.mkdir()
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        paths = "".join(
            f"    {kind}_temp_path {temp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.scratch / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.scratch / 'nginx.pid'};\n"
            f"error_log {self.scratch / 'nginx-error.log'};\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n    include /etc/nginx/mime.types;\n{paths}"
            f"    include {self.scratch / 'atlas.conf'};\n}}\n",
            "utf-8",
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = str(self.scratch / "nginx.conf")
        subprocess.run([nginx, "-t", "-q", "-p", str(self.scratch), "-c", conf], check=True)
        process = subprocess.Popen(
            [nginx, "-p", str(self.scratch), "-c", conf, "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        wait_until_up(f"{self.url}/healthz", process)
        say(f"nginx on {self.url}, in front of {len(self.ports)} servers")

    def __enter__(self) -> "Stack":
        try:
            self.create_database()
            self.prepare()
            for _ in range(self.instances):
                self.start_instance()
            if self.nginx:
                self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
        with contextlib.suppress(subprocess.CalledProcessError):
            psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            psql(f'DROP ROLE IF EXISTS "{self.role}"')
        self._forget_cache()
        if os.environ.get("ATLAS_STACK_KEEP_LOGS"):
            say(f"logs kept in {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)
        say("stopped everything this run started; database and role dropped")

    def _forget_cache(self) -> None:
        """This stack's keys in Redis (its prefix), nothing else."""
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(self.env["REDIS_URL"])
            for key in client.scan_iter(f"{self.database}:*", count=1000):
                client.delete(key)
