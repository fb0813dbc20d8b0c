using System.Net;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Durability;

/// <summary>
/// The batch log on a real PostgreSQL server (FLEET_TEST_POSTGRES): the real silo process appends acknowledged
/// batches, replays them after a kill -9 and a cluster restart with no checkpoint written, and a checkpoint
/// truncates them.
/// </summary>
public sealed class PostgresBatchLogTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("fleet-pg-silo-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private static string[] Settings(TempPostgresSchema db, TimeSpan checkpointInterval) =>
    [
        "--Fleet:Storage:Provider=PostgreSql",
        $"--Fleet:Storage:PostgresConnectionString={db.ConnectionString}",
        // A new cluster id each start: the restarted silo forms a new cluster on the same stored state.
        $"--Fleet:Silo:ClusterId=c-{Guid.NewGuid():N}",
        $"--Fleet:Models:CheckpointInterval={checkpointInterval:c}",
    ];

    [Fact]
    public async Task Acknowledged_batches_are_replayed_after_a_kill_without_checkpoint_and_truncated_by_the_next_checkpoint()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var storage = new FleetStorageOptions { Provider = StorageProvider.PostgreSql, PostgresConnectionString = db.ConnectionString };
        var sender = new IngestSender("pg-log-" + Guid.NewGuid().ToString("N")[..8], batchSize: 10);

        await using (var silo = await SiloProcess.StartAsync(Settings(db, TimeSpan.FromHours(1)), _workingDirectory))
        {
            Assert.Equal(HttpStatusCode.OK, (await silo.Http.PutAsync($"/api/models/{sender.Model}", Api.Body(Api.Registration()))).StatusCode);
            await sender.SendAsync(silo.Http, batches: 5);
            Assert.Equal(5, await BatchLogTable.RowsAsync(storage, sender.Model));
            silo.Kill();
        }

        await using (var silo = await SiloProcess.StartAsync(Settings(db, TimeSpan.FromSeconds(1)), _workingDirectory))
        {
            var model = await Api.ReadJsonAsync(await silo.Http.GetAsync($"/api/models/{sender.Model}"));
            Assert.Equal(50, model["counters"]!["predictions"]!.GetValue<long>());
            Assert.Equal(50, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
            await EventuallyAsync(async () => await BatchLogTable.RowsAsync(storage, sender.Model) == 1, "the checkpoint after the replay truncates the log to its head");
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(200);
        }
    }
}
