using Fleet.Exercises;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Exercises;

/// <summary>The exercises table on real SQLite and real PostgreSQL: what is saved is read back whole, per service, last write wins.</summary>
public sealed class ExerciseStoreTests
{
    [Theory]
    [MemberData(nameof(StoreProviders.Both), MemberType = typeof(StoreProviders))]
    public async Task Keeps_exercises_per_service_and_updates_them_in_place(StorageProvider provider)
    {
        await using var db = await TempFleetStore.CreateAsync(provider);
        await CheckStoreAsync(db.Options);
    }

    private static async Task CheckStoreAsync(FleetStorageOptions options)
    {
        await SchemaInstaller.InstallAsync(options); // again: every start runs it, so it must be idempotent
        var store = new SqlExerciseStore(options, "svc-a", TimeProvider.System);
        var other = new SqlExerciseStore(options, "svc-b", TimeProvider.System);
        var exercise = new Exercise("ex-1", "Tuesday drill", "name: x\nfleet: []\n", 7, new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), 10,
            Exercise.Created, [new ExerciseTeam("red", ["ana", "bo"], "abc234", null), new ExerciseTeam("blue", [], "xyz789", null)],
            new DateTimeOffset(2026, 12, 1, 9, 30, 0, 123, TimeSpan.Zero), "facilitator");

        await store.SaveAsync(exercise);
        Assert.Equal(Json.Of(exercise), Json.Of((await store.ListAsync()).Single()));
        Assert.Empty(await other.ListAsync());

        var started = exercise with { State = Exercise.Running, Teams = [.. exercise.Teams.Select(t => t with { RunId = "run-" + t.Name })] };
        await store.SaveAsync(started);
        Assert.Equal(Json.Of(started), Json.Of((await store.ListAsync()).Single()));
    }
}
