"""`make loadtest`: requests per second and latency of one application server (gunicorn with
deploy/gunicorn.conf.py and the production settings, on PostgreSQL and Redis, the demo
portfolio of `make run`), measured by wrk on the loopback: 30 s per target, 32 connections.
The figures replace the load-test section of BENCHMARKS.md.

The API's rate limit is raised for the run (a single client would otherwise be refused
after 120 requests); any 429 is still counted apart from the errors.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from prod_stack import ROOT, Stack, say

CONNECTIONS, THREADS = 32, 2
BENCHMARKS = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- loadtest: begin -->", "<!-- loadtest: end -->"

COUNTER = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) c429 = 0; cerr = 0 end
function response(status, headers, body)
  if status == 429 then c429 = c429 + 1 elseif status >= 400 then cerr = cerr + 1 end
end
function done(summary, latency, requests)
  local t429, terr = 0, 0
  for _, thread in ipairs(threads) do
    t429 = t429 + thread:get("c429"); terr = terr + thread:get("cerr")
  end
  io.write(string.format("STATUS429 %d\\nSTATUSERR %d\\n", t429, terr))
end
"""


def get_json(base: str, path: str):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def targets(base: str) -> list[tuple[str, str]]:
    first = get_json(base, "/api/v1/projects/?page_size=1&country=BF")["results"][0]
    sheet = first["url"].split("://", 1)[1].split("/", 1)[1]
    filters = "country=BF&theme=eau-assainissement"
    return [
        ("sheet", f"/{sheet}"),
        ("home", "/fr/"),
        ("search, 2 filters", f"/fr/projets/?{filters}"),
        ("API list", f"/api/v1/projects/?{filters}"),
        ("map data", f"/fr/carte/lieux.json?{filters}"),
        ("statistics (API)", f"/api/v1/stats/?{filters}"),
    ]


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url: str, script: Path, duration: str) -> dict:
    """After a 3 s warm-up of the same load, not counted: the figures are those of a page
    already computed, in workers that have each served requests (templates compiled,
    connections open), as on a server that has been up for a while."""
    # A 10 s timeout: a slow page is measured, not dropped as wrk's default (2 s) would.
    load = [f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "--timeout", "10s"]
    https = ["-H", "X-Forwarded-Proto: https", url]
    warm = [f"-t{THREADS}", f"-c{CONNECTIONS}", "-d3s", "--timeout", "10s"]
    subprocess.run(["wrk", *warm, *https], capture_output=True, check=True)
    done = subprocess.run(
        ["wrk", *load, "-s", str(script), *https],
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    latency = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", out, re.MULTILINE))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _milliseconds(latency["50"]) if "50" in latency else float("nan"),
        "p99": _milliseconds(latency["99"]) if "99" in latency else float("nan"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "throttled": int(re.search(r"STATUS429 (\d+)", out).group(1)),
        "errors": int(re.search(r"STATUSERR (\d+)", out).group(1))
        + (sum(int(n) for n in errors.groups()) if errors else 0),
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.system()} {platform.release()}"


def table(rows: list[tuple[str, str, dict]]) -> str:
    lines = [
        "| target | page cache | requests/s | p50 (ms) | p99 (ms) | requests | errors | 429 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, cache, r in rows:
        lines.append(
            f"| {name} | {cache} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['requests']} | {r['errors']} | {r['throttled']} |"
        )
    return "\n".join(lines)


def record(section: str) -> None:
    text = BENCHMARKS.read_text("utf-8")
    if BEGIN in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=12000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", default="30s", help="per target (wrk's -d)")
    parser.add_argument("--no-record", action="store_true", help="leave BENCHMARKS.md alone")
    options = parser.parse_args()
    stack = Stack(
        projects=options.projects,
        instances=0,
        workers=options.workers,
        threads=options.threads,
        nginx=False,
        environment={"ATLAS_API_RATE": "100000000/minute"},
    )
    rows = []
    with stack:
        script = stack.scratch / "count.lua"
        script.write_text(COUNTER, "utf-8")
        cached = f"http://127.0.0.1:{stack.start_instance()}"
        uncached = f"http://127.0.0.1:{stack.start_instance({'ATLAS_PAGE_CACHE': '0'})}"
        chosen = targets(cached)
        for name, path in chosen:
            say(f"wrk {options.duration}, {CONNECTIONS} connections: {name} ({path})")
            rows.append((name, "on", wrk(cached + path, script, options.duration)))
            say(f"  {rows[-1][2]}")
        for name, path in chosen[:2]:  # the figure before the cache, for comparison
            say(f"wrk {options.duration}, {CONNECTIONS} connections: {name}, page cache off")
            rows.append((name, "off", wrk(uncached + path, script, options.duration)))
            say(f"  {rows[-1][2]}")
    today = datetime.date.today().isoformat()
    paths = "\n".join(f"- {name}: `{path}`" for name, path in chosen)
    section = (
        f"{BEGIN}\n## Load test (`make loadtest`)\n\n"
        f"{today}, {machine()}. Command: `make loadtest` (tools/loadtest.py "
        f"--projects {options.projects} --workers {options.workers} --threads "
        f"{options.threads}): one gunicorn server (deploy/gunicorn.conf.py, gthread, "
        f"{options.workers} workers × {options.threads} threads, production settings, "
        f"PostgreSQL, Redis), the demo portfolio of {options.projects} partnerships, wrk "
        f"on the same machine ({THREADS} threads, {CONNECTIONS} connections, after a 3 s warm-up, "
        f"{options.duration} per "
        f"target). The API's limit is raised for the run.\n\n{table(rows)}\n\nTargets:\n"
        f"{paths}\n{END}"
    )
    print(section)
    if not options.no_record:
        record(section)
        say(f"written to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
