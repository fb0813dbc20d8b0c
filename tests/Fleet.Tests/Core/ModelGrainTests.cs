using Fleet.Models;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>The real <see cref="ModelGrain"/> in an in-process cluster on Fleet's SQLite storage.</summary>
public sealed class ModelGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private FleetTestCluster Fleet => fixture.Fleet;

    [Fact]
    public async Task Register_returns_the_model_at_full_AI_with_its_definition_and_no_data()
    {
        var definition = TestModels.Define();

        var snapshot = await Fleet.Model(definition.Id).Register(definition);

        Assert.Equal(Json.Of(definition), Json.Of(snapshot.Definition));
        Assert.Equal(DegradationLevel.FullAi, snapshot.Level);
        Assert.Null(snapshot.Watermark);
        Assert.All(snapshot.Windows.Values, w => Assert.Equal(0, w.Volume));
        Assert.Empty(snapshot.History);
        Assert.Empty(snapshot.Gaps);
        Assert.Equal(Json.Of(snapshot), Json.Of(await Fleet.Model(definition.Id).GetSnapshot()));
    }

    [Fact]
    public async Task Ingest_applies_a_batch_and_the_snapshot_shows_windows_quality_and_counters()
    {
        var definition = TestModels.Define();
        var grain = Fleet.Model(definition.Id);
        await grain.Register(definition);
        var (predictions, outcomes) = Ev.Labelled(T0, tp: 60, fp: 10, fn: 10, tn: 20); // accuracy 80/100

        var result = await grain.Ingest(Ev.Batch(T0, predictions, outcomes));

        Assert.True(result.Accepted);
        Assert.Equal((100, 100, 0, 1), (result.Predictions, result.Outcomes, result.UnmatchedOutcomes, result.Level));
        var snapshot = (await grain.GetSnapshot())!;
        var hour = snapshot.Windows[WindowSpan.OneHour];
        Assert.Equal((100L, 100L, 0.80), (hour.Volume, hour.QualitySamples, hour.Quality!.Value));
        Assert.Equal(T0, snapshot.Watermark);
        Assert.Equal((1L, 100L, 100L, 0L), (snapshot.Counters.Batches, snapshot.Counters.Predictions, snapshot.Counters.Outcomes, snapshot.Counters.PendingOutcomes));
        Assert.Equal(DegradationLevel.FullAi, snapshot.Level); // 0.80 is exactly the launch bar: not below it
    }

    [Fact]
    public async Task A_breach_moves_the_grain_level_and_the_ingest_result_reports_it()
    {
        var definition = TestModels.Define();
        var grain = Fleet.Model(definition.Id);
        await grain.Register(definition);

        var result = await grain.Ingest(Ev.Batch(T0, Ev.Many(100, T0, latencyMs: 500)));

        Assert.Equal(3, result.Level);
        var snapshot = (await grain.GetSnapshot())!;
        Assert.Equal(DegradationLevel.RulesFallback, snapshot.Level);
        Assert.Equal("latency-p95", Assert.Single(snapshot.Breaches).Threshold);
        Assert.Equal(T0, snapshot.LastTransition!.At);
    }

    [Fact]
    public async Task A_duplicate_or_invalid_batch_changes_nothing_in_the_grain()
    {
        var definition = TestModels.Define();
        var grain = Fleet.Model(definition.Id);
        await grain.Register(definition);
        var batch = Ev.Batch(T0, Ev.Many(10, T0));
        await grain.Ingest(batch);
        var before = (await grain.GetSnapshot())!;

        var duplicate = await grain.Ingest(batch);
        var invalid = await grain.Ingest(Ev.Batch(T0, [.. Ev.Many(5, T0), Ev.Prediction(T0, servedLevel: 9)]));

        Assert.True(duplicate.Duplicate);
        Assert.Equal(("predictions[5].servedLevel", false), (invalid.Error?.Field, invalid.Accepted));
        var after = (await grain.GetSnapshot())!;
        Assert.Equal(Json.Of(before with { Counters = before.Counters with { DuplicateBatches = 1 } }), Json.Of(after));
    }

    [Fact]
    public async Task Advancing_the_grain_clock_rolls_its_windows()
    {
        var definition = TestModels.Define();
        var grain = Fleet.Model(definition.Id);
        await grain.Register(definition);
        await grain.Ingest(Ev.Batch(T0, Ev.Many(10, T0)));

        await grain.AdvanceTo(T0.AddHours(1));

        var snapshot = (await grain.GetSnapshot())!;
        Assert.Equal(T0.AddHours(1), snapshot.Watermark);
        Assert.Equal((0L, 0L, 10L), (snapshot.Windows[WindowSpan.FiveMinutes].Volume, snapshot.Windows[WindowSpan.OneHour].Volume, snapshot.Windows[WindowSpan.OneDay].Volume));
    }

    [Fact]
    public async Task Ingestion_for_an_unknown_model_is_refused_and_registers_nothing()
    {
        var grain = Fleet.Model(Ev.NewId("never-registered"));

        var result = await grain.Ingest(Ev.Batch(T0, Ev.Many(3, T0)));

        Assert.True(result.UnknownModel);
        Assert.False(result.Accepted);
        Assert.Equal(0, result.Predictions);
        Assert.Null(await grain.GetSnapshot());
    }
}
