#!/usr/bin/env python3
"""Two Dateline nodes on one PostgreSQL database: how long a write acknowledged by one node
takes to be seen on the other (see bench/README.md, "Two nodes").

    python3 bench/two_nodes.py                 # 300 writes
    BENCH_WRITES=50 python3 bench/two_nodes.py  # a quick look

Builds nothing: it runs target/release/dateline (or $CARGO_TARGET_DIR/release/dateline), so
run `cargo build --release -p dateline` first. Needs PostgreSQL on 127.0.0.1:5432 (user
postgres, trust auth), as ./scripts/test does; creates a fresh database and drops it after.

Each write is a comment posted by a signed-in newsroom member on node A (published at once,
so it shows under the story); the clock starts when A acknowledges it (its 303) and stops when
node B's page of the story shows it. B is polled as fast as it answers.
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BINARY = os.path.join(TARGET, "release", "dateline")
WRITES = int(os.environ.get("BENCH_WRITES", "300"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
STORY = "/article/ferry-service-returns-to-the-sahl-river"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    subprocess.run(["psql", "-q", f"{PG}/postgres", "-c", sql], check=True, capture_output=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(data, url):
    port = free_port()
    log = open(os.path.join(data, "server.log"), "w")
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn")
    process = subprocess.Popen(
        [BINARY, "serve", "--addr", f"127.0.0.1:{port}", "--data", data, "--comment-burst", "1000000"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(base + "/readyz", timeout=2).status == 200:
                return process, base
        except Exception:
            time.sleep(0.05)
    sys.exit(f"the node at {base} did not become ready")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: cargo build --release -p dateline")
    name = f"dl_bench_nodes_{os.getpid()}"
    psql(f"CREATE DATABASE {name}")
    url = f"{PG}/{name}"
    processes = []
    try:
        with tempfile.TemporaryDirectory() as work:
            a_dir, b_dir = os.path.join(work, "a"), os.path.join(work, "b")
            os.makedirs(a_dir), os.makedirs(b_dir)
            a, a_base = start(a_dir, url)
            processes.append(a)
            b, b_base = start(b_dir, url)
            processes.append(b)
            added = subprocess.run(
                [BINARY, "user", "add", "bench", "--role", "editor", "--data", a_dir],
                env=dict(os.environ, DATABASE_URL=url), check=True, capture_output=True, text=True)
            password = added.stdout.strip().rsplit(" ", 1)[-1]
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
            form = urllib.parse.urlencode({"username": "bench", "password": password}).encode()
            login = urllib.request.Request(a_base + "/newsroom/login", data=form, headers={"Origin": a_base})
            try:
                opener.open(login)
            except urllib.error.HTTPError as e:
                if e.code != 303:
                    raise
            page = opener.open(a_base + "/newsroom").read().decode()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page)
            assert csrf, "signed in"
            delays = []
            for n in range(WRITES):
                text = f"Bench write {n} at {time.time_ns()}"
                body = urllib.parse.urlencode({"name": "Bench desk", "email": "bench@example.org", "body": text}).encode()
                post = urllib.request.Request(a_base + STORY + "/comments", data=body, headers={"Origin": a_base})
                try:
                    opener.open(post)
                    sys.exit("a comment was not acknowledged with a redirect")
                except urllib.error.HTTPError as e:
                    if e.code != 303:
                        sys.exit(f"a comment was answered {e.code}")
                acknowledged = time.perf_counter()
                while text.encode() not in urllib.request.urlopen(b_base + STORY, timeout=10).read():
                    if time.perf_counter() - acknowledged > 30:
                        sys.exit(f"write {n} not seen on B within 30 s")
                delays.append((time.perf_counter() - acknowledged) * 1000)
            print("| writes | median | p90 | p99 | max |")
            print("|---:|---:|---:|---:|---:|")
            print(f"| {len(delays)} | {statistics.median(delays):.1f} ms | {percentile(delays, 90):.1f} ms | "
                  f"{percentile(delays, 99):.1f} ms | {max(delays):.1f} ms |")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
