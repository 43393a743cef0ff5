#!/usr/bin/env bash
# Benchmark (not a test): wrk against GET /api/v1/incidents?limit=50 of a release `aiops serve`
# holding 10,000 incidents, on loopback. Prints requests/s and latency percentiles (p99 among them):
#   1. at a held rate of about 1,000 requests/s (the target: p99 < 10 ms), --runs times; Debian
#      ships wrk, not wrk2, so a wrk Lua script paces the requests (see pace.lua below); wrk2's -R
#      is used instead when it is installed;
#   2. at the most the server gives (16 connections).
# Each run prints the load average before it: other work on the machine skews the figures.
#   scripts/bench/dashboard.sh [--incidents N] [--seconds S] [--runs N] [--rate R] [--db]
set -euo pipefail
cd "$(dirname "$0")/../.."

incidents=10000
seconds=20
runs=1
rate=1000
use_db=0
while [ $# -gt 0 ]; do
    case "$1" in
        --incidents) incidents="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --rate) rate="$2"; shift 2 ;;
        --db) use_db=1; shift ;;
        *) echo "usage: $0 [--incidents N] [--seconds S] [--runs N] [--rate R] [--db]" >&2; exit 2 ;;
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
echo "== aiops serve (${AIOPS_BENCH_BIN:-$configuration build}) with $incidents incidents$([ "$use_db" = 1 ] && echo ' in SQLite' || echo ' in memory'): $target"
{ curl -sf -H "$auth" "$target" || true; } | head -c 200 || true; echo " …"

# Holding a rate with plain wrk: each connection waits `delay()` ms after an answer before its next
# request, so a thread's rate is connections / (wait + latency). Each thread counts its answers per
# wall-clock second and sets the wait so that this rate is its share of the target: the rate stays
# near the target whatever the latency, as wrk2's -R would hold it. (Unlike wrk2, a stalled answer
# delays that connection's next request, so a long stall is counted once, not for every request it
# held up: the p99 below is the server's, under a load of about the target.)
threads=2
connections=20
cat >"$work/pace.lua" <<LUA
local share = $rate / $threads            -- requests/s this thread should make
local connections = $connections / $threads
local wait = connections * 1000 / share   -- ms; the guess for zero latency
local second, answers = os.time(), 0
function delay() return wait end
function response()
    answers = answers + 1
    local now = os.time()
    if now ~= second then
        if now == second + 1 and answers > 0 then
            -- latency (ms) implied by this second: connections / rate = (wait + latency) / 1000
            local latency = math.max(0, connections * 1000 / answers - wait)
            wait = math.max(0, connections * 1000 / share - latency)
        end
        second, answers = now, 0
    end
end
LUA

summary() {  # the requests/s and p99 lines of a wrk report
    awk '/Requests\/sec/ {rps=$2} $1 == "99%" {p99=$2} END {printf "requests/s %s, p99 %s\n", rps, p99}' "$1"
}

wrk -t1 -c4 -d3s -H "$auth" "$target" >/dev/null   # warm-up

for run in $(seq 1 "$runs"); do
    echo "== run $run of $runs: held at about $rate requests/s; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    if wrk -R 1 -d1s "$target" >/dev/null 2>&1; then
        wrk -t"$threads" -c"$connections" -d"${seconds}s" -R"$rate" --latency -H "$auth" "$target" | tee "$work/wrk.txt"
    else
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$work/pace.lua" -H "$auth" "$target" \
            | tee "$work/wrk.txt"
    fi
    echo "-- run $run at about $rate/s: $(summary "$work/wrk.txt"); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo "== the most it gives, 16 connections; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c16 -d"${seconds}s" --latency -H "$auth" "$target" | tee "$work/wrk.txt"
echo "-- the most it gives: $(summary "$work/wrk.txt")"
