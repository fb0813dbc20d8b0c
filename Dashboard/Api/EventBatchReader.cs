using System.IO.Pipelines;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Reads the body of POST /api/models/{id}/events into an <see cref="Fleet.Events.EventBatch"/>: the body is gathered in
/// the server's own pooled buffers (the request size limit still applies while it arrives) and parsed from them in one
/// pass by <see cref="EventBatchParser"/>.
/// </summary>
public static class EventBatchReader
{
    public static async Task<EventBatchParser.Result> ReadAsync(HttpRequest request, TimeProvider clock)
    {
        if (!FleetJson.IsJson(request.ContentType))
            return new(null, ApiError.For("content-type", $"must be application/json, optionally with charset=utf-8 (got '{request.ContentType}')"));
        var body = request.BodyReader;
        var read = await ReadToEndAsync(body, request.HttpContext.RequestAborted);
        try
        {
            return EventBatchParser.Parse(read.Buffer, clock.GetUtcNow());
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }
    }

    private static async Task<ReadResult> ReadToEndAsync(PipeReader body, CancellationToken cancel)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancel);
            if (read.IsCompleted || read.IsCanceled) return read;
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End); // nothing consumed: wait for the rest
        }
    }
}
