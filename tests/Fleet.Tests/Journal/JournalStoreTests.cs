using Fleet.Runs;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.Runs;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Journal;

/// <summary>The run journal's tables on real SQLite and real PostgreSQL: the same store, the same answers.</summary>
public sealed class JournalStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Keeps_headers_inputs_and_facts_in_event_time_order(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckAsync(db.Options);
    }

    private static RunHeader Header(string id, string state = "running", int minutes = 0) => new(
        id, "scenario", "drill", "name: drill\n", 7, Start, TimeSpan.FromHours(2), 10, state, Start.AddMinutes(minutes), null, "d0", 0, Start);

    private static RunJournalEntry Entry(long tick, int index, string kind, string? input = null) =>
        new(RunJournalEntry.PositionOf(tick, index), tick, Start.AddSeconds(10 * tick), kind, "credit-001", "erin", input is null ? "monitor" : "cli", $"{kind} at {tick}", input);

    private static async Task CheckAsync(FleetStorageOptions options)
    {
        var store = new SqlRunJournal(options, "svc-a");
        var other = new SqlRunJournal(options, "svc-b");
        await store.CreateAsync(Header("r1"), keepEnded: 10);
        Assert.Equal(Header("r1"), await store.GetAsync("r1"));
        Assert.Null(await other.GetAsync("r1")); // another service sees none of it

        // An input for tick 2 is written while tick 1 plays; tick 1's facts come later with smaller positions.
        await store.AppendInputAsync("r1", Entry(2, 0, "kill-switch", """{"action":{}}"""));
        Assert.Empty(await store.ReadAsync("r1", after: -1, limit: 100)); // tick 2 is not committed: the cursor must not pass tick 1
        await store.CommitTicksAsync("r1", [new TickCommit(1, Start.AddSeconds(10), "d1", [Entry(0, 0, "level"), Entry(0, 1, "alert")], 0)]);
        await store.CommitTicksAsync("r1", [new TickCommit(2, Start.AddSeconds(20), "d2", [Entry(1, 0, "level")], 0),
            new TickCommit(3, Start.AddSeconds(30), "d3", [Entry(2, 1, "kill-switch")], 2)]);
        // Played again after a restart: nothing twice, the header never goes back.
        await store.CommitTicksAsync("r1", [new TickCommit(1, Start.AddSeconds(10), "d1", [Entry(0, 0, "level"), Entry(0, 1, "alert")], 0)]);

        var all = await store.ReadAsync("r1", after: -1, limit: 100);
        Assert.Equal(["level", "alert", "level", "kill-switch", "kill-switch"], all.Select(e => e.Kind));
        Assert.Equal(all.Select(e => e.Position).Order(), all.Select(e => e.Position));
        var page = await store.ReadAsync("r1", after: all[1].Position, limit: 2);
        Assert.Equal(all.Skip(2).Take(2), page);
        var input = Assert.Single(await store.InputsAsync("r1"));
        Assert.Equal(Entry(2, 0, "kill-switch", """{"action":{}}"""), input);
        Assert.Equal(4, (await store.FactsAsync("r1")).Count);
        var header = await store.GetAsync("r1");
        Assert.Equal((3L, Start.AddSeconds(30), "d3", 5L, 2L), (header!.Ticks, header.Now, header.Digest, header.Entries, header.FactsDropped));

        await store.SetStateAsync("r1", "paused", 100);
        Assert.Equal(("paused", (double?)100, true), ((await store.GetAsync("r1"))!.State, (await store.GetAsync("r1"))!.Speed, (await store.GetAsync("r1"))!.Unfinished));
        var ended = Start.AddHours(1);
        await store.SetStateAsync("r1", "finished", null, ended, "final");
        Assert.Equal(("finished", (double?)null, ended, "final"), ((await store.GetAsync("r1"))!.State, (await store.GetAsync("r1"))!.Speed, (await store.GetAsync("r1"))!.Ended, (await store.GetAsync("r1"))!.Digest));

        // Bounded: the oldest ended runs beyond the number kept go, with their journals; unfinished runs stay.
        await store.CreateAsync(Header("r2", "finished", 1), keepEnded: 10);
        await store.CreateAsync(Header("r3", "running", 2), keepEnded: 10);
        await store.CreateAsync(Header("r4", "finished", 3), keepEnded: 1);
        Assert.Equal(["r4", "r3"], (await store.ListAsync()).Select(r => r.Id));
        Assert.Empty(await store.InputsAsync("r1"));
    }
}
