using BenchmarkDotNet.Attributes;
using Fleet.Benchmarks.Http;
using Fleet.Dashboard.Api;
using Fleet.Events;
using Microsoft.AspNetCore.Http;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// The HTTP ingest path's own steps on figure 1's body (1,000 predictions, 4 features each): reading the JSON
/// into the request type (FleetJson, as the endpoint does) and mapping it to an <see cref="EventBatch"/>.
/// Allocated bytes do not depend on other load on the machine; times do.
/// </summary>
[MemoryDiagnoser]
public class IngestRequestBenchmarks
{
    private byte[] _body = null!;
    private EventBatchRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = BatchBody.Of(1000, DateTimeOffset.UtcNow);
        _body = body.Copy();
        body.Stamp(_body, 1);
        _request = Read().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "FleetJson.ReadAsync<EventBatchRequest>, 1,000 predictions")]
    public async Task<EventBatchRequest> Read()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(_body, writable: false);
        var (value, error) = await FleetJson.ReadAsync<EventBatchRequest>(context.Request);
        return value ?? throw new InvalidOperationException(error!.ToString());
    }

    [Benchmark(Description = "EventBatchMapper.Map, 1,000 predictions")]
    public EventBatch Map() => EventBatchMapper.Map(_request, DateTimeOffset.UtcNow).Batch!;
}
