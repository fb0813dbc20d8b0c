using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fleet.Runs;
using Fleet.Snapshots;

namespace Fleet.Simulation.Runs;

/// <summary>
/// A running SHA-256 over what a replay must reproduce, in order: every level transition and alert
/// change (tick, then model), each tick's event counts, and at the end every model's final window
/// figures (rounded, so a different order of float additions cannot change them). Models are named by
/// their id in the scenario, never by the prefix a host put before it, and every number is written
/// with the invariant culture: two runs with the same digest behaved the same, wherever they ran.
/// </summary>
public sealed class RunDigest
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _current;

    /// <summary>A level transition; <paramref name="model"/> is the model's id within the scenario.</summary>
    public void Add(string model, RunTransition t) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"level|{model}|{t.From}|{t.To}|{t.At.UtcTicks}|{t.Reason}\n"));

    /// <summary>An alert's change of state, in the order it happened.</summary>
    public void Add(string model, Fleet.Monitoring.Alerts.AlertTransition a) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"alert|{a.Rule}|{model}|{a.From}|{a.To}|{a.At.UtcTicks}\n"));

    /// <summary>How many predictions and outcomes the fleet sent in one tick.</summary>
    public void AddTick(long tick, long predictions, long outcomes) =>
        Append(string.Create(CultureInfo.InvariantCulture, $"tick|{tick}|{predictions}|{outcomes}\n"));

    /// <summary>A model's level and window figures when the run ended, rounded to what a reader would compare.</summary>
    public void AddFinal(string model, ModelSnapshot snapshot)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"final|{model}|{(int)snapshot.Level}|{snapshot.Counters.Predictions}|{snapshot.Counters.Outcomes}");
        foreach (var (span, w) in snapshot.Windows.OrderBy(kv => kv.Key))
            text.Append(CultureInfo.InvariantCulture,
                $"|{span}:{w.Volume}:{w.Outcomes}:{Round(w.Quality, 4)}:{Round(w.LatencyP95, 1)}:{Round(w.ErrorRate, 4)}:{Round(w.TimeoutRate, 4)}:{Round(w.Coverage, 4)}");
        Append(text.Append('\n').ToString());
    }

    /// <summary>The digest so far (hex); reading it does not end the hash. Safe to read while the run adds.</summary>
    public string Value
    {
        get
        {
            lock (_hash) return _current ??= Convert.ToHexStringLower(_hash.GetCurrentHash());
        }
    }

    private void Append(string line)
    {
        lock (_hash)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes(line));
            _current = null;
        }
    }

    private static string Round(double? value, int digits) =>
        value is { } v ? Math.Round(v, digits, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture) : "-";
}
