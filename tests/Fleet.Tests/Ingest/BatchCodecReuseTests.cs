using System.Buffers;
using System.Text;
using Fleet.Dashboard.Api;
using Fleet.Events;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Ingest;

/// <summary>The batch log's encoding reuses its buffers from one append to the next: no byte of one batch reaches another's record.</summary>
public sealed class BatchCodecReuseTests
{
    private static EventBatch Batch(int predictions)
    {
        var rows = Enumerable.Range(0, predictions).Select(i =>
            $$$"""{"timestamp":"2026-01-01T00:00:{{{i % 60:00}}}Z","predictionId":"p-{{{i}}}","latencyMs":{{{i % 90}}}.5,"segment":"s-{{{i % 3}}}","score":0.{{{i % 10}}},"features":{"age":{{{i}}},"region":"r-{{{i % 7}}}"}}""");
        var json = $$"""{"batchId":"b-{{predictions}}","predictions":[{{string.Join(',', rows)}}],"outcomes":[{"timestamp":"2026-01-01T00:01:00Z","predictionId":"p-0","label":1}]}""";
        var (batch, error, _) = EventBatchParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), T0);
        return batch ?? throw new InvalidOperationException(error!.ToString());
    }

    [Fact]
    public void A_small_batch_after_a_large_one_and_the_large_one_again_encode_as_when_fresh()
    {
        var large = Batch(1000);
        var small = Batch(2);

        var first = BatchCodec.Encode(large);
        var smallStored = BatchCodec.Encode(small);
        var again = BatchCodec.Encode(large);

        Assert.Equal(first, again);
        Assert.Equal(Json.Of(small), Json.Of(BatchCodec.Decode(smallStored)));
        Assert.Equal(Json.Of(large), Json.Of(BatchCodec.Decode(again)));
    }

    [Fact]
    public void Batches_encoded_on_many_threads_at_once_each_decode_to_their_own()
    {
        var batches = Enumerable.Range(1, 16).Select(n => Batch(n * 40)).ToArray();
        var stored = new byte[batches.Length][];

        Parallel.For(0, batches.Length * 8, i => stored[i % batches.Length] = BatchCodec.Encode(batches[i % batches.Length]));

        for (var i = 0; i < batches.Length; i++) Assert.Equal(Json.Of(batches[i]), Json.Of(BatchCodec.Decode(stored[i])));
    }
}
