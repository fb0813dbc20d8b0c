using Fleet.Events;
using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Runs;

/// <summary>
/// Runs for the dashboard-only host (an Orleans client, no grains of its own): what a run does is asked of the silos
/// through <see cref="IRunDesk"/>; what the journal holds (listings, pages, comparisons) is read from the database the
/// host shares with them; the scenario names are those of the scenario folder it ships with, as the silos'.
/// </summary>
public sealed class ClientRunControl(IGrainFactory grains, SqlRunJournal journal, IOptions<SimulationOptions> options) : IRunControl
{
    private IRunDesk Desk => grains.GetGrain<IRunDesk>(0);

    public async Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken = default) => await Desk.List().WaitAsync(cancellationToken);

    public Task<RunStatus?> GetAsync(string id, CancellationToken cancellationToken = default) => Desk.Get(id).WaitAsync(cancellationToken);

    public Task<RunSummary?> SummaryAsync(string id, CancellationToken cancellationToken = default) => Desk.Summary(id).WaitAsync(cancellationToken);

    public Task<RunImpact?> ImpactAsync(string id, CancellationToken cancellationToken = default) => Desk.Impact(id).WaitAsync(cancellationToken);

    public Task<(RunStatus? Status, ValidationError? Error)> StartAsync(string scenario, int? seed, DateTimeOffset? start, double? speed, string? until,
        CancellationToken cancellationToken, string source = "scenario", string? name = null) =>
        Desk.Start(scenario, seed, start, speed, until, source, name).WaitAsync(cancellationToken);

    public Task<(RunStatus? Status, ValidationError? Error)> ReplayAsync(string id, ReplayRequest request, CancellationToken cancellationToken) =>
        Desk.Replay(id, request.Speed, request.Until, request.WithoutActions, request.Thresholds).WaitAsync(cancellationToken);

    public Task<(RunStatus? Status, ValidationError? Error)> JumpAsync(string id, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Desk.Jump(id, to).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<RunListing>> ListRecordedAsync(CancellationToken cancellationToken)
    {
        var playing = (await ListAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        return (await journal.ListAsync(cancellationToken))
            .Select(h => h.Unfinished && playing.GetValueOrDefault(h.Id) is { } status ? RunListings.Of(h, status) : RunListings.Of(h)).ToList();
    }

    public Task<JournalPage?> JournalAsync(string id, long after, int limit, CancellationToken cancellationToken) =>
        JournalViews.PageAsync(journal, id, after, limit, cancellationToken);

    public Task<ReplayComparison?> CompareAsync(string id, CancellationToken cancellationToken) => JournalViews.CompareAsync(journal, id, cancellationToken);

    public Task<RunStatus?> SetSpeedAsync(string id, double speed, CancellationToken cancellationToken = default) =>
        Desk.SetSpeed(id, speed).WaitAsync(cancellationToken);

    public Task<RunStatus?> PauseAsync(string id, CancellationToken cancellationToken = default) => Desk.Pause(id).WaitAsync(cancellationToken);

    public Task<RunStatus?> ResumeAsync(string id, CancellationToken cancellationToken = default) => Desk.Resume(id).WaitAsync(cancellationToken);

    public Task<RunStatus?> StepAsync(string id, CancellationToken cancellationToken = default) => Desk.Step(id).WaitAsync(cancellationToken);

    public Task<RunStatus?> HoldAtAsync(string id, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken = default) =>
        Desk.HoldAt(id, [.. times]).WaitAsync(cancellationToken);

    public Task<RunStatus?> HoldAtTriggersAsync(string id, IReadOnlyList<int> points, CancellationToken cancellationToken = default) =>
        Desk.HoldAtTriggers(id, [.. points]).WaitAsync(cancellationToken);

    public Task<DateTimeOffset?> TriggeredAtAsync(string id, int point, CancellationToken cancellationToken = default) =>
        Desk.TriggeredAt(id, point).WaitAsync(cancellationToken);

    public Task<RunStatus?> StopAsync(string id, CancellationToken cancellationToken = default) => Desk.Stop(id).WaitAsync(cancellationToken);

    public Task<ValidationError?> ActAsync(string id, RunAction action) => Desk.Act(id, action);

    public Task<ValidationError?> ActOnBookAsync(string id, RunBookAction action) => Desk.ActOnBook(id, action);

    public Task<ValidationError?> InjectAsync(string id, RunInjection injection) => Desk.Inject(id, injection);

    public Task<ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail) => Desk.Note(id, kind, target, by, detail);

    public IReadOnlyList<string> Scenarios() => options.Value.ScenarioNames();

    public IReadOnlyList<string> Faults() => [.. ScenarioLoader.FaultNamesList];

    public async Task<(string RunId, DateTimeOffset Now)?> FindRunAsync(string world, string model, CancellationToken cancellationToken = default) =>
        world == World.Live ? null : await Desk.FindRun(world, model).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> JournalForAsync(string world, string model, CancellationToken cancellationToken = default) =>
        world == World.Live ? [] : await Desk.JournalFor(world, model).WaitAsync(cancellationToken);
}
