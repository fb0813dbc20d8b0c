using Fleet.Runs;

namespace Fleet.Dashboard.Worlds;

/// <summary>One world the API and the hub can be pointed at: the live fleet, or a run (its scenario and state).</summary>
public sealed record WorldLine(string Id, string Kind, string? Scenario, string? State, DateTimeOffset? Start, int Models);

/// <summary>
/// Which worlds exist for the API and the hub: the live fleet always, and a run's world while this host knows the
/// run.
/// </summary>
public sealed class WorldDirectory(IRunControl runs, IGrainFactory grains)
{
    public async Task<bool> ExistsAsync(string world) => world == World.Live || await runs.GetAsync(world) is not null;

    /// <summary>Why a client cannot be pointed at <paramref name="world"/>: a bad name (400) or no such world (404); null when it can.</summary>
    public async Task<(int Status, string Reason)?> RefusalAsync(string world)
    {
        if (World.Problem(world) is { } problem) return (StatusCodes.Status400BadRequest, problem);
        if (!await ExistsAsync(world)) return (StatusCodes.Status404NotFound, $"no world '{world}': name the live fleet ('{World.Live}') or a run this host knows");
        return null;
    }

    /// <summary>The live fleet first, then the runs oldest first, each with its number of models.</summary>
    public async Task<IReadOnlyList<WorldLine>> ListAsync()
    {
        var lines = new List<WorldLine> { new(World.Live, "live", null, null, null, await ModelsIn(World.Live)) };
        foreach (var run in (await runs.ListAsync()).OrderBy(r => r.Start).ThenBy(r => r.Id, StringComparer.Ordinal))
            lines.Add(new WorldLine(run.Id, "run", run.Scenario, run.State, run.Start, await ModelsIn(run.Id)));
        return lines;
    }

    private async Task<int> ModelsIn(string world) => (await grains.Registry(world).Query(new Fleet.Registry.FleetQuery())).Total;
}
