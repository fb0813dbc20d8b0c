using Fleet.Events;

namespace Fleet.Recordings;

/// <summary>Why a file cannot be imported: the line (1-based; null for the file as a whole), the field and the reason.</summary>
public sealed record ImportProblem(int? Line, string Field, string Reason, bool TooLarge = false);

/// <summary>
/// Records live traffic and imports incidents, both kept in the batch log, so either can be played as a run
/// (<c>POST /api/runs {recording}</c>, or a scenario's <c>fleet: - recording: id</c>). A host service (the silo that co-hosts
/// the dashboard implements it), declared beside the API that serves it.
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
