#!/usr/bin/env bash
# Isolation Forest throughput, aiops against scikit-learn on the same data in the same run: train
# and score, 100 trees, ψ = 256, for 4,032×1, 20,160×4 and 1,000,000×4 points; aiops on one thread
# and on all cores, scikit-learn on one (n_jobs=1). Prints points/s and the ratios.
#   scripts/bench/isolation_forest.sh [--repeats N] [--cases 4032x1,20160x4,1000000x4]
# Uses the Python of $AIOPS_VENV or .venv when it has scikit-learn; otherwise makes a venv with it
# under .build-bench/ (the product itself never runs Python).
set -euo pipefail
cd "$(dirname "$0")/../.."

repeats=5
cases=4032x1,20160x4,1000000x4
while [ $# -gt 0 ]; do
    case "$1" in
        --repeats) repeats=$2; shift 2 ;;
        --cases) cases=$2; shift 2 ;;
        *) echo "usage: $0 [--repeats N] [--cases 4032x1,...]" >&2; exit 2 ;;
    esac
done

python=""
for candidate in "${AIOPS_VENV:-.venv}/bin/python" .build-bench/venv/bin/python; do
    if [ -x "$candidate" ] && "$candidate" -c "import sklearn, threadpoolctl" 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "== installing scikit-learn into .build-bench/venv" >&2
    python3 -m venv .build-bench/venv
    .build-bench/venv/bin/pip install --quiet --disable-pip-version-check scikit-learn threadpoolctl
    python=.build-bench/venv/bin/python
fi

echo "== building aiops-bench (release)" >&2
AIOPS_DOMAIN_ONLY=1 swift build -c release --product aiops-bench --scratch-path .build-bench >&2
bench=$(AIOPS_DOMAIN_ONLY=1 swift build -c release --product aiops-bench --scratch-path .build-bench --show-bin-path)/aiops-bench

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== aiops" >&2
"$bench" iforest --cases "$cases" --repeats "$repeats" --data-dir "$work/data" --json > "$work/aiops.jsonl"
echo "== scikit-learn" >&2
# OpenBLAS's safe-mode settings of this machine slow numpy down; lift them for this run only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" scripts/bench/isolation_forest_sklearn.py \
    --data-dir "$work/data" --cases "$cases" --repeats "$repeats" --aiops "$work/aiops.jsonl"
