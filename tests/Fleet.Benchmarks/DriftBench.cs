using System.Diagnostics;
using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Benchmarks;

/// <summary>One drift measurement: calls a second in its own unit (rows or feature comparisons), and features × rows a second.</summary>
internal sealed record DriftRate(string Operation, double PerSecond, string Unit, double FeatureRowsPerSecond);

internal sealed record DriftResult(int Features, int NumericFeatures, int Rows, int Bins, IReadOnlyList<DriftRate> Rates, CpuMeter.Reading Cpu);

/// <summary>
/// Drift statistics throughput over the binned histograms of <c>Grains/Monitoring/Drift</c>: building a window's
/// histograms from rows (<see cref="DriftProfile.Add(IReadOnlyDictionary{string, FeatureValue}?, double?)"/>),
/// each statistic on its own over one feature's reference and current histograms, and a whole
/// <see cref="DriftCalculator.Calculate(DriftProfile)"/> report. A statistic reads bins, not rows, so its
/// features × rows per second is the comparisons per second times the rows the current window summarises.
/// </summary>
internal static class DriftBench
{
    private static readonly string[] Categories = ["a", "b", "c", "d", "e", "f", "g", "h"];

    public static DriftResult Run(int features, int rows, TimeSpan budgetPerOperation, TextWriter log)
    {
        var numeric = Math.Max(1, features * 3 / 4);
        var rng = new Random(17);
        var names = Enumerable.Range(0, features).Select(i => i < numeric ? $"x{i:D3}" : $"c{i:D3}").ToArray();
        var schema = new FeatureSchema(names);
        FeatureRow Row(double shift) => new(schema, names.Select(n => n[0] == 'x'
            ? new FeatureValue(Normal(rng) + shift, null)
            : new FeatureValue(null, Categories[Math.Min(Categories.Length - 1, (int)(rng.NextDouble() * rng.NextDouble() * Categories.Length + shift))])).ToArray());

        var reference = DriftProfile.Fit(Enumerable.Range(0, DriftTracker.ReferenceRows).Select(_ => ((FeatureRow?)Row(0), (double?)rng.NextDouble())));
        var current = Enumerable.Range(0, rows).Select(_ => (Features: Row(0.3), Score: (double?)rng.NextDouble())).ToArray();
        var calculator = new DriftCalculator(reference);
        var window = calculator.CreateWindow();
        foreach (var (f, s) in current) window.Add(f, s);

        var meter = new CpuMeter();
        var rates = new List<DriftRate>();
        void Rate(string operation, int featuresPerCall, int rowsPerFeature, Action call, bool perRow = false)
        {
            var calls = Repeat(call, budgetPerOperation);
            rates.Add(perRow
                ? new DriftRate(operation, calls * rowsPerFeature, "rows/s", calls * featuresPerCall * (double)rowsPerFeature)
                : new DriftRate(operation, calls * featuresPerCall, "features/s", calls * featuresPerCall * (double)rowsPerFeature));
        }

        var building = reference.CreateEmptyLike();
        Rate("histogram building (DriftProfile.Add, all features + score)", features, rows, () =>
        {
            building.Clear();
            foreach (var (f, s) in current) building.Add(f, s);
        }, perRow: true);

        var numericPairs = reference.Numeric.Select(kv => (Reference: kv.Value, Current: window.Numeric[kv.Key])).ToArray();
        var categoricalPairs = reference.Categorical.Select(kv => (Reference: kv.Value, Current: window.Categorical[kv.Key])).ToArray();
        void Numeric(string name, Func<BinnedHistogram, BinnedHistogram, double> statistic) =>
            Rate(name, numericPairs.Length, rows, () => { foreach (var (r, c) in numericPairs) statistic(r, c); });
        void Categorical(string name, Func<CategoricalHistogram, CategoricalHistogram, double> statistic) =>
            Rate(name, categoricalPairs.Length, rows, () => { foreach (var (r, c) in categoricalPairs) statistic(r, c); });

        Numeric("PSI (numeric)", PopulationStabilityIndex.Compute);
        Numeric("Kolmogorov-Smirnov (numeric)", (r, c) => KolmogorovSmirnov.Compute(r, c).PValue);
        Numeric("Jensen-Shannon (numeric)", JensenShannonDistance.Compute);
        Numeric("Wasserstein, normalised (numeric)", WassersteinDistance.ComputeNormalised);
        Numeric("Hellinger (numeric)", HellingerDistance.Compute);
        if (categoricalPairs.Length > 0)
        {
            Categorical("chi-square (categorical)", (r, c) => ChiSquareTest.Compute(r, c).PValue);
            Categorical("PSI (categorical)", PopulationStabilityIndex.Compute);
        }
        Rate("drift report (DriftCalculator.Calculate: every statistic, quality, decision)", features + 1, rows, () => calculator.Calculate(window));

        var result = new DriftResult(features, numeric, rows, BinnedHistogram.DefaultBins, rates, meter.Stop());
        foreach (var r in rates)
            log.WriteLine($"  {r.Operation}: {r.PerSecond:N0} {r.Unit}, {r.FeatureRowsPerSecond:N0} features × rows/s");
        return result;
    }

    /// <summary>Calls <paramref name="call"/> until the budget is spent (after a short warm-up); calls per second.</summary>
    private static double Repeat(Action call, TimeSpan budget)
    {
        var warm = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        while (Stopwatch.GetTimestamp() < warm) call();
        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            call();
            calls++;
        }
        return calls / clock.Elapsed.TotalSeconds;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
