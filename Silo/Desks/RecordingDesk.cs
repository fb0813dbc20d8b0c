using Fleet.Events;
using Fleet.Recordings;
using Orleans.Concurrency;
using static Fleet.Silo.Desks.ContractJson;

namespace Fleet.Silo.Desks;

/// <summary>
/// The cluster's recordings as an Orleans client reaches them (the dashboard-only host, <see cref="ClientRecordingControl"/>):
/// answered from the <see cref="IRecordingControl"/> of the silo the grain is activated on; recordings live in the shared
/// database. Records cross as JSON text (<see cref="ContractJson"/>).
/// </summary>
[Alias("Fleet.Recordings.IRecordingDesk")]
public interface IRecordingDesk : IGrainWithIntegerKey
{
    [Alias("Start")] Task<(string? Recording, ValidationError? Error)> Start(string models, string? until);
    [Alias("Stop")] Task<string?> Stop(string id);
    [Alias("List")] Task<string> List();
    [Alias("Get")] Task<string?> Get(string id);
    [Alias("Delete")] Task<bool> Delete(string id);
    [Alias("Import")] Task<(string? Recording, string? Problem)> Import(string format, string content);
}

/// <summary>Stateless and reentrant: any silo answers, and a call waits on the database or the models, not on other calls.</summary>
[StatelessWorker, Reentrant]
public sealed class RecordingDesk(IRecordingControl recordings) : Grain, IRecordingDesk
{
    private static readonly CancellationToken None = CancellationToken.None;

    public Task<(string? Recording, ValidationError? Error)> Start(string models, string? until) => Written(recordings.StartAsync(models, until, None));
    public async Task<string?> Stop(string id) => WriteOrNull(await recordings.StopAsync(id, None));
    public async Task<string> List() => Write(await recordings.ListAsync(None));
    public async Task<string?> Get(string id) => WriteOrNull(await recordings.GetAsync(id, None));
    public Task<bool> Delete(string id) => recordings.DeleteAsync(id, None);
    public async Task<(string? Recording, string? Problem)> Import(string format, string content)
    {
        var (recording, problem) = await recordings.ImportAsync(format, content, None);
        return (WriteOrNull(recording), WriteOrNull(problem));
    }
}

/// <summary>Recordings for the dashboard-only host: each call is asked of a silo through <see cref="IRecordingDesk"/>.</summary>
public sealed class ClientRecordingControl(IGrainFactory grains) : IRecordingControl
{
    private IRecordingDesk Desk => grains.GetGrain<IRecordingDesk>(0);

    public Task<(RecordingInfo? Recording, ValidationError? Error)> StartAsync(string models, string? until, CancellationToken ct) =>
        Read<RecordingInfo>(Desk.Start(models, until).WaitAsync(ct));
    public async Task<RecordingInfo?> StopAsync(string id, CancellationToken ct) => ReadOrNull<RecordingInfo>(await Desk.Stop(id).WaitAsync(ct));
    public async Task<IReadOnlyList<RecordingInfo>> ListAsync(CancellationToken ct) => Read<RecordingInfo[]>(await Desk.List().WaitAsync(ct));
    public async Task<RecordingInfo?> GetAsync(string id, CancellationToken ct) => ReadOrNull<RecordingInfo>(await Desk.Get(id).WaitAsync(ct));
    public Task<bool> DeleteAsync(string id, CancellationToken ct) => Desk.Delete(id).WaitAsync(ct);
    public async Task<(RecordingInfo? Recording, ImportProblem? Problem)> ImportAsync(string format, string content, CancellationToken ct)
    {
        var (recording, problem) = await Desk.Import(format, content).WaitAsync(ct);
        return (ReadOrNull<RecordingInfo>(recording), ReadOrNull<ImportProblem>(problem));
    }
}
