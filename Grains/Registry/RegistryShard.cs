namespace Fleet.Registry;

/// <summary>
/// One shard of a registry's lines: the live lines, which upserts change, and their stored copy, written by group commit
/// (every change that arrives while a write runs is covered by the next single write).
/// </summary>
internal sealed class RegistryShard(IPersistentState<RegistryShardState> state)
{
    private Dictionary<string, ModelSummary>? _lines;
    private GroupCommit? _commit;

    /// <summary>The live lines; read from storage by the grain's activation before its first use.</summary>
    public Dictionary<string, ModelSummary> Lines => _lines ??= state.State.Models;

    /// <summary>Whether a change (a quality figure alone) waits for the next write.</summary>
    public bool Dirty { get; set; }

    /// <summary>Completes once a write that started after this call has finished.</summary>
    public Task CommitAsync() => (_commit ??= new GroupCommit(WriteAsync)).CommitAsync();

    /// <summary>
    /// Stores a copy of the lines: Orleans serialises the state after WriteStateAsync returns, on PostgreSQL at times on a
    /// pool thread, while upserts go on changing the live lines. The lines are immutable: a shallow copy.
    /// </summary>
    private Task WriteAsync()
    {
        Dirty = false; // the quality figures changed so far ride along in this write
        state.State = new RegistryShardState { Models = new(Lines, StringComparer.Ordinal) };
        return state.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed class RegistryShardState
{
    [Id(0)] public Dictionary<string, ModelSummary> Models { get; set; } = new(StringComparer.Ordinal);
}
