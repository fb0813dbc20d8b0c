using Fleet.Registry;
using Orleans.Concurrency;
using Fleet.Monitoring.Levels;

namespace Fleet;

/// <summary>
/// One world's index (keyed by the world): one line per model, kept by the models themselves. A new line, or a change of
/// level, breaches, gaps or identity, is written through before the model's call returns; a change
/// of the quality figure alone waits for the next write (at most 5 s), as it changes with every batch.
/// Writes are group commits: the grain is reentrant, and every change that arrives while a write runs
/// is covered by the next single write, so 10,000 models registering at once cost a few writes, not
/// 10,000 (each write stores the whole index).
/// It is also the fleet's clock in event time: every few seconds it hands the newest watermark of any
/// model to its world's alert book (<see cref="IFleetAlertsGrain.Advance"/>), so unacknowledged pages escalate and
/// silences expire while the fleet's alerts stay as they are. The wall clock only paces the hand-over.
/// </summary>
[Reentrant]
public sealed class FleetRegistryGrain(
    [PersistentState("registry", StorageNames.Fleet)] IPersistentState<FleetRegistryState> state) : Grain, IFleetRegistryGrain
{
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(5);
    private bool _dirty;
    private long _version;
    private DateTimeOffset? _fleetClock;
    private DateTimeOffset? _clockHandedOver;
    private Dictionary<string, ModelSummary> _models = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Every activation starts a new run of versions above all earlier ones, even after a crash lost the last few
        // increments: a page that saw version v before a restart or a reactivation never takes what follows for old.
        state.State.Activations++;
        await state.WriteStateAsync(cancellationToken);
        _version = state.State.Activations << VersionBits;
        _models = state.State.Models;
        _fleetClock = _models.Values.Max(m => m.Watermark);
        this.RegisterGrainTimer(WriteIfDirtyAsync, WriteInterval, WriteInterval);
        this.RegisterGrainTimer(AdvanceAlertsAsync, WriteInterval, WriteInterval);
    }

    /// <summary>
    /// A version is the activation's number above this many bits and the changes since it started below them: 2^32
    /// changes per activation, and 2^21 activations before a version leaves a JavaScript number's exact integers.
    /// </summary>
    private const int VersionBits = 32;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        WriteIfDirtyAsync(cancellationToken);

    public Task<bool> Contains(string modelId) => Task.FromResult(_models.ContainsKey(modelId));

    public async Task Upsert(ModelSummary summary)
    {
        var changedShape = !_models.TryGetValue(summary.Id, out var before) || !before.SameShapeAs(summary);
        _models[summary.Id] = summary;
        if (summary.Watermark > _fleetClock || _fleetClock is null) _fleetClock = summary.Watermark;
        _version++;
        _dirty = true;
        if (changedShape) await CommitAsync();
    }

    public async Task Remove(string modelId)
    {
        if (!_models.Remove(modelId)) return;
        _version++;
        _dirty = true;
        await CommitAsync();
    }

    private GroupCommit? _commit;

    /// <summary>Completes once a write that started after this call has finished.</summary>
    private Task CommitAsync() => (_commit ??= new GroupCommit(WriteAsync)).CommitAsync();

    /// <summary>
    /// Stores a copy of the index: Orleans serialises the state after WriteStateAsync returns, on PostgreSQL at
    /// times on a pool thread, while upserts go on changing the live index. The lines are immutable: a shallow copy.
    /// </summary>
    private Task WriteAsync()
    {
        _dirty = false; // the quality figures changed so far ride along in this write
        state.State = new FleetRegistryState { Models = new(_models, StringComparer.Ordinal), Activations = state.State.Activations };
        return state.WriteStateAsync();
    }

    public Task<FleetView> Query(FleetQuery query)
    {
        var all = _models.Values;
        var matching = all.Where(m => Matches(m, query))
            .OrderByDescending(m => m.Level).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var byLevel = Enumerable.Range(1, 5).ToDictionary(l => l, l => all.Count(m => (int)m.Level == l));
        var byGap = GovernanceGaps.All.ToDictionary(g => g, g => all.Count(m => m.Gaps.Contains(g)));
        return Task.FromResult(new FleetView(matching, byLevel, byGap, all.Count, _version));
    }

    public Task<long> GetVersion() => Task.FromResult(_version);

    private static bool Matches(ModelSummary m, FleetQuery q) =>
        (q.Domain is null || string.Equals(m.Domain, q.Domain, StringComparison.OrdinalIgnoreCase))
        && (q.Owner is null || string.Equals(m.Owner, q.Owner, StringComparison.OrdinalIgnoreCase))
        && (q.Team is null || string.Equals(m.Team, q.Team, StringComparison.OrdinalIgnoreCase))
        && (q.Level is null || m.Level == q.Level)
        && (q.Breached is null || m.Breaches.Contains(q.Breached, StringComparer.OrdinalIgnoreCase))
        && (q.Gap is null || m.Gaps.Contains(q.Gap, StringComparer.OrdinalIgnoreCase));

    private Task WriteIfDirtyAsync(CancellationToken cancellationToken) => _dirty ? CommitAsync() : Task.CompletedTask;

    private async Task AdvanceAlertsAsync(CancellationToken cancellationToken)
    {
        if (_fleetClock is not { } now || now <= _clockHandedOver) return;
        await GrainFactory.AlertBook(this.GetPrimaryKeyString()).Advance(now);
        _clockHandedOver = now;
    }
}

[GenerateSerializer]
public sealed class FleetRegistryState
{
    [Id(0)] public Dictionary<string, ModelSummary> Models { get; set; } = new(StringComparer.Ordinal);
    /// <summary>How many times the registry was activated: the high part of its version (see FleetRegistryGrain).</summary>
    [Id(1)] public long Activations { get; set; }
}
