#!/usr/bin/env bash
# Benchmark (not a test): wrk against GET /api/v1/incidents?limit=50 of a release `aiops serve`
# holding 10,000 incidents, on loopback. Prints requests/s and latency percentiles (p99 among them):
#   1. at a fixed rate of about 1,000 requests/s (the target: p99 < 10 ms), paced by a wrk Lua
#      delay since Debian ships wrk, not wrk2 (wrk2's -R is used instead when it is installed);
#   2. at the most the server gives (16 connections).
#   scripts/bench/dashboard.sh [--incidents N] [--seconds S] [--db]
set -euo pipefail
cd "$(dirname "$0")/../.."

incidents=10000
seconds=20
use_db=0
while [ $# -gt 0 ]; do
    case "$1" in
        --incidents) incidents="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --db) use_db=1; shift ;;
        *) echo "usage: $0 [--incidents N] [--seconds S] [--db]" >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; fi
fi

# AIOPS_BUILD_PATH: another scratch folder, so a debug build can go on in .build meanwhile.
# AIOPS_BENCH_CONFIGURATION=debug measures the debug build (quicker to get, slower to run).
scratch="${AIOPS_BUILD_PATH:-.build}"
configuration="${AIOPS_BENCH_CONFIGURATION:-release}"
# AIOPS_BENCH_BIN: an aiops binary already built, measured as it is.
if [ -n "${AIOPS_BENCH_BIN:-}" ]; then
    bin="$AIOPS_BENCH_BIN"
else
    swift build -c "$configuration" --product aiops --scratch-path "$scratch" >/dev/null
    bin="$(swift build -c "$configuration" --scratch-path "$scratch" --show-bin-path)/aiops"
fi
work="$(mktemp -d)"
token="bench-$(date +%s)"
args=(serve --host 127.0.0.1 --port 0 --token "$token" --seed "$incidents")
[ "$use_db" = 1 ] && args+=(--db "$work/bench.sqlite")
touch "$work/out" "$work/err"
"$bin" "${args[@]}" >"$work/out" 2>"$work/err" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT

url=""
for _ in $(seq 1 600); do
    url="$(sed -n 's/^dashboard: //p' "$work/out" | head -n1)"
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "the server did not start" >&2; exit 1; }
target="${url%/}/api/v1/incidents?limit=50"
auth="Authorization: Bearer $token"
echo "== aiops serve ($configuration build) with $incidents incidents$([ "$use_db" = 1 ] && echo ' in SQLite' || echo ' in memory'): $target"
curl -sf -H "$auth" "$target" | head -c 200; echo " …"

# Each connection waits 10 ms between requests: 10 connections make at most ~1,000 requests/s.
cat >"$work/pace.lua" <<'LUA'
function delay() return 10 end
LUA

wrk -t1 -c4 -d3s -H "$auth" "$target" >/dev/null   # warm-up

echo "== fixed rate, about 1,000 requests/s"
if wrk -R 1 -d1s "$target" >/dev/null 2>&1; then
    wrk -t2 -c10 -d"${seconds}s" -R1000 --latency -H "$auth" "$target"
else
    wrk -t2 -c10 -d"${seconds}s" --latency -s "$work/pace.lua" -H "$auth" "$target"
fi

echo "== the most it gives, 16 connections"
wrk -t2 -c16 -d"${seconds}s" --latency -H "$auth" "$target"
