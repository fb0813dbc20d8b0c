using Fleet.Dashboard.Reviews;
using Fleet.Monitoring.Owner;
using Fleet.Silo.Storage;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>The kept reviews' table on real SQLite and real PostgreSQL: written once per id, per service, read back whole.</summary>
public sealed class ReviewStoreTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Keeps_each_review_once_per_service_and_reads_it_back_whole(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckStoreAsync(db.Options);
    }

    private static async Task CheckStoreAsync(FleetStorageOptions options)
    {
        var store = new SqlReviewStore(options, "svc-a");
        var other = new SqlReviewStore(options, "svc-b");
        var monitor = TestModels.Monitor(TestModels.Define(name: "Recs | \"quoted\""));
        var (p, o) = OwnerEvents.Answered(1000, T0, T0.AddMinutes(1), clicks: 100, correct: 900, segment: "18-24");
        monitor.Apply(Ev.Batch(T0, p));
        monitor.Apply(Ev.Batch(T0.AddMinutes(1), outcomes: o));
        var review = ReviewAssembler.Compose(ReviewPeriod.Weekly, "team-a", null, [ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, [])], []);
        var due = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero);
        var kept = new StoredReview(ReviewSchedule.Id(ReviewPeriod.Weekly, "team-a", due), ReviewPeriod.Weekly, "team-a", due, T0.AddMinutes(5), review);

        Assert.True(await store.AddAsync(kept));
        Assert.False(await store.AddAsync(kept with { GeneratedAt = T0.AddHours(1) }));   // a second silo's copy changes nothing
        Assert.True(await other.AddAsync(kept));

        Assert.True(await store.HasDueAsync(ReviewPeriod.Weekly, due));
        Assert.False(await store.HasDueAsync(ReviewPeriod.Monthly, due));
        var entry = Assert.Single(await store.ListAsync(10));
        Assert.Equal((kept.Id, ReviewPeriod.Weekly, "team-a", due, T0.AddMinutes(5), 1), (entry.Id, entry.Period, entry.Team, entry.DueAt, entry.GeneratedAt, entry.Models));
        var read = await store.GetAsync(kept.Id);
        Assert.Equal(Json.Of(kept), Json.Of(read));
        Assert.Null(await store.GetAsync("weekly-19990101T0000"));
    }
}
