namespace Fleet.Recordings;

// A recording as the recordings API answers it (GET/POST /api/recordings, POST /api/imports), and a refused import.

/// <summary>
/// A recording of live traffic or an imported incident: which models, the state (recording, stopped), why it stopped,
/// and what it keeps in the batch log (batches and bytes, against its cap).
/// </summary>
/// <param name="Source">record (live traffic) or import (a file: its format).</param>
/// <param name="Selector">The models asked for (a recording) or the file's format (an import).</param>
public sealed record RecordingInfo(
    string Id,
    string Source,
    string Selector,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? Until,
    DateTimeOffset? StoppedAt,
    string? StopReason,
    IReadOnlyList<string> Models,
    long Batches,
    long Bytes,
    long MaxBytes);

/// <summary>A file refused by an import: the 4xx body with the line at fault (null: the file as a whole).</summary>
public sealed record ImportError(string Error, string Field, string Reason, int? Line);

/// <summary>The formats <c>POST /api/imports</c> reads (the README's "Import" section).</summary>
public static class ImportFormats
{
    public const string EventsJsonl = "events-jsonl";
    public const string EventsCsv = "events-csv";
    public const string MetricsCsv = "metrics-csv";

    public static readonly IReadOnlyList<string> All = [EventsJsonl, EventsCsv, MetricsCsv];
}
