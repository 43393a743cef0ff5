#!/usr/bin/env python3
"""Reference fixtures for the Isolation Forest parity tests (Tests/DetectionTests/Fixtures/iforest).

For each data set it writes a CSV (timestamp, the feature columns, `sklearn_score` = scikit-learn's
-score_samples, i.e. s(x) in (0, 1]) from IsolationForest(n_estimators=1000, max_samples=256,
contamination='auto'), and a manifest with scikit-learn's agreement with itself under other seeds (the worst of three)
(how far two correct forests can disagree on the order of near-equal scores). The parity tests hold
our Spearman correlation to >= 0.99, or on near-equal data sets to at most 0.02 below that
self-agreement.

The product never runs Python; this only regenerates the committed fixtures:
    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn scipy
    /tmp/skl/bin/python scripts/reference/isolation_forest.py
"""
import datetime
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.stats import spearmanr
from sklearn.ensemble import IsolationForest

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DetectionTests", "Fixtures", "iforest")
TREES = 1000
SAMPLE_SIZE = 256


def univariate_spikes(rng):
    """1-d: a noisy level with spikes above and below."""
    x = rng.normal(50, 5, size=(1000, 1))
    idx = rng.choice(1000, 15, replace=False)
    x[idx, 0] += rng.choice([-1, 1], 15) * rng.uniform(25, 60, 15)
    return x, ["value"]


def daily_cpu(rng):
    """1-d: a week of 5-minute CPU with a daily cycle, noise and a few incidents."""
    t = np.arange(2016)
    x = 35 + 20 * np.sin(2 * np.pi * t / 288) + rng.normal(0, 3, 2016)
    for start in rng.choice(2000, 4, replace=False):
        x[start:start + 6] = rng.uniform(92, 99, 6)
    return np.clip(x, 0, 100).reshape(-1, 1), ["cpu"]


def multivariate_clusters(rng):
    """4-d: two Gaussian clusters and uniform outliers."""
    a = rng.normal([10, 20, 30, 40], [2, 3, 2, 4], size=(600, 4))
    b = rng.normal([30, 10, 50, 20], [3, 2, 4, 2], size=(380, 4))
    outliers = rng.uniform(-20, 80, size=(20, 4))
    x = np.vstack([a, b, outliers])
    rng.shuffle(x)
    return x, ["cpu", "network_in", "network_out", "memory"]


def gaussian_outliers_3d(rng):
    """3-d: one Gaussian cloud and uniform outliers around it."""
    x = np.vstack([rng.normal(0, 1, size=(980, 3)), rng.uniform(-8, 8, size=(20, 3))])
    rng.shuffle(x)
    return x, ["x", "y", "z"]


def near_equal_plateau(rng):
    """1-d: 95% of points on a tight plateau, so most scores are nearly equal and their order is
    noise, while the anomaly decision is clear."""
    x = np.concatenate([rng.normal(50, 0.5, 950), rng.normal(50, 10, 50)])
    rng.shuffle(x)
    return x.reshape(-1, 1), ["latency"]


DATA_SETS = [
    ("univariate_spikes", univariate_spikes, False),
    ("daily_cpu", daily_cpu, True),
    ("multivariate_clusters", multivariate_clusters, False),
    ("gaussian_outliers_3d", gaussian_outliers_3d, False),
    ("near_equal_plateau", near_equal_plateau, True),
]


def scores(x, seed):
    forest = IsolationForest(n_estimators=TREES, max_samples=SAMPLE_SIZE, contamination="auto", random_state=seed)
    forest.fit(x)
    return -forest.score_samples(x)


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {
        "generator": "scripts/reference/isolation_forest.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "n_estimators": TREES,
        "max_samples": SAMPLE_SIZE,
        "contamination": "auto",
        "data_sets": [],
    }
    start = datetime.datetime(2024, 1, 1)
    for index, (name, make, near_equal) in enumerate(DATA_SETS):
        rng = np.random.default_rng(1000 + index)
        x, features = make(rng)
        # The fixture holds the data rounded to 6 decimals; fit on exactly what the tests read.
        x = np.round(x, 6)
        s = scores(x, seed=0)
        # Two correct forests differ by their seeds: compare with three others, keep the worst.
        others = [scores(x, seed=seed) for seed in (1, 2, 3)]
        self_spearman = [float(spearmanr(s, other)[0]) for other in others]
        self_auto = [float(np.mean((s > 0.5) == (other > 0.5))) for other in others]
        path = os.path.join(OUT, f"{name}.csv")
        with open(path, "w") as out:
            out.write("timestamp," + ",".join(features) + ",sklearn_score\n")
            for row in range(len(x)):
                stamp = (start + datetime.timedelta(minutes=5 * row)).strftime("%Y-%m-%d %H:%M:%S")
                values = ",".join(f"{v:.6f}" for v in x[row])
                out.write(f"{stamp},{values},{s[row]:.12g}\n")
        entry = {
            "name": name,
            "file": f"{name}.csv",
            "rows": int(len(x)),
            "features": features,
            # Near-equal: built that way, or scikit-learn cannot reach 0.995 against itself (1-d
            # Gaussian bulk: most points score alike and their order is noise).
            # Near-equal: built that way, or scikit-learn does not reach 0.995 against itself
            # (a Gaussian bulk: most points score alike and their order is noise).
            "near_equal_scores": bool(near_equal or min(self_spearman) < 0.995),
            "self_agreement_spearman": min(self_spearman),
            "self_agreement_spearman_each": self_spearman,
            "self_agreement_auto": min(self_auto),
            "auto_anomalies": int(np.sum(s > 0.5)),
        }
        manifest["data_sets"].append(entry)
        print(json.dumps(entry), file=sys.stderr)
    with open(os.path.join(OUT, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
