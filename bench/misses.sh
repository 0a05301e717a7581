#!/usr/bin/env bash
# Random articles over a whole store (the long tail a CDN sends to the origin), measured for two
# builds in the same run, alternating, each round on a fresh node (an empty page cache) over a
# copy of the same store, so that what a change buys reads as a ratio.
#
#   bench/misses.sh BEFORE_BINARY AFTER_BINARY [STORE]
#
# STORE defaults to a 10,000-story store made once by `dateline-bench-generator` (next to the
# AFTER binary) under bench/.work/. Settings: ROUNDS (3), SECONDS_EACH (15), CONNECTIONS (64),
# COPY (1; 0 serves STORE in place, for a store too large to copy: reading pages writes nothing,
# but the node applies pending migrations and builds a missing search index first).
# A STORE written `FOLDER=postgres://user@host/db` is one the generator wrote to PostgreSQL (its
# media under FOLDER), as for bench/page_types.py; it is always served in place.
set -euo pipefail
before=$1 after=$2
here=$(cd "$(dirname "$0")" && pwd)
store=${3:-$here/.work/misses-store-10000}
database_url=
case $store in
  *=postgres://* | *=postgresql://*) database_url=${store#*=} store=${store%%=*} COPY=0 ;;
esac
rounds=${ROUNDS:-3} seconds=${SECONDS_EACH:-15} connections=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=18090
if [ ! -d "$store" ]; then
  "$(dirname "$after")/dateline-bench-generator" generate --data "$store" --stories 10000 \
    --base-url "http://127.0.0.1:$port" >/dev/null
fi
# Every published article's path, percent-encoded, from the store itself.
published="SELECT edition, slug FROM articles WHERE status = 'published'"
if [ -n "$database_url" ]; then
  psql -At -F $'\t' "$database_url" -c "$published"
else
  python3 -c 'import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for row in db.execute(sys.argv[2]): print("\t".join(row))' "$store/dateline.db" "$published"
fi | python3 -c 'import sys, urllib.parse
for line in sys.stdin:
    edition, slug = line.rstrip("\n").split("\t")
    prefix = "/ar" if edition == "ar" else ""
    print(urllib.parse.quote(f"{prefix}/article/{slug}"))' > "$work/paths.txt"
cat > "$work/random.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths+1] = line end
math.randomseed(os.time())
request = function() return wrk.format("GET", paths[math.random(#paths)], {["Accept-Encoding"]="gzip, br"}) end
LUA
run() { # binary label
  local data=$store
  if [ "${COPY:-1}" != 0 ]; then rm -rf "$work/store"; cp -r "$store" "$work/store"; data=$work/store; fi
  DATABASE_URL=$database_url "$1" serve --addr "127.0.0.1:$port" --data "$data" >"$work/$2.log" 2>&1 & pid=$!
  for _ in $(seq 1 18000); do curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/random.lua" "http://127.0.0.1:$port" > "$work/wrk.txt"
  local rss; rss=$(awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  awk -v label="$2" -v rss="$rss" '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {errors+=$NF} /Socket errors/ {errors+=1}
    END {printf "| %s | %d | %s | %s | %d MiB | %d |\n", label, rps, p50, p99, rss, errors}' "$work/wrk.txt"
}
echo "$(wc -l < "$work/paths.txt") articles; $rounds rounds of ${seconds}s at $connections connections"
echo "| build | req/s | p50 | p99 | RSS after | errors |"
echo "|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
  run "$before" "before-$round"
  run "$after" "after-$round"
done
