#!/usr/bin/env bash
# Search benchmark (issue #5): indexes 100,000 generated stories (50,000 English, 50,000
# Arabic) on disk and times 2,000 mixed queries; prints a Markdown table.
# Set CARGO_TARGET_DIR to build somewhere other than ./target.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -p dateline-search --example search_bench
