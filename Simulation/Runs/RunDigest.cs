using System.Security.Cryptography;
using System.Text;
using Fleet.Runs;

namespace Fleet.Simulation.Runs;

/// <summary>
/// A running SHA-256 over the level transitions and alert changes of a run in order (tick, then model
/// id): two runs with the same digest made the same decisions and raised the same alerts at the same
/// event times for the same reasons.
/// </summary>
public sealed class RunDigest
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _current;

    public void Add(RunTransition t)
    {
        lock (_hash)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes($"{t.Model}|{t.From}|{t.To}|{t.At.UtcTicks}|{t.Reason}\n"));
            _current = null;
        }
    }

    /// <summary>An alert's change of state joins the digest in the order it happened.</summary>
    public void Add(Fleet.Monitoring.Alerts.AlertTransition a)
    {
        lock (_hash)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes($"alert|{a.Rule}|{a.Model}|{a.From}|{a.To}|{a.At.UtcTicks}\n"));
            _current = null;
        }
    }

    /// <summary>The digest so far (hex); reading it does not end the hash. Safe to read while the run adds.</summary>
    public string Value
    {
        get
        {
            lock (_hash) return _current ??= Convert.ToHexStringLower(_hash.GetCurrentHash());
        }
    }
}
