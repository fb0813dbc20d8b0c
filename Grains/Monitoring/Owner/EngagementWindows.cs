using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>Which traffic a request belongs to: the model's, or the holdout share the baseline answers.</summary>
public enum TrafficArm : byte { Model = 0, Holdout = 1 }

/// <summary>
/// The product owner's windows of one model: engagement, feedback, opt-outs and value of the model's traffic and of its
/// holdout, in 24 one-hour and 60 one-day buckets (the last 24 hours; the last 7 and 30 days, each the current day and
/// the ones before, as the model's other windows align; 60 days so the monthly review has the month before). A
/// response counts in the bucket of the prediction it answers, as quality does. Bounded: 84 buckets of 72 bytes for the
/// model's traffic, and 84 more for its holdout, made at the first holdout request: most models have no holdout, and its
/// empty buckets were a tenth of such a model's memory.
/// </summary>
[GenerateSerializer]
public sealed class EngagementWindows
{
    private const int Hours = 24;
    private const int Days = 60;

    [Id(1)] private readonly long[] _hourEpochs = NewEpochs(Hours);
    [Id(3)] private readonly long[] _dayEpochs = NewEpochs(Days);
    /// <summary>The first request's event time: how much history a volume comparison has.</summary>
    [Id(4)] public long FirstRequestTicks { get; private set; } = long.MinValue;
    [Id(5)] private readonly EngagementCounts[] _modelHours = new EngagementCounts[Hours];
    [Id(6)] private readonly EngagementCounts[] _modelDays = new EngagementCounts[Days];
    // The holdout's buckets share the epochs: made empty at the first holdout request, they held nothing before it.
    [Id(7)] private EngagementCounts[]? _holdoutHours;
    [Id(8)] private EngagementCounts[]? _holdoutDays;

    public void RecordRequest(TrafficArm arm, long ticks)
    {
        if (FirstRequestTicks == long.MinValue || ticks < FirstRequestTicks) FirstRequestTicks = ticks;
        if (arm == TrafficArm.Holdout && _holdoutHours is null)
        {
            _holdoutHours = new EngagementCounts[Hours];
            _holdoutDays = new EngagementCounts[Days];
        }
        if (Slot(_hourEpochs, TimeSpan.TicksPerHour, ticks) is { } h) HourBuckets(arm)![h].Requests++;
        if (Slot(_dayEpochs, TimeSpan.TicksPerDay, ticks) is { } d) DayBuckets(arm)![d].Requests++;
    }

    public void RecordResponse(TrafficArm arm, long predictionTicks, Fleet.Events.UserResponse response)
    {
        // A holdout response without a holdout request has no buckets to count in: the request was never recorded.
        if (HourBuckets(arm) is not { } hours || DayBuckets(arm) is not { } days) return;
        if (Slot(_hourEpochs, TimeSpan.TicksPerHour, predictionTicks) is { } h) hours[h].Record(response);
        if (Slot(_dayEpochs, TimeSpan.TicksPerDay, predictionTicks) is { } d) days[d].Record(response);
    }

    /// <summary>One arm's sum over a window ending at <paramref name="nowTicks"/>.</summary>
    public EngagementCounts Sum(OwnerWindow window, TrafficArm arm, long nowTicks)
    {
        var (counts, epochs, width, buckets) = window switch
        {
            OwnerWindow.OneDay => (HourBuckets(arm), _hourEpochs, TimeSpan.TicksPerHour, Hours),
            OwnerWindow.SevenDays => (DayBuckets(arm), _dayEpochs, TimeSpan.TicksPerDay, 7),
            _ => (DayBuckets(arm), _dayEpochs, TimeSpan.TicksPerDay, 30),
        };
        var total = default(EngagementCounts);
        if (counts is null) return total;
        var now = nowTicks / width;
        for (var s = 0; s < epochs.Length; s++)
        {
            if (epochs[s] > now - buckets && epochs[s] <= now) total.Add(counts[s]);
        }
        return total;
    }

    /// <summary>One arm's sum over whole days <paramref name="fromDay"/> to <paramref name="toDay"/> (ticks / day), those the ring still holds.</summary>
    public EngagementCounts SumDays(long fromDay, long toDay, TrafficArm arm)
    {
        var total = default(EngagementCounts);
        if (DayBuckets(arm) is not { } days) return total;
        for (var s = 0; s < _dayEpochs.Length; s++)
        {
            if (_dayEpochs[s] >= fromDay && _dayEpochs[s] <= toDay) total.Add(days[s]);
        }
        return total;
    }

    /// <summary>The model's requests on one whole day (<paramref name="dayEpoch"/> = ticks / day); 0 when the ring no longer holds it.</summary>
    public long RequestsOnDay(long dayEpoch)
    {
        var s = (int)(dayEpoch % Days);
        return _dayEpochs[s] == dayEpoch ? _modelDays[s].Requests : 0;
    }

    /// <summary>Approximate heap bytes: the epochs and the buckets of each arm that has any (x64: 24-byte array headers).</summary>
    public long EstimatedBytes() => 64 + 2 * 24 + (Hours + Days) * 8L + (_holdoutHours is null ? 1 : 2) * (2 * 24 + (Hours + Days) * 72L);

    private EngagementCounts[]? HourBuckets(TrafficArm arm) => arm == TrafficArm.Model ? _modelHours : _holdoutHours;

    private EngagementCounts[]? DayBuckets(TrafficArm arm) => arm == TrafficArm.Model ? _modelDays : _holdoutDays;

    // The slot of ticks, both arms' buckets started afresh when it last held an older slice; null when the slice has left the ring.
    private int? Slot(long[] epochs, long width, long ticks)
    {
        var epoch = ticks / width;
        var s = (int)(epoch % epochs.Length);
        if (epochs[s] > epoch) return null;
        if (epochs[s] != epoch)
        {
            epochs[s] = epoch;
            var (model, holdout) = ReferenceEquals(epochs, _hourEpochs) ? (_modelHours, _holdoutHours) : (_modelDays, _holdoutDays);
            model[s] = default;
            if (holdout is not null) holdout[s] = default;
        }
        return s;
    }

    private static long[] NewEpochs(int n)
    {
        var epochs = new long[n];
        Array.Fill(epochs, long.MinValue);
        return epochs;
    }
}
