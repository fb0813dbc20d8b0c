using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>Which traffic a request belongs to: the model's, or the holdout share the baseline answers.</summary>
public enum TrafficArm : byte { Model = 0, Holdout = 1 }

/// <summary>
/// The product owner's windows of one model: engagement, feedback, opt-outs and value of the model's traffic and of its
/// holdout, in 24 one-hour and 60 one-day buckets (the last 24 hours; the last 7 and 30 days, each the current day and
/// the ones before, as the model's other windows align; 60 days so the monthly review has the month before). A
/// response counts in the bucket of the prediction it answers, as quality does.
/// </summary>
/// <remarks>
/// Bounded, and paid for only by what a model has: each arm's 84 request counts (8 bytes each) are one array, made for
/// the holdout at its first request; its 84 response buckets (64 bytes each) are made at its first response. Most
/// models have no holdout, and many (a credit or fraud model) no user responses: their empty buckets were ~6 KB of
/// each such model's ~7 KB here.
/// </remarks>
[GenerateSerializer]
public sealed class EngagementWindows
{
    private const int Hours = 24;
    private const int Days = 60;
    private const int Buckets = Hours + Days; // the hours' slots, then the days'

    // Both arms' buckets share the epochs: an arm's made later held nothing before, so they start empty.
    [Id(1)] private readonly long[] _epochs = NewEpochs();
    /// <summary>The first request's event time: how much history a volume comparison has.</summary>
    [Id(4)] public long FirstRequestTicks { get; private set; } = long.MinValue;
    [Id(5)] private readonly ArmBuckets _model = new();
    [Id(6)] private ArmBuckets? _holdout;

    public void RecordRequest(TrafficArm arm, long ticks)
    {
        if (FirstRequestTicks == long.MinValue || ticks < FirstRequestTicks) FirstRequestTicks = ticks;
        var buckets = arm == TrafficArm.Model ? _model : _holdout ??= new();
        if (Slot(0, Hours, TimeSpan.TicksPerHour, ticks) is { } h) buckets.Requests[h]++;
        if (Slot(Hours, Days, TimeSpan.TicksPerDay, ticks) is { } d) buckets.Requests[d]++;
    }

    public void RecordResponse(TrafficArm arm, long predictionTicks, Fleet.Events.UserResponse response)
    {
        // A holdout response without a holdout request has no buckets to count in: the request was never recorded.
        if (Of(arm) is not { } buckets) return;
        var responses = buckets.Responses ??= new ResponseCounts[Buckets];
        if (Slot(0, Hours, TimeSpan.TicksPerHour, predictionTicks) is { } h) responses[h].Record(response);
        if (Slot(Hours, Days, TimeSpan.TicksPerDay, predictionTicks) is { } d) responses[d].Record(response);
    }

    /// <summary>One arm's sum over a window ending at <paramref name="nowTicks"/>.</summary>
    public EngagementCounts Sum(OwnerWindow window, TrafficArm arm, long nowTicks)
    {
        var (first, count, width, buckets) = window switch
        {
            OwnerWindow.OneDay => (0, Hours, TimeSpan.TicksPerHour, Hours),
            OwnerWindow.SevenDays => (Hours, Days, TimeSpan.TicksPerDay, 7),
            _ => (Hours, Days, TimeSpan.TicksPerDay, 30),
        };
        var now = nowTicks / width;
        return SumWhere(Of(arm), first, count, now - buckets + 1, now);
    }

    /// <summary>One arm's sum over whole days <paramref name="fromDay"/> to <paramref name="toDay"/> (ticks / day), those the ring still holds.</summary>
    public EngagementCounts SumDays(long fromDay, long toDay, TrafficArm arm) => SumWhere(Of(arm), Hours, Days, fromDay, toDay);

    /// <summary>The model's requests on one whole day (<paramref name="dayEpoch"/> = ticks / day); 0 when the ring no longer holds it.</summary>
    public long RequestsOnDay(long dayEpoch)
    {
        var s = Hours + (int)(dayEpoch % Days);
        return _epochs[s] == dayEpoch ? _model.Requests[s] : 0;
    }

    /// <summary>Approximate heap bytes (x64: 24-byte array headers): the epochs, and each arm's buckets it has.</summary>
    public long EstimatedBytes() => 48 + 24 + Buckets * 8L + _model.EstimatedBytes() + (_holdout?.EstimatedBytes() ?? 0);

    private ArmBuckets? Of(TrafficArm arm) => arm == TrafficArm.Model ? _model : _holdout;

    // Slots first .. first + count - 1 whose epochs lie in [from, to].
    private EngagementCounts SumWhere(ArmBuckets? arm, int first, int count, long from, long to)
    {
        var total = default(EngagementCounts);
        if (arm is null) return total;
        for (var s = first; s < first + count; s++)
        {
            if (_epochs[s] < from || _epochs[s] > to) continue;
            if (arm.Responses is { } responses) total.Add(responses[s]);
            total.Requests += arm.Requests[s];
        }
        return total;
    }

    // The slot of ticks among the `count` slots from `first`, every arm's bucket there started afresh when it last held
    // an older slice; null when the slice has left the ring.
    private int? Slot(int first, int count, long width, long ticks)
    {
        var epoch = ticks / width;
        var s = first + (int)(epoch % count);
        if (_epochs[s] > epoch) return null;
        if (_epochs[s] != epoch)
        {
            _epochs[s] = epoch;
            _model.Empty(s);
            _holdout?.Empty(s);
        }
        return s;
    }

    private static long[] NewEpochs()
    {
        var epochs = new long[Buckets];
        Array.Fill(epochs, long.MinValue);
        return epochs;
    }

    /// <summary>One arm's buckets: request counts, and response counts once a response came.</summary>
    [GenerateSerializer]
    public sealed class ArmBuckets
    {
        [Id(0)] public long[] Requests = new long[Buckets];
        [Id(1)] public ResponseCounts[]? Responses;

        public void Empty(int slot)
        {
            Requests[slot] = 0;
            if (Responses is not null) Responses[slot] = default;
        }

        public long EstimatedBytes() => 32 + 24 + Buckets * 8L + (Responses is null ? 0 : 24 + Buckets * 64L);
    }
}
