using Fleet.Events;

namespace Fleet.Dashboard.Api;

/// <summary>Ingestion settings (section "Fleet:Ingest").</summary>
public sealed class IngestOptions
{
    /// <summary>
    /// How far a live batch's <c>sentAt</c> may lie from the server's own clock, either way. Its events may then be at
    /// most <see cref="IngestionLimits.MaxFutureSkew"/> after <c>sentAt</c> (the grain's rule), so no live event is
    /// dated more than the two together ahead of the server.
    /// </summary>
    public TimeSpan LiveClockTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The live world's events are judged against the server's clock, so one sender with a wrong clock (or a hostile
/// one) cannot move a model's event time days ahead and blind its windows. Other worlds (runs) keep their own clocks.
/// </summary>
public static class LiveClock
{
    public static ApiError? Problem(string world, EventBatch batch, DateTimeOffset now, TimeSpan tolerance)
    {
        if (world != World.Live) return null;
        var off = batch.SentAt - now;
        if (off.Duration() <= tolerance) return null;
        return ApiError.For("sentAt",
            $"is {Describe(off.Duration())} {(off > TimeSpan.Zero ? "ahead of" : "behind")} the server's clock; a live batch's sentAt must lie within {Describe(tolerance)} of it");
    }

    private static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromDays(2) ? $"{span.TotalDays:0} days"
        : span >= TimeSpan.FromHours(2) ? $"{span.TotalHours:0} hours"
        : span >= TimeSpan.FromMinutes(2) ? $"{span.TotalMinutes:0} minutes"
        : $"{span.TotalSeconds:0} seconds";
}
