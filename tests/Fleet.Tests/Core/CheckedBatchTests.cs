using Fleet.Events;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Tests.Drift;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// A batch checked before it is logged is applied without being judged again: the monitor ends exactly where one that
/// judged it at apply time ends, refusals included.
/// </summary>
public sealed class CheckedBatchTests
{
    private static IEnumerable<EventBatch> Batches()
    {
        var (tp, fp, fn, tn) = (30, 5, 4, 20);
        var (predictions, outcomes) = Ev.Labelled(T0, tp, fp, fn, tn, T0.AddMinutes(2));
        yield return Ev.Batch(T0, predictions, batchId: "b-1");
        yield return Ev.Batch(T0, predictions, batchId: "b-1"); // a duplicate: counted, not applied
        yield return Ev.Batch(T0.AddMinutes(1), [Ev.Prediction(T0.AddMinutes(1), id: predictions[0].PredictionId)]); // id still waiting
        yield return Ev.Batch(T0.AddMinutes(1), [Ev.Prediction(T0.AddMinutes(1), score: double.NaN)]); // invalid score
        yield return Ev.Batch(T0.AddMinutes(2), Ev.Many(50, T0.AddMinutes(2), latencyMs: 900), outcomes);
        yield return Ev.Batch(T0.AddMinutes(3), Ev.Many(40, T0.AddMinutes(3), error: true));
    }

    [Fact]
    public void Checked_then_applied_ends_where_applied_alone_ends()
    {
        var model = TestModels.Define();
        var judgedOnce = new ModelMonitor(model, new LevelState(), new WindowCheckpoint());
        var judgedOnApply = new ModelMonitor(model, new LevelState(), new WindowCheckpoint());
        var refusals = 0;

        foreach (var batch in Batches())
        {
            var refused = judgedOnce.Check(batch, out var accepted);
            var applied = judgedOnApply.Apply(batch);
            if (refused is not null)
            {
                refusals++;
                Assert.Equal(applied.Result, refused);
                continue;
            }
            var once = judgedOnce.Apply(accepted);
            Assert.Equal(applied.Result with { Alerts = [] }, once.Result with { Alerts = [] }); // a list compares by reference
            Assert.Equal(applied.Alerts, once.Alerts);
            Assert.Equal(applied.Transition, once.Transition);
        }

        Assert.Equal(3, refusals);
        Assert.Equal(OrleansRoundTrip.Bytes(judgedOnApply.State), OrleansRoundTrip.Bytes(judgedOnce.State));
        Assert.Equal(OrleansRoundTrip.Bytes(judgedOnApply.Level), OrleansRoundTrip.Bytes(judgedOnce.Level));
        Assert.Equal(1, judgedOnce.State.DuplicateBatches);
    }
}
