using Fleet.Events;
using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Fleet.Simulation.Scenarios;
using Orleans.Runtime;

namespace Fleet.Silo.Runs;

/// <summary>
/// Runs cluster-wide: an unfinished run is read and steered on the silo that plays it, its owner in the run journal
/// (this silo's <see cref="RunCoordinator"/>, or another silo's <see cref="RunHost"/> through an Orleans grain-service
/// call, awaited); a run starts on the silo whose API starts it; what the journal holds (listings, pages, comparisons,
/// replays, and the status of an ended run another silo played) is read from the database by any silo. An unfinished
/// run whose owner has left the cluster reads as missing until a silo adopts it (<see cref="RunAdopter"/>), a few
/// seconds after Orleans declares the owner dead.
/// </summary>
public sealed class ClusterRunControl(RunCoordinator local, RunHostClient hosts, SqlRunJournal journal, IClusterMembershipService membership,
    ILogger<ClusterRunControl> logger) : IRunControl
{
    public async Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var others = await Task.WhenAll(OtherSilos().Select(silo => ReachAsync<RunStatus[]>(silo, h => h.List(), [], cancellationToken)));
        return local.List().Concat(others.SelectMany(runs => runs)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<RunStatus?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (local.Hosts(id)) return local.Get(id);
        if (await journal.GetAsync(id, cancellationToken) is not { } header) return null;
        // An ended run is all in its journal: any silo answers for it, whether its silo is alive, freed it or died.
        if (!header.Unfinished) return await JournaledStatus.ReadAsync(header, journal, cancellationToken);
        return OwnerElsewhere(header.Owner) is { } owner ? await ReachAsync(owner, h => h.Get(id), null, cancellationToken) : null;
    }

    public Task<RunSummary?> SummaryAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Summary(id), h => h.Summary(id), null, cancellationToken);

    public Task<RunImpact?> ImpactAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Impact(id), h => h.Impact(id), null, cancellationToken);

    public Task<(RunStatus? Status, ValidationError? Error)> StartAsync(string scenario, int? seed, DateTimeOffset? start, double? speed, string? until,
        CancellationToken cancellationToken, string source = "scenario", string? name = null) =>
        local.StartAsync(scenario, seed, start, speed, until, cancellationToken, source, name);

    public Task<(RunStatus? Status, ValidationError? Error)> ReplayAsync(string id, ReplayRequest request, CancellationToken cancellationToken) =>
        local.ReplayAsync(id, request, cancellationToken);

    public Task<(RunStatus? Status, ValidationError? Error)> JumpAsync(string id, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Jump(id, to), h => h.Jump(id, to), (null, null), cancellationToken);

    public async Task<IReadOnlyList<RunListing>> ListRecordedAsync(CancellationToken cancellationToken)
    {
        var listings = new List<RunListing>();
        foreach (var header in await journal.ListAsync(cancellationToken))
        {
            listings.Add(local.Listing(header)
                ?? (header.Unfinished && OwnerElsewhere(header.Owner) is { } owner
                    && await ReachAsync(owner, h => h.Get(header.Id), null, cancellationToken) is { } status
                    ? RunListings.Of(header, status)
                    : RunListings.Of(header)));
        }
        return listings;
    }

    public Task<JournalPage?> JournalAsync(string id, long after, int limit, CancellationToken cancellationToken) =>
        JournalViews.PageAsync(journal, id, after, limit, cancellationToken);

    public Task<ReplayComparison?> CompareAsync(string id, CancellationToken cancellationToken) => JournalViews.CompareAsync(journal, id, cancellationToken);

    public Task<RunStatus?> SetSpeedAsync(string id, double speed, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.SetSpeed(id, speed), h => h.SetSpeed(id, speed), null, cancellationToken);

    public Task<RunStatus?> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Pause(id), h => h.Pause(id), null, cancellationToken);

    public Task<RunStatus?> ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Resume(id), h => h.Resume(id), null, cancellationToken);

    public Task<RunStatus?> StepAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Step(id), h => h.Step(id), null, cancellationToken);

    public Task<RunStatus?> HoldAtAsync(string id, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.HoldAt(id, times), h => h.HoldAt(id, [.. times]), null, cancellationToken);

    public Task<RunStatus?> HoldAtTriggersAsync(string id, IReadOnlyList<int> points, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.HoldAtTriggers(id, points), h => h.HoldAtTriggers(id, [.. points]), null, cancellationToken);

    public Task<DateTimeOffset?> TriggeredAtAsync(string id, int point, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.TriggeredAt(id, point), h => h.TriggeredAt(id, point), null, cancellationToken);

    public Task<RunStatus?> StopAsync(string id, CancellationToken cancellationToken = default) =>
        OnOwnerAsync(id, () => local.Stop(id), h => h.Stop(id), null, cancellationToken);

    public Task<ValidationError?> ActAsync(string id, RunAction action) =>
        InputAsync(id, () => local.ActAsync(id, action), h => h.Act(id, action));

    public Task<ValidationError?> ActOnBookAsync(string id, RunBookAction action) =>
        InputAsync(id, () => local.ActOnBookAsync(id, action), h => h.ActOnBook(id, action));

    public Task<ValidationError?> InjectAsync(string id, RunInjection injection) =>
        InputAsync(id, () => local.InjectAsync(id, injection), h => h.Inject(id, injection));

    public Task<ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail) =>
        InputAsync(id, () => local.NoteAsync(id, kind, target, by, detail), h => h.Note(id, kind, target, by, detail));

    public IReadOnlyList<string> Scenarios() => local.Scenarios();

    public IReadOnlyList<string> Faults() => [.. ScenarioLoader.FaultNamesList];

    // A run's world is named by its run id; the live fleet is no run's world.
    public async Task<(string RunId, DateTimeOffset Now)?> FindRunAsync(string world, string model, CancellationToken cancellationToken = default) =>
        world == World.Live ? null : await OnOwnerAsync(world, () => local.FindRun(world, model), h => h.FindRun(world, model), null, cancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> JournalForAsync(string world, string model, CancellationToken cancellationToken = default) =>
        world == World.Live ? []
        : await OnOwnerAsync<IReadOnlyList<JournalEntry>>(world, () => local.JournalFor(world, model), async h => await h.JournalFor(world, model), [],
            cancellationToken);

    private async Task<T> OnOwnerAsync<T>(string id, Func<T> here, Func<IRunHost, Task<T>> there, T missing, CancellationToken ct)
    {
        if (local.Hosts(id)) return here();
        if (OwnerElsewhere((await journal.GetAsync(id, ct))?.Owner) is not { } owner) return missing;
        return await ReachAsync(owner, there, missing, ct);
    }

    /// <summary>An input is journaled by the silo that plays the run before the answer; a run that cannot take it says why.</summary>
    private async Task<ValidationError?> InputAsync(string id, Func<Task<ValidationError?>> here, Func<IRunHost, Task<ValidationError?>> there)
    {
        if (local.Hosts(id)) return await here();
        var missing = new ValidationError("id", $"run '{id}' does not exist, or its silo has left the cluster and no silo has adopted it yet");
        if (OwnerElsewhere((await journal.GetAsync(id))?.Owner) is not { } owner) return missing;
        return await ReachAsync(owner, there, missing, CancellationToken.None);
    }

    /// <summary>The silo that plays a run, when it is another active member of the cluster.</summary>
    private SiloAddress? OwnerElsewhere(string? owner)
    {
        if (owner is null || owner == local.Owner) return null;
        var silo = SiloAddress.FromParsableString(owner);
        return membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active ? silo : null;
    }

    private IEnumerable<SiloAddress> OtherSilos() =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)
            .Where(s => s.ToParsableString() != local.Owner);

    /// <summary>
    /// Calls a silo's <see cref="RunHost"/>; <paramref name="missing"/> when it does not answer (it is leaving the cluster).
    /// Cancelling stops the wait, not the call: a steer already sent still applies on its silo.
    /// </summary>
    private async Task<T> ReachAsync<T>(SiloAddress silo, Func<IRunHost, Task<T>> call, T missing, CancellationToken ct)
    {
        try
        {
            return await call(hosts.On(silo)).WaitAsync(ct);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogInformation(e, "Silo {Silo} did not answer for its runs", silo);
            return missing;
        }
    }
}
