#!/usr/bin/env bash
# The Content API under load, on one machine: a page of 15 posts with tags and authors, served
# from the page cache (the same question again and again) and rendered each time (a parameter
# that changes with every request makes every one a miss). Prints requests/s for each.
#
#   ./bench/api.sh [BINARY]          # default: target/release/dateline
#   BENCH_SECONDS=5 ./bench/api.sh   # a quick look
#   BENCH_ENCODING=br ./bench/api.sh # ask for brotli, as browsers and CDNs do
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BINARY=${1:-$ROOT/target/release/dateline}
DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ADDR=127.0.0.1:18090

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[[ -x $BINARY ]] || { echo "no binary at $BINARY (cargo build --release)" >&2; exit 1; }

DATA=$(mktemp -d -t dateline-api-bench.XXXXXX)
SERVER=""
cleanup() {
    [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$DATA"
}
trap cleanup EXIT

KEY=$("$BINARY" key add content Bench --data "$DATA" | sed -n 's/^Key .*: //p')
"$BINARY" --data "$DATA" --addr "$ADDR" >"$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fs -o /dev/null "http://$ADDR/ghost/api/content/settings/?key=$KEY" && break
    sleep 0.1
done

URL="http://$ADDR/ghost/api/content/posts/?key=$KEY&include=tags,authors&limit=15"
cat >"$DATA/miss.lua" <<'LUA'
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", wrk.path .. "&n=" .. counter .. "-" .. math.random(1, 1000000000))
end
LUA

rps() { awk '/Requests\/sec/ { print $2 }'; }
curl -fs -o /dev/null "$URL"
HEADER=()
[[ -n ${BENCH_ENCODING:-} ]] && HEADER=(-H "Accept-Encoding: $BENCH_ENCODING")
HIT=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${HEADER[@]}" "$URL" | rps)
MISS=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${HEADER[@]}" -s "$DATA/miss.lua" "$URL" | rps)
printf '| %s | %s | %s |\n' "$(basename "$BINARY")" "$HIT" "$MISS"
