using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>Which traffic a request belongs to: the model's, or the holdout share the baseline answers.</summary>
public enum TrafficArm : byte { Model = 0, Holdout = 1 }

/// <summary>
/// The product owner's windows of one model: engagement, feedback, opt-outs and value of the model's traffic and of its
/// holdout, in 24 one-hour and 60 one-day buckets (the last 24 hours; the last 7 and 30 days, each the current day and
/// the ones before, as the model's other windows align; 60 days so the monthly review has the month before). A
/// response counts in the bucket of the prediction it answers, as quality does. Bounded: 168 buckets of 72 bytes.
/// </summary>
[GenerateSerializer]
public sealed class EngagementWindows
{
    private const int Hours = 24;
    private const int Days = 60;

    [Id(0)] private readonly EngagementCounts[] _hours = new EngagementCounts[Hours * 2];
    [Id(1)] private readonly long[] _hourEpochs = NewEpochs(Hours);
    [Id(2)] private readonly EngagementCounts[] _days = new EngagementCounts[Days * 2];
    [Id(3)] private readonly long[] _dayEpochs = NewEpochs(Days);
    /// <summary>The first request's event time: how much history a volume comparison has.</summary>
    [Id(4)] public long FirstRequestTicks { get; private set; } = long.MinValue;

    public void RecordRequest(TrafficArm arm, long ticks)
    {
        if (FirstRequestTicks == long.MinValue || ticks < FirstRequestTicks) FirstRequestTicks = ticks;
        if (Slot(_hours, _hourEpochs, TimeSpan.TicksPerHour, arm, ticks) is { } h) _hours[h].Requests++;
        if (Slot(_days, _dayEpochs, TimeSpan.TicksPerDay, arm, ticks) is { } d) _days[d].Requests++;
    }

    public void RecordResponse(TrafficArm arm, long predictionTicks, Fleet.Events.UserResponse response)
    {
        if (Slot(_hours, _hourEpochs, TimeSpan.TicksPerHour, arm, predictionTicks) is { } h) _hours[h].Record(response);
        if (Slot(_days, _dayEpochs, TimeSpan.TicksPerDay, arm, predictionTicks) is { } d) _days[d].Record(response);
    }

    /// <summary>One arm's sum over a window ending at <paramref name="nowTicks"/>.</summary>
    public EngagementCounts Sum(OwnerWindow window, TrafficArm arm, long nowTicks)
    {
        var (counts, epochs, width, buckets) = window switch
        {
            OwnerWindow.OneDay => (_hours, _hourEpochs, TimeSpan.TicksPerHour, Hours),
            OwnerWindow.SevenDays => (_days, _dayEpochs, TimeSpan.TicksPerDay, 7),
            _ => (_days, _dayEpochs, TimeSpan.TicksPerDay, 30),
        };
        var now = nowTicks / width;
        var total = default(EngagementCounts);
        for (var s = 0; s < epochs.Length; s++)
        {
            if (epochs[s] > now - buckets && epochs[s] <= now) total.Add(counts[s * 2 + (int)arm]);
        }
        return total;
    }

    /// <summary>One arm's sum over whole days <paramref name="fromDay"/> to <paramref name="toDay"/> (ticks / day), those the ring still holds.</summary>
    public EngagementCounts SumDays(long fromDay, long toDay, TrafficArm arm)
    {
        var total = default(EngagementCounts);
        for (var s = 0; s < _dayEpochs.Length; s++)
        {
            if (_dayEpochs[s] >= fromDay && _dayEpochs[s] <= toDay) total.Add(_days[s * 2 + (int)arm]);
        }
        return total;
    }

    /// <summary>The model's requests on one whole day (<paramref name="dayEpoch"/> = ticks / day); 0 when the ring no longer holds it.</summary>
    public long RequestsOnDay(long dayEpoch)
    {
        var s = (int)(dayEpoch % Days);
        return _dayEpochs[s] == dayEpoch ? _days[s * 2].Requests : 0;
    }

    // The bucket of (arm, ticks), started afresh when its slot last held an older slice; null when the slice has left the ring.
    private static int? Slot(EngagementCounts[] counts, long[] epochs, long width, TrafficArm arm, long ticks)
    {
        var epoch = ticks / width;
        var s = (int)(epoch % epochs.Length);
        if (epochs[s] > epoch) return null;
        if (epochs[s] != epoch)
        {
            epochs[s] = epoch;
            counts[s * 2] = default;
            counts[s * 2 + 1] = default;
        }
        return s * 2 + (int)arm;
    }

    private static long[] NewEpochs(int n)
    {
        var epochs = new long[n];
        Array.Fill(epochs, long.MinValue);
        return epochs;
    }
}
