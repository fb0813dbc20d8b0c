using Fleet.Monitoring;
using Fleet.Monitoring.Windows;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Fleet.Tests.Monitoring;

/// <summary>
/// Grain checkpoints hold every window bucket's <see cref="LatencySketch"/>. The bytes below were written by the
/// sketch before it was slimmed (commit 15dbc46: three accuracy doubles and four count-array fields in every
/// sketch), from the recipes at the end of this file, by a throwaway program linked against that commit's
/// Fleet.Grains.dll. They must read into equal sketches, and today's sketch must still write the same bytes, so
/// a rollback to the earlier build reads its checkpoints too.
/// </summary>
public sealed class LatencySketchCheckpointTests : IDisposable
{
    // Quantiles recorded with the golden bytes, at these q.
    private static readonly double[] Qs = [0, 0.25, 0.5, 0.9, 0.99, 1];

    // The earlier sketch object was 112 bytes; the slimmed one is 72. Count arrays are the same.
    private const long ObjectBytesSaved = 40;

    private static readonly Golden[] Goldens =
    [
        new("byte counts", Count: 9, Min: 0, Max: 250, NonEmptyBins: 7, OldEstimatedBytes: 368, Quantiles: [0, 3.4903138713917436, 19.886670240866184, 40.856816402622464, 40.856816402622464, 250],
            "IIB7FK5H4XqEP4F9BZ0FDnuUP4FwI51iyf9IQAHBwQHBAQEJASWBAAAAAAAAAACBAAAAAABAb0BBmgMAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAcEB4A=="),
        new("ushort counts", Count: 302, Min: 40, Max: 50, NonEmptyBins: 3, OldEstimatedBytes: 200, Quantiles: [40.0477705332636, 40.0477705332636, 40.0477705332636, 40.0477705332636, 40.0477705332636, 49.90296094906653],
            "IIB7FK5H4XqEP4F9BZ0FDnuUP4FwI51iyf9IQAFSBcEBwQEBAQFyCYEAAAAAAABEQIEAAAAAAABJQMEBIQBBAQEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABALIEAAEAAQABAAEAAQADAAEAAQABAAEAAwABAAEAAQABAAHg4A=="),
        new("int counts", Count: 70004, Min: 0, Max: 40, NonEmptyBins: 3, OldEstimatedBytes: 624, Quantiles: [0, 40, 40, 40, 40, 40],
            "IIB7FK5H4XqEP4F9BZ0FDnuUP4FwI51iyf9IQAGKAiEA8wEFAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEABBcRAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAHgwQEBDQFEFxGBAAAAAAAAAACBAAAAAAAAREDBAcEB4A=="),
        new("long counts", Count: 3000000003, Min: 40, Max: 45, NonEmptyBins: 3, OldEstimatedBytes: 392, Quantiles: [40.0477705332636, 40.0477705332636, 40.0477705332636, 40.0477705332636, 40.0477705332636, 45],
            "IIB7FK5H4XqEP4F9BZ0FDnuUP4FwI51iyf9IQAFSBcEBIQBBAQEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABABCAF7QsAAkAAQABAAEAAQAFAAEAAQABAAEAAQABAAEAAQABAAHgAQEB0IAXtCyBAAAAAAAARECBAAAAAACARkDBAcEB4A=="),
        new("empty", Count: 0, Min: double.NaN, Max: double.NaN, NonEmptyBins: 0, OldEstimatedBytes: 112, Quantiles: [],
            "IIB7FK5H4XqEP4F9BZ0FDnuUP4FwI51iyf9IQAEBwQHBAQEBAQGBAAAAAAAA8H+BAAAAAAAA8P/BAcEB4A=="),
        new("2 % accuracy", Count: 6, Min: 1, Max: 13, NonEmptyBins: 6, OldEstimatedBytes: 232, Quantiles: [1, 2.0135378831904287, 3.0040057916099494, 7.846555868049427, 7.846555868049427, 13],
            "IIB7FK5H4XqUP4H4qalHlHukP4FR7fqFJf84QAE7wQHBAQEBARmBAAAAAAAA8D+BAAAAAAAAKkBBwQAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAABAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAMEB4A=="),
    ];

    // A one-minute bucket (counts, quality, scores, and the "ushort counts" sketch) as the same commit wrote it.
    private const string GoldenBucket =
        "IGBAgboBAXIJAQ0BBQEJARIJIQAJAQUBAQEFgc3MzMzMzOw/4CGAexSuR+F6hD+BfQWdBQ57lD+BcCOdYsn/SEABUgXBAcEBAQEBcgmBAAAAAAAARECBAAAAAAAASUDBASEAQQEBAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQCyBAABAAEAAQABAAEAAwABAAEAAQABAAMAAQABAAEAAQAB4OABESEACYGamZmZmZnxPwEFgc3MzMzMzOw/4OA=";

    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose() => _services.Dispose();

    public static TheoryData<string> Names => new(Goldens.Select(g => g.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_checkpoint_written_by_the_four_array_sketch_reads_into_an_equal_sketch(string name)
    {
        var golden = Goldens.Single(g => g.Name == name);
        var read = Serializer.Deserialize<LatencySketch>(Convert.FromBase64String(golden.Base64))!;

        Assert.Equal(golden.Count, read.Count);
        Assert.Equal(golden.Min, read.Min);
        Assert.Equal(golden.Max, read.Max);
        Assert.Equal(golden.NonEmptyBins, read.NonEmptyBins);
        if (golden.Count == 0) Assert.True(double.IsNaN(read.Quantile(0.5)));
        else Assert.Equal(golden.Quantiles, Qs.Select(read.Quantile));
        Assert.Equal(golden.OldEstimatedBytes - ObjectBytesSaved, read.EstimatedBytes);

        // Same bins as the recipe built today, and the read sketch keeps working: more adds land in the same
        // bins (its accuracy constants were restored), and a merge of the recipe doubles every bin.
        var built = Recipes.Build(name);
        Assert.Equal(built.RelativeAccuracy, read.RelativeAccuracy);
        Assert.Equal(built.ZeroCount, read.ZeroCount);
        Assert.Equal(built.GetBins(), read.GetBins());
        foreach (var value in new[] { 0.0, 7.5, 40, 1234.5 }) { read.Add(value); built.Add(value); }
        Assert.Equal(built.GetBins(), read.GetBins());
        read.Merge(built);
        Assert.Equal(built.GetBins().Select(b => (b.Index, 2 * b.Count)), read.GetBins());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_slimmed_sketch_writes_the_checkpoint_bytes_the_four_array_sketch_wrote(string name) =>
        Assert.Equal(Goldens.Single(g => g.Name == name).Base64, Convert.ToBase64String(Serializer.SerializeToArray(Recipes.Build(name))));

    [Fact]
    public void A_bucket_checkpoint_reads_back_its_counts_and_sketch_and_is_written_the_same()
    {
        var read = Serializer.Deserialize<MetricBucket>(Convert.FromBase64String(GoldenBucket));
        var built = Recipes.Bucket();

        Assert.Equal(302, read.Predictions);

        Assert.Equal((built.Epoch, built.Predictions, built.Errors, built.Timeouts, built.Fallbacks, built.Covered, built.Degraded),
            (read.Epoch, read.Predictions, read.Errors, read.Timeouts, read.Fallbacks, read.Covered, read.Degraded));
        Assert.Equal(built.Quality, read.Quality);
        Assert.Equal(built.Scores, read.Scores);
        Assert.Equal(built.Latency!.GetBins(), read.Latency!.GetBins());
        Assert.Equal(built.Latency.Quantile(0.99), read.Latency.Quantile(0.99));
        Assert.Equal(GoldenBucket, Convert.ToBase64String(Serializer.SerializeToArray(built)));
    }

    private sealed record Golden(
        string Name, long Count, double Min, double Max, int NonEmptyBins, long OldEstimatedBytes, double[] Quantiles, string Base64);

    /// <summary>What the golden sketches hold: one per count width, an empty one, another accuracy.</summary>
    private static class Recipes
    {
        public static LatencySketch Build(string name) => name switch
        {
            "byte counts" => ByteCounts(),
            "ushort counts" => Sketch(s => { s.Add(40, 300); s.Add(45); s.Add(50); }),
            "int counts" => Sketch(s => { s.Add(40, 70_000); s.Add(5); s.Add(0, 3); }),
            "long counts" => Sketch(s => { s.Add(40, 3_000_000_000); s.Add(41, 2); s.Add(45); }),
            "empty" => new LatencySketch(),
            "2 % accuracy" => Sketch(s => { foreach (var v in new[] { 1.0, 2, 3, 5, 8, 13 }) s.Add(v); }, accuracy: 0.02),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };

        public static MetricBucket Bucket()
        {
            var bucket = MetricBucket.Empty;
            bucket.Reset(29_000_000);
            (bucket.Errors, bucket.Timeouts, bucket.Fallbacks, bucket.Covered, bucket.Degraded) = (3, 1, 2, 290, 4);
            bucket.Quality.Add(0.9, 1, 0.5);
            bucket.Quality.Add(0.2, 1, 0.5);
            bucket.Scores.Add(0.9, 0.5);
            bucket.Scores.Add(0.2, 0.5);
            bucket.Latency = Build("ushort counts"); // 302 latencies: the bucket's 302 predictions
            return bucket;
        }

        private static LatencySketch ByteCounts() =>
            Sketch(s => { foreach (var v in new[] { 0.0, 0.0004, 3.5, 10, 20, 20, 40, 41, 250 }) s.Add(v); });

        private static LatencySketch Sketch(Action<LatencySketch> fill, double accuracy = LatencySketch.DefaultRelativeAccuracy)
        {
            var sketch = new LatencySketch(accuracy);
            fill(sketch);
            return sketch;
        }
    }
}
