using Fleet.Events;
using Fleet.Runs;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Services;
using Orleans.Services;

namespace Fleet.Silo.Runs;

/// <summary>
/// The runs one silo plays, as the other silos reach them: a grain service (one per silo, addressed by the silo's
/// address) that answers from this silo's <see cref="RunCoordinator"/>. <see cref="ClusterRunControl"/> calls the
/// owner's host for a run another silo plays.
/// </summary>
[Alias("Fleet.Runs.IRunHost")]
public interface IRunHost : IRunOperations, IGrainService;

/// <summary>Reentrant: the coordinator is safe for concurrent calls, and an action waits on its journal write.</summary>
[Reentrant]
public sealed class RunHost(GrainId grainId, Orleans.Runtime.Silo silo, ILoggerFactory loggerFactory, RunCoordinator runs)
    : GrainService(grainId, silo, loggerFactory), IRunHost
{
    public Task<RunStatus[]> List() => Task.FromResult(runs.List().ToArray());

    public Task<RunStatus?> Get(string id) => Task.FromResult(runs.Get(id));

    public Task<RunSummary?> Summary(string id) => Task.FromResult(runs.Summary(id) is { } s ? Portable(s) : null);

    public Task<RunImpact?> Impact(string id) => Task.FromResult(runs.Impact(id) is { } i ? Portable(i) : null);

    public Task<(RunStatus? Status, ValidationError? Error)> Jump(string id, DateTimeOffset to) => Task.FromResult(runs.Jump(id, to));

    public Task<RunStatus?> SetSpeed(string id, double speed) => Task.FromResult(runs.SetSpeed(id, speed));

    public Task<RunStatus?> Pause(string id) => Task.FromResult(runs.Pause(id));

    public Task<RunStatus?> Resume(string id) => Task.FromResult(runs.Resume(id));

    public Task<RunStatus?> Step(string id) => Task.FromResult(runs.Step(id));

    public Task<RunStatus?> HoldAt(string id, DateTimeOffset[] times) => Task.FromResult(runs.HoldAt(id, times));

    public Task<RunStatus?> HoldAtTriggers(string id, int[] points) => Task.FromResult(runs.HoldAtTriggers(id, points));

    public Task<DateTimeOffset?> TriggeredAt(string id, int point) => Task.FromResult(runs.TriggeredAt(id, point));

    public Task<RunStatus?> Stop(string id) => Task.FromResult(runs.Stop(id));

    public Task<ValidationError?> Act(string id, RunAction action) => runs.ActAsync(id, action);

    public Task<ValidationError?> ActOnBook(string id, RunBookAction action) => runs.ActOnBookAsync(id, action);

    public Task<ValidationError?> Inject(string id, RunInjection injection) => runs.InjectAsync(id, injection);

    public Task<ValidationError?> Note(string id, string kind, string target, string by, string detail) => runs.NoteAsync(id, kind, target, by, detail);

    public Task<(string RunId, DateTimeOffset Now)?> FindRun(string world, string model) => Task.FromResult(runs.FindRun(world, model));

    public Task<JournalEntry[]> JournalFor(string world, string model) => Task.FromResult(runs.JournalFor(world, model).ToArray());

    /// <summary>
    /// The summary with plain lists and dictionaries: the run builds its collections with collection expressions, whose
    /// compiler-made types Orleans has no codec for.
    /// </summary>
    internal static RunSummary Portable(RunSummary s) => s with
    {
        Transitions = s.Transitions.ToArray(), FinalLevels = new Dictionary<string, int>(s.FinalLevels),
        Expectations = s.Expectations.ToArray(), Journal = s.Journal.ToArray(),
    };

    internal static RunImpact Portable(RunImpact i) => i with { Ticks = i.Ticks.ToArray(), Models = new Dictionary<string, ServedCounts>(i.Models) };
}

/// <summary>Reaches the <see cref="RunHost"/> of a given silo.</summary>
public sealed class RunHostClient(IServiceProvider services) : GrainServiceClient<IRunHost>(services)
{
    public IRunHost On(SiloAddress silo) => GetGrainService(silo);
}
