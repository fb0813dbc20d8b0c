using Fleet.Monitoring.Ingestion;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Memory;

/// <summary>
/// The pending ring grows by half at 7/8 waiting, not by doubling at 3/4: the memory benchmark's model (10 predictions
/// a second, labelled a minute later: ~600 waiting) holds 729 slots of 25 bytes, where it held 1,024.
/// </summary>
public sealed class PendingRingMemoryTests
{
    [Fact]
    public void Ten_predictions_a_second_labelled_a_minute_later_wait_in_729_slots()
    {
        var pending = new PendingPredictions();
        var (next, oldest) = (0, 0);
        for (var second = 0; second < 600; second++)
        {
            var at = T0.AddSeconds(second).UtcTicks;
            for (var i = 0; i < 10; i++) pending.Add($"p-{next++}", at, 0.5);
            while (oldest < next - 600) Assert.True(pending.TryTake($"p-{oldest++}", out _, out _));
        }
        // 64, 96, 144, 216, 324, 486, 729: the last grow came at 486 full (486 ≥ 7/8 of 486); 610 < 7/8 of 729 (637.9).
        Assert.Equal((600, 729), (pending.Count, pending.Slots));
    }
}
