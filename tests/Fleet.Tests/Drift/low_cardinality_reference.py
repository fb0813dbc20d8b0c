"""Expected values for LowCardinalityDriftTests.cs, computed with SciPy on the same data the tests build.

Run: /usr/bin/python3 tests/Fleet.Tests/Drift/low_cardinality_reference.py   (Debian: apt-get install python3-scipy)
Measured with SciPy 1.10.1 / NumPy 1.24. The data are laid out by counts, so C# and Python see the same values.

- Flag:   reference 5,000 values, 150 ones (3 %); windows of 300 with 90 ones (30 %) and 30 ones (10 %).
- Zeros:  reference 4,520 zeros (90.4 %) + 480 values 1 + 0.1 i (i < 480); window 720 zeros (60 %) + the same 480.
- Const:  reference 5,000 × 0.8; window 1,234 × 0.9.

Fleet computes on histograms; with one bin per distinct value (flag, constant) and a zero bin of its own (zeros), the
binned statistics equal these exact ones up to rounding.
"""
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon


def flag(ones, n):
    return np.array([0.0] * (n - ones) + [1.0] * ones)


def zeros(n_zero):
    return np.concatenate([np.zeros(n_zero), 1 + 0.1 * np.arange(480)])


def wasserstein_normalised(ref, cur):
    # Evidently's normed Wasserstein: W1 / max(std(reference), 0.001)
    return stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)


def kolmogorov(ref, cur):
    d = stats.ks_2samp(ref, cur, method="asymp")
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    # SciPy's asymptotic p uses the finite-n distribution kstwo(round(n_e)); Fleet the limiting one, kstwobign.
    return d.statistic, d.pvalue, stats.kstwobign.sf(np.sqrt(en) * d.statistic)


def report(name, ref, cur, discrete):
    print(f"== {name}")
    ks, ks_p_scipy, ks_p_limit = kolmogorov(ref, cur)
    print(f"ks D {ks!r}  p scipy-asymp {ks_p_scipy!r}  p kstwobign {ks_p_limit!r}")
    print(f"wasserstein/max(std,0.001) {wasserstein_normalised(ref, cur)!r}")
    if discrete:
        values = np.unique(np.concatenate([ref, cur]))
        table = np.array([[np.sum(ref == v) for v in values], [np.sum(cur == v) for v in values]])
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        print(f"chi2 {chi2!r}  p {p!r}  dof {dof}")
        print(f"jensen-shannon (base 2) {jensenshannon(table[0] / table[0].sum(), table[1] / table[1].sum(), base=2)!r}")


report("flag 3% -> 30%", flag(150, 5000), flag(90, 300), discrete=True)
report("flag 3% -> 10%", flag(150, 5000), flag(30, 300), discrete=True)
report("zeros 90.4% -> 60%", zeros(4520), zeros(720), discrete=False)
report("constant 0.8 -> 0.9", np.full(5000, 0.8), np.full(1234, 0.9), discrete=True)
