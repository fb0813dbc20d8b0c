using Fleet.Monitoring.Ingestion;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>README: a batch id seen among the model's last 300 batches is a duplicate; older ids are forgotten.</summary>
public sealed class BatchLedgerTests
{
    [Fact]
    public void The_ledger_forgets_the_oldest_id_beyond_its_capacity()
    {
        var ledger = new BatchLedger(capacity: 3);
        foreach (var id in new[] { "a", "b", "c", "d" }) ledger.Record(id);

        Assert.False(ledger.Contains("a"));
        Assert.True(ledger.Contains("b") && ledger.Contains("c") && ledger.Contains("d"));
    }

    [Fact]
    public void The_default_ledger_remembers_the_last_300_batch_ids()
    {
        var ledger = new BatchLedger();
        Assert.Equal(300, ledger.Capacity);
        for (var i = 0; i < 301; i++) ledger.Record($"batch-{i}");

        Assert.False(ledger.Contains("batch-0"));
        Assert.All(Enumerable.Range(1, 300), i => Assert.True(ledger.Contains($"batch-{i}")));
    }

    [Fact]
    public void Recording_an_id_again_does_not_take_a_second_slot()
    {
        var ledger = new BatchLedger(capacity: 3);
        foreach (var id in new[] { "a", "b", "a", "c" }) ledger.Record(id);

        Assert.True(ledger.Contains("a") && ledger.Contains("b") && ledger.Contains("c"));
    }

    [Fact]
    public void A_batch_resent_after_300_newer_batches_is_applied_again()
    {
        var monitor = TestModels.Monitor();
        for (var i = 0; i <= 300; i++)
        {
            var result = monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0)], batchId: $"batch-{i}")).Result;
            Assert.True(result.Accepted && !result.Duplicate, $"batch-{i}: {result}");
        }

        var recent = monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0)], batchId: "batch-1")).Result;
        var oldest = monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0)], batchId: "batch-0")).Result; // now evicts batch-1

        Assert.False(oldest.Duplicate);
        Assert.True(recent.Duplicate);
        Assert.Equal((302L, 1L), (monitor.Snapshot().Counters.Batches, monitor.Snapshot().Counters.DuplicateBatches));
    }
}
