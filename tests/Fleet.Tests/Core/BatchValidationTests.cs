using Fleet.Events;
using Fleet.Monitoring.Ingestion;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README "Ingestion rules": every refusal names the offending field and the reason. The model's clock in
/// these cases is <see cref="Clock.T0"/> and every batch is sent at T0 unless the case says otherwise.
/// </summary>
public sealed class BatchValidationTests
{
    private static readonly long Watermark = T0.UtcTicks;

    private static PredictionEvent P(DateTimeOffset? at = null, string? id = null, double? score = 0.9, double latency = 10, int servedLevel = 1,
        IReadOnlyDictionary<string, FeatureValue>? features = null) =>
        Ev.Prediction(at ?? T0, id, score, latency, servedLevel, features: features);

    private static FeatureRow Row(params (string Name, FeatureValue Value)[] features) =>
        new(new FeatureSchema(features.Select(f => f.Name)), features.Select(f => f.Value).ToArray());

    private static readonly Dictionary<string, (Func<EventBatch> Batch, string Field, string Reason)> Cases = new()
    {
        ["missing batch id"] = (() => Ev.Batch(T0, [P()], batchId: " "), "batchId", "is required"),
        ["missing prediction id"] = (() => Ev.Batch(T0, [P(), P(id: "")]), "predictions[1].predictionId", "is required"),
        ["missing timestamp"] = (() => Ev.Batch(T0, [Ev.Prediction(default)]), "predictions[0].timestamp", "is required"),
        ["missing outcome prediction id"] = (() => Ev.Batch(T0, [], [Ev.Outcome(T0, "", 1)]), "outcomes[0].predictionId", "is required"),
        ["negative latency"] = (() => Ev.Batch(T0, [P(), P(latency: -1)]), "predictions[1].latencyMs", "must be a finite number >= 0 (got -1)"),
        ["NaN latency"] = (() => Ev.Batch(T0, [P(latency: double.NaN)]), "predictions[0].latencyMs", "must be a finite number >= 0"),
        ["infinite latency"] = (() => Ev.Batch(T0, [P(latency: double.PositiveInfinity)]), "predictions[0].latencyMs", "must be a finite number >= 0"),
        ["NaN score"] = (() => Ev.Batch(T0, [P(score: double.NaN)]), "predictions[0].score", "must be a finite number"),
        ["infinite score"] = (() => Ev.Batch(T0, [P(score: double.NegativeInfinity)]), "predictions[0].score", "must be a finite number"),
        ["NaN feature"] = (() => Ev.Batch(T0, [P(features: new Dictionary<string, FeatureValue> { ["age"] = new(double.NaN, null) })]),
            "predictions[0].features.age", "must be a finite number, a category or null"),
        ["infinite feature"] = (() => Ev.Batch(T0, [P(features: new Dictionary<string, FeatureValue> { ["spend"] = new(double.PositiveInfinity, null) })]),
            "predictions[0].features.spend", "must be a finite number, a category or null"),
        ["NaN feature in a row"] = (() => Ev.Batch(T0, [P(), P(features: Row(("age", new(41, null)), ("income", new(double.NaN, null))))]),
            "predictions[1].features.income", "must be a finite number, a category or null"),
        ["empty feature name in a row"] = (() => Ev.Batch(T0, [P(features: Row(("age", new(41, null)), (" ", new(null, "x"))))]),
            "predictions[0].features", "a feature name is empty"),
        ["served level 0"] = (() => Ev.Batch(T0, [P(servedLevel: 0)]), "predictions[0].servedLevel", "must be a degradation level from 1 to 5 (got 0)"),
        ["served level 6"] = (() => Ev.Batch(T0, [P(servedLevel: 6)]), "predictions[0].servedLevel", "must be a degradation level from 1 to 5 (got 6)"),
        ["NaN label"] = (() => Ev.Batch(T0, [], [Ev.Outcome(T0, "p-1", double.NaN)]), "outcomes[0].label", "must be a finite number"),
        ["older than 30 days behind the clock"] = (() => Ev.Batch(T0, [P(at: T0.AddDays(-30).AddTicks(-1))]),
            "predictions[0].timestamp", "is older than the longest window"),
        ["outcome older than 30 days"] = (() => Ev.Batch(T0, [], [Ev.Outcome(T0.AddDays(-31), "p-1", 1)]),
            "outcomes[0].timestamp", "is older than the longest window"),
        ["more than 5 minutes after sentAt"] = (() => Ev.Batch(T0, [P(at: T0.AddMinutes(5).AddTicks(1))]),
            "predictions[0].timestamp", "is more than 5 minutes after the sender's clock"),
        ["outcome more than 5 minutes after sentAt"] = (() => Ev.Batch(T0, [], [Ev.Outcome(T0.AddMinutes(6), "p-1", 1)]),
            "outcomes[0].timestamp", "is more than 5 minutes after the sender's clock"),
        ["duplicate prediction id"] = (() => Ev.Batch(T0, [P(id: "dup"), P(id: "dup")]), "predictions[1].predictionId", "'dup' appears twice in the batch"),
        ["empty batch"] = (() => Ev.Batch(T0, [], []), "predictions", "the batch holds no prediction and no outcome"),
        ["oversized batch"] = (() => Ev.Batch(T0, Ev.Many(10_000, T0), [Ev.Outcome(T0, "p-1", 1)]),
            "predictions", "the batch holds 10001 events; at most 10000 are accepted per batch"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validation_error_names_the_field_and_the_reason(string name)
    {
        var (batch, field, reason) = Cases[name];

        var error = EventBatchValidator.Validate(batch(), Watermark);

        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Events_exactly_at_the_edges_are_accepted()
    {
        var batch = Ev.Batch(T0,
            [P(at: T0.AddDays(-30)), P(at: T0.AddMinutes(5)), P(servedLevel: 1), P(servedLevel: 5), P(latency: 0), P(score: null)],
            [Ev.Outcome(T0.AddMinutes(5), "p-1", 0)]);

        Assert.Null(EventBatchValidator.Validate(batch, Watermark));
    }

    [Fact]
    public void A_row_of_finite_numbers_categories_and_nulls_is_accepted()
    {
        var batch = Ev.Batch(T0, [P(features: Row(("age", new(41, null)), ("channel", new(null, "web")), ("missing", new(null, null))))]);

        Assert.Null(EventBatchValidator.Validate(batch, Watermark));
    }

    [Fact]
    public void A_batch_of_exactly_10000_events_is_accepted()
    {
        var batch = Ev.Batch(T0, Ev.Many(9_000, T0), Enumerable.Range(0, 1_000).Select(i => Ev.Outcome(T0, $"o-{i}", 1)));

        Assert.Null(EventBatchValidator.Validate(batch, Watermark));
    }

    [Fact]
    public void Too_old_is_judged_against_the_model_clock_even_when_the_sender_clock_lags()
    {
        var clock = T0.AddDays(40);
        var monitor = TestModels.Monitor();
        Assert.True(monitor.Apply(Ev.Batch(clock, [P(at: clock)])).Result.Accepted);

        // The sender's clock is ten days behind; its event is 30 days and 1 second behind the model's clock.
        var lagging = Ev.Batch(clock.AddDays(-10), [P(at: clock.AddDays(-30).AddSeconds(-1))]);
        var error = monitor.Apply(lagging).Result.Error;

        Assert.Equal("predictions[0].timestamp", error?.Field);
        Assert.Contains("older than the longest window", error!.Reason);
        // A model that has seen nothing yet judges the same batch by the sender's clock alone: accepted.
        Assert.True(TestModels.Monitor().Apply(lagging).Result.Accepted);
    }

    [Fact]
    public void A_prediction_id_still_awaiting_its_outcome_may_not_be_sent_again_until_the_outcome_came()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [P(id: "p-42")]));

        var resent = monitor.Apply(Ev.Batch(T0, [P(), P(id: "p-42")])).Result;

        Assert.Equal("predictions[1].predictionId", resent.Error?.Field);
        Assert.Equal("'p-42' was already received and still awaits its outcome", resent.Error!.Reason);
        Assert.Equal(1, monitor.Snapshot().Counters.Predictions);

        monitor.Apply(Ev.Batch(T0.AddMinutes(1), [], [Ev.Outcome(T0.AddMinutes(1), "p-42", 1)]));
        Assert.True(monitor.Apply(Ev.Batch(T0.AddMinutes(1), [P(at: T0.AddMinutes(1), id: "p-42")])).Result.Accepted);
    }
}
