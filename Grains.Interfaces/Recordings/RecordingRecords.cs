using Fleet.Events;

namespace Fleet.Recordings;

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

/// <summary>Why a file cannot be imported: the line (1-based; null for the file as a whole), the field and the reason.</summary>
public sealed record ImportProblem(int? Line, string Field, string Reason, bool TooLarge = false);

/// <summary>The formats <c>POST /api/imports</c> reads (the README's "Import" section).</summary>
public static class ImportFormats
{
    public const string EventsJsonl = "events-jsonl";
    public const string EventsCsv = "events-csv";
    public const string MetricsCsv = "metrics-csv";

    public static readonly IReadOnlyList<string> All = [EventsJsonl, EventsCsv, MetricsCsv];
}

/// <summary>
/// Records live traffic and imports incidents, both kept in the batch log, so either can be played as a run
/// (<c>POST /api/runs {recording}</c>, or a scenario's <c>fleet: - recording: id</c>).
/// </summary>
public interface IRecordingControl
{
    /// <summary>Starts keeping the accepted batches of the live models <paramref name="models"/> selects; or names the field at fault.</summary>
    Task<(RecordingInfo? Recording, ValidationError? Error)> StartAsync(string models, string? until, CancellationToken ct);

    /// <summary>Stops a recording (an import is stopped already); null when there is none of that id.</summary>
    Task<RecordingInfo?> StopAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<RecordingInfo>> ListAsync(CancellationToken ct);

    Task<RecordingInfo?> GetAsync(string id, CancellationToken ct);

    /// <summary>Deletes a recording or an import and releases the batches only it kept; false when there is none of that id.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);

    /// <summary>Reads a whole file in <paramref name="format"/> and stores it as a stopped recording, or stores nothing and names the problem.</summary>
    Task<(RecordingInfo? Recording, ImportProblem? Problem)> ImportAsync(string format, string content, CancellationToken ct);
}

/// <summary>The scenario that plays one recording and nothing else: what <c>POST /api/runs {recording}</c> starts.</summary>
public static class RecordingScenario
{
    public static string Text(string recording) => $"name: {recording}\nfleet:\n  - recording: {recording}\n";
}
