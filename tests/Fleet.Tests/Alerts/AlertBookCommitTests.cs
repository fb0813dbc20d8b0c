using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>
/// The alert book's group commits through a real silo on SQLite: alert changes arriving together share a
/// write of the book, yet each call returns only once its change is stored, and a failed write fails every
/// call it was to cover. Writes are counted by the row's version in the SQLite file, which the ADO.NET provider
/// moves on every write; the clock alone is still written once per 15 minutes of event time.
/// </summary>
public sealed class AlertBookCommitTests : IDisposable
{
    private const int Models = 200;

    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private static AlertTransition Firing(string model, DateTimeOffset at) =>
        new("error-rate", model, AlertState.Inactive, AlertState.Firing, at, 0.05, AlertSeverity.Page, "error rate too high", at);

    /// <summary>One Apply per model, all sent at once: each a change of its own (one transition, one model).</summary>
    private static Task[] ApplyAll(IFleetAlertsGrain book, string prefix) =>
        Enumerable.Range(0, Models)
            .Select(i => book.Apply([Firing($"{prefix}-{i:D3}", Min(i / 10.0))], Model($"{prefix}-{i:D3}", domain: $"domain-{i}")))
            .ToArray();

    [Fact]
    public async Task Every_alert_applied_concurrently_and_acknowledged_survives_a_crash()
    {
        using var file = new TempSqliteFile();
        var service = $"fleet-book-{Guid.NewGuid():N}";
        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service))
        {
            await Task.WhenAll(ApplyAll(fleet.Client.AlertBook(World.Live), "m"));
            await fleet.KillSiloAsync(); // nothing deactivates, nothing is flushed: only what was written is there
        }

        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service))
        {
            var book = fleet.Client.AlertBook(World.Live);
            var alerts = await book.Alerts(null);
            Assert.Equal(Enumerable.Range(0, Models).Select(i => $"m-{i:D3}"), alerts.Select(a => a.Model).Order(StringComparer.Ordinal));
            Assert.All(alerts, a => Assert.Equal(AlertState.Firing, a.State));
            Assert.Equal(Models, (await book.GetVersion()).Version);
        }
    }

    [Fact]
    public async Task Each_apply_answers_only_once_the_stored_book_holds_its_alert()
    {
        using var file = new TempSqliteFile();
        await using var fleet = await FleetTestCluster.StartAsync(file.Path, $"fleet-book-{Guid.NewGuid():N}");
        var book = fleet.Client.AlertBook(World.Live);
        var serializer = _services.GetRequiredService<Serializer>();
        var unstored = new ConcurrentBag<string>();

        // The book only grows here, so a model missing from the row after its call returned was never written.
        await Task.WhenAll(ApplyAll(book, "m").Select(async (apply, i) =>
        {
            await apply;
            var stored = await StoredBook.ReadAsync(file.Path, serializer);
            var model = $"m-{i:D3}";
            if (!stored.Book.Alerts(stored.Now, null).Any(a => a.Model == model)) unstored.Add(model);
        }));

        Assert.Empty(unstored);
    }

    [Fact]
    public async Task Alert_changes_arriving_together_share_writes_of_the_book()
    {
        using var file = new TempSqliteFile();
        await using var fleet = await FleetTestCluster.StartAsync(file.Path, $"fleet-book-{Guid.NewGuid():N}");
        var book = fleet.Client.AlertBook(World.Live);

        await Task.WhenAll(ApplyAll(book, "m"));

        Assert.Equal(Models, (await book.GetVersion()).Version);
        var writes = await StoredBook.WritesAsync(file.Path);
        // A write per call would store the book exactly once per change. How many share a write depends on how
        // the calls arrive (2 to 65 writes were seen), so the bound is only "fewer".
        Assert.InRange(writes, 1, Models - 1);
    }

    [Fact]
    public async Task A_clock_move_that_told_nobody_is_written_once_fifteen_minutes_of_event_time_have_passed()
    {
        using var file = new TempSqliteFile();
        await using var fleet = await FleetTestCluster.StartAsync(file.Path, $"fleet-book-{Guid.NewGuid():N}");
        var book = fleet.Client.AlertBook(World.Live);

        async Task<(long Writes, long Version)> AdvanceTo(double minutes)
        {
            Assert.Empty(await book.Advance(Min(minutes)));
            return (await StoredBook.WritesAsync(file.Path), (await book.GetVersion()).Version);
        }

        Assert.Equal((1, 1), await AdvanceTo(0)); // the first clock the book hears of
        Assert.Equal((1, 1), await AdvanceTo(10));
        Assert.Equal((2, 2), await AdvanceTo(15));
        Assert.Equal((2, 2), await AdvanceTo(29));
        Assert.Equal((3, 3), await AdvanceTo(30));
    }

    [Fact]
    public async Task A_failed_write_fails_every_call_it_covered_and_the_next_write_goes_through()
    {
        using var file = new TempSqliteFile();
        await using var fleet = await FleetTestCluster.StartAsync(file.Path, $"fleet-book-{Guid.NewGuid():N}");
        var book = fleet.Client.AlertBook(World.Live);
        await book.Apply([Firing("before", Min(0))], Model("before"));

        await StoredBook.TakeAwayAsync(file.Path);
        var applies = ApplyAll(book, "lost");
        foreach (var apply in applies) await Assert.ThrowsAnyAsync<Exception>(() => apply);

        await StoredBook.BringBackAsync(file.Path);
        await book.Apply([Firing("after", Min(30))], Model("after")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Models + 2, (await book.GetVersion()).Version);
    }
}

/// <summary>The alert book's row in the SQLite file, read and broken from outside the silo.</summary>
internal static class StoredBook
{
    private const string Table = "FleetGrainState";
    private const string Away = "FleetGrainStateAway";

    /// <summary>How many times the book was written: the row's version, which the grain storage moves on every write.</summary>
    public static async Task<long> WritesAsync(string path) =>
        (long)(await ScalarAsync(path, $"SELECT Version FROM {Table} WHERE StateName = 'alerts'")
               ?? throw new InvalidOperationException("the alert book was never written"));

    public static async Task<FleetAlertsState> ReadAsync(string path, Serializer serializer)
    {
        var payload = await ScalarAsync(path, $"SELECT Payload FROM {Table} WHERE StateName = 'alerts'") as byte[]
            ?? throw new InvalidOperationException("the alert book was never written");
        return serializer.Deserialize<FleetAlertsState>(payload) ?? throw new InvalidOperationException("the stored book is empty");
    }

    /// <summary>Renames the storage table, so every write fails in the database itself until it is brought back.</summary>
    public static Task TakeAwayAsync(string path) => ScalarAsync(path, $"ALTER TABLE {Table} RENAME TO {Away}");

    public static Task BringBackAsync(string path) => ScalarAsync(path, $"ALTER TABLE {Away} RENAME TO {Table}");

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
