using Fleet.Events;
using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Orleans.Runtime;

namespace Fleet.Silo.Runs;

/// <summary>
/// Runs cluster-wide: a run is read and steered on the silo that plays it, its owner in the run journal (this silo's
/// <see cref="RunCoordinator"/>, or another silo's <see cref="RunHost"/> through an Orleans grain-service call); a run
/// starts on the silo whose API starts it; what the journal holds (listings, pages, comparisons, replays) is read from
/// the database by any silo. A run whose owner has left the cluster reads as missing until a silo adopts it
/// (<see cref="RunAdopter"/>), a few seconds after Orleans declares the owner dead.
/// </summary>
/// <remarks>
/// <see cref="IRunControl"/>'s reads and steering are synchronous (the exercises and the model pages call them so); for a
/// run on another silo they wait for the grain call. They run on thread-pool threads (ASP.NET Core and hosted services
/// have no synchronization context, and no grain calls them), so the wait blocks a thread, not a scheduler.
/// </remarks>
public sealed class ClusterRunControl(RunCoordinator local, RunHostClient hosts, SqlRunJournal journal, IClusterMembershipService membership,
    ILogger<ClusterRunControl> logger) : IRunControl
{
    public IReadOnlyList<RunStatus> List() =>
        local.List().Concat(OtherSilos().SelectMany(silo => Reach<IReadOnlyList<RunStatus>>(silo, h => h.List(), [])))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public RunStatus? Get(string id) => OnOwner(id, () => local.Get(id), h => h.Get(id), null);

    public RunSummary? Summary(string id) => OnOwner(id, () => local.Summary(id), h => h.Summary(id), null);

    public RunImpact? Impact(string id) => OnOwner(id, () => local.Impact(id), h => h.Impact(id), null);

    public Task<(RunStatus? Status, ValidationError? Error)> StartAsync(string scenario, int? seed, DateTimeOffset? start, double? speed, string? until,
        CancellationToken cancellationToken, string source = "scenario", string? name = null) =>
        local.StartAsync(scenario, seed, start, speed, until, cancellationToken, source, name);

    public Task<(RunStatus? Status, ValidationError? Error)> ReplayAsync(string id, ReplayRequest request, CancellationToken cancellationToken) =>
        local.ReplayAsync(id, request, cancellationToken);

    public (RunStatus? Status, ValidationError? Error) Jump(string id, DateTimeOffset to) => OnOwner(id, () => local.Jump(id, to), h => h.Jump(id, to), (null, null));

    public async Task<IReadOnlyList<RunListing>> ListRecordedAsync(CancellationToken cancellationToken)
    {
        var listings = new List<RunListing>();
        foreach (var header in await journal.ListAsync(cancellationToken))
        {
            listings.Add(local.Listing(header)
                ?? (header.Unfinished && OwnerElsewhere(header.Owner) is { } owner && await ReachAsync(owner, h => h.Get(header.Id)) is { } status
                    ? RunListings.Of(header, status)
                    : RunListings.Of(header)));
        }
        return listings;
    }

    public Task<JournalPage?> JournalAsync(string id, long after, int limit, CancellationToken cancellationToken) =>
        local.JournalAsync(id, after, limit, cancellationToken);

    public Task<ReplayComparison?> CompareAsync(string id, CancellationToken cancellationToken) => local.CompareAsync(id, cancellationToken);

    public RunStatus? SetSpeed(string id, double speed) => OnOwner(id, () => local.SetSpeed(id, speed), h => h.SetSpeed(id, speed), null);

    public RunStatus? Pause(string id) => OnOwner(id, () => local.Pause(id), h => h.Pause(id), null);

    public RunStatus? Resume(string id) => OnOwner(id, () => local.Resume(id), h => h.Resume(id), null);

    public RunStatus? Step(string id) => OnOwner(id, () => local.Step(id), h => h.Step(id), null);

    public RunStatus? HoldAt(string id, IReadOnlyList<DateTimeOffset> times) => OnOwner(id, () => local.HoldAt(id, times), h => h.HoldAt(id, [.. times]), null);

    public RunStatus? HoldAtFirstPage(string id) => OnOwner(id, () => local.HoldAtFirstPage(id), h => h.HoldAtFirstPage(id), null);

    public DateTimeOffset? FirstPageAt(string id) => OnOwner(id, () => local.FirstPageAt(id), h => h.FirstPageAt(id), null);

    public RunStatus? Stop(string id) => OnOwner(id, () => local.Stop(id), h => h.Stop(id), null);

    public Task<ValidationError?> ActAsync(string id, RunAction action) =>
        OnOwnerAsync(id, () => local.ActAsync(id, action), h => h.Act(id, action));

    public Task<ValidationError?> ActOnBookAsync(string id, RunBookAction action) =>
        OnOwnerAsync(id, () => local.ActOnBookAsync(id, action), h => h.ActOnBook(id, action));

    public Task<ValidationError?> InjectAsync(string id, RunInjection injection) =>
        OnOwnerAsync(id, () => local.InjectAsync(id, injection), h => h.Inject(id, injection));

    public Task<ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail) =>
        OnOwnerAsync(id, () => local.NoteAsync(id, kind, target, by, detail), h => h.Note(id, kind, target, by, detail));

    public IReadOnlyList<string> Scenarios() => local.Scenarios();

    // A run's world is named by its run id; the live fleet is no run's world.
    public (string RunId, DateTimeOffset Now)? FindRun(string world, string model) =>
        world == World.Live ? null : OnOwner(world, () => local.FindRun(world, model), h => h.FindRun(world, model), null);

    public IReadOnlyList<JournalEntry> JournalFor(string world, string model) =>
        world == World.Live ? [] : OnOwner<IReadOnlyList<JournalEntry>>(world, () => local.JournalFor(world, model), async h => await h.JournalFor(world, model), []);

    private T OnOwner<T>(string id, Func<T> here, Func<IRunHost, Task<T>> there, T missing)
    {
        if (local.Hosts(id)) return here();
        if (OwnerElsewhere(journal.GetAsync(id).GetAwaiter().GetResult()?.Owner) is not { } owner) return missing;
        return Reach(owner, there, missing);
    }

    private async Task<ValidationError?> OnOwnerAsync(string id, Func<Task<ValidationError?>> here, Func<IRunHost, Task<ValidationError?>> there)
    {
        if (local.Hosts(id)) return await here();
        var missing = new ValidationError("id", $"run '{id}' does not exist, or its silo has left the cluster and no silo has adopted it yet");
        if (OwnerElsewhere((await journal.GetAsync(id))?.Owner) is not { } owner) return missing;
        try
        {
            return await there(hosts.On(owner));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogInformation(e, "Silo {Silo} did not answer for run {Run}", owner, id);
            return missing;
        }
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

    private T Reach<T>(SiloAddress silo, Func<IRunHost, Task<T>> call, T missing)
    {
        try
        {
            return call(hosts.On(silo)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogInformation(e, "Silo {Silo} did not answer for its runs", silo);
            return missing;
        }
    }

    private async Task<T?> ReachAsync<T>(SiloAddress silo, Func<IRunHost, Task<T>> call)
    {
        try
        {
            return await call(hosts.On(silo));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            logger.LogInformation(e, "Silo {Silo} did not answer for its runs", silo);
            return default;
        }
    }
}
