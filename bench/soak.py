#!/usr/bin/env python3
"""A soak: one release node under mixed traffic for a long time (30 minutes by default), to
show that nothing drifts: no errors, p99 flat over time, memory flat over time.

    cargo build --release -p dateline -p dateline-bench-generator
    python3 bench/soak.py                       # 30 minutes
    SOAK_SECONDS=120 python3 bench/soak.py      # a quick look

The node serves a generated store (SOAK_STORIES stories, 3 comments each; made once with the
bench generator and copied for each run) on SQLite, with the newsroom's standard limits: it
trusts X-Forwarded-For, and readers come from random addresses. Worker threads, each with its own
connection, pick by weight:

- reader:     the home page or one of the newest stories (hot, cached pages)
- long tail:  a story picked at random from the whole archive (mostly cache misses)
- odd URLs:   a story with a made-up `?page=` or `?reply=`, a slug that does not exist
- comment:    a guest comment posted to a random story (held for moderation)
- vote:       a reader's "Do you like this article?" answer
- search:     a reader's search for a word or two
- save:       an editor opens a story in the newsroom, changes its body and saves it
- upload:     an editor uploads a small photo to the media library

Each answer is checked for what a user expects (200, or 303 for a post, 404 for a made-up slug);
anything else, or no answer within 10 s, is an error. Every SOAK_INTERVAL seconds the script
records per-kind request counts, errors, p50 and p99, and the node's RSS. It writes
bench/.work/soak/soak.md (the table) and soak.png (p99 and RSS over time), and exits non-zero if
any request failed or memory grew by more than SOAK_MAX_GROWTH_MIB from the first minute to
the last.
"""

import html
import http.client
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BINARY = os.path.join(TARGET, "release", "dateline")
GENERATOR = os.path.join(TARGET, "release", "dateline-bench-generator")
SECONDS = int(os.environ.get("SOAK_SECONDS", "1800"))
INTERVAL = int(os.environ.get("SOAK_INTERVAL", "60"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "12"))
STORIES = int(os.environ.get("SOAK_STORIES", "2000"))
MAX_GROWTH_MIB = float(os.environ.get("SOAK_MAX_GROWTH_MIB", "16"))
OUT = os.path.join(ROOT, "bench", ".work", "soak")

WEIGHTS = {
    "reader": 40,
    "long tail": 25,
    "odd URLs": 8,
    "comment": 8,
    "vote": 6,
    "search": 8,
    "save": 3,
    "upload": 2,
}
WORDS = ["river", "council", "market", "harbour", "school", "budget", "rain", "ferry", "water",
         "الميناء", "المدينة", "nothing-matches-this", "\"quoted words\"", "a OR b", "*", ""]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tiny_png(seed):
    """A 64 × 48 RGB PNG of our own, different for each seed."""
    width, height = 64, 48
    rows = b"".join(b"\x00" + bytes(((x * 4 + seed) % 256, (y * 5) % 256, (seed * 7) % 256)[i % 3]
                                    for x in range(width) for i in range(3)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Client:
    """One keep-alive connection, remade when the server closes it."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                return response.status, response.getheader("set-cookie"), data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # An idle keep-alive connection the server closed: one fresh try.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {kind: [] for kind in WEIGHTS}
        self.errors = {kind: 0 for kind in WEIGHTS}
        self.examples = []

    def record(self, kind, seconds, ok, what):
        with self.lock:
            self.latencies[kind].append(seconds * 1000)
            if not ok:
                self.errors[kind] += 1
                if len(self.examples) < 20:
                    self.examples.append(f"{kind}: {what}")

    def take(self):
        with self.lock:
            taken = (self.latencies, self.errors)
            self.latencies = {kind: [] for kind in WEIGHTS}
            self.errors = {kind: 0 for kind in WEIGHTS}
            return taken


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Newsroom:
    """An editor's session: the CSRF token and the cookie, shared by the workers."""

    def __init__(self, port, password):
        client = Client(port)
        form = urllib.parse.urlencode({"username": "soak", "password": password})
        status, cookie, _ = client.request("POST", "/newsroom/login", form, self.form_headers(port))
        if status != 303 or not cookie:
            sys.exit(f"the editor could not sign in ({status})")
        self.cookie = cookie.split(";")[0]
        _, _, page = client.request("GET", "/newsroom", headers={"Cookie": self.cookie})
        self.csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        self.story_ids = sorted({int(i) for i in re.findall(rb"/newsroom/stories/(\d+)", page)})
        if not self.story_ids:
            sys.exit("the newsroom lists no story")

    @staticmethod
    def form_headers(port):
        return {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded"}


def form_fields(page):
    """The fields of the story form, as a browser would send them back."""
    form = page[page.find(b"<form"):]
    fields = []
    for tag in re.finditer(rb"<(input|textarea|select)\b([^>]*)>", form):
        kind, attributes = tag.group(1), tag.group(2)
        name = re.search(rb'name="([^"]*)"', attributes)
        if not name:
            continue
        name = name.group(1).decode()
        if kind == b"textarea":
            end = form.find(b"</textarea>", tag.end())
            value = form[tag.end():end]
        elif kind == b"select":
            end = form.find(b"</select>", tag.end())
            options = form[tag.end():end]
            chosen = re.search(rb'<option[^>]*value="([^"]*)"[^>]*selected', options) or \
                re.search(rb'<option[^>]*value="([^"]*)"', options)
            value = chosen.group(1) if chosen else b""
        else:
            input_type = re.search(rb'type="([^"]*)"', attributes)
            input_type = input_type.group(1) if input_type else b"text"
            if input_type in (b"submit", b"button", b"file"):
                continue
            if input_type in (b"checkbox", b"radio") and b"checked" not in attributes:
                continue
            value = re.search(rb'value="([^"]*)"', attributes)
            value = value.group(1) if value else (b"on" if input_type == b"checkbox" else b"")
        fields.append((name, html_unescape(value.decode())))
    return fields


def html_unescape(text):
    return html.unescape(text)


def worker(number, port, stories, newsroom, stats, stop):
    client = Client(port)
    rng = random.Random(number)
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[kind] for kind in kinds]
    hot = stories[:10]
    sent = 0
    while not stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        sent += 1
        started = time.perf_counter()
        try:
            ok, what = act(kind, client, rng, port, hot, stories, newsroom, f"{number}-{sent}")
        except Exception as error:  # a timeout or a dropped connection is an error of the run
            client.connection = None
            ok, what = False, repr(error)
        stats.record(kind, time.perf_counter() - started, ok, what)


def reader_address(rng):
    """Readers come from many addresses (the node trusts X-Forwarded-For, as behind a proxy), so
    the per-address limits see many readers, not one flooding client."""
    return f"fd00::{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}"


def act(kind, client, rng, port, hot, stories, newsroom, tag):
    if kind == "reader":
        path = rng.choice(["/", "/ar/"] + hot)
        status, _, _ = client.request("GET", path)
        return status == 200, f"{path} {status}"
    if kind == "long tail":
        path = rng.choice(stories)
        status, _, _ = client.request("GET", path)
        return status == 200, f"{path} {status}"
    if kind == "odd URLs":
        story = rng.choice(stories)
        path, expected = rng.choice([
            (f"{story}?page={rng.randint(0, 99)}", (200,)),
            # A comment the story does not show: sent to the plain page.
            (f"{story}?reply={rng.randint(10**8, 10**9)}", (303,)),
            (f"/article/no-such-story-{rng.randint(0, 10**9)}", (404,)),
            (f"/search?q={urllib.parse.quote(tag)}&page={rng.randint(1, 40)}", (200, 404)),
        ])
        status, _, _ = client.request("GET", path)
        return status in expected, f"{path} {status}"
    if kind == "comment":
        story = rng.choice(stories)
        body = urllib.parse.urlencode({
            "name": f"Soak reader {tag}", "email": f"soak-{tag}@example.org",
            "body": f"A soak comment, number {tag}, on how the ferry timetable changed.", "website": ""})
        headers = dict(Newsroom.form_headers(port), **{"X-Forwarded-For": reader_address(rng)})
        status, _, _ = client.request("POST", story + "/comments", body, headers)
        return status == 303, f"comment on {story}: {status}"
    if kind == "vote":
        story = rng.choice(stories)
        body = urllib.parse.urlencode({"vote": rng.choice(["yes", "no"])})
        # A reader who has voted before (their cookie), or a new one, from an address of their own.
        headers = dict(Newsroom.form_headers(port), Cookie=f"dl_reader={rng.getrandbits(128):032x}",
                       **{"X-Forwarded-For": reader_address(rng)})
        status, _, _ = client.request("POST", story + "/reaction", body, headers)
        return status in (200, 303), f"vote on {story}: {status}"
    if kind == "search":
        query = " ".join(rng.sample(WORDS, rng.randint(1, 2)))
        path = "/search?q=" + urllib.parse.quote(query)
        status, _, _ = client.request("GET", path)
        return status == 200, f"{path} {status}"
    if kind == "save":
        story_id = rng.choice(newsroom.story_ids)
        path = f"/newsroom/stories/{story_id}"
        status, _, page = client.request("GET", path, headers={"Cookie": newsroom.cookie})
        if status != 200:
            return False, f"open {path}: {status}"
        # The body gets a new last line each save (replacing the last save's), so stories
        # change without growing.
        fields = [(name, value.split("\n\nSoak edit ")[0] + f"\n\nSoak edit {tag}." if name == "body" else value)
                  for name, value in form_fields(page)]
        headers = dict(Newsroom.form_headers(port), Cookie=newsroom.cookie)
        status, _, answer = client.request("POST", path, urllib.parse.urlencode(fields), headers)
        # 303: saved. 409/422: someone saved first, or the form asked for a correction (shown, not lost).
        return status in (303, 409, 422), f"save {path}: {status} {answer[:200]!r}"
    if kind == "upload":
        boundary = f"soak-{tag}"
        parts = [(b"csrf", newsroom.csrf.encode()), (b"alt", f"Soak photo {tag}".encode()),
                 (b"caption", b""), (b"credit", b"Soak desk")]
        body = b"".join(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + name +
                        b"\"\r\n\r\n" + value + b"\r\n" for name, value in parts)
        body += (b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"file\"; "
                 b"filename=\"soak.png\"\r\nContent-Type: image/png\r\n\r\n" + tiny_png(hash(tag) % 251) +
                 b"\r\n--" + boundary.encode() + b"--\r\n")
        headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": newsroom.cookie,
                   "Content-Type": f"multipart/form-data; boundary={boundary}"}
        status, _, answer = client.request("POST", "/newsroom/media", body, headers)
        return status == 200, f"upload: {status} {answer[:200]!r}"
    raise ValueError(kind)


def prepare_store():
    store = os.path.join(ROOT, "bench", ".work", f"soak-store-{STORIES}")
    if not os.path.isdir(store):
        if not os.path.exists(GENERATOR):
            sys.exit(f"{GENERATOR} is missing: cargo build --release -p dateline-bench-generator")
        print(f"[soak] generating {STORIES} stories into {store}", file=sys.stderr)
        subprocess.run([GENERATOR, "generate", "--data", store + ".partial", "--stories", str(STORIES),
                        "--comments-per-story", "3", "--base-url", "http://127.0.0.1:8080"], check=True)
        os.rename(store + ".partial", store)
    return store


def main():
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: cargo build --release -p dateline")
    try:
        import matplotlib  # noqa: F401 (the plot is drawn at the end: missing, the hour is lost)
    except ImportError:
        sys.exit("the plot needs matplotlib: pip install matplotlib")
    os.makedirs(OUT, exist_ok=True)
    store = prepare_store()
    work = tempfile.mkdtemp(prefix="dateline-soak.")
    data = os.path.join(work, "data")
    shutil.copytree(store, data)
    port = free_port()
    env = dict(os.environ, RUST_LOG="warn")
    env.pop("DATABASE_URL", None)
    added = subprocess.run([BINARY, "user", "add", "soak", "--role", "editor", "--data", data],
                           env=env, check=True, capture_output=True, text=True)
    password = added.stdout.split("(shown only this once): ")[1].split()[0]
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([BINARY, "serve", "--addr", f"127.0.0.1:{port}", "--data", data,
                               "--trust-proxy"], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if Client(port).request("GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                sys.exit("the node did not become ready")
            time.sleep(0.1)
        _, _, sitemap = Client(port).request("GET", "/sitemap.xml")
        stories = sitemap_stories(port, sitemap)
        print(f"[soak] {len(stories)} stories, {WORKERS} workers, {SECONDS} s", file=sys.stderr)
        newsroom = Newsroom(port, password)
        stats, stop = Stats(), threading.Event()
        threads = [threading.Thread(target=worker, args=(n, port, stories, newsroom, stats, stop), daemon=True)
                   for n in range(WORKERS)]
        for thread in threads:
            thread.start()
        rows = []
        started = time.time()
        while time.time() - started < SECONDS:
            time.sleep(min(INTERVAL, max(0.0, SECONDS - (time.time() - started))))
            latencies, errors = stats.take()
            if server.poll() is not None:
                stop.set()
                sys.exit("the node exited during the soak")
            rows.append((time.time() - started, latencies, errors, rss_mib(server.pid)))
            total = sum(len(v) for v in latencies.values())
            print(f"[soak] {rows[-1][0]:6.0f} s: {total} requests, {sum(errors.values())} errors, "
                  f"RSS {rows[-1][3]:.1f} MiB", file=sys.stderr)
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        return report(rows, stats.examples)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def sitemap_stories(port, index):
    """Every story path the sitemaps list (following a sitemap index)."""
    paths = []
    locations = [urllib.parse.urlparse(loc.decode()).path for loc in re.findall(rb"<loc>([^<]+)</loc>", index)]
    for location in locations:
        if location.endswith(".xml"):
            _, _, sub = Client(port).request("GET", location)
            paths += [urllib.parse.urlparse(loc.decode()).path for loc in re.findall(rb"<loc>([^<]+)</loc>", sub)]
        else:
            paths.append(location)
    stories = [p for p in paths if "/article/" in p]
    if not stories:
        sys.exit("the sitemaps list no story")
    return stories


def report(rows, examples):
    kinds = list(WEIGHTS)
    lines = ["| minute | requests | errors | " + " | ".join(f"{k} p99" for k in kinds) + " | all p50 | all p99 | RSS |",
             "|---:" * (len(kinds) + 6) + "|"]
    for at, latencies, errors, rss in rows:
        everything = [v for values in latencies.values() for v in values]
        cells = [f"{percentile(latencies[k], 99):.1f}" for k in kinds]
        lines.append(f"| {at / 60:.1f} | {len(everything)} | {sum(errors.values())} | " + " | ".join(cells) +
                     f" | {percentile(everything, 50):.1f} | {percentile(everything, 99):.1f} | {rss:.1f} MiB |")
    total_errors = sum(sum(errors.values()) for _, _, errors, _ in rows)
    total = sum(sum(len(v) for v in latencies.values()) for _, latencies, _, _ in rows)
    growth = rows[-1][3] - rows[0][3] if rows else 0.0
    lines += ["", f"- {total} requests in {rows[-1][0] / 60:.1f} minutes, {total_errors} errors"
              + (": " + "; ".join(examples[:5]) if examples else ""),
              f"- RSS {rows[0][3]:.1f} MiB after the first interval, {rows[-1][3]:.1f} MiB at the end "
              f"({growth:+.1f} MiB; at most +{MAX_GROWTH_MIB:.0f} allowed), latencies in ms"]
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(OUT, "soak.md"), "w") as out:
        out.write(table + "\n")
    plot(rows)
    return 0 if total_errors == 0 and growth <= MAX_GROWTH_MIB else 1


def plot(rows):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [at / 60 for at, _, _, _ in rows]
    figure, (latency_axis, memory_axis) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for kind in WEIGHTS:
        latency_axis.plot(minutes, [percentile(latencies[kind], 99) for _, latencies, _, _ in rows], label=kind)
    latency_axis.set_ylabel("p99 (ms)")
    latency_axis.set_yscale("log")
    latency_axis.legend(fontsize=7, ncol=4)
    latency_axis.set_title("Dateline soak: p99 by kind of request, and the node's memory")
    memory_axis.plot(minutes, [rss for _, _, _, rss in rows], color="black")
    memory_axis.set_ylabel("RSS (MiB)")
    memory_axis.set_xlabel("minutes")
    memory_axis.set_ylim(bottom=0)
    figure.tight_layout()
    figure.savefig(os.path.join(OUT, "soak.png"), dpi=100)


if __name__ == "__main__":
    sys.exit(main())
