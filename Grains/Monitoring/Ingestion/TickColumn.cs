namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// The pending ring's prediction times, exact in 6 bytes a slot instead of 8: each a signed 48-bit offset in ticks
/// from a base (the first time written to the column: ±162 days around it), kept as a 4-byte and a 2-byte part.
/// </summary>
/// <remarks>
/// A ring's times are far closer together than that: a prediction is accepted only within 30 days before the model's
/// clock (<see cref="Fleet.Events.IngestionLimits.Horizon"/>) and expires 7 days after it (<see cref="PendingPredictions.LabelHorizon"/>),
/// and a repack starts a new column based on what still waits. Should a time fall outside the offsets anyway, the column
/// keeps every time in full from then on (8 bytes a slot), so a time read back is always the time written: the label
/// horizon and a rollout's start compare them to the tick. The next repack goes back to offsets when they fit.
/// </remarks>
public sealed class TickColumn
{
    private const long Reach = 1L << 47; // offsets lie in [-Reach, Reach)

    private long _base;
    private bool _based;
    private uint[] _low;
    private ushort[] _high;
    private long[]? _full;

    public TickColumn(int length)
    {
        _low = new uint[length];
        _high = new ushort[length];
    }

    public int Length => _full?.Length ?? _low.Length;

    /// <summary>Whether the times are kept in full (one fell outside the offsets' reach).</summary>
    internal bool Full => _full is not null;

    /// <summary>Approximate heap bytes (x64): the object and its arrays.</summary>
    public long EstimatedBytes => 56 + 2 * 24 + (_full is null ? Length * 6L : Length * 8L);

    public long this[int slot]
    {
        get
        {
            if (_full is { } full) return full[slot];
            var offset = ((long)_high[slot] << 32) | _low[slot];
            return _base + ((offset << 16) >> 16); // sign-extends the 48 bits
        }
        set
        {
            if (_full is { } full)
            {
                full[slot] = value;
                return;
            }
            if (!_based) (_base, _based) = (value, true);
            // Both are DateTimeOffset ticks (0 to 3.2e18), so the difference cannot overflow.
            var offset = value - _base;
            if (offset < -Reach || offset >= Reach)
            {
                KeepInFull()[slot] = value;
                return;
            }
            _low[slot] = (uint)offset;
            _high[slot] = (ushort)(offset >> 32);
        }
    }

    private long[] KeepInFull()
    {
        var full = new long[_low.Length];
        for (var i = 0; i < full.Length; i++) full[i] = this[i];
        (_full, _low, _high) = (full, [], []);
        return full;
    }
}
