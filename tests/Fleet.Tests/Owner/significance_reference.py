"""Expected values for SignificanceTestsTests.cs (the rollout comparison's tests), computed with SciPy.

Run: /usr/bin/python3 tests/Fleet.Tests/Owner/significance_reference.py   (Debian: apt-get install python3-scipy)
Measured with SciPy 1.10.1. Each line prints the InlineData row the C# test holds.

- Two-proportion z-test (pooled): chi2_contingency without Yates' correction; its chi-square is z squared and its
  p-value the two-sided z-test's. The sign is Fleet's: the second proportion minus the first.
- Welch's t-test: ttest_ind_from_stats(equal_var=False), sign flipped (Fleet's statistic is second minus first), with
  the Welch-Satterthwaite degrees of freedom.
- Student's t two-sided tail: 2 * t.sf(|t|, df); the regularised incomplete beta: beta.cdf(x, a, b).
"""
import math

from scipy import stats

for x1, n1, x2, n2 in [(1600, 2000, 1530, 2000), (4800, 6000, 4970, 6000), (160, 200, 130, 200), (50, 1000, 80, 1000)]:
    chi2, p, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
    z = math.copysign(math.sqrt(chi2), x2 / n2 - x1 / n1)
    print(f"z-test  [InlineData({x1}, {n1}, {x2}, {n2}, {z!r}, {p!r})]")

for m1, sd1, n1, m2, sd2, n2 in [(100.0, 20.0, 500, 97.5, 30.0, 400), (0.05, 0.3, 300, 0.08, 0.6, 250), (10, 2, 5, 14, 5, 4)]:
    t, p = stats.ttest_ind_from_stats(m1, sd1, n1, m2, sd2, n2, equal_var=False)
    v1, v2 = sd1 ** 2 / n1, sd2 ** 2 / n2
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    print(f"Welch   [InlineData({m1}, {sd1}, {n1}, {m2}, {sd2}, {n2}, {-t!r}, {p!r}, {df!r})]")

for t, df in [(2.5, 3.7), (0.3, 1.2), (6.0, 40.0)]:
    print(f"t tail  [InlineData({t}, {df}, {2 * stats.t.sf(abs(t), df)!r})]")

for x, a, b in [(0.3, 2.5, 4.0), (0.9, 0.5, 0.5)]:
    print(f"beta    [InlineData({x}, {a}, {b}, {stats.beta.cdf(x, a, b)!r})]")
