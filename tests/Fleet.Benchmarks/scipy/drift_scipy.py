#!/usr/bin/python3
"""SciPy's batch verdict on the rows DriftVersusSciPy.cs wrote, decided by the rule Fleet's DriftCalculator uses.

usage: drift_scipy.py REFERENCE.bin CURRENT.bin FEATURES NUMERIC

Both files hold float64 little-endian rows of FEATURES columns; the first NUMERIC columns are numbers, the others
category codes (0..7). For a reference of more than 1,000 rows Fleet calls a feature drifted when the distance and
the test both breach: numbers by Wasserstein-1 over the reference's standard deviation (>= 0.1) and the
two-sample Kolmogorov-Smirnov p-value (< 0.05); categories by the Jensen-Shannon distance, base 2 (>= 0.1), and
the chi-square test of homogeneity without continuity correction (p < 0.05). The model's inputs drifted when at
least half of the features did. Prints one JSON object: per-feature statistics and verdicts, and the seconds spent
reading the files and computing.
"""
import json
import sys
import time

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance


def main(reference_path, current_path, features, numeric):
    started = time.perf_counter()
    reference = np.fromfile(reference_path, dtype="<f8").reshape(-1, features)
    current = np.fromfile(current_path, dtype="<f8").reshape(-1, features)
    read = time.perf_counter() - started

    started = time.perf_counter()
    out = []
    for j in range(features):
        r, c = reference[:, j], current[:, j]
        if j < numeric:
            ks = ks_2samp(r, c)
            w = wasserstein_distance(r, c) / np.std(r)
            drifted = bool(w >= 0.1 and ks.pvalue < 0.05)
            out.append({"feature": j, "kind": "numeric", "ks": float(ks.statistic), "p": float(ks.pvalue),
                        "wasserstein": float(w), "drifted": drifted})
        else:
            k = int(max(r.max(), c.max())) + 1
            rc = np.bincount(r.astype(np.int64), minlength=k)
            cc = np.bincount(c.astype(np.int64), minlength=k)
            table = np.array([rc, cc])
            table = table[:, table.sum(axis=0) > 0]
            chi2, p, _, _ = chi2_contingency(table, correction=False)
            js = jensenshannon(rc / rc.sum(), cc / cc.sum(), base=2)
            drifted = bool(js >= 0.1 and p < 0.05)
            out.append({"feature": j, "kind": "categorical", "chi2": float(chi2), "p": float(p),
                        "jensenShannon": float(js), "drifted": drifted})
    drifted = sum(f["drifted"] for f in out)
    computed = time.perf_counter() - started
    print(json.dumps({"readSeconds": read, "computeSeconds": computed, "rows": int(current.shape[0]),
                      "features": out, "inputDrift": drifted >= features / 2}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
