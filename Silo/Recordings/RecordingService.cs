using Fleet.Events;
using Fleet.Recordings;
using Fleet.Registry;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Fleet.Silo.Recordings;

/// <summary>
/// Records live traffic in the batch log the models already write (one log for recovery and recordings): a recording
/// marks, per model, the range of log positions it keeps, and truncation skips those. Starting asks each model for
/// the position its checkpoint holds (the recording keeps what comes after); stopping asks again (where it ends).
/// </summary>
public sealed class RecordingService(
    SqlRecordingStore store,
    IGrainFactory grains,
    Serializer serializer,
    RecordingImporter importer,
    IOptions<RecordingOptions> options,
    IOptions<ModelGrainOptions> grainOptions,
    TimeProvider clock) : IRecordingControl
{
    /// <summary>The longest <c>until</c> a recording takes (the size cap usually ends it sooner).</summary>
    public static readonly TimeSpan MaxUntil = TimeSpan.FromDays(366);

    public async Task<(RecordingInfo? Recording, ValidationError? Error)> StartAsync(string models, string? until, CancellationToken ct)
    {
        var (selector, problem) = ModelSelector.Parse(models);
        if (selector is null) return (null, new ValidationError("models", problem!));
        TimeSpan? duration = null;
        if (until is not null)
        {
            if (!Fleet.Models.Durations.TryParse(until, out var d) || d <= TimeSpan.Zero || d > MaxUntil)
                return (null, new ValidationError("until", $"'{until}' is not a duration from 1s to {MaxUntil.TotalDays:0}d such as 2h"));
            duration = d;
        }
        if (!grainOptions.Value.DurableAck)
            return (null, new ValidationError("models", "recordings keep the batch log's batches, and Fleet:Models:DurableAck=false writes none"));
        var fleet = await grains.Registry(World.Live).Query(selector.Query);
        if (selector.Ids.FirstOrDefault(id => fleet.Models.All(m => m.Id != id)) is { } unknown)
            return (null, new ValidationError("models", $"'{unknown}' is not a live model{(selector.Query == new FleetQuery() ? "" : " the filters select")}"));
        var selected = selector.Select(fleet);
        if (selected.Count == 0) return (null, new ValidationError("models", "selects no live model"));
        if (await TotalCapProblemAsync(ct) is { } full) return (null, new ValidationError("models", full));

        var now = clock.GetUtcNow();
        var id = NewId("rec", now);
        var rows = new List<RecordingModelRow>();
        foreach (var model in selected)
        {
            if (await grains.Model(World.Live, model).GetSnapshot() is not { } snapshot) continue;
            // First position 0 keeps every batch still in the log until the model says where the recording starts.
            rows.Add(new RecordingModelRow(model, model, 0, null, Convert.ToBase64String(serializer.SerializeToArray(snapshot.Definition))));
        }
        var row = new RecordingRow(id, "record", models.Trim(), SqlRecordingStore.Recording, now, now + duration, null, null);
        await store.CreateAsync(row, rows, ct);
        foreach (var model in rows)
            await store.SetFirstAsync(id, model.Model, await grains.Model(World.Live, model.Model).Checkpoint() + 1, ct);
        return (await InfoAsync(row, ct), null);
    }

    public async Task<RecordingInfo?> StopAsync(string id, CancellationToken ct) => await StopAsync(id, "stopped on request", ct);

    /// <summary>Ends the recording where each model's checkpoint now stands: the batches after it are not kept.</summary>
    internal async Task<RecordingInfo?> StopAsync(string id, string reason, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } row) return null;
        if (row.State == SqlRecordingStore.Recording)
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var model in await store.ModelsAsync(id, ct))
                last[model.Model] = Math.Max(model.First - 1, await grains.Model(World.Live, model.Model).Checkpoint());
            await store.StopAsync(id, clock.GetUtcNow(), reason, last, ct);
            row = await store.GetAsync(id, ct) ?? row;
        }
        return await InfoAsync(row, ct);
    }

    public async Task<IReadOnlyList<RecordingInfo>> ListAsync(CancellationToken ct)
    {
        var list = new List<RecordingInfo>();
        foreach (var row in await store.ListAsync(ct)) list.Add(await InfoAsync(row, ct));
        return list;
    }

    public async Task<RecordingInfo?> GetAsync(string id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } row ? await InfoAsync(row, ct) : null;

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        // A recording still running is stopped first: its models checkpoint, so what it releases is held elsewhere.
        if (await StopAsync(id, "deleted", ct) is null) return false;
        return await store.DeleteAsync(id, ct);
    }

    public async Task<(RecordingInfo? Recording, ImportProblem? Problem)> ImportAsync(string format, string content, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = NewId("imp", now);
        var (import, problem) = await importer.ReadAsync(id, format, content, ct);
        if (import is null) return (null, problem);
        var bytes = import.Batches.Sum(b => (long)b.Payload.Length);
        if (bytes > options.Value.MaxBytes)
            return (null, new ImportProblem(null, "file", $"stores {bytes:N0} bytes; a recording keeps at most {options.Value.MaxBytes:N0} (Fleet:Recordings:MaxBytes)", TooLarge: true));
        if (await TotalCapProblemAsync(ct, bytes) is { } full) return (null, new ImportProblem(null, "file", full, TooLarge: true));
        var row = new RecordingRow(id, "import", format, SqlRecordingStore.Stopped, now, null, now, "imported");
        await store.ImportAsync(row, import.Models, import.Batches, ct);
        return (await InfoAsync(row, ct), null);
    }

    /// <summary>Why nothing more may be recorded (the recordings together keep their cap's worth), or null.</summary>
    private async Task<string?> TotalCapProblemAsync(CancellationToken ct, long adding = 0)
    {
        var (_, kept) = await store.SizeAsync(null, ct);
        var max = options.Value.MaxTotalBytes;
        return kept + adding <= max && kept < max ? null
            : $"the recordings keep {kept:N0} bytes{(adding > 0 ? $" and this one {adding:N0}" : "")}; together at most {max:N0} (Fleet:Recordings:MaxTotalBytes): delete one first";
    }

    private async Task<RecordingInfo> InfoAsync(RecordingRow row, CancellationToken ct)
    {
        var (batches, bytes) = await store.SizeAsync(row.Id, ct);
        var modelIds = (await store.ModelsAsync(row.Id, ct)).Select(m => m.Model).ToList();
        return new RecordingInfo(row.Id, row.Source, row.Selector, row.State, row.CreatedAt, row.Until, row.StoppedAt, row.StopReason,
            modelIds, batches, bytes, options.Value.MaxBytes);
    }

    // Readable, ordered by time, and unique across silos (a random tail); a valid world name, as the run it becomes.
    private static string NewId(string kind, DateTimeOffset now) =>
        $"{kind}-{now.UtcDateTime:yyyyMMdd'T'HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
}
