using Fleet.Users;

namespace Fleet.Monitoring.Users;

/// <summary>
/// The distinct users a model served badly (an error, a timeout or a fallback answer), per hour of the last 24 (the
/// hour tier's reach), each hour a <see cref="UserSketch"/> allocated only when a badly served request carrying a user
/// id arrives in it: a model whose events carry no user id, or that serves everyone well, holds nothing. At most 24
/// sketches (24 KiB); an hour's sketch is reused when its slot's hour comes round again.
/// </summary>
[GenerateSerializer]
public sealed class AffectedUsers
{
    public const int Hours = 24;

    [Id(0)] private readonly UserSketch?[] _sketches = new UserSketch?[Hours];
    [Id(1)] private readonly long[] _epochs = new long[Hours];

    /// <summary>Counts a badly served request's user in its hour; an hour older than the ring reaches is dropped.</summary>
    public void Record(long ticks, ulong userKey, long watermarkTicks)
    {
        var epoch = ticks / TimeSpan.TicksPerHour;
        if (epoch <= watermarkTicks / TimeSpan.TicksPerHour - Hours) return;
        var slot = (int)(epoch % Hours);
        if (_sketches[slot] is not { } sketch) _sketches[slot] = sketch = new UserSketch();
        else if (_epochs[slot] != epoch) sketch.Clear();
        _epochs[slot] = epoch;
        sketch.Add(userKey);
    }

    /// <summary>The sketches allocated (a test's view of what the model pays).</summary>
    public int Allocated => _sketches.Count(s => s is not null);

    /// <summary>Copies of the hours within the ring's reach at <paramref name="watermarkTicks"/>, oldest first.</summary>
    public IReadOnlyList<UserHour> Read(long watermarkTicks)
    {
        var oldest = watermarkTicks / TimeSpan.TicksPerHour - Hours;
        return Enumerable.Range(0, Hours).Where(i => _sketches[i] is not null && _epochs[i] > oldest).OrderBy(i => _epochs[i])
            .Select(i => new UserHour(new DateTimeOffset(_epochs[i] * TimeSpan.TicksPerHour, TimeSpan.Zero), _sketches[i]!.Copy())).ToList();
    }

    /// <summary>The start of the oldest hour the ring reaches at <paramref name="watermarkTicks"/>.</summary>
    public static DateTimeOffset KeptSince(long watermarkTicks) =>
        new((watermarkTicks / TimeSpan.TicksPerHour - Hours + 1) * TimeSpan.TicksPerHour, TimeSpan.Zero);

    public long EstimatedBytes() => 24 + (16 + Hours * 8L) * 2 + Allocated * UserSketch.Bytes;
}
