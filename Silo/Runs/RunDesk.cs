using Fleet.Events;
using Fleet.Runs;
using Orleans.Concurrency;

namespace Fleet.Silo.Runs;

/// <summary>
/// The runs of the cluster as an Orleans client reaches them (the dashboard-only host, <see cref="ClientRunControl"/>):
/// a grain, since a client cannot call a grain service. It answers from the <see cref="ClusterRunControl"/> of the silo
/// it is activated on, which reaches the run's owner; a run started through it starts on that silo.
/// </summary>
[Alias("Fleet.Runs.IRunDesk")]
public interface IRunDesk : IRunOperations, IGrainWithIntegerKey
{
    [Alias("Start")] Task<(RunStatus? Status, ValidationError? Error)> Start(
        string scenario, int? seed, DateTimeOffset? start, double? speed, string? until, string source, string? name);
    [Alias("Replay")] Task<(RunStatus? Status, ValidationError? Error)> Replay(string id, double? speed, string? until, bool withoutActions, string? thresholds);
}

/// <summary>Stateless and reentrant: any silo answers, and a call waits on another silo or the journal, not on other calls.</summary>
[StatelessWorker, Reentrant]
public sealed class RunDesk(IRunControl runs) : Grain, IRunDesk
{
    public async Task<RunStatus[]> List() => [.. await runs.ListAsync()];

    public Task<RunStatus?> Get(string id) => runs.GetAsync(id);

    public async Task<RunSummary?> Summary(string id) => await runs.SummaryAsync(id) is { } s ? RunHost.Portable(s) : null;

    public async Task<RunImpact?> Impact(string id) => await runs.ImpactAsync(id) is { } i ? RunHost.Portable(i) : null;

    public Task<(RunStatus? Status, ValidationError? Error)> Start(
        string scenario, int? seed, DateTimeOffset? start, double? speed, string? until, string source, string? name) =>
        runs.StartAsync(scenario, seed, start, speed, until, CancellationToken.None, source, name);

    public Task<(RunStatus? Status, ValidationError? Error)> Replay(string id, double? speed, string? until, bool withoutActions, string? thresholds) =>
        runs.ReplayAsync(id, new ReplayRequest(speed, until, withoutActions, thresholds), CancellationToken.None);

    public Task<(RunStatus? Status, ValidationError? Error)> Jump(string id, DateTimeOffset to) => runs.JumpAsync(id, to);

    public Task<RunStatus?> SetSpeed(string id, double speed) => runs.SetSpeedAsync(id, speed);

    public Task<RunStatus?> Pause(string id) => runs.PauseAsync(id);

    public Task<RunStatus?> Resume(string id) => runs.ResumeAsync(id);

    public Task<RunStatus?> Step(string id) => runs.StepAsync(id);

    public Task<RunStatus?> HoldAt(string id, DateTimeOffset[] times) => runs.HoldAtAsync(id, times);

    public Task<RunStatus?> HoldAtTriggers(string id, int[] points) => runs.HoldAtTriggersAsync(id, points);

    public Task<DateTimeOffset?> TriggeredAt(string id, int point) => runs.TriggeredAtAsync(id, point);

    public Task<RunStatus?> Stop(string id) => runs.StopAsync(id);

    public Task<ValidationError?> Act(string id, RunAction action) => runs.ActAsync(id, action);

    public Task<ValidationError?> ActOnBook(string id, RunBookAction action) => runs.ActOnBookAsync(id, action);

    public Task<ValidationError?> Inject(string id, RunInjection injection) => runs.InjectAsync(id, injection);

    public Task<ValidationError?> Note(string id, string kind, string target, string by, string detail) => runs.NoteAsync(id, kind, target, by, detail);

    public Task<(string RunId, DateTimeOffset Now)?> FindRun(string world, string model) => runs.FindRunAsync(world, model);

    public async Task<JournalEntry[]> JournalFor(string world, string model) => [.. await runs.JournalForAsync(world, model)];
}
