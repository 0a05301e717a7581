#!/usr/bin/env bash
# Importing a WordPress archive: `dateline import wordpress` on exports made by
# bench/wxr_generator.py, each run timed by /usr/bin/time -v (wall time, peak RSS) in a fresh
# data folder. Two measurements:
#   1. 10,000 posts with 30,000 comments into an empty SQLite store (target: <= 10 s, peak
#      RSS <= 128 MiB), then the same file again (a second run finds everything unchanged);
#   2. reading: a dry run (reads and converts everything, writes nothing) of a >= 1 GB export
#      and of one 1/8 its size (same posts, fewer of them): MB/s, and both peak RSS figures side
#      by side, which should be about equal (memory independent of the file's size).
# Prints a Markdown table at the end. The exports are generated before each run and are in
# the page cache when read: this measures the importer, not the disk.
#
#   ./bench/import.sh [BINARY]                                  # default: target/release/dateline
#   BENCH_POSTS=200 BENCH_BIG_BYTES=20000000 ./bench/import.sh  # a quick look
#
# Settings: BENCH_POSTS (10000), BENCH_COMMENTS_PER_POST (3), BENCH_BIG_BYTES (1073741824),
# BENCH_BIG_BODY_BYTES (100000: each post of the big file, so it has fewer posts for its
# bytes), BENCH_SEED (1), BENCH_KEEP=1 keeps the temporary folder (exports, stores, reports).
# Needs python3 and GNU time (`apt-get install time`); the temporary folder ($TMPDIR, else
# /tmp) needs about BENCH_BIG_BYTES + 100 MB free.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BINARY=${1:-$ROOT/target/release/dateline}
POSTS=${BENCH_POSTS:-10000}
COMMENTS_PER_POST=${BENCH_COMMENTS_PER_POST:-3}
BIG_BYTES=${BENCH_BIG_BYTES:-1073741824}
BIG_BODY_BYTES=${BENCH_BIG_BODY_BYTES:-100000}
SEED=${BENCH_SEED:-1}
GENERATOR=$BENCH_DIR/wxr_generator.py

[[ -x /usr/bin/time ]] || { echo "GNU time is needed at /usr/bin/time (apt-get install time)" >&2; exit 1; }
/usr/bin/time -v true 2>/dev/null || { echo "/usr/bin/time is not GNU time (no -v); apt-get install time" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
[[ -x $BINARY ]] || { echo "no binary at $BINARY (cargo build --release -p dateline)" >&2; exit 1; }

WORK=$(mktemp -d -t dateline-import-bench.XXXXXX)
cleanup() {
    if [[ -n ${BENCH_KEEP:-} ]]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# generate NAME ARGS...: writes $WORK/NAME.xml; the generator's summary goes to NAME.gen.
generate() {
    local name=$1
    shift
    python3 "$GENERATOR" --seed "$SEED" --comments-per-post "$COMMENTS_PER_POST" "$@" \
        -o "$WORK/$name.xml" 2>&1 | tee "$WORK/$name.gen" >&2
    BYTES[$name]=$(stat -c %s "$WORK/$name.xml")
}
declare -A BYTES
# gen_count NAME WHAT: posts, pages or comments the generator wrote.
gen_count() { sed -n "s/.* \([0-9]*\) $2.*/\1/p" "$WORK/$1.gen" | tail -1; }

# run NAME DATA ARGS...: runs `dateline import wordpress ARGS --data DATA` under time -v;
# report in NAME.out, stderr in NAME.err, time's figures in NAME.time.
run() {
    local name=$1 data=$2
    shift 2
    mkdir -p "$data"
    if ! /usr/bin/time -v -o "$WORK/$name.time" "$BINARY" import wordpress "$@" --data "$data" \
        >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "the import ($name) failed:" >&2
        tail -20 "$WORK/$name.err" >&2
        exit 1
    fi
}
# seconds NAME: the wall time, in seconds.
seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$WORK/$1.time"
}
# rss NAME: the peak resident set size, in MiB.
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$1.time"; }
# tally NAME KIND COLUMN: a figure of the report's table (COLUMN 2 imported, 3 updated,
# 4 unchanged, 5 skipped); 0 when the kind is absent.
tally() { awk -v kind="$2" -v col="$3" '$1 == kind && NF == 5 { v = $col } END { print v + 0 }' "$WORK/$1.out"; }
# check_skips NAME: warns of the kinds with things skipped, with the report's lines about them.
check_skips() {
    local name=$1 kinds
    kinds=$(awk 'NF == 5 && $5 ~ /^[0-9]+$/ && $5 > 0 { print $1 " " $5 }' "$WORK/$name.out")
    if [[ -n $kinds ]]; then
        echo "WARNING ($name): the import skipped: $(echo "$kinds" | paste -sd, -)" >&2
        grep -E '^skipped ' "$WORK/$name.out" | head -20 >&2 || true
        WARNINGS+=("$name skipped: $(echo "$kinds" | paste -sd, -)")
    fi
}
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.0f}" 'BEGIN { if (b > 0) printf f, a / b; else print "-" }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
WARNINGS=()

# 1. A whole import into an empty store, then again.
say "generating $POSTS posts with $COMMENTS_PER_POST comments each"
generate posts --posts "$POSTS"
say "importing $(mb "${BYTES[posts]}") MB into an empty store"
run first "$WORK/store" "$WORK/posts.xml"
check_skips first
say "importing the same file again"
run again "$WORK/store" "$WORK/posts.xml"
check_skips again
FIRST_S=$(seconds first)
AGAIN_S=$(seconds again)
STORIES=$(tally first story 2)
COMMENTS=$(tally first comment 2)
[[ $STORIES == "$(gen_count posts posts)" ]] ||
    WARNINGS+=("first run: $STORIES stories imported of $(gen_count posts posts) posts generated")
[[ $COMMENTS == "$(gen_count posts comments)" ]] ||
    WARNINGS+=("first run: $COMMENTS comments imported of $(gen_count posts comments) generated")
[[ $(tally again story 4) == "$STORIES" && $(tally again story 2) == 0 && $(tally again story 3) == 0 ]] ||
    WARNINGS+=("second run: not everything unchanged (stories: $(tally again story 2) imported, $(tally again story 3) updated, $(tally again story 4) unchanged)")

# 2. Reading: dry runs of 1/8 of the big size, then of the big size (generated in that
# order, each deleted after its run, so the disk holds one at a time).
dry() {
    local name=$1 bytes=$2
    say "generating a $(mb "$bytes") MB export (posts of about $BIG_BODY_BYTES bytes)"
    generate "$name" --target-bytes "$bytes" --body-bytes "$BIG_BODY_BYTES" --progress
    say "dry run of $name.xml"
    run "$name" "$WORK/store-$name" "$WORK/$name.xml" --dry-run
    check_skips "$name"
    local read expected
    read=$(tally "$name" story 2)
    expected=$(gen_count "$name" posts)
    [[ $read == "$expected" ]] || WARNINGS+=("$name: $read stories read of $expected posts generated")
    [[ -n ${BENCH_KEEP:-} ]] || rm -f "$WORK/$name.xml"
}
dry eighth $((BIG_BYTES / 8))
dry big "$BIG_BYTES"

EIGHTH_S=$(seconds eighth)
BIG_S=$(seconds big)
EIGHTH_RSS=$(rss eighth)
BIG_RSS=$(rss big)
FIRST_RSS=$(rss first)
target() { awk -v ok="$1" 'BEGIN { print (ok ? "PASS" : "FAIL") }'; }
FIRST_OK=$(target "$(awk -v s="$FIRST_S" -v r="$FIRST_RSS" -v p="$POSTS" 'BEGIN { print (s * 10000 <= 10 * p && r <= 128) }')")
BIG_OK=$(target "$(awk -v r="$BIG_RSS" 'BEGIN { print (r <= 128) }')")

echo
echo "Binary: $BINARY; $(nproc) CPUs; seed $SEED; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| run | file | what | wall | rate | peak RSS | target |"
echo "|---|---:|---|---:|---:|---:|---|"
printf '| import, empty store | %s MB | %s stories, %s comments | %s s | %s stories/s | %s MiB | %s (≥ 1,000 stories/s: 10,000 in ≤ 10 s; ≤ 128 MiB) |\n' \
    "$(mb "${BYTES[posts]}")" "$STORIES" "$COMMENTS" "$FIRST_S" "$(div "$STORIES" "$FIRST_S")" "$FIRST_RSS" "$FIRST_OK"
printf '| same file again | %s MB | %s stories, %s comments unchanged | %s s | %s stories/s | %s MiB | |\n' \
    "$(mb "${BYTES[posts]}")" "$(tally again story 4)" "$(tally again comment 4)" "$AGAIN_S" \
    "$(div "$(tally again story 4)" "$AGAIN_S")" "$(rss again)"
printf '| dry run, 1/8 size | %s MB | %s stories read | %s s | %s MB/s | %s MiB | |\n' \
    "$(mb "${BYTES[eighth]}")" "$(tally eighth story 2)" "$EIGHTH_S" \
    "$(div "$(mb "${BYTES[eighth]}")" "$EIGHTH_S" %.1f)" "$EIGHTH_RSS"
printf '| dry run, full size | %s MB | %s stories read | %s s | %s MB/s | %s MiB | %s (≤ 128 MiB, flat) |\n' \
    "$(mb "${BYTES[big]}")" "$(tally big story 2)" "$BIG_S" \
    "$(div "$(mb "${BYTES[big]}")" "$BIG_S" %.1f)" "$BIG_RSS" "$BIG_OK"
echo
printf 'Peak RSS of the dry runs: %s MiB for %s MB, %s MiB for %s MB (%sx the memory for %sx the bytes).\n' \
    "$EIGHTH_RSS" "$(mb "${BYTES[eighth]}")" "$BIG_RSS" "$(mb "${BYTES[big]}")" \
    "$(div "$BIG_RSS" "$EIGHTH_RSS" %.2f)" "$(div "${BYTES[big]}" "${BYTES[eighth]}" %.1f)"
for warning in "${WARNINGS[@]}"; do
    echo "WARNING: $warning"
done
