using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Events;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.HttpApi;

/// <summary>
/// HTTP events reach the monitor as simulated ones do: features as <see cref="FeatureRow"/>s, one schema per distinct
/// ordered list of names in the batch, so drift reads them by position.
/// </summary>
public sealed class EventBatchMapperTests
{
    private static EventBatch Map(string json)
    {
        var request = JsonSerializer.Deserialize<EventBatchRequest>(json, JsonSerializerOptions.Web)!;
        var (batch, error) = EventBatchMapper.Map(request, T0);
        Assert.Null(error);
        return batch!;
    }

    [Fact]
    public void Rows_naming_the_same_features_in_the_same_order_share_one_schema()
    {
        var batch = Map("""
            {"batchId":"b-1","predictions":[
              {"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-1","latencyMs":5,"features":{"age":31,"region":"eu","vip":true,"note":null}},
              {"timestamp":"2026-01-01T00:00:01Z","predictionId":"p-2","latencyMs":5,"features":{"age":40,"region":"us","vip":false,"note":"x"}},
              {"timestamp":"2026-01-01T00:00:02Z","predictionId":"p-3","latencyMs":5,"features":{"region":"us","age":22}},
              {"timestamp":"2026-01-01T00:00:03Z","predictionId":"p-4","latencyMs":5},
              {"timestamp":"2026-01-01T00:00:04Z","predictionId":"p-5","latencyMs":5,"features":{"age":50,"region":"eu","vip":true,"note":null}}
            ]}
            """);
        var rows = batch.Predictions.Select(p => p.Features).ToList();

        Assert.Same(rows[0]!.Schema, rows[1]!.Schema);
        Assert.Same(rows[0]!.Schema, rows[4]!.Schema);
        Assert.NotSame(rows[0]!.Schema, rows[2]!.Schema); // the same names in another order: another schema
        Assert.Equal(["region", "age"], rows[2]!.Schema.Names.ToArray());
        Assert.Null(rows[3]);
        Assert.Equal(["age", "region", "vip", "note"], rows[0]!.Schema.Names.ToArray());
        Assert.Equal<FeatureValue>([new(31, null), new(null, "eu"), new(null, "true"), new(null, null)], rows[0]!.Values.ToArray());
        Assert.Equal<FeatureValue>([new(40, null), new(null, "us"), new(null, "false"), new(null, "x")], rows[1]!.Values.ToArray());
        Assert.Equal<FeatureValue>([new(null, "us"), new(22, null)], rows[2]!.Values.ToArray());
    }

    [Fact]
    public void A_feature_of_another_json_kind_is_refused_by_name()
    {
        var request = JsonSerializer.Deserialize<EventBatchRequest>("""
            {"batchId":"b-1","predictions":[{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-1","latencyMs":5,"features":{"age":31,"tags":[1]}}]}
            """, JsonSerializerOptions.Web)!;
        var (batch, error) = EventBatchMapper.Map(request, T0);
        Assert.Null(batch);
        Assert.Equal("predictions[0].features.tags", error!.Field);
    }
}
