using Fleet.Runs;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.Runs;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Journal;

/// <summary>
/// One demo per cluster (README "Operations: PostgreSQL cluster"): silos starting the demo together each try to write
/// its header; the run journal takes one. Real SQLite and real PostgreSQL.
/// </summary>
public sealed class DemoClaimTests
{
    private const int Silos = 8;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Takes_one_of_demos_started_together_and_another_once_it_ended(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckAsync(db.Options);
    }

    private static RunHeader Header(string id, string source) => new(
        id, source, "demo", "name: demo\n", 7, Start, null, 1, RunStates.Starting, Start, null, "d0", 0, Start, Owner: id);

    private static async Task CheckAsync(FleetStorageOptions options)
    {
        var journal = new SqlRunJournal(options, "svc");
        var gate = new TaskCompletionSource();
        var starting = Enumerable.Range(0, Silos)
            .Select(i => Task.Run(async () => { await gate.Task; return await journal.CreateAsync(Header($"demo-{i}", "demo"), keepEnded: 10); }))
            .ToList();
        gate.SetResult();
        var created = await Task.WhenAll(starting);

        Assert.Equal(1, created.Count(c => c));
        var demos = (await journal.ListAsync()).Where(h => h.Source == "demo").ToList();
        var demo = Assert.Single(demos);
        Assert.Equal($"demo-{Array.IndexOf(created, true)}", demo.Id);

        // Other runs are not held back by the demo; another service has its own demo.
        Assert.True(await journal.CreateAsync(Header("drill-1", "scenario"), keepEnded: 10));
        Assert.True(await new SqlRunJournal(options, "other").CreateAsync(Header("demo-x", "demo"), keepEnded: 10));

        // Paused is unfinished: still the one demo. Once it has ended, a demo starts again.
        await journal.SetStateAsync(demo.Id, RunStates.Paused, 1);
        Assert.False(await journal.CreateAsync(Header("demo-late", "demo"), keepEnded: 10));
        await journal.SetStateAsync(demo.Id, RunStates.Finished, 1, Start.AddHours(1), "d1");
        Assert.True(await journal.CreateAsync(Header("demo-next", "demo"), keepEnded: 10));
    }
}
