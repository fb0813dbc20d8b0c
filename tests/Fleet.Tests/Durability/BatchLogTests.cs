using Xunit.Abstractions;
using System.Text.Json;
using Fleet.Durability;
using Fleet.Events;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Durability;

/// <summary>The batch log itself on real SQLite and PostgreSQL: group commits, order, compact payloads, truncation and what recordings keep.</summary>
public sealed class BatchLogTests(ITestOutputHelper output)
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static async Task<SqlBatchLog> OpenAsync(FleetStorageOptions storage, string? serviceId = null)
    {
        await SchemaInstaller.InstallAsync(storage);
        return new SqlBatchLog(storage, serviceId ?? "svc-" + Guid.NewGuid().ToString("N"), NullLogger<SqlBatchLog>.Instance);
    }

    private static EventBatch FeaturedBatch(int predictions)
    {
        var features = new Dictionary<string, FeatureValue>
        {
            ["age"] = new(23, null), ["income"] = new(41_250.5, null), ["region"] = new(null, "EU"), ["device"] = new(null, "mobile"),
        };
        return Ev.Batch(T0, Enumerable.Range(0, predictions).Select(i => Ev.Prediction(T0.AddMilliseconds(i), features: features)).ToList(),
            [Ev.Outcome(T0, "p-0", 1)]);
    }

    [Fact]
    public async Task Sqlite_concurrent_appends_of_many_models_share_commits_and_read_back_in_order()
        => await Concurrent_appends_share_commits_and_read_back_in_order(SqliteStorage());

    [Fact]
    public async Task Postgres_concurrent_appends_of_many_models_share_commits_and_read_back_in_order()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        await Concurrent_appends_share_commits_and_read_back_in_order(new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString });
    }

    private static async Task Concurrent_appends_share_commits_and_read_back_in_order(FleetStorageOptions storage)
    {
        await using var log = await OpenAsync(storage);
        const int models = 16, perModel = 8;
        var sent = Enumerable.Range(0, models).ToDictionary(m => $"m{m}", _ => Enumerable.Range(0, perModel).Select(_ => FeaturedBatch(5)).ToList());
        // Each model appends its batches one after another (as a grain does); the models run side by side.
        await Task.WhenAll(sent.Select(async kv =>
        {
            for (var i = 0; i < perModel; i++) await log.AppendAsync(kv.Key, i + 1, kv.Value[i]);
        }));

        var (commits, writes) = log.CommitCounts;
        Assert.Equal(models * perModel, writes);
        Assert.True(commits < writes, $"{commits} commits for {writes} appends: concurrent appends should share commits");
        foreach (var (model, batches) in sent)
        {
            var read = await log.ReadAsync(model, afterPosition: 2);
            Assert.Equal(Enumerable.Range(3, perModel - 2).Select(p => (long)p), read.Select(r => r.Position));
            Assert.Equal(batches.Skip(2).Select(Json.Of), read.Select(r => Json.Of(r.Batch)));
        }
        if (storage.Provider == StorageProvider.Sqlite) SqliteStorageCleanup(storage);
    }

    [Fact]
    public async Task A_position_taken_twice_fails_only_its_own_append()
    {
        var storage = SqliteStorage();
        await using (var log = await OpenAsync(storage))
        {
            await log.AppendAsync("a", 1, FeaturedBatch(1));
            var taken = log.AppendAsync("a", 1, FeaturedBatch(1));
            var other = log.AppendAsync("b", 1, FeaturedBatch(1));
            await Assert.ThrowsAnyAsync<Exception>(() => taken);
            await other;
            Assert.Single(await log.ReadAsync("b", 0));
            Assert.Single(await log.ReadAsync("a", 0));
        }
        SqliteStorageCleanup(storage);
    }

    [Fact]
    public async Task Sqlite_an_append_behind_the_head_is_refused_even_where_a_checkpoint_truncated()
    {
        var storage = SqliteStorage();
        await An_append_behind_the_head_is_refused_even_where_a_checkpoint_truncated(storage);
        SqliteStorageCleanup(storage);
    }

    [Fact]
    public async Task Postgres_an_append_behind_the_head_is_refused_even_where_a_checkpoint_truncated()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        await An_append_behind_the_head_is_refused_even_where_a_checkpoint_truncated(
            new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString });
    }

    /// <summary>
    /// Two activations of one model (Orleans allows it briefly while silos join and leave): one appended 1-5 and
    /// checkpointed, the other read the log at 2. Were position 3 free again, its batch would be acknowledged and
    /// then skipped by every replay after the first one's checkpoint.
    /// </summary>
    private static async Task An_append_behind_the_head_is_refused_even_where_a_checkpoint_truncated(FleetStorageOptions storage)
    {
        await using var log = await OpenAsync(storage);
        for (var p = 1; p <= 5; p++) await log.AppendAsync("m", p, FeaturedBatch(1));
        await log.TruncateAsync("m", 5);
        Assert.Equal([5L], (await log.ReadAsync("m", 0)).Select(r => r.Position));

        // Queued together, so they share a commit: only the two behind the head fail.
        var behind = log.AppendAsync("m", 3, FeaturedBatch(1));
        var atHead = log.AppendAsync("m", 5, FeaturedBatch(1));
        var next = log.AppendAsync("m", 6, FeaturedBatch(2));
        var otherModel = log.AppendAsync("n", 3, FeaturedBatch(1));
        Assert.Equal(("m", 3L), Taken(await Assert.ThrowsAsync<LogPositionTakenException>(() => behind)));
        await Assert.ThrowsAnyAsync<Exception>(() => atHead);
        await next;
        await otherModel;
        var kept = await log.ReadAsync("m", 0);
        Assert.Equal([5L, 6], kept.Select(r => r.Position));
        Assert.Equal(2, kept[1].Batch.Predictions.Count);
        Assert.Equal([3L], (await log.ReadAsync("n", 0)).Select(r => r.Position));
    }

    private static (string Model, long Position) Taken(LogPositionTakenException e) => (e.Model, e.Position);

    [Fact]
    public async Task Truncation_drops_what_a_checkpoint_covers_but_keeps_what_a_recording_holds()
    {
        var storage = SqliteStorage();
        var service = "svc-" + Guid.NewGuid().ToString("N");
        var recordings = new Fleet.Silo.Recordings.SqlRecordingStore(storage, service);
        await using (var log = await OpenAsync(storage, service))
        {
            for (var p = 1; p <= 8; p++) await log.AppendAsync("m", p, FeaturedBatch(1));

            // A recording that held positions 3 and 4 (stopped), and one still recording from 7 on.
            await recordings.CreateAsync(new("r1", "record", "m", "stopped", T0, null, T0, "stopped on request"), [new("m", "m", 3, 4, "")], default);
            await recordings.CreateAsync(new("r2", "record", "m", "recording", T0, null, null, null), [new("m", "m", 7, null, "")], default);
            await log.TruncateAsync("m", 8);
            Assert.Equal([3L, 4, 7, 8], (await log.ReadAsync("m", 0)).Select(r => r.Position));

            Assert.True(await recordings.DeleteAsync("r1", default)); // releases 3 and 4
            Assert.Equal([7L, 8], (await log.ReadAsync("m", 0)).Select(r => r.Position));
            Assert.True(await recordings.DeleteAsync("r2", default)); // still open: releases nothing (recovery may need it)
            await log.TruncateAsync("m", 8);
            Assert.Equal([8L], (await log.ReadAsync("m", 0)).Select(r => r.Position)); // the head stays
        }
        SqliteStorageCleanup(storage);
    }

    [Fact]
    public void A_logged_batch_is_compact_and_decodes_to_the_same_batch_with_every_field()
    {
        foreach (var size in new[] { 10, 100 })
        {
            var batch = FeaturedBatch(size);
            var stored = BatchCodec.Encode(batch);
            var json = JsonSerializer.SerializeToUtf8Bytes(batch);
            var logged = BatchCodec.Decode(stored);
            Assert.Equal(Json.Of(batch), Json.Of(logged));
            Assert.Single(logged.Predictions.Select(p => p.Features!.Schema).Distinct()); // rows of the same names share one schema
            output.WriteLine($"{size} predictions: {stored.Length:N0} B logged, {Serializer.SerializeToArray(batch).Length:N0} B in Orleans' serialization, {json.Length:N0} B as JSON");
            Assert.True(stored.Length * 4 < json.Length, $"{size} predictions: {stored.Length} B stored, {json.Length} B as JSON");
        }

        // Every field away from its default, each optional one both set and not, and an offset that is not UTC.
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 1, TimeSpan.FromHours(-5)).AddTicks(7);
        var odd = new EventBatch("odd-batch", at.AddSeconds(3),
        [
            new PredictionEvent(at, "p-1", "65+", 0.25, 812.5, 3, Fallback: true, Error: true, Timeout: true,
                new Dictionary<string, FeatureValue> { ["n"] = new(-1.5e300, null), ["c"] = new(null, "ünï"), ["both"] = new(2, "x"), ["missing"] = new(null, null) }.ToRow(),
                Version: "4.0-rc", Holdout: true, UserKey: 0xFFFF_FFFF_FFFF_FFFEUL),
            new PredictionEvent(at.AddMinutes(1), "p-2", null, null, 0, 5, false, false, false, null),
        ],
        [new OutcomeEvent(at.AddMinutes(2), "p-1", 17.25, new UserResponse(Clicked: true, Converted: true, -3.5, UserFeedback.NotForMe, OptedOut: true)),
         new OutcomeEvent(at, "p-0", 0, new UserResponse(false, false, 0, null, false)), new OutcomeEvent(at, "p-3", 1)]);
        var decoded = BatchCodec.Decode(BatchCodec.Encode(odd));
        Assert.Equal(Json.Of(odd), Json.Of(decoded));
        Assert.Equal(at.Offset, decoded.Predictions[0].Timestamp.Offset);
        Assert.Equal(at.UtcTicks, decoded.Predictions[0].Timestamp.UtcTicks);
    }

    private static FleetStorageOptions SqliteStorage() => new()
    {
        Provider = StorageProvider.Sqlite,
        SqlitePath = Path.Combine(Path.GetTempPath(), "fleet-tests", Guid.NewGuid().ToString("N"), "log.db"),
    };

    private static void SqliteStorageCleanup(FleetStorageOptions storage)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(storage.SqliteFullPath)!, recursive: true);
    }

}
