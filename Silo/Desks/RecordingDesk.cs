using Fleet.Events;
using Fleet.Recordings;
using Orleans.Concurrency;

namespace Fleet.Silo.Desks;

/// <summary>
/// The cluster's recordings as an Orleans client reaches them (the dashboard-only host, <see cref="ClientRecordingControl"/>):
/// answered from the <see cref="IRecordingControl"/> of the silo the grain is activated on; recordings live in the shared database.
/// </summary>
[Alias("Fleet.Recordings.IRecordingDesk")]
public interface IRecordingDesk : IGrainWithIntegerKey
{
    [Alias("Start")] Task<(RecordingInfo? Recording, ValidationError? Error)> Start(string models, string? until);
    [Alias("Stop")] Task<RecordingInfo?> Stop(string id);
    [Alias("List")] Task<RecordingInfo[]> List();
    [Alias("Get")] Task<RecordingInfo?> Get(string id);
    [Alias("Delete")] Task<bool> Delete(string id);
    [Alias("Import")] Task<(RecordingInfo? Recording, ImportProblem? Problem)> Import(string format, string content);
}

/// <summary>Stateless and reentrant: any silo answers, and a call waits on the database or the models, not on other calls.</summary>
[StatelessWorker, Reentrant]
public sealed class RecordingDesk(IRecordingControl recordings) : Grain, IRecordingDesk
{
    public Task<(RecordingInfo? Recording, ValidationError? Error)> Start(string models, string? until) => recordings.StartAsync(models, until, CancellationToken.None);
    public Task<RecordingInfo?> Stop(string id) => recordings.StopAsync(id, CancellationToken.None);
    public async Task<RecordingInfo[]> List() => [.. await recordings.ListAsync(CancellationToken.None)];
    public Task<RecordingInfo?> Get(string id) => recordings.GetAsync(id, CancellationToken.None);
    public Task<bool> Delete(string id) => recordings.DeleteAsync(id, CancellationToken.None);
    public Task<(RecordingInfo? Recording, ImportProblem? Problem)> Import(string format, string content) =>
        recordings.ImportAsync(format, content, CancellationToken.None);
}

/// <summary>Recordings for the dashboard-only host: each call is asked of a silo through <see cref="IRecordingDesk"/>.</summary>
public sealed class ClientRecordingControl(IGrainFactory grains) : IRecordingControl
{
    private IRecordingDesk Desk => grains.GetGrain<IRecordingDesk>(0);

    public Task<(RecordingInfo? Recording, ValidationError? Error)> StartAsync(string models, string? until, CancellationToken ct) => Desk.Start(models, until).WaitAsync(ct);
    public Task<RecordingInfo?> StopAsync(string id, CancellationToken ct) => Desk.Stop(id).WaitAsync(ct);
    public async Task<IReadOnlyList<RecordingInfo>> ListAsync(CancellationToken ct) => await Desk.List().WaitAsync(ct);
    public Task<RecordingInfo?> GetAsync(string id, CancellationToken ct) => Desk.Get(id).WaitAsync(ct);
    public Task<bool> DeleteAsync(string id, CancellationToken ct) => Desk.Delete(id).WaitAsync(ct);
    public Task<(RecordingInfo? Recording, ImportProblem? Problem)> ImportAsync(string format, string content, CancellationToken ct) =>
        Desk.Import(format, content).WaitAsync(ct);
}
