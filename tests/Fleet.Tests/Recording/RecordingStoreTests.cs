using Fleet.Events;
using Fleet.Silo.Recordings;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Recording;

/// <summary>
/// The recordings' tables beside the batch log, on real SQLite and PostgreSQL: truncation keeps exactly the ranges
/// recordings hold, an import is stored whole, sizes are the log's stored bytes, a delete releases only its own rows.
/// </summary>
public sealed class RecordingStoreTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Truncation_keeps_recorded_ranges_and_a_delete_releases_them(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckAsync(db.Options);
    }

    private static async Task CheckAsync(FleetStorageOptions storage)
    {
        var service = "svc-" + Guid.NewGuid().ToString("N");
        var store = new SqlRecordingStore(storage, service);
        var batch = Ev.Batch(T0, Ev.Many(10, T0));
        await using (var log = new SqlBatchLog(storage, service, NullLogger<SqlBatchLog>.Instance))
        {
            for (var p = 1; p <= 10; p++) await log.AppendAsync("m", p, batch);
            await store.CreateAsync(new("r1", "record", "m", SqlRecordingStore.Stopped, T0, null, T0, "stopped on request"), [new("m", "m", 2, 4, "d")], default);
            await store.CreateAsync(new("r2", "record", "m", SqlRecordingStore.Recording, T0, T0.AddHours(1), null, null), [new("m", "m", 4, null, "d")], default);
            await log.TruncateAsync("m", 8);
            Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9, 10], (await log.ReadAsync("m", 0)).Select(b => b.Position));

            Assert.True(await store.StopAsync("r2", T0.AddMinutes(5), "stopped on request", new Dictionary<string, long> { ["m"] = 6 }, default));
            Assert.False(await store.StopAsync("r2", T0.AddMinutes(6), "again", new Dictionary<string, long> { ["m"] = 9 }, default));
            await log.TruncateAsync("m", 8);
            Assert.Equal([2L, 3, 4, 5, 6, 9, 10], (await log.ReadAsync("m", 0)).Select(b => b.Position));

            var stored = BatchCodec.Encode(batch).Length;
            Assert.Equal((3L, 3L * stored), await store.SizeAsync("r1", default));
            Assert.Equal((6L, 6L * stored), await store.SizeAsync(null, default)); // position 4 counts for both
            Assert.Equal(3, (await store.BatchesAsync((await store.ModelsAsync("r1", default)).Single(), default)).Count);

            // r1 goes: 2 and 3 are released, 4 stays (r2 holds it).
            Assert.True(await store.DeleteAsync("r1", default));
            Assert.Equal([4L, 5, 6, 9, 10], (await log.ReadAsync("m", 0)).Select(b => b.Position));
            Assert.False(await store.DeleteAsync("r1", default));

            // An import is written whole, under its own key, in one transaction.
            await store.ImportAsync(new("imp-1", "import", "events-csv", SqlRecordingStore.Stopped, T0, null, T0, "imported"),
                [new("m", "import#imp-1/m", 1, 2, "d")], [("import#imp-1/m", 1, BatchCodec.Encode(batch)), ("import#imp-1/m", 2, BatchCodec.Encode(batch))], default);
            Assert.Equal((2L, 2L * stored), await store.SizeAsync("imp-1", default));
            Assert.Equal(["imp-1", "r2"], (await store.ListAsync(default)).Select(r => r.Id).Order(StringComparer.Ordinal));
        }
    }
}
