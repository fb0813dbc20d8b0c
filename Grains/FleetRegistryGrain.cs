using Fleet.Registry;
using Orleans.Concurrency;
using Fleet.Monitoring.Levels;

namespace Fleet;

/// <summary>
/// One world's index (keyed by the world): one line per model, kept by the models themselves. A new line, or a change of
/// level, breaches, gaps or identity, is written through before the model's call returns; a change
/// of the quality figure alone waits for the next write (at most 5 s), as it changes with every batch.
/// The lines are stored in shards (<see cref="RegistryStates"/>): a change writes its model's shard alone. Writes are
/// group commits per shard: the grain is reentrant, and every change that arrives while a shard's write runs is covered
/// by its next single write, so 10,000 models registering at once cost a few writes a shard, not 10,000.
/// It is also the fleet's clock in event time: every few seconds it hands the newest watermark of any
/// model to its world's alert book (<see cref="IFleetAlertsGrain.Advance"/>), so unacknowledged pages escalate and
/// silences expire while the fleet's alerts stay as they are. The wall clock only paces the hand-over.
/// </summary>
[Reentrant]
public sealed class FleetRegistryGrain : Grain, IFleetRegistryGrain
{
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(5);
    private readonly IPersistentState<FleetRegistryState> _header;
    private readonly RegistryShard[] _shards;
    private long _version;
    private DateTimeOffset? _fleetClock;
    private DateTimeOffset? _clockHandedOver;

    public FleetRegistryGrain(
        [PersistentState(RegistryStates.Header, StorageNames.Fleet)] IPersistentState<FleetRegistryState> header,
        IPersistentStateFactory states)
    {
        _header = header;
        // Made here, as the attribute's states are: each joins the activation's lifecycle and is read before OnActivateAsync.
        _shards = new RegistryShard[RegistryStates.ShardCount];
        for (var i = 0; i < _shards.Length; i++)
            _shards[i] = new RegistryShard(states.Create<RegistryShardState>(GrainContext,
                new PersistentStateAttribute(RegistryStates.ShardName(i), StorageNames.Fleet)));
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Every activation starts a new run of versions above all earlier ones, even after a crash lost the last few
        // increments: a page that saw version v before a restart or a reactivation never takes what follows for old.
        _header.State.Activations++;
        await _header.WriteStateAsync(cancellationToken);
        _version = _header.State.Activations << VersionBits;
        _fleetClock = AllLines.Max(m => m.Watermark);
        this.RegisterGrainTimer(WriteIfDirtyAsync, WriteInterval, WriteInterval);
        this.RegisterGrainTimer(AdvanceAlertsAsync, WriteInterval, WriteInterval);
    }

    /// <summary>
    /// A version is the activation's number above this many bits and the changes since it started below them: 2^32
    /// changes per activation, and 2^21 activations before a version leaves a JavaScript number's exact integers.
    /// </summary>
    private const int VersionBits = 32;

    private IEnumerable<ModelSummary> AllLines => _shards.SelectMany(shard => shard.Lines.Values);

    private RegistryShard ShardOf(string modelId) => _shards[RegistryStates.ShardOf(modelId)];

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        WriteIfDirtyAsync(cancellationToken);

    public Task<bool> Contains(string modelId) => Task.FromResult(ShardOf(modelId).Lines.ContainsKey(modelId));

    public async Task Upsert(ModelSummary summary)
    {
        var shard = ShardOf(summary.Id);
        var changedShape = !shard.Lines.TryGetValue(summary.Id, out var before) || !before.SameShapeAs(summary);
        shard.Lines[summary.Id] = summary;
        if (summary.Watermark > _fleetClock || _fleetClock is null) _fleetClock = summary.Watermark;
        _version++;
        shard.Dirty = true;
        if (changedShape) await shard.CommitAsync();
    }

    public async Task Remove(string modelId)
    {
        var shard = ShardOf(modelId);
        if (!shard.Lines.Remove(modelId)) return;
        _version++;
        shard.Dirty = true;
        await shard.CommitAsync();
    }

    public Task<FleetView> Query(FleetQuery query)
    {
        var all = AllLines.ToList();
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

    private Task WriteIfDirtyAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_shards.Where(shard => shard.Dirty).Select(shard => shard.CommitAsync()));

    private async Task AdvanceAlertsAsync(CancellationToken cancellationToken)
    {
        if (_fleetClock is not { } now || now <= _clockHandedOver) return;
        await GrainFactory.AlertBook(this.GetPrimaryKeyString()).Advance(now);
        _clockHandedOver = now;
    }
}

/// <summary>The registry's header; its lines are in <see cref="RegistryShardState"/>s.</summary>
[GenerateSerializer]
public sealed class FleetRegistryState
{
    /// <summary>How many times the registry was activated: the high part of its version (see FleetRegistryGrain).</summary>
    [Id(0)] public long Activations { get; set; }
}
