using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Benchmarks;

/// <summary>One feature's verdict on both sides, with the deciding statistics.</summary>
internal sealed record FeatureVerdicts(string Feature, bool Fleet, bool SciPy, double FleetDistance, double SciPyDistance, double FleetP, double SciPyP);

internal sealed record DriftComparison(int Features, int ReferenceRows, int CurrentRows, double FleetSeconds, double SciPyReadSeconds,
    double SciPyComputeSeconds, IReadOnlyList<FeatureVerdicts> Verdicts, bool FleetInputDrift, bool SciPyInputDrift, CpuMeter.Reading Cpu)
{
    public int Agreeing => Verdicts.Count(v => v.Fleet == v.SciPy);
}

/// <summary>
/// Drift from rows to verdict, Fleet against SciPy on the same rows. Rows are drawn once (seeded) and written to two
/// files of float64 rows, a 5,000-row reference and the current rows; both sides read those files. Fleet streams
/// them through the path a model grain's drift tracker takes for each prediction: a <see cref="FeatureRow"/> per row,
/// <see cref="DriftProfile.Fit(IEnumerable{ValueTuple{FeatureRow, double?}}, int, int)"/> on the reference,
/// <see cref="DriftProfile.Add(FeatureRow?, double?)"/> of every current row into a window, then
/// <see cref="DriftCalculator.Calculate(DriftProfile)"/> (every statistic, data quality and the decision): no HTTP,
/// JSON or Orleans in between (those are the ingest part's). SciPy (Debian's python3-scipy, <c>scipy/drift_scipy.py</c>)
/// loads both files whole and runs ks_2samp and wasserstein_distance on each numeric feature, chi2_contingency and
/// jensenshannon on each categorical one, decided by the same rule. Features are made to sit clearly on one side of
/// the thresholds (unchanged, slightly shifted, clearly shifted, rescaled), so a disagreement is a defect, not noise.
/// </summary>
internal static class DriftVersusSciPy
{
    public const int ReferenceRows = 5_000;
    private static readonly string[] Categories = ["a", "b", "c", "d", "e", "f", "g", "h"];
    // Per numeric feature: (shift in σ, scale). Unchanged, a shift the tests see but too small to matter, a clear shift, a wider spread, a large shift.
    private static readonly (double Shift, double Scale)[] NumericChange =
        [(0, 1), (0, 1), (0, 1), (0, 1), (0.03, 1), (0.03, 1), (0.3, 1), (0.3, 1), (0, 1.5), (0, 1.5), (1, 1), (1, 1)];
    // Per categorical feature, how far the draw moves (Jensen-Shannon ≈ 0.02, 0.08, 0.48 at 1 M rows).
    private static readonly double[] CategoricalShift = [0, 0.3, 1, 1];

    public static DriftComparison Run(int features, int currentRows, string directory, TextWriter log)
    {
        var numeric = Math.Max(1, features * 3 / 4);
        Directory.CreateDirectory(directory);
        var referencePath = Path.Combine(directory, "reference.bin");
        var currentPath = Path.Combine(directory, "current.bin");
        Write(referencePath, ReferenceRows, features, numeric, current: false, seed: 5);
        Write(currentPath, currentRows, features, numeric, current: true, seed: 6);
        log.WriteLine($"  rows written to {directory}: {ReferenceRows:N0} reference, {currentRows:N0} current, {features} features ({numeric} numeric)");

        var meter = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var names = Enumerable.Range(0, features).Select(j => j < numeric ? $"x{j:D2}" : $"c{j:D2}").ToArray();
        var schema = new FeatureSchema(names);
        var reference = DriftProfile.Fit(Rows(referencePath, schema, numeric).Select(row => ((FeatureRow?)row, (double?)null)));
        var calculator = new DriftCalculator(reference);
        var window = calculator.CreateWindow();
        foreach (var row in Rows(currentPath, schema, numeric)) window.Add(row, null);
        var report = calculator.Calculate(window);
        var fleetSeconds = clock.Elapsed.TotalSeconds;

        var scipy = SciPy(referencePath, currentPath, features, numeric);
        var cpu = meter.Stop();
        var verdicts = new List<FeatureVerdicts>();
        var theirs = scipy.GetProperty("features").EnumerateArray().ToArray();
        for (var j = 0; j < features; j++)
        {
            var ours = report.Features.Single(f => f.Feature == names[j]);
            var distance = ours.Statistics.Single(s => s.Name == (j < numeric ? DriftStatisticNames.Wasserstein : DriftStatisticNames.JensenShannon));
            var test = ours.Statistics.Single(s => s.Name == (j < numeric ? DriftStatisticNames.KolmogorovSmirnov : DriftStatisticNames.ChiSquare));
            var their = theirs[j];
            verdicts.Add(new FeatureVerdicts(names[j], ours.Drifted, their.GetProperty("drifted").GetBoolean(), distance.Value,
                their.GetProperty(j < numeric ? "wasserstein" : "jensenShannon").GetDouble(), test.PValue ?? double.NaN, their.GetProperty("p").GetDouble()));
        }
        var result = new DriftComparison(features, ReferenceRows, currentRows, fleetSeconds, scipy.GetProperty("readSeconds").GetDouble(),
            scipy.GetProperty("computeSeconds").GetDouble(), verdicts, report.InputDrift, scipy.GetProperty("inputDrift").GetBoolean(), cpu);
        log.WriteLine("  | feature | Fleet drifted | SciPy drifted | Fleet distance | SciPy distance | Fleet p | SciPy p |");
        log.WriteLine("  | --- | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var v in verdicts)
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  | {v.Feature} | {v.Fleet} | {v.SciPy} | {v.FleetDistance:F4} | {v.SciPyDistance:F4} | {v.FleetP:G3} | {v.SciPyP:G3} |"));
        log.WriteLine($"  Fleet rows → verdict {result.FleetSeconds:F2} s (reading included); SciPy read {result.SciPyReadSeconds:F2} s, computed {result.SciPyComputeSeconds:F2} s; " +
                      $"verdicts agree on {result.Agreeing} of {features}; input drift Fleet {result.FleetInputDrift}, SciPy {result.SciPyInputDrift}");
        return result;
    }

    /// <summary>Rows of float64 values: numbers drawn normal per feature, categories as codes 0..7; the current rows changed as declared above.</summary>
    private static void Write(string path, int rows, int features, int numeric, bool current, int seed)
    {
        var rng = new Random(seed);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[features * sizeof(double)];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < features; j++)
            {
                double value;
                if (j < numeric)
                {
                    var (shift, scale) = current ? NumericChange[j % NumericChange.Length] : (0, 1);
                    value = 10 + j + (Normal(rng) * scale + shift) * (1 + j % 3);
                }
                else
                {
                    var shift = current ? CategoricalShift[(j - numeric) % CategoricalShift.Length] : 0;
                    value = Math.Min(Categories.Length - 1, Math.Floor(rng.NextDouble() * rng.NextDouble() * Categories.Length + shift));
                }
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(j * sizeof(double)), value);
            }
            file.Write(buffer);
        }
    }

    /// <summary>The file's rows as Fleet receives predictions' features: one new row each, numbers and category names.</summary>
    private static IEnumerable<FeatureRow> Rows(string path, FeatureSchema schema, int numeric)
    {
        var features = schema.Count;
        var rowBytes = features * sizeof(double);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[rowBytes * 4096];
        var values = new FeatureValue[features];
        int read;
        while ((read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            for (var offset = 0; offset + rowBytes <= read; offset += rowBytes)
            {
                for (var j = 0; j < features; j++)
                {
                    var value = BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(offset + j * sizeof(double)));
                    values[j] = j < numeric ? new FeatureValue(value, null) : new FeatureValue(null, Categories[(int)value]);
                }
                yield return new FeatureRow(schema, values);
            }
        }
    }

    private static JsonElement SciPy(string referencePath, string currentPath, int features, int numeric)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "scipy", "drift_scipy.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, referencePath, currentPath, features.ToString(CultureInfo.InvariantCulture), numeric.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var python = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = python.StandardError.ReadToEndAsync();
        var stdout = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
            throw new InvalidOperationException($"drift_scipy.py exited {python.ExitCode} (scripts/ensure-scipy.sh installs SciPy): {stderr.Result.Trim()}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
