"""gunicorn's settings for an application server of the Atlas (docs/deployment.md).

Each server runs ``gunicorn -c deploy/gunicorn.conf.py atlas.wsgi`` behind nginx. Before it
serves anything, the deployment checks run against the database (no demo data, HTTPS
settings, ...): a misconfigured server does not start. Each worker then reads the search's
index and funding table before its first request, so no visitor waits for them.
"""

import os

bind = os.environ.get("ATLAS_BIND", "127.0.0.1:8001")
# Threads share each worker's index (tens of MB at 100,000 partnerships): a few processes,
# a few threads each. On 2 cores, 3 workers × 2 threads gave the best tail latency of the
# shapes tried (2×4, 3×2, 4×1, 2×2; BENCHMARKS.md); measure yours with `make loadtest`.
workers = int(os.environ.get("ATLAS_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("ATLAS_THREADS", "2"))
timeout = 120  # a large export streams for a while
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the servers open (upstream keepalive)
# Each worker is replaced now and then (memory stays flat), but rarely: a new worker reads
# the index and the funding table before serving, and the connections it held wait
# meanwhile (at 5,000 requests, a busy server restarted a worker every few seconds and its
# p99 doubled).
max_requests = int(os.environ.get("ATLAS_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
# Only nginx, on this machine, may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("ATLAS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# One control socket per instance (several run on one machine), or none.
control_socket_disable = "ATLAS_CONTROL_SOCKET" not in os.environ
control_socket = os.environ.get("ATLAS_CONTROL_SOCKET", "")
# The access log: the client as nginx saw it, the request, its status, size and duration.
accesslog = os.environ.get("ATLAS_ACCESS_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s - %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
errorlog = os.environ.get("ATLAS_ERROR_LOG", "-")
raw_env = ["DJANGO_SETTINGS_MODULE=atlas.settings.prod"]


def on_starting(server):
    """The deployment checks, the database's included: refuse to start on a failure."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings.prod")
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    try:
        call_command("check", deploy=True, databases=["default"], fail_level="ERROR")
    finally:
        connections.close_all()  # the workers open their own


def post_worker_init(worker):
    """Warm the worker: the facet index and the funding table, read once per process."""
    from django.db import connections

    from search.funding import funding_table
    from search.index_updates import current_index

    funding_table(current_index())
    connections.close_all()
