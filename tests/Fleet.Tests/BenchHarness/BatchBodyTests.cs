using System.Text.Json;
using Fleet.Benchmarks.Http;

namespace Fleet.Tests.BenchHarness;

/// <summary>The load generator's pre-serialised body: valid JSON whose every id changes with the stamped number.</summary>
public sealed class BatchBodyTests
{
    [Fact]
    public void A_stamped_copy_is_a_batch_with_unique_ids_and_copies_differ()
    {
        var body = BatchBody.Of(50, new DateTimeOffset(2026, 12, 3, 22, 0, 0, TimeSpan.Zero));
        var first = body.Copy();
        var second = body.Copy();
        body.Stamp(first, 7);
        body.Stamp(second, 123_456_789_012);

        using var a = JsonDocument.Parse(first);
        using var b = JsonDocument.Parse(second);
        var idsA = Ids(a.RootElement);
        var idsB = Ids(b.RootElement);
        Assert.Equal(51, idsA.Count);                          // the batch id and 50 prediction ids
        Assert.Equal(idsA.Count, idsA.Distinct().Count());    // unique within a batch
        Assert.Empty(idsA.Intersect(idsB));                    // and across stamps
        Assert.Equal("b-000000000007", idsA[0]);
        Assert.Equal("b-123456789012", idsB[0]);
        var p = a.RootElement.GetProperty("predictions")[3];
        Assert.Equal("p-000000000007-3", p.GetProperty("predictionId").GetString());
        Assert.Equal("2026-12-03T22:00:00.000Z", p.GetProperty("timestamp").GetString());
        Assert.Equal(4, p.GetProperty("features").EnumerateObject().Count());
    }

    private static List<string> Ids(JsonElement batch) =>
        [batch.GetProperty("batchId").GetString()!, .. batch.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("predictionId").GetString()!)];
}
