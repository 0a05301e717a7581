#!/usr/bin/env python3
"""What each kind of page costs to render on a small store and on a large one, as ratios: the
growth with the archive, which should be flat (issue #13: p50 at 1,000,000 stories within 1.3x
of its value at 10,000).

    python3 bench/page_types.py SMALL_STORE LARGE_STORE [BINARY]

Each store is a data folder made by `dateline-bench-generator generate` (the same generator
settings but the number of stories); `FOLDER=postgres://user@host/db` names a store the
generator wrote to PostgreSQL (`--database-url`), its media under FOLDER. BINARY defaults to
target/release/dateline. Each store is served in turn by a node keeping no pages
(`--page-cache-mib 0`), so that every request is rendered: what a CDN's or the page cache's
miss costs. The node is started on the folder as it
is (migrations are applied, the search index is built if missing, and a newsroom user is added
for the story list), and waits until `/readyz` says it is ready. Every page type then gets
`wrk -t1 -c4` for SECONDS_EACH (10) seconds; PAGES=search,home measures only the page types
whose names start with those words. Needs `wrk`.
"""

import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECONDS = int(os.environ.get("SECONDS_EACH", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "4"))
PAGES = [name for name in os.environ.get("PAGES", "").split(",") if name]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BUSIEST_TAG = ("SELECT t.slug FROM tags t WHERE t.edition = 'en' ORDER BY"
               " (SELECT COUNT(*) FROM article_tags l WHERE l.tag_id = t.id) DESC LIMIT 1")
BUSIEST_AUTHOR = ("SELECT au.slug FROM authors au ORDER BY"
                  " (SELECT COUNT(*) FROM article_authors l WHERE l.author_id = au.id) DESC LIMIT 1")
FIRST_STORY = ("SELECT slug FROM articles WHERE edition = 'en' AND status = 'published'"
               " ORDER BY id LIMIT 1")


def split_store(store):
    """The data folder and, for a PostgreSQL store, its database's URL."""
    folder, _, database_url = store.partition("=")
    return folder, database_url or None


def one_value(store, sql):
    folder, database_url = split_store(store)
    if database_url:
        return subprocess.run(["psql", "-At", database_url, "-c", sql], capture_output=True,
                              text=True, check=True).stdout.strip()
    db = sqlite3.connect(f"file:{os.path.join(folder, 'dateline.db')}?mode=ro", uri=True)
    return db.execute(sql).fetchone()[0]


def pages_of(store):
    """The page of each type to measure, chosen from the store: its busiest tag and author, its
    first story. A story sitemap holds every story of its range of ids (50,000 at most), so the
    large store's holds more entries than the small one's: compare it per entry."""
    tag, author = one_value(store, BUSIEST_TAG), one_value(store, BUSIEST_AUTHOR)
    story = one_value(store, FIRST_STORY)
    return [page for page in [
        ("home", "/", False),
        ("article", "/article/" + urllib.parse.quote(story), False),
        ("section, page 50", "/section/news?page=50", False),
        ("tag", "/tag/" + urllib.parse.quote(tag), False),
        ("author, page 50", "/author/" + urllib.parse.quote(author) + "?page=50", False),
        ("search", "/search?q=harbour", False),
        ("search, two words", "/search?q=harbour+council", False),
        ("search, two words in nearly every story", "/search?q=residents+said", False),
        ("feed, edition", "/rss.xml", False),
        ("feed, tag", "/tag/" + urllib.parse.quote(tag) + "/rss.xml", False),
        ("sitemap index", "/sitemap.xml", False),
        ("sitemap, news", "/sitemaps/news.xml", False),
        ("sitemap, tags", "/sitemaps/tags.xml", False),
        ("sitemap, authors", "/sitemaps/authors.xml", False),
        ("sitemap, stories 1", "/sitemaps/stories-1.xml", False),
        ("newsroom story list", "/newsroom/stories", True),
        ("newsroom drafts", "/newsroom/stories?status=draft", True),
    ] if not PAGES or any(page[0].startswith(name) for name in PAGES)]


def sign_in(port, user, password):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form = urllib.parse.urlencode({"username": user, "password": password})
    client.request("POST", "/newsroom/login", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"})
    answer = client.getresponse()
    answer.read()
    if answer.status != 303:
        sys.exit(f"could not sign in ({answer.status})")
    return answer.getheader("set-cookie").split(";")[0]


def wrk(port, path, cookie):
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency",
            "-H", "Accept-Encoding: gzip, br"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True,
                         text=True, check=True).stdout
    def ms(label):
        value = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)$", out, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    if errors or "Socket errors" in out:
        sys.exit(f"{path}: errors\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return ms(50), ms(99), rate


def measure(binary, store):
    env = dict(os.environ, RUST_LOG="warn")
    env.pop("DATABASE_URL", None)
    label, (store, database_url) = store, split_store(store)
    if database_url:
        env["DATABASE_URL"] = database_url
    user = f"pagetypes{os.getpid()}x{time.monotonic_ns()}"
    added = subprocess.run([binary, "user", "add", user, "--role", "editor", "--data", store], env=env,
                           check=True, capture_output=True, text=True).stdout
    password = added.split("(shown only this once): ")[1].split()[0]
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="page-types-", suffix=".log", delete=False)
    server = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}", "--data", store,
                               "--page-cache-mib", "0"], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 1800
        while True:
            try:
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                client.request("GET", "/readyz")
                if client.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                sys.exit(f"the node on {label} did not get ready; its log: {log.name}")
            time.sleep(1)
        cookie = sign_in(port, user, password)
        results = {}
        for page, path, staff in pages_of(label):
            wrk(port, path, cookie if staff else None)  # warm the store's pages
            results[page] = (path, *wrk(port, path, cookie if staff else None))
            print(f"  {store}: {page} {results[page]}", file=sys.stderr)
        return results
    finally:
        server.terminate()
        server.wait()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if shutil.which("wrk") is None:
        sys.exit("needs wrk (apt-get install wrk)")
    small, large = sys.argv[1], sys.argv[2]
    binary = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "target", "release", "dateline")
    before, after = measure(binary, small), measure(binary, large)
    print(f"Every request rendered (`--page-cache-mib 0`), wrk -t1 -c{CONNECTIONS}, {SECONDS} s each.\n")
    print("| page | p50 small | p50 large | p50 ratio | p99 small | p99 large | p99 ratio | req/s small | req/s large |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, (path, p50, p99, rate) in before.items():
        _, big_p50, big_p99, big_rate = after[label]
        print(f"| {label} (`{path}` on the small store) | {p50:.1f} ms | {big_p50:.1f} ms | {big_p50 / p50:.2f} "
              f"| {p99:.1f} ms | {big_p99:.1f} ms | {big_p99 / p99:.2f} | {rate:,.0f} | {big_rate:,.0f} |")


if __name__ == "__main__":
    main()
