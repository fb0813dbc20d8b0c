using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Dashboard.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Fleet.Dashboard.Limits;

/// <summary>
/// Gives every 4xx the API's <c>{error, field, reason}</c> body, including the ones Fleet's handlers do not
/// write: routing misses, method not allowed, a body over the size limit (Kestrel throws while it is read),
/// and the refusals of the SignalR hub and the Orleans runtime view (plain text or problem details).
/// A 4xx body is held back until the answer ends (they are small); every other answer streams as written.
/// </summary>
public static class ErrorBodies
{
    public static WebApplication UseErrorBodies(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var original = context.Features.Get<IHttpResponseBodyFeature>()!;
            var held = new HeldErrorStream(context.Response, original.Stream);
            var holding = new StreamResponseBodyFeature(held, original);
            context.Features.Set<IHttpResponseBodyFeature>(holding);
            try
            {
                // A declared length over the route's limit is refused before anything reads or ignores the body.
                if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                else
                    await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // The request itself was malformed or too large (Kestrel's limits): the client's fault, a 4xx.
                context.Response.Clear();
                context.Response.StatusCode = e.StatusCode;
            }
            catch (Exception e) when (!context.Response.HasStarted && IsFailover(e))
            {
                // A grain's silo died and the cluster has not yet placed it afresh: the client should come back, not see a fault.
                context.Response.Clear();
                context.Response.Headers.RetryAfter = "5";
                await AccessDeniedWriter.Write(context, StatusCodes.Status503ServiceUnavailable, "cluster",
                    "a silo holding part of this answer is gone and the cluster is moving it to another silo: retry in a few seconds");
            }
            catch (Exception) when (!context.Response.HasStarted && context.Request.Path.StartsWithSegments(RouteAccessTable.RuntimeDashboardPath))
            {
                // The runtime view throws on a path naming no silo it knows; that is a bad path, not a server fault.
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            finally
            {
                await holding.Writer.FlushAsync(context.RequestAborted);
                context.Features.Set(original);
            }
            var status = context.Response.StatusCode;
            if (status is >= 400 and < 500 && !held.Passing)
            {
                if (!IsErrorBody(held.Held))
                {
                    var (field, reason) = Describe(status, context.Request);
                    context.Response.Headers.ContentLength = null;
                    await AccessDeniedWriter.Write(context, status, field, reason);
                }
                else
                {
                    await original.Stream.WriteAsync(held.Held.ToArray(), context.RequestAborted);
                }
            }
        });
        return app;
    }

    /// <summary>What Orleans throws while a dead silo's grains are not yet placed afresh (messages to it rejected or unanswered).</summary>
    private static bool IsFailover(Exception e) =>
        e is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or TimeoutException
        || (e.InnerException is { } inner && IsFailover(inner));

    private static bool IsErrorBody(MemoryStream body)
    {
        if (body.Length == 0) return false;
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            return json.RootElement.ValueKind == JsonValueKind.Object
                && NonEmpty(json.RootElement, "error") && NonEmpty(json.RootElement, "field") && NonEmpty(json.RootElement, "reason");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool NonEmpty(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static (string Field, string Reason) Describe(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status400BadRequest => ("request", $"{request.Method} {request.Path} was refused as malformed"),
        StatusCodes.Status401Unauthorized => ("key", "this route needs a key or a signed-in session"),
        StatusCodes.Status403Forbidden => ("path", $"{request.Path} is turned off or not allowed"),
        StatusCodes.Status404NotFound => ("path", $"no route or item matches {request.Method} {request.Path}"),
        StatusCodes.Status405MethodNotAllowed => ("method", $"{request.Method} is not allowed on {request.Path}"),
        StatusCodes.Status413PayloadTooLarge => ("body", "is larger than this route accepts (see Limits in the README)"),
        StatusCodes.Status415UnsupportedMediaType => ("content-type", "must be application/json"),
        _ => ("request", $"was refused ({status})"),
    };

    /// <summary>Holds back what is written while the status is a 4xx; passes everything else straight through.</summary>
    private sealed class HeldErrorStream(HttpResponse response, Stream inner) : Stream
    {
        private bool? _holding;

        public MemoryStream Held { get; } = new();

        /// <summary>True once writing has started with a status that is not held back.</summary>
        public bool Passing => _holding == false;

        private Stream Target => (_holding ??= response.StatusCode is >= 400 and < 500) ? Held : inner;

        public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Target.WriteAsync(buffer, offset, count, ct);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => Target.WriteAsync(buffer, ct);

        public override void Flush()
        {
            if (_holding != true) inner.Flush();
        }

        public override Task FlushAsync(CancellationToken ct) => _holding == true ? Task.CompletedTask : Target.FlushAsync(ct);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
