using Fleet.Monitoring.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>Ids become XxHash3 keys, stable across processes, so restored predictions still match.</summary>
public sealed class IdKeyTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Keys_are_xxhash3_of_the_utf16_code_units_and_never_zero()
    {
        // XxHash3 of the empty input (seed 0) is 0x2D06800538D394C2 (the reference implementation's published test vector).
        Assert.Equal(0x2D06800538D394C2UL, IdKey.Of(""));
        Assert.Equal(IdKey.Of("p-1"), IdKey.Of(new string(['p', '-', '1'])));
        Assert.NotEqual(IdKey.Of("p-1"), IdKey.Of("p-2"));
    }

    [Fact]
    public void A_checkpointed_ring_and_ledger_keep_their_ids()
    {
        var pending = new PendingPredictions();
        pending.Add("p-1", T0.UtcTicks, 0.8);
        var ledger = new BatchLedger();
        ledger.Record("b-1");

        var restoredPending = Serializer.Deserialize<PendingPredictions>(Serializer.SerializeToArray(pending))!;
        var restoredLedger = Serializer.Deserialize<BatchLedger>(Serializer.SerializeToArray(ledger))!;

        Assert.True(restoredPending.TryTake("p-1", out var ticks, out var score));
        Assert.Equal((T0.UtcTicks, 0.8), (ticks, score));
        Assert.True(restoredLedger.Contains("b-1"));
        Assert.False(restoredLedger.Contains("b-2"));
    }
}
