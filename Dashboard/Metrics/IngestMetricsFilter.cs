using System.Diagnostics;
using Fleet.Dashboard.Api;

namespace Fleet.Dashboard.Metrics;

/// <summary>
/// Measures the events endpoint from the outside: the time its handler took and what it answered (accepted,
/// duplicate, or refused with the field the error names), so the handler itself knows nothing of metrics.
/// </summary>
public sealed class IngestMetricsFilter(IngestMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        var took = Stopwatch.GetElapsedTime(started);
        switch (result)
        {
            case IValueHttpResult { Value: IngestResponse { Duplicate: true } }:
                metrics.RecordDuplicate(took);
                break;
            case IValueHttpResult { Value: IngestResponse accepted }:
                metrics.RecordAccepted(took, accepted.Predictions, accepted.Outcomes);
                break;
            case IValueHttpResult { Value: ApiError error }:
                metrics.RecordRefused(took, RefusalReason.Of((result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest, error.Field));
                break;
        }
        return result;
    }
}
