using BenchmarkDotNet.Attributes;
using Fleet.Benchmarks.Http;
using Fleet.Dashboard.Api;
using Fleet.Events;
using Fleet.Silo.Storage.BatchLog;
using Microsoft.AspNetCore.Http;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// The HTTP ingest path's own steps on figure 1's body (1,000 predictions, 4 features each): reading the request's
/// body into an <see cref="EventBatch"/> as the endpoint does (<see cref="EventBatchReader"/>), and encoding the batch
/// for the batch log (<see cref="BatchCodec"/>) before it is acknowledged. Allocated bytes do not depend on other load
/// on the machine; times do.
/// </summary>
[MemoryDiagnoser]
public class IngestRequestBenchmarks
{
    private byte[] _body = null!;
    private EventBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = BatchBody.Of(1000, DateTimeOffset.UtcNow);
        _body = body.Copy();
        body.Stamp(_body, 1);
        _batch = Read().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "EventBatchReader.ReadAsync, 1,000 predictions")]
    public async Task<EventBatch> Read()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(_body, writable: false);
        var (batch, error, _) = await EventBatchReader.ReadAsync(context.Request, TimeProvider.System);
        return batch ?? throw new InvalidOperationException(error!.ToString());
    }

    [Benchmark(Description = "BatchCodec.Encode, 1,000 predictions")]
    public byte[] Encode() => BatchCodec.Encode(_batch);
}
