using Fleet.Registry;
using Fleet.Monitoring.Levels;

namespace Fleet;

/// <summary>
/// The fleet's index: one line per model, kept by the models themselves. A new line, or a change of
/// level, breaches, gaps or identity, is written through before the model's call returns; a change
/// of the quality figure alone waits for the next write (at most 5 s), as it changes with every batch.
/// </summary>
public sealed class FleetRegistryGrain(
    [PersistentState("registry", StorageNames.Fleet)] IPersistentState<FleetRegistryState> state) : Grain, IFleetRegistryGrain
{
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(5);
    private bool _dirty;
    private long _version;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(WriteIfDirtyAsync, WriteInterval, WriteInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        WriteIfDirtyAsync(cancellationToken);

    public async Task Upsert(ModelSummary summary)
    {
        var changedShape = !state.State.Models.TryGetValue(summary.Id, out var before) || !before.SameShapeAs(summary);
        state.State.Models[summary.Id] = summary;
        _version++;
        _dirty = true;
        if (changedShape) await WriteIfDirtyAsync(CancellationToken.None);
    }


    public Task<FleetView> Query(FleetQuery query)
    {
        var all = state.State.Models.Values;
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

    private async Task WriteIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        await state.WriteStateAsync(cancellationToken);
    }
}

[GenerateSerializer]
public sealed class FleetRegistryState
{
    [Id(0)] public Dictionary<string, ModelSummary> Models { get; set; } = new(StringComparer.Ordinal);
}
