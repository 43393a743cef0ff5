#!/usr/bin/env bash
# Benchmark (not a test): API calls and wall time of one `aiops detect --once` cycle over 1,000
# instances against moto's server (see scripts/bench/aws_cycle.py).
#   scripts/bench/aws-cycle.sh [--instances N]
# AIOPS_BENCH_CONFIGURATION=debug measures the debug build; AIOPS_BENCH_BIN an aiops already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${AIOPS_VENV:-.venv}"
[ -x "$venv/bin/moto_server" ] || scripts/install-test-deps.sh
configuration="${AIOPS_BENCH_CONFIGURATION:-release}"
if [ -n "${AIOPS_BENCH_BIN:-}" ]; then
    bin="$AIOPS_BENCH_BIN"
else
    swift build -c "$configuration" --product aiops >/dev/null
    bin="$(swift build -c "$configuration" --show-bin-path)/aiops"
fi
exec "$venv/bin/python" scripts/bench/aws_cycle.py --aiops "$bin" --moto-server "$venv/bin/moto_server" "$@"
